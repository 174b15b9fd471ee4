/// Text shown on a terminal as data, never as commands: control characters (C0, DEL, C1,
/// ESC sequences among them) and bidi controls from an input or a certificate are written
/// as visible escapes (`\u{1B}`), so a forged value cannot move the cursor, recolour or
/// overwrite a verdict, or reorder the line it stands in.
public enum TerminalText {
    /// Whether `u` must not reach a terminal raw. Tabs are kept; line breaks only with `newlines`.
    static func needsEscape(_ u: Unicode.Scalar, newlines: Bool) -> Bool {
        switch u.value {
        case 0x09: return false
        case 0x0A: return !newlines
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true
        default: return NameText.isBidiControl(u)
        }
    }

    /// One value quoted on one line: every control and bidi character, line breaks too, escaped.
    public static func value(_ text: String) -> String { escape(text, newlines: false) }

    /// A whole message or report: line breaks kept, every other control escaped.
    public static func lines(_ text: String) -> String { escape(text, newlines: true) }

    static func escape(_ text: String, newlines: Bool) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, newlines: newlines) }) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            if needsEscape(u, newlines: newlines) {
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
