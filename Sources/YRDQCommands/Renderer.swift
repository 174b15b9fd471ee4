import Foundation
import YRDQCore
import YRDQDocument
import YRDQHTML
import YRDQInput
import YRDQMarkdown
import YRDQReports

/// Reads inputs, builds documents and writes them in each format into one folder.
struct Renderer {
    let rubric: Rubric
    let builder: ReportBuilder
    let formats: [OutputFormat]
    let out: String
    let console: Console

    var engine: ScoringEngine { ScoringEngine(rubric: rubric) }

    func reader() -> SheetReader { SheetReader(rubric: rubric) }

    func report(_ warnings: [Diagnostic]) { for w in warnings { console.err(w.description) } }

    func blankTable() throws {
        try write(builder.scoreTable(nil, nil), name: FileNames.name(pilot: nil, kind: "评分表（空白）").replacingOccurrences(of: "试点-", with: ""), source: nil)
    }

    func table(sheetPath: String) throws {
        let r = reader()
        let sheet = try r.load(path: sheetPath)
        report(r.warnings)
        try write(builder.scoreTable(sheet, engine.score(sheet)),
                  name: FileNames.name(pilot: sheet.pilot?.name, kind: "评分表", extra: sheet.assessor?.name), source: sheetPath)
    }

    func selfAssessment(sheetPath: String) throws {
        let r = reader()
        let sheet = try r.load(path: sheetPath, requirePilot: true)
        report(r.warnings)
        try write(builder.selfAssessment(sheet, engine.score(sheet)), name: FileNames.name(pilot: sheet.pilot?.name, kind: "自评报告"), source: sheetPath)
    }

    func loadPanel(_ path: String) throws -> (Panel, PanelResult) {
        let r = reader()
        let panel = try PanelReader.load(path: path, reader: r, requirePilot: true)
        report(r.warnings)
        return (panel, engine.score(panel))
    }

    func summary(panelPath: String) throws {
        let (panel, result) = try loadPanel(panelPath)
        try write(builder.summary(panel, result), name: FileNames.name(pilot: panel.pilot?.name, kind: "专家评分汇总表"), source: panelPath)
    }

    func provincial(panelPath: String) throws {
        let (panel, result) = try loadPanel(panelPath)
        try write(builder.provincial(panel, result), name: FileNames.name(pilot: panel.pilot?.name, kind: "省级评估报告"), source: panelPath)
    }

    /// Everything for one pilot folder: the blank table, and from self-assessment.yaml
    /// and panel.yaml the filled table, the self-assessment report, the summary sheet
    /// and the provincial report.
    func completeSet(directory: String) throws {
        let fm = FileManager.default
        let sheet = (directory as NSString).appendingPathComponent("self-assessment.yaml")
        let panel = (directory as NSString).appendingPathComponent("panel.yaml")
        let hasSheet = fm.fileExists(atPath: sheet), hasPanel = fm.fileExists(atPath: panel)
        guard hasSheet || hasPanel else {
            throw InputErrors([Diagnostic(file: directory, "目录中既没有 self-assessment.yaml 也没有 panel.yaml")])
        }
        try blankTable()
        if hasSheet {
            try table(sheetPath: sheet)
            try selfAssessment(sheetPath: sheet)
        }
        if hasPanel {
            try summary(panelPath: panel)
            try provincial(panelPath: panel)
        }
    }

    /// Writes one document in every format: each file whole or not at all, all inside `out`.
    func write(_ output: ReportBuilder.Output, name: String, source: String?) throws {
        for w in output.warnings { console.err(Diagnostic(.warning, file: source, w).description) }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw InputErrors([Diagnostic(file: out, "无法创建输出目录：\(error.localizedDescription)")])
        }
        for format in formats {
            let data: Data
            switch format {
            case .html: data = Data(HTMLWriter().render(output.document).utf8)
            case .md: data = Data(MarkdownWriter().render(output.document).utf8)
            case .pdf: data = try PDFOutput.render(output.document)
            }
            let path = (out as NSString).appendingPathComponent("\(name).\(format.rawValue)")
            try AtomicFile.write(data, to: path)
            console.out("已生成 \(path)")
        }
    }
}
