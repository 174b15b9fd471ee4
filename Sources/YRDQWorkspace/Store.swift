import Foundation
import GRDB
import YRDQCore

/// The workspace's one embedded store: a single SQLite file in the data folder (a file a clerk
/// can back up). Links and sessions are kept only as hashes; every change is an append-only
/// event, which the database itself refuses to update or delete.
public final class WorkspaceStore: Sendable {
    public let db: DatabaseQueue
    public static let fileName = "workspace.sqlite"

    public init(path: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        db = try DatabaseQueue(path: path, configuration: config)
        try Self.migrator.migrate(db)
    }

    /// An in-memory store, for tests.
    public init() throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        db = try DatabaseQueue(configuration: config)
        try Self.migrator.migrate(db)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE evaluations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    pilot_name TEXT NOT NULL,
                    profile_yaml TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    released INTEGER NOT NULL DEFAULT 0,
                    settlement TEXT NOT NULL DEFAULT '{}',
                    settlement_version INTEGER NOT NULL DEFAULT 1
                );
                CREATE TABLE experts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
                    name TEXT NOT NULL,
                    organization TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    token_hash TEXT UNIQUE,
                    revoked_at TEXT
                );
                CREATE TABLE conflicts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    expert_id INTEGER NOT NULL REFERENCES experts(id),
                    description TEXT NOT NULL,
                    recorded_at TEXT NOT NULL
                );
                CREATE TABLE sheets (
                    expert_id INTEGER PRIMARY KEY REFERENCES experts(id),
                    version INTEGER NOT NULL,
                    content TEXT NOT NULL,
                    submitted_at TEXT,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE sessions (
                    id_hash TEXT PRIMARY KEY,
                    role TEXT NOT NULL CHECK (role IN ('chair', 'expert')),
                    expert_id INTEGER REFERENCES experts(id),
                    csrf TEXT NOT NULL,
                    expires_at REAL NOT NULL
                );
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    evaluation_id INTEGER,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL DEFAULT '',
                    old_value TEXT,
                    new_value TEXT
                );
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END;
                CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能删除'); END;
                """)
        }
        // The pilot's self-assessment sheet (as the command line's YAML, `pilot: pilot.yaml`), when
        // the imported folder has one: the self-assessment documents come from it.
        m.registerMigration("v2") { db in
            try db.execute(sql: "ALTER TABLE evaluations ADD COLUMN self_assessment TEXT")
        }
        return m
    }

    // MARK: Events

    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }

    /// Appends one event (inside the caller's transaction).
    static func event(_ db: Database, actor: String, evaluation: Int64?, action: String, subject: String = "",
                      old: String? = nil, new: String? = nil) throws {
        try db.execute(sql: "INSERT INTO events (at, actor, evaluation_id, action, subject, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [now(), actor, evaluation, action, subject, old, new])
    }

    /// An event as the audit trail records it (Core's type, which the provincial report attaches).
    public typealias Event = AuditRecord

    public func events(evaluation: Int64) throws -> [Event] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM events WHERE evaluation_id = ? ORDER BY id", arguments: [evaluation]).map {
                Event(at: $0["at"], actor: $0["actor"], action: $0["action"], subject: $0["subject"], old: $0["old_value"], new: $0["new_value"])
            }
        }
    }

    // MARK: Chair sign-in link

    /// Whether the store has never had a chair (an empty data folder).
    public func isNew() throws -> Bool {
        try db.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'chair_created'") == nil }
    }

    /// Makes a new one-time chair link (replacing an unused one); returns the token.
    public func newChairLink() throws -> String {
        let token = Secrets.token()
        try db.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('chair_link', ?)", arguments: [Secrets.hash(token)])
            try db.execute(sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('chair_created', ?)", arguments: [Self.now()])
            try Self.event(db, actor: "系统", evaluation: nil, action: "生成主持人登录链接")
        }
        return token
    }

    /// Uses the chair link: true once, for the right token.
    public func consumeChairLink(_ token: String) throws -> Bool {
        try db.write { db in
            guard let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'chair_link'"),
                  Secrets.equal(stored, Secrets.hash(token)) else { return false }
            try db.execute(sql: "DELETE FROM meta WHERE key = 'chair_link'")
            try Self.event(db, actor: "主持人", evaluation: nil, action: "主持人登录")
            return true
        }
    }

    // MARK: Sessions

    public struct Session: Sendable, Equatable {
        public enum Role: String, Sendable { case chair, expert }
        public var role: Role
        public var expert: Int64?
        public var csrf: String
    }

    public static let sessionSeconds: Double = 12 * 3600

    /// Opens a session; returns the cookie value (kept only as a hash).
    public func openSession(role: Session.Role, expert: Int64?) throws -> String {
        let id = Secrets.token()
        try db.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [Date().timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO sessions (id_hash, role, expert_id, csrf, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Secrets.hash(id), role.rawValue, expert, Secrets.token(), Date().timeIntervalSince1970 + Self.sessionSeconds])
        }
        return id
    }

    /// The session of a cookie value, if it is live (an expert's only while the link is not revoked).
    public func session(_ id: String) throws -> Session? {
        try db.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.role, s.expert_id, s.csrf, e.revoked_at FROM sessions s LEFT JOIN experts e ON e.id = s.expert_id
                WHERE s.id_hash = ? AND s.expires_at > ?
                """, arguments: [Secrets.hash(id), Date().timeIntervalSince1970]) else { return nil }
            guard let role = Session.Role(rawValue: row["role"]) else { return nil }
            if role == .expert && (row["expert_id"] as Int64? == nil || row["revoked_at"] as String? != nil) { return nil }
            return Session(role: role, expert: row["expert_id"], csrf: row["csrf"])
        }
    }

    public func closeSession(_ id: String) throws {
        try db.write { db in try db.execute(sql: "DELETE FROM sessions WHERE id_hash = ?", arguments: [Secrets.hash(id)]) }
    }

    // MARK: Evaluations

    public struct Evaluation: Sendable {
        public var id: Int64
        public var pilotName: String
        public var profileYAML: String
        public var createdAt: String
        public var released: Bool
        public var settlement: Settlement
        public var settlementVersion: Int
        /// The self-assessment sheet as YAML, if the pilot folder had one.
        public var selfAssessmentYAML: String?
    }

    static func evaluation(_ row: Row) -> Evaluation {
        let json: String = row["settlement"]
        let settlement = (try? JSONDecoder().decode(Settlement.self, from: Data(json.utf8))) ?? Settlement()
        return Evaluation(id: row["id"], pilotName: row["pilot_name"], profileYAML: row["profile_yaml"], createdAt: row["created_at"],
                          released: row["released"], settlement: settlement, settlementVersion: row["settlement_version"],
                          selfAssessmentYAML: row["self_assessment"])
    }

    public func createEvaluation(pilotName: String, profileYAML: String, settlement: Settlement, selfAssessmentYAML: String? = nil) throws -> Int64 {
        try db.write { db in
            try db.execute(sql: "INSERT INTO evaluations (pilot_name, profile_yaml, created_at, settlement, self_assessment) VALUES (?, ?, ?, ?, ?)",
                           arguments: [pilotName, profileYAML, Self.now(), settlement.json, selfAssessmentYAML])
            let id = db.lastInsertedRowID
            try Self.event(db, actor: "主持人", evaluation: id, action: "新建评估", subject: pilotName)
            return id
        }
    }

    public func evaluations() throws -> [Evaluation] {
        try db.read { db in try Row.fetchAll(db, sql: "SELECT * FROM evaluations ORDER BY id").map(Self.evaluation) }
    }

    public func evaluation(_ id: Int64) throws -> Evaluation? {
        try db.read { db in try Row.fetchOne(db, sql: "SELECT * FROM evaluations WHERE id = ?", arguments: [id]).map(Self.evaluation) }
    }

    public enum SaveOutcome: Sendable, Equatable {
        case saved(version: Int)
        /// Someone saved first: the version now stored.
        case conflict(current: Int)
        case locked
        case notFound
    }

    public func settle(_ evaluation: Int64, _ settlement: Settlement, version: Int) throws -> SaveOutcome {
        try db.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT settlement, settlement_version FROM evaluations WHERE id = ?", arguments: [evaluation]) else { return .notFound }
            let current: Int = row["settlement_version"]
            guard current == version else { return .conflict(current: current) }
            let old: String = row["settlement"]
            let new = settlement.json
            try db.execute(sql: "UPDATE evaluations SET settlement = ?, settlement_version = ? WHERE id = ?", arguments: [new, current + 1, evaluation])
            if old != new { try Self.event(db, actor: "主持人", evaluation: evaluation, action: "评议结论", old: old, new: new) }
            return .saved(version: current + 1)
        }
    }

    public func release(_ evaluation: Int64) throws {
        try db.write { db in
            try db.execute(sql: "UPDATE evaluations SET released = 1 WHERE id = ? AND released = 0", arguments: [evaluation])
            if db.changesCount > 0 { try Self.event(db, actor: "主持人", evaluation: evaluation, action: "公开专家评分", old: "不公开", new: "公开") }
        }
    }

    // MARK: Experts

    public struct Expert: Sendable {
        public var id: Int64, evaluation: Int64, name: String, organization: String, kind: String
        public var revoked: Bool, hasLink: Bool
        /// The expert as the readers compare experts (`Assessor.identity`).
        public var identity: String { Assessor.identity(name: name, organization: organization) }
    }

    static func expert(_ row: Row) -> Expert {
        Expert(id: row["id"], evaluation: row["evaluation_id"], name: row["name"], organization: row["organization"], kind: row["kind"],
               revoked: row["revoked_at"] as String? != nil, hasLink: row["token_hash"] as String? != nil)
    }

    /// Adds an expert with a fresh link; returns the expert's id and the link's token (shown once).
    public func addExpert(evaluation: Int64, name: String, organization: String, kind: String) throws -> (Int64, String) {
        let token = Secrets.token()
        let id = try db.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO experts (evaluation_id, name, organization, kind, token_hash) VALUES (?, ?, ?, ?, ?)",
                           arguments: [evaluation, name, organization, kind, Secrets.hash(token)])
            let id = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO sheets (expert_id, version, content, updated_at) VALUES (?, 1, ?, ?)",
                           arguments: [id, SheetContent().json, Self.now()])
            try Self.event(db, actor: "主持人", evaluation: evaluation, action: "添加专家", subject: name, new: "\(name)（\(organization)，\(kind)）")
            return id
        }
        return (id, token)
    }

    public func experts(evaluation: Int64) throws -> [Expert] {
        try db.read { db in try Row.fetchAll(db, sql: "SELECT * FROM experts WHERE evaluation_id = ? ORDER BY id", arguments: [evaluation]).map(Self.expert) }
    }

    public func expert(_ id: Int64) throws -> Expert? {
        try db.read { db in try Row.fetchOne(db, sql: "SELECT * FROM experts WHERE id = ?", arguments: [id]).map(Self.expert) }
    }

    /// The expert a link's token belongs to, unless revoked.
    public func expert(token: String) throws -> Expert? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM experts WHERE token_hash = ? AND revoked_at IS NULL", arguments: [Secrets.hash(token)]).map(Self.expert)
        }
    }

    /// Revokes an expert's link: the link and every session opened with it stop working.
    public func revoke(expert id: Int64) throws {
        try db.write { db in
            guard let e = try Row.fetchOne(db, sql: "SELECT * FROM experts WHERE id = ?", arguments: [id]).map(Self.expert), !e.revoked else { return }
            try db.execute(sql: "UPDATE experts SET revoked_at = ?, token_hash = NULL WHERE id = ?", arguments: [Self.now(), id])
            try db.execute(sql: "DELETE FROM sessions WHERE expert_id = ?", arguments: [id])
            try Self.event(db, actor: "主持人", evaluation: e.evaluation, action: "撤销专家链接", subject: e.name)
        }
    }

    /// A new link for an expert (the old one and its sessions stop working); returns the token.
    public func renewLink(expert id: Int64) throws -> String? {
        let token = Secrets.token()
        return try db.write { db -> String? in
            guard let e = try Row.fetchOne(db, sql: "SELECT * FROM experts WHERE id = ?", arguments: [id]).map(Self.expert) else { return nil }
            try db.execute(sql: "UPDATE experts SET revoked_at = NULL, token_hash = ? WHERE id = ?", arguments: [Secrets.hash(token), id])
            try db.execute(sql: "DELETE FROM sessions WHERE expert_id = ?", arguments: [id])
            try Self.event(db, actor: "主持人", evaluation: e.evaluation, action: "重新生成专家链接", subject: e.name)
            return token
        }
    }

    // MARK: Conflicts of interest (回避)

    public struct Conflict: Sendable { public var expert: Int64, description: String, recordedAt: String }

    public func recordConflict(expert id: Int64, description: String) throws {
        try db.write { db in
            guard let e = try Row.fetchOne(db, sql: "SELECT * FROM experts WHERE id = ?", arguments: [id]).map(Self.expert) else { return }
            try db.execute(sql: "INSERT INTO conflicts (expert_id, description, recorded_at) VALUES (?, ?, ?)", arguments: [id, description, Self.now()])
            try Self.event(db, actor: "主持人", evaluation: e.evaluation, action: "登记回避", subject: e.name, new: description)
        }
    }

    public func conflicts(evaluation: Int64) throws -> [Conflict] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT c.* FROM conflicts c JOIN experts e ON e.id = c.expert_id WHERE e.evaluation_id = ? ORDER BY c.id",
                             arguments: [evaluation]).map { Conflict(expert: $0["expert_id"], description: $0["description"], recordedAt: $0["recorded_at"]) }
        }
    }

    // MARK: Sheets

    public struct StoredSheet: Sendable {
        public var expert: Int64
        public var version: Int
        public var content: SheetContent
        public var submittedAt: String?
        public var submitted: Bool { submittedAt != nil }
    }

    public func sheet(expert id: Int64) throws -> StoredSheet? {
        try db.read { db in try Self.sheet(db, id) }
    }

    static func sheet(_ db: Database, _ id: Int64) throws -> StoredSheet? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sheets WHERE expert_id = ?", arguments: [id]) else { return nil }
        let json: String = row["content"]
        let content = (try? JSONDecoder().decode(SheetContent.self, from: Data(json.utf8))) ?? SheetContent()
        return StoredSheet(expert: id, version: row["version"], content: content, submittedAt: row["submitted_at"])
    }

    public func sheets(evaluation: Int64) throws -> [Int64: StoredSheet] {
        try db.read { db in
            var out: [Int64: StoredSheet] = [:]
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM experts WHERE evaluation_id = ?", arguments: [evaluation]) {
                out[id] = try Self.sheet(db, id)
            }
            return out
        }
    }

    /// Saves a sheet if `version` is the stored one (else the caller lost the race and is told).
    /// `submit` locks it in the same transaction.
    public func saveSheet(expert id: Int64, content: SheetContent, version: Int, actor: String, submit: Bool = false) throws -> SaveOutcome {
        try db.write { db in
            guard let current = try Self.sheet(db, id),
                  let e = try Row.fetchOne(db, sql: "SELECT * FROM experts WHERE id = ?", arguments: [id]).map(Self.expert) else { return .notFound }
            if current.submitted { return .locked }
            guard current.version == version else { return .conflict(current: current.version) }
            let new = content.json, old = current.content.json
            try db.execute(sql: "UPDATE sheets SET content = ?, version = ?, updated_at = ?\(submit ? ", submitted_at = ?" : "") WHERE expert_id = ?",
                           arguments: submit ? [new, version + 1, Self.now(), Self.now(), id] : [new, version + 1, Self.now(), id])
            for change in content.changes(from: current.content) {
                try Self.event(db, actor: actor, evaluation: e.evaluation, action: "修改评分", subject: "\(e.name) \(change.field)", old: change.old, new: change.new)
            }
            if submit { try Self.event(db, actor: actor, evaluation: e.evaluation, action: "提交评分表", subject: e.name, old: "未提交", new: "已提交（锁定）") }
            _ = old
            return .saved(version: version + 1)
        }
    }

    /// Unlocks a submitted sheet, recording the reason.
    public func unlock(expert id: Int64, reason: String) throws -> Bool {
        try db.write { db in
            guard let e = try Row.fetchOne(db, sql: "SELECT * FROM experts WHERE id = ?", arguments: [id]).map(Self.expert) else { return false }
            try db.execute(sql: "UPDATE sheets SET submitted_at = NULL, version = version + 1 WHERE expert_id = ? AND submitted_at IS NOT NULL", arguments: [id])
            guard db.changesCount > 0 else { return false }
            try Self.event(db, actor: "主持人", evaluation: e.evaluation, action: "解锁评分表", subject: e.name, old: "已提交（锁定）", new: "解锁：\(reason)")
            return true
        }
    }
}

extension WorkspaceStore {
    /// An imported expert starts without a usable link; the chair makes one when handing it out.
    func revokeSilently(expert id: Int64) throws {
        try db.write { db in try db.execute(sql: "UPDATE experts SET token_hash = NULL WHERE id = ?", arguments: [id]) }
    }
}

extension WorkspaceStore {
    /// Records an event of its own (an export, a certificate issued).
    public func record(evaluation: Int64?, actor: String, action: String, subject: String = "", new: String? = nil) throws {
        try db.write { db in try Self.event(db, actor: actor, evaluation: evaluation, action: action, subject: subject, new: new) }
    }
}
