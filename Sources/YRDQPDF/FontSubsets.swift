import CPangoCairo
import Foundation

/// The faces of one document subset before cairo embeds them.
///
/// cairo 1.16 subsets a CFF face by its glyphs but copies the face's whole subroutine
/// tables into the PDF (about 0.4 MB for Noto Serif CJK SC, whatever few glyphs a page
/// uses), and it keeps every glyph's hints (a TrueType face's instructions and its fpgm, prep
/// and cvt tables too), though the PDF is drawn unhinted. So the first time text is drawn in a
/// face, HarfBuzz subsets that face to the characters the document can show
/// (`DocumentCharacters`, closed over the OpenType features the shaper applies to horizontal
/// text, `layoutFeatures`), with the glyph ids retained, CFF charstrings desubroutinised and
/// hints dropped; FreeType loads the result from memory, and the text is drawn with a cairo
/// font made from it at the same size, matrix and options. Pango's glyph ids mean the same
/// glyphs in both faces, so the layout does not change; cairo then embeds the few glyphs used,
/// with no subroutines and no hints. The subsets are kept for the process by the font system's
/// `SubsetFaceCache`, per face and character set.
///
/// A run holding a glyph the subset lacks (a character outside the document's set, which the
/// collection is meant to make impossible, or a form of a feature left out of the closure) is
/// drawn from the whole face: correct, only larger (`wholeFaceRuns` counts them). Bitmap faces,
/// and faces fontconfig emboldens or slants itself, are drawn as they are.
final class FontSubsets {
    /// The characters the document can show.
    let codePoints: Set<UInt32>
    /// Where subsets are kept across documents (nil: made for this document alone).
    private let cache: SubsetFaceCache?
    /// Per face (file and index): the subset face, or nil where the face is drawn whole.
    private var faces: [String: SubsetFace?] = [:]
    /// Per scaled font of Pango's: the one drawn instead, referenced here, and its subset.
    private var fonts: [OpaquePointer: (font: OpaquePointer, subset: SubsetFace)] = [:]
    /// Runs drawn from a whole face because a glyph of theirs is not in the subset.
    private(set) var wholeFaceRuns = 0
    /// The faces subset, as "file#index" (tests).
    private(set) var subsetFaces: [String] = []

    init(codePoints: Set<UInt32>, cache: SubsetFaceCache? = nil) {
        // □ stands in for a character no face has (ShapedText.whiteSquare).
        self.codePoints = codePoints.union([0x25A1])
        self.cache = cache
    }

    deinit {
        for entry in fonts.values { cairo_scaled_font_destroy(entry.font) }
    }

    /// The scaled font to draw `glyphs` with, shaped by Pango in `pangoFont` (whose scaled
    /// font is `scaled`): a subset of its face, or `scaled` itself.
    func drawingFont(for scaled: OpaquePointer, pangoFont: UnsafeMutablePointer<PangoFont>, glyphs: [cairo_glyph_t]) -> OpaquePointer {
        if let entry = fonts[scaled] { return covers(glyphs, entry.subset) ? entry.font : whole(scaled) }
        guard let subset = subsetFace(of: pangoFont) else { return scaled }
        var fontMatrix = cairo_matrix_t(), ctm = cairo_matrix_t()
        cairo_scaled_font_get_font_matrix(scaled, &fontMatrix)
        cairo_scaled_font_get_ctm(scaled, &ctm)
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        cairo_scaled_font_get_font_options(scaled, options)
        guard let font = cairo_scaled_font_create(subset.face, &fontMatrix, &ctm, options) else { return scaled }
        guard cairo_scaled_font_status(font) == CAIRO_STATUS_SUCCESS else {
            cairo_scaled_font_destroy(font)
            return scaled
        }
        fonts[scaled] = (font, subset)
        return covers(glyphs, subset) ? font : whole(scaled)
    }

    private func whole(_ scaled: OpaquePointer) -> OpaquePointer {
        wholeFaceRuns += 1
        return scaled
    }

    /// Whether the subset has every glyph of the run.
    private func covers(_ glyphs: [cairo_glyph_t], _ subset: SubsetFace) -> Bool {
        glyphs.allSatisfy { subset.glyphs.contains(UInt32(truncatingIfNeeded: $0.index)) }
    }

