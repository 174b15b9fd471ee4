import Foundation
import YRDQCore

/// The JSON Canonicalization Scheme (RFC 8785), the form the `eddsa-jcs-2022` proofs hash:
/// no white space, object members sorted by their names as UTF-16 code units, strings
/// escaped as ECMAScript's JSON.stringify escapes them, numbers printed as ECMAScript's
/// Number.prototype.toString prints them.
///
/// The credentials yrdq writes hold strings, arrays and objects only (every figure, the
/// total too, is a decimal string, so nothing can be rounded); numbers and literals are
/// here so that the canonical form is RFC 8785's for any JSON value, and tested so.
public indirect enum JCSValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JCSValue])
    case object([String: JCSValue])

    public enum Failure: Error, Equatable {
        /// NaN or an infinity: not JSON (RFC 8785 §3.2.2.3).
        case notFinite
    }

    public init(_ value: JSONValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(JCSValue.init))
        case .object(let o): self = .object(o.mapValues(JCSValue.init))
        }
    }

    /// The canonical text; its UTF-8 bytes are what is hashed.
    public func canonical() throws(Failure) -> String {
        var out = ""
        try write(into: &out)
        return out
    }

    public func canonicalBytes() throws(Failure) -> Data { Data(try canonical().utf8) }

    private func write(into out: inout String) throws(Failure) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += try JCSValue.numberText(d)
        case .string(let s): JCSValue.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                try item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, key) in JCSValue.sortedKeys(members.keys).enumerated() {
                if i > 0 { out += "," }
                JCSValue.quote(key, into: &out)
                out += ":"
                try members[key]!.write(into: &out)
            }
            out += "}"
        }
    }

    /// Member names in the order of their UTF-16 code units (RFC 8785 §3.2.3), which differs
    /// from the order of code points (and of UTF-8 bytes) above U+FFFF.
    static func sortedKeys<C: Collection>(_ keys: C) -> [String] where C.Element == String {
        keys.sorted { Array($0.utf16).lexicographicallyPrecedes(Array($1.utf16)) }
    }

    /// A string as JSON.stringify writes it (RFC 8785 §3.2.2.2): `"` and `\` escaped, the
    /// control characters as \b \t \n \f \r or \u00xx (lower-case hex), all else as is.
    /// JSON.stringify escapes exactly what `JSONString` does (no lone surrogates exist in a Swift
    /// String), so the one quoting serves both.
    static func quote(_ s: String, into out: inout String) {
        out += JSONString.quote(s)
    }

    /// A number as ECMAScript's Number::toString writes it (ECMA-262 §6.1.6.1.20, which
    /// RFC 8785 §3.2.2.3 adopts): the shortest digits that read back as the same double,
    /// in plain notation for exponents from -6 to 20, else as d.ddde±n.
    static func numberText(_ value: Double) throws(Failure) -> String {
        guard value.isFinite else { throw .notFinite }
        if value == 0 { return "0" }  // -0 too
        // Swift's description gives the shortest round-trip digits (as ECMAScript requires);
        // only its notation differs, so take its digits and exponent apart.
        let text = value.magnitude.description
        var mantissa = Substring(text), exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        var digits = "", pointAt = mantissa.count
        for (i, c) in mantissa.enumerated() {
            if c == "." { pointAt = i } else { digits.append(c) }
        }
        // value = 0.digits × 10^n with n as ECMAScript counts it.
        var n = pointAt + exponent
        while digits.hasPrefix("0") { digits.removeFirst(); n -= 1 }
        while digits.hasSuffix("0") { digits.removeLast() }
        let k = digits.count
        var out = value < 0 ? "-" : ""
        if k <= n && n <= 21 {
            out += digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            out += digits.prefix(n) + "." + digits.dropFirst(n)
        } else if -6 < n && n <= 0 {
            out += "0." + String(repeating: "0", count: -n) + digits
        } else {
            let e = n - 1
            out += String(digits.prefix(1))
            if k > 1 { out += "." + digits.dropFirst() }
            out += "e" + (e < 0 ? "-" : "+") + String(e.magnitude)
        }
        return out
    }
}
