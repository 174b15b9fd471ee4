import Foundation
import Testing
import YRDQCore
import YRDQTestSupport

/// What experts and clerks write reaches the documents: an expert's differing bonus or deduction
/// is warned about by every command that reads a panel and recorded in the provincial report;
/// contradictory dates stop a certificate; init's placeholder date is flagged.
@Suite("Panel facts through the command line")
struct PanelFactsCommandTests {
    /// The sample pilot copied into `dir`; 王建华's sheet marks a national enterprise honour and a major incident.
    func dissentingSample(_ dir: TempDir) throws -> (panel: String, wang: String) {
        let fm = FileManager.default
        for rel in ["pilot.yaml", "panel.yaml", "self-assessment.yaml"] + ["chen", "li", "sun", "wang", "xu", "zhao", "zhou"].map({ "experts/\($0).yaml" }) {
            try dir.write(rel, String(contentsOf: Repo.sample.appendingPathComponent(rel), encoding: .utf8))
        }
        let wang = dir.path("experts/wang.yaml")
        let text = try String(contentsOfFile: wang, encoding: .utf8)
            .replacingOccurrences(of: "bonus: {enterprise: provincial, government: municipal}", with: "bonus: {enterprise: national, government: municipal}")
            .replacingOccurrences(of: "deductions: {major-incident: false,", with: "deductions: {major-incident: true,")
        try text.write(toFile: wang, atomically: true, encoding: .utf8)
        #expect(fm.fileExists(atPath: dir.path("panel.yaml")))
        return (dir.path("panel.yaml"), wang)
    }

    func expectWarnings(_ stderr: String, wang: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try String(contentsOfFile: wang, encoding: .utf8)
        let lines = stderr.split(separator: "\n").map(String.init)
        let bonus = lines.filter { $0.hasPrefix("\(wang):\(line(of: "bonus:", in: text)!): 警告: 专家“王建华”") && $0.contains("“国家级质量荣誉”（加5分）") }
        let deduction = lines.filter { $0.hasPrefix("\(wang):\(line(of: "deductions:", in: text)!): 警告: 专家“王建华”") && $0.contains("有此情形（减20分）") }
        #expect(bonus.count == 1 && deduction.count == 1, "\(stderr)", sourceLocation: sourceLocation)
    }

    @Test("panel: the differing expert is warned about, naming the expert and the line; the exit and the total are unchanged")
    func panelWarns() throws {
        try withTempDir { dir in
            let (panel, wang) = try dissentingSample(dir)
            let run = yrdq("panel", panel, "--json")
            #expect(run.code == 0)
            #expect(decimal(try run.json()["total"]) == "89.39")
            try expectWarnings(run.stderr, wang: wang)
        }
    }

    @Test("render provincial: the warning, and a report whose body and attachment agree")
    func reportRecordsOpinions() throws {
        try withTempDir { dir in
            let (panel, wang) = try dissentingSample(dir)
            let run = yrdq("render", "provincial", panel, "--format", "md", "--out", dir.path("out"))
            #expect(run.code == 0, "\(run.stderr)")
            try expectWarnings(run.stderr, wang: wang)
            let file = try #require(dir.files(under: "out").first { $0.hasSuffix("省级评估报告.md") })
            let md = try String(contentsOfFile: dir.path("out/" + file), encoding: .utf8)
            // The body: who marked what, and the panel's ruling with its grounds.
            #expect(md.contains("企业质量荣誉：王建华标为“国家级质量荣誉”（加5分）；陈思远、李慧敏、赵国平、周晓岚、孙卫东、徐丽娟共6位专家标为“省级质量荣誉”（加3分）。专家组认定为“省级质量荣誉”（加3分）（依据：嘉禾恒驰电驱科技股份有限公司于2025年获浙江省人民政府质量奖"))
            #expect(md.contains("王建华标为有此情形（减20分）；陈思远、李慧敏、赵国平、周晓岚、孙卫东、徐丽娟共6位专家标为无此情形（不减分）。专家组认定为无此情形（不减分）"))
            #expect(md.contains("政府质量荣誉：全体7位专家均标为“地市级质量考核”（加1分），与专家组认定一致。"))
            // The attachments: every expert table says the panel settled bonus and deductions, shows the
            // panel's figures, and 王建华's records what his sheet claimed.
            let attachments = md.components(separatedBy: "附件2").dropFirst().joined()
            #expect(attachments.components(separatedBy: "加分项、减分项由专家组统一认定").count - 1 == 7)
            #expect(!attachments.contains("−20"))
            #expect(attachments.contains("总分 = 基本分87.25 + 加分4 − 减分0 = 91.25。"))
            #expect(attachments.contains("该专家评分表原对减分项“试点区域出现经地市级及以上政府或政府授权有关部门认定的重大产品/服务质量事件”标为有此情形（减20分），未被专家组采纳，不计入总分。"))
        }
    }

