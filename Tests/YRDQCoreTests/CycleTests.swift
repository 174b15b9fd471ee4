import Testing
import YRDQCore
import YRDQTestSupport

/// Footnote 4: a construction cycle is 36 months from approval; outcome items 47–50 are
/// judged after it, honours count within it. These are warnings, not errors.
@Suite("Construction cycle and dates")
struct CycleTests {
    func date(_ s: String) -> CivilDate { CivilDate(parsing: s)! }

    @Test("civil dates parse, print and add months", arguments: [
        ("2026-10-15", "2026-10-15", "2026年10月15日"), ("2026/4/3", "2026-04-03", "2026年4月3日"), ("2026年4月13日", "2026-04-13", "2026年4月13日"),
    ])
    func dates(text: String, iso: String, chinese: String) {
        let d = CivilDate(parsing: text)
        #expect(d?.description == iso)
        #expect(d?.chinese == chinese)
    }

    @Test("invalid dates are refused", arguments: ["2026-02-29", "2026-13-01", "2026-00-10", "26-10-15", "２０２６-10-15", "2026-10", "soon"])
    func invalidDates(text: String) {
        #expect(CivilDate(parsing: text) == nil)
    }

    @Test("exactly three forms are dates: 2026-10-15, 2026/10/15, 2026年10月15日 (one or two digits for month and day)",
          arguments: ["2026-10-15", "2026/10/15", "2026年10月15日", "2026-1-5", "2026/01/05", "2026年1月05日", " 2026-10-15\t", "\u{3000}2026年10月15日\n"])
    func strictDatesAccepted(text: String) {
        #expect(CivilDate(parsing: text) != nil, "\(text)")
    }

    @Test("anything looser is refused: double, mixed or other separators, full-width digits, text around, a time",
          arguments: ["2026--10--15", "2026//10//15", "2026-10/15", "2026/10-15", "2026年10-15", "2026.10.15", "2026.10.15.",
                      "２０２６-10-15", "2026-１0-15", "2026-10-15x", "x2026-10-15", "2026-10-15日", "2026年10月15", "2026年10月15日日",
                      "2026 -10-15", "2026- 10-15", "2026-010-15", "2026-10-015", "02026-10-15", "20261015", "2026-10-15T00:00",
                      "2026-10-15 12:00", "+2026-10-15", "2026-10-", "-2026-10-15", "2026年10月15号", "2026-10-15,2026-10-16"])
    func strictDatesRefused(text: String) {
        #expect(CivilDate(parsing: text) == nil, "\(text)")
        #expect(CivilDate.parse(text) == .failure(.form))
    }

    @Test("a date of the right form that does not exist says why")
    func noSuchDay() {
        #expect(CivilDate.parse("2026-02-29") == .failure(.noSuchDay(year: 2026, month: 2, day: 29)))
        #expect(CivilDate.ParseError.noSuchDay(year: 2026, month: 2, day: 29).message == "不是有效日期（2026年2月没有29日）")
        #expect(CivilDate.ParseError.noSuchDay(year: 2026, month: 13, day: 1).message == "不是有效日期（月份应为 1 至 12）")
        #expect(CivilDate.ParseError.noSuchDay(year: 1800, month: 1, day: 1).message == "不是有效日期（年份应在 1900 至 9999 之间）")
        #expect(CivilDate.ParseError.form.message == "不是有效日期（应为 YYYY-MM-DD，如 2026-10-15、2026/10/15 或 2026年10月15日（月、日可写一位或两位数字））")
    }

    @Test func addingMonths() {
        #expect(date("2023-05-10").adding(months: 36) == date("2026-05-10"))
        #expect(date("2023-05-31").adding(months: 1) == date("2023-06-30"))
        #expect(date("2024-02-29").adding(months: 12) == date("2025-02-28"))
        #expect(date("2023-11-15").adding(months: 2) == date("2024-01-15"))
    }

    @Test("evaluating outcomes before the cycle ends warns, naming items 47–50 and those scored")
    func earlyOutcomes() throws {
        let rubric = try Fixture.rubric()
        let s = sheet(base: p("100"), rubric: rubric)
        let w = CycleCheck.warnings(rubric: rubric, approved: date("2024-01-01"), evaluated: date("2026-12-31"),
                                    sheet: s, adjustments: Adjustments(), file: "s.yaml")
        #expect(w.count == 1)
        #expect(w[0].severity == .warning)
        #expect(w[0].file == "s.yaml")
        #expect(w[0].message.contains("至2027年1月1日届满"))
        #expect(w[0].message.contains("第47–50项按指南应在1个建设周期后评价"))
        #expect(w[0].message.contains("但已给分的有第47、48、49、50项"))
        // On the day the cycle ends, no warning.
        #expect(CycleCheck.warnings(rubric: rubric, approved: date("2024-01-01"), evaluated: date("2027-01-01"),
                                    sheet: s, adjustments: Adjustments(), file: nil).isEmpty)
    }

    @Test("an honour outside the cycle warns; inside it does not")
    func honours() throws {
        let rubric = try Fixture.rubric()
        let outside = Adjustments(honours: ["enterprise": [HonourClaim(level: "national", date: date("2022-12-31"))],
                                            "government": [HonourClaim(level: "municipal", date: date("2026-05-11"))]])
        let w = CycleCheck.warnings(rubric: rubric, approved: date("2023-05-10"), evaluated: nil, sheet: nil,
                                    adjustments: outside, file: nil)
        #expect(w.count == 2)
        #expect(w.allSatisfy { $0.severity == .warning && $0.message.contains("不在1个建设周期内（2023年5月10日至2026年5月10日）") })
        let inside = Adjustments(honours: ["enterprise": [HonourClaim(level: "national", date: date("2023-05-10"))],
                                           "government": [HonourClaim(level: "municipal", date: date("2026-05-10"))]])
        #expect(CycleCheck.warnings(rubric: rubric, approved: date("2023-05-10"), evaluated: nil, sheet: nil,
                                    adjustments: inside, file: nil).isEmpty)
    }
}
