import Foundation
import YRDQCore

/// The score sheet as an Excel workbook (as `yrdq init --xlsx` writes it, filled in Excel,
/// WPS or LibreOffice): read into a draft whose every value names its cell (`评分表!F12`),
/// checked by `SheetValidator` like the CSV. Shared or inline strings, numbers stored as
/// text, formulas with their cached values, dates as serial numbers or text are all read.
public enum XLSXSheet {
    /// The sheet read when the workbook has one of this name; else the first sheet.
    public static let sheetName = "评分表"
    /// The most rows and columns read; the template has about 80 rows and 9 columns.
    public static let maximumRows = 5_000
    public static let maximumColumns = 64
    public static let maximumCells = 100_000

    /// One cell as stored: its text (a number as written in the file), and what it is.
    struct Cell {
        enum Kind { case text, number, boolean, error, formulaWithoutValue }
        var text: String
        var kind: Kind
        /// A style whose number format is a date's.
        var dateStyled: Bool
    }

    /// A workbook's score sheet as typed, each value with its cell; `source` names the file in messages.
    public static func draft(bytes: [UInt8], source file: String) throws(InputErrors) -> SheetDraft {
        var package = try XLSXPackage(bytes: bytes, file: file)
        let (sheets, date1904) = try workbook(&package)
        guard !sheets.isEmpty else {
            throw InputErrors([Diagnostic(file: file, kind: .unreadable, "XLSX 文件中没有工作表")])
        }
        let chosen = sheets.first { $0.name == sheetName } ?? sheets[0]
        let strings = try sharedStrings(&package)
        let dateStyles = try dateStyles(&package)
        let grid = try cells(&package, part: chosen.part, strings: strings, dateStyles: dateStyles, sheet: chosen.name)
        return try draft(grid, sheet: chosen.name, file: file, date1904: date1904)
    }

    // MARK: Parts

    /// The workbook's sheets (name and part path) in order, and whether dates count from 1904.
    static func workbook(_ package: inout XLSXPackage) throws(InputErrors) -> ([(name: String, part: String)], Bool) {
        let book = try package.requiredPart("xl/workbook.xml")
        var sheets: [(name: String, id: String)] = []
        var date1904 = false
        let events = XMLEvents()
        events.element = { name, attributes in
            if name == "sheet", let n = attributes["name"] {
                let id = attributes.first { XMLEvents.local($0.key) == "id" }?.value ?? ""
                sheets.append((n, id))
            }
            if name == "workbookPr", let v = attributes["date1904"] { date1904 = v == "1" || v == "true" }
        }
        try package.parse(book, part: "xl/workbook.xml", delegate: events)
        var targets: [String: String] = [:]
        if let rels = try package.part("xl/_rels/workbook.xml.rels") {
            let r = XMLEvents()
            r.element = { name, attributes in
                if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
            }
            try package.parse(rels, part: "xl/_rels/workbook.xml.rels", delegate: r)
        }
        let parts = sheets.enumerated().map { i, s -> (name: String, part: String) in
            var target = targets[s.id] ?? "worksheets/sheet\(i + 1).xml"
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            return (s.name, target)
        }
        return (parts, date1904)
    }

    /// The shared strings, each item's text runs joined (phonetic runs left out).
    static func sharedStrings(_ package: inout XLSXPackage) throws(InputErrors) -> [String] {
        guard let bytes = try package.part("xl/sharedStrings.xml") else { return [] }
        var strings: [String] = []
        var current = "", inText = false, phonetic = 0
        let events = XMLEvents()
        events.element = { name, _ in
            switch name {
            case "si": current = ""
            case "t": inText = true
            case "rPh": phonetic += 1
            default: break
            }
        }
        events.end = { name in
            switch name {
            case "si": strings.append(current)
            case "t": inText = false
            case "rPh": phonetic -= 1
            default: break
            }
        }
        events.text = { if inText && phonetic == 0 { current += $0 } }
        try package.parse(bytes, part: "xl/sharedStrings.xml", delegate: events)
        return strings
    }

