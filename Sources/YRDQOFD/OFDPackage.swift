import Foundation
import ZIPFoundation
import YRDQDocument

/// An OFD package before it is zipped: OFD.xml (made from `docInfo` and `signatures` when the
/// package is zipped) and every other part by its path, in the order they are stored.
///
/// This is the point where an external GB/T 38540 electronic-seal service comes in (yrdq signs
/// nothing itself: the certificate's Ed25519 signature stays its proof of authenticity). Such a
/// service reads the parts it protects (`part(_:)`: Doc_0/Document.xml, the pages, the
/// resources), computes their digests, and adds its own parts — `Doc_0/Signs/Signatures.xml`,
/// `Doc_0/Signs/Sign_0/Signature.xml`, `Doc_0/Signs/Sign_0/SignedValue.dat`, and the seal's
/// appearance if it has one — with `add(_:_:)`, then sets `signatures` to the location of its
/// Signatures.xml, which OFD.xml then names in DocBody/Signatures. `zipped()` gives the file.
/// The parts yrdq wrote are never changed by that, so the digests stay valid; OFD.xml itself is
/// not among the parts a signature protects (GB/T 38540 lets a signed file gain further signatures).
public struct OFDPackage: Sendable {
    public struct Part: Sendable {
        public var path: String
        public var data: Data
    }

    /// OFD.xml's DocInfo.
    public struct DocInfo: Sendable, Equatable {
        /// 32 hexadecimal digits (the standard's UUID without hyphens), here derived from the content.
        public var docID: String
        public var title: String
        public var author: String
        public var subject: String
        public var keywords: [String]
        public var creationDate: DocumentDate?
        public var creator: String
    }

    public var docInfo: DocInfo
    /// The document root, "Doc_0/Document.xml".
    public let docRoot: String
    /// DocBody/Signatures: the location of a Signatures.xml that a signing service added, or nil.
    public var signatures: String?
    public private(set) var parts: [Part]

    init(docInfo: DocInfo, docRoot: String, parts: [Part]) {
        self.docInfo = docInfo; self.docRoot = docRoot; self.parts = parts
    }

    /// The bytes of the part at `path` ("Doc_0/Document.xml"), nil when there is none.
    public func part(_ path: String) -> Data? { parts.first { $0.path == path }?.data }

    /// Adds a part after the others; refuses OFD.xml, a path already taken and a path that is
    /// not relative and plain (no "..", no leading "/", no backslash).
    public mutating func add(_ path: String, _ data: Data) throws {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"),
              !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw OFDError.package("部件路径无效：\(path)（只可为包内的相对路径）")
        }
        guard path != "OFD.xml", part(path) == nil else {
            throw OFDError.package("部件已存在：\(path)")
        }
        parts.append(Part(path: path, data: data))
    }

    /// OFD.xml as it will be stored.
    public func entryXML() -> Data {
        var x = OFDXML.declaration
        x += "<ofd:OFD xmlns:ofd=\"\(OFDXML.namespace)\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo>"
        x += "<ofd:DocID>\(docInfo.docID)</ofd:DocID>"
        if !docInfo.title.isEmpty { x += "<ofd:Title>\(OFDXML.text(docInfo.title))</ofd:Title>" }
        if !docInfo.author.isEmpty { x += "<ofd:Author>\(OFDXML.text(docInfo.author))</ofd:Author>" }
        if !docInfo.subject.isEmpty { x += "<ofd:Subject>\(OFDXML.text(docInfo.subject))</ofd:Subject>" }
        if let date = docInfo.creationDate, let iso = Self.xsDate(date) { x += "<ofd:CreationDate>\(iso)</ofd:CreationDate>" }
        let keywords = docInfo.keywords.filter { !$0.isEmpty }
        if !keywords.isEmpty {
            x += "<ofd:Keywords>" + keywords.map { "<ofd:Keyword>\(OFDXML.text($0))</ofd:Keyword>" }.joined() + "</ofd:Keywords>"
        }
        if !docInfo.creator.isEmpty { x += "<ofd:Creator>\(OFDXML.text(docInfo.creator))</ofd:Creator>" }
        x += "</ofd:DocInfo><ofd:DocRoot>\(OFDXML.text(docRoot))</ofd:DocRoot>"
        if let signatures { x += "<ofd:Signatures>\(OFDXML.text(signatures))</ofd:Signatures>" }
        x += "</ofd:DocBody></ofd:OFD>"
        return Data(x.utf8)
    }

    /// "2026-04-13" for xs:date, nil for a date it cannot hold.
    static func xsDate(_ d: DocumentDate) -> String? {
        guard (1...9999).contains(d.year), (1...12).contains(d.month), (1...31).contains(d.day) else { return nil }
        let y = String(d.year)
        return String(repeating: "0", count: 4 - y.count) + y + d.iso.drop(while: { $0 != "-" })
    }

    /// The package as a zip: OFD.xml first, then the parts in order, deflated, every entry
    /// dated the document's date (or 1980-01-01) at midnight UTC, so that the same frames give
    /// the same bytes.
    public func zipped() throws -> Data {
        var stamp = Date(timeIntervalSince1970: 315_532_800)
        if let date = docInfo.creationDate {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            if let d = calendar.date(from: DateComponents(year: min(2099, max(1980, date.year)), month: date.month, day: date.day)) {
                stamp = d
            }
        }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for part in [Part(path: "OFD.xml", data: entryXML())] + parts {
                let data = part.data
                try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp,
                                     permissions: 0o644, compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw OFDError.package("zip") }
            return data
        } catch let error as OFDError {
            throw error
        } catch {
            throw OFDError.package("zip: \(error)")
        }
    }

    /// Whether `data` is an OFD package: a zip whose first entry is OFD.xml.
    public static func isOFD(_ data: Data) -> Bool {
        // The first local file header: signature, then the name's length at 26 and the name at 30.
        guard data.count >= 30 + 7, data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return false }
        let b = [UInt8](data.prefix(64))
        let nameLength = Int(b[26]) | Int(b[27]) << 8
        guard nameLength == 7, b.count >= 37 else { return false }
        return Array(b[30..<37]) == Array("OFD.xml".utf8)
    }
}

/// What went wrong writing an OFD file.
public enum OFDError: Error, LocalizedError, Equatable {
    case noPages
    case font(String)
    case frames(String)
    case package(String)

    public var errorDescription: String? {
        switch self {
        case .noPages: return "文档没有页面，无法生成 OFD"
        case .font(let s): return "无法嵌入字体：\(s)"
        case .frames(let s): return "版面数据有误：\(s)"
        case .package(let s): return "无法打包 OFD：\(s)"
        }
    }
}
