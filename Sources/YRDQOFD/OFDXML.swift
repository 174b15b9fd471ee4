import Foundation
import YRDQLayout

/// Text and numbers as the OFD parts write them: one form for every value, so that the same
/// frames give the same bytes on every machine.
enum OFDXML {
    static let namespace = "http://www.ofdspec.org/2016"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    /// Points (the frames' unit) to millimetres (OFD's).
    static let millimetresPerPoint = 25.4 / 72

    /// A number with at most three decimals (a micrometre), trailing zeros trimmed, no
    /// exponent, never "-0": "12.7", "0.353", "-3".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let scaled = (value * 1000).rounded()
        guard abs(scaled) < 9e15 else { return "0" }
        var units = Int64(scaled)
        if units == 0 { return "0" }
        let negative = units < 0
        if negative { units = -units }
        let whole = units / 1000
        var fraction = units % 1000
        var text = String(whole)
        if fraction != 0 {
            var digits = 3
            while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
            let f = String(fraction)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return negative ? "-" + text : text
    }

    /// A sheet's PhysicalBox to a hundredth of a millimetre: A4's 595.28 × 841.89 points are
    /// "0 0 210 297", as the paper is named.
    static func sheet(_ page: FramePage) -> String {
        let mm = millimetresPerPoint
        return numbers([0, 0, (page.width * mm * 100).rounded() / 100, (page.height * mm * 100).rounded() / 100])
    }

    /// Numbers separated by spaces (ST_Array, ST_Box).
    static func numbers(_ values: [Double]) -> String { values.map(number).joined(separator: " ") }

    /// A character XML 1.0 allows in a document; the others (C0 controls but tab and line
    /// breaks, U+FFFE, U+FFFF) are replaced one for one by U+FFFD, so that character counts
    /// (CGTransform positions, DeltaX) stay as the frames counted them.
    static func allowed(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        if v == 0x9 || v == 0xA || v == 0xD { return scalar }
        if v < 0x20 || v == 0xFFFE || v == 0xFFFF { return "\u{FFFD}" }
        return scalar
    }

    /// Escaped text for element content.
    static func text(_ s: String) -> String { escape(s, attribute: false) }
    /// Escaped text for an attribute in double quotes.
    static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    private static func escape(_ s: String, attribute: Bool) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let c = allowed(scalar)
            switch c {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"" where attribute: out.append(contentsOf: "&quot;".unicodeScalars)
            case "\t" where attribute: out.append(contentsOf: "&#9;".unicodeScalars)
            case "\n" where attribute: out.append(contentsOf: "&#10;".unicodeScalars)
            // A bare CR would be read back as a line feed.
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            default: out.append(c)
            }
        }
        return String(out)
    }

    /// "R G B" in 0…255 (OFD's default RGB colour space).
    static func color(red: Double, green: Double, blue: Double) -> String {
        [red, green, blue].map { String(Int((min(1, max(0, $0.isFinite ? $0 : 0)) * 255).rounded())) }.joined(separator: " ")
    }
}
