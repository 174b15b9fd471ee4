import CXLSXWriter
import Foundation
import YRDQCore

/// The score sheet as an Excel workbook (one sheet, 评分表): the appendix table as the guide
/// prints it, with merged first- and second-level cells, a header block for the sheet's
/// details, rows for the bonus categories and the deductions, data validation on every input
/// cell, subtotal formulas per first-level indicator and a total, structure cells locked and
/// input cells open, set up to print on A4 with the header row on every page.
///
/// Written with libxlsxwriter (Debian's libxlsxwriter-dev): it writes the parts Excel, WPS and
/// LibreOffice expect of validations, merges, defined print titles and sheet protection.
public enum XLSXSheetWriter {
    /// The sheet's name, used in every cell reference a reader reports (`评分表!F12`).
    public static let sheetName = "评分表"

    /// What the sheet is filled with before it is handed out: a pilot folder's sheet gets the
    /// profile path and a date; an expert's sheet (issue 13 §3) the expert's details too, and
    /// a filled table its scores.
    public struct Prefill: Sendable {
        public var pilotPath: String?
        public var date: CivilDate?
        public var assessor: Assessor?
        public var scores: [Int: Points]
        public init(pilotPath: String? = nil, date: CivilDate? = nil, assessor: Assessor? = nil, scores: [Int: Points] = [:]) {
            self.pilotPath = pilotPath; self.date = date; self.assessor = assessor; self.scores = scores
        }
    }

    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Column letters, in the order of `SheetLayout.header`, then the subtotal column.
    static let columns = ["A", "B", "C", "D", "E", "F", "G", "H", "I"]
    static let widths: [Double] = [6, 14, 16, 52, 6, 8, 22, 20, 9]
    /// The row (0-based) of the table's header, repeated on every printed page.
    static let headerRow: UInt32 = 6

    /// The workbook's bytes.
    public static func workbook(rubric: Rubric, prefill: Prefill = Prefill()) throws(WriteError) -> [UInt8] {
        try Workbook.bytes(title: rubric.title, date: prefill.date.map { ($0.year, $0.month, $0.day) }) { book in
            var sheet = Sheet(book: book, rubric: rubric, prefill: prefill)
            sheet.write()
        }
    }

    /// Where each input of a sheet written for `rubric` is: a row's key (an item number, a
    /// bonus numeral "十一", a deduction "十三-1", a detail label "评估日期") to its cell
    /// ("F12"); a bonus row's honour name and date as "十一/荣誉名称" and "十一/取得日期", a
    /// deduction's grounds as "十三-1/减分依据". For filling a sheet in, and for tests.
    public static func inputCells(rubric: Rubric) -> [String: String] {
        var cells: [String: String] = [:]
        for (i, label) in ["试点档案", "评估日期", "评估人", "单位", "所属方面"].enumerated() { cells[label] = ref(UInt32(1 + i), 2) }
        var row = headerRow + 1
        for item in rubric.items { cells[String(item.number)] = ref(row, 5); cells["\(item.number)/说明"] = ref(row, 6); cells["\(item.number)/证明材料"] = ref(row, 7); row += 1 }
        row += 2   // the total, the bonus section's header
        for category in rubric.bonus.categories {
            cells[category.numeral] = ref(row, 5); cells["\(category.numeral)/荣誉名称"] = ref(row, 6); cells["\(category.numeral)/取得日期"] = ref(row, 7)
            row += 1
        }
        row += 1   // the deductions' header
        for i in rubric.deductions.conditions.indices {
            let key = "\(rubric.deductions.numeral)-\(i + 1)"
            cells[key] = ref(row, 5); cells["\(key)/减分依据"] = ref(row, 6)
            row += 1
        }
        return cells
    }

    /// "F12" for a 0-based row and column.
    static func ref(_ row: UInt32, _ col: Int) -> String { "\(columns[col])\(row + 1)" }

