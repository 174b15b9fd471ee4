import ArgumentParser
import Foundation
import YRDQCertificates
import YRDQCore
import YRDQDocument
import YRDQHTML
import YRDQInput
import YRDQMarkdown

struct CertificateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "“长三角质量提升示范”证书：签发、登记、核验、撤销与暂停。",
        subcommands: [CertificateIssueCommand.self, CertificateListCommand.self, CertificateVerifyCommand.self,
                      CertificateRevokeCommand.self, CertificateSuspendCommand.self, CertificateReinstateCommand.self,
                      CertificateStatusListCommand.self, CertificateVerifierCommand.self])
}

struct RegistryOptions: ParsableArguments {
    @Option(name: .long, help: "证书登记簿（SQLite 数据库文件）") var registry: String
    @Option(name: .long, help: "登记簿被占用时最多等待的秒数") var wait: Double = 10

    /// Opens the register, and records it (with SQLite's journal files beside it) among the
    /// files this run read, so that no output of the run can replace it.
    func open(create: Bool) throws -> CertificateRegister {
        let register = try CertificateRegister(path: registry, create: create, timeout: max(0, wait))
        for suffix in ["", "-journal", "-wal", "-shm"] { FilesRead.record(path: registry + suffix) }
        return register
    }
}

/// Today, in the local calendar.
func today() -> CivilDate { CivilDate.today() }

/// A date given with --date, or today. A date after today is refused unless the user says
/// so with --allow-future-date (a mistyped year would otherwise stand in the register).
func eventDate(_ raw: String?, allowFuture: Bool = false, today: CivilDate = today()) throws -> CivilDate {
    guard let raw else { return today }
    guard let d = CivilDate(parsing: raw) else {
        throw ValidationError("--date 应为 YYYY-MM-DD 格式的日期，可写作 \(CivilDate.allowedForms)；实际是“\(TerminalText.value(raw))”")
    }
    if today < d && !allowFuture {
        throw InputErrors([Diagnostic(.error, "--date \(d.description) 晚于今天（\(today.description)）；默认不登记将来的日期，以免误填。确需预先登记，请加 --allow-future-date")])
    }
    return d
}

/// The help of --credential-base.
let credentialBaseHelp = ArgumentHelp("状态列表凭证的发布地址（如 https://portal.example/yrdq/）；给出时 issue 另生成 W3C 可验证凭证 <名称>.vc.json，status-list 另生成 \(StatusPurpose.revocation.fileName) 和 \(StatusPurpose.suspension.fileName)；不给出则都不生成")

/// The --credential-base address, checked (a bad one is a bad command line).
func credentialBaseOption(_ raw: String?) throws -> CredentialBase? {
    guard let raw else { return nil }
    do { return try CredentialBase(raw) } catch { throw ValidationError(error.diagnostics.map(\.message).joined(separator: "\n")) }
}

/// The help of --allow-future-date.
let allowFutureDateHelp = ArgumentHelp("允许 --date 晚于今天（默认拒绝将来的日期，以免误填年份或月份）")

/// A --reason as stored: NFC, trimmed; one line of visible text.
func eventReason(_ raw: String?, required: Bool) throws -> String? {
    guard let raw else { return nil }
    let reason = NameText.cleaned(raw)
    if reason.isEmpty {
        if required { throw ValidationError("--reason 不能为空") }
        return nil
    }
    if TerminalText.value(reason) != reason || !NameText.invisibleScalars(in: reason).isEmpty {
        let bad = reason.unicodeScalars.filter { TerminalText.value(String($0)) != String($0) || !NameText.invisibleScalars(in: String($0)).isEmpty }
        let codes = bad.prefix(5).map(NameText.codePoint).joined(separator: "、")
        throw ValidationError("--reason 含有控制字符、换行、不可见字符或改变文字方向的字符 \(codes)（原因应为一行可见文字）")
    }
    return reason
}

