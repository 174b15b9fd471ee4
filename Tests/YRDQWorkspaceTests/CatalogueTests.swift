import Foundation
import GRDB
import HTTPTypes
import Testing
import YRDQCommands
import YRDQCore
import YRDQInput
import YRDQService
import YRDQTestSupport
@testable import YRDQWorkspace

/// Every document the command line writes, downloadable from the chair's page; the folder import
/// with a self-assessment and without a panel file; the issuer block; the audit trail attached.
@Suite("Workspace: the documents of an evaluation")
struct CatalogueTests {
    static let documents = try! ServiceDocuments(resources: Resources(home: Project.root.path), key: nil, registry: nil)

    /// The document links of the evaluation page: id → formats.
    static func links(_ page: String, evaluation: Int64 = 1) -> [String: [String]] {
        var out: [String: [String]] = [:]
        let prefix = "/chair/evaluations/\(evaluation)/documents/"
        for part in page.components(separatedBy: "href=\"" + prefix).dropFirst() {
            let path = part.prefix { $0 != "\"" }.split(separator: "/").map(String.init)
            guard path.count == 2 else { continue }
            out[path[0], default: []].append(path[1])
        }
        return out
    }

    static func importFolder(_ c: Client, _ chair: Agent, _ path: String) async throws -> Reply {
        try await c.post("/chair/evaluations", as: chair, [("mode", "import"), ("path", path)])
    }

    /// A fresh workspace whose chair imports `folder`; `body` gets the harness, the client, the
    /// chair and the import's reply.
    static func afterImporting(_ folder: String, _ body: @Sendable (Harness, Client, Agent, Reply) async throws -> Void) async throws {
        let h = try Harness.make(documents: Self.documents)
        try await h.run { c in
            let chair = try await c.signInChair(h.chairToken)
            try await body(h, c, chair, try await Self.importFolder(c, chair, folder))
        }
    }

