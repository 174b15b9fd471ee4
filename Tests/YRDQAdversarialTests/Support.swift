import Foundation
import Testing
import YRDQCommands
import YRDQCore
import YRDQInput
import YRDQTestSupport

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
        var fields = CSVText.fields(line)
        if let n = Int(fields[0]), let item = rubric.item(n) { fields[5] = item.points.description }
        lines.append(fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ","))
    }
    return lines.joined(separator: lineEnd) + lineEnd
}

/// A process's result, for runs of the built binary.
struct ProcessRun {
    let status: Int32
    let stdout: String
    let stderr: String
    /// The child was still running after the timeout given and was killed.
    var timedOut = false
}

/// Runs an executable with arguments, capturing both streams (read on their own threads, so
/// neither pipe fills and blocks the child).
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                directory: String? = nil, timeout: Double? = nil) throws -> ProcessRun {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let environment { p.environment = environment }
    if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    // A child that would hang is killed after the timeout, so that a regression fails the test instead of hanging it.
    final class Flag: @unchecked Sendable { var value = false }
    let killed = Flag()
    if let timeout {
        let pid = p.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            if p.isRunning { killed.value = true; kill(pid, SIGKILL) }
        }
    }
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return ProcessRun(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), timedOut: killed.value)
}


/// The built binary with the project's rubric/, templates/ and fonts/, copied where another
/// user (nobody, through setpriv) can reach them: the checkout may sit in a folder only its
/// owner can enter (/root/yrdq, a `mktemp -d` folder), and the binary finds its project
/// through YRDQ_HOME.
struct UnprivilegedCopy {
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { getuid() == 0 && setpriv != nil && Repo.binary != nil }

    let home: String
    var binary: String { home + "/yrdq" }
    var rubric: String { home + "/rubric/yrd-2021.yaml" }

    init(in dir: TempDir) throws {
        let fm = FileManager.default
        home = dir.path("yrdq-home")
        try fm.createDirectory(atPath: home, withIntermediateDirectories: true)
        // The binary is copied by a child `cp`, not by this process: a file this process holds
        // open for writing is inherited by every child another test forks meanwhile, and
        // executing the copy then fails with ETXTBSY (“Text file busy”) until those exit.
        let copied = try runProcess("/bin/cp", [Repo.binary!, binary], timeout: 60)
        guard copied.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cp: \(copied.stderr)"])
        }
        for folder in ["rubric", "templates", "fonts"] {
            try fm.copyItem(atPath: Repo.root.appendingPathComponent(folder).path, toPath: home + "/" + folder)
        }
        chmod(dir.path, 0o755)
        chmod(home, 0o755)
        chmod(binary, 0o755)
        for rel in (try? fm.subpathsOfDirectory(atPath: home)) ?? [] where rel != "yrdq" {
            var isDir: ObjCBool = false
            _ = fm.fileExists(atPath: home + "/" + rel, isDirectory: &isDir)
            chmod(home + "/" + rel, isDir.boolValue ? 0o755 : 0o644)
        }
    }

    /// Runs the copy as nobody, in `directory`, with the copied project as its home.
    func run(_ arguments: [String], in directory: String, timeout: Double = 120) throws -> ProcessRun {
        let env = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C.UTF-8", "YRDQ_HOME": home]
        return try runProcess(Self.setpriv!, ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments,
                              environment: env, directory: directory, timeout: timeout)
    }

    /// Runs the copy as this user, with the copied project (and its fonts/) as its home.
    func runAsSelf(_ arguments: [String], in directory: String, timeout: Double = 120) throws -> ProcessRun {
        let env = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C.UTF-8", "YRDQ_HOME": home]
        return try runProcess(binary, arguments, environment: env, directory: directory, timeout: timeout)
    }
}
