import Foundation
import Testing
import YRDQTestSupport
@testable import YRDQInput
import YRDQCore

/// Further cases of canonical keys and of what reaches the documents, found in review:
/// a deduction count is a plain decimal like an item key, and grounds name a known key.
@Suite struct ReviewKeyTests {
    func diagnosticsOf(_ text: String) throws -> [Diagnostic] {
        try withTempDir { dir in
            let path = try dir.write("sheet.yaml", text)
            let reader = SheetReader(rubric: try Fixture.rubric())
            do { _ = try reader.load(path: path); return [] } catch let e as InputErrors { return e.diagnostics }
        }
    }

    func sheet(deductions: String, extra: [String] = []) throws -> String {
        let items = itemLines(forBase: p("80"), rubric: try Fixture.rubric())
        return sheetYAML(items: items, deductions: deductions) + extra.joined(separator: "\n") + (extra.isEmpty ? "" : "\n")
    }

    @Test("a deduction count in another spelling is refused, naming it", arguments: ["01", "+1", "-0", "00"])
    func deductionCountSpellings(count: String) throws {
        let d = try diagnosticsOf(try sheet(deductions: "{major-incident: \(count), serious-violation: false}"))
        #expect(d.count == 1, "\(d)")
        #expect(d.first?.message.contains("减分条件“major-incident”的事件数“\(count)”应写作") == true, "\(d)")
    }

    @Test("the plain counts are taken")
    func deductionCountsPlain() throws {
        #expect(try diagnosticsOf(try sheet(deductions: "{major-incident: 1, serious-violation: 0}")).isEmpty)
        #expect(try diagnosticsOf(try sheet(deductions: "{major-incident: -1, serious-violation: 0}")).first?.message.contains("不能为负数") == true)
    }

    @Test("grounds for an unknown category or condition are an error, not dropped")
    func groundsKeys() throws {
        var d = try diagnosticsOf(try sheet(deductions: "{major-incident: 1, serious-violation: false}",
                                            extra: ["deduction-grounds: {major-incidnet: 2026年3月的电池质量事件}"]))
        #expect(d.count == 1 && d.first?.message.contains("减分依据（deduction-grounds）中有未知的键“major-incidnet”") == true, "\(d)")
        d = try diagnosticsOf(try sheet(deductions: "{major-incident: false, serious-violation: false}",
                                        extra: ["bonus-grounds: {goverment: 考核第一名}"]))
        #expect(d.count == 1 && d.first?.message.contains("加分依据（bonus-grounds）中有未知的键“goverment”") == true, "\(d)")
        // A deduction's grounds under bonus-grounds is in the wrong place, too.
        d = try diagnosticsOf(try sheet(deductions: "{major-incident: 1, serious-violation: false}",
                                        extra: ["bonus-grounds: {major-incident: 2026年3月的电池质量事件}"]))
        #expect(d.count == 1, "\(d)")
        #expect(try diagnosticsOf(try sheet(deductions: "{major-incident: 1, serious-violation: false}",
                                            extra: ["deduction-grounds: {major-incident: 2026年3月的电池质量事件}"])).isEmpty)
    }
}

/// An honour counts only if it was obtained by the evaluation that counts it.
@Suite struct HonourDateTests {
    func diagnosticsOf(_ text: String) throws -> [Diagnostic] {
        try withTempDir { dir in
            let path = try dir.write("sheet.yaml", text)
            do { _ = try SheetReader(rubric: try Fixture.rubric()).load(path: path); return [] } catch let e as InputErrors { return e.diagnostics }
        }
    }

    @Test("an honour dated after the sheet's date is an error; on the day it is taken")
    func honourAfterTheSheet() throws {
        let items = itemLines(forBase: p("80"), rubric: try Fixture.rubric())
        let late = sheetYAML(items: items, bonus: "{enterprise: {level: provincial, title: 浙江省人民政府质量奖, date: 2026-10-16}, government: none}")
        let d = try diagnosticsOf(late)
        #expect(d.count == 1 && d.first?.message.contains("荣誉取得日期2026年10月16日晚于评估日期2026年10月15日") == true, "\(d)")
        #expect(d.first?.line == line(of: "bonus:", in: late))
        let onTheDay = sheetYAML(items: items, bonus: "{enterprise: {level: provincial, title: 浙江省人民政府质量奖, date: 2026-10-15}, government: none}")
        #expect(try diagnosticsOf(onTheDay).isEmpty)
    }
}

/// Lists are bounded by their count, in every reader: YAML lists and a CSV's 证明材料 cell.
@Suite struct ListBoundTests {
    @Test("a list of more than 1000 entries is refused by its count; 1000 are read")
    func longLists() throws {
        let rubric = try Fixture.rubric()
        let items = itemLines(forBase: p("80"), rubric: rubric)
        func sheet(_ count: Int) -> String {
            let evidence = (0..<count).map { "e\($0)" }.joined(separator: ", ")
            return sheetYAML(items: items.map { n, v in n == 3 ? (n, "{score: \(v), evidence: [\(evidence)]}") : (n, v) })
        }
        try withTempDir { dir in
            let reader = SheetReader(rubric: rubric)
            let ok = try reader.load(path: try dir.write("ok.yaml", sheet(1000)))
            #expect(ok.items[3]?.evidence.count == 1000)
            let start = Date()
            do {
                _ = try reader.load(path: try dir.write("long.yaml", sheet(200_000)))
                Issue.record("a list of 200 000 entries was taken")
            } catch let e as InputErrors {
                #expect(e.diagnostics.contains { $0.message.contains("有 200000 项，超过上限 1000 项") }, "\(e.diagnostics.prefix(3))")
            }
            #expect(Date().timeIntervalSince(start) < hangGuardSeconds)
            // The CSV's 证明材料 cell, split at ；
            let csv = CSVText.filled(CSVSheet.template(rubric: rubric, pilotPath: nil, date: nil),
                                     values: Dictionary(uniqueKeysWithValues: scores(forBase: p("80"), rubric: rubric).map { (String($0.key), $0.value.description) }),
                                     notes: [:], lineEnd: "\r\n")
            let lines = csv.components(separatedBy: "\r\n")
            let i = try #require(lines.firstIndex { $0.hasPrefix("3,") })
            var row = lines[i].components(separatedBy: ",")
            row[7] = (0..<5000).map { "材料\($0)" }.joined(separator: "；")
            var edited = lines
            edited[i] = row.joined(separator: ",")
            do {
                _ = try reader.load(path: try dir.write("long.csv", edited.joined(separator: "\r\n")))
                Issue.record("5000 pieces of evidence were taken")
            } catch let e as InputErrors {
                #expect(e.diagnostics.contains { $0.message.contains("证明材料有 5000 项，超过上限 1000 项") && $0.item == 3 }, "\(e.diagnostics.prefix(3))")
            }
        }
    }
}
