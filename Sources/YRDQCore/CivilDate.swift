/// A calendar date without a time or a time zone, as documents print it.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(year: year, month: month)).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// The forms a date may be written in, for messages and templates.
    public static let allowedForms = "2026-10-15、2026/10/15 或 2026年10月15日（月、日可写一位或两位数字）"

    /// Why a text is not a date, for a message after the quoted text ("不是有效日期（…）").
    public enum ParseError: Error, Equatable, Sendable {
        /// Not one of the allowed forms.
        case form
        /// The form is right but there is no such day (2026-02-30, 2026-13-01).
        case noSuchDay(year: Int, month: Int, day: Int)

        public var message: String {
            switch self {
            case .form:
                return "不是有效日期（应为 YYYY-MM-DD，如 \(CivilDate.allowedForms)）"
            case let .noSuchDay(year, month, day):
                if !(1900...9999).contains(year) { return "不是有效日期（年份应在 1900 至 9999 之间）" }
                if !(1...12).contains(month) { return "不是有效日期（月份应为 1 至 12）" }
                return "不是有效日期（\(year)年\(month)月没有\(day)日）"
            }
        }
    }

    /// Parses exactly `2026-10-15`, `2026/10/15` (as Excel and WPS write dates in CSV) or
    /// `2026年10月15日`: four ASCII digits for the year, one or two for month and day, one kind
    /// of separator throughout, nothing before or after but whitespace.
    public static func parse(_ raw: String) -> Result<CivilDate, ParseError> {
        let text = Array(raw.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)
        var i = 0
        func digits(_ range: ClosedRange<Int>) -> Int? {
            var value = 0, count = 0
            while i < text.count, count < range.upperBound, ("0"..."9").contains(text[i]) {
                value = value * 10 + Int(text[i].value - 48); count += 1; i += 1
            }
            return range.contains(count) ? value : nil
        }
        func expect(_ u: Unicode.Scalar) -> Bool {
            guard i < text.count, text[i] == u else { return false }
            i += 1
            return true
        }
        guard let year = digits(4...4), i < text.count else { return .failure(.form) }
        let separators: (Unicode.Scalar, Unicode.Scalar, Unicode.Scalar?)
        switch text[i] {
        case "-": separators = ("-", "-", nil)
        case "/": separators = ("/", "/", nil)
        case "年": separators = ("年", "月", "日")
        default: return .failure(.form)
        }
        guard expect(separators.0), let month = digits(1...2), expect(separators.1), let day = digits(1...2),
              separators.2.map(expect) ?? true, i == text.count else { return .failure(.form) }
        guard let date = CivilDate(year: year, month: month, day: day) else {
            return .failure(.noSuchDay(year: year, month: month, day: day))
        }
        return .success(date)
    }

    /// `parse`, without the reason.
    public init?(parsing raw: String) {
        guard case .success(let date) = Self.parse(raw) else { return nil }
        self = date
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The same day `months` later, clamped to the month's end (2023-05-31 + 1 = 2023-06-30).
    public func adding(months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let y = index / 12, m = index % 12 + 1
        return CivilDate(year: y, month: m, day: min(day, CivilDate.daysIn(year: y, month: m)))!
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// ISO form, "2026-10-15".
    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// The official form, without zero padding: "2026年4月13日".
    public var chinese: String { "\(year)年\(month)月\(day)日" }
}

import Foundation

extension CivilDate {
    /// Today, in the local calendar.
    public static func today() -> CivilDate {
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return CivilDate(year: c.year!, month: c.month!, day: c.day!)!
    }
}
