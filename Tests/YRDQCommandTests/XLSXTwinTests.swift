import Foundation
import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport
import YRDQXLSX

/// Issue 13, done-when: every bad-input case of the YAML reader (BadInputTests,
/// SheetValidationTests, MalformedInputTests) has its XLSX twin, a workbook the tool wrote and
/// openpyxl filled, refused with the same words at its sheet and cell. (Cases that exist only in
/// YAML's shape — a list where a score belongs, per-criterion scores, an alias — have none.)
@Suite("XLSX twins of the YAML reader's bad inputs", .serialized)
struct XLSXTwinTests {
    func pilotFolder(_ dir: TempDir) throws -> String {
        let target = dir.path("p")
        let run = yrdq("init", target, "--xlsx")
        #expect(run.code == 0, "\(run.stderr)")
        try FileManager.default.removeItem(atPath: target + "/pilot.yaml")
        try FileManager.default.copyItem(atPath: Repo.sample.appendingPathComponent("pilot.yaml").path, toPath: target + "/pilot.yaml")
        return target
    }

    /// The sheet at base 80 with `changes` typed over it (by input key or by cell), scored.
    func score(_ changes: [String: Any], in dir: TempDir, rubric: Rubric) throws -> (path: String, run: Run) {
        let path = try pilotFolder(dir) + "/self-assessment.xlsx"
        var values = XLSXFixture.scoreValues(base: "80", rubric: rubric)
        for (k, v) in changes { values[k] = v }
        try XLSXFixture.fill(path, path, rubric: rubric, values: values)
        return (path, yrdq("score", path))
    }

    /// The cell of an input key; `column` another column of its row ("A" for the 序号).
    static func cell(_ key: String, column: String? = nil, rubric: Rubric) -> String {
        let ref = XLSXSheetWriter.inputCells(rubric: rubric)[key]!
        guard let column else { return ref }
        return column + ref.drop(while: \.isLetter)
    }

    /// (input key or cell, value typed, the 序号 column instead of the value's?, the whole message after "错误: ").
    static let cases: [(key: String, value: String, numberColumn: Bool, message: String)] = [
        // BadInputTests.itemProblem: the full words, found and allowed.
        ("5", "2.5", false, "第5项: 得分 2.5 超过满分 2（应为 0 至 2、最多两位小数的数字）"),
        ("5", "-1", false, "第5项: 得分“-1”不能为负数（应为 0 至 2、最多两位小数的数字）"),
        ("5", "1.255", false, "第5项: 得分“1.255”小数超过两位（应为 0 至 2、最多两位小数的数字）"),
        ("5", "两分", false, "第5项: 得分“两分”不是数字（应为 0 至 2、最多两位小数的数字）"),
        ("53", "3.01", false, "第53项: 得分 3.01 超过满分 3（应为 0 至 3、最多两位小数的数字）"),
        // SheetValidationTests.badNumber
        ("5", "-0.5", false, "第5项: 得分“-0.5”不能为负数（应为 0 至 2、最多两位小数的数字）"),
        ("5", "abc", false, "第5项: 得分“abc”不是数字（应为 0 至 2、最多两位小数的数字）"),
        ("5", "1e400", false, "第5项: 得分“1e400”不是数字（应为 0 至 2、最多两位小数的数字）"),
        ("5", ".nan", false, "第5项: 得分“.nan”不是数字（应为 0 至 2、最多两位小数的数字）"),
        ("5", ".inf", false, "第5项: 得分“.inf”不是数字（应为 0 至 2、最多两位小数的数字）"),
        ("5", "１.５", false, "第5项: 得分“１.５”含全角数字，请改用半角数字（如 2、1.5）（应为 0 至 2、最多两位小数的数字）"),
        ("5", "1，5", false, "第5项: 得分“1，5”小数点应为“.”而不是“,”或“，”（如 1.5）（应为 0 至 2、最多两位小数的数字）"),
        // An unknown bonus category or deduction condition: a row the rubric does not know.
        ("十一", "十四", true, "未知的序号“十四”（应为 1 至 56、加分项 十一/十二、减分项 十三-1 等）"),
        ("十三-2", "十三-3", true, "未知的序号“十三-3”（应为 1 至 56、加分项 十一/十二、减分项 十三-1 等）"),
        // An unknown item number written as a number.
        ("7", "57", true, "未知的序号“57”（应为 1 至 56、加分项 十一/十二、减分项 十三-1 等）"),
        // A name with a direction override (NamesAndOutputTests).
        ("评估人", "王\u{202E}芳", false, "评估人姓名"),
    ]

