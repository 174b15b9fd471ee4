import Foundation
import YRDQLayout

/// An affine map in millimetres, as OFD's CTM "a b c d e f": (x, y) ↦ (a·x + c·y + e, b·x + d·y + f).
struct Affine: Equatable {
    var a = 1.0, b = 0.0, c = 0.0, d = 1.0, e = 0.0, f = 0.0

    static let identity = Affine()
    static func translate(_ x: Double, _ y: Double) -> Affine { Affine(e: x, f: y) }

    /// A frame transform (points) in millimetres: the same linear part, the offset scaled.
    init(_ t: FrameTransform) {
        let mm = OFDXML.millimetresPerPoint
        self.init(a: t.xx, b: t.yx, c: t.xy, d: t.yy, e: t.x0 * mm, f: t.y0 * mm)
    }

    init(a: Double = 1, b: Double = 0, c: Double = 0, d: Double = 1, e: Double = 0, f: Double = 0) {
        self.a = a; self.b = b; self.c = c; self.d = d; self.e = e; self.f = f
    }

    /// `self` after `inner`: inner first, then self.
    func after(_ inner: Affine) -> Affine {
        Affine(a: a * inner.a + c * inner.b, b: b * inner.a + d * inner.b,
               c: a * inner.c + c * inner.d, d: b * inner.c + d * inner.d,
               e: a * inner.e + c * inner.f + e, f: b * inner.e + d * inner.f + f)
    }

    func apply(_ x: Double, _ y: Double) -> (Double, Double) { (a * x + c * y + e, b * x + d * y + f) }

    /// Whether it is the identity to the precision written (a micrometre, 1/1000 of the scale).
    var isIdentity: Bool {
        OFDXML.numbers([a, b, c, d, e, f]) == "1 0 0 1 0 0"
    }
}

/// A box in millimetres.
struct Box {
    var minX: Double, minY: Double, maxX: Double, maxY: Double
    var width: Double { maxX - minX }
    var height: Double { maxY - minY }
    var ofd: String { OFDXML.numbers([minX, minY, width, height]) }

    /// The box around this one's corners mapped through `t`.
    func through(_ t: Affine) -> Box {
        let corners = [t.apply(minX, minY), t.apply(maxX, minY), t.apply(minX, maxY), t.apply(maxX, maxY)]
        return Box(minX: corners.map(\.0).min()!, minY: corners.map(\.1).min()!,
                   maxX: corners.map(\.0).max()!, maxY: corners.map(\.1).max()!)
    }
}

/// One page's Content.xml from its frame items.
struct PageContent {
    let laid: LaidOutDocument
    let fonts: [FontResource]
    let images: [Data: UInt32]
    var ids: IDs
    private var objects = ""

    init(laid: LaidOutDocument, fonts: [FontResource], images: [Data: UInt32], ids: IDs) {
        self.laid = laid; self.fonts = fonts; self.images = images; self.ids = ids
    }

    /// `area`: the page's own size when it differs from the document's PageArea.
    mutating func page(_ page: FramePage, area: FramePage?) throws -> String {
        var x = OFDXML.declaration + "<ofd:Page xmlns:ofd=\"\(OFDXML.namespace)\">"
        if let area {
            x += "<ofd:Area><ofd:PhysicalBox>\(OFDXML.sheet(area))</ofd:PhysicalBox></ofd:Area>"
        }
        let layer = ids.next()
        objects = ""
        try draw(page.items, through: .identity, depth: 0)
        x += "<ofd:Content><ofd:Layer ID=\"\(layer)\" Type=\"Body\">\(objects)</ofd:Layer></ofd:Content></ofd:Page>"
        return x
    }

