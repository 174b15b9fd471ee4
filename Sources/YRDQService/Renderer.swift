import Foundation
import YRDQCore
import YRDQDocument
import YRDQInput
import YRDQReports

/// What rendering has to tell as it goes, in order: a warning (a reader's, a template's, a
/// writer's), the note that the official faces are not installed, a file written (its path as
/// messages name it, with what it is when that needs saying). The command line prints them; a
/// server collects them.
public enum RenderEvent: Sendable {
    case warning(Diagnostic)
    case fontFallback(Diagnostic)
    case written(String, note: String?)
}

/// The document-set plan and its writing: reads inputs, plans which documents come from them
/// and under which file names (`FileNames`), renders each in each format (`RenderService`)
/// and writes them into one folder, each whole or not at all (`OutputFolder`).
public struct Renderer: Sendable {
    public let service: RenderService
    public let builder: ReportBuilder
    public let formats: [OutputFormat]
    public let out: String
    /// Folders below `out` that the files go into, each a real folder, never a link (batch's pilots).
    public var below: [String] = []
    /// Told each event as it happens.
    public let events: @Sendable (RenderEvent) -> Void
    /// What a batch worker renders once for all its pilots (nil: render everything).
    public var reused: Reused? = nil

    public init(service: RenderService, builder: ReportBuilder, formats: [OutputFormat], out: String,
                events: @escaping @Sendable (RenderEvent) -> Void) {
        self.service = service; self.builder = builder; self.formats = formats; self.out = out; self.events = events
    }

    /// The blank table, the same for every pilot of a batch worker: built and written in each
    /// format once, its bytes then reused (the same bytes a render of its own gives).
    public final class Reused: @unchecked Sendable {
        var blank: [Planned]?
        var files: [String: Data] = [:]
        public init() {}
    }

    public static let blankName = "评分表（空白）"

    var rubric: Rubric { service.rubric }

    var engine: ScoringEngine { ScoringEngine(rubric: rubric) }

    func reader() -> SheetReader { SheetReader(rubric: rubric) }

    func report(_ warnings: [Diagnostic]) { for w in warnings { events(.warning(w)) } }

    /// A document ready to write, with its file name (without extension) and source.
    public typealias Planned = (output: ReportBuilder.Output, name: String, source: String?)

    public func blankTable() throws -> [Planned] {
        if let blank = reused?.blank { return blank }
        let blank: [Planned] = [(try builder.scoreTable(nil, nil), Self.blankName, nil)]
        reused?.blank = blank
        return blank
    }

    public func table(sheetPath: String) throws -> [Planned] {
        let r = reader()
        let sheet = try r.load(path: sheetPath)
        report(r.warnings)
        return [(try builder.scoreTable(sheet, engine.score(sheet)),
                 FileNames.name(pilot: sheet.pilot?.name, kind: "评分表", extra: FileNames.assessor(sheet.assessor)), sheetPath)]
    }

    public func selfAssessment(sheetPath: String, withTable: Bool = false) throws -> [Planned] {
        let r = reader()
        let sheet = try r.load(path: sheetPath, requirePilot: true)
        report(r.warnings)
        let result = engine.score(sheet)
        var planned: [Planned] = []
        if withTable {
            planned.append((try builder.scoreTable(sheet, result),
                            FileNames.name(pilot: sheet.pilot?.name, kind: "评分表", extra: FileNames.assessor(sheet.assessor)), sheetPath))
        }
        planned.append((try builder.selfAssessment(sheet, result), FileNames.name(pilot: sheet.pilot?.name, kind: "自评报告"), sheetPath))
        return planned
    }

    public func loadPanel(_ path: String) throws -> (Panel, PanelResult) {
        let r = reader()
        let panel = try PanelReader.load(path: path, reader: r, requirePilot: true)
        report(r.warnings)
        return (panel, engine.score(panel))
    }

