import Crypto
import Foundation
import GRDB
import YRDQCore

/// What a certificate will say before the register numbers it.
public struct CertificateDraft: Sendable, Equatable {
    public var province: String
    public var year: Int
    public var pilot: String
    public var region: String
    public var title: String
    public var bureau: String
    public var date: CivilDate
    public var total: Points
    public var evaluation: String

    public init(province: String, year: Int, pilot: String, region: String, title: String, bureau: String,
                date: CivilDate, total: Points, evaluation: String) {
        self.province = province; self.year = year; self.pilot = pilot; self.region = region; self.title = title
        self.bureau = bureau; self.date = date; self.total = total; self.evaluation = evaluation
    }

    /// The draft for a panel that the scoring core designated; nil with the reasons otherwise.
    public static func from(panel: Panel, result: PanelResult, rubric: Rubric) throws(InputErrors) -> CertificateDraft {
        var problems: [Diagnostic] = []
        let province = panel.province ?? panel.pilot?.province
        if province == nil { problems.append(Diagnostic(file: panel.source, "缺少省份（province），无法编排证书编号")) }
        if panel.bureau == nil { problems.append(Diagnostic(file: panel.source, "缺少评估单位（bureau），证书需要写明发证机关")) }
        if panel.date == nil { problems.append(Diagnostic(file: panel.source, "缺少评估日期（date），证书需要发证日期")) }
        if panel.pilot == nil { problems.append(Diagnostic(file: panel.source, "缺少试点档案（pilot），证书需要试点名称和区域")) }
        if !problems.isEmpty { throw InputErrors(problems) }
        return CertificateDraft(province: province!, year: panel.date!.year, pilot: panel.pilot!.name,
                                region: panel.pilot!.region, title: rubric.designationTitle, bureau: panel.bureau!,
                                date: panel.date!, total: result.total,
                                evaluation: EvaluationDigest.compute(panel: panel, result: result, rubric: rubric))
    }
}

extension CertificateDraft {
    /// The draft as a certificate may state it, whoever built it: every name NFC and trimmed
    /// (`NameText.cleaned`), and none empty or holding a bidi control or an invisible character
    /// (`NameText.problem`), which could make one pilot's certificate display as another's.
    func checked() throws(InputErrors) -> CertificateDraft {
        var d = self
        var problems: [Diagnostic] = []
        func name(_ value: inout String, _ label: String) {
            if let problem = NameText.problem(value) {
                problems.append(Diagnostic(.error, "证书的\(label)“\(TerminalText.value(value))”\(problem)"))
            }
            value = NameText.cleaned(value)
            if value.isEmpty { problems.append(Diagnostic(.error, "证书的\(label)不能为空")) }
        }
        name(&d.pilot, "试点名称")
        name(&d.region, "试点区域")
        name(&d.bureau, "发证机关")
        name(&d.title, "授予称号")
        name(&d.province, "省份")
        if !problems.isEmpty { throw InputErrors(problems + [Diagnostic(.error, "未签发证书，登记簿未改动")]) }
        return d
    }
}

public enum CertificateStatus: String, Sendable, Equatable, CaseIterable {
    case valid, suspended, revoked

    public var chinese: String {
        switch self {
        case .valid: return "有效"
        case .suspended: return "已暂停"
        case .revoked: return "已撤销"
        }
    }
}

/// One certificate as the register holds it.
public struct RegisteredCertificate: Sendable, Equatable {
    public var certificate: SignedCertificate
    public var status: CertificateStatus
    public var province: String
    public var year: Int
    public var sequence: Int
}

public struct RegisterEvent: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case issued, suspended, reinstated, revoked
        public var chinese: String {
            switch self {
            case .issued: return "签发"
            case .suspended: return "暂停"
            case .reinstated: return "恢复"
            case .revoked: return "撤销"
            }
        }
    }
    public var serial: String
    public var action: Action
    public var date: String
    public var reason: String?
    public var recordedAt: String
}

