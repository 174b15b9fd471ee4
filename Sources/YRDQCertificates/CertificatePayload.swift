import Foundation
import YRDQCore

/// Reading a certificate back from the QR text or the data file (`.cert.json`), accepting
/// only what `SignedCertificate` writes: one certificate has exactly one QR text and one
/// set of members, so that nothing can be added to or hidden in a genuine one.
///
/// - The QR code's link (`CertificateLink`): the page's address, `#`, the QR text percent-encoded
///   exactly as `CertificateLink.encode` writes it.
/// - QR text: `YRDQ1|` and exactly ten fields and the signature; in the fields only the
///   escapes `%25 %7C %0A %0D` (upper case), no raw line break.
/// - Data file: strict JSON (`StrictJSON`: no duplicate member), exactly the members
///   `format`, `data` (exactly the ten fields, strings), `signature` and `qr`, and `qr`
///   must be the QR text of that data and signature, character for character.
/// - The signature in canonical base64url (`Base64URL.decode`).
public enum CertificatePayload {
    public static let prefix = "YRDQ1|"
    /// The format tag of the data file.
    public static let fileFormat = "yrdq-certificate-1"
    /// The most a certificate may take, as a file or as text on the command line (64 KiB;
    /// a certificate is well under 2 KiB).
    public static let maximumBytes = 64 * 1024

