/// The words that state a decision and the rule behind it, for every report that applies it.
extension ScoringEngine {
    /// A rule quoted in running text: “…”, with quotes inside it turned to ‘…’ as Chinese usage nests them.
    public static func quote(_ rule: String) -> String {
        "“" + rule.replacingOccurrences(of: "“", with: "‘").replacingOccurrences(of: "”", with: "’") + "”"
    }

    public func conclusion(_ decision: SelfAssessmentDecision) -> String {
        switch decision {
        case .eligible: return "可以向省级市场监管局提交自评报告并申请省级评估"
        case .notEligible: return "暂不具备申请省级评估的条件，应持续改进后再行评估"
        }
    }

    /// "自评总分92.75分，达到80分以上（含80分），…。依据：指南六（一）“…”"
    public func explanation(_ decision: SelfAssessmentDecision, total: Points) -> String {
        let t = rubric.thresholds.apply
        let met = decision == .eligible
        return "自评总分\(total.fixed2)分，\(met ? "达到" : "未达到")\(t.points)分以上（含\(t.points)分），\(conclusion(decision))。依据：指南\(t.source)\(Self.quote(t.rule))"
    }

    public func conclusion(_ decision: PanelDecision) -> String {
        switch decision {
        case .designate: return "可授予“\(rubric.designationTitle)”称号"
        case .retain: return "保留“\(rubric.pilotTitle)”称号，继续推进试点建设、持续改进"
        case .suspend: return "可暂停其“\(rubric.pilotTitle)”称号"
        }
    }

    public func explanation(_ decision: PanelDecision, total: Points) -> String {
        let th = rubric.thresholds
        let figure = "省级评估总分\(total.fixed2)分"
        switch decision {
        case .designate:
            return "\(figure)，高于\(th.designate.points)分，\(conclusion(decision))。依据：指南\(th.designate.source)\(Self.quote(th.designate.rule))"
        case .suspend:
            return "\(figure)，低于\(th.suspend.points)分，\(conclusion(decision))。依据：指南\(th.suspend.source)\(Self.quote(th.suspend.rule))"
        case .retain:
            return "\(figure)，未高于\(th.designate.points)分，亦不低于\(th.suspend.points)分，\(conclusion(decision))。依据：指南\(th.designate.source)\(Self.quote(th.designate.rule + th.suspend.rule))"
        }
    }

    /// The reading of the total's formula and rules, printed in every report that applies them.
    public var ruleReadings: [String] {
        var lines = ["总分 = 基本分（第1—\(rubric.items.count)项）+ 加分 − 减分，不设下限。"]
        switch rubric.bonus.rule {
        case .highestLevelPerCategory:
            lines.append("加分项：每类按取得的最高等级计分（不累加），每类最多\(rubric.bonus.categories.first?.points ?? .zero)分，合计最多\(rubric.bonus.points)分。")
        case .sumPerCategory:
            lines.append("加分项：每类各等级累加，每类以其上限为限，合计最多\(rubric.bonus.points)分。")
        }
        switch rubric.deductions.rule {
        case .oncePerCondition:
            lines.append("减分项：每一种情形适用即减\(rubric.deductions.conditions.first?.points ?? .zero)分（不论涉及几起事件），两种情形均适用的减\(rubric.deductions.conditions.reduce(Points.zero) { $0 + $1.points })分。")
        case .onceInAll:
            lines.append("减分项：有所列情形之一的，减\(rubric.deductions.conditions.first?.points ?? .zero)分。")
        }
        lines.append("“以上”含本数：自评总分达到\(rubric.thresholds.apply.points)分（含）可申请省级评估；省级评估总分高于\(rubric.thresholds.designate.points)分可授予称号，低于\(rubric.thresholds.suspend.points)分可暂停试点称号。")
        lines.append("分数精确到0.01分；专家组基本分为各专家基本分的算术平均值（或去掉一个最高分和一个最低分后的平均值），四舍五入保留两位小数；加分、减分由专家组统一认定，不作平均。")
        return lines
    }
}
