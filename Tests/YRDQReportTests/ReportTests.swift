import Foundation
import Testing
import YRDQCore
import YRDQDocument
import YRDQInput
@testable import YRDQReports

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let rubric = try! RubricReader.load(path: root + "/rubric/yrd-2021.yaml")
let templates = try! TemplateSet(directory: root + "/templates")
let builder = ReportBuilder(rubric: rubric, templates: templates)
let engine = ScoringEngine(rubric: rubric)
let sample = root + "/samples/jiahe-auto-parts"

func tables(_ blocks: [Block]) -> [Table] {
    blocks.compactMap { if case .table(let t) = $0 { return t } else { return nil } }
}

func allText(_ doc: Document) -> String {
    func text(_ b: Block) -> String {
        switch b {
        case .title(let l): return l.joined()
        case .subtitle(let s): return s
        case .heading(_, let t): return t
        case .paragraph(let s, _): return s.plainText
        case .list(_, let items): return items.map(\.plainText).joined(separator: "\n")
        case .table(let t): return (t.header + t.rows).flatMap { $0 }.map(\.text).joined(separator: "\n") + t.notes.map(\.plainText).joined()
        case .signature(let s): return s.lines.joined() + s.date
        case .pageBreak: return ""
        case .qrCode(let q): return q.text
        case .certificate(let face): return face.blocks.map(text).joined(separator: "\n")
        case .attachmentNote(let names): return "附件：" + names.joined(separator: "\n")
        }
    }
    return (doc.body + doc.attachments.flatMap(\.blocks)).map(text).joined(separator: "\n")
}

/// A sheet with every item at full marks except those given.
func sheet(_ overrides: [Int: Points] = [:], pilot: PilotProfile? = nil) -> ScoreSheet {
    var items: [Int: ItemScore] = [:]
    for item in rubric.items { items[item.number] = ItemScore(score: overrides[item.number] ?? item.points) }
    return ScoreSheet(source: "t.yaml", pilot: pilot, assessor: nil, date: CivilDate(year: 2026, month: 10, day: 15),
                      items: items, adjustments: Adjustments())
}

let profile = PilotProfile(name: "测试试点", region: "浙江省某市", lead: "某市市场监督管理局", participants: ["某市市场监督管理局"],
                           approved: CivilDate(year: 2023, month: 1, day: 1)!, enterprises: [.init(name: "某企业")])