    @Test func everyDocumentOfTheSamplesSetDownloadsInEveryFormat() async throws {
        let h = try Harness.make(documents: Self.documents)
        try await h.run { c in
            let chair = try await c.signInChair(h.chairToken)
            #expect(try await Self.importFolder(c, chair, Project.path("samples/jiahe-auto-parts")).status == .seeOther)
            let page = try await c.get("/chair/evaluations/1", as: chair).body
            let links = Self.links(page)
            let documents = ["pdf", "ofd", "docx", "html", "md"], tables = documents + ["xlsx"]
            var expected: [String: [String]] = ["blank-table": tables, "self-table": tables, "self-assessment": documents,
                                                "application": documents, "summary": tables, "provincial": documents,
                                                "provincial-audit": documents, "decision": documents]
            for k in 1...7 { expected["expert-\(k)"] = tables }
            // 89.39 is above 80: a 决定, never a 通知.
            #expect(links == expected)
            #expect(page.contains("评分表（陈思远）"))
            // Nothing missing is noted, and no absent value shows as text.
            #expect(!page.contains("(nil)") && !page.contains("（nil）") && !page.contains("须有发文信息") && !page.contains("须先在评议结论中填写公文信息"))
            // Each document's Markdown, named as the command line names it.
            for (id, name) in [("blank-table", "评分表（空白）"), ("self-table", "嘉禾市新能源汽车零部件产业质量提升示范试点-评分表-沈明辉（嘉禾市市场监督管理局）"),
                               ("self-assessment", "嘉禾市新能源汽车零部件产业质量提升示范试点-自评报告"),
                               ("application", "嘉禾市新能源汽车零部件产业质量提升示范试点-申请省级评估的请示"),
                               ("summary", "嘉禾市新能源汽车零部件产业质量提升示范试点-专家评分汇总表"),
                               ("provincial", "嘉禾市新能源汽车零部件产业质量提升示范试点-省级评估报告"),
                               ("decision", "嘉禾市新能源汽车零部件产业质量提升示范试点-授予称号的决定")] {
                let r = try await c.get("/chair/evaluations/1/documents/\(id)/md", as: chair)
                #expect(r.status == .ok, "\(id): \(r.body.prefix(300))")
                let disposition = r.headers[.contentDisposition] ?? ""
                #expect(disposition.unicodeScalars.allSatisfy { $0.isASCII }, "\(disposition)")
                #expect(disposition.components(separatedBy: "filename*=UTF-8''").last?.removingPercentEncoding == name + ".md", "\(id): \(disposition)")
            }
            // The same words as `yrdq render` on the sample's own files.
            let dir = try TempDir()
            defer { dir.remove() }
            for (kind, file, id) in [("decision", "panel.yaml", "decision"), ("self-assessment", "self-assessment.yaml", "self-assessment"),
                                     ("application", "self-assessment.yaml", "application")] {
                let console = BufferConsole()
                #expect(YRDQCLI.main(arguments: ["render", kind, Project.path("samples/jiahe-auto-parts/\(file)"), "--format", "md", "--out", dir.path(kind)],
                                     console: console) == 0, "\(console.stderr)")
                let written = try FileManager.default.contentsOfDirectory(atPath: dir.path(kind)).filter { $0.hasSuffix(".md") }
                let cli = try String(contentsOfFile: dir.path("\(kind)/\(written[0])"), encoding: .utf8)
                let web = try await c.get("/chair/evaluations/1/documents/\(id)/md", as: chair).body
                #expect(web == cli, "\(kind)")
            }
            // Every format of one document and of one table: the bytes of their kind.
            for format in tables {
                let r = try await c.get("/chair/evaluations/1/documents/expert-3/\(format)", as: chair)
                #expect(r.status == .ok, "\(format)")
                #expect(r.headers[.contentType] == contentType(ofFormat: format))
                switch format {
                case "pdf": #expect(r.body.hasPrefix("%PDF-"))
                case "ofd", "docx", "xlsx": #expect(r.body.hasPrefix("PK"))
                case "html": #expect(r.body.contains("<html"))
                default: #expect(r.body.contains("评分表"))
                }
            }
            // A download is recorded; an expert index past the panel, or a kind not offered, is not found.
            #expect(try h.workspace.store.events(evaluation: 1).contains { $0.action == "下载文档" && $0.subject == "decision.md" })
            #expect(try await c.get("/chair/evaluations/1/documents/expert-8/md", as: chair).status == .notFound)
            #expect(try await c.get("/chair/evaluations/1/documents/expert-01/md", as: chair).status == .notFound)
            #expect(try await c.get("/chair/evaluations/1/documents/notice/md", as: chair).status == .notFound)
            #expect(try await c.get("/chair/evaluations/1/documents/self-assessment/xlsx", as: chair).status == .notFound)
        }
    }

    @Test func aDocumentKindReadsBackFromItsLinkAndNothingElseIsAKind() {
        let kinds: [DocumentKind] = [.blankTable, .selfTable, .selfAssessment, .application, .expert(1), .expert(9), .expert(12),
                                     .summary, .provincial, .provincialAudit, .decision, .notice]
        #expect(Set(kinds.map(\.id)).count == kinds.count)
        for kind in kinds { #expect(DocumentKind(id: kind.id) == kind, "\(kind.id)") }
        for id in ["", "expert-", "expert-0", "expert-01", "expert-+1", "expert- 1", "expert-١", "expert-99999999999999999999",
                   "Decision", "decision ", "provincial-", "../decision"] {
            #expect(DocumentKind(id: id) == nil, "\(id)")
        }
    }

    @Test func theAuditTrailIsAttachedToTheProvincialReportWhenAskedFor() async throws {
        let h = try Harness.make(documents: Self.documents)
        try await h.run { c in
            let chair = try await c.signInChair(h.chairToken)
            _ = try await Self.importFolder(c, chair, Project.path("samples/jiahe-auto-parts"))
            try h.workspace.store.record(evaluation: 1, actor: "主持人", action: "登记回避", subject: "=HYPERLINK(\"x\")", new: "a,\"b\"\n第二行")
            let plain = try await c.get("/chair/evaluations/1/documents/provincial/md", as: chair).body
            #expect(!plain.contains("评审过程记录"))
            let attached = try await c.get("/chair/evaluations/1/documents/provincial-audit/md", as: chair).body
            #expect(attached.contains("附件9"))
            #expect(attached.contains("评审过程记录"))
            #expect(attached.contains("新建评估"))
            #expect(attached.contains("登记回避"))
            #expect(attached.contains("HYPERLINK"))
            // In the PDF too: the attachment's rows on a page of their own.
            let pdf = try await c.get("/chair/evaluations/1/documents/provincial-audit/pdf", as: chair)
            #expect(pdf.status == .ok)
        }
    }

    @Test func aFolderWithoutAPanelFileBringsItsExpertSheetsAndItsSelfAssessment() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let sample = Project.path("samples/jiahe-auto-parts")
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir.path("p/experts"), withIntermediateDirectories: true)
        for name in ["pilot.yaml", "self-assessment.yaml"] { try fm.copyItem(atPath: "\(sample)/\(name)", toPath: dir.path("p/\(name)")) }
        for name in try fm.contentsOfDirectory(atPath: "\(sample)/experts") { try fm.copyItem(atPath: "\(sample)/experts/\(name)", toPath: dir.path("p/experts/\(name)")) }
        try await Self.afterImporting(dir.path("p")) { (h, c, chair, r) async throws in
            #expect(r.status == .seeOther, "\(r.body.prefix(800))")
            let experts = try h.workspace.store.experts(evaluation: 1)
            #expect(experts.count == 7)
            #expect(experts.contains { $0.name == "陈思远" && $0.kind == "技术机构" })
            #expect(try h.workspace.store.sheets(evaluation: 1).values.allSatisfy(\.submitted))
            #expect(try h.workspace.store.evaluation(1)?.selfAssessmentYAML?.contains("assessor: {name: \"沈明辉\"") == true)
            // No panel file, so no settlement yet: no bonus settled, and the scores alone decide.
            let links = Self.links(try await c.get("/chair/evaluations/1", as: chair).body)
            #expect(links["self-assessment"] != nil && links["expert-7"] != nil && links["summary"] != nil)
        }
        // An expert sheet that does not say whom the expert represents; two sheets of one expert;
        // a self-assessment of another pilot: each named, nothing imported.
        try "pilot: ../pilot.yaml\nassessor: {name: 陈思远, organization: 浙江省质量科学研究院}\n".write(toFile: dir.path("p/experts/chen.yaml"), atomically: true, encoding: .utf8)
        try fm.copyItem(atPath: dir.path("p/experts/li.yaml"), toPath: dir.path("p/experts/li-copy.yaml"))
        try await Self.afterImporting(dir.path("p")) { (h2, c, chair, r) async throws in
            #expect(r.status == .unprocessableContent)
            #expect(r.body.contains("li-copy.yaml"))
            #expect(r.body.contains("一位专家只交一份评分表"))
            #expect(r.body.contains("chen.yaml"))
            #expect(try h2.workspace.store.evaluations().isEmpty)
        }
    }

    @Test func aPanelInitKitAsSentOutBringsItsExpertsToScoreInTheWorkspace() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let sample = Project.path("samples/jiahe-auto-parts")
        try FileManager.default.createDirectory(atPath: dir.path("p"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(sample)/pilot.yaml", toPath: dir.path("p/pilot.yaml"))
        let console = BufferConsole()
        #expect(YRDQCLI.main(arguments: ["panel", "init", dir.path("p"), "--pilot", dir.path("p/pilot.yaml"),
                                         "--experts", "\(sample)/experts.csv", "--format", "yaml"], console: console) == 0, "\(console.stderr)")
        // 陈思远 has begun: two items scored, the rest still blank.
        let chen = dir.path("p/experts/陈思远.yaml")
        let begun = try String(contentsOfFile: chen, encoding: .utf8)
            .replacingOccurrences(of: "\n  1:\n", with: "\n  1: 0\n").replacingOccurrences(of: "\n  2:\n", with: "\n  2: {score: 0, note: 待补充}\n")
        try begun.write(toFile: chen, atomically: true, encoding: .utf8)
        // The command line still refuses a panel of unfinished sheets.
        let strict = BufferConsole()
        #expect(YRDQCLI.main(arguments: ["panel", dir.path("p/panel.yaml")], console: strict) == 1)
        #expect(strict.stderr.contains("没有填写得分"))
        try await Self.afterImporting(dir.path("p")) { (h, c, chair, r) async throws in
            #expect(r.status == .seeOther, "\(r.body.prefix(800))")
            let experts = try h.workspace.store.experts(evaluation: 1)
            #expect(experts.map(\.name) == ["王建华", "陈思远", "李慧敏", "赵国平", "周晓岚", "孙卫东", "徐丽娟"])
            let sheets = try h.workspace.store.sheets(evaluation: 1)
            #expect(sheets.count == 7 && sheets.values.allSatisfy { !$0.submitted })
            let chenID = try #require(experts.first { $0.name == "陈思远" }).id
            let wangID = try #require(experts.first { $0.name == "王建华" }).id
            let chenSheet = try #require(sheets[chenID])
            #expect(chenSheet.content.items["1"]?.score == "0" && chenSheet.content.items["2"]?.note == "待补充")
            #expect(chenSheet.content.items["3"] == nil)
            let wang = try #require(sheets[wangID])
            #expect(wang.content.items.isEmpty)
            // No sheet is complete yet: no panel result, no summary to download.
            let links = Self.links(try await c.get("/chair/evaluations/1", as: chair).body)
            #expect(links["blank-table"] != nil && links["summary"] == nil && links["expert-1"] == nil)
        }
        // A value no sheet may hold is refused still, naming the file and the item.
        try begun.replacingOccurrences(of: "\n  3:\n", with: "\n  3: 99\n").write(toFile: chen, atomically: true, encoding: .utf8)
        try await Self.afterImporting(dir.path("p")) { (h2, c, chair, r) async throws in
            #expect(r.status == .unprocessableContent)
            #expect(r.body.contains("陈思远.yaml") && r.body.contains("第3项"), "\(r.body.prefix(1500))")
            #expect(try h2.workspace.store.evaluations().isEmpty)
        }
        // The workbooks of the kit (its default), without the panel file: the same seven to score.
        try FileManager.default.createDirectory(atPath: dir.path("x"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(sample)/pilot.yaml", toPath: dir.path("x/pilot.yaml"))
        #expect(YRDQCLI.main(arguments: ["panel", "init", dir.path("x"), "--pilot", dir.path("x/pilot.yaml"),
                                         "--experts", "\(sample)/experts.csv"], console: console) == 0, "\(console.stderr)")
        try FileManager.default.removeItem(atPath: dir.path("x/panel.yaml"))
        try await Self.afterImporting(dir.path("x")) { (h3, c, chair, r) async throws in
            #expect(r.status == .seeOther, "\(r.body.prefix(800))")
            #expect(try h3.workspace.store.experts(evaluation: 1).count == 7)
            #expect(try h3.workspace.store.sheets(evaluation: 1).values.allSatisfy { !$0.submitted && $0.content.items.isEmpty })
        }
    }

    @Test func theIssuerBlockIsCheckedExportedAndNeededByTheDecision() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let h = try Harness.make(documents: Self.documents, data: dir.path("data"))
        try await h.run { c in
            let chair = try await c.signInChair(h.chairToken)
            _ = try await Self.importFolder(c, chair, Project.path("samples/jiahe-auto-parts"))
            func settle(_ issuer: [(String, String)]) async throws -> Reply {
                let page = try await c.get("/chair/evaluations/1", as: chair)
                let v = try #require(Client.version(in: page.body.components(separatedBy: "/settle").last!))
                return try await c.post("/chair/evaluations/1/settle", as: chair, [
                    ("version", String(v)), ("province", "浙江省"), ("bureau", "浙江省市场监督管理局"), ("date", "2026-11-20"),
                    ("material-review", "2026-11-10"), ("site-review", "2026-11-18"), ("leader", "陈思远"),
                    ("bonus-enterprise", "provincial"), ("bonus-title-enterprise", "浙江省人民政府质量奖（嘉禾恒驰电驱科技股份有限公司）"),
                    ("bonus-date-enterprise", "2025-11-28"), ("bonus-government", "municipal"),
                    ("bonus-title-government", "嘉禾市2025年度质量工作考核第一名（禾川区）"), ("bonus-date-government", "2026-03-16"),
                ] + issuer)
            }
            // The imported panel's issuer shows in the form.
            #expect(try await c.get("/chair/evaluations/1", as: chair).body.contains("value=\"浙市监质〔2026〕41号\""))
            let bad = try await settle([("issuer-mark", "浙江省市场监督管理局文件"), ("issuer-number", "浙市监质[2026]41号"),
                                        ("issuer-printer", "浙江省市场监督管理局办公室"), ("issuer-date", "2026-11-25"), ("issuer-printed", "2026-11-24")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("年份应用六角括号〔〕括起"))
            #expect(bad.body.contains("公文信息缺少主送机关"))
            #expect(bad.body.contains("早于成文日期"))
            // Without one, the 决定 says what it needs.
            #expect(try await settle([]).status == .seeOther)
            let page = try await c.get("/chair/evaluations/1", as: chair).body
            #expect(page.contains("须先在评议结论中填写公文信息"))
            let refused = try await c.get("/chair/evaluations/1/documents/decision/md", as: chair)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("issuer"))
            // With one, exported as the panel file's issuer and read back by the command line.
            #expect(try await settle([("issuer-mark", "浙江省市场监督管理局文件"), ("issuer-number", "浙市监质〔2026〕52号"),
                                      ("issuer-addressees", "各设区市市场监督管理局\n嘉禾市人民政府"), ("issuer-copies", "长三角区域合作办公室"),
                                      ("issuer-printer", "浙江省市场监督管理局办公室"), ("issuer-date", "2026-11-26")]).status == .seeOther)
            let decision = try await c.get("/chair/evaluations/1/documents/decision/md", as: chair)
            #expect(decision.status == .ok)
            #expect(decision.body.contains("浙市监质〔2026〕52号"))
            #expect(decision.body.contains("嘉禾市人民政府"))
            let export = try await c.post("/chair/evaluations/1/export", as: chair)
            #expect(export.status == .ok)
            let exports = try FileManager.default.contentsOfDirectory(atPath: dir.path("data/exports"))
            let folder = dir.path("data/exports/\(exports[0])")
            let panel = try PanelReader.load(path: "\(folder)/panel.yaml", reader: SheetReader(rubric: Project.rubric))
            #expect(panel.issuer?.number == "浙市监质〔2026〕52号")
            #expect(panel.issuer?.addressees == ["各设区市市场监督管理局", "嘉禾市人民政府"])
            #expect(panel.issuer?.date == CivilDate(year: 2026, month: 11, day: 26))
            // The export holds the self-assessment and the audit trail, which `render provincial --audit` attaches.
            #expect(FileManager.default.fileExists(atPath: "\(folder)/self-assessment.yaml"))
            let audit = try AuditTrailCSV.read(path: "\(folder)/audit.csv")
            #expect(audit.first?.action == "新建评估")
            #expect(audit.contains { $0.action == "保存评议结论" || $0.action.contains("评议") })
            let console = BufferConsole()
            #expect(YRDQCLI.main(arguments: ["render", "provincial", "\(folder)/panel.yaml", "--audit", "\(folder)/audit.csv", "--format", "md",
                                             "--out", dir.path("out")], console: console) == 0, "\(console.stderr)")
            let md = try FileManager.default.contentsOfDirectory(atPath: dir.path("out")).first { $0.hasSuffix(".md") }!
            let text = try String(contentsOfFile: dir.path("out/\(md)"), encoding: .utf8)
            #expect(text.contains("评审过程记录"))
            #expect(text.contains("新建评估"))
            // The export is a pilot folder `render set` takes whole: the self-assessment's documents too.
            let set = BufferConsole()
            #expect(YRDQCLI.main(arguments: ["render", "set", folder, "--format", "md", "--out", dir.path("set")], console: set) == 0, "\(set.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path("set"))
            #expect(names.contains { $0.hasSuffix("自评报告.md") } && names.contains { $0.hasSuffix("省级评估报告.md") }, "\(names)")
        }
    }
}

