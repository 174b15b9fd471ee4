import Foundation
import YRDQCore

/// A panel's list of experts (issue 13 §3), as the bureau keeps it: a CSV or XLSX table with
/// the columns 姓名, 单位 and 所属方面, one expert a row. Every name is checked as names are
/// (`NameText`), every 所属方面 against the kinds the rubric allows, two rows of one name
/// (compared by `NameText.identityKey`) refused, and the count against the panel's size.
public enum ExpertList {
    public static let columns = ["姓名", "单位", "所属方面"]

    /// The experts in the list's order, or every problem found, each at its line or cell.
    public static func load(path: String, rubric: Rubric) throws(InputErrors) -> [Assessor] {
        let bytes = try InputFile.bytes(at: path)
        let rows: [(place: (Int) -> Place, fields: [String])]
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            rows = try xlsxRows(bytes, file: path)
        } else {
            rows = try csvRows(bytes, file: path)
        }
        return try read(rows, file: path, rubric: rubric)
    }

    static func csvRows(_ bytes: [UInt8], file: String) throws(InputErrors) -> [(place: (Int) -> Place, fields: [String])] {
        var text = try CSVSheet.decode(bytes, file: file)
        while text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        if text.unicodeScalars.contains("\u{0}") { throw InputErrors([Diagnostic(file: file, "文件含有 NUL 字符，不是文本文件")]) }
        do throws(CSVRecords.UnclosedQuote) {
            return try CSVRecords.parse(text).map { record in
                (place: { _ in Place(line: record.line) }, fields: record.fields)
            }
        } catch {
            throw InputErrors([Diagnostic(file: file, line: error.line,
                "CSV 格式错误：第\(error.line)行起的单元格以引号开头，但直到文件末尾都没有对应的结束引号")])
        }
    }

    static func xlsxRows(_ bytes: [UInt8], file: String) throws(InputErrors) -> [(place: (Int) -> Place, fields: [String])] {
        var package = try XLSXPackage(bytes: bytes, file: file)
        let (sheets, _) = try XLSXSheet.workbook(&package)
        guard let sheet = sheets.first else {
            throw InputErrors([Diagnostic(file: file, kind: .unreadable, "XLSX 文件中没有工作表")])
        }
        let strings = try XLSXSheet.sharedStrings(&package)
        let styles = try XLSXSheet.dateStyles(&package)
        let grid = try XLSXSheet.cells(&package, part: sheet.part, strings: strings, dateStyles: styles, sheet: sheet.name)
        return grid.keys.sorted().map { r in
            let row = grid[r] ?? [:]
            let width = row.keys.max() ?? 0
            let fields = width < 1 ? [] : (1...width).map { row[$0]?.text ?? "" }
            return (place: { c in Place(cell: "\(sheet.name)!\(XLSXSheet.letters(c + 1))\(r)") }, fields: fields)
        }
    }

    static func read(_ rows: [(place: (Int) -> Place, fields: [String])], file: String,
                     rubric: Rubric) throws(InputErrors) -> [Assessor] {
        func blank(_ s: String) -> Bool { s.allSatisfy(\.isWhitespace) }
        let filled = rows.filter { !$0.fields.allSatisfy(blank) }
        guard let header = filled.first else { throw InputErrors([Diagnostic(file: file, "专家名单是空的")]) }
        let head = header.fields.map { NameText.cleaned($0) }
        var index: [Int] = []
        var missing: [String] = []
        for column in columns {
            if let i = head.firstIndex(of: column) { index.append(i) } else { missing.append(column) }
        }
        if !missing.isEmpty {
            throw InputErrors([header.place(0).diagnostic(file: file,
                "专家名单的表头缺少“\(missing.joined(separator: "”“"))”列（应有列：\(columns.joined(separator: "、"))）")])
        }
        var problems: [Diagnostic] = []
        var experts: [Assessor] = []
        var seen: [String: Int] = [:]
        let kinds = rubric.panel.expertKinds
        for (n, row) in filled.dropFirst().enumerated() {
            let number = n + 1
            func field(_ k: Int) -> String { index[k] < row.fields.count ? row.fields[index[k]] : "" }
            func problem(_ k: Int, _ message: String) { problems.append(row.place(index[k]).diagnostic(file: file, "第\(number)位专家：\(message)")) }
            var values: [String] = []
            var ok = true
            for (k, column) in columns.enumerated() {
                let raw = field(k)
                if let why = NameText.problem(raw) {
                    problem(k, "\(column)“\(SheetValidator.quote(raw))”\(why)"); ok = false; continue
                }
                let clean = NameText.cleaned(raw)
                if clean.isEmpty { problem(k, "\(column)不能为空"); ok = false; continue }
                values.append(clean)
            }
            guard ok else { continue }
            if !kinds.isEmpty && !kinds.contains(values[2]) {
                problem(2, "所属方面“\(SheetValidator.quote(values[2]))”不在指南所列范围内（允许：\(kinds.joined(separator: "、"))）")
                continue
            }
            let key = NameText.identityKey(values[0])
            if let first = seen[key] {
                problem(0, "姓名“\(SheetValidator.quote(values[0]))”与第\(first)位专家重复（每位专家只列一次，每人一份评分表）")
                continue
            }
            seen[key] = number
            experts.append(Assessor(name: values[0], organization: values[1], kind: values[2]))
        }
        let count = filled.count - 1
        let range = rubric.panel.minExperts...rubric.panel.maxExperts
        if !range.contains(count) {
            problems.append(Diagnostic(file: file, "专家名单有 \(count) 位专家，指南规定评估专家组为 \(range.lowerBound)—\(range.upperBound) 人"))
        }
        if !problems.isEmpty { throw InputErrors(problems) }
        return experts
    }

    /// Where in a list a value is: a CSV line, or a workbook cell.
    struct Place {
        var line: Int?
        var cell: String?
        func diagnostic(file: String, _ message: String) -> Diagnostic { Diagnostic(file: file, line: line, cell: cell, message) }
    }
}