    /// Groups become a CTM on each text and image object they hold (composed through nested
    /// groups); paths are mapped point by point.
    private mutating func draw(_ items: [FrameItem], through t: Affine, depth: Int) throws {
        guard depth < 64 else { throw OFDError.frames("变换组嵌套超过 64 层") }
        let mm = OFDXML.millimetresPerPoint
        for item in items {
            switch item {
            case .glyphs(let run): try text(run, through: t)
            case .fill(let r, let color):
                guard r.width > 0, r.height > 0 else { continue }
                let (x0, y0, x1, y1) = (r.x * mm, r.y * mm, (r.x + r.width) * mm, (r.y + r.height) * mm)
                path([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], closed: true, through: t, stroke: nil, fill: color)
            case .line(let x0, let y0, let x1, let y1, let width, let color):
                path([(x0 * mm, y0 * mm), (x1 * mm, y1 * mm)], closed: false, through: t, stroke: (width * mm, color), fill: nil)
            case .strokeRect(let r, let width, let color):
                let (x0, y0, x1, y1) = (r.x * mm, r.y * mm, (r.x + r.width) * mm, (r.y + r.height) * mm)
                path([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], closed: true, through: t, stroke: (width * mm, color), fill: nil)
            case .image(let image, let r):
                guard r.width > 0, r.height > 0, let resource = images[image.png] else { continue }
                let box = Box(minX: r.x * mm, minY: r.y * mm, maxX: (r.x + r.width) * mm, maxY: (r.y + r.height) * mm)
                // The image's unit square onto its rectangle.
                let local = Affine(a: box.width, d: box.height, e: box.minX, f: box.minY)
                let (page, ctm) = place(box, local: local, through: t)
                objects += "<ofd:ImageObject ID=\"\(ids.next())\" Boundary=\"\(page.ofd)\" CTM=\"\(ctmText(ctm))\" ResourceID=\"\(resource)\"/>"
            case .group(let transform, let inner):
                try draw(inner, through: t.after(Affine(transform)), depth: depth + 1)
            }
        }
    }

    private func ctmText(_ m: Affine) -> String { OFDXML.numbers([m.a, m.b, m.c, m.d, m.e, m.f]) }

    /// The object's Boundary on the page and its CTM: `local` maps the object's own
    /// coordinates into the group's, `t` the group's onto the page; OFD applies the CTM, then
    /// moves to the Boundary's origin.
    private func place(_ box: Box, local: Affine, through t: Affine) -> (Box, Affine) {
        let page = box.through(t)
        return (page, Affine.translate(-page.minX, -page.minY).after(t).after(local))
    }

    /// A path of straight segments: its points are mapped onto the page here (no CTM: easyofd
    /// ignores a path's CTM rotation), the line width scaled as the transform scales areas.
    /// Boundary: the points' box, widened by half the line width.
    private mutating func path(_ points: [(Double, Double)], closed: Bool, through t: Affine,
                               stroke: (Double, FrameColor)?, fill: FrameColor?) {
        let onPage = points.map { t.apply($0.0, $0.1) }
        let width = (stroke?.0 ?? 0) * abs(t.a * t.d - t.b * t.c).squareRoot()
        let half = max(width, 0) / 2
        let box = Box(minX: onPage.map(\.0).min()! - half, minY: onPage.map(\.1).min()! - half,
                      maxX: onPage.map(\.0).max()! + half, maxY: onPage.map(\.1).max()! + half)
        guard box.width > 0, box.height > 0 else { return }
        var data = onPage.enumerated().map { i, p in "\(i == 0 ? "M" : "L") \(OFDXML.number(p.0 - box.minX)) \(OFDXML.number(p.1 - box.minY))" }
            .joined(separator: " ")
        if closed { data += " C" }
        var x = "<ofd:PathObject ID=\"\(ids.next())\" Boundary=\"\(box.ofd)\""
        if stroke != nil { x += " LineWidth=\"\(OFDXML.number(width))\"" }
        x += " Stroke=\"\(stroke != nil)\" Fill=\"\(fill != nil)\">"
        if let c = stroke?.1 { x += "<ofd:StrokeColor Value=\"\(OFDXML.color(red: c.red, green: c.green, blue: c.blue))\"/>" }
        // A stroke-only path carries its stroke colour as FillColor too: Fill="false" makes it
        // inert for a reader that follows the standard, and easyofd strokes every path in its
        // FillColor (black without one), so a red border would otherwise show black there.
        if let c = fill ?? stroke?.1 { x += "<ofd:FillColor Value=\"\(OFDXML.color(red: c.red, green: c.green, blue: c.blue))\"/>" }
        x += "<ofd:AbbreviatedData>\(data)</ofd:AbbreviatedData></ofd:PathObject>"
        objects += x
    }

