import Foundation
import YRDQCore
import YRDQReports

/// A document asked for by its kind and its inputs as values (a server's, read from its own
/// store), not as files: what `render` builds and writes, scored by the rubric's engine.
public enum DocumentRequest: Sendable {
    /// 评分表（空白）.
    case blankTable
    /// 评分表 of one sheet (a self-assessment or an expert's).
    case table(ScoreSheet)
    /// 自评报告.
    case selfAssessment(ScoreSheet)
    /// 申请省级评估的请示.
    case application(ScoreSheet)
    /// 专家评分汇总表.
    case summary(Panel)
    /// 省级评估报告, with the audit trail attached when given.
    case provincial(Panel, audit: [AuditRecord]? = nil)
    /// 授予称号的决定, with each pilot's certificate serial (nil: none given; an element nil: "—").
    case decision([Panel], serials: [String?]?)
    /// 暂停称号的通知.
    case notice([Panel])
}

extension RenderService {
    /// The document of `request`, with the builder's warnings (a template's).
    public func document(_ request: DocumentRequest, seal: String? = nil) throws -> ReportBuilder.Output {
        let builder = try self.builder(seal: seal)
        let engine = ScoringEngine(rubric: rubric)
        switch request {
        case .blankTable: return try builder.scoreTable(nil, nil)
        case .table(let sheet): return try builder.scoreTable(sheet, engine.score(sheet))
        case .selfAssessment(let sheet): return try builder.selfAssessment(sheet, engine.score(sheet))
        case .application(let sheet): return try builder.application(sheet, engine.score(sheet))
        case .summary(let panel): return try builder.summary(panel, engine.score(panel))
        case .provincial(let panel, let audit): return try builder.provincial(panel, engine.score(panel), audit: audit)
        case .decision(let panels, let serials): return try builder.decision(panels.map { ($0, engine.score($0)) }, serials: serials)
        case .notice(let panels): return try builder.notice(panels.map { ($0, engine.score($0)) })
        }
    }

    /// The document of `request` in `format`: its bytes, and the builder's and the writer's
    /// warnings (the builder's first, naming `source`).
    public func render(_ request: DocumentRequest, as format: OutputFormat, seal: String? = nil, source: String? = nil) throws -> RenderedFile {
        let output = try document(request, seal: seal)
        var rendered = try render(output.document, as: format, source: source)
        rendered.warnings = output.warnings.map { Diagnostic(.warning, file: source, $0) } + rendered.warnings
        return rendered
    }
}
