import Foundation
import YRDQCore
import YRDQDocument
import YRDQHTML
import YRDQMarkdown
import YRDQLayout
import YRDQPDF
import YRDQReports

/// One document in one format: its bytes and what the writer had to say about it.
public struct RenderedFile: Sendable {
    public var data: Data
    /// About this document (a character no installed face has, with the input it came from).
    public var warnings: [Diagnostic]
    /// About the fonts rather than the document: the official faces that are not installed
    /// and what serves them (PDF only; the same note for every PDF of one service).
    public var fontFallback: Diagnostic?

    public init(data: Data, warnings: [Diagnostic] = [], fontFallback: Diagnostic? = nil) {
        self.data = data; self.warnings = warnings; self.fontFallback = fontFallback
    }
}

/// The resources loaded once and shared by every call: the rubric, the compiled templates and
/// the PDF fonts (loading in the background from the start). Immutable, so one service serves
/// concurrent requests; rendering a document to bytes touches no file but the fonts.
public final class RenderService: Sendable {
    public let resources: Resources
    public let rubric: Rubric
    /// nil: not loaded (a caller that renders only certificates needs none); `builder` then
    /// reports that none was found.
    public let templates: TemplateSet?
    private let fontsLoading: PDFFonts.Loading?
    private let fallback = FallbackNote()
    private let ofdFallback = FallbackNote()

    /// From what the caller loaded, in the order its messages should come.
    public init(resources: Resources, rubric: Rubric, templates: TemplateSet?, fonts: PDFFonts.Loading?) {
        self.resources = resources; self.rubric = rubric; self.templates = templates; self.fontsLoading = fonts
    }

    /// Loads everything: the fonts (in the background, when `pdf`), the rubric, the templates.
    public convenience init(resources: Resources, pdf: Bool = true) throws(InputErrors) {
        let fonts = pdf ? RenderService.loadFonts(resources) : nil
        do {
            self.init(resources: resources, rubric: try resources.loadRubric(), templates: try resources.loadTemplates(), fonts: fonts)
        } catch {
            _ = fonts?.value   // never leave the loading thread inside fontconfig
            throw error
        }
    }

    /// Starts loading the PDF fonts of `resources` while the caller reads its inputs.
    public static func loadFonts(_ resources: Resources) -> PDFFonts.Loading { PDFOutput.loadFonts(resources) }

    /// The PDF fonts (waiting for them when they are still loading); nil: each PDF loads its own.
    public var fonts: PDFFonts? { fontsLoading?.value }

    /// What in the font folders is skipped, since it is not a regular file (a named pipe would
    /// block fontconfig for ever).
    public func fontFolderWarnings() -> [Diagnostic] { PDFOutput.fontFolderWarnings(resources) }

    /// The same, before a service is made (while its inputs are read).
    public static func fontFolderWarnings(_ resources: Resources) -> [Diagnostic] { PDFOutput.fontFolderWarnings(resources) }

    /// The documents' builder, with the seal image for the signatures (nil: none drawn).
    public func builder(seal: String? = nil) throws(InputErrors) -> ReportBuilder {
        guard let templates else {
            _ = try resources.templateDirectories()
            return try ReportBuilder(rubric: rubric, templates: resources.loadTemplates(), seal: seal)
        }
        return ReportBuilder(rubric: rubric, templates: templates, seal: seal)
    }

    /// The document in `format`, whole: HTML and Markdown as UTF-8, PDF, DOCX, and (for the
    /// documents made of tables) an XLSX workbook. `source` is the input that warnings name.
    public func render(_ document: Document, as format: OutputFormat, source: String? = nil) throws(InputErrors) -> RenderedFile {
        var rendering = rendering(document, source: source)
        return try rendering.render(format)
    }

    /// One document rendered in several formats in turn: the PDF and the OFD draw one layout.
    public func rendering(_ document: Document, source: String? = nil) -> DocumentRendering {
        DocumentRendering(service: self, document: document, source: source)
    }

    /// The document in `format`, drawing `laid` when the document was already laid out.
    fileprivate func render(_ document: Document, as format: OutputFormat, source: String?,
                            layout laid: inout LaidOutDocument?) throws(InputErrors) -> RenderedFile {
        switch format {
        case .html: return RenderedFile(data: Data(HTMLWriter().render(document).utf8))
        case .md: return RenderedFile(data: Data(MarkdownWriter().render(document).utf8))
        case .docx: return RenderedFile(data: try DOCXOutput.render(document))
        case .xlsx: return RenderedFile(data: try XLSXOutput.workbook(document))
        case .pdf, .ofd:
            let fonts = self.fonts
            let frames: LaidOutDocument
            if let laid { frames = laid } else {
                frames = try PDFOutput.layout(document, fonts: fonts, resources: resources, format: format, source: source)
                laid = frames
            }
            let (data, warnings) = format == .pdf
                ? try PDFOutput.render(frames, resources: resources, source: source)
                : try OFDOutput.render(frames, resources: resources, source: source)
            return RenderedFile(data: data, warnings: warnings, fontFallback: fallbackNote(fonts, format: format == .pdf ? "PDF" : "OFD"))
        }
    }

    /// The fallback note, worked out once per service and format (the roles of the loaded
    /// fonts, or a report on the font folders); it names the format of the file it is about.
    private func fallbackNote(_ fonts: PDFFonts?, format: String = "PDF") -> Diagnostic? {
        (format == "OFD" ? ofdFallback : fallback).value {
            let roles = fonts?.roles ?? FontReport.report(fontsDirectories: resources.fontDirectories)
            return PDFOutput.fallbackNote(roles, userFontsHint: resources.userFontsHint, format: format).map { Diagnostic(.warning, $0) }
        }
    }
}

/// A value worked out once, under a lock.
private final class FallbackNote: @unchecked Sendable {
    private let lock = NSLock()
    private var done: Diagnostic?? = nil
    func value(_ make: () -> Diagnostic?) -> Diagnostic? {
        lock.lock()
        defer { lock.unlock() }
        if let done { return done }
        let made = make()
        done = .some(made)
        return made
    }
}

/// A document being rendered in one format after another (`RenderService.rendering`): the frames
/// are laid out for the first fixed-layout format asked for and drawn again for the other, so a
/// PDF and an OFD of one document are laid out once and show the same pages.
public struct DocumentRendering {
    let service: RenderService
    let document: Document
    let source: String?
    private var laid: LaidOutDocument?

    init(service: RenderService, document: Document, source: String?) {
        self.service = service; self.document = document; self.source = source
    }

    public mutating func render(_ format: OutputFormat) throws(InputErrors) -> RenderedFile {
        try service.render(document, as: format, source: source, layout: &laid)
    }
}
