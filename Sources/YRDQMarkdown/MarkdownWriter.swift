import YRDQDocument

/// Writes a `Document` as GitHub-flavoured Markdown.
///
/// - The title is `#`, the four heading levels `##` … `#####` (one deeper inside
///   attachments), keeping their own Chinese numbers.
/// - Tables are GFM pipe tables. GFM has no merged cells, so a cell spanning rows is
///   repeated on every row it covers (the table stays readable and every row stands on
///   its own for a machine); a cell spanning columns is written once, in its first
///   column, with the columns it covers left empty. The first header row is the GFM
///   header; further header rows are bold body rows.
/// - Page breaks and the start of each attachment are horizontal rules.
/// - All user text is escaped so that Markdown reads it literally (`MarkdownEscape`:
///   decided on Unicode scalars, as a CommonMark parser reads them; every line the writer
///   starts with user text has its start escaped; bare links are not linked). The tests
///   render the output with cmark-gfm and compare elements and text with the model.
public struct MarkdownWriter: Sendable {
    public init() {}

    public func render(_ document: Document) -> String {
        var out = MarkdownBuffer()
        let hasTitleBlock = document.body.contains { if case .title = $0 { return true } else { return false } }

        if let masthead = document.masthead { renderMasthead(masthead, into: &out) }
        if let cover = document.cover {
            renderCover(cover, titleAsHeading: !hasTitleBlock, into: &out)
        } else if !hasTitleBlock, !document.metadata.title.isEmpty {
            out.block("# " + MarkdownEscape.inline(MarkdownEscape.singleLine(document.metadata.title)))
        }
        for block in document.body { renderBlock(block, headingOffset: 0, into: &out) }
        for attachment in document.attachments {
            out.rule()
            var heading = "## " + MarkdownEscape.inline(MarkdownEscape.singleLine(attachment.label))
            if !attachment.title.isEmpty {
                heading += "\u{3000}" + MarkdownEscape.inline(MarkdownEscape.singleLine(attachment.title))
            }
            out.block(heading)
            for block in attachment.blocks { renderBlock(block, headingOffset: 1, into: &out) }
        }
        if let colophon = document.colophon { renderColophon(colophon, into: &out) }
        return out.text
    }

    // MARK: - Parts

    private func renderCover(_ cover: Cover, titleAsHeading: Bool, into out: inout MarkdownBuffer) {
        let title = MarkdownEscape.joinLines(cover.title)
        if !title.isEmpty {
            let escaped = MarkdownEscape.inline(title)
            out.block(titleAsHeading ? "# " + escaped : MarkdownEscape.strong(escaped))
        }
        if let subtitle = cover.subtitle, !subtitle.isEmpty {
            out.block(paragraph([.text(subtitle)]))
        }
        if !cover.fields.isEmpty {
            let lines = cover.fields.map { field -> String in
                // The colon goes after the closing `**`: CommonMark does not close strong
                // emphasis after punctuation when a CJK character follows.
                let label = MarkdownEscape.droppingTrailingColons(MarkdownEscape.inline(MarkdownEscape.singleLine(field.label)))
                let bold = MarkdownEscape.strong(label)
                return (bold.isEmpty ? "" : bold + "：") + MarkdownEscape.inline(MarkdownEscape.singleLine(field.value))
            }
            out.block(hardBreakLines(lines))
        }
        var foot: [String] = []
        if let issuer = cover.issuer, !issuer.isEmpty { foot.append(MarkdownEscape.inline(MarkdownEscape.singleLine(issuer))) }
        if let date = cover.date, !date.isEmpty { foot.append(MarkdownEscape.inline(MarkdownEscape.singleLine(date))) }
        if !foot.isEmpty { out.block(hardBreakLines(foot)) }
        out.rule()
    }

