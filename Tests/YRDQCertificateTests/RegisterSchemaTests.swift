import Foundation
import GRDB
import Testing
import YRDQTestSupport
import YRDQCertificates
import YRDQCore

/// A register is created only where no file exists; an existing file must be a register
/// exactly as this version creates it, or it is refused and left as it was.
@Suite struct RegisterSchemaTests {
    let keys = makeKeys()

    /// sqlite_master of a register as yrdq has always created it (schema version 1). A
    /// register made by an earlier build holds exactly this, so it must stay accepted.
    static let schemaV1: [String] = [
        "index|event_serial|event|CREATE INDEX event_serial ON event(serial)",
        "index|sqlite_autoindex_certificate_1|certificate|",
        "index|sqlite_autoindex_certificate_2|certificate|",
        "index|sqlite_autoindex_certificate_3|certificate|",
        "index|sqlite_autoindex_certificate_4|certificate|",
        """
        table|certificate|certificate|CREATE TABLE certificate (
            id TEXT PRIMARY KEY NOT NULL,
            serial TEXT NOT NULL UNIQUE,
            province TEXT NOT NULL,
            year INTEGER NOT NULL,
            sequence INTEGER NOT NULL CHECK (sequence > 0),
            pilot TEXT NOT NULL,
            region TEXT NOT NULL,
            title TEXT NOT NULL,
            bureau TEXT NOT NULL,
            date TEXT NOT NULL,
            total TEXT NOT NULL,
            evaluation TEXT NOT NULL,
            key TEXT NOT NULL,
            signature TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'suspended', 'revoked')),
            recorded_at TEXT NOT NULL,
            UNIQUE (province, year, sequence),
            UNIQUE (pilot, evaluation)
        )
        """,
        """
        table|event|event|CREATE TABLE event (
            number INTEGER PRIMARY KEY AUTOINCREMENT,
            serial TEXT NOT NULL REFERENCES certificate(serial),
            action TEXT NOT NULL CHECK (action IN ('issued', 'suspended', 'reinstated', 'revoked')),
            date TEXT NOT NULL,
            reason TEXT,
            recorded_at TEXT NOT NULL
        )
        """,
        "table|sqlite_sequence|sqlite_sequence|CREATE TABLE sqlite_sequence(name,seq)",
        """
        trigger|certificate_no_delete|certificate|CREATE TRIGGER certificate_no_delete BEFORE DELETE ON certificate
        BEGIN SELECT RAISE(ABORT, 'certificates are never deleted'); END
        """,
        """
        trigger|event_no_delete|event|CREATE TRIGGER event_no_delete BEFORE DELETE ON event
        BEGIN SELECT RAISE(ABORT, 'the history is never deleted'); END
        """,
    ]

    /// What schema version 2 adds: the status list index of each certificate's verifiable
    /// credential, assigned once (a register of version 1 is migrated on its first write).
    static let schemaV2Additions: [String] = [
        "index|sqlite_autoindex_credential_status_1|credential_status|",
        "index|sqlite_autoindex_credential_status_2|credential_status|",
        """
        table|credential_status|credential_status|CREATE TABLE credential_status (
            serial TEXT PRIMARY KEY NOT NULL REFERENCES certificate(serial),
            list_index INTEGER NOT NULL UNIQUE CHECK (list_index >= 0 AND list_index < 131072),
            recorded_at TEXT NOT NULL
        )
        """,
        """
        trigger|credential_status_no_delete|credential_status|CREATE TRIGGER credential_status_no_delete BEFORE DELETE ON credential_status
        BEGIN SELECT RAISE(ABORT, 'a status list index is never freed'); END
        """,
        """
        trigger|credential_status_no_update|credential_status|CREATE TRIGGER credential_status_no_update BEFORE UPDATE ON credential_status
        BEGIN SELECT RAISE(ABORT, 'a status list index is assigned once'); END
        """,
    ]

    /// sqlite_master of a register of version 2, in master()'s order (type, then name).
    static var schemaV2: [String] {
        (schemaV1 + schemaV2Additions).sorted { a, b in
            let x = a.split(separator: "|", maxSplits: 2), y = b.split(separator: "|", maxSplits: 2)
            return (x[0], x[1]) < (y[0], y[1])
        }
    }

