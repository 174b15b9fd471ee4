import Foundation
import Testing
import YRDQTestSupport
import YRDQCore
import YRDQInput

/// Panel files (provincial evaluation): the experts they name, checked and scored.
@Suite("Panels: reading, size, experts")
struct PanelTests {
    /// Writes experts/e1.yaml … with the given base totals and distinct assessors; returns their relative paths.
    func writeExperts(_ bases: [String], in dir: TempDir, rubric: Rubric) throws -> [String] {
        try bases.enumerated().map { i, b in
            let rel = "experts/e\(i + 1).yaml"
            try dir.write(rel, sheetYAML(items: itemLines(forBase: p(b), rubric: rubric),
                                         assessor: ("专家\(i + 1)", "单位\(i + 1)")))
            return rel
        }
    }

    func panelYAML(_ experts: [String], aggregation: String = "mean",
                   bonus: String = "{enterprise: none, government: none}",
                   deductions: String = "{major-incident: false, serious-violation: false}") -> String {
        """
        province: 浙江省
        date: 2026-11-20
        aggregation: \(aggregation)
        experts: [\(experts.joined(separator: ", "))]
        bonus: \(bonus)
        deductions: \(deductions)

        """
    }

    func load(_ dir: TempDir, _ text: String, rubric: Rubric) throws -> Panel {
        let path = try dir.write("panel.yaml", text)
        return try PanelReader.load(path: path, reader: SheetReader(rubric: rubric))
    }

    func refusal(_ dir: TempDir, _ text: String, rubric: Rubric) throws -> (path: String, d: [Diagnostic]) {
        let path = try dir.write("panel.yaml", text)
        return (path, diagnostics { () throws(InputErrors) in _ = try PanelReader.load(path: path, reader: SheetReader(rubric: rubric)) })
    }

