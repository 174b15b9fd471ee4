import YRDQDocument

/// Writes a `Document` as one self-contained HTML5 file: inline CSS only, no scripts,
/// nothing fetched from the network. On screen the pages look like A4 sheets on a grey
/// desk; printed from a browser they follow the official layout (GB/T 9704-2012):
/// A4 with 37/26/35/28 mm margins, 16 pt 仿宋 body, 22 pt 小标宋 title, header rows
/// repeated on every page a table runs over, page numbers "— 1 —".
public struct HTMLWriter: Sendable {
    public init() {}

    public func render(_ document: Document) -> String {
        var out = HTMLBuffer()
        out.line("<!DOCTYPE html>")
        out.line("<html lang=\"\(HTMLEscape.attribute(language(document.metadata.language)))\">")
        out.line("<head>")
        out.line("<meta charset=\"utf-8\">")
        out.line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        let title = document.metadata.title.isEmpty ? fallbackTitle(document) : document.metadata.title
        out.line("<title>\(HTMLEscape.singleLine(title))</title>")
        meta(&out, "author", document.metadata.author)
        meta(&out, "description", document.metadata.subject)
        meta(&out, "keywords", document.metadata.keywords.joined(separator: ", "))
        meta(&out, "date", document.metadata.date?.iso ?? "")
        meta(&out, "generator", "yrdq")
        out.line("<style>")
        out.raw(HTMLStyle.css)
        out.line("</style>")
        out.line("</head>")
        let kind = document.metadata.kind.isEmpty ? "" : " data-kind=\"\(HTMLEscape.attribute(document.metadata.kind))\""
        out.line("<body\(kind)>")

        var sheets = 0
        if let cover = document.cover {
            renderCover(cover, orientation: document.orientation, into: &out)
            sheets += 1
        }
        let decoration = (document.pageNumbers ? "" : " unnumbered") + (document.frame ? " framed" : "")
        let bodyChunks = split(document.body)
        for (i, chunk) in bodyChunks.enumerated() {
            // A certificate's face fills its sheet edge to edge (its frame is its own).
            let face = chunk.contains { if case .certificate = $0 { return true } else { return false } }
            out.line("<section class=\"\(sheetClass(document.orientation))\(decoration)\(face ? " certificate-sheet" : "")\">")
            if i == 0, let masthead = document.masthead { renderMasthead(masthead, into: &out) }
            for block in chunk { renderBlock(block, into: &out) }
            if i == bodyChunks.count - 1, document.attachments.isEmpty, let colophon = document.colophon {
                renderColophon(colophon, into: &out)
            }
            out.line("</section>")
            sheets += 1
        }
        for (a, attachment) in document.attachments.enumerated() {
            let chunks = split(attachment.blocks)
            let cls = sheetClass(attachment.orientation) + " attachment"
            out.line("<section class=\"\(cls)\">")
            out.line("<p class=\"attachment-label\">\(HTMLEscape.text(attachment.label))</p>")
            if !attachment.title.isEmpty {
                out.line("<h1 class=\"doc-title attachment-title\">\(HTMLEscape.text(attachment.title))</h1>")
            }
            for (i, chunk) in chunks.enumerated() {
                if i > 0 {
                    out.line("</section>")
                    out.line("<section class=\"\(sheetClass(attachment.orientation))\">")
                }
                for block in chunk { renderBlock(block, into: &out) }
            }
            if a == document.attachments.count - 1, let colophon = document.colophon { renderColophon(colophon, into: &out) }
            out.line("</section>")
            sheets += 1
        }
        if sheets == 0, document.masthead != nil || document.colophon != nil {
            out.line("<section class=\"\(sheetClass(document.orientation))\">")
            if let masthead = document.masthead { renderMasthead(masthead, into: &out) }
            if let colophon = document.colophon { renderColophon(colophon, into: &out) }
            out.line("</section>")
            sheets += 1
        }
        if sheets == 0 {
            out.line("<section class=\"\(sheetClass(document.orientation))\"></section>")
        }
        out.line("</body>")
        out.line("</html>")
        return out.text
    }

    // MARK: - Document parts

