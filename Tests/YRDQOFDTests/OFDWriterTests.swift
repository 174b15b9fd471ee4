import Foundation
import Testing
import YRDQDocument
import YRDQLayout
@testable import YRDQOFD
import YRDQTestSupport

/// The repository (this file is Tests/YRDQOFDTests/OFDWriterTests.swift in it).
private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The standard's schemas (GB/T 33190-2016 annex A), kept beside these tests
/// (Tests/YRDQOFDTests/ofd-xsd); YRDQ_OFD_SCHEMAS names another folder.
private let schemas = ProcessInfo.processInfo.environment["YRDQ_OFD_SCHEMAS"]
    ?? repository.appendingPathComponent("Tests/YRDQOFDTests/ofd-xsd").path

/// Runs a program, its standard output and error together.
private func run(_ executable: String, _ arguments: [String], in folder: String? = nil) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self))
}

private func xml(_ entries: [(String, Data)], _ name: String) -> String {
    String(decoding: entries.first { $0.0 == name }?.1 ?? Data(), as: UTF8.self)
}

@Suite("OFD writer") struct OFDWriterTests {
    @Test("the package lays out as the standard does, OFD.xml first")
    func layout() throws {
        let data = try OFDWriter().render(try OFDFixture.document())
        let entries = try OFDFixture.entries(data)
        #expect(entries.map(\.0) == [
            "OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml", "Doc_0/DocumentRes.xml",
            "Doc_0/Res/font_0.otf", "Doc_0/Res/font_1.ttf", "Doc_0/Res/image_0.png",
            "Doc_0/Pages/Page_0/Content.xml", "Doc_0/Pages/Page_1/Content.xml",
        ])
        #expect(OFDPackage.isOFD(data))
        let ofd = xml(entries, "OFD.xml")
        #expect(ofd.contains("<ofd:Title>长三角质量提升示范试点</ofd:Title>"))
        #expect(ofd.contains("<ofd:CreationDate>2026-04-13</ofd:CreationDate>"))
        #expect(ofd.contains("<ofd:Creator>yrdq</ofd:Creator>"))
        #expect(ofd.contains("<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"))
        let id = try #require(ofd.firstMatch(of: /<ofd:DocID>([0-9a-f]+)<\/ofd:DocID>/)?.1)
        #expect(id.count == 32)
        let document = xml(entries, "Doc_0/Document.xml")
        #expect(document.contains("<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"))
        // The subset (CFF) is stored as it is; Liberation has none, so its file is embedded whole.
        #expect(entries[4].1.starts(with: Array("OTTO".utf8)))
        #expect(entries[5].1 == (try Data(contentsOf: URL(fileURLWithPath: OFDFixture.latin))))
        let maxID = try #require(document.firstMatch(of: /<ofd:MaxUnitID>(\d+)<\/ofd:MaxUnitID>/)?.1)
        let allIDs = entries.filter { $0.0.hasSuffix(".xml") }.flatMap { e in
            String(decoding: e.1, as: UTF8.self).matches(of: /\sID="(\d+)"/).map { Int($0.1)! }
        }
        #expect(Set(allIDs).count == allIDs.count, "unit IDs are unique")
        #expect(allIDs.max() == Int(maxID))
    }

    /// One landscape page with a fill, no font, no image, no outline, no date; and a page of
    /// another size after it (its own Area).
    static func minimal() -> LaidOutDocument {
        LaidOutDocument(metadata: Metadata(title: "", keywords: [""]), pages: [
            FramePage(width: 841.89, height: 595.28, items: [.fill(FrameRect(x: 10, y: 10, width: 100, height: 20), .black)]),
            FramePage(width: 595.28, height: 841.89, items: []),
        ])
    }

    @Test("every XML part is valid against the standard's schemas", arguments: [false, true])
    func schemaValid(minimal: Bool) throws {
        let data = try OFDWriter().render(minimal ? Self.minimal() : try OFDFixture.document())
        try #require(FileManager.default.fileExists(atPath: "\(schemas)/OFD.xsd"), "the OFD schemas are not at \(schemas)")
        let entries = try OFDFixture.entries(data)
        if minimal {
            #expect(!entries.contains { $0.0 == "Doc_0/DocumentRes.xml" })
            #expect(!xml(entries, "Doc_0/Document.xml").contains("Outlines"))
            #expect(xml(entries, "Doc_0/Document.xml").contains("<ofd:PhysicalBox>0 0 297 210</ofd:PhysicalBox>"))
            #expect(xml(entries, "Doc_0/Pages/Page_1/Content.xml").contains("<ofd:Area><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:Area>"))
            #expect(!xml(entries, "OFD.xml").contains("<ofd:Title>") && !xml(entries, "OFD.xml").contains("CreationDate"))
        }
        try withTempDir { dir in
            for (name, bytes) in entries where name.hasSuffix(".xml") {
                let schema: String
                switch name {
                case "OFD.xml": schema = "OFD.xsd"
                case "Doc_0/Document.xml": schema = "Document.xsd"
                case "Doc_0/PublicRes.xml", "Doc_0/DocumentRes.xml": schema = "Res.xsd"
                default: schema = "Page.xsd"
                }
                let file = try dir.write(name.replacingOccurrences(of: "/", with: "_"), bytes)
                let (status, out) = try run("/usr/bin/xmllint", ["--noout", "--schema", "\(schemas)/\(schema)", file])
                #expect(status == 0, "\(name): \(out)")
            }
        }
    }

    @Test("the same frames give the same bytes; another frame another DocID")
    func deterministic() throws {
        let laid = try OFDFixture.document()
        let a = try OFDWriter().render(laid), b = try OFDWriter().render(laid)
        #expect(a == b)
        var moved = laid
        if case .glyphs(var run) = moved.pages[0].items[0] {
            run.glyphs[0].x += 1
            moved.pages[0].items[0] = .glyphs(run)
        }
        let id = { (d: Data) in try xml(OFDFixture.entries(d), "OFD.xml").firstMatch(of: /<ofd:DocID>(.+)<\/ofd:DocID>/).map { String($0.1) } }
        #expect(try id(a) != id(OFDWriter().render(moved)))
    }

    @Test("text: positions in millimetres, DeltaX from the advances, CGTransform only where the glyph is not the cmap's")
    func textObjects() throws {
        let entries = try OFDFixture.entries(try OFDWriter().render(try OFDFixture.document()))
        let page = xml(entries, "Doc_0/Pages/Page_0/Content.xml")
        // The title: 11 ideographs of 22 pt, each 7.761 mm from the next, no CGTransform.
        #expect(page.contains("DeltaX=\"g 10 7.761\">长三角质量提升示范试点</ofd:TextCode>"))
        #expect(page.contains("Size=\"7.761\""))
        #expect(page.contains("<ofd:FillColor Value=\"204 26 26\"/>"))
        // The compressed comma is the 'hwid' glyph, not the cmap's: a CGTransform names it; the
        // other characters are the cmap's glyphs and have none.
        let comma = try OFDFixture.shape("，", font: OFDFixture.serifCollection, index: 2, features: "hwid").glyphs[0].id
        #expect(comma != (try OFDFixture.shape("，", font: OFDFixture.serifCollection, index: 2).glyphs[0].id))
        let body = try #require(page.firstMatch(of: /<ofd:TextObject[^>]*Size="5.644"[^>]*>.*?<\/ofd:TextObject>/.dotMatchesNewlines())).0
        #expect(body.contains("<ofd:CGTransform CodePosition=\"4\" CodeCount=\"1\" GlyphCount=\"1\"><ofd:Glyphs>\(comma)</ofd:Glyphs></ofd:CGTransform><ofd:TextCode"))
        #expect(body.matches(of: /<ofd:CGTransform/).count == 1)
        // Its advance is half an em: DeltaX halves there.
        #expect(body.contains("DeltaX=\"g 4 5.644 2.822 g 4 5.644\""))
        // The Latin line: "fi" and "ffi" are ligatures, two and three characters to one glyph.
        let latin = try #require(page.firstMatch(of: /<ofd:TextObject[^>]*Size="4.233"[^>]*>.*?<\/ofd:TextObject>/.dotMatchesNewlines())).0
        // One CGTransform spans them (easyofd reads one per TextObject): characters 6…13 ("fit off" +
        // "i"), glyphs: fi, t, space, o, ffi.
        let spans = latin.matches(of: /<ofd:CGTransform CodePosition="(\d+)" CodeCount="(\d+)" GlyphCount="(\d+)"><ofd:Glyphs>([\d ]+)</)
        #expect(spans.count == 1)
        #expect(spans.first.map { "\($0.1) \($0.2) \($0.3)" } == "6 8 5")
        #expect(spans.first.map { $0.4.split(separator: " ").count } == 5)
        #expect(latin.contains(">Pilot fit office</ofd:TextCode>"))
    }

    @Test("a cluster of as many glyphs as characters (a squeezed pair of marks) places each character at its glyph, without a CGTransform")
    func squeezedPair() throws {
        var laid = try OFDFixture.document()
        let pair = "点”。"
        let shaped = try OFDFixture.shape(pair, font: OFDFixture.serifCollection, index: OFDFixture.serifIndex)
        var run = OFDFixture.run(pair, font: 1, size: 16, x: 90, y: 400, shaped: shaped, unitsPerEm: 1000)
        // The layout squeezes "”": half its advance given up, the pair one cluster of two glyphs.
        run.glyphs[1].advance /= 2
        run.glyphs[2].x = run.glyphs[1].x + run.glyphs[1].advance
        run.clusters = [TextCluster(bytes: 3, glyphs: 1), TextCluster(bytes: 6, glyphs: 2)]
        laid.pages[0].items = [.glyphs(run)]
        let page = xml(try OFDFixture.entries(try OFDWriter().render(laid)), "Doc_0/Pages/Page_0/Content.xml")
        // 16 pt = 5.644 mm to "”", then half of that to "。" (not the pair's mean, 4.233 mm).
        #expect(page.contains("DeltaX=\"5.644 2.822\">点”。</ofd:TextCode>"), "\(page)")
        #expect(!page.contains("CGTransform"))
    }

    @Test("paths, the image and the turned group")
    func graphics() throws {
        let entries = try OFDFixture.entries(try OFDWriter().render(try OFDFixture.document()))
        let page = xml(entries, "Doc_0/Pages/Page_0/Content.xml")
        // A stroked rule carries its colour as FillColor too (inert with Fill="false"; easyofd
        // strokes every path in its FillColor).
        #expect(page.contains("LineWidth=\"0.529\" Stroke=\"true\" Fill=\"false\"><ofd:StrokeColor Value=\"204 26 26\"/><ofd:FillColor Value=\"204 26 26\"/><ofd:AbbreviatedData>M 0.265 0.265 L 146.667 0.265</ofd:AbbreviatedData>"))
        #expect(page.contains("Stroke=\"false\" Fill=\"true\"><ofd:FillColor Value=\"0 0 0\"/><ofd:AbbreviatedData>M 0 0 L 70.556 0 L 70.556 0.265 L 0 0.265 C</ofd:AbbreviatedData>"))
        #expect(page.contains("<ofd:ImageObject ID=\"") && page.contains("Boundary=\"141.111 95.25 28.222 28.222\" CTM=\"28.222 0 0 28.222 0 0\""))
        #expect(xml(entries, "Doc_0/DocumentRes.xml").contains("Type=\"Image\" Format=\"PNG\"><ofd:MediaFile>image_0.png</ofd:MediaFile>"))
        // Page 2: the run turned a quarter: its CTM carries the rotation, its Boundary the turned box.
        let turned = xml(entries, "Doc_0/Pages/Page_1/Content.xml")
        let text = try #require(turned.firstMatch(of: /<ofd:TextObject [^>]*>/)).0
        #expect(text.contains("CTM=\"0 -1 1 0 "))
        // (x, y) ↦ (y, 841.89 − x): the text's origin (72, 100) pt lands at (100, 769.89) pt.
        #expect(text.contains("CTM=\"0 -1 1 0 "))
        let code = try #require(turned.firstMatch(of: /<ofd:TextCode X="([\d.]+)" Y="([\d.]+)"/))
        let boundary = try #require(text.firstMatch(of: /Boundary="([\d.]+) ([\d.]+) [\d.]+ [\d.]+" CTM="0 -1 1 0 ([-\d.]+) ([-\d.]+)"/))
        let (bx, by, e, f) = (Double(boundary.1)!, Double(boundary.2)!, Double(boundary.3)!, Double(boundary.4)!)
        let (x, y) = (Double(code.1)!, Double(code.2)!)
        #expect(abs(bx + y + e - 100 * 25.4 / 72) < 0.002 && abs(by - x + f - 769.89 * 25.4 / 72) < 0.002)
        // The line is mapped point by point (no CTM): vertical at x = 110 pt, from y = 769.89 to 441.89 pt.
        let path = try #require(turned.firstMatch(of: /<ofd:PathObject [^>]*>.*?<\/ofd:PathObject>/)).0
        #expect(!path.contains("CTM="))
        #expect(path.contains("Boundary=\"38.673 155.757 0.265 115.976\""))
        #expect(path.contains("M 0.132 115.843 L 0.132 0.132"))
    }

    @Test("outlines: a tree by level, each a Goto to its page and point")
    func outlines() throws {
        let entries = try OFDFixture.entries(try OFDWriter().render(try OFDFixture.document()))
        let document = xml(entries, "Doc_0/Document.xml")
        let pages = document.matches(of: /<ofd:Page ID="(\d+)"/).map { String($0.1) }
        #expect(pages.count == 2)
        #expect(document.contains("<ofd:OutlineElem Title=\"一、总体情况\"><ofd:Actions><ofd:Action Event=\"CLICK\"><ofd:Goto><ofd:Dest Type=\"XYZ\" PageID=\"\(pages[0])\" Left=\"31.75\" Top=\"35.278\"/></ofd:Goto></ofd:Action></ofd:Actions><ofd:OutlineElem Title=\"（一）基本信息\">"))
        #expect(document.contains("<ofd:OutlineElem Title=\"附件\"><ofd:Actions><ofd:Action Event=\"CLICK\"><ofd:Goto><ofd:Dest Type=\"XYZ\" PageID=\"\(pages[1])\""))
    }

    @Test("a face without a subset is embedded from its collection as that face alone")
    func collectionFace() throws {
        let face = FrameFace(family: "Noto Serif CJK SC", postscriptName: "NotoSerifCJKsc-Regular", path: OFDFixture.serifCollection, index: 2)
        let bytes = try OFDWriter.fontBytes(face)
        let file = OpenTypeFile(bytes)
        #expect(file.isCFF)
        // The SC face's cmap: 质 is glyph 38981 (as hb-shape shapes it from the collection).
        #expect(file.cmap()?[0x8D28] == (try OFDFixture.shape("质", font: OFDFixture.serifCollection, index: 2).glyphs[0].id))
        #expect(throws: OFDError.self) {
            try OFDWriter.fontBytes(FrameFace(family: "x", postscriptName: "x", path: OFDFixture.serifCollection, index: 99))
        }
        #expect(throws: OFDError.self) { try OFDWriter.fontBytes(FrameFace(family: "x", postscriptName: "x", path: "/nonexistent.ttf")) }
        #expect(throws: OFDError.self) { try OFDWriter.fontBytes(FrameFace(family: "x", postscriptName: "x", path: "/tmp")) }
    }

    @Test("numbers: three decimals at most, trailing zeros trimmed, never -0")
    func numbers() {
        #expect(OFDXML.number(12.7) == "12.7")
        #expect(OFDXML.number(0.35277) == "0.353")
        #expect(OFDXML.number(-0.0001) == "0")
        #expect(OFDXML.number(-3) == "-3")
        #expect(OFDXML.number(210.0017) == "210.002")
        #expect(OFDXML.number(0.05) == "0.05")
        #expect(OFDXML.number(.nan) == "0")
    }

    @Test("no page is refused; clusters that do not fit the text fall back without crashing")
    func badFrames() throws {
        #expect(throws: OFDError.noPages) { try OFDWriter().render(LaidOutDocument(metadata: Metadata(title: "x"))) }
        let glyphs = (0..<3).map { PositionedGlyph(id: UInt32(10 + $0), x: Double($0) * 10, y: 20, advance: 10) }
        // Cuts a character, covers too few bytes, or has glyph-only clusters.
        for clusters in [[TextCluster(bytes: 1, glyphs: 1), TextCluster(bytes: 8, glyphs: 2)],
                         [TextCluster(bytes: 3, glyphs: 3)], []] {
            let run = GlyphRun(font: 0, glyphs: glyphs, text: "质量\u{1}", clusters: clusters)
            let c = PageContent.clusters(run)
            #expect(c.map(\.scalarCount).reduce(0, +) == 3 && c.map(\.glyphCount).reduce(0, +) == 3)
        }
        let merged = PageContent.clusters(GlyphRun(font: 0, glyphs: glyphs, text: "质量",
                                                   clusters: [TextCluster(bytes: 0, glyphs: 1), TextCluster(bytes: 3, glyphs: 1), TextCluster(bytes: 3, glyphs: 1)]))
        #expect(merged == [.init(scalarStart: 0, scalarCount: 1, glyphStart: 0, glyphCount: 2), .init(scalarStart: 1, scalarCount: 1, glyphStart: 2, glyphCount: 1)])
        // A font index out of range is a clear error, a control character in the text is kept as U+FFFD.
        var laid = try OFDFixture.document()
        laid.pages[0].items.append(.glyphs(GlyphRun(font: 1, glyphs: glyphs, text: "a\u{1}b", clusters: [])))
        let page = xml(try OFDFixture.entries(try OFDWriter().render(laid)), "Doc_0/Pages/Page_0/Content.xml")
        #expect(page.contains(">a\u{FFFD}b</ofd:TextCode>"))
        laid.pages[0].items.append(.glyphs(GlyphRun(font: 7, glyphs: glyphs, text: "abc", clusters: [])))
        #expect(throws: OFDError.self) { try OFDWriter().render(laid) }
    }

    @Test("a signing service adds its parts to the package; OFD.xml then names its Signatures.xml")
    func signingExtensionPoint() throws {
        var package = try OFDWriter().package(try OFDFixture.document())
        let before = try package.zipped()
        #expect(package.part("Doc_0/Document.xml") != nil)
        try package.add("Doc_0/Signs/Signatures.xml", Data("<ofd:Signatures xmlns:ofd=\"http://www.ofdspec.org/2016\"/>".utf8))
        package.signatures = "Doc_0/Signs/Signatures.xml"
        #expect(throws: OFDError.self) { try package.add("Doc_0/Signs/Signatures.xml", Data()) }
        #expect(throws: OFDError.self) { try package.add("OFD.xml", Data()) }
        #expect(throws: OFDError.self) { try package.add("../evil", Data()) }
        #expect(throws: OFDError.self) { try package.add("/abs", Data()) }
        let after = try OFDFixture.entries(try package.zipped())
        #expect(xml(after, "OFD.xml").contains("<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody>"))
        // The parts yrdq wrote are unchanged (a signature's digests over them stay valid).
        let original = try OFDFixture.entries(before)
        for (name, bytes) in original where name != "OFD.xml" { #expect(after.first { $0.0 == name }?.1 == bytes) }
        #expect(!OFDPackage.isOFD(Data("PK\u{3}\u{4}".utf8)))
    }

    @Test("ofdkit reads the text in order; easyofd renders both pages to PDF and PNG")
    func independentReaders() throws {
        let data = try OFDWriter().render(try OFDFixture.document())
        try withTempDir { dir in
            let file = try dir.write("fixture.ofd", data)
            let (status, out) = try run("/usr/bin/python3", [repository.appendingPathComponent("scripts/ofd-check.py").path, file, dir.path("render")])
            #expect(status == 0, "\(out)")
            let json = try #require(out.split(separator: "\n").last.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }, "\(out)")
            let kit = try #require(json["ofdkit"] as? [String: Any])
            #expect(kit["pages"] as? Int == 2)
            #expect(kit["title"] as? String == OFDFixture.title)
            let texts = try #require(kit["texts"] as? [String])
            let first = texts[0]
            let order = [OFDFixture.title, OFDFixture.body, OFDFixture.latinText].map { first.range(of: $0)?.lowerBound }
            #expect(order.allSatisfy { $0 != nil }, "\(first)")
            #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
            #expect(texts[1].contains(OFDFixture.turned))
            // YRDQ_OFD_KEEP=folder keeps the file and easyofd's pages, to look at.
            if let keep = ProcessInfo.processInfo.environment["YRDQ_OFD_KEEP"] {
                try? FileManager.default.removeItem(atPath: keep)
                try FileManager.default.copyItem(atPath: dir.path, toPath: keep)
            }
            let easy = try #require(json["easyofd"] as? [String: Any])
            #expect(easy["pages"] as? Int == 2)
            for png in (easy["png"] as? [String]) ?? [] {
                #expect((try? Data(contentsOf: URL(fileURLWithPath: png)))?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
            }
        }
    }
}
