import Foundation
import HTTPTypes
import Hummingbird
import YRDQCore
import YRDQInput

/// What the workspace runs with.
public struct WorkspaceConfiguration: Sendable {
    public var rubric: Rubric
    /// The folder of the web templates and static files (`templates/web`).
    public var templates: String
    /// The data folder: exports are written below it (`exports/`); nil: a temporary folder.
    public var dataFolder: String?
    public var documents: (any WorkspaceDocuments)?
    /// The address links are built on (`https://pingshen.example`), as the experts reach the
    /// server; nil: the request's own Host.
    public var publicURL: String?
    /// Cookies marked Secure (behind a TLS reverse proxy).
    public var secureCookies: Bool = false
    public var limiter: TokenLimiter.Policy = .init()
    /// Behind a reverse proxy (`yrdq serve --trust-proxy`): a client's address is the last entry of
    /// `X-Forwarded-For`, which the proxy appends; without it the header is ignored.
    public var trustProxy: Bool = false
    /// The connection's address (the socket's peer, from the request context); tests replace it.
    public var peerAddress: @Sendable (Request, WorkspaceRequestContext) -> String? = { _, context in ClientAddress.text(context.remoteAddress) }
    public init(rubric: Rubric, templates: String, dataFolder: String? = nil, documents: (any WorkspaceDocuments)? = nil) {
        self.rubric = rubric; self.templates = templates; self.dataFolder = dataFolder; self.documents = documents
    }
}

/// The panel workspace: its store, pages and routes.
public struct Workspace: Sendable {
    public let store: WorkspaceStore
    public let configuration: WorkspaceConfiguration
    let pages: WorkspacePages
    let limiter: TokenLimiter
    var rubric: Rubric { configuration.rubric }

    public init(store: WorkspaceStore, configuration: WorkspaceConfiguration) throws {
        self.store = store
        self.configuration = configuration
        self.pages = try WorkspacePages(directory: configuration.templates)
        self.limiter = TokenLimiter(policy: configuration.limiter)
    }

    /// Opens (or creates) the store in a data folder. On first start with an empty folder the
    /// chair's one-time sign-in token is returned, to be printed once; nil afterwards.
    public static func open(dataFolder: String) throws -> (WorkspaceStore, chairToken: String?) {
        try FileManager.default.createDirectory(atPath: dataFolder, withIntermediateDirectories: true)
        let store = try WorkspaceStore(path: (dataFolder as NSString).appendingPathComponent(WorkspaceStore.fileName))
        return (store, try store.isNew() ? store.newChairLink() : nil)
    }

    // MARK: Responses

