import CXLSXWriter
import Foundation

/// The workbook's document properties, fixed so that the same input gives the same bytes:
/// libxlsxwriter stamps docProps/core.xml (and the zip entries) with the clock unless a
/// creation time is set.
enum WorkbookProperties {
    /// `title` as the workbook's title; created at midnight UTC of `date` (year, month, day),
    /// or 1980-01-01 (the zip format's first day) when the document has no date of its own.
    static func set(_ book: UnsafeMutablePointer<lxw_workbook>, title: String, date: (year: Int, month: Int, day: Int)?) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let day = date ?? (1980, 1, 1)
        let when = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date(timeIntervalSince1970: 315_532_800)
        title.withCString { t in
            "yrdq".withCString { creator in
                var properties = lxw_doc_properties()
                properties.title = UnsafeMutablePointer(mutating: t)
                properties.author = UnsafeMutablePointer(mutating: creator)
                properties.created = time_t(when.timeIntervalSince1970)
                _ = workbook_set_properties(book, &properties)
            }
        }
    }
}
