/// A problem found in an input, located as precisely as the reader knows.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// A spreadsheet cell, "评分表!F12", where the input is a workbook (no line there).
    public var cell: String?
    /// The appendix item concerned, if any.
    public var item: Int?
    /// What kind of problem this is, for code that acts on it (the message is for people).
    public var kind: Kind
    public var message: String

    /// The kinds of problem a sheet's validation tells apart.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Not classified (structure, syntax, a file that cannot be read …).
        case unspecified
        /// The file is not what was expected: empty, not a table, no header, a damaged workbook.
        case unreadable
        /// A row or key the rubric does not know.
        case unknownEntry
        /// One row or key given twice.
        case duplicate
        /// A number written another way (`03`, `+3`) where only the plain form is allowed.
        case misspelledNumber
        /// A score that is not a number, or has too many decimals, a decimal comma, a sign …
        case scoreNotANumber
        /// A score above the item's or the criterion's points.
        case scoreTooHigh
        /// Items without a score.
        case missingScore
        /// The number of per-criterion scores differs from the item's criteria.
        case criteriaCount
        /// An honour level the category does not have.
        case unknownLevel
        /// A bonus row's honour title or date is wrong.
        case honour
        /// A deduction neither 是 nor 否.
        case deduction
        /// A date that is not one.
        case date
        /// The assessor's details are incomplete or unsafe to show.
        case assessor
        /// The pilot profile named cannot be used.
        case pilot
        /// A value too large or a list too long to be typed by hand.
        case tooLarge
    }

    public init(_ severity: Severity = .error, file: String? = nil, line: Int? = nil, column: Int? = nil,
                cell: String? = nil, item: Int? = nil, kind: Kind = .unspecified, _ message: String) {
        self.severity = severity; self.file = file; self.line = line; self.column = column; self.cell = cell
        self.item = item; self.kind = kind; self.message = message
    }

    /// "sheet.yaml:12:5: 错误: 第5项: 得分 2.5 超过该项满分 2".
    public var description: String {
        // The path as data: a line break in a file name cannot start a message line of its own.
        var place = file.map(TerminalText.value) ?? ""
        if let line { place += ":\(line)" }
        if let column, line != nil { place += ":\(column)" }
        if let cell { place += place.isEmpty ? TerminalText.value(cell) : ":" + TerminalText.value(cell) }
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