/// The register of issued certificates: one SQLite file (GRDB). Issuing runs in one
/// `BEGIN IMMEDIATE` transaction, so concurrent issuers wait for each other (busy timeout)
/// and serials stay unique and gap-free per province and year. Rows are never deleted:
/// revocation and suspension are states with a history.
public final class CertificateRegister {
    public let path: String
    let queue: DatabaseQueue
    static var applicationID: Int32 { RegisterSchema.applicationID }
    static var schemaVersion: Int { RegisterSchema.version }

    /// Opens the register; `create` makes a new one where no file exists (and only there).
    /// An existing file must be a register as this version creates it (see `RegisterSchema`):
    /// a folder, a device, an empty or schema-less file or a changed schema is refused, untouched.
    public init(path: String, create: Bool, timeout: TimeInterval = 10) throws(InputErrors) {
        self.path = path
        let timeoutText = CertificateRegister.seconds(timeout)
        self.timeout = timeoutText
        var info = stat()
        if lstat(path, &info) != 0 {
            let code = errno
            guard code == ENOENT else {
                throw InputErrors([Diagnostic(file: path, "无法访问登记簿：\(String(cString: strerror(code)))")])
            }
            guard create else {
                throw InputErrors([Diagnostic(file: path, "登记簿不存在（签发第一张证书时自动创建）")])
            }
            let dir = FilePath.directory(of: path)
            if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) {
                throw InputErrors([Diagnostic(file: path, "登记簿所在目录不存在：\(dir)")])
            }
            try RegisterSchema.createIfMissing(at: path)
        }
        try RegularFile.check(path, what: "登记簿")
        if stat(path, &info) == 0, info.st_size == 0 {
            throw InputErrors([Diagnostic(file: path, "登记簿文件是空的（0 字节），不是 yrdq 证书登记簿（可能已被截断）；未作任何改动。请从备份恢复登记簿（新登记簿只在该路径没有文件时创建）")])
        }
        var config = Configuration()
        config.busyMode = .timeout(timeout)
        config.label = "yrdq-register"
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            if let problem = try queue.read({ db in try RegisterSchema.problem(db, path: path) }) {
                throw InputErrors([Diagnostic(file: path, problem)])
            }
        } catch {
            throw CertificateRegister.explain(error, path: path, timeout: timeoutText)
        }
    }

    let timeout: String

    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() ? String(Int(t)) : String(t)
    }

    /// A user's message for a database error; nothing was changed, since every change is one transaction.
    static func explain(_ error: Error, path: String, timeout: String) -> InputErrors {
        if let e = error as? InputErrors { return e }
        guard let db = error as? DatabaseError else {
            return InputErrors([Diagnostic(file: path, "登记簿出错：\(error)")])
        }
        let detail = db.message ?? "\(db.resultCode)"
        let message: String
        switch db.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            message = "登记簿文件已损坏或不是 SQLite 数据库（\(detail)）；未作任何改动。请从备份恢复登记簿，不要删除或覆盖该文件"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            message = "登记簿被其他程序锁定（database is locked），等待 \(timeout) 秒后仍无法访问；未作任何改动，已签发的证书不受影响，请稍后重试"
        case .SQLITE_READONLY:
            message = "登记簿只读，无法写入（\(detail)）；未作任何改动"
        case .SQLITE_CANTOPEN:
            message = "无法打开登记簿（\(detail)）"
        case .SQLITE_FULL:
            message = "磁盘已满，无法写入登记簿；未作任何改动"
        default:
            message = "登记簿出错（\(detail)）；未作任何改动"
        }
        return InputErrors([Diagnostic(file: path, message)])
    }

    func run<T>(_ body: () throws -> T) throws(InputErrors) -> T {
        do { return try body() } catch { throw CertificateRegister.explain(error, path: path, timeout: timeout) }
    }

    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }

    /// Issues a certificate for `draft`, or returns the one already issued for the same
    /// pilot and evaluation (`isNew` false). The serial is taken, the data signed and the
    /// row written in one immediate transaction.
    public func issue(_ draft: CertificateDraft, format: SerialFormat,
                      key: Curve25519.Signing.PrivateKey) throws(InputErrors) -> (RegisteredCertificate, isNew: Bool) {
        let (entry, isNew, _) = try issue(draft, format: format, key: key, assigningStatusIndex: false)
        return (entry, isNew)
    }

    /// Issues as `issue(_:format:key:)` does and, when `assigningStatusIndex`, assigns the
    /// certificate's status list index (`statusIndex(serial:)`) in the same transaction: the
    /// certificate, its event and its index are registered together or not at all.
    public func issue(_ draft: CertificateDraft, format: SerialFormat, key: Curve25519.Signing.PrivateKey,
                      assigningStatusIndex: Bool) throws(InputErrors) -> (RegisteredCertificate, isNew: Bool, statusIndex: Int?) {
        if format.usesAbbreviation && SerialFormat.abbreviations[draft.province] == nil {
            throw InputErrors([Diagnostic(.error, "省份“\(TerminalText.value(draft.province))”没有简称（已知：\(SerialFormat.abbreviations.keys.sorted().joined(separator: "、"))）；请用 --serial-format 以 {province} 编号")])
        }
        let draft = try draft.checked()
        let keyID = SigningKeys.keyID(key.publicKey)
        return try run {
            var result: (RegisteredCertificate, Bool, Int?)? = nil
            try queue.inTransaction(.immediate) { db in
                try RegisterSchema.migrate(db)
                // The same pilot, however its name is spelled (NameText.identityKey), and the same evaluation.
                let pilotKey = NameText.identityKey(draft.pilot)
                for row in try Row.fetchAll(db, sql: "SELECT * FROM certificate WHERE evaluation = ?", arguments: [draft.evaluation]) {
                    let existing = try CertificateRegister.decode(row)
                    if NameText.identityKey(existing.certificate.data.pilot) == pilotKey {
                        let index = assigningStatusIndex && existing.status == .valid
                            ? try assignStatusIndex(db, serial: existing.certificate.data.serial) : nil
                        result = (existing, false, index)
                        return .commit
                    }
                }
                let last = try Int.fetchOne(db, sql: "SELECT max(sequence) FROM certificate WHERE province = ? AND year = ?",
                                            arguments: [draft.province, draft.year]) ?? 0
                let sequence = last + 1
                let serial = format.render(province: draft.province, year: draft.year, sequence: sequence)
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM certificate WHERE serial = ?", arguments: [serial]) == true {
                    throw InputErrors([Diagnostic(file: path, "证书编号“\(TerminalText.value(serial))”已被占用（编号格式与登记簿中已有编号冲突）；未签发")])
                }
                var idBytes = [UInt8](repeating: 0, count: 9)
                for i in idBytes.indices { idBytes[i] = UInt8.random(in: 0...255) }
                let data = CertificateData(serial: serial, pilot: draft.pilot, region: draft.region, title: draft.title,
                                           bureau: draft.bureau, date: draft.date.description, total: draft.total.fixed2,
                                           evaluation: draft.evaluation, id: Base64URL.encode(Data(idBytes)), key: keyID)
                let signed = try CertificateSigner.sign(data, with: key)
                let now = CertificateRegister.now()
                try db.execute(sql: """
                    INSERT INTO certificate (id, serial, province, year, sequence, pilot, region, title, bureau, date,
                                             total, evaluation, key, signature, status, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'valid', ?)
                    """, arguments: [data.id, serial, draft.province, draft.year, sequence, data.pilot, data.region,
                                     data.title, data.bureau, data.date, data.total, data.evaluation, keyID,
                                     Base64URL.encode(signed.signature), now])
                try db.execute(sql: "INSERT INTO event (serial, action, date, reason, recorded_at) VALUES (?, 'issued', ?, NULL, ?)",
                               arguments: [serial, data.date, now])
                let index = assigningStatusIndex ? try assignStatusIndex(db, serial: serial) : nil
                result = (RegisteredCertificate(certificate: signed, status: .valid, province: draft.province,
                                                year: draft.year, sequence: sequence), true, index)
                return .commit
            }
            return result!
        }
    }

    static func decode(_ row: Row) throws -> RegisteredCertificate {
        let data = CertificateData(serial: row["serial"], pilot: row["pilot"], region: row["region"], title: row["title"],
                                   bureau: row["bureau"], date: row["date"], total: row["total"],
                                   evaluation: row["evaluation"], id: row["id"], key: row["key"])
        let sig: String = row["signature"]
        return RegisteredCertificate(certificate: SignedCertificate(data: data, signature: Base64URL.decode(sig) ?? Data()),
                                     status: CertificateStatus(rawValue: row["status"]) ?? .valid,
                                     province: row["province"], year: row["year"], sequence: row["sequence"])
    }

    /// Every certificate, by province, year and sequence.
    public func all() throws(InputErrors) -> [RegisteredCertificate] {
        try run {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM certificate ORDER BY province, year, sequence").map(CertificateRegister.decode)
            }
        }
    }

    public func find(serial: String) throws(InputErrors) -> RegisteredCertificate? {
        let serial = NameText.cleaned(serial)
        return try run {
            try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM certificate WHERE serial = ?", arguments: [serial]).map(CertificateRegister.decode)
            }
        }
    }

    public func events(serial: String? = nil) throws(InputErrors) -> [RegisterEvent] {
        try run {
            try queue.read { db in
                let rows = serial == nil
                    ? try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY number")
                    : try Row.fetchAll(db, sql: "SELECT * FROM event WHERE serial = ? ORDER BY number", arguments: [serial])
                return rows.map { r in
                    RegisterEvent(serial: r["serial"], action: RegisterEvent.Action(rawValue: r["action"]) ?? .issued,
                                  date: r["date"], reason: r["reason"], recordedAt: r["recorded_at"])
                }
            }
        }
    }

    public enum Change: String, Sendable { case revoke, suspend, reinstate }

    /// Revokes (permanent), suspends or reinstates; records the event with its date and reason.
    @discardableResult
    public func change(_ change: Change, serial: String, reason: String?, date: CivilDate) throws(InputErrors) -> RegisteredCertificate {
        // Serials are stored NFC (SerialFormat); one typed decomposed, or with a space around it, is the same serial.
        let serial = NameText.cleaned(serial)
        return try run {
            var updated: RegisteredCertificate? = nil
            try queue.inTransaction(.immediate) { db in
                try RegisterSchema.migrate(db)
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM certificate WHERE serial = ?", arguments: [serial]) else {
                    throw InputErrors([Diagnostic(file: path, "登记簿中没有编号为“\(TerminalText.value(serial))”的证书")])
                }
                var cert = try CertificateRegister.decode(row)
                let next: CertificateStatus
                let action: RegisterEvent.Action
                switch (change, cert.status) {
                case (_, .revoked):
                    throw InputErrors([Diagnostic(.error, "证书“\(TerminalText.value(serial))”已撤销，撤销是永久的，不能\(change == .revoke ? "再次撤销" : change == .suspend ? "暂停" : "恢复")")])
                case (.revoke, _): next = .revoked; action = .revoked
                case (.suspend, .valid): next = .suspended; action = .suspended
                case (.suspend, .suspended):
                    throw InputErrors([Diagnostic(.error, "证书“\(TerminalText.value(serial))”已处于暂停状态")])
                case (.reinstate, .suspended): next = .valid; action = .reinstated
                case (.reinstate, .valid):
                    throw InputErrors([Diagnostic(.error, "证书“\(TerminalText.value(serial))”未被暂停，无需恢复")])
                }
                if let issued = CivilDate(parsing: cert.certificate.data.date), date < issued {
                    throw InputErrors([Diagnostic(.error, "日期 \(date.chinese) 早于证书的发证日期 \(issued.chinese)")])
                }
                // Events are recorded in the order they happened: none before the last one.
                if let last = try Row.fetchOne(db, sql: "SELECT action, date FROM event WHERE serial = ? ORDER BY date DESC, number DESC LIMIT 1",
                                               arguments: [serial]),
                   let lastDate = CivilDate(parsing: last["date"]), date < lastDate {
                    let what = RegisterEvent.Action(rawValue: last["action"])?.chinese ?? "记录"
                    throw InputErrors([Diagnostic(.error, "日期 \(date.chinese) 早于该证书上一次记录的日期 \(lastDate.chinese)（\(what)）；暂停、恢复、撤销须按时间顺序登记，日期不能早于上一次记录")])
                }
                let now = CertificateRegister.now()
                try db.execute(sql: "UPDATE certificate SET status = ? WHERE serial = ?", arguments: [next.rawValue, serial])
                try db.execute(sql: "INSERT INTO event (serial, action, date, reason, recorded_at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [serial, action.rawValue, date.description, reason, now])
                cert.status = next
                updated = cert
                return .commit
            }
            return updated!
        }
    }

    /// The revoked and suspended certificates, with the date and reason of the change that put
    /// them there, for a list dated `date`: refused when the register holds a later event
    /// (a list dated before it would misstate the status on its own date).
    public func statusEntries(asOf date: CivilDate? = nil) throws(InputErrors) -> [StatusList.Entry] {
        try run {
            try queue.read { db in
                if let date, let last = try Row.fetchOne(db, sql: "SELECT serial, action, date FROM event ORDER BY date DESC, number DESC LIMIT 1"),
                   let lastDate = CivilDate(parsing: last["date"]), date < lastDate {
                    let what = RegisterEvent.Action(rawValue: last["action"])?.chinese ?? "记录"
                    let serial: String = last["serial"]
                    throw InputErrors([Diagnostic(.error, "状态列表的日期 \(date.chinese) 早于登记簿中最后一次记录的日期 \(lastDate.chinese)（证书 \(TerminalText.value(serial)) \(what)）；状态列表的日期不能早于其反映的任何记录")])
                }
                let rows = try Row.fetchAll(db, sql: """
                    SELECT c.serial, c.id, c.status,
                           (SELECT e.date FROM event e WHERE e.serial = c.serial ORDER BY e.number DESC LIMIT 1) AS since,
                           (SELECT e.reason FROM event e WHERE e.serial = c.serial ORDER BY e.number DESC LIMIT 1) AS reason
                    FROM certificate c WHERE c.status IN ('revoked', 'suspended') ORDER BY c.serial
                    """)
                return rows.map { r in
                    StatusList.Entry(serial: r["serial"], id: r["id"], status: CertificateStatus(rawValue: r["status"]) ?? .revoked,
                                     since: r["since"] ?? "", reason: r["reason"] ?? "")
                }
            }
        }
    }

    /// The certificate's index in the Bitstring Status Lists, assigned on first use and kept:
    /// drawn at random among the free ones (Bitstring Status List v1.0 §6.1: an index in
    /// issuing order would tell when a credential was issued, and link neighbours).
    public func statusIndex(serial: String) throws(InputErrors) -> Int {
        try run {
            var index = 0
            try queue.inTransaction(.immediate) { db in
                try RegisterSchema.migrate(db)
                index = try assignStatusIndex(db, serial: serial)
                return .commit
            }
            return index
        }
    }

    /// The index of `serial`, kept or drawn, inside the caller's transaction.
    private func assignStatusIndex(_ db: Database, serial: String) throws -> Int {
        if let existing = try Int.fetchOne(db, sql: "SELECT list_index FROM credential_status WHERE serial = ?", arguments: [serial]) {
            return existing
        }
        let used = Set(try Int.fetchAll(db, sql: "SELECT list_index FROM credential_status"))
        let size = BitstringStatusList.minimumEntries
        guard used.count < size else {
            throw InputErrors([Diagnostic(file: path, "状态列表的 \(size) 个位置已全部分配，无法为证书“\(TerminalText.value(serial))”分配状态列表位置")])
        }
        var index = 0
        repeat { index = Int.random(in: 0..<size) } while used.contains(index)
        try db.execute(sql: "INSERT INTO credential_status (serial, list_index, recorded_at) VALUES (?, ?, ?)",
                       arguments: [serial, index, CertificateRegister.now()])
        return index
    }

    /// The status list indices of the certificates in `status` (none in a register not yet migrated).
    public func statusIndices(_ status: CertificateStatus) throws(InputErrors) -> Set<Int> {
        try run {
            try queue.read { db in
                guard try RegisterSchema.isCurrent(db) else { return [] }
                return Set(try Int.fetchAll(db, sql: """
                    SELECT s.list_index FROM credential_status s JOIN certificate c ON c.serial = s.serial WHERE c.status = ?
                    """, arguments: [status.rawValue]))
            }
        }
    }
}
