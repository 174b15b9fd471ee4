import Foundation
import Testing
import YRDQTestSupport
import YRDQCore
import YRDQInput

/// Truncated, mistyped and oddly encoded input: a clear error naming the file and the
/// problem (exit 1, stderr), or a correct result — never a crash.
@Suite("Adversarial: malformed, truncated, mistyped and oddly encoded input")
struct MalformedInputTests {
    /// Byte offsets to cut at: every `step` bytes, and the next few offsets that fall inside
    /// a multi-byte UTF-8 character (on a continuation byte).
    static func cuts(_ bytes: [UInt8], step: Int, inside: Int) -> (plain: [Int], midCharacter: [Int]) {
        let plain = Array(stride(from: 0, to: bytes.count, by: step)).filter { $0 == bytes.count || bytes[$0] & 0xC0 != 0x80 }
        var mid: [Int] = []
        var i = 1
        let gap = max(1, bytes.count / inside)
        while i < bytes.count && mid.count < inside {
            if bytes[i] & 0xC0 == 0x80 { mid.append(i); i += gap } else { i += 1 }
        }
        return (plain, mid)
    }

    static func totals(_ run: Run) -> String? {
        guard let json = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else { return nil }
        return (json["total"] as? NSNumber)?.stringValue
    }

    // MARK: Truncation

