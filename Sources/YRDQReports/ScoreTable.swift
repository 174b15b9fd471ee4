import YRDQCore
import YRDQDocument

/// The guide's appendix 评分表 as a table: 一级指标 / 二级指标 / 三级指标 / 得分, the first
/// two merged over their rows, the guide's wording, rows 十一、十二 (bonus), 十三
/// (deductions) and 总分. Blank (for an expert to fill by hand) or filled from a result.
struct ScoreTable {
    let rubric: Rubric

    /// Footnote marks in the order the guide places them: 注1, 注2 …
    var footnoteOrder: [String] {
        var ids: [String] = []
        for g in rubric.groups {
            for id in g.preambleFootnotes where !ids.contains(id) { ids.append(id) }
            for item in g.items { for id in item.footnotes where !ids.contains(id) { ids.append(id) } }
        }
        for c in rubric.deductions.conditions { for id in c.footnotes where !ids.contains(id) { ids.append(id) } }
        return ids
    }

    /// Text with a note mark after the footnoted term.
    func spans(_ text: String, footnotes: [String]) -> [Span] {
        var spans: [Span] = []
        var rest = Substring(text)
        let order = footnoteOrder
        for id in footnotes {
            guard let note = rubric.footnote(id), let range = rest.range(of: note.term),
                  let index = order.firstIndex(of: id) else { continue }
            spans.append(.text(String(rest[..<range.upperBound])))
            spans.append(.noteMark("注\(index + 1)"))
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty { spans.append(.text(String(rest))) }
        return spans
    }

    /// `facts`, the sheet's stated honours and grounds, are printed as notes under the total.
    /// `settledByPanel`: the table is attached to a provincial report and `result` carries the
    /// panel's bonus and deductions; the total row says so, and a note records these lines (the
    /// sheet's own claims that the panel did not adopt), if any.
    func table(_ result: SheetResult?, facts: Adjustments? = nil, settledByPanel: [String]? = nil) -> Table {
        func score(_ p: Points?) -> Table.Cell { Table.Cell(p.map(\.description) ?? "", alignment: .center) }
        var rows: [[Table.Cell]] = []
        for indicator in rubric.indicators {
            let label = "\(indicator.numeral)、\(indicator.name)"
            var first = true
            let indicatorRows = indicator.groups.reduce(0) { $0 + $1.items.count + ($1.preamble == nil ? 0 : 1) }
            for group in indicator.groups {
                var groupFirst = true
                let groupRows = group.items.count + (group.preamble == nil ? 0 : 1)
                func lead() -> [Table.Cell] {
                    var cells: [Table.Cell] = []
                    if first {
                        cells.append(Table.Cell([.text("\(label)（\(indicator.points)分）")], rowSpan: indicatorRows,
                                                alignment: .center, continuationLabel: label))
                        first = false
                    }
                    if groupFirst {
                        cells.append(Table.Cell([.text("\(group.name)（\(group.points)分）")], rowSpan: groupRows,
                                                alignment: .center, continuationLabel: group.name))
                        groupFirst = false
                    }
                    return cells
                }
                if let pre = group.preamble {
                    rows.append(lead() + [Table.Cell(spans(pre, footnotes: group.preambleFootnotes), colSpan: 2)])
                }
                for item in group.items {
                    rows.append(lead() + [Table.Cell(spans("\(item.number)．\(item.text)", footnotes: item.footnotes)),
                                          score(result?.items[item.number])])
                }
            }
        }
        for category in rubric.bonus.categories {
            let line = result?.adjustments.bonusLines.first { $0.category == category.id }
            let label = "\(category.numeral)、\(category.name)"
            var cells: [Table.Cell] = [Table.Cell([.text("\(label)（\(category.points)分）")],
                                                  rowSpan: category.levels.count + (category.preamble == nil ? 0 : 1),
                                                  alignment: .center, continuationLabel: label)]
            if let pre = category.preamble {
                rows.append(cells + [Table.Cell(pre, colSpan: 3)])
                cells = []
            }
            for level in category.levels {
                let counted = result != nil && line?.level == level.id
                rows.append(cells + [Table.Cell(level.text, colSpan: 2),
                                     Table.Cell(counted ? "+\(line!.points)" : (result == nil ? "" : "—"), alignment: .center)])
                cells = []
            }
        }
        let d = rubric.deductions
        var dCells: [Table.Cell] = [Table.Cell([.text("\(d.numeral)、\(d.name)")], rowSpan: d.conditions.count + 1,
                                               alignment: .center, continuationLabel: "\(d.numeral)、\(d.name)")]
        rows.append(dCells + [Table.Cell(d.preamble, colSpan: 3)])
        dCells = []
        for condition in d.conditions {
            let line = result?.adjustments.deductionLines.first { $0.condition == condition.id }
            let mark = result == nil ? "" : ((line?.applies ?? false) ? "−\(line!.points)" : "0")
            rows.append([Table.Cell(spans(condition.text, footnotes: condition.footnotes), colSpan: 2),
                         Table.Cell(mark, alignment: .center)])
        }
        // Attached to a provincial report: the total row says whose bonus and deductions it counts
        // (in the row itself, so the note costs no line and the table keeps its pages).
        let totalLabel = settledByPanel == nil ? "总　分" : "总分（加分项、减分项由专家组统一认定）"
        rows.append([Table.Cell(totalLabel, colSpan: 3, alignment: .center, emphasis: true),
                     Table.Cell(result?.total.fixed2 ?? "", alignment: .center, emphasis: true)])
        var notes: [[Span]] = footnoteOrder.enumerated().compactMap { i, id in
            rubric.footnote(id).map { [.text("注\(i + 1)：\($0.term.trimmingCharacters(in: ["/"]))——\($0.text)")] }
        }
        if let result {
            let stated = facts.map { FactsText(rubric: rubric).notes(result.adjustments, facts: $0) } ?? []
            notes.insert(contentsOf: stated.map { [.text($0)] }, at: 0)
            if let own = settledByPanel, !own.isEmpty {
                let rows = rubric.bonus.categories.map(\.numeral) + [rubric.deductions.numeral]
                let settled = "本表\(rows.first!)至\(rows.last!)栏按专家组认定填列（见正文“加分与减分”）。"
                notes.insert([.text(settled + own.joined())], at: 0)
            }
            notes.insert([.text("总分 = 基本分\(result.base) + 加分\(result.bonus) − 减分\(result.deduction) = \(result.total.fixed2)。")], at: 0)
        }
        return Table(columns: [.init(width: 1.6, alignment: .center), .init(width: 1.6, alignment: .center),
                               .init(width: 7.2, alignment: .left), .init(width: 1.2, alignment: .center)],
                     header: [["一级指标", "二级指标", "三级指标", "得分"].map { Table.Cell($0, alignment: .center, emphasis: true) }],
                     rows: rows, notes: notes)
    }
}
