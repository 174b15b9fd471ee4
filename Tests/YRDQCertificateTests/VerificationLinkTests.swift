import Crypto
import Foundation
import Testing
import YRDQCertificates
import YRDQCore

/// The sample panel in a fresh folder, with `lines` added to the panel file.
func samplePanel(adding lines: [String]) -> String {
    let dir = tempDir("sample")
    try! FileManager.default.copyItem(atPath: root + "/samples/jiahe-auto-parts", toPath: dir + "/s")
    let panel = dir + "/s/panel.yaml"
    let text = try! String(contentsOfFile: panel, encoding: .utf8)
    try! (text + (text.hasSuffix("\n") ? "" : "\n") + lines.joined(separator: "\n") + "\n").write(toFile: panel, atomically: true, encoding: .utf8)
    return panel
}

let samplePage = "https://amr.zj.gov.cn/yrdq/verify.html"

@Suite struct VerificationLinkTests {
    // MARK: The page's address

    @Test func addressesThatStayAsWritten() {
        for ok in ["https://amr.zj.gov.cn/yrdq/verify.html", "https://portal.example/", "https://portal.example:8443/v/verify.html",
                   "http://localhost:8000/verify.html", "http://127.0.0.1/verify.html", "http://[::1]:8080/v.html",
                   "https://xn--fiqs8s.example/%E6%A0%B8%E9%AA%8C/verify.html", "https://portal.example/verify.html?lang=zh"] {
            #expect(VerificationPageAddress.problem(ok) == nil, "\(ok)")
        }
        let refused: [(String, String)] = [
            ("", "为空"), ("portal.example/verify.html", "https://"), ("HTTPS://portal.example/v.html", "https://"),
            ("ftp://portal.example/v.html", "https://"), ("http://portal.example/verify.html", "本机测试"),
            ("http://192.168.1.5/verify.html", "本机测试"), ("https://Portal.Example/v.html", "主机名"),
            ("https://portal.example", "缺少路径"), ("https://portal.example/v.html#x", "#"),
            ("https://portal.example/a b.html", "空白"), ("https://portal.example/核验.html", "非 ASCII"),
            ("https://核验.example/v.html", "非 ASCII"), ("https://portal.gov.cn@evil.example/v.html", "用户名"),
            ("https://portal.example:443/v.html", "默认端口"), ("https://portal.example:08443/v.html", "端口"),
            ("https://portal.example:99999/v.html", "端口"), ("https://portal.example/a/../v.html", ".."),
            ("https://portal.example/./v.html", "“.”"), ("https://portal.example/%e6.html", "大写十六进制"),
            ("https://portal.example/%4.html", "大写十六进制"), ("https://portal.example/a|b.html", "“|”"),
            ("https://portal.example/a\"b.html", "“\"”"), ("https://portal.example/v.html\n", "控制字符"),
            ("https://portal..example/v.html", "主机名"), ("https:///v.html", "缺少主机名"),
        ]
        for (address, why) in refused {
            let problem = VerificationPageAddress.problem(address)
            #expect(problem?.contains(why) == true, "\(address): \(problem ?? "accepted")")
        }
    }

