/// A ruled table. Rows list only the cells that start in them (as in HTML): a cell
/// covered by a row span from above is left out of the later rows.
public struct Table: Sendable, Equatable {
    public var caption: String?
    public var columns: [Column]
    /// Header rows, repeated at the top of every page the table runs over.
    public var header: [[Cell]]
    public var rows: [[Cell]]
    /// Notes printed under the table (注：…).
    public var notes: [[Span]]
    /// Compact text (tables with many columns, such as the panel summary sheet).
    public var compact: Bool

    public init(caption: String? = nil, columns: [Column], header: [[Cell]], rows: [[Cell]],
                notes: [[Span]] = [], compact: Bool = false) {
        self.caption = caption; self.columns = columns; self.header = header; self.rows = rows
        self.notes = notes; self.compact = compact
    }

    public struct Column: Sendable, Equatable {
        /// Relative width: columns share the text width in proportion to these.
        public var width: Double
        public var alignment: Alignment
        public init(width: Double, alignment: Alignment = .left) { self.width = width; self.alignment = alignment }
    }

    public enum Alignment: String, Sendable, Equatable { case left, center, right }

    public struct Cell: Sendable, Equatable {
        public var content: [Span]
        public var rowSpan: Int
        public var colSpan: Int
        /// Overrides the column's alignment.
        public var alignment: Alignment?
        /// Emphasised (a heading face), for header cells and total rows.
        public var emphasis: Bool
        /// A shorter label for a cell that spans rows. Not shown by the PDF writer: a
        /// continuation page repeats the cell's whole text, marked （续）, so that no part of a
        /// label ("（18分）") is missing from a page where its rows are.
        public var continuationLabel: String?

        public init(_ content: [Span], rowSpan: Int = 1, colSpan: Int = 1, alignment: Alignment? = nil,
                    emphasis: Bool = false, continuationLabel: String? = nil) {
            self.content = content; self.rowSpan = max(1, rowSpan); self.colSpan = max(1, colSpan)
            self.alignment = alignment; self.emphasis = emphasis; self.continuationLabel = continuationLabel
        }
        public init(_ text: String, rowSpan: Int = 1, colSpan: Int = 1, alignment: Alignment? = nil, emphasis: Bool = false) {
            self.init([.text(text)], rowSpan: rowSpan, colSpan: colSpan, alignment: alignment, emphasis: emphasis)
        }
        public var text: String { content.plainText }
    }

    /// Where each cell stands on the grid of rows × columns.
    public struct Placement: Sendable, Equatable {
        public var row: Int, column: Int
        public var cell: Cell
    }

    /// Places cells on the grid (rows of `rows`, or of `header` when `header` is true),
    /// skipping positions covered by spans from above or the left.
    public static func place(_ rows: [[Cell]]) -> [Placement] {
        // (A slot as two integers: an array as the key cost an allocation per lookup.)
        struct Slot: Hashable { var row: Int, column: Int }
        var occupied = Set<Slot>()
        var result: [Placement] = []
        for (r, row) in rows.enumerated() {
            var c = 0
            for cell in row {
                while occupied.contains(Slot(row: r, column: c)) { c += 1 }
                result.append(Placement(row: r, column: c, cell: cell))
                for dr in 0..<cell.rowSpan { for dc in 0..<cell.colSpan { occupied.insert(Slot(row: r + dr, column: c + dc)) } }
                c += cell.colSpan
            }
        }
        return result
    }

    /// The grid as slots: for every (row, column), the placement index covering it (nil where empty).
    public static func grid(_ rows: [[Cell]], columns: Int) -> [[Int?]] {
        let placements = place(rows)
        let height = max(rows.count, placements.map { $0.row + $0.cell.rowSpan }.max() ?? 0)
        var grid = [[Int?]](repeating: [Int?](repeating: nil, count: columns), count: height)
        for (i, p) in placements.enumerated() {
            for r in p.row..<min(height, p.row + p.cell.rowSpan) {
                for c in p.column..<min(columns, p.column + p.cell.colSpan) { grid[r][c] = i }
            }
        }
        return grid
    }

    /// Problems that make a table undrawable (cells running past the last column or row).
    public func problems() -> [String] {
        var out: [String] = []
        for (name, rows) in [("表头", header), ("表体", rows)] {
            for p in Table.place(rows) {
                if p.column + p.cell.colSpan > columns.count {
                    out.append("\(name)第\(p.row + 1)行的单元格超出了\(columns.count)列")
                }
                if p.row + p.cell.rowSpan > rows.count {
                    out.append("\(name)第\(p.row + 1)行的单元格跨行超出表格")
                }
            }
        }
        return out
    }
}
