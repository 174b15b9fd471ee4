import Foundation
import HTTPTypes
import Hummingbird
import YRDQCore

/// The expert's routes: their own sheet and nothing else (the session names the expert; no
/// route takes an expert's or an evaluation's id).
struct ExpertRoutes {
    let w: Workspace

    func add(to router: Router<WorkspaceRequestContext>) {
        router.get("/sheet") { request, _ in
            guard let (s, e) = w.expert(request) else { return w.forbidden() }
            guard let stored = try w.store.sheet(expert: e.id) else { return w.forbidden() }
            return try sheetPage(s, e, content: stored.content, version: stored.version, submitted: stored.submitted)
        }
        router.post("/sheet/save") { request, _ in
            guard let (s, e) = w.expert(request) else { return w.forbidden() }
            guard let form = try await w.checkedForm(request, s) else { return w.csrfRefused() }
            let auto = form["autosave"] == "1"
            guard let stored = try w.store.sheet(expert: e.id) else { return w.forbidden() }
            let content = Self.content(form, previous: stored.content, rubric: w.rubric)
            let version = Int(form["version"] ?? "") ?? -1
            let outcome = try w.store.saveSheet(expert: e.id, content: content, version: version, actor: "专家 \(e.name)")
            switch outcome {
            case .saved(let v):
                if auto {
                    // The problems as the page shows them after a form post: the script puts each
                    // item's next to the item, the others above the table, and the count.
                    let problems = SheetProblems(content, e, w.rubric)
                    return w.json(["status": "saved", "version": v, "message": "已自动保存（第\(v)版）", "problems": problems.all,
                                   "items": problems.itemsByKey, "general": problems.general, "count": problems.count, "valid": problems.valid])
                }
                return try sheetPage(s, e, content: content, version: v, submitted: false, notice: "已保存（第\(v)版）。")
            case .conflict(let current):
                let text = "评分表已在另一个窗口或设备上保存过（当前为第\(current)版），本次修改没有保存，以免覆盖。请刷新页面查看最新内容后再修改。"
                if auto { return w.json(["status": "conflict", "version": current, "message": text], status: .conflict) }
                return try sheetPage(s, e, content: content, version: current, submitted: false, warning: text, status: .conflict)
            case .locked:
                let text = "评分表已提交并锁定，不能再修改。如需修改，请联系主持人解锁。"
                if auto { return w.json(["status": "locked", "message": text], status: .conflict) }
                return try sheetPage(s, e, content: stored.content, version: stored.version, submitted: true, warning: text, status: .conflict)
            case .notFound:
                return w.forbidden()
            }
        }
        router.post("/sheet/submit") { request, _ in
            guard let (s, e) = w.expert(request) else { return w.forbidden() }
            guard let form = try await w.checkedForm(request, s) else { return w.csrfRefused() }
            guard let stored = try w.store.sheet(expert: e.id) else { return w.forbidden() }
            let content = Self.content(form, previous: stored.content, rubric: w.rubric)
            let version = Int(form["version"] ?? "") ?? -1
            let problems = SheetProblems(content, e, w.rubric).all
            if !problems.isEmpty {
                // Not submitted; what was typed is kept (saved as a draft when the version is current).
                var v = stored.version
                if case .saved(let nv) = try w.store.saveSheet(expert: e.id, content: content, version: version, actor: "专家 \(e.name)") { v = nv }
                return try sheetPage(s, e, content: content, version: v, submitted: false,
                                     warning: "评分表还有 \(problems.count) 处问题，未提交。请改正后再提交。", status: .unprocessableContent)
            }
            switch try w.store.saveSheet(expert: e.id, content: content, version: version, actor: "专家 \(e.name)", submit: true) {
            case .saved(let v):
                return try sheetPage(s, e, content: content, version: v, submitted: true, notice: "评分表已提交并锁定。感谢您的评审！")
            case .conflict(let current):
                return try sheetPage(s, e, content: content, version: current, submitted: false,
                                     warning: "评分表已在另一个窗口或设备上保存过（当前为第\(current)版），本次没有提交。请刷新页面核对后再提交。", status: .conflict)
            case .locked:
                return try sheetPage(s, e, content: stored.content, version: stored.version, submitted: true, warning: "评分表已提交并锁定。", status: .conflict)
            case .notFound:
                return w.forbidden()
            }
        }
    }

    /// The form's fields as a sheet's content (an imported item score is kept while no
    /// criterion is typed).
    static func content(_ form: [String: String], previous: SheetContent, rubric: Rubric) -> SheetContent {
        var c = SheetContent()
        c.date = form["date"] ?? ""
        for item in rubric.items {
            let n = item.number
            let criteria = item.criteria.indices.map { form["c-\(n)-\($0)"] ?? "" }
            var entry = SheetContent.Item(criteria: criteria, note: form["note-\(n)"] ?? "", evidence: form["evidence-\(n)"] ?? "")
            if criteria.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { entry.score = previous.items[String(n)]?.score ?? "" }
            if entry != SheetContent.Item() { c.items[String(n)] = entry }
        }
        for category in rubric.bonus.categories {
            let level = form["bonus-\(category.id)"] ?? BonusRules.noneLevel
            c.bonus[category.id] = SheetContent.Bonus(level: level, title: form["bonus-title-\(category.id)"] ?? "", date: form["bonus-date-\(category.id)"] ?? "")
        }
        for condition in rubric.deductions.conditions {
            c.deductions[condition.id] = SheetContent.Deduction(applies: form["ded-\(condition.id)"] == "1", grounds: form["ded-grounds-\(condition.id)"] ?? "")
        }
        return c
    }

