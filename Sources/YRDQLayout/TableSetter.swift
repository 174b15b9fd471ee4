import YRDQDocument

/// Ruled tables: proportional columns, wrapped cell text, row and column spans, header
/// rows repeated on every page, rows split across pages by lines, and cells spanning
/// rows that cross a page break labelled again with "（续）" on the continuation page.
///
/// Table text is 小四 (12 pt) on an 18 pt pitch; compact tables 五号 (10.5 pt) on 15.75 pt.
extension Typesetter {
    /// A cell's measured content.
    private struct CellText {
        let placement: Table.Placement
        let x: Double
        let width: Double
        let lines: [SetLine]
    }

    /// A slice of a body row on one page: lines [from, to) of its cells.
    private struct Piece {
        let row: Int
        let from: Int
        let to: Int
        let page: Int
        let y: Double
        let height: Double
    }

    /// keepWithNext: the height of what follows the table (a signing form) that the last two
    /// lines of its notes go over with, rather than leave it alone on a page.
    func setTable(_ table: Table, keepWithNext: Double = 0) throws {
        let problems = table.problems()
        if !problems.isEmpty { throw LayoutError.invalidTable(problems) }
        guard !table.columns.isEmpty else { return }
        let size = table.compact ? Metrics.compactTable : Metrics.table
        // Dense but readable: 1.3 em (compact 1.2 em) between lines, 0.3 em (compact 0.15 em)
        // above and below; a one-line row is 22.8 pt (compact 15.75 pt).
        let pitch = size * (table.compact ? Metrics.compactTablePitch : Metrics.tablePitch)
        let hpad = size * 0.4, vpad = size * (table.compact ? 0.15 : 0.3)
        let columnX = columnEdges(table, size: size, hpad: hpad)

        func measure(_ rows: [[Table.Cell]], header: Bool) -> [CellText] {
            Table.place(rows).map { p in
                let x = columnX[p.column]
                let width = columnX[min(table.columns.count, p.column + p.cell.colSpan)] - x
                let alignment = p.cell.alignment ?? (header ? .center : spannedAlignment(table, p))
                let spec = cellSpec(p.cell, alignment: alignment, width: width, size: size, hpad: hpad)
                return CellText(placement: p, x: x, width: width, lines: setter.set(StyledText(p.cell.content), spec))
            }
        }
        /// Heights of rows: single-row cells set them; cells spanning rows stretch their last row.
        func rowHeights(_ cells: [CellText], count: Int) -> (base: [Double], extra: [Double], lines: [Int]) {
            var lines = [Int](repeating: 1, count: count)
            for c in cells where c.placement.cell.rowSpan == 1 && c.placement.row < count {
                lines[c.placement.row] = max(lines[c.placement.row], c.lines.count)
            }
            let base = lines.map { Double($0) * pitch + 2 * vpad }
            var extra = [Double](repeating: 0, count: count)
            for c in cells where c.placement.cell.rowSpan > 1 {
                let r0 = c.placement.row, r1 = min(count, r0 + c.placement.cell.rowSpan) - 1
                guard r0 <= r1 else { continue }
                let have = (r0...r1).map { base[$0] + extra[$0] }.reduce(0, +)
                let need = Double(c.lines.count) * pitch + 2 * vpad
                if need > have { extra[r1] += need - have }
            }
            return (base, extra, lines)
        }

        let headerCells = measure(table.header, header: true)
        let headerRows = rowHeights(headerCells, count: table.header.count)
        var headerY: [Double] = [0]
        for r in 0..<table.header.count { headerY.append(headerY.last! + headerRows.base[r] + headerRows.extra[r]) }
        let headerHeight = headerY.last!
        let bodyCells = measure(table.rows, header: false)
        let body = rowHeights(bodyCells, count: table.rows.count)

        // Caption, kept with the header and the first row.
        var captionLines: [SetLine] = []
        if let caption = table.caption, !caption.isEmpty {
            captionLines = setter.set(StyledText(caption), ParagraphSpec(style: TextStyle(role: .heading, size: Metrics.body),
                                                                        width: geometry.width, alignment: .center, balanced: true))
        }
        let firstRow = table.rows.isEmpty ? 0 : min(body.base[0] + body.extra[0], pitch * 2 + 2 * vpad)
        ensure(Double(captionLines.count) * Metrics.linePitch + headerHeight + firstRow)
        drawLines(captionLines, pitch: Metrics.linePitch, size: Metrics.body)
        if !pageOpen { beginPage(orientation, numbered: true) }

        // Notes under the table, set now so that pagination keeps them with the last row:
        // all of them when they take at most a third of a page, else their first two lines.
        let noteSize = size + 1.5, notePitch = noteSize * 1.5, noteGap = size * 0.5
        let noteLines: [[SetLine]] = table.notes.map { note in
            setter.set(StyledText(note), ParagraphSpec(style: TextStyle(role: .body, size: noteSize),
                                                       width: geometry.width, alignment: .justify, keepWords: true))
        }
        let noteCount = noteLines.map(\.count).reduce(0, +)
        let notesHeight = Double(noteCount) * notePitch
        let keepWithLastRow = noteCount == 0 ? 0
            : noteGap + (notesHeight <= geometry.height / 3 ? notesHeight : Double(min(2, noteCount)) * notePitch)

        // Cells spanning rows: the label shown again, whole, on continuation pages, marked （续）.
        var continuation: [Int: [SetLine]] = [:]
        var spansStarting: [Int: [Int]] = [:], spansEnding: [Int: [Int]] = [:]
        for (i, c) in bodyCells.enumerated() where c.placement.cell.rowSpan > 1 {
            let label = StyledText(c.placement.cell.content + [.text("（续）")])
            let alignment = c.placement.cell.alignment ?? spannedAlignment(table, c.placement)
            continuation[i] = setter.set(label, cellSpec(c.placement.cell, alignment: alignment, width: c.width, size: size, hpad: hpad))
            let r0 = c.placement.row, r1 = min(table.rows.count, r0 + c.placement.cell.rowSpan) - 1
            spansStarting[r0, default: []].append(i)
            spansEnding[r1, default: []].append(i)
        }
        func labelHeight(_ lines: Int) -> Double { Double(lines) * pitch + 2 * vpad }

        // Continuation pages open with "续表" (续表1 for 表1) at the right, above the header row.
        var marker = "续表"
        if let caption = table.caption, caption.hasPrefix("表") {
            let number = caption.dropFirst().prefix { $0.isNumber || $0 == "-" || $0 == "." }
            if !number.isEmpty { marker += number }
        }
        let markerBox = setter.line(marker, TextStyle(role: .table, size: size))
        let markerHeight = size * 1.5
        /// Where rows start on a continuation page.
        let continuedTop = markerHeight + headerHeight

        // Paginate: pieces of rows on pages 0, 1, … (0 is the current page).
        let pageHeight = geometry.height
        var pieces: [Piece] = []
        var page = 0
        var cursor = y + headerHeight
        var pageHasRows = false
        /// The page on which each spanning cell starts.
        var spanFirstPage: [Int: Int] = [:]
        /// Spanning cells begun and not yet ended: where each starts on its first page.
        var openSpans: [Int: Double] = [:]
        /// Before a page is left: every spanning cell still open on it is given the height its
        /// label needs there (its whole label on its first page, the （续） label after), by
        /// making the last row on the page taller. Without it a label cut at the page bottom
        /// lost the lines its rows on that page had no room for.
        func closePage() {
            guard let last = pieces.last, last.page == page else { return }
            var bottom = cursor
            for (i, startY) in openSpans {
                work.tableSteps += 1
                let first = spanFirstPage[i] == page
                let lines = first ? bodyCells[i].lines.count : (continuation[i]?.count ?? 0)
                bottom = max(bottom, (first ? startY : continuedTop) + labelHeight(lines))
            }
            bottom = min(bottom, max(cursor, pageHeight))
            guard bottom > cursor + 0.001 else { return }
            pieces[pieces.count - 1] = Piece(row: last.row, from: last.from, to: last.to, page: last.page,
                                             y: last.y, height: last.height + bottom - cursor)
            cursor = bottom
        }
        func started(_ r: Int) {
            for i in spansStarting[r] ?? [] { spanFirstPage[i] = page; openSpans[i] = cursor }
        }
        let lastRow = table.rows.count - 1
        for r in 0..<table.rows.count {
            work.tableSteps += 1
            var from = 0
            let total = body.lines[r]
            // A cell spanning rows starts where its whole label fits (or as much as its rows give it).
            let labelNeed = (spansStarting[r] ?? []).map { i -> Double in
                let c = bodyCells[i]
                let r1 = min(table.rows.count, r + c.placement.cell.rowSpan) - 1
                let rows = (r...r1).map { body.base[$0] + body.extra[$0] }.reduce(0, +)
                return min(labelHeight(c.lines.count), rows)
            }.max() ?? 0
            while true {
                work.tableSteps += 1
                var rest = Double(total - from) * pitch + 2 * vpad + body.extra[r]
                let keep = r == table.rows.count - 1 ? keepWithLastRow : 0
                // On a continuation page, a spanning cell that ends here needs room for its （续） label.
                for i in spansEnding[r] ?? [] {
                    guard let first = spanFirstPage[i], first != page, let lines = continuation[i] else { continue }
                    let segment = cursor + rest - continuedTop
                    rest += max(0, labelHeight(lines.count) - segment)
                }
                var needHere = from == 0 ? max(rest + keep, labelNeed) : rest + keep
                var withTail = false
                // The last row never goes over alone (a continuation page holding only the header
                // and one row): the row before it goes with it when both fit on the next page.
                if r == lastRow - 1 && from == 0 && pageHasRows {
                    let tail = body.base[lastRow] + body.extra[lastRow] + keepWithLastRow
                    if continuedTop + rest + tail <= pageHeight + 0.01 {
                        needHere = max(needHere, rest + tail)
                        withTail = true
                    }
                }
                if cursor + needHere <= pageHeight + 0.01 || (!pageHasRows && from == 0 && cursor + rest <= pageHeight + 0.01) {
                    if from == 0 { started(r) }
                    pieces.append(Piece(row: r, from: from, to: total, page: page, y: cursor, height: rest))
                    cursor += rest
                    pageHasRows = true
                    break
                }
                let fit = Int(((pageHeight - cursor - 2 * vpad) / pitch).rounded(.down))
                let fitHeight = Double(fit) * pitch + 2 * vpad
                // Split a row only with at least two lines on each side (no lone line of a cell).
                if fit >= 2 && total - from - fit >= 2 && (from > 0 || fitHeight >= labelNeed)
                    && ((keep == 0 && !withTail) || cursor + rest > pageHeight + 0.01) {
                    if from == 0 { started(r) }
                    pieces.append(Piece(row: r, from: from, to: from + fit, page: page, y: cursor, height: fitHeight))
                    cursor += fitHeight
                    from += fit
                } else if !pageHasRows {
                    // Taller than a whole page and unsplittable: place it and let it overflow.
                    if from == 0 { started(r) }
                    pieces.append(Piece(row: r, from: from, to: total, page: page, y: cursor, height: rest))
                    cursor += rest
                    pageHasRows = true
                    break
                }
                closePage()
                page += 1
                cursor = continuedTop
                pageHasRows = false
            }
            for i in spansEnding[r] ?? [] { openSpans[i] = nil }
        }

        // What each page shows, gathered once: its pieces of rows, the single-row cells of
        // each row, and the segment of each cell spanning rows (on the page where the cell
        // starts its label, later its （续） label) — never searched for page by page.
        let lastPage = pieces.last?.page ?? 0
        var piecesOnPage = [[Piece]](repeating: [], count: lastPage + 1)
        var piecesOfRow = [[Piece]](repeating: [], count: table.rows.count)
        for piece in pieces {
            piecesOnPage[piece.page].append(piece)
            piecesOfRow[piece.row].append(piece)
        }
        var singleRowCells = [[CellText]](repeating: [], count: table.rows.count)
        for c in bodyCells where c.placement.cell.rowSpan == 1 && c.placement.row < table.rows.count {
            singleRowCells[c.placement.row].append(c)
        }
        var spanSegments = [[(cell: Int, top: Double, bottom: Double, first: Bool)]](repeating: [], count: lastPage + 1)
        for (index, c) in bodyCells.enumerated() where c.placement.cell.rowSpan > 1 {
            let r0 = c.placement.row, r1 = min(table.rows.count - 1, r0 + c.placement.cell.rowSpan - 1)
            guard r0 <= r1 else { continue }
            var firstPage: Int? = nil
            var segment: (page: Int, top: Double, bottom: Double)? = nil
            func close() {
                guard let s = segment else { return }
                spanSegments[s.page].append((index, s.top, s.bottom, s.page == firstPage))
            }
            for r in r0...r1 {
                for piece in piecesOfRow[r] {
                    work.tableSteps += 1
                    if firstPage == nil { firstPage = piece.page }
                    if let s = segment, s.page == piece.page {
                        segment = (s.page, s.top, piece.y + piece.height)
                    } else {
                        close()
                        segment = (piece.page, piece.y, piece.y + piece.height)
                    }
                }
            }
            close()
        }

        // Draw page by page.
        cr.setLineWidth(Metrics.ruleWidth)
        for p in 0...lastPage {
            if p > 0 {
                newPage()
                let baseline = geometry.top + (markerHeight - size) / 2 + Metrics.baselineInEm * size
                markerBox.draw(cr, x: geometry.left + columnX.last! - markerBox.width, baseline: baseline)
                setLines.append(markerBox.text)
            }
            let top = p == 0 ? y : markerHeight
            // Header rows.
            for c in headerCells {
                let r0 = c.placement.row
                let r1 = min(table.header.count, r0 + c.placement.cell.rowSpan)
                let cy = top + headerY[r0]
                let h = headerY[r1] - headerY[r0]
                drawCell(c.lines[...], x: c.x, y: cy, width: c.width, height: h, pitch: pitch, size: size, vpad: vpad, hpad: hpad)
            }
            let onPage = piecesOnPage[p]
            // Single-row cells.
            for piece in onPage {
                for c in singleRowCells[piece.row] {
                    work.tableSteps += 1
                    let lo = min(piece.from, c.lines.count), hi = min(piece.to, c.lines.count)
                    drawCell(c.lines[lo..<hi], x: c.x, y: piece.y, width: c.width, height: piece.height,
                             pitch: pitch, size: size, vpad: vpad, hpad: hpad)
                }
            }
            // Cells spanning rows: one segment per page they reach.
            for segment in spanSegments[p] {
                work.tableSteps += 1
                let c = bodyCells[segment.cell]
                if segment.first {
                    drawCell(c.lines[...], x: c.x, y: segment.top, width: c.width, height: segment.bottom - segment.top,
                             pitch: pitch, size: size, vpad: vpad, hpad: hpad)
                } else if let lines = continuation[segment.cell] {
                    drawCell(lines[...], x: c.x, y: segment.top, width: c.width, height: segment.bottom - segment.top,
                             pitch: pitch, size: size, vpad: vpad, hpad: hpad)
                }
            }
            // A firmer outer frame.
            let bottom = onPage.last.map { $0.y + $0.height } ?? top + headerHeight
            cr.setLineWidth(Metrics.outerRuleWidth)
            cr.rectangle(geometry.left, geometry.top + top, columnX.last!, bottom - top)
            cr.stroke()
            cr.setLineWidth(Metrics.ruleWidth)
            y = bottom
        }

        // Notes under the table (pagination left room for them, or their first lines).
        if noteCount > 0 {
            y += noteGap
            for (k, lines) in noteLines.enumerated() {
                drawLines(lines, pitch: notePitch, size: noteSize, keepWithNext: k == noteLines.count - 1 ? keepWithNext : 0)
            }
        }
        y += Metrics.linePitch / 2
    }

