import CPangoCairo
import Foundation
import YRDQDocument

/// A face and size for a run of text, with the tracking added to each character.
struct TextStyle {
    var role: FontRole
    var size: Double
    var tracking: Double = 0
    /// Whether Latin letters, digits and signs take the latin role's face (nil: as the role
    /// sets them, FontRole.setsLatinApart; table cells: always, so that a number column is
    /// in one face whether a row is emphasised or not).
    var latin: Bool? = nil

    var setsLatinApart: Bool { latin ?? role.setsLatinApart }
}

/// Text with byte ranges to underline (blanks to be filled in by hand).
struct StyledText {
    var text: String = ""
    /// UTF-8 byte ranges.
    var underlines: [Range<Int>] = []
    /// UTF-8 byte ranges set as superscripts (footnote marks "注1").
    var superscripts: [Range<Int>] = []

    init(_ text: String) { self.text = text }

    init(_ spans: [Span]) {
        for span in spans {
            switch span {
            case .text(let t):
                text += t
            case .noteMark(let t):
                let start = text.utf8.count
                text += t
                superscripts.append(start..<text.utf8.count)
            case .blank(let width):
                let start = text.utf8.count
                text += String(repeating: "\u{3000}", count: max(1, width))
                underlines.append(start..<text.utf8.count)
            }
        }
    }
}

enum LineAlignment { case left, center, right, justify }

/// How a paragraph is set: measure, first-line indent, alignment.
struct ParagraphSpec {
    var style: TextStyle
    var width: Double
    var firstIndent: Double = 0
    var alignment: LineAlignment = .justify
    /// Body text: a last line of one character goes up onto the line before, and a number's
    /// unit onto the number's line, when that line can take it by closing its gaps a little
    /// (at most a 24th of an em each); a number is never split from its unit.
    var pullUpLoneCharacter: Bool = false
    /// Break a long text into lines of about equal length (titles).
    var balanced: Bool = false
    /// Balance only when the last line would otherwise hold one or two characters
    /// (centred table labels: "八、营造良好质量氛 / 围").
    var balanceShortLastLine: Bool = false
    /// Table cells: a justified line is spread by at most this much a gap (in ems); a line
    /// that would need more is set ragged instead of letter-spaced, so a number is never
    /// parted from its unit to fill a line.
    var justifyLimit: Double? = nil
    /// Labels and notes: no break inside one of Punctuation.titleWords unless no other break
    /// fits the line ("十一、企业/质量荣誉", not "十一、企/业质量荣/誉").
    var keepWords: Bool = false
}

/// A line placed in its measure: x is its offset from the measure's left edge.
struct SetLine {
    let box: LineBox
    let x: Double
    var text: String { box.text }
}

/// Breaks text into lines by the CJK rules and builds one Pango layout per line.
///
/// Pango shapes the text (and picks fallback faces for characters the role's faces lack);
/// the line breaker here decides the breaks: Pango's UAX #14 opportunities plus breaks
/// between any two wide characters, minus the forbidden ones (closing punctuation at a
/// line start, opening punctuation at a line end, "——" and "……" split).
final class TextSetter {
    let fonts: FontSystem
    init(fonts: FontSystem) { self.fonts = fonts }

    /// Characters no installed face could draw, in the order met (each drawn as □).
    private(set) var missingCharacters: [String] = []
    private var missingSeen: Set<String> = []
    /// The work done so far (tests check that it grows linearly with the text).
    let work = LayoutWork()

    // MARK: Public to the writer

