import CPangoCairo
import Foundation

/// The faces of a laid-out document subset to the glyphs its pages use, once per document,
/// after every page exists.
///
/// cairo 1.16 subsets a CFF face by its glyphs but copies the face's whole subroutine
/// tables into the PDF (about 0.4 MB for Noto Serif CJK SC, whatever few glyphs a page
/// uses), and it keeps every glyph's hints (a TrueType face's instructions and its fpgm, prep
/// and cvt tables too), though the PDF is drawn unhinted. So each face a run uses is subset by
/// HarfBuzz to exactly the glyphs the runs show (with a cmap for the characters of their
/// text), glyph ids retained, CFF charstrings desubroutinised and hints dropped; the writers
/// embed that (`FrameFace.subset`): the PDF writer draws the runs with a cairo font made from
/// it, which cairo then subsets again to the same glyphs, now with no subroutines and no hints.
/// Since the glyphs are those of the frames, no run can hold a glyph its subset lacks. Bitmap
/// faces, and faces fontconfig emboldens or slants itself, are left whole (`subset` nil).
enum FontSubsets {
    /// Fills in each face's used glyphs and characters, and its subset (through `cache`).
    static func subsetFaces(of document: inout LaidOutDocument, cache: SubsetFaceCache?) {
        var glyphs = [Set<UInt32>](repeating: [], count: document.faces.count)
        var codePoints = [Set<UInt32>](repeating: [], count: document.faces.count)
        func collect(_ items: [FrameItem]) {
            for item in items {
                switch item {
                case .glyphs(let run):
                    let face = document.fonts[run.font].face
                    for g in run.glyphs { glyphs[face].insert(g.id) }
                    for scalar in run.text.unicodeScalars { codePoints[face].insert(scalar.value) }
                case .group(_, let inner): collect(inner)
                default: break
                }
            }
        }
        for page in document.pages { collect(page.items) }
        for k in document.faces.indices {
            var face = document.faces[k]
            face.usedGlyphs = glyphs[k].sorted()
            face.usedCodePoints = codePoints[k].sorted()
            if !face.synthetic && !face.usedGlyphs.isEmpty {
                face.subset = cache.map {
                    $0.subset(path: face.path, index: UInt32(face.index), glyphs: face.usedGlyphs, codePoints: face.usedCodePoints)
                } ?? subset(path: face.path, index: UInt32(face.index), glyphs: face.usedGlyphs, codePoints: face.usedCodePoints)
            }
            document.faces[k] = face
        }
    }

    /// Tables the subsets leave out: vertical metrics and origins (the text is horizontal),
    /// and the layout tables (the glyphs are positioned already; nothing shapes the subset),
    /// which hb-subset would otherwise prune lookup by lookup.
    static let droppedTables = ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "morx", "kerx", "kern"]

    /// The face at `path` (`index` in a collection) subset to `glyphs` (and the glyphs of
    /// `codePoints`, with a cmap for them), glyph ids retained, CFF charstrings
    /// desubroutinised and hints dropped, as OpenType bytes; no layout table is kept (the
    /// subset is drawn from positioned glyphs, never shaped). nil when the face has no CFF
    /// or glyf outlines (a bitmap face) or HarfBuzz fails.
    static func subset(path: String, index: UInt32, glyphs: [UInt32], codePoints: [UInt32]) -> Data? {
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
        let glyphSet = hb_subset_input_glyph_set(input)
        for glyph in glyphs { hb_set_add(glyphSet, glyph) }
        let unicodes = hb_subset_input_unicode_set(input)
        for value in codePoints { hb_set_add(unicodes, value) }
        // Hints dropped: the PDF is drawn unhinted (FontSystem), and the stems and hint masks
        // of a CJK glyph are a sixth of its charstring, a TrueType face's instructions more.
        hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS.rawValue | HB_SUBSET_FLAGS_DESUBROUTINIZE.rawValue
                                         | HB_SUBSET_FLAGS_NO_HINTING.rawValue)
        let dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for table in droppedTables { hb_set_add(dropped, tag(table)) }
        guard let result = hb_subset_or_fail(original, input) else { return nil }
        defer { hb_face_destroy(result) }
        guard let subsetBlob = hb_face_reference_blob(result) else { return nil }
        defer { hb_blob_destroy(subsetBlob) }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(subsetBlob, &length), length > 0 else { return nil }
        return Data(bytes: data, count: Int(length))
    }

    static func tag(_ name: String) -> hb_tag_t {
        name.utf8.reduce(0) { $0 << 8 | hb_tag_t($1) }
    }
}