struct CertificateIssueCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "依据省级评估结果签发证书（仅限总分高于80分、可授予称号的试点）。",
        discussion: """
        证书登记入登记簿并以发证机关私钥签名，生成证书文档（PDF/HTML/Markdown）和数据文件 <名称>.cert.json。\
        同一试点、同一次评估再次签发时返回已签发的证书（编号不变）。
        给出 --credential-base 时另生成 W3C 可验证凭证 <名称>.vc.json（eddsa-jcs-2022 证明，状态项指向该地址下的 \
        Bitstring 状态列表凭证，由 certificate status-list --credential-base 生成）。
        证书编号格式（--serial-format）可用占位符：{abbr} 省份简称（沪苏浙皖赣）、{province} 省份全称、{year} 年度、\
        {seq} 三位序号、{seq:N} N 位序号。默认：\(SerialFormat.defaultPattern)
        """)

    @Argument(help: "专家组评分文件（panel.yaml）") var panel: String
    @Option(name: .long, help: "发证机关私钥（yrdq keygen 生成）") var key: String
    @OptionGroup var registry: RegistryOptions
    @Option(name: .long, help: "输出格式，逗号分隔：pdf,html,md,docx,ofd") var format: String = "pdf,html,md"
    @Option(name: .long, help: "输出目录") var out: String = "output"
    @Option(name: .long, help: "证书编号格式") var serialFormat: String = SerialFormat.defaultPattern
    @Option(name: .long, help: "印章图片（PNG）；不提供则不画印章") var seal: String?
    @Flag(name: .long, help: "允许专家组评估日期（发证日期）晚于今天（默认拒绝，以免误填年份或月份）") var allowFutureDate = false
    @Option(name: .long, help: credentialBaseHelp) var credentialBase: String?
    @OptionGroup var options: RubricOption

    func formats() throws -> [OutputFormat] { try OutputFormat.list(format, allowed: "pdf、html、md、docx、ofd", allowEmpty: true) }

    func validate() throws {
        _ = try formats()
        _ = try credentialBaseOption(credentialBase)
    }

    func execute(_ context: Context) throws -> Int32 {
        let console = context.console
        let formats = try formats()
        let base = try credentialBaseOption(credentialBase)
        let rubric = try Home.loadRubric(options.rubric)
        let reader = SheetReader(rubric: rubric)
        let parsed = try PanelReader.load(path: panel, reader: reader, requirePilot: true)
        for w in reader.warnings { console.err(w.description) }
        let engine = ScoringEngine(rubric: rubric)
        let result = engine.score(parsed)
        let designation: Designation
        do {
            designation = try CertificateService.designation(parsed, result, rubric: rubric, allowFutureDate: allowFutureDate, today: today())
        } catch let refused as DesignationRefused {
            for line in refused.messages { console.err(line) }
            return 1
        }
        // Every named file is checked before the register is touched.
        if let seal { try SealImage.check(seal) }
        let serials = try SerialFormat(serialFormat)
        let signingKey = try SigningKeys.loadPrivate(key) { console.err($0.description) }
        let resources = Resources.current(rubric: options.rubric)
        if OutputFormat.needFonts(formats) { RenderMessages.warnAboutFontFolder(resources, console) }
        let service = CertificateService(register: try registry.open(create: true), rubric: rubric)
        let register = service.register
        let issued = try service.issue(designation, serialFormat: serials, key: signingKey, credential: base != nil)
        let (entry, isNew) = (issued.entry, issued.isNew)
        let cert = entry.certificate
        if !isNew && entry.status != .valid {
            throw InputErrors([Diagnostic(.error, "该试点本次评估的证书“\(TerminalText.value(cert.data.serial))”\(entry.status.chinese)，不再生成证书文件（暂停的证书恢复后可重新生成）")])
        }
        if isNew {
            console.out("已签发证书 \(TerminalText.value(cert.data.serial))（证书标识 \(cert.data.id)），已登记入 \(TerminalText.value(register.path))")
        } else {
            console.out("该试点本次评估已签发证书 \(TerminalText.value(cert.data.serial))，不重复签发（编号不变），重新生成证书文件")
            if cert.data.key != SigningKeys.keyID(signingKey.publicKey) {
                console.err(Diagnostic(.warning, "该证书由另一密钥（\(cert.data.key)）签名，核验时需用该密钥的公钥").description)
            }
        }
        console.out(engine.explanation(result.decision, total: result.total))
        let page = parsed.verificationPage
        let content = issued.qr.content
        let symbol = issued.qr.symbol
        let side = CertificateDocument.qrSide(modules: symbol.width)
        let tenths = Int((side * 10).rounded())
        let sideText = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
        let what = !issued.qr.isLink ? "二维码" : "二维码（核验页面 \(page!) 的链接）"
        if let page, !issued.qr.isLink {
            console.err(Diagnostic(.warning, "证书内容较长，核验页面（\(page)）的链接需要超过 \(CertificateDocument.linkModules) 模块的二维码，印刷后不易扫描；二维码改为证书内容本身（可用 yrdq certificate verify 核验，手机扫描后不会打开核验页面）").description)
        }
        console.out("\(what)：\(content.utf8.count) 字节，版本 \(symbol.version)（\(symbol.width)×\(symbol.width) 模块），纠错等级 M，印刷边长 \(sideText) 毫米")
        do {
            let document = service.document(issued, seal: seal)
            let credential = try base.map { base in try service.credential(issued, key: signingKey, base: base) }
            let folder = try OutputFolder(out, create: true)
            let renderer = RenderService(resources: resources, rubric: rubric, templates: nil, fonts: nil)
            try service.writeFiles(issued, document, credential: credential, formats: formats, into: folder,
                                   renderer: renderer, events: RenderMessages.handler(console))
        } catch let e as InputErrors {
            throw InputErrors(e.diagnostics + [Diagnostic(.error, "证书 \(TerminalText.value(cert.data.serial)) 已登记，但文件未全部生成；排除问题后重新运行同一命令即可重新生成（编号不变）")])
        }
        return 0
    }
}