    @Test("certificate issue: the warning too, and the certificate as the panel settled it")
    func issueWarns() throws {
        try withTempDir { dir in
            let (panel, wang) = try dissentingSample(dir)
            #expect(yrdq(["keygen", "--out", dir.path("k")]).code == 0)
            let run = yrdq(["certificate", "issue", panel, "--key", dir.path("k/yrdq-signing-key.pem"), "--registry", dir.path("reg.db"),
                            "--format", "md", "--out", dir.path("out"), "--rubric", Repo.rubricPath])
            #expect(run.code == 0, "\(run.stderr)")
            try expectWarnings(run.stderr, wang: wang)
        }
    }

    @Test("certificate issue refuses a panel dated before its site review, or before the pilot's approval: nothing registered or written",
          arguments: [("site-review: 2026-11-18", "site-review: 2026-11-25", "评估日期2026年11月20日早于现场评审日期2026年11月25日"),
                      ("material-review: 2026-11-10", "material-review: 2023-04-01", "材料评审日期2023年4月1日早于试点获批日期2023年5月10日")])
    func issueRefusesContradictoryDates(from: String, to: String, message: String) throws {
        try withTempDir { dir in
            let (panel, _) = try dissentingSample(dir)
            let text = try String(contentsOfFile: panel, encoding: .utf8).replacingOccurrences(of: from, with: to)
            try text.write(toFile: panel, atomically: true, encoding: .utf8)
            #expect(yrdq(["keygen", "--out", dir.path("k")]).code == 0)
            let run = yrdq(["certificate", "issue", panel, "--key", dir.path("k/yrdq-signing-key.pem"), "--registry", dir.path("reg.db"),
                            "--format", "md", "--out", dir.path("out"), "--rubric", Repo.rubricPath])
            #expect(run.code == 1)
            let key = String(to.prefix { $0 != ":" })
            let at = to.hasPrefix("site") ? "date:" : key + ":"
            #expect(run.messages.contains { $0.hasPrefix("\(panel):\(line(of: at, in: text)!):") && $0.contains("错误: \(message)") }, "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.path("reg.db")))
            #expect(!FileManager.default.fileExists(atPath: dir.path("out")))
        }
    }

    @Test("init writes a placeholder approval date; a profile that keeps it is flagged, exit 0, until it is changed")
    func initPlaceholder() throws {
        try withTempDir { dir in
            #expect(yrdq("init", dir.path("p")).code == 0)
            var profile = try dir.read("p/pilot.yaml")
            #expect(profile.contains("approved: \(PilotProfile.placeholderApproval)"))
            for (from, to) in [("{name: \"\", role: 龙头骨干企业}", "{name: 某企业, role: 龙头骨干企业}"), ("\nname: \"\"", "\nname: 测试试点"),
                               ("region: \"\"", "region: 浙江省某市"), ("lead: \"\"", "lead: 某局"), ("participants: []", "participants: [某局]")] {
                #expect(profile.contains(from))
                profile = profile.replacingOccurrences(of: from, with: to)
            }
            let path = try dir.write("p/pilot.yaml", profile)
            let sheet = try dir.write("p/sheet.yaml", "pilot: pilot.yaml\n" + sheetYAML(base: "85", rubric: try Repo.rubric()))
            let run = yrdq("score", sheet, "--json")
            #expect(run.code == 0, "\(run.stderr)")
            #expect(run.messages.contains { $0.hasPrefix("\(path):\(line(of: "approved:", in: profile)!):") && $0.contains(": 警告: 获批日期（approved）仍是 yrdq init 写入的占位日期") }, "\(run.stderr)")
            try dir.write("p/pilot.yaml", profile.replacingOccurrences(of: "approved: \(PilotProfile.placeholderApproval)", with: "approved: 2023-05-10"))
            #expect(!yrdq("score", sheet, "--json").stderr.contains("占位日期"))
        }
    }
}
