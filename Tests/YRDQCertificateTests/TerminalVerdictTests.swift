import Foundation
import GRDB
import Testing
import YRDQCertificates
import YRDQCore

/// What `verify` and `list` print is data, never a command to the terminal, and the verdict
/// is one line that no value can imitate.
@Suite struct TerminalVerdictTests {
    let keys = makeKeys()
    let dir = tempDir("terminal")

    /// A pilot name that tries everything: a line break with a fake verdict, an ESC/CSI
    /// sequence erasing the line, a C1 CSI (U+009B), a carriage return and a right-to-left override.
    static let hostile = "伪造试点\n核验结论：有效（genuine）：由本机关签发\u{1B}[2K\u{1B}[1A\u{9B}32m\r有效\u{202E}效有"

    func issued() throws -> SignedCertificate {
        let panel = writePanel(in: dir, bases: ["88", "87.5", "90", "89", "86.25"].map(p))
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--format", "md", "--out", dir + "/out"])
        #expect(r.code == 0, "\(r.err)")
        return try #require(readCertificate(dir + "/out"))
    }

    func verdictLines(_ out: String) -> [Substring] {
        out.split(separator: "\n").filter { $0.hasPrefix("核验结论") }
    }

    func expectNothingRaw(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for u in ["\u{1B}", "\u{9B}", "\u{202E}", "\r"] {
            #expect(!text.contains(u), "raw \(NameText.codePoint(u.unicodeScalars.first!))", sourceLocation: sourceLocation)
        }
    }

