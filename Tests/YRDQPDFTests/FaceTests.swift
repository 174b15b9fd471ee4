import CPangoCairo
import Foundation
import Testing
import YRDQTestSupport
import YRDQDocument
@testable import YRDQLayout
@testable import YRDQPDF

/// The default faces (issue 11 §2), checked on real PDFs: punctuation in the mainland position
/// by its ink, a title heavy enough for 小标宋, Latin letters and digits in a Times-like
/// face, a continuous "——", and files no larger than before the CFF faces came in.
@Suite struct FaceTests {
    let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
    let page = PageGeometry.a4(.portrait)
    static let dpi = 150.0

    /// A gray rendering of the top of each page (the first lines of the text block).
    struct Raster {
        let width: Int, height: Int
        let pixels: [UInt8]
        /// Darkness (0…1) at a pixel.
        func ink(_ x: Int, _ y: Int) -> Double {
            guard x >= 0, y >= 0, x < width, y < height else { return 0 }
            return Double(255 - pixels[y * width + x]) / 255
        }
        /// The bounding box of the pixels darker than half inside a rectangle (pixels).
        func inkBox(x0: Int, y0: Int, x1: Int, y1: Int) -> (x0: Int, y0: Int, x1: Int, y1: Int)? {
            var box: (Int, Int, Int, Int)? = nil
            for y in max(0, y0)..<min(height, y1) {
                for x in max(0, x0)..<min(width, x1) where ink(x, y) > 0.5 {
                    box = box.map { (min($0.0, x), min($0.1, y), max($0.2, x), max($0.3, y)) } ?? (x, y, x, y)
                }
            }
            return box
        }
    }

    /// Each page's top `points` rendered at 150 dpi in gray.
    func rasters(_ document: Document, name: String, points: Double = 200) throws -> [Raster] {
        try withTempDir { dir in
            let pdf = dir.path("\(name).pdf")
            try writer.render(document).write(to: URL(fileURLWithPath: pdf))
            let scale = Self.dpi / 72
            _ = try poppler("pdftoppm", ["-gray", "-r", "\(Int(Self.dpi))", "-x", "0", "-y", "0",
                                         "-W", "\(Int(page.pageWidth * scale))", "-H", "\(Int(points * scale))", pdf, dir.path("p")])
            return try dir.files().filter { $0.hasSuffix(".pgm") }.sorted().map { try Self.readPGM(dir.path($0)) }
        }
    }

    static func readPGM(_ path: String) throws -> Raster {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var fields: [String] = [], i = 0, current = ""
        while fields.count < 4 && i < data.count {
            let c = data[i]; i += 1
            if c == 0x20 || c == 0x0A { if !current.isEmpty { fields.append(current); current = "" } } else { current.append(Character(UnicodeScalar(c))) }
        }
        let w = Int(fields[1])!, h = Int(fields[2])!
        return Raster(width: w, height: h, pixels: Array(data[i..<(i + w * h)]))
    }

    static let marks = ["。", "、", "，", "；", "：", "！", "？"]

