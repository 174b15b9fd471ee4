import Crypto
import Foundation
import Testing
import YRDQCertificates
import YRDQCore

/// The page `certificate verifier` writes: what it holds, and what it concludes in a real
/// browser (Debian's headless Chromium, through scripts/verify-page-check.py, which serves the
/// sites from a local server that records every request).
@Suite struct VerificationPageTests {
    // MARK: The file

    func page(_ dir: String) throws -> String { try String(contentsOfFile: dir + "/verify.html", encoding: .utf8) }

    @Test func oneSelfContainedFileWithAStrictPolicy() throws {
        let keys = makeKeys()
        let out = tempDir("page") + "/site"
        let r = yrdq(["certificate", "verifier", "--key", keys.1, "--out", out])
        #expect(r.code == 0, "\(r.err)")
        let html = try page(out)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        let policy = try #require(html.firstMatch(of: /http-equiv="Content-Security-Policy" content="([^"]*)"/)?.1)
        #expect(policy.hasPrefix("default-src 'none'; script-src 'sha256-"))
        #expect(policy.contains("connect-src 'self'"))
        #expect(!policy.contains("unsafe"))
        // The one script is the one the policy names, by its hash.
        let script = try #require(html.firstMatch(of: /<script>([\s\S]*?)<\/script>/)?.1)
        let hash = Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString()
        #expect(policy.contains("script-src 'sha256-\(hash)'"))
        #expect(html.components(separatedBy: "<script").count == 3, "the keys block and the script only")
        // Nothing from elsewhere: no src, no href, no address but in the text.
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(!html.contains("innerHTML"))
        #expect(!html.contains("outerHTML"))
        #expect(!html.contains("insertAdjacentHTML"))
        #expect(!html.contains("document.write"))
        let pub = try SigningKeys.loadPublic(keys.1)
        #expect(html.contains("{\"id\":\"\(SigningKeys.keyID(pub))\",\"key\":\"\(Base64URL.encode(pub.rawRepresentation))\"}"))
    }

    @Test func thePagesAddressPinsTheStatusList() throws {
        let keys = makeKeys()
        let out = tempDir("pinned") + "/site"
        #expect(yrdq(["certificate", "verifier", "--key", keys.1, "--out", out, "--page", samplePage]).code == 0)
        #expect(try page(out).contains("connect-src https://amr.zj.gov.cn/yrdq/status.json;"))
        let bad = yrdq(["certificate", "verifier", "--key", keys.1, "--out", out, "--page", "http://amr.zj.gov.cn/v.html"])
        #expect(bad.code == 64)
        #expect(bad.err.contains("--page"), "\(bad.err)")
        #expect(yrdq(["certificate", "verifier", "--out", out]).code == 64)
    }

    @Test func rebuildingWithANewKeyKeepsTheOldOnes() throws {
        let old = makeKeys(), new = makeKeys()
        let out = tempDir("rotate") + "/site"
        #expect(yrdq(["certificate", "verifier", "--key", old.1, "--out", out]).code == 0)
        let r = yrdq(["certificate", "verifier", "--key", new.1, "--out", out])
        #expect(r.code == 0, "\(r.err)")
        let oldID = SigningKeys.keyID(try SigningKeys.loadPublic(old.1)), newID = SigningKeys.keyID(try SigningKeys.loadPublic(new.1))
        #expect(r.out.contains("内含公钥 2 个：\(oldID)、\(newID)（新增）"), "\(r.out)")
        let kept = try VerificationPage.keys(inPage: try page(out)).map(SigningKeys.keyID)
        #expect(kept == [oldID, newID])
        // The same key again adds nothing.
        #expect(yrdq(["certificate", "verifier", "--key", new.1, "--out", out]).out.contains("内含公钥 2 个"))
    }

