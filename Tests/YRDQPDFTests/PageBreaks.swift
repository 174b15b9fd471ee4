import Foundation
import YRDQTestSupport

/// A PDF's text lines per page as poppler sees them (`pdftotext -bbox-layout`), and the page
/// breaks a reader would reject in body text: a paragraph's first line alone at a page's foot
/// (orphan), its last line alone at a page's top (widow), a heading ending a page. Portrait
/// pages only; body text is told by its size (3号, 16 pt), its indent (two characters) and
/// whether a line runs to the right edge of the text block (justified, so the paragraph goes on).
struct PageLines {
    struct Line {
        var xMin, yMin, xMax, yMax: Double
        var text: String
        /// The tallest of the line's words (poppler's word box: its face's ascent to descent).
        var height: Double = 0
        /// 3号 text (body, headings, signatures). poppler's word box runs from its face's ascent
        /// to its descent, so the tallest word of a 16 pt line is 16 pt times its face's ratio:
        /// Noto Serif CJK SC 1.437, Noto Sans CJK SC 1.448, LXGW WenKai 1.184, Liberation Serif
        /// 1.107 (a line of figures), AR PL UMing 1.046 — none of them the height of a 12 pt
        /// table line or a 14 pt note in any of these faces.
        var isBody: Bool { Self.bodyRatios.contains { abs(height - 16 * $0) < 0.1 } }
        static let bodyRatios = [1.437, 1.448, 1.184, 1.107, 1.046]
    }
    /// Lines of each page inside the text block, top to bottom (page numbers left out).
    var pages: [[Line]]

    static let left = 28 * 72 / 25.4, right = (28 + 156) * 72 / 25.4
    static let top = 37 * 72 / 25.4, bottom = (37 + 225) * 72 / 25.4
    static let pitch = (156 * 72 / 25.4) / 28

    init(path: String) throws {
        let xml = try poppler("pdftotext", ["-bbox-layout", path, "-"])
        var pages: [[Line]] = []
        var current: Line? = nil
        var portrait = true
        func number(_ s: Substring, _ name: String) -> Double {
            guard let r = s.range(of: "\(name)=\"") else { return 0 }
            return Double(s[r.upperBound...].prefix { $0 != "\"" }) ?? 0
        }
        for raw in xml.split(separator: "\n") {
            let row = raw.drop { $0 == " " }
            if row.hasPrefix("<page ") {
                portrait = number(row, "width") < number(row, "height")
                pages.append([])
            } else if row.hasPrefix("<line ") {
                current = Line(xMin: number(row, "xMin"), yMin: number(row, "yMin"), xMax: number(row, "xMax"),
                               yMax: number(row, "yMax"), text: "")
            } else if row.hasPrefix("<word "), current != nil {
                let text = row.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
                current!.text += text
                current!.height = max(current!.height, number(row, "yMax") - number(row, "yMin"))
            } else if row.hasPrefix("</line>"), let line = current {
                current = nil
                guard portrait, line.yMin > Self.top - 2, line.yMax < Self.bottom + 2 else { continue }
                pages[pages.count - 1].append(line)
            }
        }
        self.pages = pages.map { $0.sorted { $0.yMin < $1.yMin } }
    }

    private static func indented(_ l: Line) -> Bool { abs(l.xMin - (left + 2 * pitch)) < 2 }
    private static func atLeft(_ l: Line) -> Bool { abs(l.xMin - left) < 1.5 }
    private static func full(_ l: Line) -> Bool { l.xMax > right - 2.5 }

    /// Every widow, orphan and heading ending a page, described ("page 4: …").
    func faults(headings: [String]) -> [String] {
        var faults: [String] = []
        let heads = headings.map { String($0.filter { !$0.isWhitespace }.prefix(8)) }
        func isHeading(_ l: Line) -> Bool {
            let t = l.text.filter { !$0.isWhitespace }
            return heads.contains { !$0.isEmpty && t.hasPrefix($0) }
        }
        for (p, lines) in pages.enumerated() {
            guard let last = lines.last else { continue }
            // (A heading that ends the document ends no page before its text.)
            if last.isBody && isHeading(last) && p + 1 < pages.count { faults.append("page \(p + 1): heading at the foot: \(last.text)") }
            guard p + 1 < pages.count, let first = pages[p + 1].first, last.isBody, first.isBody,
                  Self.full(last), !isHeading(last), Self.atLeft(first), !isHeading(first) else { continue }
            // The paragraph goes on from `last` to `first`.
            if Self.indented(last) { faults.append("page \(p + 1): orphan at the foot: \(last.text)") }
            let next = pages[p + 1].count > 1 ? pages[p + 1][1] : nil
            let ends = next.map { !$0.isBody || Self.indented($0) || isHeading($0) } ?? true
            if ends && !Self.full(first) { faults.append("page \(p + 2): widow at the top: \(first.text)") }
        }
        return faults
    }
}

/// Pages whose text runs up the sheet (a landscape page turned onto a portrait sheet): most of
/// their words are taller than wide.
func turnedPages(_ path: String) throws -> [Int] {
    let xml = try poppler("pdftotext", ["-bbox", path, "-"])
    var result: [Int] = []
    var page = 0, upright = 0, sideways = 0
    func close() { if page > 0 && sideways > upright { result.append(page) } }
    func number(_ s: Substring, _ name: String) -> Double {
        guard let r = s.range(of: "\(name)=\"") else { return 0 }
        return Double(s[r.upperBound...].prefix { $0 != "\"" }) ?? 0
    }
    for raw in xml.split(separator: "\n") {
        let row = raw.drop { $0 == " " }
        if row.hasPrefix("<page ") { close(); page += 1; upright = 0; sideways = 0 }
        if row.hasPrefix("<word ") {
            // Words of three characters or more (a turned digit is wider than tall, too).
            guard row.drop(while: { $0 != ">" }).dropFirst().prefix(while: { $0 != "<" }).count >= 3 else { continue }
            let w = number(row, "xMax") - number(row, "xMin"), h = number(row, "yMax") - number(row, "yMin")
            if h > w { sideways += 1 } else { upright += 1 }
        }
    }
    close()
    return result
}
