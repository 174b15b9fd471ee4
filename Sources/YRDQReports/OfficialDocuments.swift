import YRDQCore
import YRDQDocument

/// The official documents (公文, GB/T 9704 §7) around an evaluation: the lead bureau's 请示 for
/// the provincial evaluation (guide 六（一）), the provincial bureau's 决定 designating pilots above
/// 80 and its 通知 suspending the pilot title below 70 (guide 七（三）). Each is refused, with the
/// total and the rule, when the scoring core's decision does not call for it.
extension ReportBuilder {
    /// 版头 and 版记 from an issuer's details; the 版记 dated `printed`, or the document's date.
    static func officialParts(_ issuer: IssuerDetails, date: CivilDate, upward: Bool) -> (Masthead, Colophon) {
        (Masthead(mark: issuer.mark, number: issuer.number, signatories: upward ? issuer.signatories : []),
         Colophon(copies: issuer.copies, printer: issuer.printer, printed: (issuer.printed ?? date).chinese))
    }

    static func missingIssuer(_ file: String?, owner: String, document: String) -> InputErrors {
        InputErrors([Diagnostic(file: file, "\(owner)没有发文信息（issuer），生成\(document)需要：mark（发文机关标志）、number（发文字号）、"
                                + (document == "请示" ? "signatory（签发人）、" : "") + "addressee（主送机关）、printer（印发机关）")])
    }

    /// 请示: the lead bureau asks the provincial bureau for the provincial evaluation; only at 80 or more.
    public func application(_ sheet: ScoreSheet, _ result: SheetResult) throws -> Output {
        guard let pilot = sheet.pilot else { throw InputErrors([Diagnostic(file: sheet.source, "请示需要试点档案（评分表中的 pilot）")]) }
        let decision = engine.selfAssessmentDecision(total: result.total)
        guard decision == .eligible else {
            throw InputErrors([Diagnostic(file: sheet.source, "不能生成申请省级评估的请示：\(engine.explanation(decision, total: result.total))")])
        }
        guard let issuer = pilot.issuer else { throw Self.missingIssuer(pilot.source ?? sheet.source, owner: "试点档案", document: "请示") }
        guard let date = issuer.date ?? sheet.date else {
            throw InputErrors([Diagnostic(file: pilot.source ?? sheet.source, "请示没有成文日期：试点档案的 issuer 中写 date，或在评分表中写评估日期（date）")])
        }
        var warnings: [String] = []
        let contact = pilot.contacts.first
        if contact == nil { warnings.append("试点档案没有联系人（contacts），请示的附注（联系人、电话）从略") }
        let t = rubric.thresholds.apply
        let context: [String: Any] = [
            "pilot": pilot.name, "region": pilot.region, "lead": pilot.lead, "approved": pilot.approved.chinese,
            "cycleEnd": pilot.approved.adding(months: rubric.constructionCycleMonths).chinese,
            "participantCount": String(pilot.participants.count),
            "addressee": issuer.addressees.joined(separator: "、"),
            "guide": rubric.title, "document": rubric.documentNumber, "source": t.source, "rule": ScoringEngine.quote(t.rule),
            "threshold": t.points.description,
            "base": result.base.description, "bonus": result.bonus.description, "deduction": result.deduction.description,
            "total": result.total.fixed2, "date": date.chinese,
            "contact": contact?.name ?? "", "phone": contact?.phone ?? "",
        ]
        var doc = try templates.document("application", context: context, tables: [:],
                                         metadata: metadata("\(pilot.lead)关于申请对\(pilot.name)开展省级评估的请示", author: pilot.lead,
                                                            date: date, kind: "application", pilot: pilot), seal: seal)
        (doc.masthead, doc.colophon) = Self.officialParts(issuer, date: date, upward: true)
        return Output(document: doc, warnings: warnings)
    }

    /// The issuer shared by the panels of one 决定 or 通知: every panel file that gives one gives the same.
    func sharedIssuer(_ panels: [(Panel, PanelResult)], document: String) throws -> IssuerDetails {
        let given = panels.compactMap { p in p.0.issuer.map { (p.0.source, $0) } }
        guard let first = given.first else {
            throw Self.missingIssuer(panels.first?.0.source, owner: "专家组文件", document: document)
        }
        let differing = given.filter { $0.1 != first.1 }
        if !differing.isEmpty {
            throw InputErrors(differing.map { Diagnostic(file: $0.0, "发文信息（issuer）与 \(first.0) 的不同：一份\(document)只有一个版头和版记，各专家组文件的 issuer 应相同（或只在一个文件中给出）") })
        }
        return first.1
    }

    /// One row per pilot of a 决定's or 通知's list: the pilot, its lead bureau, its total and, on a
    /// 决定 given the register, the certificate's serial (kept on one line: the columns make room).
    func pilotRows(_ panels: [(Panel, PanelResult)], serials: [String?]?) -> Table {
        var header = ["序号", "试点名称", "牵头单位", "评估总分"]
        if serials != nil { header.append("证书编号") }
        let rows: [[Table.Cell]] = panels.enumerated().map { i, p in
            var row = [Table.Cell(String(i + 1), alignment: .center), Table.Cell(p.0.pilot?.name ?? ""),
                       Table.Cell(p.0.pilot?.lead ?? ""), Table.Cell(p.1.total.fixed2, alignment: .center)]
            if let serials { row.append(Table.Cell(serials[i] ?? "—", alignment: .center)) }
            return row
        }
        let columns: [Table.Column] = serials == nil
            ? [.init(width: 0.8, alignment: .center), .init(width: 4.6), .init(width: 3.2), .init(width: 1.6, alignment: .center)]
            : [.init(width: 0.7, alignment: .center), .init(width: 3.2), .init(width: 2.2), .init(width: 1.3, alignment: .center),
               .init(width: 4.0, alignment: .center)]
        return Table(columns: columns, header: [header.map { Table.Cell($0, alignment: .center, emphasis: true) }], rows: rows)
    }

