import Foundation
import Testing
import YRDQTestSupport
import YRDQCertificates
import YRDQCore

/// `verify` accepts only what was signed, in the one form it was written in.
@Suite struct StrictReadingTests {
    let keys = makeKeys()
    let dir = tempDir("strict")

    /// A certificate issued into `dir`, and its data file's path and text.
    func issued() throws -> (SignedCertificate, String, String) {
        let panel = writePanel(in: dir, bases: ["88", "87.5", "90", "89", "86.25"].map(p))
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--format", "md", "--out", dir + "/out"])
        #expect(r.code == 0, "\(r.err)")
        let cert = try #require(readCertificate(dir + "/out"))
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").first { $0.hasSuffix(".cert.json") })
        let path = dir + "/out/" + name
        return (cert, path, try String(contentsOfFile: path, encoding: .utf8))
    }

    func verifyFile(_ text: String, _ name: String = "edited.cert.json") throws -> (code: Int32, out: String, err: String) {
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        return yrdq(["certificate", "verify", dir + "/" + name, "--key", keys.1])
    }

    @Test func theDataFileAsWrittenIsGenuine() throws {
        let (cert, path, text) = try issued()
        let r = yrdq(["certificate", "verify", path, "--key", keys.1])
        #expect(r.code == 0 && r.out.hasPrefix("核验结论：有效（genuine）"), "\(r.out)\(r.err)")
        // As an editor may save them: with a byte order mark, CRLF line ends.
        let saved = "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try verifyFile(saved).code == 0)
        #expect(try verifyFile("\u{FEFF}" + cert.qrText + "\r\n", "qr.txt").code == 0)
    }

    @Test func duplicateKeysAreRefused() throws {
        let (cert, _, text) = try issued()
        // A second total in the data: JSONSerialization would keep one of the two silently.
        let twoTotals = text.replacingOccurrences(of: "\"total\": \"\(cert.data.total)\"",
                                                  with: "\"total\": \"99.99\",\n    \"total\": \"\(cert.data.total)\"")
        #expect(twoTotals != text)
        var r = try verifyFile(twoTotals)
        #expect(r.code == 1)
        #expect(r.out.hasPrefix("核验结论：无法识别（unreadable）"), "\(r.out)")
        #expect(!r.out.contains("有效"))
        #expect(r.err.contains("成员“total”重复"), "\(r.err)")
        #expect(r.err.contains("edited.cert.json:"), "the file and line are named: \(r.err)")
        // At the top level too.
        let twoSignatures = text.replacingOccurrences(of: "\"format\":", with: "\"signature\": \"AAAA\",\n  \"format\":")
        r = try verifyFile(twoSignatures)
        #expect(r.code == 1 && r.err.contains("成员“signature”重复"), "\(r.err)")
        // The same key spelt with an escape is the same key.
        let escaped = text.replacingOccurrences(of: "\"format\":", with: "\"qr\": \"x\",\n  \"format\":")
            .replacingOccurrences(of: "\"qr\": \"x\"", with: "\"\\u0071r\": \"x\"")
        r = try verifyFile(escaped)
        #expect(r.code == 1 && r.err.contains("成员“qr”重复"), "\(r.err)")
    }

    @Test func unknownAndMissingMembersAreRefused() throws {
        let (_, _, text) = try issued()
        var r = try verifyFile(text.replacingOccurrences(of: "\"format\":", with: "\"note\": \"以此为准\",\n  \"format\":"))
        #expect(r.code == 1 && r.err.contains("未知的成员“note”"), "\(r.err)")
        #expect(r.out.hasPrefix("核验结论：无法识别"))
        r = try verifyFile(text.replacingOccurrences(of: "\"bureau\":", with: "\"seal\": \"盖章\",\n    \"bureau\":"))
        #expect(r.code == 1 && r.err.contains("证书数据（data）中有未知的成员“seal”"), "\(r.err)")
        // A member taken out.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"region\":") }
        r = try verifyFile(lines.joined(separator: "\n"))
        #expect(r.code == 1 && r.err.contains("缺少成员“region”"), "\(r.err)")
        // A value that is not a string; JSON that is not JSON.
        let (cert, _, _) = try issued()
        r = try verifyFile(text.replacingOccurrences(of: "\"\(cert.data.total)\"", with: cert.data.total))
        #expect(r.code == 1 && r.err.contains("数字、true、false、null"), "\(r.err)")
        r = try verifyFile(text + "}")
        #expect(r.code == 1 && r.err.contains("多余的内容"), "\(r.err)")
    }

