import ArgumentParser
import Foundation
import YRDQCore
import YRDQInput
import YRDQService
import YRDQCertificates
import YRDQWorkspace

/// `yrdq serve`: the panel workspace in a browser (issue 14). A thin command: the workspace
/// lives in YRDQWorkspace; documents and certificates come from this command line's own code.
struct ServeCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "启动专家组评审工作台（浏览器中评分、汇总、生成文档、签发证书）。",
        discussion: """
        数据（一个 SQLite 文件）保存在 --data 目录中。首次以空目录启动时，在标准输出打印一次性的主持人登录链接。
        默认只监听 127.0.0.1；在局域网中使用时，请放在 TLS 反向代理之后，并加 --public-url 与 --secure-cookies；
        代理在 X-Forwarded-For 中附上客户端地址时再加 --trust-proxy，错误的登录链接即按客户端地址计数（不加时按连接地址计数）。
        """)

    @Option(name: .long, help: "数据目录") var data: String = "yrdq-data"
    @Option(name: .long, help: "监听地址") var host: String = "127.0.0.1"
    @Option(name: .long, help: "监听端口") var port: Int = 8080
    @Option(name: .customLong("public-url"), help: "专家访问的地址（如 https://pingshen.example），用于生成链接") var publicURL: String?
    @Flag(name: .customLong("secure-cookies"), help: "会话 Cookie 只经 HTTPS 发送（在 TLS 反向代理之后使用）") var secureCookies = false
    @Flag(name: .customLong("trust-proxy"), help: "在反向代理之后：以 X-Forwarded-For 的最后一项作为客户端地址（登录尝试按地址计数）；不加时忽略该请求头") var trustProxy = false
    @Flag(name: .customLong("chair-link"), help: "生成新的一次性主持人登录链接（原链接作废）") var chairLink = false
    @Option(name: .long, help: "发证机关私钥（签发证书时需要）") var key: String?
    @Option(name: .long, help: "证书登记簿（SQLite 数据库文件；默认为数据目录中的 certificates.sqlite）") var registry: String?
    @OptionGroup var options: RubricOption

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("端口应为 1 至 65535") }
        if key == nil && registry != nil { throw ValidationError("--registry 须与 --key 一同给出（签发证书时需要私钥）") }
    }

    func execute(_ context: Context) throws -> Int32 {
        let console = context.console
        let rubric = try Home.loadRubric(options.rubric)
        guard let home = Home.find() else { throw ValidationError("找不到 yrdq 的资源目录（rubric/、templates/）") }
        let templates = FilePath.join(home, "templates/web")
        let (store, first) = try Workspace.open(dataFolder: data)
        let registry = self.registry ?? (key == nil ? nil : FilePath.join(data, CertificateService.registerFileName))
        let documents = try ServiceDocuments(resources: Resources.current(rubric: options.rubric), key: key, registry: registry)
        var configuration = WorkspaceConfiguration(rubric: rubric, templates: templates, dataFolder: data, documents: documents)
        configuration.publicURL = publicURL
        configuration.secureCookies = secureCookies
        configuration.trustProxy = trustProxy
        let workspace = try Workspace(store: store, configuration: configuration)
        let base = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        if let token = chairLink ? try store.newChairLink() : first {
            console.out("主持人登录链接（仅可使用一次，请勿转发）：\(base)/c/\(token)")
        }
        if !["127.0.0.1", "::1", "localhost"].contains(host) && publicURL?.hasPrefix("https://") != true {
            console.err(Diagnostic(.warning, "工作台监听 \(host)，链接和会话将以明文经过网络；在局域网中使用时，请放在 TLS 反向代理之后，并加 --public-url https://… 与 --secure-cookies").description)
        }
        if trustProxy && !["127.0.0.1", "::1", "localhost"].contains(host) {
            console.err(Diagnostic(.warning, "--trust-proxy 时工作台应只监听 127.0.0.1（由反向代理转发）：监听 \(host) 时，直接连接的客户端可以伪造 X-Forwarded-For").description)
        }
        console.out("专家组评审工作台：\(base)/（数据目录 \(data)；按 Ctrl-C 停止）")
        let done = DispatchSemaphore(value: 0)
        let failure = ServeFailure()
        let app = workspace.application(host: host, port: port)
        Task {
            do { try await app.runService() } catch { failure.set("\(error)") }
            done.signal()
        }
        done.wait()
        if let message = failure.message { console.err("错误: 工作台未能运行：\(message)"); return 1 }
        return 0
    }
}