    static let fileMembers = ["format", "data", "signature", "qr"]

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "%": out += "%25"
            case "|": out += "%7C"
            case "\n": out += "%0A"
            case "\r": out += "%0D"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A field of the QR text, unescaped; only the four escapes `escape` writes are accepted.
    static func unescape(_ s: String, field: String) throws(FormatProblem) -> String {
        // By scalar: a "%" glued to a combining mark is one Character, but still a "%".
        guard s.unicodeScalars.contains("%") else { return s }
        var out = ""
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let ch = scalars[i]
            if ch != "%" { out.unicodeScalars.append(ch); i += 1; continue }
            let code = String(String.UnicodeScalarView(scalars[(i + 1)..<min(i + 3, scalars.count)]))
            switch code {
            case "25": out += "%"
            case "7C": out += "|"
            case "0A": out += "\n"
            case "0D": out += "\r"
            default:
                throw FormatProblem("二维码内容的字段 \(field) 中有不规范的转义“%\(TerminalText.value(code))”（只允许 %25、%7C、%0A、%0D，大写）")
            }
            i += 3
        }
        return out
    }

    /// Reads a certificate from the QR text, the data file's JSON, or a file holding either;
    /// nil for anything else (see `read` for the reason).
    public static func parse(_ text: String) -> SignedCertificate? { try? read(text) }

    /// Reads a certificate from the QR text or the data file's JSON (surrounding white space
    /// ignored), or says what is wrong with it.
    public static func read(_ text: String) throws(FormatProblem) -> SignedCertificate {
        try readWithPage(text).certificate
    }

    /// The same, with the verification page's address when the text is the QR code's link
    /// (`CertificateLink`: the address, `#`, the QR text percent-encoded; nil for the other forms).
    public static func readWithPage(_ text: String) throws(FormatProblem) -> (certificate: SignedCertificate, page: String?) {
        guard text.utf8.count <= maximumBytes else {
            throw FormatProblem("证书内容过大（\(text.utf8.count) 字节，超过 \(maximumBytes / 1024) KB），不是 yrdq 证书")
        }
        // A byte order mark, as some editors write one, is not part of either form.
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if isQRText(trimmed) { return (try readQR(trimmed), nil) }
        if CertificateLink.isLink(trimmed) {
            let (page, inner) = try CertificateLink.split(trimmed)
            guard isQRText(inner) else {
                throw FormatProblem("核验链接“#”之后不是 yrdq 证书的二维码内容（解码后应以 YRDQ1| 开头）")
            }
            return (try readQR(inner), page)
        }
        if trimmed.hasPrefix("{") { return (try readFile(Array(body.utf8)), nil) }
        throw FormatProblem("不是 yrdq 证书的二维码内容（应以 YRDQ1| 开头，或为证书二维码中的核验链接 https://…#YRDQ1…）或证书数据文件（.cert.json，JSON 对象）")
    }

    /// Whether `text` begins as a QR text does (by scalar: `YRDQ1|` before a combining mark too).
    public static func isQRText(_ text: String) -> Bool { text.unicodeScalars.starts(with: prefix.unicodeScalars) }

    static func readQR(_ text: String) throws(FormatProblem) -> SignedCertificate {
        if text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            throw FormatProblem("二维码内容中间有换行（字段中的换行应写作 %0A、%0D）；二维码内容只有一行")
        }
        // Split by scalar, as `qrText` joins: a "|" before a combining mark is one Character.
        let parts = text.unicodeScalars.split(separator: "|", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        let expected = CertificateData.fieldNames.count + 2
        guard parts.count == expected else {
            throw FormatProblem("二维码内容应有 \(expected) 段（YRDQ1、\(CertificateData.fieldNames.count) 个字段和签名，以“|”分隔），实际是 \(parts.count) 段")
        }
        var fields: [String] = []
        for (name, raw) in zip(CertificateData.fieldNames, parts[1..<(parts.count - 1)]) {
            fields.append(try unescape(raw, field: name))
        }
        let signature = try decodeSignature(parts[parts.count - 1])
        let certificate = SignedCertificate(data: CertificateData(fields: fields)!, signature: signature)
        // One certificate, one text: what was read must be what `qrText` writes, scalar for scalar
        // (Swift's == would take an NFD spelling, or a raw "%" before a combining mark, for it).
        guard sameText(certificate.qrText, text) else {
            throw FormatProblem("二维码内容不是该证书的规范写法（字段中的 %、|、换行须转义为 %25、%7C、%0A、%0D，其余字符照原样）")
        }
        return certificate
    }

    /// Whether two texts are the same sequence of Unicode scalars (not merely canonically equivalent).
    static func sameText(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.elementsEqual(b.unicodeScalars)
    }

    /// A signature's bytes from canonical base64url; a problem saying what is allowed otherwise.
    static func decodeSignature(_ text: String, what: String = "签名") throws(FormatProblem) -> Data {
        guard let data = Base64URL.decode(text) else {
            let shown = text.count > 100 ? String(text.prefix(100)) + "…" : text
            throw FormatProblem("\(what)“\(TerminalText.value(shown))”不是规范的 base64url 文本（只用 A–Z、a–z、0–9、-、_，不加“=”，末位字符中未用的比特须为 0）")
        }
        return data
    }

    static func readFile(_ bytes: [UInt8]) throws(FormatProblem) -> SignedCertificate {
        let json = try StrictJSON(bytes)
        let what = "证书数据文件"
        let o = try json.file(format: fileFormat, names: fileMembers, what: what)
        let d = try json.members(of: o["data"]!, at: "/data", names: CertificateData.fieldNames, what: "证书数据（data）")
        var fields: [String] = []
        for name in CertificateData.fieldNames {
            fields.append(try json.string(d, name, at: "/data", what: "证书数据（data）"))
        }
        let signatureText = try json.string(o, "signature", at: "", what: what)
        let signature: Data
        do {
            signature = try decodeSignature(signatureText)
        } catch {
            throw json.problem(error.message, at: "/signature")
        }
        let certificate = SignedCertificate(data: CertificateData(fields: fields)!, signature: signature)
        let qr = try json.string(o, "qr", at: "", what: what)
        guard sameText(qr, certificate.qrText) else {
            var problem = json.problem("\(what)的二维码内容（qr）与其中的证书数据（data）和签名（signature）不一致；二维码内容必须与数据逐字相同", at: "/qr")
            problem.isAlteration = true
            throw problem
        }
        return certificate
    }
}