    func set(_ styled: StyledText, _ spec: ParagraphSpec) -> [SetLine] {
        var result: [SetLine] = []
        // Hard line breaks inside a paragraph.
        let bytes = Array(styled.text.utf8)
        var segments: [Range<Int>] = []
        var segStart = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
            segments.append(segStart..<i)
            segStart = i + 1
        }
        let underlines = Self.overlapping(styled.underlines, segments)
        let superscripts = Self.overlapping(styled.superscripts, segments)
        for (k, range) in segments.enumerated() {
            let text = String(decoding: bytes[range], as: UTF8.self)
            func local(_ ranges: [Range<Int>], _ indices: [Int]) -> [Range<Int>] {
                indices.map { j in
                    let u = ranges[j]
                    return (max(u.lowerBound, range.lowerBound) - range.lowerBound)..<(min(u.upperBound, range.upperBound) - range.lowerBound)
                }
            }
            var s = spec
            if k > 0 { s.firstIndent = 0 }
            result += setSegment(text, underlines: local(styled.underlines, underlines[k]),
                                 superscripts: local(styled.superscripts, superscripts[k]), s)
        }
        return result
    }

    /// For each of `parts` (ascending, not overlapping), the indices of the `ranges` that
    /// overlap it, in order: each range is looked up once and met only where it lies, so the
    /// work is linear in the ranges and the parts, however many of each a paragraph has.
    static func overlapping(_ ranges: [Range<Int>], _ parts: [Range<Int>]) -> [[Int]] {
        var result = [[Int]](repeating: [], count: parts.count)
        for (j, r) in ranges.enumerated() where !r.isEmpty {
            // The first part ending after the range's start.
            var lo = 0, hi = parts.count
            while lo < hi { let mid = (lo + hi) / 2; if parts[mid].upperBound <= r.lowerBound { lo = mid + 1 } else { hi = mid } }
            var k = lo
            while k < parts.count && parts[k].lowerBound < r.upperBound {
                if parts[k].lowerBound < r.upperBound && r.lowerBound < parts[k].upperBound { result[k].append(j) }
                k += 1
            }
        }
        return result
    }

    /// A single line, never broken (page numbers, labels).
    /// Set like any paragraph (adjacent punctuation compressed: "（签字）："), on a measure
    /// that never breaks.
    func line(_ text: String, _ style: TextStyle) -> LineBox {
        let spec = ParagraphSpec(style: style, width: .greatestFiniteMagnitude, alignment: .left)
        return setSegment(text, underlines: [], spec).first?.box ?? LineBox(text: text, width: 0)
    }

    /// The number of characters no installed face has (each drawn as □).
    func missingGlyphs(_ text: String, role: FontRole) -> Int {
        shape(text, TextStyle(role: role, size: 16)).missingGlyphs
    }

    // MARK: Breaking

    private func setSegment(_ text: String, underlines: [Range<Int>], superscripts: [Range<Int>] = [],
                            _ spec: ParagraphSpec) -> [SetLine] {
        if text.isEmpty {
            return [SetLine(box: LineBox(text: "", width: 0), x: 0)]
        }
        let style = spec.style
        let scalars = Array(text.unicodeScalars)
        var offsets: [Int] = []
        offsets.reserveCapacity(scalars.count + 1)
        var b = 0
        for s in scalars { offsets.append(b); b += s.utf8.count }
        offsets.append(b)
        let n = scalars.count
        // Adjacent punctuation ("）。" "”，" "（“"): the first mark of a pair gives up the blank
        // half of its em box. It takes its half-width form when the face has one ('hwid');
        // otherwise its advance is halved where its ink leaves room, and the pair becomes one
        // cluster so the PDF carries it as one span of text (/ActualText) and extraction does
        // not see two overlapping glyphs.
        var halfWidth: [Range<Int>] = []
        var halved = [Bool](repeating: false, count: n)
        var squeezed = [Bool](repeating: false, count: n)
        /// The share of the first mark's advance given up (½, or ¼ where the blanks allow no more).
        var squeeze = [Double](repeating: 0, count: n)
        for i in 0..<max(0, n - 1) where Punctuation.compressesFirst(scalars[i], scalars[i + 1]) {
            if hasHalfWidthForm(scalars[i], style) {
                halved[i] = true
                halfWidth.append(offsets[i]..<offsets[i + 1])
            } else if let share = pairSqueeze(scalars[i], scalars[i + 1], style) {
                squeezed[i] = true
                squeeze[i] = share
            }
        }
        let shaped = shape(text, style, halfWidth: halfWidth, superscripts: superscripts)
        let widths = shaped.clusterWidths
        let attrs = shaped.logAttrs

        var clusterStart = [Bool](repeating: false, count: n)
        var compression = [Double](repeating: 0, count: n)
        var advance = [Double](repeating: 0, count: n)
        for i in 0..<n {
            guard let w = widths[offsets[i]] else { continue }
            clusterStart[i] = true
            // A half-width form gives back the tracking too, so it stays exactly half a pitch.
            if halved[i] { compression[i] = -style.tracking / 2 }
            if squeezed[i] { compression[i] = -(w + style.tracking) * squeeze[i] }
            advance[i] = w + style.tracking + compression[i]
        }
        // A line of fill-in blanks ("签字：　　　　日期：　　年　　月　　日") that overflows by
        // a little shrinks its runs of ideographic spaces rather than push "日" to a line alone.
        if spec.alignment != .justify && !spec.balanced {
            let blanks = (0..<n).filter { i in
                clusterStart[i] && scalars[i] == "\u{3000}"
                    && ((i > 0 && scalars[i - 1] == "\u{3000}") || (i + 1 < n && scalars[i + 1] == "\u{3000}"))
            }
            let natural = advance.reduce(0, +) - style.tracking
            let over = natural - (spec.width - spec.firstIndent)
            let room = blanks.map { advance[$0] }.reduce(0, +) / 2
            if over > 0.01 && over <= room {
                let shrink = (over + 0.05) / Double(blanks.count)
                for i in blanks { compression[i] -= shrink; advance[i] -= shrink }
            }
        }
        /// strict: a number also keeps the unit after it ("1分", "0.5分", "7名"), a break
        /// given up when it would leave the line too loose.
        let insideWord = spec.keepWords ? Punctuation.insideWords(scalars) : []
        func canBreak(_ i: Int, strict: Bool = true) -> Bool {
            guard i > 0, i < n, clusterStart[i] else { return false }
            let a = scalars[i - 1], c = scalars[i]
            if Punctuation.noLineStart.contains(c) || Punctuation.opening.contains(a) { return false }
            if Punctuation.isInseparablePair(a, c) { return false }
            if strict && a.isASCII && a.properties.numericType != nil && Punctuation.isWide(c) { return false }
            if spec.keepWords && insideWord[i] { return false }
            if attrs.count > i, attrs[i].is_line_break != 0 { return true }
            return Punctuation.isWide(a) && Punctuation.isWide(c)
        }
        func isSpace(_ i: Int) -> Bool { scalars[i].properties.isWhitespace && scalars[i] != "\u{3000}" }

        func breakLines(width: Double) -> [Range<Int>] {
            var lines: [Range<Int>] = []
            var start = 0
            var first = true
            while start < n {
                if !first { while start < n && isSpace(start) { start += 1 } }
                if start >= n { break }
                let avail = width - (first ? spec.firstIndent : 0)
                var x = 0.0, i = start
                var lastBreak: Int? = nil, lastBreakX = 0.0
                var lastLoose: Int? = nil
                while i < n {
                    work.breakerSteps += 1
                    if i > start && canBreak(i) { lastBreak = i; lastBreakX = x }
                    if i > start && canBreak(i, strict: false) { lastLoose = i }
                    if i > start && !isSpace(i) && x + advance[i] > avail + 0.01 { break }
                    x += advance[i]; i += 1
                }
                if i >= n { lines.append(start..<n); break }
                // Breaking before a number's unit only when keeping them together would spread
                // the line by more than an eighth of an em a gap (looser lines read as spaced
                // out, and text extraction splits them into words).
                var tooLoose = false
                if let lb = lastBreak, spec.alignment == .justify, spec.justifyLimit == nil {
                    let gaps = max(1, (start..<lb).filter { clusterStart[$0] }.count - 1)
                    tooLoose = (avail - lastBreakX) / Double(gaps) > style.size / 8
                }
                // In a paragraph a number never leaves its unit: a line that would be too loose
                // with both pushed down takes the unit up instead when its gaps can close by a
                // 24th of an em each ("得0.5分"), and is set loose otherwise.
                var pulled: Int? = nil
                if tooLoose && spec.pullUpLoneCharacter && !canBreak(i) {
                    var e = i, w = x
                    while e < n && !canBreak(e) && e - i < 8 { w += advance[e]; e += 1 }
                    let gaps = max(1, (start..<e).filter { clusterStart[$0] }.count - 1)
                    if e > i && canBreak(e) && w - style.tracking <= avail + Double(gaps) * style.size / 24 { pulled = e }
                }
                let end: Int
                if canBreak(i) { end = i }
                else if let pulled { end = pulled }
                else if tooLoose, !spec.pullUpLoneCharacter, canBreak(i, strict: false) { end = i }
                else if tooLoose, !spec.pullUpLoneCharacter, let ll = lastLoose, ll > (lastBreak ?? start) { end = ll }
                else if let lb = lastBreak, lb > start { end = lb }
                else if let ll = lastLoose, ll > start { end = ll }
                else {
                    // No allowed break fits: break anyway, but never before closing punctuation.
                    var e = i
                    while e > start + 1 && Punctuation.noLineStart.contains(scalars[e]) { e -= 1 }
                    while e < n && !clusterStart[e] { e += 1 }
                    end = e
                }
                lines.append(start..<end)
                start = end
                first = false
            }
            return lines
        }

        var ranges = breakLines(width: spec.width)
        let shortLast = ranges.count > 1 && ranges.last.map { r in r.filter { clusterStart[$0] }.count <= 2 } == true
        if (spec.balanced || (spec.balanceShortLastLine && shortLast)) && ranges.count > 1 {
            let total = advance.reduce(0, +)
            let count = ranges.count
            var target = total / Double(count)
            while target < spec.width {
                let attempt = breakLines(width: target)
                if attempt.count <= count { ranges = attempt; break }
                target += style.size / 2
            }
            // A title's break moves a few characters either way rather than split a word
            // ("…零部件产 / 业质量…" becomes "…零部件产业 / 质量…").
            if spec.balanced && ranges.count > 1 {
                let inside = Punctuation.insideWords(scalars)
                for k in 0..<(ranges.count - 1) {
                    let b = ranges[k].upperBound
                    guard inside[b] else { continue }
                    let lo = ranges[k].lowerBound, hi = ranges[k + 1].upperBound
                    let candidates = (max(lo + 1, b - 4)...min(hi - 1, b + 4))
                        .filter { !inside[$0] && canBreak($0) }
                        .filter { c in
                            let first = (lo..<c).map { advance[$0] }.reduce(0, +)
                            let second = (c..<hi).map { advance[$0] }.reduce(0, +)
                            let limit = spec.width - (lo == 0 ? spec.firstIndent : 0)
                            return first <= limit + 0.01 && second <= spec.width + 0.01
                        }
                    if let best = candidates.min(by: { abs($0 - b) < abs($1 - b) }) {
                        ranges[k] = lo..<best
                        ranges[k + 1] = best..<hi
                    }
                }
            }
        }

        // A last line of one character ("…提升水/平") is taken up by the line before, whose
        // gaps close by at most a 24th of an em each (GB/T 9704 allows adjusting the spacing);
        // a line that cannot take it keeps its break.
        if spec.pullUpLoneCharacter && spec.alignment == .justify && !spec.balanced && ranges.count >= 2 {
            let last = ranges[ranges.count - 1], before = ranges[ranges.count - 2]
            let visible = last.filter { clusterStart[$0] && !isSpace($0) }
            if visible.count == 1 {
                let merged = before.lowerBound..<last.upperBound
                var natural = merged.filter { clusterStart[$0] }.map { advance[$0] }.reduce(0, +) - style.tracking
                var k = merged.upperBound
                while k > merged.lowerBound + 1 && isSpace(k - 1) { k -= 1; natural -= advance[k] }
                let gaps = max(1, (merged.lowerBound..<k).filter { clusterStart[$0] }.count - 1)
                let avail = spec.width - (ranges.count == 2 ? spec.firstIndent : 0)
                if natural <= avail + Double(gaps) * style.size / 24 {
                    ranges.removeLast()
                    ranges[ranges.count - 1] = merged
                }
            }
        }

        // Each line cut from the shaped paragraph, with its own spacing.
        var result: [SetLine] = []
        let trimmed = ranges.map { line in
            var r = line
            while r.upperBound > r.lowerBound + 1 && isSpace(r.upperBound - 1) { r = r.lowerBound..<(r.upperBound - 1) }
            return r
        }
        let lineBytes = trimmed.map { offsets[$0.lowerBound]..<offsets[$0.upperBound] }
        // Each line is given only the underlines it shows.
        let lineUnderlines = Self.overlapping(underlines, lineBytes)
        for (index, r) in trimmed.enumerated() {
            let byteRange = lineBytes[index]
            let lineText = String(decoding: shaped.bytes[byteRange], as: UTF8.self)
            var spacing: [Int: Double] = [:]
            var starts: [Int] = []
            var startScalars: [Int] = []
            var natural = 0.0
            for i in r {
                guard let w = widths[offsets[i]] else { continue }
                starts.append(offsets[i])
                startScalars.append(i)
                spacing[offsets[i]] = style.tracking + compression[i]
                natural += w + style.tracking + compression[i]
            }
            if let lastStart = starts.last { spacing[lastStart]! -= style.tracking; natural -= style.tracking }
            let isFirst = index == 0
            let avail = spec.width - (isFirst ? spec.firstIndent : 0)
            let isLast = index == ranges.count - 1
            // A line closed up to take a lone last character or a number's unit has negative
            // slack, taken from the gaps between characters as justification spreads it.
            if spec.alignment == .justify && starts.count > 1 && natural > avail + 0.01 {
                var gaps = (0..<(starts.count - 1)).filter { k in
                    let a = scalars[startScalars[k]], c = scalars[startScalars[k + 1]]
                    return Punctuation.isWide(a) || Punctuation.isWide(c) || a.properties.isWhitespace
                }
                if gaps.isEmpty { gaps = Array(0..<(starts.count - 1)) }
                let closing = (natural - avail) / Double(gaps.count)
                for k in gaps { spacing[starts[k]]! -= closing }
                natural = avail
            }
            if spec.alignment == .justify && !isLast && starts.count > 1 && natural < avail {
                // Spread the slack between characters, never inside a Latin word or a number
                // ("QC", "14", "0.5"), which would read as letter-spaced.
                var gaps = (0..<(starts.count - 1)).filter { k in
                    let a = scalars[startScalars[k]], c = scalars[startScalars[k + 1]]
                    return Punctuation.isWide(a) || Punctuation.isWide(c) || a.properties.isWhitespace
                }
                if gaps.isEmpty { gaps = Array(0..<(starts.count - 1)) }
                let extra = (avail - natural) / Double(gaps.count)
                if extra <= (spec.justifyLimit ?? .infinity) * style.size {
                    for k in gaps { spacing[starts[k]]! += extra }
                    natural = avail
                }
            }
            let joined = Set(r.filter { squeezed[$0] && $0 + 1 < r.upperBound }.map { offsets[$0] })
            let box = shaped.line(byteRange, spacing: spacing, joined: joined, underlines: lineUnderlines[index].map { underlines[$0] },
                                  text: lineText, width: natural)
            let x: Double
            switch spec.alignment {
            case .left, .justify: x = isFirst ? spec.firstIndent : 0
            case .center: x = (isFirst ? spec.firstIndent : 0) + max(0, (avail - natural) / 2)
            case .right: x = max(0, spec.width - natural)
            }
            result.append(SetLine(box: box, x: x))
        }
        return result
    }

    // MARK: Pango helpers

    private var halfWidthForms: [String: Bool] = [:]

    /// Whether the role's face has a half-width form of a punctuation mark.
    private func hasHalfWidthForm(_ mark: Unicode.Scalar, _ style: TextStyle) -> Bool {
        let key = "\(style.role.rawValue)\(mark)"
        if let known = halfWidthForms[key] { return known }
        let text = String(mark)
        let width = shape(text, TextStyle(role: style.role, size: 16), halfWidth: [0..<text.utf8.count])
            .clusterWidths.values.reduce(0, +)
        let result = width > 4 && width < 12
        halfWidthForms[key] = result
        return result
    }

    private var inkBlanks: [String: (left: Double, right: Double)?] = [:]

    /// The blank a mark's ink leaves on its left and right, as shares of its advance (nil for
    /// a mark no face draws).
    private func blanks(_ mark: Unicode.Scalar, _ style: TextStyle) -> (left: Double, right: Double)? {
        let key = "\(style.role.rawValue)\(mark)"
        if let known = inkBlanks[key] { return known }
        let shaped = shape(String(mark), TextStyle(role: style.role, size: 16))
        var result: (left: Double, right: Double)? = nil
        if shaped.glyphs.count == 1, let glyph = shaped.glyphs.first {
            var ink = PangoRectangle(), logical = PangoRectangle()
            pango_font_get_glyph_extents(shaped.runs[glyph.run].pangoFont, glyph.id, &ink, &logical)
            let advance = glyph.width * Double(PANGO_SCALE)
            if advance > 0 && ink.width > 0 && glyph.id & PANGO_GLYPH_UNKNOWN_FLAG == 0 {
                result = (max(0, Double(ink.x)) / advance, max(0, advance - Double(ink.x + ink.width)) / advance)
            }
        }
        inkBlanks[key] = result
        return result
    }

    /// How much of the first mark's advance an adjacent pair gives up without the inks
    /// touching: half an em where the first mark's right blank and the second's left blank
    /// together leave half an em ("）。", "：“"; "。（" also in a face that centres "。", whose
    /// blank half is then the bracket's), a quarter where they leave a quarter ("。”" in such a
    /// face), else nothing.
    private func pairSqueeze(_ a: Unicode.Scalar, _ b: Unicode.Scalar, _ style: TextStyle) -> Double? {
        guard let first = blanks(a, style), let second = blanks(b, style) else { return nil }
        let room = first.right + second.left
        let slack = 0.04
        if room >= 0.5 - slack { return 0.5 }
        if room >= 0.25 + slack { return 0.25 }
        return nil
    }

    /// How far above the baseline the ink of a text's first glyph begins, in points (the page
    /// number's dash, which GB/T 9704 §7.5 places 7 mm below the text block by its ink).
    func inkTop(_ text: String, _ style: TextStyle) -> Double? {
        let shaped = shape(text, style)
        guard let glyph = shaped.glyphs.first, glyph.id & PANGO_GLYPH_UNKNOWN_FLAG == 0 else { return nil }
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_font_get_glyph_extents(shaped.runs[glyph.run].pangoFont, glyph.id, &ink, &logical)
        guard ink.height > 0 else { return nil }
        return -(Double(ink.y) / Double(PANGO_SCALE)) - glyph.dy
    }

    /// Whether a character is set in the latin role's face: ASCII letters, digits and signs,
    /// the Latin letters of names (Latin-1 to Latin Extended-B), and the signs of arithmetic
    /// (± × ÷ −), so that a minus, a plus and an equals sign come from one face. Chinese
    /// punctuation (“” ‘’ —— …… · 、 。) stays in the CJK face: full width.
    static func isLatin(_ value: UInt32) -> Bool {
        switch value {
        case 0x21...0x7E, 0xC0...0x24F, 0xB1, 0x2212: return true
        default: return false
        }
    }

    /// The byte ranges of runs of Latin characters in `text` (a space between two of them
    /// belongs to the run; one next to Chinese text does not).
    static func latinRanges(_ text: String) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start: Int? = nil, end = 0, pendingSpace = false
        var byte = 0
        for scalar in text.unicodeScalars {
            let length = UTF8.width(scalar)
            if isLatin(scalar.value) {
                if start == nil { start = byte }
                end = byte + length
                pendingSpace = false
            } else if scalar == " ", start != nil, !pendingSpace {
                pendingSpace = true
            } else if let s = start {
                ranges.append(s..<end)
                start = nil; pendingSpace = false
            }
            byte += length
        }
        if let s = start { ranges.append(s..<end) }
        return ranges
    }

    /// Itemizes and shapes text in a role: half-width forms ('hwid') for the given byte
    /// ranges, footnote marks at 60 % size raised a third of an em.
    private func shape(_ text: String, _ style: TextStyle, halfWidth: [Range<Int>] = [],
                       superscripts: [Range<Int>] = []) -> ShapedText {
        let latin = style.setsLatinApart ? Self.latinRanges(text) : []
        let key = FontSystem.ShapeKey(text: text, role: style.role, size: style.size, latin: latin,
                                      halfWidth: halfWidth, superscripts: superscripts)
        let shaped: ShapedText
        if let done = fonts.shaped(key) {
            // Shaped before, by this or an earlier document: the same glyphs, and the same work
            // counted.
            shaped = done.text
            shaped.work = work
            work.shaperSteps += done.shaperSteps
            work.shapedBytes += done.shapedBytes
        } else {
            var list: OpaquePointer? = nil
            if !halfWidth.isEmpty || !superscripts.isEmpty || !latin.isEmpty {
                list = pango_attr_list_new()
                if !latin.isEmpty {
                    let families = fonts.latinFamilies(for: style.role)
                    for r in latin {
                        let attr = pango_attr_family_new(families)!
                        attr.pointee.start_index = guint(r.lowerBound)
                        attr.pointee.end_index = guint(r.upperBound)
                        pango_attr_list_insert(list, attr)
                    }
                }
                for h in halfWidth {
                    let attr = pango_attr_font_features_new("hwid")!
                    attr.pointee.start_index = guint(h.lowerBound)
                    attr.pointee.end_index = guint(h.upperBound)
                    pango_attr_list_insert(list, attr)
                }
                for r in superscripts {
                    let attr = pango_attr_size_new(Int32((style.size * 0.6 * Double(PANGO_SCALE)).rounded()))!
                    attr.pointee.start_index = guint(r.lowerBound)
                    attr.pointee.end_index = guint(r.upperBound)
                    pango_attr_list_insert(list, attr)
                }
            }
            defer { if let list { pango_attr_list_unref(list) } }
            let (steps, bytes) = (work.shaperSteps, work.shapedBytes)
            shaped = ShapedText(text, context: fonts.context, description: fonts.description(style.role, size: style.size),
                                attributes: list, rises: superscripts.map { ($0, style.size * 0.33) }, work: work)
            fonts.keep(key, (shaped, work.shaperSteps - steps, work.shapedBytes - bytes))
        }
        for c in shaped.missingCharacters where missingSeen.insert(c).inserted { missingCharacters.append(c) }
        return shaped
    }
}