    @Test("each bad value of the YAML reader, typed into the workbook: exit 1, the same words, at its sheet and cell",
          arguments: cases.indices)
    func badValue(index: Int) throws {
        let rubric = try Repo.rubric()
        let bad = Self.cases[index]
        try withTempDir { dir in
            let target = bad.numberColumn ? Self.cell(bad.key, column: "A", rubric: rubric) : bad.key
            var changes: [String: Any] = ["评估人": "张三", "单位": "某市质量技术研究院"]
            changes[target] = bad.value
            let (path, run) = try score(changes, in: dir, rubric: rubric)
            let at = bad.numberColumn ? target : Self.cell(bad.key, rubric: rubric)
            #expect(run.code == 1)
            #expect(run.stdout == "")
            let prefix = "\(path):评分表!\(at): 错误: "
            #expect(run.messages.contains { $0.hasPrefix(prefix) && $0.dropFirst(prefix.count).hasPrefix(bad.message) }, "\(run.stderr)")
            if !bad.numberColumn || bad.key != "7" { #expect(run.messages.count == 1, "\(run.stderr)") }
        }
    }

    @Test("every problem in one run: three errors, three messages, each at its cell")
    func threeProblems() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let (path, run) = try score(["5": "2.5", "7": "两分", "十一": "金牌"], in: dir, rubric: rubric)
            #expect(run.code == 1)
            #expect(run.messages.count == 3, "\(run.stderr)")
            #expect(run.messages.contains { $0.hasPrefix("\(path):评分表!\(Self.cell("5", rubric: rubric)): 错误: 第5项: 得分 2.5 超过满分 2") })
            #expect(run.messages.contains { $0.hasPrefix("\(path):评分表!\(Self.cell("7", rubric: rubric)): 错误: 第7项: 得分“两分”不是数字") })
            #expect(run.messages.contains { $0.hasPrefix("\(path):评分表!\(Self.cell("十一", rubric: rubric)): 错误: ") && $0.contains("等级“金牌”无效") })
        }
    }

    @Test("a sheet with no score at all lists every item, as a YAML sheet without items")
    func noScores() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            var changes: [String: Any] = [:]
            for item in rubric.items { changes[String(item.number)] = NSNull() }
            let (path, run) = try score(changes, in: dir, rubric: rubric)
            #expect(run.code == 1)
            #expect(run.messages == ["\(path): 错误: 第1–56项没有填写得分（每一项都须填写；未得分请填 0）"], "\(run.stderr)")
        }
    }

    @Test("a workbook that does not exist, an empty one, one of spaces: exit 1, the file named, as for YAML")
    func unreadable() throws {
        try withTempDir { dir in
            let missing = dir.path("nowhere.xlsx")
            let run = yrdq("score", missing)
            #expect(run.code == 1)
            #expect(run.messages == ["\(missing): 错误: 文件不存在"])
            for (name, content) in [("empty.xlsx", ""), ("spaces.xlsx", "   \n")] {
                let path = try dir.write(name, content)
                let r = yrdq("score", path)
                #expect(r.code == 1)
                #expect(r.messages.count == 1, "\(r.stderr)")
                #expect(r.messages.first?.hasPrefix("\(path): 错误: ") == true, "\(r.stderr)")
            }
        }
    }

    @Test("errors in an expert's XLSX sheet are reported with the expert's file and cell")
    func expertSheetErrors() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let paths = (1...5).map { $0 == 4 ? "experts/e4.xlsx" : "experts/e\($0).yaml" }
            let path = try writePanel(in: dir, bases: Array(repeating: "80", count: 5), rubric: rubric, expertPaths: paths)
            let e4 = dir.path("experts/e4.xlsx")
            let prefill = XLSXSheetWriter.Prefill(date: CivilDate(year: 2026, month: 10, day: 15),
                assessor: Assessor(name: "专家4", organization: "单位4"), scores: scores(forBase: p("80"), rubric: rubric))
            try XLSXFixture.template(e4, rubric: rubric, prefill: prefill)
            try XLSXFixture.fill(e4, e4, rubric: rubric, values: ["10": "9"])
            let run = yrdq("panel", path, "--json")
            #expect(run.code == 1)
            #expect(run.messages.count == 1, "\(run.stderr)")
            #expect(run.messages.first?.hasPrefix("\(e4):评分表!\(Self.cell("10", rubric: rubric)): 错误: 第10项: 得分 9 超过满分") == true, "\(run.stderr)")
        }
    }
}