    @Test("the sample YAML sheet cut at many offsets, inside characters too: an error naming the file, or a score")
    func truncatedYAML() throws {
        let bytes = try Repo.sampleBytes("self-assessment.yaml")
        let (plain, mid) = Self.cuts(bytes, step: 131, inside: 15)
        #expect(mid.count == 15)
        try withTempDir { dir in
            try copySample(into: dir)
            var refused = 0
            for cut in plain + mid + [bytes.count - 1] {
                let path = try dir.write("pilot/cut-\(cut).yaml", Array(bytes[..<cut]))
                let run = yrdq(["score", path, "--json"])
                if run.code == 0 {
                    #expect(Self.totals(run) != nil, "cut at \(cut): exit 0 without a result")
                } else {
                    refused += 1
                    expectRefused(run, naming: path)
                    if cut == 0 { #expect(run.messages == ["\(path): 错误: 文件是空的"]) }
                    if mid.contains(cut) {
                        #expect(run.stderr.contains("不是有效的 UTF-8 文本"), "cut at \(cut) inside a character: \(run.stderr)")
                    }
                }
            }
            #expect(refused >= plain.count + mid.count - 1)
        }
    }

    @Test("the profile and the panel cut short: the error names the cut file")
    func truncatedProfileAndPanel() throws {
        let pilot = try Repo.sampleBytes("pilot.yaml")
        let panel = try Repo.sampleBytes("panel.yaml")
        try withTempDir { dir in
            let root = try copySample(into: dir)
            let (plain, mid) = Self.cuts(pilot, step: 1500, inside: 4)
            for cut in plain + mid {
                try dir.write("pilot/pilot.yaml", Array(pilot[..<cut]))
                let run = yrdq(["score", root + "/self-assessment.yaml"])
                // A profile cut after its required fields is still a profile.
                if run.code != 0 || mid.contains(cut) || cut < 500 { expectRefused(run, naming: root + "/pilot.yaml") }
            }
            try dir.write("pilot/pilot.yaml", pilot)
            for cut in Self.cuts(panel, step: 400, inside: 4).plain + Self.cuts(panel, step: 400, inside: 4).midCharacter {
                let path = try dir.write("pilot/panel-cut.yaml", Array(panel[..<cut]))
                let run = yrdq(["panel", path])
                if run.code != 0 { expectRefused(run, naming: path) }
            }
        }
    }

    @Test("the filled CSV cut at many offsets, inside characters too: an error naming the file, or a score")
    func truncatedCSV() throws {
        let bytes = Array(filledCSV().utf8)
        let (plain, mid) = Self.cuts(bytes, step: 173, inside: 15)
        try withTempDir { dir in
            try copySample(into: dir)
            for cut in plain + mid {
                let path = try dir.write("pilot/cut-\(cut).csv", Array(bytes[..<cut]))
                let run = yrdq(["score", path, "--json"])
                if run.code == 0 {
                    #expect(Self.totals(run) != nil)
                } else {
                    expectRefused(run, naming: path)
                    if mid.contains(cut) {
                        #expect(run.stderr.contains("UTF-8"), "cut at \(cut) inside a character: \(run.stderr)")
                    }
                }
            }
            // Cut inside a GB18030 character too.
            let gbBytes = GB18030.encode(filledCSV())
            let firstWide = try #require(gbBytes.firstIndex { $0 >= 0x81 })
            let path = try dir.write("pilot/gb-cut.csv", Array(gbBytes[..<(firstWide + 201)]))
            expectRefused(yrdq(["score", path]), naming: path)
        }
    }

    @Test("malformed YAML and CSV structure", arguments: [
        ("sheet.yaml", "items: {1: 2\n"),
        ("sheet.yaml", "items:\n  1: [2\n"),
        ("sheet.yaml", "items:\n  1: \"2\n"),
        ("sheet.yaml", "items:\n\t1: 2\n"),
        ("sheet.yaml", "items: *undefined\n"),
        ("sheet.yaml", "items: &a\n  1: 2\n  2: &a 3\n"),
        ("sheet.yaml", "--- \n... \n--- \nitems: {}\n"),
        ("sheet.yaml", "%YAML 9.9\n---\nitems: {}\n"),
        ("sheet.yaml", "items: !!binary AAAA\n"),
        ("sheet.yaml", "? [a, b]\n: c\n"),
        ("sheet.yaml", String(repeating: "[", count: 5000)),
        ("sheet.yaml", String(repeating: "- ", count: 3000) + "x\n"),
        ("sheet.csv", "序号,得分\n1,\"2\n"),
        ("sheet.csv", "\"序号\"\"\",得分\n"),
        ("sheet.csv", "a,b,c\n1,2,3\n"),
        ("sheet.csv", "序号,得分\n" + String(repeating: ",", count: 10000) + "\n"),
        ("sheet.csv", "序号,得分\n1,2,3,4,5,6,7,8,9,10,11\n十三-99,是\n十三-0,是\n-1,1\n99999999999999999999,1\n"),
    ] as [(String, String)])
    func malformed(name: String, text: String) throws {
        try withTempDir { dir in
            let path = try dir.write(name, text)
            expectRefused(yrdq(["score", path]), naming: path)
        }
    }

    // MARK: Wrong types

    /// The sample sheet with one top-level entry replaced (or added).
    static func sampleSheet(replacing key: String, with value: String) throws -> String {
        var lines = try Repo.sampleText("self-assessment.yaml").components(separatedBy: "\n")
        if let i = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) {
            var j = i + 1
            while j < lines.count && (lines[j].hasPrefix(" ") || lines[j].isEmpty) { j += 1 }
            lines.replaceSubrange(i..<j, with: ["\(key): \(value)"])
        } else {
            lines.append("\(key): \(value)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("wrong types in a sheet: lists for maps, maps for numbers and names, numbers for lists", arguments: [
        ("items", "[1, 2]", "items应为“键: 值”形式的映射，实际为列表"),
        ("items", "5", "items应为“键: 值”形式的映射，实际为“5”"),
        ("items", "{1: [1, 0.5], 2: {score: {a: 1}}, 3: {criteria: 1}, 4: {note: [x], score: 1}, 5: {evidence: {a: b}, score: 1}}", "第1项: 得分应为数字（如 1.5），或 {score: 1.5, note: …}，或 {criteria: [逐条得分]}，实际为列表"),
        ("items", "{? {a: 1} : 2}", "items的键应为文字，实际为映射"),
        ("assessor", "[沈明辉, 嘉禾市]", "评估人（assessor）应为“键: 值”形式的映射，实际为列表"),
        ("assessor", "{name: [沈明辉], organization: x}", "评估人姓名应为文字，实际为列表"),
        ("date", "[2026, 10, 15]", "评估日期（date）应为文字，实际为列表"),
        ("date", "{year: 2026}", "评估日期（date）应为文字，实际为映射"),
        ("bonus", "[provincial]", "加分项（bonus）应为“键: 值”形式的映射，实际为列表"),
        ("bonus", "{enterprise: {level: [national]}}", "等级应为文字，实际为列表"),
        ("bonus", "{enterprise: {title: 无等级}}", "level"),
        ("deductions", "7", "减分项（deductions）应为“键: 值”形式的映射，实际为“7”"),
        ("deductions", "{major-incident: [true]}", "应为 true 或 false，实际为列表"),
        ("pilot", "[pilot.yaml]", "试点档案路径（pilot）应为文字，实际为列表"),
        ("pilot", "{name: [a], region: {b: c}, lead: x, participants: 1, approved: 2024-01-01, enterprises: [x]}", "试点名称应为文字，实际为列表"),
        ("bonus-grounds", "[a]", "依据说明应为“键: 值”形式的映射，实际为列表"),
    ] as [(String, String, String)])
    func wrongTypes(key: String, value: String, fragment: String) throws {
        try withTempDir { dir in
            try copySample(into: dir)
            let path = try dir.write("pilot/sheet.yaml", try Self.sampleSheet(replacing: key, with: value))
            expectRefused(yrdq(["score", path]), naming: path, containing: fragment)
        }
    }

    @Test("a sheet that is a list, a number or a string")
    func notAMapping() throws {
        try withTempDir { dir in
            for (i, text) in ["- a\n- b\n", "42\n", "\"just text\"\n", "~\n", "!!set {a, b}\n"].enumerated() {
                let path = try dir.write("s\(i).yaml", text)
                expectRefused(yrdq(["score", path]), naming: path)
            }
        }
    }

    @Test("numbers where names belong are taken as written: a correct result")
    func numbersForNames() throws {
        try withTempDir { dir in
            try copySample(into: dir)
            let path = try dir.write("pilot/sheet.yaml", try Self.sampleSheet(replacing: "assessor", with: "{name: 7, organization: 0x10}"))
            let run = yrdq(["score", path, "--json"])
            #expect(run.code == 0, "\(run.stderr)")
            #expect(Self.totals(run) == "92.75")
        }
    }

    @Test("wrong types in a profile: the error names the profile file", arguments: [
        ("name", "[a, b]", "试点名称应为文字，实际为列表"),
        ("participants", "{a: b}", "参与单位应为列表"),
        ("enterprises", "5", "主要企业应为列表"),
        ("contacts", "[1, 2]", "联系人"),
        ("achievements", "[a, b]", "主要做法与成效（achievements）应为“键: 值”形式的映射，实际为列表"),
        ("achievements", "{11: x, 0: y, a: z}", "应为一级指标序号 1 至 10"),
        ("approved", "[2023, 5, 10]", "获批日期（approved）应为文字，实际为列表"),
        ("approved", "2023-02-30", "不是有效日期"),
        ("problems", "{a: b}", "试点档案的“problems”应为列表"),
    ] as [(String, String, String)])
    func profileWrongTypes(key: String, value: String, fragment: String) throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            var lines = try Repo.sampleText("pilot.yaml").components(separatedBy: "\n")
            let i = try #require(lines.firstIndex { $0.hasPrefix(key + ":") })
            var j = i + 1
            while j < lines.count && (lines[j].hasPrefix(" ") || lines[j].isEmpty) { j += 1 }
            lines.replaceSubrange(i..<j, with: ["\(key): \(value)"])
            try dir.write("pilot/pilot.yaml", lines.joined(separator: "\n"))
            expectRefused(yrdq(["score", root + "/self-assessment.yaml"]), naming: root + "/pilot.yaml", containing: fragment)
        }
    }

    @Test("wrong types in a panel file", arguments: [
        ("experts", "{wang: experts/wang.yaml}", "专家评分表（experts）应为列表"),
        ("experts", "[[experts/wang.yaml], 5, experts/chen.yaml, experts/li.yaml, experts/zhao.yaml]", "第1位专家的评分表路径应为文字，实际为列表"),
        ("experts", "[experts, /dev/null, /, ., experts/wang.yaml]", "这是一个目录，不是文件"),
        ("aggregation", "{mean: true}", "汇总方式（aggregation）应为文字，实际为映射"),
        ("leader", "[陈思远]", "专家组组长（leader）应为文字，实际为列表"),
        ("findings", "{a: b}", "主要成效（findings）应为列表"),
        ("date", "20261120", "不是有效日期"),
    ] as [(String, String, String)])
    func panelWrongTypes(key: String, value: String, fragment: String) throws {
        try withTempDir { dir in
            try copySample(into: dir)
            var lines = try Repo.sampleText("panel.yaml").components(separatedBy: "\n")
            let i = try #require(lines.firstIndex { $0.hasPrefix(key + ":") })
            var j = i + 1
            while j < lines.count && (lines[j].hasPrefix(" ") || lines[j].isEmpty) { j += 1 }
            lines.replaceSubrange(i..<j, with: ["\(key): \(value)"])
            let path = try dir.write("pilot/panel.yaml", lines.joined(separator: "\n"))
            expectRefused(yrdq(["panel", path]), naming: path, containing: fragment)
        }
    }

    // MARK: Numbers

    static let badNumbers: [(String, String)] = [
        ("1e400", "不是数字"), ("NaN", "不是数字"), (".nan", "不是数字"), (".NaN", "不是数字"), ("Infinity", "不是数字"),
        (".inf", "不是数字"), ("-.inf", "不是数字"), ("\"２\"", "含全角数字"), ("２", "含全角数字"), ("１．５", "全角"),
        ("\"1,5\"", "小数点应为“.”"), ("1，5", "小数点应为“.”"), ("0x10", "不是数字"), ("1_000", "不是数字"),
        ("2.555", "小数超过两位"), ("0o17", "不是数字"), ("1e0", "不是数字"), ("-1", "不能为负数"), ("2.01", "超过满分"),
        ("99999999999999999999999", "数值过大"), ("\"\"", "没有填写分数"), ("true", "不是数字"), ("2 分", "不是数字"),
    ]

    @Test("odd numbers in a YAML sheet: item named, what was found, what is allowed")
    func yamlNumbers() throws {
        try withTempDir { dir in
            try copySample(into: dir)
            let text = try Repo.sampleText("self-assessment.yaml")
            #expect(text.contains("\n  3: 2\n"))
            for (i, (value, fragment)) in Self.badNumbers.enumerated() {
                let path = try dir.write("pilot/n\(i).yaml", text.replacingOccurrences(of: "\n  3: 2\n", with: "\n  3: \(value)\n"))
                let run = yrdq(["score", path])
                expectRefused(run, naming: path, containing: "第3项: 得分")
                #expect(run.stderr.contains(fragment), "\(value): \(run.stderr)")
            }
            // Accepted as the same number: -0 is 0, +1 is 1, .5 is 0.5; each a correct total.
            for (value, total) in [("-0", "90.75"), ("-0.00", "90.75"), ("+1", "91.75"), ("\"2\"", "92.75"), ("2.00", "92.75")] {
                let path = try dir.write("pilot/ok.yaml", text.replacingOccurrences(of: "\n  3: 2\n", with: "\n  3: \(value)\n"))
                let run = yrdq(["score", path, "--json"])
                #expect(run.code == 0, "\(value): \(run.stderr)")
                #expect(Self.totals(run) == total, "\(value)")
            }
        }
    }

    @Test("odd numbers in a CSV sheet: line and item named")
    func csvNumbers() throws {
        try withTempDir { dir in
            try copySample(into: dir)
            let lines = filledCSV(lineEnd: "\n").components(separatedBy: "\n")
            let row = try #require(lines.firstIndex { $0.hasPrefix("3,") })
            for (i, (value, fragment)) in Self.badNumbers.enumerated() where !value.hasPrefix("\"") {
                var edited = lines
                var fields = CSVText.fields(edited[row])
                fields[5] = value
                edited[row] = fields.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
                let path = try dir.write("pilot/n\(i).csv", edited.joined(separator: "\n"))
                let run = yrdq(["score", path])
                expectRefused(run, naming: "\(path):\(row + 1):", containing: "第3项: 得分")
                #expect(run.stderr.contains(fragment), "\(value): \(run.stderr)")
            }
        }
    }

    // MARK: Encodings and line ends

    @Test("CRLF line ends and a BOM in YAML score the same as the original")
    func crlfYAML() throws {
        try withTempDir { dir in
            try copySample(into: dir)
            let text = try Repo.sampleText("self-assessment.yaml")
            let crlf = try dir.write("pilot/crlf.yaml", [0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
            let pilot = try Repo.sampleText("pilot.yaml")
            try dir.write("pilot/pilot.yaml", pilot.replacingOccurrences(of: "\n", with: "\r\n"))
            let run = yrdq(["score", crlf, "--json"])
            #expect(run.code == 0, "\(run.stderr)")
            #expect(Self.totals(run) == "92.75")
        }
    }

    @Test("CSV in UTF-8, UTF-8 with BOM, GB18030; CRLF, LF and CR line ends: all score 100")
    func csvEncodings() throws {
        try withTempDir { dir in
            try copySample(into: dir)
            for lineEnd in ["\r\n", "\n", "\r"] {
                // A note with characters outside GB2312 (GB18030 has them as four-byte sequences).
                let text = filledCSV(lineEnd: lineEnd).replacingOccurrences(of: "\(lineEnd)1,", with: "\(lineEnd)1,", options: [], range: nil)
                let withNote = text.components(separatedBy: lineEnd).map { line -> String in
                    guard line.hasPrefix("1,") else { return line }
                    var f = CSVText.fields(line); f[6] = "𠮷堃喆😀"; return f.joined(separator: ",")
                }.joined(separator: lineEnd)
                let variants: [(String, [UInt8])] = [
                    ("utf8", Array(withNote.utf8)),
                    ("bom", [0xEF, 0xBB, 0xBF] + Array(withNote.utf8)),
                    ("gb18030", GB18030.encode(withNote)),
                ]
                for (name, bytes) in variants {
                    let path = try dir.write("pilot/\(name)-\(lineEnd.unicodeScalars.map { String($0.value) }.joined()).csv", bytes)
                    let run = yrdq(["score", path, "--json"])
                    #expect(run.code == 0, "\(name) \(lineEnd.debugDescription): \(run.stderr)")
                    #expect(Self.totals(run) == "100", "\(name) \(lineEnd.debugDescription)")
                }
            }
        }
    }

    @Test("encodings that are refused: GB18030 YAML, UTF-16 CSV, invalid UTF-8 in a profile and an expert sheet")
    func refusedEncodings() throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            let sheet = try dir.write("pilot/gb.yaml", GB18030.encode(try Repo.sampleText("self-assessment.yaml")))
            expectRefused(yrdq(["score", sheet]), naming: sheet + ":", containing: "不是有效的 UTF-8 文本")

            let utf16 = try dir.write("pilot/utf16.csv", Data([0xFF, 0xFE]) + filledCSV().data(using: .utf16LittleEndian)!)
            expectRefused(yrdq(["score", utf16]), naming: utf16, containing: "CSV UTF-8")

            var pilot = try Repo.sampleBytes("pilot.yaml")
            pilot.insert(contentsOf: [0xFF, 0xC0, 0x80], at: 100)
            try dir.write("pilot/pilot.yaml", pilot)
            expectRefused(yrdq(["score", root + "/self-assessment.yaml"]), naming: root + "/pilot.yaml:", containing: "不是有效的 UTF-8 文本")
            try FileManager.default.removeItem(atPath: root + "/pilot.yaml")
            try FileManager.default.copyItem(atPath: Repo.sample + "/pilot.yaml", toPath: root + "/pilot.yaml")

            var expert = try Repo.sampleBytes("experts/li.yaml")
            expert.append(contentsOf: [0x23, 0x20, 0xE5, 0x88])    // "# " and a cut-off character
            try dir.write("pilot/experts/li.yaml", expert)
            expectRefused(yrdq(["panel", root + "/panel.yaml"]), naming: root + "/experts/li.yaml", containing: "不是有效的 UTF-8 文本")
        }
    }

    @Test("empty and whitespace-only files of every kind", arguments: ["", "   ", "\n\n\r\n", "\u{FEFF}", " \t \n"])
    func emptyFiles(text: String) throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            let yaml = try dir.write("pilot/empty.yaml", text)
            expectRefused(yrdq(["score", yaml]), naming: yaml, containing: "文件是空的")
            let csv = try dir.write("pilot/empty.csv", text)
            expectRefused(yrdq(["score", csv]), naming: csv, containing: "文件是空的")
            expectRefused(yrdq(["panel", yaml]), naming: yaml, containing: "文件是空的")
            try dir.write("pilot/pilot.yaml", text)
            expectRefused(yrdq(["score", root + "/self-assessment.yaml"]), naming: root + "/pilot.yaml", containing: "文件是空的")
        }
    }
}
