/// Footnote 4: a construction cycle is 36 months from approval. Outcome items
/// (groups marked after-cycle) are judged after a cycle; honours count within it.
public enum CycleCheck {
    public static func warnings(rubric: Rubric, approved: CivilDate, evaluated: CivilDate?,
                                sheet: ScoreSheet?, adjustments: Adjustments, file: String?) -> [Diagnostic] {
        var result: [Diagnostic] = []
        let cycleEnd = approved.adding(months: rubric.constructionCycleMonths)
        if let evaluated, evaluated < cycleEnd {
            let outcome = rubric.groups.filter { $0.timing == .afterCycle }.flatMap(\.items).map(\.number)
            if !outcome.isEmpty {
                let scored = sheet.map { s in outcome.filter { (s.items[$0]?.score ?? .zero) > .zero } } ?? []
                let range = "第\(outcome.first!)–\(outcome.last!)项"
                var text = "试点于\(approved.chinese)获批，1个建设周期（\(rubric.constructionCycleMonths)个月）至\(cycleEnd.chinese)届满；评估日期\(evaluated.chinese)尚未满1个建设周期，\(range)按指南应在1个建设周期后评价"
                if !scored.isEmpty { text += "，但已给分的有第\(scored.map(String.init).joined(separator: "、"))项" }
                result.append(Diagnostic(.warning, file: file, text))
            }
        }
        for category in rubric.bonus.categories where category.timing == .withinCycle {
            for claim in adjustments.honours[category.id] ?? [] {
                if let date = claim.date {
                    if date < approved || date > cycleEnd {
                        result.append(Diagnostic(.warning, file: file,
                            "加分项“\(category.name)”的荣誉取得于\(date.chinese)，不在1个建设周期内（\(approved.chinese)至\(cycleEnd.chinese)），按指南不应加分"))
                    }
                }
            }
        }
        return result
    }
}
