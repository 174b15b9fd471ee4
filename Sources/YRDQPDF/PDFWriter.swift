import Foundation
import YRDQDocument

/// Where page numbers stand.
public enum PageNumberPosition: String, Sendable, Equatable {
    /// GB/T 9704: odd pages right, even pages left, one character in from the text block.
    case outside
    case centered
}

public struct PDFOptions: Sendable, Equatable {
    /// The fonts/ folders (font-roles.conf and any font files dropped there), the first
    /// taking precedence file by file: a user's folder before the installed one.
    public var fontsDirectories: [String]
    public var pageNumberPosition: PageNumberPosition

    /// The one fonts/ folder (the first, when several are layered).
    public var fontsDirectory: String? {
        get { fontsDirectories.first }
        set { fontsDirectories = newValue.map { [$0] } ?? [] }
    }

    public init(fontsDirectory: String? = nil, pageNumberPosition: PageNumberPosition = .outside) {
        self.init(fontsDirectories: fontsDirectory.map { [$0] } ?? [], pageNumberPosition: pageNumberPosition)
    }

    public init(fontsDirectories: [String], pageNumberPosition: PageNumberPosition = .outside) {
        self.fontsDirectories = fontsDirectories; self.pageNumberPosition = pageNumberPosition
    }
}

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
}

/// Typesets a Document in the official layout (GB/T 9704-2012) as PDF, through Cairo and Pango.
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

    /// Renders and writes the file.
    public func write(_ document: Document, to url: URL, fonts: PDFFonts? = nil) throws {
        try render(document, fonts: fonts).write(to: url, options: .atomic)
    }

    /// The PDF and every line the line breaker produced, in order (for tests).
    func typeset(_ document: Document, fonts shared: PDFFonts? = nil) throws
        -> (data: Data, lines: [String], missing: [String], work: LayoutWork, subsets: FontSubsets) {
        let fonts = shared?.system ?? FontSystem(fontsDirectories: options.fontsDirectories)
        let pdf = PDFSurface()
        pdf.setMetadata(document.metadata)
        // The faces are subset to the document's characters before cairo embeds them.
        let subsets = FontSubsets(codePoints: DocumentCharacters.of(document), cache: fonts.subsetCache)
        let typesetter = Typesetter(fonts: fonts, pdf: pdf, options: options, subsets: subsets)
        try typesetter.run(document)
        let data = try pdf.finish()
        return (data, typesetter.setLines, typesetter.setter.missingCharacters, typesetter.work, subsets)
    }

    /// The lines a paragraph of body text breaks into (for tests of the line breaker).
    func bodyLines(_ text: String) -> [String] {
        let fonts = FontSystem(fontsDirectories: options.fontsDirectories)
        let setter = TextSetter(fonts: fonts)
        let spec = ParagraphSpec(style: TextStyle(role: .body, size: Metrics.body, tracking: Metrics.bodyTracking),
                                 width: PageGeometry.a4(.portrait).width, firstIndent: 2 * Metrics.charPitch,
                                 pullUpLoneCharacter: true)
        return setter.set(StyledText(text), spec).map(\.text)
    }

    /// Each line of a left-aligned body paragraph with its width in points (tests of
    /// punctuation compression: unjustified, so the width is the sum of the advances).
    func bodyLineWidths(_ text: String) -> [(text: String, width: Double)] {
        let fonts = FontSystem(fontsDirectories: options.fontsDirectories)
        let setter = TextSetter(fonts: fonts)
        let spec = ParagraphSpec(style: TextStyle(role: .body, size: Metrics.body, tracking: Metrics.bodyTracking),
                                 width: PageGeometry.a4(.portrait).width, alignment: .left)
        return setter.set(StyledText(text), spec).map { ($0.text, $0.box.width) }
    }

    /// Characters of text that no installed face can draw in a role.
    func missingGlyphs(_ text: String, role: FontRole) -> Int {
        TextSetter(fonts: FontSystem(fontsDirectories: options.fontsDirectories)).missingGlyphs(text, role: role)
    }
}
