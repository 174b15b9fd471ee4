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
    @Option(name: .customLong("import"), help: "启动时把该试点目录导入为第一项评估（仅当数据目录中还没有评估时）") var importFolder: String?
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
        if let importFolder {
            do {
                if let id = try workspace.importAtStart(folder: importFolder) {
                    console.out("已导入试点目录 \(importFolder)（评估 \(id)）")
                }
            } catch let failure as EvaluationImport.Failure {
                // Most are readers' diagnostics already ("file:line: 错误: …"); the rest are sentences.
                for m in failure.messages { console.err(m.contains("错误: ") || m.contains("警告: ") ? m : "错误: " + m) }
                console.err("错误: 未能导入试点目录 \(importFolder)，工作台没有启动")
                return 1
            }
        }
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