    private func renderCover(_ cover: Cover, orientation: Orientation, into out: inout HTMLBuffer) {
        out.line("<section class=\"\(sheetClass(orientation)) cover\">")
        out.line("<div class=\"cover-main\">")
        if !cover.title.isEmpty {
            out.line("<h1 class=\"cover-title\">\(lines(cover.title))</h1>")
        }
        if let subtitle = cover.subtitle, !subtitle.isEmpty {
            out.line("<p class=\"cover-subtitle\">\(HTMLEscape.text(subtitle))</p>")
        }
        if !cover.fields.isEmpty {
            out.line("<table class=\"cover-fields\">")
            for field in cover.fields {
                out.line("<tr><th scope=\"row\">\(HTMLEscape.text(field.label))</th>"
                         + "<td>\(HTMLEscape.text(field.value))</td></tr>")
            }
            out.line("</table>")
        }
        out.line("</div>")
        let issuer = cover.issuer.flatMap { $0.isEmpty ? nil : $0 }
        let date = cover.date.flatMap { $0.isEmpty ? nil : $0 }
        if issuer != nil || date != nil {
            out.line("<div class=\"cover-foot\">")
            if let issuer { out.line("<p>\(HTMLEscape.text(issuer))</p>") }
            if let date { out.line("<p>\(HTMLEscape.text(date))</p>") }
            out.line("</div>")
        }
        out.line("</section>")
    }

    private func renderBlock(_ block: Block, into out: inout HTMLBuffer) {
        switch block {
        case .title(let titleLines):
            out.line("<h1 class=\"doc-title\">\(lines(titleLines))</h1>")
        case .subtitle(let text):
            out.line("<p class=\"subtitle\">\(HTMLEscape.text(text))</p>")
        case .heading(let level, let text):
            let lv = min(4, max(1, level))
            out.line("<h\(lv + 1) class=\"h\(lv)\">\(HTMLEscape.text(text))</h\(lv + 1)>")
        case .paragraph(let spans, let style):
            out.line("<p class=\"\(style.rawValue)\">\(inline(spans))</p>")
        case .list(let ordered, let items):
            let tag = ordered ? "ol" : "ul"
            out.line("<\(tag)>")
            for item in items { out.line("<li>\(inline(item))</li>") }
            out.line("</\(tag)>")
        case .table(let table):
            renderTable(table, into: &out)
        case .signature(let signature):
            renderSignature(signature, into: &out)
        case .pageBreak:
            // Sheets are split at page breaks before rendering; a stray one still breaks.
            out.line("<div class=\"page-break\"></div>")
        case .qrCode(let qr):
            out.line("<div class=\"qr-code\" style=\"text-align:center;margin:0.5em 0\">")
            renderQRSVG(qr, into: &out)
            out.line("</div>")
        case .certificate(let face):
            renderCertificate(face, into: &out)
        case .attachmentNote(let names):
            renderAttachmentNote(names, into: &out)
        }
    }

    /// 版头: the mark, the number (with the signatories on an upward document), the red separator.
    private func renderMasthead(_ masthead: Masthead, into out: inout HTMLBuffer) {
        out.line(masthead.upward ? "<header class=\"masthead upward\">" : "<header class=\"masthead\">")
        out.line("<p class=\"masthead-mark\">\(HTMLEscape.text(masthead.mark))</p>")
        out.line("<p class=\"masthead-number\">")
        out.line("<span class=\"number\">\(HTMLEscape.text(masthead.number))</span>")
        if masthead.upward {
            let names = masthead.signatories.map { "<span class=\"name\">\(HTMLEscape.text($0))</span>" }.joined(separator: "<br>")
            out.line("<span class=\"signatory\"><span class=\"label\">签发人：</span><span class=\"names\">\(names)</span></span>")
        }
        out.line("</p>")
        out.line("</header>")
    }

    /// 附件说明: "附件：" and the names, numbered when there are several.
    private func renderAttachmentNote(_ names: [String], into out: inout HTMLBuffer) {
        out.line("<div class=\"annex-note\"><span class=\"label\">附件：</span><ol class=\"\(names.count > 1 ? "numbered" : "single")\">")
        for name in names { out.line("<li>\(HTMLEscape.text(name))</li>") }
        out.line("</ol></div>")
    }

    /// 版记: 抄送, then 印发机关 and 印发日期, between rules.
    private func renderColophon(_ colophon: Colophon, into out: inout HTMLBuffer) {
        out.line("<footer class=\"colophon\">")
        if let copies = colophon.copiesLine {
            out.line("<p class=\"copies\">\(HTMLEscape.text(copies))</p>")
        }
        out.line("<p class=\"printed\"><span class=\"printer\">\(HTMLEscape.text(colophon.printer))</span>"
                 + "<span class=\"date\">\(HTMLEscape.text(colophon.printedLine))</span></p>")
        out.line("</footer>")
    }

