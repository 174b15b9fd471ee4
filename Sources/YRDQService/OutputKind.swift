import Foundation
import YRDQCertificates
import YRDQDOCX
import YRDQOFD

/// What an output file holds. A file already standing where an output goes is replaced only
/// when it holds the same kind (a status list replaces only a status list): never a key, a
/// register, or anything else yrdq did not write as that kind.
public enum OutputKind: Sendable, CaseIterable {
    case pdf, html, markdown, docx, ofd, certificateData, statusList, verificationPage, yaml, csv, xlsx
    /// The designation's W3C verifiable credential (`<name>.vc.json`).
    case credential
    /// A Bitstring Status List credential (`status-revocation.vc.json`).
    case statusListCredential

    /// For messages: "PDF 文档".
    public var chinese: String {
        switch self {
        case .pdf: return "PDF 文档"
        case .html: return "HTML 文档"
        case .markdown: return "Markdown 文档"
        case .docx: return "Word 文档（DOCX）"
        case .ofd: return "OFD 版式文档"
        case .certificateData: return "证书数据文件（.cert.json）"
        case .statusList: return "状态列表"
        case .verificationPage: return "证书核验页面（verify.html）"
        case .yaml: return "YAML 文件"
        case .csv: return "CSV 文件"
        case .credential: return "可验证凭证（.vc.json）"
        case .statusListCredential: return "状态列表凭证（Bitstring Status List）"
        case .xlsx: return "XLSX 工作簿"
        }
    }

    /// How much of an existing file is read to tell its kind: the beginning, or for the JSON
    /// kinds the whole file (their `format` member may come after the entries), for a DOCX the
    /// whole zip (its directory is at the end; a larger file is never replaced).
    var bytesToRead: Int {
        switch self {
        case .certificateData, .statusList, .credential, .statusListCredential: return 16 * 1024 * 1024
        case .verificationPage: return 1024 * 1024
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
        // A zip whose first entry is OFD.xml (the standard's entry file): never a DOCX, a workbook or another zip.
        case .ofd: return seen.isOFD
        case .html: return seen.isHTML
        case .markdown: return seen.isText && !seen.isPEM && !seen.isPDF && !seen.isHTML && !seen.isJSON && !seen.isZip
        case .yaml: return seen.isText && !seen.isPEM
        // A CSV as Excel and WPS save it: UTF-8, GB18030, or UTF-16 with its byte-order mark.
        case .csv: return (!bytes.contains(0) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])) && !seen.isPEM && !seen.isSQLite
        // A workbook is a ZIP archive whose parts include the workbook itself.
        case .xlsx: return bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) && !seen.isOFD && bytes.firstRange(of: Array("xl/".utf8)) != nil
        case .certificateData: return complete && seen.jsonFormat == "yrdq-certificate-1"
        case .statusList: return complete && seen.jsonFormat == "yrdq-status-list-1"
        case .credential: return complete && seen.credentialTypes.contains("YRDQDesignationCredential")
        case .statusListCredential: return complete && seen.credentialTypes.contains("BitstringStatusListCredential")
        // Only a page `certificate verifier` wrote: it holds the bureau's keys, which are read back.
        case .verificationPage: return complete && seen.isHTML && VerificationPage.isPage(seen.text)
        }
    }

    /// What a file's beginning looks like, for a message ("私钥（PEM）"), when it is recognised.
    static func describe(_ bytes: [UInt8], complete: Bool) -> String? {
        let seen = Sniff(bytes, complete: complete)
        if seen.isSQLite { return "SQLite 数据库（如证书登记簿）" }
        if seen.isPEM { return seen.text.contains("PRIVATE KEY") ? "私钥（PEM）" : "密钥或证书（PEM）" }
        if seen.isPDF { return "PDF 文档" }
        if seen.isHTML { return "HTML 文档" }
        if seen.isZip { return seen.isOFD ? "OFD 版式文档" : seen.isDOCX ? "Word 文档（DOCX）" : "ZIP 压缩文件" }
        switch seen.jsonFormat {
        case "yrdq-certificate-1": return "证书数据文件"
        case "yrdq-status-list-1": return "状态列表"
        default: break
        }
        if seen.credentialTypes.contains("YRDQDesignationCredential") { return "可验证凭证" }
        if seen.credentialTypes.contains("BitstringStatusListCredential") { return "状态列表凭证" }
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
    /// A zip whose first entry is OFD.xml.
    var isOFD: Bool { OFDPackage.isOFD(Data(bytes.prefix(64))) }
    var isSQLite: Bool { bytes.starts(with: Array("SQLite format 3\0".utf8)) }
    var isPEM: Bool { text.contains("-----BEGIN ") }
    var isHTML: Bool { start.prefix(14).lowercased() == "<!doctype html" }
    var isJSON: Bool { start.hasPrefix("{") || start.hasPrefix("[") }

    /// The `format` member of a JSON object (only when the whole file was read).
    var jsonFormat: String? { jsonObject?["format"] as? String }

    /// The `type` of a verifiable credential (only when the whole file was read).
    var credentialTypes: [String] { (jsonObject?["type"] as? [Any])?.compactMap { $0 as? String } ?? [] }

    private var jsonObject: [String: Any]? {
        guard complete, isJSON else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
    }
}