    /// A glyph run as one TextObject with one TextCode: X/Y the first glyph's origin, DeltaX
    /// (and DeltaY where the baseline moves) between characters from the glyph positions; a
    /// CGTransform over the clusters that are not one character to one glyph or whose glyph is
    /// not the one the embedded font's cmap gives for the character (a 'hwid' form of
    /// punctuation, a ligature); none when every glyph is the cmap's.
    private mutating func text(_ run: GlyphRun, through t: Affine) throws {
        guard laid.fonts.indices.contains(run.font) else { throw OFDError.frames("字形串的字号索引 \(run.font) 超出范围") }
        let frameFont = laid.fonts[run.font]
        guard fonts.indices.contains(frameFont.face) else { throw OFDError.frames("字号的字体索引 \(frameFont.face) 超出范围") }
        let font = fonts[frameFont.face]
        let scalars = run.text.unicodeScalars.map(OFDXML.allowed)
        guard !scalars.isEmpty, !run.glyphs.isEmpty else { return }
        let mm = OFDXML.millimetresPerPoint
        let size = frameFont.size * mm
        guard size > 0, size.isFinite else { return }
        // A cluster of as many glyphs as characters (a pair of marks the layout squeezed into one
        // cluster, "。（") is each character at its own glyph, so that a reader placing characters
        // puts them where the PDF's glyphs are; only a real ligature shares one glyph's place.
        let clusters = Self.clusters(run).flatMap { c -> [Cluster] in
            guard c.scalarCount > 1, c.scalarCount == c.glyphCount else { return [c] }
            return (0..<c.scalarCount).map { Cluster(scalarStart: c.scalarStart + $0, scalarCount: 1, glyphStart: c.glyphStart + $0, glyphCount: 1) }
        }

        // Each character's origin: its cluster's first glyph; characters of one cluster share it.
        var xs: [Double] = [], ys: [Double] = []
        var transforms: [(code: Int, codes: Int, glyphs: [UInt32])] = []
        var mapped: [Cluster] = []
        var lastX = run.glyphs[0].x * mm, lastY = run.glyphs[0].y * mm
        for c in clusters {
            if c.glyphCount > 0 {
                lastX = run.glyphs[c.glyphStart].x * mm
                lastY = run.glyphs[c.glyphStart].y * mm
            }
            // The characters of a ligature share its advance evenly, so that a reader that
            // draws characters (not the CGTransform's glyphs) does not stack them.
            let advance = run.glyphs[c.glyphStart..<c.glyphStart + c.glyphCount].reduce(0) { $0 + $1.advance } * mm
            for k in 0..<c.scalarCount { xs.append(lastX + advance * Double(k) / Double(c.scalarCount)); ys.append(lastY) }
            let glyphs = run.glyphs[c.glyphStart..<c.glyphStart + c.glyphCount].map(\.id)
            let plain = c.scalarCount == 1 && glyphs.count == 1 && font.cmap?[scalars[c.scalarStart].value] == glyphs[0]
            if !plain { mapped.append(c) }
        }
        // One CGTransform, from the first cluster that needs one to the last (the clusters
        // between listed as they are): the standard allows several, but easyofd reads only one
        // per TextObject and fails on more.
        if let firstMapped = mapped.first, let lastMapped = mapped.last {
            let glyphs = run.glyphs[firstMapped.glyphStart..<lastMapped.glyphStart + lastMapped.glyphCount].map(\.id)
            transforms.append((firstMapped.scalarStart, lastMapped.scalarStart + lastMapped.scalarCount - firstMapped.scalarStart, glyphs))
        }

        // The box: from the leftmost glyph origin to the rightmost advance, an em above the
        // baseline and a third of one below.
        var minX = Double.infinity, maxX = -Double.infinity
        for g in run.glyphs {
            minX = min(minX, g.x * mm, (g.x + g.advance) * mm)
            maxX = max(maxX, g.x * mm, (g.x + g.advance) * mm)
        }
        let baseMin = ys.min()!, baseMax = ys.max()!
        if maxX - minX < size / 10 { maxX = minX + size / 10 }
        let box = Box(minX: minX, minY: baseMin - size, maxX: maxX, maxY: baseMax + size / 3)
        guard box.minX.isFinite, box.maxX.isFinite, box.minY.isFinite, box.maxY.isFinite else {
            throw OFDError.frames("字形位置不是有限数")
        }
        let (page, ctm) = place(box, local: .translate(box.minX, box.minY), through: t)

        let c = run.color
        var x = "<ofd:TextObject ID=\"\(ids.next())\" Boundary=\"\(page.ofd)\""
        if !ctm.isIdentity { x += " CTM=\"\(ctmText(ctm))\"" }
        x += " Font=\"\(font.id)\" Size=\"\(OFDXML.number(size))\">"
        x += "<ofd:FillColor Value=\"\(OFDXML.color(red: c.red, green: c.green, blue: c.blue))\"/>"
        for tr in transforms {
            x += "<ofd:CGTransform CodePosition=\"\(tr.code)\" CodeCount=\"\(tr.codes)\" GlyphCount=\"\(tr.glyphs.count)\">"
            if !tr.glyphs.isEmpty { x += "<ofd:Glyphs>\(tr.glyphs.map(String.init).joined(separator: " "))</ofd:Glyphs>" }
            x += "</ofd:CGTransform>"
        }
        x += "<ofd:TextCode X=\"\(OFDXML.number(xs[0] - box.minX))\" Y=\"\(OFDXML.number(ys[0] - box.minY))\""
        if xs.count > 1 { x += " DeltaX=\"\(Self.deltas(xs))\"" }
        if xs.count > 1, baseMax - baseMin >= 0.0005 { x += " DeltaY=\"\(Self.deltas(ys))\"" }
        var code = String.UnicodeScalarView()
        code.append(contentsOf: scalars)
        x += ">\(OFDXML.text(String(code)))</ofd:TextCode></ofd:TextObject>"
        objects += x
    }