struct CertificateListCommand: Runnable {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出登记簿中的证书，一行一张。")

    @OptionGroup var registry: RegistryOptions
    @Flag(name: .long, help: "同时列出签发、暂停、恢复、撤销的记录") var history = false

    func execute(_ context: Context) throws -> Int32 {
        let register = try registry.open(create: false)
        let all = try register.all()
        if all.isEmpty { context.console.out("登记簿中没有证书"); return 0 }
        // Every value from the register is shown on its line as data: a line break or a
        // control character in a field is an escape, never a new line.
        let rows = all.map { c -> [String] in
            let d = c.certificate.data
            return [d.serial, d.pilot, d.chineseDate, d.total + "分"].map(TerminalText.value) + [c.status.chinese]
        }
        let widths = (0..<5).map { i in rows.map { displayWidth($0[i]) }.max() ?? 0 }
        for row in rows {
            context.console.out(row.enumerated().map { i, s in i == 3 ? padLeft(s, widths[i]) : i == 4 ? s : padRight(s, widths[i]) }
                .joined(separator: "  "))
        }
        if history {
            context.console.out("")
            for e in try register.events() {
                let reason = e.reason.map { "，原因：\(TerminalText.value($0))" } ?? ""
                let date = CivilDate(parsing: e.date)?.chinese ?? TerminalText.value(e.date)
                context.console.out("\(date)  \(TerminalText.value(e.serial))  \(e.action.chinese)\(reason)（记录于 \(TerminalText.value(e.recordedAt))）")
            }
        }
        return 0
    }
}

