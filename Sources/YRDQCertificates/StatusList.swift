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

        init?(json: JSONValue) {
            guard let o = json.object, let serial = o["serial"]?.string, let id = o["id"]?.string,
                  let s = o["status"]?.string, let status = CertificateStatus(rawValue: s), status != .valid,
                  let since = o["since"]?.string, let reason = o["reason"]?.string, o.count == 5 else { return nil }
            self.init(serial: serial, id: id, status: status, since: since, reason: reason)
        }
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

    public enum ReadError: Error, Equatable {
        case malformed
        case otherKey
        case badSignature
    }

    /// Reads a published list and checks its signature against the bureau's key.
    public static func read(_ data: Data, key: Curve25519.Signing.PublicKey) -> Result<StatusList, ReadError> {
        guard let json = JSONValue.parse(data), let o = json.object, o["format"]?.string == "yrdq-status-list-1",
              let date = o["date"]?.string, let keyID = o["key"]?.string, let list = o["entries"]?.array,
              let sig = o["signature"]?.string.flatMap(Base64URL.decode), o.count == 5 else { return .failure(.malformed) }
        var entries: [Entry] = []
        for item in list {
            guard let e = Entry(json: item) else { return .failure(.malformed) }
            entries.append(e)
        }
        var parsed = StatusList(date: date, key: keyID, entries: [])
        parsed.entries = entries
        guard key.isValidSignature(sig, for: parsed.signedBytes) else {
            return .failure(keyID == SigningKeys.keyID(key) ? .badSignature : .otherKey)
        }
        guard keyID == SigningKeys.keyID(key) else { return .failure(.otherKey) }
        return .success(parsed)
    }

    public func entry(for certificate: CertificateData) -> Entry? {
        entries.first { $0.serial == certificate.serial && $0.id == certificate.id }
    }
}
