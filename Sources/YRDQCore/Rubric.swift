/// The indicator system of an evaluation guide: what is scored, worth how much,
/// and which rules turn scores into totals and decisions. Loaded from data
/// (rubric/*.yaml) so that a revised guide is a data change.
public struct Rubric: Sendable {
    public var id: String
    public var title: String
    public var documentNumber: String
    public var issued: CivilDate?
    public var issuers: [String]
    public var appendixTitle: String
    public var total: Points
    public var categories: [Category]
    public var bonus: BonusRules
    public var deductions: DeductionRules
    public var footnotes: [Footnote]
    public var constructionCycleMonths: Int
    public var panel: PanelRules
    public var thresholds: Thresholds
    public var designationTitle: String
    public var pilotTitle: String

    public init(id: String, title: String, documentNumber: String, issued: CivilDate?, issuers: [String],
                appendixTitle: String, total: Points, categories: [Category], bonus: BonusRules,
                deductions: DeductionRules, footnotes: [Footnote], constructionCycleMonths: Int,
                panel: PanelRules, thresholds: Thresholds, designationTitle: String, pilotTitle: String) {
        self.id = id; self.title = title; self.documentNumber = documentNumber; self.issued = issued
        self.issuers = issuers; self.appendixTitle = appendixTitle; self.total = total
        self.categories = categories; self.bonus = bonus; self.deductions = deductions
        self.footnotes = footnotes; self.constructionCycleMonths = constructionCycleMonths
        self.panel = panel; self.thresholds = thresholds
        self.designationTitle = designationTitle; self.pilotTitle = pilotTitle
    }

    /// 评估事项: 质量举措 (70) and 质量成效 (30).
    public struct Category: Sendable {
        public var name: String
        public var points: Points
        public var indicators: [Indicator]
        public init(name: String, points: Points, indicators: [Indicator]) {
            self.name = name; self.points = points; self.indicators = indicators
        }
    }

    /// 一级指标, numbered 一 to 十 in the appendix.
    public struct Indicator: Sendable {
        /// 1-based position among all first-level indicators.
        public var index: Int
        /// The appendix's numeral, "一".
        public var numeral: String
        public var name: String
        public var points: Points
        public var groups: [Group]
        public init(index: Int, numeral: String, name: String, points: Points, groups: [Group]) {
            self.index = index; self.numeral = numeral; self.name = name; self.points = points; self.groups = groups
        }
        public var items: [Item] { groups.flatMap(\.items) }
    }

    /// When an indicator group may be judged, relative to the construction cycle.
    public enum Timing: String, Sendable, CaseIterable {
        case afterCycle = "after-cycle"
        case withinCycle = "within-cycle"
    }

    /// 二级指标, numbered 1 to 24 in 表1.
    public struct Group: Sendable {
        public var number: Int
        public var name: String
        public var points: Points
        /// A line the appendix prints above the group's items ("1个建设周期后，…：").
        public var preamble: String?
        public var preambleFootnotes: [String]
        public var timing: Timing?
        public var items: [Item]
        public init(number: Int, name: String, points: Points, preamble: String?, preambleFootnotes: [String],
                    timing: Timing?, items: [Item]) {
            self.number = number; self.name = name; self.points = points; self.preamble = preamble
            self.preambleFootnotes = preambleFootnotes; self.timing = timing; self.items = items
        }
    }

    /// 三级指标: an appendix item, 1 to 56.
    public struct Item: Sendable {
        public var number: Int
        /// The guide's wording, with its point markers ("（0.5分）").
        public var text: String
        public var points: Points
        public var footnotes: [String]
        public var criteria: [Criterion]
        public init(number: Int, text: String, points: Points, footnotes: [String], criteria: [Criterion]) {
            self.number = number; self.text = text; self.points = points; self.footnotes = footnotes; self.criteria = criteria
        }
    }

    public struct Criterion: Sendable {
        public var text: String
        public var points: Points
        public init(text: String, points: Points) { self.text = text; self.points = points }
    }

    public struct Footnote: Sendable {
        public var id: String
        /// The term after which the guide places the footnote mark.
        public var term: String
        public var text: String
        public init(id: String, term: String, text: String) { self.id = id; self.term = term; self.text = text }
    }

    // MARK: Look-ups

    public var indicators: [Indicator] { categories.flatMap(\.indicators) }
    public var groups: [Group] { indicators.flatMap(\.groups) }
    public var items: [Item] { groups.flatMap(\.items) }

    public func item(_ number: Int) -> Item? { items.first { $0.number == number } }
    public func footnote(_ id: String) -> Footnote? { footnotes.first { $0.id == id } }

