import CPangoCairo
import Foundation
import YRDQLayout

/// Draws a laid-out document's frames on a cairo PDF surface, and nothing else: each page at
/// its size, its items in order (glyph runs with `cairo_show_text_glyphs`, rules and boxes,
/// the seal, transform groups), then the outline. A run is drawn with a cairo font made from
/// its face's subset (FrameFace.subset) at the matrix and options of the font the layout
/// shaped with, or with that font itself when the face is left whole.
final class FrameDrawer {
    private let pdf: PDFSurface
    private var cr: OpaquePointer { pdf.cr }
    private let document: LaidOutDocument
    /// Per FrameFont: the scaled font it is drawn with (made on first use, one reference held).
    private var scaledFonts: [OpaquePointer?]
    /// Per FrameFace: the cairo face made from its subset (one reference held), once.
    private var subsetFaces: [OpaquePointer?]
    private var subsetTried: [Bool]

    init(pdf: PDFSurface, document: LaidOutDocument) {
        self.pdf = pdf; self.document = document
        scaledFonts = Array(repeating: nil, count: document.fonts.count)
        subsetFaces = Array(repeating: nil, count: document.faces.count)
        subsetTried = Array(repeating: false, count: document.faces.count)
    }

    deinit {
        for font in scaledFonts { if let font { cairo_scaled_font_destroy(font) } }
        for face in subsetFaces { if let face { cairo_font_face_destroy(face) } }
    }

    /// The outline's entries still to add, in document order, and the ids of the entries
    /// open above the next one.
    private var nextEntry = 0
    private var open: [(level: Int, id: Int32)] = []
    /// The current page (0-based) and how many of its items are drawn.
    private var page = 0
    private var drawn = 0

    func draw() throws {
        for (index, page) in document.pages.enumerated() {
            self.page = index
            drawn = 0
            cairo_identity_matrix(cr)
            cairo_pdf_surface_set_size(pdf.surface, page.width, page.height)
            cairo_set_source_rgb(cr, 0, 0, 0)
            try draw(page.items, nested: false)
            addOutline(upTo: Int.max)
            cairo_show_page(cr)
        }
        addOutline(upTo: Int.max)
    }

    /// Adds the current page's outline entries made before its item number `count`, each
    /// under the last entry of a lower level before it.
    private func addOutline(upTo count: Int) {
        let outline = document.outline
        while nextEntry < outline.count, outline[nextEntry].page <= page, outline[nextEntry].itemsBefore <= count {
            let entry = outline[nextEntry]
            while let last = open.last, last.level >= entry.level { open.removeLast() }
            let id = pdf.addOutline(parent: open.last?.id ?? 0, title: entry.title, page: entry.page + 1, x: entry.x, y: entry.y)
            open.append((entry.level, id))
            nextEntry += 1
        }
    }

    private func color(_ c: FrameColor) { cairo_set_source_rgb(cr, c.red, c.green, c.blue) }

    private func draw(_ items: [FrameItem], nested: Bool) throws {
        for item in items {
            if case .group(let t, _) = item, t != .identity {
                // A transform group's items count one by one (OutlineEntry.itemsBefore).
            } else {
                addOutline(upTo: drawn)
                drawn += 1
            }
            switch item {
            case .glyphs(let run): drawRun(run)
            case .fill(let r, let c):
                color(c)
                cairo_rectangle(cr, r.x, r.y, r.width, r.height)
                cairo_fill(cr)
            case .line(let x0, let y0, let x1, let y1, let width, let c):
                color(c)
                cairo_set_line_width(cr, width)
                cairo_move_to(cr, x0, y0)
                cairo_line_to(cr, x1, y1)
                cairo_stroke(cr)
            case .strokeRect(let r, let width, let c):
                color(c)
                cairo_set_line_width(cr, width)
                cairo_rectangle(cr, r.x, r.y, r.width, r.height)
                cairo_stroke(cr)
            case .image(let image, let r): try drawImage(image, r)
            case .group(let t, let inner):
                if let fills = Self.fills(t, inner) {
                    // Fills in one colour (a QR code's modules): one path, filled once, so no
                    // seams show between them.
                    color(fills.color)
                    for r in fills.rects { cairo_rectangle(cr, r.x, r.y, r.width, r.height) }
                    cairo_fill(cr)
                    continue
                }
                cairo_save(cr)
                var matrix = cairo_matrix_t(xx: t.xx, yx: t.yx, xy: t.xy, yy: t.yy, x0: t.x0, y0: t.y0)
                // On a page the transform is the whole matrix (set, not composed: the same
                // numbers whatever rounding a product with the identity might give).
                if nested { cairo_transform(cr, &matrix) } else { cairo_set_matrix(cr, &matrix) }
                try draw(inner, nested: true)
                cairo_restore(cr)
            }
        }
    }

