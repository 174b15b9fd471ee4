#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB
import YRDQCore

/// The register's schema, how a new register comes into being, and how an existing file is
/// recognised as one.
///
/// A register is created only where no file exists: it is built whole in a temporary file
/// beside the target (tables, triggers, application_id, user_version) and then hard-linked
/// into place, which fails if another process got there first (then that one's register is
/// used). So no process ever sees a half-created register, and a file that is there but
/// empty (truncated), schema-less, or with a table, index or trigger changed or missing is
/// never taken for a new register and started again at serial 001: it is refused, untouched.
enum RegisterSchema {
    static let applicationID: Int32 = 0x5952_4451 // "YRDQ"
    static let version = 2

    /// What version 1 created. Registers in use hold this text in sqlite_master, so it
    /// must not change (not even its white space).
    static let sqlVersion1 = """
        CREATE TABLE certificate (
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
        );
        CREATE TABLE event (
            number INTEGER PRIMARY KEY AUTOINCREMENT,
            serial TEXT NOT NULL REFERENCES certificate(serial),
            action TEXT NOT NULL CHECK (action IN ('issued', 'suspended', 'reinstated', 'revoked')),
            date TEXT NOT NULL,
            reason TEXT,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX event_serial ON event(serial);
        CREATE TRIGGER certificate_no_delete BEFORE DELETE ON certificate
        BEGIN SELECT RAISE(ABORT, 'certificates are never deleted'); END;
        CREATE TRIGGER event_no_delete BEFORE DELETE ON event
        BEGIN SELECT RAISE(ABORT, 'the history is never deleted'); END;
        """

    /// What version 2 adds: each certificate's index in the Bitstring Status Lists of its
    /// verifiable credential, assigned once (never changed, never given to another).
    static let sqlVersion2 = """
        CREATE TABLE credential_status (
            serial TEXT PRIMARY KEY NOT NULL REFERENCES certificate(serial),
            list_index INTEGER NOT NULL UNIQUE CHECK (list_index >= 0 AND list_index < 131072),
            recorded_at TEXT NOT NULL
        );
        CREATE TRIGGER credential_status_no_delete BEFORE DELETE ON credential_status
        BEGIN SELECT RAISE(ABORT, 'a status list index is never freed'); END;
        CREATE TRIGGER credential_status_no_update BEFORE UPDATE ON credential_status
        BEGIN SELECT RAISE(ABORT, 'a status list index is assigned once'); END;
        """

    /// The statements of each version, in order: a register of version n holds the first n.
    static let steps = [sqlVersion1, sqlVersion2]

    /// One entry of sqlite_master: a table, an index (SQLite's own for UNIQUE constraints
    /// too) or a trigger, with the SQL that made it.
    struct Object: Hashable, Comparable {
        var type: String
        var name: String
        var table: String
        var sql: String?

        static func < (a: Object, b: Object) -> Bool { (a.type, a.name) < (b.type, b.name) }

        var chinese: String {
            let kind = ["table": "表", "index": "索引", "trigger": "触发器", "view": "视图"][type] ?? type
            return "\(kind) \(TerminalText.value(name))"
        }
    }