    /// The first-level indicator an item belongs to.
    public func indicator(ofItem number: Int) -> Indicator? {
        indicators.first { $0.items.contains { $0.number == number } }
    }
    public func group(ofItem number: Int) -> Group? {
        groups.first { $0.items.contains { $0.number == number } }
    }
}

/// 加分项: honours in categories, each with levels.
public struct BonusRules: Sendable {
    public enum Rule: String, Sendable, CaseIterable {
        /// In each category the highest level attained counts (the guide's table 2).
        case highestLevelPerCategory = "highest-level-per-category"
        /// Every level attained counts, capped at the category's points.
        case sumPerCategory = "sum-per-category"
    }
    public var rule: Rule
    public var points: Points
    public var categories: [Category]

    public struct Category: Sendable {
        public var id: String
        public var numeral: String
        public var name: String
        public var points: Points
        public var preamble: String?
        public var timing: Rubric.Timing?
        public var levels: [Level]
        public init(id: String, numeral: String, name: String, points: Points, preamble: String?,
                    timing: Rubric.Timing?, levels: [Level]) {
            self.id = id; self.numeral = numeral; self.name = name; self.points = points
            self.preamble = preamble; self.timing = timing; self.levels = levels
        }
        public func level(_ id: String) -> Level? { levels.first { $0.id == id } }
    }
    public struct Level: Sendable {
        public var id: String
        public var name: String
        public var text: String
        public var points: Points
        public init(id: String, name: String, text: String, points: Points) {
            self.id = id; self.name = name; self.text = text; self.points = points
        }
    }
    public init(rule: Rule, points: Points, categories: [Category]) {
        self.rule = rule; self.points = points; self.categories = categories
    }
    public func category(_ id: String) -> Category? { categories.first { $0.id == id } }

    /// The word a sheet uses for "no honour".
    public static let noneLevel = "none"
}

/// 减分项: conditions, each deducting points.
public struct DeductionRules: Sendable {
    public enum Rule: String, Sendable, CaseIterable {
        /// Each condition that applies deducts its points once, however many incidents lie behind it.
        case oncePerCondition = "once-per-condition"
        /// One deduction whatever applies (the appendix's "有以下情况之一的，减20分").
        case onceInAll = "once-in-all"
    }
    public var rule: Rule
    public var numeral: String
    public var name: String
    public var preamble: String
    public var conditions: [Condition]

    public struct Condition: Sendable {
        public var id: String
        public var points: Points
        /// The appendix's wording.
        public var text: String
        /// Section 四（三）'s wording.
        public var bodyText: String
        public var footnotes: [String]
        public init(id: String, points: Points, text: String, bodyText: String, footnotes: [String]) {
            self.id = id; self.points = points; self.text = text; self.bodyText = bodyText; self.footnotes = footnotes
        }
    }
    public init(rule: Rule, numeral: String, name: String, preamble: String, conditions: [Condition]) {
        self.rule = rule; self.numeral = numeral; self.name = name; self.preamble = preamble; self.conditions = conditions
    }
    public func condition(_ id: String) -> Condition? { conditions.first { $0.id == id } }
}

public struct PanelRules: Sendable {
    public var minExperts: Int
    public var maxExperts: Int
    public var expertKinds: [String]
    public var rule: String
    public init(minExperts: Int, maxExperts: Int, expertKinds: [String], rule: String) {
        self.minExperts = minExperts; self.maxExperts = maxExperts; self.expertKinds = expertKinds; self.rule = rule
    }
}

/// A comparison of a total with a threshold, with the guide's sentence behind it.
public struct Threshold: Sendable {
    public enum Comparison: String, Sendable, CaseIterable {
        case atLeast = "at-least", above, below
        /// How the comparison reads in a report.
        public var chinese: String {
            switch self { case .atLeast: return "达到（含）"; case .above: return "高于"; case .below: return "低于" }
        }
    }
    public var comparison: Comparison
    public var points: Points
    public var rule: String
    public var source: String
    public init(comparison: Comparison, points: Points, rule: String, source: String) {
        self.comparison = comparison; self.points = points; self.rule = rule; self.source = source
    }
    public func isMet(by total: Points) -> Bool {
        switch comparison {
        case .atLeast: return total >= points
        case .above: return total > points
        case .below: return total < points
        }
    }
}

public struct Thresholds: Sendable {
    public var apply: Threshold
    public var designate: Threshold
    public var suspend: Threshold
    public init(apply: Threshold, designate: Threshold, suspend: Threshold) {
        self.apply = apply; self.designate = designate; self.suspend = suspend
    }
}