    static func userVersion(_ path: String) throws -> Int? {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }
    }

    static func master(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").map { r -> String in
                let columns: [String] = ["type", "name", "tbl_name", "sql"].map { (c: String) -> String in
                    let value: String? = r[c]
                    return value ?? ""
                }
                return columns.joined(separator: "|")
            }
        }
    }

    func issue(_ registry: String, in dir: String, pilot: String = "嘉禾市新能源汽车零部件产业质量提升示范试点") -> (code: Int32, out: String, err: String) {
        let panel = writePanel(in: dir + "/p-\(UUID().uuidString.prefix(6))", pilot: pilot, bases: ["90", "90", "90", "90", "90"].map(p))
        return yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", registry, "--format", "md", "--out", dir + "/out"])
    }

    @Test func newRegisterHasExactlyTheVersion2Schema() throws {
        let dir = tempDir("schema")
        #expect(issue(dir + "/reg.db", in: dir).code == 0)
        #expect(try Self.master(dir + "/reg.db") == Self.schemaV2)
        let ids = try DatabaseQueue(path: dir + "/reg.db").read { db in
            (try Int32.fetchOne(db, sql: "PRAGMA application_id"), try Int.fetchOne(db, sql: "PRAGMA user_version"))
        }
        #expect(ids.0 == 0x5952_4451 && ids.1 == 2)
        // Nothing but the register is left beside it (the temporary file it was built in is gone).
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") || $0.hasPrefix("reg") } == ["reg.db"])
    }

    @Test func registerMadeByAnEarlierBuildIsAccepted() throws {
        let dir = tempDir("schema-old")
        let registry = dir + "/reg.db"
        // Built by hand from the version 1 schema text, as an earlier yrdq wrote it.
        let sql = Self.schemaV1.compactMap { line -> String? in
            let parts = line.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
            return parts[1].hasPrefix("sqlite_") ? nil : String(parts[3]) + ";"
        }
        try DatabaseQueue(path: registry).write { db in
            for statement in sql where statement.hasPrefix("CREATE TABLE") { try db.execute(sql: statement) }
            for statement in sql where !statement.hasPrefix("CREATE TABLE") { try db.execute(sql: statement) }
            try db.execute(sql: "PRAGMA application_id = \(0x5952_4451)")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        #expect(try Self.master(registry) == Self.schemaV1)
        // Read as it is: listing it changes nothing.
        let before = try Data(contentsOf: URL(fileURLWithPath: registry))
        #expect(yrdq(["certificate", "list", "--registry", registry]).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: registry)) == before)
        let r = issue(registry, in: dir)
        #expect(r.code == 0, "\(r.err)")
        #expect(listedSerials(registry) == ["浙质示〔2026〕第001号"])
        // The first write migrated it, whole: exactly the schema a new register has.
        #expect(try Self.master(registry) == Self.schemaV2)
        #expect(try Self.userVersion(registry) == 2)
    }

    /// A certificate issued into a version 1 register gets its credential (and its status list
    /// index) when its files are written again with --credential-base; the status lists follow.
    @Test func certificateOfAVersion1RegisterGetsItsCredentialLater() throws {
        let dir = tempDir("schema-v1-vc")
        let registry = dir + "/reg.db"
        let panel = writePanel(in: dir + "/p", bases: ["90", "90", "90", "90", "90"].map(p))
        #expect(yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", registry, "--format", "md", "--out", dir + "/out"]).code == 0)
        // Back to version 1, as an earlier yrdq left it.
        try DatabaseQueue(path: registry).writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER credential_status_no_delete; DROP TRIGGER credential_status_no_update; DROP TABLE credential_status; PRAGMA user_version = 1; VACUUM")
        }
        #expect(try Self.master(registry) == Self.schemaV1)
        // Before the register has indices, status-list writes empty lists from it.
        try FileManager.default.createDirectory(atPath: dir + "/pub", withIntermediateDirectories: true)
        let publish = ["certificate", "status-list", "--key", keys.0, "--registry", registry, "--out", dir + "/pub/status.json",
                       "--credential-base", "https://portal.example/yrdq/"]
        #expect(yrdq(publish).code == 0)
        #expect(try Self.userVersion(registry) == 1, "reading does not migrate")
        let again = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", registry, "--format", "md", "--out", dir + "/out",
                          "--credential-base", "https://portal.example/yrdq/"])
        #expect(again.code == 0, "\(again.err)")
        #expect(try Self.userVersion(registry) == 2, "a write migrates")
        let credential = try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").first { $0.hasSuffix(".vc.json") })
        #expect(yrdq(["certificate", "revoke", "浙质示〔2026〕第001号", "--reason", "复核", "--registry", registry]).code == 0)
        #expect(yrdq(publish).code == 0)
        let r = yrdq(["certificate", "verify", dir + "/out/" + credential, "--key", keys.1, "--status-list", dir + "/pub/status-revocation.vc.json"])
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：已撤销（revoked）"), "\(r.out)")
    }

    /// Issues into `registry` and lists it: both refused with `message`, the file unchanged, nothing written.
    func expectRefused(_ registry: String, in dir: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: registry))
        let r = issue(registry, in: dir)
        #expect(r.code == 1, sourceLocation: sourceLocation)
        #expect(r.err.contains(message), "\(r.err)", sourceLocation: sourceLocation)
        #expect(r.err.contains("未作任何改动"), "\(r.err)", sourceLocation: sourceLocation)
        #expect(!r.out.contains("已签发证书"), sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"), "no certificate file", sourceLocation: sourceLocation)
        let list = yrdq(["certificate", "list", "--registry", registry])
        #expect(list.code == 1 && list.err.contains(message), "\(list.err)", sourceLocation: sourceLocation)
        let events = yrdq(["certificate", "suspend", "浙质示〔2026〕第001号", "--reason", "复核", "--registry", registry])
        #expect(events.code == 1, sourceLocation: sourceLocation)
        #expect(try Data(contentsOf: URL(fileURLWithPath: registry)) == before, "the file is not touched", sourceLocation: sourceLocation)
        let strays = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".yrdq-register") || $0.hasSuffix("-journal") }
        #expect(strays.isEmpty, "\(strays)", sourceLocation: sourceLocation)
    }

    @Test func zeroByteFileIsNotANewRegister() throws {
        let dir = tempDir("empty-reg")
        let registry = dir + "/reg.db"
        _ = FileManager.default.createFile(atPath: registry, contents: Data())
        try expectRefused(registry, in: dir, "登记簿文件是空的（0 字节）")
        #expect(try FileManager.default.attributesOfItem(atPath: registry)[.size] as? Int == 0)
    }

    @Test func schemaLessDatabaseIsNotANewRegister() throws {
        let dir = tempDir("bare-reg")
        let registry = dir + "/reg.db"
        // A valid SQLite file without a single table (as a tool that "empties" it leaves it).
        try DatabaseQueue(path: registry).write { db in
            try db.execute(sql: "CREATE TABLE t (x); DROP TABLE t; PRAGMA user_version = 0")
        }
        #expect(try FileManager.default.attributesOfItem(atPath: registry)[.size] as? Int ?? 0 > 0)
        try expectRefused(registry, in: dir, "没有任何表的空 SQLite 数据库")
    }

    @Test func registerWithoutItsMarksIsNamedAsSuch() throws {
        let dir = tempDir("marks-reg")
        let registry = dir + "/reg.db"
        #expect(issue(registry, in: dir + "/first").code == 0)
        try DatabaseQueue(path: registry).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA application_id = 0") }
        try expectRefused(registry, in: dir, "没有登记簿的标识（application_id 1498563665）")
        // Only the marks, no tables.
        let bare = dir + "/bare.db"
        try DatabaseQueue(path: bare).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA application_id = 1498563665; PRAGMA user_version = 1")
        }
        try expectRefused(bare, in: dir, "没有任何表的空 SQLite 数据库")
    }

    @Test func anotherDatabaseIsNotARegister() throws {
        let dir = tempDir("other-reg")
        let registry = dir + "/reg.db"
        try DatabaseQueue(path: registry).write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
        try expectRefused(registry, in: dir, "文件是另一个 SQLite 数据库")
    }

    @Test(arguments: [
        ("DROP TRIGGER event_no_delete", "缺少触发器 event_no_delete"),
        ("DROP TRIGGER certificate_no_delete", "缺少触发器 certificate_no_delete"),
        ("DROP INDEX event_serial", "缺少索引 event_serial"),
        ("ALTER TABLE certificate ADD COLUMN note TEXT", "表 certificate 的定义与本版本 yrdq 创建的不同"),
        ("ALTER TABLE event RENAME TO history", "缺少表 event"),
        ("CREATE TRIGGER certificate_no_update BEFORE UPDATE ON certificate BEGIN SELECT 1; END", "多出触发器 certificate_no_update"),
        ("CREATE INDEX pilots ON certificate(pilot)", "多出索引 pilots"),
        ("PRAGMA user_version = 0", "版本号（user_version）为 0，应为 2"),
        // A register of version 1 with its own schema changed is compared with what version 1 made.
        ("DROP TRIGGER credential_status_no_delete; DROP TRIGGER credential_status_no_update; DROP TABLE credential_status; PRAGMA user_version = 1; DROP TRIGGER event_no_delete",
         "缺少触发器 event_no_delete"),
        ("DROP TRIGGER credential_status_no_update", "缺少触发器 credential_status_no_update"),
        // The same trigger, made harmless: the definition is compared, not only the name.
        ("DROP TRIGGER event_no_delete; CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN SELECT 1; END",
         "触发器 event_no_delete 的定义与本版本 yrdq 创建的不同"),
        // A table whose constraints were taken away (status may be anything, sequence 0).
        ("""
         PRAGMA foreign_keys = OFF;
         CREATE TABLE c2 AS SELECT * FROM certificate; DROP TRIGGER certificate_no_delete; DROP TABLE certificate;
         ALTER TABLE c2 RENAME TO certificate;
         CREATE TRIGGER certificate_no_delete BEFORE DELETE ON certificate
         BEGIN SELECT RAISE(ABORT, 'certificates are never deleted'); END;
         """, "表 certificate 的定义与本版本 yrdq 创建的不同"),
    ])
    func changedSchemaIsRefused(_ change: String, _ message: String) throws {
        let dir = tempDir("changed-reg")
        let registry = dir + "/reg.db"
        #expect(issue(registry, in: dir + "/first").code == 0)
        var config = Configuration()
        config.foreignKeysEnabled = false
        try DatabaseQueue(path: registry, configuration: config).writeWithoutTransaction { db in try db.execute(sql: change) }
        try expectRefused(registry, in: dir, message)
        #expect(try DatabaseQueue(path: registry).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'certificate'") } == 1)
    }

    @Test func statisticsFromAnalyzeAreNoChange() throws {
        let dir = tempDir("analyze-reg")
        let registry = dir + "/reg.db"
        #expect(issue(registry, in: dir + "/first").code == 0)
        try DatabaseQueue(path: registry).writeWithoutTransaction { db in try db.execute(sql: "ANALYZE") }
        #expect(try Self.master(registry).contains { $0.hasPrefix("table|sqlite_stat1|") })
        #expect(yrdq(["certificate", "list", "--registry", registry]).code == 0)
    }

    @Test func serialFormatsWithHiddenCharactersAreRefused() throws {
        for pattern in ["{abbr}质示\n〔{year}〕第{seq}号", "{abbr}质示〔{year}〕\u{202E}第{seq}号", "{abbr}\u{1B}[2K质示〔{year}〕第{seq}号",
                        "{abbr}质示〔{year}〕第{seq}号\u{200B}", "{abbr}质示\t〔{year}〕第{seq}号"] {
            #expect(throws: InputErrors.self, "\(pattern.debugDescription)") { _ = try SerialFormat(pattern) }
        }
        let dir = tempDir("serial-reg")
        let panel = writePanel(in: dir + "/p", bases: ["90", "90", "90", "90", "90"].map(p))
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--format", "md", "--out", dir + "/out",
                      "--serial-format", "{abbr}质示\n〔{year}〕第{seq}号"])
        #expect(r.code == 1 && r.err.contains("含有控制字符、换行或不可见字符 U+000A"), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/reg.db"))
    }

    @Test func notAFileIsRefusedAtOnce() throws {
        let dir = tempDir("odd-reg")
        try FileManager.default.createDirectory(atPath: dir + "/folder.db", withIntermediateDirectories: false)
        var r = issue(dir + "/folder.db", in: dir)
        #expect(r.code == 1 && r.err.contains("这是一个目录，不是登记簿"), "\(r.err)")
        #expect(mkfifo(dir + "/pipe.db", 0o600) == 0)
        let start = Date()
        r = issue(dir + "/pipe.db", in: dir)
        #expect(r.code == 1 && r.err.contains("命名管道"), "\(r.err)")
        #expect(Date().timeIntervalSince(start) < hangGuardSeconds, "no waiting for a writer")
        r = issue("/dev/null", in: dir)
        #expect(r.code == 1 && r.err.contains("设备"), "\(r.err)")
        #expect(yrdq(["certificate", "list", "--registry", "/dev/zero"]).err.contains("设备"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func concurrentCreationIsWholeAndLeavesNothingBehind() throws {
        let dir = tempDir("race-reg")
        let registry = dir + "/reg.db"
        let key = try SigningKeys.loadPrivate(keys.0)
        let count = 10
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: count) { i in
            do {
                let register = try CertificateRegister(path: registry, create: true, timeout: 30)
                let draft = CertificateDraft(province: "安徽省", year: 2026, pilot: "创建试点\(i)", region: "安徽省某市",
                                             title: "长三角质量提升示范", bureau: "安徽省市场监督管理局",
                                             date: CivilDate(year: 2026, month: 11, day: 20)!, total: Points(90),
                                             evaluation: "eval\(i)")
                _ = try register.issue(draft, format: .standard, key: key)
            } catch {
                failures.withLock { $0.append("\(i): \(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        #expect(listedSerials(registry) == (1...count).map { String(format: "皖质示〔2026〕第%03d号", $0) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["reg.db"])
    }
}
