import YRDQCore

/// Turns results into the command line's text (the JSON is the service's, `ResultJSON`). It formats; it computes nothing.
enum Presenter {
    /// A value from a file, on its line as data: a line break or control character in a
    /// pilot's or an expert's name (or a path) is an escape, so it cannot start a line of its own.
    static func v(_ text: String) -> String { TerminalText.value(text) }

    static func bonusText(_ a: AdjustmentResult, rubric: Rubric) -> String {
        let parts = a.bonusLines.compactMap { line -> String? in
            guard let c = rubric.bonus.category(line.category), let level = line.level.flatMap(c.level) else { return nil }
            return "\(v(c.name))：\(v(level.name)) +\(line.points)"
        }
        return parts.isEmpty ? "无" : parts.joined(separator: "；")
    }

    static func deductionText(_ a: AdjustmentResult) -> String {
        let parts = a.deductionLines.filter(\.applies).map { "\(v($0.condition)) −\($0.points)" }
        return parts.isEmpty ? "无" : parts.joined(separator: "；")
    }

    static func table(_ rows: [(String, String)]) -> String {
        let w = rows.map { displayWidth($0.0) }.max() ?? 0
        return rows.map { padRight($0.0, w + 2) + $0.1 }.joined(separator: "\n")
    }

    static func indicatorRows(_ indicators: [IndicatorScore], rubric: Rubric) -> [(String, String)] {
        indicators.map { i in
            ("\(rubric.indicators[i.index - 1].numeral)、\(v(i.name))", padLeft(i.score.description, 6) + " / \(i.max)")
        }
    }

    static func summary(_ sheet: ScoreSheet, _ r: SheetResult, decision: SelfAssessmentDecision, rubric: Rubric) -> String {
        let engine = ScoringEngine(rubric: rubric)
        var lines: [String] = []
        let who = sheet.assessor.map { "（评估人：\(v($0.name))，\(v($0.organization))）" } ?? ""
        lines.append("\(rubric.appendixTitle)\(sheet.pilot.map { " — \(v($0.name))" } ?? "")")
        lines.append("评分表：\(v(sheet.source))\(sheet.date.map { "　评估日期：\($0.chinese)" } ?? "")\(who)")
        lines.append("")
        var rows = indicatorRows(r.indicators, rubric: rubric)
        rows.append(("基本分（第1—\(rubric.items.count)项）", padLeft(r.base.description, 6) + " / \(rubric.total)"))
        rows.append(("加分", padLeft("+" + r.bonus.description, 6) + "　" + bonusText(r.adjustments, rubric: rubric)))
        rows.append(("减分", padLeft("−" + r.deduction.description, 6) + "　" + deductionText(r.adjustments)))
        rows.append(("总分", padLeft(r.total.fixed2, 6)))
        lines.append(table(rows))
        lines.append("")
        lines.append("结论：\(engine.explanation(decision, total: r.total))")
        return lines.joined(separator: "\n")
    }

    static func summary(_ panel: Panel, _ p: PanelResult, rubric: Rubric) -> String {
        let engine = ScoringEngine(rubric: rubric)
        var lines: [String] = []
        lines.append("省级评估\(panel.pilot.map { " — \(v($0.name))" } ?? "")")
        lines.append("专家组评分文件：\(v(panel.source))\(panel.date.map { "　评估日期：\($0.chinese)" } ?? "")")
        lines.append("")
        var experts: [(String, String)] = p.experts.map { e in
            ("\(v(e.name))（\(v(e.organization))）", padLeft(e.result.base.description, 6) + (e.dropped ? "　（去掉）" : ""))
        }
        experts.append(("专家组基本分（\(panel.aggregation.chinese)）", padLeft(p.base.fixed2, 6)))
        lines.append(table(experts))
        lines.append("")
        var rows = indicatorRows(p.indicators, rubric: rubric)
        rows.append(("加分", padLeft("+" + p.bonus.description, 6) + "　" + bonusText(p.adjustments, rubric: rubric)))
        rows.append(("减分", padLeft("−" + p.deduction.description, 6) + "　" + deductionText(p.adjustments)))
        rows.append(("总分", padLeft(p.total.fixed2, 6)))
        lines.append(table(rows))
        if !p.divergent.isEmpty {
            lines.append("")
            lines.append("专家评分分歧较大（极差超过该项分值一半）的项目：第\(p.divergent.map(String.init).joined(separator: "、"))项")
        }
        lines.append("")
        lines.append("结论：\(engine.explanation(p.decision, total: p.total))")
        return lines.joined(separator: "\n")
    }
}
