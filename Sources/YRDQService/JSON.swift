import YRDQCore

/// A JSON value with ordered keys and exact decimal numbers.
public indirect enum JSON: Equatable, Sendable {
    case object([(String, JSON)])
    case array([JSON])
    case string(String)
    /// A number literal, written as given (exact decimals from `Points`).
    case number(String)
    case bool(Bool)
    case null

    public static func points(_ p: Points) -> JSON { .number(p.description) }
    public static func int(_ i: Int) -> JSON { .number(String(i)) }

    public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    public func serialized(indent: Int = 0, pretty: Bool = true) -> String {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let end = pretty ? "\n" + String(repeating: "  ", count: indent) : ""
        let nl = pretty ? "\n" : ""
        switch self {
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{" + nl + pairs.map { pad + JSON.quote($0.0) + (pretty ? ": " : ":") + $0.1.serialized(indent: indent + 1, pretty: pretty) }
                .joined(separator: "," + nl) + end + "}"
        case .array(let values):
            if values.isEmpty { return "[]" }
            return "[" + nl + values.map { pad + $0.serialized(indent: indent + 1, pretty: pretty) }.joined(separator: "," + nl) + end + "]"
        case .string(let s): return JSON.quote(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    public static func quote(_ s: String) -> String { JSONString.quote(s) }
}
import Foundation
