import Yams
import YRDQCore

extension NodeReader {
    /// A name that identifies someone or something (a pilot, a region, a unit, a bureau, a
    /// person): text without bidi controls or invisible characters (`NameText.problem`), stored
    /// `NameText.cleaned`. Empty once cleaned (`""`, spaces, full-width spaces) counts as not
    /// given: an error when `required`, nil otherwise.
    func nameField(_ node: Node, _ what: String, required: Bool = true) -> String? {
        guard let raw = string(node, what, required: required) else { return nil }
        if let problem = NameText.problem(raw) {
            error(node, "\(what)“\(Self.quote(raw))”\(problem)")
            return nil
        }
        let clean = NameText.cleaned(raw)
        if clean.isEmpty {
            if required { error(node, "\(what)不能为空") }
            return nil
        }
        return clean
    }

    /// A list of names (each as `nameField`); an empty list is an error when `required`.
    func nameList(_ node: Node, _ what: String, required: Bool = true) -> [String]? {
        if node.scalar != nil, !node.isNull { return nameField(node, what, required: required).map { [$0] } }
        guard let nodes = sequence(node, what) else { return nil }
        if nodes.isEmpty {
            if required { error(node, "\(what)不能为空（至少应有一项）") }
            return required ? nil : []
        }
        var result: [String] = []
        var failed = false
        for n in nodes {
            if let s = nameField(n, "\(what)中的一项") { result.append(s) } else { failed = true }
        }
        return failed && required ? nil : result
    }
}
