import Foundation
import Testing
import YRDQTestSupport
import YRDQDocument
@testable import YRDQLayout
@testable import YRDQPDF

/// The 版头 and 版记 of an official document (GB/T 9704 §7) as the PDF writer draws them.
@Suite struct OfficialPartsTests {
    /// A 公文 whose body is `paragraphs` paragraphs of two lines each.
    func official(paragraphs: Int, upward: Bool = false, copies: [String] = ["市场监管总局质量发展局", "长三角区域合作办公室"]) -> Document {
        var body: [Block] = [.title(["关于授予嘉禾市试点称号的决定"]), .text("各设区市市场监督管理局：", .plain)]
        for i in 0..<paragraphs {
            body.append(.text("第\(i + 1)段。根据评估指南，我局组织评估专家组开展了省级评估，经材料评审和现场评审，专家组评分汇总后形成结论。"))
        }
        body.append(.attachmentNote(["授予称号的试点名单"]))
        body.append(.signature(Signature(lines: ["浙江省市场监督管理局"], date: "2026年11月25日")))
        return Document(metadata: Metadata(title: "决定"), body: body,
                        masthead: Masthead(mark: "浙江省市场监督管理局文件", number: "浙市监质〔2026〕41号", signatories: upward ? ["周建国"] : []),
                        colophon: Colophon(copies: copies, printer: "浙江省市场监督管理局办公室", printed: "2026年11月25日"))
    }

    struct Word { var text: String; var page: Int; var xMin, yMin, xMax, yMax: Double }

