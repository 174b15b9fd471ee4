import ArgumentParser
import Foundation
import YRDQCore
import YRDQDocument
import YRDQHTML
import YRDQInput
import YRDQMarkdown
import YRDQReports

enum DocumentKind: String, ExpressibleByArgument, CaseIterable {
    case table, summary, selfAssessment = "self-assessment", provincial, set, application, decision, notice

    /// The official documents that take several panel files.
    var takesSeveral: Bool { self == .decision || self == .notice }
}

extension OutputFormat {
    /// The formats of a `--format` list ("html,md,pdf", "docx"; "markdown" is md): a usage error naming
    /// an unknown one, or (unless `allowEmpty`) an empty list. `allowed` is how the message lists them.
    static func list(_ text: String, allowed: String = "html、md、pdf、docx、ofd", allowEmpty: Bool = false,
                     accepted: Set<OutputFormat> = [.html, .md, .pdf, .docx, .ofd]) throws -> [OutputFormat] {
        var result: [OutputFormat] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !part.isEmpty {
            guard let f = OutputFormat(rawValue: part == "markdown" ? "md" : part), accepted.contains(f) else {
                throw ValidationError("未知的输出格式“\(part)”（允许：\(allowed)）")
            }
            if !result.contains(f) { result.append(f) }
        }
        if result.isEmpty && !allowEmpty { throw ValidationError("--format 至少要有一种格式（\(allowed)）") }
        return result
    }
}

struct RenderCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "生成文档：评分表、专家评分汇总表、自评报告、省级评估报告，以及请示、决定、通知。",
        discussion: """
        KIND: table（评分表；INPUT 为评分表，或用 --blank 生成空白表）、summary（专家评分汇总表；INPUT 为专家组文件）、
        self-assessment（自评报告；INPUT 为自评表）、provincial（省级评估报告；INPUT 为专家组文件）、
        set（整套文档；INPUT 为含自评表 self-assessment.yaml、.csv 或 .xlsx 和/或 panel.yaml 的试点目录）；
        application（申请省级评估的请示；INPUT 为自评表，自评总分须达到80分）、
        decision（授予“长三角质量提升示范”称号的决定；INPUT 为一个或多个专家组文件，总分均须高于80分；--registry 给出证书编号）、
        notice（暂停“长三角质量提升示范试点”称号的通知；INPUT 为一个或多个专家组文件，总分均须低于70分）。
        版头和版记（发文机关标志、发文字号、签发人、主送、抄送、印发）取自试点档案或专家组文件的 issuer。
        """)

    @Argument(help: "table | summary | self-assessment | provincial | set | application | decision | notice") var kind: DocumentKind
    @Argument(help: "评分表、专家组文件或试点目录") var input: String?
    @Argument(help: "decision、notice 的更多专家组文件") var moreInputs: [String] = []
    @Option(name: .long, help: "证书登记簿（SQLite 数据库文件）：decision 据此写明各试点的证书编号") var registry: String?
    @Option(name: .long, help: "审计记录（CSV，如 yrdq serve 导出目录中的 audit.csv）：provincial 将其作为附件“评审过程记录”") var audit: String?
    @Option(name: .long, help: "输出格式，逗号分隔：html,md,pdf,docx,ofd（docx 为可在 Word、WPS 中编辑的文档；ofd 为国家标准 GB/T 33190 版式文档）") var format: String = "html,md,pdf"
    @Option(name: .long, help: "输出目录") var out: String = "output"
    @Flag(name: .long, help: "生成空白评分表（供专家手工填写）") var blank = false
    @Option(name: .long, help: "印章图片（PNG），盖在落款处；不提供则不画印章") var seal: String?
    @Option(name: .long, help: "模板目录（默认为项目或安装目录的 templates/，用户配置目录 ~/.config/yrdq/templates/ 中的同名文件优先）") var templates: String?
    @OptionGroup var options: RubricOption

    /// For `batch`: the folders below `--out` that this pilot's files go into; each must be a
    /// real folder, never a link (the one output mechanism checks them as it opens them).
    @Option(name: .long, help: ArgumentHelp(visibility: .private)) var outSubfolder: String?

    func formats() throws -> [OutputFormat] {
        try OutputFormat.list(format, allowed: "html、md、pdf、docx、ofd）；表格（render summary、render table）另可导出为 xlsx（Excel 工作簿", accepted: Set(OutputFormat.allCases))
    }

    func validate() throws {
        if try formats().contains(.xlsx) && kind != .summary && kind != .table {
            throw ValidationError("--format xlsx 只用于 render summary 和 render table（表格导出为 Excel 工作簿）")
        }
        if kind == .table && blank && input != nil { throw ValidationError("--blank 生成空白表，不需要输入文件") }
        if input == nil && !(kind == .table && blank) { throw ValidationError("缺少输入文件（只有 render table --blank 不需要输入）") }
        if blank && kind != .table { throw ValidationError("--blank 只用于 render table") }
        if !moreInputs.isEmpty && !kind.takesSeveral { throw ValidationError("render \(kind.rawValue) 只接受一个输入文件（多个专家组文件只用于 decision、notice）") }
        if registry != nil && kind != .decision { throw ValidationError("--registry 只用于 render decision") }
        if audit != nil && kind != .provincial { throw ValidationError("--audit 只用于 render provincial") }
    }

    func execute(_ context: Context) throws -> Int32 {
        let formats = try formats()
        let resources = Resources.current(rubric: options.rubric, templates: templates)
        let fonts = OutputFormat.needFonts(formats) ? RenderService.loadFonts(resources) : nil
        // Never leave the process while the loading thread is inside fontconfig.
        defer { _ = fonts?.value }
        if OutputFormat.needFonts(formats) { RenderMessages.warnAboutFontFolder(resources, context.console) }
        let rubric = try resources.loadRubric()
        let set = try resources.loadTemplates()
        if let seal { try SealImage.check(seal) }
        let service = RenderService(resources: resources, rubric: rubric, templates: set, fonts: fonts)
        var renderer = Renderer(service: service, builder: try service.builder(seal: seal),
                                formats: formats, out: out, events: RenderMessages.handler(context.console))
        renderer.below = (outSubfolder ?? "").split(separator: "/").map(String.init)
        let planned: [Renderer.Planned]
        switch kind {
        case .table: planned = blank ? try renderer.blankTable() : try renderer.table(sheetPath: input!)
        case .selfAssessment: planned = try renderer.selfAssessment(sheetPath: input!)
        case .summary: planned = try renderer.summary(panelPath: input!)
        case .provincial: planned = try renderer.provincial(panelPath: input!, auditPath: audit)
        case .set: planned = try renderer.completeSet(directory: input!)
        case .application: planned = try renderer.application(sheetPath: input!)
        case .decision: planned = try renderer.decision(panelPaths: [input!] + moreInputs, registry: registry)
        case .notice: planned = try renderer.notice(panelPaths: [input!] + moreInputs)
        }
        try renderer.write(planned)
        return 0
    }
}

