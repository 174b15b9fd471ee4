import Foundation
import Testing
import YRDQDocument
import YRDQTestSupport
@testable import YRDQLayout
@testable import YRDQPDF

/// Setting text takes work linear in its length: the layout's units of work (shaper steps,
/// characters the breaker looks at, glyphs cut into lines, table rows and cells visited,
/// blocks looked at) are counted for an input and for one twice as long, and must not grow
/// faster than twice. Speed itself is measured by the benchmark, never asserted here.
@Suite struct LinearWorkTests {
    let fonts = FontSystem(fontsDirectory: fontsDirectory)
    var bodySpec: ParagraphSpec {
        ParagraphSpec(style: TextStyle(role: .body, size: Metrics.body, tracking: Metrics.bodyTracking),
                      width: PageGeometry.a4(.portrait).width, firstIndent: 2 * Metrics.charPitch)
    }

    /// The lines a paragraph is set in and the work it took, in a fresh setter.
    func set(_ styled: StyledText, _ spec: ParagraphSpec? = nil) -> (lines: [SetLine], work: LayoutWork) {
        let setter = TextSetter(fonts: fonts)
        return (setter.set(styled, spec ?? bodySpec), setter.work)
    }

    func expectLinear(_ kind: String, _ small: Int, _ large: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(small > 0 && Double(large) <= 2.25 * Double(small),
                "\(kind): work \(small) for n, \(large) for 2n (more than twice)", sourceLocation: sourceLocation)
    }

    /// "a" and thousands of accents: HarfBuzz 6 costs the square of a cluster's marks, so the
    /// cluster is shaped in pieces; it stays one grapheme, on one line, with all its text.
    @Test func aLetterWithThousandsOfAccentsIsShapedInPieces() {
        func run(_ n: Int) -> (steps: Int, lines: [String]) {
            let text = "说明：a" + String(repeating: "\u{301}", count: n) + "。"
            let (lines, work) = set(StyledText(text))
            return (work.shaperSteps, lines.map(\.text))
        }
        let small = run(3000), large = run(6000)
        expectLinear("a + accents", small.steps, large.steps)
        #expect(small.steps <= 4000 * ShapedText.maximumShapedCluster)
        #expect(large.lines == ["说明：a" + String(repeating: "\u{301}", count: 6000) + "。"])
    }

    /// A letter with its accents advances as one character: the tracking and the
    /// justification go between graphemes, never after each accent (600 accents used to pull
    /// the rest of the line 120 pt to the left, over the text before them).
    @Test func aGraphemeIsSpacedAsOneCharacter() throws {
        let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
        func width(_ marks: Int) throws -> Double {
            let lines = writer.bodyLineWidths("甲a" + String(repeating: "\u{301}", count: marks) + "乙丙")
            try #require(lines.count == 1)
            return lines[0].width
        }
        // (The first accent may be composed with the letter: "á" is measured against itself.)
        let plain = try width(1)
        for marks in [2, 5, 40, 600] {
            #expect(abs(try width(marks) - plain) < 0.01, "\(marks) accents")
        }
        // In a justified paragraph the accented letter's line fills the measure as any other
        // (a full line of ideographs stands 0.2 pt over: its last character has no tracking).
        let text = String(repeating: "质量提升", count: 20) + "e\u{301}\u{302}\u{303}" + String(repeating: "示范试点", count: 20)
        let (lines, _) = set(StyledText(text))
        #expect(lines.map(\.text).joined() == text)
        for line in lines.dropLast() {
            #expect(abs(line.x + line.box.width - bodySpec.width) < 0.25, "\(line.text)")
        }
    }

    /// Long runs without a break opportunity, many short clusters, CJK, scripts and
    /// directions mixed, hard line breaks: linear work, and every character set once, in order.
    enum Kind: String, CaseIterable, Sendable {
        case latinWord, digits, url, accents, hebrewPoints, accentedLetters, emojiZWJ, longZWJChain, thai, cjk, words,
             mixedScripts, hebrewInChinese, hardLineBreaks

