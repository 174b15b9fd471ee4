import Foundation
import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport

/// `yrdq init DIR --csv`, then the CSV filled in as Excel or WPS would save it, then `yrdq score`.
@Suite("yrdq init --csv and score of a CSV")
struct CSVCommandTests {
    // Issue 13 §2: the CSV is the folder's one sheet (not beside a YAML sheet, which would make
    // two for render set), written with a byte-order mark so that Excel opens it as UTF-8.
    @Test("init --csv writes the profile and the CSV template (with a BOM) in place of the YAML sheet")
    func initFiles() throws {
        try withTempDir { dir in
            let target = dir.path("pilot-a")
            let run = yrdq("init", target, "--csv")
            #expect(run.code == 0, "\(run.stderr)")
            for name in ["pilot.yaml", "self-assessment.csv"] {
                #expect(FileManager.default.fileExists(atPath: target + "/" + name), "\(name)")
                #expect(run.stdout.contains("已生成 \(target)/\(name)"))
            }
            #expect(!FileManager.default.fileExists(atPath: target + "/self-assessment.yaml"))
            #expect(run.stdout.contains("yrdq score \(target)/self-assessment.csv"))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: target + "/self-assessment.csv"))
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(csv.hasPrefix("序号,一级指标,二级指标,三级指标,分值,得分,说明,证明材料\r\n"))
            let numbers = csv.components(separatedBy: "\r\n").map { CSVText.fields($0)[0] }
            #expect(numbers.filter { Int($0) != nil } == (1...56).map(String.init))
            #expect(numbers.contains("十一") && numbers.contains("十二") && numbers.contains("十三-1") && numbers.contains("十三-2"))

            let yamlTarget = dir.path("pilot-y")
            #expect(yrdq("init", yamlTarget).code == 0)
            let yaml = try dir.read("pilot-y/self-assessment.yaml")
            for n in 1...56 { #expect(yaml.contains("\n  \(n):\n"), "item \(n)") }
            #expect(yaml.contains("#   · 各参与单位成立联席会议或工作组（0.5分）"))

            // A second init does not overwrite.
            let again = yrdq("init", target, "--csv")
            #expect(again.code == 1)
            #expect(again.messages.count == 2)
            #expect(again.messages.allSatisfy { $0.hasSuffix("错误: 文件已存在，未覆盖（如需覆盖请加 --force）") })
        }
    }

    @Test("init without --csv writes no CSV; the blank sheet is refused, listing all 56 items")
    func blankSheet() throws {
        try withTempDir { dir in
            let run = yrdq("init", dir.path("b"))
            #expect(run.code == 0)
            #expect(!FileManager.default.fileExists(atPath: dir.path("b/self-assessment.csv")))
            // The scaffold profile still has an empty name; replace it so only the sheet's problem remains.
            try FileManager.default.removeItem(atPath: dir.path("b/pilot.yaml"))
            try FileManager.default.copyItem(atPath: Repo.sample.appendingPathComponent("pilot.yaml").path, toPath: dir.path("b/pilot.yaml"))
            let score = yrdq("score", dir.path("b/self-assessment.yaml"))
            #expect(score.code == 1)
            #expect(score.messages.contains { $0.hasSuffix("错误: 第1–56项没有填写得分（未得分请填 0）") })
        }
    }

    @Test("the filled CSV scores the same as YAML, whatever the encoding and line ends",
          arguments: ["utf8-crlf", "bom-crlf", "gb18030-crlf", "utf8-lf", "gb18030-lf", "bom-lf"])
    func encodings(form: String) throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let target = dir.path("p")
            #expect(yrdq("init", target, "--csv").code == 0)
            // A real profile, so the sheet's pilot row resolves.
            try FileManager.default.removeItem(atPath: target + "/pilot.yaml")
            try FileManager.default.copyItem(atPath: Repo.sample.appendingPathComponent("pilot.yaml").path, toPath: target + "/pilot.yaml")

            var values: [String: String] = [:]
            for (n, s) in scores(forBase: p("79.99"), rubric: rubric) { values[String(n)] = s.description }
            values["十一"] = "省级"
            values["十二"] = "国家级"
            values["十三-2"] = "是"
            let template = try dir.read("p/self-assessment.csv")
            let text = CSVText.filled(template, values: values, lineEnd: form.hasSuffix("-lf") ? "\n" : "\r\n")
            let data: Data
            if form.hasPrefix("gb18030") { data = Data(GB18030.encode(text)) }
            else if form.hasPrefix("bom") { data = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8) }
            else { data = Data(text.utf8) }
            let csvPath = try dir.write("p/self-assessment.csv", data)

