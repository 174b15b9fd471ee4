import Foundation
import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport
import YRDQXLSX

/// Issue 13 §3: `panel init` hands a pre-filled sheet to each expert of a list; `panel` takes
/// them back in any mix of formats and refuses a sheet that is not this panel's.
@Suite("panel init and the returned sheets", .serialized)
struct PanelInitTests {
    /// The sample's experts in its panel's order: name, unit, kind, and the sheet's file.
    static let sampleExperts: [(name: String, unit: String, kind: String, file: String)] = [
        ("王建华", "浙江省市场监督管理局质量发展处", "质量主管部门", "wang"),
        ("陈思远", "浙江省质量科学研究院", "技术机构", "chen"),
        ("李慧敏", "浙江省经济和信息化厅装备工业处", "行业主管部门", "li"),
        ("赵国平", "浙江省汽车零部件质量促进会", "社会组织", "zhao"),
        ("周晓岚", "浙江省标准化研究院", "技术机构", "zhou"),
        ("孙卫东", "浙江拓衡汽车科技有限公司", "企业", "sun"),
        ("徐丽娟", "浙江省市场监督管理局标准化处", "质量主管部门", "xu"),
    ]

    static func csv(_ rows: [(String, String, String)]) -> String {
        "姓名,单位,所属方面\n" + rows.map { "\($0.0),\($0.1),\($0.2)\n" }.joined()
    }

    static var sampleCSV: String { csv(sampleExperts.map { ($0.name, $0.unit, $0.kind) }) }

