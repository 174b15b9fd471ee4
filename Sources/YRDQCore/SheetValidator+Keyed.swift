import Foundation

/// The rules for a sheet written as keys and values (YAML): the same rules as for a table,
/// worded for keys (`items`, 项目编号) where the table's words (序号) would not fit.
extension SheetValidator {
    /// The problems of one file, in the order they were found, at most `maximumDiagnostics`
    /// and then one line saying so.
    public struct Report: Sendable {
        public let file: String
        public private(set) var diagnostics: [Diagnostic] = []
        public init(file: String) { self.file = file }

        public mutating func add(_ found: [Diagnostic], item: Int? = nil) {
            for var d in found {
                guard diagnostics.count < maximumDiagnostics else { return }
                if let item, d.item == nil { d.item = item }
                diagnostics.append(d)
                if diagnostics.count == maximumDiagnostics {
                    diagnostics.append(Diagnostic(file: file, "问题过多，只列出前 \(maximumDiagnostics) 个"))
                }
            }
        }
        public mutating func error(_ place: SheetDraft.Place?, item: Int? = nil, kind: Diagnostic.Kind = .unspecified, _ message: String) {
            add([Diagnostic(file: file, line: place?.line, column: place?.column, cell: place?.cell, item: item, kind: kind, message)])
        }
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    static func validateKeyed(_ keyed: SheetDraft.Keyed, source path: String, rubric: Rubric,
                              profile: (String) throws(InputErrors) -> PilotProfile,
                              requirements: (ScoreSheet) -> [Diagnostic],
                              warnings: ([Diagnostic]) -> Void, unscoredAllowed: Bool) throws(InputErrors) -> ScoreSheet {
        var report = Report(file: path)
        var external: [Diagnostic] = []
        report.add(keyed.problems)
        let pilot = keyed.pilot.flatMap { self.pilot($0, besides: path, profile: profile, &report, external: &external) }
        let assessor = keyed.assessor.flatMap { assessorEntry($0, rubric: rubric, &report) }
        var date: CivilDate? = nil
        if let field = keyed.date { date = parsedDate(field, "评估日期（date）", &report) }
        var items: [Int: ItemScore] = [:]
        if let given = keyed.items {
            items = itemEntries(given, rubric: rubric, &report)
        } else {
            report.error(keyed.place, "评分表缺少 items（第1至\(rubric.items.count)项的得分）")
        }
        let adjustments = self.adjustments(keyed.adjustments, rubric: rubric, &report)
        for (_, message) in PanelChecks.honoursAfter(date, adjustments, rubric: rubric) {
            report.error(keyed.adjustments.bonusPlace, kind: .honour, message)
        }
        let sheet = ScoreSheet(source: path, pilot: pilot, assessor: assessor, date: date, items: items, adjustments: adjustments)
        // Items without a score (missing, or with an empty value): left out when allowed.
        let all = (report.diagnostics + external + requirements(sheet)).filter { !(unscoredAllowed && $0.kind == .missingScore) }
        if all.contains(where: { $0.severity == .error }) { throw InputErrors(all) }
        warnings(all)
        return sheet
    }

    /// The profile a sheet or a panel file names: a path, relative to the file, or one written
    /// inline. A named profile's own problems go to `external`, after the file's.
    public static func pilot(_ given: SheetDraft.Pilot, besides path: String,
                             profile: (String) throws(InputErrors) -> PilotProfile,
                             _ report: inout Report, external: inout [Diagnostic]) -> PilotProfile? {
        switch given {
        case .path(let field):
            report.add(field.problems)
            guard let value = field.value else { return nil }
            if value.text.allSatisfy(\.isWhitespace) {
                report.error(value.place, "试点档案路径（pilot）不能为空（应为试点档案文件的路径，如 pilot.yaml，或直接写出档案内容）")
                return nil
            }
            switch pilotProfile(value.text, besides: path, profile: profile) {
            case .success(let p): return p
            case .failure(.missing(let message)): report.error(value.place, kind: .pilot, message)
            case .failure(.broken(let found)): external += found
            }
            return nil
        case .inline(let field):
            report.add(field.problems)
            return field.value
        }
    }