    /// The common context of a 决定 and a 通知.
    func provincialContext(_ panels: [(Panel, PanelResult)], issuer: IssuerDetails, date: CivilDate, threshold: Threshold) -> [String: Any] {
        let names = panels.compactMap { $0.0.pilot?.name }
        let bureau = panels.first.flatMap { $0.0.bureau ?? $0.0.province.map { "\($0)市场监督管理局" } } ?? ""
        let pilots: [[String: Any]] = panels.map { p in
            ["name": p.0.pilot?.name ?? "", "total": p.1.total.fixed2,
             "materialReview": p.0.materialReview?.chinese ?? "", "siteReview": p.0.siteReview?.chinese ?? "",
             "experts": String(p.0.experts.count)]
        }
        return [
            "bureau": bureau, "addressee": issuer.addressees.joined(separator: "、"),
            "guide": rubric.title, "document": rubric.documentNumber,
            "source": threshold.source, "rule": ScoringEngine.quote(threshold.rule), "threshold": threshold.points.description,
            "designation": rubric.designationTitle, "pilotTitle": rubric.pilotTitle,
            "pilots": pilots, "several": panels.count > 1, "count": String(panels.count),
            "names": names.joined(separator: "、"), "subject": panels.count > 1 ? "\(names[0])等\(panels.count)个试点" : (names.first ?? ""),
            "date": date.chinese,
        ]
    }

    /// The 成文日期 of a 决定 or 通知: the issuer's date, or the latest panel date.
    func provincialDate(_ panels: [(Panel, PanelResult)], issuer: IssuerDetails, document: String) throws -> CivilDate {
        if let d = issuer.date { return d }
        guard let d = panels.compactMap({ $0.0.date }).max() else {
            throw InputErrors([Diagnostic(file: panels.first?.0.source, "\(document)没有成文日期：在 issuer 中写 date，或写专家组文件的评估日期（date）")])
        }
        return d
    }

    func refuse(_ panels: [(Panel, PanelResult)], unless wanted: PanelDecision, document: String) throws {
        let wrong = panels.filter { $0.1.decision != wanted }
        if !wrong.isEmpty {
            throw InputErrors(wrong.map { p in
                Diagnostic(file: p.0.source, "不能列入\(document)：\(p.0.pilot?.name ?? "该试点")\(engine.explanation(p.1.decision, total: p.1.total))")
            })
        }
    }

    /// 决定: the provincial bureau designates the pilots whose totals are above 80; `serials[i]` is
    /// the register's certificate serial for panel i, when the register has one (nil: no register given).
    public func decision(_ panels: [(Panel, PanelResult)], serials: [String?]? = nil) throws -> Output {
        guard !panels.isEmpty else { throw InputErrors([Diagnostic(.error, "决定至少需要一个专家组文件")]) }
        try refuse(panels, unless: .designate, document: "授予称号的决定")
        let issuer = try sharedIssuer(panels, document: "决定")
        let date = try provincialDate(panels, issuer: issuer, document: "决定")
        var context = provincialContext(panels, issuer: issuer, date: date, threshold: rubric.thresholds.designate)
        context["withSerials"] = serials != nil
        let subject = context["subject"] as! String
        var doc = try templates.document("decision", context: context, tables: ["pilots": pilotRows(panels, serials: serials)],
                                         metadata: metadata("关于授予\(subject)“\(rubric.designationTitle)”称号的决定",
                                                            author: context["bureau"] as! String, date: date, kind: "decision",
                                                            pilot: panels.count == 1 ? panels[0].0.pilot : nil), seal: seal)
        (doc.masthead, doc.colophon) = Self.officialParts(issuer, date: date, upward: false)
        return Output(document: doc, warnings: [])
    }

    /// 通知: the provincial bureau suspends the pilot title of the pilots whose totals are below 70.
    public func notice(_ panels: [(Panel, PanelResult)]) throws -> Output {
        guard !panels.isEmpty else { throw InputErrors([Diagnostic(.error, "通知至少需要一个专家组文件")]) }
        try refuse(panels, unless: .suspend, document: "暂停称号的通知")
        let issuer = try sharedIssuer(panels, document: "通知")
        let date = try provincialDate(panels, issuer: issuer, document: "通知")
        var context = provincialContext(panels, issuer: issuer, date: date, threshold: rubric.thresholds.suspend)
        let recommendations = panels.flatMap { $0.0.recommendations }
        // Numbered under "一、" as the next level down (GB/T 9704 7.3.3: 一、（一）1.（1）).
        context["hasRecommendations"] = !recommendations.isEmpty
        context["recommendations"] = recommendations.enumerated().map { "（\(chineseNumeral($0.offset + 1))）\($0.element)" }
        let subject = context["subject"] as! String
        var doc = try templates.document("notice", context: context, tables: ["pilots": pilotRows(panels, serials: nil)],
                                         metadata: metadata("关于暂停\(subject)“\(rubric.pilotTitle)”称号的通知",
                                                            author: context["bureau"] as! String, date: date, kind: "notice",
                                                            pilot: panels.count == 1 ? panels[0].0.pilot : nil), seal: seal)
        (doc.masthead, doc.colophon) = Self.officialParts(issuer, date: date, upward: false)
        return Output(document: doc, warnings: [])
    }
}
