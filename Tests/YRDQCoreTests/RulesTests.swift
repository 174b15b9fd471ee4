import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport

/// The rules of BRIEF.md "How the rules are read", through ScoringEngine and the real rubric.
@Suite("Rules: totals, bonus, deductions, thresholds")
struct RulesTests {
    // MARK: Test fixtures are what they claim

    @Test("the sheet builder hits exact base totals", arguments: ["0", "0.01", "69.99", "79.99", "80", "80.01", "88.75", "99.99", "100"])
    func builderHitsBase(text: String) throws {
        let rubric = try Fixture.rubric()
        let s = scores(forBase: p(text), rubric: rubric)
        #expect(s.count == 56)
        #expect(s.values.reduce(Points.zero, +) == p(text))
        for item in rubric.items { #expect(s[item.number]! >= .zero && s[item.number]! <= item.points) }
    }

    // MARK: Totals

    @Test("total = base + bonus − deductions")
    func totalFormula() throws {
        let engine = try Fixture.engine()
        let facts = Adjustments(honours: ["enterprise": [HonourClaim(level: "provincial")],
                                          "government": [HonourClaim(level: "municipal")]],
                                incidents: ["major-incident": 1])
        let r = engine.score(sheet(base: p("88.75"), rubric: engine.rubric, adjustments: facts))
        #expect(r.base == p("88.75"))
        #expect(r.bonus == p("4"))
        #expect(r.deduction == p("20"))
        #expect(r.total == p("72.75"))
        #expect(r.items.count == 56)
        #expect(r.indicators.count == 10)
        #expect(r.indicators.map(\.index) == Array(1...10))
        #expect(r.indicators.reduce(Points.zero) { $0 + $1.score } == r.base)
        #expect(r.categories.map(\.name) == ["质量举措", "质量成效"])
        #expect(r.categories.map(\.max) == [Points(70), Points(30)])
        #expect(r.categories[0].score + r.categories[1].score == r.base)
    }

    @Test("the total is not floored at zero")
    func notFloored() throws {
        let engine = try Fixture.engine()
        let facts = Adjustments(incidents: ["major-incident": 1, "serious-violation": 1])
        let r = engine.score(sheet(base: p("10.5"), rubric: engine.rubric, adjustments: facts))
        #expect(r.deduction == p("40"))
        #expect(r.total == p("-29.5"))
        #expect(r.total.fixed2 == "-29.50")
        #expect(engine.selfAssessmentDecision(total: r.total) == .notEligible)
        let zero = engine.score(sheet(base: .zero, rubric: engine.rubric, adjustments: facts))
        #expect(zero.total == p("-40"))
    }

    @Test("items missing from a sheet count as zero in the engine")
    func missingItemsAreZero() throws {
        let engine = try Fixture.engine()
        let s = ScoreSheet(source: "x", pilot: nil, assessor: nil, date: nil,
                           items: [1: ItemScore(score: p("2")), 56: ItemScore(score: p("1.5"))], adjustments: Adjustments())
        let r = engine.score(s)
        #expect(r.base == p("3.5"))
        #expect(r.items[30] == .zero)
        #expect(r.indicators[0].score == p("2"))
        #expect(r.indicators[9].score == p("1.5"))
    }

    // MARK: Self-assessment threshold (≥ 80)

    @Test("self-assessment: 79.99 not eligible, 80 and 80.01 eligible", arguments: [
        ("79.99", SelfAssessmentDecision.notEligible), ("80", .eligible), ("80.00", .eligible), ("80.01", .eligible),
        ("0", .notEligible), ("100", .eligible),
    ])
    func selfAssessmentThreshold(total: String, decision: SelfAssessmentDecision) throws {
        let engine = try Fixture.engine()
        let r = engine.score(sheet(base: p(total), rubric: engine.rubric))
        #expect(r.total == p(total))
        #expect(engine.selfAssessmentDecision(total: r.total) == decision)
    }

    @Test("self-assessment: bonus and deductions move the total across 80")
    func selfAssessmentWithAdjustments() throws {
        let engine = try Fixture.engine()
        let up = engine.score(sheet(base: p("76.99"), rubric: engine.rubric,
                                    adjustments: Adjustments(honours: ["enterprise": [HonourClaim(level: "provincial")]])))
        #expect(up.total == p("79.99"))
        #expect(engine.selfAssessmentDecision(total: up.total) == .notEligible)
        let ok = engine.score(sheet(base: p("77"), rubric: engine.rubric,
                                    adjustments: Adjustments(honours: ["enterprise": [HonourClaim(level: "provincial")]])))
        #expect(ok.total == p("80"))
        #expect(engine.selfAssessmentDecision(total: ok.total) == .eligible)
        let down = engine.score(sheet(base: p("99.99"), rubric: engine.rubric,
                                      adjustments: Adjustments(incidents: ["serious-violation": 1])))
        #expect(down.total == p("79.99"))
        #expect(engine.selfAssessmentDecision(total: down.total) == .notEligible)
    }

    // MARK: Provincial thresholds (> 80 designate, < 70 suspend)

    @Test("panel decision: 69.99 suspend, 70 retain, 80 retain, 80.01 designate", arguments: [
        ("69.99", PanelDecision.suspend), ("70", .retain), ("75", .retain), ("79.99", .retain),
        ("80", .retain), ("80.01", .designate), ("0", .suspend), ("100", .designate),
    ])
    func panelThresholds(total: String, decision: PanelDecision) throws {
        let engine = try Fixture.engine()
        #expect(engine.panelDecision(total: p(total)) == decision)
        // The same through a panel of five experts who all give that base.
        let result = engine.score(panel(bases: Array(repeating: p(total), count: 5), rubric: engine.rubric))
        #expect(result.base == p(total))
        #expect(result.total == p(total))
        #expect(result.decision == decision)
    }

    @Test("panel decision on a negative total is suspend")
    func panelNegative() throws {
        let engine = try Fixture.engine()
        let r = engine.score(panel(bases: Array(repeating: p("15"), count: 5), rubric: engine.rubric,
                                   adjustments: Adjustments(incidents: ["major-incident": 2, "serious-violation": 1])))
        #expect(r.total == p("-25"))
        #expect(r.decision == .suspend)
    }

    @Test("decision explanations name the figure and the rule")
    func explanations() throws {
        let engine = try Fixture.engine()
        #expect(engine.explanation(.notEligible, total: p("79.99")).hasPrefix("自评总分79.99分，未达到80分以上（含80分）"))
        #expect(engine.explanation(.eligible, total: p("80")).hasPrefix("自评总分80.00分，达到80分以上（含80分）"))
        #expect(engine.explanation(.designate, total: p("80.01")).contains("高于80分"))
        #expect(engine.explanation(.retain, total: p("80")).contains("未高于80分，亦不低于70分"))
        #expect(engine.explanation(.suspend, total: p("69.99")).contains("低于70分"))
        #expect(engine.explanation(.suspend, total: p("69.99")).contains("七（三）"))
    }

    // MARK: Bonus: highest level per category

    @Test("bonus: the highest level per category counts, not the sum", arguments: [
        (["enterprise": ["municipal", "national"]], "5"),
        (["enterprise": ["municipal", "provincial"]], "3"),
        (["enterprise": ["municipal", "municipal"]], "1"),
        (["enterprise": ["provincial", "municipal", "national"]], "5"),
        (["enterprise": ["national"], "government": ["national"]], "10"),
        (["enterprise": ["national", "provincial"], "government": ["national", "municipal"]], "10"),
        (["enterprise": ["provincial"], "government": ["municipal"]], "4"),
        (["government": ["provincial"]], "3"),
        ([:], "0"),
    ] as [([String: [String]], String)])
    func bonusHighestLevel(claims: [String: [String]], expected: String) throws {
        let engine = try Fixture.engine()
        let facts = Adjustments(honours: claims.mapValues { $0.map { HonourClaim(level: $0) } })
        let a = engine.adjust(facts)
        #expect(a.bonus == p(expected))
        let r = engine.score(sheet(base: p("70"), rubric: engine.rubric, adjustments: facts))
        #expect(r.bonus == p(expected))
        #expect(r.total == p("70") + p(expected))
    }

    @Test("bonus lines record the level that counted")
    func bonusLines() throws {
        let engine = try Fixture.engine()
        let a = engine.adjust(Adjustments(honours: ["enterprise": [HonourClaim(level: "municipal"), HonourClaim(level: "national")]]))
        #expect(a.bonusLines.map(\.category) == ["enterprise", "government"])
        #expect(a.bonusLines[0].level == "national")
        #expect(a.bonusLines[0].points == p("5"))
        #expect(a.bonusLines[1].level == nil)
        #expect(a.bonusLines[1].points == .zero)
    }

    // MARK: Deductions: each condition −20 once

    @Test("deductions: each condition deducts 20 once, however many incidents", arguments: [
        (["major-incident": 1], "20"),
        (["major-incident": 3], "20"),
        (["serious-violation": 5], "20"),
        (["major-incident": 1, "serious-violation": 1], "40"),
        (["major-incident": 3, "serious-violation": 2], "40"),
        (["major-incident": 0, "serious-violation": 0], "0"),
        ([:], "0"),
    ] as [([String: Int], String)])
    func deductions(incidents: [String: Int], expected: String) throws {
        let engine = try Fixture.engine()
        let facts = Adjustments(incidents: incidents)
        let r = engine.score(sheet(base: p("90"), rubric: engine.rubric, adjustments: facts))
        #expect(r.deduction == p(expected))
        #expect(r.total == p("90") - p(expected))
        for line in r.adjustments.deductionLines {
            let applies = (incidents[line.condition] ?? 0) > 0
            #expect(line.applies == applies)
            #expect(line.points == (applies ? p("20") : .zero))
        }
    }

    @Test("the rubric names its rules, and a revised rule changes the result")
    func rulesAreData() throws {
        var rubric = try Fixture.rubric()
        #expect(rubric.bonus.rule == .highestLevelPerCategory)
        #expect(rubric.deductions.rule == .oncePerCondition)
        let facts = Adjustments(honours: ["enterprise": [HonourClaim(level: "municipal"), HonourClaim(level: "provincial")]],
                                incidents: ["major-incident": 1, "serious-violation": 1])
        rubric.bonus.rule = .sumPerCategory
        rubric.deductions.rule = .onceInAll
        let a = ScoringEngine(rubric: rubric).adjust(facts)
        #expect(a.bonus == p("4"))
        #expect(a.deduction == p("20"))
    }

    // MARK: Panels

    @Test("panel base is the mean of expert base totals, rounded half-up to 0.01")
    func panelMeanRounding() throws {
        let engine = try Fixture.engine()
        // 480.03 / 6 = 80.005 → 80.01, and 80.01 is above 80: designate.
        let up = engine.score(panel(bases: ["80", "80", "80", "80", "80", "80.03"].map(p), rubric: engine.rubric))
        #expect(up.base == p("80.01"))
        #expect(up.meanBase == p("80.01"))
        #expect(up.decision == .designate)
        // 480.02 / 6 = 80.0033… → 80.00: the rounded figure decides, so retain, not designate.
        let down = engine.score(panel(bases: ["80", "80", "80", "80", "80", "80.02"].map(p), rubric: engine.rubric))
        #expect(down.base == p("80.00"))
        #expect(down.decision == .retain)
        // 419.97 / 6 = 69.995 → 70.00: retain, not suspend.
        let edge = engine.score(panel(bases: ["70", "70", "70", "70", "70", "69.97"].map(p), rubric: engine.rubric))
        #expect(edge.base == p("70"))
        #expect(edge.decision == .retain)
        // 349.97 / 5 = 69.994 → 69.99: suspend.
        let below = engine.score(panel(bases: ["70", "70", "70", "70", "69.97"].map(p), rubric: engine.rubric))
        #expect(below.base == p("69.99"))
        #expect(below.decision == .suspend)
    }

    @Test("bonus and deductions are applied once to the panel, not averaged")
    func panelAdjustments() throws {
        let engine = try Fixture.engine()
        var experts = panel(bases: ["76", "77", "78", "75", "74"].map(p), rubric: engine.rubric)
        // Experts' own bonus claims do not enter the panel result.
        for i in experts.experts.indices {
            experts.experts[i].adjustments = Adjustments(honours: ["enterprise": [HonourClaim(level: "national")]])
        }
        experts.adjustments = Adjustments(honours: ["enterprise": [HonourClaim(level: "provincial")],
                                                    "government": [HonourClaim(level: "municipal")]])
        let r = engine.score(experts)
        #expect(r.base == p("76"))
        #expect(r.bonus == p("4"))
        #expect(r.deduction == .zero)
        #expect(r.total == p("80"))
        #expect(r.decision == .retain)
        experts.adjustments.honours["government"] = [HonourClaim(level: "provincial")]
        let r2 = engine.score(experts)
        #expect(r2.total == p("82"))
        #expect(r2.decision == .designate)
    }

    @Test("trimmed mean drops exactly one highest and one lowest")
    func trimmedMean() throws {
        let engine = try Fixture.engine()
        let bases = ["60", "80", "81", "82", "100"].map(p)
        let mean = engine.score(panel(bases: bases, rubric: engine.rubric, aggregation: .mean))
        #expect(mean.base == p("80.6"))
        #expect(mean.trimmedBase == p("81"))
        #expect(mean.experts.allSatisfy { !$0.dropped })
        let trimmed = engine.score(panel(bases: bases, rubric: engine.rubric, aggregation: .trimmed))
        #expect(trimmed.base == p("81"))
        #expect(trimmed.meanBase == p("80.6"))
        #expect(trimmed.experts.map(\.dropped) == [true, false, false, false, true])
        #expect(trimmed.decision == .designate)
    }

    @Test("with tied extremes, only one lowest and one highest are dropped")
    func trimmedTies() throws {
        let engine = try Fixture.engine()
        // Dropping one 70 and the 95 leaves 70, 70, 90 → 76.67; dropping every 70 would leave 90.
        let r = engine.score(panel(bases: ["70", "70", "70", "90", "95"].map(p), rubric: engine.rubric, aggregation: .trimmed))
        #expect(r.base == p("76.67"))
        #expect(r.experts.filter(\.dropped).count == 2)
        #expect(r.experts[4].dropped)
        // All equal: two of five dropped, the mean is unchanged.
        let same = engine.score(panel(bases: Array(repeating: p("80.01"), count: 7), rubric: engine.rubric, aggregation: .trimmed))
        #expect(same.base == p("80.01"))
        #expect(same.experts.filter(\.dropped).count == 2)
        #expect(same.decision == .designate)
    }

    @Test("trimmed mean rounds half-up too")
    func trimmedRounding() throws {
        let engine = try Fixture.engine()
        // Eight experts; 10 and 99 are dropped, the six kept give 480.03 / 6 = 80.005 → 80.01.
        let r = engine.score(panel(bases: ["10", "80", "80", "80", "80", "80", "80.03", "99"].map(p), rubric: engine.rubric,
                                   aggregation: .trimmed))
        #expect(r.base == p("80.01"))
        #expect(r.decision == .designate)
    }

    @Test("divergent items: expert scores spread by strictly more than half the item's points")
    func divergent() throws {
        let engine = try Fixture.engine()
        var pnl = panel(bases: Array(repeating: p("100"), count: 5), rubric: engine.rubric)
        // Item 1 (2 points): spread 1 is exactly half, not divergent.
        pnl.experts[0].items[1] = ItemScore(score: p("1"))
        // Item 2 (2 points): spread 1.01, divergent.
        pnl.experts[1].items[2] = ItemScore(score: p("0.99"))
        // Item 53 (3 points): spread 1.5 is half, not divergent; item 54 spread 1.51, divergent.
        pnl.experts[2].items[53] = ItemScore(score: p("1.5"))
        pnl.experts[3].items[54] = ItemScore(score: p("1.49"))
        // Item 52 (2 points): every expert gives 0, no spread.
        for i in pnl.experts.indices { pnl.experts[i].items[52] = ItemScore(score: .zero) }
        let r = engine.score(pnl)
        #expect(r.divergent == [2, 54])
        #expect(r.itemMeans[1] == p("1.8"))
        #expect(r.itemMeans[2] == p("1.8"))     // 8.99 / 5 = 1.798 → 1.80
        #expect(r.itemMeans[52] == .zero)
        // Every base also lost item 52's 2 points.
        #expect(r.experts.map(\.result.base) == ["97", "96.99", "96.5", "96.49", "98"].map(p))
    }

    @Test("panel indicators are the mean of the counted experts' indicator scores")
    func panelIndicators() throws {
        let engine = try Fixture.engine()
        var pnl = panel(bases: Array(repeating: p("100"), count: 5), rubric: engine.rubric, aggregation: .trimmed)
        pnl.experts[0].items[1] = ItemScore(score: .zero)      // lowest, dropped
        pnl.experts[1].items[1] = ItemScore(score: p("1"))     // counted
        let r = engine.score(pnl)
        #expect(r.experts[0].dropped)
        // Counted: experts 2–4 plus one of the 100s dropped as highest; item 1 scores 1, 2, 2 → 5/3 = 1.67.
        #expect(r.itemMeans[1] == p("1.67"))
        #expect(r.indicators[0].score == p("7.67"))
        #expect(r.indicators[0].max == p("8"))
    }
}
