import Foundation
import YRDQDocument

/// Where page numbers stand.
public enum PageNumberPosition: String, Sendable, Equatable {
    /// GB/T 9704: odd pages right, even pages left, one character in from the text block.
    case outside
    case centered
}

/// How documents are laid out: the fonts/ folders and where page numbers stand (the name is
/// the PDF writer's, which came first; the OFD writer lays out with the same options).
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

public typealias LayoutOptions = PDFOptions

/// Lays out a Document in the official layout (GB/T 9704-2012) as frames: every page with
/// its positioned glyph runs, rules, boxes and images, the faces subset to the glyphs the
/// pages use, and the outline. Pango and HarfBuzz measure and shape; nothing is drawn.
public struct Layout: Sendable {
    public var options: PDFOptions

    public init(options: PDFOptions = PDFOptions()) { self.options = options }

    /// The document as frames; throws LayoutError. `fonts` are loaded for this document when
    /// not given (shared fonts keep their shaped paragraphs and subsets across documents).
    public func layout(_ document: Document, fonts: PDFFonts? = nil) throws -> LaidOutDocument {
        try run(document, fonts: fonts).document
    }

    /// The frames, every line the line breaker produced in order, and the work done (tests).
    package func run(_ document: Document, fonts shared: PDFFonts? = nil) throws
        -> (document: LaidOutDocument, lines: [String], work: LayoutWork, subsetRuns: Int) {
        let fonts = shared?.system ?? FontSystem(fontsDirectories: options.fontsDirectories)
        let typesetter = Typesetter(fonts: fonts, options: options)
        try typesetter.run(document)
        var laidOut = typesetter.cr.document(metadata: document.metadata, missingCharacters: typesetter.setter.missingCharacters)
        let before = fonts.subsetCache.subsetRuns
        FontSubsets.subsetFaces(of: &laidOut, cache: fonts.subsetCache)
        return (laidOut, typesetter.setLines, typesetter.work, fonts.subsetCache.subsetRuns - before)
    }

    /// The lines a paragraph of body text breaks into (for tests of the line breaker).
    package func bodyLines(_ text: String) -> [String] {
        let fonts = FontSystem(fontsDirectories: options.fontsDirectories)
        let setter = TextSetter(fonts: fonts)
        let spec = ParagraphSpec(style: TextStyle(role: .body, size: Metrics.body, tracking: Metrics.bodyTracking),
                                 width: PageGeometry.a4(.portrait).width, firstIndent: 2 * Metrics.charPitch,
                                 pullUpLoneCharacter: true)
        return setter.set(StyledText(text), spec).map(\.text)
    }

    /// Each line of a left-aligned body paragraph with its width in points (tests of
    /// punctuation compression: unjustified, so the width is the sum of the advances).
    package func bodyLineWidths(_ text: String) -> [(text: String, width: Double)] {
        let fonts = FontSystem(fontsDirectories: options.fontsDirectories)
        let setter = TextSetter(fonts: fonts)
        let spec = ParagraphSpec(style: TextStyle(role: .body, size: Metrics.body, tracking: Metrics.bodyTracking),
                                 width: PageGeometry.a4(.portrait).width, alignment: .left)
        return setter.set(StyledText(text), spec).map { ($0.text, $0.box.width) }
    }

    /// Characters of text that no installed face can draw in a role.
    package func missingGlyphs(_ text: String, role: FontRole) -> Int {
        TextSetter(fonts: FontSystem(fontsDirectories: options.fontsDirectories)).missingGlyphs(text, role: role)
    }
}