    @Test func onlyAPageWrittenHereIsReplaced() throws {
        let keys = makeKeys()
        let out = tempDir("other")
        for other in ["<!DOCTYPE html><p>门户首页</p>", "not html"] {
            try other.write(toFile: out + "/verify.html", atomically: true, encoding: .utf8)
            let r = yrdq(["certificate", "verifier", "--key", keys.1, "--out", out])
            #expect(r.code == 1)
            #expect(r.err.contains("不是 yrdq 生成的证书核验页面（verify.html），不会覆盖"), "\(r.err)")
            #expect(try page(out) == other)
        }
        // A page whose keys cannot be read is not replaced either: no key is dropped unseen.
        #expect(yrdq(["certificate", "verifier", "--key", keys.1, "--out", out + "/ok"]).code == 0)
        let broken = try page(out + "/ok").replacingOccurrences(of: "\"key\":\"", with: "\"key\":\"!")
        try broken.write(toFile: out + "/ok/verify.html", atomically: true, encoding: .utf8)
        let r = yrdq(["certificate", "verifier", "--key", keys.1, "--out", out + "/ok"])
        #expect(r.code == 1)
        #expect(r.err.contains("公钥列表（yrdq-keys）第 1 项"), "\(r.err)")
    }

    @Test func theTemplateIsCheckedAndMayBeReworded() throws {
        let keys = makeKeys()
        let dir = tempDir("tpl")
        let template = try String(contentsOfFile: root + "/templates/verify-page.html", encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/t", withIntermediateDirectories: true)
        let cases: [(String, String)] = [
            (template.replacingOccurrences(of: "{{script}}", with: ""), "{{script}} 应出现且只出现一次，实际出现 0 次"),
            (template.replacingOccurrences(of: "{{keys}}", with: "{{keys}}{{keys}}"), "{{keys}} 应出现且只出现一次，实际出现 2 次"),
            (template.replacingOccurrences(of: "</main>", with: "<script src=\"https://cdn.example/x.js\"></script></main>"), "不能有 <script>"),
        ]
        for (text, message) in cases {
            try text.write(toFile: dir + "/t/verify-page.html", atomically: true, encoding: .utf8)
            let r = yrdq(["certificate", "verifier", "--key", keys.1, "--out", dir + "/out", "--templates", dir + "/t"])
            #expect(r.code == 1)
            #expect(r.err.contains(message), "\(r.err)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/out/verify.html"))
        }
        // Reworded, with CR LF line ends: the style's hash is the one the browser computes.
        let reworded = template.replacingOccurrences(of: ">有效<", with: ">真实有效<").replacingOccurrences(of: "\n", with: "\r\n")
        try reworded.write(toFile: dir + "/t/verify-page.html", atomically: true, encoding: .utf8)
        #expect(yrdq(["certificate", "verifier", "--key", keys.1, "--out", dir + "/out", "--templates", dir + "/t"]).code == 0)
        let html = try page(dir + "/out")
        #expect(html.contains(">真实有效<"))
        let style = try #require(html.firstMatch(of: /<style>([\s\S]*?)<\/style>/)?.1)
        #expect(html.contains("style-src 'sha256-\(Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString())'"))
    }

    // MARK: In the browser

    struct Seen {
        var verdict: String, title: String, detail: String, fields: [String: String], untrusted: Bool, requests: [String]
    }

    /// Opens each path (served from `root`) in headless Chromium; nil when Chromium is missing.
    func browse(_ siteRoot: String, _ paths: [String], screenshots: String? = nil) throws -> [Seen]? {
        guard which("chromium") != nil || which("chromium-browser") != nil, let python = which("python3") else { return nil }
        let args = [root + "/scripts/verify-page-check.py", siteRoot] + (screenshots.map { ["--screenshots", $0] } ?? []) + paths
        let run = try #require(runProcess(python, args))
        #expect(run.code == 0, "\(run.err)")
        let lines = run.out.split(separator: "\n")
        #expect(lines.count == paths.count, "\(run.out)\(run.err)")
        return try lines.map { line in
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Seen(verdict: o["verdict"] as? String ?? "", title: o["title"] as? String ?? "", detail: o["detail"] as? String ?? "",
                        fields: o["fields"] as? [String: String] ?? [:], untrusted: o["untrusted"] as? Bool ?? false,
                        requests: o["requests"] as? [String] ?? [])
        }
    }

    /// Issues the sample with `key` into a register of its own; the certificate and the register.
    func issue(_ key: String, in dir: String, _ label: String) throws -> (SignedCertificate, String) {
        let registry = dir + "/\(label).db"
        let r = yrdq(["certificate", "issue", root + "/samples/jiahe-auto-parts/panel.yaml", "--key", key, "--registry", registry,
                      "--out", dir + "/\(label)", "--format", "md"])
        #expect(r.code == 0, "\(r.err)")
        return (try #require(readCertificate(dir + "/\(label)")), registry)
    }

    func statusList(_ key: String, _ registry: String, to path: String) {
        let r = yrdq(["certificate", "status-list", "--key", key, "--registry", registry, "--out", path])
        #expect(r.code == 0, "\(r.err)")
    }

    @Test func theBrowserShowsEachVerdict() throws {
        let bureau = makeKeys(), foreign = makeKeys()
        let dir = tempDir("browser")
        let sites = dir + "/sites"
        let fm = FileManager.default
        func site(_ name: String, keys: [String] = [bureau.1]) -> String {
            let out = sites + "/" + name
            for k in keys { #expect(yrdq(["certificate", "verifier", "--key", k, "--out", out]).code == 0) }
            return out
        }
        func link(_ cert: SignedCertificate, _ siteName: String) -> String {
            "/\(siteName)/verify.html#" + CertificateLink.encode(cert.qrText)
        }
        // Genuine, with the bureau's current list.
        let (genuine, registry) = try issue(bureau.0, in: dir, "genuine")
        statusList(bureau.0, registry, to: site("ok") + "/status.json")
        // Revoked and suspended, each in a register of its own.
        let (revoked, revokedRegistry) = try issue(bureau.0, in: dir, "revoked")
        #expect(yrdq(["certificate", "revoke", revoked.data.serial, "--reason", "材料“造假”<b>", "--registry", revokedRegistry, "--date", "2026-11-25"]).code == 0)
        statusList(bureau.0, revokedRegistry, to: site("revoked") + "/status.json")
        let (suspended, suspendedRegistry) = try issue(bureau.0, in: dir, "suspended")
        #expect(yrdq(["certificate", "suspend", suspended.data.serial, "--reason", "整改期间", "--registry", suspendedRegistry, "--date", "2026-11-26"]).code == 0)
        statusList(bureau.0, suspendedRegistry, to: site("suspended") + "/status.json")
        // No list; a list changed after signing; a list signed by another key.
        _ = site("nolist")
        let listText = try String(contentsOfFile: sites + "/revoked/status.json", encoding: .utf8)
        try listText.replacingOccurrences(of: "\"revoked\"", with: "\"suspended\"").write(toFile: site("badlist") + "/status.json", atomically: true, encoding: .utf8)
        statusList(foreign.0, registry, to: site("otherlist") + "/status.json")
        // The genuine list with a member twice (the second spelt with a \u escape): JSON.parse
        // would take the last, StrictJSON refuses it, and so does the page.
        let okList = try String(contentsOfFile: sites + "/ok/status.json", encoding: .utf8)
        #expect(okList.hasPrefix("{\n  \"date\""))
        try okList.replacingOccurrences(of: "{\n  \"date\"", with: "{\n  \"date\": \"2099-01-01\",\n  \"\\u0064ate\"")
            .write(toFile: site("duplist") + "/status.json", atomically: true, encoding: .utf8)
        #expect(StatusList.problem(in: try Data(contentsOf: URL(fileURLWithPath: sites + "/duplist/status.json"))) != nil)
        // Signed by another bureau's key.
        let (stranger, _) = try issue(foreign.0, in: dir, "stranger")
        // Hostile values, signed by the bureau: the page's canonical JSON must be Swift's, byte for byte.
        let signing = try SigningKeys.loadPrivate(bureau.0)
        let hostileFields = ["浙质示〔2026〕第099号", "\"引号\" \\反斜杠\\ 𠀀😀 \u{E000}私用 |竖线| %25百分号%", "\u{1}\u{1F}\u{7F}\u{85}\u{FEFF}\u{200B}\u{202E}倒\u{2066}",
                             "换行\n回车\r制表\t退格\u{8}换页\u{C}", "\u{10FFFF}\u{FFFF}\u{D7FF}", "2026-11-20", "89.39", "<b>粗</b>&amp;", "</script>", SigningKeys.keyID(signing.publicKey)]
        let hostile = try CertificateSigner.sign(CertificateData(serial: hostileFields[0], pilot: hostileFields[1], region: hostileFields[2],
                                                                 title: hostileFields[3], bureau: hostileFields[4], date: hostileFields[5],
                                                                 total: hostileFields[6], evaluation: hostileFields[7], id: hostileFields[8],
                                                                 key: hostileFields[9]), with: signing)
        #expect(CertificatePayload.parse(hostile.qrText) == hostile)
        // Rotated: the page rebuilt with the foreign key as the bureau's new one keeps the old.
        _ = site("rotated", keys: [bureau.1, foreign.1])
        try fm.copyItem(atPath: sites + "/ok/status.json", toPath: sites + "/rotated/status.json")

        let genuineLink = link(genuine, "ok")
        let cases: [(path: String, verdict: String, title: String, status: Bool)] = [
            (genuineLink, "genuine", "有效", true),
            (link(revoked, "revoked"), "revoked", "已撤销", true),
            (link(suspended, "suspended"), "suspended", "已暂停", true),
            (genuineLink.replacingOccurrences(of: "89.39", with: "99.39"), "altered", "已被篡改", false),
            (link(stranger, "ok"), "other-key", "非本机关签发", false),
            (link(genuine, "nolist"), "status-unknown", "状态未知（状态列表不可用）", true),
            (link(revoked, "badlist"), "status-unknown", "状态未知（状态列表不可用）", true),
            (link(genuine, "otherlist"), "status-unknown", "状态未知（状态列表不可用）", true),
            (genuineLink.replacingOccurrences(of: "%7C", with: "%7c"), "unreadable", "无法识别", false),
            (link(genuine, "duplist"), "status-unknown", "状态未知（状态列表不可用）", true),
            ("/ok/verify.html", "none", "请扫描证书上的二维码", false),
            (link(hostile, "ok"), "genuine", "有效", true),
            (link(genuine, "rotated"), "genuine", "有效", true),
            (link(stranger, "rotated"), "genuine", "有效", true),
            ("file://" + sites + "/ok/verify.html#" + CertificateLink.encode(genuine.qrText), "status-unknown", "状态未知（状态列表不可用）", false),
        ]
        let shots = ProcessInfo.processInfo.environment["YRDQ_VERIFY_PAGE_SCREENSHOTS"]
        guard let seen = try browse(sites, cases.map(\.path), screenshots: shots) else {
            return skipping("chromium、python3")
        }
        for (c, s) in zip(cases, seen) {
            #expect(s.verdict == c.verdict, "\(c.path.prefix(40)): \(s.verdict) \(s.title) \(s.detail)")
            #expect(s.title == c.title, "\(c.verdict)")
            // Nothing but the page and, once the signature holds, the status list beside it.
            if !c.path.hasPrefix("file://") {
                let folder = String(c.path.prefix { $0 != "#" }.dropLast("verify.html".count))
                #expect(s.requests == [folder + "verify.html"] + (c.status ? [folder + "status.json"] : []), "\(c.verdict): \(s.requests)")
            } else {
                #expect(s.requests.isEmpty)
            }
        }
        func at(_ i: Int) -> Seen { seen[i] }
        #expect(at(0).fields["pilot"] == genuine.data.pilot)
        #expect(at(0).fields["date"] == "2026年11月20日")
        #expect(at(0).fields["total"] == "89.39分")
        #expect(at(0).detail.contains("据2026年"))
        #expect(!at(0).untrusted)
        #expect(at(1).detail.contains("已于2026年11月25日撤销，原因：材料“造假”<b>"), "\(at(1).detail)")
        #expect(at(2).detail.contains("自2026年11月26日起暂停，原因：整改期间"), "\(at(2).detail)")
        #expect(at(3).untrusted && at(4).untrusted)
        #expect(at(3).fields["total"] == "99.39分")
        #expect(at(6).detail.contains("签名不符"), "\(at(6).detail)")
        #expect(at(7).detail.contains("不是本机关签发"), "\(at(7).detail)")
        #expect(at(8).fields.isEmpty)
        #expect(at(9).detail.contains("格式不正确"), "\(at(9).detail)")
        // Every hostile value shown as text, as `verify` prints it: controls, line breaks and bidi
        // controls as visible escapes, everything else exactly.
        for (name, value) in zip(CertificateData.fieldNames, hostileFields) where name != "date" && name != "total" {
            #expect(at(11).fields[name] == TerminalText.value(value), "\(name)")
        }
    }
}
