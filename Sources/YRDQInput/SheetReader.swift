import Foundation
import Yams
import YRDQCore

/// Reads and validates score sheets (YAML or CSV) against a rubric, reporting
/// every problem in one run.
public final class SheetReader {
    public let rubric: Rubric
    /// Warnings met while reading (the construction-cycle check among them).
    public internal(set) var warnings: [Diagnostic] = []
    /// Items without a score are left out of a sheet instead of refused: a sheet still being
    /// filled in (the workspace imports one for its expert to finish). Off for the command line.
    public var unscoredAllowed = false
    private var profiles: [String: Result<PilotProfile, InputErrors>] = [:]

    public init(rubric: Rubric) { self.rubric = rubric }

    static let sheetKeys: Set<String> = ["pilot", "assessor", "date", "items", "bonus", "deductions",
                                         "bonus-grounds", "deduction-grounds"]

    /// Loads a sheet; a `.csv` file is read as the CSV template, a `.xlsx` file as the workbook.
    public func load(path: String, requireAssessor: Bool = false, requirePilot: Bool = false) throws(InputErrors) -> ScoreSheet {
        try load(bytes: InputFile.bytes(at: path), source: path, requireAssessor: requireAssessor, requirePilot: requirePilot)
    }

    /// Reads a sheet's bytes; `source` names the file in messages, chooses the format by its
    /// ending (`.csv`, `.xlsx`, else YAML) and is where a relative `pilot` path starts from.
    public func load(bytes: [UInt8], source path: String, requireAssessor: Bool = false, requirePilot: Bool = false) throws(InputErrors) -> ScoreSheet {
        let draft = try self.draft(bytes: bytes, source: path)
        // A missing assessor or profile is reported with the sheet's other problems, in the same run
        // (in YAML not when the key is present but malformed: that has its own message already).
        let assessorGiven = draft.keyed?.assessor != nil, pilotGiven = draft.keyed?.pilot != nil
        let sheet = try SheetValidator.validate(draft, rubric: rubric, profile: { p throws(InputErrors) in try self.profile(at: p) },
                                                requirements: { self.requirementErrors($0, requireAssessor: requireAssessor && !assessorGiven,
                                                                                        requirePilot: requirePilot && !pilotGiven) },
                                                warnings: { self.warnings += $0 }, unscoredAllowed: unscoredAllowed)
        try finish(sheet, requireAssessor: requireAssessor, requirePilot: requirePilot)
        return sheet
    }

    /// A sheet's bytes as a draft, not yet checked: YAML, CSV (`.csv`) or XLSX (`.xlsx`) by the name's ending.
    public func draft(bytes: [UInt8], source path: String) throws(InputErrors) -> SheetDraft {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return try CSVSheet.draft(bytes: bytes, source: path) }
        if lower.hasSuffix(".xlsx") { return try XLSXSheet.draft(bytes: bytes, source: path) }
        let text = try InputFile.utf8Text(bytes: bytes, source: path)
        let root = try NodeReader.compose(text, file: path, what: "评分表")
        let r = NodeReader(file: path)
        guard let keyed = keyedDraft(root, r, path: path) else { throw InputErrors(r.diagnostics) }
        return SheetDraft(source: path, keyed: keyed)
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