    func page(_ name: String, _ context: [String: Any], status: HTTPResponse.Status = .ok, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        if let cookie { headers[.setCookie] = cookie }
        // An absent value (nil boxed as Any) is left out: Mustache would take it for a value.
        var context = context.filter { _, v in
            let m = Mirror(reflecting: v)
            return !(m.displayStyle == .optional && m.children.isEmpty)
        }
        if let problems = context["problems"] as? [String] { context["hasProblems"] = !problems.isEmpty }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: pages.render(name, context))))
    }

    func message(_ status: HTTPResponse.Status, _ title: String, _ text: String, back: String? = nil, csrf: String? = nil) -> Response {
        page("message", ["title": title, "text": text, "back": back as Any, "csrf": csrf as Any], status: status)
    }

    func forbidden() -> Response {
        message(.forbidden, "无权访问", "此页面仅对有权限的用户开放。专家请使用主持人发给您的个人链接，主持人请使用主持人登录链接。")
    }

    func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }

    func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: [UInt8](data))))
    }

    func file(_ f: WorkspaceFile) -> Response {
        // RFC 6266 / 8187: an ASCII fallback, and the UTF-8 name percent-encoded but for attr-chars
        // (CharacterSet.alphanumerics would let Chinese letters through into the header).
        let attrChars = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let allowed = attrChars
        let ascii = String(f.filename.unicodeScalars.map { attrChars.contains($0) ? Character($0) : "_" })
        let encoded = f.filename.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return Response(status: .ok, headers: [.contentType: f.contentType,
                                               .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"],
                        body: .init(byteBuffer: ByteBuffer(bytes: f.bytes)))
    }

    // MARK: Sessions and checks

    struct Signed: Sendable {
        var session: WorkspaceStore.Session
        var cookie: String
    }

    func signed(_ request: Request) -> Signed? {
        guard let cookie = Cookies.value(request), Secrets.wellFormed(cookie), let s = try? store.session(cookie) else { return nil }
        return Signed(session: s, cookie: cookie)
    }

    func chair(_ request: Request) -> Signed? {
        guard let s = signed(request), s.session.role == .chair else { return nil }
        return s
    }

    func expert(_ request: Request) -> (Signed, WorkspaceStore.Expert)? {
        guard let s = signed(request), s.session.role == .expert, let id = s.session.expert,
              let e = try? store.expert(id), !e.revoked else { return nil }
        return (s, e)
    }

    /// Whether a state-changing request comes from this site's own page: its Origin (when the
    /// browser sends one) is this host, and it is not cross-site.
    static func sameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site == "cross-site" || site == "same-site" { return false }
        guard let origin = request.headers[HTTPField.Name("Origin")!] else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    /// A POST's form, if it comes from this site and carries the session's CSRF token.
    func checkedForm(_ request: Request, _ s: Signed) async throws -> [String: String]? {
        guard Self.sameOrigin(request) else { return nil }
        let form = try await FormBody.read(request)
        let token = form["csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!] ?? ""
        guard Secrets.equal(token, s.session.csrf) else { return nil }
        return form
    }

    func csrfRefused() -> Response {
        message(.forbidden, "请求被拒绝", "表单已过期或来源不明（缺少有效的安全令牌），未作任何修改。请返回页面刷新后重试。")
    }

    func baseURL(_ request: Request) -> String {
        if let u = configuration.publicURL { return u.hasSuffix("/") ? String(u.dropLast()) : u }
        return "http://\(request.head.authority ?? "127.0.0.1")"
    }

    // MARK: Router

    /// The address a request's bad sign-in tokens are counted under.
    func clientAddress(_ request: Request, _ context: WorkspaceRequestContext) -> String {
        ClientAddress.of(request, peer: configuration.peerAddress(request, context), trustProxy: configuration.trustProxy)
    }

    /// Sign-ins refused for this client: 429 with Retry-After, and when to try again.
    func refused(_ r: TokenLimiter.Refusal) -> Response {
        let minutes = (r.retryAfter + 59) / 60
        let who = r.global ? "错误的登录链接过多（来自多个地址），登录已暂停" : "从您的网络地址提交的错误登录链接过多，登录已暂停"
        var response = message(.tooManyRequests, "登录尝试过多", "尝试次数过多，请 \(minutes) 分钟后再试。\(who)；在此期间，正确的链接也不能登录。")
        response.headers[.retryAfter] = String(r.retryAfter)
        return response
    }

    public func router() -> Router<WorkspaceRequestContext> {
        let router = Router(context: WorkspaceRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        let w = self

        router.get("/") { request, _ in
            if w.chair(request) != nil { return w.redirect("/chair") }
            if w.expert(request) != nil { return w.redirect("/sheet") }
            return w.page("home", [:])
        }
        router.get("/static/:name") { _, context in
            guard let name = context.parameters.get("name"), let asset = w.pages.assets[name] else {
                return w.message(.notFound, "未找到", "没有这个文件。")
            }
            return Response(status: .ok, headers: [.contentType: asset.type], body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
        }

        // Chair sign-in: the one-time link shows a button, so that a link preview cannot use it up.
        router.get("/c/:token") { _, context in
            let token = context.parameters.get("token") ?? ""
            return w.page("chair-signin", ["token": token])
        }
        router.post("/c") { request, context in
            guard Self.sameOrigin(request) else { return w.csrfRefused() }
            let form = try await FormBody.read(request)
            let attempt: TokenLimiter.Attempt
            switch w.limiter.admit(w.clientAddress(request, context)) {
            case .success(let a): attempt = a
            case .failure(let refusal): return w.refused(refusal)
            }
            let token = form["token"] ?? ""
            guard Secrets.wellFormed(token), try w.store.consumeChairLink(token) else {
                if let delay = w.limiter.failed(attempt) { try await Task.sleep(for: delay) }
                return w.message(.forbidden, "链接无效", "此主持人登录链接无效或已使用过（每个链接只能使用一次）。如需新的链接，请在服务器上运行 yrdq serve --chair-link。")
            }
            w.limiter.succeeded(attempt)
            let cookie = try w.store.openSession(role: .chair, expert: nil)
            return w.redirect("/chair", cookie: Cookies.set(cookie, secure: w.configuration.secureCookies))
        }
        // Expert sign-in: the personal link (usable again from another device until revoked).
        router.get("/e/:token") { request, context in
            let attempt: TokenLimiter.Attempt
            switch w.limiter.admit(w.clientAddress(request, context)) {
            case .success(let a): attempt = a
            case .failure(let refusal): return w.refused(refusal)
            }
            let token = context.parameters.get("token") ?? ""
            guard Secrets.wellFormed(token), let e = try w.store.expert(token: token) else {
                if let delay = w.limiter.failed(attempt) { try await Task.sleep(for: delay) }
                return w.message(.forbidden, "链接无效", "此专家链接无效或已被撤销。请向专家组主持人索取新的链接。")
            }
            w.limiter.succeeded(attempt)
            let cookie = try w.store.openSession(role: .expert, expert: e.id)
            return w.redirect("/sheet", cookie: Cookies.set(cookie, secure: w.configuration.secureCookies))
        }
        router.post("/signout") { request, _ in
            guard let s = w.signed(request) else { return w.redirect("/") }
            guard try await w.checkedForm(request, s) != nil else { return w.csrfRefused() }
            try w.store.closeSession(s.cookie)
            return w.redirect("/", cookie: Cookies.clear(secure: w.configuration.secureCookies))
        }

        ChairRoutes(w: w).add(to: router)
        ExpertRoutes(w: w).add(to: router)
        return router
    }

    /// The application listening on `host:port`.
    public func application(host: String, port: Int) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: nil))
    }
}
