import Foundation
import YRDQCore
import YRDQInput

/// The evaluation's scores as the pages show them: each item's scores per expert, their spread,
/// the divergent items (spread over half the item's points), and the live panel result through
/// Core's PanelScoring, over the submitted sheets.
struct PanelView {
    struct Column { var expert: WorkspaceStore.Expert; var sheet: ScoreSheet? }
    var columns: [Column]
    var result: PanelResult?
    /// The evaluation's profile, read once for the page (nil when the stored text does not read).
    var pilot: PilotProfile?
    var submitted: Int
    var total: Int
    var rubric: Rubric

    init(evaluation: WorkspaceStore.Evaluation, experts: [WorkspaceStore.Expert], sheets: [Int64: WorkspaceStore.StoredSheet], rubric: Rubric) {
        self.rubric = rubric
        let active = experts
        columns = active.map { e in
            guard let s = sheets[e.id], s.submitted else { return Column(expert: e, sheet: nil) }
            let sheet = try? SheetCheck.validate(s.content, assessor: Assessor(name: e.name, organization: e.organization, kind: e.kind), rubric: rubric).get()
            return Column(expert: e, sheet: sheet)
        }
        submitted = columns.filter { $0.sheet != nil }.count
        total = active.count
        let valid = columns.compactMap(\.sheet)
        pilot = try? ProfileTextCache.profile(evaluation.profileYAML)
        if !valid.isEmpty {
            result = ScoringEngine(rubric: rubric).score(PanelAssembly.panel(sheets: valid, settlement: evaluation.settlement, pilot: pilot, rubric: rubric))
        }
    }

    var allSubmitted: Bool { total > 0 && submitted == total }

    /// The table's context: header, rows with per-expert scores, spread and divergence.
    func table() -> [String: Any] {
        let counted = columns.filter { $0.sheet != nil }
        var rows: [[String: Any]] = []
        for item in rubric.items {
            let scores = counted.map { $0.sheet!.items[item.number]?.score ?? .zero }
            let spread = (scores.max() ?? .zero) - (scores.min() ?? .zero)
            let divergent = spread.hundredths * 2 > item.points.hundredths
            rows.append(["number": item.number, "points": item.points.description,
                         "scores": scores.map { ["value": $0.description] },
                         "mean": result?.itemMeans[item.number]?.description ?? "—",
                         "spread": counted.isEmpty ? "—" : spread.description, "divergent": divergent && counted.count > 1])
        }
        let engine = ScoringEngine(rubric: rubric)
        return ["experts": counted.map { c -> [String: Any] in
                    ["name": c.expert.name, "base": engine.score(c.sheet!).base.description]
                },
                "rows": rows, "hasScores": !counted.isEmpty,
                "divergentCount": rows.filter { $0["divergent"] as? Bool == true }.count]
    }

    func resultContext() -> [String: Any]? {
        guard let r = result else { return nil }
        let engine = ScoringEngine(rubric: rubric)
        return ["base": r.base.fixed2, "meanBase": r.meanBase.fixed2, "trimmedBase": r.trimmedBase?.fixed2 ?? "—",
                "aggregation": r.aggregation.chinese, "bonus": r.bonus.fixed2, "deduction": r.deduction.fixed2,
                "total": r.total.fixed2, "decision": engine.conclusion(r.decision), "designate": r.decision == .designate,
                "explanation": engine.explanation(r.decision, total: r.total), "counted": r.experts.count,
                "tooFew": r.experts.count < rubric.panel.minExperts, "minExperts": rubric.panel.minExperts]
    }
}

/// Pilot profiles read from the stored text (through the reader's own checks).
enum ProfileTextCache {
    static func profile(_ yaml: String) throws -> PilotProfile {
        try ProfileText.read(yaml, file: "pilot.yaml")
    }
}