    /// The rectangles and colour of a group of fills of one colour under the identity.
    private static func fills(_ t: FrameTransform, _ items: [FrameItem]) -> (rects: [FrameRect], color: FrameColor)? {
        guard t == .identity, case .fill(_, let first)? = items.first else { return nil }
        var rects: [FrameRect] = []
        for item in items {
            guard case .fill(let r, let c) = item, c == first else { return nil }
            rects.append(r)
        }
        return (rects, first)
    }

    private func drawRun(_ run: GlyphRun) {
        guard !run.glyphs.isEmpty, let font = scaledFont(run.font) else { return }
        color(run.color)
        cairo_set_scaled_font(cr, font)
        var glyphs = run.glyphs.map { cairo_glyph_t(index: UInt($0.id), x: $0.x, y: $0.y) }
        let utf8 = Array(run.text.utf8CString.dropLast())
        let clusters = run.clusters.map { cairo_text_cluster_t(num_bytes: Int32($0.bytes), num_glyphs: Int32($0.glyphs)) }
        utf8.withUnsafeBufferPointer { text in
            clusters.withUnsafeBufferPointer { clusters in
                cairo_show_text_glyphs(cr, text.baseAddress, Int32(text.count), &glyphs, Int32(glyphs.count),
                                       clusters.baseAddress, Int32(clusters.count), cairo_text_cluster_flags_t(0))
            }
        }
    }

    /// The scaled font of a FrameFont: its face's subset at the layout font's matrices and
    /// options, or the layout font's own scaled font.
    private func scaledFont(_ index: Int) -> OpaquePointer? {
        if let known = scaledFonts[index] { return known }
        let frameFont = document.fonts[index]
        guard let handle = frameFont.handle,
              let pango = pango_cairo_font_get_scaled_font(OpaquePointer(handle.pointer)) else { return nil }
        var chosen = cairo_scaled_font_reference(pango)
        if let face = subsetFace(frameFont.face) {
            var fontMatrix = cairo_matrix_t(), ctm = cairo_matrix_t()
            cairo_scaled_font_get_font_matrix(pango, &fontMatrix)
            cairo_scaled_font_get_ctm(pango, &ctm)
            let options = cairo_font_options_create()
            cairo_scaled_font_get_font_options(pango, options)
            if let font = cairo_scaled_font_create(face, &fontMatrix, &ctm, options) {
                if cairo_scaled_font_status(font) == CAIRO_STATUS_SUCCESS {
                    cairo_scaled_font_destroy(chosen)
                    chosen = font
                } else {
                    cairo_scaled_font_destroy(font)
                }
            }
            cairo_font_options_destroy(options)
        }
        scaledFonts[index] = chosen
        return chosen
    }

    /// The cairo face of a face's subset bytes (FreeType reads them from memory), made once.
    private func subsetFace(_ index: Int) -> OpaquePointer? {
        if subsetTried[index] { return subsetFaces[index] }
        subsetTried[index] = true
        guard let subset = document.faces[index].subset else { return nil }
        subsetFaces[index] = FreeTypeLibrary.shared.cairoFace(subset)
        return subsetFaces[index]
    }

