import Yams
import YRDQCore

/// Loads an indicator system from YAML (rubric/*.yaml) and refuses one that does not add up.
public enum RubricReader {
    public static func load(path: String) throws(InputErrors) -> Rubric {
        try parse(InputFile.utf8Text(at: path), file: path)
    }

    public static func parse(_ text: String, file: String) throws(InputErrors) -> Rubric {
        let root = try NodeReader.compose(text, file: file)
        let r = NodeReader(file: file)
        let rubric = read(root, r)
        if r.hasErrors || rubric == nil { throw InputErrors(r.diagnostics) }
        let problems = RubricIntegrity.problems(in: rubric!)
        if !problems.isEmpty {
            throw InputErrors(problems.map { Diagnostic(file: file, "指标体系不一致：\($0)") })
        }
        return rubric!
    }

    private static func read(_ root: Node, _ r: NodeReader) -> Rubric? {
        guard root.mapping != nil else { r.error(root, "指标体系文件应为映射"); return nil }
        let f = Fields(root, r, "指标体系")
        let categories = f.list("categories") { node, r -> Rubric.Category? in
            let c = Fields(node, r, "评估事项")
            var indicators: [Rubric.Indicator] = []
            for n in c.nodes("indicators") {
                let i = Fields(n, r, "一级指标")
                let groups = i.list("groups") { g, r -> Rubric.Group? in
                    let gf = Fields(g, r, "二级指标")
                    let items = gf.list("items") { it, r -> Rubric.Item? in
                        let itf = Fields(it, r, "三级指标")
                        let criteria = itf.list("criteria") { cn, r -> Rubric.Criterion? in
                            let cf = Fields(cn, r, "评分标准")
                            guard let t = cf.string("text"), let p = cf.points("points") else { return nil }
                            return Rubric.Criterion(text: t, points: p)
                        }
                        guard let num = itf.int("number"), let text = itf.string("text"), let p = itf.points("points") else { return nil }
                        return Rubric.Item(number: num, text: text, points: p, footnotes: itf.strings("footnotes"), criteria: criteria)
                    }
                    guard let num = gf.int("number"), let name = gf.string("name"), let p = gf.points("points") else { return nil }
                    return Rubric.Group(number: num, name: name, points: p, preamble: gf.string("preamble", required: false),
                                        preambleFootnotes: gf.strings("preamble-footnotes"),
                                        timing: gf.enumValue("timing", Rubric.Timing.self), items: items)
                }
                if let numeral = i.string("number"), let name = i.string("name"), let p = i.points("points") {
                    indicators.append(Rubric.Indicator(index: 0, numeral: numeral, name: name, points: p, groups: groups))
                }
            }
            guard let name = c.string("name"), let p = c.points("points") else { return nil }
            return Rubric.Category(name: name, points: p, indicators: indicators)
        }
        var numbered = categories
        var index = 0
        for c in numbered.indices {
            for i in numbered[c].indicators.indices { index += 1; numbered[c].indicators[i].index = index }
        }

        let bonus: BonusRules? = f.child("bonus").flatMap { node in
            let b = Fields(node, r, "加分项")
            let cats = b.list("categories") { cn, r -> BonusRules.Category? in
                let cf = Fields(cn, r, "加分类别")
                let levels = cf.list("levels") { ln, r -> BonusRules.Level? in
                    let lf = Fields(ln, r, "加分等级")
                    guard let id = lf.string("id"), let name = lf.string("name"), let text = lf.string("text"),
                          let p = lf.points("points") else { return nil }
                    return BonusRules.Level(id: id, name: name, text: text, points: p)
                }
                guard let id = cf.string("id"), let numeral = cf.string("number"), let name = cf.string("name"),
                      let p = cf.points("points") else { return nil }
                return BonusRules.Category(id: id, numeral: numeral, name: name, points: p,
                                           preamble: cf.string("preamble", required: false),
                                           timing: cf.enumValue("timing", Rubric.Timing.self), levels: levels)
            }
            guard let rule = b.enumValue("rule", BonusRules.Rule.self, required: true), let p = b.points("points") else { return BonusRules?.none }
            return BonusRules(rule: rule, points: p, categories: cats)
        }
        let deductions: DeductionRules? = f.child("deductions").flatMap { node in
            let d = Fields(node, r, "减分项")
            let conditions = d.list("conditions") { cn, r -> DeductionRules.Condition? in
                let cf = Fields(cn, r, "减分条件")
                guard let id = cf.string("id"), let p = cf.points("points"), let text = cf.string("text") else { return nil }
                return DeductionRules.Condition(id: id, points: p, text: text,
                                                bodyText: cf.string("body-text", required: false) ?? text,
                                                footnotes: cf.strings("footnotes"))
            }
            guard let rule = d.enumValue("rule", DeductionRules.Rule.self, required: true),
                  let numeral = d.string("number"), let name = d.string("name"), let pre = d.string("preamble") else { return DeductionRules?.none }
            return DeductionRules(rule: rule, numeral: numeral, name: name, preamble: pre, conditions: conditions)
        }
        let footnotes = f.list("footnotes") { n, r -> Rubric.Footnote? in
            let ff = Fields(n, r, "脚注")
            guard let id = ff.string("id"), let term = ff.string("term"), let text = ff.string("text") else { return nil }
            return Rubric.Footnote(id: id, term: term, text: text)
        }
        let panel: PanelRules? = f.child("panel").flatMap { node in
            let p = Fields(node, r, "专家组")
            guard let lo = p.int("min-experts"), let hi = p.int("max-experts") else { return PanelRules?.none }
            return PanelRules(minExperts: lo, maxExperts: hi, expertKinds: p.strings("expert-kinds"),
                              rule: p.string("rule", required: false) ?? "")
        }
        let thresholds: Thresholds? = f.child("thresholds").flatMap { node in
            let t = Fields(node, r, "阈值")
            func threshold(_ key: String) -> Threshold? {
                guard let n = t.child(key) else { return nil }
                let tf = Fields(n, r, "阈值“\(key)”")
                guard let cmp = tf.enumValue("compare", Threshold.Comparison.self, required: true),
                      let p = tf.points("points"), let rule = tf.string("rule") else { return nil }
                return Threshold(comparison: cmp, points: p, rule: rule, source: tf.string("source", required: false) ?? "")
            }
            guard let a = threshold("apply"), let d = threshold("designate"), let s = threshold("suspend") else { return Thresholds?.none }
            return Thresholds(apply: a, designate: d, suspend: s)
        }
        let titles = f.child("titles").map { Fields($0, r, "称号") }
        guard let id = f.string("id"), let title = f.string("title"), let total = f.points("total"),
              let bonus, let deductions, let panel, let thresholds, let months = f.int("construction-cycle-months"),
              let designation = titles?.string("designation"), let pilotTitle = titles?.string("pilot") else { return nil }
        return Rubric(id: id, title: title, documentNumber: f.string("document-number", required: false) ?? "",
                      issued: f.child("issued").flatMap { r.date($0, "发布日期") },
                      issuers: f.strings("issuers"), appendixTitle: f.string("appendix-title", required: false) ?? title,
                      total: total, categories: numbered, bonus: bonus, deductions: deductions, footnotes: footnotes,
                      constructionCycleMonths: months, panel: panel, thresholds: thresholds,
                      designationTitle: designation, pilotTitle: pilotTitle)
    }
}