            let yamlPath = try dir.write("p/same.yaml", sheetYAML(base: "79.99", rubric: rubric,
                bonus: "{enterprise: provincial, government: national}",
                deductions: "{major-incident: false, serious-violation: true}"))

            let fromCSV = yrdq("score", csvPath, "--json")
            #expect(fromCSV.code == 0, "\(fromCSV.stderr)")
            let fromYAML = yrdq("score", yamlPath, "--json")
            #expect(fromYAML.code == 0, "\(fromYAML.stderr)")
            #expect(fromCSV.stdout == fromYAML.stdout)
            let json = try fromCSV.json()
            #expect(decimal(json["base"]) == "79.99")
            #expect(decimal(json["bonus"]) == "8")
            #expect(decimal(json["deduction"]) == "20")
            #expect(decimal(json["total"]) == "67.99")
            #expect(json["decision"] as? String == "not-eligible")
        }
    }

    @Test("a bad value in the CSV: exit 1, the line and item named")
    func badCSV() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            #expect(yrdq("init", dir.path("c"), "--csv").code == 0)
            // No pilot profile: the sheet alone is scored.
            let template = CSVText.filled(try dir.read("c/self-assessment.csv"), values: ["试点档案": ""], lineEnd: "\r\n")
            var values: [String: String] = [:]
            for (n, s) in scores(forBase: p("80"), rubric: rubric) { values[String(n)] = s.description }
            values["12"] = "３"
            let text = CSVText.filled(template, values: values, lineEnd: "\r\n")
            let path = try dir.write("c/self-assessment.csv", text)
            let line = text.components(separatedBy: "\r\n").firstIndex { $0.hasPrefix("12,") }! + 1
            let run = yrdq("score", path, "--json")
            #expect(run.code == 1)
            #expect(run.stdout == "")
            #expect(run.messages == ["\(path):\(line): 错误: 第12项: 得分“３”含全角数字，请改用半角数字（如 2、1.5）（应为 0 至 1、最多两位小数的数字）"])
        }
    }

    @Test("an honour's title and date and a deduction's grounds reach the self-assessment report and the score table, from YAML and from CSV",
          arguments: ["yaml", "csv"])
    func factsReachTheDocuments(form: String) throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            try dir.write("p/pilot.yaml", try String(contentsOf: Repo.sample.appendingPathComponent("pilot.yaml"), encoding: .utf8))
            let sheet: String
            if form == "csv" {
                var values: [String: String] = ["评估日期": "2026/10/15", "十一": "省级", "十三-1": "是"]
                for (n, s) in scores(forBase: p("88"), rubric: rubric) { values[String(n)] = s.description }
                sheet = try dir.write("p/sheet.csv", CSVText.filled(CSVSheet.template(rubric: rubric, pilotPath: "pilot.yaml", date: nil),
                    values: values, notes: ["十一": "浙江省人民政府质量奖，2025-11-28", "十三-1": "2026年3月经嘉禾市人民政府认定的电池质量事件"]))
            } else {
                sheet = try dir.write("p/sheet.yaml", "pilot: pilot.yaml\n" + sheetYAML(base: "88", rubric: rubric,
                    bonus: "{enterprise: {level: provincial, title: 浙江省人民政府质量奖, date: 2025-11-28}, government: none}",
                    deductions: "{major-incident: true, serious-violation: false}")
                    + "deduction-grounds: {major-incident: 2026年3月经嘉禾市人民政府认定的电池质量事件}\n")
            }
            for kind in ["self-assessment", "table"] {
                let run = yrdq("render", kind, sheet, "--format", "md,html", "--out", dir.path("out-\(kind)"))
                #expect(run.code == 0, "\(run.stderr)")
                for file in dir.files(under: "out-\(kind)") {
                    let text = try dir.read("out-\(kind)/" + file)
                    #expect(text.contains("浙江省人民政府质量奖，2025年11月28日取得"), "\(kind) \(file)")
                    #expect(text.contains("2026年3月经嘉禾市人民政府认定的电池质量事件"), "\(kind) \(file)")
                }
            }
        }
    }
}
