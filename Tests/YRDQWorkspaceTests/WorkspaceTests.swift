import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport
@testable import YRDQWorkspace

@Suite("Workspace store")
struct StoreTests {
    @Test func eventsTableRefusesUpdateAndDelete() throws {
        let store = try WorkspaceStore()
        _ = try store.newChairLink()
        #expect(throws: DatabaseError.self) { try store.db.write { try $0.execute(sql: "UPDATE events SET action = 'x'") } }
        #expect(throws: DatabaseError.self) { try store.db.write { try $0.execute(sql: "DELETE FROM events") } }
        do { try store.db.write { try $0.execute(sql: "DELETE FROM events") } } catch let e as DatabaseError {
            #expect(e.message == "审计记录只能追加，不能删除")
        }
        #expect(try store.db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM events") } == 1)
    }

    @Test func linksAndSessionsAreStoredOnlyAsHashes() throws {
        let store = try WorkspaceStore()
        let chair = try store.newChairLink()
        let id = try store.createEvaluation(pilotName: "试点", profileYAML: "name: 试点\n", settlement: Settlement())
        let (_, token) = try store.addExpert(evaluation: id, name: "王建华", organization: "单位", kind: "技术机构")
        let session = try store.openSession(role: .chair, expert: nil)
        let dump = try store.db.read { db in
            try String.fetchAll(db, sql: "SELECT value FROM meta UNION ALL SELECT COALESCE(token_hash, '') FROM experts UNION ALL SELECT id_hash FROM sessions")
        }.joined(separator: " ")
        for secret in [chair, token, session] { #expect(!dump.contains(secret)) }
        #expect(dump.contains(Secrets.hash(token)))
    }

    @Test func firstStartPrintsALinkOnceOnly() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let (_, first) = try Workspace.open(dataFolder: dir.path("data"))
        #expect(first != nil)
        let (_, second) = try Workspace.open(dataFolder: dir.path("data"))
        #expect(second == nil)
    }
}

@Suite("Workspace: who may do what")
struct AuthorisationTests {
    @Test func everyRouteAgainstTheMatrix() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            // A second evaluation with its own expert: nobody of the first may reach it.
            let otherEval = try await c.createEvaluation(p.chair, name: "另一个试点")
            let otherToken = try await c.addExpert(p.chair, evaluation: otherEval, name: "吴海涛")
            let other = try await c.signInExpert(otherToken, name: "吴海涛")
            let revoked = try await c.signInExpert(p.tokens[4], name: Panel5.names[4])
            _ = try await c.post("/chair/experts/5/revoke", as: p.chair)
            let stranger = Agent("stranger")
            _ = try await c.get("/", as: stranger)
            let e = p.evaluation
            let chairGets = ["/chair", "/chair/evaluations/\(e)", "/chair/evaluations/\(e)/events", "/chair/evaluations/\(otherEval)"]
            // Downloads (this harness renders none: the chair gets 404, everyone else 403).
            let documentGets = ["/chair/evaluations/\(e)/documents/blank-table/pdf", "/chair/evaluations/\(e)/documents/provincial-audit/md"]
            let chairPosts = ["/chair/evaluations", "/chair/evaluations/\(e)/experts", "/chair/evaluations/\(e)/release",
                              "/chair/evaluations/\(e)/settle", "/chair/evaluations/\(e)/export", "/chair/evaluations/\(e)/certificate",
                              "/chair/evaluations/\(e)/import-sheet", "/chair/evaluations/\(e)/import-experts",
                              "/chair/experts/1/revoke", "/chair/experts/1/link", "/chair/experts/1/conflict", "/chair/experts/1/unlock"]
            for agent in p.experts.prefix(4) + [other, revoked, stranger] {
                for path in chairGets + documentGets {
                    let r = try await c.get(path, as: agent)
                    #expect(r.status == .forbidden, "\(agent.name) GET \(path): \(r.status)")
                }
                for path in chairPosts {
                    let r = try await c.post(path, as: agent, [("reason", "x"), ("description", "x"), ("name", "x"), ("path", "/etc/passwd")])
                    #expect(r.status == .forbidden, "\(agent.name) POST \(path): \(r.status)")
                }
            }
            // Expert routes: only a signed-in expert whose link stands.
            for agent in [p.chair, revoked, stranger] {
                for (method, path) in [(HTTPRequest.Method.get, "/sheet"), (.post, "/sheet/save"), (.post, "/sheet/submit")] {
                    let r = method == .get ? try await c.get(path, as: agent) : try await c.post(path, as: agent, [("version", "1")])
                    #expect(r.status == .forbidden, "\(agent.name) \(method) \(path): \(r.status)")
                }
            }
            // The revoked link itself no longer signs in.
            #expect(try await c.get("/e/\(p.tokens[4])", as: Agent("x")).status == .forbidden)
            // Each expert reaches their own sheet, showing their own name and no one else's.
            for (i, agent) in p.experts.prefix(4).enumerated() {
                let r = try await c.get("/sheet", as: agent)
                #expect(r.status == .ok)
                #expect(r.body.contains(Panel5.names[i]))
                for (j, n) in Panel5.names.prefix(4).enumerated() where j != i { #expect(!r.body.contains(n)) }
            }
            // The chair reaches every chair page.
            for path in chairGets { #expect(try await c.get(path, as: p.chair).status == .ok, "chair GET \(path)") }
        }
    }

