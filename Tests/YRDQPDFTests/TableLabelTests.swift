import Foundation
import Testing
import YRDQTestSupport
import YRDQCore
import YRDQDocument
@testable import YRDQLayout
@testable import YRDQPDF

/// A word of `pdftotext -bbox`, in points from the page's top left.
struct PDFWord {
    let xMin: Double, yMin: Double, xMax: Double, yMax: Double
    let text: String
}

/// Every page's words, as poppler reads them from the real PDF.
func pdfWords(_ path: String) throws -> [[PDFWord]] {
    let xml = try poppler("pdftotext", ["-bbox", path, "-"])
    var pages: [[PDFWord]] = []
    let pattern = try NSRegularExpression(
        pattern: #"<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>"#)
    for line in xml.split(separator: "\n") {
        if line.contains("<page ") { pages.append([]); continue }
        let s = String(line)
        guard !pages.isEmpty,
              let m = pattern.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { continue }
        func group(_ k: Int) -> String { String(s[Range(m.range(at: k), in: s)!]) }
        let text = group(5).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        pages[pages.count - 1].append(PDFWord(xMin: Double(group(1))!, yMin: Double(group(2))!,
                                              xMax: Double(group(3))!, yMax: Double(group(4))!, text: text))
    }
    return pages
}

/// Reads the score table's label columns back from a real PDF and checks, page by page,
/// that every cell spanning rows shows its whole text where its rows are: the indicator
/// (一级指标) and group (二级指标) of every item on the page, whole, with （续） after their
/// first page; the bonus categories and the deductions whole wherever they show. And no
/// continuation page holds the header and the total row alone.
func scoreTableLabelProblems(_ path: String, rubric: Rubric, name: String) throws -> [String] {
    var problems: [String] = []
    var indicatorOf: [Int: (indicator: String, group: String)] = [:]
    for indicator in rubric.indicators {
        for group in indicator.groups {
            for item in group.items {
                indicatorOf[item.number] = ("\(indicator.numeral)、\(indicator.name)（\(indicator.points)分）",
                                            "\(group.name)（\(group.points)分）")
            }
        }
    }
    var others = rubric.bonus.categories.map { ("\($0.numeral)、", "\($0.numeral)、\($0.name)（\($0.points)分）") }
    others.append(("\(rubric.deductions.numeral)、", "\(rubric.deductions.numeral)、\(rubric.deductions.name)"))
    // A4 portrait, GB/T 9704: the text block starts 28 mm from the left and ends 262 mm from the top.
    let blockLeft = 28 / 25.4 * 72, blockBottom = 262 / 25.4 * 72
    let itemStart = try NSRegularExpression(pattern: #"^([0-9]{1,2})．"#)
    var seen = Set<String>()
    var tablePages = 0
    // The row before the total: the last deduction condition. A continuation page never holds
    // the total row alone, so a table's last page shows that condition too.
    let beforeTotal = String((rubric.deductions.conditions.last?.text ?? "").unicodeScalars
        .filter { !$0.properties.isWhitespace }.prefix(10))
    var lastPage: (page: Int, text: String)? = nil
    func checkLastPage() {
        if let last = lastPage, !last.text.contains(beforeTotal) {
            problems.append("\(name) page \(last.page): the table's last row stands alone on a continuation page")
        }
    }
    for (index, words) in try pdfWords(path).enumerated() {
        let page = index + 1
        guard let h1 = words.first(where: { $0.text == "一级指标" }),
              let h2 = words.first(where: { $0.text == "二级指标" }),
              words.contains(where: { $0.text == "三级指标" }) else { continue }
        tablePages += 1
        // A table's first page (no 续表 above its header) starts the count of labels afresh.
        if !words.contains(where: { $0.text.hasPrefix("续表") && $0.yMax <= h1.yMin }) {
            checkLastPage()
            seen = []
        }
        lastPage = (page, String(words.map(\.text).joined().unicodeScalars.filter { !$0.properties.isWhitespace }))
        let body = words.filter { $0.yMin >= h1.yMax - 0.5 && $0.yMax <= blockBottom + 1 }
        func number(_ w: PDFWord) -> Int? {
            guard w.xMin > h2.xMax,
                  let m = itemStart.firstMatch(in: w.text, range: NSRange(w.text.startIndex..., in: w.text)),
                  let r = Range(m.range(at: 1), in: w.text) else { return nil }
            return Int(w.text[r])
        }
        let itemWords = body.filter { number($0) != nil }
        let column3Left = itemWords.map(\.xMin).min() ?? .infinity
        let items = itemWords.filter { $0.xMin < column3Left + 3 }.compactMap(number)
        func text(_ column: [PDFWord]) -> String {
            let sorted = column.sorted { abs($0.yMin - $1.yMin) > 1 ? $0.yMin < $1.yMin : $0.xMin < $1.xMin }
            return String(sorted.map(\.text).joined().unicodeScalars.filter { !$0.properties.isWhitespace })
        }
        // Centred labels: a first-column line ends before the second header label begins, and
        // never starts at the block's edge (notes and the signing form under the table do).
        let column1 = text(body.filter { $0.xMin > blockLeft + 1 && $0.xMax <= h2.xMin + 0.5 })
        let column2 = text(body.filter { $0.xMax > h2.xMin + 0.5 && $0.xMax <= column3Left + 0.5 })
        func expect(_ label: String, in column: String, _ what: String) {
            let key = "\(what)|\(label)"
            let continued = seen.contains(key)
            let whole = continued ? label + "（续）" : label
            if !column.contains(whole) {
                problems.append("\(name) page \(page): \(what) \"\(whole)\" not shown whole (column reads \"\(column)\")")
            }
            seen.insert(key)
        }
        var labels: [String] = []
        var groups: [String] = []
        for item in items {
            guard let known = indicatorOf[item] else { continue }
            if !labels.contains(known.indicator) { labels.append(known.indicator) }
            if !groups.contains(known.group) { groups.append(known.group) }
        }
        for label in labels { expect(label, in: column1, "indicator") }
        for group in groups { expect(group, in: column2, "group") }
        for (prefix, label) in others where column1.contains(prefix) { expect(label, in: column1, "label") }
    }
    checkLastPage()
    if tablePages < 3 { problems.append("\(name): only \(tablePages) score table pages found") }
    return problems
}

@Suite struct TableLabelTests {
    func set() throws -> SampleSet {
        switch SampleSet.shared {
        case .success(let s): return s
        case .failure(let e):
            Issue.record("could not build the sample documents: \(e)")
            throw e
        }
    }

    @Test func everyLabelIsWholeOnEveryPageOfTheSampleTables() throws {
        // The blank and filled tables, and the provincial report, whose attachments hold every
        // expert's table (each set at another page position than the others).
        let s = try set()
        for doc in [s.blank, s.filled, s.provincial] {
            let problems = try scoreTableLabelProblems(doc.path, rubric: s.rubric, name: doc.name)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test(arguments: [1, 4, 9, 15, 22])
    func everyLabelIsWholeWithTheTableLowerOnItsFirstPage(_ lines: Int) throws {
        // The blank table moved down the page by a paragraph of `lines` lines: every label
        // meets the page bottom at another row.
        let s = try set()
        var document = s.blankDocument
        let at = document.body.firstIndex { if case .table = $0 { return true } else { return false } } ?? 0
        let sentence = "本段用于把评分表下移，检验表格在不同页面位置断页时标签是否完整。"
        document.body.insert(.text(String(repeating: sentence, count: max(1, lines * 28 / sentence.count))), at: at)
        let out = try PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory)).typeset(document)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-labels-\(getpid())-\(lines).pdf")
        try out.data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let problems = try scoreTableLabelProblems(url.path, rubric: s.rubric, name: "blank+\(lines)")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}

/// Lines of words on a page: words whose tops lie within half a point, left to right.
func wordLines(_ words: [PDFWord]) -> [[PDFWord]] {
    var lines: [[PDFWord]] = []
    for w in words.sorted(by: { abs($0.yMin - $1.yMin) > 0.5 ? $0.yMin < $1.yMin : $0.xMin < $1.xMin }) {
        if let last = lines.last?.first, abs(last.yMin - w.yMin) <= 0.5 { lines[lines.count - 1].append(w) } else { lines.append([w]) }
    }
    return lines
}

func isHan(_ c: Character?) -> Bool {
    guard let s = c?.unicodeScalars.first else { return false }
    return (0x3400...0x9FFF).contains(s.value) || (0x20000...0x3FFFF).contains(s.value)
}

/// Whether joining `a` and `b` puts the join inside one of the documents' words.
func breaksInsideWord(_ a: String, _ b: String) -> Bool {
    let scalars = Array((a + b).unicodeScalars)
    let inside = Punctuation.insideWords(scalars)
    return inside[a.unicodeScalars.count]
}

extension TableLabelTests {
    @Test func tableCellsAreNeverLetterSpaced() throws {
        // Letter-spaced text reads to poppler as words of one or two characters apart by a
        // fraction of an em (0.18–0.37 em in the evidence list before): two ideographs on one
        // line of a table, apart by more than about 0.15 em (justification spreads by at most
        // 0.125 em) and less than the two cell paddings.
        let s = try set()
        let blockLeft = 28 / 25.4 * 72
        for doc in [s.blank, s.filled, s.selfAssessment, s.provincial] {
            for (index, words) in try pdfWords(doc.path).enumerated() where !words.contains(where: { $0.xMax > 596 }) {
                guard words.contains(where: { ["一级指标", "序号", "证明材料"].contains($0.text) }) else { continue }
                for line in wordLines(words) where (line.first?.xMin ?? 0) > blockLeft + 2 {
                    for (a, b) in zip(line, line.dropFirst()) {
                        // The em: a word of wide characters advances one em (and at most an eighth
                        // more) a character; poppler's box height is the face's ascent to descent,
                        // 1.44 em in Noto CJK.
                        let wide = !a.text.isEmpty && a.text.unicodeScalars.allSatisfy { $0.value >= 0x3000 }
                        let gap = b.xMin - a.xMax
                        let size = wide ? (a.xMax - a.xMin) / Double(a.text.count) : a.yMax - a.yMin
                        if isHan(a.text.last) && isHan(b.text.first) && gap > 0.14 * size && gap < 0.6 * size {
                            Issue.record("\(doc.name) page \(index + 1): \"\(a.text)\" \"\(b.text)\" spaced \(gap) pt apart")
                        }
                    }
                }
            }
        }
    }

    @Test func aNumberStaysWithItsUnitInCells() throws {
        let s = try set()
        for doc in s.all {
            let lines = try poppler("pdftotext", [doc.path, "-"]).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            // "分" as a unit: alone or before punctuation ("分）。"), not a word ("分值", "分歧").
            for (a, b) in zip(lines, lines.dropFirst()) where b.hasPrefix("分") && !isHan(b.dropFirst().first) {
                #expect(!(a.last?.isNumber ?? false), "\(doc.name): \"\(a)\" / \"\(b)\" parts a number from its unit")
            }
        }
    }

    @Test func labelsAndNotesBreakBetweenWords() throws {
        let s = try set()
        for doc in [s.blank, s.filled] {
            let pages = try pdfWords(doc.path)
            for (index, words) in pages.enumerated() {
                guard let h2 = words.first(where: { $0.text == "二级指标" }),
                      let h1 = words.first(where: { $0.text == "一级指标" }) else { continue }
                // The label column: consecutive lines of one label must not split a word.
                let column = words.filter { $0.yMin > h1.yMax && $0.xMin > 28 / 25.4 * 72 + 1 && $0.xMax <= h2.xMin + 0.5 }
                for (a, b) in zip(column, column.dropFirst()) where b.yMin > a.yMin && b.yMin - a.yMax < 6 {
                    #expect(!breaksInsideWord(a.text, b.text), "\(doc.name) page \(index + 1): label breaks \"\(a.text)/\(b.text)\"")
                }
            }
            // The notes under the table: from "注1" to the signing form.
            let text = try poppler("pdftotext", [doc.path, "-"])
            guard let start = text.range(of: "注1："), let end = text.range(of: "评估人", range: start.upperBound..<text.endIndex) else {
                Issue.record("\(doc.name): no notes found"); continue
            }
            let lines = text[start.lowerBound..<end.lowerBound].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("—") && $0 != "续表" }
            #expect(lines.count >= 8, "\(doc.name): \(lines.count) note lines")
            for (a, b) in zip(lines, lines.dropFirst()) {
                #expect(!breaksInsideWord(a, b), "\(doc.name): a note breaks \"\(a.suffix(4))/\(b.prefix(4))\"")
            }
        }
    }
}
