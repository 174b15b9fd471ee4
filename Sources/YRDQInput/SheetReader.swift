import Foundation
import Yams
import YRDQCore

/// Reads and validates score sheets (YAML or CSV) against a rubric, reporting
/// every problem in one run.
public final class SheetReader {
    public let rubric: Rubric
    /// Warnings met while reading (the construction-cycle check among them).
    public internal(set) var warnings: [Diagnostic] = []
    private var profiles: [String: Result<PilotProfile, InputErrors>] = [:]

    public init(rubric: Rubric) { self.rubric = rubric }

    static let sheetKeys: Set<String> = ["pilot", "assessor", "date", "items", "bonus", "deductions",
                                         "bonus-grounds", "deduction-grounds"]

    /// Loads a sheet; a `.csv` file is read as the CSV template, a `.xlsx` file as the workbook.
    public func load(path: String, requireAssessor: Bool = false, requirePilot: Bool = false) throws(InputErrors) -> ScoreSheet {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") || lower.hasSuffix(".xlsx") {
            let draft = lower.hasSuffix(".csv") ? try CSVSheet.draft(bytes: InputFile.bytes(at: path), source: path)
                                                : try XLSXSheet.draft(bytes: InputFile.bytes(at: path), source: path)
            let sheet = try SheetValidator.validate(draft, rubric: rubric, profile: { p throws(InputErrors) in try self.profile(at: p) },
                                                    requirements: { self.requirementErrors($0, requireAssessor: requireAssessor, requirePilot: requirePilot) })
            try finish(sheet, requireAssessor: requireAssessor, requirePilot: requirePilot, r: nil)
            return sheet
        }
        let text = try InputFile.utf8Text(at: path)
        let root = try NodeReader.compose(text, file: path, what: "评分表")
        let r = NodeReader(file: path)
        var external: [Diagnostic] = []
        let sheet = read(root, r, path: path, external: &external)
        var all = r.diagnostics + external
        // A missing assessor or profile is reported with the sheet's other problems, in the same run
        // (not when the key is present but malformed: that has its own message already).
        if let sheet {
            all += requirementErrors(sheet, requireAssessor: requireAssessor && root["assessor"] == nil,
                                     requirePilot: requirePilot && root["pilot"] == nil)
        }
        if all.contains(where: { $0.severity == .error }) || sheet == nil { throw InputErrors(all) }
        warnings += all
        try finish(sheet!, requireAssessor: requireAssessor, requirePilot: requirePilot, r: r)
        return sheet!
    }

    private func requirementErrors(_ sheet: ScoreSheet, requireAssessor: Bool, requirePilot: Bool) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        if requireAssessor && sheet.assessor == nil {
            errors.append(Diagnostic(file: sheet.source, "专家评分表缺少评估人（assessor: {name: 姓名, organization: 单位}）"))
        }
        if requirePilot && sheet.pilot == nil {
            errors.append(Diagnostic(file: sheet.source, "缺少试点档案（pilot: pilot.yaml），生成文档时需要"))
        }
        return errors
    }

    private func finish(_ sheet: ScoreSheet, requireAssessor: Bool, requirePilot: Bool, r: NodeReader?) throws(InputErrors) {
        let errors = requirementErrors(sheet, requireAssessor: requireAssessor, requirePilot: requirePilot)
        if !errors.isEmpty { throw InputErrors(errors) }
        if let pilot = sheet.pilot {
            warnings += CycleCheck.warnings(rubric: rubric, approved: pilot.approved, evaluated: sheet.date,
                                            sheet: sheet, adjustments: sheet.adjustments, file: sheet.source)
        }
    }

    /// A profile file, read once however many sheets name it (a broken one too: a panel's
    /// seven expert sheets naming `../pilot.yaml` get its errors once, under one path).
    public func profile(at path: String) throws(InputErrors) -> PilotProfile {
        let key = URL(fileURLWithPath: path).standardizedFileURL.path
        if let cached = profiles[key] { return try cached.get() }
        let result: Result<PilotProfile, InputErrors>
        do throws(InputErrors) {
            let (profile, found) = try ProfileReader.loadWithWarnings(path: path)
            warnings += found
            result = .success(profile)
        } catch { result = .failure(error) }
        profiles[key] = result
        return try result.get()
    }

    static func resolve(_ relative: String, besides file: String) -> String {
        SheetValidator.resolve(relative, besides: file)
    }

    /// The pilot profile named by a `pilot:` node: a path (relative to `file`) or an inline mapping.
    func pilot(_ node: Node, _ r: NodeReader, file: String, external: inout [Diagnostic]) -> PilotProfile? {
        if node.mapping != nil {
            var p = ProfileReader.read(node, r, indicatorCount: rubric.indicators.count)
            p?.source = file
            return p
        }
        guard let rel = r.string(node, "试点档案路径（pilot）") else { return nil }
        if rel.allSatisfy(\.isWhitespace) {
            r.error(node, "试点档案路径（pilot）不能为空（应为试点档案文件的路径，如 pilot.yaml，或直接写出档案内容）")
            return nil
        }
        let path = Self.resolve(rel, besides: file)
        do {
            return try profile(at: path)
        } catch {
            if error.diagnostics.first?.message == "文件不存在" {
                r.error(node, kind: .pilot, "试点档案“\(NodeReader.quote(rel))”不存在（路径相对于本文件所在目录：\(path)）")
            } else {
                external += error.diagnostics
            }
            return nil
        }
    }

    private func read(_ root: Node, _ r: NodeReader, path: String, external: inout [Diagnostic]) -> ScoreSheet? {
        guard let entries = r.mapping(root, "评分表", allowed: Self.sheetKeys) else { return nil }
        var e: [String: Node] = [:]
        for entry in entries { e[entry.key] = entry.value }
        var profile: PilotProfile? = nil
        if let n = e["pilot"] { profile = self.pilot(n, r, file: path, external: &external) }
        var assessor: Assessor? = nil
        if let n = e["assessor"] { assessor = readAssessor(n, r) }
        let date = e["date"].flatMap { r.date($0, "评估日期（date）") }
        var items: [Int: ItemScore] = [:]
        if let n = e["items"] {
            items = readItems(n, r)
        } else {
            r.error(root, "评分表缺少 items（第1至\(rubric.items.count)项的得分）")
        }
        let adjustments = readAdjustments(bonus: e["bonus"], deductions: e["deductions"],
                                          bonusGrounds: e["bonus-grounds"], deductionGrounds: e["deduction-grounds"], r)
        for (_, message) in PanelChecks.honoursAfter(date, adjustments, rubric: rubric) { r.error(e["bonus"], kind: .honour, message) }
        return ScoreSheet(source: path, pilot: profile, assessor: assessor, date: date, items: items, adjustments: adjustments)
    }

    func readAssessor(_ node: Node, _ r: NodeReader) -> Assessor? {
        guard let entries = r.mapping(node, "评估人（assessor）", allowed: ["name", "organization", "kind"]) else { return nil }
        var e: [String: Node] = [:]
        for entry in entries { e[entry.key] = entry.value }
        guard let nameNode = e["name"], let rawName = r.string(nameNode, "评估人姓名"),
              !NameText.cleaned(rawName).isEmpty else {
            r.error(node, kind: .assessor, "评估人缺少姓名（name）")
            return nil
        }
        guard let orgNode = e["organization"], let rawOrg = r.string(orgNode, "评估人单位") else {
            r.error(node, kind: .assessor, "评估人缺少单位（organization）")
            return nil
        }
        // A bidi override or an invisible character would make one expert's name display as another's.
        var clean = true
        for (n, text, what) in [(nameNode, rawName, "评估人姓名"), (orgNode, rawOrg, "评估人单位")] {
            if let problem = NameText.problem(text) { r.error(n, kind: .assessor, "\(what)\(problem)"); clean = false }
        }
        if !clean { return nil }
        let name = NameText.cleaned(rawName), org = NameText.cleaned(rawOrg)
        var kind: String? = nil
        if let k = e["kind"], let s = r.string(k, "评估人所属方面（kind）", required: false) {
            if !rubric.panel.expertKinds.isEmpty && !rubric.panel.expertKinds.contains(s) {
                r.error(k, kind: .assessor, "评估人所属方面“\(NodeReader.quote(s))”不在指南所列范围内（允许：\(rubric.panel.expertKinds.joined(separator: "、"))）")
            } else { kind = s }
        }
        return Assessor(name: name, organization: org, kind: kind)
    }

    func readItems(_ node: Node, _ r: NodeReader) -> [Int: ItemScore] {
        guard let entries = r.mapping(node, "items") else { return [:] }
        var result: [Int: ItemScore] = [:]
        var empty: [Int] = []
        let count = rubric.items.count
        // The key that first gave each item: a second key for the same item is a duplicate,
        // however it is spelled (`3` and `03`), and never replaces the first.
        var first: [Int: (key: String, node: Node)] = [:]
        for entry in entries {
            let reading = NumberKey.read(entry.key)
            let number: Int
            switch reading {
            case .canonical(let n), .variant(let n): number = n
            case .notANumber: number = 0
            }
            guard let item = rubric.item(number) else {
                r.error(entry.keyNode, kind: .unknownEntry, "未知的项目编号“\(NodeReader.quote(entry.key))”（应为 1 至 \(count) 的整数）")
                continue
            }
            if let earlier = first[number] {
                r.error(entry.keyNode, item: number, kind: .duplicate, "项目编号“\(NodeReader.quote(entry.key))”与第\(earlier.node.mark?.line ?? 0)行的“\(NodeReader.quote(earlier.key))”是同一项（每一项只能填写一次）")
                continue
            }
            first[number] = (entry.key, entry.keyNode)
            if reading != .canonical(number) {
                r.error(entry.keyNode, item: number, kind: .misspelledNumber, "项目编号“\(NodeReader.quote(entry.key))”应写作“\(number)”（项目编号只写 1 至 \(count) 的整数，不带前导零、正负号、空格或小数点）")
                continue
            }
            if entry.value.isNull { empty.append(number); continue }
            if let score = readItem(entry.value, item, r) { result[number] = score }
        }
        let given = Set(first.keys)
        let missing = rubric.items.map(\.number).filter { !given.contains($0) }
        if !missing.isEmpty {
            r.error(node, kind: .missingScore, "缺少第\(Self.ranges(missing))项的得分（每一项都须填写；未得分请填 0）")
        }
        if !empty.isEmpty {
            r.error(node, kind: .missingScore, "第\(Self.ranges(empty.sorted()))项没有填写得分（未得分请填 0）")
        }
        return result
    }

    /// "1–3、7、9" from [1,2,3,7,9].
    static func ranges(_ numbers: [Int]) -> String { SheetValidator.ranges(numbers) }

    private func readItem(_ node: Node, _ item: Rubric.Item, _ r: NodeReader) -> ItemScore? {
        let n = item.number
        if node.scalar != nil {
            return r.points(node, "得分", item: n, max: item.points).map { ItemScore(score: $0) }
        }
        if node.mapping == nil {
            r.error(node, item: n, "得分应为数字（如 1.5），或 {score: 1.5, note: …}，或 {criteria: [逐条得分]}，实际为\(r.describe(node))")
            return nil
        }
        guard let entries = r.mapping(node, "得分", allowed: ["score", "criteria", "note", "evidence"], item: n) else { return nil }
        var e: [String: Node] = [:]
        for entry in entries { e[entry.key] = entry.value }
        let note = e["note"].flatMap { r.string($0, "说明（note）", item: n, required: false) }
        let evidence = e["evidence"].flatMap { r.stringList($0, "证明材料（evidence）", item: n) } ?? []
        var criteria: [Points]? = nil
        var failed = false
        if let cn = e["criteria"] {
            if let list = r.sequence(cn, "评分标准得分（criteria）", item: n) {
                if list.count != item.criteria.count {
                    r.error(cn, item: n, kind: .criteriaCount, "评分标准得分有 \(list.count) 个，但该项有 \(item.criteria.count) 条评分标准（\(item.criteria.map(\.points.description).joined(separator: "/")) 分），应逐条给分")
                    failed = true
                } else {
                    var scores: [Points] = []
                    for (i, c) in list.enumerated() {
                        if let p = r.points(c, "第\(i + 1)条评分标准的得分", item: n, max: item.criteria[i].points) { scores.append(p) }
                        else { failed = true }
                    }
                    if !failed { criteria = scores }
                }
            } else { failed = true }
        }
        var score: Points? = nil
        if let sn = e["score"] {
            score = r.points(sn, "得分", item: n, max: item.points)
            if score == nil { failed = true }
        }
        if failed { return nil }
        if let criteria {
            let sum = criteria.reduce(Points.zero, +)
            if let s = score, s != sum {
                r.error(e["score"], item: n, "得分 \(s) 与各条评分标准得分之和 \(sum) 不一致")
                return nil
            }
            score = sum
        }
        guard let score else {
            r.error(node, item: n, "没有得分：请给出 score（该项得分）或 criteria（逐条得分）")
            return nil
        }
        return ItemScore(score: score, criteria: criteria, note: note, evidence: evidence)
    }

    static let levelAliases = SheetLayout.levelAliases

    /// Bonus and deduction facts, from a sheet or a panel file.
    func readAdjustments(bonus: Node?, deductions: Node?, bonusGrounds: Node?, deductionGrounds: Node?, _ r: NodeReader) -> Adjustments {
        var result = Adjustments()
        let categories = rubric.bonus.categories
        if let bonus, !bonus.isNull, let entries = r.mapping(bonus, "加分项（bonus）") {
            for entry in entries {
                guard let category = rubric.bonus.category(entry.key) else {
                    r.error(entry.keyNode, kind: .unknownEntry, "未知的加分类别“\(NodeReader.quote(entry.key))”（允许：\(categories.map { "\($0.id)（\($0.name)）" }.joined(separator: "、"))）")
                    continue
                }
                let claims = entry.value.sequence.map(Array.init) ?? [entry.value]
                var list: [HonourClaim] = []
                for c in claims {
                    if let claim = readClaim(c, category, r) { list.append(claim) }
                }
                result.honours[category.id] = list.filter { $0.level != BonusRules.noneLevel }
                if let line = entry.keyNode.mark?.line { result.lines[category.id] = line }
            }
        }
        if let deductions, !deductions.isNull, let entries = r.mapping(deductions, "减分项（deductions）") {
            for entry in entries {
                guard let condition = rubric.deductions.condition(entry.key) else {
                    r.error(entry.keyNode, kind: .unknownEntry, "未知的减分条件“\(NodeReader.quote(entry.key))”（允许：\(rubric.deductions.conditions.map(\.id).joined(separator: "、"))）")
                    continue
                }
                if let line = entry.keyNode.mark?.line { result.lines[condition.id] = line }
                if let s = entry.value.scalar?.string, let count = Int(s), entry.value.scalar?.style == .plain {
                    // Only the plain decimal form is a count, as item keys: `01` or `+1` beside a 1 is an error.
                    if count < 0 { r.error(entry.value, kind: .deduction, "减分条件“\(condition.id)”的事件数不能为负数") }
                    else if NumberKey.canonical(s) != count {
                        r.error(entry.value, kind: .deduction, "减分条件“\(condition.id)”的事件数“\(NodeReader.quote(s))”应写作“\(count)”（不带前导零或正负号）")
                    }
                    else { result.incidents[condition.id] = count }
                } else if let b = r.bool(entry.value, "减分条件“\(condition.id)”") {
                    result.incidents[condition.id] = b ? 1 : 0
                }
            }
        }
        // Grounds for what the rubric knows: one given for an unknown category or condition
        // (a typo) would reach no document, so it is an error naming the key.
        let known: [(Node?, String, [String])] = [
            (bonusGrounds, "加分依据（bonus-grounds）", categories.map(\.id)),
            (deductionGrounds, "减分依据（deduction-grounds）", rubric.deductions.conditions.map(\.id)),
        ]
        for (grounds, what, ids) in known {
            guard let grounds, !grounds.isNull else { continue }
            for entry in r.mapping(grounds, "依据说明") ?? [] {
                guard ids.contains(entry.key) else {
                    r.error(entry.keyNode, "\(what)中有未知的键“\(NodeReader.quote(entry.key))”（允许：\(ids.joined(separator: "、"))）")
                    continue
                }
                if let s = r.string(entry.value, "“\(entry.key)”的依据", required: false) { result.grounds[entry.key] = s }
            }
        }
        return result
    }

    private func readClaim(_ node: Node, _ category: BonusRules.Category, _ r: NodeReader) -> HonourClaim? {
        var levelNode = node
        var title: String? = nil
        var date: CivilDate? = nil
        if node.mapping != nil {
            let f = Fields(node, r, "加分项“\(category.name)”")
            guard let l = f.child("level") else { return nil }
            levelNode = l
            title = f.string("title", required: false)
            date = f.child("date", required: false).flatMap { r.date($0, "荣誉取得日期") }
        }
        guard let raw = r.string(levelNode, "加分项“\(category.name)”的等级", required: false) else { return HonourClaim(level: BonusRules.noneLevel) }
        let id = Self.levelAliases[raw.trimmingCharacters(in: .whitespaces)] ?? raw.trimmingCharacters(in: .whitespaces)
        guard id == BonusRules.noneLevel || category.level(id) != nil else {
            let allowed = [BonusRules.noneLevel] + category.levels.map(\.id)
            r.error(levelNode, kind: .unknownLevel, "加分项“\(category.name)”的等级“\(NodeReader.quote(raw))”无效（允许：\(allowed.joined(separator: " | "))）")
            return nil
        }
        return HonourClaim(level: id, title: title, date: date)
    }
}
