import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import YRDQCore
import YRDQInput
@testable import YRDQWorkspace

enum Project {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ p: String) -> String { root.appendingPathComponent(p).path }
    static let rubric: Rubric = try! RubricReader.load(path: path("rubric/yrd-2021.yaml"))
}

/// One person's browser: the session cookie and the page's CSRF token.
final class Agent: @unchecked Sendable {
    var cookie: String?
    var csrf: String?
    let name: String
    init(_ name: String) { self.name = name }
}

struct Reply {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String
}

/// The workspace in process, and helpers that act as a browser would.
struct Harness {
    let workspace: Workspace
    let chairToken: String

    /// The header a test names the connection's address in (the in-process client has no socket).
    static let peer = HTTPField.Name("X-Test-Peer")!

    /// `peers`: the connection's address is taken from the `X-Test-Peer` header instead of the
    /// request context's (which the in-process client leaves empty).
    static func make(policy: TokenLimiter.Policy? = nil, documents: (any WorkspaceDocuments)? = nil, data: String? = nil,
                     peers: Bool = false, trustProxy: Bool = false) throws -> Harness {
        let store = try WorkspaceStore()
        let token = try store.newChairLink()
        var configuration = WorkspaceConfiguration(rubric: Project.rubric, templates: Project.path("templates/web"), dataFolder: data, documents: documents)
        var p = policy ?? TokenLimiter.Policy()
        if policy == nil { p.delay = .milliseconds(1) }
        configuration.limiter = p
        configuration.trustProxy = trustProxy
        if peers { configuration.peerAddress = { request, _ in request.headers[Harness.peer] } }
        return Harness(workspace: try Workspace(store: store, configuration: configuration), chairToken: token)
    }

    func run<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
        let app = Application(router: workspace.router())
        return try await app.test(.router) { client in try await body(Client(client: client)) }
    }
}

struct Client: Sendable {
    let client: any TestClientProtocol

