import YRDQCore
import YRDQDocument

extension ReportBuilder {
    /// The score by first-level indicator: points, score, rate; bonus; deductions; total.
    /// `facts`, when given, adds the honour that counted (title, date) and a deduction's grounds to their rows.
    func indicatorTable(_ indicators: [IndicatorScore], adjustments: AdjustmentResult, base: Points, total: Points,
                        facts: Adjustments? = nil) -> Table {
        var rows: [[Table.Cell]] = indicators.map { i in
            [Table.Cell("\(rubric.indicators[i.index - 1].numeral)、\(i.name)"), Table.Cell(i.max.description),
             Table.Cell(i.score.description), Table.Cell(Points.percentage(i.score, of: i.max).fixed2 + "%")]
        }
        rows.append([Table.Cell("基本分小计", emphasis: true), Table.Cell(rubric.total.description, emphasis: true),
                     Table.Cell(base.description, emphasis: true), Table.Cell(Points.percentage(base, of: rubric.total).fixed2 + "%", emphasis: true)])
        for line in adjustments.bonusLines {
            guard let c = rubric.bonus.category(line.category) else { continue }
            let level = line.level.flatMap(c.level)?.name ?? "无"
            let honour = facts.flatMap { FactsText.counted(line, in: $0) }.flatMap(FactsText.honour).map { "：\($0)" } ?? ""
            rows.append([Table.Cell("加分：\(c.name)（\(level)\(honour)）"), Table.Cell(c.points.description),
                         Table.Cell("+" + line.points.description), Table.Cell("—")])
        }
        for line in adjustments.deductionLines {
            guard let c = rubric.deductions.condition(line.condition) else { continue }
            let grounds = facts.flatMap { FactsText.grounds(c.id, in: $0) }.map { "（依据：\($0)）" } ?? ""
            rows.append([Table.Cell("减分：\(c.text.trimmingCharacters(in: ["；", "。"]))\(grounds)"), Table.Cell(c.points.description),
                         Table.Cell(line.applies ? "−" + line.points.description : "0"), Table.Cell("—")])
        }
        rows.append([Table.Cell("总分", emphasis: true), Table.Cell("—", emphasis: true),
                     Table.Cell(total.fixed2, emphasis: true), Table.Cell("—", emphasis: true)])
        return Table(columns: [.init(width: 5.5), .init(width: 1.2, alignment: .center), .init(width: 1.2, alignment: .center),
                               .init(width: 1.4, alignment: .center)],
                     header: [["一级指标", "分值", "得分", "得分率"].map { Table.Cell($0, alignment: .center, emphasis: true) }],
                     rows: rows)
    }

    /// 证明材料清单, from the sheet's evidence entries.
    func evidenceTable(_ sheet: ScoreSheet) -> Table {
        var rows: [[Table.Cell]] = []
        var n = 0
        for item in rubric.items {
            for file in sheet.items[item.number]?.evidence ?? [] {
                n += 1
                rows.append([Table.Cell(String(n), alignment: .center), Table.Cell("第\(item.number)项", alignment: .center),
                             Table.Cell(rubric.indicator(ofItem: item.number)?.name ?? ""), Table.Cell(file)])
            }
        }
        if rows.isEmpty { rows.append([Table.Cell("评分表未列出证明材料。", colSpan: 4, alignment: .center)]) }
        return Table(columns: [.init(width: 0.8, alignment: .center), .init(width: 1.2, alignment: .center), .init(width: 3), .init(width: 5.5)],
                     header: [["序号", "指标项", "一级指标", "证明材料"].map { Table.Cell($0, alignment: .center, emphasis: true) }],
                     rows: rows)
    }

    /// 自评报告.
    public func selfAssessment(_ sheet: ScoreSheet, _ result: SheetResult) throws -> Output {
        guard let pilot = sheet.pilot else { throw TemplateSet.LoadError(description: "自评报告需要试点档案（评分表中的 pilot）") }
        var warnings: [String] = []
        func narrative(_ text: String?, _ label: String) -> String {
            if let t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty { return t }
            warnings.append("试点档案缺少“\(label)”，报告中以“\(missingText)”标出")
            return missingText
        }
        let decision = engine.selfAssessmentDecision(total: result.total)
        let achievements: [[String: Any]] = rubric.indicators.enumerated().map { i, ind in
            ["heading": "（\(chineseNumeral(i + 1))）\(ind.name)",
             "text": narrative(pilot.achievements[ind.index], "主要做法与成效（\(ind.index)：\(ind.name)）")]
        }
        let lost = LostPoints.entries(rubric: rubric, sheet: sheet, result: result)
        let date = sheet.date?.chinese ?? ""
        if sheet.date == nil { warnings.append("评分表没有评估日期（date），报告落款日期为空") }
        let context: [String: Any] = [
            "pilot": pilot.name, "region": pilot.region, "lead": pilot.lead, "industry": pilot.industry ?? "",
            "province": pilot.province ?? "", "approved": pilot.approved.chinese,
            "cycleEnd": pilot.approved.adding(months: rubric.constructionCycleMonths).chinese,
            "participants": pilot.participants.joined(separator: "、"),
            "enterprises": pilot.enterprises.map { e in e.name + (e.role.map { "（\($0)）" } ?? "") }.joined(separator: "、"),
            "overview": narrative(pilot.overview, "试点基本情况（overview）"),
            "work": narrative(pilot.selfAssessmentWork, "自评工作开展情况（self-assessment-work）"),
            "achievements": achievements,
            "base": result.base.description, "bonus": result.bonus.description, "deduction": result.deduction.description,
            "total": result.total.fixed2, "max": rubric.total.description,
            "lost": lost.map { ["text": $0.text] }, "hasLost": !lost.isEmpty,
            "problems": pilot.problems, "hasProblems": !pilot.problems.isEmpty,
            "nextSteps": pilot.nextSteps.isEmpty ? [narrative(nil, "下一步工作计划（next-steps）")] : pilot.nextSteps,
            "eligible": decision == .eligible,
            "conclusion": engine.explanation(decision, total: result.total),
            "rules": engine.ruleReadings,
            "date": date, "guide": rubric.title, "document": rubric.documentNumber,
        ]
        var tables: [String: Table] = [
            "indicator-scores": indicatorTable(result.indicators, adjustments: result.adjustments, base: result.base, total: result.total,
                                               facts: sheet.adjustments),
            "evidence": evidenceTable(sheet),
        ]
        tables["score-table"] = ScoreTable(rubric: rubric).table(result, facts: sheet.adjustments)
        let doc = try templates.document("self-assessment", context: context, tables: tables,
                                         metadata: metadata("\(pilot.name)自评报告", author: pilot.lead, date: sheet.date,
                                                            kind: "self-assessment", pilot: pilot), seal: seal)
        return Output(document: doc, warnings: warnings)
    }
}

/// 1 → 一 … 99 → 九十九, for section numbers.
func chineseNumeral(_ n: Int) -> String {
    let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    if n < 10 { return digits[n] }
    if n < 20 { return "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
    if n < 100 { return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
    return String(n)
}
