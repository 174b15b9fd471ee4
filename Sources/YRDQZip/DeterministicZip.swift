import Foundation
import YRDQDocument
import ZIPFoundation

/// The zip container of the DOCX and OFD writers: entries in the order given, deflated, each
/// dated the document's date (or 1980-01-01, the format's first day) at midnight UTC, with
/// fixed permissions — so the same document gives the same bytes.
public enum DeterministicZip {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The entries' timestamp for a document's date.
    public static func stamp(_ date: DocumentDate?) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date, let day = calendar.date(from: DateComponents(year: min(2099, max(1980, date.year)), month: date.month, day: date.day))
        else { return Date(timeIntervalSince1970: 315_532_800) }
        return day
    }

    /// The parts (path, bytes) as one zip archive.
    public static func archive(_ parts: [(path: String, data: Data)], date: DocumentDate?) throws(Failure) -> Data {
        let stamp = stamp(date)
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (path, data) in parts {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp,
                                     permissions: 0o644, compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw Failure(description: "zip") }
            return data
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(description: "zip: \(error)")
        }
    }
}
