/// Points attained on one first-level indicator.
public struct IndicatorScore: Sendable, Equatable {
    public var index: Int
    public var name: String
    public var score: Points
    public var max: Points
}

/// What the bonus and deduction rules gave.
public struct AdjustmentResult: Sendable, Equatable {
    public struct BonusLine: Sendable, Equatable {
        public var category: String
        /// The level that counted (the highest, under the guide's rule); nil when none.
        public var level: String?
        public var points: Points
    }
    public struct DeductionLine: Sendable, Equatable {
        public var condition: String
        public var applies: Bool
        public var points: Points
    }
    public var bonusLines: [BonusLine]
    public var deductionLines: [DeductionLine]
    public var bonus: Points
    public var deduction: Points
}

/// A scored sheet.
public struct SheetResult: Sendable {
    public var base: Points
    public var bonus: Points
    public var deduction: Points
    public var total: Points
    public var indicators: [IndicatorScore]
    /// Category name → points attained (质量举措, 质量成效).
    public var categories: [(name: String, score: Points, max: Points)]
    public var items: [Int: Points]
    public var adjustments: AdjustmentResult
}

public enum SelfAssessmentDecision: String, Sendable {
    case eligible
    case notEligible = "not-eligible"
}

public enum PanelDecision: String, Sendable {
    case designate, retain, suspend
}

/// Turns sheets into results and results into decisions, by the rubric's rules.
public struct ScoringEngine: Sendable {
    public let rubric: Rubric
    public init(rubric: Rubric) { self.rubric = rubric }

    public func score(_ sheet: ScoreSheet) -> SheetResult {
        var items: [Int: Points] = [:]
        for item in rubric.items { items[item.number] = sheet.items[item.number]?.score ?? .zero }
        let base = rubric.items.reduce(Points.zero) { $0 + items[$1.number]! }
        let adjustments = adjust(sheet.adjustments)
        return SheetResult(base: base, bonus: adjustments.bonus, deduction: adjustments.deduction,
                           total: base + adjustments.bonus - adjustments.deduction,
                           indicators: indicatorScores { items[$0]! },
                           categories: categoryScores { items[$0]! },
                           items: items, adjustments: adjustments)
    }

    func indicatorScores(_ score: (Int) -> Points) -> [IndicatorScore] {
        rubric.indicators.map { ind in
            IndicatorScore(index: ind.index, name: ind.name,
                           score: ind.items.reduce(Points.zero) { $0 + score($1.number) }, max: ind.points)
        }
    }

    func categoryScores(_ score: (Int) -> Points) -> [(name: String, score: Points, max: Points)] {
        rubric.categories.map { c in
            (c.name, c.indicators.flatMap(\.items).reduce(Points.zero) { $0 + score($1.number) }, c.points)
        }
    }

    /// Applies the rubric's bonus and deduction rules to settled facts.
    public func adjust(_ facts: Adjustments) -> AdjustmentResult {
        var bonusLines: [AdjustmentResult.BonusLine] = []
        for category in rubric.bonus.categories {
            let claimed = (facts.honours[category.id] ?? []).compactMap { category.level($0.level) }
            let top = claimed.max { $0.points < $1.points }
            let points: Points
            switch rubric.bonus.rule {
            case .highestLevelPerCategory:
                points = top?.points ?? .zero
            case .sumPerCategory:
                points = min(claimed.reduce(Points.zero) { $0 + $1.points }, category.points)
            }
            bonusLines.append(.init(category: category.id, level: top?.id, points: min(points, category.points)))
        }
        let bonus = min(bonusLines.reduce(Points.zero) { $0 + $1.points }, rubric.bonus.points)

        var deductionLines: [AdjustmentResult.DeductionLine] = []
        var deduction = Points.zero
        for condition in rubric.deductions.conditions {
            let applies = (facts.incidents[condition.id] ?? 0) > 0
            var points = Points.zero
            if applies {
                switch rubric.deductions.rule {
                case .oncePerCondition:
                    points = condition.points
                case .onceInAll:
                    points = deduction == .zero ? condition.points : .zero
                }
            }
            deduction += points
            deductionLines.append(.init(condition: condition.id, applies: applies, points: points))
        }
        return AdjustmentResult(bonusLines: bonusLines, deductionLines: deductionLines, bonus: bonus, deduction: deduction)
    }

    /// Self-assessment: at or above the threshold, the pilot may apply for provincial evaluation.
    public func selfAssessmentDecision(total: Points) -> SelfAssessmentDecision {
        rubric.thresholds.apply.isMet(by: total) ? .eligible : .notEligible
    }

    /// Provincial evaluation: designate above 80, suspend below 70, otherwise retain.
    public func panelDecision(total: Points) -> PanelDecision {
        if rubric.thresholds.designate.isMet(by: total) { return .designate }
        if rubric.thresholds.suspend.isMet(by: total) { return .suspend }
        return .retain
    }
}
