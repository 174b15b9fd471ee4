import Crypto
import Foundation
import YRDQCore

/// The designation as a W3C Verifiable Credential (Data Model 2.0), written beside the
/// certificate for wallets and verifiers outside yrdq: the bureau as issuer (its key as a
/// `did:key`, its name), the pilot as subject (name, region, title granted, total, the
/// evaluation digest), `validFrom` the date of issue (00:00 China Standard Time), two
/// `BitstringStatusListEntry` status entries (revocation and suspension, the same index in
/// both lists), and an `eddsa-jcs-2022` Data Integrity proof.
///
/// Every value is a string: the total is the decimal text printed on the certificate
/// ("89.39"), which JCS writes as it is (a JSON number would be printed by ECMAScript rules
/// and could read back as 89.39000000000001 elsewhere).
public enum DesignationCredential {
    public static let context = "https://www.w3.org/ns/credentials/v2"
    public static let type = "YRDQDesignationCredential"

    /// The credential's date and time for a date of issue: "2026-11-20T00:00:00+08:00".
    static func dateTime(_ date: String) -> String { date + "T00:00:00+08:00" }

    /// The date in a `dateTime` text as written here, or a format problem.
    static func day(of text: String?, what: String) throws(FormatProblem) -> String {
        guard let text, text.hasSuffix("T00:00:00+08:00"), let d = CivilDate(parsing: String(text.dropLast(15))),
              d.description + "T00:00:00+08:00" == text else {
            throw FormatProblem("\(what)的 validFrom 应为 YYYY-MM-DDT00:00:00+08:00，实际是“\(TerminalTextValue.of(text ?? ""))”")
        }
        return d.description
    }

    static func checkContext(_ o: [String: JSONValue], what: String) throws(FormatProblem) {
        guard let list = o["@context"]?.array, list.first?.string == context else {
            throw FormatProblem("\(what)的 @context 应为以 \(context) 开头的数组（W3C 可验证凭证 2.0）")
        }
    }

    /// One status entry of a credential.
    public struct StatusEntry: Sendable, Equatable {
        public var purpose: StatusPurpose
        public var index: Int
        /// The status list credential's address.
        public var list: String

        var json: JSONValue {
            .object(["id": .string(list + "#\(index)"), "type": .string(BitstringStatusList.entryType),
                     "statusPurpose": .string(purpose.rawValue), "statusListIndex": .string(String(index)),
                     "statusListCredential": .string(list)])
        }
    }

    /// The credential, unsigned.
    public static func document(_ data: CertificateData, issuer: Curve25519.Signing.PublicKey, base: CredentialBase,
                                index: Int) -> [String: JSONValue] {
        let status = StatusPurpose.allCases.map { StatusEntry(purpose: $0, index: index, list: base.list($0)).json }
        return [
            "@context": .array([.string(context)]),
            "type": .array([.string("VerifiableCredential"), .string(type)]),
            "name": .string(data.title),
            "serial": .string(data.serial),
            "certificateId": .string(data.id),
            "issuer": .object(["id": .string(DIDKey.did(issuer)), "name": .string(data.bureau)]),
            "validFrom": .string(dateTime(data.date)),
            "credentialSubject": .object([
                "type": .string("YRDQPilot"),
                "name": .string(data.pilot), "region": .string(data.region), "title": .string(data.title),
                "total": .string(data.total), "evaluation": .string(data.evaluation),
            ]),
            "credentialStatus": .array(status),
        ]
    }

    /// The file written beside the certificate (`<name>.vc.json`): the credential and its proof.
    public static func signedFile(_ data: CertificateData, key: Curve25519.Signing.PrivateKey, base: CredentialBase,
                                  index: Int) throws -> String {
        JSONValue.object(try EdDSAJCS2022.sign(document(data, issuer: key.publicKey, base: base, index: index), with: key)).pretty
    }

    /// Whether a text is meant as a credential (a JSON object with an @context), not a yrdq
    /// certificate: read leniently, so that `read` says what is wrong with one (a number, a
    /// duplicate member) rather than the certificate reader.
    public static func isCredential(_ text: String) -> Bool {
        guard let o = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return false }
        return o["@context"] != nil
    }

    /// A credential as read: what it states, as certificate data (for the same display and
    /// status checks as a certificate), and its status entries.
    public struct Read: Sendable, Equatable {
        public var data: CertificateData
        public var status: [StatusEntry]
    }

    /// Reads a designation credential and checks its proof against the bureau's key.
    public static func read(_ text: String, key: Curve25519.Signing.PublicKey) throws(FormatProblem) -> (Read, CertificateSigner.Verdict) {
        let what = "可验证凭证"
        let json = try StrictJSON([UInt8](text.utf8))
        guard let o = json.value.object else { throw FormatProblem("\(what)应为 JSON 对象") }
        try checkContext(o, what: what)
        guard let types = o["type"]?.array?.compactMap(\.string), types.contains("VerifiableCredential"), types.contains(type) else {
            throw FormatProblem("不是 yrdq 签发的示范称号凭证（type 应含 VerifiableCredential 和 \(type)）")
        }
        func string(_ object: [String: JSONValue]?, _ name: String, _ label: String) throws(FormatProblem) -> String {
            guard let s = object?[name]?.string else { throw FormatProblem("\(what)缺少字符串成员“\(label)”") }
            return s
        }
        let subject = o["credentialSubject"]?.object
        let issuer = o["issuer"]?.object
        let issuerID = try string(issuer, "id", "issuer.id")
        let issuerKey = DIDKey.publicKey(verificationMethod: issuerID + "#" + issuerID.dropFirst("did:key:".count))
        let date = try day(of: o["validFrom"]?.string, what: what)
        let data = CertificateData(
            serial: try string(o, "serial", "serial"), pilot: try string(subject, "name", "credentialSubject.name"),
            region: try string(subject, "region", "credentialSubject.region"), title: try string(subject, "title", "credentialSubject.title"),
            bureau: try string(issuer, "name", "issuer.name"), date: date, total: try string(subject, "total", "credentialSubject.total"),
            evaluation: try string(subject, "evaluation", "credentialSubject.evaluation"),
            id: try string(o, "certificateId", "certificateId"), key: issuerKey.map(SigningKeys.keyID) ?? "")
        var entries: [StatusEntry] = []
        let statusItems: [JSONValue] = o["credentialStatus"].map { $0.array ?? [$0] } ?? []
        for (i, item) in statusItems.enumerated() {
            let label = "\(what)的第 \(i + 1) 个状态项（credentialStatus）"
            guard let e = item.object, e["type"]?.string == BitstringStatusList.entryType,
                  let purpose = e["statusPurpose"]?.string.flatMap(StatusPurpose.init(rawValue:)),
                  let indexText = e["statusListIndex"]?.string, let index = Int(indexText), index >= 0, String(index) == indexText,
                  let list = e["statusListCredential"]?.string else {
                throw FormatProblem("\(label)应为 \(BitstringStatusList.entryType)：statusPurpose 为 revocation 或 suspension，statusListIndex 为十进制数字字符串，并有 statusListCredential")
            }
            entries.append(StatusEntry(purpose: purpose, index: index, list: list))
        }
        var verdict = try EdDSAJCS2022.verify(o, with: key, what: what)
        // Signed by this key, it must also name this key as its issuer.
        if verdict == .genuine && issuerID != DIDKey.did(key) { verdict = .altered }
        return (Read(data: data, status: entries), verdict)
    }
}

/// The bureau's public key, as the command line names it.
public typealias BureauPublicKey = Curve25519.Signing.PublicKey
