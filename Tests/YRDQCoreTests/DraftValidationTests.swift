import Foundation
import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport

/// Issue 13 §1: readers make a draft, one validator in Core checks it; errors carry a kind.
@Suite("one validator for every sheet format")
struct DraftValidationTests {
    func row(_ number: String, _ value: String, note: String = "", cell: String? = nil, line: Int? = nil) -> SheetDraft.Row {
        let at = SheetDraft.Place(line: line, cell: cell)
        return SheetDraft.Row(number: .init(number, at), value: .init(value, at), note: .init(note, at), evidence: .init("", at))
    }

    func validate(_ rows: [SheetDraft.Row], rubric: Rubric) -> Result<ScoreSheet, InputErrors> {
        do throws(InputErrors) {
            return .success(try SheetValidator.validate(SheetDraft(source: "t.xlsx", rows: rows), rubric: rubric,
                                                        profile: { _ throws(InputErrors) in throw InputErrors([Diagnostic(.error, "none")]) }))
        } catch { return .failure(error) }
    }

    @Test("a draft located by cells is checked by the validator; each problem at its cell, with its kind")
    func cellsAndKinds() throws {
        let rubric = try Fixture.rubric()
        var rows = rubric.items.map { row(String($0.number), "0", cell: "评分表!F\($0.number + 10)") }
        rows[0] = row("1", "9", cell: "评分表!F11")           // above the item's points
        rows[1] = row("2", "1.234", cell: "评分表!F12")        // too many decimals
        rows[2] = row("03", "0", cell: "评分表!A13")           // misspelled number
        rows.append(row("十一", "金牌", cell: "评分表!F70"))    // unknown level
        rows.append(row("十三-1", "也许", cell: "评分表!F72"))   // neither 是 nor 否
        rows.append(row("99", "1", cell: "评分表!A80"))        // unknown row
        guard case .failure(let errors) = validate(rows, rubric: rubric) else { Issue.record("accepted"); return }
        let byKind = Dictionary(grouping: errors.diagnostics, by: \.kind)
        #expect(byKind[.scoreTooHigh]?.first?.cell == "评分表!F11")
        #expect(byKind[.scoreTooHigh]?.first?.description == "t.xlsx:评分表!F11: 错误: 第1项: 得分 9 超过满分 \(rubric.item(1)!.points)（应为 0 至 \(rubric.item(1)!.points)、最多两位小数的数字）")
        #expect(byKind[.scoreNotANumber]?.first?.cell == "评分表!F12")
        #expect(byKind[.misspelledNumber]?.first?.cell == "评分表!A13")
        #expect(byKind[.unknownLevel]?.first?.cell == "评分表!F70")
        #expect(byKind[.deduction]?.first?.cell == "评分表!F72")
        #expect(byKind[.unknownEntry]?.first?.cell == "评分表!A80")
        #expect(byKind[.missingScore]?.first?.message == "第3项没有填写得分（每一项都须填写；未得分请填 0）" || byKind[.missingScore] == nil)
    }

    @Test("the same mistake in YAML and in CSV has the same kind and the same words")
    func sameKindsAcrossFormats() throws {
        let rubric = try Fixture.rubric()
        let points = rubric.item(5)!.points
        var values: [String: String] = [:]
        for item in rubric.items { values[String(item.number)] = "0" }
        values["5"] = "\(points + p("1"))"
        values["6"] = "1.234"
        let csv = CSVText.filled(CSVSheet.template(rubric: rubric, pilotPath: nil, date: nil), values: values)
        let yaml = sheetYAML(items: rubric.items.map { ($0.number, values[String($0.number)]!) })
        func errors(_ name: String, _ text: String) throws -> [Diagnostic] {
            try withTempDir { dir in
                let path = try dir.write(name, Data(text.utf8))
                return diagnostics { () throws(InputErrors) in _ = try SheetReader(rubric: rubric).load(path: path) }
            }
        }
        let fromCSV = try errors("s.csv", csv), fromYAML = try errors("s.yaml", yaml)
        for kind in [Diagnostic.Kind.scoreTooHigh, .scoreNotANumber] {
            let a = fromCSV.first { $0.kind == kind }, b = fromYAML.first { $0.kind == kind }
            #expect(a != nil && a?.message == b?.message, "\(kind)")
            #expect(a?.item == b?.item)
        }
    }

