import Foundation

/// The one set of rules a score sheet's table is checked by, whatever format it came in
/// (CSV, XLSX, YAML): a draft in, a sheet or every problem out, each at the place it was found.
public enum SheetValidator {
    /// The most problems listed for one sheet.
    public static let maximumDiagnostics = 200
    /// The most entries any one list in a sheet may have.
    public static let maximumListEntries = 1000

    /// Checks a draft. `profile` reads a pilot profile (by path) the sheet names; `requirements`
    /// adds what the caller needs of the sheet (an assessor, a profile) to the sheet's own
    /// problems, so that one run reports them all. `warnings` gets what a sheet that passes
    /// carries besides (a profile written inline warns about its placeholder date, say).
    /// `unscoredAllowed`: items without a score are left out of the sheet instead of refused (a
    /// sheet still being filled in, as the workspace imports one); every other rule holds.
    public static func validate(_ draft: SheetDraft, rubric: Rubric,
                                profile: (String) throws(InputErrors) -> PilotProfile,
                                requirements: (ScoreSheet) -> [Diagnostic] = { _ in [] },
                                warnings: ([Diagnostic]) -> Void = { _ in },
                                unscoredAllowed: Bool = false) throws(InputErrors) -> ScoreSheet {
        let path = draft.source
        if let keyed = draft.keyed {
            return try validateKeyed(keyed, source: path, rubric: rubric, profile: profile, requirements: requirements, warnings: warnings,
                                     unscoredAllowed: unscoredAllowed)
        }
        var d: [Diagnostic] = []
        func err(_ place: SheetDraft.Place?, _ item: Int? = nil, _ kind: Diagnostic.Kind, _ m: String) {
            if d.count < maximumDiagnostics {
                d.append(Diagnostic(file: path, line: place?.line, column: place?.column, cell: place?.cell, item: item, kind: kind, m))
            }
        }

        var meta: [String: SheetDraft.Value] = [:]
        var items: [Int: ItemScore] = [:]
        var adjustments = Adjustments()
        // Where each bonus category or deduction condition was given, for messages about it.
        var places: [String: SheetDraft.Place] = [:]
        // Where each row (by its 序号) was first given: every row appears once.
        var firstPlace: [String: SheetDraft.Place] = [:]
        var seen = Set<Int>()
        let bonusByNumeral = Dictionary(uniqueKeysWithValues: rubric.bonus.categories.map { ($0.numeral, $0) })
        let deductionPrefix = rubric.deductions.numeral + "-"
        for row in draft.rows {
            let rawNumber = row.number.text
            let number = rawNumber.trimmingCharacters(in: .whitespacesAndNewlines)
            let value = row.value.text, note = row.note.text
            let at = row.number.place
            if number == SheetLayout.totalLabel { continue }
            /// Whether this is the first row with this 序号 (a repeated one is reported).
            func once(_ key: String) -> Bool {
                if let first = firstPlace[key] {
                    err(at, nil, .duplicate, "序号“\(quote(key))”在表中出现了不止一次（\(describe(first))已有；每一行只能出现一次）")
                    return false
                }
                firstPlace[key] = at
                return true
            }
            if let key = SheetLayout.metaKey(number) {
                if once(number) { meta[key] = row.value }
                continue
            }
            if let category = bonusByNumeral[number] {
                guard once(number) else { continue }
                places[category.id] = at
                if let line = at.line { adjustments.lines[category.id] = line }
                let id = SheetLayout.levelAliases[value] ?? value
                if id == BonusRules.noneLevel {
                    let given = [note, row.date?.text ?? ""].filter { !$0.isEmpty }.joined(separator: "，")
                    if !given.isEmpty {
                        err(row.note.text.isEmpty ? row.date?.place : row.note.place, nil, .honour,
                            "加分项“\(category.name)”的等级为“无”，但说明中填写了“\(quote(given))”（获得荣誉请在得分栏填写等级；没有请清空说明）")
                    }
                    continue
                }
                if category.level(id) == nil {
                    err(row.value.place, nil, .unknownLevel, "加分项“\(category.name)”的等级“\(quote(value))”无效（允许：无 | 地市级 | 省级 | 国家级）")
                    continue
                }
                if let dateCell = row.date, !dateCell.text.isEmpty {
                    switch CivilDate.parse(dateCell.text) {
                    case .success(let date):
                        adjustments.honours[category.id, default: []].append(HonourClaim(level: id, title: note.isEmpty ? nil : note, date: date))
                    case .failure(let problem):
                        err(dateCell.place, nil, .honour, "加分项“\(category.name)”的取得日期“\(quote(dateCell.text))”\(problem.message)")
                    }
                    continue
                }
                switch honour(note) {
                case .success(let (title, date)):
                    adjustments.honours[category.id, default: []].append(HonourClaim(level: id, title: title, date: date))
                case .failure(let problem):
                    err(row.note.place, nil, .honour, "加分项“\(category.name)”的说明\(problem.message)")
                }
                continue
            }
            if number.hasPrefix(deductionPrefix) {
                let suffix = String(rawNumber.trimmingCharacters(in: .whitespaces).dropFirst(deductionPrefix.count))
                let reading = NumberKey.read(suffix)
                let k: Int?
                switch reading {
                case .canonical(let n), .variant(let n): k = (1...rubric.deductions.conditions.count).contains(n) ? n : nil
                case .notANumber: k = nil
                }
                if let k {
                    let key = deductionPrefix + String(k)
                    if reading != .canonical(k) {
                        err(at, nil, .misspelledNumber, "序号“\(quote(rawNumber))”应写作“\(key)”（序号不带前导零、正负号或空格）")
                        continue
                    }
                    guard once(key) else { continue }
                    let condition = rubric.deductions.conditions[k - 1]
                    places[condition.id] = at
                    if let line = at.line { adjustments.lines[condition.id] = line }
                    let word = value.lowercased()
                    if SheetLayout.yesWords.contains(word) { adjustments.incidents[condition.id] = 1 }
                    else if SheetLayout.noWords.contains(word) { adjustments.incidents[condition.id] = 0 }
                    else { err(row.value.place, nil, .deduction, "减分项“\(number)”应填“是”或“否”，实际为“\(quote(value))”") }
                    if !note.isEmpty { adjustments.grounds[condition.id] = note }
                    continue
                }
            }
            let reading = NumberKey.read(rawNumber)
            let n: Int
            switch reading {
            case .canonical(let v), .variant(let v): n = v
            case .notANumber: n = 0
            }
            guard let item = rubric.item(n) else {
                err(at, nil, .unknownEntry, "未知的序号“\(quote(number))”（应为 1 至 \(rubric.items.count)、加分项 \(rubric.bonus.categories.map(\.numeral).joined(separator: "/"))、减分项 \(rubric.deductions.numeral)-1 等）")
                continue
            }
            if !seen.insert(n).inserted { err(at, n, .duplicate, "该项在表中出现了不止一次"); continue }
            if reading != .canonical(n) {
                err(at, n, .misspelledNumber, "序号“\(quote(rawNumber))”应写作“\(n)”（序号只写 1 至 \(rubric.items.count) 的整数，不带前导零、正负号、空格或小数点）")
                continue
            }
            if value.isEmpty { continue }
            switch score(value, max: item.points) {
            case .failure(let problem):
                err(row.value.place, n, problem.kind, "得分\(problem.text)")
            case .success(let p):
                let evidence = row.evidence.text.split(whereSeparator: { "；;\n".contains($0) })
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if evidence.count > maximumListEntries {
                    err(row.evidence.place, n, .tooLarge, "证明材料有 \(evidence.count) 项，超过上限 \(maximumListEntries) 项（不像是手工填写的内容）")
                    continue
                }
                items[n] = ItemScore(score: p, note: note.isEmpty ? nil : note, evidence: evidence)
            }
        }
        let unscored = rubric.items.map(\.number).filter { n in items[n] == nil && !d.contains(where: { $0.item == n }) }
        if !unscored.isEmpty && !unscoredAllowed {
            err(nil, nil, .missingScore, "第\(ranges(unscored))项没有填写得分（每一项都须填写；未得分请填 0）")
        }
        var date: CivilDate? = nil
        if let v = meta["date"], !v.text.isEmpty {
            switch CivilDate.parse(v.text) {
            case .success(let parsed): date = parsed
            case .failure(let problem): err(v.place, nil, .date, "评估日期“\(quote(v.text))”\(problem.message)")
            }
        }
        for (category, message) in PanelChecks.honoursAfter(date, adjustments, rubric: rubric) {
            err(places[category], nil, .honour, message)
        }
        var assessor: Assessor? = nil
        if let nameValue = meta["assessor"], !nameValue.text.isEmpty {
            let name = nameValue.text
            let orgValue = meta["organization"] ?? SheetDraft.Value("", nameValue.place)
            let org = orgValue.text
            if org.isEmpty { err(nameValue.place, nil, .assessor, "填写了评估人，但缺少评估人单位") }
            let kind = meta["kind"]?.text ?? ""
            if !kind.isEmpty, let problem = expertKindProblem(kind, rubric: rubric) {
                err(meta["kind"]?.place, nil, .assessor, problem)
            }
            let nameProblem = assessorNameProblem(name, "评估人姓名"), orgProblem = assessorNameProblem(org, "评估人单位")
            if let nameProblem { err(nameValue.place, nil, .assessor, nameProblem) }
            if let orgProblem { err(orgValue.place, nil, .assessor, orgProblem) }
            if nameProblem == nil && orgProblem == nil {
                assessor = Assessor(name: NameText.cleaned(name), organization: NameText.cleaned(org), kind: kind.isEmpty ? nil : kind)
            }
        }
        var pilot: PilotProfile? = nil
        if let relValue = meta["pilot"], !relValue.text.isEmpty {
            switch pilotProfile(relValue.text, besides: path, profile: profile) {
            case .success(let p): pilot = p
            case .failure(.missing(let message)): err(relValue.place, nil, .pilot, message)
            case .failure(.broken(let found)): d += found
            }
        }
        let sheet = ScoreSheet(source: path, pilot: pilot, assessor: assessor, date: date, items: items, adjustments: adjustments)
        if !d.isEmpty { throw InputErrors(d + requirements(sheet)) }
        return sheet
    }

