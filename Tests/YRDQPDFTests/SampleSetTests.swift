import Foundation
import Testing
import YRDQTestSupport
import YRDQCore
import YRDQDocument
import YRDQInput
import YRDQReports
@testable import YRDQLayout
@testable import YRDQPDF

/// The five real documents of samples/jiahe-auto-parts, built in process from the rubric,
/// the templates and the sample inputs exactly as `yrdq render set` builds them, typeset
/// once for all tests and written to a temporary folder for the poppler tools.
struct SampleSet: Sendable {
    struct Rendered: Sendable {
        let name: String
        let path: String
        let data: Data
        let lines: [String]
        /// The document laid out, as the PDF was drawn from it.
        let frames: LaidOutDocument
        /// A page's text (1-based), its lines as the frames hold them.
        func pageText(_ page: Int) -> String {
            FrameText.lines(of: frames.pages[page - 1]).map(\.text).joined(separator: "\n")
        }
    }
    let blank: Rendered, filled: Rendered, selfAssessment: Rendered, summary: Rendered, provincial: Rendered
    let rubric: Rubric
    let selfAssessmentDocument: Document
    /// The blank score table's document, for tests that set it again at other page positions.
    let blankDocument: Document
    var all: [Rendered] { [blank, filled, selfAssessment, summary, provincial] }

    static let shared: Result<SampleSet, Error> = Result { try SampleSet() }

    private init() throws {
        let root = repositoryRoot
        func path(_ p: String) -> String { root.appendingPathComponent(p).path }
        rubric = try RubricReader.load(path: path("rubric/yrd-2021.yaml"))
        let builder = ReportBuilder(rubric: rubric, templates: try TemplateSet(directory: path("templates")))
        let engine = ScoringEngine(rubric: rubric)
        let sheet = try SheetReader(rubric: rubric).load(path: path("samples/jiahe-auto-parts/self-assessment.yaml"), requirePilot: true)
        let sheetResult = engine.score(sheet)
        let panel = try PanelReader.load(path: path("samples/jiahe-auto-parts/panel.yaml"),
                                         reader: SheetReader(rubric: rubric), requirePilot: true)
        let panelResult = engine.score(panel)
        selfAssessmentDocument = try builder.selfAssessment(sheet, sheetResult).document

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-pdf-set-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
        func render(_ name: String, _ document: Document) throws -> Rendered {
            let out = try writer.typeset(document)
            let url = dir.appendingPathComponent("\(name).pdf")
            try out.data.write(to: url)
            return Rendered(name: name, path: url.path, data: out.data, lines: out.lines, frames: out.frames)
        }
        blankDocument = try builder.scoreTable(nil, nil).document
        blank = try render("blank", blankDocument)
        filled = try render("filled", try builder.scoreTable(sheet, sheetResult).document)
        selfAssessment = try render("self-assessment", selfAssessmentDocument)
        summary = try render("summary", try builder.summary(panel, panelResult).document)
        provincial = try render("provincial", try builder.provincial(panel, panelResult).document)
    }
}

/// Per page: (width, height) in points, from pdfinfo.
func pageSizes(_ path: String) throws -> [(Double, Double)] {
    let info = try poppler("pdfinfo", ["-f", "1", "-l", "10000", path])
    return info.split(separator: "\n").filter { $0.hasPrefix("Page") && $0.contains("size:") }.compactMap { line in
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let i = parts.firstIndex(of: "size:"), i + 3 < parts.count,
              let w = Double(parts[i + 1]), let h = Double(parts[i + 3]) else { return nil }
        return (w, h)
    }
}

func pageText(_ path: String, _ page: Int) throws -> String {
    try poppler("pdftotext", ["-f", "\(page)", "-l", "\(page)", path, "-"])
}

/// Outline titles: cairo writes them as UTF-16BE hex strings (/Title <FEFF…>).
func outlineTitles(_ data: Data) -> [String] {
    let pdf = String(decoding: data, as: UTF8.self)
    var titles: [String] = []
    var rest = pdf[...]
    while let r = rest.range(of: "/Title <FEFF") {
        let hex = rest[r.upperBound...].prefix { $0 != ">" }
        var units: [UInt16] = []
        var i = hex.startIndex
        while let j = hex.index(i, offsetBy: 4, limitedBy: hex.endIndex), j <= hex.endIndex {
            if let u = UInt16(hex[i..<j], radix: 16) { units.append(u) }
            i = j
            if i == hex.endIndex { break }
        }
        titles.append(String(decoding: units, as: UTF16.self))
        rest = rest[r.upperBound...]
    }
    return titles
}