    private func renderBlock(_ block: Block, headingOffset: Int, into out: inout MarkdownBuffer) {
        switch block {
        case .title(let lines):
            let text = MarkdownEscape.inline(MarkdownEscape.joinLines(lines))
            guard !text.isEmpty else { return }
            if headingOffset == 0 {
                out.block("# " + text)
            } else {
                out.block(MarkdownEscape.strong(text))
            }
        case .subtitle(let text):
            out.block(paragraph([.text(text)]))
        case .heading(let level, let text):
            let hashes = String(repeating: "#", count: min(6, max(1, level) + 1 + headingOffset))
            let escaped = MarkdownEscape.inline(MarkdownEscape.singleLine(text))
            out.block(escaped.isEmpty ? hashes : hashes + " " + escaped)
        case .paragraph(let spans, _):
            let text = paragraph(spans)
            if !text.isEmpty { out.block(text) }
        case .list(let ordered, let items):
            var lines: [String] = []
            for (i, item) in items.enumerated() {
                let marker = ordered ? "\(i + 1). " : "- "
                let indent = String(repeating: " ", count: marker.count)
                let body = paragraph(item)
                let itemLines = body.isEmpty ? [""] : body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                for (j, line) in itemLines.enumerated() {
                    lines.append(j == 0 ? marker + line : indent + line)
                }
            }
            if !lines.isEmpty { out.block(lines.joined(separator: "\n")) }
        case .table(let table):
            renderTable(table, into: &out)
        case .signature(let signature):
            renderSignature(signature, into: &out)
        case .pageBreak:
            out.rule()
        case .qrCode(let qr):
            // The code itself cannot be drawn in Markdown: its content, verbatim, in a code span.
            out.block("二维码内容：" + MarkdownEscape.codeSpan(qr.text))
        case .certificate(let face):
            // Markdown cannot place the parts of a certificate's face: its content in reading order.
            for part in face.blocks { renderBlock(part, headingOffset: headingOffset, into: &out) }
        case .attachmentNote(let names):
            let lines = names.enumerated().map { i, name -> String in
                let text = MarkdownEscape.inline(MarkdownEscape.singleLine(name))
                let number = names.count > 1 ? "\(i + 1)." : ""
                return (i == 0 ? "附件：" : "\u{3000}\u{3000}\u{3000}") + number + text
            }
            out.block(hardBreakLines(lines))
        }
    }

    /// 版头: the mark in bold, the number (and 签发人 on an upward document), then a rule for the red separator.
    private func renderMasthead(_ masthead: Masthead, into out: inout MarkdownBuffer) {
        let mark = MarkdownEscape.inline(MarkdownEscape.singleLine(masthead.mark))
        if !mark.isEmpty { out.block(MarkdownEscape.strong(mark)) }
        var line = MarkdownEscape.lineStart(MarkdownEscape.inline(MarkdownEscape.singleLine(masthead.number)))
        if masthead.upward {
            let names = masthead.signatories.map { MarkdownEscape.inline(MarkdownEscape.singleLine($0)) }.joined(separator: "、")
            line += "\u{3000}\u{3000}签发人：" + names
        }
        if !line.isEmpty { out.block(line) }
        out.rule()
    }

    /// 版记: between rules, 抄送 and then 印发机关 with 印发日期.
    private func renderColophon(_ colophon: Colophon, into out: inout MarkdownBuffer) {
        out.rule()
        var lines: [String] = []
        if let copies = colophon.copiesLine { lines.append(MarkdownEscape.inline(MarkdownEscape.singleLine(copies))) }
        lines.append(MarkdownEscape.lineStart(MarkdownEscape.inline(MarkdownEscape.singleLine(colophon.printer)))
                     + "\u{3000}\u{3000}" + MarkdownEscape.inline(MarkdownEscape.singleLine(colophon.printedLine)))
        out.block(hardBreakLines(lines))
        out.rule()
    }

    private func renderTable(_ table: Table, into out: inout MarkdownBuffer) {
        if let caption = table.caption, !caption.isEmpty {
            out.block(MarkdownEscape.strong(MarkdownEscape.inline(MarkdownEscape.singleLine(caption))))
        }
        let columns = max(1, table.columns.count)
        let header = expand(table.header, columns: columns, repeatRowSpans: false)
        let body = expand(table.rows, columns: columns, repeatRowSpans: true)

        var lines: [String] = []
        let first = header.first ?? [Expanded](repeating: Expanded(text: "", emphasis: false), count: columns)
        lines.append(row(first.map(\.text)))
        let delimiters = (0..<columns).map { c -> String in
            switch c < table.columns.count ? table.columns[c].alignment : .left {
            case .left: return ":---"
            case .center: return ":---:"
            case .right: return "---:"
            }
        }
        lines.append(row(delimiters))
        for extra in header.dropFirst() {
            lines.append(row(extra.map { MarkdownEscape.strong($0.text) }))
        }
        for cells in body {
            lines.append(row(cells.map { $0.emphasis ? MarkdownEscape.strong($0.text) : $0.text }))
        }
        out.block(lines.joined(separator: "\n"))
        for note in table.notes {
            let text = paragraph(note)
            if !text.isEmpty { out.block(text) }
        }
    }