    /// "第12行" or "评分表!F12": where an earlier row was, in a message about a later one.
    static func describe(_ place: SheetDraft.Place) -> String {
        place.cell ?? "第\(place.line ?? 0)行"
    }

    // MARK: Rules every sheet format shares

    /// What is wrong with a score: the text after the word naming it ("得分", "第2条评分标准的得分").
    public struct ScoreProblem: Error, Sendable {
        public var kind: Diagnostic.Kind
        public var text: String
    }

    /// A score as typed, checked against the points it may reach (nil: no upper bound).
    public static func score(_ raw: String, max: Points?) -> Result<Points, ScoreProblem> {
        switch Points.parse(raw) {
        case .failure(let problem):
            return .failure(ScoreProblem(kind: .scoreNotANumber,
                text: "“\(quote(raw))”\(problem.message)（应为 0\(max.map { " 至 \($0)" } ?? " 或以上")、最多两位小数的数字）"))
        case .success(let p):
            if let max, p > max {
                return .failure(ScoreProblem(kind: .scoreTooHigh, text: " \(p) 超过满分 \(max)（应为 0 至 \(max)、最多两位小数的数字）"))
            }
            return .success(p)
        }
    }

    /// A path a sheet names, relative to the sheet's own folder.
    public static func resolve(_ relative: String, besides file: String) -> String {
        if relative.hasPrefix("/") { return relative }
        let dir = FilePath.directory(of: file)
        return dir.isEmpty ? relative : (dir as NSString).appendingPathComponent(relative)
    }