@Suite struct SampleSetTests {
    func set() throws -> SampleSet {
        switch SampleSet.shared {
        case .success(let s): return s
        case .failure(let e):
            Issue.record("could not build the sample documents from samples/jiahe-auto-parts: \(e)")
            throw e
        }
    }

    @Test func blankScoreTableHasAll56ItemsInOrder() throws {
        let s = try set()
        let raw = try poppler("pdftotext", [s.blank.path, "-"])
        let text = String(raw.unicodeScalars.filter { !$0.properties.isWhitespace })
        var cursor = text.startIndex
        for item in s.rubric.items {
            let number = "\(item.number)．"
            var found: Range<String.Index>?
            var from = cursor
            while let r = text.range(of: number, range: from..<text.endIndex) {
                // Not the tail of a longer number ("11．" for "1．").
                if r.lowerBound == text.startIndex || !text[text.index(before: r.lowerBound)].isNumber { found = r; break }
                from = r.upperBound
            }
            guard let found else { Issue.record("item \(item.number) missing or out of order"); return }
            let start = String(item.text.unicodeScalars.filter { !$0.properties.isWhitespace }.prefix(6))
            #expect(text[found.upperBound...].hasPrefix(start), "item \(item.number)'s text is not extractable after its number")
            cursor = found.upperBound
        }
    }