@Suite("The audit trail as CSV")
struct AuditTrailCSVTests {
    @Test func everyValueReadsBackAsItWas() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let records = [
            AuditRecord(at: "2026-11-18T09:00:00Z", actor: "主持人", action: "新建评估", subject: "嘉禾市试点"),
            AuditRecord(at: "2026-11-18T09:01:00Z", actor: "陈思远", action: "保存评分表", subject: "第5项说明",
                        old: "=cmd|' /C calc'!A0", new: "a,\"b\"\n第二行"),
            AuditRecord(at: "2026-11-18T09:02:00Z", actor: "李建华", action: "保存评分表", subject: " 前后空格 ", old: "'=x", new: "-1"),
            AuditRecord(at: "2026-11-18T09:03:00Z", actor: "主持人", action: "解锁评分表", subject: "@SUM(A1)", old: "'", new: "+2"),
        ]
        let text = AuditTrailCSV.encode(records)
        // No cell a spreadsheet would run as a formula.
        for line in text.split(separator: "\r\n").dropFirst() {
            for field in line.split(separator: ",") { #expect(!"=+-@".contains(field.first ?? " "), "\(line)") }
        }
        try text.write(toFile: dir.path("audit.csv"), atomically: true, encoding: .utf8)
        #expect(try AuditTrailCSV.read(path: dir.path("audit.csv")) == records)
    }