    /// "1–3、7、9" from [1,2,3,7,9].
    public static func ranges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < numbers.count {
            var j = i
            while j + 1 < numbers.count && numbers[j + 1] == numbers[j] + 1 { j += 1 }
            parts.append(j - i >= 2 ? "\(numbers[i])–\(numbers[j])" : (i...j).map { String(numbers[$0]) }.joined(separator: "、"))
            i = j + 1
        }
        return parts.joined(separator: "、")
    }

    /// A value from the user's own input shown in a message: a short excerpt on one line,
    /// control and bidi characters escaped (`\u{202E}`).
    public static func quote(_ text: String) -> String {
        var t = text.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
            .replacingOccurrences(of: "\r", with: "⏎")
        if t.count > 40 { t = String(t.prefix(40)) + "…" }
        return TerminalText.value(t)
    }

    /// What is wrong with a bonus row's 说明.
    public struct HonourNoteProblem: Error, Sendable { public var message: String }

    /// Separators between an honour's title and its date in a bonus row's 说明.
    static let honourSeparators: Set<Character> = ["，", ",", "；", ";", " ", "\u{3000}", "\t"]

    /// A bonus row's 说明: the honour's title, optionally followed by the date it was obtained in
    /// one of the allowed forms, after a comma or a space (`浙江省人民政府质量奖，2025-11-28`);
    /// a date alone is accepted too. A last part that starts like a date (four digits and a
    /// separator) must be one.
    public static func honour(_ note: String) -> Result<(title: String?, date: CivilDate?), HonourNoteProblem> {
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .success((nil, nil)) }
        let cut = text.lastIndex(where: { honourSeparators.contains($0) })
        let last = cut.map { String(text[text.index(after: $0)...]) } ?? text
        let rest = cut.map { String(text[..<$0]) } ?? ""
        func title(_ t: String) -> String? {
            let trimmed = t.trimmingCharacters(in: CharacterSet(charactersIn: "，,；; \u{3000}\t"))
            return trimmed.isEmpty ? nil : trimmed
        }
        guard looksLikeDate(last) else { return .success((title(text), nil)) }
        switch CivilDate.parse(last) {
        case .success(let date): return .success((title(rest), date))
        case .failure(let problem):
            return .failure(HonourNoteProblem(message: "中的取得日期“\(quote(last))”\(problem.message)（说明栏写作：荣誉名称，取得日期）"))
        }
    }

    /// Four digits (full-width ones too) and a date separator: meant as a date.
    public static func looksLikeDate(_ text: String) -> Bool {
        let u = Array(text.precomposedStringWithCompatibilityMapping.unicodeScalars)
        guard u.count >= 6, u[0..<4].allSatisfy({ ("0"..."9").contains($0) }), "-/.年".unicodeScalars.contains(u[4]) else { return false }
        return u[4] != "年" || ("0"..."9").contains(u[5])
    }
}
