import Foundation
import YRDQCore

/// What Core's validator finds in an expert's sheet, as the expert's page shows it: each item's
/// messages next to that item, the others (date, bonus, deductions, the unscored items) above the
/// table, and their count. The page after a form post and the autosave's answer, which the page's
/// script shows, are both made from this one value, so they say the same.
struct SheetProblems {
    /// Item number → its messages (without "第N项: ": they stand next to the item).
    var byItem: [Int: [String]] = [:]
    /// The messages not about one item, as shown; an untouched sheet shows none of them
    /// (it is not a list of mistakes: "第1–56项没有填写得分"), but they are counted.
    var general: [String] = []
    /// Every message, each with its item ("第5项: …"): the submit refusal counts these.
    var all: [String] = []
    var count: Int { all.count }
    var valid: Bool { all.isEmpty }

    init(_ content: SheetContent, _ e: WorkspaceStore.Expert, _ rubric: Rubric) {
        let check = SheetCheck.validate(content, assessor: Assessor(name: e.name, organization: e.organization, kind: e.kind), rubric: rubric)
        guard case .failure(let errors) = check else { return }
        var general: [String] = []
        for d in errors.errors {
            if let n = d.item { byItem[n, default: []].append(d.message) } else { general.append(d.message) }
            all.append(SheetCheck.text(d))
        }
        self.general = content.items.isEmpty ? [] : general
    }

    /// `byItem` keyed by the item's number as text (a JSON object's keys).
    var itemsByKey: [String: [String]] {
        Dictionary(uniqueKeysWithValues: byItem.map { (String($0.key), $0.value) })
    }
}
