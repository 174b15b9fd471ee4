import Yams
import YRDQCore

/// Reads a pilot profile (pilot.yaml), from a file or inline in a sheet.
enum ProfileReader {
    static let keys: Set<String> = ["name", "region", "province", "industry", "lead", "participants", "approved",
                                    "enterprises", "contacts", "overview", "self-assessment-work", "achievements",
                                    "problems", "next-steps"]

    static func load(path: String) throws(InputErrors) -> PilotProfile {
        let text = try InputFile.utf8Text(at: path)
        let root = try NodeReader.compose(text, file: path)
        let r = NodeReader(file: path)
        let profile = read(root, r, indicatorCount: 10)
        if r.hasErrors || profile == nil { throw InputErrors(r.diagnostics) }
        var p = profile!
        p.source = path
        return p
    }

    static func read(_ node: Node, _ r: NodeReader, indicatorCount: Int) -> PilotProfile? {
        guard let entries = r.mapping(node, "试点档案", allowed: keys) else { return nil }
        var e: [String: Node] = [:]
        for entry in entries { e[entry.key] = entry.value }
        func required(_ key: String, _ label: String) -> Node? {
            guard let n = e[key] else { r.error(node, "试点档案缺少“\(key)”（\(label)）"); return nil }
            return n
        }
        let name = required("name", "试点名称").flatMap { r.string($0, "试点名称") }
        let region = required("region", "试点区域").flatMap { r.string($0, "试点区域") }
        let lead = required("lead", "牵头单位").flatMap { r.string($0, "牵头单位") }
        let participants = required("participants", "参与单位").flatMap { r.stringList($0, "参与单位") }
        let approved = required("approved", "获批日期").flatMap { r.date($0, "获批日期（approved）") }
        var enterprises: [PilotProfile.Enterprise] = []
        if let n = required("enterprises", "主要企业"), let list = r.sequence(n, "主要企业") {
            for item in list {
                if item.mapping != nil {
                    let f = Fields(item, r, "主要企业")
                    if let nm = f.string("name") {
                        enterprises.append(.init(name: nm, role: f.string("role", required: false), note: f.string("note", required: false)))
                    }
                } else if let s = r.string(item, "主要企业") {
                    enterprises.append(.init(name: s))
                }
            }
            if list.isEmpty { r.error(n, "主要企业至少应有一家") }
        }
        var contacts: [PilotProfile.Contact] = []
        if let n = e["contacts"], let list = r.sequence(n, "联系人") {
            for item in list {
                let f = Fields(item, r, "联系人")
                if let nm = f.string("name") {
                    contacts.append(.init(name: nm, title: f.string("title", required: false),
                                          unit: f.string("unit", required: false), phone: f.string("phone", required: false)))
                }
            }
        }
        var achievements: [Int: String] = [:]
        if let n = e["achievements"], let entries = r.mapping(n, "主要做法与成效（achievements）") {
            for entry in entries {
                guard let k = NumberKey.canonical(entry.key), (1...indicatorCount).contains(k) else {
                    r.error(entry.keyNode, "主要做法与成效的键“\(NodeReader.quote(entry.key))”应为一级指标序号 1 至 \(indicatorCount)")
                    continue
                }
                if let s = r.string(entry.value, "主要做法与成效第\(k)条", required: false) { achievements[k] = s }
            }
        }
        func text(_ key: String) -> String? { e[key].flatMap { r.string($0, "试点档案的“\(key)”", required: false) } }
        func list(_ key: String) -> [String] { e[key].flatMap { r.stringList($0, "试点档案的“\(key)”") } ?? [] }
        guard let name, let region, let lead, let participants, let approved else { return nil }
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { r.error(e["name"], "试点名称不能为空"); return nil }
        return PilotProfile(name: name, region: region, province: text("province"), industry: text("industry"), lead: lead,
                            participants: participants, approved: approved, enterprises: enterprises, contacts: contacts,
                            overview: text("overview"), selfAssessmentWork: text("self-assessment-work"),
                            achievements: achievements, problems: list("problems"), nextSteps: list("next-steps"))
    }
}
import Foundation
