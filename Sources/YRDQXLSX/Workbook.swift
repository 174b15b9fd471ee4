import CXLSXWriter
import Foundation

/// A workbook written by libxlsxwriter into a private temporary folder and read back as bytes,
/// with its document properties fixed so that the same input gives the same bytes
/// (libxlsxwriter stamps docProps/core.xml and the zip entries with the clock unless a
/// creation time is set). The score sheet and the tables' export both make theirs here.
enum Workbook {
    /// The bytes of the workbook `fill` writes into, titled `title` and dated `date`.
    static func bytes(title: String, date: (year: Int, month: Int, day: Int)?,
                      _ fill: (UnsafeMutablePointer<lxw_workbook>) -> Void) throws(XLSXSheetWriter.WriteError) -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-xlsx-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false) } catch {
            throw XLSXSheetWriter.WriteError(description: "无法创建临时目录：\(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("workbook.xlsx").path
        let result = dir.path.withCString { tmp -> lxw_error in
            var options = lxw_workbook_options(constant_memory: 0, tmpdir: UnsafeMutablePointer(mutating: tmp), use_zip64: 0)
            guard let book = workbook_new_opt(path, &options) else { return LXW_ERROR_CREATING_XLSX_FILE }
            set(book, title: title, date: date)
            fill(book)
            return workbook_close(book)
        }
        guard result == LXW_NO_ERROR else {
            throw XLSXSheetWriter.WriteError(description: "无法生成 XLSX 文件：\(String(cString: lxw_strerror(result)))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw XLSXSheetWriter.WriteError(description: "无法读取生成的 XLSX 文件")
        }
        return [UInt8](data)
    }

    /// `title` as the workbook's title; created at midnight UTC of `date` (year, month, day),
    /// or 1980-01-01 (the zip format's first day) when the document has no date of its own.
    private static func set(_ book: UnsafeMutablePointer<lxw_workbook>, title: String, date: (year: Int, month: Int, day: Int)?) {
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
