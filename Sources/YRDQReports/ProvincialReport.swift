import Foundation
import YRDQCore
import YRDQDocument

extension ReportBuilder {
    /// 评估报告 of a provincial panel; `audit`, when given, is attached after the expert tables as
    /// 评审过程记录 (the workspace's audit trail, every event in order).
    public func provincial(_ panel: Panel, _ result: PanelResult, audit: [AuditRecord]? = nil) throws -> Output {
        guard let pilot = panel.pilot else { throw TemplateSet.LoadError(description: "评估报告需要试点档案（专家组文件中的 pilot）") }
        var warnings: [String] = []
        func list(_ items: [String], _ label: String) -> [String] {
            if items.isEmpty { warnings.append("专家组文件缺少“\(label)”，报告中以“\(missingText)”标出"); return [missingText] }
            return items
        }
        let experts: [[String: Any]] = panel.experts.enumerated().map { i, s in
            let a = s.assessor
            return ["index": String(i + 1), "name": a?.name ?? "", "organization": a?.organization ?? "",
                    "kind": a?.kind ?? "", "leader": panel.isLeader(a?.name)]
        }
        let panelTable = Table(
            columns: [.init(width: 0.8, alignment: .center), .init(width: 1.6, alignment: .center), .init(width: 5), .init(width: 2, alignment: .center),
                      .init(width: 1.4, alignment: .center)],
            header: [["序号", "姓名", "单位", "所属方面", "专家组职务"].map { Table.Cell($0, alignment: .center, emphasis: true) }],
            rows: panel.experts.enumerated().map { i, s in
                [Table.Cell(String(i + 1)), Table.Cell(s.assessor?.name ?? ""), Table.Cell(s.assessor?.organization ?? ""),
                 Table.Cell(s.assessor?.kind ?? "—"), Table.Cell(panel.isLeader(s.assessor?.name) ? "组长" : "成员")]
            })
        let expertTotals = Table(
            columns: [.init(width: 0.8, alignment: .center), .init(width: 1.6, alignment: .center), .init(width: 5), .init(width: 1.6, alignment: .center),
                      .init(width: 1.6, alignment: .center)],
            header: [["序号", "专家", "单位", "基本分", "是否计入"].map { Table.Cell($0, alignment: .center, emphasis: true) }],
            rows: result.experts.enumerated().map { i, e in
                [Table.Cell(String(i + 1)), Table.Cell(e.name), Table.Cell(e.organization), Table.Cell(e.result.base.description),
                 Table.Cell(e.dropped ? "去掉" : "计入")]
            } + [[Table.Cell("专家组基本分（\(result.aggregation.chinese)）", colSpan: 3, alignment: .center, emphasis: true),
                  Table.Cell(result.base.fixed2, emphasis: true), Table.Cell("")]])
        func grounds(_ id: String) -> String {
            panel.adjustments.grounds[id].map { "（依据：\($0.trimmingCharacters(in: ["。", " "]))）" } ?? ""
        }
        var adjustments: [String] = []
        for line in result.adjustments.bonusLines {
            guard let c = rubric.bonus.category(line.category) else { continue }
            if let level = line.level.flatMap(c.level) {
                adjustments.append("\(c.name)：\(level.name)，加\(line.points)分\(grounds(c.id))。")
            } else {
                adjustments.append("\(c.name)：无，不加分。")
            }
        }
        for line in result.adjustments.deductionLines {
            guard let c = rubric.deductions.condition(line.condition) else { continue }
            adjustments.append(line.applies ? "减分项：\(c.bodyText)本次减\(line.points)分\(grounds(c.id))。"
                                            : "减分项：未发现“\(c.text.trimmingCharacters(in: ["；", "。"]))”的情形，不减分。")
        }
        let opinions = opinionLines(panel, result, grounds: grounds)
        let leader = panel.leader ?? ""
        if panel.leader == nil { warnings.append("专家组文件没有组长（leader），签字栏留空") }
        var context: [String: Any] = [
            "pilot": pilot.name, "region": pilot.region, "lead": pilot.lead, "province": panel.province ?? pilot.province ?? "",
            "bureau": panel.bureau ?? "\(panel.province ?? "")市场监督管理局",
            "guide": rubric.title, "document": rubric.documentNumber, "approved": pilot.approved.chinese,
            "panelRule": rubric.panel.rule.trimmingCharacters(in: ["。"]), "expertCount": String(panel.experts.count), "experts": experts,
            "materialReview": panel.materialReview?.chinese ?? missingText,
            "siteReview": panel.siteReview?.chinese ?? missingText,
            "aggregation": result.aggregation.chinese,
            "base": result.base.fixed2, "bonus": result.bonus.description, "deduction": result.deduction.description,
            "total": result.total.fixed2,
            "adjustments": adjustments,
            "opinions": opinions, "hasOpinions": !opinions.isEmpty,
            "divergent": result.divergent.isEmpty ? "" : "第" + result.divergent.map(String.init).joined(separator: "、") + "项",
            "findings": list(panel.findings, "主要成效（findings）"),
            "recommendations": list(panel.recommendations, "存在问题与改进建议（recommendations）"),
            "conclusion": engine.explanation(result.decision, total: result.total),
            "designate": result.decision == .designate, "retain": result.decision == .retain, "suspend": result.decision == .suspend,
            "rules": engine.ruleReadings,
            "leader": leader, "date": panel.date?.chinese ?? "",
            "expertSheets": result.experts.enumerated().map { i, e in
                ["label": "附件\(i + 2)", "title": "专家评分表（\(e.name)）", "table": "expert-\(i + 1)", "name": e.name,
                 "organization": e.organization, "date": panel.experts[i].date?.chinese ?? ""] as [String: Any]
            },
        ]
        if let audit {
            context["audit"] = ["label": "附件\(result.experts.count + 2)", "count": String(audit.count)] as [String: Any]
        }
        var tables: [String: Table] = [
            "panel": panelTable,
            "indicator-scores": indicatorTable(result.indicators, adjustments: result.adjustments, base: result.base, total: result.total),
            "expert-totals": expertTotals,
            "summary": SummaryTable(rubric: rubric).table(result),
        ]
        // An attached expert table shows bonus and deductions as the panel settled them (what the body
        // states and the total counts), says so, and records the sheet's own marks where they differ.
        for (i, e) in result.experts.enumerated() {
            let own = result.opinions.filter { $0.claimingOtherwise.contains(i) }
                .map { "该专家评分表原\($0.describe($0.marks[i]!, rubric: rubric, expert: true))，未被专家组采纳，不计入总分。" }
            tables["expert-\(i + 1)"] = ScoreTable(rubric: rubric).table(e.settled, settledByPanel: own)
        }
        if let audit { tables["audit"] = Self.auditTable(audit) }
        if panel.materialReview == nil || panel.siteReview == nil { warnings.append("专家组文件缺少材料评审或现场评审日期，报告中以“\(missingText)”标出") }
        let doc = try templates.document("provincial", context: context, tables: tables,
                                         metadata: metadata("\(pilot.name)省级评估报告", author: panel.bureau ?? panel.province ?? "",
                                                            date: panel.date, kind: "provincial", pilot: pilot), seal: seal)
        return Output(document: doc, warnings: warnings)
    }

