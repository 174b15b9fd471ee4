import Foundation
import Testing
import YRDQCore
import YRDQTestSupport

/// `yrdq render application | decision | notice`: the 请示, 决定 and 通知 (GB/T 9704 §7), each
/// refused when the scoring core's decision does not call for it.
@Suite("The official documents: 请示, 决定, 通知")
struct OfficialDocumentCommandTests {
    var selfAssessment: String { Repo.sample.appendingPathComponent("self-assessment.yaml").path }
    var samplePanel: String { Repo.sample.appendingPathComponent("panel.yaml").path }

    static let provincialIssuer = """
        issuer:
          mark: 浙江省市场监督管理局文件
          number: 浙市监质〔2026〕52号
          addressee: [各设区市市场监督管理局]
          copies: [市场监管总局质量发展局]
          printer: 浙江省市场监督管理局办公室
        """

    /// A pilot folder: the sample's profile (with `profileExtra` appended), experts at `bases`,
    /// and panel.yaml with the provincial issuer (or `issuer`).
    @discardableResult
    func pilotFolder(_ dir: TempDir, _ sub: String, bases: [String], name: String? = nil, issuer: String = provincialIssuer,
                     profileExtra: String = "") throws -> String {
        let rubric = try Repo.rubric()
        var profile = try String(contentsOf: Repo.sample.appendingPathComponent("pilot.yaml"), encoding: .utf8)
        if let name { profile = profile.replacingOccurrences(of: "name: 嘉禾市新能源汽车零部件产业质量提升示范试点", with: "name: \(name)") }
        try dir.write("\(sub)/pilot.yaml", profile + profileExtra)
        var experts: [String] = []
        for (i, b) in bases.enumerated() {
            try dir.write("\(sub)/experts/e\(i + 1).yaml",
                          "pilot: ../pilot.yaml\n" + sheetYAML(base: b, rubric: rubric, assessor: ("专家\(i + 1)", "单位\(i + 1)")))
            experts.append("experts/e\(i + 1).yaml")
        }
        return try dir.write("\(sub)/panel.yaml", """
            pilot: pilot.yaml
            province: 浙江省
            bureau: 浙江省市场监督管理局
            date: 2026-11-20
            material-review: 2026-11-10
            site-review: 2026-11-18
            leader: 专家1
            experts: [\(experts.joined(separator: ", "))]
            bonus: {enterprise: none, government: none}
            deductions: {major-incident: false, serious-violation: false}
            \(issuer)

            """)
    }

