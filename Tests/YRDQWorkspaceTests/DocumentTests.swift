import Foundation
import HTTPTypes
import Testing
import YRDQCommands
import YRDQService
import YRDQCore
import YRDQTestSupport
@testable import YRDQWorkspace

@Suite("Workspace: documents and the certificate")
struct DocumentTests {
    static func importSample(_ c: Client, _ h: Harness) async throws -> Agent {
        let chair = try await c.signInChair(h.chairToken)
        let r = try await c.post("/chair/evaluations", as: chair, [("mode", "import"), ("path", Project.path("samples/jiahe-auto-parts"))])
        #expect(r.status == .seeOther)
        _ = try await c.get("/chair/evaluations/1", as: chair)
        return chair
    }

    @Test func downloadsComeFromTheCommandLinesRenderer() async throws {
        let h = try Harness.make(documents: try ServiceDocuments(resources: Resources(home: Project.root.path), key: nil, registry: nil))
        try await h.run { c in
            let chair = try await Self.importSample(c, h)
            let r = try await c.get("/chair/evaluations/1/documents/provincial/md", as: chair)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(r.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(r.body.contains("89.39"))
            // The OFD of the summary, as `render summary --format ofd` writes it: a zip whose first entry is OFD.xml.
            let ofd = try await c.get("/chair/evaluations/1/documents/summary/ofd", as: chair)
            #expect(ofd.status == .ok)
            #expect(ofd.headers[.contentType] == "application/ofd")
            #expect(ofd.body.utf8.starts(with: [0x50, 0x4B, 0x03, 0x04]) || ofd.body.hasPrefix("PK"))
            #expect(ofd.body.contains("OFD.xml"))
            // An expert or a stranger gets nothing.
            #expect(try await c.get("/chair/evaluations/1/documents/provincial/md", as: Agent("s")).status == .forbidden)
            // A kind or format the command line does not write: not found.
            #expect(try await c.get("/chair/evaluations/1/documents/provincial/exe", as: chair).status == .notFound)
        }
    }

    @Test func certificatesOnlyForADesignationInTheCommandLinesRegister() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let console = BufferConsole()
        #expect(YRDQCLI.main(arguments: ["keygen", "--out", dir.path("keys")], console: console) == 0)
        let registry = dir.path("register.sqlite")
        let docs = try ServiceDocuments(resources: Resources(home: Project.root.path), key: dir.path("keys/yrdq-signing-key.pem"), registry: registry)
        let h = try Harness.make(documents: docs)
        try await h.run { c in
            let chair = try await Self.importSample(c, h)
            let first = try await c.post("/chair/evaluations/1/certificate", as: chair, [("format", "md")])
            #expect(first.status == .ok, "\(first.body.prefix(500))")
            let events = try h.workspace.store.events(evaluation: 1).filter { $0.action == "签发证书" }
            let serial = try #require(events.first?.new)
            #expect(!serial.isEmpty)
            #expect(first.body.contains(serial))
            // The 决定 names the certificate's serial from the register, as `render decision --registry` does.
            let decision = try await c.get("/chair/evaluations/1/documents/decision/md", as: chair)
            #expect(decision.status == .ok)
            #expect(decision.body.contains(serial))
            // Issued again: the same serial, as the command line does.
            _ = try await c.post("/chair/evaluations/1/certificate", as: chair, [("format", "md")])
            #expect(try h.workspace.store.events(evaluation: 1).filter { $0.action == "签发证书" }.map(\.new) == [serial, serial])

            // The data file, which `certificate verify` checks against the issuer's public key.
            let data = try await c.post("/chair/evaluations/1/certificate", as: chair, [("format", "json")])
            #expect(data.status == .ok)
            #expect(data.headers[.contentDisposition]?.contains(".cert.json") == true)
            try data.body.write(toFile: dir.path("c.cert.json"), atomically: true, encoding: .utf8)
            let verify = BufferConsole()
            #expect(YRDQCLI.main(arguments: ["certificate", "verify", dir.path("c.cert.json"), "--key", dir.path("keys/yrdq-signing-key.pub.pem")],
                                 console: verify) == 0, "\(verify.stdout)\(verify.stderr)")
            #expect(verify.stdout.contains(serial))
            #expect(try await c.post("/chair/evaluations/1/certificate", as: chair, [("format", "xlsx")]).status == .unprocessableContent)
            let list = BufferConsole()
            #expect(YRDQCLI.main(arguments: ["certificate", "list", "--registry", registry], console: list) == 0)
            #expect(list.stdout.contains(serial))
            // A panel that settles a deduction falls to 69.39: refused, nothing registered.
            let page = try await c.get("/chair/evaluations/1", as: chair)
            let v = try #require(Client.version(in: page.body.components(separatedBy: "/settle").last!))
            let settled = try await c.post("/chair/evaluations/1/settle", as: chair, [
                ("version", String(v)), ("province", "浙江省"), ("bureau", "浙江省市场监督管理局"), ("date", "2026-11-20"),
                ("material-review", "2026-11-10"), ("site-review", "2026-11-18"), ("leader", "陈思远"),
                ("bonus-enterprise", "provincial"), ("bonus-title-enterprise", "浙江省人民政府质量奖（嘉禾恒驰电驱科技股份有限公司）"),
                ("bonus-date-enterprise", "2025-11-28"), ("bonus-government", "municipal"),
                ("bonus-title-government", "嘉禾市2025年度质量工作考核第一名（禾川区）"), ("bonus-date-government", "2026-03-16"),
                ("ded-serious-violation", "1"), ("ded-grounds-serious-violation", "2026年3月查处的严重违法行为"),
            ])
            #expect(settled.status == .seeOther, "\(settled.body.prefix(600))")
            let refused = try await c.post("/chair/evaluations/1/certificate", as: chair, [("format", "md")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("不予签发证书"))
            #expect(try h.workspace.store.events(evaluation: 1).filter { $0.action == "签发证书" }.count == 3)
        }
    }
}

@Suite("yrdq serve: the command line")
struct ServeCommandTests {
    @Test func badOptionsAreUsageErrors() {
        for args in [["serve", "--port", "70000"], ["serve", "--port", "0"], ["serve", "--registry", "r.sqlite"]] {
            let console = BufferConsole()
            #expect(YRDQCLI.main(arguments: args, console: console) == 64, "\(args)")
            #expect(!console.stderr.isEmpty)
        }
    }
}
