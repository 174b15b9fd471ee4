import Foundation
import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport

@Suite("CSV score sheets: template, encodings, messages")
struct CSVTests {
    func scoreValues(base: String, rubric: Rubric) -> [String: String] {
        var v: [String: String] = [:]
        for (n, s) in scores(forBase: p(base), rubric: rubric) { v[String(n)] = s.description }
        return v
    }

    func read(_ data: Data, name: String = "sheet.csv", rubric: Rubric) throws -> ScoreSheet {
        try withTempDir { dir in
            let path = try dir.write(name, data)
            return try SheetReader(rubric: rubric).load(path: path)
        }
    }

    func refusal(_ data: Data, rubric: Rubric) throws -> (path: String, d: [Diagnostic]) {
        try withTempDir { dir in
            let path = try dir.write("sheet.csv", data)
            return (path, diagnostics { () throws(InputErrors) in _ = try SheetReader(rubric: rubric).load(path: path) })
        }
    }

    @Test("the template has the contract's header, 56 item rows, bonus and deduction rows")
    func template() throws {
        let rubric = try Fixture.rubric()
        let t = CSVSheet.template(rubric: rubric, pilotPath: "pilot.yaml", date: nil)
        let lines = t.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines[0] == "序号,一级指标,二级指标,三级指标,分值,得分,说明,证明材料")
        let rows = lines.map(CSVText.fields)
        #expect(rows.allSatisfy { $0.count == 8 })
        let itemRows = rows.filter { Int($0[0]) != nil }
        #expect(itemRows.map { Int($0[0])! } == Array(1...56))
        #expect(itemRows[0][1] == "加强组织领导")
        #expect(itemRows[0][2] == "建立工作机制")
        #expect(itemRows[0][4] == "2")
        #expect(rows.contains { $0[0] == "十一" && $0[1] == "企业质量荣誉" && $0[5] == "无" })
        #expect(rows.contains { $0[0] == "十二" && $0[1] == "政府质量荣誉" && $0[5] == "无" })
        #expect(rows.contains { $0[0] == "十三-1" && $0[4] == "-20" && $0[5] == "否" })
        #expect(rows.contains { $0[0] == "十三-2" && $0[4] == "-20" && $0[5] == "否" })
        #expect(rows.contains { $0[0] == "试点档案" && $0[5] == "pilot.yaml" })
    }

    @Test("the same scores read back from UTF-8, UTF-8 with BOM, GB18030, CRLF and LF, equal to YAML",
          arguments: ["utf8", "bom", "gb18030", "utf8-lf", "gb18030-lf"])
    func encodings(form: String) throws {
        let rubric = try Fixture.rubric()
        let template = CSVSheet.template(rubric: rubric, pilotPath: nil, date: nil)
        var values = scoreValues(base: "79.49", rubric: rubric)
        values["十一"] = "国家级"
        values["十二"] = "地市级"
        values["十三-1"] = "是"
        values["评估日期"] = "2026-10-15"
        let lineEnd = form.hasSuffix("-lf") ? "\n" : "\r\n"
        let text = CSVText.filled(template, values: values, notes: ["3": "未见阶段性工作计划，扣分"], lineEnd: lineEnd)
        let data: Data
        switch form {
        case "bom": data = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        case "gb18030", "gb18030-lf":
            data = Data(GB18030.encode(text))
            #expect(String(data: data, encoding: .utf8) == nil, "the GB18030 bytes must not also be valid UTF-8")
        default: data = Data(text.utf8)
        }
        let csvSheet = try read(data, rubric: rubric)
        let yamlSheet = try withTempDir { dir in
            try SheetReader(rubric: rubric).load(path: try dir.write("sheet.yaml", sheetYAML(
                items: itemLines(forBase: p("79.49"), rubric: rubric),
                bonus: "{enterprise: national, government: municipal}",
                deductions: "{major-incident: true, serious-violation: false}")))
        }
        let engine = ScoringEngine(rubric: rubric)
        let fromCSV = engine.score(csvSheet), fromYAML = engine.score(yamlSheet)
        #expect(fromCSV.items == fromYAML.items)
        #expect(fromCSV.base == p("79.49"))
        #expect(fromCSV.bonus == p("6"))
        #expect(fromCSV.deduction == p("20"))
        #expect(fromCSV.total == p("65.49"))
        #expect((fromCSV.base, fromCSV.bonus, fromCSV.deduction, fromCSV.total) == (fromYAML.base, fromYAML.bonus, fromYAML.deduction, fromYAML.total))
        #expect(fromCSV.indicators == fromYAML.indicators)
        #expect(csvSheet.date == CivilDate(year: 2026, month: 10, day: 15))
        #expect(csvSheet.items[3]?.note == "未见阶段性工作计划，扣分")
    }

    @Test("an expert's details in the CSV")
    func assessor() throws {
        let rubric = try Fixture.rubric()
        var values = scoreValues(base: "85", rubric: rubric)
        values["评估人"] = "王芳"
        values["评估人单位"] = "浙江省质量科学研究院"
        values["评估人所属方面"] = "技术机构"
        let sheet = try read(Data(CSVText.filled(CSVSheet.template(rubric: rubric, pilotPath: nil, date: nil), values: values).utf8), rubric: rubric)
        #expect(sheet.assessor == Assessor(name: "王芳", organization: "浙江省质量科学研究院", kind: "技术机构"))
    }

    @Test("bad values in the CSV: each with its line, item, what was found and what is allowed")
    func badValues() throws {
        let rubric = try Fixture.rubric()
        let template = CSVSheet.template(rubric: rubric, pilotPath: nil, date: nil)
        var values = scoreValues(base: "80", rubric: rubric)
        values["5"] = "2.5"
        values["6"] = "两分"
        values["7"] = "1,5"
        values["8"] = ""
        values["十一"] = "金奖"
        values["十三-2"] = "也许"
        let text = CSVText.filled(template, values: values)
        let (path, d) = try refusal(Data(text.utf8), rubric: rubric)
        let lines = text.components(separatedBy: "\r\n")
        func lineOf(_ number: String) -> Int { lines.firstIndex { $0.hasPrefix(number + ",") }! + 1 }
        #expect(d.count == 6)
        #expect(d.allSatisfy { $0.file == path })
        #expect(d.contains { $0.item == 5 && $0.line == lineOf("5") && $0.message == "得分 2.5 超过满分 2（应为 0 至 2、最多两位小数的数字）" })
        #expect(d.contains { $0.item == 6 && $0.line == lineOf("6") && $0.message == "得分“两分”不是数字（应为 0 至 2、最多两位小数的数字）" })
        #expect(d.contains { $0.item == 7 && $0.message.hasPrefix("得分“1,5”小数点应为“.”") })
        #expect(d.contains { $0.line == lineOf("十一") && $0.message == "加分项“企业质量荣誉”的等级“金奖”无效（允许：无 | 地市级 | 省级 | 国家级）" })
        #expect(d.contains { $0.line == lineOf("十三-2") && $0.message == "减分项“十三-2”应填“是”或“否”，实际为“也许”" })
        #expect(d.contains { $0.message == "第8项没有填写得分（每一项都须填写；未得分请填 0）" })
    }

    @Test("an expert's CSV without an assessor and with a bad score: both problems in one run")
    func expertWithoutAssessorAndBadScore() throws {
        let rubric = try Fixture.rubric()
        var values = scoreValues(base: "80", rubric: rubric)
        values["5"] = "2.5"
        let text = CSVText.filled(CSVSheet.template(rubric: rubric, pilotPath: nil, date: nil), values: values)
        let d = try withTempDir { dir in
            let path = try dir.write("expert.csv", Data(text.utf8))
            return diagnostics { () throws(InputErrors) in _ = try SheetReader(rubric: rubric).load(path: path, requireAssessor: true) }
        }
        #expect(d.count == 2)
        #expect(d.contains { $0.item == 5 && $0.message.hasPrefix("得分 2.5 超过满分 2") })
        #expect(d.contains { $0.message.hasPrefix("专家评分表缺少评估人") })
    }

    @Test("an unknown row and a repeated item")
    func unknownAndRepeated() throws {
        let rubric = try Fixture.rubric()
        let filled = CSVText.filled(CSVSheet.template(rubric: rubric, pilotPath: nil, date: nil), values: scoreValues(base: "80", rubric: rubric))
        let text = filled + "57,,,,,1,,\r\n3,,,,,1,,\r\n"
        let (_, d) = try refusal(Data(text.utf8), rubric: rubric)
        #expect(d.count == 2)
        #expect(d.contains { $0.message.hasPrefix("未知的序号“57”（应为 1 至 56") })
        #expect(d.contains { $0.item == 3 && $0.message == "该项在表中出现了不止一次" })
    }

    @Test("a CSV without the header")
    func noHeader() throws {
        let rubric = try Fixture.rubric()
        let (_, d) = try refusal(Data("1,2\r\n2,2\r\n".utf8), rubric: rubric)
        #expect(d.count == 1)
        #expect(d[0].line == 1)
        #expect(d[0].message.hasPrefix("第一行应为表头，至少包含“序号”和“得分”两列"))
    }

    @Test("an empty CSV and bytes that are neither UTF-8 nor GB18030")
    func emptyAndUndecodable() throws {
        let rubric = try Fixture.rubric()
        #expect(try refusal(Data(), rubric: rubric).d.map(\.message) == ["文件是空的"])
        #expect(try refusal(Data("\r\n \r\n".utf8), rubric: rubric).d.map(\.message) == ["文件是空的"])
        let (_, d) = try refusal(Data([0x31, 0x2C, 0xFF, 0xFF, 0xFF, 0x0A]), rubric: rubric)
        #expect(d.map(\.message) == ["无法识别文件编码：既不是 UTF-8 也不是 GB18030（请在 Excel/WPS 中另存为“CSV UTF-8”）"])
        let (_, bom) = try refusal(Data([0xEF, 0xBB, 0xBF, 0xB6, 0xFE]), rubric: rubric)
        #expect(bom.map(\.message) == ["文件声明为 UTF-8（带 BOM），但含有无效的 UTF-8 字节"])
    }

    @Test("GB18030 decoding covers the Chinese the template uses")
    func gbDecoding() throws {
        let text = "序号,得分\r\n十一,国家级\r\n十三-1,是\r\n"
        let bytes = GB18030.encode(text)
        #expect(TextDecoding.utf8(bytes) == nil)
        #expect(TextDecoding.gb18030(bytes) == text)
    }
}