    public func summary(panelPath: String) throws -> [Planned] {
        let (panel, result) = try loadPanel(panelPath)
        return [(try builder.summary(panel, result), FileNames.name(pilot: panel.pilot?.name, kind: "专家评分汇总表"), panelPath)]
    }

    /// `auditPath`: an audit trail (`AuditTrailCSV`) to attach as 评审过程记录.
    public func provincial(panelPath: String, withSummary: Bool = false, auditPath: String? = nil) throws -> [Planned] {
        let (panel, result) = try loadPanel(panelPath)
        let audit = try auditPath.map { path throws(InputErrors) in try AuditTrailCSV.read(path: path) }
        var planned: [Planned] = []
        if withSummary {
            planned.append((try builder.summary(panel, result), FileNames.name(pilot: panel.pilot?.name, kind: "专家评分汇总表"), panelPath))
        }
        planned.append((try builder.provincial(panel, result, audit: audit), FileNames.name(pilot: panel.pilot?.name, kind: "省级评估报告"), panelPath))
        return planned
    }

    /// Everything for one pilot folder: the blank table, and from its self-assessment sheet
    /// (YAML, CSV or XLSX) and panel.yaml the filled table, the self-assessment report, the summary sheet
    /// and the provincial report. All inputs are checked before anything is written.
    public func completeSet(directory: String) throws -> [Planned] {
        let inputs = PilotFolder.inputs(in: directory)
        guard inputs.isPilot else {
            throw InputErrors([Diagnostic(file: directory, "目录中既没有自评表（self-assessment.yaml、self-assessment.csv 或 self-assessment.xlsx）也没有 panel.yaml")])
        }
        let sheetFile = try inputs.sheet()
        var planned = try blankTable()
        var errors: [Diagnostic] = []
        if let sheet = sheetFile {
            do { planned += try selfAssessment(sheetPath: sheet, withTable: true) } catch let e as InputErrors { errors += e.diagnostics }
        }
        if let panel = inputs.panel {
            do { planned += try provincial(panelPath: panel, withSummary: true) } catch let e as InputErrors { errors += e.diagnostics }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return planned
    }

    /// Writes the planned documents, each format of each whole or not at all, all inside `out`.
    /// Every file name is checked before the first is written: no two alike, and none whose
    /// place holds what must not be replaced (`OutputFolder`).
    public func write(_ planned: [Planned]) throws {
        let files = planned.flatMap { p in formats.map { "\(p.name).\($0.rawValue)" } }
        let shown = below.reduce(out) { ($0 as NSString).appendingPathComponent($1) }
        try OutputFolder.checkDistinct(files, in: shown)
        let folder = try OutputFolder(out, below: below, create: true)
        var refused: [Diagnostic] = []
        for p in planned {
            for format in formats {
                do { try folder.check("\(p.name).\(format.rawValue)", kind: format.kind) } catch { refused += error.diagnostics }
            }
        }
        if !refused.isEmpty { throw InputErrors(refused + [Diagnostic(.error, file: folder.path, "未写入任何文件")]) }
        for p in planned { try write(p.output, name: p.name, source: p.source, into: folder) }
    }

    /// Writes one document in every format: each file whole or not at all, all inside the folder.
    private func write(_ output: ReportBuilder.Output, name: String, source: String?, into folder: OutputFolder) throws {
        for w in output.warnings { events(.warning(Diagnostic(.warning, file: source, w))) }
        var rendering = service.rendering(output.document, source: source)
        for format in formats {
            let file = "\(name).\(format.rawValue)"
            let reusable = reused != nil && source == nil && name == Self.blankName
            let data: Data
            if reusable, let done = reused?.files[file] {
                data = done
            } else {
                let rendered = try rendering.render(format)
                if let note = rendered.fontFallback { events(.fontFallback(note)) }
                for w in rendered.warnings { events(.warning(w)) }
                data = rendered.data
                if reusable { reused?.files[file] = data }
            }
            try folder.write(data, name: file, kind: format.kind)
            events(.written(folder.filePath(file), note: nil))
        }
    }
}
