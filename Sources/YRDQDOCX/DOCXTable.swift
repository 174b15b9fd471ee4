import YRDQDocument

/// A ruled table: column widths in the grid (which WPS reads) and in every cell and the
/// table width (which Word reads), merged cells as gridSpan and vMerge, header rows
/// repeated on every page, rows that do not split across pages.
extension DOCXBody {
    /// Column widths in twips, in proportion to the columns' weights, adding up to `total`.
    static func columnWidths(_ columns: [Table.Column], total: Int) -> [Int] {
        let count = max(1, columns.count)
        let weights = columns.isEmpty ? [1.0] : columns.map { $0.width.isFinite ? max(0, $0.width) : 0 }
        let sum = weights.reduce(0, +)
        var widths = weights.map { sum > 0 ? Int(Double(total) * $0 / sum) : total / count }
        // No column narrower than a character and its padding.
        widths = widths.map { max(240, $0) }
        let excess = widths.reduce(0, +) - total
        if let widest = widths.indices.max(by: { widths[$0] < widths[$1] }) { widths[widest] = max(240, widths[widest] - excess) }
        return widths
    }

    /// As `columnWidths`, then (as the PDF does) a column widens where a short header label
    /// or a short cell (≤ 6 characters: numbers, names, "质量主管部门") would wrap ("序号" in two lines),
    /// taking the room from columns with some to spare; unchanged when the room is not there.
    static func columnWidths(_ table: Table, total: Int) -> [Int] {
        var widths = columnWidths(table.columns, total: total)
        guard table.columns.count > 1 else { return widths }
        let size = table.compact ? 10.5 : 12.0
        var minimum = [Int](repeating: 0, count: widths.count)
        for (rows, limit) in [(table.header, 6.0), (table.rows, 6.0)] {
            for p in Table.place(rows) where p.cell.colSpan == 1 && p.column < widths.count {
                for line in p.cell.text.split(whereSeparator: \.isNewline) {
                    let ems = WordML.ems(String(line))
                    guard ems <= limit else { continue }
                    minimum[p.column] = max(minimum[p.column], Int((ems * size * 20).rounded(.up)) + 2 * 96 + 30)
                }
            }
        }
        let needed = zip(widths, minimum).reduce(0) { $0 + max(0, $1.1 - $1.0) }
        let spare = zip(widths, minimum).map { max(0, $0 - $1) }
        let spareTotal = spare.reduce(0, +)
        guard needed > 0, spareTotal >= needed else { return widths }
        var taken = 0
        for i in widths.indices where widths[i] < minimum[i] { widths[i] = minimum[i] }
        for i in widths.indices where spare[i] > 0 {
            let share = needed * spare[i] / spareTotal
            widths[i] -= share
            taken += share
        }
        // What rounding left over comes from the column with the most to spare.
        if let most = spare.indices.max(by: { spare[$0] < spare[$1] }) { widths[most] -= needed - taken }
        return widths
    }

    mutating func table(_ table: Table) {
        let columns = max(1, table.columns.count)
        let widths = DOCXBody.columnWidths(table, total: measure)
        if let caption = table.caption, !caption.isEmpty {
            append(WordML.paragraph("Caption", "", WordML.runs(caption)))
        }
        let outer = "w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\""
        let inner = "w:val=\"single\" w:sz=\"5\" w:space=\"0\" w:color=\"000000\""
        let padding = table.compact ? 32 : 72
        var x = "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
        x += "<w:tblBorders><w:top \(outer)/><w:left \(outer)/><w:bottom \(outer)/><w:right \(outer)/>"
        x += "<w:insideH \(inner)/><w:insideV \(inner)/></w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
        x += "<w:tblCellMar><w:top w:w=\"\(padding)\" w:type=\"dxa\"/><w:left w:w=\"96\" w:type=\"dxa\"/>"
        x += "<w:bottom w:w=\"\(padding)\" w:type=\"dxa\"/><w:right w:w=\"96\" w:type=\"dxa\"/></w:tblCellMar>"
        x += "<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr>"
        x += "<w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        x += rows(table.header, table: table, columns: columns, widths: widths, header: true)
        x += rows(table.rows, table: table, columns: columns, widths: widths, header: false)
        x += "</w:tbl>"
        append(x)
        if table.notes.isEmpty {
            append("<w:p><w:pPr><w:pStyle w:val=\"TableSpacer\"/></w:pPr></w:p>")
        } else {
            for note in table.notes { append(WordML.paragraph("Note", "", runs(note))) }
        }
    }

    /// Rows on the grid: a cell covered by a row span from above is a vMerge continuation of
    /// the same width; spans running past the grid are cut at its edge.
    private func rows(_ rows: [[Table.Cell]], table: Table, columns: Int, widths: [Int], header: Bool) -> String {
        guard !rows.isEmpty else { return "" }
        let placements = Table.place(rows)
        let grid = Table.grid(rows, columns: columns)
        let style = table.compact ? (header ? "TableCompactHeading" : "TableCompact") : (header ? "TableHeading" : "TableText")
        var x = ""
        for r in grid.indices {
            x += "<w:tr><w:trPr><w:cantSplit/>" + (header ? "<w:tblHeader/>" : "") + "</w:trPr>"
            var c = 0
            while c < columns {
                guard let index = grid[r][c] else {
                    x += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[c])\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"\(style)\"/></w:pPr></w:p></w:tc>"
                    c += 1
                    continue
                }
                let p = placements[index]
                let span = max(1, min(p.cell.colSpan, columns - p.column) - (c - p.column))
                let width = widths[c..<min(columns, c + span)].reduce(0, +)
                var tcPr = "<w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
                if span > 1 { tcPr += "<w:gridSpan w:val=\"\(span)\"/>" }
                let rowSpan = min(p.cell.rowSpan, grid.count - p.row)
                if rowSpan > 1 { tcPr += p.row == r ? "<w:vMerge w:val=\"restart\"/>" : "<w:vMerge/>" }
                tcPr += "<w:vAlign w:val=\"center\"/>"
                var content = "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/></w:pPr></w:p>"
                if p.row == r && p.column == c {
                    let columnAlignment = p.column < table.columns.count ? table.columns[p.column].alignment : .left
                    let alignment = p.cell.alignment ?? (header ? .center : columnAlignment)
                    let jc = "<w:jc w:val=\"\(alignment == .center ? "center" : alignment == .right ? "right" : "left")\"/>"
                    let rPr = p.cell.emphasis && !header ? WordML.fonts(eastAsia: Face.hei) : ""
                    content = WordML.paragraph(style, jc, runs(p.cell.content, rPr: rPr))
                }
                x += "<w:tc><w:tcPr>\(tcPr)</w:tcPr>\(content)</w:tc>"
                c += span
            }
            x += "</w:tr>"
        }
        return x
    }
}
