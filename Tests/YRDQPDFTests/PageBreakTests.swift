import Foundation
import Testing
import YRDQDocument
import YRDQTestSupport
@testable import YRDQLayout
@testable import YRDQPDF

/// Pages that break well (issue 11 §3), checked on the real PDFs through poppler.
@Suite struct PageBreakTests {
    let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))

    func write(_ document: Document, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-breaks-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("\(name).pdf")
        try writer.write(document, to: url)
        return url.path
    }

    func headings(_ blocks: [Block]) -> [String] {
        blocks.compactMap { if case .heading(_, let text) = $0 { return text } else { return nil } }
    }

    @Test func theSampleReportsHaveNoWidowOrphanOrLoneHeading() throws {
        let s = try SampleSetTests().set()
        for doc in [s.selfAssessment, s.provincial, s.blank, s.filled] {
            // Every heading is in the outline.
            let faults = try PageLines(path: doc.path).faults(headings: outlineTitles(doc.data))
            #expect(faults.isEmpty, "\(doc.name): \(faults)")
        }
    }

    @Test func generatedDocumentsHaveNoWidowOrphanOrLoneHeading() throws {
        // Seeded documents of headings and paragraphs of one to nine lines meet every page
        // position: no page may hold one line of a paragraph alone, nor end with a heading.
        var generator = SplitMix(state: 20261201)
        let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        for round in 0..<6 {
            var blocks: [Block] = [.title(["第\(round + 1)份测试文件"])]
            var heading = 0
            for _ in 0..<70 {
                switch generator.next() % 9 {
                case 0:
                    blocks.append(.heading(level: 1, text: "\(numerals[heading % 10])、第\(heading + 1)部分工作情况"))
                    heading += 1
                case 1:
                    blocks.append(.heading(level: 2, text: "（\(numerals[heading % 10])）第\(heading + 1)项具体举措"))
                    heading += 1
                default:
                    // 26 characters fill the indented first line, 28 every other.
                    let characters = 6 + Int(generator.next() % 230)
                    let text = (0..<characters).map { k in k % 13 == 12 ? "，" : ["质", "量", "提", "升", "试", "点"][k % 6] }.joined() + "。"
                    blocks.append(.text(text))
                }
            }
            let document = Document(metadata: Metadata(title: "分页"), body: blocks)
            let path = try write(document, "generated-\(round)")
            let pages = try PageLines(path: path)
            #expect(pages.pages.count >= 3)
            let faults = pages.faults(headings: headings(blocks))
            #expect(faults.isEmpty, "round \(round): \(faults)")
        }
    }

    @Test func aWidowAndAnOrphanAreCaught() throws {
        // The check itself: a page of 21 lines and a paragraph of three lines across the break
        // would leave one line at the foot; the writer moves the paragraph whole.
        var blocks: [Block] = (1...21).map { .text("第\($0)行") }
        blocks.append(.text(String(repeating: "质量", count: 35)))
        let path = try write(Document(metadata: Metadata(title: "孤行"), body: blocks), "orphan")
        let pages = try PageLines(path: path)
        #expect(pages.pages.count == 2)
        #expect(pages.pages.first?.count == 21, "the three lines go over together")
        #expect(pages.faults(headings: []).isEmpty)
        var faulty = pages
        faulty.pages[0].append(faulty.pages[1].removeFirst())
        #expect(faulty.faults(headings: []).contains { $0.contains("orphan") })
    }

    @Test func aHeadingKeepsTheStartOfItsTextOnItsPage() throws {
        // 20 lines, then a heading: with the two lines its paragraph must bring, it goes over.
        var blocks: [Block] = (1...20).map { .text("第\($0)行") }
        blocks.append(.heading(level: 1, text: "二、评估结论"))
        blocks.append(.text(String(repeating: "质量", count: 40)))
        let path = try write(Document(metadata: Metadata(title: "标题"), body: blocks), "heading")
        let pages = try PageLines(path: path)
        #expect(pages.pages.count == 2)
        #expect(pages.pages[1].first?.text.contains("二、评估结论") == true)
        #expect(pages.faults(headings: ["二、评估结论"]).isEmpty)
    }

    @Test func theLastParagraphAndItsSignatureAreTightenedOntoThePage() throws {
        // 17 lines, a closing paragraph of three and the signature (a blank line, issuer,
        // date): 23 lines on a 22-line page. GB/T 9704 §7.3.5.5: the spacing closes up rather
        // than the text's last lines going over with the signature.
        var blocks: [Block] = (1...17).map { .text("第\($0)行") }
        blocks.append(.text(String(repeating: "质量", count: 35) + "。"))
        blocks.append(.signature(Signature(lines: ["嘉禾市市场监督管理局"], date: "2026年10月15日")))
        // Asserted on the frames: the pages, each page's lines and their baselines.
        let layout = Layout(options: writer.options)
        let frames = try layout.layout(Document(metadata: Metadata(title: "落款"), body: blocks))
        #expect(frames.pages.count == 1)
        let lines = FrameText.lines(of: frames.pages[0])
        // The last line is the page number; the one before it the date.
        #expect(lines.last?.text == "— 1 —")
        let date = try #require(lines.dropLast().last)
        #expect(date.text == "2026年10月15日")
        let block = PageGeometry.a4(.portrait)
        // The date's em box (its baseline less the descent below it) ends inside the text block.
        let bottom = date.y + (1 - Metrics.baselineInEm) * Metrics.body
        #expect(bottom <= block.top + block.height + 0.5, "the date ends inside the text block: \(bottom)")
        // The lines closed up: the 20 lines from 第1行 to the date (a blank one before it) at
        // less than the grid's pitch.
        let first = try #require(lines.first { $0.text == "第1行" })
        #expect(date.y - first.y < 22 * Metrics.linePitch - 1)
        // Far more than a page's slack is not squeezed: 19 lines, a paragraph of three, the signature.
        var long: [Block] = (1...19).map { .text("第\($0)行") }
        long += [blocks[17], blocks[18]]
        let second = try layout.layout(Document(metadata: Metadata(title: "落款"), body: long))
        #expect(second.pages.count == 2)
        #expect(FrameText.lines(of: second.pages[1]).contains { $0.text == "2026年10月15日" })
        let regular = FrameText.lines(of: second.pages[0]).filter { $0.text.hasPrefix("第") && $0.text.hasSuffix("行") }
        for (a, b) in zip(regular, regular.dropFirst()) { #expect(abs(b.y - a.y - Metrics.linePitch) < 0.01) }
    }

    @Test func aLoneLastCharacterGoesUpOntoTheLineBefore() {
        // 26 + 28 + 1: the last line would hold one character; the line before takes it.
        #expect(writer.bodyLines(String(repeating: "质", count: 55)).map(\.count) == [26, 29])
        // Two characters stay on a line of their own.
        #expect(writer.bodyLines(String(repeating: "质", count: 56)).map(\.count) == [26, 28, 2])
    }

    @Test func everyAdjacentPairIsCompressed() throws {
        let pitch = Metrics.charPitch
        let base = try writer.oneLineWidth("质量质量质量")
        // "。（": where the face centres "。", the bracket's blank half is given up instead.
        #expect(abs(try writer.oneLineWidth("质。（质量质") - (base - pitch / 2)) < 0.05)
        // "。”": at least a quarter.
        #expect(try writer.oneLineWidth("质。”质量质") <= base - pitch / 4 + 0.05)
        // A single line (the signature's "（签字）：") is set as a paragraph is.
        let setter = TextSetter(fonts: FontSystem(fontsDirectories: [fontsDirectory]))
        let style = TextStyle(role: .body, size: Metrics.body, tracking: Metrics.bodyTracking)
        let hand = setter.line("组长（签字）：", style)
        let plain = setter.line("组长质签字质质", style)
        #expect(abs(hand.width - (plain.width - pitch / 2)) < 0.05, "\(hand.width) \(plain.width)")
    }

    @Test func aNumberStaysWithItsUnit() throws {
        let s = try SampleSetTests().set()
        // The paragraphs' lines (3号) of the reports, in reading order across pages.
        for doc in [s.selfAssessment, s.provincial] {
            let lines = try PageLines(path: doc.path).pages.flatMap { $0 }.filter(\.isBody).map(\.text)
            // (The provincial report has some 120 lines of 3号 text; a count of 200 once took in
            // the 12 pt emphasised table lines of WenQuanYi Zen Hei, as tall as 3号 in UMing.)
            #expect(lines.count > 100)
            for (a, b) in zip(lines, lines.dropFirst()) {
                guard let end = a.unicodeScalars.last, end.properties.numericType != nil, end.isASCII,
                      let start = b.unicodeScalars.first else { continue }
                #expect(!"分项名家个年月日倍%％".unicodeScalars.contains(start), "\(doc.name): \(a) / \(b)")
            }
        }
        let lines = writer.bodyLines(String(repeating: "质", count: 24) + "得0.5分，" + String(repeating: "量", count: 30))
        for (a, b) in zip(lines, lines.dropFirst()) { #expect(!(a.hasSuffix("5") && b.hasPrefix("分")), "\(a) / \(b)") }
    }

    @Test func landscapeAttachmentsAreTurnedOntoPortraitSheets() throws {
        // GB/T 9704 §8: "A4纸型的表格横排时，页码位置与公文其他页码保持一致，单页码表头在订口一边，
        // 双页码表头在切口一边" — both the sheet's left edge; the number upright where a portrait
        // page of the same parity has it.
        let s = try SampleSetTests().set()
        let path = s.provincial.path
        let turned = try turnedPages(path)
        #expect(turned.count >= 2, "turned pages: \(turned)")
        let xml = try poppler("pdftotext", ["-bbox", path, "-"])
        let pages = xml.components(separatedBy: "<page ").dropFirst().map { $0.split(separator: "\n") }
        func words(_ page: Int, _ text: String) -> [(x0: Double, y0: Double, x1: Double, y1: Double)] {
            pages[page - 1].filter { $0.hasSuffix(">\(text)</word>") }.map { row in
                func number(_ name: String) -> Double {
                    guard let r = row.range(of: "\(name)=\"") else { return 0 }
                    return Double(row[r.upperBound...].prefix { $0 != "\"" }) ?? 0
                }
                return (number("xMin"), number("yMin"), number("xMax"), number("yMax"))
            }
        }
        for page in turned {
            // The table's head: its header cell runs up the sheet in its left half.
            let head = try #require(words(page, "一级指标").first, "page \(page) has no header row")
            #expect(head.y1 - head.y0 > head.x1 - head.x0 && head.x1 < 595.28 / 2, "page \(page): head at \(head)")
            // The number, upright, level with a portrait page's and on the same side.
            let number = try #require(words(page, "\(page)").first { $0.y0 > PageLines.bottom }, "page \(page) has no number")
            let portrait = try #require((1...3).map { page % 2 == 1 ? 2 * $0 + 1 : 2 * $0 }.lazy
                .compactMap { words($0, "\($0)").first { $0.y0 > PageLines.bottom } }.first)
            #expect(abs(number.y0 - portrait.y0) < 0.5 && (number.x0 > 297.6) == (portrait.x0 > 297.6), "page \(page): \(number) against \(portrait)")
        }
    }

    @Test func thePageNumbersDashIsInkedSevenMillimetresBelowTheTextBlock() throws {
        // GB/T 9704 §7.5 "一字线上距版心下边缘7mm": measured on the rendered page, to the dash's ink.
        let path = try write(Document(metadata: Metadata(title: "页码"), body: [.text("正文。"), .pageBreak, .text("第二页。")]), "numbers")
        let dpi = 288.0, scale = dpi / 72
        for page in 1...2 {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-dash-\(getpid())-\(page)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let y0 = PageLines.bottom
            _ = try poppler("pdftoppm", ["-gray", "-r", "\(Int(dpi))", "-f", "\(page)", "-l", "\(page)", "-singlefile",
                                         "-x", "0", "-y", "\(Int(y0 * scale))", "-W", "\(Int(595 * scale))", "-H", "\(Int(40 * scale))",
                                         path, dir.appendingPathComponent("n").path])
            let data = try Data(contentsOf: dir.appendingPathComponent("n.pgm"))
            let header = data.prefix(40).split(separator: 0x0A, maxSplits: 3, omittingEmptySubsequences: false)
            let size = String(decoding: header[1], as: UTF8.self).split(separator: " ").compactMap { Int($0) }
            let w = size[0], h = size[1]
            let pixels = [UInt8](data.suffix(w * h))
            // The first dash: the leftmost inked column, and the top of the ink a few pixels into it.
            let x0 = try #require((0..<w).first { x in (0..<h).contains { pixels[$0 * w + x] < 128 } })
            let top = try #require((0..<h).first { y in (x0 + 2..<x0 + 8).contains { pixels[y * w + $0] < 128 } })
            let below = (Double(Int(y0 * scale)) + Double(top)) / scale - y0
            #expect(abs(below - 7 * 72 / 25.4) < 0.6, "page \(page): the dash's ink is \(below * 25.4 / 72) mm below the text block")
        }
    }
}