    @Test func qrThatDoesNotMatchItsDataIsAnAlteration() throws {
        let (cert, _, text) = try issued()
        // The data edited, the QR text and signature left: the file no longer agrees with itself.
        let edited = text.replacingOccurrences(of: "\"region\": \"\(cert.data.region)\"", with: "\"region\": \"浙江省杭州市\"")
        #expect(edited != text)
        var r = try verifyFile(edited)
        #expect(r.code == 1)
        #expect(r.out.hasPrefix("核验结论：已被篡改（altered）"), "\(r.out)")
        #expect(r.err.contains("二维码内容（qr）与其中的证书数据"), "\(r.err)")
        // The QR text of another certificate put in: refused likewise, even though each part is signed.
        let other = SignedCertificate(data: cert.data, signature: Data(cert.signature.reversed()))
        r = try verifyFile(text.replacingOccurrences(of: JSONString.quote(cert.qrText), with: JSONString.quote(other.qrText)))
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：已被篡改"), "\(r.out)")
    }

    /// The signature's last base64url letter with an unused bit set: the same bytes, another text.
    static func nonCanonical(_ signature: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let last = alphabet.firstIndex(of: signature.last!)!
        return String(signature.dropLast()) + String(alphabet[last | 1])
    }

    @Test func nonCanonicalBase64URLIsRefused() throws {
        // 64 bytes are 86 letters, the last carrying 2 bits and 4 unused ones.
        let (cert, _, text) = try issued()
        let signature = Base64URL.encode(cert.signature)
        #expect(signature.count == 86)
        let other = Self.nonCanonical(signature)
        #expect(other != signature)
        #expect(Base64URL.decode(signature) == cert.signature)
        #expect(Base64URL.decode(other) == nil)
        // In the QR text.
        let qr = cert.qrText.replacingOccurrences(of: signature, with: other)
        var r = yrdq(["certificate", "verify", qr, "--key", keys.1])
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：无法识别"), "\(r.out)")
        #expect(r.err.contains("不是规范的 base64url"), "\(r.err)")
        // In the data file (in both members that carry it).
        r = try verifyFile(text.replacingOccurrences(of: signature, with: other))
        #expect(r.code == 1 && r.err.contains("不是规范的 base64url"), "\(r.err)")
        // Padding and letters outside the alphabet.
        for bad in [signature + "==", signature.replacingOccurrences(of: "-", with: "+"), String(signature.dropLast()) + "=", String(signature.dropLast()) + "*"] where bad != signature {
            #expect(Base64URL.decode(bad) == nil, "\(bad)")
        }
        #expect(Base64URL.decode("AA") == Data([0]) && Base64URL.decode("AB") == nil && Base64URL.decode("AAA") == Data([0, 0]))
        #expect(Base64URL.decode("AAB") == nil && Base64URL.decode("A") == nil && Base64URL.decode("") == Data())
    }

    @Test func qrEscapesAndFieldsMustBeCanonical() throws {
        let (cert, _, _) = try issued()
        let parts = cert.qrText.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        func with(_ field: Int, _ value: String) -> String {
            var p = parts; p[field] = value; return p.joined(separator: "|")
        }
        for (qr, message) in [
            (with(2, parts[2] + "%7c"), "不规范的转义“%7c”"),
            (with(2, parts[2] + "%"), "不规范的转义“%”"),
            (with(2, parts[2] + "%4"), "不规范的转义“%4”"),
            (with(2, parts[2] + "%41"), "不规范的转义“%41”"),
            (with(2, parts[2] + "%0a"), "不规范的转义“%0a”"),
            (cert.qrText + "|extra", "实际是 13 段"),
            (parts.dropLast(2).joined(separator: "|") + "|" + parts.last!, "实际是 11 段"),
            (with(2, parts[2] + "\n第二行"), "中间有换行"),
        ] {
            let r = yrdq(["certificate", "verify", qr, "--key", keys.1])
            #expect(r.code == 1, "\(qr)")
            #expect(r.out.hasPrefix("核验结论：无法识别"), "\(r.out)")
            #expect(r.err.contains(message), "\(message): \(r.err)")
        }
        // The escapes that are written are read back.
        var data = cert.data
        data.pilot = "甲|乙%丙\n丁\r"
        let signed = try CertificateSigner.sign(data, with: try SigningKeys.loadPrivate(keys.0))
        #expect(signed.qrText.contains("甲%7C乙%25丙%0A丁%0D|"))
        #expect(CertificatePayload.parse(signed.qrText) == signed)
    }