    @Test func chairLinkWorksOnce() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let chair = try await c.signInChair(h.chairToken)
            #expect(try await c.get("/chair", as: chair).status == .ok)
            let again = Agent("again")
            let r = try await c.send(.post, "/c", as: again, form: [("token", h.chairToken)])
            #expect(r.status == .forbidden)
            #expect(again.cookie == nil)
        }
    }

    @Test func sessionCookieIsHttpOnlyAndStrict() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let r = try await c.send(.post, "/c", as: Agent("c"), form: [("token", h.chairToken)])
            let cookie = try #require(r.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
        }
    }

    @Test func everyPageHasAStrictPolicyWithoutInlineScript() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            for (agent, path) in [(Agent("s"), "/"), (p.chair, "/chair"), (p.chair, "/chair/evaluations/\(p.evaluation)"), (p.experts[0], "/sheet")] {
                let r = try await c.get(path, as: agent)
                let csp = try #require(r.headers[HTTPField.Name("Content-Security-Policy")!])
                #expect(csp.contains("script-src 'self'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(r.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                // No inline script: every <script> names its file.
                #expect(!r.body.contains("<script>"))
            }
        }
    }

    @Test func csrfTokenAndOriginAreRequired() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            // Without the token, with a wrong one, or from another origin: refused, nothing changed.
            let attempts: [Reply] = [
                try await c.post("/chair/evaluations/\(p.evaluation)/release", as: p.chair, csrf: false),
                try await c.send(.post, "/chair/evaluations/\(p.evaluation)/release", as: p.chair, form: [("csrf", "wrong")]),
                try await c.post("/chair/evaluations/\(p.evaluation)/release", as: p.chair, origin: "http://evil.example"),
                try await c.send(.post, "/chair/evaluations/\(p.evaluation)/release", as: p.chair, form: [("csrf", p.chair.csrf!)],
                                 extra: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]),
            ]
            for r in attempts { #expect(r.status == .forbidden) }
            #expect(try h.workspace.store.evaluation(p.evaluation)?.released == false)
            // An expert's save without the token: refused too.
            let r = try await c.post("/sheet/save", as: p.experts[0], [("version", "1"), ("date", "2026-11-18")], csrf: false)
            #expect(r.status == .forbidden)
            #expect(try h.workspace.store.sheet(expert: 1)?.version == 1)
            // One expert's token does not serve another's session.
            let cross = try await c.send(.post, "/sheet/save", as: p.experts[1], form: [("csrf", p.experts[0].csrf!), ("version", "1")])
            #expect(cross.status == .forbidden)
            // With token and origin: done.
            let done = try await c.post("/chair/evaluations/\(p.evaluation)/release", as: p.chair)
            #expect(done.status == .seeOther, "\(done.body.components(separatedBy: "<h1>").last!.prefix(200)) \(p.chair.csrf!)")
            #expect(try h.workspace.store.evaluation(p.evaluation)?.released == true)
        }
    }

    @Test func guessedTokensAreSlowedThenRefused() async throws {
        var policy = TokenLimiter.Policy()
        policy.slowAfter = 2
        policy.refuseAfter = 6
        policy.delay = .milliseconds(50)
        let h = try Harness.make(policy: policy)
        try await h.run { c in
            let chair = try await c.signInChair(h.chairToken)
            let id = try await c.createEvaluation(chair)
            let token = try await c.addExpert(chair, evaluation: id, name: "王建华")
            let clock = ContinuousClock()
            var last = Duration.zero
            for i in 0..<6 {
                let guess = String(repeating: "A", count: 42) + String(i)
                let start = clock.now
                #expect(try await c.get("/e/\(guess)", as: Agent("g")).status == .forbidden)
                last = clock.now - start
            }
            #expect(last >= .milliseconds(50))
            // Now every sign-in is refused, the right link too, until the window ends.
            #expect(try await c.get("/e/\(token)", as: Agent("x")).status == .tooManyRequests)
            #expect(try await c.send(.post, "/c", as: Agent("y"), form: [("token", h.chairToken)]).status == .tooManyRequests)
        }
    }

    @Test func valuesAreEscapedInEveryPage() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let chair = try await c.signInChair(h.chairToken)
            let id = try await c.createEvaluation(chair, name: "试点<script>alert(1)</script>")
            let token = try await c.addExpert(chair, evaluation: id, name: "王\"建华<img src=x onerror=alert(1)>", organization: "单位&<b>")
            let expert = try await c.signInExpert(token, name: "x")
            let note = "说明</textarea><script>alert(2)</script>"
            _ = try await c.save(expert, Client.fields(scores: [:]) + [("note-1", note)], version: 1)
            for (agent, path) in [(chair, "/chair"), (chair, "/chair/evaluations/\(id)"), (chair, "/chair/evaluations/\(id)/events"), (expert, "/sheet")] {
                let body = try await c.get(path, as: agent).body
                #expect(!body.contains("<script>alert"), "\(path)")
                #expect(!body.contains("<img src=x"), "\(path)")
                #expect(!body.contains("<b>"), "\(path)")
            }
            #expect(try await c.get("/sheet", as: expert).body.contains("&lt;script&gt;alert(2)"))
        }
    }
}