struct CertificateVerifyCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "离线核验证书：真伪，以及（给出状态列表时）是否已撤销或暂停。",
        discussion: """
        INPUT 可以是二维码内容（YRDQ1|…，或二维码中的核验链接 https://…#YRDQ1…）、存有二维码内容的文本文件、证书数据文件（.cert.json），\
        或 W3C 可验证凭证（.vc.json，核验其 eddsa-jcs-2022 证明）。\
        第一行“核验结论：”同时说明签名和状态；只有签名真实且（给出状态列表时）未被撤销或暂停时退出码为 0。\
        可验证凭证的状态可用 yrdq 状态列表或 Bitstring 状态列表凭证（撤销、暂停各一个，--status-list 可给两次）核查。\
        证书和二维码内容不超过 64 KB，状态列表不超过 4 MB。
        """)

    @Argument(help: "二维码内容，或文件") var input: String
    @Option(name: .long, help: "发证机关公钥（PEM）") var key: String
    @Option(name: .customLong("status-list"), help: "发证机关发布的状态列表（yrdq certificate status-list 生成）；核验可验证凭证时也可给 Bitstring 状态列表凭证，撤销、暂停各一个") var statusLists: [String] = []

    /// The certificate's text and the file it came from (nil: the command line).
    func certificateText() throws -> (String, String?) {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        if CertificatePayload.isQRText(trimmed) || CertificateLink.isLink(trimmed) || trimmed.hasPrefix("{") {
            guard input.utf8.count <= CertificatePayload.maximumBytes else {
                throw InputErrors([Diagnostic(.error, "命令行给出的证书内容过大（\(input.utf8.count) 字节，超过 \(CertificatePayload.maximumBytes / 1024) KB）；证书的二维码内容不到 2 KB")])
            }
            return (input, nil)
        }
        var info = stat()
        guard lstat(input, &info) == 0 else {
            throw InputErrors([Diagnostic(.error, "“\(TerminalText.value(String(input.prefix(40))))”既不是证书二维码内容（YRDQ1|…），也不是存在的文件")])
        }
        let bytes = try capped(input, CertificatePayload.maximumBytes, what: "证书（证书数据文件和二维码内容都不到 2 KB）")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputErrors([Diagnostic(file: input, "无法读取文件（应为 UTF-8 文本）")])
        }
        return (text, input)
    }

    /// A file's bytes through `RegularFile` (no folder, device or pipe; at most `maximum`).
    func capped(_ path: String, _ maximum: Int, what: String) throws(InputErrors) -> [UInt8] {
        do {
            return try RegularFile.bytes(at: path, maximumBytes: maximum)
        } catch {
            let limit = maximum >= 1024 * 1024 ? "\(maximum / 1024 / 1024) MB" : "\(maximum / 1024) KB"
            throw InputErrors(error.diagnostics.map { d in
                var d = d
                if d.message.hasPrefix("文件过大") { d.message = "文件过大（超过 \(limit)），不是\(what)" }
                return d
            })
        }
    }

    func execute(_ context: Context) throws -> Int32 {
        let console = context.console
        let (text, source) = try certificateText()
        let publicKey = try SigningKeys.loadPublic(key)
        if DesignationCredential.isCredential(text) {
            return try verifyCredential(text, source: source, key: publicKey, console: console)
        }
        guard statusLists.count <= 1 else {
            throw ValidationError("核验证书时只能给一个状态列表（--status-list）；两个 Bitstring 状态列表凭证只用于核验可验证凭证（.vc.json）")
        }
        let cert: SignedCertificate
        let page: String?
        do {
            (cert, page) = try CertificatePayload.readWithPage(text)
        } catch {
            console.err(error.diagnostic(file: source ?? "证书内容").description)
            if error.isAlteration {
                console.out("核验结论：已被篡改（altered）：证书数据文件中的二维码内容与证书数据不一致，文件已被改动")
            } else {
                console.out("核验结论：无法识别（unreadable）：不是 yrdq 证书的二维码内容或数据文件，或内容已残缺、被改写")
            }
            return 1
        }
        let verdict = CertificateSigner.verify(cert, with: publicKey)
        guard verdict == .genuine else {
            console.out("核验结论：\(verdict.chinese)")
            printFields(cert.data, console, page: page)
            console.out("以上内容未通过签名核验，不可采信。")
            return 1
        }
        guard let statusList = statusLists.first else {
            console.out("核验结论：有效（genuine）：由本机关签发，内容未被改动；状态未核查：未提供状态列表（--status-list），不能确认是否已撤销或暂停")
            printFields(cert.data, console, page: page)
            return 0
        }
        return checkStatus(cert.data, list: statusList, key: publicKey, console: console, page: page)
    }

    /// A W3C verifiable credential: its `eddsa-jcs-2022` proof, then its status in each list
    /// given (a yrdq status list, or a Bitstring Status List credential per purpose).
    func verifyCredential(_ text: String, source: String?, key publicKey: BureauPublicKey, console: Console) throws -> Int32 {
        let read: DesignationCredential.Read
        let verdict: CertificateSigner.Verdict
        do {
            (read, verdict) = try DesignationCredential.read(text, key: publicKey)
        } catch {
            console.err(error.diagnostic(file: source ?? "凭证内容").description)
            console.out("核验结论：无法识别（unreadable）：不是 yrdq 签发的可验证凭证，或内容已残缺、被改写")
            return 1
        }
        guard verdict == .genuine else {
            console.out("核验结论：\(verdict.chinese)")
            printFields(read.data, console)
            console.out("以上内容未通过签名核验（eddsa-jcs-2022 证明），不可采信。")
            return 1
        }
        if statusLists.isEmpty {
            console.out("核验结论：有效（genuine）：由本机关签发，内容未被改动；状态未核查：未提供状态列表（--status-list），不能确认是否已撤销或暂停")
            printFields(read.data, console)
            return 0
        }
        // A yrdq status list says both statuses; it is read as for a certificate.
        if statusLists.count == 1, let first = statusLists.first,
           let head = try? capped(first, StatusList.maximumBytes, what: "状态列表"), StatusList.problem(in: Data(head)) == nil {
            return checkStatus(read.data, list: first, key: publicKey, console: console)
        }
        let unknown = "核验结论：无法确定（unknown）：签名真实，内容未被改动，但"
        var checked: [String] = []
        var seen: Set<StatusPurpose> = []
        for path in statusLists {
            let list: BitstringStatusList.Read
            let listVerdict: CertificateSigner.Verdict
            do {
                let bytes = try capped(path, StatusList.maximumBytes, what: "状态列表凭证")
                (list, listVerdict) = try BitstringStatusList.read(bytes, key: publicKey)
            } catch let e as InputErrors {
                for d in e.diagnostics { console.err(d.description) }
                console.out(unknown + "状态列表凭证无法读取，未能核查是否已撤销或暂停")
                printFields(read.data, console)
                return 1
            } catch let e as FormatProblem {
                console.err(e.diagnostic(file: path).description)
                console.out(unknown + "状态列表凭证格式不正确，未能核查是否已撤销或暂停")
                printFields(read.data, console)
                return 1
            }
            guard listVerdict == .genuine else {
                let why = listVerdict == .otherKey ? "状态列表凭证不是本机关签发的（signed by another key）" : "状态列表凭证的证明不符，列表已被篡改（altered）"
                console.out(unknown + why + "，未能核查是否已撤销或暂停")
                printFields(read.data, console)
                return 1
            }
            guard seen.insert(list.purpose).inserted else {
                throw ValidationError("给出了两个用途同为 \(list.purpose.rawValue) 的状态列表凭证；撤销、暂停各给一个")
            }
            let purpose = list.purpose == .revocation ? "撤销" : "暂停"
            guard let entry = read.status.first(where: { $0.purpose == list.purpose }), entry.list == list.id,
                  let bit = BitstringStatusList.bit(list.bits, at: entry.index) else {
                console.err(Diagnostic(file: path, "该状态列表凭证（\(TerminalText.value(list.id))）不是凭证的\(purpose)状态项所指的列表，或列表中没有凭证的位置").description)
                console.out(unknown + "所给状态列表凭证不是该凭证所用的列表，未能核查是否已\(purpose)")
                printFields(read.data, console)
                return 1
            }
            let listDate = "据\(CivilDate(parsing: list.date)?.chinese ?? list.date)发布的\(purpose)状态列表凭证"
            if bit {
                if list.purpose == .revocation {
                    console.out("核验结论：已撤销（revoked）：签名真实，但证书已撤销（\(listDate)）；证书已失效")
                } else {
                    console.out("核验结论：已暂停（suspended）：签名真实，但证书已暂停（\(listDate)）；暂停期间证书不具效力")
                }
                printFields(read.data, console)
                return 1
            }
            checked.append("\(listDate)，未被\(purpose)")
        }
        let unchecked = StatusPurpose.allCases.filter { p in !seen.contains(p) && read.status.contains { $0.purpose == p } }
            .map { $0 == .revocation ? "未提供撤销状态列表凭证，未核查是否已撤销" : "未提供暂停状态列表凭证，未核查是否已暂停" }
        console.out("核验结论：有效（genuine）：由本机关签发，内容未被改动；" + (checked + unchecked).joined(separator: "；"))
        printFields(read.data, console)
        return 0
    }

    /// The status of a genuine certificate in the yrdq status list at `statusList`.
    func checkStatus(_ data: CertificateData, list statusList: String, key publicKey: BureauPublicKey,
                     console: Console, page: String? = nil) -> Int32 {
        let unknown = "核验结论：无法确定（unknown）：签名真实，内容未被改动，但"
        let listData: Data
        do {
            listData = Data(try capped(statusList, StatusList.maximumBytes, what: "状态列表"))
        } catch {
            for d in error.diagnostics { console.err(d.description) }
            console.out(unknown + "状态列表无法读取，未能核查是否已撤销或暂停")
            printFields(data, console, page: page)
            return 1
        }
        switch StatusList.read(listData, key: publicKey) {
        case .failure(let e):
            let why: String
            switch e {
            case .malformed:
                if let problem = StatusList.problem(in: listData) { console.err(problem.diagnostic(file: statusList).description) }
                why = "状态列表格式不正确"
            case .otherKey: why = "状态列表不是本机关签发的状态列表（signed by another key）"
            case .badSignature: why = "状态列表签名不符，列表已被篡改（altered）"
            }
            console.out(unknown + why + "，未能核查是否已撤销或暂停")
            printFields(data, console, page: page)
            return 1
        case .success(let list):
            let listDate = "据\(CivilDate(parsing: list.date)?.chinese ?? TerminalText.value(list.date))发布的状态列表"
            if let entry = list.entry(for: data) {
                let since = CivilDate(parsing: entry.since)?.chinese ?? TerminalText.value(entry.since)
                let reason = entry.reason.isEmpty ? "" : "，原因：\(TerminalText.value(entry.reason))"
                switch entry.status {
                case .revoked:
                    console.out("核验结论：已撤销（revoked）：签名真实，但证书已于\(since)撤销\(reason)（\(listDate)）；证书已失效")
                default:
                    console.out("核验结论：已暂停（suspended）：签名真实，但证书自\(since)起暂停\(reason)（\(listDate)）；暂停期间证书不具效力")
                }
                printFields(data, console, page: page)
                return 1
            }
            console.out("核验结论：有效（genuine）：由本机关签发，内容未被改动；\(listDate)，未被撤销或暂停")
            printFields(data, console, page: page)
            return 0
        }
    }

    /// The certificate's fields, one labelled line each; a value is shown as data on its
    /// line (a line break or control character in it is an escape), so it cannot start a line.
    func printFields(_ data: CertificateData, _ console: Console, page: String? = nil) {
        for (label, value) in data.labelledLines { console.out("  \(label)：\(TerminalText.value(value))") }
        // The address is not signed: it only says which page the QR code opens.
        if let page { console.out("  核验页面（链接地址，不在签名范围内）：\(TerminalText.value(page))") }
    }
}

