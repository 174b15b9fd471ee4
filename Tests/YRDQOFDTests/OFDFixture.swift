import Foundation
import YRDQDocument
import YRDQLayout
import YRDQTestSupport
import ZIPFoundation

/// Hand-built frames over real faces: Noto Serif CJK SC (CFF, from its collection, subset by
/// hb-subset with glyph ids retained, as the layout does) and Liberation Serif (TrueType glyf,
/// no subset: the writer embeds the file). Glyph ids and advances come from hb-shape.
enum OFDFixture {
    static let serifCollection = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
    static let serifIndex = 2  // Noto Serif CJK SC in the collection
    static let latin = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"

    struct Shaped { var glyphs: [(id: UInt32, cluster: Int, advance: Int)] }

    /// hb-shape's glyphs (ids, UTF-8 byte clusters, advances in font units of a 1000 em… as the face has them).
    static func shape(_ text: String, font: String, index: Int, features: String = "") throws -> Shaped {
        var args = ["--font-file=\(font)", "--face-index=\(index)", "--output-format=json", "--no-glyph-names", "--utf8-clusters"]
        if !features.isEmpty { args.append("--features=\(features)") }
        args.append("--text=\(text)")
        let (status, out) = try runTool("/usr/bin/hb-shape", args)
        guard status == 0, let array = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]] else {
            throw FixtureError("hb-shape failed: \(out)")
        }
        return Shaped(glyphs: array.map { (UInt32($0["g"] as! Int), $0["cl"] as! Int, $0["ax"] as! Int) })
    }

    struct FixtureError: Error, CustomStringConvertible { let description: String; init(_ d: String) { description = d } }

    /// A run at (x, y) points, `size` points, advances scaled from `unitsPerEm`, clusters from hb-shape's.
    static func run(_ text: String, font: Int, size: Double, x: Double, y: Double, shaped: Shaped, unitsPerEm: Double,
                    color: FrameColor = .black) -> GlyphRun {
        var glyphs: [PositionedGlyph] = []
        var pen = x
        for g in shaped.glyphs {
            let advance = Double(g.advance) / unitsPerEm * size
            glyphs.append(PositionedGlyph(id: g.id, x: pen, y: y, advance: advance))
            pen += advance
        }
        // Clusters as cairo has them: each distinct hb cluster start, so many bytes to so many glyphs.
        let starts = shaped.glyphs.map(\.cluster)
        var clusters: [TextCluster] = []
        let total = text.utf8.count
        var i = 0
        while i < starts.count {
            var j = i
            while j < starts.count, starts[j] == starts[i] { j += 1 }
            let end = j < starts.count ? starts[j] : total
            clusters.append(TextCluster(bytes: end - starts[i], glyphs: j - i))
            i = j
        }
        return GlyphRun(font: font, color: color, glyphs: glyphs, text: text, clusters: clusters)
    }

    /// A tiny PNG (8×8, RGB, a red square on white), stored deflate blocks, written here.
    static func png() -> Data {
        func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return be32(UInt32(body.count)) + typed + be32(Data(typed).crc32(checksum: 0))
        }
        var raw: [UInt8] = []
        for y in 0..<8 {
            raw.append(0)
            for x in 0..<8 { raw += (2...5).contains(x) && (2...5).contains(y) ? [200, 20, 20] : [255, 255, 255] }
        }
        var a: UInt32 = 1, b: UInt32 = 0
        for v in raw { a = (a + UInt32(v)) % 65521; b = (b + a) % 65521 }
        let n = UInt16(raw.count)
        let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8(~n >> 8)] + raw + be32(b << 16 | a)
        let header: [UInt8] = be32(8) + be32(8) + [8, 2, 0, 0, 0]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", []))
    }

    static let title = "长三角质量提升示范试点"
    static let body = "质量提升，“试点”。"
    static let latinText = "Pilot fit office"
    static let turned = "横排表格"

    /// Two A4 pages: a title, a line with compressed punctuation ('hwid'), a Latin line with
    /// ligatures, a rule, a fill, a frame and an image; then a landscape block turned 90° onto
    /// the portrait sheet. An outline of three entries over both pages.
    static func document(subset: Bool = true, date: DocumentDate? = DocumentDate(year: 2026, month: 4, day: 13)) throws -> LaidOutDocument {
        let titleShape = try shape(title, font: serifCollection, index: serifIndex)
        let bodyShape = try shape(body, font: serifCollection, index: serifIndex, features: "hwid")
        let turnedShape = try shape(turned, font: serifCollection, index: serifIndex)
        // Liberation Serif has no 'liga': "fi" and "ffi" are made ligatures here by hand (the glyph
        // of their first letter standing for all, with their advances), clusters of 2 and 3 to 1.
        let latinShape = ligate(try shape(latinText, font: latin, index: 0), bytes: [6..<8, 11..<14])

        var used = Set<UInt32>(), codePoints = Set<UInt32>()
        for s in [titleShape, bodyShape, turnedShape] { for g in s.glyphs { used.insert(g.id) } }
        for t in [title, body, turned] { for u in t.unicodeScalars { codePoints.insert(u.value) } }
        var serif = FrameFace(family: "Noto Serif CJK SC", postscriptName: "NotoSerifCJKsc-Regular", path: serifCollection, index: serifIndex,
                              usedGlyphs: used.sorted(), usedCodePoints: codePoints.sorted())
        if subset { serif.subset = try Self.subset(glyphs: serif.usedGlyphs, codePoints: serif.usedCodePoints) }
        let latinFace = FrameFace(family: "Liberation Serif", postscriptName: "LiberationSerif", path: latin, index: 0,
                                  usedGlyphs: Set(latinShape.glyphs.map(\.id)).sorted(),
                                  usedCodePoints: Set(latinText.unicodeScalars.map(\.value)).sorted())

        let fonts = [FrameFont(face: 0, size: 22), FrameFont(face: 0, size: 16), FrameFont(face: 1, size: 12)]
        let red = FrameColor(red: 0.8, green: 0.1, blue: 0.1)
        let page1 = FramePage(width: 595.28, height: 841.89, number: nil, items: [
            .glyphs(run(title, font: 0, size: 22, x: 90, y: 120, shaped: titleShape, unitsPerEm: 1000, color: red)),
            .line(x0: 90, y0: 135, x1: 505, y1: 135, width: 1.5, color: red),
            .glyphs(run(body, font: 1, size: 16, x: 90, y: 180, shaped: bodyShape, unitsPerEm: 1000)),
            .glyphs(run(latinText, font: 2, size: 12, x: 90, y: 210, shaped: latinShape, unitsPerEm: 2048)),
            .fill(FrameRect(x: 90, y: 230, width: 200, height: 0.75), .black),
            .strokeRect(FrameRect(x: 80, y: 250, width: 435, height: 120), width: 1, color: .black),
            .image(FrameImage(png: png(), pixelWidth: 8, pixelHeight: 8), FrameRect(x: 400, y: 270, width: 80, height: 80)),
        ])
        // A landscape block on a portrait sheet: (x, y) ↦ (y, 841.89 − x), as the PDF writer turns pages.
        let turn = FrameTransform(xx: 0, yx: -1, xy: 1, yy: 0, x0: 0, y0: 841.89)
        let page2 = FramePage(width: 595.28, height: 841.89, number: 2, items: [
            .group(turn, [
                .glyphs(run(turned, font: 1, size: 16, x: 72, y: 100, shaped: turnedShape, unitsPerEm: 1000)),
                .line(x0: 72, y0: 110, x1: 400, y1: 110, width: 0.75, color: .black),
            ]),
        ])
        return LaidOutDocument(
            metadata: Metadata(title: title, author: "上海市市场监督管理局", subject: "自评报告", keywords: ["质量提升", "试点"], date: date),
            pages: [page1, page2], faces: [serif, latinFace], fonts: fonts,
            outline: [OutlineEntry(level: 1, title: "一、总体情况", page: 0, x: 90, y: 100),
                      OutlineEntry(level: 2, title: "（一）基本信息", page: 0, x: 90, y: 160),
                      OutlineEntry(level: 1, title: "附件", page: 1, x: 72, y: 72)])
    }

    /// The glyphs of each byte range folded into the range's first glyph.
    static func ligate(_ shaped: Shaped, bytes ranges: [Range<Int>]) -> Shaped {
        var out: [(id: UInt32, cluster: Int, advance: Int)] = []
        for g in shaped.glyphs {
            if let r = ranges.first(where: { $0.contains(g.cluster) && $0.lowerBound != g.cluster }), let last = out.last, r.contains(last.cluster) {
                out[out.count - 1].advance += g.advance
            } else {
                out.append(g)
            }
        }
        return Shaped(glyphs: out)
    }

    /// The face subset to `glyphs` with ids retained, by hb-subset (what the layout's subsetter does).
    static func subset(glyphs: [UInt32], codePoints: [UInt32]) throws -> Data {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ofd-subset-\(UUID().uuidString).otf")
        defer { try? FileManager.default.removeItem(at: out) }
        let (status, _) = try runTool("/usr/bin/hb-subset", [
            "--face-index=\(serifIndex)", "--retain-gids", "--gids=\(glyphs.map(String.init).joined(separator: ","))",
            "--unicodes=\(codePoints.map { String($0, radix: 16) }.joined(separator: ","))", "--output-file=\(out.path)", serifCollection])
        guard status == 0 else { throw FixtureError("hb-subset failed") }
        return try Data(contentsOf: out)
    }

    /// The package's entries, in order, by name.
    static func entries(_ data: Data) throws -> [(String, Data)] {
        let archive = try Archive(data: data, accessMode: .read)
        var result: [(String, Data)] = []
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) }
            result.append((entry.path, bytes))
        }
        return result
    }
}
