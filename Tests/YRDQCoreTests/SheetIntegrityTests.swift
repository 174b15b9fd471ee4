import Foundation
import Testing
import YRDQTestSupport
@testable import YRDQInput
import YRDQCore

/// Nothing lost, nothing forged, in the sheet readers: one spelling per item key, one row per
/// CSV line, names without bidi or invisible characters, strict dates, CSV lines as an editor
/// counts them, and no echo of a file named by mistake.
@Suite("Score sheets: canonical keys, duplicates, names, dates, CSV lines")
struct SheetIntegrityTests {
    func refuse(_ text: String, name: String = "sheet.yaml", files: [String: String] = [:]) throws -> (path: String, d: [Diagnostic]) {
        try withTempDir { dir in
            for (n, t) in files { try dir.write(n, t) }
            let path = try dir.write(name, text)
            let reader = SheetReader(rubric: try Fixture.rubric())
            return (path, diagnostics { () throws(InputErrors) in _ = try reader.load(path: path) })
        }
    }

    func load(_ text: String, name: String = "sheet.yaml") throws -> ScoreSheet {
        try withTempDir { dir in
            try SheetReader(rubric: try Fixture.rubric()).load(path: try dir.write(name, text))
        }
    }

    func csvValues(_ rubric: Rubric, base: String = "80") -> [String: String] {
        var v: [String: String] = [:]
        for (n, s) in scores(forBase: p(base), rubric: rubric) { v[String(n)] = s.description }
        return v
    }

    func filledCSV(_ rubric: Rubric, values: [String: String] = [:], notes: [String: String] = [:], lineEnd: String = "\r\n") -> String {
        CSVText.filled(CSVSheet.template(rubric: rubric, pilotPath: nil, date: nil),
                       values: csvValues(rubric).merging(values) { $1 }, notes: notes, lineEnd: lineEnd)
    }

    /// The 1-based line of the CSV row whose 序号 is `number`.
    func csvLine(_ number: String, in text: String, lineEnd: String = "\r\n") -> Int {
        text.components(separatedBy: lineEnd).firstIndex { $0.hasPrefix(number + ",") }! + 1
    }

    // MARK: Item keys (YAML)

    @Test("another spelling of an item number is refused, naming the key; beside the plain one it is a duplicate",
          arguments: ["03", "+3", "\" 3\"", "\"3 \"", "３", "3.0", "003"])
    func itemKeySpellings(key: String) throws {
        let rubric = try Fixture.rubric()
        let items = itemLines(forBase: p("80"), rubric: rubric)
        // Alone: the spelling is named; item 3 is not also reported missing.
        let alone = sheetYAML(items: items.filter { $0.0 != 3 }, extraItemLines: ["\(key): 0"])
        let (_, d) = try refuse(alone)
        let shown = key.trimmingCharacters(in: ["\""])
        #expect(d.count == 1, "\(d)")
        #expect(d.first?.item == 3)
        #expect(d.first?.message.hasPrefix("项目编号“\(shown)”应写作“3”") == true, "\(d)")
        #expect(d.first?.line == line(of: "  \(key):", in: alone))
        // Beside item 3: never replaces it.
        let beside = sheetYAML(items: items, extraItemLines: ["\(key): 0"])
        let (_, d2) = try refuse(beside)
        #expect(d2.count == 1, "\(d2)")
        #expect(d2.first?.item == 3)
        #expect(d2.first?.message == "项目编号“\(shown)”与第\(line(of: "  3:", in: beside)!)行的“3”是同一项（每一项只能填写一次）")
    }

    @Test("the plain decimal key is accepted (also quoted)")
    func itemKeyPlain() throws {
        let rubric = try Fixture.rubric()
        let items = itemLines(forBase: p("80"), rubric: rubric).map { n, v in (n, v) }
        let text = sheetYAML(items: items.filter { $0.0 != 3 }, extraItemLines: ["\"3\": \(items[2].1)"])
        #expect(ScoringEngine(rubric: rubric).score(try load(text)).base == p("80"))
    }

