import Foundation
import YRDQDOCX

/// What an output file holds. A file already standing where an output goes is replaced only
/// when it holds the same kind (a status list replaces only a status list): never a key, a
/// register, or anything else yrdq did not write as that kind.
public enum OutputKind: Sendable, CaseIterable {
    case pdf, html, markdown, docx, certificateData, statusList, yaml, csv

    /// For messages: "PDF 文档".
    public var chinese: String {
        switch self {
        case .pdf: return "PDF 文档"
        case .html: return "HTML 文档"
        case .markdown: return "Markdown 文档"
        case .docx: return "Word 文档（DOCX）"
        case .certificateData: return "证书数据文件（.cert.json）"
        case .statusList: return "状态列表"
        case .yaml: return "YAML 文件"
        case .csv: return "CSV 文件"
        }
    }

    /// How much of an existing file is read to tell its kind: the beginning, or for the JSON
    /// kinds the whole file (their `format` member may come after the entries), for a DOCX the
    /// whole zip (its directory is at the end; a larger file is never replaced).
    var bytesToRead: Int {
        switch self {
        case .certificateData, .statusList: return 16 * 1024 * 1024
        case .docx: return 64 * 1024 * 1024
        default: return 64 * 1024
        }
    }

    /// Whether `bytes` (the beginning of a file, `complete` when that is all of it) are of this kind.
    func holds(_ bytes: [UInt8], complete: Bool) -> Bool {
        let seen = Sniff(bytes, complete: complete)
        switch self {
        case .pdf: return seen.isPDF
        // A zip whose [Content_Types].xml names WordprocessingML: never another zip (an XLSX, a backup).
        case .docx: return complete && seen.isDOCX
        case .html: return seen.isHTML
        case .markdown: return seen.isText && !seen.isPEM && !seen.isPDF && !seen.isHTML && !seen.isJSON && !seen.isZip
        case .yaml: return seen.isText && !seen.isPEM
        // A CSV as Excel and WPS save it: UTF-8, GB18030, or UTF-16 with its byte-order mark.
        case .csv: return (!bytes.contains(0) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])) && !seen.isPEM && !seen.isSQLite
        case .certificateData: return complete && seen.jsonFormat == "yrdq-certificate-1"
        case .statusList: return complete && seen.jsonFormat == "yrdq-status-list-1"
        }
    }

    /// What a file's beginning looks like, for a message ("私钥（PEM）"), when it is recognised.
    static func describe(_ bytes: [UInt8], complete: Bool) -> String? {
        let seen = Sniff(bytes, complete: complete)
        if seen.isSQLite { return "SQLite 数据库（如证书登记簿）" }
        if seen.isPEM { return seen.text.contains("PRIVATE KEY") ? "私钥（PEM）" : "密钥或证书（PEM）" }
        if seen.isPDF { return "PDF 文档" }
        if seen.isHTML { return "HTML 文档" }
        if seen.isZip { return seen.isDOCX ? "Word 文档（DOCX）" : "ZIP 压缩文件" }
        switch seen.jsonFormat {
        case "yrdq-certificate-1": return "证书数据文件"
        case "yrdq-status-list-1": return "状态列表"
        default: break
        }
        if seen.isJSON { return "JSON 文件" }
        if !seen.isText { return "二进制文件" }
        return nil
    }
}

/// The marks of the kinds in a file's first bytes.
private struct Sniff {
    let bytes: [UInt8]
    let complete: Bool
    /// The bytes as UTF-8 text ("" when they are not), a character cut at the end allowed.
    let text: String
    let isText: Bool

    init(_ bytes: [UInt8], complete: Bool) {
        self.bytes = bytes
        self.complete = complete
        var decoded: String? = nil
        if !bytes.contains(0) {
            // Only the beginning was read: up to three bytes of a cut character may end it.
            for cut in 0...(complete ? 0 : min(3, bytes.count)) {
                if let s = String(bytes: bytes.dropLast(cut), encoding: .utf8) { decoded = s; break }
            }
        }
        text = decoded ?? ""
        isText = decoded != nil
    }

    /// The text after a byte-order mark and leading white space.
    private var start: Substring {
        var s = Substring(text)
        if s.hasPrefix("\u{FEFF}") { s = s.dropFirst() }
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        return s
    }

    var isPDF: Bool { bytes.starts(with: Array("%PDF-".utf8)) }
    var isZip: Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) }
    /// Only when the whole file was read (a zip's directory is at its end).
    var isDOCX: Bool { complete && isZip && DOCXWriter.isDOCX(Data(bytes)) }
    var isSQLite: Bool { bytes.starts(with: Array("SQLite format 3\0".utf8)) }
    var isPEM: Bool { text.contains("-----BEGIN ") }
    var isHTML: Bool { start.prefix(14).lowercased() == "<!doctype html" }
    var isJSON: Bool { start.hasPrefix("{") || start.hasPrefix("[") }

    /// The `format` member of a JSON object (only when the whole file was read).
    var jsonFormat: String? {
        guard complete, isJSON,
              let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
        return object["format"] as? String
    }
}
