import CPangoCairo

/// One typeset line: runs of positioned glyphs, each run in one font and carrying the text
/// it shows (so the PDF maps glyphs back to characters), plus the rules under fill-in blanks.
final class LineBox {
    /// Glyphs of one font with their text (a frame's GlyphRun once placed).
    struct Run {
        /// The Pango font the glyphs were shaped in, referenced for the life of the box.
        let font: UnsafeMutablePointer<PangoFont>
        /// x from the line's left end, y from its baseline (downwards); each glyph's advance.
        var glyphs: [PositionedGlyph]
        var text: String
        var clusters: [TextCluster]
    }

    /// A filled rectangle under underlined text: x from the line's left end, y (its top)
    /// from the baseline, downwards.
    struct Rule {
        var x0: Double, x1: Double, y: Double, thickness: Double
    }

    let runs: [Run]
    let rules: [Rule]
    let text: String
    let width: Double

    init(runs: [Run] = [], rules: [Rule] = [], text: String, width: Double) {
        self.runs = runs; self.rules = rules; self.text = text; self.width = width
        for run in runs { g_object_ref(UnsafeMutableRawPointer(run.font)) }
    }
    deinit { for run in runs { g_object_unref(UnsafeMutableRawPointer(run.font)) } }

    /// Puts the line on the canvas with its left end at x and its baseline at y.
    func draw(_ canvas: FrameCanvas, x: Double, baseline: Double) {
        for run in runs where !run.glyphs.isEmpty {
            var glyphs = run.glyphs
            for k in glyphs.indices { glyphs[k].x += x; glyphs[k].y += baseline }
            canvas.glyphs(font: run.font, glyphs: glyphs, text: run.text, clusters: run.clusters)
        }
        for rule in rules {
            canvas.rectangle(x + rule.x0, baseline + rule.y, rule.x1 - rule.x0, rule.thickness)
            canvas.fill()
        }
    }
}

/// A paragraph itemized and shaped once by Pango (the faces chosen per character, with
/// fallback), without a PangoLayout: the line breaker measures with these advances and the
/// lines draw these glyphs, so nothing is shaped twice and Pango never computes glyph
/// extents (a FreeType glyph load each) that only a layout's own line boxes would need.
final class ShapedText {
    struct Glyph {
        var id: PangoGlyph
        /// First byte of the glyph's cluster in the text (Pango's clusters are characters).
        var byte: Int
        /// First byte of the grapheme the glyph belongs to (a letter and its accents).
        var grapheme: Int
        var dx: Double, dy: Double, width: Double
        /// Whether this is the last glyph of its grapheme (spacing goes after it).
        var last: Bool
        var run: Int
    }

    struct Run {
        /// Referenced until this paragraph is released.
        var pangoFont: UnsafeMutablePointer<PangoFont>
        /// Baseline shift of the run (superscripts), points upwards.
        var rise: Double
        /// Byte just after the run's item.
        var end: Int
        /// Right to left (an Arabic or Hebrew name): its glyphs are kept in text order here
        /// and placed from the right when a line is cut.
        var rtl: Bool { level % 2 == 1 }
        /// Bidi embedding level (0 for the Chinese text, 1 for an Arabic name in it, 2 for
        /// digits inside that name).
        var level: Int
    }

    let bytes: [UInt8]
    /// Where the work of this paragraph's lines is counted (the document now setting it:
    /// a paragraph shaped once may serve several, see `FontSystem.shaped`).
    var work: LayoutWork?
    private(set) var glyphs: [Glyph] = []
    private(set) var runs: [Run] = []
    /// Advance of each grapheme, keyed by its first byte.
    private(set) var clusterWidths: [Int: Double] = [:]
    /// First bytes of the clusters no installed face can draw (drawn as □).
    private(set) var missing: [Int] = []
    /// Pango's break opportunities, one per character and one after the last.
    private(set) var logAttrs: [PangoLogAttr] = []

