import CYaml
import YRDQCore

/// Refuses YAML whose aliases would expand into a huge tree (a "billion laughs" alias bomb).
///
/// Yams shares an alias's node rather than copying it, so values cost nothing; but it hashes
/// every mapping key to find duplicates, and a key that is an alias of a nested list of lists
/// is hashed in full — 10⁹ nodes for a 400-byte file, a hang. This pass reads the parser's
/// events (no tree is built), sizes each anchored node as it would be when expanded, and stops
/// once the aliases together stand for more nodes than any hand-typed file needs.
enum AliasGuard {
    /// Nodes that aliases may add in all. A sheet or profile that reuses a list or two is far below this.
    static let maximumAliasedNodes = 100_000

    /// A diagnostic if the text's aliases expand beyond the limit; nil otherwise (also for
    /// text that does not parse: the composer reports those errors with its own messages).
    static func check(_ text: String, file: String) -> Diagnostic? {
        var bytes = Array(text.utf8)
        if !bytes.contains(UInt8(ascii: "*")) { return nil }     // no alias can be present
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer -> Diagnostic? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            // Sizes of anchored nodes (expanded), and the open collections: their size so far and anchor.
            var anchors: [String: Int] = [:]
            var open: [(size: Int, anchor: String?)] = []
            var aliased = 0
            func add(_ n: Int) { if !open.isEmpty { open[open.count - 1].size = min(open[open.count - 1].size + n, Int.max / 2) } }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    if let a = event.data.scalar.anchor { anchors[String(cString: a)] = 1 }
                    add(1)
                case YAML_SEQUENCE_START_EVENT:
                    open.append((1, event.data.sequence_start.anchor.map { String(cString: $0) }))
                case YAML_MAPPING_START_EVENT:
                    open.append((1, event.data.mapping_start.anchor.map { String(cString: $0) }))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let last = open.popLast() else { return nil }
                    if let a = last.anchor { anchors[a] = last.size }
                    add(last.size)
                case YAML_ALIAS_EVENT:
                    let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                    let size = anchors[name] ?? 1
                    aliased = min(aliased + size, Int.max / 2)
                    add(size)
                    if aliased > maximumAliasedNodes {
                        let mark = event.start_mark
                        return Diagnostic(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1,
                            "YAML 别名（*\(NodeReader.quote(name))）展开后过大（超过 \(maximumAliasedNodes) 个节点），疑似“别名炸弹”；请直接写出内容，不要层层引用别名")
                    }
                default:
                    break
                }
            }
        }
    }
}
