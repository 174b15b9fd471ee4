import Foundation
import Testing
import YRDQCertificates
import YRDQCore

/// The built command line, found from this file: <repo>/.build/debug/yrdq.
let binary: String? = {
    let path = root + "/.build/debug/yrdq"
    guard FileManager.default.isExecutableFile(atPath: path),
          let r = runProcess(path, ["certificate", "issue", "--help"]), r.code == 0 else { return nil }
    return path
}()

@Suite struct RegisterTests {
    let keys = makeKeys()

    @Test func concurrentProcessesGetUniqueGapFreeSerials() throws {
        guard let binary else {
            print("跳过（skipped）：找不到支持 certificate 命令的 \(root)/.build/debug/yrdq，请先 swift build")
            return
        }
        let dir = tempDir("procs")
        let registry = dir + "/reg.db"
        let count = 8
        let panels = (0..<count).map { i in
            writePanel(in: dir + "/p\(i)", pilot: "并发试点\(i)", bases: ["90", "90", "90", "90", "90"].map(p))
        }
        // Every pilot at once, and the first pilot twice more (idempotent under contention).
        let jobs = panels + [panels[0], panels[0]]
        var processes: [(Process, Pipe)] = []
        for (i, panel) in jobs.enumerated() {
            let proc = Process()
            proc.executableURL = URL(fileURLWithPath: binary)
            proc.arguments = ["certificate", "issue", panel, "--key", keys.0, "--registry", registry,
                              "--format", "md", "--out", dir + "/out\(i)", "--wait", "30"]
            let err = Pipe()
            proc.standardOutput = FileHandle.nullDevice
            proc.standardError = err
            processes.append((proc, err))
        }
        for (proc, _) in processes { try proc.run() }
        for (i, (proc, err)) in processes.enumerated() {
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            proc.waitUntilExit()
            #expect(proc.terminationStatus == 0, "process \(i): \(message)")
        }
        let serials = (0..<jobs.count).compactMap { readCertificate(dir + "/out\($0)")?.data.serial }
        #expect(serials.count == jobs.count)
        #expect(Set(serials[0..<count]).count == count, "unique: \(serials)")
        #expect(Set(serials[0..<count]) == Set((1...count).map { String(format: "浙质示〔2026〕第%03d号", $0) }))
        #expect(serials[count] == serials[0] && serials[count + 1] == serials[0])
        #expect(listedSerials(registry).count == count)
    }