    private func finish(_ sheet: ScoreSheet, requireAssessor: Bool, requirePilot: Bool) throws(InputErrors) {
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

    /// "1–3、7、9" from [1,2,3,7,9].
    static func ranges(_ numbers: [Int]) -> String { SheetValidator.ranges(numbers) }

    static func resolve(_ relative: String, besides file: String) -> String {
        SheetValidator.resolve(relative, besides: file)
    }

    /// The pilot profile named by a `pilot:` node (a sheet's or a panel file's): a path
    /// (relative to `file`) or an inline mapping.
    func pilot(_ node: Node, _ r: NodeReader, file: String, external: inout [Diagnostic]) -> PilotProfile? {
        var report = SheetValidator.Report(file: file)
        let profile = SheetValidator.pilot(pilotDraft(node, r, file: file), besides: file,
                                           profile: { p throws(InputErrors) in try self.profile(at: p) }, &report, external: &external)
        r.append(report.diagnostics)
        return profile
    }

    /// Bonus and deduction facts, from a sheet or a panel file, checked by the validator.
    func readAdjustments(bonus: Node?, deductions: Node?, bonusGrounds: Node?, deductionGrounds: Node?, _ r: NodeReader) -> Adjustments {
        var report = SheetValidator.Report(file: r.file)
        let result = SheetValidator.adjustments(adjustmentsDraft(bonus: bonus, deductions: deductions, bonusGrounds: bonusGrounds,
                                                                 deductionGrounds: deductionGrounds, r), rubric: rubric, &report)
        r.append(report.diagnostics)
        return result
    }

    // MARK: The YAML sheet as a draft
    //
    // Only the YAML's shape is checked here (a mapping where one belongs, text, a list); its
    // problems travel in the draft beside the part they are about. What the values mean is
    // checked by `SheetValidator`, as for the CSV and XLSX sheets.

    private typealias Value = SheetDraft.Value
    private static func place(_ node: Node?) -> SheetDraft.Place { NodeReader.place(node) }

    /// What `body` read, with the shape problems it reported.
    private func field<T>(_ r: NodeReader, _ body: () -> T?) -> SheetDraft.Field<T> {
        let (value, problems) = r.capturing(body)
        return SheetDraft.Field(value, problems: problems)
    }

    private func text(_ node: Node, _ what: String, _ r: NodeReader, required: Bool = true) -> SheetDraft.Field<Value> {
        field(r) { r.string(node, what, required: required).map { Value($0, Self.place(node)) } }
    }

    /// A score's text, or why the node holds none.
    private func points(_ node: Node, _ what: String, _ r: NodeReader) -> SheetDraft.Field<Value> {
        field(r) {
            guard let scalar = node.scalar, !node.isNull else {
                if node.isNull { r.error(node, "\(what)没有填写") }
                else { r.error(node, "\(what)应为数字，实际为\(r.describe(node))") }
                return nil
            }
            return Value(scalar.string, Self.place(node))
        }
    }

    private func keyedDraft(_ root: Node, _ r: NodeReader, path: String) -> SheetDraft.Keyed? {
        let (found, problems) = r.capturing { r.mapping(root, "评分表", allowed: Self.sheetKeys) }
        guard let entries = found else { r.append(problems); return nil }
        var keyed = SheetDraft.Keyed(place: Self.place(root))
        keyed.problems = problems
        var e: [String: Node] = [:]
        for entry in entries { e[entry.key] = entry.value }
        if let n = e["pilot"] { keyed.pilot = pilotDraft(n, r, file: path) }
        if let n = e["assessor"] { keyed.assessor = assessorDraft(n, r) }
        if let n = e["date"] { keyed.date = text(n, "评估日期（date）", r) }
        if let n = e["items"] { keyed.items = itemsDraft(n, r) }
        keyed.adjustments = adjustmentsDraft(bonus: e["bonus"], deductions: e["deductions"],
                                             bonusGrounds: e["bonus-grounds"], deductionGrounds: e["deduction-grounds"], r)
        return keyed
    }

    private func pilotDraft(_ node: Node, _ r: NodeReader, file: String) -> SheetDraft.Pilot {
        if node.mapping != nil {
            return .inline(field(r) {
                var p = ProfileReader.read(node, r, indicatorCount: rubric.indicators.count)
                p?.source = file
                return p
            })
        }
        return .path(text(node, "试点档案路径（pilot）", r))
    }

    private func assessorDraft(_ node: Node, _ r: NodeReader) -> SheetDraft.AssessorEntry {
        var a = SheetDraft.AssessorEntry(place: Self.place(node))
        let (found, problems) = r.capturing { r.mapping(node, "评估人（assessor）", allowed: ["name", "organization", "kind"]) }
        a.problems = problems
        guard let entries = found else { a.valid = false; return a }
        var e: [String: Node] = [:]
        for entry in entries { e[entry.key] = entry.value }
        if let n = e["name"] { a.name = text(n, "评估人姓名", r) }
        if let n = e["organization"] { a.organization = text(n, "评估人单位", r) }
        if let n = e["kind"] { a.kind = text(n, "评估人所属方面（kind）", r, required: false) }
        return a
    }

    private func itemsDraft(_ node: Node, _ r: NodeReader) -> SheetDraft.Items {
        var items = SheetDraft.Items(place: Self.place(node))
        let (found, problems) = r.capturing { r.mapping(node, "items") }
        items.problems = problems
        guard let entries = found else { items.valid = false; return items }
        for entry in entries {
            items.entries.append(SheetDraft.ItemEntry(key: Value(entry.key, Self.place(entry.keyNode)), value: itemValue(entry.value, r)))
        }
        return items
    }

    private func itemValue(_ node: Node, _ r: NodeReader) -> SheetDraft.ItemValue {
        if node.isNull { return .empty }
        if let scalar = node.scalar { return .score(Value(scalar.string, Self.place(node))) }
        if node.mapping == nil {
            return .invalid(r.capturing {
                r.error(node, "得分应为数字（如 1.5），或 {score: 1.5, note: …}，或 {criteria: [逐条得分]}，实际为\(r.describe(node))")
            }.1)
        }
        let (found, problems) = r.capturing { r.mapping(node, "得分", allowed: ["score", "criteria", "note", "evidence"]) }
        guard let entries = found else { return .invalid(problems) }
        var d = SheetDraft.ItemDetail(place: Self.place(node))
        d.problems = problems
        var e: [String: Node] = [:]
        for entry in entries { e[entry.key] = entry.value }
        d.note = field(r) { e["note"].flatMap { r.string($0, "说明（note）", required: false) } }
        d.evidence = field(r) { e["evidence"].flatMap { r.stringList($0, "证明材料（evidence）") } }
        if let cn = e["criteria"] {
            d.criteriaPlace = Self.place(cn)
            d.criteria = field(r) {
                r.sequence(cn, "评分标准得分（criteria）")?.enumerated().map { i, c in points(c, "第\(i + 1)条评分标准的得分", r) }
            }
        }
        if let sn = e["score"] { d.score = points(sn, "得分", r) }
        return .detailed(d)
    }

    private func adjustmentsDraft(bonus: Node?, deductions: Node?, bonusGrounds: Node?, deductionGrounds: Node?, _ r: NodeReader) -> SheetDraft.Adjustments {
        var a = SheetDraft.Adjustments()
        a.bonusPlace = bonus.map { Self.place($0) }
        if let bonus, !bonus.isNull {
            a.bonus = field(r) {
                r.mapping(bonus, "加分项（bonus）").map { entries in
                    entries.map { entry in
                        // The category's name labels its claims' problems; an unknown one is the validator's to report.
                        let claims = rubric.bonus.category(entry.key).map { category in
                            (entry.value.sequence.map(Array.init) ?? [entry.value]).map { claimDraft($0, category, r) }
                        } ?? []
                        return SheetDraft.BonusEntry(key: Value(entry.key, Self.place(entry.keyNode)), claims: claims)
                    }
                }
            }
        }
        if let deductions, !deductions.isNull {
            a.deductions = field(r) {
                r.mapping(deductions, "减分项（deductions）").map { entries in
                    entries.map { entry in
                        let key = Value(entry.key, Self.place(entry.keyNode))
                        let v = entry.value
                        if let s = v.scalar?.string, let count = Int(s), v.scalar?.style == .plain {
                            return SheetDraft.DeductionEntry(key: key, value: .count(Value(s, Self.place(v)), count))
                        }
                        let id = rubric.deductions.condition(entry.key)?.id ?? entry.key
                        let (flag, problems) = r.capturing { r.bool(v, "减分条件“\(id)”") }
                        return SheetDraft.DeductionEntry(key: key, value: flag.map { .flag($0) } ?? .invalid(problems))
                    }
                }
            }
        }
        func grounds(_ node: Node?) -> SheetDraft.Field<[SheetDraft.GroundsEntry]>? {
            guard let node, !node.isNull else { return nil }
            return field(r) {
                (r.mapping(node, "依据说明") ?? []).map { entry in
                    SheetDraft.GroundsEntry(key: Value(entry.key, Self.place(entry.keyNode)),
                                            text: field(r) { r.string(entry.value, "“\(entry.key)”的依据", required: false) })
                }
            }
        }
        a.bonusGrounds = grounds(bonusGrounds)
        a.deductionGrounds = grounds(deductionGrounds)
        return a
    }

    private func claimDraft(_ node: Node, _ category: BonusRules.Category, _ r: NodeReader) -> SheetDraft.Claim {
        var c = SheetDraft.Claim()
        var levelNode = node
        if node.mapping != nil {
            let what = "加分项“\(category.name)”"
            let (f, fieldProblems) = r.capturing { Fields(node, r, what) }
            let (level, levelProblems) = r.capturing { f.child("level") }
            c.problems = fieldProblems + levelProblems
            guard let level else { c.valid = false; return c }
            levelNode = level
            c.title = field(r) { f.string("title", required: false) }
            if let dn = f.child("date", required: false) { c.date = text(dn, "荣誉取得日期", r) }
        }
        c.level = text(levelNode, "加分项“\(category.name)”的等级", r, required: false)
        return c
    }
}
