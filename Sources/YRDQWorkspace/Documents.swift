import Foundation

/// The boundary between the workspace and whatever renders documents and issues certificates:
/// the workspace hands over the evaluation as the command line's folder (its export) and gets
/// bytes back. `ServiceDocuments` implements it over YRDQService's renderer and certificate
/// service, so the documents and the serials are the command line's own; tests may stand in.
/// Which documents an evaluation offers is the workspace's `DocumentCatalogue`.
public protocol WorkspaceDocuments: Sendable {
    /// Renders one document (a `DocumentCatalogue` id) of the evaluation in `folder` (its export:
    /// pilot.yaml, self-assessment.yaml when there is one, panel.yaml, experts/).
    func render(kind: DocumentKind, format: String, evaluationFolder folder: String) throws -> WorkspaceFile
    /// Whether certificates can be issued (a key and a register were given).
    var canIssue: Bool { get }
    /// Issues the designation certificate of the evaluation in `folder`: refused unless the panel
    /// result is a designation; registered in the command line's register, with its serials.
    func issueCertificate(evaluationFolder folder: String, format: String) throws -> WorkspaceCertificate
}

public struct WorkspaceFile: Sendable {
    public var bytes: [UInt8]
    public var filename: String
    public var contentType: String
    public init(bytes: [UInt8], filename: String, contentType: String) {
        self.bytes = bytes; self.filename = filename; self.contentType = contentType
    }
}

public struct WorkspaceCertificate: Sendable {
    public var serial: String
    public var file: WorkspaceFile
    public init(serial: String, file: WorkspaceFile) { self.serial = serial; self.file = file }
}

/// A refusal the page shows as it is (in Chinese): a panel below the threshold, a missing key.
public struct DocumentRefusal: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The content type of a format the command line writes.
public func contentType(ofFormat format: String) -> String {
    switch format {
    case "pdf": return "application/pdf"
    case "html": return "text/html; charset=utf-8"
    case "md": return "text/markdown; charset=utf-8"
    case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    case "ofd": return "application/ofd"
    case "json": return "application/json"
    default: return "application/octet-stream"
    }
}

/// A document an evaluation may offer, named in its download link by `id`
/// (`/chair/evaluations/N/documents/ID/FORMAT`): the ids are the link's contract, so each is
/// written here once.
public enum DocumentKind: Hashable, Sendable {
    case blankTable, selfTable, selfAssessment, application
    /// The table of the K-th expert (from 1) in the export's order (`experts/expert-K.yaml`).
    case expert(Int)
    case summary, provincial, provincialAudit, decision, notice

    static let fixed: [(DocumentKind, String)] = [
        (.blankTable, "blank-table"), (.selfTable, "self-table"), (.selfAssessment, "self-assessment"),
        (.application, "application"), (.summary, "summary"), (.provincial, "provincial"),
        (.provincialAudit, "provincial-audit"), (.decision, "decision"), (.notice, "notice"),
    ]
    static let expertPrefix = "expert-"

    public var id: String {
        if case .expert(let k) = self { return Self.expertPrefix + String(k) }
        return Self.fixed.first { $0.0 == self }!.1
    }

    /// The kind a link names; nil for anything else (“expert-0”, “expert-01”, “expert-+1”).
    public init?(id: String) {
        if let fixed = Self.fixed.first(where: { $0.1 == id }) { self = fixed.0; return }
        guard id.hasPrefix(Self.expertPrefix) else { return nil }
        let digits = id.dropFirst(Self.expertPrefix.count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0", digits.count <= 4,
              let k = Int(digits) else { return nil }
        self = .expert(k)
    }
}
