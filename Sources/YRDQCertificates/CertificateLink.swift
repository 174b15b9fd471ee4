import Foundation
import YRDQCore

/// The QR code's link to the bureau's verification page: the page's address, `#`, and the
/// certificate's QR text (`SignedCertificate.qrText`) percent-encoded. The fragment never
/// reaches a server; the page reads it in the browser.
///
/// In the fragment only the unreserved characters of RFC 3986 (`A–Z a–z 0–9 - . _ ~`) stand
/// as themselves; every other byte of the UTF-8 text is `%` and two upper-case hex digits.
/// So a scanner finds nothing in the link that ends or breaks a URL (no `|`, no raw Chinese),
/// and a browser keeps the fragment exactly as written. One certificate and one address give
/// exactly one link: a fragment spelt otherwise (`%7c`, `%41` for `A`, a raw `|`) is refused,
/// and so is an address that `VerificationPageAddress` refuses.
public enum CertificateLink {
    /// The link for `certificate` on the page at `address` (an address `VerificationPageAddress` accepts).
    public static func link(_ certificate: SignedCertificate, page address: String) -> String {
        address + "#" + encode(certificate.qrText)
    }

    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): return true
        default: return false
        }
    }

    static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// The fragment for `text`: unreserved bytes as they are, every other byte `%XX`.
    public static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        for b in text.utf8 {
            if isUnreserved(b) { out.append(b) } else { out += [UInt8(ascii: "%"), hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` looks like a link (it is then read as one, and refused if it is not a good one).
    public static func isLink(_ text: String) -> Bool {
        text.hasPrefix("https://") || text.hasPrefix("http://")
    }

    /// The page address and the QR text of a link, or what is wrong with it.
    public static func split(_ link: String) throws(FormatProblem) -> (page: String, text: String) {
        guard let hash = link.firstIndex(of: "#") else {
            throw FormatProblem("链接中没有“#”及其后的证书内容：这不是证书二维码中的核验链接")
        }
        let page = String(link[..<hash])
        if let problem = VerificationPageAddress.problem(page) {
            throw FormatProblem("核验链接的页面地址不规范：\(problem)")
        }
        let fragment = Array(link[link.index(after: hash)...].utf8)
        var bytes: [UInt8] = []
        var i = 0
        while i < fragment.count {
            let b = fragment[i]
            if b == UInt8(ascii: "%"), i + 2 < fragment.count,
               let hi = hexDigits.firstIndex(of: fragment[i + 1]), let lo = hexDigits.firstIndex(of: fragment[i + 2]) {
                bytes.append(UInt8(hi * 16 + lo))
                i += 3
            } else if isUnreserved(b) {
                bytes.append(b)
                i += 1
            } else {
                throw FormatProblem("核验链接“#”之后的证书内容编码不规范（只用字母、数字和 -._~，其余字节一律写作 % 加两位大写十六进制数字）")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FormatProblem("核验链接“#”之后的证书内容不是 UTF-8 文本")
        }
        // One text, one fragment: "%41" for "A", or an escaped "-", decodes the same but is not what `encode` writes.
        guard encode(text) == String(decoding: fragment, as: UTF8.self) else {
            throw FormatProblem("核验链接“#”之后的证书内容不是规范写法（字母、数字和 -._~ 照原样，其余字节写作 % 加两位大写十六进制数字）")
        }
        return (page, text)
    }
}
