import YRDQCore
import YRDQDocument

/// 专家评分汇总表: items × experts, each item's spread (极差, highest − lowest, from the
/// scoring), each expert's base total, the panel mean (and the trimmed mean when chosen),
/// divergent items marked.
struct SummaryTable {
    let rubric: Rubric

    func table(_ result: PanelResult) -> Table {
        let experts = result.experts
        var header: [Table.Cell] = [Table.Cell("一级指标", emphasis: true), Table.Cell("序号", emphasis: true), Table.Cell("分值", emphasis: true)]
        header += experts.map { Table.Cell($0.name + ($0.dropped ? "（去掉）" : ""), alignment: .center, emphasis: true) }
        header.append(Table.Cell("极差", emphasis: true))
        header += [Table.Cell(result.aggregation == .trimmed ? "去极值平均" : "平均分", emphasis: true), Table.Cell("分歧", emphasis: true)]
        let divergent = Set(result.divergent)
        var rows: [[Table.Cell]] = []
        for indicator in rubric.indicators {
            var first = true
            for item in indicator.items {
                var row: [Table.Cell] = []
                if first {
                    let label = "\(indicator.numeral)、\(indicator.name)"
                    row.append(Table.Cell([.text(label)], rowSpan: indicator.items.count, alignment: .center, continuationLabel: label))
                    first = false
                }
                row.append(Table.Cell(String(item.number), alignment: .center))
                row.append(Table.Cell(item.points.description, alignment: .center))
                row += experts.map { Table.Cell(($0.result.items[item.number] ?? .zero).description, alignment: .center) }
                row.append(Table.Cell((result.itemSpreads[item.number] ?? .zero).description, alignment: .center))
                row.append(Table.Cell((result.itemMeans[item.number] ?? .zero).description, alignment: .center))
                row.append(Table.Cell(divergent.contains(item.number) ? "※" : "", alignment: .center))
                rows.append(row)
            }
        }
        func summaryRow(_ label: String, _ values: [String], _ last: String, emphasis: Bool = true) -> [Table.Cell] {
            [Table.Cell(label, colSpan: 3, alignment: .center, emphasis: emphasis)]
                + values.map { Table.Cell($0, alignment: .center, emphasis: emphasis) } + [Table.Cell("")]
                + [Table.Cell(last, alignment: .center, emphasis: emphasis), Table.Cell("")]
        }
        rows.append(summaryRow("基本分", experts.map { $0.result.base.description }, result.base.fixed2))
        rows.append(summaryRow("算术平均值", experts.map { _ in "" }, result.meanBase.fixed2, emphasis: false))
        if result.aggregation == .trimmed, let t = result.trimmedBase {
            rows.append(summaryRow("去掉一个最高分和一个最低分后的平均值", experts.map { _ in "" }, t.fixed2, emphasis: false))
        }
        rows.append(summaryRow("加分（专家组认定）", experts.map { _ in "" }, "+" + result.bonus.description, emphasis: false))
        rows.append(summaryRow("减分（专家组认定）", experts.map { _ in "" }, "−" + result.deduction.description, emphasis: false))
        rows.append(summaryRow("总分", experts.map { _ in "" }, result.total.fixed2))
        var notes: [[Span]] = [[.text("专家组基本分为\(result.aggregation.chinese)，四舍五入保留两位小数；各项平均分按同一口径计算，仅供参考，其合计可能因四舍五入与基本分略有差异。")]]
        if !result.divergent.isEmpty {
            notes.append([.text("※ 专家评分极差超过该项分值一半的项目：第\(result.divergent.map(String.init).joined(separator: "、"))项。")])
        }
        let columns: [Table.Column] = [.init(width: 2.2, alignment: .center), .init(width: 0.8, alignment: .center), .init(width: 0.8, alignment: .center)]
            + experts.map { _ in Table.Column(width: 1.1, alignment: .center) } + [.init(width: 0.8, alignment: .center)]
            + [.init(width: 1.3, alignment: .center), .init(width: 0.8, alignment: .center)]
        return Table(columns: columns, header: [header], rows: rows, notes: notes, compact: true)
    }
}