    /// Roughly how many lines `text` takes in a column `width` characters wide (a CJK
    /// character is two): libxlsxwriter sets no heights itself, and Excel does not fit a row
    /// to wrapped text on opening.
    static func lines(_ text: String, width: Double) -> Int {
        var total = 0
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let units = paragraph.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? 2.0 : 1.0) }
            total += max(1, Int((units / max(1, width * 1.2)).rounded(.up)))
        }
        return total
    }

    struct Sheet {
        let book: UnsafeMutablePointer<lxw_workbook>
        let ws: UnsafeMutablePointer<lxw_worksheet>
        let rubric: Rubric
        let prefill: Prefill
        // Formats: locked structure, open input.
        let title, label, head, text, centre, number, input, inputText, subtotal: UnsafeMutablePointer<lxw_format>
        var row: UInt32 = 0

        init(book: UnsafeMutablePointer<lxw_workbook>, rubric: Rubric, prefill: Prefill) {
            self.book = book; self.rubric = rubric; self.prefill = prefill
            ws = workbook_add_worksheet(book, XLSXSheetWriter.sheetName)
            func format(_ configure: (UnsafeMutablePointer<lxw_format>) -> Void) -> UnsafeMutablePointer<lxw_format> {
                let f = workbook_add_format(book)!
                format_set_font_name(f, "宋体")
                format_set_font_size(f, 10)
                format_set_text_wrap(f)
                format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
                configure(f)
                return f
            }
            func bordered(_ f: UnsafeMutablePointer<lxw_format>) { format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue)) }
            title = format { format_set_bold($0); format_set_font_size($0, 16); format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue)) }
            label = format { bordered($0); format_set_bold($0); format_set_bg_color($0, 0xF2F2F2) }
            head = format { bordered($0); format_set_bold($0); format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue)); format_set_bg_color($0, 0xD9E1F2) }
            text = format { bordered($0) }
            centre = format { bordered($0); format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue)) }
            number = format { bordered($0); format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue)); format_set_num_format($0, "0.##") }
            input = format { bordered($0); format_set_unlocked($0); format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
                format_set_bg_color($0, 0xFFF2CC); format_set_num_format($0, "General") }
            inputText = format { bordered($0); format_set_unlocked($0); format_set_bg_color($0, 0xFFF2CC); format_set_num_format($0, "@") }
            subtotal = format { bordered($0); format_set_bold($0); format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue)); format_set_num_format($0, "0.##") }
        }

        func string(_ r: UInt32, _ c: Int, _ s: String, _ f: UnsafeMutablePointer<lxw_format>) {
            worksheet_write_string(ws, r, UInt16(c), s, f)
        }
        func merge(_ r1: UInt32, _ c1: Int, _ r2: UInt32, _ c2: Int, _ s: String, _ f: UnsafeMutablePointer<lxw_format>) {
            if r1 == r2 && c1 == c2 { string(r1, c1, s, f) } else { worksheet_merge_range(ws, r1, UInt16(c1), r2, UInt16(c2), s, f) }
        }
        func height(_ r: UInt32, lines: Int) {
            worksheet_set_row(ws, r, Double(max(1, lines)) * 13.5 + 7, nil)
        }

        /// A validation on one cell: a list, or a custom formula, with a hint shown on entry.
        func validate(_ r: UInt32, _ c: Int, list: [String]? = nil, formula: String? = nil, hint: String, error: String) {
            var v = lxw_data_validation()
            var pointers: [UnsafeMutablePointer<CChar>?] = []
            func keep(_ s: String) -> UnsafeMutablePointer<CChar> { let p = strdup(s)!; pointers.append(p); return p }
            if let list {
                v.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
                var items: [UnsafeMutablePointer<CChar>?] = list.map { keep($0) }
                items.append(nil)
                items.withUnsafeMutableBufferPointer { buffer in
                    v.value_list = buffer.baseAddress
                    finish(&v, r, c, hint: keep(hint), error: keep(error))
                }
            } else if let formula {
                v.validate = UInt8(LXW_VALIDATION_TYPE_CUSTOM_FORMULA.rawValue)
                v.value_formula = keep(formula)
                finish(&v, r, c, hint: keep(hint), error: keep(error))
            }
            for p in pointers { free(p) }
        }
        private func finish(_ v: inout lxw_data_validation, _ r: UInt32, _ c: Int,
                            hint: UnsafeMutablePointer<CChar>, error: UnsafeMutablePointer<CChar>) {
            v.ignore_blank = UInt8(LXW_VALIDATION_ON.rawValue)
            v.show_input = UInt8(LXW_VALIDATION_ON.rawValue)
            v.show_error = UInt8(LXW_VALIDATION_ON.rawValue)
            v.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
            v.input_message = hint
            v.error_message = error
            worksheet_data_validation_cell(ws, r, UInt16(c), &v)
        }

        mutating func write() {
            for (i, w) in XLSXSheetWriter.widths.enumerated() { worksheet_set_column(ws, UInt16(i), UInt16(i), w, nil) }
            merge(0, 0, 0, 8, rubric.appendixTitle, title)
            worksheet_set_row(ws, 0, 30, nil)
            writeDetails()
            row = XLSXSheetWriter.headerRow
            for (c, name) in SheetLayout.header.enumerated() { string(row, c, name, head) }
            string(row, 8, "一级指标小计", head)
            height(row, lines: 2)
            row += 1
            writeItems()
            writeBonus()
            writeDeductions()
            setUpPage()
        }

        mutating func writeDetails() {
            let a = prefill.assessor
            let details: [(String, String, String)] = [
                ("试点档案", prefill.pilotPath ?? "", "试点档案文件的路径（相对于本文件），如 pilot.yaml"),
                ("评估日期", prefill.date?.description ?? "", "格式 \(CivilDate.allowedForms)"),
                ("评估人", a?.name ?? "", "专家评分时填写姓名；试点自评可不填"),
                ("单位", a?.organization ?? "", "评估人的工作单位"),
                ("所属方面", a?.kind ?? "", rubric.panel.expertKinds.joined(separator: "/")),
            ]
            for (i, (name, value, hint)) in details.enumerated() {
                let r = UInt32(1 + i)
                merge(r, 0, r, 1, name, label)
                merge(r, 2, r, 8, value, inputText)
                if name == "所属方面" && !rubric.panel.expertKinds.isEmpty {
                    validate(r, 2, list: rubric.panel.expertKinds, hint: hint, error: "请从列表中选择：\(hint)")
                } else {
                    validate(r, 2, formula: "=LEN(\(XLSXSheetWriter.ref(r, 2)))<=200", hint: hint, error: "内容过长")
                }
            }
        }

        mutating func writeItems() {
            let first = row
            for indicator in rubric.indicators {
                let indicatorStart = row
                for group in indicator.groups {
                    let groupStart = row
                    for item in group.items {
                        worksheet_write_number(ws, row, 0, Double(item.number), centre)
                        string(row, 3, item.text, text)
                        worksheet_write_number(ws, row, 4, Double(item.points.description) ?? 0, number)
                        let cell = XLSXSheetWriter.ref(row, 5)
                        if let s = prefill.scores[item.number] {
                            worksheet_write_number(ws, row, 5, Double(s.description) ?? 0, input)
                        } else {
                            worksheet_write_blank(ws, row, 5, input)
                        }
                        validate(row, 5, formula: "=AND(ISNUMBER(\(cell)),\(cell)>=0,\(cell)<=\(item.points),ROUND(\(cell),2)=\(cell))",
                                 hint: "0 至 \(item.points) 分，最多两位小数",
                                 error: "第\(item.number)项得分应为 0 至 \(item.points)、最多两位小数的数字")
                        worksheet_write_blank(ws, row, 6, inputText)
                        worksheet_write_blank(ws, row, 7, inputText)
                        height(row, lines: XLSXSheetWriter.lines(item.text, width: XLSXSheetWriter.widths[3]))
                        row += 1
                    }
                    // The points on a line of their own: wrapped by the column, "（6分）" would break inside.
                    merge(groupStart, 2, row - 1, 2, "\(group.name)\n（\(group.points)分）", text)
                }
                merge(indicatorStart, 1, row - 1, 1, "\(indicator.numeral)、\(indicator.name)\n（\(indicator.points)分）", text)
                let sum = "=SUM(\(XLSXSheetWriter.ref(indicatorStart, 5)):\(XLSXSheetWriter.ref(row - 1, 5)))"
                if indicatorStart == row - 1 {
                    worksheet_write_formula(ws, indicatorStart, 8, sum, subtotal)
                } else {
                    worksheet_merge_range(ws, indicatorStart, 8, row - 1, 8, "", subtotal)
                    worksheet_write_formula(ws, indicatorStart, 8, sum, subtotal)
                }
            }
            string(row, 0, SheetLayout.totalLabel, head)
            merge(row, 1, row, 3, "基础分合计（满分\(rubric.items.reduce(Points.zero) { $0 + $1.points })分）", head)
            worksheet_write_formula(ws, row, 4, "=SUM(\(XLSXSheetWriter.ref(first, 4)):\(XLSXSheetWriter.ref(row - 1, 4)))", subtotal)
            worksheet_write_formula(ws, row, 5, "=SUM(\(XLSXSheetWriter.ref(first, 5)):\(XLSXSheetWriter.ref(row - 1, 5)))", subtotal)
            merge(row, 6, row, 8, "", head)
            height(row, lines: 1)
            row += 1
        }

        /// A header row of its own for a section whose columns mean something else (等级, 荣誉名称 …).
        mutating func sectionHeader(_ names: [String]) {
            for (c, name) in names.enumerated() { string(row, c, name, head) }
            string(row, 8, "", head)
            height(row, lines: 1)
            row += 1
        }

        mutating func writeBonus() {
            let levels = ["无"] + ["municipal", "provincial", "national"].compactMap { SheetLayout.levelWords[$0] }
            sectionHeader(["序号", "加分项", "", "加分条件", "分值", "等级", "荣誉名称", "取得日期"])
            for category in rubric.bonus.categories {
                string(row, 0, category.numeral, centre)
                merge(row, 1, row, 2, category.name, text)
                let options = category.levels.map { "\(SheetLayout.levelWords[$0.id] ?? $0.id)：\($0.text)" }
                let description = ((category.preamble.map { [$0] } ?? []) + options).joined(separator: "\n")
                string(row, 3, description, text)
                worksheet_write_number(ws, row, 4, Double(category.points.description) ?? 0, number)
                string(row, 5, "无", input)
                validate(row, 5, list: levels, hint: "选择所获荣誉的最高等级；没有选“无”", error: "请选择 无、地市级、省级 或 国家级")
                worksheet_write_blank(ws, row, 6, inputText)
                worksheet_write_blank(ws, row, 7, inputText)
                validate(row, 7, formula: "=LEN(\(XLSXSheetWriter.ref(row, 7)))<=40",
                         hint: "荣誉取得日期，格式 \(CivilDate.allowedForms)", error: "日期过长")
                string(row, 8, "", text)
                height(row, lines: XLSXSheetWriter.lines(description, width: XLSXSheetWriter.widths[3]))
                row += 1
            }
        }

        mutating func writeDeductions() {
            sectionHeader(["序号", "减分项", "", "减分条件", "分值", "是否适用", "减分依据", ""])
            for (i, condition) in rubric.deductions.conditions.enumerated() {
                string(row, 0, "\(rubric.deductions.numeral)-\(i + 1)", centre)
                merge(row, 1, row, 2, rubric.deductions.name, text)
                string(row, 3, condition.text, text)
                worksheet_write_number(ws, row, 4, -(Double(condition.points.description) ?? 0), number)
                string(row, 5, "否", input)
                validate(row, 5, list: ["否", "是"], hint: "有该情况选“是”，并在减分依据栏写明", error: "请选择 是 或 否")
                merge(row, 6, row, 7, "", inputText)
                string(row, 8, "", text)
                height(row, lines: XLSXSheetWriter.lines(condition.text, width: XLSXSheetWriter.widths[3]))
                row += 1
            }
        }

        func setUpPage() {
            worksheet_set_paper(ws, 9)          // A4
            worksheet_set_landscape(ws)
            worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6)
            worksheet_fit_to_pages(ws, 1, 0)    // one page wide, as many long as needed
            worksheet_repeat_rows(ws, XLSXSheetWriter.headerRow, XLSXSheetWriter.headerRow)
            worksheet_center_horizontally(ws)
            worksheet_set_footer(ws, "&C第 &P 页，共 &N 页")
            worksheet_freeze_panes(ws, XLSXSheetWriter.headerRow + 1, 0)
            // Structure locked, input cells open; no password: a clerk who must change the
            // structure can lift it, the protection only keeps a slip from moving a row.
            var protection = lxw_protection()
            protection.format_columns = 1
            protection.format_rows = 1
            worksheet_protect(ws, nil, &protection)
        }
    }
}