    @Test func oversizedInputsAreRefused() throws {
        let (cert, path, text) = try issued()
        // A data file padded past 64 KiB with white space (still valid JSON).
        let padded = text.replacingOccurrences(of: "{\n", with: "{\n" + String(repeating: " ", count: 70_000))
        var r = try verifyFile(padded)
        #expect(r.code == 1 && r.err.contains("文件过大（超过 64 KB）"), "\(r.err)")
        #expect(!r.out.contains("有效"))
        // The same on the command line.
        r = yrdq(["certificate", "verify", cert.qrText + String(repeating: "A", count: 70_000), "--key", keys.1])
        #expect(r.code == 1 && r.err.contains("过大"), "\(r.err)")
        r = yrdq(["certificate", "verify", padded, "--key", keys.1])
        #expect(r.code == 1 && r.err.contains("过大"), "\(r.err)")
        // A status list over 4 MiB is not read whole.
        let big = dir + "/big-status.json"
        _ = FileManager.default.createFile(atPath: big, contents: Data(repeating: 0x20, count: 5 * 1024 * 1024))
        r = yrdq(["certificate", "verify", path, "--key", keys.1, "--status-list", big])
        #expect(r.code == 1 && r.err.contains("文件过大（超过 4 MB）"), "\(r.err)")
        #expect(r.out.hasPrefix("核验结论：无法确定（unknown）"), "\(r.out)")
        // A folder or a pipe nobody writes to, as either input: refused, no waiting.
        #expect(mkfifo(dir + "/pipe", 0o600) == 0)
        let start = Date()
        r = yrdq(["certificate", "verify", dir + "/pipe", "--key", keys.1])
        #expect(r.code == 1)
        r = yrdq(["certificate", "verify", path, "--key", keys.1, "--status-list", dir + "/pipe"])
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：无法确定"))
        r = yrdq(["certificate", "verify", path, "--key", keys.1, "--status-list", dir])
        #expect(r.code == 1 && r.err.contains("目录"))
        #expect(Date().timeIntervalSince(start) < hangGuardSeconds)
    }

    @Test func statusListIsReadStrictly() throws {
        let (cert, _, _) = try issued()
        let registry = dir + "/reg.db", list = dir + "/status.json"
        #expect(yrdq(["certificate", "revoke", cert.data.serial, "--reason", "发现重大质量安全事故", "--registry", registry, "--date", "2026-11-21"]).code == 0)
        #expect(yrdq(["certificate", "status-list", "--key", keys.0, "--registry", registry, "--out", list, "--date", "2026-11-22"]).code == 0)
        let text = try String(contentsOfFile: list, encoding: .utf8)
        func verify(_ edited: String) throws -> (code: Int32, out: String, err: String) {
            try edited.write(toFile: dir + "/edited-status.json", atomically: true, encoding: .utf8)
            return yrdq(["certificate", "verify", cert.qrText, "--key", keys.1, "--status-list", dir + "/edited-status.json"])
        }
        var r = try verify(text)
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：已撤销（revoked）"), "\(r.out)")
        // The entries emptied by a second "entries" member: a lenient reader might keep the empty one.
        r = try verify(text.replacingOccurrences(of: "\"date\":", with: "\"entries\": [],\n  \"date\":"))
        #expect(r.code == 1 && r.err.contains("成员“entries”重复"), "\(r.err)")
        #expect(r.out.hasPrefix("核验结论：无法确定（unknown）") && !r.out.contains("有效"), "\(r.out)")
        r = try verify(text.replacingOccurrences(of: "\"date\":", with: "\"valid-until\": \"2099-01-01\",\n  \"date\":"))
        #expect(r.code == 1 && r.err.contains("未知的成员“valid-until”"), "\(r.err)")
        r = try verify(text.replacingOccurrences(of: "\"reason\":", with: "\"note\": \"\",\n      \"reason\":"))
        #expect(r.code == 1 && r.err.contains("状态列表第 1 条中有未知的成员“note”"), "\(r.err)")
        // The list's signature in a non-canonical spelling.
        let signature = try #require(text.split(separator: "\"").map(String.init).first { $0.count == 86 && Base64URL.decode($0)?.count == 64 })
        r = try verify(text.replacingOccurrences(of: signature, with: Self.nonCanonical(signature)))
        #expect(r.code == 1 && r.err.contains("状态列表的签名") && r.err.contains("不是规范的 base64url"), "\(r.err)")
        #expect(r.out.hasPrefix("核验结论：无法确定"))
    }

