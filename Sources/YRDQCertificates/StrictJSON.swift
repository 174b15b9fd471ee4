import Foundation
import YRDQCore

/// What is wrong with a certificate, a QR text or a status list, and where (line and
/// column, counted in characters from 1, when the reader knows).
public struct FormatProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int?
    public var column: Int?
    /// Well formed, but one part contradicts another (a data file whose QR text is not that of
    /// its data): the mark of an edit, reported as an alteration rather than as unreadable.
    public var isAlteration = false

    public init(_ message: String, line: Int? = nil, column: Int? = nil, isAlteration: Bool = false) {
        self.message = message; self.line = line; self.column = column; self.isAlteration = isAlteration
    }

    public var description: String { message }

    /// The problem as a diagnostic about `file` (a path, or a label for text given on the command line).
    public func diagnostic(file: String?) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, message)
    }
}

/// A strict RFC 8259 reader for the JSON that certificates and status lists are written in:
/// objects, arrays and strings only (the formats write every figure as a string), each
/// object's keys once (a second "serial" is refused, not silently kept or dropped, as
/// JSONSerialization does), valid UTF-8, no raw control characters in strings, only the
/// escapes RFC 8259 defines, surrogates only in pairs, a bounded depth, nothing after the
/// value. It records where every member and array element starts, so that the format
/// readers can say where a member is unknown or wrong.
public struct StrictJSON {
    /// The value read.
    public let value: JSONValue
    /// Where each member's key (or each array element) starts, by path ("/data/pilot",
    /// "/entries/0"), as a byte offset: turned into a line and column only for a message.
    let positions: [String: Int]
    let bytes: [UInt8]

    /// Nesting deeper than this is refused (the formats use three levels).
    public static let maximumDepth = 16

    public init(_ bytes: [UInt8]) throws(FormatProblem) {
        var parser = Parser(bytes: bytes)
        value = try parser.document()
        positions = parser.positions
        self.bytes = bytes
    }

    /// The position of `path` ("/data/pilot"), for a message.
    public func problem(_ message: String, at path: String) -> FormatProblem {
        guard let offset = positions[path] else { return FormatProblem(message) }
        let (line, column) = StrictJSON.location(of: offset, in: bytes)
        return FormatProblem(message, line: line, column: column)
    }

    /// Line and column of a byte offset, counted in characters (Unicode scalars) from 1
    /// (a byte order mark is not counted).
    static func location(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < min(offset, bytes.count) {
            let b = bytes[i]
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (line, column)
    }

    struct Parser {
        let bytes: [UInt8]
        var index = 0
        var path: [String] = []
        var positions: [String: Int] = [:]

        init(bytes: [UInt8]) {
            self.bytes = bytes
            // A byte order mark may be ignored (RFC 8259 §8.1).
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        func location(_ offset: Int) -> (line: Int, column: Int) { StrictJSON.location(of: offset, in: bytes) }

        func fail(_ message: String, at offset: Int? = nil) -> FormatProblem {
            let (line, column) = location(offset ?? index)
            return FormatProblem(message, line: line, column: column)
        }

        /// What stands at the current position, for a message ("“,”", "文件末尾").
        func found() -> String {
            guard index < bytes.count else { return "文件末尾" }
            let b = bytes[index]
            if b < 0x20 || b == 0x7F { return "控制字符 U+" + String(format: "%04X", b) }
            var end = index + 1
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 && end - index < 4 { end += 1 }
            let text = String(decoding: bytes[index..<end], as: UTF8.self)
            return "“\(TerminalText.value(text))”"
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func document() throws(FormatProblem) -> JSONValue {
            skipWhitespace()
            let v = try value(depth: 1)
            skipWhitespace()
            guard index == bytes.count else { throw fail("JSON 值之后还有多余的内容（\(found())）") }
            return v
        }

        mutating func value(depth: Int) throws(FormatProblem) -> JSONValue {
            guard depth <= StrictJSON.maximumDepth else {
                throw fail("JSON 嵌套超过 \(StrictJSON.maximumDepth) 层")
            }
            guard index < bytes.count else { throw fail("JSON 不完整：此处应为一个值，实际是文件末尾") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                throw fail("JSON 中的数字、true、false、null 不是这一格式的值（只用字符串、数组和对象，数字写作字符串）")
            default:
                throw fail("此处应为 JSON 值（对象、数组或字符串），实际是\(found())")
            }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(FormatProblem) {
            guard index < bytes.count, bytes[index] == byte else { throw fail("此处应为\(what)，实际是\(found())") }
            index += 1
        }

        var pathText: String { path.map { "/" + $0 }.joined() }

        mutating func object(depth: Int) throws(FormatProblem) -> JSONValue {
            index += 1
            var members: [String: JSONValue] = [:]
            var firstSeen: [String: Int] = [:]
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                let keyStart = index
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw fail("此处应为成员名（带引号的字符串），实际是\(found())")
                }
                let key = try string()
                if let first = firstSeen[key] {
                    let (line, _) = location(first)
                    throw fail("JSON 对象中成员“\(TerminalText.value(key))”重复（第一次在第 \(line) 行）；每个成员只能出现一次", at: keyStart)
                }
                firstSeen[key] = keyStart
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "冒号“:”")
                skipWhitespace()
                path.append(key)
                positions[pathText] = keyStart
                members[key] = try value(depth: depth + 1)
                path.removeLast()
                skipWhitespace()
                guard index < bytes.count else { throw fail("JSON 不完整：对象没有结束（缺少“}”）") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                throw fail("此处应为“,”或“}”，实际是\(found())")
            }
        }

        mutating func array(depth: Int) throws(FormatProblem) -> JSONValue {
            index += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipWhitespace()
                path.append(String(items.count))
                positions[pathText] = index
                items.append(try value(depth: depth + 1))
                path.removeLast()
                skipWhitespace()
                guard index < bytes.count else { throw fail("JSON 不完整：数组没有结束（缺少“]”）") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw fail("此处应为“,”或“]”，实际是\(found())")
            }
        }

        mutating func hex4() throws(FormatProblem) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("\\u 后应有 4 位十六进制数字") }
            var v: UInt32 = 0
            for b in bytes[index..<index + 4] {
                let d: UInt8
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
                default: throw fail("\\u 后应有 4 位十六进制数字")
                }
                v = v * 16 + UInt32(d)
            }
            index += 4
            return v
        }

