import Foundation

/// Names that identify someone or something (a pilot, a region, a bureau, an expert, an
/// organisation): what may stand in them, and the one form in which two names are compared.
///
/// A bidi control (U+202A–202E, U+2066–2069, U+200E/F, U+061C) can make one name display
/// as another, and an invisible character (zero-width space, word joiner, soft hyphen, a
/// filler) makes two names that look the same differ; neither belongs in a name.
public enum NameText {
    /// Characters that change the display order of text around them.
    public static func isBidiControl(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    /// Characters that draw nothing: format characters (Cf) and the Hangul and braille
    /// fillers. A zero-width joiner between two emoji (an emoji sequence) is part
    /// of what is drawn and is not counted.
    public static func invisibleScalars(in text: String) -> [Unicode.Scalar] {
        let scalars = Array(text.unicodeScalars)
        var found: [Unicode.Scalar] = []
        for (i, u) in scalars.enumerated() {
            if u.value == 0x200D, i > 0, i + 1 < scalars.count,
               scalars[i - 1].properties.isEmoji || scalars[i - 1].properties.isVariationSelector
                || scalars[i - 1].properties.isEmojiModifier,
               scalars[i + 1].properties.isEmoji {
                continue
            }
            if isBidiControl(u) || u.properties.generalCategory == .format
                || [0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E].contains(u.value) {
                found.append(u)
            }
        }
        return found
    }

    /// What is wrong with `text` as a name, for a message ("含有改变文字方向的控制字符 U+202E"), or nil.
    public static func problem(_ text: String) -> String? {
        let bad = invisibleScalars(in: text)
        if bad.isEmpty { return nil }
        let codes = bad.prefix(5).map(codePoint).joined(separator: "、") + (bad.count > 5 ? " 等" : "")
        let kind = bad.contains(where: isBidiControl) ? "改变文字显示方向的控制字符或不可见字符" : "不可见字符"
        return "含有\(kind) \(codes)（名称中不允许，请删除后重新输入）"
    }

    /// "U+202E".
    public static func codePoint(_ u: Unicode.Scalar) -> String {
        let hex = String(u.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// A name as it is stored and printed: NFC, whitespace (also U+3000) trimmed at both ends.
    public static func cleaned(_ text: String) -> String {
        trim(text.precomposedStringWithCanonicalMapping)
    }

    /// The form in which two names are compared: compatibility-composed (NFKC: full-width
    /// letters and the ideographic space become their plain forms), invisible characters
    /// removed, every run of whitespace one space, trimmed, case-folded. "王芳 ", "王芳　",
    /// "王\u{200B}芳" and a decomposed spelling all give the same key.
    public static func identityKey(_ text: String) -> String {
        let invisible = Set(invisibleScalars(in: text).map(\.value))
        var visible = String.UnicodeScalarView()
        for u in text.unicodeScalars where !(invisible.contains(u.value) || u.value == 0x200D) { visible.append(u) }
        let composed = String(visible).precomposedStringWithCompatibilityMapping
        var out = ""
        var pendingSpace = false
        for ch in composed {
            if ch.isWhitespace { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(ch)
        }
        return out.lowercased()
    }

    static func trim(_ s: String) -> String {
        var chars = Substring(s)
        while let f = chars.first, f.isWhitespace { chars = chars.dropFirst() }
        while let l = chars.last, l.isWhitespace { chars = chars.dropLast() }
        return String(chars)
    }
}