    @Test func largeStatusListIsReadInLinearTime() throws {
        let (cert, _, _) = try issued()
        let key = try SigningKeys.loadPrivate(keys.0)
        let entries = (0..<16_000).map { i in
            StatusList.Entry(serial: "浙质示〔2025〕第\(i)号", id: "id\(i)", status: i % 2 == 0 ? .revoked : .suspended,
                             since: "2026-01-01", reason: "复核总分低于70分，依据指南七（三）暂停或撤销其称号")
        }
        let text = try StatusList(date: "2026-11-21", key: SigningKeys.keyID(key.publicKey), entries: entries).signedFile(with: key)
        #expect(text.utf8.count > 2_500_000 && text.utf8.count < StatusList.maximumBytes, "\(text.utf8.count)")
        try text.write(toFile: dir + "/large-status.json", atomically: true, encoding: .utf8)
        let start = Date()
        let r = yrdq(["certificate", "verify", cert.qrText, "--key", keys.1, "--status-list", dir + "/large-status.json"])
        #expect(r.code == 0 && r.out.hasPrefix("核验结论：有效（genuine）"), "\(r.out)\(r.err)")
        #expect(Date().timeIntervalSince(start) < hangGuardSeconds)
    }

    @Test func strictJSONReader() throws {
        func read(_ s: String) -> Result<JSONValue, FormatProblem> {
            Result { () throws(FormatProblem) -> JSONValue in try StrictJSON(Array(s.utf8)).value }
        }
        func problem(_ s: String) -> FormatProblem? {
            if case .failure(let p) = read(s) { return p } else { return nil }
        }
        #expect(try read(" {\"a\": [\"x\", {}], \"b\": \"\\u00e9\\ud83d\\ude00\\n\\/\"} ").get()
                == .object(["a": .array([.string("x"), .object([:])]), "b": .string("é😀\n/")]))
        #expect(try read("\u{FEFF}{}").get() == .object([:]), "a byte order mark may be ignored")
        for (text, message) in [
            ("{\"a\": \"1\", \"a\": \"2\"}", "重复"),
            ("{\"a\": 1}", "数字"), ("[true]", "数字、true"), ("[null]", "null"),
            ("{\"a\": \"x\"", "没有结束"), ("[\"x\",]", "此处应为 JSON 值"), ("{\"a\" \"x\"}", "冒号"),
            ("{a: \"x\"}", "成员名"), ("[\"\\x\"]", "无效的转义序列"), ("[\"\\ud800\"]", "不成对的代理项"),
            ("[\"\\udc00\"]", "不成对的代理项"), ("[\"a\u{1}b\"]", "未转义的控制字符 U+0001"), ("[\"a\nb\"]", "未转义的控制字符 U+000A"),
            ("{} {}", "多余的内容"), ("", "文件末尾"), ("{}\u{3000}", "多余的内容"),
            (String(repeating: "[", count: 40) + String(repeating: "]", count: 40), "嵌套超过"),
        ] {
            let p = problem(text)
            #expect(p?.message.contains(message) == true, "\(text): \(String(describing: p))")
        }
        #expect(problem("{\n  \"a\": \"x\",\n  \"a\": \"y\"\n}")?.line == 3, "the second occurrence is located")
        #expect(problem("{\n  \"a\": \"x\",\n  \"a\": \"y\"\n}")?.column == 3)
        // Invalid UTF-8 inside a string.
        var bytes = Array("[\"ab\"]".utf8); bytes.insert(0xFF, at: 3)
        #expect(throws: FormatProblem.self) { _ = try StrictJSON(bytes) }
    }
}
