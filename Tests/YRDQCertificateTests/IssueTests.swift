import Foundation
import Testing
import YRDQCertificates
import YRDQCore
import YRDQDocument

@Suite struct IssueTests {
    let keys = makeKeys()

    func issue(_ panel: String, _ registry: String, out: String, extra: [String] = []) -> (code: Int32, out: String, err: String) {
        yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", registry, "--format", "html,md", "--out", out] + extra)
    }

    @Test(arguments: [
        ["80", "80", "80", "80", "80"],           // exactly 80.00: not above 80
        ["80", "80", "80", "80", "79.95"],        // 79.99
        ["70", "65", "60", "72", "68"],           // 67.00: suspend
    ])
    func refusesAtOrBelow80(_ bases: [String]) throws {
        let dir = tempDir()
        let panel = writePanel(in: dir, bases: bases.map(p))
        let registry = dir + "/reg.db", out = dir + "/out"
        let r = issue(panel, registry, out: out)
        #expect(r.code == 1)
        let total = Points.mean(bases.map(p)).fixed2
        #expect(r.err.contains("省级评估总分\(total)分"))
        #expect(r.err.contains("依据：指南"))
        #expect(r.err.contains("不予签发"))
        #expect(!FileManager.default.fileExists(atPath: registry), "no register row, not even a file")
        #expect(!FileManager.default.fileExists(atPath: out), "no document")
    }

