import YRDQCore

/// The results as JSON (`score --json`, `panel --json`): the command line prints them, a
/// server returns the same text. It formats; it computes nothing but what the scoring core says.
public enum ResultJSON {
    /// A sheet's result, scored by the rubric's engine.
    public static func sheet(_ sheet: ScoreSheet, rubric: Rubric) -> JSON {
        let engine = ScoringEngine(rubric: rubric)
        let result = engine.score(sheet)
        return self.sheet(result, decision: engine.selfAssessmentDecision(total: result.total), rubric: rubric)
    }

    public static func sheet(_ r: SheetResult, decision: SelfAssessmentDecision, rubric: Rubric) -> JSON {
        .object([
            ("base", .points(r.base)), ("bonus", .points(r.bonus)), ("deduction", .points(r.deduction)),
            ("total", .points(r.total)), ("decision", .string(decision.rawValue)),
            ("indicators", .array(r.indicators.map(indicator))),
            ("items", .object(rubric.items.map { (String($0.number), .points(r.items[$0.number] ?? .zero)) })),
        ])
    }

    static func indicator(_ i: IndicatorScore) -> JSON {
        .object([("id", .int(i.index)), ("name", .string(i.name)), ("score", .points(i.score)), ("max", .points(i.max))])
    }

    /// A panel's result, scored by the rubric's engine.
    public static func panel(_ panel: Panel, rubric: Rubric) -> JSON {
        self.panel(ScoringEngine(rubric: rubric).score(panel), rubric: rubric)
    }

    public static func panel(_ p: PanelResult, rubric: Rubric) -> JSON {
        .object([
            ("experts", .array(p.experts.map { e in
                .object([("name", .string(e.name)), ("organization", .string(e.organization)),
                         ("base", .points(e.result.base)), ("dropped", .bool(e.dropped))])
            })),
            ("aggregation", .string(p.aggregation.rawValue)),
            ("base", .points(p.base)), ("bonus", .points(p.bonus)), ("deduction", .points(p.deduction)),
            ("total", .points(p.total)), ("decision", .string(p.decision.rawValue)),
            ("divergent", .array(p.divergent.map(JSON.int))),
            ("indicators", .array(p.indicators.map(indicator))),
            ("items", .object(rubric.items.map { (String($0.number), .points(p.itemMeans[$0.number] ?? .zero)) })),
        ])
    }
}