        func text(_ n: Int) -> String {
            switch self {
            case .latinWord: String(repeating: "a", count: n)
            case .digits: String(repeating: "7", count: n)
            case .url: "https://example.com/" + String(String(repeating: "abc/def-ghi_", count: n / 12 + 1).prefix(n))
            case .accents: "a" + String(repeating: "\u{301}", count: n)
            case .hebrewPoints: "中ש" + String(repeating: "\u{5B8}\u{591}", count: n / 2) + "中"
            case .accentedLetters: String(repeating: "e\u{301}\u{323}", count: n / 3)
            case .emojiZWJ: String(repeating: "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", count: n / 5)
            case .longZWJChain: "\u{1F468}" + String(repeating: "\u{200D}\u{1F468}", count: n / 2)
            case .thai: String(repeating: "กา", count: n / 2)
            case .cjk: String(String(repeating: "质量提升示范试点建设评估，", count: n / 13 + 1).prefix(n))
            case .words: String(repeating: "quality ", count: n / 8)
            case .mixedScripts: String(repeating: "a中", count: n / 2)
            case .hebrewInChinese: String(repeating: "א中", count: n / 2)
            case .hardLineBreaks: String(repeating: "第1行\n", count: n / 4)
            }
        }
    }

    @Test(arguments: Kind.allCases)
    func workIsLinear(_ kind: Kind) {
        func run(_ n: Int) -> Int {
            let text = kind.text(n)
            let (lines, work) = set(StyledText(text))
            // Nothing lost, nothing doubled, no grapheme split between lines.
            let strip: (String) -> [Character] = { Array($0.filter { $0 != " " && $0 != "\n" }) }
            #expect(lines.flatMap { strip($0.text) } == strip(text), "\(kind): text changed")
            return work.total
        }
        expectLinear(kind.rawValue, run(4000), run(8000))
    }

    /// A measure narrower than a grapheme (a one-em table column): one grapheme a line,
    /// broken at grapheme boundaries, nothing lost.
    @Test func aGraphemeWiderThanTheMeasureTakesALineOfItsOwn() {
        let text = String(repeating: "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", count: 50) + "W\u{301}\u{302}" + "质量"
        let spec = ParagraphSpec(style: TextStyle(role: .table, size: 12), width: 4, alignment: .justify)
        let (lines, _) = set(StyledText(text), spec)
        #expect(lines.map(\.text).joined() == text)
        #expect(lines.count == Array(text).count)
        #expect(lines.allSatisfy { Array($0.text).count == 1 })
    }

    /// A paragraph with many fill-in blanks, over lines and hard line breaks: each line is
    /// given only its own underlines.
    @Test func underlinesAreLookedUpPerLine() {
        func run(_ n: Int, separator: String) -> Int {
            var spans: [Span] = []
            for k in 0..<n { spans.append(.text("第\(k)项\(separator)")); spans.append(.blank(width: 2)) }
            let styled = StyledText(spans)
            let (lines, work) = set(styled)
            #expect(lines.map { $0.box.rules.count }.reduce(0, +) >= n)
            return work.lineSteps
        }
        expectLinear("blanks", run(1000, separator: "："), run(2000, separator: "："))
        expectLinear("blanks on lines", run(1000, separator: "\n"), run(2000, separator: "\n"))
    }

    /// A table of many rows, some cells spanning rows, over many pages: pieces, cells and
    /// segments found once, not searched for on every page.
    @Test func tableWorkIsLinearInItsRows() throws {
        func run(_ n: Int) throws -> (work: Int, lines: [String]) {
            var rows: [[Table.Cell]] = []
            for r in 0..<n {
                var row: [Table.Cell] = []
                if r % 10 == 0 { row.append(Table.Cell("第\(r / 10 + 1)组", rowSpan: 10, alignment: .center)) }
                row.append(Table.Cell("\(r + 1)", alignment: .center))
                row.append(Table.Cell("附件\(r + 1) 证明材料.pdf"))
                rows.append(row)
            }
            let table = Table(columns: [.init(width: 2, alignment: .center), .init(width: 1, alignment: .center), .init(width: 6)],
                              header: [["组", "序号", "证明材料"].map { Table.Cell($0, alignment: .center) }], rows: rows)
            let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
            let out = try writer.typeset(Document(metadata: Metadata(title: "t"), body: [.table(table)]))
            return (out.work.tableSteps, out.lines)
        }
        let small = try run(600), large = try run(1200)
        expectLinear("table rows", small.work, large.work)
        #expect(large.lines.contains("附件1200 证明材料.pdf"))
        #expect(large.lines.contains { $0.hasSuffix("（续）") })
    }

