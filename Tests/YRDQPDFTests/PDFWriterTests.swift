import Foundation
import Testing
import YRDQDocument
import YRDQTestSupport
@testable import YRDQLayout
@testable import YRDQPDF

/// The sample rendered once for all tests (about 0.2 s).
struct Rendered: Sendable {
    let data: Data
    let lines: [String]
    let seconds: Double
    let path: String

    static let sample: Rendered = {
        let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
        let start = Date()
        let result = try! writer.typeset(sampleDocument())
        let seconds = Date().timeIntervalSince(start)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-pdf-tests-\(getpid())")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("sample.pdf")
        try! result.data.write(to: url)
        return Rendered(data: result.data, lines: result.lines, seconds: seconds, path: url.path)
    }()
}


func pageCount(_ path: String) throws -> Int {
    let info = try poppler("pdfinfo", [path])
    let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
    return Int(line.split(separator: " ").last ?? "") ?? 0
}

@Suite struct PDFWriterTests {
    let sample = Rendered.sample

    @Test func pagesAreA4() throws {
        let info = try poppler("pdfinfo", ["-f", "1", "-l", "100", sample.path])
        let sizes = info.split(separator: "\n").filter { $0.hasPrefix("Page") && $0.contains("size:") }
        #expect(!sizes.isEmpty)
        for line in sizes { #expect(line.contains("595.276 x 841.89") || line.contains("595 x 842")) }
        print("sample: \(try pageCount(sample.path)) pages, \(sample.data.count) bytes, \(sample.seconds) s")
    }

    @Test func metadataComesFromTheDocument() throws {
        let info = try poppler("pdfinfo", [sample.path])
        #expect(info.contains("关于长三角质量提升示范试点评估结果的报告"))
        #expect(info.contains("嘉禾省市场监督管理局"))
        #expect(info.contains("Creator:         yrdq"))
        #expect(info.contains("2026"))
    }

    @Test func fontsAreEmbeddedSubsets() throws {
        let fonts = try poppler("pdffonts", [sample.path])
        let rows = fonts.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty)
        for row in rows {
            let columns = row.split(separator: " ", omittingEmptySubsequences: true)
            // name type… encoding emb sub uni object ID: emb and sub are the 5th and 4th from the end.
            #expect(columns[columns.count - 5] == "yes", "not embedded: \(row)")
            #expect(columns[columns.count - 4] == "yes", "not a subset: \(row)")
        }
    }

    @Test func textIsExtractableInReadingOrder() throws {
        let text = try poppler("pdftotext", [sample.path, "-"])
        let marks = ["省级评估报告", "一、评估工作基本情况", "（一）评估方法", "二、评估得分", "第1项评估内容",
                     "（第60项）", "三、评估结论", "嘉禾省市场监督管理局", "附件1", "专家组成员名单"]
        var last = text.startIndex
        for mark in marks {
            let found = text.range(of: mark, range: last..<text.endIndex)
            #expect(found != nil, "missing or out of order: \(mark)")
            if let found { last = found.upperBound }
        }
        #expect(text.contains("𠮷") && text.contains("堃") && text.contains("喆"))
    }

