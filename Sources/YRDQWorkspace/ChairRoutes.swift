import Foundation
import HTTPTypes
import Hummingbird
import YRDQCore
import YRDQInput

/// The chair's routes: only a chair's session reaches them.
struct ChairRoutes {
    let w: Workspace
    var store: WorkspaceStore { w.store }
    var rubric: Rubric { w.rubric }

    func add(to router: Router<WorkspaceRequestContext>) {
        router.get("/chair") { request, _ in
            guard let s = w.chair(request) else { return w.forbidden() }
            return try dashboard(s)
        }
        router.post("/chair/evaluations") { request, _ in
            guard let s = w.chair(request) else { return w.forbidden() }
            guard let form = try await w.checkedForm(request, s) else { return w.csrfRefused() }
            let imported: EvaluationImport.Imported
            do throws(EvaluationImport.Failure) {
                imported = form["mode"] == "import" ? try EvaluationImport.folder(form["path"] ?? "", rubric: rubric) : try EvaluationImport.form(form)
            } catch {
                return try dashboard(s, problems: error.messages, form: form, status: .unprocessableContent)
            }
            if let problem = EvaluationImport.sizeProblem(imported, rubric: rubric) {
                return try dashboard(s, problems: [problem], form: form, status: .unprocessableContent)
            }
            let id = try w.create(imported)
            return w.redirect("/chair/evaluations/\(id)")
        }
        router.get("/chair/evaluations/:id") { request, context in
            guard let s = w.chair(request) else { return w.forbidden() }
            guard let id = context.parameters.get("id", as: Int64.self), let e = try store.evaluation(id) else { return notFound() }
            return try evaluationPage(s, e)
        }
        router.post("/chair/evaluations/:id/experts") { request, context in
            guard let s = w.chair(request) else { return w.forbidden() }
            guard let form = try await w.checkedForm(request, s) else { return w.csrfRefused() }
            guard let id = context.parameters.get("id", as: Int64.self), let e = try store.evaluation(id) else { return notFound() }
            let name = NameText.cleaned(form["name"] ?? ""), org = NameText.cleaned(form["organization"] ?? ""), kind = form["kind"] ?? ""
            var problems: [String] = []
            if name.isEmpty { problems.append("请填写专家姓名") } else if let p = NameText.problem(name) { problems.append("专家姓名\(p)") }
            if org.isEmpty { problems.append("请填写专家单位") } else if let p = NameText.problem(org) { problems.append("专家单位\(p)") }
            if !rubric.panel.expertKinds.contains(kind) {
                problems.append("所属方面“\(SheetValidator.quote(kind))”不在指南所列范围内（允许：\(rubric.panel.expertKinds.joined(separator: "、"))）")
            }
            let experts = try store.experts(evaluation: id)
            if experts.contains(where: { $0.identity == Assessor.identity(name: name, organization: org) }) {
                problems.append("专家“\(SheetValidator.quote(name))”（\(SheetValidator.quote(org))）已在专家组中")
            }
            if experts.count >= rubric.panel.maxExperts { problems.append("专家组已有 \(experts.count) 位专家，指南规定评估专家组最多 \(rubric.panel.maxExperts) 人") }
            if !problems.isEmpty { return try evaluationPage(s, e, problems: problems, status: .unprocessableContent) }
            let (eid, token) = try store.addExpert(evaluation: id, name: name, organization: org, kind: kind)
            return linkPage(s, e, try store.expert(eid)!, token: token, request: request)
        }
        router.post("/chair/experts/:eid/:action") { request, context in
            guard let s = w.chair(request) else { return w.forbidden() }
            guard let form = try await w.checkedForm(request, s) else { return w.csrfRefused() }
            guard let eid = context.parameters.get("eid", as: Int64.self), let x = try store.expert(eid),
                  let e = try store.evaluation(x.evaluation) else { return notFound() }
            switch context.parameters.get("action") ?? "" {
            case "revoke":
                try store.revoke(expert: eid)
            case "link":
                guard let token = try store.renewLink(expert: eid) else { return notFound() }
                return linkPage(s, e, try store.expert(eid)!, token: token, request: request)
            case "conflict":
                let text = (form["description"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { return try evaluationPage(s, e, problems: ["请填写回避事由"], status: .unprocessableContent) }
                try store.recordConflict(expert: eid, description: text)
            case "unlock":
                let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !reason.isEmpty else { return try evaluationPage(s, e, problems: ["解锁评分表须填写原因（记入审计记录）"], status: .unprocessableContent) }
                _ = try store.unlock(expert: eid, reason: reason)
            default:
                return notFound()
            }
            return w.redirect("/chair/evaluations/\(e.id)")
        }
        router.post("/chair/evaluations/:id/:action") { request, context in
            guard let s = w.chair(request) else { return w.forbidden() }
            guard let form = try await w.checkedForm(request, s) else { return w.csrfRefused() }
            guard let id = context.parameters.get("id", as: Int64.self), let e = try store.evaluation(id) else { return notFound() }
            switch context.parameters.get("action") ?? "" {
            case "release":
                try store.release(id)
            case "import-experts":
                // The bureau's list of experts (姓名, 单位, 所属方面; CSV or XLSX), as `panel init --experts`
                // reads it: every expert added at once, each link made when the chair asks for it.
                let path = (form["path"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !path.isEmpty else { return try evaluationPage(s, e, problems: ["请填写专家名单的路径（服务器上的 CSV 或 XLSX 文件：姓名、单位、所属方面）"], status: .unprocessableContent) }
                let listed: [Assessor]
                do throws(InputErrors) { listed = try ExpertList.load(path: path, rubric: rubric) }
                catch { return try evaluationPage(s, e, problems: ["无法导入专家名单："] + error.errors.map(\.description), status: .unprocessableContent) }
                let present = try store.experts(evaluation: id)
                let known = Set(present.map(\.identity))
                let new = listed.filter { !known.contains($0.identity) }
                if present.count + new.count > rubric.panel.maxExperts {
                    return try evaluationPage(s, e, problems: ["专家组已有 \(present.count) 位专家，名单中另有 \(new.count) 位，合计超过指南规定的 \(rubric.panel.maxExperts) 人；没有导入"],
                                              status: .unprocessableContent)
                }
                for a in new {
                    let (eid, _) = try store.addExpert(evaluation: id, name: a.name, organization: a.organization, kind: a.kind ?? "")
                    try store.revokeSilently(expert: eid)
                }
                try store.record(evaluation: id, actor: "主持人", action: "导入专家名单", subject: path,
                                 new: new.map(\.name).joined(separator: "、"))
            case "import-sheet":
                // An expert's returned sheet: saved as the expert's, and submitted when complete.
                let experts = try store.experts(evaluation: id)
                let (expert, content): (WorkspaceStore.Expert, SheetContent)
                do throws(EvaluationImport.Failure) { (expert, content) = try EvaluationImport.returnedSheet(form["path"] ?? "", experts: experts, rubric: rubric) }
                catch { return try evaluationPage(s, e, problems: ["无法导入专家评分表："] + error.messages, status: .unprocessableContent) }
                guard let stored = try store.sheet(expert: expert.id) else { return notFound() }
                let complete = SheetProblems(content, expert, rubric).valid
                switch try store.saveSheet(expert: expert.id, content: content, version: stored.version, actor: "主持人（导入）", submit: complete) {
                case .saved: break
                case .locked:
                    return try evaluationPage(s, e, problems: ["\(expert.name)的评分表已提交并锁定；如需以导入的评分表替换，请先填写原因解锁"], status: .conflict)
                case .conflict:
                    return try evaluationPage(s, e, problems: ["\(expert.name)的评分表刚被保存过，本次没有导入；请重新导入"], status: .conflict)
                case .notFound: return notFound()
                }
                try store.record(evaluation: id, actor: "主持人", action: "导入专家评分表", subject: expert.name, new: form["path"] ?? "")
            case "settle":
                let settlement = Self.settlement(form, rubric: rubric)
                let problems = PanelAssembly.problems(settlement, rubric: rubric)
                if !problems.isEmpty { return try evaluationPage(s, e, problems: problems, settlement: settlement, status: .unprocessableContent) }
                switch try store.settle(id, settlement, version: Int(form["version"] ?? "") ?? -1) {
                case .saved: break
                case .conflict(let current):
                    return try evaluationPage(s, e, problems: ["评议结论已在另一个窗口保存过（当前为第\(current)版），本次没有保存。请核对下方最新内容后重新填写。"], status: .conflict)
                default: return notFound()
                }
            case "export":
                let folder: String
                do { folder = try export(e, into: exportsFolder(e)) }
                catch let f as EvaluationExport.Failure { return try evaluationPage(s, e, problems: ["无法导出："] + f.messages, status: .unprocessableContent) }
                try store.record(evaluation: id, actor: "主持人", action: "导出评估目录", new: folder)
                return w.message(.ok, "已导出", "评估已导出为命令行的目录：\(folder)（可用 yrdq panel \(folder)/panel.yaml 核对结果）", back: "/chair/evaluations/\(id)")
            case "certificate":
                guard let docs = w.configuration.documents, docs.canIssue else {
                    return try evaluationPage(s, e, problems: ["未配置发证机关私钥和证书登记簿（yrdq serve --key … --registry …），不能签发证书"], status: .unprocessableContent)
                }
                do {
                    let format = form["format"] ?? "pdf"
                    let issued = try await offloaded { try withExport(e) { try docs.issueCertificate(evaluationFolder: $0, format: format) } }
                    try store.record(evaluation: id, actor: "主持人", action: "签发证书", new: issued.serial)
                    return w.file(issued.file)
                } catch let f as EvaluationExport.Failure {
                    return try evaluationPage(s, e, problems: ["无法签发证书："] + f.messages, status: .unprocessableContent)
                } catch {
                    return try evaluationPage(s, e, problems: ["无法签发证书：\(error)"], status: .unprocessableContent)
                }
            default:
                return notFound()
            }
            return w.redirect("/chair/evaluations/\(id)")
        }
        router.get("/chair/evaluations/:id/events") { request, context in
            guard let s = w.chair(request) else { return w.forbidden() }
            guard let id = context.parameters.get("id", as: Int64.self), let e = try store.evaluation(id) else { return notFound() }
            let events = try store.events(evaluation: id).map { ev -> [String: Any] in
                ["at": ev.at, "actor": ev.actor, "action": ev.action, "subject": ev.subject, "old": ev.old ?? "", "new": ev.new ?? ""]
            }
            return w.page("events", ["title": "审计记录", "csrf": s.session.csrf, "evaluation": ["id": e.id, "pilotName": e.pilotName], "events": events])
        }
        router.get("/chair/evaluations/:id/documents/:kind/:format") { request, context in
            guard w.chair(request) != nil else { return w.forbidden() }
            guard let id = context.parameters.get("id", as: Int64.self), let e = try store.evaluation(id),
                  let docs = w.configuration.documents, let kind = context.parameters.get("kind").flatMap(DocumentKind.init(id:)), let format = context.parameters.get("format"),
                  try catalogue(e).offers(kind, format: format) else { return notFound() }
            do {
                let file = try await offloaded { try withExport(e) { try docs.render(kind: kind, format: format, evaluationFolder: $0) } }
                try store.record(evaluation: id, actor: "主持人", action: "下载文档", subject: "\(kind.id).\(format)", new: file.filename)
                return w.file(file)
            } catch let f as EvaluationExport.Failure {
                return w.message(.unprocessableContent, "无法生成文档", f.messages.joined(separator: "\n"), back: "/chair/evaluations/\(id)")
            } catch {
                return w.message(.unprocessableContent, "无法生成文档", "\(error)", back: "/chair/evaluations/\(id)")
            }
        }
    }

    func catalogue(_ e: WorkspaceStore.Evaluation) throws -> DocumentCatalogue {
        DocumentCatalogue(evaluation: e, view: PanelView(evaluation: e, experts: try store.experts(evaluation: e.id),
                                                         sheets: try store.sheets(evaluation: e.id), rubric: rubric))
    }

    func notFound() -> Response { w.message(.notFound, "未找到", "没有这个页面。") }

    func exportsFolder(_ e: WorkspaceStore.Evaluation) -> String {
        let base = w.configuration.dataFolder.map { ($0 as NSString).appendingPathComponent("exports") } ?? NSTemporaryDirectory()
        let stamp = WorkspaceStore.now().replacingOccurrences(of: ":", with: "")
        return (base as NSString).appendingPathComponent("evaluation-\(e.id)-\(stamp)")
    }

    func export(_ e: WorkspaceStore.Evaluation, into folder: String) throws -> String {
        let files = try EvaluationExport.files(evaluation: e, experts: try store.experts(evaluation: e.id), sheets: try store.sheets(evaluation: e.id),
                                               audit: try store.events(evaluation: e.id), rubric: rubric)
        try EvaluationExport.write(files, to: folder)
        return folder
    }

    /// Documents are rendered and certificates issued one at a time on a queue of their own, off
    /// the threads that serve requests: a report taking seconds to lay out never holds up an
    /// expert's autosave (a laptop has two or four of those threads).
    static let renderQueue = DispatchQueue(label: "yrdq.workspace.documents")

    func offloaded<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.renderQueue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs `body` on a fresh export in a temporary folder, removed afterwards.
    func withExport<T>(_ e: WorkspaceStore.Evaluation, _ body: (String) throws -> T) throws -> T {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("yrdq-workspace-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try body(try export(e, into: folder))
    }

    static func settlement(_ f: [String: String], rubric: Rubric) -> Settlement {
        var s = Settlement()
        func field(_ k: String) -> String { (f[k] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        s.province = field("province"); s.bureau = field("bureau"); s.date = field("date")
        s.materialReview = field("material-review"); s.siteReview = field("site-review"); s.leader = field("leader")
        s.aggregation = field("aggregation").isEmpty ? "mean" : field("aggregation")
        for c in rubric.bonus.categories {
            s.bonus[c.id] = SheetContent.Bonus(level: f["bonus-\(c.id)"] ?? BonusRules.noneLevel, title: field("bonus-title-\(c.id)"), date: field("bonus-date-\(c.id)"))
            if !field("bonus-grounds-\(c.id)").isEmpty { s.bonusGrounds[c.id] = field("bonus-grounds-\(c.id)") }
        }
        for d in rubric.deductions.conditions {
            s.deductions[d.id] = SheetContent.Deduction(applies: f["ded-\(d.id)"] == "1", grounds: field("ded-grounds-\(d.id)"))
        }
        func lines(_ k: String) -> [String] { field(k).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        s.findings = lines("findings"); s.recommendations = lines("recommendations")
        var issuer = IssuerFields()
        issuer.mark = field("issuer-mark"); issuer.number = field("issuer-number"); issuer.printer = field("issuer-printer")
        issuer.addressees = lines("issuer-addressees"); issuer.copies = lines("issuer-copies")
        issuer.printed = field("issuer-printed"); issuer.date = field("issuer-date")
        s.issuer = issuer.isEmpty ? nil : issuer
        return s
    }

    static func issuerContext(_ i: IssuerFields) -> [String: Any] {
        ["mark": i.mark, "number": i.number, "addressees": i.addressees.joined(separator: "\n"), "copies": i.copies.joined(separator: "\n"),
         "printer": i.printer, "printed": i.printed, "date": i.date]
    }

    func dashboard(_ s: Workspace.Signed, problems: [String] = [], form: [String: String] = [:], status: HTTPResponse.Status = .ok) throws -> Response {
        let evaluations = try store.evaluations().map { e -> [String: Any] in
            let experts = try store.experts(evaluation: e.id)
            let sheets = try store.sheets(evaluation: e.id)
            return ["id": e.id, "pilotName": e.pilotName, "createdAt": e.createdAt, "experts": experts.count,
                    "submitted": experts.filter { sheets[$0.id]?.submitted == true }.count]
        }
        return w.page("chair", ["title": "主持人工作台", "csrf": s.session.csrf, "evaluations": evaluations, "hasEvaluations": !evaluations.isEmpty,
                                "problems": problems, "form": form], status: status)
    }

    func linkPage(_ s: Workspace.Signed, _ e: WorkspaceStore.Evaluation, _ x: WorkspaceStore.Expert, token: String, request: Request) -> Response {
        let link = "\(w.baseURL(request))/e/\(token)"
        return w.page("link", ["title": "专家链接", "csrf": s.session.csrf, "evaluation": ["id": e.id, "pilotName": e.pilotName],
                               "expert": ["name": x.name, "organization": x.organization, "kind": x.kind],
                               "link": link, "qr": QRCodeSVG.svg(link) ?? ""])
    }

    func evaluationPage(_ s: Workspace.Signed, _ e: WorkspaceStore.Evaluation, problems: [String] = [], settlement: Settlement? = nil,
                        status: HTTPResponse.Status = .ok) throws -> Response {
        let experts = try store.experts(evaluation: e.id)
        let sheets = try store.sheets(evaluation: e.id)
        let conflicts = try store.conflicts(evaluation: e.id)
        let view = PanelView(evaluation: e, experts: experts, sheets: sheets, rubric: rubric)
        let engine = ScoringEngine(rubric: rubric)
        let expertRows = experts.map { x -> [String: Any] in
            let sheet = sheets[x.id]
            let filled = sheet.map { !$0.content.items.isEmpty } ?? false
            let status = sheet?.submitted == true ? "已提交" : (filled ? "填写中" : "未开始")
            let base = view.columns.first { $0.expert.id == x.id }?.sheet.map { engine.score($0).base.description } ?? "—"
            return ["id": x.id, "name": x.name, "organization": x.organization, "kind": x.kind, "status": status,
                    "submitted": sheet?.submitted == true, "revoked": x.revoked, "base": base,
                    "conflicts": conflicts.filter { $0.expert == x.id }.map { ["description": $0.description, "at": $0.recordedAt] }]
        }
        let st = settlement ?? e.settlement
        let bonus: [[String: Any]] = rubric.bonus.categories.map { c in
            let b = st.bonus[c.id] ?? SheetContent.Bonus()
            return ["id": c.id, "name": c.name, "title": b.title, "date": b.date, "grounds": st.bonusGrounds[c.id] ?? "",
                    "levels": [["id": BonusRules.noneLevel, "name": "无", "selected": b.level == BonusRules.noneLevel]] +
                        c.levels.map { ["id": $0.id, "name": SheetLayout.levelWords[$0.id] ?? $0.name, "selected": b.level == $0.id] }]
        }
        let deductions: [[String: Any]] = rubric.deductions.conditions.map { d in
            let x = st.deductions[d.id] ?? SheetContent.Deduction()
            return ["id": d.id, "text": d.text, "applies": x.applies, "grounds": x.grounds]
        }
        let documents: [[String: Any]] = w.configuration.documents == nil ? [] : DocumentCatalogue(evaluation: e, view: view).entries.map { k in
            var entry: [String: Any] = ["label": k.label,
                                        "formats": k.formats.map { ["format": $0, "href": "/chair/evaluations/\(e.id)/documents/\(k.kind.id)/\($0)"] }]
            if let note = k.note { entry["note"] = note }
            return entry
        }
        let active = experts.count
        var context: [String: Any] = [
            "title": e.pilotName, "csrf": s.session.csrf,
            "evaluation": ["id": e.id, "pilotName": e.pilotName, "released": e.released],
            "experts": expertRows, "expertCount": experts.count, "canAdd": active < rubric.panel.maxExperts,
            "tooFew": active < rubric.panel.minExperts, "minExperts": rubric.panel.minExperts, "maxExperts": rubric.panel.maxExperts,
            "kinds": rubric.panel.expertKinds.map { ["kind": $0] },
            "submitted": view.submitted, "total": view.total, "table": view.table(),
            "problems": problems, "settlementVersion": e.settlementVersion,
            "settlement": ["province": st.province, "bureau": st.bureau, "date": st.date, "materialReview": st.materialReview,
                           "siteReview": st.siteReview, "findings": st.findings.joined(separator: "\n"),
                           "recommendations": st.recommendations.joined(separator: "\n"),
                           "mean": st.aggregation != "trimmed", "trimmed": st.aggregation == "trimmed"],
            "issuer": Self.issuerContext(st.issuer ?? IssuerFields()),
            "leaders": experts.map { ["name": $0.name, "selected": $0.name == st.leader] },
            "bonus": bonus, "deductions": deductions, "documents": documents, "hasDocuments": !documents.isEmpty,
            "canIssue": w.configuration.documents?.canIssue == true,
        ]
        if let r = view.resultContext() { context["result"] = r }
        return w.page("evaluation", context, status: status)
    }
}
