/// A string as a JSON string literal (RFC 8259): quotes, backslashes and control
/// characters escaped, everything else written as is (UTF-8, no \u for non-ASCII).
/// Shared by the command line's JSON output and the certificates' canonical form.
public enum JSONString {
    public static func quote(_ s: String) -> String {
        QuotedString.quote(s) { u in
            switch u {
            case "\u{08}": return "\\b"
            case "\u{0C}": return "\\f"
            default: return u.value < 0x20 ? QuotedString.hex(u.value, "\\u", width: 4, uppercase: false) : nil
            }
        }
    }
}

/// What JSON strings and YAML double-quoted scalars share: the quotes, and the escapes of the
/// quote, the backslash, the line feed, the carriage return and the tab.
enum QuotedString {
    /// `s` in double quotes; `escape` gives the escape of any other scalar that needs one.
    static func quote(_ s: String, escape: (Unicode.Scalar) -> String?) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if let escaped = escape(u) { out += escaped } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// `prefix` and the value in `width` hexadecimal digits: \u000b, \U0001F600.
    static func hex(_ value: UInt32, _ prefix: String, width: Int, uppercase: Bool) -> String {
        let digits = String(value, radix: 16, uppercase: uppercase)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
