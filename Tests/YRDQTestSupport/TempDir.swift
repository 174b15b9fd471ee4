import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under the system's temporary directory, removed by `remove()`.
public struct TempDir: Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult public func write(_ name: String, _ text: String) throws -> String { try write(name, Data(text.utf8)) }
    @discardableResult public func write(_ name: String, _ bytes: [UInt8]) throws -> String { try write(name, Data(bytes)) }
    @discardableResult public func write(_ name: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }

    public func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    /// Every regular file below, as paths relative to the directory.
    public func files(under sub: String = "") -> [String] {
        let base = sub.isEmpty ? path : self.path(sub)
        return ((try? FileManager.default.subpathsOfDirectory(atPath: base)) ?? []).filter {
            var d: ObjCBool = false
            return FileManager.default.fileExists(atPath: base + "/" + $0, isDirectory: &d) && !d.boolValue
        }.sorted()
    }

    public func remove() {
        // Undo any chmod a test made, so that the folder can be removed.
        if let e = FileManager.default.enumerator(atPath: path) {
            while let rel = e.nextObject() as? String { chmod(path + "/" + rel, 0o755) }
        }
        chmod(path, 0o755)
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body` with a fresh temporary directory and removes it afterwards.
public func withTempDir<T>(_ body: (TempDir) throws -> T) throws -> T {
    let dir = try TempDir()
    defer { dir.remove() }
    return try body(dir)
}
