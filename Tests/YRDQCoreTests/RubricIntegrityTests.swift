import Foundation
import Testing
import YRDQTestSupport
import YRDQCore
import YRDQInput

@Suite("Rubric: the 2021 indicator system as data, checked on load")
struct RubricIntegrityTests {
    @Test("the repository's rubric loads and adds up")
    func realRubric() throws {
        let rubric = try Fixture.rubric()
        #expect(RubricIntegrity.problems(in: rubric).isEmpty)
        #expect(rubric.id == "yrd-2021")
        #expect(rubric.documentNumber == "沪市监质发〔2021〕356号")
        #expect(rubric.items.count == 56)
        #expect(rubric.items.map(\.number) == Array(1...56))
        #expect(rubric.indicators.count == 10)
        #expect(rubric.groups.count == 24)
        #expect(rubric.groups.map(\.number) == Array(1...24))
        #expect(rubric.categories.map(\.name) == ["质量举措", "质量成效"])
        #expect(rubric.categories.map(\.points) == [Points(70), Points(30)])
        #expect(rubric.total == Points(100))
        #expect(rubric.items.reduce(Points.zero) { $0 + $1.points } == Points(100))
        #expect(rubric.indicators.map(\.index) == Array(1...10))
        #expect(rubric.indicators.first?.name == "加强组织领导")
        #expect(rubric.indicators.first?.numeral == "一")
        #expect(rubric.indicators.last?.numeral == "十")

        let item1 = try #require(rubric.item(1))
        #expect(item1.points == Points(2))
        #expect(item1.criteria.map(\.points) == [p("0.5"), p("0.5"), p("1")])
        #expect(item1.criteria[0].text == "各参与单位成立联席会议或工作组")
        #expect(rubric.item(4)?.criteria.count == 4)
        #expect(rubric.item(57) == nil)
        #expect(rubric.indicator(ofItem: 56)?.index == 10)
        #expect(rubric.group(ofItem: 1)?.name == "建立工作机制")
    }

