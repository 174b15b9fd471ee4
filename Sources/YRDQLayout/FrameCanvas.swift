import CPangoCairo
import Foundation
import YRDQDocument

/// What the setters draw on: the few operations they use (colour, line width, rectangles and
/// lines, filled or stroked, glyph runs, an image, a transform with save and restore, pages),
/// recorded as frames instead of being drawn. Each item takes the colour, line width and
/// transform current when it is added, so the frames draw as the setters' calls read.
final class FrameCanvas {
    /// What the fonts' handles keep alive (the font system the fonts come from).
    var owner: AnyObject?
    private(set) var pages: [FramePage] = []
    private(set) var fonts: [FrameFont] = []
    private(set) var faces: [FrameFace] = []
    private(set) var outline: [OutlineEntry] = []

    private struct State {
        var color = FrameColor.black
        var lineWidth = 2.0
        var transform = FrameTransform.identity
    }
    private var state = State()
    private var saved: [State] = []
    /// The current page's items, and the items of the transform group being filled (the
    /// items added through one transform in a row form one group).
    private var items: [FrameItem] = []
    private var group: (transform: FrameTransform, items: [FrameItem])? = nil
    private var pageOpen = false
    /// Items added to the current page (OutlineEntry.itemsBefore).
    private var added = 0

    /// The path being built: rectangles, and straight lines (move to, line to).
    private enum Segment { case rect(FrameRect), line(Double, Double, Double, Double) }
    private var path: [Segment] = []
    private var point: (Double, Double)? = nil

    /// Per PangoFont: its index in `fonts`; per face key: its index in `faces`.
    private var fontIndex: [UnsafeMutableRawPointer: Int] = [:]
    private var faceIndex: [String: Int] = [:]

    // MARK: Pages

    func beginPage(width: Double, height: Double, number: Int?) {
        if pageOpen { endPage() }
        pages.append(FramePage(width: width, height: height, number: number))
        pageOpen = true
        items = []
        added = 0
        group = nil
        path = []
        state.transform = .identity
        state.color = .black
    }

    func endPage() {
        guard pageOpen else { return }
        closeGroup()
        pages[pages.count - 1].items = items
        items = []
        pageOpen = false
    }

    /// 0-based index of the current page.
    var pageIndex: Int { pages.count - 1 }

    func addOutline(level: Int, title: String, page: Int, x: Double, y: Double) {
        var entry = OutlineEntry(level: level, title: title, page: page, x: x, y: y)
        entry.itemsBefore = added
        outline.append(entry)
    }

    // MARK: State

    func save() { saved.append(state) }
    func restore() { if let s = saved.popLast() { state = s } }
    func setColor(_ red: Double, _ green: Double, _ blue: Double) { state.color = FrameColor(red: red, green: green, blue: blue) }
    func setLineWidth(_ width: Double) { state.lineWidth = width }
    func identityMatrix() { state.transform = .identity }
    func setMatrix(_ matrix: FrameTransform) { state.transform = matrix }
    /// As cairo_translate: the new origin in the current coordinates.
    func translate(_ tx: Double, _ ty: Double) {
        let m = state.transform
        state.transform = FrameTransform(xx: m.xx, yx: m.yx, xy: m.xy, yy: m.yy,
                                         x0: tx * m.xx + ty * m.xy + m.x0, y0: tx * m.yx + ty * m.yy + m.y0)
    }
    /// As cairo_scale.
    func scale(_ sx: Double, _ sy: Double) {
        let m = state.transform
        state.transform = FrameTransform(xx: sx * m.xx, yx: sx * m.yx, xy: sy * m.xy, yy: sy * m.yy, x0: m.x0, y0: m.y0)
    }

    // MARK: Paths

