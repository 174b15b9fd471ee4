import Crypto
import Foundation
import YRDQCore

/// A signed list of revoked and suspended certificates, for publication: a verifier
/// holding the bureau's public key checks a certificate's status without calling it.
public struct StatusList: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var serial: String
        public var id: String
        public var status: CertificateStatus
        /// The date of the change ("2026-12-01").
        public var since: String
        public var reason: String

        public init(serial: String, id: String, status: CertificateStatus, since: String, reason: String) {
            self.serial = serial; self.id = id; self.status = status; self.since = since; self.reason = reason
        }

        var json: JSONValue {
            .object(["serial": .string(serial), "id": .string(id), "status": .string(status.rawValue),
                     "since": .string(since), "reason": .string(reason)])
        }

        static let members = ["serial", "id", "status", "since", "reason"]
    }

    /// The list's date of issue ("2026-12-01").
    public var date: String
    public var key: String
    public var entries: [Entry]

    public init(date: String, key: String, entries: [Entry]) {
        self.date = date; self.key = key; self.entries = entries.sorted { $0.serial < $1.serial }
    }

    var json: JSONValue {
        .object(["format": .string("yrdq-status-list-1"), "date": .string(date), "key": .string(key),
                 "entries": .array(entries.map(\.json))])
    }

    var signedBytes: Data { Data(("YRDQ-status-list-1\n" + json.canonical).utf8) }

    /// The file to publish: the list and its signature.
    public func signedFile(with key: Curve25519.Signing.PrivateKey) throws -> String {
        guard case .object(var members) = json else { return "" }
        members["signature"] = .string(Base64URL.encode(try key.signature(for: signedBytes)))
        return JSONValue.object(members).pretty
    }

    /// The most a status list file may take (4 MiB: tens of thousands of entries).
    public static let maximumBytes = 4 * 1024 * 1024
    public static let fileFormat = "yrdq-status-list-1"
    static let fileMembers = ["format", "date", "key", "entries", "signature"]

    public enum ReadError: Error, Equatable {
        /// Not a status list as `signedFile` writes it (`problem(in:)` says what is wrong, and where).
        case malformed
        case otherKey
        case badSignature
    }

    /// What makes `data` not a status list as `signedFile` writes it, or nil (the signature is not checked).
    public static func problem(in data: Data) -> FormatProblem? {
        do { _ = try parse([UInt8](data)); return nil } catch { return error }
    }

    /// Reads a published list (strictly: no duplicate or unknown member, the signature in
    /// canonical base64url) and checks its signature against the bureau's key.
    public static func read(_ data: Data, key: Curve25519.Signing.PublicKey) -> Result<StatusList, ReadError> {
        let parsed: (StatusList, Data)
        do {
            parsed = try parse([UInt8](data))
        } catch {
            return .failure(.malformed)
        }
        let (list, signature) = parsed
        guard key.isValidSignature(signature, for: list.signedBytes) else {
            return .failure(list.key == SigningKeys.keyID(key) ? .badSignature : .otherKey)
        }
        guard list.key == SigningKeys.keyID(key) else { return .failure(.otherKey) }
        return .success(list)
    }

    static func parse(_ bytes: [UInt8]) throws(FormatProblem) -> (StatusList, Data) {
        guard bytes.count <= maximumBytes else {
            throw FormatProblem("状态列表过大（超过 \(maximumBytes / 1024 / 1024) MB）")
        }
        let json = try StrictJSON(bytes)
        let what = "状态列表"
        let o = try json.file(format: fileFormat, names: fileMembers, what: what)
        let date = try json.string(o, "date", at: "", what: what)
        try isoDate(date, json, at: "/date", what: "\(what)的日期（date）")
        let keyID = try json.string(o, "key", at: "", what: what)
        guard let items = o["entries"]?.array else { throw json.problem("\(what)的成员“entries”应为数组", at: "/entries") }
        var entries: [Entry] = []
        // One entry per certificate: with two, which one a verifier believes would depend on its order.
        var seenSerials: [String: Int] = [:], seenIDs: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            let path = "/entries/\(i)"
            let label = "状态列表第 \(i + 1) 条"
            let e = try json.members(of: item, at: path, names: Entry.members, what: label)
            var values: [String] = []
            for name in Entry.members { values.append(try json.string(e, name, at: path, what: label)) }
            guard let status = CertificateStatus(rawValue: values[2]), status != .valid else {
                throw json.problem("\(label)的状态（status）应为 revoked 或 suspended，实际是“\(TerminalText.value(values[2]))”", at: path + "/status")
            }
            try isoDate(values[3], json, at: path + "/since", what: "\(label)的日期（since）")
            if let first = seenSerials[values[0]] ?? seenIDs[values[1]] {
                throw json.problem("\(label)与第 \(first + 1) 条是同一张证书（编号“\(TerminalText.value(values[0]))”）；每张证书在状态列表中只能有一条", at: path)
            }
            seenSerials[values[0]] = i
            seenIDs[values[1]] = i
            entries.append(Entry(serial: values[0], id: values[1], status: status, since: values[3], reason: values[4]))
        }
        let signatureText = try json.string(o, "signature", at: "", what: what)
        let signature: Data
        do {
            signature = try CertificatePayload.decodeSignature(signatureText, what: "状态列表的签名")
        } catch {
            throw json.problem(error.message, at: "/signature")
        }
        var list = StatusList(date: date, key: keyID, entries: [])
        list.entries = entries  // in the order signed
        return (list, signature)
    }

    /// Refuses a date that is not `YYYY-MM-DD` as `signedFile` writes it.
    static func isoDate(_ text: String, _ json: StrictJSON, at path: String, what: String) throws(FormatProblem) {
        guard let d = CivilDate(parsing: text), d.description == text else {
            throw json.problem("\(what)应为 YYYY-MM-DD 格式的日期，实际是“\(TerminalText.value(String(text.prefix(40))))”", at: path)
        }
    }

    public func entry(for certificate: CertificateData) -> Entry? {
        entries.first { $0.serial == certificate.serial && $0.id == certificate.id }
    }
}