    @Test func aPanelWithABadAddressIsRefusedBeforeAnythingIsIssued() throws {
        let keys = makeKeys()
        let dir = tempDir("badpage")
        for bad in ["http://amr.zj.gov.cn/yrdq/verify.html", "https://amr.zj.gov.cn/yrdq/verify.html#x", "[a, b]"] {
            let panel = samplePanel(adding: ["verification-page: \(bad.hasPrefix("[") ? bad : "\"\(bad)\"")"])
            let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--out", dir + "/out"])
            #expect(r.code == 1, "\(bad): \(r.out)")
            #expect(r.err.contains("核验页面地址（verification-page）"), "\(r.err)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/reg.db"))
            #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
        }
    }

    // MARK: The link

    func certificate(_ fields: [String]? = nil) throws -> SignedCertificate {
        let key = Curve25519.Signing.PrivateKey()
        let f = fields ?? ["浙质示〔2026〕第001号", "甲|乙%试点", "浙江省", "长三角质量提升示范", "浙江省市场监督管理局", "2026-11-20", "89.39", "e", "i", SigningKeys.keyID(key.publicKey)]
        let data = CertificateData(serial: f[0], pilot: f[1], region: f[2], title: f[3], bureau: f[4], date: f[5], total: f[6],
                                   evaluation: f[7], id: f[8], key: f[9])
        return try CertificateSigner.sign(data, with: key)
    }

    @Test func theLinkIsThePageAndThePercentEncodedText() throws {
        let cert = try certificate()
        let link = CertificateLink.link(cert, page: samplePage)
        #expect(link.hasPrefix(samplePage + "#YRDQ1%7C"))
        let fragment = String(link.dropFirst(samplePage.count + 1))
        // Nothing a scanner or a browser could take for the end of the URL or rewrite.
        #expect(fragment.utf8.allSatisfy { b in b == UInt8(ascii: "%") || CertificateLinkProbe.unreserved(b) })
        // The "|" in the pilot's name is "%7C" in the QR text, and that "%" is "%25" in the link.
        #expect(fragment.contains("%E7%94%B2%257C%E4%B9%99%2525"), "\(fragment)")
        #expect(fragment.removingPercentEncoding == cert.qrText)
        let back = try CertificatePayload.readWithPage(link)
        #expect(back.certificate == cert)
        #expect(back.page == samplePage)
    }

    @Test func oneCertificateAndOnePageGiveExactlyOneLink() throws {
        let cert = try certificate()
        let link = CertificateLink.link(cert, page: samplePage)
        let fragment = String(link.dropFirst(samplePage.count + 1))
        var variants: [String] = [
            link.replacingOccurrences(of: "%7C", with: "%7c"),                       // lower-case hex
            link.replacingOccurrences(of: "YRDQ1", with: "%59RDQ1"),                 // an unreserved letter escaped
            link.replacingOccurrences(of: "%7C", with: "|"),                         // a raw "|"
            samplePage + "#" + (fragment.removingPercentEncoding ?? ""),             // the plain text after "#"
            samplePage + "#" + fragment.replacingOccurrences(of: "-", with: "%2D"),  // "-" escaped
            samplePage + "#" + fragment + "%",                                       // a cut escape
            samplePage + "#" + fragment + "%0A",                                     // a line break added
            samplePage + "#" + fragment + "~",                                       // a character added
            samplePage + "#" + "%C0%AF" + fragment,                                  // not UTF-8
            samplePage + "#" + "%EF%BB%BF" + fragment,                               // a byte-order mark
            samplePage + "##" + fragment,
            samplePage,                                                              // no fragment
            "http://amr.zj.gov.cn/yrdq/verify.html#" + fragment,                     // not https
            "https://AMR.zj.gov.cn/yrdq/verify.html#" + fragment,                    // another spelling of the host
            "https://amr.zj.gov.cn:443/yrdq/verify.html#" + fragment,
            "https://amr.zj.gov.cn/yrdq/./verify.html#" + fragment,
            "https://x@amr.zj.gov.cn/yrdq/verify.html#" + fragment,
            "https://amr.zj.gov.cn/yrdq/verify.html#" + CertificateLink.encode("{\"format\":\"yrdq-certificate-1\"}"),
        ]
        // The text's own escapes are spelt one way only, inside the link too.
        variants.append(samplePage + "#" + CertificateLink.encode(cert.qrText.replacingOccurrences(of: "%7C", with: "%7c")))
        for v in variants {
            #expect(throws: FormatProblem.self, "\(v)") { try CertificatePayload.read(v) }
        }
        // White space around a scanned text is not part of it.
        #expect(try CertificatePayload.read(" " + link + "\n") == cert)
    }

    @Test func verifyAcceptsTheScannedLinkAndNamesThePage() throws {
        let keys = makeKeys()
        let dir = tempDir("linkverify")
        let panel = samplePanel(adding: ["verification-page: \(samplePage)"])
        let issue = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--out", dir + "/out", "--format", "md"])
        #expect(issue.code == 0, "\(issue.err)")
        #expect(issue.out.contains("二维码（核验页面 \(samplePage) 的链接）"), "\(issue.out)")
        let cert = try #require(readCertificate(dir + "/out"))
        // The data file keeps the plain text: it is what was signed.
        #expect(cert.qrText.hasPrefix("YRDQ1|"))
        let link = CertificateLink.link(cert, page: samplePage)
        let md = try String(contentsOfFile: try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").first { $0.hasSuffix(".md") }.map { dir + "/out/" + $0 }), encoding: .utf8)
        #expect(md.contains(link))
        let v = yrdq(["certificate", "verify", link, "--key", keys.1])
        #expect(v.code == 0, "\(v.out)\(v.err)")
        #expect(v.out.hasPrefix("核验结论：有效（genuine）"))
        #expect(v.out.contains("核验页面（链接地址，不在签名范围内）：\(samplePage)"))
        try link.write(toFile: dir + "/scanned.txt", atomically: true, encoding: .utf8)
        #expect(yrdq(["certificate", "verify", dir + "/scanned.txt", "--key", keys.1]).code == 0)
        let bad = yrdq(["certificate", "verify", link.replacingOccurrences(of: "%7C", with: "%7c"), "--key", keys.1])
        #expect(bad.code == 1)
        #expect(bad.out.hasPrefix("核验结论：无法识别（unreadable）"))
        #expect(bad.err.contains("编码不规范"), "\(bad.err)")
        // A changed field inside a well-formed link is an altered certificate.
        let altered = yrdq(["certificate", "verify", link.replacingOccurrences(of: "89.39", with: "99.39"), "--key", keys.1])
        #expect(altered.code == 1)
        #expect(altered.out.hasPrefix("核验结论：已被篡改（altered）"), "\(altered.out)")
    }

    /// Names so long that the link would need a symbol wider than 117 modules: the QR code
    /// carries the plain text (which `verify` reads), with a warning; the register is unchanged.
    @Test func aLinkTooLargeForAScanFallsBackToThePlainText() throws {
        let keys = makeKeys()
        for (times, linked) in [(4, true), (5, false), (20, false)] {
            let dir = tempDir("longlink")
            let pilot = String(repeating: "嘉禾市新能源汽车零部件产业质量提升示范试点", count: times)
            let panel = writePanel(in: dir, pilot: pilot, bases: ["90", "90", "90", "90", "90"].map(p))
            let text = try String(contentsOfFile: panel, encoding: .utf8)
            try (text + "verification-page: \(samplePage)\n").write(toFile: panel, atomically: true, encoding: .utf8)
            let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--out", dir + "/out", "--format", "md"])
            #expect(r.code == 0, "\(r.err)")
            let cert = try #require(readCertificate(dir + "/out"))
            let md = try String(contentsOfFile: try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").first { $0.hasSuffix(".md") }.map { dir + "/out/" + $0 }), encoding: .utf8)
            #expect(md.contains(CertificateLink.link(cert, page: samplePage)) == linked, "\(times)")
            #expect(r.out.contains("二维码（核验页面") == linked, "\(times): \(r.out)")
            #expect(r.err.contains("二维码改为证书内容本身") == !linked, "\(times): \(r.err)")
        }
    }

    /// The link on the printed certificate decodes from a 150 dpi scan: version and size measured.
    @Test func theLinkOnThePDFDecodesAt150dpi() throws {
        guard let pdftoppm = which("pdftoppm"), let zbarimg = which("zbarimg") else { return skipping("pdftoppm（poppler-utils）、zbarimg（zbar-tools）") }
        let keys = makeKeys()
        let dir = tempDir("linkqr")
        let panel = samplePanel(adding: ["verification-page: \(samplePage)"])
        let issue = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--out", dir + "/out", "--format", "pdf"])
        #expect(issue.code == 0, "\(issue.err)")
        // The sample: 721 bytes, version 18 (89 modules), error correction M, 44.5 mm at 0.5 mm a module.
        #expect(issue.out.contains("版本 18（89×89 模块），纠错等级 M，印刷边长 44.5 毫米"), "\(issue.out)")
        let cert = try #require(readCertificate(dir + "/out"))
        let pdf = try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").first { $0.hasSuffix(".pdf") })
        for dpi in ["150", "200"] {
            let raster = try #require(runProcess(pdftoppm, ["-r", dpi, "-png", "-singlefile", dir + "/out/" + pdf, dir + "/page\(dpi)"]))
            #expect(raster.code == 0, "\(raster.err)")
            let decoded = try #require(runProcess(zbarimg, ["--quiet", "--raw", dir + "/page\(dpi).png"]))
            #expect(decoded.code == 0, "\(dpi) dpi: \(decoded.err)")
            #expect(decoded.out.trimmingCharacters(in: .newlines) == CertificateLink.link(cert, page: samplePage), "\(dpi) dpi")
        }
    }
}

/// Says which tools a test needs and was run without.
func skipping(_ tools: String) {
    print("跳过（skipped）：需要 \(tools)：bash scripts/install-deps.sh")
}

/// The unreserved bytes of RFC 3986, as a test states them.
enum CertificateLinkProbe {
    static func unreserved(_ b: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || "-._~".utf8.contains(b)
    }
}
