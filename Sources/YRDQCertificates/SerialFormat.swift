import YRDQCore

/// How serial numbers are made: a pattern with {abbr} (浙), {province} (浙江省),
/// {year} (2026) and {seq} (003; {seq:N} pads to N digits).
public struct SerialFormat: Sendable, Equatable {
    public var pattern: String
    public static let defaultPattern = "{abbr}质示〔{year}〕第{seq}号"
    public static let standard = SerialFormat(unchecked: defaultPattern)

    /// The abbreviations of the five provinces of the guide.
    public static let abbreviations: [String: String] = [
        "上海市": "沪", "江苏省": "苏", "浙江省": "浙", "安徽省": "皖", "江西省": "赣",
    ]

    init(unchecked pattern: String) { self.pattern = pattern }

    public init(_ pattern: String) throws(InputErrors) {
        // NFC, as names are stored: serials that look the same are the same bytes in the register.
        let pattern = pattern.precomposedStringWithCanonicalMapping
        self.pattern = pattern
        var problems: [String] = []
        let tokens = placeholders()
        for t in tokens where !(["abbr", "province", "year", "seq"].contains(t) || t.hasPrefix("seq:")) {
            problems.append("未知的占位符 {\(TerminalText.value(t))}（允许：{abbr} {province} {year} {seq} {seq:N}）")
        }
        for t in tokens where t.hasPrefix("seq:") {
            if Int(t.dropFirst(4)).map({ (1...9).contains($0) }) != true { problems.append("{\(TerminalText.value(t))} 的位数应为 1—9") }
        }
        // A serial is printed and compared as it is: a line break, a control or an invisible
        // character in it could make one serial display as another, or as a line of its own.
        let hidden = pattern.unicodeScalars.filter { u in
            TerminalText.value(String(u)) != String(u) || u == "\t" || !NameText.invisibleScalars(in: String(u)).isEmpty
        }
        if !hidden.isEmpty {
            problems.append("含有控制字符、换行或不可见字符 \(hidden.prefix(5).map(NameText.codePoint).joined(separator: "、"))（编号中不允许）")
        }
        if !tokens.contains(where: { $0 == "seq" || $0.hasPrefix("seq:") }) { problems.append("缺少序号 {seq}") }
        if !tokens.contains("year") { problems.append("缺少年份 {year}（序号按省份和年度编排）") }
        if !tokens.contains("abbr") && !tokens.contains("province") { problems.append("缺少省份 {abbr} 或 {province}（序号按省份和年度编排）") }
        if !problems.isEmpty {
            throw InputErrors(problems.map { Diagnostic(.error, "证书编号格式“\(TerminalText.value(pattern))”：\($0)") })
        }
    }

    var usesAbbreviation: Bool { placeholders().contains("abbr") }

    private func placeholders() -> [String] {
        var out: [String] = []
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out
    }

    public func render(province: String, year: Int, sequence: Int) -> String {
        var out = ""
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let token = String(rest[rest.index(after: open)..<close])
            switch token {
            case "abbr": out += SerialFormat.abbreviations[province] ?? province
            case "province": out += province
            case "year": out += String(year)
            default:
                let digits = token == "seq" ? 3 : Int(token.dropFirst(4)) ?? 3
                let s = String(sequence)
                out += String(repeating: "0", count: max(0, digits - s.count)) + s
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
