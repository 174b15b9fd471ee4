import Foundation
import YRDQCore

/// Which documents an evaluation offers for download, in the order the guide has them: the
/// blank table; from the self-assessment the pilot's table, its report and its 请示; each
/// submitted expert's table; the panel's summary and provincial report; and, as the panel
/// result decides, the 决定 or the 通知. Every format the command line writes for each.
struct DocumentCatalogue {
    struct Entry {
        var kind: DocumentKind
        var label: String
        var formats: [String]
        /// Shown beside the entry: what it still needs (the issuer block of a 决定 or 通知).
        var note: String?
    }

    static let documentFormats = ["pdf", "ofd", "docx", "html", "md"]
    /// Tables also come as a workbook (`render table`, `render summary` with `--format xlsx`).
    static let tableFormats = documentFormats + ["xlsx"]

    var entries: [Entry] = []

    init(evaluation e: WorkspaceStore.Evaluation, view: PanelView) {
        entries.append(Entry(kind: .blankTable, label: "评分表（空白）", formats: Self.tableFormats))
        if e.selfAssessmentYAML != nil {
            entries.append(Entry(kind: .selfTable, label: "评分表（自评）", formats: Self.tableFormats))
            entries.append(Entry(kind: .selfAssessment, label: "自评报告", formats: Self.documentFormats))
            // A 请示 needs the lead bureau's issuer block, with a signatory (and a total of 80 or more,
            // which the builder checks and words).
            let issuer = view.pilot?.issuer
            entries.append(Entry(kind: .application, label: "申请省级评估的请示", formats: Self.documentFormats,
                                 note: issuer?.signatories.isEmpty == false ? nil : "试点档案中须有发文信息（issuer），含签发人"))
        }
        for (k, column) in view.columns.filter({ $0.sheet != nil }).enumerated() {
            entries.append(Entry(kind: .expert(k + 1), label: "评分表（\(column.expert.name)）", formats: Self.tableFormats))
        }
        guard let result = view.result else { return }
        entries.append(Entry(kind: .summary, label: "专家评分汇总表", formats: Self.tableFormats))
        entries.append(Entry(kind: .provincial, label: "省级评估报告", formats: Self.documentFormats))
        entries.append(Entry(kind: .provincialAudit, label: "省级评估报告（附审计记录）", formats: Self.documentFormats))
        let needsIssuer = e.settlement.issuer == nil ? "须先在评议结论中填写公文信息" : nil
        switch result.decision {
        case .designate: entries.append(Entry(kind: .decision, label: "授予称号的决定", formats: Self.documentFormats, note: needsIssuer))
        case .suspend: entries.append(Entry(kind: .notice, label: "暂停称号的通知", formats: Self.documentFormats, note: needsIssuer))
        case .retain: break
        }
    }

    func offers(_ kind: DocumentKind, format: String) -> Bool {
        entries.contains { $0.kind == kind && $0.formats.contains(format) }
    }
}
