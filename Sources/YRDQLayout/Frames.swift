import Foundation
import YRDQDocument

// The result of laying out a Document: pages of positioned items, known in full before
// anything is drawn. No Cairo type appears here; the PDF writer (cairo) and the OFD writer
// (GB/T 33190 XML) each draw these frames and nothing else.
//
// Coordinates: points (1/72 in), origin at the top left of the sheet, y downwards, the
// sheet as it is printed (a turned landscape page is a portrait sheet whose content sits
// in a `.group` with a rotation). Colours are sRGB in 0…1.

/// A whole document laid out.
public struct LaidOutDocument: Sendable {
    /// The document's title, author, subject, keywords and date (PDF Info, OFD DocInfo).
    public var metadata: Metadata
    public var pages: [FramePage]
    /// Every face a glyph run uses; `FrameFont.face` indexes this array.
    public var faces: [FrameFace]
    /// Every face at a size; `GlyphRun.font` indexes this array.
    public var fonts: [FrameFont]
    /// The headings as bookmarks, in document order (a tree by `level`).
    public var outline: [OutlineEntry]
    /// Characters no installed face could draw (each drawn as □, its text kept).
    public var missingCharacters: [String]

    public init(metadata: Metadata, pages: [FramePage] = [], faces: [FrameFace] = [], fonts: [FrameFont] = [],
                outline: [OutlineEntry] = [], missingCharacters: [String] = []) {
        self.metadata = metadata; self.pages = pages; self.faces = faces; self.fonts = fonts
        self.outline = outline; self.missingCharacters = missingCharacters
    }
}

/// One sheet.
public struct FramePage: Sendable {
    /// The sheet's size in points (A4 portrait 595.28 × 841.89, landscape the other way).
    public var width: Double
    public var height: Double
    /// The printed page number ("— n —"), nil on a cover or an unnumbered page.
    public var number: Int?
    /// Items in painting order (later items paint over earlier ones).
    public var items: [FrameItem]

    public init(width: Double, height: Double, number: Int? = nil, items: [FrameItem] = []) {
        self.width = width; self.height = height; self.number = number; self.items = items
    }
}

public struct FrameColor: Sendable, Equatable, Hashable {
    public var red: Double, green: Double, blue: Double
    public init(red: Double, green: Double, blue: Double) { self.red = red; self.green = green; self.blue = blue }
    public static let black = FrameColor(red: 0, green: 0, blue: 0)
}

/// An affine map (x, y) ↦ (xx·x + xy·y + x0, yx·x + yy·y + y0), as cairo_matrix_t and OFD's CTM.
public struct FrameTransform: Sendable, Equatable {
    public var xx: Double, yx: Double, xy: Double, yy: Double, x0: Double, y0: Double
    public init(xx: Double, yx: Double, xy: Double, yy: Double, x0: Double, y0: Double) {
        self.xx = xx; self.yx = yx; self.xy = xy; self.yy = yy; self.x0 = x0; self.y0 = y0
    }
    public static let identity = FrameTransform(xx: 1, yx: 0, xy: 0, yy: 1, x0: 0, y0: 0)
}

public struct FrameRect: Sendable, Equatable {
    public var x: Double, y: Double, width: Double, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
}

public indirect enum FrameItem: Sendable {
    /// Glyphs of one font on one baseline, with the text they show.
    case glyphs(GlyphRun)
    /// A filled rectangle (rules under blanks, QR modules, table rules drawn as fills).
    case fill(FrameRect, FrameColor)
    /// A stroked straight line of the given width (table rules, signature lines).
    case line(x0: Double, y0: Double, x1: Double, y1: Double, width: Double, color: FrameColor)
    /// A stroked rectangle outline (the certificate's frames).
    case strokeRect(FrameRect, width: Double, color: FrameColor)
    /// A raster image (the seal) scaled into a rectangle.
    case image(FrameImage, FrameRect)
    /// Items drawn through a transform (a landscape page turned onto a portrait sheet).
    case group(FrameTransform, [FrameItem])
}

/// A run of glyphs in one font: `cairo_show_text_glyphs`, OFD's TextObject.
public struct GlyphRun: Sendable {
    /// Index into `LaidOutDocument.fonts`.
    public var font: Int
    public var color: FrameColor
    /// Absolute glyph positions (x, baseline y) in the coordinates of the enclosing items.
    public var glyphs: [PositionedGlyph]
    /// The text the glyphs show (UTF-8), for copying and search.
    public var text: String
    /// Text-to-glyph clusters in order, covering `text` and `glyphs` exactly
    /// (as cairo_text_cluster_t: so many UTF-8 bytes map to so many glyphs).
    public var clusters: [TextCluster]

