import Foundation
import Testing
import YRDQDocument
import YRDQTestSupport
@testable import YRDQLayout
@testable import YRDQPDF

/// The layout's result itself (issue 12 §1): pages of positioned items, asserted on directly
/// rather than through a PDF reader, and free of any Cairo type.
@Suite struct FrameTests {
    @Test func theSampleTableHasAll56ItemRowsInOrder() throws {
        let s = try SampleSetTests().set()
        for doc in [s.blank, s.filled] {
            // Each item's row opens with its number ("17．") and its text, on one baseline.
            let lines = FrameText.lines(doc.frames).map { String($0.unicodeScalars.filter { !$0.properties.isWhitespace }) }
            var next = lines.startIndex
            var found: [Int] = []
            for item in s.rubric.items {
                let start = "\(item.number)．" + String(item.text.unicodeScalars.filter { !$0.properties.isWhitespace }.prefix(4))
                guard let at = lines[next...].firstIndex(where: { line in
                    guard let r = line.range(of: start) else { return false }
                    return r.lowerBound == line.startIndex || !line[line.index(before: r.lowerBound)].isNumber
                }) else {
                    Issue.record("\(doc.name): item \(item.number) missing or out of order"); break
                }
                found.append(item.number)
                next = at
            }
            #expect(found == s.rubric.items.map(\.number) && found.count == 56, "\(doc.name): \(found)")
        }
    }

    @Test func pagesAndPageNumbersAreThoseOfThePDF() throws {
        let s = try SampleSetTests().set()
        for doc in s.all {
            #expect(doc.frames.pages.count == (try pageCount(doc.path)), "\(doc.name)")
            // Numbered pages count up from 1 (a cover has none), each with "— n —" as its last line.
            let numbers = doc.frames.pages.compactMap(\.number)
            #expect(numbers == Array(1...max(1, numbers.count)), "\(doc.name): \(numbers)")
            for page in doc.frames.pages {
                guard let n = page.number else { continue }
                #expect(FrameText.lines(of: page).last?.text == "— \(n) —", "\(doc.name) page \(n)")
            }
            // The frames hold every line the line breaker set, in the same words as the PDF.
            let text = FrameText.lines(doc.frames).joined()
            let flat = String(text.unicodeScalars.filter { !$0.properties.isWhitespace })
            for line in doc.lines.prefix(40) {
                let word = String(line.unicodeScalars.filter { !$0.properties.isWhitespace })
                if word.isEmpty { continue }
                #expect(flat.contains(word), "\(doc.name): \(line)")
            }
        }
    }

    @Test func bodyLinesStandOnTheGrid() throws {
        // Headings and paragraphs over two pages: every baseline on the grid of 22 lines to the
        // text block, from its top, and the second page starts on the grid's first line.
        var blocks: [Block] = [.heading(level: 1, text: "一、总体情况")]
        for k in 1...12 { blocks.append(.text("第\(k)段。" + String(repeating: "质量提升示范试点建设", count: 5))) }
        let frames = try Layout(options: PDFOptions(fontsDirectory: fontsDirectory)).layout(Document(metadata: Metadata(title: "t"), body: blocks))
        #expect(frames.pages.count >= 2)
        let block = PageGeometry.a4(.portrait)
        let first = block.top + (Metrics.linePitch - Metrics.body) / 2 + Metrics.baselineInEm * Metrics.body
        for (index, page) in frames.pages.enumerated() {
            let lines = FrameText.lines(of: page).dropLast()  // the page number stands below the block
            // (A full page holds 22, or 21 when no paragraph may leave a line alone at its foot.)
            #expect(index + 1 == frames.pages.count || lines.count >= 21, "page \(index + 1) holds \(lines.count) lines")
            #expect(abs((lines.first?.y ?? 0) - first) < 0.01)
            for line in lines {
                let slot = (line.y - first) / Metrics.linePitch
                #expect(abs(slot - slot.rounded()) < 0.001 && slot < 22, "\(line)")
            }
        }
        #expect(FrameText.lines(of: frames.pages[0]).first?.text == "一、总体情况")
    }