    @Test func aBadTrailIsRefusedWithItsLine() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        func refused(_ text: String) throws -> [String] {
            try text.write(toFile: dir.path("bad.csv"), atomically: true, encoding: .utf8)
            do { _ = try AuditTrailCSV.read(path: dir.path("bad.csv")); return [] }
            catch { return error.diagnostics.map(\.description) }
        }
        #expect(try refused("a,b\n").first?.contains("第一行应为表头") == true)
        #expect(try refused("时间,操作人,操作,对象,原值,新值\n2026,主持人\n").first?.contains(":2: 错误: 应有 6 列") == true)
        #expect(try refused("时间,操作人,操作,对象,原值,新值\n,主持人,a,,,\n").first?.contains("不能为空") == true)
        #expect(try refused("时间,操作人,操作,对象,原值,新值\n\"2026,主持人,a,,,\n").first?.contains("引号没有闭合") == true)
        #expect(try refused("时间,操作人,操作,对象,原值,新值\nt,主持人,a\u{1B}[31m,,,\n").first?.contains("控制字符") == true)
        let console = BufferConsole()
        #expect(YRDQCLI.main(arguments: ["render", "summary", Project.path("samples/jiahe-auto-parts/panel.yaml"), "--audit", dir.path("bad.csv")],
                             console: console) == 64)
        #expect(console.stderr.contains("--audit 只用于 render provincial"))
        let bad = BufferConsole()
        #expect(YRDQCLI.main(arguments: ["render", "provincial", Project.path("samples/jiahe-auto-parts/panel.yaml"), "--audit", dir.path("bad.csv"),
                                         "--format", "md", "--out", dir.path("out")], console: bad) == 1)
        #expect(bad.stderr.contains("bad.csv:2"))
        let written = (try? FileManager.default.contentsOfDirectory(atPath: dir.path("out"))) ?? []
        #expect(written.isEmpty)
    }
}

