import Foundation
import YRDQCore
import YRDQInput
import YRDQService

/// A new evaluation's content: from a pilot folder on the server machine (its pilot.yaml and,
/// when there is one, its panel.yaml with the expert sheets it names, in YAML, CSV or XLSX),
/// or from the profile form. Everything is read by the command line's readers.
public enum EvaluationImport {
    struct Imported {
        var profileYAML: String
        var pilotName: String
        var settlement = Settlement()
        var experts: [(Assessor, SheetContent)] = []
        /// The folder's self-assessment sheet, as the export writes it.
        var selfAssessmentYAML: String?
    }

    public struct Failure: Error, CustomStringConvertible {
        public var messages: [String]
        public var description: String { messages.joined(separator: "\n") }
    }

    /// A panel larger than the guide allows.
    static func sizeProblem(_ imported: Imported, rubric: Rubric) -> String? {
        guard imported.experts.count > rubric.panel.maxExperts else { return nil }
        return "专家组有 \(imported.experts.count) 位专家，指南规定为 \(rubric.panel.minExperts)—\(rubric.panel.maxExperts) 人"
    }

    static func folder(_ path: String, rubric: Rubric) throws(Failure) -> Imported {
        let folder = path.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !folder.isEmpty else { throw Failure(messages: ["请填写试点目录的路径（服务器上的目录，含 pilot.yaml）"]) }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw Failure(messages: ["目录“\(SheetValidator.quote(folder))”不存在或不是目录"])
        }
        let pilotPath = (folder as NSString).appendingPathComponent("pilot.yaml")
        let text: String
        do throws(InputErrors) {
            let bytes = try RegularFile.bytes(at: pilotPath, maximumBytes: 1 << 20)
            guard let t = String(bytes: bytes, encoding: .utf8) else { throw InputErrors([Diagnostic(file: pilotPath, "不是 UTF-8 文本")]) }
            text = t
        } catch { throw Failure(messages: error.diagnostics.map(\.description)) }
        let profile: PilotProfile
        do throws(InputErrors) { profile = try ProfileText.read(text, file: pilotPath) }
        catch { throw Failure(messages: error.errors.map(\.description)) }
        var result = Imported(profileYAML: text, pilotName: profile.name)
        let reader = SheetReader(rubric: rubric)
        var problems: [String] = []
        // The self-assessment sheet, found as `render set` finds it (YAML, CSV or XLSX).
        do throws(InputErrors) {
            if let path = try PilotFolder.inputs(in: folder).sheet() {
                let sheet = try reader.load(path: path)
                if let named = sheet.pilot?.name, NameText.identityKey(named) != NameText.identityKey(profile.name) {
                    problems.append("\(path)：自评表所属试点“\(SheetValidator.quote(named))”与试点档案“\(SheetValidator.quote(profile.name))”不是同一个试点")
                } else {
                    result.selfAssessmentYAML = EvaluationExport.sheetYAML(sheet, assessor: sheet.assessor, rubric: rubric, pilot: "pilot.yaml",
                                                                           heading: "由 yrdq serve 导入的自评表")
                }
            }
        } catch { problems += error.errors.map(\.description) }
        // The experts' sheets may still be blank or half filled (the `panel init` kit as it was sent
        // out): what is scored is kept, and each expert finishes the sheet in the workspace.
        let expertReader = Self.expertReader(rubric)
        let panelPath = (folder as NSString).appendingPathComponent("panel.yaml")
        guard FileManager.default.fileExists(atPath: panelPath) else {
            // No panel file: the expert sheets in experts/, each naming its expert.
            result.experts = expertSheets(in: folder, reader: expertReader, rubric: rubric, problems: &problems)
            if !problems.isEmpty { throw Failure(messages: problems) }
            return result
        }
        if !problems.isEmpty { throw Failure(messages: problems) }
        let panel: Panel
        do throws(InputErrors) { panel = try PanelReader.load(path: panelPath, reader: expertReader) }
        catch { throw Failure(messages: error.errors.map(\.description)) }
        var s = Settlement()
        s.province = panel.province ?? ""
        s.bureau = panel.bureau ?? ""
        s.date = panel.date?.description ?? ""
        s.materialReview = panel.materialReview?.description ?? ""
        s.siteReview = panel.siteReview?.description ?? ""
        s.leader = panel.leader ?? ""
        s.aggregation = panel.aggregation.rawValue
        s.findings = panel.findings
        s.recommendations = panel.recommendations
        if let i = panel.issuer {
            var f = IssuerFields()
            f.mark = i.mark; f.number = i.number; f.addressees = i.addressees; f.copies = i.copies; f.printer = i.printer
            f.printed = i.printed?.description ?? ""; f.date = i.date?.description ?? ""
            s.issuer = f
        }
        (s.bonus, s.bonusGrounds, s.deductions) = adjustments(panel.adjustments, rubric: rubric)
        result.settlement = s
        for sheet in panel.experts {
            guard let a = sheet.assessor else { continue }
            result.experts.append((a, content(sheet, rubric: rubric)))
        }
        return result
    }

    /// The reader of experts' sheets: the command line's, except that items without a score are
    /// left for the expert to fill in the workspace (a sheet is submitted only when complete).
    static func expertReader(_ rubric: Rubric) -> SheetReader {
        let reader = SheetReader(rubric: rubric)
        reader.unscoredAllowed = true
        return reader
    }

    /// The expert sheets of a folder without a panel file: every `experts/*.yaml`, `.csv` and
    /// `.xlsx` (as `panel init` writes the kit), in name order, each read by the command line's
    /// reader and naming its expert (name, unit and the kind of body represented).
    static func expertSheets(in folder: String, reader: SheetReader, rubric: Rubric, problems: inout [String]) -> [(Assessor, SheetContent)] {
        let dir = (folder as NSString).appendingPathComponent("experts")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        var out: [(Assessor, SheetContent)] = []
        var seen: [String: String] = [:]
        for name in names.sorted() where ["yaml", "yml", "csv", "xlsx"].contains((name as NSString).pathExtension.lowercased()) && !name.hasPrefix(".") && !name.hasPrefix("~$") {
            let path = (dir as NSString).appendingPathComponent(name)
            do throws(InputErrors) {
                let sheet = try reader.load(path: path, requireAssessor: true)
                guard let a = sheet.assessor else { continue }
                guard let kind = a.kind, rubric.panel.expertKinds.contains(kind) else {
                    problems.append("\(path)：评分人未写明所属方面（assessor 的 kind；允许：\(rubric.panel.expertKinds.joined(separator: "、"))）")
                    continue
                }
                if let other = seen.updateValue(path, forKey: a.identity) {
                    problems.append("\(path)：专家“\(SheetValidator.quote(a.name))”（\(SheetValidator.quote(a.organization))）已由 \(other) 评分：一位专家只交一份评分表")
                    continue
                }
                out.append((Assessor(name: a.name, organization: a.organization, kind: kind), content(sheet, rubric: rubric)))
            } catch { problems += error.errors.map(\.description) }
        }
        return out
    }

    /// An expert's returned sheet (YAML, CSV or XLSX, as the `panel init` kit sends it out), for an
    /// expert already on the panel: the sheet must name that expert (name and unit).
    static func returnedSheet(_ path: String, experts: [WorkspaceStore.Expert], rubric: Rubric) throws(Failure) -> (WorkspaceStore.Expert, SheetContent) {
        let file = path.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !file.isEmpty else { throw Failure(messages: ["请填写专家评分表的路径（服务器上的文件：YAML、CSV 或 XLSX）"]) }
        let sheet: ScoreSheet
        // A returned sheet is the expert's answer: blank or half filled, it is refused as `panel` refuses it.
        do throws(InputErrors) { sheet = try SheetReader(rubric: rubric).load(path: file, requireAssessor: true) }
        catch { throw Failure(messages: error.errors.map(\.description)) }
        guard let a = sheet.assessor else { throw Failure(messages: ["\(file)：评分表没有评估人（assessor）"]) }
        guard let expert = experts.first(where: { $0.identity == a.identity }) else {
            throw Failure(messages: ["\(file)：评估人“\(SheetValidator.quote(a.name))”（\(SheetValidator.quote(a.organization))）不在本次评估的专家组中"
                                     + "（专家组：\(experts.map { "\($0.name)（\($0.organization)）" }.joined(separator: "、"))）"])
        }
        return (expert, content(sheet, rubric: rubric))
    }

    /// A read sheet as the expert form holds it.
    static func content(_ sheet: ScoreSheet, rubric: Rubric) -> SheetContent {
            var c = SheetContent()
            c.date = sheet.date?.description ?? ""
            for (n, item) in sheet.items {
                c.items[String(n)] = SheetContent.Item(criteria: item.criteria?.map(\.description) ?? [], note: item.note ?? "",
                                                       evidence: item.evidence.joined(separator: "；"),
                                                       score: item.criteria == nil ? item.score.description : "")
            }
            let (bonus, grounds, deductions) = adjustments(sheet.adjustments, rubric: rubric)
            c.bonus = bonus
            c.deductions = deductions
            for (k, g) in grounds where c.bonus[k] != nil && c.bonus[k]!.title.isEmpty { c.bonus[k]!.title = g }
            return c
    }

    static func adjustments(_ a: Adjustments, rubric: Rubric) -> ([String: SheetContent.Bonus], [String: String], [String: SheetContent.Deduction]) {
        var bonus: [String: SheetContent.Bonus] = [:], grounds: [String: String] = [:], deductions: [String: SheetContent.Deduction] = [:]
        for c in rubric.bonus.categories {
            if let claim = a.honours[c.id]?.max(by: { (c.level($0.level)?.points ?? .zero) < (c.level($1.level)?.points ?? .zero) }) {
                bonus[c.id] = SheetContent.Bonus(level: claim.level, title: claim.title ?? "", date: claim.date?.description ?? "")
            } else {
                bonus[c.id] = SheetContent.Bonus()
            }
            if let g = a.grounds[c.id] { grounds[c.id] = g }
        }
        for d in rubric.deductions.conditions {
            deductions[d.id] = SheetContent.Deduction(applies: (a.incidents[d.id] ?? 0) > 0, grounds: a.grounds[d.id] ?? "")
        }
        return (bonus, grounds, deductions)
    }

    /// The profile form as a pilot.yaml, checked by the profile reader.
    static func form(_ f: [String: String]) throws(Failure) -> Imported {
        func field(_ k: String) -> String { (f[k] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func lines(_ k: String) -> [String] {
            field(k).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let q = YAMLString.quote
        var y = "# 由 yrdq serve 的表单填写\n"
        for (key, label) in [("name", "name"), ("region", "region"), ("province", "province"), ("industry", "industry"), ("lead", "lead")] {
            let v = field(key)
            if !v.isEmpty || ["name", "region", "lead"].contains(key) { y += "\(label): \(q(v))\n" }
        }
        y += "participants: [\(lines("participants").map(q).joined(separator: ", "))]\n"
        let approved = field("approved")
        if let d = try? CivilDate.parse(approved).get() { y += "approved: \(d)\n" } else { y += "approved: \(q(approved))\n" }
        y += "enterprises:\n"
        let enterprises = lines("enterprises")
        if enterprises.isEmpty { y += "  []\n" }
        for line in enterprises {
            let parts = line.split(maxSplits: 1, whereSeparator: { "，,|".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
            y += "  - {name: \(q(parts[0]))\(parts.count > 1 && !parts[1].isEmpty ? ", role: \(q(parts[1]))" : "")}\n"
        }
        if !field("overview").isEmpty { y += "overview: \(q(field("overview")))\n" }
        let profile: PilotProfile
        do throws(InputErrors) { profile = try ProfileText.read(y, file: "试点档案") }
        catch { throw Failure(messages: error.errors.map { $0.message }) }
        return Imported(profileYAML: y, pilotName: profile.name)
    }
}

extension Workspace {
    /// Creates the evaluation of an import: its experts, their sheets saved and, when complete,
    /// submitted (an imported sheet is a returned sheet; the chair can unlock one), and no links
    /// yet (they are made when the chair asks for them, and shown once).
    func create(_ imported: EvaluationImport.Imported) throws -> Int64 {
        let id = try store.createEvaluation(pilotName: imported.pilotName, profileYAML: imported.profileYAML, settlement: imported.settlement,
                                            selfAssessmentYAML: imported.selfAssessmentYAML)
        for (a, content) in imported.experts {
            let (eid, _) = try store.addExpert(evaluation: id, name: a.name, organization: a.organization, kind: a.kind ?? "")
            _ = try store.saveSheet(expert: eid, content: content, version: 1, actor: "主持人（导入）",
                                    submit: SheetProblems(content, try store.expert(eid)!, rubric).valid)
            try store.revokeSilently(expert: eid)
        }
        return id
    }

    /// `yrdq serve --import FOLDER`: the pilot folder becomes the first evaluation of an empty
    /// store (a store that has evaluations is left as it is, so a restart imports nothing twice).
    /// Returns the new evaluation's id, or nil when the store had evaluations already.
    public func importAtStart(folder: String) throws -> Int64? {
        guard try store.evaluations().isEmpty else { return nil }
        let imported = try EvaluationImport.folder(folder, rubric: rubric)
        if let problem = EvaluationImport.sizeProblem(imported, rubric: rubric) { throw EvaluationImport.Failure(messages: [problem]) }
        return try create(imported)
    }
}
