import Foundation
import YRDQCore
import YRDQInput

/// A new evaluation's content: from a pilot folder on the server machine (its pilot.yaml and,
/// when there is one, its panel.yaml with the expert sheets it names, in YAML, CSV or XLSX),
/// or from the profile form. Everything is read by the command line's readers.
enum EvaluationImport {
    struct Imported {
        var profileYAML: String
        var pilotName: String
        var settlement = Settlement()
        var experts: [(Assessor, SheetContent)] = []
    }

    struct Failure: Error { var messages: [String] }

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
        let panelPath = (folder as NSString).appendingPathComponent("panel.yaml")
        guard FileManager.default.fileExists(atPath: panelPath) else { return result }
        let panel: Panel
        do throws(InputErrors) { panel = try PanelReader.load(path: panelPath, reader: SheetReader(rubric: rubric)) }
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
        (s.bonus, s.bonusGrounds, s.deductions) = adjustments(panel.adjustments, rubric: rubric)
        result.settlement = s
        for sheet in panel.experts {
            guard let a = sheet.assessor else { continue }
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
            result.experts.append((a, c))
        }
        return result
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
        let q = EvaluationExport.yaml
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