    static func csrf(in body: String) -> String? {
        guard let r = body.range(of: "name=\"csrf\" value=\"") else { return nil }
        let rest = body[r.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, as agent: Agent?, form: [(String, String)]? = nil,
              origin: String? = "http://localhost", extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let c = agent?.cookie { headers[.cookie] = "yrdq_session=\(c)" }
        if method == .post, let origin { headers[HTTPField.Name("Origin")!] = origin }
        var body: ByteBuffer? = nil
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: FormBody.encode(form))
        }
        let reply = try await client.execute(uri: uri, method: method, headers: headers, body: body) { r in
            Reply(status: r.status, headers: r.headers, body: String(buffer: r.body))
        }
        if let set = reply.headers[.setCookie], let agent {
            let value = set.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            agent.cookie = value.count == 2 && !value[1].isEmpty ? String(value[1]) : nil
        }
        if let token = Self.csrf(in: reply.body), let agent { agent.csrf = token }
        return reply
    }

    func get(_ uri: String, as agent: Agent?) async throws -> Reply { try await send(.get, uri, as: agent) }

    /// A form post with the agent's CSRF token (as the page carries it).
    func post(_ uri: String, as agent: Agent?, _ fields: [(String, String)] = [], csrf: Bool = true, origin: String? = "http://localhost") async throws -> Reply {
        try await send(.post, uri, as: agent, form: (csrf ? [("csrf", agent?.csrf ?? "")] : []) + fields, origin: origin)
    }

    /// Signs the chair in with the one-time link.
    func signInChair(_ token: String) async throws -> Agent {
        let chair = Agent("主持人")
        _ = try await send(.post, "/c", as: chair, form: [("token", token)])
        _ = try await get("/chair", as: chair)
        return chair
    }

    /// Creates an evaluation from the profile form; its id.
    func createEvaluation(_ chair: Agent, name: String = "嘉禾市汽车零部件产业质量提升示范试点") async throws -> Int64 {
        let r = try await post("/chair/evaluations", as: chair, [
            ("mode", "form"), ("name", name), ("region", "嘉禾市禾川区"), ("lead", "嘉禾市市场监督管理局"),
            ("participants", "嘉禾市发展和改革委员会\n嘉禾市经济和信息化局"), ("approved", "2023-01-10"),
            ("enterprises", "嘉禾恒驰电驱科技股份有限公司，链主企业"),
        ])
        guard r.status == .seeOther, let loc = r.headers[.location], let id = Int64(loc.split(separator: "/").last ?? "") else {
            throw HarnessError("evaluation not created: \(r.status) \(r.body.prefix(600))")
        }
        return id
    }

    /// Adds an expert; the expert's link token, read off the page the chair sees.
    func addExpert(_ chair: Agent, evaluation: Int64, name: String, organization: String = "浙江省质量科学研究院", kind: String = "技术机构") async throws -> String {
        let r = try await post("/chair/evaluations/\(evaluation)/experts", as: chair, [("name", name), ("organization", organization), ("kind", kind)])
        guard r.status == .ok, let token = Self.linkToken(r.body) else { throw HarnessError("expert not added: \(r.status) \(r.body.prefix(800))") }
        return token
    }

    static func linkToken(_ body: String) -> String? {
        guard let r = body.range(of: "/e/") else { return nil }
        return String(body[r.upperBound...].prefix(43))
    }

    func signInExpert(_ token: String, name: String) async throws -> Agent {
        let a = Agent(name)
        let r = try await get("/e/\(token)", as: a)
        guard r.status == .seeOther else { throw HarnessError("expert sign-in failed: \(r.status)") }
        _ = try await get("/sheet", as: a)
        return a
    }

    /// Every item's criteria as form fields, filled from `scores` (item → points) by giving the
    /// criteria their full points in order until the item's score is reached.
    static func fields(scores: [Int: Points], rubric: Rubric = Project.rubric, date: String = "2026-11-18") -> [(String, String)] {
        var out: [(String, String)] = [("date", date)]
        for item in rubric.items {
            var left = scores[item.number] ?? item.points
            for (i, c) in item.criteria.enumerated() {
                let give = min(left, c.points)
                left -= give
                out.append(("c-\(item.number)-\(i)", give.description))
            }
        }
        return out
    }

    func save(_ agent: Agent, _ fields: [(String, String)], version: Int, auto: Bool = false) async throws -> Reply {
        try await post("/sheet/save", as: agent, fields + [("version", String(version))] + (auto ? [("autosave", "1")] : []))
    }

    func submit(_ agent: Agent, _ fields: [(String, String)], version: Int) async throws -> Reply {
        try await post("/sheet/submit", as: agent, fields + [("version", String(version))])
    }

    static func version(in body: String) -> Int? {
        guard let r = body.range(of: "name=\"version\" value=\"") else { return nil }
        return Int(body[r.upperBound...].prefix(while: \.isNumber))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A panel of `count` experts on one evaluation, each signed in.
struct Panel5 {
    var chair: Agent
    var evaluation: Int64
    var experts: [Agent]
    var tokens: [String]

    static let names = ["王建华", "陈思远", "李晓梅", "赵志刚", "周丽娟", "孙国平", "徐文静", "吴海涛", "郑雪芳"]

    static func make(_ c: Client, chairToken: String, count: Int = 5) async throws -> Panel5 {
        let chair = try await c.signInChair(chairToken)
        let id = try await c.createEvaluation(chair)
        var experts: [Agent] = [], tokens: [String] = []
        for i in 0..<count {
            let token = try await c.addExpert(chair, evaluation: id, name: names[i])
            tokens.append(token)
            experts.append(try await c.signInExpert(token, name: names[i]))
        }
        _ = try await c.get("/chair/evaluations/\(id)", as: chair)
        return Panel5(chair: chair, evaluation: id, experts: experts, tokens: tokens)
    }
}