@Suite("yrdq serve --import")
struct ImportAtStartTests {
    @Test func theSampleBecomesTheFirstEvaluationOnceOnly() throws {
        let h = try Harness.make()
        let id = try h.workspace.importAtStart(folder: Project.path("samples/jiahe-auto-parts"))
        #expect(id == 1)
        #expect(try h.workspace.store.experts(evaluation: 1).count == 7)
        // A restart on the same data imports nothing again.
        #expect(try h.workspace.importAtStart(folder: Project.path("samples/jiahe-auto-parts")) == nil)
        #expect(try h.workspace.store.evaluations().count == 1)
        // A folder that is not a pilot's: the reason, nothing created.
        let empty = try Harness.make()
        #expect(throws: EvaluationImport.Failure.self) { try empty.workspace.importAtStart(folder: "/nonexistent-folder") }
        #expect(try empty.workspace.store.evaluations().isEmpty)
    }
}

@Suite("Workspace: a data folder of the first version")
struct StoreMigrationTests {
    @Test func aVersionOneStoreOpensWithItsEvaluationsKept() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path(WorkspaceStore.fileName)
        do {
            let queue = try DatabaseQueue(path: path)
            try WorkspaceStore.migrator.migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO evaluations (pilot_name, profile_yaml, created_at, settlement) VALUES (?, ?, ?, ?)",
                               arguments: ["旧试点", "name: 旧试点\n", "2026-11-01T00:00:00Z", #"{"aggregation":"trimmed","bonus":{},"bonusGrounds":{},"bureau":"浙江省市场监督管理局","date":"","deductions":{},"findings":["甲"],"leader":"","materialReview":"","province":"浙江省","recommendations":[],"siteReview":""}"#])
            }
        }
        let store = try WorkspaceStore(path: path)
        let e = try #require(try store.evaluation(1))
        #expect(e.pilotName == "旧试点")
        #expect(e.selfAssessmentYAML == nil)
        // A settlement saved before the issuer block existed reads as it was, with no issuer.
        #expect(e.settlement.aggregation == "trimmed" && e.settlement.findings == ["甲"] && e.settlement.issuer == nil)
    }
}