@Suite("Workspace: sheets")
struct SheetTests {
    @Test func blindUntilAllSubmittedOrReleased() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            let rubric = Project.rubric
            for (i, expert) in p.experts.enumerated() {
                // Expert 0 sees nothing of the others before everyone has submitted.
                let before = try await c.get("/sheet", as: p.experts[0]).body
                #expect(!before.contains("专家组评分（已公开）"))
                for n in Panel5.names.prefix(5).dropFirst() { #expect(!before.contains(n)) }
                let scores = YRDQTestSupport.scores(forBase: Points(80 + i), rubric: rubric)
                let r = try await c.submit(expert, Client.fields(scores: scores), version: 1)
                #expect(r.status == .ok, "\(r.body.prefix(400))")
            }
            let after = try await c.get("/sheet", as: p.experts[0]).body
            #expect(after.contains("专家组评分（已公开）"))
            for n in Panel5.names.prefix(5) { #expect(after.contains(n)) }
        }
    }

    @Test func chairReleaseOpensTheScoresEarly() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            _ = try await c.submit(p.experts[1], Client.fields(scores: [:]), version: 1)
            #expect(!(try await c.get("/sheet", as: p.experts[0]).body.contains(Panel5.names[1])))
            _ = try await c.post("/chair/evaluations/\(p.evaluation)/release", as: p.chair)
            #expect(try await c.get("/sheet", as: p.experts[0]).body.contains(Panel5.names[1]))
        }
    }

    @Test func submitLocksAndTheChairUnlocksWithAReason() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            let e = p.experts[0]
            let fields = Client.fields(scores: [:])
            let submitted = try await c.submit(e, fields, version: 1)
            #expect(submitted.status == .ok)
            #expect(submitted.body.contains("已提交并锁定"))
            let v = try #require(Client.version(in: submitted.body))
            let locked = try await c.save(e, fields, version: v, auto: true)
            #expect(locked.status == .conflict)
            #expect(locked.body.contains("locked"))
            // No reason: refused; with a reason: unlocked and recorded.
            #expect(try await c.post("/chair/experts/1/unlock", as: p.chair, [("reason", " ")]).status == .unprocessableContent)
            #expect(try h.workspace.store.sheet(expert: 1)?.submitted == true)
            #expect(try await c.post("/chair/experts/1/unlock", as: p.chair, [("reason", "第5项评分标准理解有误，请专家复核")]).status == .seeOther)
            #expect(try h.workspace.store.sheet(expert: 1)?.submitted == false)
            let events = try h.workspace.store.events(evaluation: p.evaluation)
            #expect(events.contains { $0.action == "解锁评分表" && ($0.new ?? "").contains("第5项评分标准理解有误") })
            let page = try await c.get("/sheet", as: e)
            let saved = try await c.save(e, fields, version: try #require(Client.version(in: page.body)), auto: true)
            #expect(saved.status == .ok)
        }
    }

    @Test func emptyValuesShowNothing() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            let page = try await c.get("/sheet", as: p.experts[0]).body
            // Mustache takes "" for true: a sheet typed in the browser has no imported score to show,
            // and no closed "说明" opens by itself.
            #expect(!page.contains("导入的该项得分"))
            #expect(!page.contains("<details open>"))
            #expect(!page.contains(">nil<") && !page.contains("value=\"nil\""))
            #expect(!page.contains("没有填写得分"))
        }
    }

    @Test func anIncompleteSheetIsNotSubmitted() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            var fields = Client.fields(scores: [:])
            fields.removeAll { $0.0 == "c-3-0" }
            let r = try await c.submit(p.experts[0], fields, version: 1)
            #expect(r.status == .unprocessableContent)
            #expect(r.body.contains("第1条评分标准没有填写得分"))
            #expect(try h.workspace.store.sheet(expert: 1)?.submitted == false)
        }
    }

    @Test func messagesAreTheValidatorsOwn() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            let item = Project.rubric.item(1)!
            var fields = Client.fields(scores: [:], date: "2026-13-01")
            fields.removeAll { $0.0 == "c-1-0" }
            fields.append(("c-1-0", "9"))
            fields.removeAll { $0.0 == "c-2-0" }
            fields.append(("c-2-0", "1,5"))
            let r = try await c.save(p.experts[0], fields, version: 1)
            #expect(r.status == .ok)
            let tooHigh = "第1条评分标准的得分" + { if case .failure(let e) = SheetValidator.score("9", max: item.criteria[0].points) { return e.text }; return "" }()
            let comma = "第1条评分标准的得分" + { if case .failure(let e) = SheetValidator.score("1,5", max: Project.rubric.item(2)!.criteria[0].points) { return e.text }; return "" }()
            let html = { (s: String) in s.replacingOccurrences(of: "“", with: "“") }
            #expect(r.body.contains(html(tooHigh).replacingOccurrences(of: "\"", with: "&quot;")))
            #expect(r.body.contains(comma.replacingOccurrences(of: "\"", with: "&quot;")))
            // A YAML sheet with the same date, read by the command line: the page has its words.
            let dir = try TempDir()
            defer { dir.remove() }
            let yaml = try dir.write("sheet.yaml", "assessor: {name: 王建华, organization: 浙江省质量科学研究院}\ndate: 2026-13-01\nitems: {1: {criteria: [9, 0.5, 1]}}\n")
            var cli: [String] = []
            do { _ = try SheetReader(rubric: Project.rubric).load(path: yaml) } catch let e as InputErrors { cli = e.errors.map(SheetCheck.text) }
            let dateMessage = try #require(cli.first { $0.contains("2026-13-01") })
            #expect(r.body.contains(dateMessage))
            #expect(r.body.contains(try #require(cli.first { $0.hasPrefix("第1项: 第1条评分标准") }).dropFirst("第1项: ".count)))
            // The same draft through the CLI's validator gives the same words.
            let sheet = try h.workspace.store.sheet(expert: 1)!
            guard case .failure(let errors) = SheetCheck.validate(sheet.content, assessor: Assessor(name: "王建华", organization: "浙江省质量科学研究院", kind: "技术机构"), rubric: Project.rubric) else {
                Issue.record("expected problems"); return
            }
            #expect(errors.errors.contains { $0.item == 1 && $0.message == tooHigh })
        }
    }

    @Test func twoTabsSavingAtOnceNeverOverwriteSilently() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            let e = p.experts[0]
            let tabA = Client.fields(scores: [:]) + [("note-1", "甲窗口")]
            let tabB = Client.fields(scores: [:]) + [("note-1", "乙窗口")]
            #expect(try await c.save(e, tabA, version: 1, auto: true).status == .ok)
            let lost = try await c.save(e, tabB, version: 1, auto: true)
            #expect(lost.status == .conflict)
            #expect(lost.body.contains("本次修改没有保存"))
            #expect(try h.workspace.store.sheet(expert: 1)?.content.items["1"]?.note == "甲窗口")
            // Without script: the page says so, keeping what was typed in the form.
            let page = try await c.save(e, tabB, version: 1)
            #expect(page.status == .conflict)
            #expect(page.body.contains("乙窗口"))
            #expect(page.body.contains("本次修改没有保存"))
        }
    }

    @Test func chairSettlementHasAVersionCheckToo() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            let e = p.evaluation
            #expect(try await c.post("/chair/evaluations/\(e)/settle", as: p.chair, [("version", "1"), ("province", "浙江省")]).status == .seeOther)
            let r = try await c.post("/chair/evaluations/\(e)/settle", as: p.chair, [("version", "1"), ("province", "江苏省")])
            #expect(r.status == .conflict)
            #expect(try h.workspace.store.evaluation(e)?.settlement.province == "浙江省")
        }
    }

    @Test func nineExpertsSavingConcurrentlyLoseNothing() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken, count: 9)
            let rounds = 8
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (i, expert) in p.experts.enumerated() {
                    group.addTask {
                        var version = 1
                        for round in 0..<rounds {
                            let r = try await c.save(expert, Client.fields(scores: [:]) + [("note-1", "专家\(i)第\(round)次")], version: version, auto: true)
                            guard r.status == .ok, let v = try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any],
                                  let nv = v["version"] as? Int else { throw HarnessError("save failed: \(r.status) \(r.body)") }
                            version = nv
                        }
                    }
                }
                try await group.waitForAll()
            }
            for i in 0..<9 {
                let s = try #require(try h.workspace.store.sheet(expert: Int64(i + 1)))
                #expect(s.version == rounds + 1)
                #expect(s.content.items["1"]?.note == "专家\(i)第\(rounds - 1)次")
            }
            let check = try await h.workspace.store.db.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
            #expect(check == "ok")
        }
    }
}

