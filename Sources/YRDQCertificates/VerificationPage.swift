import Crypto
import Foundation
import YRDQCore

/// The bureau's static verification page (`verify.html`): one self-contained HTML file, from
/// the template `templates/verify-page.html`, with the bureau's public keys and the script
/// (`VerificationPageScript`) that checks a certificate's link in the browser.
///
/// The page loads nothing: its Content-Security-Policy (a `<meta>`, since the page is one file)
/// is `default-src 'none'`, allows the one script and the template's `<style>` elements by their
/// SHA-256 hashes, and lets the script fetch only the status list (`connect-src 'self'`, or the
/// status list's exact address when the page's address is known). The keys stand in a JSON
/// data block, which no browser executes, so that rebuilding the page can read them back and
/// keep every older key beside a new one.
public enum VerificationPage {
    public static let fileName = "verify.html"
    public static let templateFileName = "verify-page.html"
    /// The status list the page fetches, beside it.
    public static let statusListName = "status.json"
    static let keysOpening = "<script type=\"application/json\" id=\"yrdq-keys\">"
    static let placeholders = ["{{csp}}", "{{keys}}", "{{script}}"]

    /// Whether `text` is a page this builds (it holds the keys block).
    public static func isPage(_ text: String) -> Bool { text.contains(keysOpening) }

    /// The page from `template`, with `keys` (in that order) and, when the page's address is
    /// known (`page`, an address `VerificationPageAddress` accepts), its status list's address.
    public static func render(template raw: String, keys: [Curve25519.Signing.PublicKey], page: String? = nil) throws(FormatProblem) -> String {
        // As the browser reads it: its parser turns CR LF and CR into LF before a style is hashed.
        let template = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for p in placeholders {
            let count = template.components(separatedBy: p).count - 1
            guard count == 1 else {
                throw FormatProblem("核验页面模板中占位符 \(p) 应出现且只出现一次，实际出现 \(count) 次")
            }
        }
        if template.range(of: "<script", options: .caseInsensitive) != nil {
            throw FormatProblem("核验页面模板中不能有 <script>：页面的内容安全策略只允许 yrdq 写入的脚本（{{script}}）")
        }
        guard !keys.isEmpty else { throw FormatProblem("核验页面至少需要一个公钥") }
        let script = VerificationPageScript.source
        var policy = ["default-src 'none'", "script-src 'sha256-\(hash(script))'"]
        let styles = styleBodies(template)
        policy.append("style-src " + (styles.isEmpty ? "'none'" : styles.map { "'sha256-\(hash($0))'" }.joined(separator: " ")))
        policy.append("connect-src " + (page.map { statusListAddress(page: $0) } ?? "'self'"))
        policy += ["img-src 'none'", "font-src 'none'", "base-uri 'none'", "form-action 'none'"]
        let keyList = JSONValue.array(keys.map { .object(["id": .string(SigningKeys.keyID($0)), "key": .string(Base64URL.encode($0.rawRepresentation))]) })
        return template
            .replacingOccurrences(of: "{{csp}}", with: policy.joined(separator: "; "))
            .replacingOccurrences(of: "{{keys}}", with: keysOpening + keyList.canonical + "</script>")
            .replacingOccurrences(of: "{{script}}", with: "<script>" + script + "</script>")
    }

    /// The status list's address beside the page at `page`: its folder and `status.json`.
    public static func statusListAddress(page: String) -> String {
        let noQuery = page.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let folder = noQuery[...noQuery.lastIndex(of: "/")!]
        return folder + statusListName
    }

    /// The keys a page built here holds, in its order; a problem when it holds none readable
    /// (it is then not replaced, so that no key is dropped unseen).
    public static func keys(inPage text: String) throws(FormatProblem) -> [Curve25519.Signing.PublicKey] {
        let parts = text.components(separatedBy: keysOpening)
        guard parts.count == 2, let end = parts[1].range(of: "</script>") else {
            throw FormatProblem("已有的核验页面中找不到唯一的公钥列表（yrdq-keys），无法保留其中的公钥")
        }
        let body = parts[1][..<end.lowerBound]
        guard let list = JSONValue.parse(Data(body.utf8))?.array, !list.isEmpty else {
            throw FormatProblem("已有的核验页面中的公钥列表（yrdq-keys）格式不正确")
        }
        var keys: [Curve25519.Signing.PublicKey] = []
        for (i, item) in list.enumerated() {
            guard let o = item.object, Set(o.keys) == ["id", "key"], let id = o["id"]?.string, let text = o["key"]?.string,
                  let raw = Base64URL.decode(text), raw.count == 32,
                  let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw), SigningKeys.keyID(key) == id else {
                throw FormatProblem("已有的核验页面中的公钥列表（yrdq-keys）第 \(i + 1) 项不是有效的 Ed25519 公钥及其密钥标识")
            }
            keys.append(key)
        }
        return keys
    }

    /// The text of each `<style>` element, as the browser hashes it.
    static func styleBodies(_ template: String) -> [String] {
        var out: [String] = []
        var rest = Substring(template)
        while let open = rest.range(of: "<style", options: .caseInsensitive),
              let close = rest[open.upperBound...].range(of: ">"),
              let end = rest[close.upperBound...].range(of: "</style", options: .caseInsensitive) {
            out.append(String(rest[close.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return out
    }

    static func hash(_ text: String) -> String { Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString() }
}
