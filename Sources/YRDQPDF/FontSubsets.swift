import CPangoCairo
import Foundation

/// CFF (OpenType PostScript) faces subset for one document before cairo embeds them.
///
/// cairo 1.16 subsets a CFF face by its glyphs but copies the face's whole subroutine
/// tables into the PDF (about 0.4 MB for Noto Serif CJK SC, whatever few glyphs a page
/// uses). So the first time text is drawn in a CFF face, HarfBuzz subsets that face to the
/// characters the document can show (`DocumentCharacters`, closed over every OpenType
/// feature, so the half-width, ligature and locale forms the shaper picks are in it), with
/// the glyph ids retained and the charstrings desubroutinised; FreeType loads the result
/// from memory, and the text is drawn with a cairo font made from it at the same size,
/// matrix and options. Pango's glyph ids mean the same glyphs in both faces, so the layout
/// does not change; cairo then embeds the few glyphs used, with no subroutines.
///
/// A run whose text holds a character outside the document's set (which the collection is
/// meant to make impossible) is drawn from the whole face: correct, only larger
/// (`wholeFaceRuns` counts them). TrueType faces, and faces fontconfig emboldens or slants
/// itself, are drawn as they are.
final class FontSubsets {
    /// The characters the document can show.
    let codePoints: Set<UInt32>
    /// Per face (file and index): the subset face, or nil where the face is drawn whole.
    private var faces: [String: OpaquePointer?] = [:]
    /// Per scaled font of Pango's: the one drawn instead, referenced here.
    private var fonts: [OpaquePointer: OpaquePointer] = [:]
    /// Runs drawn from a whole CFF face because their text left the document's set.
    private(set) var wholeFaceRuns = 0
    /// The faces subset, as "file#index" (tests).
    private(set) var subsetFaces: [String] = []

    init(codePoints: Set<UInt32>) {
        // □ stands in for a character no face has (ShapedText.whiteSquare).
        self.codePoints = codePoints.union([0x25A1])
    }

    deinit {
        for font in fonts.values { cairo_scaled_font_destroy(font) }
        for case let face? in faces.values { cairo_font_face_destroy(face) }
    }

    /// The scaled font to draw a run of `text` with, shaped by Pango in `pangoFont` (whose
    /// scaled font is `scaled`): a subset of a CFF face, or `scaled` itself.
    func drawingFont(for scaled: OpaquePointer, pangoFont: UnsafeMutablePointer<PangoFont>, text: ArraySlice<UInt8>) -> OpaquePointer {
        if let font = fonts[scaled] { return covers(text) ? font : whole(scaled) }
        guard let face = subsetFace(of: pangoFont) else { return scaled }
        var fontMatrix = cairo_matrix_t(), ctm = cairo_matrix_t()
        cairo_scaled_font_get_font_matrix(scaled, &fontMatrix)
        cairo_scaled_font_get_ctm(scaled, &ctm)
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        cairo_scaled_font_get_font_options(scaled, options)
        guard let font = cairo_scaled_font_create(face, &fontMatrix, &ctm, options) else { return scaled }
        guard cairo_scaled_font_status(font) == CAIRO_STATUS_SUCCESS else {
            cairo_scaled_font_destroy(font)
            return scaled
        }
        fonts[scaled] = font
        return covers(text) ? font : whole(scaled)
    }

    private func whole(_ scaled: OpaquePointer) -> OpaquePointer {
        wholeFaceRuns += 1
        return scaled
    }

    /// Whether every character of the UTF-8 `text` is in the document's set.
    private func covers(_ text: ArraySlice<UInt8>) -> Bool {
        var i = text.startIndex
        while i < text.endIndex {
            let lead = text[i]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            var value = UInt32(length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07)
            var k = i + 1
            while k < min(i + length, text.endIndex) { value = value << 6 | UInt32(text[k] & 0x3F); k += 1 }
            if !codePoints.contains(value) { return false }
            i += length
        }
        return true
    }

