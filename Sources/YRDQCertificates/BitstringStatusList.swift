import Crypto
import Foundation
import YRDQCore

/// Where the bureau publishes its Bitstring Status List credentials: a base address
/// ("https://portal.example/yrdq/"), from `--credential-base`. Each credential's status
/// entries name the two lists under it, which `certificate status-list` writes beside its
/// own file; so the folder is published at this address as it is.
public struct CredentialBase: Sendable, Equatable {
    /// The address, ending in "/".
    public let url: String

    /// Refuses anything but an absolute http(s) address without query or fragment, in
    /// visible ASCII (an address with a space or a line break would name another list).
    public init(_ text: String) throws(InputErrors) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let lower = t.lowercased()
        let scheme = lower.hasPrefix("https://") ? "https://" : lower.hasPrefix("http://") ? "http://" : nil
        let rest = scheme.map { t.dropFirst($0.count) } ?? ""
        let host = rest.prefix { $0 != "/" }
        guard scheme != nil, !host.isEmpty,
              t.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
              !t.contains("?"), !t.contains("#"), !t.contains("\\") else {
            throw InputErrors([Diagnostic(.error, "--credential-base 应为状态列表发布地址，以 https:// 或 http:// 开头、不含空格、“?”和“#”，如 https://portal.example/yrdq/；实际是“\(TerminalText.value(String(text.prefix(80))))”")])
        }
        url = t.hasSuffix("/") ? t : t + "/"
    }

    /// The address of the list for `purpose`.
    public func list(_ purpose: StatusPurpose) -> String { url + purpose.fileName }
}

/// The two purposes a Bitstring Status List entry may have that yrdq uses.
public enum StatusPurpose: String, Sendable, CaseIterable {
    case revocation, suspension

    /// The file name of the list, beside the yrdq status list: "status-revocation.vc.json".
    public var fileName: String { "status-\(rawValue).vc.json" }

    /// The register's status that sets this list's bit.
    public var status: CertificateStatus { self == .revocation ? .revoked : .suspended }
}

/// The Bitstring Status List v1.0 (W3C): a list of bits, one per credential at its
/// `statusListIndex` (index 0 the left-most bit of the first byte), at least 16 KB
/// (131 072 entries, so that one credential hides among many), GZIP-compressed and
/// written as multibase base64url without padding ("u…").
public enum BitstringStatusList {
    public static let minimumEntries = 131_072
    /// A list larger than this (16 M entries, 2 MB) is not read.
    public static let maximumBytes = 2 * 1024 * 1024
    public static let credentialType = "BitstringStatusListCredential"
    public static let listType = "BitstringStatusList"
    public static let entryType = "BitstringStatusListEntry"

    /// The encodedList with the bits at `indices` set.
    public static func encode(setting indices: Set<Int>, entries: Int = minimumEntries) -> String {
        var bytes = [UInt8](repeating: 0, count: entries / 8)
        for i in indices where i >= 0 && i < entries { bytes[i / 8] |= 0x80 >> UInt8(i % 8) }
        return "u" + Base64URL.encode(Gzip.compress(Data(bytes)))
    }

    /// The bytes of an encodedList; a text that is not multibase base64url GZIP of at least 16 KB is refused.
    public static func decode(_ encoded: String) throws(FormatProblem) -> [UInt8] {
        guard encoded.hasPrefix("u"), let compressed = Base64URL.decode(String(encoded.dropFirst())) else {
            throw FormatProblem("状态列表凭证的 encodedList 应为 multibase base64url（u…）编码，且不带填充")
        }
        let bytes: Data
        do {
            bytes = try Gzip.decompress(compressed, maximumBytes: maximumBytes)
        } catch .tooLarge {
            throw FormatProblem("状态列表凭证的 encodedList 解压后超过 \(maximumBytes / 1024 / 1024) MB")
        } catch {
            throw FormatProblem("状态列表凭证的 encodedList 不是有效的 GZIP 数据")
        }
        guard bytes.count >= minimumEntries / 8 else {
            throw FormatProblem("状态列表凭证的位串只有 \(bytes.count) 字节，少于规范要求的 16 KB（\(minimumEntries) 项）")
        }
        return [UInt8](bytes)
    }

