import Foundation
import Yams
import YRDQCore

/// Reads a provincial panel file and every expert sheet it names.
public enum PanelReader {
    static let keys: Set<String> = ["pilot", "province", "bureau", "date", "material-review", "site-review", "leader",
                                    "aggregation", "experts", "bonus", "deductions", "bonus-grounds", "deduction-grounds",
                                    "findings", "recommendations", "issuer", "verification-page"]

    public static func load(path: String, reader: SheetReader, requirePilot: Bool = false) throws(InputErrors) -> Panel {
        let rubric = reader.rubric
        let text = try InputFile.utf8Text(at: path)
        let root = try NodeReader.compose(text, file: path)
        let r = NodeReader(file: path)
        var external: [Diagnostic] = []
        guard let entries = r.mapping(root, "专家组评分文件", allowed: keys) else { throw InputErrors(r.diagnostics) }
        var e: [String: Node] = [:]
        for entry in entries { e[entry.key] = entry.value }

        var pilot: PilotProfile? = nil
        if let n = e["pilot"] { pilot = reader.pilot(n, r, file: path, external: &external) }
        if requirePilot && pilot == nil && e["pilot"] == nil { r.error(root, "缺少试点档案（pilot: pilot.yaml），生成文档时需要") }
        var aggregation = Aggregation.mean
        if let n = e["aggregation"], let s = r.string(n, "汇总方式（aggregation）") {
            if let a = Aggregation(rawValue: s) { aggregation = a }
            else { r.error(n, "未知的汇总方式“\(NodeReader.quote(s))”（允许：mean（算术平均）| trimmed（去掉一个最高分和一个最低分））") }
        }
        var experts: [ScoreSheet] = []
        /// The node in the panel's list that named each expert in `experts`.
        var expertNodes: [Node] = []
        if let n = e["experts"], let list = r.sequence(n, "专家评分表（experts）") {
            let range = rubric.panel.minExperts...rubric.panel.maxExperts
            if !range.contains(list.count) {
                r.error(n, "专家组有 \(list.count) 位专家，指南规定评估专家组为 \(range.lowerBound)—\(range.upperBound) 人")
            }
            // Too many is refused by its count alone: hundreds of sheets are not read to say so.
            if list.count <= range.upperBound {
                readExperts(list, panelPath: path, pilot: pilot, reader: reader, r, &experts, &expertNodes, &external)
            }
        } else if e["experts"] == nil {
            r.error(root, "缺少专家评分表列表（experts: [experts/a.yaml, …]）")
        }
        let adjustments = reader.readAdjustments(bonus: e["bonus"], deductions: e["deductions"],
                                                 bonusGrounds: e["bonus-grounds"], deductionGrounds: e["deduction-grounds"], r)
        let leader = e["leader"].flatMap { r.nameField($0, "专家组组长（leader）") }
        if let leader, let n = e["leader"], !experts.isEmpty,
           !experts.contains(where: { a in a.assessor.map { NameText.identityKey($0.name) == NameText.identityKey(leader) } ?? false }) {
            r.error(n, "专家组组长“\(NodeReader.quote(leader))”不在专家名单中（专家：\(experts.compactMap { $0.assessor.map { NodeReader.quote($0.name) } }.joined(separator: "、"))）")
        }
        func textField(_ key: String, _ label: String) -> String? { e[key].flatMap { r.string($0, label, required: false) } }
        func nameField(_ key: String, _ label: String) -> String? { e[key].flatMap { r.nameField($0, label, required: false) } }
        func listField(_ key: String, _ label: String) -> [String] { e[key].flatMap { r.stringList($0, label) } ?? [] }
        let issuer = e["issuer"].flatMap { IssuerReader.read($0, r, what: "专家组文件的发文信息（issuer）", needsSignatory: false) }
        var panel = Panel(source: path, pilot: pilot, province: nameField("province", "省份（province）"),
                          bureau: nameField("bureau", "评估单位（bureau）"),
                          date: e["date"].flatMap { r.date($0, "评估日期（date）") },
                          materialReview: e["material-review"].flatMap { r.date($0, "材料评审日期") },
                          siteReview: e["site-review"].flatMap { r.date($0, "现场评审日期") },
                          leader: leader, aggregation: aggregation, experts: experts, adjustments: adjustments,
                          findings: listField("findings", "主要成效（findings）"),
                          recommendations: listField("recommendations", "存在问题与改进建议（recommendations）"))
        panel.issuer = issuer
        if let n = e["verification-page"], let address = r.string(n, "核验页面地址（verification-page）") {
            if let problem = VerificationPageAddress.problem(address) {
                r.error(n, "核验页面地址（verification-page）“\(NodeReader.quote(address))”不可用：\(problem)")
            } else {
                panel.verificationPage = address
            }
        }
        for problem in PanelChecks.dateProblems(panel) {
            let node: Node?
            switch problem.field {
            case .date: node = e["date"]
            case .materialReview: node = e["material-review"]
            case .siteReview: node = e["site-review"]
            case .expert(let i): node = i < expertNodes.count ? expertNodes[i] : e["experts"]
            }
            r.error(node, problem.message)
        }
        for (_, message) in PanelChecks.honoursAfter(panel.date, adjustments, rubric: rubric) { r.error(e["bonus"], message) }
        // The same problem met through several expert sheets (a shared profile) is reported once.
        var seen = Set<Diagnostic>()
        let all = (r.diagnostics + external).filter { seen.insert($0).inserted }
        if all.contains(where: { $0.severity == .error }) { throw InputErrors(all) }
        reader.warnings += all
        let engine = ScoringEngine(rubric: rubric)
        reader.warnings += PanelChecks.adjustmentWarnings(rubric: rubric, panel: panel, opinions: engine.adjustmentOpinions(panel))
        if let p = pilot {
            let w = CycleCheck.warnings(rubric: rubric, approved: p.approved, evaluated: panel.date, sheet: nil,
                                        adjustments: adjustments, file: path)
            reader.warnings += w
        }
        return panel
    }

