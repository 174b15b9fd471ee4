/// A score sheet as a reader found it, before any rule is checked: every value as the text
/// the user typed, with where it was (a line of a text file, or a workbook's cell). Readers
/// turn bytes into a draft; `SheetValidator` turns a draft into a sheet or every problem.
public struct SheetDraft: Sendable {
    /// Where a value was: a line (and column) of a text file, or a cell ("评分表!F12").
    public struct Place: Sendable, Hashable {
        public var line: Int?
        public var column: Int?
        public var cell: String?
        public init(line: Int? = nil, column: Int? = nil, cell: String? = nil) {
            self.line = line; self.column = column; self.cell = cell
        }
        public static let none = Place()
    }

    public struct Value: Sendable {
        public var text: String
        public var place: Place
        public init(_ text: String, _ place: Place) { self.text = text; self.place = place }
    }

    /// One row of the table: an item, a bonus category, a deduction condition or a detail.
    public struct Row: Sendable {
        /// The 序号 as typed (spaces kept: `" 3"` is a misspelling of 3).
        public var number: Value
        /// The 得分 column: a score, an honour level, 是/否, or a detail's value (trimmed).
        public var value: Value
        /// 说明 (trimmed): an item's note, a bonus row's honour (title and optional date), a deduction's grounds.
        public var note: Value
        /// 证明材料 (trimmed), separated by ；
        public var evidence: Value
        /// An honour's date in a cell of its own (the XLSX bonus rows), when there is one.
        public var date: Value?
        public init(number: Value, value: Value, note: Value, evidence: Value, date: Value? = nil) {
            self.number = number; self.value = value; self.note = note; self.evidence = evidence; self.date = date
        }
    }

    /// The file, for messages.
    public var source: String
    /// The rows below the header, in order; rows with nothing in them are left out.
    public var rows: [Row]
    /// A sheet written as keys and values (YAML) instead of a table: its parts as found.
    public var keyed: Keyed?
    public init(source: String, rows: [Row]) { self.source = source; self.rows = rows }
    public init(source: String, keyed: Keyed) { self.source = source; self.rows = []; self.keyed = keyed }
}