    @Test func theSigningFormNeverOpensAPage() throws {
        // GB/T 9704 §7.3.5 for signatures, applied to the score table's 评估人/签字 lines: the
        // last lines of the text above go over with them (the sample's filled table needs it).
        let s = try set()
        for doc in [s.blank, s.filled] {
            let pages = doc.frames.pages.count
            let holding = (1...pages).filter { doc.pageText($0).contains("评估人") }
            #expect(holding.count == 1, "\(doc.name): 评估人 on pages \(holding)")
            guard let page = holding.first else { continue }
            let lines = doc.pageText(page).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && $0 != "续表" }
            #expect(lines.first?.hasPrefix("评估人") == false, "\(doc.name): page \(page) opens with the form")
            let text = doc.pageText(page)
            #expect(text.contains("签字"), "\(doc.name): 评估人 and 签字 are on different pages")
        }
    }

    @Test func scoreTablePagesRepeatTheHeaderAndMarkContinuations() throws {
        let s = try set()
        // The item that opens each first-level indicator: a page that opens with any other
        // item continues a merged indicator cell and must show its label again, with （续）.
        var firstOfIndicator = Set<Int>()
        for indicator in s.rubric.indicators {
            if let first = indicator.groups.first?.items.first { firstOfIndicator.insert(first.number) }
        }
        for doc in [s.blank, s.filled] {
            #expect(doc.frames.pages.count == (try pageCount(doc.path)))
            let pages = doc.frames.pages.count
            var tablePages: [Int] = []
            var continued = 0
            for page in 1...pages {
                let text = doc.pageText(page)
                guard text.contains("一级指标") else { continue }
                tablePages.append(page)
                for label in ["一级指标", "二级指标", "三级指标", "得分"] {
                    #expect(text.contains(label), "\(doc.name) page \(page) lacks the header cell \(label)")
                }
                if page == 1 {
                    #expect(!text.contains("（续）") && !text.contains("续表"), "\(doc.name) page 1 is marked as continued")
                    continue
                }
                #expect(text.contains("续表"), "\(doc.name) continuation page \(page) lacks 续表")
                // The first item number on the page ("17．").
                let flat = String(text.unicodeScalars.filter { !$0.properties.isWhitespace })
                let body = flat[(flat.range(of: "得分")?.upperBound ?? flat.startIndex)...]
                if let r = body.range(of: #"(?<![0-9])[0-9]{1,2}．"#, options: .regularExpression),
                   let number = Int(body[r].dropLast()), !firstOfIndicator.contains(number) {
                    continued += 1
                    #expect(flat.contains("（续）"), "\(doc.name) page \(page) continues an indicator without （续）")
                }
            }
            #expect(tablePages == Array(1...max(1, tablePages.count)), "\(doc.name): table pages \(tablePages)")
            #expect(tablePages.count >= 5 && continued >= 2, "\(doc.name): \(tablePages.count) table pages, \(continued) continued")
        }
    }

    @Test func pagesAreA4InTheRightOrientation() throws {
        let s = try set()
        let portrait = (595.28, 841.89), landscape = (841.89, 595.28)
        func same(_ a: (Double, Double), _ b: (Double, Double)) -> Bool { abs(a.0 - b.0) < 0.05 && abs(a.1 - b.1) < 0.05 }
        for doc in [s.blank, s.filled, s.selfAssessment] {
            let sizes = try pageSizes(doc.path)
            #expect(!sizes.isEmpty)
            for (i, size) in sizes.enumerated() { #expect(same(size, portrait), "\(doc.name) page \(i + 1): \(size)") }
        }
        let summary = try pageSizes(s.summary.path)
        #expect((2...3).contains(summary.count), "summary sheet: \(summary.count) pages")
        for (i, size) in summary.enumerated() { #expect(same(size, landscape), "summary page \(i + 1): \(size)") }
        // The provincial report: portrait sheets throughout (GB/T 9704 §8); its 附件1 (the
        // summary sheet) is set landscape, turned onto them (PageBreakTests checks how).
        let sizes = try pageSizes(s.provincial.path)
        for (i, size) in sizes.enumerated() { #expect(same(size, portrait), "provincial page \(i + 1): \(size)") }
        let turned = try turnedPages(s.provincial.path)
        #expect(!turned.isEmpty && turned.count <= 3, "turned pages: \(turned)")
        if let first = turned.first {
            #expect(try pageText(s.provincial.path, first).contains("附件1"))
            #expect(turned == Array(first..<(first + turned.count)))
            #expect(try pageText(s.provincial.path, first - 1).contains("附件1") == false)
        }
    }

    @Test func fontsAreEmbeddedSubsets() throws {
        let s = try set()
        for doc in s.all {
            let rows = try poppler("pdffonts", [doc.path]).split(separator: "\n").dropFirst(2)
            #expect(!rows.isEmpty, "\(doc.name): no fonts listed")
            for row in rows {
                let columns = row.split(separator: " ", omittingEmptySubsequences: true)
                #expect(columns[columns.count - 5] == "yes", "\(doc.name): not embedded: \(row)")
                #expect(columns[columns.count - 4] == "yes", "\(doc.name): not a subset: \(row)")
                #expect(columns.first.map { $0.count > 7 && $0.dropFirst(6).first == "+" } == true, "\(doc.name): no subset tag: \(row)")
            }
        }
    }

    @Test func outlinesListTheReportsHeadings() throws {
        let s = try set()
        let selfTitles = outlineTitles(s.selfAssessment.data)
        for heading in ["一、试点基本情况", "附件1"] {
            #expect(selfTitles.contains { $0.hasPrefix(heading) }, "self-assessment outline lacks \(heading): \(selfTitles)")
        }
        var headings: [String] = []
        for block in s.selfAssessmentDocument.body { if case .heading(_, let text) = block { headings.append(text) } }
        #expect(headings.count >= 5)
        for h in headings { #expect(selfTitles.contains(h), "outline lacks \(h)") }
        let provincialTitles = outlineTitles(s.provincial.data)
        for heading in ["一、评估依据", "二、评估组织", "三、评估结果", "（一）专家评分", "六、评估结论", "附件1"] {
            #expect(provincialTitles.contains { $0.hasPrefix(heading) }, "provincial outline lacks \(heading)")
        }
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let s = try set()
        let again = try PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory)).render(s.selfAssessmentDocument)
        #expect(again == s.selfAssessment.data)
    }

    @Test func selfAssessmentLinesKeepPunctuationRules() throws {
        let s = try set()
        let closing = Set("，。、；：？！）」』】》〉〕〗］｝”’…%％".unicodeScalars)
        let opening = Set("（「『【《〈〔〖［｛“‘".unicodeScalars)
        #expect(s.selfAssessment.lines.count > 300)
        for line in s.selfAssessment.lines {
            if let first = line.unicodeScalars.first { #expect(!closing.contains(first), "line starts with \(first): \(line)") }
            if let last = line.unicodeScalars.last { #expect(!opening.contains(last), "line ends with \(last): \(line)") }
        }
    }

    @Test func summarySheetTitleIsCentredOnTheLandscapePage() throws {
        let s = try set()
        // pdftotext -bbox gives word boxes; the title's centre must be the page's centre.
        let html = try poppler("pdftotext", ["-bbox", "-f", "1", "-l", "1", s.summary.path, "-"])
        guard let line = html.split(separator: "\n").first(where: { $0.contains("专家评分汇总表") }) else {
            Issue.record("summary title not found"); return
        }
        func attr(_ name: String) -> Double? {
            guard let r = line.range(of: "\(name)=\"") else { return nil }
            return Double(line[r.upperBound...].prefix { $0 != "\"" })
        }
        if let xMin = attr("xMin"), let xMax = attr("xMax") {
            #expect(abs((xMin + xMax) / 2 - 841.89 / 2) < 6, "title centre \((xMin + xMax) / 2)")
        }
    }
}