    /// An inline SVG, one path of unit squares, with a four-module quiet zone; the encoded text as its title.
    func renderQRSVG(_ qr: QRCode, into out: inout HTMLBuffer) {
        let n = qr.modules.count
        let quiet = 4
        let side = n + 2 * quiet
        let mmPerModule = n > 0 ? qr.size / Double(n) : 0
        var d = ""
        for run in qr.darkRuns {
            d += "M\(run.column + quiet) \(run.row + quiet)h\(run.length)v1h-\(run.length)z"
        }
        let hundredths = Int((mmPerModule * Double(side) * 100).rounded())
        let width = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)mm"
        let label = HTMLEscape.attribute(qr.text)
        out.line("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(label)\" width=\"\(width)\" height=\"\(width)\" viewBox=\"0 0 \(side) \(side)\" shape-rendering=\"crispEdges\">")
        out.line("<title>\(HTMLEscape.singleLine(qr.text))</title>")
        out.line("<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>")
        out.line("<path fill=\"#000\" d=\"\(d)\"/>")
        out.line("</svg>")
    }

    private func renderTable(_ table: Table, into out: inout HTMLBuffer) {
        let columnCount = max(1, table.columns.count)
        var cls = "grid"
        if table.compact { cls += " compact" }
        out.line("<div class=\"table-block\">")
        out.line("<table class=\"\(cls)\">")
        if let caption = table.caption, !caption.isEmpty {
            out.line("<caption>\(HTMLEscape.text(caption))</caption>")
        }
        if !table.columns.isEmpty {
            let total = table.columns.reduce(0.0) { $0 + max(0, $1.width) }
            out.line("<colgroup>")
            for column in table.columns {
                let share = total > 0 ? max(0, column.width) / total * 100 : 100 / Double(columnCount)
                out.line("<col style=\"width:\(percent(share))\">")
            }
            out.line("</colgroup>")
        }
        if !table.header.isEmpty {
            out.line("<thead>")
            renderRows(table.header, table: table, cellTag: "th", into: &out)
            out.line("</thead>")
        }
        out.line("<tbody>")
        renderRows(table.rows, table: table, cellTag: "td", into: &out)
        out.line("</tbody>")
        out.line("</table>")
        if !table.notes.isEmpty {
            out.line("<div class=\"table-notes\">")
            for note in table.notes { out.line("<p>\(inline(note))</p>") }
            out.line("</div>")
        }
        out.line("</div>")
    }

    private func renderRows(_ rows: [[Table.Cell]], table: Table, cellTag: String, into out: inout HTMLBuffer) {
        let placements = Table.place(rows)
        var index = 0
        for (r, row) in rows.enumerated() {
            var html = "<tr>"
            for _ in row {
                let p = placements[index]
                index += 1
                precondition(p.row == r)
                let cell = p.cell
                let columnAlignment = p.column < table.columns.count ? table.columns[p.column].alignment : .left
                let alignment = cell.alignment ?? (cellTag == "th" ? .center : columnAlignment)
                var attrs = ""
                if cell.rowSpan > 1 { attrs += " rowspan=\"\(cell.rowSpan)\"" }
                if cell.colSpan > 1 { attrs += " colspan=\"\(cell.colSpan)\"" }
                if cellTag == "th" { attrs += " scope=\"col\"" }
                var classes = ["a-\(alignment.rawValue)"]
                if cell.emphasis { classes.append("em") }
                attrs += " class=\"\(classes.joined(separator: " "))\""
                html += "<\(cellTag)\(attrs)>\(inline(cell.content, keepShortGroups: true))</\(cellTag)>"
            }
            html += "</tr>"
            out.line(html)
        }
    }

    private func renderSignature(_ signature: Signature, into out: inout HTMLBuffer) {
        let seal = signature.sealImage.flatMap(HTMLEscape.imageSource)
        out.line(seal == nil ? "<div class=\"signature\">" : "<div class=\"signature has-seal\">")
        if let signHere = signature.signHere, !signHere.isEmpty {
            out.line("<p class=\"sign-here\">\(HTMLEscape.text(signHere))<span class=\"blank\" style=\"width:7em\"></span></p>")
        }
        let hasBody = !signature.lines.isEmpty || !signature.date.isEmpty
        if hasBody {
            out.line(seal == nil ? "<div class=\"signature-block\">" : "<div class=\"signature-block sealed\">")
            if let seal {
                out.line("<img class=\"seal\" src=\"\(HTMLEscape.attribute(seal))\" alt=\"印章\">")
            }
            for line in signature.lines where !line.isEmpty {
                out.line("<p class=\"signer\">\(HTMLEscape.text(line))</p>")
            }
            if !signature.date.isEmpty {
                out.line("<p class=\"date\">\(HTMLEscape.text(signature.date))</p>")
            }
            out.line("</div>")
        }
        out.line("</div>")
    }

    // MARK: - Inline text

    /// Spans as HTML. In table cells (`keepShortGroups`) a short bracketed group such as
    /// "（10分）" is kept on one line, so a narrow column never breaks "（10" from "分）".
    private func inline(_ spans: [Span], keepShortGroups: Bool = false) -> String {
        var html = ""
        for span in spans {
            switch span {
            case .text(let text):
                html += keepShortGroups ? HTMLWriter.keepingShortGroups(text) : HTMLEscape.text(text)
            case .blank(let width):
                let em = min(60, max(1, width))
                html += "<span class=\"blank\" style=\"width:\(em)em\"></span>"
            case .noteMark(let mark):
                html += "<sup class=\"note-mark\">\(HTMLEscape.text(mark))</sup>"
            }
        }
        return html
    }

    static func keepingShortGroups(_ text: String) -> String {
        // No opening bracket ("(", or "（" = EF BC 88): no group, and no walk by Character.
        if !text.utf8.contains(0x28), !hasFullwidthOpening(text) { return HTMLEscape.text(text) }
        var html = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(where: { $0 == "（" || $0 == "(" }) {
            let closing: Character = rest[open] == "（" ? "）" : ")"
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(where: { $0 == closing || $0 == "（" || $0 == "(" || $0 == "\n" }),
                  rest[close] == closing, rest.distance(from: after, to: close) <= 5 else {
                html += HTMLEscape.text(String(rest[...open]))
                rest = rest[after...]
                continue
            }
            html += HTMLEscape.text(String(rest[..<open]))
            html += "<span class=\"nb\">" + HTMLEscape.text(String(rest[open...close])) + "</span>"
            rest = rest[rest.index(after: close)...]
        }
        return html + HTMLEscape.text(String(rest))
    }

    private static func hasFullwidthOpening(_ text: String) -> Bool {
        var first: UInt8 = 0, second: UInt8 = 0
        for byte in text.utf8 {
            if first == 0xEF && second == 0xBC && byte == 0x88 { return true }
            first = second
            second = byte
        }
        return false
    }

    private func lines(_ lines: [String]) -> String {
        lines.map { HTMLEscape.text($0) }.joined(separator: "<br>")
    }

    // MARK: - Helpers

    private func meta(_ out: inout HTMLBuffer, _ name: String, _ content: String) {
        guard !content.isEmpty else { return }
        out.line("<meta name=\"\(name)\" content=\"\(HTMLEscape.attribute(content))\">")
    }

    private func sheetClass(_ orientation: Orientation) -> String {
        orientation == .landscape ? "sheet landscape" : "sheet"
    }

    /// Splits blocks at page breaks, and around a certificate's face (a sheet of its own);
    /// empty runs (a break at the very start or end, or two in a row) make no blank sheet.
    private func split(_ blocks: [Block]) -> [[Block]] {
        var chunks: [[Block]] = [[]]
        for block in blocks {
            switch block {
            case .pageBreak: chunks.append([])
            case .certificate: chunks += [[block], []]
            default: chunks[chunks.count - 1].append(block)
            }
        }
        let nonEmpty = chunks.filter { !$0.isEmpty }
        return nonEmpty
    }

    private func language(_ code: String) -> String {
        let ok = !code.isEmpty && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        return ok ? code : "zh-CN"
    }

    private func fallbackTitle(_ document: Document) -> String {
        if let cover = document.cover, !cover.title.isEmpty { return cover.title.joined() }
        for block in document.body { if case .title(let t) = block { return t.joined() } }
        return "文档"
    }

    private func percent(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100, fraction = hundredths % 100
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }
}