    /// Whether the bit at `index` is set; nil when the list has no such bit.
    public static func bit(_ bytes: [UInt8], at index: Int) -> Bool? {
        guard index >= 0, index / 8 < bytes.count else { return nil }
        return bytes[index / 8] & (0x80 >> UInt8(index % 8)) != 0
    }

    /// The unsigned status list credential for `purpose`, dated `date`, the bits at `indices` set.
    public static func credential(_ purpose: StatusPurpose, base: CredentialBase, issuer: Curve25519.Signing.PublicKey,
                                  date: CivilDate, indices: Set<Int>) -> [String: JSONValue] {
        let id = base.list(purpose)
        return [
            "@context": .array([.string(DesignationCredential.context)]),
            "id": .string(id),
            "type": .array([.string("VerifiableCredential"), .string(credentialType)]),
            "issuer": .string(DIDKey.did(issuer)),
            "validFrom": .string(DesignationCredential.dateTime(date.description)),
            "credentialSubject": .object([
                "id": .string(id + "#list"),
                "type": .string(listType),
                "statusPurpose": .string(purpose.rawValue),
                "encodedList": .string(encode(setting: indices)),
            ]),
        ]
    }

    /// The file to publish: the credential with its `eddsa-jcs-2022` proof.
    public static func signedFile(_ purpose: StatusPurpose, base: CredentialBase, key: Curve25519.Signing.PrivateKey,
                                  date: CivilDate, indices: Set<Int>) throws -> String {
        let document = credential(purpose, base: base, issuer: key.publicKey, date: date, indices: indices)
        return JSONValue.object(try EdDSAJCS2022.sign(document, with: key)).pretty
    }

    /// A status list credential as read and checked.
    public struct Read: Sendable, Equatable {
        public var id: String
        public var purpose: StatusPurpose
        /// "2026-12-01": the day of validFrom.
        public var date: String
        public var bits: [UInt8]
    }

    /// Reads a status list credential and checks its proof against the bureau's key.
    public static func read(_ data: [UInt8], key: Curve25519.Signing.PublicKey) throws(FormatProblem) -> (Read, CertificateSigner.Verdict) {
        let what = "状态列表凭证"
        let json = try StrictJSON(data)
        guard let o = json.value.object else { throw FormatProblem("\(what)应为 JSON 对象") }
        try DesignationCredential.checkContext(o, what: what)
        guard let types = o["type"]?.array?.compactMap(\.string), types.contains(credentialType) else {
            throw FormatProblem("不是 Bitstring 状态列表凭证（type 中没有 \(credentialType)）")
        }
        guard let id = o["id"]?.string else { throw FormatProblem("\(what)缺少 id") }
        let date = try DesignationCredential.day(of: o["validFrom"]?.string, what: what)
        guard let subject = o["credentialSubject"]?.object, subject["type"]?.string == listType else {
            throw FormatProblem("\(what)的 credentialSubject 应为 \(listType)")
        }
        guard let purposeText = subject["statusPurpose"]?.string, let purpose = StatusPurpose(rawValue: purposeText) else {
            throw FormatProblem("\(what)的 statusPurpose 应为 revocation 或 suspension")
        }
        guard let encoded = subject["encodedList"]?.string else { throw FormatProblem("\(what)缺少 encodedList") }
        let verdict = try EdDSAJCS2022.verify(o, with: key, what: what)
        // Decoded after the proof: a forged list is reported as such, not as a bad encoding.
        let bits = verdict == .genuine ? try decode(encoded) : []
        return (Read(id: id, purpose: purpose, date: date, bits: bits), verdict)
    }
}
