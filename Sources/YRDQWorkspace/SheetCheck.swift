import Foundation
import YRDQCore

/// The web sheet checked by Core's one validator: the form's values become a keyed draft, the
/// same one a YAML sheet's reader gives (`items: {n: {criteria: [...], note:, evidence:}}`), so
/// every rule and every message is the command line's. What only the form can get wrong — a
/// criterion's box left empty while others are filled — is reported as the draft's shape problem.
public enum SheetCheck {
    /// Checks what an expert typed; the sheet, or every problem (each naming its item).
    public static func validate(_ content: SheetContent, assessor: Assessor, rubric: Rubric) -> Result<ScoreSheet, InputErrors> {
        typealias F = SheetDraft.Field
        func v(_ s: String) -> SheetDraft.Value { SheetDraft.Value(s, .none) }
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        var keyed = SheetDraft.Keyed(place: .none)
        if !trimmed(content.date).isEmpty { keyed.date = F(v(trimmed(content.date))) }
        var a = SheetDraft.AssessorEntry(place: .none)
        a.name = F(v(assessor.name))
        a.organization = F(v(assessor.organization))
        if let kind = assessor.kind, !kind.isEmpty { a.kind = F(v(kind)) }
        keyed.assessor = a
        var items = SheetDraft.Items(place: .none)
        for item in rubric.items {
            let entry = content.items[String(item.number)] ?? SheetContent.Item()
            let typed = item.criteria.indices.map { i in i < entry.criteria.count ? trimmed(entry.criteria[i]) : "" }
            var detail = SheetDraft.ItemDetail(place: .none)
            if typed.contains(where: { !$0.isEmpty }) {
                detail.criteria = F(typed.enumerated().map { i, t in
                    t.isEmpty ? F(nil, problems: [Diagnostic(file: "", kind: .criteriaCount, "第\(i + 1)条评分标准没有填写得分（每一条都须填写；未得分请填 0）")])
                              : F(v(t))
                })
            } else if !trimmed(entry.score).isEmpty {
                detail.score = F(v(trimmed(entry.score)))
            } else {
                continue   // not scored: the validator lists it with the others
            }
            if !trimmed(entry.note).isEmpty { detail.note = F(trimmed(entry.note)) }
            let evidence = entry.evidence.split(whereSeparator: { "；;\n".contains($0) }).map { trimmed(String($0)) }.filter { !$0.isEmpty }
            if !evidence.isEmpty { detail.evidence = F(evidence) }
            items.entries.append(SheetDraft.ItemEntry(key: v(String(item.number)), value: .detailed(detail)))
        }
        keyed.items = items
        var adjustments = SheetDraft.Adjustments()
        adjustments.bonus = F(rubric.bonus.categories.map { category in
            let b = content.bonus[category.id] ?? SheetContent.Bonus()
            var claim = SheetDraft.Claim()
            claim.level = F(v(b.level))
            if b.level != BonusRules.noneLevel {
                if !trimmed(b.title).isEmpty { claim.title = F(trimmed(b.title)) }
                if !trimmed(b.date).isEmpty { claim.date = F(v(trimmed(b.date))) }
            }
            return SheetDraft.BonusEntry(key: v(category.id), claims: [claim])
        })
        adjustments.deductions = F(rubric.deductions.conditions.map { condition in
            SheetDraft.DeductionEntry(key: v(condition.id), value: .flag((content.deductions[condition.id] ?? SheetContent.Deduction()).applies))
        })
        let grounds = rubric.deductions.conditions.compactMap { condition -> SheetDraft.GroundsEntry? in
            let g = trimmed((content.deductions[condition.id] ?? SheetContent.Deduction()).grounds)
            return g.isEmpty ? nil : SheetDraft.GroundsEntry(key: v(condition.id), text: F(g))
        }
        if !grounds.isEmpty { adjustments.deductionGrounds = F(grounds) }
        keyed.adjustments = adjustments
        do {
            return .success(try SheetValidator.validate(SheetDraft(source: "", keyed: keyed), rubric: rubric,
                                                        profile: { p throws(InputErrors) in throw InputErrors([Diagnostic(file: p, "文件不存在")]) }))
        } catch {
            return .failure(error)
        }
    }

    /// A message for a page: "第5项: …" without the file's place (the page is the place).
    public static func text(_ d: Diagnostic) -> String {
        (d.item.map { "第\($0)项: " } ?? "") + d.message
    }
}

/// The panel as the workspace holds it, assembled for Core's PanelScoring.
public enum PanelAssembly {
    public struct Problem: Error, Sendable { public var messages: [String] }

