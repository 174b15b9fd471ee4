/// A number used as a key (an item number in a sheet's `items` or a CSV's 序号 column, an
/// indicator number in a profile's `achievements`). Only the plain decimal form is the number:
/// `3`, never `03`, `+3`, ` 3`, `３` or `3.0`, so that no two spellings of one key can stand
/// side by side and one silently replace the other.
public enum NumberKey {
    public enum Reading: Equatable, Sendable {
        /// The plain decimal form.
        case canonical(Int)
        /// Another spelling of a number (leading zeros, a sign, spaces, full-width digits, a
        /// decimal point with zeros): refused, but the number is known, for the message.
        case variant(Int)
        /// Not a number at all.
        case notANumber
    }

    /// The number `text` spells as a key, if it is written in the plain decimal form.
    public static func canonical(_ text: String) -> Int? {
        if case .canonical(let n) = read(text) { return n }
        return nil
    }

    public static func read(_ text: String) -> Reading {
        let u = Array(text.unicodeScalars)
        if !u.isEmpty, u.count <= 9, u.allSatisfy({ ("0"..."9").contains($0) }), u[0] != "0" || u.count == 1,
           let n = Int(text) {
            return .canonical(n)
        }
        // What a number written another way would be: full-width digits and spaces folded,
        // one sign, leading zeros and a zero fraction dropped.
        var t = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.hasPrefix("+") { t.removeFirst() }
        if let dot = t.firstIndex(of: "."), t[t.index(after: dot)...].allSatisfy({ $0 == "0" }) { t = String(t[..<dot]) }
        guard !t.isEmpty, t.count <= 12, t.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let n = Int(t) else {
            return .notANumber
        }
        return .variant(n)
    }
}

import Foundation