/// Collects lines of output.
struct HTMLBuffer {
    private(set) var text = ""
    mutating func line(_ s: String) { text += s; text += "\n" }
    mutating func raw(_ s: String) { text += s }
}

/// Escaping of user text for HTML.
public enum HTMLEscape {
    /// Text content: escapes & < > " ' and turns line breaks into <br>; drops control
    /// characters that HTML does not allow.
    public static func text(_ s: String) -> String {
        if !s.unicodeScalars.contains(where: changes) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var previousWasCR = false
        for scalar in s.unicodeScalars {
            if scalar == "\n" && previousWasCR { previousWasCR = false; continue }
            previousWasCR = scalar == "\r"
            switch scalar {
            case "\r", "\n", "\u{2028}", "\u{2029}": out += "<br>"
            default: append(scalar, to: &out)
            }
        }
        return out
    }

    /// An attribute value (inside double quotes): as `text`, but line breaks become spaces.
    public static func attribute(_ s: String) -> String {
        singleLine(s)
    }

    /// Text for an element that holds text only (`<title>`, whose content is read as
    /// text, and an SVG `<title>`, where a `<br>` would break out of the SVG): as `text`,
    /// but line breaks become spaces.
    public static func singleLine(_ s: String) -> String {
        if !s.unicodeScalars.contains(where: changes) { return s }
        var out = ""
        var previousWasCR = false
        for scalar in s.unicodeScalars {
            if scalar == "\n" && previousWasCR { previousWasCR = false; continue }
            previousWasCR = scalar == "\r"
            switch scalar {
            case "\r", "\n", "\t", "\u{2028}", "\u{2029}": out += " "
            default: append(scalar, to: &out)
            }
        }
        return out
    }

