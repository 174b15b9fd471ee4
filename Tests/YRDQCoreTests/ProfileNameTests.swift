import Foundation
import Testing
import YRDQTestSupport
import YRDQCore
import YRDQInput

/// The names in a pilot profile and a panel file: what may stand in them, how they are stored,
/// and required fields that are present but empty.
@Suite("Profiles and panels: names, empty fields, the placeholder date")
struct ProfileNameTests {
    static let fields: [String: String] = [
        "name": "测试试点", "region": "浙江省某市", "province": "浙江省", "lead": "某市市场监督管理局",
        "participants": "[某市市场监督管理局, 某市经济和信息化局]", "approved": "2023-05-10",
        "enterprises": "[{name: 某企业, role: 龙头骨干企业}]",
    ]

    func profileText(_ changes: [String: String] = [:]) -> String {
        ["name", "region", "province", "lead", "participants", "approved", "enterprises"]
            .map { "\($0): \(changes[$0] ?? Self.fields[$0]!)" }.joined(separator: "\n") + "\n"
    }

    /// Reads a sheet naming pilot.yaml with the given profile text.
    func read(_ dir: TempDir, profile: String, rubric: Rubric) throws -> (sheet: ScoreSheet?, reader: SheetReader, d: [Diagnostic]) {
        try dir.write("pilot.yaml", profile)
        let path = try dir.write("sheet.yaml", "pilot: pilot.yaml\n" + sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric)))
        let reader = SheetReader(rubric: rubric)
        do {
            return (try reader.load(path: path), reader, [])
        } catch {
            return (nil, reader, error.diagnostics)
        }
    }

    @Test("required fields present but empty are errors like missing ones", arguments: [
        ("name", "\"\"", "试点名称不能为空"), ("name", "\"　 \"", "试点名称不能为空"),
        ("region", "\"\"", "试点区域不能为空"), ("lead", "\" \"", "牵头单位不能为空"),
        ("participants", "[]", "参与单位不能为空（至少应有一项）"), ("participants", "\"\"", "参与单位不能为空"),
        ("participants", "[某局, \"\"]", "参与单位中的一项不能为空"),
        ("enterprises", "[{name: \"\", role: 龙头骨干企业}]", "主要企业名称不能为空"),
        ("enterprises", "[\"\"]", "主要企业名称不能为空"),
    ])
    func emptyRequired(key: String, value: String, message: String) throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let text = profileText([key: value])
            let (sheet, _, d) = try read(dir, profile: text, rubric: rubric)
            #expect(sheet == nil)
            #expect(d.map(\.message) == [message])
            #expect(d.first?.file == dir.url.appendingPathComponent("pilot.yaml").path)
            #expect(d.first?.line == line(of: key + ":", in: text))
        }
    }

    @Test("an enterprise without a name is an error")
    func enterpriseWithoutName() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let (sheet, _, d) = try read(dir, profile: profileText(["enterprises": "[{role: 龙头骨干企业}]"]), rubric: rubric)
            #expect(sheet == nil)
            #expect(d.map(\.message) == ["主要企业缺少“name”"])
        }
    }

    @Test("bidi controls and invisible characters are refused in every name of a profile", arguments: [
        "name", "region", "province", "lead", "participants", "enterprises",
    ], ["\u{202E}", "\u{2066}", "\u{2069}", "\u{200B}", "\u{2060}"])
    func hiddenCharacters(key: String, character: String) throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let hidden = "\"某\(character)单位\""
            let value = key == "participants" ? "[某局, \(hidden)]" : key == "enterprises" ? "[{name: \(hidden)}]" : hidden
            let text = profileText([key: value])
            let (sheet, _, d) = try read(dir, profile: text, rubric: rubric)
            #expect(sheet == nil)
            #expect(d.count == 1, "\(d)")
            let code = NameText.codePoint(character.unicodeScalars.first!)
            #expect(d.first?.message.contains("含有") == true && d.first?.message.contains(code) == true, "\(d)")
            #expect(d.first?.line == line(of: key + ":", in: text))
        }
    }

    @Test("names are stored cleaned: NFC, trimmed of spaces and full-width spaces")
    func cleanedNames() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let (sheet, _, d) = try read(dir, profile: profileText([
                "name": "\"　测试试点 \"", "region": "\"Zu\u{0308}rich \"", "lead": "\" 某局　\"",
                "participants": "[\" 甲局\", \"乙局　\"]", "enterprises": "[\"某企业 \", {name: \"　另一企业\"}]",
            ]), rubric: rubric)
            #expect(d.isEmpty, "\(d)")
            let pilot = try #require(sheet?.pilot)
            #expect(pilot.name == "测试试点")
            #expect(pilot.region.unicodeScalars.map(\.value) == "Zürich".precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value))
            #expect(pilot.lead == "某局")
            #expect(pilot.participants == ["甲局", "乙局"])
            #expect(pilot.enterprises.map(\.name) == ["某企业", "另一企业"])
        }
    }

    @Test("the placeholder approval date init writes is flagged until it is changed")
    func placeholderApproval() throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let text = profileText(["approved": PilotProfile.placeholderApproval.description])
            let (sheet, reader, d) = try read(dir, profile: text, rubric: rubric)
            #expect(d.isEmpty && sheet != nil)
            let flagged = reader.warnings.filter { $0.message.contains("占位日期") }
            #expect(flagged.count == 1, "\(reader.warnings)")
            #expect(flagged.first?.file == dir.url.appendingPathComponent("pilot.yaml").path)
            #expect(flagged.first?.line == line(of: "approved:", in: text))
            #expect(flagged.first?.message.contains("请改为试点获批开展建设的实际日期") == true)
            let (_, changed, _) = try read(dir, profile: profileText(), rubric: rubric)
            #expect(!changed.warnings.contains { $0.message.contains("占位日期") })
        }
    }

    // MARK: Panel names

    @Test("bidi controls and invisible characters are refused in a panel's province, bureau and leader",
          arguments: ["province", "bureau", "leader"])
    func panelNames(key: String) throws {
        let rubric = try Fixture.rubric()
        try withTempDir { dir in
            let experts = try (1...5).map { i -> String in
                try dir.write("experts/e\(i).yaml", sheetYAML(items: itemLines(forBase: p("80"), rubric: rubric), assessor: ("专家\(i)", "单位\(i)")))
                return "experts/e\(i).yaml"
            }
            var lines = ["province: 浙江省", "bureau: 浙江省市场监督管理局", "leader: 专家1", "date: 2026-11-20",
                         "experts: [\(experts.joined(separator: ", "))]"]
            let i = lines.firstIndex { $0.hasPrefix(key + ":") }!
            lines[i] = "\(key): \"\u{202E}\(lines[i].dropFirst(key.count + 2))\""
            let text = lines.joined(separator: "\n") + "\n"
            let path = try dir.write("panel.yaml", text)
            let d = diagnostics { () throws(InputErrors) in _ = try PanelReader.load(path: path, reader: SheetReader(rubric: rubric)) }
            #expect(d.count == 1, "\(d)")
            #expect(d.first?.file == path && d.first?.line == line(of: key + ":", in: text))
            #expect(d.first?.message.contains("U+202E") == true)
        }
    }
}