    /// The subset face of the face Pango loaded for `pangoFont`, looked up once per document;
    /// nil when the face is drawn whole (bitmap, synthetic style, or subsetting failed).
    private func subsetFace(of pangoFont: UnsafeMutablePointer<PangoFont>) -> SubsetFace? {
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
        let face = cache.map { $0.face(path: path, index: UInt32(index & 0xFFFF), codePoints: codePoints) }
            ?? FontSubsets.subset(path: path, index: UInt32(index & 0xFFFF), codePoints: codePoints)
        faces[key] = face
        if face != nil { subsetFaces.append(key) }
        return face
    }

    /// The OpenType features the subsets are closed over: those HarfBuzz applies to horizontal
    /// left-to-right text by default (Pango adds none; it turns 'liga' and 'clig' off under
    /// letter spacing), the fraction features it turns on around U+2044, and 'hwid', which
    /// TextSetter asks for. Vertical forms ('vert', 'vrt2'), alternates ('aalt'), width variants
    /// ('fwid', 'pwid') and jamo ('ljmo', 'vjmo', 'tjmo') are left out: horizontal Chinese text
    /// never uses them, and a run that did would be drawn from the whole face.
    static let layoutFeatures = ["rvrn", "ccmp", "locl", "rlig", "mark", "mkmk", "abvm", "blwm",
                                 "calt", "clig", "curs", "dist", "kern", "liga", "rclt", "rand",
                                 "ltra", "ltrm", "frac", "numr", "dnom", "hwid",
                                 // An Arabic or Hebrew name in the serif or sans-serif face.
                                 "rtla", "rtlm", "isol", "init", "medi", "med2", "fina", "fin2", "fin3", "stch"]

    /// Tables the subsets leave out: vertical metrics and origins (the text is horizontal).
    static let droppedTables = ["VORG", "vhea", "vmtx"]

    /// The face at `path` (`index` in a collection) subset to `codePoints`, glyph ids retained,
    /// CFF charstrings desubroutinised and hints dropped, with the glyphs it keeps; nil when
    /// the face has no CFF or glyf outlines (a bitmap face) or HarfBuzz or FreeType fails.
    static func subset(path: String, index: UInt32, codePoints: Set<UInt32>) -> SubsetFace? {
        guard let blob = hb_blob_create_from_file_or_fail(path) else { return nil }
        defer { hb_blob_destroy(blob) }
        guard let original = hb_face_create(blob, index) else { return nil }
        defer { hb_face_destroy(original) }
        func has(_ table: String) -> Bool {
            let blob = hb_face_reference_table(original, tag(table))
            defer { hb_blob_destroy(blob) }
            return hb_blob_get_length(blob) > 0
        }
        guard has("CFF ") || has("glyf"), let input = hb_subset_input_create_or_fail() else { return nil }
        defer { hb_subset_input_destroy(input) }
        let unicodes = hb_subset_input_unicode_set(input)
        for value in codePoints.sorted() { hb_set_add(unicodes, value) }
        // Hints dropped: the PDF is drawn unhinted (FontSystem), and the stems and hint masks
        // of a CJK glyph are a sixth of its charstring, a TrueType face's instructions more.
        hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS.rawValue | HB_SUBSET_FLAGS_DESUBROUTINIZE.rawValue
                                         | HB_SUBSET_FLAGS_NO_HINTING.rawValue)
        let features = hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG)
        hb_set_clear(features)
        for feature in layoutFeatures { hb_set_add(features, tag(feature)) }
        let dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for table in droppedTables { hb_set_add(dropped, tag(table)) }
        guard let plan = hb_subset_plan_create_or_fail(original, input) else { return nil }
        defer { hb_subset_plan_destroy(plan) }
        let kept = hb_subset_plan_old_to_new_glyph_mapping(plan)
        var glyphs: Set<UInt32> = []
        for gid in 0..<hb_face_get_glyph_count(original) where hb_map_has(kept, gid) != 0 { glyphs.insert(gid) }
        guard let result = hb_subset_plan_execute_or_fail(plan) else { return nil }
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
        return SubsetFace(face: face, glyphs: glyphs)
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
