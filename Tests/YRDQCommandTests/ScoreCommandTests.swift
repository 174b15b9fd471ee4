import Foundation
import Testing
import YRDQTestSupport
import YRDQCore

/// `yrdq score SHEET --json`: the rules end to end, through the JSON contract.
@Suite("yrdq score")
struct ScoreCommandTests {
    func score(_ yaml: String, json: Bool = true) throws -> Run {
        try withTempDir { dir in
            let path = try dir.write("sheet.yaml", yaml)
            return json ? yrdq("score", path, "--json") : yrdq("score", path)
        }
    }

    @Test("the JSON has the contract's fields in order")
    func fields() throws {
        let rubric = try Repo.rubric()
        let run = try score(sheetYAML(base: "88.75", rubric: rubric, bonus: "{enterprise: provincial, government: municipal}"))
        #expect(run.code == 0)
        #expect(run.stderr == "")
        let json = try run.json()
        #expect(Set(json.keys) == ["base", "bonus", "deduction", "total", "decision", "indicators", "items"])
        let order = ["\"base\"", "\"bonus\"", "\"deduction\"", "\"total\"", "\"decision\"", "\"indicators\"", "\"items\""]
            .map { run.stdout.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
        #expect(decimal(json["base"]) == "88.75")
        #expect(decimal(json["bonus"]) == "4")
        #expect(decimal(json["deduction"]) == "0")
        #expect(decimal(json["total"]) == "92.75")
        #expect(json["decision"] as? String == "eligible")
        #expect(run.stdout.contains("\"total\": 92.75"))

        let indicators = try #require(json["indicators"] as? [[String: Any]])
        #expect(indicators.count == 10)
        #expect(indicators.map { ($0["id"] as? NSNumber)?.intValue } == Array(1...10))
        #expect(indicators[0]["name"] as? String == "加强组织领导")
        #expect(decimal(indicators[0]["max"]) == "8")
        #expect(indicators.map { decimal($0["max"])! }.map(p).reduce(.zero, +) == p("100"))
        #expect(indicators.map { decimal($0["score"])! }.map(p).reduce(.zero, +) == p("88.75"))

        let items = try #require(json["items"] as? [String: Any])
        #expect(Set(items.keys) == Set((1...56).map(String.init)))
        let expected = scores(forBase: p("88.75"), rubric: rubric)
        for n in 1...56 { #expect(decimal(items[String(n)]) == expected[n]!.description, "item \(n)") }
    }

    @Test("self-assessment threshold: 79.99 not eligible, 80 and 80.01 eligible", arguments: [
        ("79.99", "not-eligible"), ("80", "eligible"), ("80.01", "eligible"),
    ])
    func threshold(base: String, decision: String) throws {
        let run = try score(sheetYAML(base: base, rubric: try Repo.rubric()))
        #expect(run.code == 0)
        let json = try run.json()
        #expect(decimal(json["base"]) == p(base).description)
        #expect(decimal(json["total"]) == p(base).description)
        #expect(json["decision"] as? String == decision)
    }

    @Test("bonus: highest level per category", arguments: [
        ("{enterprise: [municipal, national], government: none}", "5"),
        ("{enterprise: national, government: national}", "10"),
        ("{enterprise: [provincial, municipal], government: [national, provincial]}", "8"),
        ("{enterprise: 省级, government: 地市级}", "4"),
    ])
    func bonus(bonus: String, points: String) throws {
        let run = try score(sheetYAML(base: "70", rubric: try Repo.rubric(), bonus: bonus))
        let json = try run.json()
        #expect(decimal(json["bonus"]) == points)
        #expect(decimal(json["total"]) == (p("70") + p(points)).description)
    }

    @Test("the bonus takes 77 to exactly 80: eligible")
    func bonusToThreshold() throws {
        let json = try score(sheetYAML(base: "77", rubric: try Repo.rubric(), bonus: "{enterprise: provincial}")).json()
        #expect(decimal(json["total"]) == "80")
        #expect(json["decision"] as? String == "eligible")
    }

    @Test("deductions: each condition −20 once", arguments: [
        ("{major-incident: 3, serious-violation: false}", "20", "70"),
        ("{major-incident: true, serious-violation: true}", "40", "50"),
        ("{major-incident: 2, serious-violation: 5}", "40", "50"),
        ("{major-incident: false, serious-violation: false}", "0", "90"),
    ])
    func deductions(deductions: String, points: String, total: String) throws {
        let json = try score(sheetYAML(base: "90", rubric: try Repo.rubric(), deductions: deductions)).json()
        #expect(decimal(json["deduction"]) == points)
        #expect(decimal(json["total"]) == total)
    }

    @Test("the total is not floored at zero")
    func negativeTotal() throws {
        let json = try score(sheetYAML(base: "12.25", rubric: try Repo.rubric(),
                                       deductions: "{major-incident: true, serious-violation: true}")).json()
        #expect(decimal(json["base"]) == "12.25")
        #expect(decimal(json["deduction"]) == "40")
        #expect(decimal(json["total"]) == "-27.75")
        #expect(json["decision"] as? String == "not-eligible")
    }

    @Test("per-criterion scores add up in the items")
    func criteria() throws {
        let rubric = try Repo.rubric()
        let json = try score(sheetYAML(base: "100", rubric: rubric, overriding: [1: "{criteria: [0.5, 0, 1]}", 4: "{criteria: [0.5, 0.5, 0.25, 0]}"])).json()
        let items = try #require(json["items"] as? [String: Any])
        #expect(decimal(items["1"]) == "1.5")
        #expect(decimal(items["4"]) == "1.25")
        #expect(decimal(json["base"]) == "98.75")     // 100 − 0.5 − 0.75
        let indicators = try #require(json["indicators"] as? [[String: Any]])
        #expect(decimal(indicators[0]["score"]) == "6.75")
    }

    @Test("the readable summary: indicators, total, decision and the rule that decided it")
    func summary() throws {
        let run = try score(sheetYAML(base: "79.99", rubric: try Repo.rubric()), json: false)
        #expect(run.code == 0)
        #expect(run.stdout.contains("一、加强组织领导"))
        #expect(run.stdout.contains("十、加大质量成果创新"))
        #expect(run.stdout.contains("79.99"))
        #expect(run.stdout.contains("结论：自评总分79.99分，未达到80分以上（含80分），暂不具备申请省级评估的条件"))
        #expect(run.stdout.contains("依据：指南六（一）"))
    }
    @Test("a warning (outcomes scored before the cycle ends) goes to stderr; the exit is still 0")
    func cycleWarning() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let profile = try String(contentsOf: Repo.sample.appendingPathComponent("pilot.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "approved: 2023-05-10", with: "approved: 2024-01-01")
            try dir.write("pilot.yaml", profile)
            let path = try dir.write("sheet.yaml", "pilot: pilot.yaml\n" + sheetYAML(base: "100", rubric: rubric))
            let run = yrdq("score", path, "--json")
            #expect(run.code == 0)
            #expect(decimal(try run.json()["total"]) == "100")
            #expect(run.messages.count == 1)
            #expect(run.messages.first?.hasPrefix("\(path): 警告: 试点于2024年1月1日获批") == true)
            #expect(run.messages.first?.contains("第47–50项按指南应在1个建设周期后评价") == true)
        }
    }
}