    /// The most characters of one grapheme cluster given to the shaper in one call. HarfBuzz
    /// 6 places each combining mark by searching back through the marks before it, so a
    /// cluster of n marks costs n² ("a" and 600 000 accents: minutes). A longer cluster is
    /// shaped in pieces of this many characters; the pieces stay one cluster here (one
    /// grapheme for the line breaker, one span of text in the PDF), and the marks after the
    /// first piece are drawn where the cluster's first mark is. Unicode's Stream-Safe Text
    /// Format allows 30 marks in a row; no writing system needs more.
    static let maximumShapedCluster = 32

    /// `attributes` may change sizes and OpenType features of ranges; `rises` raises
    /// ranges (points) — both as the paragraph's markup asks.
    init(_ text: String, context: OpaquePointer, description: OpaquePointer, attributes: OpaquePointer?,
         rises: [(range: Range<Int>, points: Double)] = [], work: LayoutWork? = nil) {
        // A tab is a space here (no tab stops in these documents); one byte for one, so every
        // offset the caller holds stays valid.
        // (Byte by byte: Foundation's search for "\t" cost more than the shaping of a short cell.)
        var utf8 = Array(text.utf8)
        let tabbed = utf8.contains(9)
        if tabbed { for i in utf8.indices where utf8[i] == 9 { utf8[i] = 32 } }
        let text = tabbed ? String(decoding: utf8, as: UTF8.self) : text
        bytes = utf8
        self.work = work
        let length = Int32(bytes.count)
        pango_context_set_font_description(context, description)
        text.withCString { paragraph in
            let characters = text.unicodeScalars.count
            logAttrs = [PangoLogAttr](repeating: PangoLogAttr(), count: characters + 1)
            logAttrs.withUnsafeMutableBufferPointer { buffer in
                pango_get_log_attrs(paragraph, length, -1, pango_context_get_language(context),
                                    buffer.baseAddress, Int32(buffer.count))
            }
            guard let items = pango_itemize(context, paragraph, 0, length, attributes, nil) else { return }
            defer { g_list_free_full(items) { pango_item_free($0?.assumingMemoryBound(to: PangoItem.self)) } }
            guard let string = pango_glyph_string_new() else { return }
            defer { pango_glyph_string_free(string) }
            // Walking the text once: the character at `walkByte` is number `walkCharacter`;
            // `clusterStart` is where the grapheme around it began, `clusterLength` how many
            // of its characters are in the current piece (each item is shaped on its own).
            var walkByte = 0, walkCharacter = 0, clusterStart = 0
            var node: UnsafeMutablePointer<GList>? = items
            while let n = node {
                defer { node = n.pointee.next }
                guard let item = n.pointee.data?.assumingMemoryBound(to: PangoItem.self) else { continue }
                let offset = Int(item.pointee.offset)
                let itemEnd = offset + Int(item.pointee.length)
                // The pieces the item is shaped in: cut inside a grapheme cluster after every
                // maximumShapedCluster characters; `continues` is the byte where the cluster a
                // piece continues began.
                var pieces: [(range: Range<Int>, continues: (byte: Int, until: Int)?, longest: Int)] = []
                var pieceStart = offset, continues: (byte: Int, until: Int)? = nil, longest = 0, clusterLength = 0
                while walkByte < itemEnd {
                    let boundary = walkCharacter < logAttrs.count && logAttrs[walkCharacter].is_cursor_position != 0
                    if boundary {
                        if let c = continues, c.until == Int.max { continues = (c.byte, walkByte) }
                        clusterStart = walkByte; clusterLength = 0
                    } else if clusterLength >= Self.maximumShapedCluster && walkByte > pieceStart {
                        pieces.append((pieceStart..<walkByte, continues, longest))
                        pieceStart = walkByte; clusterLength = 0; longest = 0
                        // (A grapheme Pango itemized across two items keeps the split it has.)
                        continues = clusterStart >= offset ? (clusterStart, Int.max) : nil
                    }
                    clusterLength += 1
                    longest = max(longest, clusterLength)
                    walkByte += Self.sequenceLength(bytes[walkByte])
                    walkCharacter += 1
                }
                pieces.append((pieceStart..<itemEnd, continues, longest))
                guard let font = item.pointee.analysis.font else { continue }
                g_object_ref(UnsafeMutableRawPointer(font))
                let rise = rises.first { $0.range.contains(offset) }?.points ?? 0
                let level = Int(item.pointee.analysis.level)
                let rtl = level % 2 == 1
                runs.append(Run(pangoFont: font, rise: rise, end: itemEnd, level: level))
                for piece in pieces {
                    pango_shape_with_flags(paragraph + piece.range.lowerBound, Int32(piece.range.count), paragraph, length,
                                           &item.pointee.analysis, string, PANGO_SHAPE_NONE)
                    work?.shaperSteps += piece.longest * piece.longest
                    work?.shapedBytes += piece.range.count
                    appendGlyphs(string, at: piece.range.lowerBound, continuing: piece.continues, rtl: rtl, font: font)
                }
            }
        }
        groupGraphemes()
    }