    /// A list as an XLSX workbook written by openpyxl (header in row 1, as a clerk keeps it).
    static func xlsxList(_ path: String, rows: [(String, String, String)]) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: [["姓名", "单位", "所属方面"]] + rows.map { [$0.0, $0.1, $0.2] }), as: UTF8.self)
        try XLSXFixture.python("""
        import json, sys, openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "专家名单"
        for row in json.loads(sys.argv[2]):
            ws.append(row)
        wb.save(sys.argv[1])
        """, [path, json])
    }

    /// A folder with the sample's profile (the panel is made in `panel/` below it).
    func setUp(_ dir: TempDir) throws {
        try FileManager.default.copyItem(atPath: Repo.sample.appendingPathComponent("pilot.yaml").path, toPath: dir.path("pilot.yaml"))
    }

    /// The sample's expert sheet `file`, read.
    func sampleSheet(_ file: String, rubric: Rubric) throws -> ScoreSheet {
        try SheetReader(rubric: rubric).load(path: Repo.sample.appendingPathComponent("experts/\(file).yaml").path)
    }

    /// The XLSX sheet at `path` filled by openpyxl with what the sample's sheet `file` says.
    func fillXLSX(_ path: String, from file: String, rubric: Rubric) throws {
        let sheet = try sampleSheet(file, rubric: rubric)
        var values: [String: Any] = ["评估日期": sheet.date!.description]
        for (n, item) in sheet.items {
            values[String(n)] = Double(item.score.description)!
            if let note = item.note { values["\(n)/说明"] = note }
        }
        for c in rubric.bonus.categories {
            if let level = sheet.adjustments.honours[c.id]?.first?.level { values[c.numeral] = SheetLayout.levelWords[level]! }
        }
        try XLSXFixture.fill(path, path, rubric: rubric, values: values)
    }

    /// The YAML sheet `panel init --format yaml` wrote, filled as the sample's sheet `file`.
    func fillYAML(_ path: String, from file: String, rubric: Rubric) throws {
        let sheet = try sampleSheet(file, rubric: rubric)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: #"(?m)^date: .*$"#, with: "date: \(sheet.date!)", options: .regularExpression)
        for (n, item) in sheet.items {
            let note = item.note.map { ", note: \(JSONString.quote($0))" } ?? ""
            text = text.replacingOccurrences(of: "\n  \(n):\n", with: "\n  \(n): {score: \(item.score)\(note)}\n")
        }
        let bonus = rubric.bonus.categories.map { "\($0.id): \(sheet.adjustments.honours[$0.id]?.first?.level ?? "none")" }
        text = text.replacingOccurrences(of: #"(?m)^bonus: .*$"#, with: "bonus: {\(bonus.joined(separator: ", "))}", options: .regularExpression)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The sample's panel file with its experts' list replaced by the one `panel init` wrote.
    func samplePanel(withExpertsOf generated: String) throws -> String {
        let sample = try String(contentsOf: Repo.sample.appendingPathComponent("panel.yaml"), encoding: .utf8)
        let listed = generated.components(separatedBy: "\n").filter { $0.hasPrefix("  - {sheet:") }
        var out: [String] = []
        var inExperts = false
        for line in sample.components(separatedBy: "\n") {
            if line.hasPrefix("experts:") { inExperts = true; out.append("experts:"); out += listed; continue }
            if inExperts && line.hasPrefix("  - ") { continue }
            inExperts = false
            out.append(line.hasPrefix("pilot:") ? "pilot: ../pilot.yaml" : line)
        }
        return out.joined(separator: "\n")
    }

    var sampleResult: Run { yrdq("panel", Repo.sample.appendingPathComponent("panel.yaml").path, "--json") }

    @Test("init from a CSV list: panel.yaml lists each expert's sheet with the expert; each XLSX sheet carries its expert and the pilot; filled (two returned as YAML) they score as the sample's YAML panel")
    func fromCSV() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            try setUp(dir)
            let list = try dir.write("专家名单.csv", Self.sampleCSV)
            let run = yrdq("panel", "init", dir.path("panel"), "--pilot", dir.path("pilot.yaml"), "--experts", list)
            #expect(run.code == 0, "\(run.stderr)")
            let generated = try dir.read("panel/panel.yaml")
            #expect(generated.contains("pilot: ../pilot.yaml\n"))
            #expect(generated.contains(#"  - {sheet: "experts/王建华.xlsx", name: "王建华", organization: "浙江省市场监督管理局质量发展处", kind: "质量主管部门"}"#), "\(generated)")
            #expect(dir.files(under: "panel/experts").count == 7)
            // The blank sheet names its expert and the pilot (read back by the tool's own reader).
            let blank = try XLSXSheet.draft(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.path("panel/experts/王建华.xlsx")))),
                                            source: "x.xlsx")
            let shown = blank.rows.map { "\($0.number.text)=\($0.value.text)" }
            for expected in ["试点档案=../../pilot.yaml", "评估人=王建华", "单位=浙江省市场监督管理局质量发展处", "所属方面=质量主管部门"] {
                #expect(shown.contains(expected), "\(shown.prefix(8))")
            }

            for e in Self.sampleExperts { try fillXLSX(dir.path("panel/experts/\(e.name).xlsx"), from: e.file, rubric: rubric) }
            // Two experts return their sheets as YAML: the panel lists them so.
            var panel = try samplePanel(withExpertsOf: generated)
            for e in Self.sampleExperts.prefix(2) {
                try FileManager.default.removeItem(atPath: dir.path("panel/experts/\(e.name).xlsx"))
                try FileManager.default.copyItem(atPath: Repo.sample.appendingPathComponent("experts/\(e.file).yaml").path,
                                                 toPath: dir.path("panel/experts/\(e.name).yaml"))
                let copied = try dir.read("panel/experts/\(e.name).yaml").replacingOccurrences(of: "pilot: ../pilot.yaml", with: "pilot: ../../pilot.yaml")
                try dir.write("panel/experts/\(e.name).yaml", copied)
                panel = panel.replacingOccurrences(of: "experts/\(e.name).xlsx", with: "experts/\(e.name).yaml")
            }
            try dir.write("panel/panel.yaml", panel)
            let result = yrdq("panel", dir.path("panel/panel.yaml"), "--json")
            #expect(result.code == 0, "\(result.stderr)")
            let sample = sampleResult
            #expect(sample.code == 0, "\(sample.stderr)")
            #expect(result.stdout == sample.stdout)

            // Files there are never overwritten without --force; with it, they are.
            let again = yrdq("panel", "init", dir.path("panel"), "--pilot", dir.path("pilot.yaml"), "--experts", list)
            #expect(again.code == 1)
            #expect(again.stderr.contains("\(dir.path("panel/panel.yaml")): 错误: 文件已存在，未覆盖（如需覆盖请加 --force）"), "\(again.stderr)")
        }
    }

    @Test("init from an XLSX list with --format yaml: YAML sheets with the expert and the pilot, filled they score as the sample")
    func fromXLSXAsYAML() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            try setUp(dir)
            let list = dir.path("专家名单.xlsx")
            try Self.xlsxList(list, rows: Self.sampleExperts.map { ($0.name, $0.unit, $0.kind) })
            let run = yrdq("panel", "init", dir.path("panel"), "--pilot", dir.path("pilot.yaml"), "--experts", list, "--format", "yaml")
            #expect(run.code == 0, "\(run.stderr)")
            let sheet = try dir.read("panel/experts/李慧敏.yaml")
            #expect(sheet.contains("pilot: ../../pilot.yaml\n"))
            #expect(sheet.contains(#"assessor: {name: "李慧敏", organization: "浙江省经济和信息化厅装备工业处", kind: "行业主管部门"}"#), "\(sheet)")
            for e in Self.sampleExperts { try fillYAML(dir.path("panel/experts/\(e.name).yaml"), from: e.file, rubric: rubric) }
            try dir.write("panel/panel.yaml", try samplePanel(withExpertsOf: try dir.read("panel/panel.yaml")))
            let result = yrdq("panel", dir.path("panel/panel.yaml"), "--json")
            #expect(result.code == 0, "\(result.stderr)")
            #expect(result.stdout == sampleResult.stdout)
        }
    }

    @Test("a profile in a folder named with DEL, NEL and a LINE SEPARATOR: the kit's YAML names it so that it reads back, and the filled kit scores as the sample")
    func oddCharactersInThePilotsPath() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let odd = "档案\u{7F}\u{85}\u{2028}\u{FEFF}"
            try FileManager.default.createDirectory(atPath: dir.path(odd), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Repo.sample.appendingPathComponent("pilot.yaml").path, toPath: dir.path(odd + "/pilot.yaml"))
            try dir.write("list.csv", Self.csv(Self.sampleExperts.map { ($0.name, $0.unit, $0.kind) }))
            let run = yrdq("panel", "init", dir.path("panel"), "--pilot", dir.path(odd + "/pilot.yaml"), "--experts", dir.path("list.csv"), "--format", "yaml")
            #expect(run.code == 0, "\(run.stderr)")
            let generated = try dir.read("panel/panel.yaml")
            let pilotLine = try #require(generated.components(separatedBy: "\n").first { $0.hasPrefix("pilot:") })
            #expect(pilotLine == #"pilot: "../档案\u007F\u0085\u2028\uFEFF/pilot.yaml""#)
            for e in Self.sampleExperts { try fillYAML(dir.path("panel/experts/\(e.name).yaml"), from: e.file, rubric: rubric) }
            try dir.write("panel/panel.yaml", try samplePanel(withExpertsOf: generated).replacingOccurrences(of: "pilot: ../pilot.yaml", with: pilotLine))
            let result = yrdq("panel", dir.path("panel/panel.yaml"), "--json")
            #expect(result.code == 0, "\(result.stderr)")
            #expect(result.stdout == sampleResult.stdout)
        }
    }

    @Test("a list of 4 or of 10 experts, a name twice (also spelt another way), a 所属方面 the guide does not list, a name with a bidi control, a missing column: exit 1, nothing written",
          arguments: [
            (csv(Array(sampleExperts.prefix(4)).map { ($0.name, $0.unit, $0.kind) }), "专家名单.csv: 错误: 专家名单有 4 位专家，指南规定评估专家组为 5—9 人"),
            (csv((sampleExperts + sampleExperts.prefix(3)).enumerated().map { ("\($0.element.name)\($0.offset)", $0.element.unit, $0.element.kind) }),
             "专家名单.csv: 错误: 专家名单有 10 位专家，指南规定评估专家组为 5—9 人"),
            (csv(sampleExperts.map { ($0.name, $0.unit, $0.kind) } + [(" 王建华 ", "浙江大学", "技术机构")]),
             "专家名单.csv:9: 错误: 第8位专家：姓名“王建华”与第1位专家重复（每位专家只列一次，每人一份评分表）"),
            (csv(sampleExperts.map { ($0.name, $0.unit, $0.kind == "企业" ? "高校" : $0.kind) }),
             "专家名单.csv:7: 错误: 第6位专家：所属方面“高校”不在指南所列范围内（允许：质量主管部门、行业主管部门、社会组织、技术机构、企业）"),
            (csv(sampleExperts.map { ($0.name == "赵国平" ? "赵\u{202E}国平" : $0.name, $0.unit, $0.kind) }), "专家名单.csv:5: 错误: 第4位专家：姓名“"),
            ("姓名,单位\n王建华,浙江省市场监督管理局\n", "专家名单.csv:1: 错误: 专家名单的表头缺少“所属方面”列（应有列：姓名、单位、所属方面）"),
          ])
    func badList(list: String, expected: String) throws {
        try withTempDir { dir in
            try setUp(dir)
            let path = try dir.write("专家名单.csv", list)
            let run = yrdq("panel", "init", dir.path("panel"), "--pilot", dir.path("pilot.yaml"), "--experts", path)
            #expect(run.code == 1)
            #expect(run.stderr.contains(expected), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.path("panel")))
        }
    }

    @Test("an XLSX list's bad value is named by its cell")
    func badXLSXList() throws {
        try withTempDir { dir in
            try setUp(dir)
            let list = dir.path("专家名单.xlsx")
            try Self.xlsxList(list, rows: Self.sampleExperts.map { ($0.name, $0.unit, $0.kind == "企业" ? "高校" : $0.kind) })
            let run = yrdq("panel", "init", dir.path("panel"), "--pilot", dir.path("pilot.yaml"), "--experts", list)
            #expect(run.code == 1)
            #expect(run.stderr.contains("专家名单.xlsx:专家名单!C7: 错误: 第6位专家：所属方面“高校”不在指南所列范围内"), "\(run.stderr)")
        }
    }

    @Test("a returned sheet of another expert, or of another pilot, is refused naming both")
    func notThisPanels() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            try setUp(dir)
            let list = try dir.write("专家名单.csv", Self.sampleCSV)
            let run = yrdq("panel", "init", dir.path("panel"), "--pilot", dir.path("pilot.yaml"), "--experts", list)
            #expect(run.code == 0, "\(run.stderr)")
            for e in Self.sampleExperts { try fillXLSX(dir.path("panel/experts/\(e.name).xlsx"), from: e.file, rubric: rubric) }
            try dir.write("panel/panel.yaml", try samplePanel(withExpertsOf: try dir.read("panel/panel.yaml")))
            #expect(yrdq("panel", dir.path("panel/panel.yaml")).code == 0)

            // 李慧敏's sheet saved over 王建华's.
            let wang = dir.path("panel/experts/王建华.xlsx")
            let kept = try Data(contentsOf: URL(fileURLWithPath: wang))
            try FileManager.default.removeItem(atPath: wang)
            try FileManager.default.copyItem(atPath: dir.path("panel/experts/李慧敏.xlsx"), toPath: wang)
            let other = yrdq("panel", dir.path("panel/panel.yaml"))
            #expect(other.code == 1)
            #expect(other.stderr.contains("第1位专家的评分表“experts/王建华.xlsx”的评估人是“李慧敏”（浙江省经济和信息化厅装备工业处），不是本专家组名单中这份评分表所属的专家“王建华”（浙江省市场监督管理局质量发展处）"), "\(other.stderr)")
            try kept.write(to: URL(fileURLWithPath: wang))

            // A sheet made for another pilot.
            let profile = try dir.read("pilot.yaml").replacingOccurrences(of: "嘉禾市新能源汽车零部件产业质量提升示范试点", with: "嘉禾市智能家居产业质量提升示范试点")
            try dir.write("other.yaml", profile)
            try XLSXFixture.fill(wang, wang, rubric: rubric, values: ["试点档案": "../../other.yaml"])
            let pilot = yrdq("panel", dir.path("panel/panel.yaml"))
            #expect(pilot.code == 1)
            #expect(pilot.stderr.contains("第1位专家的评分表“experts/王建华.xlsx”评的是试点“嘉禾市智能家居产业质量提升示范试点”，不是本专家组评估的“嘉禾市新能源汽车零部件产业质量提升示范试点”"), "\(pilot.stderr)")
        }
    }
}
