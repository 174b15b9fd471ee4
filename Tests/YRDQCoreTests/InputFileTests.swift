import Foundation
import Testing
import YRDQTestSupport
import YRDQCore
import YRDQInput

/// Files that cannot be read as a sheet at all: missing, empty, not UTF-8, not YAML.
@Suite("Input files: unreadable, empty, malformed")
struct InputFileTests {
    func refusal(_ data: Data, name: String = "sheet.yaml") throws -> (path: String, d: [Diagnostic]) {
        try withTempDir { dir in
            let path = try dir.write(name, data)
            let reader = SheetReader(rubric: try Fixture.rubric())
            return (path, diagnostics { () throws(InputErrors) in _ = try reader.load(path: path) })
        }
    }

    @Test("a file that does not exist")
    func missing() throws {
        try withTempDir { dir in
            let path = dir.path("nowhere.yaml")
            let reader = SheetReader(rubric: try Fixture.rubric())
            let d = diagnostics { () throws(InputErrors) in _ = try reader.load(path: path) }
            #expect(d.map(\.description) == ["\(path): 错误: 文件不存在"])
            let c = diagnostics { () throws(InputErrors) in _ = try reader.load(path: dir.path("nowhere.csv")) }
            #expect(c.map(\.message) == ["文件不存在"])
        }
    }

    @Test("a directory where a file belongs")
    func directory() throws {
        try withTempDir { dir in
            let reader = SheetReader(rubric: try Fixture.rubric())
            let d = diagnostics { () throws(InputErrors) in _ = try reader.load(path: dir.url.path) }
            #expect(d.map(\.message) == ["这是一个目录，不是文件"])
        }
    }

    @Test("an empty file, and one of only blanks", arguments: ["", "   \n\n", "# only a comment\n"])
    func empty(text: String) throws {
        let (path, d) = try refusal(Data(text.utf8))
        #expect(d.map(\.message) == ["文件是空的"])
        #expect(d[0].file == path)
    }

    @Test("malformed YAML is reported with its line")
    func malformed() throws {
        let text = "date: 2026-10-15\nitems:\n  1: [2\n  2: 2\nbonus: {enterprise: none\n"
        let (path, d) = try refusal(Data(text.utf8))
        #expect(d.count == 1)
        #expect(d[0].file == path)
        #expect(d[0].message.hasPrefix("YAML 格式错误："))
        let line = try #require(d[0].line)
        #expect((3...6).contains(line))
        #expect(d[0].description.hasPrefix("\(path):\(line):"))
    }

    @Test("a tab in indentation is malformed YAML with its line")
    func tabIndent() throws {
        let (_, d) = try refusal(Data("date: 2026-10-15\nitems:\n\t1: 2\n".utf8))
        #expect(d.count == 1)
        #expect(d[0].message.hasPrefix("YAML 格式错误："))
        #expect(d[0].line == 3)
    }

    @Test("a duplicated item is reported once, with its line")
    func duplicateKey() throws {
        let rubric = try Fixture.rubric()
        let text = sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric) + [(5, "1")])
        let (_, d) = try refusal(Data(text.utf8))
        #expect(d.count == 1)
        #expect(d[0].message == "重复的键：5")
        // Yams points at one of the two occurrences (the first).
        let lines = text.components(separatedBy: "\n").indices.filter { text.components(separatedBy: "\n")[$0].hasPrefix("  5:") }.map { $0 + 1 }
        #expect(lines.count == 2)
        #expect(d[0].line.map(lines.contains) == true)
    }

    @Test("invalid UTF-8 names the byte and line")
    func invalidUTF8() throws {
        var bytes = Array("date: 2026-10-15\nitems:\n  1: ".utf8)
        let offset = bytes.count
        bytes += [0xB6, 0xFE, 0x0A]     // "二" in GB18030, not UTF-8
        let (path, d) = try refusal(Data(bytes))
        #expect(d.count == 1)
        #expect(d[0].file == path)
        #expect(d[0].line == 3)
        #expect(d[0].message == "不是有效的 UTF-8 文本（第 \(offset + 1) 字节起无法解码）；YAML 文件请以 UTF-8 编码保存")
    }

    @Test("a NUL byte: not a text file")
    func nul() throws {
        let (_, d) = try refusal(Data("date: 2026-10-15\n\0items:\n".utf8))
        #expect(d.map(\.message) == ["文件含有 NUL 字符，不是文本文件"])
    }

    @Test("a list or a bare word is not a sheet; a bare word is not shown (it may be any file chosen by mistake)",
          arguments: [("- 1\n- 2\n", "列表"), ("hello\n", "一段文字（内容不予显示；请检查是否选错了文件）")])
    func notAMapping(text: String, found: String) throws {
        let (_, d) = try refusal(Data(text.utf8))
        #expect(d.map(\.message) == ["评分表应为“键: 值”形式的映射，实际为\(found)"])
    }

    @Test("a UTF-8 byte-order mark is accepted")
    func bom() throws {
        let rubric = try Fixture.rubric()
        let text = sheetYAML(items: itemLines(forBase: p("79.99"), rubric: rubric))
        try withTempDir { dir in
            let path = try dir.write("bom.yaml", Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8))
            let sheet = try SheetReader(rubric: rubric).load(path: path)
            #expect(ScoringEngine(rubric: rubric).score(sheet).base == p("79.99"))
        }
    }

    @Test("an oversized file is refused without reading it whole")
    func oversized() throws {
        let (_, d) = try refusal(Data(repeating: 0x20, count: InputFile.maximumBytes + 1))
        #expect(d.map(\.message) == ["文件过大（超过 8 MB），不像是评分表或档案"])
    }
}