    /// The panel's settled facts as Core's adjustments, or what is wrong with them.
    public static func adjustments(_ s: Settlement, rubric: Rubric) -> Result<Adjustments, Problem> {
        var a = Adjustments()
        var problems: [String] = []
        for category in rubric.bonus.categories {
            let b = s.bonus[category.id] ?? SheetContent.Bonus()
            if let g = s.bonusGrounds[category.id], !g.isEmpty { a.grounds[category.id] = g }
            guard b.level != BonusRules.noneLevel else { continue }
            guard category.level(b.level) != nil else {
                problems.append("加分项“\(category.name)”的等级“\(SheetValidator.quote(b.level))”无效（允许：无 | 地市级 | 省级 | 国家级）")
                continue
            }
            var date: CivilDate? = nil
            if !b.date.isEmpty {
                switch CivilDate.parse(b.date) {
                case .success(let d): date = d
                case .failure(let p): problems.append("加分项“\(category.name)”的取得日期“\(SheetValidator.quote(b.date))”\(p.message)")
                }
            }
            a.honours[category.id] = [HonourClaim(level: b.level, title: b.title.isEmpty ? nil : b.title, date: date)]
        }
        for condition in rubric.deductions.conditions {
            let d = s.deductions[condition.id] ?? SheetContent.Deduction()
            a.incidents[condition.id] = d.applies ? 1 : 0
            if !d.grounds.isEmpty { a.grounds[condition.id] = d.grounds }
        }
        return problems.isEmpty ? .success(a) : .failure(Problem(messages: problems))
    }

    /// Checks the settlement's own fields (dates, names, aggregation), in the readers' words.
    public static func problems(_ s: Settlement, rubric: Rubric) -> [String] {
        var out: [String] = []
        for (value, label) in [(s.date, "报告日期"), (s.materialReview, "材料评审日期"), (s.siteReview, "现场评审日期")] where !value.isEmpty {
            if case .failure(let p) = CivilDate.parse(value) { out.append("\(label)“\(SheetValidator.quote(value))”\(p.message)") }
        }
        for (value, label) in [(s.province, "省份"), (s.bureau, "省级市场监管部门"), (s.leader, "专家组组长")] where !value.isEmpty {
            if let p = NameText.problem(value) { out.append("\(label)\(p)") }
        }
        if Aggregation(rawValue: s.aggregation) == nil { out.append("未知的汇总方式“\(SheetValidator.quote(s.aggregation))”") }
        if case .failure(let p) = adjustments(s, rubric: rubric) { out += p.messages }
        if let issuer = s.issuer { out += problems(issuer) }
        return out
    }

    /// Checks the issuer block as the panel reader would (`IssuerReader`): once any field is
    /// filled, the 发文机关标志, 发文字号, 主送机关 and 印发机关 are required, the number well formed,
    /// the dates real and the printing not before the writing.
    static func problems(_ i: IssuerFields) -> [String] {
        guard !i.isEmpty else { return [] }
        var out: [String] = []
        for (value, label) in [(i.mark, "发文机关标志"), (i.number, "发文字号"), (i.printer, "印发机关")] {
            if value.isEmpty { out.append("公文信息缺少\(label)（填写了公文信息的任一项时，发文机关标志、发文字号、主送机关和印发机关都须填写）") }
            else if let p = NameText.problem(value) { out.append("\(label)\(p)") }
        }
        if !i.number.isEmpty, NameText.problem(i.number) == nil, let p = IssuerDetails.numberProblem(i.number) {
            out.append("发文字号“\(SheetValidator.quote(i.number))”\(p)")
        }
        if i.addressees.isEmpty { out.append("公文信息缺少主送机关") }
        for (list, label) in [(i.addressees, "主送机关"), (i.copies, "抄送机关")] {
            for value in list { if let p = NameText.problem(value) { out.append("\(label)“\(SheetValidator.quote(value))”\(p)") } }
        }
        var dates: [String: CivilDate] = [:]
        for (value, label) in [(i.printed, "印发日期"), (i.date, "成文日期")] where !value.isEmpty {
            switch CivilDate.parse(value) {
            case .failure(let p): out.append("\(label)“\(SheetValidator.quote(value))”\(p.message)")
            case .success(let d): dates[label] = d
            }
        }
        if let printed = dates["印发日期"], let date = dates["成文日期"], printed < date {
            out.append("印发日期 \(printed) 早于成文日期 \(date)：公文成文后才能印发")
        }
        return out
    }

    /// The panel of the given (validated) sheets under the settlement.
    public static func panel(sheets: [ScoreSheet], settlement s: Settlement, pilot: PilotProfile?, rubric: Rubric) -> Panel {
        let adjustments = (try? adjustments(s, rubric: rubric).get()) ?? Adjustments()
        func date(_ t: String) -> CivilDate? { try? CivilDate.parse(t).get() }
        return Panel(source: "", pilot: pilot, province: s.province.isEmpty ? nil : s.province, bureau: s.bureau.isEmpty ? nil : s.bureau,
                     date: date(s.date), materialReview: date(s.materialReview), siteReview: date(s.siteReview),
                     leader: s.leader.isEmpty ? nil : s.leader, aggregation: Aggregation(rawValue: s.aggregation) ?? .mean,
                     experts: sheets, adjustments: adjustments, findings: s.findings, recommendations: s.recommendations)
    }
}
