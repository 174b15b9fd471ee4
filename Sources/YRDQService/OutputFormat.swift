/// A format the documents are written in.
public enum OutputFormat: String, CaseIterable, Sendable {
    case html, md, pdf, docx
    /// OFD (GB/T 33190-2016), drawn from the same frames as the PDF.
    case ofd
    /// A workbook of the document's tables (render summary and table only).
    case xlsx

    /// What a file in this format holds, for `OutputFolder`.
    public var kind: OutputKind {
        switch self {
        case .html: return .html
        case .md: return .markdown
        case .pdf: return .pdf
        case .docx: return .docx
        case .ofd: return .ofd
        case .xlsx: return .xlsx
        }
    }

    /// Whether these formats lay the document out (PDF, OFD), so the fonts are loaded.
    public static func needFonts(_ formats: [OutputFormat]) -> Bool { formats.contains(.pdf) || formats.contains(.ofd) }
}