    // MARK: Rules shared with the table formats

    enum ProfileProblem: Error { case missing(String), broken([Diagnostic]) }

    /// The profile a sheet names by a path relative to the sheet.
    static func pilotProfile(_ relative: String, besides file: String,
                             profile: (String) throws(InputErrors) -> PilotProfile) -> Result<PilotProfile, ProfileProblem> {
        let p = resolve(relative, besides: file)
        do throws(InputErrors) { return .success(try profile(p)) } catch {
            if error.diagnostics.first?.message == "文件不存在" {
                return .failure(.missing("试点档案“\(quote(relative))”不存在（路径相对于本文件所在目录：\(p)）"))
            }
            return .failure(.broken(error.diagnostics))
        }
    }

    /// What is wrong with an assessor's 所属方面, if anything.
    static func expertKindProblem(_ kind: String, rubric: Rubric) -> String? {
        if rubric.panel.expertKinds.isEmpty || rubric.panel.expertKinds.contains(kind) { return nil }
        return "评估人所属方面“\(quote(kind))”不在指南所列范围内（允许：\(rubric.panel.expertKinds.joined(separator: "、"))）"
    }

    /// What is wrong with an assessor's name (`what` 评估人姓名) or unit (评估人单位): a bidi
    /// override or an invisible character would make one expert's name display as another's.
    static func assessorNameProblem(_ text: String, _ what: String) -> String? {
        NameText.problem(text).map { "\(what)\($0)" }
    }

    // MARK: Parts of a keyed sheet

    static func assessorEntry(_ entry: SheetDraft.AssessorEntry, rubric: Rubric, _ report: inout Report) -> Assessor? {
        report.add(entry.problems)
        guard entry.valid else { return nil }
        report.add(entry.name?.problems ?? [])
        guard let name = entry.name?.value, !NameText.cleaned(name.text).isEmpty else {
            report.error(entry.place, kind: .assessor, "评估人缺少姓名（name）")
            return nil
        }
        report.add(entry.organization?.problems ?? [])
        guard let org = entry.organization?.value else {
            report.error(entry.place, kind: .assessor, "评估人缺少单位（organization）")
            return nil
        }
        var clean = true
        for (value, what) in [(name, "评估人姓名"), (org, "评估人单位")] {
            if let problem = assessorNameProblem(value.text, what) { report.error(value.place, kind: .assessor, problem); clean = false }
        }
        if !clean { return nil }
        var kind: String? = nil
        if let field = entry.kind {
            report.add(field.problems)
            if let value = field.value {
                if let problem = expertKindProblem(value.text, rubric: rubric) { report.error(value.place, kind: .assessor, problem) }
                else { kind = value.text }
            }
        }
        return Assessor(name: NameText.cleaned(name.text), organization: NameText.cleaned(org.text), kind: kind)
    }

    static func parsedDate(_ field: SheetDraft.Field<SheetDraft.Value>, _ what: String, _ report: inout Report) -> CivilDate? {
        report.add(field.problems)
        guard let value = field.value else { return nil }
        switch CivilDate.parse(value.text) {
        case .success(let date): return date
        case .failure(let problem):
            report.error(value.place, kind: .date, "\(what)“\(quote(value.text))”\(problem.message)")
            return nil
        }
    }

