import ArgumentParser
import Foundation
import YRDQCore

/// Renders every pilot found under a folder: a worker process per core (`BatchWorker`,
/// `yrdq batch-worker`) loads the fonts, the rubric and the templates once and renders pilot
/// after pilot. One pilot's bad input is that pilot's failure; a pilot whose worker dies is
/// reported as failed, naming it, and a new worker takes the next pilot.
struct BatchCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "批量生成：目录下每个含自评表（self-assessment.yaml、.csv 或 .xlsx）或 panel.yaml 的试点目录都生成整套文档。")

    @Argument(help: "含多个试点目录的目录") var directory: String
    @Option(name: .long, help: "输出目录（每个试点一个子目录）") var out: String = "output"
    @Option(name: .long, help: "输出格式，逗号分隔：html,md,pdf,docx,ofd") var format: String = "html,md,pdf"
    @Option(name: .long, help: "同时处理的试点数（默认为处理器核数）") var jobs: Int?
    @OptionGroup var options: RubricOption

    func validate() throws {
        if let jobs, jobs < 1 || jobs > 256 { throw ValidationError("--jobs 应为 1 至 256") }
        // One usage error for the whole batch, not one failure per pilot.
        _ = try OutputFormat.list(format)
    }

    /// What `pilots(under:)` found: pilot folders (relative to the root, "" for the root itself),
    /// and the folders it could not read, each with the reason: those are failures, never skipped.
    struct Found {
        var pilots: [String] = []
        var unreadable: [(folder: String, reason: String)] = []
    }

    /// Folders under `root` (itself included) that hold a self-assessment or a panel. Hidden
    /// folders are skipped; a linked folder counts as a pilot but is not descended into.
    static func pilots(under root: String) -> Found {
        var found = Found()
        func entries(_ dir: String) -> [String]? {
            guard let handle = opendir(dir) else {
                found.unreadable.append((dir, "无法读取目录（其中的试点未处理）：\(String(cString: strerror(errno)))"))
                return nil
            }
            defer { closedir(handle) }
            var names: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            return names.sorted()
        }
        func isPilot(_ dir: String, _ names: [String]) -> Bool { PilotFolder.inputs(in: dir, exists: Set(names).contains).isPilot }
        func visit(_ rel: String) {
            let full = rel.isEmpty ? root : (root as NSString).appendingPathComponent(rel)
            guard let names = entries(full) else { return }
            if isPilot(full, names) { found.pilots.append(rel) }
            for name in names where !name.hasPrefix(".") {
                let path = (full as NSString).appendingPathComponent(name)
                let child = rel.isEmpty ? name : rel + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: visit(child)
                case S_IFLNK:
                    var target = stat()
                    if stat(path, &target) == 0, (target.st_mode & S_IFMT) == S_IFDIR, let inner = entries(path), isPilot(path, inner) {
                        found.pilots.append(child)
                    }
                default: break
                }
            }
        }
        visit("")
        found.pilots.sort()
        return found
    }

    /// Pilots whose output folders one case-insensitive or normalising file system (macOS,
    /// Windows) would take for one: each is refused, naming the other, rather than overwritten.
    static func clashes(_ pilots: [String]) -> [String: String] {
        var first: [String: String] = [:]
        var clash: [String: String] = [:]
        for rel in pilots {
            let key = rel.precomposedStringWithCanonicalMapping.lowercased()
            if let other = first[key] { clash[rel] = other; clash[other] = clash[other] ?? rel } else { first[key] = rel }
        }
        return clash
    }

    func execute(_ context: Context) throws -> Int32 {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw InputErrors([Diagnostic(file: directory, "目录不存在")])
        }
        let found = Self.pilots(under: directory)
        let pilots = found.pilots
        if pilots.isEmpty && found.unreadable.isEmpty {
            throw InputErrors([Diagnostic(file: directory, "目录下没有找到含 self-assessment.yaml 或 panel.yaml 的试点目录（自评表也可以是 self-assessment.csv 或 self-assessment.xlsx）")])
        }
        guard let exe = Self.executable() else {
            throw InputErrors([Diagnostic(.error, "无法确定 yrdq 程序的位置（可设置环境变量 YRDQ_EXECUTABLE）")])
        }
        let console = context.console
        let tally = Tally()
        for (folder, reason) in found.unreadable { _ = tally.record(folder, failure: reason) }
        let clashes = Self.clashes(pilots)
        let rubric = options.rubric
        let source: @Sendable (String) -> String = { [directory] rel in rel.isEmpty ? directory : (directory as NSString).appendingPathComponent(rel) }
        let workers = max(1, min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, pilots.count))
        let workerArguments = ["--out=\(out)", "--format=\(format)"] + (rubric.map { ["--rubric=\($0)"] } ?? [])
        // A worker that dies must not take the batch with it when a request is sent to it.
        signal(SIGPIPE, SIG_IGN)
        let queue = PilotQueue(count: pilots.count)
        DispatchQueue.concurrentPerform(iterations: pilots.isEmpty ? 0 : workers) { _ in
            var worker: BatchWorker?
            while let index = queue.next() {
                let rel = pilots[index]
                let status: Int32, stderr: String
                if let other = clashes[rel] {
                    (status, stderr) = (1, "输出目录“\(TerminalText.value(rel))”与“\(TerminalText.value(other))”只差大小写或 Unicode 写法，在不区分大小写的文件系统上会互相覆盖；未处理")
                } else {
                    do {
                        let current = try worker ?? BatchWorker(executable: exe, arguments: workerArguments)
                        if let answer = current.render(source: source(rel), subfolder: rel) {
                            worker = current
                            (status, stderr) = answer
                        } else {
                            // Reported for this pilot; the next one gets a new worker.
                            worker = nil
                            (status, stderr) = current.ended()
                        }
                    } catch let error as InputErrors {
                        (status, stderr) = (127, error.diagnostics.map(\.description).joined(separator: "\n"))
                    } catch {
                        (status, stderr) = (127, "\(error)")
                    }
                }
                let reason = stderr.split(separator: "\n").filter { !$0.contains("警告") }.joined(separator: "\n")
                let done = tally.record(source(rel), failure: status == 0 ? nil : (reason.isEmpty ? "退出码 \(status)" : reason))
                if console.isTerminal {
                    console.err("[\(done - found.unreadable.count)/\(pilots.count)] \(status == 0 ? "完成" : "失败") \(TerminalText.value(source(rel)))")
                }
            }
            worker?.finish()
        }
        let failures = tally.failures
        let ok = pilots.count - (failures.count - found.unreadable.count)
        let unreadable = found.unreadable.isEmpty ? "" : "；另有 \(found.unreadable.count) 个目录无法读取"
        console.out("共 \(pilots.count) 个试点：成功 \(ok) 个，失败 \(pilots.count - ok) 个\(unreadable)；输出在 \(TerminalText.value(out))")
        if !failures.isEmpty {
            console.err("失败的试点：")
            for (source, reason) in failures.sorted(by: { $0.0 < $1.0 }) {
                console.err("● \(TerminalText.value(source))")
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
}

/// The pilots not yet taken, handed out one at a time to whichever worker is free.
final class PilotQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = 0
    private let count: Int
    init(count: Int) { self.count = count }
    func next() -> Int? { lock.withLock { guard taken < count else { return nil }; taken += 1; return taken - 1 } }
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