    /// How a cell's text is set: never letter-spaced (a justified line spread by more than an
    /// eighth of an em a gap is set ragged, and a number keeps its unit, "0.5分"); centred
    /// labels balanced when their last line would hold one or two characters, and broken
    /// between words ("十一、企业/质量荣誉").
    private func cellSpec(_ cell: Table.Cell, alignment: Table.Alignment, width: Double, size: Double,
                          hpad: Double) -> ParagraphSpec {
        ParagraphSpec(style: TextStyle(role: cell.emphasis ? .heading : .table, size: size, latin: true), width: max(size, width - 2 * hpad),
                      alignment: alignment == .center ? .center : alignment == .right ? .right : .justify,
                      balanceShortLastLine: alignment == .center, justifyLimit: 1.0 / 8, keepWords: alignment == .center)
    }

    /// A cell without its own alignment takes its column's; a cell merged across columns
    /// takes the alignment of the widest column it covers (a sentence spanning a narrow
    /// centred column and a wide left one reads as left-aligned text).
    private func spannedAlignment(_ table: Table, _ p: Table.Placement) -> Table.Alignment {
        let range = p.column..<min(table.columns.count, p.column + p.cell.colSpan)
        guard range.count > 1 else { return table.columns[p.column].alignment }
        let widest = range.max { table.columns[$0].width < table.columns[$1].width } ?? p.column
        return table.columns[widest].alignment
    }