    /// The bytes of the UTF-8 sequence a lead byte starts.
    private static func sequenceLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The grapheme the last piece continued and where its first mark was drawn.
    private var continued: (byte: Int, mark: (dx: Double, dy: Double)?)? = nil

    /// Appends the glyphs Pango shaped for the text from byte `start` to the last run.
    /// `continuing`: the piece begins inside the grapheme that began at that byte, and its
    /// glyphs before byte `until` are that grapheme's marks.
    private func appendGlyphs(_ string: UnsafeMutablePointer<PangoGlyphString>, at start: Int,
                              continuing: (byte: Int, until: Int)?, rtl: Bool, font: UnsafeMutablePointer<PangoFont>) {
        let scale = Double(PANGO_SCALE)
        let count = Int(string.pointee.num_glyphs)
        var mark: (dx: Double, dy: Double)? = nil
        if let continuing {
            // The marks of a grapheme's later pieces have no base to attach to: they are drawn
            // where its first mark is (found once, among the glyphs of its first piece).
            if continued?.byte != continuing.byte {
                var k = glyphs.count - 1
                while k >= 0 && glyphs[k].byte >= continuing.byte { k -= 1 }
                continued = (continuing.byte, k + 2 < glyphs.count ? (glyphs[k + 2].dx, glyphs[k + 2].dy) : nil)
            }
            mark = continued?.mark
        }
        // Pango gives glyphs in visual order: a right-to-left run's are reversed here
        // into text order, which the line breaker and the clusters work in.
        for v in 0..<count {
            let g = rtl ? count - 1 - v : v
            let info = string.pointee.glyphs[g]
            let byte = start + Int(string.pointee.log_clusters[g])
            var dx = Double(info.geometry.x_offset) / scale, dy = Double(info.geometry.y_offset) / scale
            if let continuing, let mark, byte < continuing.until { dx = mark.dx; dy = mark.dy }
            var id = info.glyph
            if info.glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0 {
                // No installed face has the character: Pango would draw a hex box;
                // here the face's own white square (□) stands in, so the gap shows
                // on paper, and the character stays in the PDF's text.
                if missing.last != byte { missing.append(byte) }
                id = Self.whiteSquare(in: font) ?? info.glyph
            }
            glyphs.append(Glyph(id: id, byte: byte, grapheme: byte, dx: dx, dy: dy, width: Double(info.geometry.width) / scale,
                                last: true, run: runs.count - 1))
        }
    }