    @Test("number keys: only the plain decimal form is canonical", arguments: [
        ("3", NumberKey.Reading.canonical(3)), ("56", .canonical(56)), ("0", .canonical(0)),
        ("03", .variant(3)), ("+3", .variant(3)), (" 3", .variant(3)), ("3 ", .variant(3)), ("３", .variant(3)),
        ("3.00", .variant(3)), ("-3", .notANumber), ("3.5", .notANumber), ("x", .notANumber), ("", .notANumber),
        ("0x3", .notANumber), ("3e0", .notANumber), ("99999999999999999999", .notANumber),
    ] as [(String, NumberKey.Reading)])
    func numberKeys(text: String, reading: NumberKey.Reading) {
        #expect(NumberKey.read(text) == reading)
    }

    @Test("a profile's achievements keys are plain decimals too: 03 and +4 beside 3 and 4 are named, not taken")
    func achievementKeys() throws {
        let rubric = try Fixture.rubric()
        let profile = """
            name: 测试试点
            region: 嘉禾市
            lead: 嘉禾市市场监督管理局
            participants: [嘉禾市市场监督管理局]
            approved: 2023-05-10
            enterprises: [某企业]
            achievements: {3: 甲, "03": 乙, 4: 丙, "+4": 丁}

            """
        let (_, d) = try refuse("pilot: pilot.yaml\n" + sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric)),
                                files: ["pilot.yaml": profile])
        #expect(d.map(\.message) == ["主要做法与成效的键“03”应为一级指标序号 1 至 10", "主要做法与成效的键“+4”应为一级指标序号 1 至 10"])
        #expect(d.allSatisfy { $0.file?.hasSuffix("/pilot.yaml") == true && $0.line == 7 })
    }

    // MARK: Item keys and duplicate rows (CSV)

    @Test("another spelling of a 序号 in the CSV is refused; beside the plain one it is a duplicate",
          arguments: ["03", "+3", " 3", "3.0"])
    func csvItemSpellings(number: String) throws {
        let rubric = try Fixture.rubric()
        let base = filledCSV(rubric)
        let alone = base.replacingOccurrences(of: "\r\n3,", with: "\r\n\(CSVText.line([number])),")
        let (_, d) = try refuse(alone, name: "sheet.csv")
        #expect(d.count == 1, "\(d)")
        #expect(d.first?.item == 3)
        #expect(d.first?.line == csvLine("4", in: alone) - 1)
        #expect(d.first?.message.hasPrefix("序号“\(number)”应写作“3”") == true, "\(d)")
        let beside = base + CSVText.line([number, "", "", "", "", "0", "", ""]) + "\r\n"
        let (_, d2) = try refuse(beside, name: "sheet.csv")
        #expect(d2.map(\.message) == ["该项在表中出现了不止一次"])
        #expect(d2.first?.line == beside.components(separatedBy: "\r\n").count - 1)
    }

    @Test("a deduction row's number is canonical too")
    func csvDeductionSpelling() throws {
        let rubric = try Fixture.rubric()
        let text = filledCSV(rubric).replacingOccurrences(of: "\r\n十三-1,", with: "\r\n十三-01,")
        let (_, d) = try refuse(text, name: "sheet.csv")
        #expect(d.map(\.message) == ["序号“十三-01”应写作“十三-1”（序号不带前导零、正负号或空格）"])
    }

    @Test("every kind of CSV row given twice is an error at the second, naming the first line",
          arguments: ["评估日期", "试点档案", "评估人", "评估人单位", "十一", "十二", "十三-1", "十三-2"])
    func csvDuplicateRows(number: String) throws {
        let rubric = try Fixture.rubric()
        let base = filledCSV(rubric)
        let rows = base.components(separatedBy: "\r\n")
        let first = csvLine(number, in: base)
        let text = base + rows[first - 1] + "\r\n"
        let (_, d) = try refuse(text, name: "sheet.csv")
        #expect(d.map(\.message) == ["序号“\(number)”在表中出现了不止一次（第\(first)行已有；每一行只能出现一次）"])
        #expect(d.first?.line == rows.count)
    }

    // MARK: CSV lines

    @Test("CSV lines are physical lines: a quoted note over six lines moves the rows after it", arguments: ["\r\n", "\n", "\r"])
    func csvPhysicalLines(lineEnd: String) throws {
        let rubric = try Fixture.rubric()
        let note = ["第一行", "第二行", "第三行", "第四行", "第五行", "第六行"].joined(separator: lineEnd)
        let text = filledCSV(rubric, values: ["5": "2.5"], notes: ["2": note], lineEnd: lineEnd)
        let (_, d) = try refuse(text, name: "sheet.csv")
        #expect(d.count == 1, "\(d)")
        // As an editor shows it: the sixth row of items starts five lines further down.
        #expect(d.first?.line == csvLine("5", in: text, lineEnd: lineEnd))
        #expect(d.first?.line == text.components(separatedBy: lineEnd).firstIndex { $0.hasPrefix("5,") }! + 1)
        // The note is read whole, line breaks and all.
        let ok = filledCSV(rubric, notes: ["2": note], lineEnd: lineEnd)
        #expect(try load(ok, name: "sheet.csv").items[2]?.note?.components(separatedBy: lineEnd).count == 6)
    }

    @Test("records: line of each, quotes, CRLF inside quotes, a quote never closed")
    func csvRecords() throws {
        let r = try CSVRecords.parse("a,\"b\r\nc\",d\r\ne,\"f\"\"g\"\n\nh\ri")
        #expect(r.map(\.line) == [1, 3, 4, 5, 6])
        #expect(r.map(\.fields) == [["a", "b\r\nc", "d"], ["e", "f\"g"], [""], ["h"], ["i"]])
        #expect(throws: CSVRecords.UnclosedQuote.self) { try CSVRecords.parse("a\n1,\"open\n2,3\n") }
        let (_, d) = try refuse("序号,得分\n1,2\n2,\"open\n3,1\n", name: "sheet.csv")
        #expect(d.count == 1)
        #expect(d.first?.line == 3)
        #expect(d.first?.message.hasPrefix("CSV 格式错误：第3行起的单元格以引号开头") == true)
    }

    @Test("the line of an undecodable byte counts LF, CRLF and lone CR line ends alike", arguments: ["\n", "\r\n", "\r"])
    func undecodableByteLine(lineEnd: String) throws {
        let bytes = Array("序号,得分\(lineEnd)1,2\(lineEnd)2,".utf8) + [0xE5]
        #expect(TextDecoding.line(ofByteOffset: bytes.count - 1, in: bytes) == 3)
        #expect(TextDecoding.line(ofByteOffset: 0, in: bytes) == 1)
        let d = try withTempDir { dir in
            let path = try dir.write("cut.csv", bytes)
            return diagnostics { () throws(InputErrors) in _ = try SheetReader(rubric: try! Fixture.rubric()).load(path: path) }
        }
        #expect(d.count == 1, "\(d)")
        #expect(d.first?.line == 3)
    }

    // MARK: No echo

    @Test("a profile, sheet or CSV that is some other file: named, its content never shown")
    func noEcho() throws {
        let secret = "root:$6$hunter2secret$abc:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"
        let rubric = try Fixture.rubric()
        let sheet = "pilot: shadow\n" + sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric))
        let (_, d) = try refuse(sheet, files: ["shadow": secret])
        #expect(d.count == 1)
        #expect(d.first?.file?.hasSuffix("/shadow") == true)
        #expect(d.first?.message.hasPrefix("试点档案中没有任何应有的键（允许：achievements、approved") == true)
        #expect(d.first?.message.hasSuffix("这不像是试点档案文件（内容不予显示；请检查是否选错了文件）") == true)
        #expect(!d.description.contains("hunter2") && !d.description.contains("root"))
        // The sheet itself.
        let (_, d2) = try refuse(secret)
        #expect(d2.count == 1)
        #expect(d2.first?.message.hasPrefix("评分表中没有任何应有的键（允许：assessor、bonus") == true)
        #expect(!d2.description.contains("hunter2") && !d2.description.contains("root"))
        // A file that is one bare text (a password, a token).
        let (_, d4) = try refuse(sheet, files: ["shadow": "hunter2-token-value\n"])
        #expect(d4.map(\.message) == ["文件应为“键: 值”形式的映射，实际为一段文字（内容不予显示；请检查是否选错了文件）"])
        #expect(d4.first?.file?.hasSuffix("/shadow") == true)
        // A CSV without the template's header.
        let (_, d3) = try refuse(secret.replacingOccurrences(of: ":", with: ","), name: "sheet.csv")
        #expect(d3.count == 1)
        #expect(d3.first?.message.hasPrefix("第一行应为表头，至少包含“序号”和“得分”两列") == true)
        #expect(!d3.description.contains("hunter2") && !d3.description.contains("root"))
    }

    @Test("a short excerpt of the user's own input is quoted with its control characters escaped")
    func quoteEscapes() {
        #expect(NodeReader.quote("a\u{1B}[2Jb\u{202E}c") == "a\\u{1B}[2Jb\\u{202E}c")
        #expect(NodeReader.quote("a\r\nb\rc\nd") == "a⏎b⏎c⏎d")
        #expect(NodeReader.quote(String(repeating: "字", count: 50)) == String(repeating: "字", count: 40) + "…")
    }

    @Test("a repeated key is quoted escaped and short")
    func duplicateKeyQuoted() throws {
        let (_, d) = try refuse("items:\n  \"\\e[2J\": 1\n  \"\\e[2J\": 2\n")
        #expect(d.map(\.message) == ["重复的键：\\u{1B}[2J"])
    }

    @Test("an empty pilot path names the sheet, the line and the field", arguments: ["\"\"", "' '", "\"\u{3000}\""])
    func emptyPilot(value: String) throws {
        let rubric = try Fixture.rubric()
        let text = "pilot: \(value)\n" + sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric))
        let (path, d) = try refuse(text)
        #expect(d.count == 1)
        #expect(d.first?.file == path)
        #expect(d.first?.line == 1)
        #expect(d.first?.message.hasPrefix("试点档案路径（pilot）不能为空") == true)
    }

    // MARK: Names

    @Test("bidi controls and invisible characters in an assessor's name or organisation are refused, in YAML and CSV",
          arguments: ["\u{202E}", "\u{2066}", "\u{2069}", "\u{200B}", "\u{2060}", "\u{FEFF}", "\u{00AD}"])
    func assessorNames(bad: String) throws {
        let rubric = try Fixture.rubric()
        let items = itemLines(forBase: p("80"), rubric: rubric)
        for (name, org, field) in [("王\(bad)芳", "浙江省质量科学研究院", "评估人姓名"), ("王芳", "浙江省\(bad)质量科学研究院", "评估人单位")] {
            let (_, d) = try refuse(sheetYAML(items: items, assessor: (name, org)))
            #expect(d.count == 1, "\(d)")
            #expect(d.first?.line == 1)
            #expect(d.first?.message == field + NameText.problem(bad)!)
            let csv = filledCSV(rubric, values: ["评估人": name, "评估人单位": org])
            let (_, c) = try refuse(csv, name: "sheet.csv")
            #expect(c.count == 1, "\(c)")
            #expect(c.first?.line == csvLine(field == "评估人姓名" ? "评估人" : "评估人单位", in: csv))
            #expect(c.first?.message == field + NameText.problem(bad)!)
        }
    }

    @Test("assessor names are stored NFC and trimmed, in YAML and CSV")
    func assessorNamesCleaned() throws {
        let rubric = try Fixture.rubric()
        let decomposed = "Jose\u{301} 王芳"
        let yaml = try load(sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric), assessor: ("\"\u{3000}\(decomposed) \"", "' 某研究院　'")))
        #expect(yaml.assessor == Assessor(name: "José 王芳", organization: "某研究院"))
        let csv = try load(filledCSV(rubric, values: ["评估人": "\(decomposed)\u{3000}", "评估人单位": "某研究院"]), name: "sheet.csv")
        #expect(csv.assessor == Assessor(name: "José 王芳", organization: "某研究院"))
    }

    // MARK: Dates

    @Test("a date in a loose form is refused in YAML and CSV, the message listing the allowed forms",
          arguments: ["2026--10--15", "2026-10/15", "2026.10.15", "２０２６-10-15", "2026-10-15x", "20261015"])
    func looseDates(text: String) throws {
        let rubric = try Fixture.rubric()
        let yaml = sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric)).replacingOccurrences(of: "date: 2026-10-15", with: "date: \(text)")
        let (_, d) = try refuse(yaml)
        #expect(d.map(\.message) == ["评估日期（date）“\(text)”不是有效日期（应为 YYYY-MM-DD，如 2026-10-15、2026/10/15 或 2026年10月15日（月、日可写一位或两位数字））"])
        let (_, c) = try refuse(filledCSV(rubric, values: ["评估日期": text]), name: "sheet.csv")
        #expect(c.map(\.message) == ["评估日期“\(text)”不是有效日期（应为 YYYY-MM-DD，如 2026-10-15、2026/10/15 或 2026年10月15日（月、日可写一位或两位数字））"])
    }

    @Test("the Excel form of a date is read from a CSV")
    func csvSlashDate() throws {
        let rubric = try Fixture.rubric()
        let sheet = try load(filledCSV(rubric, values: ["评估日期": "2026/10/5"]), name: "sheet.csv")
        #expect(sheet.date == CivilDate(year: 2026, month: 10, day: 5))
    }

    // MARK: Honours and grounds in a CSV

    @Test("a bonus row's 说明 gives the honour's title and date; a deduction row's, the grounds; lines are kept",
          arguments: [("浙江省人民政府质量奖，2025-11-28", "浙江省人民政府质量奖", "2025-11-28"),
                      ("浙江省人民政府质量奖, 2025/11/28", "浙江省人民政府质量奖", "2025-11-28"),
                      ("浙江省人民政府质量奖 2025年11月28日", "浙江省人民政府质量奖", "2025-11-28"),
                      ("2025年度浙江省人民政府质量奖", "2025年度浙江省人民政府质量奖", nil),
                      ("浙江省人民政府质量奖（恒驰电驱）", "浙江省人民政府质量奖（恒驰电驱）", nil),
                      ("2025-11-28", nil, "2025-11-28")] as [(String, String?, String?)])
    func csvHonour(note: String, title: String?, date: String?) throws {
        let rubric = try Fixture.rubric()
        let text = filledCSV(rubric, values: ["十一": "省级", "十三-1": "是"],
                             notes: ["十一": note, "十三-1": "2026年3月经嘉禾市人民政府认定的电池质量事件"])
        let sheet = try load(text, name: "sheet.csv")
        #expect(sheet.adjustments.honours["enterprise"] == [HonourClaim(level: "provincial", title: title,
                                                                         date: date.flatMap { CivilDate(parsing: $0) })])
        #expect(sheet.adjustments.grounds == ["major-incident": "2026年3月经嘉禾市人民政府认定的电池质量事件"])
        #expect(sheet.adjustments.lines["enterprise"] == csvLine("十一", in: text))
        #expect(sheet.adjustments.lines["government"] == csvLine("十二", in: text))
        #expect(sheet.adjustments.lines["major-incident"] == csvLine("十三-1", in: text))
        #expect(sheet.adjustments.lines["serious-violation"] == csvLine("十三-2", in: text))
    }

    @Test("a bonus row's 说明 with a loose date, or with level 无, is refused")
    func csvHonourRefused() throws {
        let rubric = try Fixture.rubric()
        let text = filledCSV(rubric, values: ["十一": "省级"], notes: ["十一": "浙江省人民政府质量奖，2025.11.28", "十二": "某市质量考核第一名"])
        let (_, d) = try refuse(text, name: "sheet.csv")
        #expect(d.count == 2)
        #expect(d.contains { $0.line == csvLine("十一", in: text)
            && $0.message == "加分项“企业质量荣誉”的说明中的取得日期“2025.11.28”不是有效日期（应为 YYYY-MM-DD，如 2026-10-15、2026/10/15 或 2026年10月15日（月、日可写一位或两位数字））（说明栏写作：荣誉名称，取得日期）" })
        #expect(d.contains { $0.line == csvLine("十二", in: text) && $0.message.hasPrefix("加分项“政府质量荣誉”的等级为“无”，但说明中填写了“某市质量考核第一名”") })
    }

    @Test("the template says how the 说明 of bonus and deduction rows is filled, and which date forms are allowed")
    func templateHints() throws {
        let rubric = try Fixture.rubric()
        let rows = CSVSheet.template(rubric: rubric, pilotPath: nil, date: nil).components(separatedBy: "\r\n").map(CSVText.fields)
        #expect(rows.first { $0[0] == "十一" }?[3].contains("说明栏填写荣誉名称，可在逗号后写取得日期（如：浙江省人民政府质量奖，2025-11-28）") == true)
        #expect(rows.first { $0[0] == "十三-1" }?[3].contains("说明栏填写减分依据") == true)
        #expect(rows.first { $0[0] == "评估日期" }?[3] == "格式 2026-10-15、2026/10/15 或 2026年10月15日（月、日可写一位或两位数字）")
        // The template's own hints read back as a sheet with nothing claimed.
        var values = csvValues(rubric)
        values["评估日期"] = "2026年10月15日"
        let sheet = try load(CSVText.filled(CSVSheet.template(rubric: rubric, pilotPath: nil, date: nil), values: values), name: "sheet.csv")
        #expect(sheet.adjustments.honours.isEmpty && sheet.adjustments.grounds.isEmpty)
    }
}