@Test func blankTableHoldsEveryItemWithTheGuidesWordingAndPoints() throws {
    let doc = try builder.scoreTable(nil, nil).document
    let table = try #require(tables(doc.body).first)
    // The guide's wording, without the note marks the table adds after footnoted terms.
    let texts = table.rows.flatMap { $0 }.map { cell in
        cell.content.filter { if case .noteMark = $0 { return false } else { return true } }.plainText
    }
    for item in rubric.items {
        #expect(texts.contains("\(item.number)．\(item.text)"), "item \(item.number)")
    }
    #expect(table.header[0].map(\.text) == ["一级指标", "二级指标", "三级指标", "得分"])
    for indicator in rubric.indicators { #expect(texts.contains("\(indicator.numeral)、\(indicator.name)（\(indicator.points)分）")) }
    for group in rubric.groups { #expect(texts.contains("\(group.name)（\(group.points)分）")) }
    #expect(texts.contains("总　分"))
    #expect(texts.contains { $0.hasPrefix("十一、企业质量荣誉") } && texts.contains { $0.hasPrefix("十二、政府质量荣誉") } && texts.contains { $0.hasPrefix("十三、减分项") })
    // Blank: no score is printed.
    let scores = Table.place(table.rows).filter { $0.column == 3 }.map(\.cell.text)
    #expect(scores.allSatisfy { $0.isEmpty })
    #expect(table.problems().isEmpty)
    #expect(allText(doc).contains("评估人"))
}

@Test func mergedSpansMatchTheRubric() throws {
    let table = try #require(tables(try builder.scoreTable(nil, nil).document.body).first)
    let placed = Table.place(table.rows)
    for indicator in rubric.indicators {
        let cell = try #require(placed.first { $0.column == 0 && $0.cell.text.hasPrefix("\(indicator.numeral)、\(indicator.name)") })
        let expected = indicator.groups.reduce(0) { $0 + $1.items.count + ($1.preamble == nil ? 0 : 1) }
        #expect(cell.cell.rowSpan == expected, "indicator \(indicator.numeral)")
    }
    for group in rubric.groups {
        let cell = try #require(placed.first { $0.column == 1 && $0.cell.text == "\(group.name)（\(group.points)分）" })
        #expect(cell.cell.rowSpan == group.items.count + (group.preamble == nil ? 0 : 1), "group \(group.number)")
    }
    let grid = Table.grid(table.rows, columns: 4)
    #expect(grid.allSatisfy { $0.allSatisfy { $0 != nil } }, "every slot of the grid is covered exactly")
}

@Test func filledTableShowsScoresAndTotal() throws {
    let s = sheet([5: Points(hundredths: 150)])
    let result = engine.score(s)
    let table = try #require(tables(try builder.scoreTable(s, result).document.body).first)
    let placed = Table.place(table.rows)
    let item5 = try #require(placed.firstIndex { $0.cell.text.hasPrefix("5．") })
    #expect(placed[item5 + 1].cell.text == "1.5")
    #expect(placed.last?.cell.text == result.total.fixed2)
}

@Test func problemsSectionListsExactlyTheItemsThatLostPoints() throws {
    let lostItems: [Int: Points] = [2: Points(1), 13: Points(hundredths: 150), 55: .zero]
    var s = sheet(lostItems, pilot: profile)
    s.items[2]?.note = "尚未建立风险交流制度"
    let out = try builder.selfAssessment(s, engine.score(s))
    let body = out.document.body
    let start = try #require(body.firstIndex { if case .heading(1, let t) = $0 { return t.hasPrefix("五、") } else { return false } })
    let end = try #require(body.firstIndex { if case .heading(1, let t) = $0 { return t.hasPrefix("六、") } else { return false } })
    let listed = body[start..<end].compactMap { b -> [String]? in
        if case .list(_, let items) = b { return items.map(\.plainText) } else { return nil }
    }.flatMap { $0 }
    #expect(listed.count == 3)
    #expect(listed[0].hasPrefix("第2项") && listed[0].contains("尚未建立风险交流制度"))
    #expect(listed[1].hasPrefix("第13项") && listed[2].hasPrefix("第55项"))
    // Missing narratives are marked, not invented, and warned about.
    #expect(allText(out.document).contains(missingText))
    #expect(!out.warnings.isEmpty)
}

@Test func selfAssessmentConclusionFollowsTheDecisionAtEighty() throws {
    // Full marks are 100; lose exactly 20 → 80.00, eligible.
    let at80 = sheet([47: .zero, 48: .zero, 49: .zero, 50: .zero, 51: .zero, 52: .zero].merging([53: Points(1)]) { a, _ in a }, pilot: profile)
    let r80 = engine.score(at80)
    #expect(r80.total == Points(80))
    let text80 = allText(try builder.selfAssessment(at80, r80).document)
    #expect(text80.contains("达到80分以上") && text80.contains("可以向省级市场监管局提交自评报告并申请省级评估"))
    var below = at80
    below.items[1] = ItemScore(score: Points(hundredths: 199))
    let r = engine.score(below)
    #expect(r.total == Points(hundredths: 7999))
    let text = allText(try builder.selfAssessment(below, r).document)
    #expect(text.contains("未达到80分以上") && text.contains("暂不具备申请省级评估的条件"))
}

func panel(bases: [Points]) -> Panel {
    let experts = bases.enumerated().map { i, base -> ScoreSheet in
        // Lose (100 - base) from items 1..56 in order.
        var remaining = Points(100) - base
        var items: [Int: ItemScore] = [:]
        for item in rubric.items {
            let lose = min(item.points, remaining)
            remaining -= lose
            items[item.number] = ItemScore(score: item.points - lose)
        }
        return ScoreSheet(source: "e\(i).yaml", pilot: profile, assessor: Assessor(name: "专家\(i + 1)", organization: "单位\(i + 1)"),
                          date: CivilDate(year: 2026, month: 11, day: 18), items: items, adjustments: Adjustments())
    }
    return Panel(source: "panel.yaml", pilot: profile, province: "浙江省", bureau: "浙江省市场监督管理局",
                 date: CivilDate(year: 2026, month: 11, day: 20), materialReview: nil, siteReview: nil, leader: "专家1",
                 aggregation: .mean, experts: experts, adjustments: Adjustments(), findings: ["成效"], recommendations: ["建议"])
}

@Test(arguments: [(Points(80), "未高于80分", "保留"), (Points(hundredths: 8001), "高于80分", "可授予“长三角质量提升示范”称号"),
                  (Points(hundredths: 6999), "低于70分", "可暂停其“长三角质量提升示范试点”称号"), (Points(70), "亦不低于70分", "保留")])
func provincialConclusionFollowsTheDecision(total: Points, phrase: String, outcome: String) throws {
    let p = panel(bases: Array(repeating: total, count: 5))
    let result = engine.score(p)
    #expect(result.total == total)
    let doc = try builder.provincial(p, result).document
    let body = doc.body
    let start = try #require(body.firstIndex { if case .heading(1, let t) = $0 { return t.hasPrefix("六、") } else { return false } })
    let conclusion = body[start...].compactMap { b -> String? in if case .paragraph(let s, _) = b { return s.plainText } else { return nil } }.first ?? ""
    #expect(conclusion.contains(phrase) && conclusion.contains(outcome), "\(conclusion)")
    if total == Points(80) { #expect(!(conclusion.components(separatedBy: "依据").first ?? "").contains("可授予")) }
    // The summary sheet and every expert's table are attached.
    #expect(doc.attachments.count == 1 + 5)
    #expect(doc.attachments[0].orientation == .landscape)
}

@Test func sampleDocumentsBuild() throws {
    let reader = SheetReader(rubric: rubric)
    let s = try reader.load(path: sample + "/self-assessment.yaml", requirePilot: true)
    let sa = try builder.selfAssessment(s, engine.score(s))
    #expect(sa.document.cover != nil)
    #expect(sa.document.attachments.map(\.label) == ["附件1", "附件2"])
    #expect(sa.warnings.isEmpty, "\(sa.warnings)")
    let p = try PanelReader.load(path: sample + "/panel.yaml", reader: reader)
    let pr = engine.score(p)
    let summary = try builder.summary(p, pr).document
    let t = try #require(tables(summary.body).first)
    // 一级指标, 序号, 分值, the seven experts, 极差 (issue 13 §3), the mean, 分歧.
    #expect(t.header[0].count == 3 + 7 + 3)
    #expect(t.rows.count >= 56)
    let divergentMarked = Table.place(t.rows).filter { $0.cell.text == "※" }.count
    #expect(divergentMarked == pr.divergent.count)
}

@Test func userTextCannotBreakTheMarkup() throws {
    var hostile = profile
    hostile.name = "试点<script>|@h1 x\n@pagebreak ../ \"𠮷堃喆\""
    hostile.overview = "第一段\n@table score-table\n| a | b |"
    let s = sheet([3: Points(1)], pilot: hostile)
    let doc = try builder.selfAssessment(s, engine.score(s)).document
    let text = allText(doc)
    #expect(text.contains("试点<script>|@h1 x"))
    #expect(text.contains("@table score-table"))
    #expect(!doc.body.contains(.pageBreak))
    #expect(tables(doc.body).count == 1, "only the template's own table in the body")
}

@Test func markupEscapingRoundTrips() throws {
    let samples = ["a|b", "\\n", "@p", "x\ny", "\\|", "末尾\\"]
    for s in samples {
        let parsed = try Markup.parse("@plain " + Markup.escape(s), template: "t", tables: [:], seal: nil)
        let expected = s.split(separator: "\n").map(String.init)
        let got = parsed.body.compactMap { b -> String? in if case .paragraph(let sp, _) = b { return sp.plainText } else { return nil } }
        #expect(got == expected, "\(s)")
    }
    #expect(throws: Markup.ParseError.self) { try Markup.parse("@bogus x", template: "t", tables: [:], seal: nil) }
    #expect(throws: Markup.ParseError.self) { try Markup.parse("@table nope", template: "t", tables: [:], seal: nil) }
}

/// The panel table marks the leader however the panel file spells the name.
@Test func leaderIsMarkedAsAnIdentity() throws {
    var p = panel(bases: Array(repeating: Points(85), count: 5))
    p.leader = "专家２"        // full-width digit: the same person as 专家2
    let doc = try builder.provincial(p, engine.score(p)).document
    let table = try #require(tables(doc.body).first)
    let roles = table.rows.map { $0.last?.text ?? "" }
    #expect(roles == ["成员", "组长", "成员", "成员", "成员"])
}

/// An expert's own deduction does not show in the attachment as if it counted; the body records it
/// beside the panel's ruling.
@Test func expertDeductionIsRecordedNotCounted() throws {
    var p = panel(bases: Array(repeating: Points(85), count: 5))
    p.experts[1].adjustments = Adjustments(incidents: ["major-incident": 1])
    p.adjustments = Adjustments(incidents: ["major-incident": 0])
    let result = engine.score(p)
    #expect(result.deduction == .zero && result.experts[1].result.deduction == Points(20))
    let doc = try builder.provincial(p, result).document
    let body = doc.body.compactMap { b -> String? in if case .paragraph(let s, _) = b { return s.plainText } else { return nil } }
    #expect(body.contains { $0.hasPrefix("减分项“试点区域出现") && $0.contains("专家2标为有此情形（减20分）；专家1、专家3、专家4、专家5未标注。专家组认定为无此情形（不减分），与此不同的标注不计入总分。") })
    let attached = try #require(doc.attachments.first { $0.title.contains("专家2") })
    let table = try #require(tables(attached.blocks).first)
    let cells = table.rows.flatMap { $0 }.map(\.text)
    #expect(!cells.contains("−20"))
    #expect(table.rows.last?.last?.text == "85.00")
    #expect(table.rows.last?.first?.text == "总分（加分项、减分项由专家组统一认定）")
    let notes = table.notes.map(\.plainText).joined()
    #expect(notes.contains("本表十一至十三栏按专家组认定填列"))
    #expect(notes.contains("该专家评分表原对减分项“试点区域出现"))
    // Another expert's table carries the note, without a claim of its own.
    let third = try #require(doc.attachments.first { $0.title.contains("专家3") })
    let other = try #require(tables(third.blocks).first)
    #expect(other.rows.last?.first?.text == "总分（加分项、减分项由专家组统一认定）")
    #expect(!other.notes.map(\.plainText).joined().contains("原对"))
    // A table outside a provincial report keeps its plain total row.
    #expect(try tables(builder.scoreTable(p.experts[1], result.experts[1].result).document.body).first?.rows.last?.first?.text == "总　分")
}