    /// Each glyph's grapheme, whether it ends it, and each grapheme's advance, once all
    /// runs are shaped. Pango's clusters are characters (a base and each of its accents
    /// apart); a line is measured, spaced and broken by graphemes, what a reader sees as
    /// one character.
    private func groupGraphemes() {
        var walkByte = 0, walkCharacter = 0, graphemeStart = 0
        for k in glyphs.indices {
            let byte = glyphs[k].byte
            while walkByte <= byte && walkByte < bytes.count {
                if walkCharacter < logAttrs.count && logAttrs[walkCharacter].is_cursor_position != 0 { graphemeStart = walkByte }
                walkByte += Self.sequenceLength(bytes[walkByte])
                walkCharacter += 1
            }
            glyphs[k].grapheme = graphemeStart
            if k > 0 { glyphs[k - 1].last = glyphs[k - 1].grapheme != graphemeStart }
            clusterWidths[graphemeStart, default: 0] += glyphs[k].width
        }
    }

    /// The first glyph of a cluster starting in `range` (glyphs are in text order).
    private func firstGlyph(in range: Range<Int>) -> Glyph? {
        var lo = 0, hi = glyphs.count
        while lo < hi { let mid = (lo + hi) / 2; if glyphs[mid].byte < range.lowerBound { lo = mid + 1 } else { hi = mid } }
        return lo < glyphs.count && range.contains(glyphs[lo].byte) ? glyphs[lo] : nil
    }

    deinit { for run in runs { g_object_unref(UnsafeMutableRawPointer(run.pangoFont)) } }

    /// The font's glyph for □ (U+25A1), if it has one.
    private static func whiteSquare(in font: UnsafeMutablePointer<PangoFont>) -> PangoGlyph? {
        guard let hb = pango_font_get_hb_font(font) else { return nil }
        var glyph: hb_codepoint_t = 0
        return hb_font_get_nominal_glyph(hb, 0x25A1, &glyph) != 0 ? PangoGlyph(glyph) : nil
    }

    /// How many characters no installed face can draw (each shown as □).
    var missingGlyphs: Int { missing.count }