    private func drawImage(_ image: FrameImage, _ r: FrameRect) throws {
        let reader = PNGReader(image.png)
        let surface = withExtendedLifetime(reader) {
            cairo_image_surface_create_from_png_stream({ closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
                return Unmanaged<PNGReader>.fromOpaque(closure).takeUnretainedValue().read(data, Int(length))
                    ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_READ_ERROR
            }, Unmanaged.passUnretained(reader).toOpaque())
        }
        guard let surface else { throw PDFError.sealImage(path: image.source, reason: "无法读取") }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PDFError.sealImage(path: image.source, reason: String(cString: cairo_status_to_string(status)))
        }
        let iw = Double(cairo_image_surface_get_width(surface)), ih = Double(cairo_image_surface_get_height(surface))
        guard iw > 0, ih > 0 else { throw PDFError.sealImage(path: image.source, reason: "图片为空") }
        cairo_save(cr)
        cairo_translate(cr, r.x, r.y)
        cairo_scale(cr, r.width / iw, r.height / ih)
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }
}

/// Hands a PNG's bytes to cairo's reader, a piece at a time.
private final class PNGReader {
    let bytes: Data
    var offset = 0
    init(_ bytes: Data) { self.bytes = bytes }
    func read(_ into: UnsafeMutablePointer<UInt8>, _ length: Int) -> Bool {
        guard offset + length <= bytes.count else { return false }
        bytes.copyBytes(to: into, from: bytes.startIndex + offset..<bytes.startIndex + offset + length)
        offset += length
        return true
    }
}

/// A subset face's FreeType face and the bytes it reads, released with the cairo face that
/// draws it.
private final class SubsetFaceMemory {
    let face: FT_Face
    let bytes: UnsafeMutableRawPointer
    init(face: FT_Face, bytes: UnsafeMutableRawPointer) { self.face = face; self.bytes = bytes }
    deinit {
        FreeTypeLibrary.shared.done(face)
        bytes.deallocate()
    }
}

/// The FreeType library the subset faces are opened with: one per process, never freed
/// (cairo may release a face late), every call under a lock.
final class FreeTypeLibrary: @unchecked Sendable {
    static let shared = FreeTypeLibrary()
    /// The address cairo keys a subset face's memory by.
    nonisolated(unsafe) static let memoryKey = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)

    private let lock = NSLock()
    private var library: FT_Library?

    private init() {
        if FT_Init_FreeType(&library) != 0 { library = nil }
    }

    /// A cairo face reading an OpenType file's bytes (copied), or nil.
    func cairoFace(_ data: Data) -> OpaquePointer? {
        guard !data.isEmpty else { return nil }
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: data.count, alignment: 16)
        data.copyBytes(to: bytes.assumingMemoryBound(to: UInt8.self), count: data.count)
        guard let ftFace = face(bytes.assumingMemoryBound(to: FT_Byte.self), length: data.count) else {
            bytes.deallocate()
            return nil
        }
        guard let face = cairo_ft_font_face_create_for_ft_face(ftFace, 0),
              cairo_font_face_status(face) == CAIRO_STATUS_SUCCESS else {
            done(ftFace)
            bytes.deallocate()
            return nil
        }
        // The FreeType face and the bytes it reads live as long as cairo's face.
        let keep = Unmanaged.passRetained(SubsetFaceMemory(face: ftFace, bytes: bytes)).toOpaque()
        let status = cairo_font_face_set_user_data(face, FreeTypeLibrary.memoryKey, keep) { pointer in
            if let pointer { Unmanaged<SubsetFaceMemory>.fromOpaque(pointer).release() }
        }
        if status != CAIRO_STATUS_SUCCESS {
            Unmanaged<SubsetFaceMemory>.fromOpaque(keep).release()
            cairo_font_face_destroy(face)
            return nil
        }
        return face
    }

    private func face(_ data: UnsafePointer<FT_Byte>, length: Int) -> FT_Face? {
        lock.lock()
        defer { lock.unlock() }
        guard let library else { return nil }
        var face: FT_Face?
        return FT_New_Memory_Face(library, data, FT_Long(length), 0, &face) == 0 ? face : nil
    }

    func done(_ face: FT_Face) {
        lock.lock()
        defer { lock.unlock() }
        FT_Done_Face(face)
    }
}