    @Test("bonus, deductions, panel and thresholds as the guide states them")
    func rules() throws {
        let rubric = try Fixture.rubric()
        #expect(rubric.bonus.points == Points(10))
        #expect(rubric.bonus.categories.map(\.id) == ["enterprise", "government"])
        for category in rubric.bonus.categories {
            #expect(category.points == Points(5))
            #expect(category.levels.map(\.id) == ["municipal", "provincial", "national"])
            #expect(category.levels.map(\.points) == [Points(1), Points(3), Points(5)])
        }
        #expect(rubric.deductions.conditions.map(\.id) == ["major-incident", "serious-violation"])
        #expect(rubric.deductions.conditions.map(\.points) == [Points(20), Points(20)])
        #expect(rubric.deductions.preamble.contains("减20分"))
        #expect(rubric.panel.minExperts == 5)
        #expect(rubric.panel.maxExperts == 9)
        #expect(rubric.constructionCycleMonths == 36)
        #expect(rubric.thresholds.apply.comparison == .atLeast)
        #expect(rubric.thresholds.apply.points == Points(80))
        #expect(rubric.thresholds.designate.comparison == .above)
        #expect(rubric.thresholds.designate.points == Points(80))
        #expect(rubric.thresholds.suspend.comparison == .below)
        #expect(rubric.thresholds.suspend.points == Points(70))
        let ids = Set(rubric.footnotes.map(\.id))
        #expect(ids.isSuperset(of: ["major-enterprise", "quality-principles", "construction-cycle",
                                    "major-product-incident", "major-service-incident"]))
    }

    @Test("every item's wording states the same points as its criteria")
    func statedPointsMatch() throws {
        let rubric = try Fixture.rubric()
        for item in rubric.items {
            #expect(item.criteria.reduce(Points.zero) { $0 + $1.points } == item.points, "item \(item.number)")
            #expect(item.criteria.allSatisfy { $0.points >= p("0.25") && $0.points <= p("3") }, "item \(item.number)")
        }
    }

    // MARK: Broken copies of the real file

    /// The real rubric's text with one exact edit, parsed; returns the refusal's diagnostics.
    func refusal(replacing old: String, with new: String, file: String = "broken-rubric.yaml") throws -> [Diagnostic] {
        let text = try Fixture.rubricText()
        #expect(text.components(separatedBy: old).count == 2, "the edit must match exactly once: \(old)")
        let broken = text.replacingOccurrences(of: old, with: new)
        return try withTempDir { dir in
            let path = try dir.write(file, broken)
            return diagnostics { () throws(InputErrors) in _ = try RubricReader.load(path: path) }
        }
    }

    @Test("a criterion's points changed: refused, naming the item and both figures")
    func brokenCriterion() throws {
        let d = try refusal(replacing: #"- {points: 0.5, text: "各参与单位成立联席会议或工作组"}"#,
                            with: #"- {points: 1, text: "各参与单位成立联席会议或工作组"}"#)
        let messages = d.map(\.message)
        #expect(d.allSatisfy { $0.file?.hasSuffix("broken-rubric.yaml") == true })
        #expect(messages.contains("指标体系不一致：第1项的分值为 2，但其各评分标准合计为 2.5"))
        #expect(messages.contains("指标体系不一致：第1项的条文标注分值为 0.5/0.5/1，但其评分标准为 1/0.5/1"))
        #expect(d.count == 2)
        #expect(d.allSatisfy { $0.description.contains("broken-rubric.yaml: 错误: 指标体系不一致") })
    }

    @Test("an unknown bonus rule: refused, listing the rules there are")
    func unknownBonusRuleListsTheAllowed() throws {
        let d = try refusal(replacing: "rule: highest-level-per-category", with: "rule: highest-only")
        #expect(d.count == 1)
        #expect(d.first?.message == "加分项的“rule”为未知值“highest-only”（允许：highest-level-per-category | sum-per-category）")
        #expect(d.first?.line != nil)
    }

    @Test("a second-level total that does not add up: refused, naming the indicator and both figures")
    func brokenGroup() throws {
        let d = try refusal(replacing: "name: 建立工作机制\n            points: 4", with: "name: 建立工作机制\n            points: 5")
        let messages = d.map(\.message)
        #expect(messages.contains("指标体系不一致：二级指标“建立工作机制”的分值为 5，但其三级指标合计为 4"))
        #expect(messages.contains("指标体系不一致：一级指标“一、加强组织领导”的分值为 8，但其二级指标合计为 9"))
        #expect(d.count == 2)
    }

    @Test("a first-level indicator that does not match its category")
    func brokenIndicator() throws {
        let d = try refusal(replacing: "name: 加强组织领导\n        points: 8", with: "name: 加强组织领导\n        points: 9")
        let messages = d.map(\.message)
        #expect(messages.contains("指标体系不一致：一级指标“一、加强组织领导”的分值为 9，但其二级指标合计为 8"))
        #expect(messages.contains("指标体系不一致：评估事项“质量举措”的分值为 70，但其一级指标合计为 71"))
    }

    @Test("categories that do not add up to 100")
    func brokenTotal() throws {
        let d = try refusal(replacing: "\ntotal: 100\n", with: "\ntotal: 99\n")
        #expect(d.map(\.message) == ["指标体系不一致：评估项总分的分值为 99，但其评估事项合计为 100"])
    }

    @Test("a bonus level above its category's cap")
    func bonusAboveCap() throws {
        let d = try refusal(replacing: #"- {id: national, points: 5, name: 国家级质量荣誉"#,
                            with: #"- {id: national, points: 6, name: 国家级质量荣誉"#)
        #expect(d.map(\.message) == ["指标体系不一致：加分项“企业质量荣誉”的“国家级质量荣誉”加 6 分，应在0至该类上限 5 之间"])
    }

    @Test("bonus category caps that do not add up to the bonus total")
    func bonusTotal() throws {
        let d = try refusal(replacing: "rule: highest-level-per-category   # highest-level-per-category | sum-per-category (each capped at the category's cap)\n  points: 10",
                            with: "rule: highest-level-per-category\n  points: 12")
        #expect(d.map(\.message) == ["指标体系不一致：加分项合计上限为 12，但各类上限合计为 10"])
    }

    @Test("an unknown rule name is refused")
    func unknownRule() throws {
        let d = try refusal(replacing: "rule: once-per-condition ", with: "rule: twice-per-condition ")
        #expect(d.count == 1)
        #expect(d[0].message.contains("twice-per-condition"))
        #expect(d[0].line != nil)
    }

    @Test("a criterion with three decimals is refused with its line")
    func criterionDecimals() throws {
        let text = try Fixture.rubricText()
        let target = #"- {points: 1, text: "每年召开不少于1次工作会议"}"#
        let d = try refusal(replacing: target, with: #"- {points: 0.999, text: "每年召开不少于1次工作会议"}"#)
        #expect(d.count == 1)
        #expect(d[0].message.contains("“0.999”小数超过两位"))
        #expect(d[0].line == line(of: "                  " + target, in: text))
    }

    @Test("a missing section is refused")
    func missingSection() throws {
        let text = try Fixture.rubricText()
        let start = try #require(text.range(of: "\nthresholds:"))
        let end = try #require(text.range(of: "\ntitles:"))
        let cut = String(text[start.lowerBound..<end.lowerBound])
        let d = try refusal(replacing: cut, with: "")
        #expect(d.map(\.message).contains("指标体系缺少“thresholds”"))
    }

    // MARK: In memory

    @Test("numbering with a gap is reported")
    func numbering() throws {
        var rubric = try Fixture.rubric()
        rubric.categories[1].indicators[0].groups[0].items[0].number = 99
        let problems = RubricIntegrity.problems(in: rubric)
        #expect(problems.contains { $0.hasPrefix("三级指标应从1起连续编号") && $0.contains("99") })
    }

    @Test("an undefined footnote and a bad panel range are reported")
    func footnotesAndPanel() throws {
        var rubric = try Fixture.rubric()
        rubric.categories[0].indicators[0].groups[0].items[0].footnotes = ["no-such-note"]
        rubric.panel.minExperts = 10
        let problems = RubricIntegrity.problems(in: rubric)
        #expect(problems.contains("引用了未定义的脚注“no-such-note”"))
        #expect(problems.contains("专家组人数范围 10—9 无效"))
    }

    @Test("a zero-point criterion is reported")
    func zeroCriterion() throws {
        var rubric = try Fixture.rubric()
        rubric.categories[0].indicators[0].groups[0].items[0].criteria.append(Rubric.Criterion(text: "空", points: .zero))
        let problems = RubricIntegrity.problems(in: rubric)
        #expect(problems.contains("第1项的评分标准“空”分值为 0，应大于0"))
    }
}