struct CertificateRevokeCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "撤销证书（永久，不能恢复）。",
        discussion: "撤销日期不能早于发证日期和该证书上一次记录的日期，默认也不能晚于今天（见 --allow-future-date）。")
    @Argument(help: "证书编号") var serial: String
    @Option(name: .long, help: "撤销原因") var reason: String
    @Option(name: .long, help: "撤销日期（YYYY-MM-DD，默认今天）") var date: String?
    @Flag(name: .long, help: allowFutureDateHelp) var allowFutureDate = false
    @OptionGroup var registry: RegistryOptions

    func execute(_ context: Context) throws -> Int32 {
        let when = try eventDate(date, allowFuture: allowFutureDate)
        let reason = try eventReason(reason, required: true)
        try registry.open(create: false).change(.revoke, serial: serial, reason: reason, date: when)
        context.console.out("已撤销证书 \(TerminalText.value(serial))（\(when.chinese)，原因：\(TerminalText.value(reason ?? ""))）；撤销是永久的。请重新发布状态列表（certificate status-list）")
        return 0
    }
}

struct CertificateSuspendCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "suspend", abstract: "暂停证书（可恢复）。",
        discussion: "暂停日期不能早于发证日期和该证书上一次记录的日期，默认也不能晚于今天（见 --allow-future-date）。")
    @Argument(help: "证书编号") var serial: String
    @Option(name: .long, help: "暂停原因") var reason: String
    @Option(name: .long, help: "暂停日期（YYYY-MM-DD，默认今天）") var date: String?
    @Flag(name: .long, help: allowFutureDateHelp) var allowFutureDate = false
    @OptionGroup var registry: RegistryOptions

    func execute(_ context: Context) throws -> Int32 {
        let when = try eventDate(date, allowFuture: allowFutureDate)
        let reason = try eventReason(reason, required: true)
        try registry.open(create: false).change(.suspend, serial: serial, reason: reason, date: when)
        context.console.out("已暂停证书 \(TerminalText.value(serial))（\(when.chinese)，原因：\(TerminalText.value(reason ?? ""))）。请重新发布状态列表（certificate status-list）")
        return 0
    }
}