/// Typed access to one mapping's fields, reporting missing and malformed ones.
struct Fields {
    let entries: [String: Node]
    let node: Node
    let r: NodeReader
    let what: String

    init(_ node: Node, _ r: NodeReader, _ what: String) {
        self.node = node; self.r = r; self.what = what
        var e: [String: Node] = [:]
        for entry in r.mapping(node, what) ?? [] { e[entry.key] = entry.value }
        entries = e
    }

    func child(_ key: String, required: Bool = true) -> Node? {
        guard let n = entries[key] else {
            if required { r.error(node, "\(what)缺少“\(key)”") }
            return nil
        }
        return n
    }
    func string(_ key: String, required: Bool = true) -> String? {
        guard let n = child(key, required: required) else { return nil }
        return r.string(n, "\(what)的“\(key)”", required: required)
    }
    func strings(_ key: String) -> [String] {
        guard let n = entries[key] else { return [] }
        return r.stringList(n, "\(what)的“\(key)”") ?? []
    }
    func int(_ key: String) -> Int? {
        guard let n = child(key) else { return nil }
        guard let s = n.scalar?.string, let v = Int(s) else {
            r.error(n, "\(what)的“\(key)”应为整数，实际为\(r.describe(n))")
            return nil
        }
        return v
    }
    func points(_ key: String) -> Points? {
        guard let n = child(key) else { return nil }
        return r.points(n, "\(what)的“\(key)”")
    }
    func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool = false) -> E? where E.RawValue == String {
        guard let n = child(key, required: required), let s = r.string(n, "\(what)的“\(key)”") else { return nil }
        guard let v = E(rawValue: s) else {
            r.error(n, "\(what)的“\(key)”为未知值“\(NodeReader.quote(s))”（允许：\(E.allCases.map(\.rawValue).joined(separator: " | "))）")
            return nil
        }
        return v
    }
    func nodes(_ key: String) -> [Node] {
        guard let n = child(key) else { return [] }
        return r.sequence(n, "\(what)的“\(key)”") ?? []
    }
    func list<T>(_ key: String, _ read: (Node, NodeReader) -> T?) -> [T] {
        nodes(key).compactMap { read($0, r) }
    }
}
