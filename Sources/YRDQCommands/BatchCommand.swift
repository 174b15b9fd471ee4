import ArgumentParser
import Foundation
import YRDQCore

/// Renders every pilot found under a folder, several at a time, each in its own
/// process so that one pilot's bad input or crash cannot stop the others.
struct BatchCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "批量生成：目录下每个含 self-assessment.yaml 或 panel.yaml 的试点目录都生成整套文档。")

    @Argument(help: "含多个试点目录的目录") var directory: String
    @Option(name: .long, help: "输出目录（每个试点一个子目录）") var out: String = "output"
    @Option(name: .long, help: "输出格式，逗号分隔：html,md,pdf") var format: String = "html,md,pdf"
    @Option(name: .long, help: "同时处理的试点数（默认为处理器核数）") var jobs: Int?
    @OptionGroup var options: RubricOption

    func validate() throws {
        if let jobs, jobs < 1 || jobs > 256 { throw ValidationError("--jobs 应为 1 至 256") }
    }

    /// Folders under `root` (itself included) that hold a self-assessment or a panel.
    static func pilots(under root: String) -> [String] {
        let fm = FileManager.default
        var found: [String] = []
        func isPilot(_ dir: String) -> Bool {
            ["self-assessment.yaml", "panel.yaml"].contains { fm.fileExists(atPath: (dir as NSString).appendingPathComponent($0)) }
        }
        if isPilot(root) { found.append("") }
        if let walker = fm.enumerator(atPath: root) {
            while let rel = walker.nextObject() as? String {
                var isDir: ObjCBool = false
                let full = (root as NSString).appendingPathComponent(rel)
                guard fm.fileExists(atPath: full, isDirectory: &isDir), isDir.boolValue else { continue }
                if (rel as NSString).lastPathComponent.hasPrefix(".") { walker.skipDescendants(); continue }
                if isPilot(full) { found.append(rel) }
            }
        }
        return found.sorted()
    }

    func execute(_ context: Context) throws -> Int32 {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw InputErrors([Diagnostic(file: directory, "目录不存在")])
        }
        let pilots = Self.pilots(under: directory)
        if pilots.isEmpty {
            throw InputErrors([Diagnostic(file: directory, "目录下没有找到含 self-assessment.yaml 或 panel.yaml 的试点目录")])
        }
        guard let exe = Self.executable() else {
            throw InputErrors([Diagnostic(.error, "无法确定 yrdq 程序的位置（可设置环境变量 YRDQ_EXECUTABLE）")])
        }
        let workers = min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, pilots.count)
        let console = context.console
        let tally = Tally()
        let rubric = options.rubric
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < pilots.count {
                let rel = pilots[index]
                let source = rel.isEmpty ? directory : (directory as NSString).appendingPathComponent(rel)
                let target = rel.isEmpty ? out : (out as NSString).appendingPathComponent(rel)
                var args = ["render", "set", source, "--format", format, "--out", target]
                if let rubric { args += ["--rubric", rubric] }
                let (status, stderr) = Self.run(exe, args)
                let reason = stderr.split(separator: "\n").filter { !$0.contains("警告") }.joined(separator: "\n")
                let done = tally.record(source, failure: status == 0 ? nil : (reason.isEmpty ? "退出码 \(status)" : reason))
                if console.isTerminal {
                    console.err("[\(done)/\(pilots.count)] \(status == 0 ? "完成" : "失败") \(source)")
                }
                index += workers
            }
        }
        let failures = tally.failures
        let ok = pilots.count - failures.count
        console.out("共 \(pilots.count) 个试点：成功 \(ok) 个，失败 \(failures.count) 个；输出在 \(out)")
        if !failures.isEmpty {
            console.err("失败的试点：")
            for (source, reason) in failures.sorted(by: { $0.0 < $1.0 }) {
                console.err("● \(source)")
                for line in reason.split(separator: "\n") { console.err("    \(line)") }
            }
            return 1
        }
        return 0
    }

    /// The yrdq program to run for each pilot: YRDQ_EXECUTABLE, this process if it is
    /// yrdq, or a yrdq beside this process (the test runner sits beside it in .build).
    static func executable() -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["YRDQ_EXECUTABLE"], fm.isExecutableFile(atPath: env) { return env }
        guard let me = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        if (me as NSString).lastPathComponent == "yrdq" { return me }
        var dir = FilePath.directory(of: me)
        for _ in 0..<4 {
            let candidate = (dir as NSString).appendingPathComponent("yrdq")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: candidate) { return candidate }
            dir = FilePath.directory(of: dir)
        }
        return nil
    }

    /// Runs the executable, returning its exit status and what it wrote on stderr.
    static func run(_ exe: String, _ args: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = args
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { return (127, "无法启动：\(error.localizedDescription)") }
        let data = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return (status, String(decoding: data, as: UTF8.self))
    }
}

/// Progress shared by the batch's workers.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var _failures: [(String, String)] = []
    private var done = 0

    /// Records one finished pilot; returns how many are done.
    func record(_ source: String, failure: String?) -> Int {
        lock.withLock {
            done += 1
            if let failure { _failures.append((source, failure)) }
            return done
        }
    }
    var failures: [(String, String)] { lock.withLock { _failures } }
}
