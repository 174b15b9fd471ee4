import Foundation
import Testing
import YRDQTestSupport
import YRDQCore

/// Bad input on the command line: exit 1, every message on stderr naming the file,
/// the line where known, the item, what was found and what is allowed; nothing on stdout.
@Suite("yrdq: bad input and usage")
struct BadInputTests {
    func scoreRefused(_ yaml: String, name: String = "sheet.yaml", json: Bool = true) throws -> (path: String, run: Run) {
        try withTempDir { dir in
            let path = try dir.write(name, yaml)
            let run = json ? yrdq("score", path, "--json") : yrdq("score", path)
            #expect(run.code == 1)
            #expect(run.stdout == "")
            return (path, run)
        }
    }

    @Test("an unknown item number")
    func unknownItem() throws {
        let rubric = try Repo.rubric()
        let text = sheetYAML(base: "80", rubric: rubric, extra: ["57: 1"])
        let (path, run) = try scoreRefused(text)
        #expect(run.messages == ["\(path):\(line(of: "  57:", in: text)!):3: 错误: 未知的项目编号“57”（应为 1 至 56 的整数）"])
    }

    @Test("missing items are all listed")
    func missingItems() throws {
        let (path, run) = try scoreRefused(sheetYAML(base: "80", rubric: try Repo.rubric(), omitting: [3, 7, 40, 41, 42]))
        #expect(run.messages.count == 1)
        #expect(run.messages[0].hasPrefix(path + ":"))
        #expect(run.messages[0].hasSuffix("错误: 缺少第3、7、40–42项的得分（每一项都须填写；未得分请填 0）"))
    }

    @Test("item problems: file, line, item, found and allowed", arguments: [
        (5, "2.5", "第5项: 得分 2.5 超过满分 2（应为 0 至 2、最多两位小数的数字）"),
        (5, "-1", "第5项: 得分“-1”不能为负数（应为 0 至 2、最多两位小数的数字）"),
        (5, "1.255", "第5项: 得分“1.255”小数超过两位（应为 0 至 2、最多两位小数的数字）"),
        (5, "两分", "第5项: 得分“两分”不是数字（应为 0 至 2、最多两位小数的数字）"),
        (53, "3.01", "第53项: 得分 3.01 超过满分 3（应为 0 至 3、最多两位小数的数字）"),
        (4, "{criteria: [1, 0.5, 0.5, 0]}", "第4项: 第1条评分标准的得分 1 超过满分 0.5（应为 0 至 0.5、最多两位小数的数字）"),
        (4, "{criteria: [0.5, 0.5]}", "第4项: 评分标准得分有 2 个，但该项有 4 条评分标准（0.5/0.5/0.5/0.5 分），应逐条给分"),
        (1, "{score: 2, criteria: [0.5, 0.5, 0.5]}", "第1项: 得分 2 与各条评分标准得分之和 1.5 不一致"),
    ] as [(Int, String, String)])
    func itemProblem(item: Int, value: String, message: String) throws {
        let text = sheetYAML(base: "80", rubric: try Repo.rubric(), overriding: [item: value])
        let (path, run) = try scoreRefused(text)
        #expect(run.messages.count == 1)
        let prefix = "\(path):\(line(of: "  \(item):", in: text)!):"
        #expect(run.messages.first?.hasPrefix(prefix) == true, "\(run.stderr)")
        #expect(run.messages.first?.hasSuffix("错误: " + message) == true, "\(run.stderr)")
    }

    @Test("an unknown bonus level and an unknown bonus category")
    func bonus() throws {
        let rubric = try Repo.rubric()
        let (_, run) = try scoreRefused(sheetYAML(base: "80", rubric: rubric, bonus: "{enterprise: gold, government: none}"))
        #expect(run.messages.count == 1)
        #expect(run.messages[0].hasSuffix("错误: 加分项“企业质量荣誉”的等级“gold”无效（允许：none | municipal | provincial | national）"))
        let (_, run2) = try scoreRefused(sheetYAML(base: "80", rubric: rubric, bonus: "{company: national}"))
        #expect(run2.messages.count == 1)
        #expect(run2.messages[0].hasSuffix("错误: 未知的加分类别“company”（允许：enterprise（企业质量荣誉）、government（政府质量荣誉））"))
    }