@Suite("Workspace: an expert's returned sheet")
struct ReturnedSheetTests {
    @Test func aReturnedSheetBecomesThatExpertsAndIsRefusedForAStranger() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        // The kit `panel init` sends out, one sheet filled in as an expert returns it.
        let console = BufferConsole()
        #expect(YRDQCLI.main(arguments: ["panel", "init", dir.path("kit"), "--pilot", Project.path("samples/jiahe-auto-parts/pilot.yaml"),
                                         "--experts", Project.path("samples/jiahe-auto-parts/experts.csv"), "--format", "yaml"], console: console) == 0,
                "\(console.stderr)")
        let h = try Harness.make()
        try await h.run { c in
            let chair = try await c.signInChair(h.chairToken)
            let id = try await c.createEvaluation(chair)
            // The bureau's list of the seven: added at once, no link shown; again: nothing added twice.
            let list = try await c.post("/chair/evaluations/\(id)/import-experts", as: chair, [("path", Project.path("samples/jiahe-auto-parts/experts.csv"))])
            #expect(list.status == .seeOther, "\(list.body.prefix(600))")
            #expect(try h.workspace.store.experts(evaluation: id).count == 7)
            #expect(try await c.post("/chair/evaluations/\(id)/import-experts", as: chair, [("path", Project.path("samples/jiahe-auto-parts/experts.csv"))]).status == .seeOther)
            #expect(try h.workspace.store.experts(evaluation: id).count == 7)
            // A list that is not one: its own message.
            let bad = try await c.post("/chair/evaluations/\(id)/import-experts", as: chair, [("path", Project.path("samples/jiahe-auto-parts/pilot.yaml"))])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("无法导入专家名单"))
            // The sample's own sheet of 陈思远, complete: imported and submitted.
            let good = try await c.post("/chair/evaluations/\(id)/import-sheet", as: chair, [("path", Project.path("samples/jiahe-auto-parts/experts/chen.yaml"))])
            #expect(good.status == .seeOther, "\(good.body.prefix(600))")
            let expert = try #require(try h.workspace.store.experts(evaluation: id).first { $0.name == "陈思远" })
            let stored = try #require(try h.workspace.store.sheet(expert: expert.id))
            #expect(stored.submitted)
            #expect(stored.content.items["21"] != nil)
            #expect(try h.workspace.store.events(evaluation: id).contains { $0.action == "导入专家评分表" && $0.subject == "陈思远" })
            // Again, now that it is locked: refused, with what to do.
            let again = try await c.post("/chair/evaluations/\(id)/import-sheet", as: chair, [("path", Project.path("samples/jiahe-auto-parts/experts/chen.yaml"))])
            #expect(again.status == .conflict)
            #expect(again.body.contains("请先填写原因解锁"))
            // A sheet of someone not on the panel, and a blank kit sheet: each refused with the reason.
            let other = try String(contentsOfFile: Project.path("samples/jiahe-auto-parts/experts/li.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "李慧敏", with: "钱文涛").replacingOccurrences(of: "pilot: ../pilot.yaml", with: "pilot: \(Project.path("samples/jiahe-auto-parts/pilot.yaml"))")
            try other.write(toFile: dir.path("qian.yaml"), atomically: true, encoding: .utf8)
            let stranger = try await c.post("/chair/evaluations/\(id)/import-sheet", as: chair, [("path", dir.path("qian.yaml"))])
            #expect(stranger.status == .unprocessableContent)
            #expect(stranger.body.contains("不在本次评估的专家组中"))
            let kitSheets = try FileManager.default.contentsOfDirectory(atPath: dir.path("kit/experts"))
            let blank = try await c.post("/chair/evaluations/\(id)/import-sheet", as: chair, [("path", dir.path("kit/experts/\(kitSheets[0])"))])
            #expect(blank.status == .unprocessableContent)
            #expect(blank.body.contains("没有填写得分"))
            // An expert cannot import.
            #expect(try await c.post("/chair/evaluations/\(id)/import-sheet", as: Agent("x"), [("path", "/etc/passwd")]).status == .forbidden)
        }
    }
}
