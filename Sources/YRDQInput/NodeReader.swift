import Yams
import YRDQCore

/// Walks a composed YAML tree, collecting every problem with its line and column
/// rather than stopping at the first.
final class NodeReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// A runaway input (an alias bomb, a huge generated file) must not flood the terminal.
    static let maximumDiagnostics = 200

    init(file: String) { self.file = file }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func error(_ node: Node?, item: Int? = nil, kind: Diagnostic.Kind = .unspecified, _ message: String) {
        report(.error, node, item: item, kind: kind, message)
    }
    /// Problems found elsewhere (by the validator, for a part this reader read), in order.
    func append(_ found: [Diagnostic]) {
        for d in found { report(d.severity, nil, item: d.item, kind: d.kind, d.message, at: d) }
    }
    /// Runs `body` and takes back the problems it reported: a draft carries them beside the
    /// part they are about, for the validator to report where it checks that part.
    func capturing<T>(_ body: () -> T) -> (T, [Diagnostic]) {
        let start = diagnostics.count
        let value = body()
        let found = Array(diagnostics[start...])
        diagnostics.removeSubrange(start...)
        return (value, found)
    }
    /// Where a node is, for a draft.
    static func place(_ node: Node?) -> SheetDraft.Place {
        SheetDraft.Place(line: node?.mark?.line, column: node?.mark?.column)
    }
    func warning(_ node: Node?, item: Int? = nil, _ message: String) {
        report(.warning, node, item: item, message)
    }
    private func report(_ severity: Diagnostic.Severity, _ node: Node?, item: Int?, kind: Diagnostic.Kind = .unspecified, _ message: String,
                        at given: Diagnostic? = nil) {
        guard diagnostics.count < Self.maximumDiagnostics else { return }
        let mark = node?.mark
        diagnostics.append(given ?? Diagnostic(severity, file: file, line: mark?.line, column: mark?.column, item: item, kind: kind, message))
        if diagnostics.count == Self.maximumDiagnostics {
            diagnostics.append(Diagnostic(file: file, "问题过多，只列出前 \(Self.maximumDiagnostics) 个"))
        }
    }

    /// Composes a YAML text into a tree; syntax errors become diagnostics with their position.
    /// Every input file is a mapping: a file that is one bare text (a password file, a key, a
    /// note named by mistake) is refused without showing any of it. `what` names the kind of
    /// file expected (评分表), for that message.
    static func compose(_ text: String, file: String, what: String = "文件") throws(InputErrors) -> Node {
        if let bomb = AliasGuard.check(text, file: file) { throw InputErrors([bomb]) }
        let node: Node?
        do {
            // No implicit tag resolution: every reader interprets its scalars itself (Points.parse,
            // CivilDate, bool), and the default resolver's regular expressions were a tenth of a render.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw InputErrors([yamlDiagnostic(error, file: file)])
        } catch {
            throw InputErrors([Diagnostic(file: file, "YAML 格式错误：\(error)")])
        }
        guard let node else { throw InputErrors([Diagnostic(file: file, "文件是空的")]) }
        if node.scalar != nil {
            throw InputErrors([Diagnostic(file: file, "\(what)应为“键: 值”形式的映射，实际为一段文字（内容不予显示；请检查是否选错了文件）")])
        }
        return node
    }

    static func yamlDiagnostic(_ error: YamlError, file: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var text = "YAML 格式错误：\(problem)"
            if let context { text += "（\(context.text)，始于第\(context.mark.line)行）" }
            return Diagnostic(file: file, line: mark.line, column: mark.column, text)
        case let .reader(problem, offset, _, _):
            return Diagnostic(file: file, "无法读取 YAML：\(problem)\(offset.map { "（第 \($0 + 1) 字节）" } ?? "")")
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(file: file, line: context.mark.line, column: context.mark.column,
                              "重复的键：\(duplicates.prefix(5).map(quote).joined(separator: "、"))\(duplicates.count > 5 ? " 等" : "")")
        default:
            return Diagnostic(file: file, "YAML 格式错误：\(error)")
        }
    }

    // MARK: Shapes

    /// A mapping's entries with string keys; reports keys not in `allowed` (when given).
    func mapping(_ node: Node, _ what: String, allowed: Set<String>? = nil, item: Int? = nil) -> [(key: String, keyNode: Node, value: Node)]? {
        guard let mapping = node.mapping else {
            error(node, item: item, "\(what)应为“键: 值”形式的映射，实际为\(describe(node))")
            return nil
        }
        // A whole file none of whose keys belongs (a password file, another program's
        // configuration named by mistake): said once, without showing any of its content.
        if let allowed, Self.isRoot(node), !mapping.isEmpty,
           !mapping.contains(where: { k, _ in k.scalar.map { allowed.contains($0.string) } ?? false }) {
            error(node, item: item, "\(what)中没有任何应有的键（允许：\(allowed.sorted().joined(separator: "、"))），这不像是\(what)文件（内容不予显示；请检查是否选错了文件）")
            return nil
        }
        var seen = Set<String>()
        var result: [(String, Node, Node)] = []
        for (k, v) in mapping {
            guard let key = k.scalar?.string else {
                error(k, item: item, "\(what)的键应为文字，实际为\(describe(k))")
                continue
            }
            if !seen.insert(key).inserted {
                error(k, item: item, "\(what)中的“\(Self.quote(key))”重复出现")
                continue
            }
            if let allowed, !allowed.contains(key) {
                error(k, item: item, "\(what)中有未知的键“\(Self.quote(key))”（允许：\(allowed.sorted().joined(separator: "、"))）")
                continue
            }
            result.append((key, k, v))
        }
        return result
    }

    /// Whether `node` is a file's top-level mapping: only it can start in the first column
    /// (every nested block mapping is indented; a nested flow mapping follows its key).
    static func isRoot(_ node: Node) -> Bool {
        node.mapping != nil && node.mark?.column == 1
    }

    func sequence(_ node: Node, _ what: String, item: Int? = nil) -> [Node]? {
        if node.isNull { return [] }
        guard let seq = node.sequence else {
            error(node, item: item, "\(what)应为列表（如 [a, b] 或每行“- a”），实际为\(describe(node))")
            return nil
        }
        // A list a person fills in (participants, enterprises, evidence, findings…) has tens of
        // entries; hundreds of thousands (an 8 MB file of "- a" lines) would only make documents
        // of thousands of pages. Refused by its count, before any entry is read.
        if seq.count > Self.maximumListEntries {
            error(node, item: item, "\(what)有 \(seq.count) 项，超过上限 \(Self.maximumListEntries) 项（不像是手工填写的内容；请检查是否选错了文件）")
            return nil
        }
        return Array(seq)
    }

    /// The most entries any one list in a sheet, profile or panel may have.
    static let maximumListEntries = 1000

    /// Text; numbers and dates are taken as written.
    func string(_ node: Node, _ what: String, item: Int? = nil, required: Bool = true) -> String? {
        guard let scalar = node.scalar else {
            error(node, item: item, "\(what)应为文字，实际为\(describe(node))")
            return nil
        }
        if node.isNull {
            if required { error(node, item: item, "\(what)不能为空") }
            return nil
        }
        let text = scalar.string
        if text.unicodeScalars.contains(where: { $0.value == 0 }) {
            error(node, item: item, "\(what)含有 NUL 字符")
            return nil
        }
        return text
    }

    func stringList(_ node: Node, _ what: String, item: Int? = nil) -> [String]? {
        if let scalar = node.scalar, !node.isNull { return [scalar.string] }
        guard let nodes = sequence(node, what, item: item) else { return nil }
        var result: [String] = []
        for n in nodes { if let s = string(n, "\(what)中的一项", item: item) { result.append(s) } }
        return result
    }

    func points(_ node: Node, _ what: String, item: Int? = nil, max: Points? = nil) -> Points? {
        guard let scalar = node.scalar, !node.isNull else {
            if node.isNull { error(node, item: item, "\(what)没有填写") }
            else { error(node, item: item, "\(what)应为数字，实际为\(describe(node))") }
            return nil
        }
        switch SheetValidator.score(scalar.string, max: max) {
        case .failure(let problem):
            report(.error, node, item: item, kind: problem.kind, what + problem.text)
            return nil
        case .success(let p):
            return p
        }
    }

    func date(_ node: Node, _ what: String) -> CivilDate? {
        guard let text = string(node, what) else { return nil }
        switch CivilDate.parse(text) {
        case .success(let date): return date
        case .failure(let problem):
            error(node, kind: .date, "\(what)“\(Self.quote(text))”\(problem.message)")
            return nil
        }
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        if let b = node.bool, node.scalar?.style == .plain { return b }
        if let s = node.scalar?.string {
            switch s.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "yes", "是", "有": return true
            case "false", "no", "否", "无", "": return false
            default: break
            }
        }
        error(node, "\(what)应为 true 或 false，实际为\(describe(node))")
        return nil
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "映射"
        case .sequence: return "列表"
        case .alias: return "别名"
        case .scalar(let s): return node.isNull ? "空值" : "“\(Self.quote(s.string))”"
        }
    }

    /// A value from the user's own input shown in a message: a short excerpt on one line,
    /// control and bidi characters escaped (`\u{202E}`).
    static func quote(_ text: String) -> String { SheetValidator.quote(text) }
}

extension Node {
    var isNull: Bool {
        guard let s = scalar, s.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }
}
import Foundation