    @Test("every problem in one run: three errors, three messages")
    func threeProblems() throws {
        let text = sheetYAML(base: "80", rubric: try Repo.rubric(), overriding: [5: "2.5", 7: "两分"], bonus: "{enterprise: gold}")
        let (path, run) = try scoreRefused(text)
        #expect(run.messages.count == 3)
        #expect(run.messages.allSatisfy { $0.hasPrefix(path + ":") && $0.contains("错误: ") })
        #expect(run.messages.contains { $0.contains("第5项: 得分 2.5 超过满分 2") })
        #expect(run.messages.contains { $0.contains("第7项: 得分“两分”不是数字") })
        #expect(run.messages.contains { $0.contains("等级“gold”无效") })
    }

    @Test("an unreadable file: it does not exist")
    func nonexistent() throws {
        try withTempDir { dir in
            let path = dir.path("nowhere.yaml")
            for command in ["score", "panel"] {
                let run = yrdq(command, path)
                #expect(run.code == 1)
                #expect(run.messages == ["\(path): 错误: 文件不存在"])
            }
        }
    }

    @Test("an empty file")
    func emptyFile() throws {
        let (path, run) = try scoreRefused("")
        #expect(run.messages == ["\(path): 错误: 文件是空的"])
    }

    @Test("malformed YAML: the message has a line number")
    func malformed() throws {
        let (path, run) = try scoreRefused("date: 2026-10-15\nitems:\n  1: 2\n  2: [1\nbonus: none\n")
        #expect(run.messages.count == 1)
        let m = run.messages[0]
        #expect(m.contains("错误: YAML 格式错误："))
        let rest = m.dropFirst(path.count + 1)
        let lineNumber = Int(rest.prefix { $0.isNumber })
        #expect(lineNumber != nil && (4...6).contains(lineNumber!), "\(m)")
    }

    @Test("invalid UTF-8")
    func invalidUTF8() throws {
        try withTempDir { dir in
            let path = try dir.write("sheet.yaml", Data("date: 2026-10-15\nitems:\n  1: ".utf8) + Data([0xC0, 0xAF, 0x0A]))
            let run = yrdq("score", path)
            #expect(run.code == 1)
            #expect(run.messages == ["\(path):3: 错误: 不是有效的 UTF-8 文本（第 30 字节起无法解码）；YAML 文件请以 UTF-8 编码保存"])
        }
    }

    // MARK: Panels