    public init(font: Int, color: FrameColor = .black, glyphs: [PositionedGlyph], text: String, clusters: [TextCluster]) {
        self.font = font; self.color = color; self.glyphs = glyphs; self.text = text; self.clusters = clusters
    }
}

public struct PositionedGlyph: Sendable, Equatable {
    /// The glyph id in the face (the same id in the face's subset: subsets retain ids).
    public var id: UInt32
    public var x: Double
    public var y: Double
    /// The advance the layout gave this glyph (natural width plus tracking and justification).
    public var advance: Double
    public init(id: UInt32, x: Double, y: Double, advance: Double) {
        self.id = id; self.x = x; self.y = y; self.advance = advance
    }
}

public struct TextCluster: Sendable, Equatable {
    public var bytes: Int
    public var glyphs: Int
    public init(bytes: Int, glyphs: Int) { self.bytes = bytes; self.glyphs = glyphs }
}

/// A face at a size, as a glyph run uses it.
public struct FrameFont: Sendable {
    /// Index into `LaidOutDocument.faces`.
    public var face: Int
    /// The em size in points.
    public var size: Double
    /// The layout's own handle for the drawing writer that needs the font object it shaped
    /// with (the PDF writer gets cairo's scaled font from it); nil for hand-built frames.
    public var handle: FontHandle?

    public init(face: Int, size: Double, handle: FontHandle? = nil) {
        self.face = face; self.size = size; self.handle = handle
    }
}

/// An opaque, retained font object of the layout engine (a PangoFont).
public final class FontHandle: @unchecked Sendable {
    public let pointer: UnsafeMutableRawPointer
    private let release: @Sendable (UnsafeMutableRawPointer) -> Void
    public init(pointer: UnsafeMutableRawPointer, release: @escaping @Sendable (UnsafeMutableRawPointer) -> Void) {
        self.pointer = pointer; self.release = release
    }
    deinit { release(pointer) }
}

/// A font file's face, as writers embed it.
public struct FrameFace: Sendable {
    /// The family name ("Noto Serif CJK SC") and PostScript name, for the writers' font tables.
    public var family: String
    public var postscriptName: String
    public var bold: Bool
    public var italic: Bool
    /// The face file and the face's index in it (a .ttc holds several).
    public var path: String
    public var index: Int
    /// The glyph ids the document's runs use, sorted (what a subset must keep).
    public var usedGlyphs: [UInt32]
    /// The characters those glyphs show, sorted (the subset's cmap).
    public var usedCodePoints: [UInt32]
    /// The face subset to `usedGlyphs` (glyph ids retained, cmap for `usedCodePoints`), as
    /// OpenType bytes, made once per document after every page exists; nil when the face
    /// cannot be subset (a bitmap face): a writer then uses the whole file at `path`.
    public var subset: Data?
    /// Whether fontconfig emboldens or slants the face itself (no such style in the file):
    /// such a face is drawn from the whole file as the layout's font does, never subset.
    public var synthetic: Bool = false

    public init(family: String, postscriptName: String, bold: Bool = false, italic: Bool = false,
                path: String, index: Int = 0, usedGlyphs: [UInt32] = [], usedCodePoints: [UInt32] = [], subset: Data? = nil) {
        self.family = family; self.postscriptName = postscriptName; self.bold = bold; self.italic = italic
        self.path = path; self.index = index; self.usedGlyphs = usedGlyphs; self.usedCodePoints = usedCodePoints
        self.subset = subset
    }
}

/// A raster image as its file's bytes.
public struct FrameImage: Sendable {
    /// PNG bytes.
    public var png: Data
    public var pixelWidth: Int
    public var pixelHeight: Int
    /// The file it was read from, for messages ("" when not from a file).
    public var source: String = ""
    public init(png: Data, pixelWidth: Int, pixelHeight: Int) {
        self.png = png; self.pixelWidth = pixelWidth; self.pixelHeight = pixelHeight
    }
}

/// A bookmark: a heading and where it stands.
public struct OutlineEntry: Sendable, Equatable {
    /// 1 for an attachment or a top heading, deeper levels under it.
    public var level: Int
    public var title: String
    /// 0-based index into `pages`.
    public var page: Int
    /// The point on the sheet the entry opens at.
    public var x: Double
    public var y: Double
    /// How many of the page's items were added before the entry (a transform group counts
    /// its items, not itself): a writer that numbers its objects in the order they are made
    /// (cairo) adds the bookmark at that point, so the file is the one drawing in one pass
    /// would make.
    public var itemsBefore: Int = 0
    public init(level: Int, title: String, page: Int, x: Double, y: Double) {
        self.level = level; self.title = title; self.page = page; self.x = x; self.y = y
    }
}
