/// A problem found in an input, located as precisely as the reader knows.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// The appendix item concerned, if any.
    public var item: Int?
    public var message: String

    public init(_ severity: Severity = .error, file: String? = nil, line: Int? = nil, column: Int? = nil,
                item: Int? = nil, _ message: String) {
        self.severity = severity; self.file = file; self.line = line; self.column = column
        self.item = item; self.message = message
    }

    /// "sheet.yaml:12:5: 错误: 第5项: 得分 2.5 超过该项满分 2".
    public var description: String {
        // The path as data: a line break in a file name cannot start a message line of its own.
        var place = file.map(TerminalText.value) ?? ""
        if let line { place += ":\(line)" }
        if let column, line != nil { place += ":\(column)" }
        let label = severity == .error ? "错误" : "警告"
        var text = place.isEmpty ? "\(label): " : "\(place): \(label): "
        if let item { text += "第\(item)项: " }
        return text + message
    }
}

/// Thrown when an input has errors; carries all of them, not just the first.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
