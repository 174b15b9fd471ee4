import Foundation
import Testing
import YRDQTestSupport
@testable import YRDQInput
import YRDQCore

/// Score sheets in YAML: what is accepted, and every refusal's message
/// (file, line, item, what was found, what is allowed).
@Suite("Score sheets: validation and messages")
struct SheetValidationTests {
    /// Writes the sheet and loads it; returns the diagnostics of the refusal.
    func refuse(_ text: String, name: String = "sheet.yaml", requireAssessor: Bool = false) throws -> (path: String, d: [Diagnostic]) {
        try withTempDir { dir in
            let path = try dir.write(name, text)
            let reader = SheetReader(rubric: try Fixture.rubric())
            return (path, diagnostics { () throws(InputErrors) in _ = try reader.load(path: path, requireAssessor: requireAssessor) })
        }
    }

    func load(_ text: String) throws -> ScoreSheet {
        try withTempDir { dir in
            let path = try dir.write("sheet.yaml", text)
            return try SheetReader(rubric: try Fixture.rubric()).load(path: path)
        }
    }

    // MARK: Accepted

    @Test("a complete sheet loads: plain scores, score mappings and per-criterion scores")
    func accepted() throws {
        let rubric = try Fixture.rubric()
        let text = sheetYAML(items: itemLines(forBase: p("100"), rubric: rubric, overriding: [
            1: "{criteria: [0.5, 0, 1], note: 未制定工作计划, evidence: [附件1.pdf, 附件2.pdf]}",
            2: "{score: 1.5, note: 尚未建立风险交流制度, evidence: 附件3.pdf}",
            3: "{score: 1.25, criteria: [1, 0.25]}",
            4: "0.50",
            5: "-0",
        ]), bonus: "{enterprise: [municipal, national], government: 省级}",
            deductions: "{major-incident: 3, serious-violation: 是}")
        let sheet = try load(text)
        #expect(sheet.items.count == 56)
        #expect(sheet.items[1] == ItemScore(score: p("1.5"), criteria: [p("0.5"), .zero, p("1")], note: "未制定工作计划",
                                            evidence: ["附件1.pdf", "附件2.pdf"]))
        #expect(sheet.items[2]?.score == p("1.5"))
        #expect(sheet.items[2]?.evidence == ["附件3.pdf"])
        #expect(sheet.items[3]?.score == p("1.25"))
        #expect(sheet.items[4]?.score == p("0.5"))
        #expect(sheet.items[5]?.score == .zero)
        #expect(sheet.date == CivilDate(year: 2026, month: 10, day: 15))
        #expect(sheet.adjustments.honours["enterprise"]?.map(\.level) == ["municipal", "national"])
        #expect(sheet.adjustments.honours["government"]?.map(\.level) == ["provincial"])
        #expect(sheet.adjustments.incidents == ["major-incident": 3, "serious-violation": 1])

        let r = ScoringEngine(rubric: rubric).score(sheet)
        // 100 − 0.5 (item 1) − 0.5 (item 2) − 0.75 (item 3) − 1.5 (item 4) − 2 (item 5)
        #expect(r.base == p("94.75"))
        #expect(r.bonus == p("8"))        // enterprise national 5 (not 6), government provincial 3
        #expect(r.deduction == p("40"))   // three incidents still −20; both conditions −40
        #expect(r.total == p("62.75"))
    }

    @Test("bonus none and deductions false give nothing")
    func noAdjustments() throws {
        let rubric = try Fixture.rubric()
        let sheet = try load(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric)))
        let r = ScoringEngine(rubric: rubric).score(sheet)
        #expect(r.base == p("80") && r.bonus == .zero && r.deduction == .zero && r.total == p("80"))
        #expect(sheet.adjustments.honours["enterprise"] == [])
    }

    // MARK: Items

    @Test("an unknown item number is named, with the allowed range and its line")
    func unknownItem() throws {
        let rubric = try Fixture.rubric()
        let text = sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric) + [(57, "1")])
        let (path, d) = try refuse(text)
        #expect(d.count == 1)
        #expect(d[0].file == path)
        #expect(d[0].message == "未知的项目编号“57”（应为 1 至 56 的整数）")
        #expect(d[0].line == line(of: "  57:", in: text))
        #expect(d[0].description.hasPrefix("\(path):\(line(of: "  57:", in: text)!):"))
    }

    @Test("missing items are all listed, runs shortened")
    func missingItems() throws {
        let rubric = try Fixture.rubric()
        let (path, d) = try refuse(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric, omitting: [3, 7])))
        #expect(d.map(\.message) == ["缺少第3、7项的得分（每一项都须填写；未得分请填 0）"])
        #expect(d[0].file == path)
        let (_, d2) = try refuse(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric, omitting: [10, 11, 12, 20, 55, 56])))
        #expect(d2.map(\.message) == ["缺少第10–12、20、55、56项的得分（每一项都须填写；未得分请填 0）"])
    }

    @Test("ranges lists numbers, shortening runs of three or more", arguments: [
        ([3, 7], "3、7"), ([1, 2, 3, 7, 9], "1–3、7、9"), ([1, 2], "1、2"), ([5], "5"),
        (Array(1...56), "1–56"), ([10, 11, 12, 20, 55, 56], "10–12、20、55、56"),
    ])
    func ranges(numbers: [Int], text: String) {
        #expect(SheetReader.ranges(numbers) == text)
    }

    @Test("an item written but left empty is reported")
    func emptyItems() throws {
        let rubric = try Fixture.rubric()
        let (_, d) = try refuse(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric, overriding: [5: "", 6: "~"])))
        #expect(d.map(\.message) == ["第5、6项没有填写得分（未得分请填 0）"])
    }

    @Test("a sheet without items says what it needs")
    func noItems() throws {
        let (_, d) = try refuse("date: 2026-10-15\nbonus: {enterprise: none}\n")
        #expect(d.map(\.message) == ["评分表缺少 items（第1至56项的得分）"])
    }

    @Test("a score above its item's points")
    func aboveItem() throws {
        let rubric = try Fixture.rubric()
        let text = sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric, overriding: [5: "2.5"]))
        let (path, d) = try refuse(text)
        #expect(d.count == 1)
        #expect(d[0].item == 5)
        #expect(d[0].file == path)
        #expect(d[0].line == line(of: "  5:", in: text))
        #expect(d[0].message == "得分 2.5 超过满分 2（应为 0 至 2、最多两位小数的数字）")
        #expect(d[0].description.contains("错误: 第5项: 得分 2.5 超过满分 2"))
    }

    @Test("a criterion's score above the criterion's points")
    func aboveCriterion() throws {
        let rubric = try Fixture.rubric()
        let (_, d) = try refuse(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric,
                                                           overriding: [4: "{criteria: [1, 0.5, 0.5, 0]}"])))
        #expect(d.count == 1)
        #expect(d[0].item == 4)
        #expect(d[0].message == "第1条评分标准的得分 1 超过满分 0.5（应为 0 至 0.5、最多两位小数的数字）")
    }

    @Test("bad numbers: what was found and what is allowed", arguments: [
        ("-1", "得分“-1”不能为负数（应为 0 至 2、最多两位小数的数字）"),
        ("-0.5", "得分“-0.5”不能为负数（应为 0 至 2、最多两位小数的数字）"),
        ("1.255", "得分“1.255”小数超过两位（应为 0 至 2、最多两位小数的数字）"),
        ("两分", "得分“两分”不是数字（应为 0 至 2、最多两位小数的数字）"),
        ("abc", "得分“abc”不是数字（应为 0 至 2、最多两位小数的数字）"),
        ("1e400", "得分“1e400”不是数字（应为 0 至 2、最多两位小数的数字）"),
        (".nan", "得分“.nan”不是数字（应为 0 至 2、最多两位小数的数字）"),
        (".inf", "得分“.inf”不是数字（应为 0 至 2、最多两位小数的数字）"),
        ("１.５", "得分“１.５”含全角数字，请改用半角数字（如 2、1.5）（应为 0 至 2、最多两位小数的数字）"),
        ("\"1,5\"", "得分“1,5”小数点应为“.”而不是“,”或“，”（如 1.5）（应为 0 至 2、最多两位小数的数字）"),
    ])
    func badNumber(value: String, message: String) throws {
        let rubric = try Fixture.rubric()
        let text = sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric, overriding: [5: value]))
        let (path, d) = try refuse(text)
        #expect(d.map(\.message) == [message])
        #expect(d.first?.item == 5)
        #expect(d.first?.file == path)
        #expect(d.first?.line == line(of: "  5:", in: text))
    }

    @Test("a list where a score belongs says what it found")
    func listForScore() throws {
        let rubric = try Fixture.rubric()
        let (_, d) = try refuse(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric, overriding: [5: "[1, 2]"])))
        #expect(d.count == 1)
        #expect(d.first?.item == 5)
        #expect(d.first?.message.contains("实际为列表") == true)
    }

    @Test("the wrong number of criteria")
    func wrongCriteriaCount() throws {
        let rubric = try Fixture.rubric()
        let (_, d) = try refuse(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric,
                                                           overriding: [4: "{criteria: [0.5, 0.5]}", 1: "{criteria: [0.5, 0.5, 1, 0]}"])))
        #expect(d.count == 2)
        #expect(d.contains { $0.item == 4 && $0.message == "评分标准得分有 2 个，但该项有 4 条评分标准（0.5/0.5/0.5/0.5 分），应逐条给分" })
        #expect(d.contains { $0.item == 1 && $0.message == "评分标准得分有 4 个，但该项有 3 条评分标准（0.5/0.5/1 分），应逐条给分" })
    }

    @Test("a score that disagrees with the sum of its criteria")
    func scoreDisagrees() throws {
        let rubric = try Fixture.rubric()
        let (_, d) = try refuse(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric,
                                                           overriding: [1: "{score: 2, criteria: [0.5, 0.5, 0.5]}"])))
        #expect(d.count == 1)
        #expect(d[0].item == 1)
        #expect(d[0].message == "得分 2 与各条评分标准得分之和 1.5 不一致")
    }

    @Test("a score mapping with neither score nor criteria, or an unknown key")
    func scoreMappingProblems() throws {
        let rubric = try Fixture.rubric()
        let (_, d) = try refuse(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric,
                                                           overriding: [1: "{note: 无}", 2: "{scor: 2}"])))
        #expect(d.contains { $0.item == 1 && $0.message == "没有得分：请给出 score（该项得分）或 criteria（逐条得分）" })
        #expect(d.contains { $0.item == 2 && $0.message.hasPrefix("得分中有未知的键“scor”（允许：") })
    }

    // MARK: Bonus and deductions

    @Test("an unknown bonus level names the category and the allowed levels")
    func unknownBonusLevel() throws {
        let rubric = try Fixture.rubric()
        let text = sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric), bonus: "{enterprise: gold, government: none}")
        let (path, d) = try refuse(text)
        #expect(d.map(\.message) == ["加分项“企业质量荣誉”的等级“gold”无效（允许：none | municipal | provincial | national）"])
        #expect(d[0].file == path)
        #expect(d[0].line == line(of: "bonus:", in: text))
    }

    @Test("an unknown bonus category names the allowed categories")
    func unknownBonusCategory() throws {
        let rubric = try Fixture.rubric()
        let (_, d) = try refuse(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric), bonus: "{company: national}"))
        #expect(d.map(\.message) == ["未知的加分类别“company”（允许：enterprise（企业质量荣誉）、government（政府质量荣誉））"])
    }

    @Test("an unknown deduction condition and a bad deduction value")
    func badDeductions() throws {
        let rubric = try Fixture.rubric()
        let (_, d) = try refuse(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric),
                                          deductions: "{fraud: true, major-incident: maybe, serious-violation: -1}"))
        #expect(d.count == 3)
        #expect(d.contains { $0.message == "未知的减分条件“fraud”（允许：major-incident、serious-violation）" })
        #expect(d.contains { $0.message == "减分条件“major-incident”应为 true 或 false，实际为“maybe”" })
        #expect(d.contains { $0.message == "减分条件“serious-violation”的事件数不能为负数" })
    }

    // MARK: Everything in one run

    @Test("every problem of a sheet is reported in one run")
    func allProblems() throws {
        let rubric = try Fixture.rubric()
        let text = sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric, overriding: [5: "2.5", 7: "两分"]),
                             bonus: "{enterprise: gold}")
        let (path, d) = try refuse(text)
        #expect(d.count == 3)
        #expect(d.allSatisfy { $0.file == path && $0.severity == .error && $0.line != nil })
        #expect(d.contains { $0.item == 5 && $0.message.contains("2.5 超过满分 2") })
        #expect(d.contains { $0.item == 7 && $0.message.contains("“两分”不是数字") })
        #expect(d.contains { $0.item == nil && $0.message.contains("“gold”无效") })
    }

    @Test("many kinds of problem at once, each with its own message")
    func manyProblems() throws {
        let rubric = try Fixture.rubric()
        let text = sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric,
                                              overriding: [1: "{score: 2, criteria: [0.5, 0.5, 0.5]}", 4: "{criteria: [0.5]}",
                                                           5: "-1", 6: "1.255"],
                                              omitting: [9]) + [(57, "1")],
                             bonus: "{enterprise: gold, company: national}")
        let (_, d) = try refuse("extra: 1\n" + text)
        #expect(d.count == 9)
        #expect(Set(d.compactMap(\.item)) == [1, 4, 5, 6])
        #expect(d.contains { $0.message.hasPrefix("评分表中有未知的键“extra”") })
        #expect(d.contains { $0.message == "缺少第9项的得分（每一项都须填写；未得分请填 0）" })
        #expect(d.contains { $0.message.contains("“57”") })
    }

    @Test("an invalid date is refused")
    func badDate() throws {
        let rubric = try Fixture.rubric()
        let text = sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric)).replacingOccurrences(of: "date: 2026-10-15", with: "date: 2026-02-30")
        let (_, d) = try refuse(text)
        #expect(d.map(\.message) == ["评估日期（date）“2026-02-30”不是有效日期（2026年2月没有30日）"])
    }

    @Test("an expert's sheet must name its assessor")
    func assessorRequired() throws {
        let rubric = try Fixture.rubric()
        let (path, d) = try refuse(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric)), requireAssessor: true)
        #expect(d.map(\.message) == ["专家评分表缺少评估人（assessor: {name: 姓名, organization: 单位}）"])
        #expect(d[0].file == path)
        let (_, d2) = try refuse("assessor: {organization: 某单位}\n" + sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric)),
                                 requireAssessor: true)
        #expect(d2.map(\.message).contains("评估人缺少姓名（name）"))
    }

    @Test("a missing pilot profile file is named with the path tried")
    func missingPilot() throws {
        let rubric = try Fixture.rubric()
        let (path, d) = try refuse("pilot: nowhere.yaml\n" + sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric)))
        let dir = (path as NSString).deletingLastPathComponent
        #expect(d.map(\.message) == ["试点档案“nowhere.yaml”不存在（路径相对于本文件所在目录：\(dir)/nowhere.yaml）"])
        #expect(d[0].line == 1)
    }
}