    static func itemEntries(_ given: SheetDraft.Items, rubric: Rubric, _ report: inout Report) -> [Int: ItemScore] {
        report.add(given.problems)
        guard given.valid else { return [:] }
        var result: [Int: ItemScore] = [:]
        var empty: [Int] = []
        let count = rubric.items.count
        // The key that first gave each item: a second key for the same item is a duplicate,
        // however it is spelled (`3` and `03`), and never replaces the first.
        var first: [Int: SheetDraft.Value] = [:]
        for entry in given.entries {
            let key = entry.key
            let reading = NumberKey.read(key.text)
            let number: Int
            switch reading {
            case .canonical(let n), .variant(let n): number = n
            case .notANumber: number = 0
            }
            guard let item = rubric.item(number) else {
                report.error(key.place, kind: .unknownEntry, "未知的项目编号“\(quote(key.text))”（应为 1 至 \(count) 的整数）")
                continue
            }
            if let earlier = first[number] {
                report.error(key.place, item: number, kind: .duplicate, "项目编号“\(quote(key.text))”与第\(earlier.place.line ?? 0)行的“\(quote(earlier.text))”是同一项（每一项只能填写一次）")
                continue
            }
            first[number] = key
            if reading != .canonical(number) {
                report.error(key.place, item: number, kind: .misspelledNumber, "项目编号“\(quote(key.text))”应写作“\(number)”（项目编号只写 1 至 \(count) 的整数，不带前导零、正负号、空格或小数点）")
                continue
            }
            if case .empty = entry.value { empty.append(number); continue }
            if let score = itemValue(entry.value, item, &report) { result[number] = score }
        }
        let missing = rubric.items.map(\.number).filter { first[$0] == nil }
        if !missing.isEmpty {
            report.error(given.place, kind: .missingScore, "缺少第\(ranges(missing))项的得分（每一项都须填写；未得分请填 0）")
        }
        if !empty.isEmpty {
            report.error(given.place, kind: .missingScore, "第\(ranges(empty.sorted()))项没有填写得分（未得分请填 0）")
        }
        return result
    }

    /// A score as typed (`what` names it in the message), reported at its place.
    static func points(_ field: SheetDraft.Field<SheetDraft.Value>, _ what: String, item: Int, max: Points, _ report: inout Report) -> Points? {
        report.add(field.problems, item: item)
        guard let value = field.value else { return nil }
        switch score(value.text, max: max) {
        case .failure(let problem):
            report.error(value.place, item: item, kind: problem.kind, what + problem.text)
            return nil
        case .success(let p): return p
        }
    }

    static func itemValue(_ value: SheetDraft.ItemValue, _ item: Rubric.Item, _ report: inout Report) -> ItemScore? {
        let n = item.number
        switch value {
        case .empty: return nil
        case .invalid(let problems):
            report.add(problems, item: n)
            return nil
        case .score(let v):
            return points(SheetDraft.Field(v), "得分", item: n, max: item.points, &report).map { ItemScore(score: $0) }
        case .detailed(let detail):
            report.add(detail.problems, item: n)
            report.add(detail.note.problems, item: n)
            report.add(detail.evidence.problems, item: n)
            var criteria: [Points]? = nil
            var failed = false
            if let field = detail.criteria {
                report.add(field.problems, item: n)
                if let list = field.value {
                    if list.count != item.criteria.count {
                        report.error(detail.criteriaPlace, item: n, kind: .criteriaCount,
                                     "评分标准得分有 \(list.count) 个，但该项有 \(item.criteria.count) 条评分标准（\(item.criteria.map(\.points.description).joined(separator: "/")) 分），应逐条给分")
                        failed = true
                    } else {
                        var scores: [Points] = []
                        for (i, c) in list.enumerated() {
                            if let p = points(c, "第\(i + 1)条评分标准的得分", item: n, max: item.criteria[i].points, &report) { scores.append(p) }
                            else { failed = true }
                        }
                        if !failed { criteria = scores }
                    }
                } else { failed = true }
            }
            var score: Points? = nil
            if let field = detail.score {
                score = points(field, "得分", item: n, max: item.points, &report)
                if score == nil { failed = true }
            }
            if failed { return nil }
            if let criteria {
                let sum = criteria.reduce(Points.zero, +)
                if let s = score, s != sum {
                    report.error(detail.score?.value?.place, item: n, "得分 \(s) 与各条评分标准得分之和 \(sum) 不一致")
                    return nil
                }
                score = sum
            }
            guard let score else {
                report.error(detail.place, item: n, "没有得分：请给出 score（该项得分）或 criteria（逐条得分）")
                return nil
            }
            return ItemScore(score: score, criteria: criteria, note: detail.note.value, evidence: detail.evidence.value ?? [])
        }
    }

