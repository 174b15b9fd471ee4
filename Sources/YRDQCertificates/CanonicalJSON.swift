import YRDQCore
import Foundation

/// The JSON subset certificates use: strings, arrays and objects only (numbers are
/// written as exact decimal strings, so no reader can round them).
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The canonical form: keys sorted by their UTF-8 bytes, no whitespace, only `"`,
    /// `\` and control characters escaped, everything else as raw UTF-8.
    public var canonical: String {
        var out = ""
        write(into: &out, indent: nil, level: 0)
        return out
    }

    /// The same, indented for people (files); it is never what is signed.
    public var pretty: String {
        var out = ""
        write(into: &out, indent: "  ", level: 0)
        return out + "\n"
    }

    static func sortedKeys(_ keys: Dictionary<String, JSONValue>.Keys) -> [String] {
        keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    private func write(into out: inout String, indent: String?, level: Int) {
        func newline(_ level: Int) {
            if let indent { out += "\n" + String(repeating: indent, count: level) }
        }
        switch self {
        case .string(let s): out += JSONValue.quote(s)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            if !items.isEmpty { newline(level) }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, key) in JSONValue.sortedKeys(members.keys).enumerated() {
                if i > 0 { out += "," }
                newline(level + 1)
                out += JSONValue.quote(key) + (indent == nil ? ":" : ": ")
                members[key]!.write(into: &out, indent: indent, level: level + 1)
            }
            if !members.isEmpty { newline(level) }
            out += "}"
        }
    }

    static func quote(_ s: String) -> String { JSONString.quote(s) }

    /// Parses JSON text strictly (see `StrictJSON`): anything but strings, arrays and
    /// objects, a duplicate key or a syntax error gives nil.
    public static func parse(_ data: Data) -> JSONValue? {
        try? StrictJSON([UInt8](data)).value
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var object: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
}

/// Base64url without padding (RFC 4648 §5).
public enum Base64URL {
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes of a canonical base64url text, or nil: only the 64 letters of the base64url
    /// alphabet, no padding, and no bits set in what the last letter does not encode (so that
    /// "…Ag" and "…Ah", which decode to the same bytes, are not both accepted): re-encoding
    /// the bytes must give back the text exactly. One value has exactly one text.
    public static func decode(_ text: String) -> Data? {
        guard text.utf8.allSatisfy({ isAlphabet($0) }), text.utf8.count % 4 != 1 else { return nil }
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.utf8.count % 4 != 0 { s += "=" }
        guard let data = Data(base64Encoded: s), encode(data) == text else { return nil }
        return data
    }

    static func isAlphabet(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): return true
        default: return false
        }
    }
}