    @Test("a panel of 4 and of 10 experts", arguments: [4, 10])
    func panelSize(count: Int) throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let path = try writePanel(in: dir, bases: Array(repeating: "80", count: count), rubric: rubric)
            let run = yrdq("panel", path, "--json")
            #expect(run.code == 1)
            #expect(run.stdout == "")
            #expect(run.messages == ["\(path):4:10: 错误: 专家组有 \(count) 位专家，指南规定评估专家组为 5—9 人"])
        }
    }

    @Test("an expert sheet without an assessor")
    func noAssessor() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let path = try writePanel(in: dir, bases: Array(repeating: "80", count: 5), rubric: rubric)
            let e3 = try dir.write("experts/e3.yaml", sheetYAML(base: "80", rubric: rubric))
            let run = yrdq("panel", path)
            #expect(run.code == 1)
            #expect(run.messages == ["\(e3): 错误: 专家评分表缺少评估人（assessor: {name: 姓名, organization: 单位}）"])
        }
    }

    @Test("the same expert twice: the same file, and two files by the same person")
    func sameExpert() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            try writePanel(in: dir, bases: Array(repeating: "80", count: 5), rubric: rubric)
            let same = try dir.write("same.yaml", """
                experts: [experts/e1.yaml, experts/e2.yaml, experts/e3.yaml, experts/e4.yaml, experts/e5.yaml, ./experts/e1.yaml]

                """)
            let run = yrdq("panel", same)
            #expect(run.code == 1)
            #expect(run.messages.count == 1)
            #expect(run.messages[0].hasPrefix(same + ":"))
            #expect(run.messages[0].hasSuffix("错误: 第6位专家的评分表“./experts/e1.yaml”与第1位相同（同一专家不能重复计入）"))

            try dir.write("experts/copy.yaml", sheetYAML(base: "90", rubric: rubric, assessor: ("专家2", "单位2")))
            let twice = try dir.write("twice.yaml", """
                experts: [experts/e1.yaml, experts/e2.yaml, experts/e3.yaml, experts/e4.yaml, experts/copy.yaml]

                """)
            let run2 = yrdq("panel", twice)
            #expect(run2.code == 1)
            #expect(run2.messages.count == 1)
            #expect(run2.messages[0].hasSuffix("错误: 专家“专家2”（单位2）在第2和第5份评分表中重复出现（同一专家不能重复计入）"))
        }
    }

    @Test("errors in expert sheets are reported with the expert's file")
    func expertSheetErrors() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let path = try writePanel(in: dir, bases: Array(repeating: "80", count: 5), rubric: rubric)
            let text = sheetYAML(base: "80", rubric: rubric, overriding: [10: "9"], assessor: ("专家4", "单位4"))
            let e4 = try dir.write("experts/e4.yaml", text)
            let run = yrdq("panel", path, "--json")
            #expect(run.code == 1)
            #expect(run.messages.count == 1)
            #expect(run.messages[0].hasPrefix("\(e4):\(line(of: "  10:", in: text)!):"))
            #expect(run.messages[0].contains("第10项: 得分 9 超过满分"))
        }
    }

    // MARK: Rubric

    @Test("a broken rubric named with --rubric is refused, naming the item and both figures")
    func brokenRubric() throws {
        let text = try String(contentsOfFile: Repo.rubricPath, encoding: .utf8)
        let broken = text.replacingOccurrences(of: #"- {points: 0.5, text: "各参与单位成立联席会议或工作组"}"#,
                                               with: #"- {points: 1, text: "各参与单位成立联席会议或工作组"}"#)
        #expect(broken != text)
        try withTempDir { dir in
            let rubric = try dir.write("broken.yaml", broken)
            let sheet = try dir.write("sheet.yaml", sheetYAML(base: "80", rubric: try Repo.rubric()))
            let run = yrdq(["score", sheet, "--rubric", rubric])
            #expect(run.code == 1)
            #expect(run.stdout == "")
            #expect(run.messages.contains("\(rubric): 错误: 指标体系不一致：第1项的分值为 2，但其各评分标准合计为 2.5"))
            let tree = yrdq(["rubric", "--rubric", rubric])
            #expect(tree.code == 1)
            #expect(tree.stderr.contains("第1项的分值为 2，但其各评分标准合计为 2.5"))
        }
    }

    // MARK: Usage

    @Test("command-line misuse exits 64 with a message", arguments: [
        ["frobnicate"], ["score"], ["score", "a.yaml", "b.yaml"], ["score", "a.yaml", "--bogus"], ["panel"],
        ["init", "--nope"],
    ])
    func usage(arguments: [String]) {
        let run = yrdq(arguments)
        #expect(run.code == 64)
        #expect(run.stdout == "")
        #expect(!run.stderr.isEmpty)
    }

    @Test("help exits 0 and lists the commands")
    func help() {
        let run = yrdq(["--help"])
        #expect(run.code == 0)
        for command in ["score", "panel", "rubric", "init"] { #expect(run.stdout.contains(command)) }
    }
}
