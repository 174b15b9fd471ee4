import YRDQDocument

/// The small line-oriented markup that templates render to, and its parser.
///
/// Every line is a directive: `@h1 一、试点基本情况`, `@p 正文`, `@table scores`,
/// `@signature 单位 | 2026年10月15日`. Arguments are separated by `|`. Text that
/// comes from user input is escaped by `MarkupEscaping` (a Mustache content type),
/// so it can never start a directive or split arguments: `\` `|` `@` and newlines
/// are written as `\\` `\|` `\@` and `\n`.
public enum Markup {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case "|": out += "\\|"
            case "@": out += "\\@"
            case "\n", "\r\n", "\u{2028}", "\u{2029}": out += "\\n"
            case "\r": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    static func unescape(_ text: Substring) -> String {
        var out = ""
        var escaping = false
        for ch in text {
            if escaping {
                switch ch {
                case "n": out.append("\n")
                default: out.append(ch)
                }
                escaping = false
            } else if ch == "\\" {
                escaping = true
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// Splits at unescaped `|`, trimming spaces around each argument.
    static func arguments(_ text: Substring) -> [String] {
        var parts: [Substring] = []
        var start = text.startIndex
        var i = text.startIndex
        var escaping = false
        while i < text.endIndex {
            let ch = text[i]
            if escaping { escaping = false } else if ch == "\\" { escaping = true } else if ch == "|" {
                parts.append(text[start..<i]); start = text.index(after: i)
            }
            i = text.index(after: i)
        }
        parts.append(text[start..<text.endIndex])
        return parts.map { unescape($0).trimmingCharacters(in: .whitespaces) }
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var template: String, line: Int, message: String
        public var description: String { "模板 \(template) 第\(line)行：\(message)" }
    }

    /// Parses rendered markup into a document's parts.
    public static func parse(_ text: String, template: String, tables: [String: Table], seal: String?) throws -> (cover: Cover?, body: [Block], attachments: [Attachment]) {
        var cover: Cover? = nil
        var body: [Block] = []
        var attachments: [Attachment] = []
        func append(_ b: Block) {
            if attachments.isEmpty { body.append(b) } else { attachments[attachments.count - 1].blocks.append(b) }
        }
        var list: (ordered: Bool, items: [[Span]])? = nil
        func flushList() {
            if let l = list { append(.list(ordered: l.ordered, items: l.items)); list = nil }
        }
        var signHere: String? = nil
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            let lineNo = index + 1
            guard line.first == "@" else {
                throw ParseError(template: template, line: lineNo, message: "每行应以指令开头（如 @p、@h1），实际为“\(line.prefix(30))”")
            }
            let nameEnd = line.firstIndex(where: { $0 == " " || $0 == "\r" }) ?? line.endIndex
            let name = String(line[line.index(after: line.startIndex)..<nameEnd])
            let rest = nameEnd < line.endIndex ? line[line.index(after: nameEnd)...] : ""
            let restTrimmed = rest.hasSuffix("\r") ? rest.dropLast() : rest
            let args = arguments(restTrimmed)
            let whole = unescape(restTrimmed).trimmingCharacters(in: .whitespaces)
            if name != "li" && name != "oli" { flushList() }
            switch name {
            case "title": append(.title(args.filter { !$0.isEmpty }))
            case "subtitle": append(.subtitle(whole))
            case "h1", "h2", "h3", "h4": append(.heading(level: Int(name.dropFirst())!, text: whole))
            case "p", "plain", "center", "right", "note":
                let style: ParagraphStyle = ["p": .body, "plain": .plain, "center": .centered, "right": .right, "note": .note][name]!
                for para in whole.split(separator: "\n") {
                    let t = para.trimmingCharacters(in: .whitespaces)
                    if !t.isEmpty { append(.paragraph([.text(t)], style: style)) }
                }
            case "li", "oli":
                let ordered = name == "oli"
                if list != nil && list!.ordered != ordered { flushList() }
                if list == nil { list = (ordered, []) }
                if !whole.isEmpty { list!.items.append([.text(whole)]) }
            case "table":
                guard let t = tables[whole] else {
                    throw ParseError(template: template, line: lineNo, message: "没有名为“\(whole)”的表格（可用：\(tables.keys.sorted().joined(separator: "、"))）")
                }
                append(.table(t))
            case "signhere": signHere = whole
            case "signature":
                guard args.count >= 2 else {
                    throw ParseError(template: template, line: lineNo, message: "@signature 需要署名和日期：@signature 单位 | 日期")
                }
                append(.signature(Signature(lines: args.dropLast().filter { !$0.isEmpty }, date: args.last!, sealImage: seal, signHere: signHere)))
                signHere = nil
            case "pagebreak": append(.pageBreak)
            case "annex":
                let names = args.filter { !$0.isEmpty }
                guard !names.isEmpty else {
                    throw ParseError(template: template, line: lineNo, message: "@annex 需要附件名称：@annex 名称一 | 名称二")
                }
                append(.attachmentNote(names))
            case "cover-title": cover = cover ?? Cover(title: []); cover!.title = args.filter { !$0.isEmpty }
            case "cover-subtitle": cover = cover ?? Cover(title: []); cover!.subtitle = whole
            case "cover-field":
                cover = cover ?? Cover(title: [])
                cover!.fields.append(.init(label: args.first ?? "", value: args.dropFirst().joined(separator: "|")))
            case "cover-issuer": cover = cover ?? Cover(title: []); cover!.issuer = whole
            case "cover-date": cover = cover ?? Cover(title: []); cover!.date = whole
            case "attachment":
                attachments.append(Attachment(label: args.first ?? "附件", title: args.count > 1 ? args[1] : "",
                                              blocks: [], orientation: args.count > 2 && args[2] == "landscape" ? .landscape : .portrait))
            default:
                throw ParseError(template: template, line: lineNo, message: "未知的指令“@\(name)”")
            }
        }
        flushList()
        return (cover, body, attachments)
    }
}