    @Test func everyDefaultFacePutsPunctuationAtTheLowerLeft() throws {
        // One mark a page, as the first line of the text block, in each face: the title (2号,
        // centred on a 35 pt pitch), 黑体 and 楷体 headings (indented two characters) and the
        // body text (flush left). Table text and page numbers are in the body's face.
        enum Kind: CaseIterable { case title, heading, subheading, body }
        var blocks: [Block] = []
        for kind in Kind.allCases {
            for mark in Self.marks {
                if !blocks.isEmpty { blocks.append(.pageBreak) }
                switch kind {
                case .title: blocks.append(.title([mark]))
                case .heading: blocks.append(.heading(level: 1, text: mark))
                case .subheading: blocks.append(.heading(level: 2, text: mark))
                case .body: blocks.append(.paragraph([.text(mark)], style: .plain))
                }
            }
        }
        let pages = try rasters(Document(metadata: Metadata(title: "标点"), body: blocks), name: "marks")
        #expect(pages.count == Kind.allCases.count * Self.marks.count)
        let scale = Self.dpi / 72
        for (k, kind) in Kind.allCases.enumerated() {
            for (m, mark) in Self.marks.enumerated() where k * Self.marks.count + m < pages.count {
                let raster = pages[k * Self.marks.count + m]
                let size = kind == .title ? Metrics.title : Metrics.body
                let pitch = kind == .title ? Metrics.titlePitch : Metrics.linePitch
                let left: Double
                switch kind {
                case .title: left = page.left + page.width / 2 - size / 2
                case .heading, .subheading: left = page.left + 2 * Metrics.charPitch
                case .body: left = page.left
                }
                let top = page.top + (pitch - size) / 2
                // The em box, and the ink found in a box twice its size around it.
                let ink = try #require(raster.inkBox(x0: Int((left - size / 2) * scale), y0: Int((top - size / 2) * scale),
                                                     x1: Int((left + 1.5 * size) * scale), y1: Int((top + 1.5 * size) * scale)),
                                       "\(kind) \(mark): no ink")
                let inkLeft = Double(ink.x0) / scale - left, inkRight = Double(ink.x1 + 1) / scale - left
                let inkTop = Double(ink.y0) / scale - top, inkBottom = Double(ink.y1 + 1) / scale - top
                #expect(inkLeft > -0.05 * size && inkRight <= 0.55 * size,
                        "\(kind) \(mark): ink from \(inkLeft / size) to \(inkRight / size) em, not in the left half")
                #expect(inkBottom > 0.6 * size, "\(kind) \(mark): ink ends \(inkBottom / size) em down, not in the lower half")
                if ["。", "、", "，"].contains(mark) {
                    #expect(inkTop >= 0.5 * size, "\(kind) \(mark): ink starts \(inkTop / size) em down: not in the lower left quadrant")
                }
            }
        }
        // Table text and page numbers are set in the body's face.
        let report = FontReport.report(fontsDirectory: fontsDirectory)
        let body = try #require(report.first { $0.role == .body })
        for role in [FontRole.table, .pagenumber] {
            #expect(report.first { $0.role == role }?.file == body.file, "\(role)")
        }
    }

    @Test func theTitleIsAHeavySong() throws {
        // Ink coverage of the blank table's title, 2号 on the first page, over its em boxes:
        // 小标宋 is a heavy Song (Noto Serif CJK SC Bold 30 %, Regular 20 %, UMing 17 %).
        let set = try SampleSetTests().set()
        let title = "长三角质量提升示范试点建设评分表"
        try withTempDir { dir in
            _ = try poppler("pdftoppm", ["-gray", "-r", "\(Int(Self.dpi))", "-f", "1", "-l", "1", "-singlefile", set.blank.path, dir.path("t")])
            let raster = try Self.readPGM(dir.path("t.pgm"))
            let scale = Self.dpi / 72
            let width = Double(title.count) * Metrics.title
            let x0 = page.left + (page.width - width) / 2, y0 = page.top + (Metrics.titlePitch - Metrics.title) / 2
            var ink = 0.0, area = 0.0
            for y in Int(y0 * scale)..<Int((y0 + Metrics.title) * scale) {
                for x in Int(x0 * scale)..<Int((x0 + width) * scale) { ink += raster.ink(x, y); area += 1 }
            }
            let coverage = ink / area
            #expect(coverage >= 0.26, "title ink coverage \(coverage)")
            // All of the title's ink lies in those em boxes (they are where the title is).
            let outside = raster.inkBox(x0: Int((x0 - 30) * scale), y0: Int((y0 - 30) * scale), x1: Int(x0 * scale) - 2, y1: Int((y0 + 52) * scale))
            #expect(outside == nil, "ink left of the title's first em box")
        }
    }

    /// The text segments of a PDF with their face, from `pdftohtml -xml`.
    func segments(_ path: String) throws -> [(text: String, font: String)] {
        let xml = try poppler("pdftohtml", ["-xml", "-i", "-stdout", "-q", path])
        var fonts: [String: String] = [:]
        var result: [(String, String)] = []
        for line in xml.split(separator: "\n") {
            func attribute(_ name: String) -> String? {
                guard let r = line.range(of: "\(name)=\"") else { return nil }
                return String(line[r.upperBound...].prefix { $0 != "\"" })
            }
            if line.hasPrefix("\t<fontspec"), let id = attribute("id"), let family = attribute("family") {
                fonts[id] = family
            } else if line.hasPrefix("<text"), let id = attribute("font") {
                let body = line.drop { $0 != ">" }.dropFirst()
                var text = String(body)
                for tag in ["<b>", "</b>", "<i>", "</i>", "</text>"] { text = text.replacingOccurrences(of: tag, with: "") }
                result.append((text, fonts[id] ?? ""))
            }
        }
        return result
    }

    @Test func digitsOfBodyAndTablesAreInTheSerifLatinFace() throws {
        let set = try SampleSetTests().set()
        // Every figure of the score tables and the summary, the base and total rows too, in one
        // face; in the reports no figure is in the Song face (headings keep their own face's).
        for doc in [set.blank, set.filled, set.summary] {
            let digits = try segments(doc.path).filter { $0.text.contains { $0.isASCII && $0.isNumber } }
            #expect(digits.count > 20, "\(doc.name)")
            let faces = Set(digits.map { $0.font.split(separator: "+").last.map(String.init) ?? $0.font })
            #expect(faces == ["LiberationSerif"], "\(doc.name): figures in \(faces)")
        }
        for doc in [set.selfAssessment, set.provincial] {
            let song = try segments(doc.path).filter { $0.font.contains("NotoSerifCJK") && $0.text.contains { $0.isASCII && ($0.isNumber || $0.isLetter) } }
            #expect(song.isEmpty, "\(doc.name): \(song.prefix(5))")
        }
    }

    @Test func signsComeFromOneFaceAndTheDashIsContinuous() throws {
        let text = "总分=基本分88.75+加分4−扣分1，详见附件——评分表。"
        let document = Document(metadata: Metadata(title: "符号"), body: [
            .paragraph([.text("详见附件——评分表")], style: .plain),
            .paragraph([.text(text)], style: .plain),
        ])
        try withTempDir { dir in
            let pdf = dir.path("signs.pdf")
            try writer.render(document).write(to: URL(fileURLWithPath: pdf))
            let segments = try segments(pdf)
            for sign in ["=", "+", "−"] {
                let holding = try #require(segments.first { $0.text.contains(sign) }, "\(sign)")
                #expect(holding.font.hasSuffix("LiberationSerif"), "\(sign) in \(holding.font)")
            }
            // "——" stays a CJK dash (full width), not the Latin face's.
            #expect(segments.filter { $0.text.contains("—") }.allSatisfy { $0.font.contains("CJK") }, "\(segments)")
            #expect(try poppler("pdftotext", [pdf, "-"]).contains(text))
        }
        // The dash on the first line, after four characters: its ink a continuous rule two ems long.
        let raster = try #require(try rasters(document, name: "dash").first)
        let scale = Self.dpi / 72
        let top = page.top + (Metrics.linePitch - Metrics.body) / 2
        let start = page.left + 4 * Metrics.charPitch
        let ink = try #require(raster.inkBox(x0: Int((start + 0.5) * scale), y0: Int(top * scale), x1: Int((start + 2 * Metrics.body - 0.5) * scale),
                                             y1: Int((top + Metrics.body) * scale)))
        #expect(Double(ink.x1 - ink.x0) / scale > 1.8 * Metrics.body, "the dash is \(Double(ink.x1 - ink.x0) / scale) pt long")
        let row = (ink.y0 + ink.y1) / 2
        let gaps = (ink.x0...ink.x1).filter { raster.ink($0, row) < 0.3 }
        #expect(gaps.isEmpty, "gaps in the dash at \(gaps.map { Double($0) / scale - page.left }) pt")
    }

    @Test func filesStaySmallWithTheCFFFacesSubset() throws {
        // Sizes before Noto CJK became the default (UMing, TrueType): blank table 179 KB,
        // self-assessment 292 KB, provincial report 385 KB; at most 20 % more now.
        let set = try SampleSetTests().set()
        for (doc, before) in [(set.blank, 179_000), (set.selfAssessment, 292_000), (set.provincial, 385_000)] {
            #expect(doc.data.count <= before * 12 / 10, "\(doc.name): \(doc.data.count) bytes, before \(before)")
        }
        // Every face embedded is a subset; the CFF ones drawn from the document's own subset,
        // never from the whole face.
        let fonts = try poppler("pdffonts", [set.provincial.path]).split(separator: "\n").dropFirst(2)
        #expect(fonts.contains { $0.contains("NotoSerifCJK") && $0.contains("CID Type 0C") })
        for line in fonts {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            #expect(columns.count >= 7 && columns[columns.count - 5] == "yes" && columns[columns.count - 4] == "yes", "\(line)")
        }
        let out = try writer.typeset(set.blankDocument)
        #expect(out.frames.faces.allSatisfy { $0.subset != nil }, "\(out.frames.faces.filter { $0.subset == nil }.map(\.path))")
        #expect(out.frames.faces.contains { $0.path.contains("NotoSerifCJK") })
    }

    @Test func theWritersOwnLabelsAreInTheSubsets() throws {
        // An official document's 版头 and 版记 (签发人：, 抄送：, 附件：) and every sample document:
        // no run is drawn from a whole CFF face (a label the character collection of an earlier
        // version missed embedded all of Noto Serif CJK SC Regular a second time: the decision
        // grew from 53 to 120 KB). Every face is now subset to the glyphs its runs use.
        let set = try SampleSetTests().set()
        for document in [OfficialPartsTests().official(paragraphs: 2, upward: true), OfficialPartsTests().official(paragraphs: 3),
                         set.selfAssessmentDocument, set.blankDocument, Document(metadata: Metadata(title: "标点"), body: [
                            .paragraph([.text("（一）质量提升，“示范”；（二）试点）。《标准》、【附件】——评分表……")], style: .plain)])] {
            let out = try writer.typeset(document)
            #expect(out.frames.faces.allSatisfy { $0.subset != nil }, "\(document.metadata.title)")
            let fonts = try withTempDir { dir in
                let pdf = dir.path("o.pdf")
                try out.data.write(to: URL(fileURLWithPath: pdf))
                // The CFF faces (cairo writes a TrueType face twice by design: simple and CID).
                return try poppler("pdffonts", [pdf]).split(separator: "\n").dropFirst(2).filter { $0.contains("Type 0C") }
                    .map { String($0.split(separator: " ")[0].split(separator: "+").last ?? "") }
            }
            #expect(!fonts.isEmpty && fonts.count == Set(fonts).count, "a CFF face embedded twice: \(fonts)")
        }
    }

    /// Whether glyph `id` of a face's bytes has an outline (a subset keeps the ids of the glyphs
    /// it drops, with empty outlines).
    static func hasOutline(_ data: Data, glyph id: UInt32) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            let blob = hb_blob_create(raw.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32(raw.count), HB_MEMORY_MODE_READONLY, nil, nil)
            defer { hb_blob_destroy(blob) }
            let face = hb_face_create(blob, 0), font = hb_font_create(face)
            defer { hb_font_destroy(font); hb_face_destroy(face) }
            var extents = hb_glyph_extents_t()
            return hb_font_get_glyph_extents(font, id, &extents) != 0 && extents.width != 0 && extents.height != 0
        }
    }

    @Test func aFaceIsSubsetToTheGlyphsItsRunsUse() throws {
        // Once every page exists: the face keeps the glyphs of "质量" and not those of "提升",
        // which no run shows, and its cmap covers the characters of the runs.
        let document = Document(metadata: Metadata(title: "t"), body: [.paragraph([.text("质量")], style: .plain)])
        let frames = try Layout(options: PDFOptions(fontsDirectory: fontsDirectory)).layout(document)
        let serif = try #require(frames.faces.firstIndex { $0.path.contains("NotoSerifCJK") })
        let face = frames.faces[serif]
        let runs = frames.pages.flatMap(\.items).compactMap { item -> GlyphRun? in
            if case .glyphs(let run) = item, frames.fonts[run.font].face == serif { return run }
            return nil
        }
        #expect(face.usedGlyphs == Set(runs.flatMap { $0.glyphs.map(\.id) }).sorted())
        #expect(Set("质量".unicodeScalars.map(\.value)).isSubset(of: Set(face.usedCodePoints)))
        let subset = try #require(face.subset)
        let unused = try #require(Self.glyph("提", path: face.path, index: UInt32(face.index)))
        let used = try #require(Self.glyph("质", path: face.path, index: UInt32(face.index)))
        #expect(face.usedGlyphs.contains(used) && !face.usedGlyphs.contains(unused))
        #expect(Self.hasOutline(subset, glyph: used))
        #expect(!Self.hasOutline(subset, glyph: unused))
    }

    /// The glyph HarfBuzz shapes `text` to in the face at `path` (`index`), with `features`.
    static func glyph(_ text: String, path: String, index: UInt32, features: String = "") -> UInt32? {
        guard let blob = hb_blob_create_from_file_or_fail(path) else { return nil }
        defer { hb_blob_destroy(blob) }
        let face = hb_face_create(blob, index), font = hb_font_create(face)
        defer { hb_font_destroy(font); hb_face_destroy(face) }
        let buffer = hb_buffer_create()
        defer { hb_buffer_destroy(buffer) }
        hb_buffer_add_utf8(buffer, text, -1, 0, -1)
        hb_buffer_guess_segment_properties(buffer)
        var feature = hb_feature_t()
        let count: UInt32 = features.isEmpty ? 0 : (hb_feature_from_string(features, -1, &feature) != 0 ? 1 : 0)
        hb_shape(font, buffer, &feature, count)
        var length: UInt32 = 0
        guard let infos = hb_buffer_get_glyph_infos(buffer, &length), length == 1 else { return nil }
        return infos[0].codepoint
    }

    @Test func aSubsetIsMadeOncePerFaceAndGlyphSet() throws {
        // The documents of a run share the subsets of the same glyphs; the bytes are those
        // of a document rendered alone, and a face keeps at most a few glyph sets.
        let fonts = PDFFonts(fontsDirectory: fontsDirectory)
        let cache = fonts.system.subsetCache
        // Each document with an ideograph of its own (digits are in every document's set).
        let own = Array("一二三四五六七八九十")
        func document(_ n: Int) -> Document {
            Document(metadata: Metadata(title: "t"), body: [.heading(level: 1, text: "第\(own[n])号"), .paragraph([.text("质量提升示范试点\(own[n])。")], style: .plain)])
        }
        let alone = try writer.render(document(1))
        #expect(try writer.render(document(1), fonts: fonts) == alone)
        let runs = cache.subsetRuns
        #expect(runs > 0)
        #expect(try writer.render(document(1), fonts: fonts) == alone)
        #expect(cache.subsetRuns == runs, "the same glyphs subset again")
        // The faces whose glyphs differ from one document to the next (the page number's face
        // shows "— 1 —" in each, and is subset once).
        let first = try Layout(options: writer.options).layout(document(1)), second = try Layout(options: writer.options).layout(document(2))
        let glyphs = { (frames: LaidOutDocument) in Dictionary(frames.faces.map { ("\($0.path)#\($0.index)", $0.usedGlyphs) }) { a, _ in a } }
        let (one, two) = (glyphs(first), glyphs(second))
        let varying = one.keys.filter { one[$0] != two[$0] }.count
        #expect(varying >= 2 && varying <= runs)
        for n in 2...(SubsetFaceCache.perFace + 3) { _ = try writer.render(document(n), fonts: fonts) }
        #expect(cache.subsetRuns == runs + varying * (SubsetFaceCache.perFace + 2))
        #expect(cache.count == (runs - varying) + varying * SubsetFaceCache.perFace)
        #expect(try writer.render(document(1), fonts: fonts) == alone)
    }
}