    /// Bonus and deductions as keys (a sheet's or a panel file's).
    public static func adjustments(_ given: SheetDraft.Adjustments, rubric: Rubric, _ report: inout Report) -> Adjustments {
        var result = Adjustments()
        let categories = rubric.bonus.categories
        if let bonus = given.bonus {
            report.add(bonus.problems)
            for entry in bonus.value ?? [] {
                guard let category = rubric.bonus.category(entry.key.text) else {
                    report.error(entry.key.place, kind: .unknownEntry, "未知的加分类别“\(quote(entry.key.text))”（允许：\(categories.map { "\($0.id)（\($0.name)）" }.joined(separator: "、"))）")
                    continue
                }
                var list: [HonourClaim] = []
                for c in entry.claims {
                    if let claim = self.claim(c, category, &report) { list.append(claim) }
                }
                result.honours[category.id] = list.filter { $0.level != BonusRules.noneLevel }
                if let line = entry.key.place.line { result.lines[category.id] = line }
            }
        }
        if let deductions = given.deductions {
            report.add(deductions.problems)
            for entry in deductions.value ?? [] {
                guard let condition = rubric.deductions.condition(entry.key.text) else {
                    report.error(entry.key.place, kind: .unknownEntry, "未知的减分条件“\(quote(entry.key.text))”（允许：\(rubric.deductions.conditions.map(\.id).joined(separator: "、"))）")
                    continue
                }
                if let line = entry.key.place.line { result.lines[condition.id] = line }
                switch entry.value {
                case .count(let v, let count):
                    // Only the plain decimal form is a count, as item keys: `01` or `+1` beside a 1 is an error.
                    if count < 0 { report.error(v.place, kind: .deduction, "减分条件“\(condition.id)”的事件数不能为负数") }
                    else if NumberKey.canonical(v.text) != count {
                        report.error(v.place, kind: .deduction, "减分条件“\(condition.id)”的事件数“\(quote(v.text))”应写作“\(count)”（不带前导零或正负号）")
                    }
                    else { result.incidents[condition.id] = count }
                case .flag(let b): result.incidents[condition.id] = b ? 1 : 0
                case .invalid(let problems): report.add(problems)
                }
            }
        }
        // Grounds for what the rubric knows: one given for an unknown category or condition
        // (a typo) would reach no document, so it is an error naming the key.
        let known: [(SheetDraft.Field<[SheetDraft.GroundsEntry]>?, String, [String])] = [
            (given.bonusGrounds, "加分依据（bonus-grounds）", categories.map(\.id)),
            (given.deductionGrounds, "减分依据（deduction-grounds）", rubric.deductions.conditions.map(\.id)),
        ]
        for (grounds, what, ids) in known {
            guard let grounds else { continue }
            report.add(grounds.problems)
            for entry in grounds.value ?? [] {
                guard ids.contains(entry.key.text) else {
                    report.error(entry.key.place, "\(what)中有未知的键“\(quote(entry.key.text))”（允许：\(ids.joined(separator: "、"))）")
                    continue
                }
                report.add(entry.text.problems)
                if let s = entry.text.value { result.grounds[entry.key.text] = s }
            }
        }
        return result
    }

    static func claim(_ claim: SheetDraft.Claim, _ category: BonusRules.Category, _ report: inout Report) -> HonourClaim? {
        report.add(claim.problems)
        guard claim.valid else { return nil }
        report.add(claim.title.problems)
        let date = claim.date.flatMap { parsedDate($0, "荣誉取得日期", &report) }
        report.add(claim.level.problems)
        guard let level = claim.level.value else { return HonourClaim(level: BonusRules.noneLevel) }
        let raw = level.text
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        let id = SheetLayout.levelAliases[trimmed] ?? trimmed
        guard id == BonusRules.noneLevel || category.level(id) != nil else {
            let allowed = [BonusRules.noneLevel] + category.levels.map(\.id)
            report.error(level.place, kind: .unknownLevel, "加分项“\(category.name)”的等级“\(quote(raw))”无效（允许：\(allowed.joined(separator: " | "))）")
            return nil
        }
        return HonourClaim(level: id, title: claim.title.value, date: date)
    }
}
