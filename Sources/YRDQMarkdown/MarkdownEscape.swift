/// Escaping of user text for GitHub-flavoured Markdown (CommonMark with the GFM table,
/// autolink, strikethrough and tagfilter extensions).
///
/// Every decision here is taken on Unicode scalars, the units a CommonMark parser reads,
/// never on Swift's `Character`s: a combining mark (U+0301), a prepended concatenation mark
/// (U+0600), a ZWJ or a variation selector glued to `<`, `[`, `|` … makes one `Character`
/// with it, which would hide the punctuation from a `Character` test while the renderer
/// still sees it.
public enum MarkdownEscape {
    /// ASCII punctuation backslash-escaped wherever it appears: everything that opens an
    /// inline construct or a block. `&` keeps entity references literal, `|` table cells,
    /// `~` strikethrough, `$` keeps GitHub from reading math, `#` heading closers.
    static let special: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "&", "$", "~", "!", "{", "}"]

    /// `special` as a table of bytes (all of it is ASCII), for the fast path of `escaped`.
    static let specialBytes: [Bool] = (0..<256).map { b in b < 0x80 && special.contains(Unicode.Scalar(UInt8(b))) }

    /// Punctuation that matters only at the start of a line: list items (`-`, `+`), setext
    /// underlines and rules (`=`, `-`), and a GFM table delimiter row (`:-`, `-:`), which
    /// turns the line above into a table header.
    static let lineStartSpecial: Set<Unicode.Scalar> = ["-", "+", "=", ":"]

    /// An empty HTML comment: the one thing that splits a text node, so that GFM's
    /// extended autolinks (`www.`, `scheme://`, `name@domain`) are not recognised in user
    /// text. It renders as nothing (renderers that drop raw HTML drop it too).
    public static let autolinkBreak = "<!-- -->"

    /// Escapes every Markdown-significant character and keeps bare URLs and e-mail
    /// addresses from becoming links; newlines are kept, tabs become spaces, control
    /// characters are dropped.
    public static func inline(_ s: String) -> String {
        breakAutolinks(escaped(s))
    }

    /// The backslash escapes of `inline` alone, for text that is joined with more text
    /// before `breakAutolinks` runs over the whole run.
    static func escaped(_ s: String) -> String {
        // Most text (CJK prose, numbers) has nothing to escape: returned as it is, without
        // rebuilding it scalar by scalar (the same scalars either way).
        if !hasByte(s, where: { $0 < 0x20 && $0 != 0x0A || $0 == 0x7F || specialBytes[Int($0)] }, orPair: (0xC2, 0x80...0x9F)) { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if special.contains(scalar) {
                out.append("\\"); out.append(scalar)
            } else if scalar == "\t" {
                out.append(" ")
            } else if scalar == "\n" {
                out.append(scalar)
            } else if isControl(scalar) {
                continue
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Escaped text with an `autolinkBreak` wherever GFM would make a link of it: between
    /// `www` and its dot, between a scheme's `:` and `//`, and after every `@`. Runs on
    /// the escaped output of a whole run of text (spans are joined first), since a link
    /// may be put together from several pieces. Applying it twice changes nothing.
    public static func breakAutolinks(_ escaped: String) -> String {
        // Without a `.`, `:` or `@` there is no link to break.
        if !escaped.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") }) { return escaped }
        let scalars = Array(escaped.unicodeScalars)
        let marker = Array(autolinkBreak.unicodeScalars)
        var out = String.UnicodeScalarView()
        func followedByMarker(_ i: Int) -> Bool {
            i + marker.count <= scalars.count && Array(scalars[i..<(i + marker.count)]) == marker
        }
        for (i, scalar) in scalars.enumerated() {
            if scalar == ".", i >= 3, scalars[(i - 3)..<i].allSatisfy({ $0 == "w" || $0 == "W" }) {
                out.append(contentsOf: marker)
            }
            out.append(scalar)
            if scalar == ":", i + 2 < scalars.count, scalars[i + 1] == "/", scalars[i + 2] == "/" {
                out.append(contentsOf: marker)
            }
            if scalar == "@", !followedByMarker(i + 1) {
                out.append(contentsOf: marker)
            }
        }
        return String(out)
    }

    /// An already inline-escaped line made safe at the start of a block: leading spaces
    /// and tabs (an indented code block) dropped; a leading list, rule, setext or table
    /// delimiter marker and a leading `1.` / `1)` escaped. Idempotent.
    public static func lineStart(_ line: String) -> String {
        var s = Substring(line).unicodeScalars[...]
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        guard let first = s.first else { return "" }
        if lineStartSpecial.contains(first) {
            return "\\" + String(s)
        }
        if isASCIIDigit(first) {
            let digits = s.prefix(while: isASCIIDigit)
            let rest = s.dropFirst(digits.count)
            if let next = rest.first, next == "." || next == ")" {
                return String(String.UnicodeScalarView(digits)) + "\\" + String(String.UnicodeScalarView(rest))
            }
        }
        return String(String.UnicodeScalarView(s))
    }

    /// `**text**`, for text already escaped; empty text stays empty. The text is trimmed
    /// of everything CommonMark counts as whitespace, so that the delimiters stay
    /// left- and right-flanking (`**甲　**` would print its asterisks).
    public static func strong(_ escaped: String) -> String {
        let t = trimmed(escaped, where: isUnicodeWhitespace)
        return t.isEmpty ? "" : "**" + t + "**"
    }

    /// A blank to fill in by hand: escaped underscores, two per character of width.
    public static func blank(_ width: Int) -> String {
        String(repeating: "\\_", count: 2 * min(60, max(1, width)))
    }

    /// `\r\n`, `\r`, U+2028 and U+2029 as `\n`.
    static func normalizeNewlines(_ s: String) -> String {
        // No `\r` and no U+2028 / U+2029 (UTF-8 E2 80 A8 / A9): nothing to change.
        if !hasByte(s, where: { $0 == 0x0D }, orTriple: (0xE2, 0x80, 0xA8...0xA9)) { return s }
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in s.unicodeScalars {
            if scalar == "\n" && previousWasCR { previousWasCR = false; continue }
            previousWasCR = scalar == "\r"
            switch scalar {
            case "\r", "\u{2028}", "\u{2029}": out.append("\n")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Text for a place that takes one line (headings, labels): breaks become spaces.
    static func singleLine(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in normalizeNewlines(s).unicodeScalars { out.append(scalar == "\n" ? " " : scalar) }
        return trimmed(String(out))
    }

    /// Title lines joined: CJK lines run together, Latin words keep a space.
    static func joinLines(_ lines: [String]) -> String {
        var out = ""
        for line in lines.map(singleLine) where !line.isEmpty {
            if let last = out.unicodeScalars.last, let first = line.unicodeScalars.first,
               isASCIIAlphanumeric(last), isASCIIAlphanumeric(first) {
                out += " "
            }
            out += line
        }
        return out
    }

    /// Text for a code span: one line, control characters dropped, and the fence one
    /// backtick longer than the longest run of backticks inside (counted by scalar).
    static func codeSpan(_ s: String) -> String {
        var text = String.UnicodeScalarView()
        for scalar in singleLine(s).unicodeScalars where !isControl(scalar) { text.append(scalar) }
        var longest = 0, run = 0
        for scalar in text { if scalar == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.first == "`" || text.last == "`" ? " " : ""
        return fence + pad + String(text) + pad + fence
    }

    /// Spaces and tabs trimmed from both ends.
    static func trimmed(_ s: String) -> String {
        trimmed(s) { $0 == " " || $0 == "\t" }
    }

    static func trimmed(_ s: String, where isBlank: (Unicode.Scalar) -> Bool) -> String {
        // Nothing to trim (the common case): the string itself, not a copy built scalar by scalar.
        if let first = s.unicodeScalars.first, let last = s.unicodeScalars.last, !isBlank(first), !isBlank(last) { return s }
        var t = Substring(s).unicodeScalars[...]
        while let f = t.first, isBlank(f) { t.removeFirst() }
        while let l = t.last, isBlank(l) { t.removeLast() }
        return String(String.UnicodeScalarView(t))
    }

    /// The colons (and blanks) an escaped label ends with (`试点名称：`), taken off so that
    /// the writer can put its own after the closing `**`.
    static func droppingTrailingColons(_ s: String) -> String {
        var t = Substring(s).unicodeScalars[...]
        while let l = t.last, l == ":" || l == "：" || isUnicodeWhitespace(l) { t.removeLast() }
        return String(String.UnicodeScalarView(t))
    }

    // MARK: - Fast paths

    /// Whether `s` has a UTF-8 byte `isWanted` accepts, or the two-byte sequence `pair` (a
    /// lead byte and a range of continuation bytes: C1 controls are C2 80 … C2 9F).
    static func hasByte(_ s: String, where isWanted: (UInt8) -> Bool, orPair pair: (UInt8, ClosedRange<UInt8>)) -> Bool {
        var previous: UInt8 = 0
        for byte in s.utf8 {
            if isWanted(byte) || (previous == pair.0 && pair.1.contains(byte)) { return true }
            previous = byte
        }
        return false
    }

    /// Whether `s` has a UTF-8 byte `isWanted` accepts, or the three-byte sequence `triple`
    /// (U+2028 and U+2029 are E2 80 A8 and E2 80 A9).
    static func hasByte(_ s: String, where isWanted: (UInt8) -> Bool, orTriple triple: (UInt8, UInt8, ClosedRange<UInt8>)) -> Bool {
        var first: UInt8 = 0, second: UInt8 = 0
        for byte in s.utf8 {
            if isWanted(byte) || (first == triple.0 && second == triple.1 && triple.2.contains(byte)) { return true }
            first = second
            second = byte
        }
        return false
    }

    // MARK: - Scalar classes

    /// C0 and C1 control characters (tab and newline are handled before).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// CommonMark's Unicode whitespace: the Zs category, tab, line feed, form feed, carriage return.
    static func isUnicodeWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == "\n" || scalar == "\u{C}" || scalar == "\r"
            || scalar.properties.generalCategory == .spaceSeparator
    }

    static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIDigit(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