    func rectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double) {
        path.append(.rect(FrameRect(x: x, y: y, width: width, height: height)))
    }
    func moveTo(_ x: Double, _ y: Double) { point = (x, y) }
    func lineTo(_ x: Double, _ y: Double) {
        if let p = point { path.append(.line(p.0, p.1, x, y)) }
        point = (x, y)
    }

    /// Fills the path's rectangles: one rectangle is a `.fill`; several (a QR code's modules)
    /// are a group of fills under the identity transform, which the PDF writer fills as one
    /// path, so no seams show between modules.
    func fill() {
        let fills = path.compactMap { segment -> FrameItem? in
            if case .rect(let r) = segment { return .fill(r, state.color) }
            return nil
        }
        path = []; point = nil
        if fills.count == 1 { append(fills[0]) } else if fills.count > 1 { append(.group(.identity, fills)) }
    }

    func stroke() {
        for segment in path {
            switch segment {
            case .rect(let r): append(.strokeRect(r, width: state.lineWidth, color: state.color))
            case .line(let x0, let y0, let x1, let y1):
                append(.line(x0: x0, y0: y0, x1: x1, y1: y1, width: state.lineWidth, color: state.color))
            }
        }
        path = []; point = nil
    }

    /// A seal image scaled into a rectangle.
    func image(_ image: FrameImage, _ rect: FrameRect) { append(.image(image, rect)) }

    /// Glyphs of one Pango font, positioned in the current coordinates, with their text.
    func glyphs(font: UnsafeMutablePointer<PangoFont>, glyphs: [PositionedGlyph], text: String, clusters: [TextCluster]) {
        append(.glyphs(GlyphRun(font: index(of: font), color: state.color, glyphs: glyphs, text: text, clusters: clusters)))
    }

    private func append(_ item: FrameItem) {
        added += 1
        if state.transform == .identity {
            closeGroup()
            items.append(item)
        } else if group?.transform == state.transform {
            group!.items.append(item)
        } else {
            closeGroup()
            group = (state.transform, [item])
        }
    }

    private func closeGroup() {
        if let g = group { items.append(.group(g.transform, g.items)) }
        group = nil
    }

    // MARK: Fonts

    /// The FrameFont of a Pango font (each distinct PangoFont once, retained), with its face.
    private func index(of font: UnsafeMutablePointer<PangoFont>) -> Int {
        let raw = UnsafeMutableRawPointer(font)
        if let known = fontIndex[raw] { return known }
        let face = self.face(of: font)
        let description = pango_font_describe_with_absolute_size(font)
        let size = description.map { Double(pango_font_description_get_size($0)) / Double(PANGO_SCALE) } ?? 0
        if let description { pango_font_description_free(description) }
        g_object_ref(raw)
        // The handle keeps the font system (its font map and fontconfig state) alive as long
        // as the font, so frames can be drawn after a layout made with fonts of its own.
        let owner = Keep(owner)
        let handle = FontHandle(pointer: raw) { pointer in
            g_object_unref(pointer)
            _ = owner
        }
        fonts.append(FrameFont(face: face, size: size, handle: handle))
        fontIndex[raw] = fonts.count - 1
        return fonts.count - 1
    }

    /// The face a Pango font draws from: its file and index; a face fontconfig emboldens or
    /// slants itself is a face of its own (drawn whole, never subset).
    private func face(of font: UnsafeMutablePointer<PangoFont>) -> Int {
        var path = "", family = "", postscript = "", index: Int32 = 0, synthetic = false
        var weight: Int32 = 80, slant: Int32 = 0
        if let pattern = pango_fc_font_get_pattern(UnsafeMutableRawPointer(font).assumingMemoryBound(to: PangoFcFont.self)) {
            var value: UnsafeMutablePointer<FcChar8>?
            if FcPatternGetString(pattern, FC_FILE, 0, &value) == FcResultMatch, let value { path = String(cString: value) }
            if FcPatternGetString(pattern, FC_FAMILY, 0, &value) == FcResultMatch, let value { family = String(cString: value) }
            if FcPatternGetString(pattern, FC_POSTSCRIPT_NAME, 0, &value) == FcResultMatch, let value { postscript = String(cString: value) }
            _ = FcPatternGetInteger(pattern, FC_INDEX, 0, &index)
            _ = FcPatternGetInteger(pattern, FC_WEIGHT, 0, &weight)
            _ = FcPatternGetInteger(pattern, FC_SLANT, 0, &slant)
            var embolden: FcBool = 0
            if FcPatternGetBool(pattern, FC_EMBOLDEN, 0, &embolden) == FcResultMatch, embolden != 0 { synthetic = true }
            var matrix: UnsafeMutablePointer<FcMatrix>? = nil
            if FcPatternGetMatrix(pattern, FC_MATRIX, 0, &matrix) == FcResultMatch { synthetic = true }
        }
        let key = "\(path)#\(index & 0xFFFF)" + (synthetic ? "#synthetic" : "")
        if let known = faceIndex[key] { return known }
        var face = FrameFace(family: family, postscriptName: postscript, bold: weight >= FC_WEIGHT_BOLD,
                             italic: slant != FC_SLANT_ROMAN, path: path, index: Int(index & 0xFFFF))
        face.synthetic = synthetic
        faces.append(face)
        faceIndex[key] = faces.count - 1
        return faces.count - 1
    }

    /// The pages, fonts, faces and outline recorded (the faces not yet subset).
    func document(metadata: Metadata, missingCharacters: [String]) -> LaidOutDocument {
        endPage()
        return LaidOutDocument(metadata: metadata, pages: pages, faces: faces, fonts: fonts, outline: outline,
                               missingCharacters: missingCharacters)
    }
}

/// An object kept alive by a closure that must be Sendable (the font system is used by one
/// thread at a time; only its lifetime is shared).
private final class Keep: @unchecked Sendable {
    let object: AnyObject?
    init(_ object: AnyObject?) { self.object = object }
}
