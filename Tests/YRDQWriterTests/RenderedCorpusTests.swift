import Foundation
import Testing
import YRDQDocument
import YRDQHTML
import YRDQMarkdown

/// The writers against real parsers, over a seeded corpus of hostile strings placed in every
/// kind of user text a document holds: no element or attribute comes from user text, every
/// table row keeps its cells, and the text reads as it was given. `YRDQ_WRITER_SEED` replays
/// another corpus, `YRDQ_WRITER_DOCUMENTS` sets its size (documents of 61 strings each).
@Suite struct RenderedCorpusTests {
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["YRDQ_WRITER_SEED"].flatMap { UInt64($0) } ?? 20_261_201
    }
    static var documents: Int {
        ProcessInfo.processInfo.environment["YRDQ_WRITER_DOCUMENTS"].flatMap { Int($0) } ?? 50
    }

    @Test func markdownThroughCmarkGFM() throws {
        try run(.markdown) { MarkdownWriter().render($0) }
    }

    @Test func htmlThroughHTMLParser() throws {
        try run(.html) { HTMLWriter().render($0) }
    }

    /// The same check on strings chosen by hand (the issue's cases), each in every place of
    /// a document of its own, so that a failure names them.
    @Test func knownCasesThroughCmarkGFM() throws {
        let cases = [
            "\u{301}<img src=x onerror=alert(1)>", "\u{600}<img src=x onerror=alert(1)>",
            "[a]\u{301}(javascript:alert(1))", "\u{600}[a](javascript:alert(1))", "浙江省质量院|\u{301}99.99",
            "浙江省质量院\u{600}|99.99", "\u{600}>引用", "甲\n:-", "甲\n-|-", "www.evil.example", "a@evil.example",
            "http://evil.example", "`\u{301}<img src=x onerror=1>`", "-\u{301} 列表",
        ]
        try run(.markdown, strings: cases) { MarkdownWriter().render($0) }
        try run(.html, strings: cases) { HTMLWriter().render($0) }
    }

    /// Renders documents of hostile strings (`strings`: one document for each, in every
    /// slot; otherwise the seeded corpus, a new string in every slot) and checks them.
    private func run(_ format: RenderedOutputChecker.Format, strings: [String]? = nil,
                     render: (Document) -> String) throws {
        guard let python = RenderedOutputChecker.tool("python3", package: "python3") else { return }
        var cmark = ""
        if format == .markdown {
            guard let found = RenderedOutputChecker.tool("cmark-gfm", package: "cmark-gfm") else { return }
            cmark = found
        }
        let documents: [[String]]
        if let strings {
            documents = strings.flatMap { [[String]](repeating: [String](repeating: $0, count: HostileCorpus.slots), count: HostileCorpus.shapes) }
        } else {
            var rng = SeededGenerator(seed: Self.seed)
            documents = (0..<Self.documents).map { _ in (0..<HostileCorpus.slots).map { _ in HostileCorpus.string(&rng) } }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-writers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        let ext = format == .markdown ? "md" : "html"
        var references: [String] = []
        for shape in 0..<HostileCorpus.shapes {
            let reference = dir.appendingPathComponent("reference\(shape).\(ext)")
            try render(HostileCorpus.document(shape: shape, HostileCorpus.marker)).write(to: reference, atomically: true, encoding: .utf8)
            references.append(reference.path)
        }

        var cases: [RenderedOutputChecker.Case] = []
        var texts: [String: [String]] = [:]
        for (d, slotTexts) in documents.enumerated() {
            let file = dir.appendingPathComponent("doc\(d).\(ext)")
            let shape = d % HostileCorpus.shapes
            try render(HostileCorpus.document(shape: shape) { slotTexts[$0] }).write(to: file, atomically: true, encoding: .utf8)
            let expected = slotTexts.enumerated().map { i, text in
                format == .markdown && HostileCorpus.labelSlots.contains(i) ? Self.labelAsMarkdownShowsIt(text) : text
            }
            cases.append(.init(file: file.path, reference: references[shape], expected: expected))
            texts[file.path] = slotTexts
        }
        let job = RenderedOutputChecker.Job(format: format == .markdown ? "markdown" : "html", cmark: cmark, cases: cases)
        let problems = try RenderedOutputChecker.check(job, python: python, in: dir)
        for problem in problems.prefix(5) {
            let file = problem.prefix { $0 != ":" }
            let slots = texts[String(file)].map { $0.map(\.debugDescription).joined(separator: ", ") } ?? ""
            Issue.record("\(format) (seed \(Self.seed)): \(problem)\n  slot texts: \(slots)")
        }
        #expect(problems.isEmpty, "\(problems.count) problems")
    }

    /// A cover label as the Markdown writer shows it: its own trailing colons (and blanks)
    /// replaced by the writer's "：", control characters dropped.
    static func labelAsMarkdownShowsIt(_ label: String) -> String {
        var scalars = label.unicodeScalars.filter { !($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }
        while let last = scalars.last,
              last == ":" || last == "：" || last.properties.generalCategory == .spaceSeparator { scalars.removeLast() }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }
}
