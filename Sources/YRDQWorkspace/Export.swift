import Foundation
import YRDQCore
import YRDQInput
import YRDQService

/// The evaluation as the command line's folder: `pilot.yaml`, `self-assessment.yaml` when the
/// pilot's sheet was imported, `panel.yaml`, one YAML sheet per expert under `experts/` (which
/// `yrdq panel` reads with the workspace's result) and the audit trail as `audit.csv`.
public enum EvaluationExport {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var messages: [String]
        public var description: String { messages.joined(separator: "\n") }
    }

    /// The files of the folder, by relative path: the submitted sheets (each validated again).
    /// `audit`: the evaluation's events, written as `audit.csv` (`render provincial --audit`).
    public static func files(evaluation: WorkspaceStore.Evaluation, experts: [WorkspaceStore.Expert],
                             sheets: [Int64: WorkspaceStore.StoredSheet], audit: [AuditRecord] = [], rubric: Rubric) throws(Failure) -> [(String, String)] {
        var files: [(String, String)] = [("pilot.yaml", evaluation.profileYAML.hasSuffix("\n") ? evaluation.profileYAML : evaluation.profileYAML + "\n")]
        if let sheet = evaluation.selfAssessmentYAML { files.append((PilotFolder.sheetNames[0], sheet)) }
        var entries: [String] = []
        var problems: [String] = []
        var index = 0
        for expert in experts {
            guard let stored = sheets[expert.id], stored.submitted else { continue }
            let assessor = Assessor(name: expert.name, organization: expert.organization, kind: expert.kind)
            switch SheetCheck.validate(stored.content, assessor: assessor, rubric: rubric) {
            case .failure(let e):
                problems += e.errors.map { "\(expert.name)：\(SheetCheck.text($0))" }
            case .success(let sheet):
                index += 1
                let path = "experts/expert-\(index).yaml"
                files.append((path, sheetYAML(sheet, assessor: assessor, rubric: rubric)))
                entries.append("  - {sheet: \(path), name: \(yaml(expert.name)), organization: \(yaml(expert.organization)), kind: \(yaml(expert.kind))}")
            }
        }
        problems += PanelAssembly.problems(evaluation.settlement, rubric: rubric)
        if !problems.isEmpty { throw Failure(messages: problems) }
        files.append(("panel.yaml", panelYAML(evaluation.settlement, entries: entries, rubric: rubric)))
        files.append((AuditTrailCSV.fileName, AuditTrailCSV.encode(audit)))
        return files
    }

    /// Writes the folder (which must not exist yet, or be empty): each file whole.
    public static func write(_ files: [(String, String)], to folder: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder + "/experts", withIntermediateDirectories: true)
        for (path, text) in files {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(path)
            try Data(text.utf8).write(to: url, options: .atomic)
        }
    }

    static func sheetYAML(_ sheet: ScoreSheet, assessor: Assessor?, rubric: Rubric, pilot: String = "../pilot.yaml",
                          heading: String = "由 yrdq serve 导出的专家评分表") -> String {
        var out = "# \(heading)\npilot: \(pilot)\n"
        if let assessor {
            out += "assessor: {name: \(yaml(assessor.name)), organization: \(yaml(assessor.organization))\(assessor.kind.map { ", kind: \(yaml($0))" } ?? "")}\n"
        }
        if let date = sheet.date { out += "date: \(date)\n" }
        out += "items:\n"
        for item in rubric.items {
            guard let s = sheet.items[item.number] else { continue }
            var parts: [String] = []
            if let criteria = s.criteria { parts.append("criteria: [\(criteria.map(\.description).joined(separator: ", "))]") }
            else { parts.append("score: \(s.score)") }
            if let note = s.note { parts.append("note: \(yaml(note))") }
            if !s.evidence.isEmpty { parts.append("evidence: [\(s.evidence.map(yaml).joined(separator: ", "))]") }
            out += "  \(item.number): {\(parts.joined(separator: ", "))}\n"
        }
        out += adjustmentsYAML(sheet.adjustments, rubric: rubric)
        return out
    }

    static func adjustmentsYAML(_ a: Adjustments, rubric: Rubric) -> String {
        var out = "bonus:\n"
        for category in rubric.bonus.categories {
            if let claim = a.honours[category.id]?.first {
                var parts = ["level: \(claim.level)"]
                if let t = claim.title { parts.append("title: \(yaml(t))") }
                if let d = claim.date { parts.append("date: \(d)") }
                out += "  \(category.id): {\(parts.joined(separator: ", "))}\n"
            } else {
                out += "  \(category.id): none\n"
            }
        }
        out += "deductions:\n"
        for condition in rubric.deductions.conditions {
            out += "  \(condition.id): \((a.incidents[condition.id] ?? 0) > 0 ? "true" : "false")\n"
        }
        let bonusGrounds = rubric.bonus.categories.compactMap { c in a.grounds[c.id].map { "  \(c.id): \(yaml($0))\n" } }
        let deductionGrounds = rubric.deductions.conditions.compactMap { c in a.grounds[c.id].map { "  \(c.id): \(yaml($0))\n" } }
        if !bonusGrounds.isEmpty { out += "bonus-grounds:\n" + bonusGrounds.joined() }
        if !deductionGrounds.isEmpty { out += "deduction-grounds:\n" + deductionGrounds.joined() }
        return out
    }

    static func panelYAML(_ s: Settlement, entries: [String], rubric: Rubric) -> String {
        var out = "# 由 yrdq serve 导出的专家组评分文件\npilot: pilot.yaml\n"
        func date(_ key: String, _ t: String) {
            if let d = try? CivilDate.parse(t).get() { out += "\(key): \(d)\n" }
        }
        if !s.province.isEmpty { out += "province: \(yaml(s.province))\n" }
        if !s.bureau.isEmpty { out += "bureau: \(yaml(s.bureau))\n" }
        date("date", s.date)
        date("material-review", s.materialReview)
        date("site-review", s.siteReview)
        if !s.leader.isEmpty { out += "leader: \(yaml(s.leader))\n" }
        out += "aggregation: \(Aggregation(rawValue: s.aggregation)?.rawValue ?? "mean")\n"
        out += "experts:\n" + entries.map { $0 + "\n" }.joined()
        let adjustments = (try? PanelAssembly.adjustments(s, rubric: rubric).get()) ?? Adjustments()
        out += adjustmentsYAML(adjustments, rubric: rubric)
        if !s.findings.isEmpty { out += "findings:\n" + s.findings.map { "  - \(yaml($0))\n" }.joined() }
        if !s.recommendations.isEmpty { out += "recommendations:\n" + s.recommendations.map { "  - \(yaml($0))\n" }.joined() }
        if let i = s.issuer, !i.isEmpty {
            out += "issuer:\n  mark: \(yaml(i.mark))\n  number: \(yaml(i.number))\n"
            out += "  addressee: [\(i.addressees.map(yaml).joined(separator: ", "))]\n"
            if !i.copies.isEmpty { out += "  copies: [\(i.copies.map(yaml).joined(separator: ", "))]\n" }
            out += "  printer: \(yaml(i.printer))\n"
            date("  printed", i.printed)
            date("  date", i.date)
        }
        return out
    }

    /// A value as a YAML double-quoted scalar that reads back as the same text.
    static func yaml(_ s: String) -> String { YAMLString.quote(s) }
}