    /// Column edges across the text width: shares in proportion to the columns' weights,
    /// then widened where a short header label or number ("序号", "87.25", "王建华") would
    /// otherwise wrap, taking the room from columns that have some to spare.
    private func columnEdges(_ table: Table, size: Double, hpad: Double) -> [Double] {
        let count = table.columns.count
        let total = geometry.width
        let weights = table.columns.map { max(0, $0.width) }
        let weightSum = weights.reduce(0, +)
        var widths = weights.map { weightSum > 0 ? $0 / weightSum * total : total / Double(count) }
        var minimum = [Double](repeating: 0, count: count)
        var measured: [String: Double] = [:]
        for (rows, header) in [(table.header, true), (table.rows, false)] {
            for p in Table.place(rows) where p.cell.colSpan == 1 && p.column < count {
                let text = p.cell.text
                // Header labels up to six characters, body cells up to five (numbers, names).
                guard !text.isEmpty, text.count <= (header ? 6 : 5), header || p.cell.rowSpan == 1,
                      !text.contains("\n") else { continue }
                let role: FontRole = (p.cell.emphasis || header) ? .heading : .table
                let key = "\(role.rawValue)|\(text)"
                let w = measured[key] ?? setter.line(text, TextStyle(role: role, size: size, latin: true)).width
                measured[key] = w
                minimum[p.column] = max(minimum[p.column], min(w + 2 * hpad + 1, 0.4 * total))
            }
        }
        let deficit = zip(widths, minimum).map { max(0, $1 - $0) }.reduce(0, +)
        if deficit > 0.01 {
            let slack = zip(widths, minimum).map { max(0, $0 - $1) }
            let slackSum = slack.reduce(0, +)
            if slackSum >= deficit {
                for c in 0..<count {
                    if widths[c] < minimum[c] { widths[c] = minimum[c] }
                    else { widths[c] -= slack[c] / slackSum * deficit }
                }
            }
        }
        var edges: [Double] = [0]
        for w in widths { edges.append(edges.last! + w) }
        edges[count] = total
        return edges
    }

    /// Rules a cell and draws its lines, centred vertically when they fit.
    private func drawCell(_ lines: ArraySlice<SetLine>, x: Double, y top: Double, width: Double, height: Double,
                          pitch: Double, size: Double, vpad: Double, hpad: Double) {
        let left = geometry.left + x, upper = geometry.top + top
        cr.rectangle(left, upper, width, height)
        cr.stroke()
        let capacity = max(0, Int(((height - 2 * vpad) / pitch + 0.001).rounded(.down)))
        let shown = lines.prefix(max(1, capacity))
        let contentHeight = Double(shown.count) * pitch
        var lineTop = upper + max(vpad, (height - contentHeight) / 2)
        for line in shown {
            let baseline = lineTop + (pitch - size) / 2 + Metrics.baselineInEm * size
            line.box.draw(cr, x: left + hpad + line.x, baseline: baseline)
            setLines.append(line.text)
            lineTop += pitch
        }
    }
}