    func sheetPage(_ s: Workspace.Signed, _ e: WorkspaceStore.Expert, content: SheetContent, version: Int, submitted: Bool,
                   notice: String? = nil, warning: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let evaluation = try w.store.evaluation(e.evaluation) else { return w.forbidden() }
        let rubric = w.rubric
        let problems = SheetProblems(content, e, rubric)
        let byItem = problems.byItem
        var total = Points.zero
        let indicators: [[String: Any]] = rubric.indicators.map { ind in
            ["numeral": ind.numeral, "name": ind.name, "points": ind.points.description,
             "groups": ind.groups.map { g -> [String: Any] in
                ["name": g.name, "points": g.points.description,
                 "items": g.items.map { item -> [String: Any] in
                    let entry = content.items[String(item.number)] ?? SheetContent.Item()
                    let criteria = item.criteria.indices.map { i -> [String: Any] in
                        ["name": "c-\(item.number)-\(i)", "text": item.criteria[i].text, "points": item.criteria[i].points.description,
                         "value": i < entry.criteria.count ? entry.criteria[i] : "", "index": i + 1]
                    }
                    var sum = Points.zero
                    var complete = true
                    for i in item.criteria.indices {
                        if i < entry.criteria.count, case .success(let p) = Points.parse(entry.criteria[i].trimmingCharacters(in: .whitespaces)) { sum += p } else { complete = false }
                    }
                    if !complete, entry.criteria.allSatisfy({ $0.isEmpty }), case .success(let p) = Points.parse(entry.score) { sum = p; complete = true }
                    total += sum
                    return ["number": item.number, "text": item.text, "points": item.points.description, "criteria": criteria,
                            "note": entry.note, "evidence": entry.evidence, "hasDetails": !entry.note.isEmpty || !entry.evidence.isEmpty, "sum": complete ? sum.description : "—",
                            "imported": entry.score, "hasImported": !entry.score.isEmpty && entry.criteria.allSatisfy({ $0.isEmpty }),
                            "problems": byItem[item.number] ?? [], "hasProblems": byItem[item.number] != nil]
                 }]
             }]
        }
        let bonus: [[String: Any]] = rubric.bonus.categories.map { c in
            let b = content.bonus[c.id] ?? SheetContent.Bonus()
            return ["id": c.id, "name": c.name, "numeral": c.numeral, "points": c.points.description, "title": b.title, "date": b.date,
                    "levels": [["id": BonusRules.noneLevel, "name": "无", "selected": b.level == BonusRules.noneLevel]] +
                        c.levels.map { ["id": $0.id, "name": SheetLayout.levelWords[$0.id] ?? $0.name, "selected": b.level == $0.id] }]
        }
        let deductions: [[String: Any]] = rubric.deductions.conditions.enumerated().map { i, d in
            let x = content.deductions[d.id] ?? SheetContent.Deduction()
            return ["id": d.id, "number": "\(rubric.deductions.numeral)-\(i + 1)", "text": d.text, "points": d.points.description,
                    "applies": x.applies, "grounds": x.grounds]
        }
        // Blind scoring: the others' scores only once every sheet is in, or the chair released them.
        let experts = try w.store.experts(evaluation: e.evaluation)
        let view = PanelView(evaluation: evaluation, experts: experts, sheets: try w.store.sheets(evaluation: e.evaluation), rubric: rubric)
        let open = evaluation.released || view.allSubmitted
        var context: [String: Any] = [
            "title": "专家评分表", "csrf": s.session.csrf, "version": version, "submitted": submitted, "editable": !submitted,
            // The browser keeps what is typed but not yet saved under this key (a reload or a dropped
            // connection loses nothing): one key per expert and evaluation.
            "draftKey": "yrdq-sheet-\(e.evaluation)-\(e.id)",
            "expert": ["name": e.name, "organization": e.organization, "kind": e.kind], "pilot": evaluation.pilotName,
            "date": content.date, "indicators": indicators, "bonus": bonus, "deductions": deductions,
            "total": total.description, "max": rubric.items.reduce(Points.zero) { $0 + $1.points }.description,
            "problems": problems.general, "problemCount": problems.count, "valid": problems.valid,
            "notice": notice as Any, "warning": warning as Any, "peersOpen": open,
        ]
        if open { context["peers"] = view.table() }
        return w.page("sheet", context, status: status)
    }
}