    /// Differences between successive positions, a run of three or more equal ones as
    /// "g count value" (the standard's shorthand).
    static func deltas(_ positions: [Double]) -> String {
        var values: [String] = []
        for i in 1..<positions.count { values.append(OFDXML.number(positions[i] - positions[i - 1])) }
        var out: [String] = []
        var i = 0
        while i < values.count {
            var j = i
            while j < values.count, values[j] == values[i] { j += 1 }
            if j - i >= 3 { out.append("g \(j - i) \(values[i])") } else { out += values[i..<j] }
            i = j
        }
        return out.joined(separator: " ")
    }

    struct Cluster: Equatable { var scalarStart: Int, scalarCount: Int, glyphStart: Int, glyphCount: Int }

    /// The run's clusters in characters (Unicode scalars) and glyphs. Clusters that do not
    /// cover the text and the glyphs exactly, or cut a character, are not used: the run is then
    /// one character per glyph when the counts agree, else one cluster. A cluster without
    /// characters joins its neighbour (a CGTransform needs at least one).
    static func clusters(_ run: GlyphRun) -> [Cluster] {
        let lengths = run.text.unicodeScalars.map { UTF8.width($0) }
        let scalarCount = lengths.count, glyphCount = run.glyphs.count
        var starts: [Int: Int] = [:]  // byte offset → scalar index, at every character boundary
        var offset = 0
        for (i, l) in lengths.enumerated() { starts[offset] = i; offset += l }
        starts[offset] = scalarCount
        var result: [Cluster] = []
        var byte = 0, glyph = 0, valid = !run.clusters.isEmpty
        for c in run.clusters where valid {
            guard c.bytes >= 0, c.glyphs >= 0, let s0 = starts[byte], let s1 = starts[byte + c.bytes],
                  glyph + c.glyphs <= glyphCount else { valid = false; break }
            result.append(Cluster(scalarStart: s0, scalarCount: s1 - s0, glyphStart: glyph, glyphCount: c.glyphs))
            byte += c.bytes; glyph += c.glyphs
        }
        if !valid || byte != offset || glyph != glyphCount {
            if scalarCount == glyphCount {
                return (0..<scalarCount).map { Cluster(scalarStart: $0, scalarCount: 1, glyphStart: $0, glyphCount: 1) }
            }
            return [Cluster(scalarStart: 0, scalarCount: scalarCount, glyphStart: 0, glyphCount: glyphCount)]
        }
        // Fold clusters with no characters into the one before (or, at the start, after).
        var merged: [Cluster] = []
        var carry: Cluster? = nil
        for c in result where c.scalarCount > 0 || c.glyphCount > 0 {
            if c.scalarCount == 0 {
                if var last = merged.popLast() { last.glyphCount += c.glyphCount; merged.append(last) }
                else if var pending = carry { pending.glyphCount += c.glyphCount; carry = pending }
                else { carry = c }
                continue
            }
            var c = c
            if let pending = carry { c.glyphStart = pending.glyphStart; c.glyphCount += pending.glyphCount; carry = nil }
            merged.append(c)
        }
        return merged
    }
}