        /// A string literal; the current byte is its opening quote.
        mutating func string() throws(FormatProblem) -> String {
            let start = index
            index += 1
            var out = String.UnicodeScalarView()
            var runStart = index
            func flush(upTo end: Int) throws(FormatProblem) {
                guard runStart < end else { return }
                guard let text = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                    throw fail("字符串不是有效的 UTF-8 编码", at: runStart)
                }
                out.append(contentsOf: text.unicodeScalars)
            }
            while true {
                guard index < bytes.count else { throw fail("JSON 不完整：字符串没有结束（缺少右引号）", at: start) }
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    try flush(upTo: index)
                    index += 1
                    return String(out)
                }
                if b < 0x20 {
                    throw fail("字符串中有未转义的控制字符 U+" + String(format: "%04X", b) + "（应写作转义序列，如 \\n）")
                }
                if b != UInt8(ascii: "\\") { index += 1; continue }
                try flush(upTo: index)
                let escapeStart = index
                index += 1
                guard index < bytes.count else { throw fail("JSON 不完整：字符串没有结束（缺少右引号）", at: start) }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""): out.append("\"")
                case UInt8(ascii: "\\"): out.append("\\")
                case UInt8(ascii: "/"): out.append("/")
                case UInt8(ascii: "b"): out.append("\u{08}")
                case UInt8(ascii: "f"): out.append("\u{0C}")
                case UInt8(ascii: "n"): out.append("\n")
                case UInt8(ascii: "r"): out.append("\r")
                case UInt8(ascii: "t"): out.append("\t")
                case UInt8(ascii: "u"):
                    let unit = try hex4()
                    var scalar: UInt32 = unit
                    if (0xD800...0xDBFF).contains(unit) {
                        guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail("不成对的代理项 \\u\(String(format: "%04X", unit))（高代理项后应紧跟低代理项）", at: escapeStart)
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw fail("不成对的代理项 \\u\(String(format: "%04X", unit))（高代理项后应紧跟低代理项）", at: escapeStart)
                        }
                        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(unit) {
                        throw fail("不成对的代理项 \\u\(String(format: "%04X", unit))（低代理项前没有高代理项）", at: escapeStart)
                    }
                    out.append(Unicode.Scalar(scalar)!)
                default:
                    let shown = e < 0x20 || e >= 0x7F ? String(format: "U+%04X", e) : String(UnicodeScalar(e))
                    throw fail("无效的转义序列 \\\(shown)（允许：\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX）", at: escapeStart)
                }
                runStart = index
            }
        }
    }
}

extension StrictJSON {
    /// The members of the object at `path` (its value `v`), which must be exactly `names`:
    /// an unknown member or a missing one is refused, naming it and what is allowed.
    func members(of v: JSONValue, at path: String, names: [String], what: String) throws(FormatProblem) -> [String: JSONValue] {
        guard let o = v.object else {
            throw problem("\(what)应为 JSON 对象（{…}）", at: path)
        }
        let allowed = names.joined(separator: "、")
        for key in JSONValue.sortedKeys(o.keys) where !names.contains(key) {
            throw problem("\(what)中有未知的成员“\(TerminalText.value(key))”（只允许：\(allowed)）", at: path + "/" + key)
        }
        for name in names where o[name] == nil {
            throw problem("\(what)缺少成员“\(name)”（应有：\(allowed)）", at: path)
        }
        return o
    }

    /// The document's top object, which must have exactly `names` and a `format` member equal to `format`.
    func file(format: String, names: [String], what: String) throws(FormatProblem) -> [String: JSONValue] {
        let o = try members(of: value, at: "", names: names, what: what)
        let found = try string(o, "format", at: "", what: what)
        guard found == format else {
            throw problem("\(what)的格式（format）应为“\(format)”，实际是“\(TerminalText.value(found))”", at: "/format")
        }
        return o
    }

    /// The string member `name` of `o` (at `path`), or a problem saying what it is instead.
    func string(_ o: [String: JSONValue], _ name: String, at path: String, what: String) throws(FormatProblem) -> String {
        guard let s = o[name]?.string else {
            throw problem("\(what)的成员“\(name)”应为字符串", at: path + "/" + name)
        }
        return s
    }
}