final class ServeFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var _message: String?
    func set(_ m: String) { lock.withLock { _message = m } }
    var message: String? { lock.withLock { _message } }
}

/// The workspace's documents and certificates over YRDQService, as the command line's `render`
/// and `certificate issue` make them: the evaluation's exported folder is read by the command
/// line's panel reader, rendered by the same RenderService, and issued by the same
/// CertificateService (designated results only, the same register, the same serials).
public final class ServiceDocuments: WorkspaceDocuments, @unchecked Sendable {
    let renderer: RenderService
    let key: String?
    let registry: String?
    /// Cairo, Pango and fontconfig are driven one document at a time.
    private let lock = NSLock()

    /// `registry`: the certificate register (the command line's `--registry`).
    public init(resources: Resources, key: String?, registry: String?) throws(InputErrors) {
        renderer = try RenderService(resources: resources, pdf: true)
        self.key = key; self.registry = registry
    }

    public var kinds: [WorkspaceDocumentKind] {
        [WorkspaceDocumentKind(id: "provincial", label: "省级评估报告", formats: ["pdf", "ofd", "docx", "html", "md"]),
         WorkspaceDocumentKind(id: "summary", label: "专家评分汇总表", formats: ["pdf", "ofd", "docx", "xlsx", "html", "md"])]
    }

    public var canIssue: Bool { key != nil && registry != nil }

    func panel(_ folder: String) throws(InputErrors) -> (Panel, String) {
        let path = FilePath.join(folder, "panel.yaml")
        return (try PanelReader.load(path: path, reader: SheetReader(rubric: renderer.rubric), requirePilot: true), path)
    }

    static func errors(_ error: InputErrors) -> DocumentRefusal {
        DocumentRefusal(error.errors.map { $0.message }.joined(separator: "\n"))
    }

    public func render(kind: String, format: String, evaluationFolder folder: String) throws -> WorkspaceFile {
        guard kinds.contains(where: { $0.id == kind && $0.formats.contains(format) }), let f = OutputFormat(rawValue: format) else {
            throw DocumentRefusal("没有这种文档或格式")
        }
        do {
            let (panel, path) = try self.panel(folder)
            let request: DocumentRequest = kind == "summary" ? .summary(panel) : .provincial(panel)
            let file = try lock.withLock { try renderer.render(request, as: f, source: path) }
            let name = FileNames.name(pilot: panel.pilot?.name, kind: kind == "summary" ? "专家评分汇总表" : "省级评估报告")
            return WorkspaceFile(bytes: [UInt8](file.data), filename: "\(name).\(format)", contentType: contentType(ofFormat: format))
        } catch let e as InputErrors { throw Self.errors(e) }
    }

    public func issueCertificate(evaluationFolder folder: String, format: String) throws -> WorkspaceCertificate {
        guard let key, let registry else { throw DocumentRefusal("未配置发证机关私钥和证书登记簿") }
        guard let f = OutputFormat(rawValue: format), f != .xlsx else { throw DocumentRefusal("证书格式应为 pdf、ofd、html、md 或 docx") }
        do {
            let (panel, _) = try self.panel(folder)
            let rubric = renderer.rubric
            let result = ScoringEngine(rubric: rubric).score(panel)
            let signingKey = try SigningKeys.loadPrivate(key)
            let service = try CertificateService(registerAt: registry, rubric: rubric)
            let issued = try service.issue(panel: panel, result: result, key: signingKey, today: today())
            let cert = issued.certificate
            let file = try lock.withLock { try renderer.render(service.document(issued, seal: nil), as: f) }
            return WorkspaceCertificate(serial: cert.data.serial,
                                        file: WorkspaceFile(bytes: [UInt8](file.data), filename: CertificateService.fileName(cert) + "." + format,
                                                           contentType: contentType(ofFormat: format)))
        } catch let refused as DesignationRefused {
            throw DocumentRefusal(refused.messages.joined(separator: "\n"))
        } catch let e as InputErrors { throw Self.errors(e) }
    }
}
