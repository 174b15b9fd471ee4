import YRDQCore

/// How a sheet's stated facts behind its bonus and deductions read in the tables: the
/// honour's title and date, a deduction's grounds. Only what the sheet states is printed;
/// the points come from the engine's result.
struct FactsText {
    let rubric: Rubric

    /// "浙江省人民政府质量奖，2025年11月28日取得", or nil when the claim states neither.
    static func honour(_ claim: HonourClaim) -> String? {
        let title = claim.title?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let date = claim.date.map { "\($0.chinese)取得" }
        let parts = [title, date].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "，")
    }

    /// The claim behind the level that counted in a bonus line.
    static func counted(_ line: AdjustmentResult.BonusLine, in facts: Adjustments) -> HonourClaim? {
        guard let level = line.level else { return nil }
        return facts.honours[line.category]?.first { $0.level == level }
    }

    static func grounds(_ condition: String, in facts: Adjustments) -> String? {
        facts.grounds[condition]?.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: ["。"]).nilIfEmpty
    }

    /// One note per honour claimed with a title or date, and per deduction with grounds:
    /// "加分依据（企业质量荣誉，省级）：浙江省人民政府质量奖，2025年11月28日取得。"
    func notes(_ result: AdjustmentResult, facts: Adjustments) -> [String] {
        var notes: [String] = []
        for category in rubric.bonus.categories {
            for claim in facts.honours[category.id] ?? [] {
                guard let text = Self.honour(claim) else { continue }
                let level = category.level(claim.level)?.name ?? claim.level
                notes.append("加分依据（\(category.name)，\(level)）：\(text)。")
            }
            if let grounds = Self.grounds(category.id, in: facts) {
                notes.append("加分依据（\(category.name)）：\(grounds)。")
            }
        }
        for line in result.deductionLines {
            guard let condition = rubric.deductions.condition(line.condition),
                  let grounds = Self.grounds(condition.id, in: facts) else { continue }
            let what = condition.text.trimmingCharacters(in: ["；", "。"])
            notes.append("\(line.applies ? "减分依据" : "减分核查")（\(what)）：\(grounds)。")
        }
        return notes
    }
}

fileprivate extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

import Foundation
