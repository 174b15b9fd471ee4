import Foundation
import YRDQCore

/// An evaluation's audit trail as a CSV file (`audit.csv` of the workspace's export): a header
/// row 时间,操作人,操作,对象,原值,新值 and one row per event, in order. `render provincial
/// --audit` reads it back to attach it to the report.
public enum AuditTrailCSV {
    public static let fileName = "audit.csv"
    public static let header = ["时间", "操作人", "操作", "对象", "原值", "新值"]
    /// The largest trail read (a hostile file must not exhaust memory or pages).
    static let maximumBytes = 32 << 20
    /// First characters a spreadsheet reads as a formula, and the apostrophe that guards them.
    static let guarded = "=+-@\t\r'"

    /// The CSV text (UTF-8 with a byte-order mark, as Excel and WPS open it; CRLF line ends).
    /// A value that a spreadsheet would run as a formula (= + - @ first) is kept as text by a
    /// leading apostrophe, which the reader takes off again (a value beginning with an
    /// apostrophe gets one more, so every value reads back as it was).
    public static func encode(_ records: [AuditRecord]) -> String {
        func field(_ s: String) -> String {
            var s = s
            if let first = s.unicodeScalars.first, Self.guarded.unicodeScalars.contains(first) { s = "'" + s }
            if s.contains(where: { "\",\r\n".contains($0) }) || s.hasPrefix(" ") || s.hasSuffix(" ") {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        }
        var out = "\u{FEFF}" + header.joined(separator: ",") + "\r\n"
        for r in records {
            out += [r.at, r.actor, r.action, r.subject, r.old ?? "", r.new ?? ""].map(field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// Reads an audit trail; every problem with its line.
    public static func read(path: String) throws(InputErrors) -> [AuditRecord] {
        let bytes = try RegularFile.bytes(at: path, maximumBytes: maximumBytes)
        guard var text = String(bytes: bytes, encoding: .utf8) else {
            throw InputErrors([Diagnostic(file: path, "审计记录不是 UTF-8 文本")])
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records: [CSVRecords.Record]
        do throws(CSVRecords.UnclosedQuote) { records = try CSVRecords.parse(text) }
        catch { throw InputErrors([Diagnostic(file: path, line: error.line, "引号没有闭合")]) }
        let rows = records.filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard let first = rows.first, first.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) == header else {
            throw InputErrors([Diagnostic(file: path, line: rows.first?.line, "审计记录的第一行应为表头：\(header.joined(separator: ","))")])
        }
        func unguarded(_ s: String) -> String {
            if s.hasPrefix("'"), let second = s.unicodeScalars.dropFirst().first, Self.guarded.unicodeScalars.contains(second) { return String(s.dropFirst()) }
            return s
        }
        var out: [AuditRecord] = []
        var problems: [Diagnostic] = []
        for row in rows.dropFirst() {
            guard row.fields.count == header.count else {
                problems.append(Diagnostic(file: path, line: row.line, "应有 \(header.count) 列（\(header.joined(separator: "、"))），实际 \(row.fields.count) 列"))
                continue
            }
            let f = row.fields.map(unguarded)
            for (value, label) in zip(f, header) {
                if let u = value.unicodeScalars.first(where: { ($0.value < 0x20 && !"\n\r\t".unicodeScalars.contains($0)) || $0.value == 0x7F }) {
                    problems.append(Diagnostic(file: path, line: row.line, "\(label)含控制字符 \(NameText.codePoint(u))"))
                }
            }
            if f[0].isEmpty || f[1].isEmpty || f[2].isEmpty {
                problems.append(Diagnostic(file: path, line: row.line, "时间、操作人和操作不能为空"))
                continue
            }
            out.append(AuditRecord(at: f[0], actor: f[1], action: f[2], subject: f[3], old: f[4].isEmpty ? nil : f[4], new: f[5].isEmpty ? nil : f[5]))
        }
        if !problems.isEmpty { throw InputErrors(problems) }
        return out
    }
}