    /// The audit trail as a table: 序号, 时间 (recorded in UTC, shown in Beijing time, which has
    /// no daylight saving), 操作人, 操作, 对象, 原值, 新值; a trail without events says so in one row.
    static func auditTable(_ audit: [AuditRecord]) -> Table {
        func time(_ at: String) -> String {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            guard let date = f.date(from: at) else { return at }
            let out = DateFormatter()
            out.locale = Locale(identifier: "en_US_POSIX")
            out.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
            out.dateFormat = "yyyy-MM-dd HH:mm:ss"
            return out.string(from: date)
        }
        let rows = audit.enumerated().map { i, r in
            [Table.Cell(String(i + 1)), Table.Cell(time(r.at)), Table.Cell(r.actor), Table.Cell(r.action), Table.Cell(r.subject),
             Table.Cell(r.old ?? ""), Table.Cell(r.new ?? "")]
        }
        return Table(
            columns: [.init(width: 0.7, alignment: .center), .init(width: 3.3, alignment: .center), .init(width: 1.6, alignment: .center),
                      .init(width: 1.9), .init(width: 2.1), .init(width: 2.8), .init(width: 2.8)],
            header: [["序号", "时间（北京时间）", "操作人", "操作", "对象", "原值", "新值"].map { Table.Cell($0, alignment: .center, emphasis: true) }],
            rows: rows.isEmpty ? [[Table.Cell("没有记录", colSpan: 7, alignment: .center)]] : rows,
            // Compact, as the summary sheet: a trail runs to hundreds of rows.
            compact: true)
    }

    /// 三（三）'s record of the experts' own marks: per bonus category and deduction condition that
    /// any sheet marks, which experts marked what, and the panel's ruling with its grounds.
    func opinionLines(_ panel: Panel, _ result: PanelResult, grounds: (String) -> String) -> [String] {
        var lines: [String] = []
        for opinion in result.opinions where !opinion.marks.isEmpty {
            let subject: String
            switch opinion.subject {
            case .bonus(let id): subject = rubric.bonus.category(id)?.name ?? id
            case .deduction(let id):
                subject = "减分项“" + (rubric.deductions.condition(id)?.text.trimmingCharacters(in: ["；", "。"]) ?? id) + "”"
            }
            // Experts grouped by what they marked, in the order the panel lists them.
            var groups: [(mark: AdjustmentOpinion.Mark, names: [String])] = []
            for i in opinion.marks.keys.sorted() {
                let mark = opinion.marks[i]!
                let name = result.experts[i].name.isEmpty ? "第\(i + 1)位专家" : result.experts[i].name
                if let g = groups.firstIndex(where: { $0.mark == mark }) { groups[g].names.append(name) }
                else { groups.append((mark, [name])) }
            }
            func value(_ mark: AdjustmentOpinion.Mark) -> String {
                String(opinion.describe(mark, rubric: rubric, expert: false).dropFirst())   // "为…" without "为"
            }
            var parts = groups.map { g in
                (g.names.count > 1 ? "\(g.names.joined(separator: "、"))共\(g.names.count)位专家" : g.names[0]) + "标为\(value(g.mark))"
            }
            let silent = result.experts.indices.filter { opinion.marks[$0] == nil }.map { result.experts[$0].name }
            if !silent.isEmpty { parts.append("\(silent.joined(separator: "、"))未标注") }
            if opinion.dissenting.isEmpty && silent.isEmpty {
                lines.append("\(subject)：全体\(result.experts.count)位专家均标为\(value(opinion.ruling))，与专家组认定一致。")
            } else if opinion.dissenting.isEmpty {
                lines.append("\(subject)：\(parts.joined(separator: "；"))，与专家组认定一致。")
            } else {
                lines.append("\(subject)：\(parts.joined(separator: "；"))。专家组认定为\(value(opinion.ruling))\(grounds(opinion.subject.id))，"
                             + "与此不同的标注不计入总分。")
            }
        }
        return lines
    }
}
