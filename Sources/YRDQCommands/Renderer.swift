import Foundation
import YRDQCore
import YRDQDocument
import YRDQHTML
import YRDQInput
import YRDQMarkdown
import YRDQPDF
import YRDQReports

/// Reads inputs, builds documents and writes them in each format into one folder.
struct Renderer {
    let rubric: Rubric
    let builder: ReportBuilder
    let formats: [OutputFormat]
    let out: String
    /// Folders below `out` that the files go into, each a real folder, never a link (batch's pilots).
    var below: [String] = []
    let console: Console
    /// Fonts for the PDFs, loading since the command started (nil: no PDF asked for).
    var fonts: PDFFonts.Loading? = nil
    /// What a batch worker renders once for all its pilots (nil: render everything).
    var reused: Reused? = nil

    /// The blank table, the same for every pilot of a batch worker: built and written in each
    /// format once, its bytes then reused (the same bytes a render of its own gives).
    final class Reused {
        var blank: [Planned]?
        var files: [String: Data] = [:]
        init() {}
    }

    static let blankName = "评分表（空白）"

    var engine: ScoringEngine { ScoringEngine(rubric: rubric) }

    func reader() -> SheetReader { SheetReader(rubric: rubric) }

    func report(_ warnings: [Diagnostic]) { for w in warnings { console.err(w.description) } }

    /// A document ready to write, with its file name (without extension) and source.
    typealias Planned = (output: ReportBuilder.Output, name: String, source: String?)

    func blankTable() throws -> [Planned] {
        if let blank = reused?.blank { return blank }
        let blank: [Planned] = [(try builder.scoreTable(nil, nil), Self.blankName, nil)]
        reused?.blank = blank
        return blank
    }

    func table(sheetPath: String) throws -> [Planned] {
        let r = reader()
        let sheet = try r.load(path: sheetPath)
        report(r.warnings)
        return [(try builder.scoreTable(sheet, engine.score(sheet)),
                 FileNames.name(pilot: sheet.pilot?.name, kind: "评分表", extra: FileNames.assessor(sheet.assessor)), sheetPath)]
    }

    func selfAssessment(sheetPath: String, withTable: Bool = false) throws -> [Planned] {
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

    func loadPanel(_ path: String) throws -> (Panel, PanelResult) {
        let r = reader()
        let panel = try PanelReader.load(path: path, reader: r, requirePilot: true)
        report(r.warnings)
        return (panel, engine.score(panel))
    }

    func summary(panelPath: String) throws -> [Planned] {
        let (panel, result) = try loadPanel(panelPath)
        return [(try builder.summary(panel, result), FileNames.name(pilot: panel.pilot?.name, kind: "专家评分汇总表"), panelPath)]
    }

    func provincial(panelPath: String, withSummary: Bool = false) throws -> [Planned] {
        let (panel, result) = try loadPanel(panelPath)
        var planned: [Planned] = []
        if withSummary {
            planned.append((try builder.summary(panel, result), FileNames.name(pilot: panel.pilot?.name, kind: "专家评分汇总表"), panelPath))
        }
        planned.append((try builder.provincial(panel, result), FileNames.name(pilot: panel.pilot?.name, kind: "省级评估报告"), panelPath))
        return planned
    }

    /// Everything for one pilot folder: the blank table, and from its self-assessment sheet
    /// (YAML, CSV or XLSX) and panel.yaml the filled table, the self-assessment report, the summary sheet
    /// and the provincial report. All inputs are checked before anything is written.
    func completeSet(directory: String) throws -> [Planned] {
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
    func write(_ planned: [Planned]) throws {
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
        for w in output.warnings { console.err(Diagnostic(.warning, file: source, w).description) }
        for format in formats {
            let file = "\(name).\(format.rawValue)"
            let reusable = reused != nil && source == nil && name == Self.blankName
            let data: Data
            if reusable, let done = reused?.files[file] {
                data = done
            } else {
                switch format {
                case .html: data = Data(HTMLWriter().render(output.document).utf8)
                case .md: data = Data(MarkdownWriter().render(output.document).utf8)
                case .pdf: data = try PDFOutput.render(output.document, fonts: fonts?.value, console: console, source: source)
                case .docx: data = try DOCXOutput.render(output.document)
                case .ofd: data = try OFDOutput.render(output.document, fonts: fonts?.value, source: source)
                case .xlsx: data = try XLSXOutput.workbook(output.document)
                }
                if reusable { reused?.files[file] = data }
            }
            try folder.write(data, name: file, kind: format.kind)
            console.out("已生成 \(TerminalText.value(folder.filePath(file)))")
        }
    }
}