    /// For each cell style (`s` index), whether its number format shows a date.
    static func dateStyles(_ package: inout XLSXPackage) throws(InputErrors) -> [Bool] {
        guard let bytes = try package.part("xl/styles.xml") else { return [] }
        var custom: [Int: String] = [:]
        var styles: [Bool] = []
        var inCellXfs = false
        let events = XMLEvents()
        let builtInDates: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)
        events.element = { name, attributes in
            if name == "numFmt", let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { custom[id] = code }
            if name == "cellXfs" { inCellXfs = true }
            if name == "xf" && inCellXfs {
                let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
                if let code = custom[id] {
                    // Date codes have y, m or d outside quoted text and brackets (not "0.00").
                    var plain = "", quoted = false, bracket = false
                    for ch in code.lowercased() {
                        if ch == "\"" { quoted.toggle(); continue }
                        if ch == "[" { bracket = true } else if ch == "]" { bracket = false; continue }
                        if !quoted && !bracket { plain.append(ch) }
                    }
                    styles.append(plain.contains("y") || plain.contains("d") || plain.contains("年"))
                } else {
                    styles.append(builtInDates.contains(id))
                }
            }
        }
        events.end = { name in if name == "cellXfs" { inCellXfs = false } }
        try package.parse(bytes, part: "xl/styles.xml", delegate: events)
        return styles
    }

    /// The sheet's cells by (row, column), both 1-based.
    static func cells(_ package: inout XLSXPackage, part: String, strings: [String], dateStyles: [Bool],
                      sheet: String) throws(InputErrors) -> [Int: [Int: Cell]] {
        let bytes = try package.requiredPart(part)
        var grid: [Int: [Int: Cell]] = [:]
        var count = 0
        var rowNumber = 0, nextColumn = 1
        var ref: (Int, Int)? = nil, type = "n", style = 0
        var value: String? = nil, inline = "", formula = false
        var inValue = false, inInlineText = false
        let events = XMLEvents()
        let file = package.file
        events.element = { name, attributes in
            switch name {
            case "row":
                rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
                nextColumn = 1
            case "c":
                let position = attributes["r"].flatMap(Self.position) ?? (rowNumber, nextColumn)
                ref = position
                nextColumn = position.1 + 1
                type = attributes["t"] ?? "n"
                style = attributes["s"].flatMap(Int.init) ?? 0
                value = nil; inline = ""; formula = false
            case "v": inValue = true; value = value ?? ""
            case "t": inInlineText = ref != nil
            case "f": formula = true
            default: break
            }
        }
        events.text = { text in
            if inValue { value! += text } else if inInlineText { inline += text }
        }
        events.end = { name in
            switch name {
            case "v": inValue = false
            case "t": inInlineText = false
            case "c":
                guard let (r, c) = ref else { return }
                ref = nil
                if r > maximumRows || c > maximumColumns {
                    // Cells far outside the table (a stray value in row 900000) are not the sheet's.
                    if r > maximumRows {
                        events.failure = "工作表“\(SheetValidator.quote(sheet))”超过 \(maximumRows) 行，不像是手工填写的评分表（\(file)）"
                    }
                    return
                }
                count += 1
                if count > maximumCells {
                    events.failure = "工作表“\(SheetValidator.quote(sheet))”的单元格超过 \(maximumCells) 个，不像是手工填写的评分表（\(file)）"
                    return
                }
                let dateStyled = style < dateStyles.count && dateStyles[style]
                var cell: Cell
                switch type {
                case "s":
                    let index = value.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? -1
                    cell = Cell(text: index >= 0 && index < strings.count ? strings[index] : "", kind: .text, dateStyled: false)
                case "inlineStr": cell = Cell(text: inline, kind: .text, dateStyled: false)
                case "str": cell = Cell(text: value ?? "", kind: .text, dateStyled: false)
                case "b": cell = Cell(text: value == "1" ? "TRUE" : "FALSE", kind: .boolean, dateStyled: false)
                case "e": cell = Cell(text: value ?? "#VALUE!", kind: .error, dateStyled: false)
                case "d": cell = Cell(text: String((value ?? "").prefix(10)), kind: .text, dateStyled: false)
                default: cell = Cell(text: value ?? "", kind: .number, dateStyled: dateStyled)
                }
                // A formula saved without its result (a library wrote it, no office program has
                // calculated it): what it comes to is unknown here.
                if formula && (value ?? "").isEmpty && type != "inlineStr" && type != "str" { cell.kind = .formulaWithoutValue }
                if !cell.text.isEmpty || cell.kind == .formulaWithoutValue { grid[r, default: [:]][c] = cell }
            default: break
            }
        }
        try package.parse(bytes, part: part, delegate: events)
        return grid
    }

    /// (row, column) of "F12", both 1-based.
    static func position(_ ref: String) -> (Int, Int)? {
        var column = 0, digits = ""
        for u in ref.unicodeScalars {
            if ("A"..."Z").contains(u) && digits.isEmpty { column = column * 26 + Int(u.value - 64); if column > 20_000 { return nil } }
            else if ("0"..."9").contains(u) { digits.unicodeScalars.append(u) }
            else { return nil }
        }
        guard column > 0, let row = Int(digits), row > 0 else { return nil }
        return (row, column)
    }

    /// "F" for column 6.
    static func letters(_ column: Int) -> String {
        var n = column, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    // MARK: The table

    /// Headers a section row may give its columns (the bonus rows' 等级, 荣誉名称, 取得日期 …).
    static let valueHeaders = ["得分", "等级", "是否适用"]
    static let noteHeaders = ["说明", "荣誉名称", "减分依据"]
    static let evidenceHeaders = ["证明材料"]
    static let dateHeaders = ["取得日期"]

    static func draft(_ grid: [Int: [Int: Cell]], sheet: String, file: String, date1904: Bool) throws(InputErrors) -> SheetDraft {
        func text(_ cell: Cell?) -> String { (cell?.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let rows = grid.keys.sorted()
        func columns(_ row: [Int: Cell]) -> (number: Int, value: Int, note: Int?, evidence: Int?, date: Int?)? {
            let names = row.mapValues { text($0) }
            func find(_ headers: [String]) -> Int? {
                names.filter { headers.contains($0.value) }.map(\.key).min()
            }
            guard let number = find(["序号"]), let value = find(valueHeaders) else { return nil }
            return (number, value, find(noteHeaders), find(evidenceHeaders), find(dateHeaders))
        }
        guard let headerRow = rows.first(where: { columns(grid[$0]!) != nil }), var layout = columns(grid[headerRow]!) else {
            throw InputErrors([Diagnostic(file: file, cell: sheet, kind: .unreadable,
                "工作表中没有表头行（应有一行至少包含“序号”和“得分”两列，模板表头：\(SheetLayout.header.joined(separator: ","))）；请检查是否选错了文件")])
        }
        var problems: [Diagnostic] = []
        func place(_ r: Int, _ c: Int) -> SheetDraft.Place { .init(cell: "\(sheet)!\(letters(c))\(r)") }
        func value(_ r: Int, _ c: Int?, date: Bool = false) -> SheetDraft.Value {
            guard let c else { return .init("", place(r, layout.value)) }
            let cell = grid[r]?[c]
            if cell?.kind == .formulaWithoutValue, problems.count < SheetValidator.maximumDiagnostics {
                problems.append(Diagnostic(file: file, cell: "\(sheet)!\(letters(c))\(r)", kind: .unreadable,
                    "单元格含公式但没有保存计算结果（请在 Excel、WPS 或 LibreOffice 中打开后保存，或直接填写数值）"))
            }
            return .init(show(cell, date: date, date1904: date1904), place(r, c))
        }
        var draft: [SheetDraft.Row] = []
        // Details above the header: a label (试点档案, 评估日期 …) and its value to the right.
        for r in rows where r < headerRow {
            let cells = grid[r]!
            guard let (labelColumn, label) = cells.keys.sorted().lazy.map({ ($0, text(cells[$0]).trimmingCharacters(in: CharacterSet(charactersIn: "：:"))) })
                .first(where: { !$0.1.isEmpty }), let key = SheetLayout.metaKey(label) else { continue }
            let valueColumn = cells.keys.sorted().first { $0 > labelColumn && !text(cells[$0]).isEmpty } ?? labelColumn + 2
            let v = value(r, valueColumn, date: key == "date")
            draft.append(SheetDraft.Row(number: .init(label, place(r, labelColumn)), value: v, note: .init("", v.place), evidence: .init("", v.place)))
        }
        for r in rows where r > headerRow {
            let cells = grid[r]!
            if let again = columns(cells) { layout = again; continue }
            let number = grid[r]?[layout.number]
            let numberText = show(number, date: false, date1904: date1904)
            if numberText.trimmingCharacters(in: .whitespacesAndNewlines) == SheetLayout.totalLabel { continue }
            let used = [layout.number, layout.value, layout.note, layout.evidence, layout.date].compactMap { $0 }
            if used.allSatisfy({ text(cells[$0]).isEmpty && cells[$0]?.kind != .formulaWithoutValue }) { continue }
            let isMeta = SheetLayout.metaKey(numberText.trimmingCharacters(in: .whitespaces)) == "date"
            draft.append(SheetDraft.Row(number: .init(numberText, place(r, layout.number)),
                                        value: value(r, layout.value, date: isMeta),
                                        note: value(r, layout.note), evidence: value(r, layout.evidence),
                                        date: layout.date.map { value(r, $0, date: true) }))
        }
        if !problems.isEmpty { throw InputErrors(problems) }
        return SheetDraft(source: file, rows: draft)
    }

    /// A cell's value as the user sees it: a number without float noise (2, 1.5, not 1.5000000000000002),
    /// a date serial as YYYY-MM-DD where a date is meant.
    static func show(_ cell: Cell?, date: Bool, date1904: Bool) -> String {
        guard let cell else { return "" }
        switch cell.kind {
        case .text, .boolean, .error, .formulaWithoutValue:
            return cell.text
        case .number:
            let raw = cell.text.trimmingCharacters(in: .whitespaces)
            guard let d = Double(raw), d.isFinite else { return raw }
            if date || cell.dateStyled, d >= 1, d < 2_958_466, let day = civilDate(serial: d, date1904: date1904) { return day }
            if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
            // A value within float noise of two decimals is that value; anything else as stored
            // (1.234 stays, and is refused for its decimals).
            let hundredths = (d * 100).rounded()
            if abs(d * 100 - hundredths) < 1e-6 {
                let cents = Int(hundredths)
                let sign = cents < 0 ? "-" : ""
                let a = abs(cents)
                let fraction = a % 100
                return fraction % 10 == 0 ? "\(sign)\(a / 100).\(fraction / 10)" : "\(sign)\(a / 100).\(fraction < 10 ? "0" : "")\(fraction)"
            }
            return raw
        }
    }

    /// YYYY-MM-DD of a spreadsheet date serial (1900 system: 1 = 1900-01-01, with Excel's phantom 1900-02-29).
    static func civilDate(serial: Double, date1904: Bool) -> String? {
        let days = Int(serial.rounded(.down))
        var c = DateComponents()
        c.year = date1904 ? 1904 : 1899; c.month = date1904 ? 1 : 12; c.day = date1904 ? 1 : 30
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        guard let base = cal.date(from: c) else { return nil }
        // Serials below 61 count the 1900-02-29 that never was; no sheet dates from then.
        guard let day = cal.date(byAdding: .day, value: days, to: base) else { return nil }
        let parts = cal.dateComponents([.year, .month, .day], from: day)
        guard let y = parts.year, let m = parts.month, let dd = parts.day else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, dd)
    }
}