    /// Whether `text` or `singleLine` writes `scalar` otherwise than as itself (escaped,
    /// dropped, a line break or a tab): text with none of them is returned as it is, without
    /// being copied scalar by scalar.
    private static func changes(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        switch scalar {
        case "&", "<", ">", "\"", "'", "\u{2028}", "\u{2029}": return true
        default: return v < 0x20 || (0x7F...0x9F).contains(v) || (0xFDD0...0xFDEF).contains(v) || (v & 0xFFFE) == 0xFFFE
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "\t": out += " "
        default:
            let v = scalar.value
            // C0/C1 controls and noncharacters are not allowed in HTML text.
            if v < 0x20 || (0x7F...0x9F).contains(v) || (0xFDD0...0xFDEF).contains(v) || (v & 0xFFFE) == 0xFFFE {
                return
            }
            out.unicodeScalars.append(scalar)
        }
    }

    /// The `src` of an image given as a file path (relative or absolute) or a file: URL.
    /// Other URL schemes (javascript:, http: …) are refused: the file must work offline.
    /// Characters that a URL would read differently (%, #, ?, spaces) are percent-encoded.
    ///
    /// The scheme is read from the text as it will be written and by Unicode scalar, as a
    /// browser reads it: control characters (which a URL parser strips, so that
    /// `java<TAB>script:` is `javascript:`) are dropped first, and a combining mark after
    /// the colon does not hide it.
    public static func imageSource(_ path: String) -> String? {
        var cleaned = String.UnicodeScalarView()
        for scalar in path.unicodeScalars where scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value) {
            cleaned.append(scalar)
        }
        var p = Substring(String(cleaned)).unicodeScalars[...]
        while let f = p.first, f.properties.isWhitespace { p.removeFirst() }
        while let l = p.last, l.properties.isWhitespace { p.removeLast() }
        guard !p.isEmpty else { return nil }
        if let colon = p.firstIndex(of: ":") {
            let scheme = p[..<colon]
            let isScheme = scheme.first.map(isASCIILetter) ?? false
                && scheme.allSatisfy { isASCIILetter($0) || ("0"..."9").contains($0) || $0 == "+" || $0 == "." || $0 == "-" }
            if isScheme {
                if scheme.count == 1 {
                    // A Windows drive letter: C:\seal.png.
                    var path = String.UnicodeScalarView()
                    for scalar in p { path.append(scalar == "\\" ? "/" : scalar) }
                    return encodePath("file:///" + String(path))
                }
                guard String(String.UnicodeScalarView(scheme)).lowercased() == "file" else { return nil }
            }
        }
        return encodePath(String(String.UnicodeScalarView(p)))
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func encodePath(_ p: String) -> String {
        var out = ""
        for scalar in p.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "#": out += "%23"
            case "?": out += "%3F"
            case " ": out += "%20"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
