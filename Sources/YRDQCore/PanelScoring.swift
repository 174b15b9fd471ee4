/// A provincial panel's result.
public struct PanelResult: Sendable {
    public struct Expert: Sendable {
        public var name: String
        public var organization: String
        public var kind: String?
        public var result: SheetResult
        /// The expert's scores with bonus and deductions as the panel settled them (what an
        /// attached expert table shows: the sheet's own marks do not count).
        public var settled: SheetResult
        /// True when the trimmed aggregation dropped this expert's base total.
        public var dropped: Bool
    }
    public var experts: [Expert]
    public var aggregation: Aggregation
    /// The panel base: the (trimmed) mean of the experts' base totals, rounded half-up to 0.01.
    public var base: Points
    /// The plain mean, always computed (the summary sheet shows it beside the trimmed mean).
    public var meanBase: Points
    /// The trimmed mean, when there are at least three experts.
    public var trimmedBase: Points?
    public var bonus: Points
    public var deduction: Points
    public var total: Points
    public var decision: PanelDecision
    public var adjustments: AdjustmentResult
    /// Per bonus category and deduction condition, the panel's ruling and the experts' own marks.
    public var opinions: [AdjustmentOpinion]
    /// Items whose expert scores spread by more than half the item's points.
    public var divergent: [Int]
    /// Per item, the mean of the counted experts' scores (rounded half-up), for the summary sheet.
    public var itemMeans: [Int: Points]
    /// Per item, the spread of every expert's score (highest − lowest): above half the item's
    /// points, the item is divergent.
    public var itemSpreads: [Int: Points]
    /// Per first-level indicator, the mean of the counted experts' scores.
    public var indicators: [IndicatorScore]
}

extension ScoringEngine {
    /// Scores every expert's sheet and aggregates. The panel's size is checked by the reader.
    public func score(_ panel: Panel) -> PanelResult {
        let results = panel.experts.map { score($0) }
        let bases = results.map(\.base)
        let meanBase = Points.mean(bases)
        var dropped = Set<Int>()
        var trimmedBase: Points? = nil
        if bases.count >= 3 {
            let order = bases.indices.sorted { bases[$0] < bases[$1] || (bases[$0] == bases[$1] && $0 < $1) }
            dropped = [order.first!, order.last!]
            trimmedBase = Points.mean(bases.indices.filter { !dropped.contains($0) }.map { bases[$0] })
        }
        let useTrimmed = panel.aggregation == .trimmed && trimmedBase != nil
        let base = useTrimmed ? trimmedBase! : meanBase
        let counted = results.indices.filter { !useTrimmed || !dropped.contains($0) }

        var itemMeans: [Int: Points] = [:]
        var itemSpreads: [Int: Points] = [:]
        var divergent: [Int] = []
        for item in rubric.items {
            let scores = results.map { $0.items[item.number] ?? .zero }
            itemMeans[item.number] = Points.mean(counted.map { scores[$0] })
            let spread = (scores.max() ?? .zero) - (scores.min() ?? .zero)
            itemSpreads[item.number] = spread
            if spread.hundredths * 2 > item.points.hundredths { divergent.append(item.number) }
        }
        let indicators = rubric.indicators.map { ind in
            IndicatorScore(index: ind.index, name: ind.name,
                           score: Points.mean(counted.map { results[$0].indicators[ind.index - 1].score }),
                           max: ind.points)
        }
        let adjustments = adjust(panel.adjustments)
        let total = base + adjustments.bonus - adjustments.deduction
        let experts = panel.experts.indices.map { i in
            var settled = results[i]
            settled.adjustments = adjustments
            settled.bonus = adjustments.bonus
            settled.deduction = adjustments.deduction
            settled.total = settled.base + adjustments.bonus - adjustments.deduction
            return PanelResult.Expert(name: panel.experts[i].assessor?.name ?? "",
                                      organization: panel.experts[i].assessor?.organization ?? "",
                                      kind: panel.experts[i].assessor?.kind,
                                      result: results[i], settled: settled, dropped: useTrimmed && dropped.contains(i))
        }
        return PanelResult(experts: experts, aggregation: panel.aggregation, base: base, meanBase: meanBase,
                           trimmedBase: trimmedBase, bonus: adjustments.bonus, deduction: adjustments.deduction,
                           total: total, decision: panelDecision(total: total), adjustments: adjustments,
                           opinions: adjustmentOpinions(panel),
                           divergent: divergent, itemMeans: itemMeans, itemSpreads: itemSpreads, indicators: indicators)
    }
}