    /// Reads the expert sheets the panel lists: each file once, each expert once (name and
    /// organisation compared as identities, however they are spelt), each about the panel's pilot.
    private static func readExperts(_ list: [Node], panelPath path: String, pilot: PilotProfile?, reader: SheetReader,
                                    _ r: NodeReader, _ experts: inout [ScoreSheet], _ expertNodes: inout [Node],
                                    _ external: inout [Diagnostic]) {
        var seenFiles: [String: Int] = [:]
        var seenExperts: [String: Int] = [:]
        for (i, node) in list.enumerated() {
            // An entry is the sheet's path, or (as `panel init` writes it) the path with the
            // expert it was handed to: {sheet: experts/王建华.xlsx, name: 王建华, organization: …}.
            var pathNode = node
            var listed: (name: String, organization: String?)? = nil
            if node.mapping != nil {
                guard let fields = r.mapping(node, "第\(i + 1)位专家", allowed: ["sheet", "name", "organization", "kind"]) else { continue }
                var f: [String: Node] = [:]
                for field in fields { f[field.key] = field.value }
                guard let s = f["sheet"] else { r.error(node, "第\(i + 1)位专家缺少评分表路径（sheet）"); continue }
                pathNode = s
                guard let n = f["name"] else { r.error(node, "第\(i + 1)位专家缺少姓名（name）"); continue }
                guard let name = r.nameField(n, "第\(i + 1)位专家的姓名（name）") else { continue }
                listed = (name, f["organization"].flatMap { r.nameField($0, "第\(i + 1)位专家的单位（organization）", required: false) })
            }
            guard let rel = r.string(pathNode, "第\(i + 1)位专家的评分表路径") else { continue }
            let file = SheetReader.resolve(rel, besides: path)
            let key = URL(fileURLWithPath: file).standardizedFileURL.path
            if let first = seenFiles[key] {
                r.error(node, "第\(i + 1)位专家的评分表“\(NodeReader.quote(rel))”与第\(first)位相同（同一专家不能重复计入）")
                continue
            }
            seenFiles[key] = i + 1
            do {
                let sheet = try reader.load(path: file, requireAssessor: true)
                if let a = sheet.assessor {
                    let id = a.identity
                    if let first = seenExperts[id] {
                        r.error(node, "专家“\(NodeReader.quote(a.name))”（\(NodeReader.quote(a.organization))）在第\(first)和第\(i + 1)份评分表中重复出现（同一专家不能重复计入）")
                        continue
                    }
                    seenExperts[id] = i + 1
                }
                if let own = sheet.pilot, let pilot, NameText.identityKey(own.name) != NameText.identityKey(pilot.name) {
                    r.error(node, "第\(i + 1)位专家的评分表“\(NodeReader.quote(rel))”评的是试点“\(NodeReader.quote(own.name))”，不是本专家组评估的“\(NodeReader.quote(pilot.name))”")
                    continue
                }
                if let listed, let a = sheet.assessor,
                   NameText.identityKey(a.name) != NameText.identityKey(listed.name)
                    || (listed.organization.map { NameText.identityKey($0) != NameText.identityKey(a.organization) } ?? false) {
                    func who(_ name: String, _ organization: String?) -> String {
                        "“\(NodeReader.quote(name))”" + (organization.map { "（\(NodeReader.quote($0))）" } ?? "")
                    }
                    r.error(node, "第\(i + 1)位专家的评分表“\(NodeReader.quote(rel))”的评估人是\(who(a.name, a.organization))，不是本专家组名单中这份评分表所属的专家\(who(listed.name, listed.organization))")
                    continue
                }
                experts.append(sheet)
                expertNodes.append(node)
            } catch {
                if error.diagnostics.count == 1, error.diagnostics[0].message == "文件不存在" {
                    r.error(node, "第\(i + 1)位专家的评分表“\(NodeReader.quote(rel))”不存在（路径相对于本文件所在目录：\(file)）")
                } else {
                    external += error.diagnostics
                }
            }
        }
    }
}
