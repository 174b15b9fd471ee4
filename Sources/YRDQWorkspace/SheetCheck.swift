import Foundation
import YRDQCore

/// The web sheet checked by Core's one validator: the form's values become a draft (the same
/// rows a CSV or XLSX sheet gives), so every mistake gets the command line's words.
public enum SheetCheck {
    /// Checks what an expert typed; the sheet, or every problem (each naming its item).
    public static func validate(_ content: SheetContent, assessor: Assessor, rubric: Rubric) -> Result<ScoreSheet, InputErrors> {
        var rows: [SheetDraft.Row] = []
        var extra: [Diagnostic] = []
        var criteriaScores: [Int: [Points]] = [:]
        func v(_ s: String) -> SheetDraft.Value { SheetDraft.Value(s, .none) }
        func row(_ number: String, _ value: String, note: String = "", evidence: String = "", date: String? = nil) {
            rows.append(SheetDraft.Row(number: v(number), value: v(value), note: v(note.trimmingCharacters(in: .whitespacesAndNewlines)),
                                       evidence: v(evidence.trimmingCharacters(in: .whitespacesAndNewlines)), date: date.map(v)))
        }
        row("评估日期", content.date.trimmingCharacters(in: .whitespaces))
        row("评估人", assessor.name)
        row("评估人单位", assessor.organization)
        row("评估人所属方面", assessor.kind ?? "")
        for item in rubric.items {
            let entry = content.items[String(item.number)] ?? SheetContent.Item()
            let typed = item.criteria.indices.map { i in i < entry.criteria.count ? entry.criteria[i].trimmingCharacters(in: .whitespaces) : "" }
            var value = ""
            if typed.contains(where: { !$0.isEmpty }) {
                var scores: [Points] = []
                var failed = false
                for (i, raw) in typed.enumerated() {
                    if raw.isEmpty {
                        extra.append(Diagnostic(file: "", item: item.number, kind: .criteriaCount,
                                                "第\(i + 1)条评分标准没有填写得分（每一条都须填写；未得分请填 0）"))
                        failed = true
                        continue
                    }
                    switch SheetValidator.score(raw, max: item.criteria[i].points) {
                    case .success(let p): scores.append(p)
                    case .failure(let problem):
                        extra.append(Diagnostic(file: "", item: item.number, kind: problem.kind, "第\(i + 1)条评分标准的得分\(problem.text)"))
                        failed = true
                    }
                }
                // A criterion's problem is reported above; the item then counts as given, so
                // that it is not also listed as missing.
                value = failed ? "0" : scores.reduce(Points.zero, +).description
                if !failed { criteriaScores[item.number] = scores }
            } else if !entry.score.isEmpty {
                value = entry.score.trimmingCharacters(in: .whitespaces)
            }
            row(String(item.number), value, note: entry.note, evidence: entry.evidence)
        }
        for category in rubric.bonus.categories {
            let b = content.bonus[category.id] ?? SheetContent.Bonus()
            row(category.numeral, SheetLayout.levelWords[b.level] ?? b.level, note: b.level == BonusRules.noneLevel ? "" : b.title,
                date: b.level == BonusRules.noneLevel ? nil : b.date.trimmingCharacters(in: .whitespaces))
        }
        for (i, condition) in rubric.deductions.conditions.enumerated() {
            let d = content.deductions[condition.id] ?? SheetContent.Deduction()
            row("\(rubric.deductions.numeral)-\(i + 1)", d.applies ? "是" : "否", note: d.grounds)
        }
        do {
            var sheet = try SheetValidator.validate(SheetDraft(source: "", rows: rows), rubric: rubric,
                                                    profile: { p throws(InputErrors) in throw InputErrors([Diagnostic(file: p, "文件不存在")]) })
            if !extra.isEmpty { return .failure(InputErrors(extra)) }
            for (n, scores) in criteriaScores { sheet.items[n]?.criteria = scores }
            return .success(sheet)
        } catch {
            return .failure(InputErrors(extra + error.diagnostics))
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