    /// Every word of the PDF with its page (pdftotext -bbox).
    func words(_ doc: Document) throws -> (words: [Word], pages: Int, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-official-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("doc.pdf")
        try PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory)).write(doc, to: url)
        let xml = try poppler("pdftotext", ["-bbox", url.path, "-"])
        var result: [Word] = []
        var page = 0
        for line in xml.split(separator: "\n") {
            if line.contains("<page ") { page += 1 }
            guard line.contains("<word") else { continue }
            func value(_ name: String) -> Double {
                guard let r = line.range(of: "\(name)=\"") else { return .nan }
                return Double(line[r.upperBound...].prefix { $0 != "\"" }) ?? .nan
            }
            let text = line.split(separator: ">").dropFirst().first.map { String($0.prefix { $0 != "<" }) } ?? ""
            result.append(Word(text: text, page: page, xMin: value("xMin"), yMin: value("yMin"), xMax: value("xMax"), yMax: value("yMax")))
        }
        return (result, try pageCount(url.path), url.path)
    }

    /// The bottom of the text block: 37 mm + 225 mm.
    let blockBottom = 262.0 * 72 / 25.4
    let blockTop = 37.0 * 72 / 25.4

    @Test func theMastheadIsRedAtTheTopAndTheNumberUnderIt() throws {
        let (words, _, path) = try words(official(paragraphs: 2))
        let mark = try #require(words.first { $0.text.contains("浙江省市场监督管理局文件") })
        #expect(mark.page == 1)
        // 35 mm under the top of the text block, centred on the page: the top of its red ink
        // (poppler's box starts at the face's ascent, which differs from face to face).
        let inkTop = try #require(try redInkTop(path, page: 1))
        #expect(abs(inkTop - (blockTop + 35 * 72 / 25.4)) < 3, "ink top \(inkTop) pt")
        #expect(abs((mark.xMin + mark.xMax) / 2 - (28 + 156.0 / 2) * 72 / 25.4) < 3, "\(mark)")
        let number = try #require(words.first { $0.text.contains("浙市监质〔2026〕41号") })
        #expect(number.page == 1 && number.yMin > mark.yMax)
        #expect(abs((number.xMin + number.xMax) / 2 - (28 + 156.0 / 2) * 72 / 25.4) < 3, "a downward document's number is centred")
        let title = try #require(words.first { $0.text.contains("关于授予") })
        #expect(title.yMin > number.yMax + 20)
        // The mark is drawn in red: its box on a rendering of page 1 holds red pixels, the number's none.
        #expect(try redPixels(path, page: 1, box: mark) > 50)
        #expect(try redPixels(path, page: 1, box: number) == 0)
    }

    @Test func anUpwardDocumentHasTheNumberLeftAndTheSignatoryRightOnOneLine() throws {
        let (words, _, _) = try words(official(paragraphs: 2, upward: true))
        let number = try #require(words.first { $0.text.contains("浙市监质〔2026〕41号") })
        let signatory = try #require(words.first { $0.text.contains("周建国") })
        let label = try #require(words.first { $0.text.contains("签发人") })
        #expect(abs(number.yMax - signatory.yMax) < 3, "same line (the faces differ: 仿宋 and 楷体)")
        #expect(abs(number.xMin - (28 * 72 / 25.4 + 15.8)) < 2, "one character in from the left: \(number)")
        #expect(abs(signatory.xMax - ((28 + 156) * 72 / 25.4 - 15.8)) < 2, "one character in from the right: \(signatory)")
        #expect(label.xMax <= signatory.xMin + 0.5)
    }

    /// The 版记 on the last page, its last line just above the bottom of the text block.
    func expectColophonAtFoot(_ words: [Word], pages: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(pages % 2 == 0, "the last page is even: \(pages)", sourceLocation: sourceLocation)
        let printed = try #require(words.last { $0.text.contains("印发") }, sourceLocation: sourceLocation)
        #expect(printed.page == pages, sourceLocation: sourceLocation)
        #expect(printed.yMax < blockBottom && printed.yMax > blockBottom - 29, "\(printed)", sourceLocation: sourceLocation)
        let printer = try #require(words.last { $0.text.contains("浙江省市场监督管理局办公室") }, sourceLocation: sourceLocation)
        #expect(printer.page == pages && abs(printer.yMax - printed.yMax) < 1.5, sourceLocation: sourceLocation)
        let copies = try #require(words.last { $0.text.hasPrefix("抄送") }, sourceLocation: sourceLocation)
        #expect(copies.page == pages && copies.yMax < printed.yMin, sourceLocation: sourceLocation)
    }

    @Test func theColophonIsAtTheFootOfAnEvenLastPage() throws {
        // A short body ends on page 1: the 版记 goes to page 2.
        let short = try words(official(paragraphs: 2))
        #expect(short.pages == 2)
        try expectColophonAtFoot(short.words, pages: short.pages)
        // Without copies, no 抄送 line.
        let bare = try words(official(paragraphs: 2, copies: []))
        #expect(!bare.words.contains { $0.text.hasPrefix("抄送") })
        #expect(bare.pages == 2)
        // Bodies of every length: always an even last page with the 版记 at its foot, and
        // never more than a blank page's worth added (a blank page only when an even page is full).
        var previous = 0
        for n in [8, 10, 12, 14, 16, 18, 20, 22] {
            let doc = try words(official(paragraphs: n))
            try expectColophonAtFoot(doc.words, pages: doc.pages)
            let lastText = try #require(doc.words.last { $0.text.contains("2026年11月25日") && !$0.text.contains("印发") })
            #expect(doc.pages - lastText.page <= 2)
            #expect(doc.pages >= previous)
            previous = doc.pages
        }
    }

    @Test func aFullEvenPageGetsABlankPageBeforeTheColophonBothUnnumbered() throws {
        // Find a body that ends on page 2 with no room left for the 版记.
        var found = false
        for n in 10...26 {
            let doc = try words(official(paragraphs: n))
            let date = try #require(doc.words.last { $0.text.contains("2026年11月25日") && !$0.text.contains("印发") })
            guard date.page == 2, doc.pages == 4 else { continue }
            found = true
            try expectColophonAtFoot(doc.words, pages: doc.pages)
            #expect(!doc.words.contains { $0.page == 3 }, "page 3 is blank")
            #expect(!doc.words.contains { $0.page == 4 && $0.text.contains("4") && $0.yMin > blockBottom }, "no page number on the 版记 page")
            break
        }
        #expect(found)
    }

    @Test func theAttachmentNoteNumbersSeveralNamesAndAlignsThem() throws {
        var doc = official(paragraphs: 1)
        doc.body[doc.body.count - 2] = .attachmentNote(["嘉禾市新能源汽车零部件产业质量提升示范试点自评报告", "评分表"])
        let (words, _, _) = try words(doc)
        let label = try #require(words.first { $0.text.hasPrefix("附件：") })
        #expect(abs(label.xMin - (28 * 72 / 25.4 + 2 * 15.8)) < 2, "two characters in")
        let second = try #require(words.first { $0.text.hasPrefix("2.") })
        #expect(abs(second.xMin - (label.xMin + 3 * 15.8)) < 2, "aligned with the first name's number: \(second) \(label)")
        // The name's second line (where it breaks depends on the faces' widths).
        let wrapped = try #require(words.first { $0.text.hasSuffix("报告") && $0.yMin > label.yMax - 1 })
        #expect(wrapped.xMin > second.xMin + 4, "a name that runs over aligns with its first character")
    }

    /// A page rendered by pdftoppm as a binary PPM: its width, height and RGB bytes from `start`.
    func raster(_ pdf: String, page: Int, dpi: Int) throws -> (width: Int, height: Int, data: [UInt8], start: Int) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-red-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("p").path
        _ = try poppler("pdftoppm", ["-r", "\(dpi)", "-f", "\(page)", "-l", "\(page)", "-singlefile", pdf, prefix])
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: prefix + ".ppm")))
        // P6 header: "P6\n<w> <h>\n255\n".
        var fields: [String] = [], i = 0, current = ""
        while fields.count < 4 && i < data.count {
            let c = data[i]; i += 1
            if c == 0x20 || c == 0x0A { if !current.isEmpty { fields.append(current); current = "" } } else { current.append(Character(UnicodeScalar(c))) }
        }
        return (Int(fields[1])!, Int(fields[2])!, data, i)
    }

    /// Whether the pixel at byte offset `o` is red (r > 150, g and b < 90).
    func isRed(_ data: [UInt8], _ o: Int) -> Bool { data[o] > 150 && data[o + 1] < 90 && data[o + 2] < 90 }

    /// The top of the first row of red pixels on a page (100 dpi), in points from the top.
    func redInkTop(_ pdf: String, page: Int) throws -> Double? {
        let (w, h, data, start) = try raster(pdf, page: page, dpi: 100)
        for y in 0..<h {
            for x in 0..<w where isRed(data, start + (y * w + x) * 3) { return Double(y) * 72 / 100 }
        }
        return nil
    }

    /// Red pixels inside a word's box on a 50 dpi rendering.
    func redPixels(_ pdf: String, page: Int, box: Word) throws -> Int {
        let (w, h, data, start) = try raster(pdf, page: page, dpi: 50)
        let scale = 50.0 / 72
        var count = 0
        for y in Int(box.yMin * scale)..<min(h, Int(box.yMax * scale) + 1) {
            for x in Int(box.xMin * scale)..<min(w, Int(box.xMax * scale) + 1) where isRed(data, start + (y * w + x) * 3) { count += 1 }
        }
        return count
    }
}