    @Test func hostileFieldsCannotForgeTheVerdict() throws {
        let cert = try issued()
        var data = cert.data
        data.pilot = Self.hostile
        // Unsigned (altered), and signed with the bureau's own key (a register entry gone wrong).
        let altered = SignedCertificate(data: data, signature: cert.signature)
        let signed = try CertificateSigner.sign(data, with: try SigningKeys.loadPrivate(keys.0))
        for (certificate, verdict) in [(altered, "核验结论：已被篡改（altered）"), (signed, "核验结论：有效（genuine）")] {
            for input in [certificate.qrText, certificate.fileJSON.pretty] {
                let r = yrdq(["certificate", "verify", input, "--key", keys.1])
                let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.first?.hasPrefix(verdict) == true, "\(r.out)")
                #expect(verdictLines(r.out).count == 1, "one verdict line: \(r.out)")
                expectNothingRaw(r.out)
                let pilotLine = try #require(lines.first { $0.hasPrefix("  试点名称：") })
                #expect(pilotLine.contains("伪造试点\\u{A}核验结论") && pilotLine.contains("\\u{1B}[2K") && pilotLine.contains("\\u{9B}32m")
                        && pilotLine.contains("\\u{D}") && pilotLine.contains("\\u{202E}"), "\(pilotLine)")
                #expect(lines.count == 1 + CertificateData.fieldNames.count + (certificate == altered ? 1 : 0) + 1, "\(r.out)")
            }
        }
    }

    @Test func listShowsOneLinePerCertificate() throws {
        let register = try CertificateRegister(path: dir + "/list.db", create: true)
        let draft = CertificateDraft(province: "上海市", year: 2026, pilot: "某试点", region: "上海市\n某区",
                                     title: "长三角质量提升示范", bureau: "上海市市场监督管理局",
                                     date: CivilDate(year: 2026, month: 11, day: 20)!, total: Points(90), evaluation: "e")
        let (entry, _) = try register.issue(draft, format: .standard, key: try SigningKeys.loadPrivate(keys.0))
        // The register refuses a bidi control in a name it is asked to issue for (CertificateDraft.checked);
        // a register edited by another tool may still hold one, and `list` shows it as data.
        try DatabaseQueue(path: dir + "/list.db").write { db in
            try db.execute(sql: "UPDATE certificate SET pilot = ?", arguments: [Self.hostile])
        }
        try register.change(.suspend, serial: entry.certificate.data.serial, reason: "复核\n2026年11月21日  沪质示〔2026〕第001号  恢复\u{1B}[0m",
                            date: CivilDate(year: 2026, month: 11, day: 21)!)
        let r = yrdq(["certificate", "list", "--registry", dir + "/list.db", "--history"])
        #expect(r.code == 0)
        expectNothingRaw(r.out)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 1 + 1 + 2 + 1, "one row, a blank line, two events: \(r.out)")
        #expect(lines[0].hasPrefix("沪质示〔2026〕第001号  伪造试点\\u{A}核验结论") && lines[0].hasSuffix("已暂停"), "\(lines[0])")
        #expect(lines[3].contains("原因：复核\\u{A}2026年11月21日") && lines[3].contains("\\u{1B}[0m"), "\(lines[3])")
    }

    @Test func revokedOrSuspendedIsNeverHeadedValid() throws {
        let cert = try issued()
        let registry = dir + "/reg.db", list = dir + "/status.json"
        func publish(_ date: String) {
            let r = yrdq(["certificate", "status-list", "--key", keys.0, "--registry", registry, "--out", list, "--date", date])
            #expect(r.code == 0, "\(r.err)")
        }
        func verify() -> (code: Int32, out: String, err: String) {
            yrdq(["certificate", "verify", cert.qrText, "--key", keys.1, "--status-list", list])
        }
        // Without a list the same line says that the status was not checked.
        let bare = yrdq(["certificate", "verify", cert.qrText, "--key", keys.1])
        #expect(bare.code == 0)
        let first = try #require(bare.out.split(separator: "\n").first)
        #expect(first.hasPrefix("核验结论：有效（genuine）") && first.contains("状态未核查") && first.contains("--status-list"), "\(first)")

        publish("2026-11-21")
        var r = verify()
        #expect(r.code == 0 && r.out.hasPrefix("核验结论：有效（genuine）") && verdictLines(r.out).count == 1, "\(r.out)")
        #expect(r.out.split(separator: "\n").first?.contains("据2026年11月21日发布的状态列表，未被撤销或暂停") == true)

        #expect(yrdq(["certificate", "suspend", cert.data.serial, "--reason", "复核总分低于70分", "--registry", registry, "--date", "2026-11-22"]).code == 0)
        publish("2026-11-23")
        r = verify()
        #expect(r.code == 1)
        #expect(r.out.hasPrefix("核验结论：已暂停（suspended）：签名真实，但证书自2026年11月22日起暂停，原因：复核总分低于70分"), "\(r.out)")
        #expect(!r.out.contains("有效"), "\(r.out)")
        #expect(verdictLines(r.out).count == 1)

        #expect(yrdq(["certificate", "reinstate", cert.data.serial, "--registry", registry, "--date", "2026-11-24"]).code == 0)
        #expect(yrdq(["certificate", "revoke", cert.data.serial, "--reason", "发现重大质量安全事故", "--registry", registry, "--date", "2026-11-25"]).code == 0)
        publish("2026-11-26")
        r = verify()
        #expect(r.code == 1)
        #expect(r.out.hasPrefix("核验结论：已撤销（revoked）：签名真实，但证书已于2026年11月25日撤销，原因：发现重大质量安全事故"), "\(r.out)")
        #expect(!r.out.contains("有效"), "\(r.out)")
        #expect(verdictLines(r.out).count == 1)
    }

    @Test func statusReasonCannotStartALine() throws {
        let cert = try issued()
        let registry = dir + "/reg.db", list = dir + "/status.json"
        // Put there through the library (the command line refuses such a reason).
        try CertificateRegister(path: registry, create: false)
            .change(.suspend, serial: cert.data.serial, reason: "x\n核验结论：有效（genuine）\u{202E}", date: CivilDate(year: 2026, month: 11, day: 21)!)
        #expect(yrdq(["certificate", "status-list", "--key", keys.0, "--registry", registry, "--out", list, "--date", "2026-11-22"]).code == 0)
        let r = yrdq(["certificate", "verify", cert.qrText, "--key", keys.1, "--status-list", list])
        #expect(r.code == 1)
        #expect(verdictLines(r.out).count == 1, "\(r.out)")
        #expect(r.out.hasPrefix("核验结论：已暂停（suspended）"))
        #expect(r.out.contains("原因：x\\u{A}核验结论：有效（genuine）\\u{202E}"), "\(r.out)")
        expectNothingRaw(r.out)
        // The command line takes no such reason in the first place.
        for reason in ["a\nb", "a\u{1B}[31mb", "a\u{202E}b", "a\u{200B}b", "  "] {
            let bad = yrdq(["certificate", "revoke", cert.data.serial, "--reason", reason, "--registry", registry])
            #expect(bad.code == 64, "\(reason.debugDescription): \(bad.err)")
            #expect(bad.err.contains("--reason"))
        }
    }

    @Test func messagesQuoteSerialsAsData() throws {
        _ = try issued()
        let r = yrdq(["certificate", "revoke", "浙质示\n错误: 伪造\u{1B}[0m", "--reason", "x", "--registry", dir + "/reg.db"])
        #expect(r.code == 1)
        #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(r.err.contains("“浙质示\\u{A}错误: 伪造\\u{1B}[0m”"), "\(r.err)")
        let v = yrdq(["certificate", "verify", "no\nsuch\u{1B}[2J", "--key", keys.1])
        #expect(v.code == 1 && v.err.split(separator: "\n").count == 1 && v.err.contains("no\\u{A}such\\u{1B}[2J"), "\(v.err)")
    }
}
