import Foundation
import Testing
import YRDQCommands
import YRDQCore
import YRDQInput

/// The repository, its rubric, sample and built binary, found from this file
/// (Tests/YRDQAdversarialTests/Support.swift).
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // YRDQAdversarialTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // repository
    static var rubricPath: String { root.appendingPathComponent("rubric/yrd-2021.yaml").path }
    static var sample: String { root.appendingPathComponent("samples/jiahe-auto-parts").path }
    static var corpus: String { root.appendingPathComponent("Tests/fuzz-corpus").path }
    /// The debug build of `yrdq`, for what must run in its own process (ulimit, another user).
    static var binary: String? {
        let path = root.appendingPathComponent(".build/debug/yrdq").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
    static let rubric: Rubric = try! RubricReader.load(path: rubricPath)
    static func sampleText(_ name: String) throws -> String {
        try String(contentsOfFile: (sample as NSString).appendingPathComponent(name), encoding: .utf8)
    }
    static func sampleBytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: (sample as NSString).appendingPathComponent(name))))
    }
}

/// One run of the command line, in process.
struct Run {
    let code: Int32
    let stdout: String
    let stderr: String
    var messages: [String] { stderr.split(separator: "\n").map(String.init) }
}

func yrdq(_ arguments: [String], rubric: Bool = true) -> Run {
    let console = BufferConsole()
    let code = YRDQCLI.main(arguments: arguments + (rubric ? ["--rubric", Repo.rubricPath] : []), console: console)
    return Run(code: code, stdout: console.stdout, stderr: console.stderr)
}

/// A refusal as the command line must give it: exit 1, nothing on stdout, and every message
/// on stderr an error or warning line naming a file; the first error names `file`.
func expectRefused(_ run: Run, naming file: String, containing fragment: String? = nil,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(run.code == 1, "exit \(run.code); stderr: \(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.stdout.isEmpty || !run.stdout.contains("已生成"), "stdout: \(run.stdout)", sourceLocation: sourceLocation)
    let errors = run.messages.filter { $0.contains("错误: ") }
    #expect(!errors.isEmpty, "no error message; stderr: \(run.stderr)", sourceLocation: sourceLocation)
    #expect(errors.first?.hasPrefix(file) == true, "the first error should name \(file): \(run.stderr)", sourceLocation: sourceLocation)
    if let fragment {
        #expect(run.stderr.contains(fragment), "expected “\(fragment)” in: \(run.stderr)", sourceLocation: sourceLocation)
    }
}

/// A fresh directory under the system's temporary directory.
struct TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-adversarial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    var path: String { url.path }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    @discardableResult func write(_ name: String, _ text: String) throws -> String { try write(name, Data(text.utf8)) }
    @discardableResult func write(_ name: String, _ bytes: [UInt8]) throws -> String { try write(name, Data(bytes)) }
    @discardableResult func write(_ name: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }
    /// Every regular file below, as paths relative to the directory.
    func files(under sub: String = "") -> [String] {
        let base = sub.isEmpty ? path : self.path(sub)
        return ((try? FileManager.default.subpathsOfDirectory(atPath: base)) ?? []).filter {
            var d: ObjCBool = false
            return FileManager.default.fileExists(atPath: (base as NSString).appendingPathComponent($0), isDirectory: &d) && !d.boolValue
        }.sorted()
    }
    func remove() {
        // Undo any chmod a test made, so that the folder can be removed.
        if let e = FileManager.default.enumerator(atPath: path) {
            while let rel = e.nextObject() as? String { chmod((path as NSString).appendingPathComponent(rel), 0o755) }
        }
        chmod(path, 0o755)
        try? FileManager.default.removeItem(at: url)
    }
}

func withTempDir<T>(_ body: (TempDir) throws -> T) throws -> T {
    let dir = try TempDir()
    defer { dir.remove() }
    return try body(dir)
}

/// Copies the sample pilot (pilot.yaml, self-assessment.yaml, panel.yaml, experts/) into `dir/sub`.
@discardableResult
func copySample(into dir: TempDir, as sub: String = "pilot") throws -> String {
    let target = dir.path(sub)
    try FileManager.default.copyItem(atPath: Repo.sample, toPath: target)
    return target
}

/// Seconds taken by `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The filled CSV sheet: the `init --csv` template with every item at full marks and the
/// sample's pilot profile named. Scores 100 + 0.
func filledCSV(rubric: Rubric = Repo.rubric, pilot: String? = "pilot.yaml", lineEnd: String = "\r\n") -> String {
    let template = CSVSheet.template(rubric: rubric, pilotPath: pilot, date: CivilDate(year: 2026, month: 10, day: 15))
    var lines: [String] = []
    for line in template.components(separatedBy: "\r\n") where !line.isEmpty {
        var fields = csvFields(line)
        if let n = Int(fields[0]), let item = rubric.item(n) { fields[5] = item.points.description }
        lines.append(fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ","))
    }
    return lines.joined(separator: lineEnd) + lineEnd
}

/// One CSV line's fields, honouring quotes (the template has no line breaks inside fields).
func csvFields(_ line: String) -> [String] {
    var fields: [String] = [], field = "", quoted = false
    var chars = Array(line)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
            } else { field.append(c) }
        } else if c == "\"" { quoted = true }
        else if c == "," { fields.append(field); field = "" }
        else { field.append(c) }
    }
    fields.append(field)
    return fields
}

/// A process's result, for runs of the built binary.
struct ProcessRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs an executable with arguments, capturing both streams (read on their own threads, so
/// neither pipe fills and blocks the child).
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessRun {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let environment { p.environment = environment }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return ProcessRun(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
}

/// `text` encoded as GB18030, through the C library's iconv (as Excel/WPS in Chinese save CSV).
func gb18030(_ text: String) -> [UInt8] {
    let cd = iconv_open("GB18030", "UTF-8")
    precondition(cd != iconv_t(bitPattern: -1), "iconv has no GB18030")
    defer { iconv_close(cd) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
    var written = 0
    input.withUnsafeMutableBytes { inRaw in
        output.withUnsafeMutableBytes { outRaw in
            var inPtr = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = inRaw.count
            var outPtr = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var outLeft = outRaw.count
            let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            precondition(r != -1 && inLeft == 0, "not encodable as GB18030")
            written = outRaw.count - outLeft
        }
    }
    return Array(output[..<written])
}
