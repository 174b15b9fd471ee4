import YRDQLayout

/// A line of a laid-out page as a reader sees it: the glyph runs on one baseline, left to
/// right, their texts joined (a space where runs stand apart, as cells of a table row do).
public struct FrameLine: Sendable, Equatable, CustomStringConvertible {
    public var text: String
    /// The baseline and the left end, in the page's reading coordinates (a turned landscape
    /// page's own, not the sheet's).
    public var y: Double
    public var x: Double
    public var description: String { "\(text) @\(y)" }
}

/// The text of frames, for tests that assert on what the layout put where (rather than on
/// pdftotext's reading of a PDF).
public enum FrameText {
    /// Each page's lines, top to bottom.
    public static func pages(_ document: LaidOutDocument) -> [[FrameLine]] {
        document.pages.map { lines(of: $0) }
    }

    /// Every line of the document, page after page.
    public static func lines(_ document: LaidOutDocument) -> [String] {
        pages(document).flatMap { $0.map(\.text) }
    }

    /// A page's lines: its glyph runs grouped by baseline (within a third of the size of the
    /// run's text, so a raised footnote mark stays on its line), top to bottom.
    public static func lines(of page: FramePage) -> [FrameLine] {
        var runs: [(x: Double, y: Double, right: Double, text: String)] = []
        func collect(_ items: [FrameItem], _ t: FrameTransform) {
            for item in items {
                switch item {
                case .glyphs(let run):
                    guard let first = run.glyphs.first, let last = run.glyphs.last else { continue }
                    // A turned page is read in its own coordinates; a scaled or moved group
                    // (a narrowed mark) in the page's.
                    let (x, y) = t.yx == 0 && t.xy == 0 ? (t.xx * first.x + t.x0, t.yy * first.y + t.y0) : (first.x, first.y)
                    let right = t.yx == 0 && t.xy == 0 ? t.xx * (last.x + last.advance) + t.x0 : last.x + last.advance
                    runs.append((x, y, right, run.text))
                case .group(let inner, let items):
                    collect(items, inner == .identity ? t : inner)
                default: break
                }
            }
        }
        collect(page.items, .identity)
        runs.sort { $0.y != $1.y ? $0.y < $1.y : $0.x < $1.x }
        var groups: [[(x: Double, y: Double, right: Double, text: String)]] = []
        for run in runs {
            if let base = groups.last?.first, run.y - base.y < 6 { groups[groups.count - 1].append(run) } else { groups.append([run]) }
        }
        return groups.map { group in
            let sorted = group.sorted { $0.x < $1.x }
            var text = "", right = -Double.infinity
            for run in sorted {
                if !text.isEmpty && run.x - right > 2 { text += " " }
                text += run.text
                right = run.right
            }
            return FrameLine(text: text, y: group[0].y, x: sorted[0].x)
        }
    }
}