    @Test("a panel of five to nine loads and scores", arguments: [5, 7, 9])
    func validSizes(count: Int) throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(Array(repeating: "80.01", count: count), in: dir, rubric: rubric)
            let panel = try load(dir, panelYAML(experts), rubric: rubric)
            #expect(panel.experts.count == count)
            #expect(panel.experts.map { $0.assessor?.name } == (1...count).map { "专家\($0)" })
            let r = ScoringEngine(rubric: rubric).score(panel)
            #expect(r.base == p("80.01"))
            #expect(r.decision == .designate)
        }
    }

    @Test("a panel of 4 or 10 experts is refused, naming the count and the range", arguments: [4, 10, 1])
    func wrongSize(count: Int) throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(Array(repeating: "80", count: count), in: dir, rubric: rubric)
            let text = panelYAML(experts)
            let (path, d) = try refusal(dir, text, rubric: rubric)
            #expect(d.map(\.message) == ["专家组有 \(count) 位专家，指南规定评估专家组为 5—9 人"])
            #expect(d[0].file == path)
            #expect(d[0].line == line(of: "experts:", in: text))
        }
    }

    @Test("an empty expert list and a missing one are refused")
    func noExperts() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let (_, d) = try refusal(dir, panelYAML([]), rubric: rubric)
            #expect(d.map(\.message) == ["专家组有 0 位专家，指南规定评估专家组为 5—9 人"])
            let (_, d2) = try refusal(dir, "province: 浙江省\naggregation: mean\n", rubric: rubric)
            #expect(d2.map(\.message) == ["缺少专家评分表列表（experts: [experts/a.yaml, …]）"])
        }
    }

    @Test("an expert sheet without an assessor names the file")
    func withoutAssessor() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            var experts = try writeExperts(["80", "80", "80", "80"], in: dir, rubric: rubric)
            let anonymous = try dir.write("experts/anon.yaml", sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric)))
            experts.append("experts/anon.yaml")
            let (_, d) = try refusal(dir, panelYAML(experts), rubric: rubric)
            #expect(d.count == 1)
            #expect(d[0].file == anonymous)
            #expect(d[0].message == "专家评分表缺少评估人（assessor: {name: 姓名, organization: 单位}）")
        }
    }

    @Test("an expert sheet without an assessor and with a bad score: both reported in one run")
    func withoutAssessorAndBadScore() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            var experts = try writeExperts(["80", "80", "80", "80"], in: dir, rubric: rubric)
            let anonymous = try dir.write("experts/anon.yaml",
                                          sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric, overriding: [5: "2.5"])))
            experts.append("experts/anon.yaml")
            let (_, d) = try refusal(dir, panelYAML(experts), rubric: rubric)
            #expect(d.count == 2)
            #expect(d.allSatisfy { $0.file == anonymous })
            #expect(d.contains { $0.message.hasPrefix("专家评分表缺少评估人") })
            #expect(d.contains { $0.item == 5 && $0.message.contains("2.5 超过满分 2") })
        }
    }

    @Test("the same expert sheet listed twice")
    func sameFileTwice() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(["80", "81", "82", "83", "84"], in: dir, rubric: rubric)
            let text = panelYAML(experts + ["experts/../experts/e2.yaml"])
            let (path, d) = try refusal(dir, text, rubric: rubric)
            #expect(d.map(\.message) == ["第6位专家的评分表“experts/../experts/e2.yaml”与第2位相同（同一专家不能重复计入）"])
            #expect(d[0].file == path)
        }
    }

    @Test("two sheets by the same expert (name and organization)")
    func sameExpertTwice() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            var experts = try writeExperts(["80", "81", "82", "83", "84"], in: dir, rubric: rubric)
            try dir.write("experts/again.yaml", sheetYAML(items: itemLines(forBase: p("90"), rubric: rubric),
                                                          assessor: ("专家3", "单位3")))
            experts.append("experts/again.yaml")
            let (_, d) = try refusal(dir, panelYAML(experts), rubric: rubric)
            #expect(d.map(\.message) == ["专家“专家3”（单位3）在第3和第6份评分表中重复出现（同一专家不能重复计入）"])
        }
    }

    @Test("the same name at another organization is another expert")
    func sameNameOtherOrganization() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            var experts = try writeExperts(["80", "80", "80", "80"], in: dir, rubric: rubric)
            try dir.write("experts/other.yaml", sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric),
                                                          assessor: ("专家1", "另一单位")))
            experts.append("experts/other.yaml")
            #expect(try load(dir, panelYAML(experts), rubric: rubric).experts.count == 5)
        }
    }

    @Test("a missing expert sheet is named with the path tried")
    func missingExpertSheet() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(["80", "80", "80", "80"], in: dir, rubric: rubric)
            let (_, d) = try refusal(dir, panelYAML(experts + ["experts/ghost.yaml"]), rubric: rubric)
            #expect(d.map(\.message) == ["第5位专家的评分表“experts/ghost.yaml”不存在（路径相对于本文件所在目录：\(dir.url.path)/experts/ghost.yaml）"])
        }
    }

    @Test("errors in several expert sheets and in the panel file all come out in one run")
    func allErrors() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            var experts = try writeExperts(["80", "80", "80"], in: dir, rubric: rubric)
            let a = try dir.write("experts/a.yaml", sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric, overriding: [1: "3"]),
                                                              assessor: ("甲", "某单位")))
            let b = try dir.write("experts/b.yaml", sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric, omitting: [2]),
                                                              assessor: ("乙", "某单位")))
            experts += ["experts/a.yaml", "experts/b.yaml"]
            let (path, d) = try refusal(dir, panelYAML(experts, aggregation: "median", bonus: "{enterprise: gold}"), rubric: rubric)
            #expect(d.count == 4)
            #expect(d.contains { $0.file == a && $0.item == 1 && $0.message.contains("超过满分 2") })
            #expect(d.contains { $0.file == b && $0.message == "缺少第2项的得分（每一项都须填写；未得分请填 0）" })
            #expect(d.contains { $0.file == path && $0.message.hasPrefix("未知的汇总方式“median”（允许：mean") })
            #expect(d.contains { $0.file == path && $0.message.contains("“gold”无效") })
        }
    }

    @Test("the panel settles bonus and deductions; trimmed aggregation is read")
    func panelFacts() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(["60", "80", "81", "82", "100"], in: dir, rubric: rubric)
            let panel = try load(dir, panelYAML(experts, aggregation: "trimmed",
                                                bonus: "{enterprise: [municipal, national], government: provincial}",
                                                deductions: "{major-incident: 2, serious-violation: false}"), rubric: rubric)
            #expect(panel.aggregation == .trimmed)
            let r = ScoringEngine(rubric: rubric).score(panel)
            #expect(r.base == p("81"))
            #expect(r.bonus == p("8"))
            #expect(r.deduction == p("20"))
            #expect(r.total == p("69"))
            #expect(r.decision == .suspend)
        }
    }

    @Test("a leader who is not on the panel")
    func unknownLeader() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try writeExperts(["80", "80", "80", "80", "80"], in: dir, rubric: rubric)
            let (_, d) = try refusal(dir, "leader: 无名氏\n" + panelYAML(experts), rubric: rubric)
            #expect(d.map(\.message) == ["专家组组长“无名氏”不在专家名单中（专家：专家1、专家2、专家3、专家4、专家5）"])
        }
    }

    @Test("the sample panel reads seven experts and scores 85.39")
    func sample() throws {
        let rubric = try Fixture.rubric()
        let reader = SheetReader(rubric: rubric)
        let panel = try PanelReader.load(path: Fixture.sampleDir.appendingPathComponent("panel.yaml").path, reader: reader)
        #expect(panel.experts.count == 7)
        #expect(panel.pilot?.name.isEmpty == false)
        let r = ScoringEngine(rubric: rubric).score(panel)
        #expect(r.experts.map(\.result.base) == ["87.25", "85.75", "88.75", "84", "82.25", "88.25", "81.5"].map(p))
        #expect(r.base == p("85.39"))    // 597.75 / 7 = 85.392…
        #expect(r.bonus == p("4"))
        #expect(r.total == p("89.39"))
        #expect(r.decision == .designate)
        #expect(r.divergent == [21, 55])
        #expect(reader.warnings.filter { $0.severity == .error }.isEmpty)
    }

    @Test("the sample self-assessment scores 88.75 + 4 = 92.75, eligible")
    func sampleSelfAssessment() throws {
        let rubric = try Fixture.rubric()
        let sheet = try SheetReader(rubric: rubric).load(path: Fixture.sampleDir.appendingPathComponent("self-assessment.yaml").path)
        let engine = ScoringEngine(rubric: rubric)
        let r = engine.score(sheet)
        #expect(r.base == p("88.75"))
        #expect(r.bonus == p("4"))
        #expect(r.deduction == .zero)
        #expect(r.total == p("92.75"))
        #expect(engine.selfAssessmentDecision(total: r.total) == .eligible)
    }
}
