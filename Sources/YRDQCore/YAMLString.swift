/// A string as a YAML double-quoted scalar, for the files the program writes for people to fill
/// in or to read back (`init`, `panel init`, the workspace's export). Unlike a JSON string, it also
/// escapes what YAML does not allow raw or reads otherwise: DEL and the C0 and C1 controls (refused
/// by the parser), NEL, LINE and PARAGRAPH SEPARATOR (folded as line breaks), the byte order mark
/// and the noncharacters U+FFFE and U+FFFF.
public enum YAMLString {
    /// Every character outside YAML's printable set escaped, so whatever was typed reads back as
    /// the same text.
    public static func quote(_ s: String) -> String {
        QuotedString.quote(s) { u in
            let v = u.value
            let printable = (0x20...0x7E).contains(v) || (0xA0...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000
            if printable && v != 0xFEFF && v != 0x2028 && v != 0x2029 { return nil }
            return v <= 0xFFFF ? QuotedString.hex(v, "\\u", width: 4, uppercase: true) : QuotedString.hex(v, "\\U", width: 8, uppercase: true)
        }
    }
}