    func text(_ pdf: String) throws -> String {
        // The text without its page numbers ("— 1 —"), so that a sentence a page break
        // divides still reads as one.
        return try poppler("pdftotext", ["-layout", pdf, "-"]).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in
                let t = line.filter { !$0.isWhitespace && $0 != "\u{0C}" }
                return !(t.hasPrefix("—") && t.hasSuffix("—") && t.count > 2 && t.dropFirst().dropLast().allSatisfy(\.isASCII) && t.dropFirst().dropLast().allSatisfy(\.isNumber))
            }
            .joined(separator: "\n")
    }

    /// The three files of one document, after `run`; each holds every text in `expected`.
    func expectAllFormats(_ dir: TempDir, _ base: String, holding expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let html = try dir.read("out/\(base).html")
        let md = try dir.read("out/\(base).md")
        let pdf = try text(dir.path("out/\(base).pdf")).filter { !$0.isWhitespace }
        for piece in expected {
            #expect(html.contains(piece), "html lacks \(piece)", sourceLocation: sourceLocation)
            #expect(md.contains(piece), "md lacks \(piece)", sourceLocation: sourceLocation)
            #expect(pdf.contains(piece.filter { !$0.isWhitespace }), "pdf lacks \(piece)", sourceLocation: sourceLocation)
        }
        #expect(html.contains("class=\"masthead") && html.contains("class=\"colophon\""), sourceLocation: sourceLocation)
    }

    @Test("render application: the sample's 请示 in three formats, with 签发人, 附件说明 and 版记")
    func application() throws {
        try withTempDir { dir in
            let run = yrdq("render", "application", selfAssessment, "--out", dir.path("out"))
            #expect(run.code == 0, "\(run.stderr)")
            try expectAllFormats(dir, "嘉禾市新能源汽车零部件产业质量提升示范试点-申请省级评估的请示", holding: [
                "嘉禾市市场监督管理局文件", "嘉市监质〔2026〕27号", "签发人：", "周建国", "浙江省市场监督管理局：",
                "92.75", "申请对嘉禾市新能源汽车零部件产业质量提升示范试点开展省级评估", "妥否，请批示。",
                "附件：", "嘉禾市新能源汽车零部件产业质量提升示范试点评分表", "2026年10月16日",
                "抄送：嘉禾市人民政府办公室，长三角区域合作办公室。", "嘉禾市市场监督管理局办公室", "2026年10月16日印发",
                "六（一）",
            ])
        }
    }

    @Test("render application refuses a self-assessment below 80: the total and the rule, nothing written")
    func applicationBelow80() throws {
        try withTempDir { dir in
            try pilotFolder(dir, "p", bases: ["60", "60", "60", "60", "60"])
            let rubric = try Repo.rubric()
            let sheet = try dir.write("p/self.yaml", "pilot: pilot.yaml\n" + sheetYAML(base: "79.75", rubric: rubric))
            let run = yrdq("render", "application", sheet, "--out", dir.path("out"))
            #expect(run.code == 1)
            #expect(run.stderr.contains("self.yaml: 错误: 不能生成申请省级评估的请示：自评总分79.75分，未达到80分以上（含80分）"), "\(run.stderr)")
            #expect(dir.files(under: "out").isEmpty)
            // At 80 exactly it may apply (以上 includes the number).
            let at80 = try dir.write("p/self80.yaml", "pilot: pilot.yaml\n" + sheetYAML(base: "80", rubric: rubric))
            #expect(yrdq("render", "application", at80, "--out", dir.path("out"), "--format", "md").code == 0)
        }
    }

    @Test("render decision: the sample's 决定 in three formats; with --registry the certificate's serial")
    func decision() throws {
        try withTempDir { dir in
            let run = yrdq("render", "decision", samplePanel, "--out", dir.path("out"))
            #expect(run.code == 0, "\(run.stderr)")
            let base = "嘉禾市新能源汽车零部件产业质量提升示范试点-授予称号的决定"
            try expectAllFormats(dir, base, holding: [
                "浙江省市场监督管理局文件", "浙市监质〔2026〕41号", "各设区市市场监督管理局：", "89.39",
                "决定授予嘉禾市新能源汽车零部件产业质量提升示范试点“长三角质量提升示范”称号", "七（三）",
                "附件：", "授予称号的试点名单", "2026年11月25日", "抄送：市场监管总局质量发展局", "浙江省市场监督管理局办公室",
                "2026年11月25日印发",
            ])
            #expect(!(try dir.read("out/\(base).md")).contains("签发人"), "a downward document has no 签发人")
            // The register's serial.
            #expect(yrdq(["keygen", "--out", dir.path("k")]).code == 0)
            let issue = yrdq(["certificate", "issue", samplePanel, "--key", dir.path("k/yrdq-signing-key.pem"), "--registry", dir.path("reg.db"),
                              "--format", "md", "--out", dir.path("cert"), "--rubric", Repo.rubricPath])
            #expect(issue.code == 0, "\(issue.stderr)")
            let withSerial = yrdq("render", "decision", samplePanel, "--registry", dir.path("reg.db"), "--out", dir.path("out"), "--format", "md,pdf")
            #expect(withSerial.code == 0, "\(withSerial.stderr)")
            #expect(try dir.read("out/\(base).md").contains("浙质示〔2026〕第001号"))
            #expect(try text(dir.path("out/\(base).pdf")).contains("浙质示〔2026〕第001号"))
            // A register without this evaluation's certificate: a warning, the column says "—".
            let other = yrdq("render", "decision", samplePanel, "--registry", dir.path("missing.db"), "--out", dir.path("out"), "--format", "md")
            #expect(other.code == 1, "a register that does not exist is an error, not created")
        }
    }

    @Test("render decision takes several panels: one 决定 for all, each pilot listed once")
    func decisionSeveral() throws {
        try withTempDir { dir in
            let a = try pilotFolder(dir, "a", bases: ["90", "91", "92", "93", "94"], name: "甲市试点")
            let b = try pilotFolder(dir, "b", bases: ["85", "86", "87", "88", "89"], name: "乙市试点", issuer: "")
            let run = yrdq("render", "decision", a, b, "--out", dir.path("out"), "--format", "md")
            #expect(run.code == 0, "\(run.stderr)")
            let md = try dir.read("out/甲市试点-授予称号的决定-等2个试点.md")
            #expect(md.contains("甲市试点等2个试点") && md.contains("乙市试点") && md.contains("92.00") && md.contains("87.00"))
            // The same panel twice, or two different issuers, are refused.
            let twice = yrdq("render", "decision", a, a, "--out", dir.path("out2"), "--format", "md")
            #expect(twice.code == 1 && twice.stderr.contains("同一专家组文件列出了两次"), "\(twice.stderr)")
            let c = try pilotFolder(dir, "c", bases: ["85", "86", "87", "88", "89"], name: "丙市试点",
                                    issuer: Self.provincialIssuer.replacingOccurrences(of: "52号", with: "53号"))
            let differ = yrdq("render", "decision", a, c, "--out", dir.path("out3"), "--format", "md")
            #expect(differ.code == 1 && differ.stderr.contains("发文信息（issuer）与"), "\(differ.stderr)")
            #expect(dir.files(under: "out2").isEmpty && dir.files(under: "out3").isEmpty)
        }
    }

    @Test("render decision refuses a panel at or below 80, naming it; nothing written")
    func decisionAt80() throws {
        try withTempDir { dir in
            let good = try pilotFolder(dir, "a", bases: ["90", "91", "92", "93", "94"], name: "甲市试点")
            let at80 = try pilotFolder(dir, "b", bases: ["80", "80", "80", "80", "80"], name: "乙市试点")
            let run = yrdq("render", "decision", good, at80, "--out", dir.path("out"))
            #expect(run.code == 1)
            #expect(run.stderr.contains("b/panel.yaml: 错误: 不能列入授予称号的决定：乙市试点省级评估总分80.00分，未高于80分"), "\(run.stderr)")
            #expect(!run.stderr.contains("a/panel.yaml"))
            #expect(dir.files(under: "out").isEmpty)
        }
    }

    @Test("render notice: a panel below 70 in three formats; refused at 70 or above")
    func notice() throws {
        try withTempDir { dir in
            let low = try pilotFolder(dir, "low", bases: ["60", "62", "64", "66", "68"], name: "丁市试点")
            let run = yrdq("render", "notice", low, "--out", dir.path("out"))
            #expect(run.code == 0, "\(run.stderr)")
            try expectAllFormats(dir, "丁市试点-暂停称号的通知", holding: [
                "浙江省市场监督管理局文件", "浙市监质〔2026〕52号", "各设区市市场监督管理局：", "64.00",
                "决定暂停丁市试点的“长三角质量提升示范试点”称号", "七（三）", "附件：", "暂停称号的试点名单",
                "抄送：市场监管总局质量发展局。", "2026年11月20日印发",
            ])
            for bases in [["70", "70", "70", "70", "70"], ["90", "90", "90", "90", "90"]] {
                let panel = try pilotFolder(dir, "p\(bases[0])", bases: bases)
                let refused = yrdq("render", "notice", panel, "--out", dir.path("out\(bases[0])"))
                #expect(refused.code == 1)
                #expect(refused.stderr.contains("错误: 不能列入暂停称号的通知："), "\(refused.stderr)")
                #expect(refused.stderr.contains("省级评估总分\(bases[0]).00分"))
                #expect(dir.files(under: "out\(bases[0])").isEmpty)
            }
        }
    }

    @Test("issuer details are validated like every other field", arguments: [
        ("number: 浙市监质〔2026〕52号", "number: 浙市监质[2026]52号", "发文字号（number）“浙市监质[2026]52号”年份应用六角括号〔〕括起"),
        ("number: 浙市监质〔2026〕52号", "number: 浙市监质〔2026〕052号", "序号不编虚位"),
        ("number: 浙市监质〔2026〕52号", "number: 浙市监质〔26〕52号", "〔〕中应为四位年份"),
        ("number: 浙市监质〔2026〕52号", "number: 浙市监质〔2026〕第52号", "不加“第”"),
        ("\n  printer: 浙江省市场监督管理局办公室", "", "缺少“printer”（印发机关"),
        ("  mark: 浙江省市场监督管理局文件\n", "  mark: \"\"\n", "发文机关标志（mark）不能为空"),
        ("copies: [市场监管总局质量发展局]", "copies: {a: 1}", "抄送机关（copies）应为"),
        ("printer: 浙江省市场监督管理局办公室", "printer: 浙江省市场监督管理局办公室\n  signer: 某人", "signer"),
    ])
    func issuerValidation(_ from: String, _ to: String, _ message: String) throws {
        try withTempDir { dir in
            let issuer = Self.provincialIssuer.replacingOccurrences(of: from, with: to)
            #expect(issuer != Self.provincialIssuer)
            let panel = try pilotFolder(dir, "p", bases: ["90", "91", "92", "93", "94"], issuer: issuer)
            let run = yrdq("render", "decision", panel, "--out", dir.path("out"))
            #expect(run.code == 1)
            #expect(run.stderr.contains("panel.yaml:"), "\(run.stderr)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
            #expect(dir.files(under: "out").isEmpty)
        }
    }

    @Test("a 请示 needs the profile's issuer with a signatory; a 决定 the panel's issuer")
    func missingIssuer() throws {
        try withTempDir { dir in
            let rubric = try Repo.rubric()
            // The sample's profile without its issuer: cut at the comment before it.
            let profile = try String(contentsOf: Repo.sample.appendingPathComponent("pilot.yaml"), encoding: .utf8)
            let bare = String(profile[..<profile.range(of: "# The lead bureau as it issues")!.lowerBound])
            try dir.write("pilot.yaml", bare)
            let sheet = try dir.write("self.yaml", "pilot: pilot.yaml\n" + sheetYAML(base: "90", rubric: rubric))
            let run = yrdq("render", "application", sheet, "--out", dir.path("out"))
            #expect(run.code == 1)
            #expect(run.stderr.contains("pilot.yaml: 错误: 试点档案没有发文信息（issuer），生成请示需要"), "\(run.stderr)")
            try dir.write("pilot.yaml", bare + "issuer: {mark: 嘉禾市市场监督管理局文件, number: 嘉市监质〔2026〕27号, addressee: 浙江省市场监督管理局, printer: 嘉禾市市场监督管理局办公室}\n")
            let unsigned = yrdq("render", "application", sheet, "--out", dir.path("out"))
            #expect(unsigned.code == 1)
            #expect(unsigned.stderr.contains("缺少“signatory”（签发人"), "\(unsigned.stderr)")
            let panel = try pilotFolder(dir, "p", bases: ["90", "91", "92", "93", "94"], issuer: "")
            let decision = yrdq("render", "decision", panel, "--out", dir.path("out"))
            #expect(decision.code == 1)
            #expect(decision.stderr.contains("专家组文件没有发文信息（issuer），生成决定需要"), "\(decision.stderr)")
            #expect(dir.files(under: "out").isEmpty)
        }
    }

    @Test("the command line: several inputs only for decision and notice, --registry only for decision")
    func usage() {
        #expect(yrdq("render", "application", selfAssessment, selfAssessment).code == 64)
        #expect(yrdq("render", "notice", samplePanel, "--registry", "x.db").code == 64)
        #expect(yrdq("render", "provincial", samplePanel, samplePanel).code == 64)
    }
}