    /// The subset face of the face Pango loaded for `pangoFont`, made once per document;
    /// nil when the face is drawn whole (not CFF, synthetic style, or subsetting failed).
    private func subsetFace(of pangoFont: UnsafeMutablePointer<PangoFont>) -> OpaquePointer? {
        guard let pattern = pango_fc_font_get_pattern(UnsafeMutableRawPointer(pangoFont).assumingMemoryBound(to: PangoFcFont.self)) else { return nil }
        var file: UnsafeMutablePointer<FcChar8>?
        guard FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file else { return nil }
        var index: Int32 = 0
        _ = FcPatternGetInteger(pattern, FC_INDEX, 0, &index)
        // Synthetic bold or slant is applied by cairo from the pattern: such a face stays whole.
        var embolden: FcBool = 0
        if FcPatternGetBool(pattern, FC_EMBOLDEN, 0, &embolden) == FcResultMatch, embolden != 0 { return nil }
        var matrixPointer: UnsafeMutablePointer<FcMatrix>? = nil
        if FcPatternGetMatrix(pattern, FC_MATRIX, 0, &matrixPointer) == FcResultMatch { return nil }
        let path = String(cString: file)
        let key = "\(path)#\(index & 0xFFFF)"
        if let known = faces[key] { return known }
        let face = FontSubsets.subset(path: path, index: UInt32(index & 0xFFFF), codePoints: codePoints)
        faces[key] = face
        if face != nil { subsetFaces.append(key) }
        return face
    }

    /// A cairo face of the CFF face at `path` (`index` in a collection) subset to
    /// `codePoints`, glyph ids retained and charstrings desubroutinised; nil when the face
    /// is not CFF or HarfBuzz or FreeType fails.
    static func subset(path: String, index: UInt32, codePoints: Set<UInt32>) -> OpaquePointer? {
        guard let blob = hb_blob_create_from_file_or_fail(path) else { return nil }
        defer { hb_blob_destroy(blob) }
        guard let original = hb_face_create(blob, index) else { return nil }
        defer { hb_face_destroy(original) }
        let cff = hb_face_reference_table(original, tag("CFF "))
        let isCFF = hb_blob_get_length(cff) > 0
        hb_blob_destroy(cff)
        guard isCFF, let input = hb_subset_input_create_or_fail() else { return nil }
        defer { hb_subset_input_destroy(input) }
        let unicodes = hb_subset_input_unicode_set(input)
        for value in codePoints.sorted() { hb_set_add(unicodes, value) }
        hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS.rawValue | HB_SUBSET_FLAGS_DESUBROUTINIZE.rawValue)
        // Every layout feature: the shaper may take any form ('hwid' for compressed
        // punctuation, the ligature of "——", the locale forms of zh-cn).
        let features = hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG)
        hb_set_clear(features)
        hb_set_invert(features)
        guard let result = hb_subset_or_fail(original, input) else { return nil }
        let subsetBlob = hb_face_reference_blob(result)
        hb_face_destroy(result)
        guard let subsetBlob else { return nil }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(subsetBlob, &length), length > 0,
              let ftFace = FreeTypeLibrary.shared.face(data, length: Int(length)) else {
            hb_blob_destroy(subsetBlob)
            return nil
        }
        guard let face = cairo_ft_font_face_create_for_ft_face(ftFace, 0),
              cairo_font_face_status(face) == CAIRO_STATUS_SUCCESS else {
            FreeTypeLibrary.shared.done(ftFace)
            hb_blob_destroy(subsetBlob)
            return nil
        }
        // The FreeType face and the bytes it reads live as long as cairo's face.
        let keep = Unmanaged.passRetained(SubsetFaceMemory(face: ftFace, blob: subsetBlob)).toOpaque()
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

    static func tag(_ name: String) -> hb_tag_t {
        name.utf8.reduce(0) { $0 << 8 | hb_tag_t($1) }
    }
}

/// A subset face's FreeType face and the HarfBuzz blob holding its bytes, released with the
/// cairo face that draws it.
private final class SubsetFaceMemory {
    let face: FT_Face
    let blob: OpaquePointer
    init(face: FT_Face, blob: OpaquePointer) { self.face = face; self.blob = blob }
    deinit {
        FreeTypeLibrary.shared.done(face)
        hb_blob_destroy(blob)
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

    /// A face read from `length` bytes at `data` (which must outlive it).
    func face(_ data: UnsafePointer<CChar>, length: Int) -> FT_Face? {
        lock.lock()
        defer { lock.unlock() }
        guard let library else { return nil }
        var face: FT_Face?
        let error = data.withMemoryRebound(to: FT_Byte.self, capacity: length) {
            FT_New_Memory_Face(library, $0, FT_Long(length), 0, &face)
        }
        return error == 0 ? face : nil
    }

    func done(_ face: FT_Face) {
        lock.lock()
        defer { lock.unlock() }
        FT_Done_Face(face)
    }
}
