import Foundation
import YRDQCore

/// The score sheet as a spreadsheet (CSV), for bureaus that work in Excel or WPS.
/// Every value a user types goes in the 得分 column: item scores, honour levels
/// (无/地市级/省级/国家级), deductions (是/否) and the sheet's details at the top.
public enum CSVSheet {
    public static let header = SheetLayout.header
    static let levelWords = SheetLayout.levelWords

    // MARK: Writing the template

    public static func template(rubric: Rubric, pilotPath: String?, date: CivilDate?) -> String {
        var rows: [[String]] = [header]
        rows.append(["试点档案", "", "", "试点档案文件（相对于本文件）", "", pilotPath ?? "", "", ""])
        rows.append(["评估日期", "", "", "格式 \(CivilDate.allowedForms)", "", date?.description ?? "", "", ""])
        rows.append(["评估人", "", "", "专家评分时填写姓名", "", "", "", ""])
        rows.append(["评估人单位", "", "", "专家评分时填写", "", "", "", ""])
        rows.append(["评估人所属方面", "", "", rubric.panel.expertKinds.joined(separator: "/"), "", "", "", ""])
        for indicator in rubric.indicators {
            for group in indicator.groups {
                for item in group.items {
                    rows.append([String(item.number), indicator.name, group.name, item.text, item.points.description, "", "", ""])
                }
            }
        }
        for category in rubric.bonus.categories {
            let options = ["无"] + category.levels.map { "\(levelWords[$0.id] ?? $0.id)（加\($0.points)分）：\($0.text)" }
            rows.append([category.numeral, category.name, "加分项", options.joined(separator: "；") + "。" + honourNoteHint,
                         category.points.description, "无", "", ""])
        }
        for (i, condition) in rubric.deductions.conditions.enumerated() {
            rows.append(["\(rubric.deductions.numeral)-\(i + 1)", rubric.deductions.name, "减分项", condition.text.trimmingCharacters(in: ["；", "。"]) + "。" + deductionNoteHint,
                         "-\(condition.points)", "否", "", ""])
        }
        return rows.map { $0.map(escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static let honourNoteHint = SheetLayout.honourNoteHint
    static let deductionNoteHint = SheetLayout.deductionNoteHint

    static func escape(_ field: String) -> String {
        // By scalars: "\r\n" is one Character, equal neither to "\r" nor to "\n".
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Reading

    /// Decodes the bytes as UTF-8 (with or without BOM) or GB18030.
    static func decode(_ bytes: [UInt8], file: String) throws(InputErrors) -> String {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let t = TextDecoding.utf8(Array(bytes.dropFirst(3))) else {
                throw InputErrors([Diagnostic(file: file, "文件声明为 UTF-8（带 BOM），但含有无效的 UTF-8 字节")])
            }
            return t
        }
        if let t = TextDecoding.utf8(bytes) { return t }
        if let t = TextDecoding.gb18030(bytes) { return t }
        // Mostly UTF-8 with one bad or cut-off character (a file truncated mid-character, say):
        // point at it rather than only naming the encodings.
        if let offset = TextDecoding.firstInvalidUTF8Offset(bytes), offset > 0,
           bytes[..<offset].contains(where: { $0 >= 0x80 }) {
            let line = TextDecoding.line(ofByteOffset: offset, in: bytes)
            let end = bytes.count - offset <= 3 ? "，在文件末尾：文件可能被截断或未完整保存" : ""
            throw InputErrors([Diagnostic(file: file, line: line,
                "不是有效的 UTF-8 文本（第 \(offset + 1) 字节起无法解码\(end)），也不是 GB18030（请在 Excel/WPS 中另存为“CSV UTF-8”）")])
        }
        throw InputErrors([Diagnostic(file: file, "无法识别文件编码：既不是 UTF-8 也不是 GB18030（请在 Excel/WPS 中另存为“CSV UTF-8”）")])
    }

    /// A CSV sheet's rows as typed, each with its line; `source` names the file in messages.
    public static func draft(bytes: [UInt8], source path: String) throws(InputErrors) -> SheetDraft {
        var text = try decode(bytes, file: path)
        // A byte-order mark decoded as text (a GB18030 file saved from one with a BOM, a BOM
        // saved twice) is no part of the first header cell.
        while text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        if text.unicodeScalars.contains("\u{0}") { throw InputErrors([Diagnostic(file: path, "文件含有 NUL 字符，不是文本文件")]) }
        if text.allSatisfy(\.isWhitespace) { throw InputErrors([Diagnostic(file: path, "文件是空的")]) }
        let records: [CSVRecords.Record]
        do throws(CSVRecords.UnclosedQuote) {
            records = try CSVRecords.parse(text)
        } catch {
            throw InputErrors([Diagnostic(file: path, line: error.line,
                "CSV 格式错误：第\(error.line)行起的单元格以引号开头，但直到文件末尾都没有对应的结束引号")])
        }
        guard let headerRecord = records.first(where: { !$0.fields.allSatisfy { $0.allSatisfy(\.isWhitespace) } }) else {
            throw InputErrors([Diagnostic(file: path, "文件是空的")])
        }
        let head = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let numberCol = head.firstIndex(of: "序号"), let scoreCol = head.firstIndex(of: "得分") else {
            // The line is not quoted: a file chosen by mistake must not have its content shown.
            let missing = ["序号", "得分"].filter { !head.contains($0) }.map { "“\($0)”" }.joined(separator: "和")
            throw InputErrors([Diagnostic(file: path, line: headerRecord.line, "第一行应为表头，至少包含“序号”和“得分”两列（模板表头：\(header.joined(separator: ","))），实际的第一行没有\(missing)列；请检查是否选错了文件")])
        }
        let noteCol = head.firstIndex(of: "说明"), evidenceCol = head.firstIndex(of: "证明材料")
        func cell(_ row: [String], _ c: Int?) -> String {
            guard let c, c < row.count else { return "" }
            return row[c].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var rows: [SheetDraft.Row] = []
        for record in records where record.line > headerRecord.line {
            let row = record.fields
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { continue }
            let at = SheetDraft.Place(line: record.line)
            rows.append(SheetDraft.Row(number: .init(numberCol < row.count ? row[numberCol] : "", at),
                                       value: .init(cell(row, scoreCol), at), note: .init(cell(row, noteCol), at),
                                       evidence: .init(cell(row, evidenceCol), at)))
        }
        return SheetDraft(source: path, rows: rows)
    }
}