struct CertificateReinstateCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "reinstate", abstract: "恢复已暂停的证书（已撤销的不能恢复）。",
        discussion: "恢复日期不能早于暂停的日期，默认也不能晚于今天（见 --allow-future-date）。")
    @Argument(help: "证书编号") var serial: String
    @Option(name: .long, help: "恢复原因") var reason: String?
    @Option(name: .long, help: "恢复日期（YYYY-MM-DD，默认今天）") var date: String?
    @Flag(name: .long, help: allowFutureDateHelp) var allowFutureDate = false
    @OptionGroup var registry: RegistryOptions

    func execute(_ context: Context) throws -> Int32 {
        let when = try eventDate(date, allowFuture: allowFutureDate)
        let reason = try eventReason(reason, required: false)
        try registry.open(create: false).change(.reinstate, serial: serial, reason: reason, date: when)
        context.console.out("已恢复证书 \(TerminalText.value(serial))（\(when.chinese)）。请重新发布状态列表（certificate status-list）")
        return 0
    }
}

struct CertificateStatusListCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "status-list", abstract: "导出经签名的撤销、暂停证书列表，供公开发布和离线核验。",
        discussion: "列表日期不能早于登记簿中最后一次记录（签发、暂停、恢复、撤销）的日期，默认也不能晚于今天（见 --allow-future-date）。")
    @Option(name: .long, help: "发证机关私钥") var key: String
    @OptionGroup var registry: RegistryOptions
    @Option(name: .long, help: "输出文件（JSON）") var out: String
    @Option(name: .long, help: "列表发布日期（YYYY-MM-DD，默认今天）") var date: String?
    @Flag(name: .long, help: allowFutureDateHelp) var allowFutureDate = false
    @Option(name: .long, help: credentialBaseHelp) var credentialBase: String?

    func validate() throws { _ = try credentialBaseOption(credentialBase) }

    func execute(_ context: Context) throws -> Int32 {
        let when = try eventDate(date, allowFuture: allowFutureDate)
        let base = try credentialBaseOption(credentialBase)
        let signingKey = try SigningKeys.loadPrivate(key) { context.console.err($0.description) }
        let register = try registry.open(create: false)
        let entries = try register.statusEntries(asOf: when)
        let list = StatusList(date: when.description, key: SigningKeys.keyID(signingKey.publicKey), entries: entries)
        let folder = try OutputFolder(FilePath.directory(of: out), create: false)
        let name = (out as NSString).lastPathComponent
        // The Bitstring Status List credentials go beside the list, where --credential-base publishes them.
        var files: [(name: String, kind: OutputKind, data: Data)] = [(name, .statusList, Data(try list.signedFile(with: signingKey).utf8))]
        if let base {
            for purpose in StatusPurpose.allCases {
                let text = try BitstringStatusList.signedFile(purpose, base: base, key: signingKey, date: when,
                                                              indices: try register.statusIndices(purpose.status))
                files.append((purpose.fileName, .statusListCredential, Data(text.utf8)))
            }
            try OutputFolder.checkDistinct(files.map(\.name), in: folder.path)
            var refused: [Diagnostic] = []
            for file in files {
                do { try folder.check(file.name, kind: file.kind) } catch { refused += error.diagnostics }
            }
            if !refused.isEmpty { throw InputErrors(refused) }
        }
        for file in files { try folder.write(file.data, name: file.name, kind: file.kind) }
        let revoked = entries.filter { $0.status == .revoked }.count
        context.console.out("已生成状态列表 \(TerminalText.value(out))（\(when.chinese)）：已撤销 \(revoked) 张，已暂停 \(entries.count - revoked) 张")
        for file in files.dropFirst() {
            context.console.out("已生成状态列表凭证 \(TerminalText.value(folder.filePath(file.name)))（Bitstring Status List，发布于 \(base!.url)\(file.name)）")
        }
        return 0
    }
}
