import Foundation
import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport

/// The sample pilot in samples/jiahe-auto-parts, as the README's main command uses it.
@Suite("The sample pilot and the rubric command")
struct SampleTests {
    var selfAssessment: String { Repo.sample.appendingPathComponent("self-assessment.yaml").path }
    var panelFile: String { Repo.sample.appendingPathComponent("panel.yaml").path }

    @Test("score on the sample self-assessment: 88.75 + 4 = 92.75, eligible")
    func sampleScore() throws {
        let run = yrdq("score", selfAssessment, "--json")
        #expect(run.code == 0, "\(run.stderr)")
        let json = try run.json()
        #expect(decimal(json["base"]) == "88.75")
        #expect(decimal(json["bonus"]) == "4")
        #expect(decimal(json["deduction"]) == "0")
        #expect(decimal(json["total"]) == "92.75")
        #expect(json["decision"] as? String == "eligible")
        let indicators = try #require(json["indicators"] as? [[String: Any]])
        #expect(indicators.map { decimal($0["score"])! }.map(p).reduce(.zero, +) == p("88.75"))
    }

    @Test("score without --rubric finds the repository's rubric")
    func defaultRubric() throws {
        let run = yrdq(["score", selfAssessment, "--json"])
        #expect(run.code == 0, "\(run.stderr)")
        #expect(decimal(try run.json()["total"]) == "92.75")
    }

    @Test("the readable summary of the sample")
    func sampleSummary() {
        let run = yrdq("score", selfAssessment)
        #expect(run.code == 0)
        #expect(run.stdout.contains("92.75"))
        #expect(run.stdout.contains("结论：自评总分92.75分，达到80分以上（含80分），可以向省级市场监管局提交自评报告并申请省级评估"))
    }

    @Test("panel on the sample: 85.39 + 4 = 89.39, designate, divergent 21 and 55")
    func samplePanel() throws {
        let run = yrdq("panel", panelFile, "--json")
        #expect(run.code == 0, "\(run.stderr)")
        let json = try run.json()
        #expect(json["aggregation"] as? String == "mean")
        #expect(decimal(json["base"]) == "85.39")
        #expect(decimal(json["bonus"]) == "4")
        #expect(decimal(json["deduction"]) == "0")
        #expect(decimal(json["total"]) == "89.39")
        #expect(json["decision"] as? String == "designate")
        #expect((json["divergent"] as? [NSNumber])?.map(\.intValue) == [21, 55])
        let experts = try #require(json["experts"] as? [[String: Any]])
        #expect(experts.count == 7)
        #expect(experts.map { decimal($0["base"])! } == ["87.25", "85.75", "88.75", "84", "82.25", "88.25", "81.5"])
        #expect(experts.first?["name"] as? String == "王建华")
        #expect(experts.allSatisfy { ($0["organization"] as? String)?.isEmpty == false })
    }

    @Test("the main command's panel kit: sample.sh runs panel init on the sample's experts.csv, whose seven experts are the sample panel's (name, unit, kind); panel.yaml and experts/<name>.xlsx are written")
    func samplePanelKit() throws {
        let script = try String(contentsOf: Repo.root.appendingPathComponent("scripts/sample.sh"), encoding: .utf8)
        #expect(script.contains("yrdq panel init output/panel-kit --pilot samples/jiahe-auto-parts/pilot.yaml \\\n    --experts samples/jiahe-auto-parts/experts.csv --force"))
        let rubric = try Repo.rubric()
        let panel = try PanelReader.load(path: panelFile, reader: SheetReader(rubric: rubric))
        try withTempDir { dir in
            let kit = dir.path("panel-kit")
            let run = yrdq("panel", "init", kit, "--pilot", Repo.sample.appendingPathComponent("pilot.yaml").path,
                           "--experts", Repo.sample.appendingPathComponent("experts.csv").path, "--force")
            #expect(run.code == 0, "\(run.stderr)")
            let generated = try dir.read("panel-kit/panel.yaml")
            for expert in panel.experts {
                let a = try #require(expert.assessor)
                #expect(generated.contains(#"{sheet: "experts/\#(a.name).xlsx", name: "\#(a.name)", organization: "\#(a.organization)", kind: "\#(a.kind ?? "")"}"#), "\(generated)")
                let blank = try XLSXSheet.draft(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: kit + "/experts/\(a.name).xlsx"))), source: "x.xlsx")
                #expect(blank.rows.contains { $0.number.text == "评估人" && $0.value.text == a.name })
            }
            #expect(dir.files(under: "panel-kit/experts").count == panel.experts.count)
        }
    }

    @Test("the sample panel, readable")
    func samplePanelSummary() {
        let run = yrdq("panel", panelFile)
        #expect(run.code == 0)
        #expect(run.stdout.contains("专家评分分歧较大（极差超过该项分值一半）的项目：第21、55项"))
        #expect(run.stdout.contains("结论：省级评估总分89.39分，高于80分，可授予“长三角质量提升示范”称号"))
    }

    @Test("rubric prints all 56 items, the ten indicators, bonus and deductions")
    func rubricTree() throws {
        let run = yrdq("rubric")
        #expect(run.code == 0)
        #expect(run.stderr == "")
        let out = run.stdout
        for n in 1...56 { #expect(out.contains("├─ 第\(n)项（"), "item \(n)") }
        #expect(!out.contains("第57项"))
        for name in ["一、加强组织领导（8分）", "十、加大质量成果创新（18分）", "质量举措（70分）", "质量成效（30分）"] {
            #expect(out.contains(name), "\(name)")
        }
        #expect(out.contains("· 各参与单位成立联席会议或工作组（0.5分）"))
        #expect(out.contains("加分项 共10分（每类取最高等级）"))
        #expect(out.contains("major-incident（减20分）"))
        #expect(out.contains("serious-violation（减20分）"))
        let rubric = try Repo.rubric()
        #expect(out.components(separatedBy: "\n").filter { $0.contains("├─ 第") && $0.contains("项（") }.count == rubric.items.count)
    }
}