    /// sqlite_master, less the statistics tables ANALYZE adds (sqlite_stat1, sqlite_stat4),
    /// which change nothing that the register relies on.
    static func objects(_ db: Database) throws -> [Object] {
        try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master").map {
            Object(type: $0["type"], name: $0["name"], table: $0["tbl_name"], sql: $0["sql"])
        }.filter { !($0.type == "table" && $0.name.hasPrefix("sqlite_stat")) }.sorted()
    }

    /// Writes the schema and the register's identity into an empty database.
    static func create(_ db: Database) throws {
        for step in steps { try db.execute(sql: step) }
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        try db.execute(sql: "PRAGMA user_version = \(version)")
    }

    /// sqlite_master as each version created it (built once, in memory): [version: objects].
    static let expectedByVersion: Result<[Int: [Object]], Error> = Result {
        var result: [Int: [Object]] = [:]
        for n in 1...steps.count {
            let memory = try DatabaseQueue()
            result[n] = try memory.write { db in
                for step in steps.prefix(n) { try db.execute(sql: step) }
                return try objects(db)
            }
        }
        return result
    }

    /// sqlite_master as this version creates it.
    static var expected: Result<[Object], Error> { expectedByVersion.map { $0[version]! } }

    /// Brings a register of an earlier version, exactly as that version made it, to this one;
    /// runs inside the caller's write transaction, so it happens whole or not at all, once.
    static func migrate(_ db: Database) throws {
        let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        guard userVersion < version else { return }
        for step in steps.dropFirst(userVersion) { try db.execute(sql: step) }
        try db.execute(sql: "PRAGMA user_version = \(version)")
    }

    /// Whether `db` has reached this version (an earlier one is read as it is, migrated on the first write).
    static func isCurrent(_ db: Database) throws -> Bool {
        (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0) >= version
    }

    /// What makes `db` (at `path`) not a register this version can use, or nil. Reads only.
    static func problem(_ db: Database, path: String) throws -> String? {
        let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let found = try objects(db)
        let restore = "未作任何改动。请从备份恢复登记簿（新登记簿只在该路径没有文件时创建）"
        let byVersion = try expectedByVersion.get()
        var wanted = byVersion[version]!
        if found.isEmpty {
            return "不是 yrdq 证书登记簿：这是一个没有任何表的空 SQLite 数据库（登记簿可能已被清空或换掉）；\(restore)"
        }
        if appID != applicationID {
            if byVersion.values.contains(found) {
                // The tables of a register without its marks: restored from an SQL dump, say.
                return "文件的表结构与 yrdq 证书登记簿相同，但没有登记簿的标识（application_id \(applicationID)），可能是从 SQL 转储恢复的；未作任何改动。核对无误后可用 sqlite3 执行 PRAGMA application_id = \(applicationID); PRAGMA user_version = \(version); 再使用"
            }
            return "不是 yrdq 证书登记簿（文件是另一个 SQLite 数据库）；未作任何改动"
        }
        let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if userVersion > version {
            return "登记簿由较新版本的 yrdq 创建（版本 \(userVersion)），请升级 yrdq"
        }
        // A register an earlier version made, as it made it: read as it is, migrated on the first write.
        if let earlier = byVersion[userVersion], found == earlier { return nil }
        var differences: [String] = []
        if let earlier = byVersion[userVersion] {
            wanted = earlier  // what went wrong, against what that version made
        } else {
            differences.append("版本号（user_version）为 \(userVersion)，应为 \(version)")
        }
        let byName = Dictionary(found.map { ("\($0.type)/\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        for object in wanted {
            guard let there = byName["\(object.type)/\(object.name)"] else {
                differences.append("缺少\(object.chinese)")
                continue
            }
            if there != object { differences.append("\(object.chinese) 的定义与本版本 yrdq 创建的不同") }
        }
        let wantedNames = Set(wanted.map { "\($0.type)/\($0.name)" })
        for object in found where !wantedNames.contains("\(object.type)/\(object.name)") {
            differences.append("多出\(object.chinese)")
        }
        if differences.isEmpty { return nil }
        return "登记簿的结构与本版本 yrdq 创建的不符（\(differences.joined(separator: "；"))），可能已被改动或损坏；\(restore)"
    }

    /// Makes a new register at `path` if no file is there. Another process may win the race:
    /// then its register, complete, is what stands at `path`, and nothing here is kept.
    static func createIfMissing(at path: String) throws(InputErrors) {
        let dir = FilePath.directory(of: path)
        let tag = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let temp = FilePath.join(dir, ".yrdq-register-\(getpid())-\(tag).tmp")
        defer {
            unlink(temp)
            unlink(temp + "-journal")
        }
        do {
            var config = Configuration()
            config.label = "yrdq-register-new"
            let queue = try DatabaseQueue(path: temp, configuration: config)
            try queue.inTransaction(.immediate) { db in
                try create(db)
                return .commit
            }
            try queue.close()
        } catch {
            throw CertificateRegister.explain(error, path: path, timeout: "0")
        }
        if link(temp, path) != 0 {
            let code = errno
            if code == EEXIST { return }  // someone else created it first: theirs is used
            throw InputErrors([Diagnostic(file: path, "无法创建登记簿：\(String(cString: strerror(code)))")])
        }
        // The new name is made durable with the folder it is in.
        let fd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { _ = fsync(fd); close(fd) }
    }
}