    @Test func tableHeaderRepeatsAndSpanningCellsContinue() throws {
        let pages = try pageCount(sample.path)
        var tablePages: [Int] = []
        for page in 1...pages {
            let text = try poppler("pdftotext", ["-layout", "-f", "\(page)", "-l", "\(page)", sample.path, "-"])
            if text.contains("项评估内容") {
                #expect(text.contains("一级指标") && text.contains("评估内容") && text.contains("得分"),
                        "page \(page) lacks the header row")
                if !tablePages.isEmpty {
                    #expect(text.contains("（续）"), "continuation page \(page) lacks （续）")
                } else {
                    #expect(!text.contains("（续）"))
                }
                tablePages.append(page)
            }
        }
        #expect(tablePages.count >= 3)
    }

    @Test func outlineIsWritten() throws {
        let pdf = String(decoding: sample.data, as: UTF8.self)
        #expect(pdf.contains("/Outlines"))
        #expect(pdf.contains("/Type /Outlines") || pdf.contains("/Count"))
    }

    @Test func identicalInputGivesIdenticalBytes() throws {
        let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
        let again = try writer.render(sampleDocument())
        #expect(again == sample.data)
    }

    @Test func fontsSharedAcrossDocumentsGiveTheSameBytes() throws {
        let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
        let fonts = PDFFonts.loadInBackground(fontsDirectory: fontsDirectory)
        let other = Document(metadata: Metadata(title: "另一份文件"),
                             body: [.title(["另一份文件"]), .paragraph([.text("先排一份别的文件，字形缓存里已有别的字。𠮷")], style: .body)])
        _ = try writer.render(other, fonts: fonts.value)
        #expect(try writer.render(sampleDocument(), fonts: fonts.value) == sample.data)
    }

    @Test func formLinesAreNotSeparatedByAPageBreak() throws {
        // 21 one-line paragraphs fill a page but one slot: the two lines of the signing form
        // go over together, and take the last line of the text before them along.
        var body: [Block] = (1...21).map { .paragraph([.text("第\($0)行")], style: .body) }
        body += [.paragraph([.text("评估人：沈明辉　　单位：嘉禾市市场监督管理局")], style: .plain),
                 .paragraph([.text("签字：　　　　　　日期：2026年10月15日")], style: .plain)]
        let doc = Document(metadata: Metadata(title: "表"), body: body)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-form-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("form.pdf")
        try PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory)).write(doc, to: url)
        #expect(try pageCount(url.path) == 2)
        let first = try poppler("pdftotext", ["-f", "1", "-l", "1", url.path, "-"])
        let second = try poppler("pdftotext", ["-f", "2", "-l", "2", url.path, "-"])
        #expect(first.contains("第20行") && !first.contains("第21行") && !first.contains("评估人"))
        #expect(second.contains("第21行") && second.contains("评估人") && second.contains("签字"))
    }

    @Test func rightToLeftNamesAreSetAndExtractable() throws {
        // A foreign partner's name in Arabic (with a number in it) or Hebrew inside Chinese
        // text: Pango gives such runs in visual order; they are put in bidi order, drawn from
        // the right, and their text stays whole.
        let text = "外方合作单位شركة 123 النور与חברת אור已签约，" + String(repeating: "质量提升", count: 12)
        let doc = Document(metadata: Metadata(title: "双向文字"), body: [.paragraph([.text(text)], style: .body)])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-rtl-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("rtl.pdf")
        try PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory)).write(doc, to: url)
        let extracted = try poppler("pdftotext", [url.path, "-"])
        for word in ["شركة", "النور", "123", "חברת", "אור", "外方合作单位", "已签约"] {
            #expect(extracted.contains(word), "\(word) not extracted: \(extracted)")
        }
        // Visual order, left to right: النور 123 شركة, then אור before חברת.
        let boxes = try poppler("pdftotext", ["-bbox", url.path, "-"])
        func x(_ character: String) throws -> Double {
            // The word's own text (its coordinates may hold the digits "123" too).
            let line = try #require(boxes.split(separator: "\n").first {
                $0.contains("<word") && ($0.split(separator: ">").dropFirst().first?.contains(character) ?? false)
            })
            let start = try #require(line.range(of: "xMin=\""))
            return try #require(Double(line[start.upperBound...].prefix { $0 != "\"" }))
        }
        #expect(try x("ن") < x("123"))
        #expect(try x("123") < x("ش"))
        #expect(try x("א") < x("ח"))
    }

    @Test func aCharacterNoFaceHasIsShownAsASquareAndReported() throws {
        // U+10FFFD (private use) is in no installed face: it is drawn as the face's □, its
        // text stays in the PDF, and the writer names it so the command line can warn.
        let text = "试点名称：嘉禾\u{10FFFD}汽车零部件"
        let doc = Document(metadata: Metadata(title: "缺字"), body: [.paragraph([.text(text)], style: .body)])
        let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
        #expect(writer.missingGlyphs("\u{10FFFD}", role: .body) == 1)
        let result = try writer.renderReporting(doc)
        #expect(result.missingCharacters == ["\u{10FFFD}"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-missing-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("missing.pdf")
        try result.data.write(to: url)
        let extracted = try poppler("pdftotext", [url.path, "-"]).filter { !$0.isWhitespace }
        #expect(extracted.contains(text.filter { !$0.isWhitespace }), "\(extracted)")
        #expect(try writer.renderReporting(sampleDocument()).missingCharacters.isEmpty)
        // A tab copied into a note is a space, not a missing character.
        let tabbed = Document(metadata: Metadata(title: "制表符"), body: [.paragraph([.text("见附件\t第1项")], style: .body)])
        #expect(try writer.renderReporting(tabbed).missingCharacters.isEmpty)
    }

    @Test func anyMixOfScriptsAndMarksTypesets() throws {
        // Seeded random paragraphs from characters that stress shaping, clusters and bidi:
        // every one must typeset (cairo refuses clusters that do not match their text).
        let pool: [String] = ["质", "量", "，", "。", "）", "（", "“", "”", "、", "：", "a", "Q", "1", "0", ".", " ", "\t",
                              "é", "e\u{301}", "\u{301}", "ش", "ر", "ك", "ة", "ا", "ل", "ן", "ו", "ר", "\u{200B}",
                              "\u{200D}", "\u{FE0F}", "👍", "👨\u{200D}👩", "\u{10FFFD}", "\u{E000}", "𠮷", "—", "…",
                              "\u{202E}", "\u{202C}", "\u{200F}", "\u{00AD}", "ก", "\u{0E48}", "क", "\u{094D}", "ष"]
        var generator = SplitMix(state: 20261125)
        var blocks: [Block] = []
        for n in 0..<40 {
            let length = 1 + Int(generator.next() % 90)
            let text = (0..<length).map { _ in pool[Int(generator.next() % UInt64(pool.count))] }.joined()
            blocks.append(.paragraph([.text(text)], style: n % 3 == 0 ? .plain : .body))
        }
        let doc = Document(metadata: Metadata(title: "混排"), body: blocks)
        let result = try PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory)).renderReporting(doc)
        #expect(result.data.count > 1000)
    }

    @Test func aDocumentWithoutADateHasNoClockTime() throws {
        // A blank score table has no date of its own: its bytes must not depend on the clock.
        let doc = Document(metadata: Metadata(title: "空白表"), body: [.paragraph([.text("无日期")], style: .body)])
        let data = try PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory)).render(doc)
        #expect(data.range(of: Data("/CreationDate".utf8)) == nil)
        #expect(data.range(of: Data("/ModDate".utf8)) == nil)
    }

    @Test func noLineStartsWithClosingPunctuation() throws {
        let forbidden = Set("，。、；：？！）」』】》…”’%".unicodeScalars)
        for line in sample.lines {
            if let first = line.unicodeScalars.first { #expect(!forbidden.contains(first), "line starts with punctuation: \(line)") }
        }
        for line in sample.lines {
            if let last = line.unicodeScalars.last { #expect(!"（「『【《“‘".unicodeScalars.contains(last), "line ends with opening punctuation: \(line)") }
        }
        // 26 ideographs fill the indented first line; the full stop would start the second.
        let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
        let lines = writer.bodyLines(String(repeating: "质", count: 26) + "。" + String(repeating: "量", count: 10) + "（" + String(repeating: "提", count: 30))
        #expect(lines.count >= 2)
        #expect(!lines[1].hasPrefix("。"))
        #expect(lines[0].count == 25)
        for line in lines.dropLast() { #expect(!line.hasSuffix("（")) }
        // A full line holds 28 characters (the 22 × 28 grid).
        let grid = writer.bodyLines(String(repeating: "质", count: 26 + 28 + 5))
        #expect(grid.map(\.count) == [26, 28, 5])
    }

    @Test func adjacentPunctuationIsSetHalfWidth() throws {
        let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
        let pitch = Metrics.charPitch
        // Six characters, one pair: five and a half pitches (the last character has no tracking).
        let base = try writer.oneLineWidth("质量质量质量")
        #expect(abs(try writer.oneLineWidth("质（质）。质") - (base - pitch / 2)) < 0.05)
        #expect(abs(try writer.oneLineWidth("质”，质量质") - (base - pitch / 2)) < 0.05)
        #expect(abs(try writer.oneLineWidth("质：“质量质") - (base - pitch / 2)) < 0.05)
        #expect(abs(try writer.oneLineWidth("质（“质量质") - (base - pitch / 2)) < 0.05)
        // A chain of three marks gives up two halves; "（）" keeps both halves (the inks would meet).
        #expect(abs(try writer.oneLineWidth("质）”）质质") - (base - pitch)) < 0.05)
        #expect(abs(try writer.oneLineWidth("质（）质量质") - base) < 0.05)

        // The text of a compressed pair is extracted as written, in order, with no gap.
        let sentence = "试点企业（质量标杆企业）。他说：“好。”（见附件）、“同线同标同质”，完成。"
        let doc = Document(metadata: Metadata(title: "测试"), body: [.paragraph([.text(sentence)], style: .body)])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-punct-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("p.pdf")
        try writer.write(doc, to: url)
        let text = try poppler("pdftotext", [url.path, "-"]).filter { !$0.isWhitespace }
        #expect(text.contains(sentence))
    }

    @Test func rareCharactersHaveGlyphs() {
        let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
        for role in FontRole.allCases { #expect(writer.missingGlyphs("𠮷堃喆", role: role) == 0) }
    }

    @Test func missingSealIsAnError() {
        let doc = Document(metadata: Metadata(title: "测试"),
                           body: [.signature(Signature(lines: ["某局"], date: "2026年4月13日", sealImage: "/nonexistent/seal.png"))])
        #expect(throws: PDFError.self) { try PDFWriter().render(doc) }
    }

    @Test func aSealThatIsNoPNGIsAnErrorOfTheLayoutOrOfTheDrawing() throws {
        // The layout reads the seal's size from its IHDR (the frames carry the PNG's bytes);
        // cairo decodes the pixels when the PDF is drawn. Either failure names the file.
        try withTempDir { dir in
            func document(_ path: String) -> Document {
                Document(metadata: Metadata(title: "测试"),
                         body: [.signature(Signature(lines: ["某局"], date: "2026年4月13日", sealImage: path))])
            }
            let text = dir.path("seal.png")
            try Data("not a picture".utf8).write(to: URL(fileURLWithPath: text))
            #expect(throws: PDFError.sealImage(path: text, reason: "不是 PNG 图片")) { try PDFWriter().render(document(text)) }
            #expect(throws: LayoutError.sealImage(path: text, reason: "不是 PNG 图片")) { try Layout().layout(document(text)) }
            // A header that says 64 × 64 and no pixel data after it.
            var header = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
            header += Data("IHDR".utf8) + Data([0, 0, 0, 64, 0, 0, 0, 64, 8, 6, 0, 0, 0, 0, 0, 0, 0])
            let cut = dir.path("cut.png")
            try header.write(to: URL(fileURLWithPath: cut))
            let frames = try Layout().layout(document(cut))
            let images = frames.pages.flatMap(\.items).compactMap { item -> FrameImage? in
                if case .image(let image, _) = item { return image } else { return nil }
            }
            #expect(images.map(\.pixelWidth) == [64] && images.first?.png == header)
            #expect {
                try PDFWriter().render(document(cut))
            } throws: { error in
                guard case .sealImage(let path, let reason)? = error as? PDFError else { return false }
                return path == cut && !reason.isEmpty
            }
        }
    }

    @Test func fontReportResolvesEveryRole() {
        let report = FontReport.report(fontsDirectory: fontsDirectory)
        #expect(report.count == FontRole.allCases.count)
        for status in report {
            #expect(!status.resolvedFamily.isEmpty && !status.file.isEmpty, "\(status.role) unresolved")
        }
    }

    @Test func fontConfigurationParses() {
        let parsed = FontRoleTable.parse("# comment\nbody = 仿宋_GB2312, Noto Serif CJK SC # note\nbogus = X\nheading\n")
        #expect(parsed.table.families(for: .body) == ["仿宋_GB2312", "Noto Serif CJK SC"])
        #expect(parsed.table.families(for: .title) == FontRoleTable.defaults.families(for: .title))
        #expect(parsed.problems.count == 2)
    }
}

extension PDFWriter {
    /// The width of `text` set as one left-aligned body line; the test fails if it takes more lines.
    func oneLineWidth(_ text: String) throws -> Double {
        let lines = bodyLineWidths(text)
        try #require(lines.count == 1)
        return lines[0].width
    }
}