    @Test func issuesAbove80() throws {
        let dir = tempDir()
        let panel = writePanel(in: dir, bases: ["80.05", "80", "80", "80", "80"].map(p))  // 80.01
        let r = issue(panel, dir + "/reg.db", out: dir + "/out")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("已签发证书 浙质示〔2026〕第001号"))
        let cert = try #require(readCertificate(dir + "/out"))
        #expect(cert.data.total == "80.01")
        #expect(cert.data.title == "长三角质量提升示范")
        #expect(cert.data.bureau == "浙江省市场监督管理局")
        #expect(cert.data.date == "2026-11-20")
        #expect(cert.data.chineseDate == "2026年11月20日")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/out")
        #expect(files.contains { $0.hasSuffix("-证书.html") } && files.contains { $0.hasSuffix("-证书.md") })
        let md = try String(contentsOfFile: dir + "/out/" + files.first { $0.hasSuffix(".md") }!, encoding: .utf8)
        #expect(md.contains("省级评估总分80.01分，依据《长三角质量提升示范试点建设评估指南（试行）》七（三），授予“长三角质量提升示范”称号。"))
        #expect(md.contains("二维码内容：`YRDQ1|"))
        let html = try String(contentsOfFile: dir + "/out/" + files.first { $0.hasSuffix(".html") }!, encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("<title>YRDQ1|"))
    }

    @Test func sampleIsDesignated() throws {
        let dir = tempDir()
        let r = issue(root + "/samples/jiahe-auto-parts/panel.yaml", dir + "/reg.db", out: dir + "/out")
        #expect(r.code == 0, "\(r.err)")
        let cert = try #require(readCertificate(dir + "/out"))
        #expect(cert.data.total == "89.39")
        #expect(cert.data.serial == "浙质示〔2026〕第001号")
        #expect(cert.data.region == "浙江省嘉禾市禾川区")
    }

    @Test func reissueReturnsTheSameCertificate() throws {
        let dir = tempDir()
        let panel = writePanel(in: dir, bases: ["85", "86", "84", "85", "85"].map(p))
        let first = issue(panel, dir + "/reg.db", out: dir + "/out")
        #expect(first.code == 0, "\(first.err)")
        let a = try #require(readCertificate(dir + "/out"))
        let second = issue(panel, dir + "/reg.db", out: dir + "/out")
        #expect(second.code == 0)
        #expect(second.out.contains("不重复签发"))
        let b = try #require(readCertificate(dir + "/out"))
        #expect(a == b, "same serial, same id, same signature")
        #expect(listedSerials(dir + "/reg.db") == ["浙质示〔2026〕第001号"])
        // A changed evaluation of the same pilot is a new certificate.
        _ = writePanel(in: dir, bases: ["85", "86", "84", "85", "86"].map(p))
        let third = issue(panel, dir + "/reg.db", out: dir + "/out2")
        #expect(third.code == 0)
        #expect(listedSerials(dir + "/reg.db") == ["浙质示〔2026〕第001号", "浙质示〔2026〕第002号"])
    }

    @Test func serialsAreGapFreePerProvinceAndYear() throws {
        let dir = tempDir()
        let registry = dir + "/reg.db"
        var serials: [String] = []
        let cases: [(String, String, String)] = [
            ("甲", "浙江省", "2026-11-20"), ("乙", "浙江省", "2026-11-21"), ("丙", "江苏省", "2026-11-22"),
            ("丁", "浙江省", "2026-12-01"), ("戊", "浙江省", "2027-01-05"), ("己", "江苏省", "2026-12-02"),
            ("庚", "上海市", "2026-10-01"), ("辛", "安徽省", "2026-10-01"), ("壬", "江西省", "2026-10-01"),
        ]
        for (i, (name, province, date)) in cases.enumerated() {
            let panel = writePanel(in: dir + "/p\(i)", pilot: "\(name)试点", province: province, date: date,
                                   bases: ["90", "90", "90", "90", "90"].map(p))
            // Some of these dates lie after the machine's today: issued as the user says so.
            let r = issue(panel, registry, out: dir + "/out\(i)", extra: ["--allow-future-date"])
            #expect(r.code == 0, "\(r.err)")
            serials.append(try #require(readCertificate(dir + "/out\(i)")).data.serial)
        }
        #expect(serials == ["浙质示〔2026〕第001号", "浙质示〔2026〕第002号", "苏质示〔2026〕第001号",
                            "浙质示〔2026〕第003号", "浙质示〔2027〕第001号", "苏质示〔2026〕第002号",
                            "沪质示〔2026〕第001号", "皖质示〔2026〕第001号", "赣质示〔2026〕第001号"])
    }

    @Test func serialFormatIsConfigurable() throws {
        let dir = tempDir()
        let panel = writePanel(in: dir, bases: ["90", "90", "90", "90", "90"].map(p))
        let r = issue(panel, dir + "/reg.db", out: dir + "/out", extra: ["--serial-format", "{province}示范证书{year}-{seq:4}"])
        #expect(r.code == 0, "\(r.err)")
        #expect(try #require(readCertificate(dir + "/out")).data.serial == "浙江省示范证书2026-0001")
        let bad = issue(panel, dir + "/reg2.db", out: dir + "/out2", extra: ["--serial-format", "{abbr}第{seq}号"])
        #expect(bad.code == 1)
        #expect(bad.err.contains("缺少年份"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/reg2.db"))
    }

    @Test func documentIsALandscapeCertificate() throws {
        let dir = tempDir()
        let panel = writePanel(in: dir, bases: ["90", "90", "90", "90", "90"].map(p))
        #expect(issue(panel, dir + "/reg.db", out: dir + "/out").code == 0)
        let cert = try #require(readCertificate(dir + "/out"))
        let doc = try CertificateDocument.build(cert)
        #expect(doc.orientation == .landscape)
        #expect(doc.metadata.kind == "certificate")
        #expect(!doc.pageNumbers && doc.orientation == .landscape)
        // One face, laid out by the writers: 证书, the pilot and its region, the honour, the
        // basis and total, the bureau and date, the serial, the QR code and how to verify.
        #expect(doc.body.count == 1)
        guard case .certificate(let face) = try #require(doc.body.first) else {
            Issue.record("not a certificate face: \(doc.body)"); return
        }
        #expect(face.heading == "证　书")
        #expect(face.holder == cert.data.pilot && face.holderNote == cert.data.region && face.honour == "长三角质量提升示范")
        #expect(face.statement == ["经评估，该试点省级评估总分\(cert.data.total)分，依据《长三角质量提升示范试点建设评估指南（试行）》七（三），授予“长三角质量提升示范”称号。特发此证。"])
        #expect(face.issuer == Signature(lines: ["浙江省市场监督管理局"], date: "2026年11月20日", sealImage: nil))
        #expect(face.serial == "证书编号：浙质示〔2026〕第001号")
        #expect(face.notes.contains("证书标识：\(cert.data.id)"))
        let code = face.qr
        #expect(code.text == cert.qrText)
        #expect(code.modules.count == code.modules.first?.count)
        // Half a millimetre a module (three pixels of a 150 dpi scan): 34.5 mm for 69 modules.
        #expect(code.size == CertificateDocument.qrSide(modules: code.modules.count))
        #expect(code.size / Double(code.modules.count) >= 0.5 && code.size >= 30)
        // The reading order for Markdown keeps every part.
        #expect(face.blocks.contains(.signature(face.issuer)) && face.blocks.contains(.qrCode(code))
                && face.blocks.contains(.paragraph([.text("证书编号：浙质示〔2026〕第001号")], style: .plain)))
        // The QR payload stays small: version 13 (69 modules) or less here.
        let symbol = try QRSymbol.encode(cert.qrText)
        #expect(symbol.version <= 14, "version \(symbol.version) for \(cert.qrText.utf8.count) bytes")
    }
}
