/// Facts of a provincial evaluation checked against one another: the order of its dates,
/// who leads it, and the experts' own bonus and deduction marks beside the panel's ruling.
/// The checks state what is wrong; the panel reader says where.
public enum PanelChecks {
    /// The date a problem is about, so that the reader can point at it.
    public enum DateField: Sendable, Equatable {
        /// The panel's date (of the report).
        case date
        case materialReview
        case siteReview
        /// The sheet of the expert at this index (0-based) in the panel's list.
        case expert(Int)
    }

    public struct DateProblem: Sendable, Equatable {
        public var field: DateField
        public var message: String
    }

    /// Dates that contradict one another: an evaluation, a review or an expert's sheet dated
    /// before the pilot was approved; a report dated before its own material or site review,
    /// or before an expert's sheet it is built from.
    public static func dateProblems(_ panel: Panel) -> [DateProblem] {
        var problems: [DateProblem] = []
        let reviews: [(DateField, String, CivilDate?)] = [(.materialReview, "材料评审日期", panel.materialReview),
                                                         (.siteReview, "现场评审日期", panel.siteReview)]
        if let approved = panel.pilot?.approved {
            for (field, label, date) in [(DateField.date, "评估日期", panel.date)] + reviews {
                guard let date, date < approved else { continue }
                problems.append(DateProblem(field: field,
                    message: "\(label)\(date.chinese)早于试点获批日期\(approved.chinese)（省级评估只能在试点获批之后进行）"))
            }
            for (i, sheet) in panel.experts.enumerated() {
                guard let date = sheet.date, date < approved else { continue }
                problems.append(DateProblem(field: .expert(i),
                    message: "第\(i + 1)位专家\(expertName(sheet))的评分日期\(date.chinese)早于试点获批日期\(approved.chinese)（\(TerminalText.value(sheet.source))）"))
            }
        }
        if let date = panel.date {
            for (_, label, review) in reviews {
                guard let review, date < review else { continue }
                problems.append(DateProblem(field: .date,
                    message: "评估日期\(date.chinese)早于\(label)\(review.chinese)（评估报告在材料评审和现场评审之后形成）"))
            }
            for (i, sheet) in panel.experts.enumerated() {
                guard let d = sheet.date, date < d else { continue }
                problems.append(DateProblem(field: .date,
                    message: "评估日期\(date.chinese)早于第\(i + 1)位专家\(expertName(sheet))的评分日期\(d.chinese)（\(TerminalText.value(sheet.source))；评估报告在专家评分之后形成）"))
            }
        }
        return problems
    }

    /// Honours dated after the evaluation that is to count them (a panel's date, a sheet's):
    /// an evaluation settles only what was obtained before it. By bonus category id, with the message.
    public static func honoursAfter(_ evaluated: CivilDate?, _ adjustments: Adjustments, rubric: Rubric) -> [(category: String, message: String)] {
        guard let evaluated else { return [] }
        var result: [(String, String)] = []
        for category in rubric.bonus.categories {
            for claim in adjustments.honours[category.id] ?? [] {
                guard let date = claim.date, evaluated < date else { continue }
                result.append((category.id, "加分项“\(category.name)”的荣誉取得日期\(date.chinese)晚于评估日期\(evaluated.chinese)（评估只能认定评估之前已取得的荣誉）"))
            }
        }
        return result
    }

    static func expertName(_ sheet: ScoreSheet) -> String {
        sheet.assessor.map { "“\(TerminalText.value($0.name))”" } ?? ""
    }

    /// Warnings for every expert whose sheet claims a bonus or a deduction otherwise than the
    /// panel settled it (`AdjustmentOpinion.claimingOtherwise`): the sheet's mark does not count,
    /// and the expert and the line are named so that the difference is seen rather than lost.
    public static func adjustmentWarnings(rubric: Rubric, panel: Panel, opinions: [AdjustmentOpinion]) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for opinion in opinions {
            for i in opinion.claimingOtherwise {
                let sheet = panel.experts[i]
                let mark = opinion.marks[i]!
                let who = sheet.assessor.map { "专家“\(TerminalText.value($0.name))”（\(TerminalText.value($0.organization))）" } ?? "第\(i + 1)位专家"
                let text = "\(who)的评分表\(opinion.describe(mark, rubric: rubric, expert: true))，专家组认定\(opinion.describe(opinion.ruling, rubric: rubric, expert: false))；"
                    + "加分、减分由专家组统一认定，该评分表的标注不计入总分"
                result.append(Diagnostic(.warning, file: sheet.source, line: sheet.adjustments.lines[opinion.subject.id], text))
            }
        }
        return result
    }
}

