#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Reads a file the user named, refusing at once what is not a regular file of a sensible
/// size: a folder, a device (/dev/zero, a terminal), a named pipe nobody writes to. Every
/// path a user names (sheets, profiles, keys, seals, certificates, status lists) is read here,
/// so none of them can block or exhaust memory.
public enum RegularFile {
    /// The file's bytes (at most `maximumBytes`), or a diagnostic naming the file and what is wrong.
    public static func bytes(at path: String, maximumBytes: Int) throws(InputErrors) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            // A folder on the way that this user may not enter is not a missing file.
            var probe = stat()
            if stat(path, &probe) != 0 && errno != ENOENT && errno != ENOTDIR {
                throw InputErrors([Diagnostic(file: path, "无法读取文件（请检查权限）：\(String(cString: strerror(errno)))")])
            }
            throw InputErrors([Diagnostic(file: path, "文件不存在")])
        }
        if isDirectory.boolValue { throw InputErrors([Diagnostic(file: path, "这是一个目录，不是文件")]) }
        // A device (/dev/zero, a terminal) is no input, and reading one may never end.
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFCHR || (info.st_mode & S_IFMT) == S_IFBLK {
            throw InputErrors([Diagnostic(file: path, "这是一个设备，不是普通文件")])
        }
        // Opened without blocking, so that a named pipe nobody writes to reads as empty instead
        // of waiting for ever; reads then block as usual (a pipe being written, as from <(…), is read whole).
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw InputErrors([Diagnostic(file: path, "无法读取文件（请检查权限）：\(String(cString: strerror(errno)))")])
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        FilesRead.record(descriptor: fd, path: path)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        defer { close(fd) }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw InputErrors([Diagnostic(file: path, "读取文件失败：\(error.localizedDescription)")])
        }
        if data.count > maximumBytes {
            let limit = maximumBytes >= 1024 * 1024 ? "\(maximumBytes / 1024 / 1024) MB" : "\(maximumBytes / 1024) KB"
            throw InputErrors([Diagnostic(file: path, "文件过大（超过 \(limit)），不像是评分表或档案")])
        }
        if data.isEmpty { throw InputErrors([Diagnostic(file: path, "文件是空的")]) }
        return [UInt8](data)
    }

    /// Refuses, without reading it, a path that is not a regular file (missing, a folder,
    /// a device, a named pipe or socket): for paths another library opens (a seal image, a font).
    public static func check(_ path: String, what: String = "文件") throws(InputErrors) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputErrors([Diagnostic(file: path, errno == ENOENT ? "\(what)不存在" : "无法读取\(what)：\(String(cString: strerror(errno)))")])
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: FilesRead.record(info, path: path); return
        case S_IFDIR: throw InputErrors([Diagnostic(file: path, "这是一个目录，不是\(what)")])
        case S_IFCHR, S_IFBLK: throw InputErrors([Diagnostic(file: path, "这是一个设备，不是普通文件")])
        case S_IFIFO: throw InputErrors([Diagnostic(file: path, "这是一个命名管道，不是普通文件")])
        default: throw InputErrors([Diagnostic(file: path, "不是普通文件")])
        }
    }
}

/// Every file this run has read or will open (through `RegularFile`, and what a command adds:
/// the register, say), by device and inode, so that an output never replaces one of them —
/// however it is spelled (`./a/../x`, a hard link, a symbolic link). One record per run of the
/// command line (`FilesRead.scoped`); outside a scope, one for the process.
public enum FilesRead {
    public struct Identity: Hashable, Sendable {
        public let device: UInt64
        public let inode: UInt64
    }

    public final class Record: @unchecked Sendable {
        private let lock = NSLock()
        private var files: [Identity: String] = [:]
        public init() {}
        /// A record holding what this one holds (a batch worker's pilot starts from what the
        /// worker read for every pilot: the rubric, the templates).
        public func copy() -> Record { lock.withLock { let r = Record(); r.files = files; return r } }
        func insert(_ id: Identity, _ path: String) { lock.withLock { if files[id] == nil { files[id] = path } } }
        func path(of id: Identity) -> String? { lock.withLock { files[id] } }
    }

    private static let processRecord = Record()
    @TaskLocal private static var scope: Record?
    private static var current: Record { scope ?? processRecord }

    /// Runs `body` with a fresh record: what it reads is remembered for it alone.
    public static func scoped<T>(_ body: () throws -> T) rethrows -> T {
        try $scope.withValue(Record(), operation: body)
    }

    /// Runs `body` with a record that starts as a copy of `base`: what it reads is remembered
    /// for it alone, besides what `base` holds.
    public static func scoped<T>(startingWith base: Record, _ body: () throws -> T) rethrows -> T {
        try $scope.withValue(base.copy(), operation: body)
    }

    /// The record of the current run (the process's outside any scope).
    public static var currentRecord: Record { current }

    static func record(_ info: stat, path: String) {
        current.insert(Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)), path)
    }

    static func record(descriptor fd: Int32, path: String) {
        var info = stat()
        if fstat(fd, &info) == 0 { record(info, path: path) }
    }

    /// Records a file that another library opens (a database, say); nothing if it does not exist.
    public static func record(path: String) {
        var info = stat()
        if stat(path, &info) == 0 { record(info, path: path) }
    }

    /// The path under which the file with this identity was read in this run, or nil.
    public static func path(of id: Identity) -> String? { current.path(of: id) }

    public static func identity(_ info: stat) -> Identity {
        Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