    /// Many plain paragraphs in a row (a value with line breaks in an @plain line): the
    /// signing-form keep counts the run once, not from every paragraph again.
    @Test func blocksAreLookedAtOnce() throws {
        func run(_ n: Int) throws -> Int {
            let blocks = (0..<n).map { Block.text("第\($0)行", .plain) }
            let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
            return try writer.typeset(Document(metadata: Metadata(title: "t"), body: blocks)).work.blockSteps
        }
        expectLinear("plain paragraphs", try run(1000), try run(2000))
    }

    /// Tens of thousands of distinct characters no face has (private use): each is noted
    /// once, in order, without comparing it with every one noted before. Run as the command
    /// line in its own process, with a limit far above the linear time (about a second) and
    /// far below the quadratic one (over a minute).
    @Test func manyMissingCharactersAreNotedInLinearTime() throws {
        let binary = repositoryRoot.appendingPathComponent(".build/debug/yrdq").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("no .build/debug/yrdq: build the package first (swift build)"); return
        }
        let dir = try TempDir()
        defer { dir.remove() }
        let sample = repositoryRoot.appendingPathComponent("samples/jiahe-auto-parts")
        try FileManager.default.copyItem(atPath: sample.appendingPathComponent("pilot.yaml").path, toPath: dir.path("pilot.yaml"))
        var sheet = try String(contentsOf: sample.appendingPathComponent("self-assessment.yaml"), encoding: .utf8)
        let note = String(String.UnicodeScalarView((0..<40_000).map { Unicode.Scalar(0xF0000 + $0)! }))
        let old = "    note: 风险交流制度虽已印发，但试点期间仅召开风险交流会1次，未形成常态化运行机制，未提供定期运行记录。"
        try #require(sheet.contains(old))
        sheet = sheet.replacingOccurrences(of: old, with: "    note: \"\(note)\"")
        let path = try dir.write("self-assessment.yaml", sheet)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["render", "self-assessment", path, "--format", "pdf", "--out", dir.path("out"),
                             "--rubric", repositoryRoot.appendingPathComponent("rubric/yrd-2021.yaml").path]
        process.currentDirectoryURL = repositoryRoot
        let pipe = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(hangGuardSeconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        let finished = !process.isRunning
        if !finished { process.terminate(); process.waitUntilExit() }
        #expect(finished, "40 000 missing characters took over \(hangGuardSeconds) s: hung")
        let stderr = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!finished || process.terminationStatus == 0, "\(stderr.prefix(300))")
        #expect(stderr.contains("U+F0000") && stderr.contains("等 40000 个"), "\(stderr.prefix(300))")
    }

    /// A paragraph shaped once is reused by the next document set with the same fonts (the
    /// next pilot of a batch worker): the same bytes, lines and work as a document set alone.
    @Test func paragraphsShapedOnceServeTheNextDocument() throws {
        let rows = (1...40).map { r in [Table.Cell("\(r)", alignment: .center), Table.Cell("第\(r)项 质量提升示范试点建设成效（A\u{0301}rabic عربي）")] }
        let table = Table(columns: [.init(width: 1, alignment: .center), .init(width: 6)],
                          header: [["序号", "内容"].map { Table.Cell($0, alignment: .center) }], rows: rows)
        let document = Document(metadata: Metadata(title: "t"),
                                body: [.heading(level: 1, text: "评估报告"), .text("长三角质量提升示范试点\t建设评估。"), .table(table)])
        let writer = PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory))
        let alone = try writer.typeset(document)
        let shared = PDFFonts(fontsDirectory: fontsDirectory)
        let first = try writer.typeset(document, fonts: shared)
        #expect(shared.system.shapedCount > 0)
        let again = try writer.typeset(document, fonts: shared)
        for run in [first, again] {
            #expect(run.data == alone.data)
            #expect(run.lines == alone.lines)
            func counts(_ w: LayoutWork) -> [Int] { [w.shaperSteps, w.shapedBytes, w.breakerSteps, w.lineSteps, w.tableSteps, w.blockSteps] }
            #expect(counts(run.work) == counts(alone.work))
        }
    }
}
