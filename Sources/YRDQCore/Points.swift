/// A score in points, held exactly as a whole number of hundredths.
///
/// The guide's scores are decimals with at most two places; binary floating point
/// would turn 0.1 + 0.2 into 0.30000000000000004, so every figure in the project is
/// one of these. Parsing accepts only plain ASCII decimals ("2", "1.5", "0.25").
public struct Points: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let hundredths: Int64

    public init(hundredths: Int64) { self.hundredths = hundredths }
    public init(_ whole: Int) { self.hundredths = Int64(whole) * 100 }

    public static let zero = Points(hundredths: 0)

    public static func + (a: Points, b: Points) -> Points { Points(hundredths: a.hundredths + b.hundredths) }
    public static func - (a: Points, b: Points) -> Points { Points(hundredths: a.hundredths - b.hundredths) }
    public static func += (a: inout Points, b: Points) { a = a + b }
    public static func -= (a: inout Points, b: Points) { a = a - b }
    public static prefix func - (a: Points) -> Points { Points(hundredths: -a.hundredths) }
    public static func * (a: Points, n: Int) -> Points { Points(hundredths: a.hundredths * Int64(n)) }
    public static func < (a: Points, b: Points) -> Bool { a.hundredths < b.hundredths }

    /// The shortest exact decimal: "2", "1.5", "0.25", "-20".
    public var description: String {
        let sign = hundredths < 0 ? "-" : ""
        let m = hundredths.magnitude
        let whole = m / 100, frac = m % 100
        if frac == 0 { return "\(sign)\(whole)" }
        if frac % 10 == 0 { return "\(sign)\(whole).\(frac / 10)" }
        return "\(sign)\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// Always two decimals: "86.50". Reports print totals this way.
    public var fixed2: String {
        let sign = hundredths < 0 ? "-" : ""
        let m = hundredths.magnitude
        let frac = m % 100
        return "\(sign)\(m / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// The mean of `values`, rounded half-up (away from zero) to 0.01.
    public static func mean(_ values: [Points]) -> Points {
        precondition(!values.isEmpty, "mean of no values")
        let sum = values.reduce(Int64(0)) { $0 + $1.hundredths }
        return Points(hundredths: divideRoundingHalfUp(sum, Int64(values.count)))
    }

    /// `part / whole` as a percentage rounded half-up to 0.01 ("87.5" for 7/8).
    public static func percentage(_ part: Points, of whole: Points) -> Points {
        guard whole.hundredths != 0 else { return .zero }
        return Points(hundredths: divideRoundingHalfUp(part.hundredths * 10_000, whole.hundredths))
    }

    static func divideRoundingHalfUp(_ n: Int64, _ d: Int64) -> Int64 {
        let negative = (n < 0) != (d < 0)
        let an = n.magnitude, ad = d.magnitude
        let q = (2 * an + ad) / (2 * ad)
        return negative ? -Int64(q) : Int64(q)
    }
}

/// Why a text is not an acceptable score.
public enum PointsParseError: Error, Equatable, Sendable {
    case empty
    case notANumber
    case fullWidthDigits
    case decimalComma
    case tooManyDecimals
    case negative
    case tooLarge

    /// What is wrong, for a user.
    public var message: String {
        switch self {
        case .empty: return "没有填写分数"
        case .notANumber: return "不是数字"
        case .fullWidthDigits: return "含全角数字，请改用半角数字（如 2、1.5）"
        case .decimalComma: return "小数点应为“.”而不是“,”或“，”（如 1.5）"
        case .tooManyDecimals: return "小数超过两位"
        case .negative: return "不能为负数"
        case .tooLarge: return "数值过大"
        }
    }
}

extension Points {
    /// Parses a plain decimal with at most two places. Exponents, NaN, infinity,
    /// full-width digits, thousands separators and decimal commas are refused.
    public static func parse(_ raw: String, allowNegative: Bool = false) -> Result<Points, PointsParseError> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .failure(.empty) }
        var scalars = Array(text.unicodeScalars)
        var negative = false
        if scalars.first == "-" || scalars.first == "+" {
            negative = scalars.first == "-"
            scalars.removeFirst()
        }
        if scalars.contains(where: { (0xFF10...0xFF19).contains($0.value) || $0 == "．" }) {
            return .failure(.fullWidthDigits)
        }
        var whole: [Unicode.Scalar] = []
        var frac: [Unicode.Scalar] = []
        var seenPoint = false
        for s in scalars {
            if s == "." {
                if seenPoint { return .failure(.notANumber) }
                seenPoint = true
            } else if s == "," || s == "，" {
                return .failure(.decimalComma)
            } else if ("0"..."9").contains(s) {
                if seenPoint { frac.append(s) } else { whole.append(s) }
            } else {
                return .failure(.notANumber)
            }
        }
        if whole.isEmpty && frac.isEmpty { return .failure(.notANumber) }
        if seenPoint && frac.isEmpty { return .failure(.notANumber) }
        if frac.count > 2 {
            // "1.50" and "1.500" are two places; only non-zero extra digits are refused.
            if frac[2...].contains(where: { $0 != "0" }) { return .failure(.tooManyDecimals) }
            frac = Array(frac[..<2])
        }
        let wholeDigits = whole.drop(while: { $0 == "0" })
        if wholeDigits.count > 12 { return .failure(.tooLarge) }
        var value: Int64 = 0
        for d in wholeDigits { value = value * 10 + Int64(d.value - 48) }
        value *= 100
        if frac.count >= 1 { value += Int64(frac[0].value - 48) * 10 }
        if frac.count == 2 { value += Int64(frac[1].value - 48) }
        if negative && value != 0 {
            if !allowNegative { return .failure(.negative) }
            value = -value
        }
        return .success(Points(hundredths: value))
    }
}

import Foundation
