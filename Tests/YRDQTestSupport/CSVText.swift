import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CSV lines as the tests fill them in, the way Excel or WPS would save the template.
public enum CSVText {
    /// One CSV line's fields, honouring quotes (the template has no line breaks inside fields).
    public static func fields(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { fields.append(field); field = "" }
            else { field.append(c) }
        }
        fields.append(field)
        return fields
    }

    /// Fields joined into one CSV line, quoted where needed.
    public static func line(_ fields: [String]) -> String {
        fields.map { f in
            f.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",")
    }

    /// The template with its 得分 column filled: `values` maps a row's 序号 (item number,
    /// "十一", "十三-1", "评估日期", …) to the text typed in; `notes` fills 说明.
    public static func filled(_ template: String, values: [String: String], notes: [String: String] = [:],
                              lineEnd: String = "\r\n") -> String {
        let lines = template.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = fields(lines[0])
        let scoreCol = header.firstIndex(of: "得分")!, noteCol = header.firstIndex(of: "说明")!
        var out = [lines[0]]
        for text in lines.dropFirst() {
            var f = fields(text)
            if let v = values[f[0]] { f[scoreCol] = v }
            if let n = notes[f[0]] { f[noteCol] = n }
            out.append(line(f))
        }
        return out.joined(separator: lineEnd) + lineEnd
    }
}

/// Text encoded as GB18030 through the C library's iconv, as Excel/WPS on Chinese Windows save CSV
/// (Foundation on Linux has no GB18030 encoder).
public enum GB18030 {
    public static func encode(_ text: String) -> [UInt8] {
        let cd = iconv_open("GB18030", "UTF-8")
        precondition(cd != iconv_t(bitPattern: -1), "iconv has no GB18030")
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var written = 0
        input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPtr = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outPtr = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outRaw.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                precondition(r != -1 && inLeft == 0, "not encodable as GB18030")
                written = outRaw.count - outLeft
            }
        }
        return Array(output[..<written])
    }
}
