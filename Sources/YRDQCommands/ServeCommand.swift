import ArgumentParser
import Foundation
import YRDQCore
import YRDQWorkspace

/// `yrdq serve`: the panel workspace in a browser (issue 14). A thin command: the workspace
/// lives in YRDQWorkspace; documents and certificates come from this command line's own code.
struct ServeCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "启动专家组评审工作台（浏览器中评分、汇总、生成文档、签发证书）。",
        discussion: """
        数据（一个 SQLite 文件）保存在 --data 目录中。首次以空目录启动时，在标准输出打印一次性的主持人登录链接。
        默认只监听 127.0.0.1；在局域网中使用时，请放在 TLS 反向代理之后，并加 --public-url 与 --secure-cookies。
        """)

    @Option(name: .long, help: "数据目录") var data: String = "yrdq-data"
    @Option(name: .long, help: "监听地址") var host: String = "127.0.0.1"
    @Option(name: .long, help: "监听端口") var port: Int = 8080
    @Option(name: .customLong("public-url"), help: "专家访问的地址（如 https://pingshen.example），用于生成链接") var publicURL: String?
    @Flag(name: .customLong("secure-cookies"), help: "会话 Cookie 只经 HTTPS 发送（在 TLS 反向代理之后使用）") var secureCookies = false
    @Flag(name: .customLong("chair-link"), help: "生成新的一次性主持人登录链接（原链接作废）") var chairLink = false
    @Option(name: .long, help: "发证机关私钥（签发证书时需要）") var key: String?
    @Option(name: .long, help: "证书登记簿（SQLite 数据库文件；签发证书时需要）") var registry: String?
    @OptionGroup var options: RubricOption

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("端口应为 1 至 65535") }
        if (key == nil) != (registry == nil) { throw ValidationError("--key 与 --registry 须同时给出") }
    }

    func execute(_ context: Context) throws -> Int32 {
        let console = context.console
        let rubric = try Home.loadRubric(options.rubric)
        guard let home = Home.find() else { throw ValidationError("找不到 yrdq 的资源目录（rubric/、templates/）") }
        let templates = FilePath.join(home, "templates/web")
        let (store, first) = try Workspace.open(dataFolder: data)
        var configuration = WorkspaceConfiguration(rubric: rubric, templates: templates, dataFolder: data,
                                                   documents: CommandLineDocuments(rubric: options.rubric, key: key, registry: registry))
        configuration.publicURL = publicURL
        configuration.secureCookies = secureCookies
        let workspace = try Workspace(store: store, configuration: configuration)
        let base = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        if let token = chairLink ? try store.newChairLink() : first {
            console.out("主持人登录链接（仅可使用一次，请勿转发）：\(base)/c/\(token)")
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

/// The workspace's documents and certificates through this command line: the evaluation's
/// exported folder is rendered and issued by the same commands a clerk runs (`render`,
/// `certificate issue`), so files, register and serials are the command line's own.
public struct CommandLineDocuments: WorkspaceDocuments {
    let rubric: String?
    let key: String?
    let registry: String?
    /// Cairo, Pango and fontconfig are driven one document at a time.
    private static let lock = NSLock()

    public init(rubric: String? = nil, key: String? = nil, registry: String? = nil) {
        self.rubric = rubric; self.key = key; self.registry = registry
    }

    public var kinds: [WorkspaceDocumentKind] {
        [WorkspaceDocumentKind(id: "provincial", label: "省级评估报告", formats: ["pdf", "docx", "html", "md"]),
         WorkspaceDocumentKind(id: "summary", label: "专家评分汇总表", formats: ["pdf", "docx", "xlsx", "html", "md"])]
    }

    public var canIssue: Bool { key != nil && registry != nil }

    func run(_ arguments: [String], out: String) throws -> [String] {
        let console = BufferConsole()
        let code = Self.lock.withLock { YRDQCLI.main(arguments: arguments + (rubric.map { ["--rubric", $0] } ?? []), console: console) }
        guard code == 0 else {
            throw DocumentRefusal(console.stderr.split(separator: "\n").filter { !$0.hasPrefix("警告") && !$0.contains(": 警告: ") }.joined(separator: "\n"))
        }
        return try FileManager.default.contentsOfDirectory(atPath: out)
    }

    public func render(kind: String, format: String, evaluationFolder folder: String) throws -> RenderedFile {
        guard kinds.contains(where: { $0.id == kind && $0.formats.contains(format) }) else { throw DocumentRefusal("没有这种文档或格式") }
        let out = FilePath.join(folder, "out")
        let files = try run(["render", kind, FilePath.join(folder, "panel.yaml"), "--format", format, "--out", out], out: out)
        guard let name = files.first(where: { $0.hasSuffix("." + format) }) else { throw DocumentRefusal("未生成文档") }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: FilePath.join(out, name))))
        return RenderedFile(bytes: bytes, filename: name, contentType: contentType(ofFormat: format))
    }

    public func issueCertificate(evaluationFolder folder: String, format: String) throws -> IssuedCertificate {
        guard let key, let registry else { throw DocumentRefusal("未配置发证机关私钥和证书登记簿") }
        guard ["pdf", "html", "md", "docx"].contains(format) else { throw DocumentRefusal("证书格式应为 pdf、html、md 或 docx") }
        let out = FilePath.join(folder, "certificate")
        let files = try run(["certificate", "issue", FilePath.join(folder, "panel.yaml"), "--key", key, "--registry", registry,
                             "--format", format, "--out", out], out: out)
        guard let name = files.first(where: { $0.hasSuffix("." + format) }),
              let data = files.first(where: { $0.hasSuffix(".cert.json") }) else { throw DocumentRefusal("未生成证书") }
        let json = try Data(contentsOf: URL(fileURLWithPath: FilePath.join(out, data)))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: FilePath.join(out, name))))
        return IssuedCertificate(serial: Self.serial(in: try JSONSerialization.jsonObject(with: json)) ?? "",
                                 file: RenderedFile(bytes: bytes, filename: name, contentType: contentType(ofFormat: format)))
    }

    static func serial(in object: Any) -> String? {
        if let d = object as? [String: Any] {
            if let s = d["serial"] as? String { return s }
            for v in d.values { if let s = serial(in: v) { return s } }
        }
        if let a = object as? [Any] { for v in a { if let s = serial(in: v) { return s } } }
        return nil
    }
}
