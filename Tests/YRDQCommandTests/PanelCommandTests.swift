import Foundation
import Testing
import YRDQTestSupport
import YRDQCore

/// `yrdq panel PANEL --json`: the provincial rules end to end.
@Suite("yrdq panel")
struct PanelCommandTests {
    func panel(_ bases: [String], aggregation: String = "mean", bonus: String = "{enterprise: none, government: none}",
               deductions: String = "{major-incident: false, serious-violation: false}") throws -> Run {
        let rubric = try Repo.rubric()
        return try withTempDir { dir in
            let path = try writePanel(in: dir, bases: bases, rubric: rubric, aggregation: aggregation,
                                      bonus: bonus, deductions: deductions)
            return yrdq("panel", path, "--json")
        }
    }

    @Test("the JSON has the contract's fields")
    func fields() throws {
        let run = try panel(["80", "81", "82", "83", "84"], bonus: "{enterprise: provincial, government: municipal}")
        #expect(run.code == 0)
        #expect(run.stderr == "")
        let json = try run.json()
        #expect(Set(json.keys).isSuperset(of: ["experts", "aggregation", "base", "bonus", "deduction", "total", "decision", "divergent"]))
        let experts = try #require(json["experts"] as? [[String: Any]])
        #expect(experts.count == 5)
        #expect(experts.map { $0["name"] as? String } == ["专家1", "专家2", "专家3", "专家4", "专家5"])
        #expect(experts.map { $0["organization"] as? String } == ["单位1", "单位2", "单位3", "单位4", "单位5"])
        #expect(experts.map { decimal($0["base"]) } == ["80", "81", "82", "83", "84"])
        #expect(json["aggregation"] as? String == "mean")
        #expect(decimal(json["base"]) == "82")
        #expect(decimal(json["bonus"]) == "4")
        #expect(decimal(json["deduction"]) == "0")
        #expect(decimal(json["total"]) == "86")
        #expect(json["decision"] as? String == "designate")
        // Divergent, computed independently from the experts' item scores.
        let rubric = try Repo.rubric()
        let sheets = ["80", "81", "82", "83", "84"].map { scores(forBase: p($0), rubric: rubric) }
        let expected = rubric.items.filter { item in
            let s = sheets.map { $0[item.number]! }
            return (s.max()! - s.min()!) * 2 > item.points
        }.map(\.number)
        #expect(!expected.isEmpty)
        #expect((json["divergent"] as? [NSNumber])?.map(\.intValue) == expected)
    }

    @Test("provincial thresholds: 69.99 suspend, 70 retain, 80 retain, 80.01 designate", arguments: [
        ("69.99", "suspend"), ("70", "retain"), ("80", "retain"), ("80.01", "designate"),
    ])
    func thresholds(base: String, decision: String) throws {
        let json = try panel(Array(repeating: base, count: 5)).json()
        #expect(decimal(json["base"]) == p(base).description)
        #expect(decimal(json["total"]) == p(base).description)
        #expect(json["decision"] as? String == decision)
    }

    @Test("the mean is rounded half-up to 0.01, and the rounded figure decides")
    func rounding() throws {
        // 480.03 / 6 = 80.005 → 80.01: designate.
        let up = try panel(["80", "80", "80", "80", "80", "80.03"]).json()
        #expect(decimal(up["base"]) == "80.01")
        #expect(up["decision"] as? String == "designate")
        // 480.02 / 6 = 80.0033… → 80.00: retain.
        let down = try panel(["80", "80", "80", "80", "80", "80.02"]).json()
        #expect(decimal(down["base"]) == "80")
        #expect(down["decision"] as? String == "retain")
        // 419.97 / 6 = 69.995 → 70.00: retain, not suspend.
        let edge = try panel(["70", "70", "70", "70", "70", "69.97"]).json()
        #expect(decimal(edge["base"]) == "70")
        #expect(edge["decision"] as? String == "retain")
    }

    @Test("trimmed: one highest and one lowest dropped")
    func trimmed() throws {
        let json = try panel(["60", "80", "81", "82", "100"], aggregation: "trimmed").json()
        #expect(json["aggregation"] as? String == "trimmed")
        #expect(decimal(json["base"]) == "81")
        #expect(json["decision"] as? String == "designate")
        let experts = try #require(json["experts"] as? [[String: Any]])
        #expect(experts.map { $0["dropped"] as? Bool } == [true, false, false, false, true])
        let mean = try panel(["60", "80", "81", "82", "100"], aggregation: "mean").json()
        #expect(decimal(mean["base"]) == "80.6")
        let ties = try panel(["70", "70", "70", "90", "95"], aggregation: "trimmed").json()
        #expect(decimal(ties["base"]) == "76.67")
    }

    @Test("panel bonus and deductions are applied once; the total may go negative")
    func adjustments() throws {
        let json = try panel(["76", "76", "76", "76", "76.01"], bonus: "{enterprise: [municipal, provincial], government: municipal}").json()
        #expect(decimal(json["base"]) == "76")     // 380.01 / 5 = 76.002
        #expect(decimal(json["bonus"]) == "4")
        #expect(decimal(json["total"]) == "80")
        #expect(json["decision"] as? String == "retain")
        let neg = try panel(["10", "10", "10", "10", "10"], deductions: "{major-incident: 4, serious-violation: true}").json()
        #expect(decimal(neg["deduction"]) == "40")
        #expect(decimal(neg["total"]) == "-30")
        #expect(neg["decision"] as? String == "suspend")
    }

    @Test("divergent items: spread strictly more than half the item's points")
    func divergent() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let path = try writePanel(in: dir, bases: ["100", "100", "100", "100", "100"], rubric: rubric)
            // Expert 1: item 1 (2 points) at 1 — spread 1, exactly half; item 2 at 0.99 — spread 1.01.
            try dir.write("experts/e1.yaml", sheetYAML(base: "100", rubric: rubric, overriding: [1: "1", 2: "0.99"],
                                                       assessor: ("专家1", "单位1")))
            // Expert 2: item 53 (3 points) at 1.5 — half; item 54 at 1.49 — more than half.
            try dir.write("experts/e2.yaml", sheetYAML(base: "100", rubric: rubric, overriding: [53: "1.5", 54: "1.49"],
                                                       assessor: ("专家2", "单位2")))
            let run = yrdq("panel", path, "--json")
            #expect(run.code == 0)
            let json = try run.json()
            #expect((json["divergent"] as? [NSNumber])?.map(\.intValue) == [2, 54])
            // (97.99 + 96.99 + 300) / 5 = 98.996 → 99.00
            #expect(decimal(json["base"]) == "99")
        }
    }

    @Test("the readable panel summary names experts, divergent items and the conclusion")
    func summary() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let path = try writePanel(in: dir, bases: ["69.99", "69.99", "69.99", "69.99", "69.99"], rubric: rubric)
            let run = yrdq("panel", path)
            #expect(run.code == 0)
            #expect(run.stdout.contains("专家1（单位1）"))
            #expect(run.stdout.contains("专家组基本分（全体专家评分的算术平均值）"))
            #expect(run.stdout.contains("结论：省级评估总分69.99分，低于70分，可暂停其“长三角质量提升示范试点”称号"))
        }
    }
}
