import CXLSXWriter
import Foundation
import YRDQDocument

/// A document's tables as an Excel workbook, for the bureau's records (issue 13 §3:
/// `render summary --format xlsx`, `render table --format xlsx`): one sheet, the title on
/// top, each table with its header and merged cells as the other writers draw them, a cell
/// that reads as a plain number stored as a number, the notes below. It writes what the
/// document says and computes nothing.
public enum XLSXTableWriter {
    public static func workbook(_ document: Document, sheetName: String = "汇总表") throws(XLSXSheetWriter.WriteError) -> [UInt8] {
        try Workbook.bytes(title: document.metadata.title, date: document.metadata.date.map { ($0.year, $0.month, $0.day) }) { book in
            write(document, book: book, sheetName: sheetName)
        }
    }

    /// A plain decimal ("12", "1.5", "-0.25"); "+2", "−3", "80.00分" stay text.
    static func number(_ text: String) -> Double? {
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "." || $0 == "-" }),
              !text.hasPrefix("."), !text.hasSuffix(".") else { return nil }
        return Double(text)
    }

    static func write(_ document: Document, book: UnsafeMutablePointer<lxw_workbook>, sheetName: String) {
        let ws = workbook_add_worksheet(book, sheetName)!
        func format(_ configure: (UnsafeMutablePointer<lxw_format>) -> Void) -> UnsafeMutablePointer<lxw_format> {
            let f = workbook_add_format(book)!
            format_set_font_name(f, "宋体"); format_set_font_size(f, 10); format_set_text_wrap(f)
            format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
            configure(f)
            return f
        }
        let title = format { format_set_bold($0); format_set_font_size($0, 14); format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue)) }
        let plain = format { _ in }
        var cells: [String: UnsafeMutablePointer<lxw_format>] = [:]
        func cellFormat(bold: Bool, alignment: Table.Alignment) -> UnsafeMutablePointer<lxw_format> {
            let key = "\(bold)\(alignment.rawValue)"
            if let f = cells[key] { return f }
            let f = format {
                format_set_border($0, UInt8(LXW_BORDER_THIN.rawValue))
                if bold { format_set_bold($0); format_set_bg_color($0, 0xF2F2F2) }
                switch alignment {
                case .left: format_set_align($0, UInt8(LXW_ALIGN_LEFT.rawValue))
                case .center: format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
                case .right: format_set_align($0, UInt8(LXW_ALIGN_RIGHT.rawValue))
                }
            }
            cells[key] = f
            return f
        }
        var row: UInt32 = 0
        func put(_ r: UInt32, _ c: Int, _ text: String, _ f: UnsafeMutablePointer<lxw_format>) {
            if let n = number(text) { worksheet_write_number(ws, r, UInt16(c), n, f) } else { worksheet_write_string(ws, r, UInt16(c), text, f) }
        }
        // Every line of text above or below a table spans the table's width, its row as high as
        // the wrapped text needs: in one narrow column it would run over the cells beside it.
        let tables = document.body.compactMap { block -> Table? in if case .table(let t) = block { return t }; return nil }
        let span = max(1, tables.map(\.columns.count).max() ?? 1)
        let widths = tables.max { $0.columns.count < $1.columns.count }.map { $0.columns.map(Self.width) } ?? [60]
        let totalWidth = widths.reduce(0, +)
        func line(_ text: String, _ f: UnsafeMutablePointer<lxw_format>, height: Double = 13.5) {
            if span > 1 { worksheet_merge_range(ws, row, 0, row, UInt16(span - 1), "", f) }
            worksheet_write_string(ws, row, 0, text, f)
            worksheet_set_row(ws, row, Double(XLSXSheetWriter.lines(text, width: totalWidth)) * height + 6, nil)
            row += 1
        }
        var repeated: (UInt32, UInt32)? = nil
        for block in document.body {
            switch block {
            case .title(let lines):
                line(lines.joined(), title, height: 20)
            case .subtitle(let text):
                line(text, plain)
            case .table(let table):
                if let caption = table.caption { line(caption, title, height: 20) }
                for (c, column) in table.columns.enumerated() {
                    worksheet_set_column(ws, UInt16(c), UInt16(c), Self.width(column), nil)
                }
                // Cells covered by a span above or to the left, as the table model leaves them out.
                var covered = Set<[Int]>()
                let first = Int(row)
                let all = table.header + table.rows
                // Lines each row needs for its wrapped text (neither Excel nor LibreOffice fits a
                // row to its text on opening): a merged cell's lines are shared by its rows.
                var lines = Array(repeating: 1, count: all.count)
                var spanning: [(row: Int, rows: Int, lines: Int)] = []
                let columnWidths = table.columns.map(Self.width)
                for (i, cellsInRow) in all.enumerated() {
                    let r = first + i
                    var c = 0
                    for cell in cellsInRow {
                        while covered.contains([r, c]) { c += 1 }
                        let w = columnWidths[min(c, columnWidths.count - 1)..<min(c + cell.colSpan, columnWidths.count)].reduce(0, +)
                        let needed = XLSXSheetWriter.lines(cell.text, width: max(w, 1))
                        if cell.rowSpan > 1 { spanning.append((i, cell.rowSpan, needed)) } else { lines[i] = max(lines[i], needed) }
                        let bold = i < table.header.count || cell.emphasis
                        let alignment = cell.alignment ?? (c < table.columns.count ? table.columns[c].alignment : .left)
                        let f = cellFormat(bold: bold, alignment: alignment)
                        let text = cell.text
                        if cell.rowSpan > 1 || cell.colSpan > 1 {
                            worksheet_merge_range(ws, UInt32(r), UInt16(c), UInt32(r + cell.rowSpan - 1), UInt16(c + cell.colSpan - 1), "", f)
                            put(UInt32(r), c, text, f)
                            for dr in 0..<cell.rowSpan { for dc in 0..<cell.colSpan where dr > 0 || dc > 0 { covered.insert([r + dr, c + dc]) } }
                        } else {
                            put(UInt32(r), c, text, f)
                        }
                        c += cell.colSpan
                    }
                }
                for s in spanning {
                    let end = min(s.row + s.rows, lines.count)
                    let have = lines[s.row..<end].reduce(0, +)
                    if s.lines > have { lines[end - 1] += s.lines - have }
                }
                for (i, n) in lines.enumerated() where n > 1 {
                    worksheet_set_row(ws, UInt32(first + i), Double(n) * 13.5 + 4, nil)
                }
                row = UInt32(first + table.header.count + table.rows.count)
                if table.header.count > 0 && repeated == nil {
                    worksheet_freeze_panes(ws, UInt32(first + table.header.count), 0)
                    repeated = (UInt32(first), UInt32(first + table.header.count - 1))
                }
                for note in table.notes { line(note.plainText, plain) }
                row += 1
            case .paragraph(let spans, _):
                line(spans.plainText, plain)
            default:
                continue
            }
        }
        // Printed as the PDF is: A4, the document's orientation (or landscape when the table
        // is too wide for portrait), one page wide, the header row on every page, page numbers.
        worksheet_set_paper(ws, 9)
        if document.orientation == .landscape || totalWidth > 100 { worksheet_set_landscape(ws) }
        worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6)
        worksheet_fit_to_pages(ws, 1, 0)
        if let (top, bottom) = repeated { worksheet_repeat_rows(ws, top, bottom) }
        worksheet_set_footer(ws, "&C第 &P 页，共 &N 页")
        worksheet_print_area(ws, 0, 0, max(row, 1) - 1, UInt16(span - 1))
    }

    /// A column's width in characters, from the table model's relative width.
    static func width(_ column: Table.Column) -> Double { max(6, column.width * 8) }
}