    private struct Expanded { var text: String; var emphasis: Bool }

    /// Lays the rows out on the full grid: every row gets exactly `columns` cells.
    private func expand(_ rows: [[Table.Cell]], columns: Int, repeatRowSpans: Bool) -> [[Expanded]] {
        let placements = Table.place(rows)
        let grid = Table.grid(rows, columns: columns)
        let texts = placements.map { cellText($0.cell.content) }
        return grid.enumerated().map { r, slots in
            slots.enumerated().map { c, slot -> Expanded in
                guard let i = slot else { return Expanded(text: "", emphasis: false) }
                let p = placements[i]
                let firstColumn = p.column == c
                let firstRow = p.row == r
                guard firstColumn, firstRow || repeatRowSpans else { return Expanded(text: "", emphasis: false) }
                return Expanded(text: texts[i], emphasis: p.cell.emphasis)
            }
        }
    }

    private func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |"
    }

    private func renderSignature(_ signature: Signature, into out: inout MarkdownBuffer) {
        if let signHere = signature.signHere, !signHere.isEmpty {
            out.block(MarkdownEscape.lineStart(MarkdownEscape.inline(MarkdownEscape.singleLine(signHere))) + MarkdownEscape.blank(8))
        }
        var lines = signature.lines.filter { !$0.isEmpty }.map { MarkdownEscape.inline(MarkdownEscape.singleLine($0)) }
        if !signature.date.isEmpty { lines.append(MarkdownEscape.inline(MarkdownEscape.singleLine(signature.date))) }
        if !lines.isEmpty { out.block(hardBreakLines(lines)) }
    }

    // MARK: - Inline text

    /// Spans as paragraph text: escaped, line breaks kept as hard breaks.
    private func paragraph(_ spans: [Span]) -> String {
        let text = inlineSpans(spans)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            MarkdownEscape.lineStart(String(line))
        }.filter { !$0.isEmpty }
        return hardBreakLines(lines)
    }

    /// Spans in a table cell: one line, breaks as <br>.
    private func cellText(_ spans: [Span]) -> String {
        let text = inlineSpans(spans)
        return text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { MarkdownEscape.trimmed(String($0)) }
            .filter { !$0.isEmpty }
            .joined(separator: "<br>")
    }

    /// Escaped inline text; newlines are left in place for the caller. The spans are
    /// escaped one by one and joined before autolinks are broken: a link may be put
    /// together from several spans.
    private func inlineSpans(_ spans: [Span]) -> String {
        var out = ""
        for span in spans {
            switch span {
            case .text(let t): out += MarkdownEscape.escaped(MarkdownEscape.normalizeNewlines(t))
            case .blank(let width): out += MarkdownEscape.blank(width)
            case .noteMark(let mark): out += "<sup>" + MarkdownEscape.escaped(MarkdownEscape.singleLine(mark)) + "</sup>"
            }
        }
        return MarkdownEscape.breakAutolinks(out)
    }

    /// Lines joined with CommonMark hard breaks (a backslash at the end of a line); each
    /// line starts a line of the output, so its start is escaped as well.
    private func hardBreakLines(_ lines: [String]) -> String {
        lines.map(MarkdownEscape.lineStart).joined(separator: "\\\n")
    }
}

/// Collects blocks separated by blank lines.
struct MarkdownBuffer {
    private(set) var text = ""
    private var lastWasRule = false

    mutating func block(_ s: String) {
        if !text.isEmpty { text += "\n" }
        text += s + "\n"
        lastWasRule = false
    }

    mutating func rule() {
        guard !lastWasRule else { return }
        block("---")
        lastWasRule = true
    }
}