@Suite("Workspace: import and export")
struct RoundTripTests {
    @Test func importedSampleExportsToTheSameResultAsTheCommandLine() async throws {
        let h = try Harness.make()
        let dir = try TempDir()
        defer { dir.remove() }
        try await h.run { c in
            let chair = try await c.signInChair(h.chairToken)
            let r = try await c.post("/chair/evaluations", as: chair, [("mode", "import"), ("path", Project.path("samples/jiahe-auto-parts"))])
            #expect(r.status == .seeOther, "\(r.body.prefix(500))")
            let page = try await c.get("/chair/evaluations/1", as: chair)
            let store = h.workspace.store
            let evaluation = try #require(try store.evaluation(1))
            let files = try EvaluationExport.files(evaluation: evaluation, experts: try store.experts(evaluation: 1),
                                                   sheets: try store.sheets(evaluation: 1), rubric: Project.rubric)
            try EvaluationExport.write(files, to: dir.path("export"))
            let engine = ScoringEngine(rubric: Project.rubric)
            let original = engine.score(try PanelReader.load(path: Project.path("samples/jiahe-auto-parts/panel.yaml"), reader: SheetReader(rubric: Project.rubric)))
            let exported = engine.score(try PanelReader.load(path: dir.path("export/panel.yaml"), reader: SheetReader(rubric: Project.rubric)))
            #expect(exported.total == original.total)
            #expect(exported.base == original.base)
            #expect(exported.divergent == original.divergent)
            #expect(exported.experts.map(\.result.base) == original.experts.map(\.result.base))
            #expect(exported.adjustments == original.adjustments)
            // The page shows the same figure.
            #expect(page.body.contains("<dd class=\"num total\">\(original.total.fixed2)</dd>"))
            // Divergent items are highlighted.
            for n in original.divergent { #expect(page.body.contains("<td>\(n) ※</td>")) }
        }
    }

    @Test func webSheetsExportAndReadBack() async throws {
        let h = try Harness.make()
        let dir = try TempDir()
        defer { dir.remove() }
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken)
            for (i, e) in p.experts.enumerated() {
                var fields = Client.fields(scores: YRDQTestSupport.scores(forBase: Points(75 + 2 * i), rubric: Project.rubric))
                fields += [("note-2", "说明\"引号\"\n换行：\\ 与 \u{7}"), ("evidence-2", "附件1.pdf；附件2.pdf"),
                           ("bonus-enterprise", "provincial"), ("bonus-title-enterprise", "浙江省人民政府质量奖"), ("bonus-date-enterprise", "2025-11-28")]
                #expect(try await c.submit(e, fields, version: 1).status == .ok)
            }
            _ = try await c.post("/chair/evaluations/\(p.evaluation)/settle", as: p.chair, [
                ("version", "1"), ("province", "浙江省"), ("bureau", "浙江省市场监督管理局"), ("date", "2026-11-20"),
                ("leader", Panel5.names[1]), ("aggregation", "trimmed"), ("bonus-enterprise", "provincial"),
                ("bonus-title-enterprise", "浙江省人民政府质量奖"), ("bonus-date-enterprise", "2025-11-28"),
                ("bonus-grounds-enterprise", "主要企业获省政府质量奖"), ("findings", "成效一\n成效二"), ("recommendations", "建议一"),
            ])
            let store = h.workspace.store
            let evaluation = try #require(try store.evaluation(p.evaluation))
            let files = try EvaluationExport.files(evaluation: evaluation, experts: try store.experts(evaluation: p.evaluation),
                                                   sheets: try store.sheets(evaluation: p.evaluation), rubric: Project.rubric)
            try EvaluationExport.write(files, to: dir.path("export"))
            let panel = try PanelReader.load(path: dir.path("export/panel.yaml"), reader: SheetReader(rubric: Project.rubric))
            let view = PanelView(evaluation: evaluation, experts: try store.experts(evaluation: p.evaluation),
                                 sheets: try store.sheets(evaluation: p.evaluation), rubric: Project.rubric)
            let engine = ScoringEngine(rubric: Project.rubric)
            let read = engine.score(panel)
            #expect(read.total == view.result?.total)
            #expect(read.base == view.result?.base)
            #expect(panel.aggregation == .trimmed)
            #expect(panel.findings == ["成效一", "成效二"])
            #expect(panel.experts[0].items[2]?.note == "说明\"引号\"\n换行：\\ 与 \u{7}")
            #expect(panel.experts[0].items[2]?.evidence == ["附件1.pdf", "附件2.pdf"])
            #expect(panel.experts.map { $0.assessor?.name } == Panel5.names.prefix(5).map { Optional($0) })
        }
    }

    @Test func exportRefusesAnInvalidSettlement() throws {
        var s = Settlement()
        s.date = "2026-02-30"
        #expect(PanelAssembly.problems(s, rubric: Project.rubric) == ["报告日期“2026-02-30”不是有效日期（2026年2月没有30日）"])
    }
}