    @Test("a CSV reader takes bytes as well as a path")
    func bytesIn() throws {
        let rubric = try Fixture.rubric()
        var values: [String: String] = [:]
        for item in rubric.items { values[String(item.number)] = "0" }
        let csv = CSVText.filled(CSVSheet.template(rubric: rubric, pilotPath: nil, date: nil), values: values)
        let draft = try CSVSheet.draft(bytes: Array(csv.utf8), source: "mem.csv")
        #expect(draft.rows.count == 5 + 56 + rubric.bonus.categories.count + rubric.deductions.conditions.count)
        #expect(draft.rows.first { $0.number.text == "1" }?.value.place.line == 7)
        let sheet = try SheetValidator.validate(draft, rubric: rubric, profile: { _ throws(InputErrors) in throw InputErrors([]) })
        #expect(sheet.items.count == 56)
    }

    @Test("the YAML reader makes a draft too: the validator checks it, each problem at its line and column, with its kind")
    func yamlGoesThroughTheValidator() throws {
        let rubric = try Fixture.rubric()
        var items = itemLines(forBase: p("60"), rubric: rubric, omitting: [7])
        items[0].1 = "9"                                     // above the item's points
        items[3].1 = "{criteria: [0.5]}"                     // the wrong number of criteria
        let text = sheetYAML(items: items, bonus: "{enterprise: 金牌}", extraItemLines: ["07: 1", "99: 1"])
        let draft = try SheetReader(rubric: rubric).draft(bytes: Array(text.utf8), source: "t.yaml")
        // Nothing is checked yet: the values as typed, each at its line.
        let keyed = try #require(draft.keyed)
        let entries = try #require(keyed.items?.entries)
        #expect(entries.first?.key.text == "1" && entries.first?.key.place.line == 3)
        #expect(entries.map(\.key.text).suffix(2) == ["07", "99"])
        var errors: [Diagnostic] = []
        do throws(InputErrors) {
            _ = try SheetValidator.validate(draft, rubric: rubric, profile: { _ throws(InputErrors) in throw InputErrors([]) })
            Issue.record("accepted")
        } catch { errors = error.diagnostics }
        let byKind = Dictionary(grouping: errors, by: \.kind)
        #expect(byKind[.scoreTooHigh]?.first?.line == 3)
        #expect(byKind[.scoreTooHigh]?.first?.item == 1)
        #expect(byKind[.criteriaCount]?.first?.item == 4)
        #expect(byKind[.misspelledNumber]?.first?.line == items.count + 3)
        #expect(byKind[.unknownEntry]?.first?.line == items.count + 4)
        #expect(byKind[.unknownLevel]?.first?.line == items.count + 5)
    }

    @Test("a YAML sheet read from bytes is read as from its file: the same sheet, the same problems")
    func yamlFromBytes() throws {
        let rubric = try Fixture.rubric()
        let dir = try TempDir()
        let good = sheetYAML(items: itemLines(forBase: p("60"), rubric: rubric))
        let bad = sheetYAML(items: itemLines(forBase: p("60"), rubric: rubric, overriding: [5: "1.234"]))
        for (name, text) in [("good.yaml", good), ("bad.yaml", bad)] {
            let path = dir.url.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            func outcome(_ body: () throws(InputErrors) -> ScoreSheet) -> String {
                do throws(InputErrors) { return "\(try body().items.count) items" } catch { return error.description }
            }
            let fromFile = outcome { () throws(InputErrors) in try SheetReader(rubric: rubric).load(path: path) }
            let fromBytes = outcome { () throws(InputErrors) in try SheetReader(rubric: rubric).load(bytes: Array(text.utf8), source: path) }
            #expect(fromFile == fromBytes)
        }
    }
}