    /// The characters no installed face can draw.
    var missingCharacters: [String] {
        missing.map { start in
            var end = start + 1
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }

    /// The line showing bytes `range` of the text. `spacing` is added after the cluster
    /// starting at each byte; `joined` names clusters that form one cluster with the one
    /// after them (compressed punctuation: written as one span of text); `underlines` are
    /// byte ranges to rule under.
    func line(_ range: Range<Int>, spacing: [Int: Double], joined: Set<Int> = [], underlines: [Range<Int>] = [],
              text: String, width: Double) -> LineBox {
        var out: [LineBox.Run] = []
        var rules: [LineBox.Rule] = []
        var underlineX = [(Double, Double)?](repeating: nil, count: underlines.count)
        // Glyphs are in text order (left to right): find the first one in range.
        var lo = 0, hi = glyphs.count
        while lo < hi { let mid = (lo + hi) / 2; if glyphs[mid].byte < range.lowerBound { lo = mid + 1 } else { hi = mid } }

        // Where each glyph's advance starts and ends. The line's stretches of one run are
        // put in visual order by the bidi rule (UAX #9 L2: from the highest level down to the
        // lowest odd one, reverse every sequence at that level or above), then laid out left
        // to right, a right-to-left stretch's glyphs from its right end.
        var end = lo
        while end < glyphs.count && glyphs[end].byte < range.upperBound { end += 1 }
        var stretches: [Range<Int>] = []
        var k0 = lo
        while k0 < end {
            var stretch = k0 + 1
            while stretch < end && glyphs[stretch].run == glyphs[k0].run { stretch += 1 }
            stretches.append(k0..<stretch)
            k0 = stretch
        }
        let levels = stretches.map { runs[glyphs[$0.lowerBound].run].level }
        var order = Array(stretches.indices)
        if let highest = levels.max(), highest > 0 {
            let lowestOdd = levels.filter { $0 % 2 == 1 }.min() ?? highest
            for level in stride(from: highest, through: max(1, lowestOdd), by: -1) {
                var i = 0
                while i < order.count {
                    guard levels[order[i]] >= level else { i += 1; continue }
                    var j = i
                    while j < order.count && levels[order[j]] >= level { j += 1 }
                    order[i..<j].reverse()
                    i = j
                }
            }
        }
        var left = [Double](repeating: 0, count: end - lo), right = left
        var pen = 0.0
        for index in order {
            let stretch = stretches[index]
            let rtl = levels[index] % 2 == 1
            let advances = stretch.map { j in glyphs[j].width + (glyphs[j].last ? spacing[glyphs[j].grapheme] ?? 0 : 0) }
            var x = rtl ? pen + advances.reduce(0, +) : pen
            for (i, a) in advances.enumerated() {
                if rtl { left[stretch.lowerBound - lo + i] = x - a; right[stretch.lowerBound - lo + i] = x; x -= a }
                else { left[stretch.lowerBound - lo + i] = x; right[stretch.lowerBound - lo + i] = x + a; x += a }
            }
            pen += advances.reduce(0, +)
        }

        var current: (run: Int, glyphs: [PositionedGlyph], starts: [(byte: Int, glyphs: Int)])? = nil
        var joinNext = false
        func flush() {
            guard let c = current else { return }
            let runEnd = min(range.upperBound, runs[c.run].end)
            var clusters: [TextCluster] = []
            for (k, s) in c.starts.enumerated() {
                let next = k + 1 < c.starts.count ? c.starts[k + 1].byte : runEnd
                clusters.append(TextCluster(bytes: next - s.byte, glyphs: s.glyphs))
            }
            let first = c.starts.first?.byte ?? runEnd
            let text = String(decoding: bytes[first..<runEnd], as: UTF8.self)
            out.append(LineBox.Run(font: runs[c.run].pangoFont, glyphs: c.glyphs, text: text, clusters: clusters))
            current = nil
        }
        work?.lineSteps += (end - lo) * (1 + underlines.count)
        for k in lo..<end {
            let g = glyphs[k]
            if current?.run != g.run { flush(); current = (g.run, [], []); joinNext = false }
            let startsCluster = k == lo || glyphs[k - 1].byte != g.byte || glyphs[k - 1].run != g.run
            if startsCluster && !joinNext { current!.starts.append((g.byte, 0)) }
            if startsCluster { joinNext = false }
            let x0 = left[k - lo], x1 = right[k - lo]
            if g.id & PANGO_GLYPH_UNKNOWN_FLAG == 0 && g.id != PANGO_GLYPH_EMPTY {
                current!.glyphs.append(PositionedGlyph(id: UInt32(g.id), x: x0 + g.dx, y: g.dy - runs[g.run].rise, advance: x1 - x0))
                current!.starts[current!.starts.count - 1].glyphs += 1
            }
            if g.last && joined.contains(g.grapheme) { joinNext = true }
            for (u, r) in underlines.enumerated() where r.contains(g.byte) {
                let x = underlineX[u]
                underlineX[u] = (min(x?.0 ?? x0, x0), max(x?.1 ?? x1, x1))
            }
        }
        flush()
        for (u, x) in underlineX.enumerated() {
            guard let x, let run = firstGlyph(in: underlines[u])?.run else { continue }
            let metrics = pango_font_get_metrics(runs[run].pangoFont, nil)
            defer { pango_font_metrics_unref(metrics) }
            let position = Double(pango_font_metrics_get_underline_position(metrics)) / Double(PANGO_SCALE)
            let thickness = Double(pango_font_metrics_get_underline_thickness(metrics)) / Double(PANGO_SCALE)
            rules.append(LineBox.Rule(x0: x.0, x1: x.1, y: -position, thickness: thickness))
        }
        return LineBox(runs: out, rules: rules, text: text, width: width)
    }
}
