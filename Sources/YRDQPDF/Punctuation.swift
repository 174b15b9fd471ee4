/// CJK punctuation classes for line breaking and compression (W3C clreq, GB/T 15834).
enum Punctuation {
    /// Closing marks (ink on the left half of the em box in Simplified Chinese faces).
    static let closingBlankRight: Set<Unicode.Scalar> = scalars("，。、；：？！）」』】》〉〕〗］｝”’")
    /// Marks that must never start a line.
    static let noLineStart: Set<Unicode.Scalar> =
        closingBlankRight.union(scalars("…‥·・〃々〆ー゛゜%％‰℃,.;:?!)]}>、")).union(["\u{FE30}"])
    /// Opening marks (ink on the right half), which must never end a line.
    static let opening: Set<Unicode.Scalar> = scalars("（「『【《〈〔〖［｛“‘([{<")
    static let openingWide: Set<Unicode.Scalar> = scalars("（「『【《〈〔〖［｛“‘")

    private static func scalars(_ s: String) -> Set<Unicode.Scalar> { Set(s.unicodeScalars) }

    /// Marks that must not be split from one another ("——", "……").
    static func isInseparablePair(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        a == b && (a == "\u{2014}" || a == "\u{2026}" || a == "\u{2E3A}")
    }

    /// Whether the first mark of an adjacent pair gives up the blank half of its em box:
    /// "）。" "”，" "。”" "）（" "：“" "（“" — never "（）", where both inks would meet.
    static func compressesFirst(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        if closingBlankRight.contains(a) { return closingBlankRight.contains(b) || openingWide.contains(b) }
        if openingWide.contains(a) { return openingWide.contains(b) }
        return false
    }

    /// East Asian wide characters, between which a line may break (subject to the rules above).
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x20000...0x3FFFF, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026:
            return true
        default:
            return false
        }
    }
}
