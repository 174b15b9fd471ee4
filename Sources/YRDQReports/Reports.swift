import YRDQCore
import YRDQDocument

/// The placeholder a report prints where the profile lacks a narrative.
public let missingText = "（待补充）"

/// Builds the four documents from scoring results through the templates.
/// It reads results; it computes no score (the engine did).
public struct ReportBuilder: Sendable {
    public let rubric: Rubric
    public let templates: TemplateSet
    /// A seal image supplied by the user (PNG), drawn over signatures; none by default.
    public var seal: String?
    let engine: ScoringEngine

    public init(rubric: Rubric, templates: TemplateSet, seal: String? = nil) {
        self.rubric = rubric; self.templates = templates; self.seal = seal
        self.engine = ScoringEngine(rubric: rubric)
    }

    /// A built document and what the user should know about it.
    public struct Output {
        public var document: Document
        public var warnings: [String]
    }

    static func date(_ d: CivilDate?) -> DocumentDate? { d.map { DocumentDate(year: $0.year, month: $0.month, day: $0.day) } }

    func metadata(_ title: String, author: String, date: CivilDate?, kind: String, pilot: PilotProfile?) -> Metadata {
        Metadata(title: title, author: author, subject: rubric.title,
                 keywords: ["长三角质量提升示范试点", pilot?.name, pilot?.region].compactMap { $0 },
                 date: Self.date(date), kind: kind)
    }

    // MARK: 评分表

    /// The official score table, blank or filled from a sheet.
    public func scoreTable(_ sheet: ScoreSheet?, _ result: SheetResult?) throws -> Output {
        let table = ScoreTable(rubric: rubric).table(result, facts: sheet?.adjustments)
        let context: [String: Any] = [
            "title": rubric.appendixTitle,
            "filled": result != nil,
            "pilot": sheet?.pilot?.name ?? "",
            "assessor": sheet?.assessor?.name ?? "",
            "organization": sheet?.assessor?.organization ?? "",
            "date": sheet?.date?.chinese ?? "",
        ]
        let doc = try templates.document("score-table", context: context, tables: ["score-table": table],
                                         metadata: metadata(rubric.appendixTitle, author: sheet?.assessor?.organization ?? sheet?.pilot?.lead ?? "",
                                                            date: sheet?.date, kind: "table", pilot: sheet?.pilot), seal: seal)
        return Output(document: doc, warnings: [])
    }

    // MARK: 专家评分汇总表

    public func summary(_ panel: Panel, _ result: PanelResult) throws -> Output {
        let table = SummaryTable(rubric: rubric).table(result)
        let context: [String: Any] = [
            "pilot": panel.pilot?.name ?? "",
            "province": panel.province ?? "",
            "date": panel.date?.chinese ?? "",
            "aggregation": result.aggregation.chinese,
            "trimmed": result.aggregation == .trimmed,
            "divergent": result.divergent.isEmpty ? "" : "第" + result.divergent.map(String.init).joined(separator: "、") + "项",
            "leader": panel.leader ?? "",
        ]
        let doc = try templates.document("summary", context: context, tables: ["summary": table],
                                         metadata: metadata("专家评分汇总表", author: panel.bureau ?? panel.province ?? "",
                                                            date: panel.date, kind: "summary", pilot: panel.pilot),
                                         orientation: .landscape, seal: seal)
        return Output(document: doc, warnings: [])
    }
}

/// Items that lost points, with the criteria not met and the assessor's note.
struct LostPoints {
    struct Entry {
        var number: Int
        var text: String
    }

    static func entries(rubric: Rubric, sheet: ScoreSheet, result: SheetResult) -> [Entry] {
        rubric.items.compactMap { item in
            let score = result.items[item.number] ?? .zero
            guard score < item.points, let indicator = rubric.indicator(ofItem: item.number),
                  let group = rubric.group(ofItem: item.number) else { return nil }
            let scored = sheet.items[item.number]
            var text = "第\(item.number)项（\(indicator.name)—\(group.name)）得\(score)分，满分\(item.points)分，扣\(item.points - score)分。"
            if let criteria = scored?.criteria {
                let unmet = zip(item.criteria, criteria).filter { $0.1 < $0.0.points }
                    .map { "“\($0.0.text)”（\($0.1)/\($0.0.points)分）" }
                if !unmet.isEmpty { text += "未完全达到：\(unmet.joined(separator: "；"))。" }
            } else if item.criteria.count == 1 {
                text += "评分标准：“\(item.criteria[0].text)”。"
            } else {
                text += "评分标准：" + item.criteria.map { "“\($0.text)”（\($0.points)分）" }.joined(separator: "；") + "。"
            }
            if let note = scored?.note, !note.isEmpty { text += "说明：\(note)" }
            return Entry(number: item.number, text: text)
        }
    }
}
