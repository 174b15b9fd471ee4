/// A format the documents are written in.
public enum OutputFormat: String, CaseIterable, Sendable {
    case html, md, pdf, docx
    /// A workbook of the document's tables (render summary and table only).
    case xlsx

    /// What a file in this format holds, for `OutputFolder`.
    public var kind: OutputKind {
        switch self {
        case .html: return .html
        case .md: return .markdown
        case .pdf: return .pdf
        case .docx: return .docx
        case .xlsx: return .xlsx
        }
    }
}
