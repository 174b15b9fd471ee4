import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import YRDQCore
import ZIPFoundation

/// An XLSX workbook's parts, read from its bytes with guards: a workbook is a ZIP archive of
/// XML parts, and a hostile one can be a zip bomb, a part of gigabytes, an archive with parts
/// missing, or XML with entity declarations. Each is refused with a message, never followed.
struct XLSXPackage {
    /// The most one part may expand to; a sheet of 56 items is well under a megabyte.
    static let maximumPartBytes = 32 * 1024 * 1024
    /// The most all parts read may expand to together.
    static let maximumTotalBytes = 64 * 1024 * 1024
    /// The most entries an archive may have (a workbook has a dozen or two).
    static let maximumEntries = 10_000

    let archive: Archive
    let file: String
    private var total = 0

    struct Refusal: Error { var message: String }

    init(bytes: [UInt8], file: String) throws(InputErrors) {
        self.file = file
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw InputErrors([Diagnostic(file: file, kind: .unreadable, "不是 XLSX 文件（不是 ZIP 压缩包；请在 Excel/WPS 中另存为“Excel 工作簿（.xlsx）”）")])
        }
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch {
            throw InputErrors([Diagnostic(file: file, kind: .unreadable, "XLSX 文件已损坏：无法作为 ZIP 压缩包读取（文件可能被截断或未完整保存）")])
        }
        var count = 0
        for _ in archive {
            count += 1
            if count > Self.maximumEntries {
                throw InputErrors([Diagnostic(file: file, kind: .tooLarge, "XLSX 文件中的部件超过 \(Self.maximumEntries) 个，不像是评分表")])
            }
        }
    }

    /// A part's bytes, or nil when the archive has no such part.
    mutating func part(_ path: String) throws(InputErrors) -> [UInt8]? {
        guard let entry = archive[path] ?? archive.first(where: { $0.path.lowercased() == path.lowercased() }) else { return nil }
        guard entry.type == .file else { return nil }
        if entry.uncompressedSize > UInt64(Self.maximumPartBytes) || Int(entry.uncompressedSize) + total > Self.maximumTotalBytes {
            throw tooLarge(path)
        }
        var out: [UInt8] = []
        out.reserveCapacity(Int(entry.uncompressedSize))
        let limit = min(Self.maximumPartBytes, Self.maximumTotalBytes - total)
        do {
            // The declared size can lie: what actually comes out is counted too.
            _ = try archive.extract(entry, skipCRC32: false) { data in
                if out.count + data.count > limit { throw Refusal(message: "too large") }
                out.append(contentsOf: data)
            }
        } catch is Refusal {
            throw tooLarge(path)
        } catch {
            throw InputErrors([Diagnostic(file: file, kind: .unreadable, "XLSX 文件已损坏：部件 \(SheetValidator.quote(path)) 无法解压（文件可能被截断或未完整保存）")])
        }
        total += out.count
        return out
    }

    mutating func requiredPart(_ path: String) throws(InputErrors) -> [UInt8] {
        guard let bytes = try part(path) else {
            throw InputErrors([Diagnostic(file: file, kind: .unreadable, "XLSX 文件不完整：缺少部件 \(SheetValidator.quote(path))（请在 Excel/WPS 中重新保存）")])
        }
        return bytes
    }

    private func tooLarge(_ path: String) -> InputErrors {
        InputErrors([Diagnostic(file: file, kind: .tooLarge,
            "XLSX 文件的部件 \(SheetValidator.quote(path)) 解压后超过 \(Self.maximumPartBytes / 1024 / 1024) MB，不像是手工填写的评分表（可能是压缩炸弹）")])
    }

    /// Parses a part as XML, calling `element` on every start tag, `end` on every end tag and
    /// `text` on character data. A document type declaration (which is where entity tricks
    /// live: a billion laughs, an external file) is refused before parsing: OOXML has none.
    func parse(_ bytes: [UInt8], part: String, delegate: XMLEvents) throws(InputErrors) {
        // Text in a cell is escaped (&lt;): a raw "<!" declaration is markup, never content.
        if bytes.firstRange(of: Array("<!DOCTYPE".utf8)) != nil || bytes.firstRange(of: Array("<!ENTITY".utf8)) != nil {
            throw InputErrors([Diagnostic(file: file, kind: .unreadable,
                "XLSX 文件的部件 \(SheetValidator.quote(part)) 含有文档类型声明（DOCTYPE/ENTITY），Excel、WPS 和 LibreOffice 都不会写出这样的内容；已拒绝读取")])
        }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = delegate
        // A part cut short can end without a parse error: its root element must have closed.
        if !parser.parse() || delegate.failure != nil || delegate.depth != 0 || !delegate.sawRoot {
            if let failure = delegate.failure { throw InputErrors([Diagnostic(file: file, kind: .tooLarge, failure)]) }
            throw InputErrors([Diagnostic(file: file, kind: .unreadable,
                "XLSX 文件的部件 \(SheetValidator.quote(part)) 不是有效的 XML（第\(parser.lineNumber)行）；文件可能已损坏")])
        }
    }
}

/// XMLParser's callbacks as closures, local names only (`x:row` and `row` alike).
final class XMLEvents: NSObject, XMLParserDelegate {
    var element: (String, [String: String]) -> Void = { _, _ in }
    var end: (String) -> Void = { _ in }
    var text: (String) -> Void = { _ in }
    /// Set by a callback that wants the parse stopped (a sheet too large, say), with the message.
    var failure: String?
    /// How many elements are open, and whether any was: a whole document ends at depth 0.
    private(set) var depth = 0
    private(set) var sawRoot = false

    static func local(_ name: String) -> String {
        name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        depth += 1; sawRoot = true
        element(Self.local(name), attributes)
        if failure != nil { parser.abortParsing() }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        end(Self.local(name))
        if failure != nil { parser.abortParsing() }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }
    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text(String(decoding: CDATABlock, as: UTF8.self)) }
    // Entities declared in a DTD are refused before parsing; any left are never expanded.
    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? { nil }
}