    @Test func continuedTablePagesOpenWithTheirLabelAtTheRight() throws {
        let s = try SampleSetTests().set()
        let block = PageGeometry.a4(.portrait)
        let tablePages = s.blank.frames.pages.filter { FrameText.lines(of: $0).contains { $0.text.contains("一级指标") } }
        #expect(tablePages.count >= 5)
        for (k, page) in tablePages.enumerated() {
            let lines = FrameText.lines(of: page)
            if k == 0 {
                #expect(!lines.contains { $0.text.contains("续表") })
                continue
            }
            let label = try #require(lines.first)
            #expect(label.text == "续表", "page \(k + 1) opens with \(label.text)")
            // Its right end on the text block's right edge, above the repeated header.
            let runs = page.items.compactMap { item -> GlyphRun? in if case .glyphs(let r) = item, r.text == "续表" { return r } else { return nil } }
            let run = try #require(runs.first)
            let right = try #require(run.glyphs.last.map { $0.x + $0.advance })
            #expect(abs(right - (block.left + block.width)) < 0.5, "续表 ends at \(right)")
            #expect(lines[1].text.contains("一级指标"))
        }
    }

    @Test func noCairoTypeOrCallInTheLayout() throws {
        // The layout measures and shapes with Pango through the pangocairo font map; only the
        // font loading (FontSystem: the PDF surface's font options) names cairo. No other file
        // of the target declares or calls anything of cairo's, so no result can hold one.
        let folder = repositoryRoot.appendingPathComponent("Sources/YRDQLayout")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.contains("Frames.swift") && files.contains("Typesetter.swift"))
        for file in files where file != "FontSystem.swift" {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                #expect(!code.contains("cairo_") && !code.contains("pango_cairo"), "\(file):\(number + 1): \(line)")
            }
        }
        // And the public face of the frames: nothing but Swift values and an opaque handle.
        let frames = try Layout(options: PDFOptions(fontsDirectory: fontsDirectory))
            .layout(Document(metadata: Metadata(title: "t"), body: [.paragraph([.text("质量")], style: .plain)]))
        for value in [Mirror(reflecting: frames)] {
            for child in value.children { #expect(!String(describing: type(of: child.value)).contains("cairo")) }
        }
    }

    @Test func aTurnedPageIsAGroupWithTheRotation() throws {
        let rows = (1...3).map { [Table.Cell("第\($0)行")] }
        let document = Document(metadata: Metadata(title: "t"), body: [.paragraph([.text("正文")], style: .plain)],
                                attachments: [Attachment(label: "附件1", title: "横表",
                                                         blocks: [.table(Table(columns: [Table.Column(width: 1)], header: [], rows: rows))],
                                                         orientation: .landscape)])
        let frames = try Layout(options: PDFOptions(fontsDirectory: fontsDirectory)).layout(document)
        #expect(frames.pages.count == 2)
        let turned = frames.pages[1]
        #expect(turned.width < turned.height, "a portrait sheet")
        let groups = turned.items.compactMap { item -> FrameTransform? in if case .group(let t, _) = item, t != .identity { return t } else { return nil } }
        #expect(groups.first == FrameTransform(xx: 0, yx: -1, xy: 1, yy: 0, x0: 0, y0: turned.height))
        // Read in its own coordinates: the label, the title, the rows.
        let lines = FrameText.lines(of: turned).map(\.text)
        #expect(lines.starts(with: ["附件1", "横表"]), "\(lines)")
        #expect(lines.contains("第3行") && lines.last == "— 2 —")
        // The outline: the attachment's entry on that page, a level above its headings.
        #expect(frames.outline.contains { $0.title == "附件1　横表" && $0.page == 1 && $0.level == 1 })
    }
}