/// How the experts' own sheets mark one bonus category or deduction condition, beside the
/// panel's ruling (which is what counts: 加分项、减分项由专家组统一认定).
public struct AdjustmentOpinion: Sendable {
    public enum Subject: Sendable, Hashable {
        case bonus(String)
        case deduction(String)
        /// The category's or condition's id.
        public var id: String {
            switch self { case .bonus(let id), .deduction(let id): return id }
        }
    }

    /// What the rules make of one set of facts for this subject.
    public struct Mark: Sendable, Hashable {
        /// Bonus: the level that counts (nil: none). Deduction: nil.
        public var level: String?
        /// Bonus: a level counts; deduction: the condition applies.
        public var applies: Bool
        public var points: Points
    }

    public var subject: Subject
    public var ruling: Mark
    /// By expert (index in the panel's list): what that expert's sheet marks. An expert whose
    /// sheet says nothing about this subject is absent.
    public var marks: [Int: Mark]

    /// The experts (indices, in order) whose sheets mark otherwise than the panel ruled.
    /// (A deduction is compared by whether it applies: under `once-in-all` its points depend on
    /// the other conditions.)
    public var dissenting: [Int] { marks.keys.sorted().filter { !agrees(marks[$0]!) } }

    /// The dissenting experts whose sheets claim a bonus or a deduction (a level, an incident)
    /// that the panel did not settle so. A sheet that leaves bonus and deductions at none while
    /// the panel settles one is the usual case (the facts are the panel's to find) and is only
    /// recorded in the report; a claim that does not count is what must not pass unseen.
    public var claimingOtherwise: [Int] { dissenting.filter { marks[$0]!.applies } }

    func agrees(_ mark: Mark) -> Bool {
        switch subject {
        case .bonus: return mark == ruling
        case .deduction: return mark.applies == ruling.applies
        }
    }

    /// "将加分项“企业质量荣誉”标为“国家级质量荣誉”（加5分）" (an expert's mark) or
    /// "为“省级质量荣誉”（加3分）" (the ruling).
    public func describe(_ mark: Mark, rubric: Rubric, expert: Bool) -> String {
        switch subject {
        case .bonus(let id):
            let name = rubric.bonus.category(id)?.name ?? id
            let level = mark.level.flatMap { rubric.bonus.category(id)?.level($0)?.name } ?? mark.level
            let value = level.map { "“\($0)”（加\(mark.points)分）" } ?? "无（不加分）"
            return expert ? "将加分项“\(name)”标为\(value)" : "为\(value)"
        case .deduction(let id):
            let text = rubric.deductions.condition(id).map { $0.text.trimmingCharacters(in: ["；", "。"]) } ?? id
            let value = mark.applies ? "有此情形（减\(mark.points)分）" : "无此情形（不减分）"
            return expert ? "对减分项“\(text)”标为\(value)" : "为\(value)"
        }
    }
}

extension ScoringEngine {
    /// Every bonus category and deduction condition of the rubric: the panel's ruling and what
    /// each expert's sheet marks.
    public func adjustmentOpinions(_ panel: Panel) -> [AdjustmentOpinion] {
        let ruling = adjust(panel.adjustments)
        let own = panel.experts.map { adjust($0.adjustments) }
        var opinions: [AdjustmentOpinion] = []
        for (k, line) in ruling.bonusLines.enumerated() {
            var marks: [Int: AdjustmentOpinion.Mark] = [:]
            for (i, sheet) in panel.experts.enumerated() where sheet.adjustments.honours[line.category] != nil {
                let l = own[i].bonusLines[k]
                marks[i] = .init(level: l.level, applies: l.level != nil, points: l.points)
            }
            opinions.append(.init(subject: .bonus(line.category),
                                  ruling: .init(level: line.level, applies: line.level != nil, points: line.points), marks: marks))
        }
        for (k, line) in ruling.deductionLines.enumerated() {
            var marks: [Int: AdjustmentOpinion.Mark] = [:]
            for (i, sheet) in panel.experts.enumerated() where sheet.adjustments.incidents[line.condition] != nil {
                let l = own[i].deductionLines[k]
                marks[i] = .init(level: nil, applies: l.applies, points: l.points)
            }
            opinions.append(.init(subject: .deduction(line.condition),
                                  ruling: .init(level: nil, applies: line.applies, points: line.points), marks: marks))
        }
        return opinions
    }
}

extension Panel {
    /// Whether `name` is the panel's leader, compared as identities (NameText.identityKey).
    public func isLeader(_ name: String?) -> Bool {
        guard let leader, let name else { return false }
        return NameText.identityKey(leader) == NameText.identityKey(name)
    }
}

extension PilotProfile {
    /// The approval date `yrdq init` writes into a new profile: a value no pilot has, so that
    /// a profile whose date was never filled in is flagged rather than taken for a real one.
    public static let placeholderApproval = CivilDate(year: 1900, month: 1, day: 1)!
}
