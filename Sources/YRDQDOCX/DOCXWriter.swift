import Foundation
import YRDQDocument

/// Why a document could not be written as DOCX.
public enum DOCXError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The seal image could not be read as PNG.
    case sealImage(path: String, reason: String)
    /// The zip container could not be written.
    case package(String)

    public var description: String {
        switch self {
        case .sealImage(let path, let reason): return "无法读取印章图片 \(path)（须为 PNG 文件）：\(reason)"
        case .package(let reason): return "生成 DOCX 失败（\(reason)）"
        }
    }
    public var errorDescription: String? { description }
}

/// Writes a `Document` as an editable Word document (Office Open XML, .docx) that looks like
/// the PDF: GB/T 9704 page set-up and grid, one style per role with the official faces, real
/// tables with merged cells and repeated header rows, page numbers in the footers. Nothing is
/// placed in a text box: every paragraph can be edited in Word, WPS or LibreOffice. The same
/// document gives the same bytes.
public struct DOCXWriter: Sendable {
    public init() {}

    public func render(_ document: Document) throws -> Data {
        var body = DOCXBody(document: document)
        try body.build()
        return try DOCXPackage.write(document: document, body: body)
    }

    /// Whether `data` is a DOCX package: a zip whose [Content_Types].xml names the
    /// WordprocessingML main part (any other zip is not).
    public static func isDOCX(_ data: Data) -> Bool { DOCXPackage.isWordprocessing(data) }
}