    @Test func concurrentConnectionsInProcess() throws {
        let dir = tempDir("threads")
        let registry = dir + "/reg.db"
        let key = try SigningKeys.loadPrivate(keys.0)
        let count = 12
        let results = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: count) { i in
            do {
                let register = try CertificateRegister(path: registry, create: true, timeout: 30)
                let draft = CertificateDraft(province: "江苏省", year: 2026, pilot: "线程试点\(i)", region: "江苏省某市",
                                             title: "长三角质量提升示范", bureau: "江苏省市场监督管理局",
                                             date: CivilDate(year: 2026, month: 11, day: 20)!, total: Points(90),
                                             evaluation: "eval\(i)")
                let (entry, _) = try register.issue(draft, format: .standard, key: key)
                results.withLock { $0.append(entry.certificate.data.serial) }
            } catch {
                Issue.record("thread \(i): \(error)")
            }
        }
        let serials = results.withLock { $0 }
        #expect(Set(serials) == Set((1...count).map { String(format: "苏质示〔2026〕第%03d号", $0) }))
    }

    @Test func damagedRegisterIsReportedAndLeftAlone() throws {
        let dir = tempDir("damaged")
        let registry = dir + "/reg.db"
        let garbage = Data("这不是 SQLite 数据库 — not a database\n".utf8) + Data(repeating: 0x5A, count: 4096)
        try garbage.write(to: URL(fileURLWithPath: registry))
        let panel = writePanel(in: dir + "/p", bases: ["90", "90", "90", "90", "90"].map(p))
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", registry, "--format", "md", "--out", dir + "/out"])
        #expect(r.code == 1)
        #expect(r.err.contains("登记簿文件已损坏或不是 SQLite 数据库"), "\(r.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: registry)) == garbage, "the file is not touched")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"), "no document either")
        let list = yrdq(["certificate", "list", "--registry", registry])
        #expect(list.code == 1 && list.err.contains("已损坏"))
        // A register whose pages were overwritten in the middle.
        let good = dir + "/good.db"
        #expect(yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", good, "--format", "md", "--out", dir + "/o2"]).code == 0)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        for i in 0..<16 { bytes[i] = 0x41 }  // the header magic
        try bytes.write(to: URL(fileURLWithPath: dir + "/bad.db"))
        let bad = yrdq(["certificate", "list", "--registry", dir + "/bad.db"])
        #expect(bad.code == 1 && bad.err.contains("已损坏"))
        // Another SQLite database is not taken for a register.
        let missing = yrdq(["certificate", "list", "--registry", dir + "/none.db"])
        #expect(missing.code == 1 && missing.err.contains("登记簿不存在"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/none.db"))
    }

    @Test func lockedRegisterIsReportedAndLosesNothing() throws {
        guard let python = which("python3") else {
            print("跳过（skipped）：需要 python3 来在另一进程中锁住登记簿")
            return
        }
        let dir = tempDir("locked")
        let registry = dir + "/reg.db"
        let first = writePanel(in: dir + "/a", pilot: "甲试点", bases: ["90", "90", "90", "90", "90"].map(p))
        let second = writePanel(in: dir + "/b", pilot: "乙试点", bases: ["90", "90", "90", "90", "90"].map(p))
        func issue(_ panel: String, _ out: String) -> (code: Int32, out: String, err: String) {
            yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", registry, "--format", "md", "--out", dir + "/" + out, "--wait", "0.5"])
        }
        #expect(issue(first, "o1").code == 0)
        // Another process holds an exclusive lock for a few seconds.
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: python)
        locker.arguments = ["-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN EXCLUSIVE')
            print('locked', flush=True)
            time.sleep(4)
            c.execute('ROLLBACK')
            """, registry]
        let pipe = Pipe()
        locker.standardOutput = pipe
        try locker.run()
        _ = pipe.fileHandleForReading.availableData  // wait for "locked"
        let blocked = issue(second, "o2")
        #expect(blocked.code == 1)
        #expect(blocked.err.contains("登记簿被其他程序锁定"), "\(blocked.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/o2"))
        let list = yrdq(["certificate", "list", "--registry", registry, "--wait", "0.5"])
        #expect(list.code == 1 && list.err.contains("锁定"))
        locker.waitUntilExit()
        // Nothing lost, no gap: the first certificate is there, the second takes 002.
        #expect(listedSerials(registry) == ["浙质示〔2026〕第001号"])
        #expect(issue(second, "o2").code == 0)
        #expect(listedSerials(registry) == ["浙质示〔2026〕第001号", "浙质示〔2026〕第002号"])
    }

    @Test func failedFileWritingKeepsTheRegisteredSerial() throws {
        let dir = tempDir("files")
        let registry = dir + "/reg.db"
        let panel = writePanel(in: dir + "/p", bases: ["90", "90", "90", "90", "90"].map(p))
        try Data().write(to: URL(fileURLWithPath: dir + "/blocked"))  // a file where the output folder should be
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", registry, "--format", "md", "--out", dir + "/blocked/out"])
        #expect(r.code == 1)
        #expect(r.err.contains("已登记") || r.err.contains("无法创建输出目录"))
        let again = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", registry, "--format", "md", "--out", dir + "/out"])
        #expect(again.code == 0)
        #expect(listedSerials(registry) == ["浙质示〔2026〕第001号"], "registered once, rendered on the second run")
    }

    @Test func keygenProtectsThePrivateKey() throws {
        let dir = tempDir("keygen") + "/keys"
        let r = yrdq(["keygen", "--out", dir])
        #expect(r.code == 0)
        let priv = dir + "/" + SigningKeys.privateFileName, pub = dir + "/" + SigningKeys.publicFileName
        let attrs = try FileManager.default.attributesOfItem(atPath: priv)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let privText = try String(contentsOfFile: priv, encoding: .utf8)
        let body = privText.split(separator: "\n").first { !$0.hasPrefix("#") && !$0.hasPrefix("-----") }!
        #expect(!r.out.contains(body) && !r.err.contains(body), "the private key is never printed")
        #expect(try String(contentsOfFile: pub, encoding: .utf8).contains("-----BEGIN PUBLIC KEY-----"))
        let before = try Data(contentsOf: URL(fileURLWithPath: priv))
        let again = yrdq(["keygen", "--out", dir])
        #expect(again.code == 1 && again.err.contains("不会覆盖"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: priv)) == before)
        // A public key cannot sign.
        let panel = writePanel(in: tempDir(), bases: ["90", "90", "90", "90", "90"].map(p))
        let wrong = yrdq(["certificate", "issue", panel, "--key", pub, "--registry", dir + "/../reg.db", "--format", "md", "--out", dir + "/../out"])
        #expect(wrong.code == 1 && wrong.err.contains("这是公钥"))
    }
}

/// A lock-protected value (Synchronization.Mutex needs macOS 15).
final class Mutex<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) -> R) -> R { lock.lock(); defer { lock.unlock() }; return body(&value) }
}
