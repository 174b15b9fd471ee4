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

    /// Parses JSON text; anything but strings, arrays and objects is refused.
    public static func parse(_ data: Data) -> JSONValue? {
        guard let any = try? JSONSerialization.jsonObject(with: data, options: []) else { return nil }
        return from(any)
    }

    private static func from(_ any: Any) -> JSONValue? {
        if let s = any as? String { return .string(s) }
        if let a = any as? [Any] {
            var items: [JSONValue] = []
            for x in a { guard let v = from(x) else { return nil }; items.append(v) }
            return .array(items)
        }
        if let d = any as? [String: Any] {
            var members: [String: JSONValue] = [:]
            for (k, x) in d { guard let v = from(x) else { return nil }; members[k] = v }
            return .object(members)
        }
        return nil
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

    public static func decode(_ text: String) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }
}
