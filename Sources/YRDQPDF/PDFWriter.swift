import Foundation
import YRDQDocument
// The layout's public types (PDFOptions, PDFFonts, FontRoleStatus, …) are the PDF writer's
// API as they were before the layout had a target of its own.
@_exported import YRDQLayout

public enum PDFError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// Cairo failed to draw or write the file.
    case cairo(String)
    /// The seal image could not be read as PNG.
    case sealImage(path: String, reason: String)
    /// A table whose cells run past its columns or rows.
    case invalidTable([String])

    public var description: String {
        switch self {
        case .cairo(let s): return "生成 PDF 失败（cairo：\(s)）"
        case .sealImage(let path, let reason): return "无法读取印章图片 \(path)（须为 PNG 文件）：\(reason)"
        case .invalidTable(let problems): return "表格无法排版：" + problems.joined(separator: "；")
        }
    }
    public var errorDescription: String? { description }

    init(_ error: LayoutError) {
        switch error {
        case .sealImage(let path, let reason): self = .sealImage(path: path, reason: reason)
        case .invalidTable(let problems): self = .invalidTable(problems)
        }
    }
}

/// Typesets a Document in the official layout (GB/T 9704-2012) as PDF: the layout's frames
/// (YRDQLayout), drawn with Cairo.
public struct PDFWriter: Sendable {
    public var options: PDFOptions

    public init(options: PDFOptions = PDFOptions()) { self.options = options }

    /// The PDF bytes; throws PDFError. `fonts` are loaded for this document when not given.
    public func render(_ document: Document, fonts: PDFFonts? = nil) throws -> Data {
        try typeset(document, fonts: fonts).data
    }

    /// The PDF bytes and the characters no installed face could draw (each shown as □,
    /// its text kept in the PDF), for a warning that names them.
    public func renderReporting(_ document: Document, fonts: PDFFonts? = nil) throws -> (data: Data, missingCharacters: [String]) {
        let result = try typeset(document, fonts: fonts)
        return (result.data, result.missing)
    }

    /// The PDF of a document already laid out (the frames the OFD writer draws too).
    public func render(_ laidOut: LaidOutDocument) throws -> Data {
        let pdf = PDFSurface()
        pdf.setMetadata(laidOut.metadata)
        try FrameDrawer(pdf: pdf, document: laidOut).draw()
        return try pdf.finish()
    }

    /// Renders and writes the file.
    public func write(_ document: Document, to url: URL, fonts: PDFFonts? = nil) throws {
        try render(document, fonts: fonts).write(to: url, options: .atomic)
    }

    /// The PDF, every line the line breaker produced in order, and the frames (for tests).
    func typeset(_ document: Document, fonts: PDFFonts? = nil) throws
        -> (data: Data, lines: [String], missing: [String], work: LayoutWork, frames: LaidOutDocument, subsetRuns: Int) {
        let laidOut: (document: LaidOutDocument, lines: [String], work: LayoutWork, subsetRuns: Int)
        do {
            laidOut = try Layout(options: options).run(document, fonts: fonts)
        } catch let error as LayoutError {
            throw PDFError(error)
        }
        let data = try render(laidOut.document)
        return (data, laidOut.lines, laidOut.document.missingCharacters, laidOut.work, laidOut.document, laidOut.subsetRuns)
    }

    /// The lines a paragraph of body text breaks into (for tests of the line breaker).
    func bodyLines(_ text: String) -> [String] { Layout(options: options).bodyLines(text) }

    /// Each line of a left-aligned body paragraph with its width in points (tests of
    /// punctuation compression: unjustified, so the width is the sum of the advances).
    func bodyLineWidths(_ text: String) -> [(text: String, width: Double)] { Layout(options: options).bodyLineWidths(text) }

    /// Characters of text that no installed face can draw in a role.
    func missingGlyphs(_ text: String, role: FontRole) -> Int { Layout(options: options).missingGlyphs(text, role: role) }
}
