import Yams
import YRDQCore

/// Reads a pilot profile (pilot.yaml), from a file or inline in a sheet.
enum ProfileReader {
    static let keys: Set<String> = ["name", "region", "province", "industry", "lead", "participants", "approved",
                                    "enterprises", "contacts", "overview", "self-assessment-work", "achievements",
                                    "problems", "next-steps", "issuer"]

    static func load(path: String) throws(InputErrors) -> PilotProfile {
        try loadWithWarnings(path: path).profile
    }

    /// The profile and the warnings met reading it (the placeholder approval date among them).
    static func loadWithWarnings(path: String) throws(InputErrors) -> (profile: PilotProfile, warnings: [Diagnostic]) {
        let text = try InputFile.utf8Text(at: path)
        let root = try NodeReader.compose(text, file: path)
        let r = NodeReader(file: path)
        let profile = read(root, r, indicatorCount: 10)
        if r.hasErrors || profile == nil { throw InputErrors(r.diagnostics) }
        var p = profile!
        p.source = path
        return (p, r.diagnostics)
    }

    static func read(_ node: Node, _ r: NodeReader, indicatorCount: Int) -> PilotProfile? {
        guard let entries = r.mapping(node, "试点档案", allowed: keys) else { return nil }
        var e: [String: Node] = [:]
        for entry in entries { e[entry.key] = entry.value }
        func required(_ key: String, _ label: String) -> Node? {
            guard let n = e[key] else { r.error(node, "试点档案缺少“\(key)”（\(label)）"); return nil }
            return n
        }
        let name = required("name", "试点名称").flatMap { r.nameField($0, "试点名称") }
        let region = required("region", "试点区域").flatMap { r.nameField($0, "试点区域") }
        let lead = required("lead", "牵头单位").flatMap { r.nameField($0, "牵头单位") }
        let participants = required("participants", "参与单位").flatMap { r.nameList($0, "参与单位") }
        let approvedNode = required("approved", "获批日期")
        let approved = approvedNode.flatMap { r.date($0, "获批日期（approved）") }
        if let approved, approved == PilotProfile.placeholderApproval {
            r.warning(approvedNode, "获批日期（approved）仍是 yrdq init 写入的占位日期 \(approved)，请改为试点获批开展建设的实际日期（建设周期和荣誉是否在周期内都据此计算，报告也会印出）")
        }
        var enterprises: [PilotProfile.Enterprise] = []
        if let n = required("enterprises", "主要企业"), let list = r.sequence(n, "主要企业") {
            for item in list {
                if item.mapping != nil {
                    let f = Fields(item, r, "主要企业")
                    if let nn = f.child("name"), let nm = r.nameField(nn, "主要企业名称") {
                        enterprises.append(.init(name: nm, role: f.string("role", required: false), note: f.string("note", required: false)))
                    }
                } else if let s = r.nameField(item, "主要企业名称") {
                    enterprises.append(.init(name: s))
                }
            }
            if list.isEmpty { r.error(n, "主要企业至少应有一家") }
        }
        var contacts: [PilotProfile.Contact] = []
        if let n = e["contacts"], let list = r.sequence(n, "联系人") {
            for item in list {
                let f = Fields(item, r, "联系人")
                // A contact left as init wrote it ({name: ""}) is no contact; a name that is given is a name.
                if let nn = f.child("name"), let nm = r.nameField(nn, "联系人姓名", required: false) {
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
        func optionalName(_ key: String, _ label: String) -> String? { e[key].flatMap { r.nameField($0, label, required: false) } }
        func list(_ key: String) -> [String] { e[key].flatMap { r.stringList($0, "试点档案的“\(key)”") } ?? [] }
        let province = optionalName("province", "所在省（市）（province）")
        let industry = optionalName("industry", "试点产业（industry）")
        let issuer = e["issuer"].flatMap { IssuerReader.read($0, r, what: "试点档案的发文信息（issuer）", needsSignatory: true) }
        guard let name, let region, let lead, let participants, let approved else { return nil }
        var profile = PilotProfile(name: name, region: region, province: province, industry: industry, lead: lead,
                            participants: participants, approved: approved, enterprises: enterprises, contacts: contacts,
                            overview: text("overview"), selfAssessmentWork: text("self-assessment-work"),
                            achievements: achievements, problems: list("problems"), nextSteps: list("next-steps"))
        profile.issuer = issuer
        return profile
    }
}
import Foundation
