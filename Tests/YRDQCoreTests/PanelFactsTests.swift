import Foundation
import Testing
import YRDQTestSupport
import YRDQCore
import YRDQInput

/// A panel's facts checked against one another: experts however their names are spelt, the
/// leader, the count, the dates, and the experts' own bonus and deduction marks.
@Suite("Panels: identities, dates, the experts' marks")
struct PanelFactsTests {
    let profile = """
        name: 测试试点
        region: 浙江省某市
        lead: 某市市场监督管理局
        participants: [某市市场监督管理局]
        approved: 2023-05-10
        enterprises: [某企业]

        """

    /// experts/e1.yaml … (base 80, distinct assessors unless given), each naming ../pilot.yaml.
    func writeExperts(_ dir: TempDir, rubric: Rubric, count: Int = 5, assessors: [Int: (String, String)] = [:],
                      dates: [Int: String] = [:], bonus: [Int: String] = [:], deductions: [Int: String] = [:]) throws -> [String] {
        try dir.write("pilot.yaml", profile)
        return try (1...count).map { i in
            let rel = "experts/e\(i).yaml"
            var text = "pilot: ../pilot.yaml\n" + sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric),
                                                            assessor: assessors[i] ?? ("专家\(i)", "单位\(i)"),
                                                            bonus: bonus[i] ?? "{enterprise: none, government: none}",
                                                            deductions: deductions[i] ?? "{major-incident: false, serious-violation: false}")
            if let d = dates[i] { text = text.replacingOccurrences(of: "date: 2026-10-15", with: "date: \(d)") }
            try dir.write(rel, text)
            return rel
        }
    }

    func panelYAML(_ experts: [String], extra: String = "", date: String = "2026-11-20",
                   bonus: String = "{enterprise: none, government: none}",
                   deductions: String = "{major-incident: false, serious-violation: false}") -> String {
        """
        pilot: pilot.yaml
        province: 浙江省
        date: \(date)
        \(extra)experts: [\(experts.joined(separator: ", "))]
        bonus: \(bonus)
        deductions: \(deductions)

        """
    }

    func load(_ dir: TempDir, _ text: String, rubric: Rubric) throws -> (Panel, SheetReader) {
        let path = try dir.write("panel.yaml", text)
        let reader = SheetReader(rubric: rubric)
        return (try PanelReader.load(path: path, reader: reader), reader)
    }

    func refusal(_ dir: TempDir, _ text: String, rubric: Rubric) throws -> (path: String, d: [Diagnostic]) {
        let path = try dir.write("panel.yaml", text)
        return (path, diagnostics { () throws(InputErrors) in _ = try PanelReader.load(path: path, reader: SheetReader(rubric: rubric)) })
    }

    // MARK: Identities

    @Test("the same expert is caught however the name or the organisation is spelt", arguments: [
        ("专家3", "\"专家3 \"", "单位3"), ("专家3", "\"专家3　\"", "单位3"), ("专家3", "\"　专家3\"", "\"单位3　\""),
        ("专家3", "专家3", "\"单位３\""), ("\"Zo\u{00EB}\"", "\"Zoe\u{0308}\"", "单位3"),
    ])
    func sameExpertSpeltOtherwise(first: String, name: String, organization: String) throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            var experts = try writeExperts(dir, rubric: rubric, assessors: [3: (first, "单位3")])
            try dir.write("experts/again.yaml", sheetYAML(items: itemLines(forBase: p("90"), rubric: rubric),
                                                          assessor: (name, organization)))
            experts.append("experts/again.yaml")
            let text = panelYAML(experts)
            let (path, d) = try refusal(dir, text, rubric: rubric)
            #expect(d.count == 1, "\(d)")
            #expect(d.first?.message.hasSuffix("在第3和第6份评分表中重复出现（同一专家不能重复计入）") == true, "\(d)")
            #expect(d.first?.file == path)
        }
    }

    @Test("an expert written with a zero-width character is not a second expert")
    func zeroWidthExpert() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            var experts = try writeExperts(dir, rubric: rubric)
            try dir.write("experts/again.yaml", sheetYAML(items: itemLines(forBase: p("90"), rubric: rubric),
                                                          assessor: ("\"专\u{200B}家2\"", "单位2")))
            experts.append("experts/again.yaml")
            let (_, d) = try refusal(dir, panelYAML(experts), rubric: rubric)
            // Caught either as the same expert or for the invisible character itself; never counted twice.
            #expect(!d.isEmpty)
            #expect(d.contains { $0.message.contains("重复出现") || $0.message.contains("U+200B") }, "\(d)")
        }
    }

    @Test("the leader is matched against the experts however the name is spelt", arguments: [
        "\"专家2 \"", "\"专家2　\"", "\"　专家2\"", "\"专家２\"",
    ])
    func leaderSpeltOtherwise(leader: String) throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(dir, rubric: rubric)
            let (panel, _) = try load(dir, "leader: \(leader)\n" + panelYAML(experts), rubric: rubric)
            #expect(panel.isLeader("专家2"))
            #expect(!panel.isLeader("专家1"))
            #expect(panel.leader?.hasSuffix(" ") == false && panel.leader?.hasSuffix("　") == false)
        }
    }

    @Test("an expert sheet about another pilot is refused")
    func otherPilot() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            var experts = try writeExperts(dir, rubric: rubric, count: 4)
            try dir.write("other.yaml", profile.replacingOccurrences(of: "name: 测试试点", with: "name: 另一试点"))
            try dir.write("experts/other.yaml", "pilot: ../other.yaml\n"
                          + sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric), assessor: ("专家9", "单位9")))
            experts.append("experts/other.yaml")
            let text = panelYAML(experts)
            let (path, d) = try refusal(dir, text, rubric: rubric)
            #expect(d.map(\.message) == ["第5位专家的评分表“experts/other.yaml”评的是试点“另一试点”，不是本专家组评估的“测试试点”"])
            #expect(d.first?.file == path)
        }
    }

    // MARK: Count

    @Test("a panel listing hundreds of expert files is refused by its count, no sheet read")
    func hundredsOfExperts() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            try dir.write("pilot.yaml", profile)
            // None of these files exists: reading any of them would add a message.
            let experts = (1...400).map { "experts/x\($0).yaml" }
            let text = panelYAML(experts)
            let start = Date()
            let (path, d) = try refusal(dir, text, rubric: rubric)
            #expect(d.map(\.message) == ["专家组有 400 位专家，指南规定评估专家组为 5—9 人"])
            #expect(d.first?.file == path && d.first?.line == line(of: "experts:", in: text))
            #expect(Date().timeIntervalSince(start) < hangGuardSeconds)
        }
    }

    // MARK: Dates

    @Test("dates that contradict each other are errors, each at its line", arguments: [
        ("2026-11-20", "material-review: 2026-11-25\n", "评估日期2026年11月20日早于材料评审日期2026年11月25日（评估报告在材料评审和现场评审之后形成）", "date:"),
        ("2026-11-20", "site-review: 2026-11-21\n", "评估日期2026年11月20日早于现场评审日期2026年11月21日（评估报告在材料评审和现场评审之后形成）", "date:"),
        ("2023-05-01", "", "评估日期2023年5月1日早于试点获批日期2023年5月10日（省级评估只能在试点获批之后进行）", "date:"),
        ("2026-11-20", "material-review: 2022-01-05\n", "材料评审日期2022年1月5日早于试点获批日期2023年5月10日（省级评估只能在试点获批之后进行）", "material-review:"),
        ("2026-11-20", "site-review: 2023-05-09\n", "现场评审日期2023年5月9日早于试点获批日期2023年5月10日（省级评估只能在试点获批之后进行）", "site-review:"),
    ])
    func contradictoryDates(date: String, extra: String, message: String, at key: String) throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(dir, rubric: rubric, dates: Dictionary(uniqueKeysWithValues: (1...5).map { ($0, "2023-05-10") }))
            let text = panelYAML(experts, extra: extra, date: date)
            let (path, d) = try refusal(dir, text, rubric: rubric)
            #expect(d.contains { $0.message == message && $0.file == path && $0.line == line(of: key, in: text) }, "\(d)")
            // A report dated before the approval is also dated before its experts' sheets; nothing else is wrong.
            #expect(d.allSatisfy { $0.message == message || $0.message.contains("的评分日期2023年5月10日") }, "\(d)")
        }
    }

    @Test("a panel dated before an expert's sheet, and a sheet dated before the approval, are errors")
    func expertSheetDates() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(dir, rubric: rubric, dates: [2: "2026-11-22", 4: "2023-01-01"])
            let text = panelYAML(experts)
            let (path, d) = try refusal(dir, text, rubric: rubric)
            #expect(d.count == 2, "\(d)")
            #expect(d.contains { $0.file == path && $0.line == line(of: "date:", in: text)
                && $0.message.hasPrefix("评估日期2026年11月20日早于第2位专家“专家2”的评分日期2026年11月22日") })
            #expect(d.contains { $0.file == path && $0.line == line(of: "experts:", in: text)
                && $0.message.hasPrefix("第4位专家“专家4”的评分日期2023年1月1日早于试点获批日期2023年5月10日") })
        }
    }

    @Test("dates in order load; a panel on the day of its site review is in order")
    func datesInOrder() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(dir, rubric: rubric, dates: [1: "2026-11-18"])
            let (panel, _) = try load(dir, panelYAML(experts, extra: "material-review: 2026-11-10\nsite-review: 2026-11-18\n",
                                                     date: "2026-11-18"), rubric: rubric)
            #expect(panel.experts.count == 5)
        }
    }

    // MARK: The experts' own marks

    @Test("an expert sheet claiming a bonus or a deduction the panel did not settle: a warning naming the expert and the line")
    func differingMarks() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(dir, rubric: rubric,
                                           bonus: [2: "{enterprise: national, government: none}"],
                                           deductions: [4: "{major-incident: true, serious-violation: false}"])
            let (panel, reader) = try load(dir, panelYAML(experts, bonus: "{enterprise: provincial, government: none}"), rubric: rubric)
            let w = reader.warnings.filter { $0.severity == .warning }
            #expect(w.count == 2, "\(w)")
            let e2 = dir.url.appendingPathComponent("experts/e2.yaml").path
            let e4 = dir.url.appendingPathComponent("experts/e4.yaml").path
            let text2 = try String(contentsOfFile: e2, encoding: .utf8), text4 = try String(contentsOfFile: e4, encoding: .utf8)
            #expect(w.contains { $0.file == e2 && $0.line == line(of: "bonus:", in: text2)
                && $0.message == "专家“专家2”（单位2）的评分表将加分项“企业质量荣誉”标为“国家级质量荣誉”（加5分），专家组认定为“省级质量荣誉”（加3分）；加分、减分由专家组统一认定，该评分表的标注不计入总分" })
            #expect(w.contains { $0.file == e4 && $0.line == line(of: "deductions:", in: text4)
                && $0.message.hasPrefix("专家“专家4”（单位4）的评分表对减分项“试点区域出现")
                && $0.message.contains("标为有此情形（减20分），专家组认定为无此情形（不减分）") })
            // The panel's ruling is what counts.
            let r = ScoringEngine(rubric: rubric).score(panel)
            #expect(r.bonus == p("3") && r.deduction == .zero)
            let enterprise = try #require(r.opinions.first { $0.subject == .bonus("enterprise") })
            #expect(enterprise.marks.count == 5)
            #expect(enterprise.dissenting == [0, 1, 2, 3, 4])     // all five differ from the panel's provincial
            #expect(enterprise.claimingOtherwise == [1])           // only the national claim is warned about
            // Each expert's settled scores carry the panel's facts.
            #expect(r.experts.allSatisfy { $0.settled.total == $0.result.base + p("3") && $0.settled.deduction == .zero })
            #expect(r.experts[3].result.deduction == p("20"))
        }
    }

    @Test("expert marks that agree with the panel, or leave bonus and deductions at none, give no warning")
    func agreeingMarks() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(dir, rubric: rubric, bonus: [1: "{enterprise: provincial, government: none}"])
            let (_, reader) = try load(dir, panelYAML(experts, bonus: "{enterprise: provincial, government: none}"), rubric: rubric)
            #expect(reader.warnings.isEmpty, "\(reader.warnings)")
        }
    }
}
