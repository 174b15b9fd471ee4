/// The address of a bureau's verification page (`verification-page:` in the panel file), which
/// the certificate's QR code links to with the signed payload in the fragment. Only an address
/// that every browser and scanner keeps exactly as written is accepted, so that one
/// certificate and one address give exactly one link:
///
/// - `https://` (or `http://` to `localhost`, `127.0.0.1` or `[::1]`, for testing: WebCrypto,
///   which the page needs, runs only in a secure context), the scheme in lower case;
/// - a host of lower-case letters, digits, `-` and `.` (an international name in its `xn--`
///   form), an optional port (not the scheme's default, which browsers drop), no user name
///   or password (`https://portal.gov.cn@elsewhere/` leads elsewhere);
/// - a path beginning with `/`, without `.` or `..` segments (browsers remove them), of
///   ASCII letters, digits and `-._~!$&'()*+,;=:@/`, and `%` only before two upper-case hex
///   digits; an optional query of the same characters and `?`; no fragment (`#`), no space.
public enum VerificationPageAddress {
    /// What is wrong with `address` as a verification page address, or nil when it is one.
    public static func problem(_ address: String) -> String? {
        let scalars = Array(address.unicodeScalars)
        if scalars.isEmpty { return "地址为空" }
        if let bad = scalars.first(where: { $0.value < 0x21 || $0.value > 0x7E }) {
            return "地址含有空白、控制字符或非 ASCII 字符 \(NameText.codePoint(bad))（中文域名请写作 xn-- 形式，路径中的中文请按 UTF-8 百分号编码）"
        }
        if address.contains("#") { return "地址不能含有“#”：二维码把证书内容写在“#”之后" }
        let rest: Substring
        let secure: Bool
        if address.hasPrefix("https://") { rest = address.dropFirst(8); secure = true }
        else if address.hasPrefix("http://") { rest = address.dropFirst(7); secure = false }
        else { return "地址应以 https:// 开头（小写；仅本机测试可用 http://localhost）" }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let pathAndQuery = rest[slash...]
        if authority.contains("@") { return "地址不能含有用户名或密码（“@”之前的部分会让链接指向别处）" }
        var host = authority
        var port: Substring? = nil
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return "主机名不规范" }
            let after = host[host.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return "主机名不规范" }
                port = after.dropFirst()
            }
            host = host[...close]
        } else if let colon = host.firstIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        if host.isEmpty { return "地址缺少主机名" }
        if host != "[::1]" {
            guard host.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }),
                  !host.hasPrefix("."), !host.hasSuffix("."), !host.contains("..") else {
                return "主机名“\(host)”不规范（只用小写字母、数字、“-”和“.”；中文域名写作 xn-- 形式）"
            }
        }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), !port.hasPrefix("0"),
                  let n = Int(port), n <= 65535 else {
                return "端口“\(port)”不规范（1—65535 的十进制数，不补零）"
            }
            if n == (secure ? 443 : 80) { return "端口 \(n) 是默认端口，浏览器会将其省略：请不写端口" }
        }
        if !secure && !["localhost", "127.0.0.1", "[::1]"].contains(host) {
            return "http:// 只允许用于本机测试（localhost、127.0.0.1）；正式发布的核验页面须用 https://（浏览器只在安全连接下提供验证签名所需的 WebCrypto）"
        }
        if pathAndQuery.isEmpty { return "地址缺少路径（如 https://\(authority)/yrdq/verify.html）" }
        let question = pathAndQuery.firstIndex(of: "?") ?? pathAndQuery.endIndex
        let path = pathAndQuery[..<question]
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) where segment == "." || segment == ".." {
            return "路径中不能有“\(segment)”段（浏览器会将其去掉，链接就不再是所写的地址）"
        }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/".unicodeScalars)
        let inPath = Array(path.unicodeScalars)
        let inQuery = Array(pathAndQuery[question...].unicodeScalars.dropFirst())
        for (part, list) in [("路径", inPath), ("查询参数", inQuery)] {
            var i = 0
            while i < list.count {
                let u = list[i]
                if u == "%" {
                    let hex = "0123456789ABCDEF".unicodeScalars
                    guard i + 2 < list.count, hex.contains(list[i + 1]), hex.contains(list[i + 2]) else {
                        return "\(part)中的“%”后应为两位大写十六进制数字（百分号编码）"
                    }
                    i += 3
                    continue
                }
                if !allowed.contains(u) && !(part == "查询参数" && u == "?") {
                    return "\(part)中不能有字符“\(u)”（请按百分号编码写作 %\(String(u.value, radix: 16, uppercase: true))）"
                }
                i += 1
            }
        }
        return nil
    }
}
