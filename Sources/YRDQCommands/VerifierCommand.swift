import ArgumentParser
import Crypto
import Foundation
import YRDQCertificates
import YRDQCore

/// `certificate verifier`: writes the bureau's static verification page (`VerificationPage`)
/// into a folder, keeping every key of the page already there.
struct CertificateVerifierCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "verifier",
        abstract: "生成证书核验页面 verify.html：扫描证书二维码即在手机浏览器中核验，无需安装任何软件。",
        discussion: """
        页面是一个独立的 HTML 文件（不引用任何外部脚本或资源，内容安全策略只允许其自带的脚本），内含发证机关的公钥，\
        在浏览器中用 WebCrypto 核验链接“#”之后的证书内容的 Ed25519 签名，并读取与页面同在一处的状态列表 status.json。\
        输出目录中已有 verify.html 时，其中的公钥全部保留（换用新密钥后，旧密钥签发的证书仍可核验）。\
        将 verify.html 和 status.json 发布在同一目录，并在专家组文件中写 verification-page: 页面地址，签发的证书二维码即为核验链接。
        """)

    @Option(name: .long, help: "发证机关公钥（PEM）；可多次给出") var key: [String] = []
    @Option(name: .long, help: "输出目录（写入 verify.html）") var out: String
    @Option(name: .long, help: "页面的发布地址（如 https://portal.example/yrdq/verify.html）；给出时页面只能读取该地址旁的 status.json") var page: String?
    @Option(name: .long, help: "模板目录（默认为项目或安装目录的 templates/，用户配置目录 ~/.config/yrdq/templates/ 中的同名文件优先）") var templates: String?

    func validate() throws {
        if key.isEmpty { throw ValidationError("缺少 --key：核验页面需要发证机关的公钥（yrdq keygen 生成的 \(SigningKeys.publicFileName)）") }
        if let page, let problem = VerificationPageAddress.problem(page) {
            throw ValidationError("--page “\(TerminalText.value(page))”不可用：\(problem)")
        }
    }

    func execute(_ context: Context) throws -> Int32 {
        let console = context.console
        var given: [Curve25519.Signing.PublicKey] = []
        for path in key {
            let k = try SigningKeys.loadPublic(path)
            FilesRead.record(path: path)
            if !given.contains(where: { $0.rawRepresentation == k.rawRepresentation }) { given.append(k) }
        }
        let template = try Self.template(templates)
        let folder = try OutputFolder(out, create: true)
        let name = VerificationPage.fileName
        // What stands there must be a page written here; its keys are kept, older first.
        var keys: [Curve25519.Signing.PublicKey] = []
        let existing = folder.filePath(name)
        if let bytes = try folder.existing(name, kind: .verificationPage) {
            do {
                keys = try VerificationPage.keys(inPage: String(decoding: bytes, as: UTF8.self))
            } catch {
                throw InputErrors([error.diagnostic(file: existing)])
            }
        }
        let kept = keys.count
        for k in given where !keys.contains(where: { $0.rawRepresentation == k.rawRepresentation }) { keys.append(k) }
        let html: String
        do {
            html = try VerificationPage.render(template: template.text, keys: keys, page: page)
        } catch {
            throw InputErrors([error.diagnostic(file: template.path)])
        }
        try folder.write(Data(html.utf8), name: name, kind: .verificationPage)
        let ids = keys.enumerated().map { i, k in SigningKeys.keyID(k) + (i < kept ? "" : "（新增）") }
        console.out("已生成核验页面 \(TerminalText.value(existing))，内含公钥 \(keys.count) 个：\(ids.joined(separator: "、"))")
        let where_ = page.map { "（\(VerificationPage.statusListAddress(page: $0))）" } ?? ""
        console.out("请将状态列表 \(VerificationPage.statusListName) 发布在页面旁边\(where_)，每次撤销、暂停或恢复后重新发布；在专家组文件中写 verification-page: 页面地址，签发的证书二维码即为核验链接")
        return 0
    }

    /// The page's template: the first template folder that holds it.
    static func template(_ explicit: String?) throws(InputErrors) -> (path: String, text: String) {
        let folders = Home.templateFolders(explicit)
        guard let path = folders.map({ FilePath.join($0.path, VerificationPage.templateFileName) })
            .first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw InputErrors([Diagnostic(.error, "找不到核验页面模板 \(VerificationPage.templateFileName)（在 templates/ 中）：请在项目目录中运行，或设置 YRDQ_HOME，或用 --templates 指定")])
        }
        let bytes = try RegularFile.bytes(at: path, maximumBytes: 1024 * 1024)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputErrors([Diagnostic(file: path, "无法读取模板（应为 UTF-8 文本）")])
        }
        return (path, text)
    }
}
