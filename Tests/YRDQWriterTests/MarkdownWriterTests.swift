import Testing
import YRDQDocument
import YRDQMarkdown

@Suite struct MarkdownWriterTests {
    let writer = MarkdownWriter()

    /// Splits a GFM table row into cells the way GFM does: on pipes not escaped by a
    /// backslash, scalar by scalar (a `Character` may hold a backslash or a pipe with a
    /// mark glued to it).
    static func cells(_ row: String) -> [String] {
        var t = Substring(row).unicodeScalars[...]
        if t.first == "|" { t.removeFirst() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for ch in t {
            if escaped { current.unicodeScalars.append(ch); escaped = false; continue }
            if ch == "\\" { current.unicodeScalars.append(ch); escaped = true; continue }
            if ch == "|" { cells.append(current.trimmingSpaces); current = "" } else { current.unicodeScalars.append(ch) }
        }
        if !current.trimmingSpaces.isEmpty { cells.append(current.trimmingSpaces) }
        return cells
    }

    static func tableRows(_ md: String) -> [[String]] {
        md.split(separator: "\n").filter { $0.hasPrefix("| ") }.map { cells(String($0)) }
    }

    @Test func scoreTableSpansAreExpanded() {
        let md = writer.render(Document(metadata: Metadata(title: "评分表"), body: [.table(Fixtures.scoreTable())]))
        let rows = Self.tableRows(md)
        #expect(rows.count == 2 + 11)
        #expect(rows.allSatisfy { $0.count == 4 }, "\(rows.map(\.count))")
        #expect(rows[0] == ["一级指标", "二级指标", "三级指标", "得分"])
        #expect(rows[1] == [":---:", ":---:", ":---", ":---:"])
        let body = Array(rows.dropFirst(2))
        // Column 1 spans five rows: repeated on each of them.
        #expect(body[0..<5].allSatisfy { $0[0] == "一、组织领导（10分）" })
        // Column 2 spans three, then two.
        #expect(body[0..<3].allSatisfy { $0[1] == "（一）工作机制（6分）" })
        #expect(body[3..<5].allSatisfy { $0[1] == "（二）经费保障（4分）" })
        #expect(body[2][2] == "3．建立工作台账<br>定期调度推进。")
        // The preamble spans columns 2–3: written once, the covered column left empty.
        #expect(body[5] == ["二、质量提升（20分）", "以下各项按完成情况评分：", "", ""])
        #expect(body[6] == ["二、质量提升（20分）", "（一）标准引领（10分）", "6．主导或参与制定标准<sup>注1</sup>。", "8"])
        #expect(body[8] == ["十一、加分项（5分）", "获得省级以上质量奖", "", "+3"])
        #expect(body[9][0] == "十一、加分项（5分）")
        #expect(body[10] == ["**总　分**", "", "", "**87.50**"])
        #expect(md.contains("注1：标准——指国家标准、行业标准、地方标准和团体标准。"))
    }

    @Test func extraHeaderRowsBecomeBoldBodyRows() {
        let md = writer.render(Document(metadata: Metadata(title: "t"), body: [.table(Fixtures.twoRowHeaderTable())]))
        let rows = Self.tableRows(md)
        #expect(rows.allSatisfy { $0.count == 4 })
        #expect(rows[0] == ["序号", "项目", "得分", ""])
        #expect(rows[1] == [":---:", ":---", "---:", "---:"])
        #expect(rows[2] == ["", "", "**自评**", "**复核**"])
        #expect(rows[3] == ["1", "组织领导", "9.5", "9"])
    }

    @Test func hostileTextKeepsTablesAndIsEscaped() {
        let md = writer.render(Fixtures.document(text: Fixtures.hostile))
        let escaped = "\\<script\\>alert(1)\\</script\\> a\\|b \\*x\\* \\_y\\_ ../../etc/passwd \"q\" 'q' 𠮷堃喆 😀 \\# 1. \\[l\\](u) \\`c\\` \\\\ \\& \\&amp;"
        #expect(md.contains(escaped))
        // Every `<` is escaped, except the writer's own <br> and <sup>.
        let chars = Array(md)
        for (i, ch) in chars.enumerated() where ch == "<" {
            let next = String(chars[(i + 1)..<min(chars.count, i + 5)])
            #expect(chars[max(0, i - 1)] == "\\" || next.hasPrefix("br>") || next.hasPrefix("sup>") || next.hasPrefix("/sup"),
                    "unescaped < before \(next)")
        }
        #expect(md.contains("# 嘉禾市汽车零部件产业质量提升试点自评报告" + escaped))
        #expect(md.contains("## 一、试点基本情况" + escaped))
        #expect(md.contains("## 附件1　评分表" + escaped))
        // Every table keeps four cells on every row although the text holds `|`.
        let rows = Self.tableRows(md)
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.count == 4 })
    }

    @Test func lineStartEscapes() {
        let doc = Document(metadata: Metadata(title: "t"), body: [
            .text("1. 不是列表"), .text("2025) 年"), .text("# 不是标题"), .text("- 不是列表"), .text("+ 加"),
            .text("> 不是引用"), .text("    不是代码"), .text("==="), .text("第一行\n---"), .text("a | b"),
        ])
        let md = writer.render(doc)
        #expect(md.contains("\n1\\. 不是列表\n"))
        #expect(md.contains("\n2025\\) 年\n"))
        #expect(md.contains("\n\\# 不是标题\n"))
        #expect(md.contains("\n\\- 不是列表\n"))
        #expect(md.contains("\n\\+ 加\n"))
        #expect(md.contains("\n\\> 不是引用\n"))
        #expect(md.contains("\n不是代码\n"))
        #expect(md.contains("\n\\===\n"))
        #expect(md.contains("\n第一行\\\n\\---\n"))
        #expect(md.contains("\na \\| b\n"))
    }

    @Test func structure() {
        let md = writer.render(Fixtures.document())
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The cover block is at the top and ends in a rule.
        #expect(lines[0] == "**长三角质量提升示范试点自评报告**")
        #expect(md.contains("**试点名称**：嘉禾市汽车零部件产业\\\n**牵头单位**：嘉禾市市场监督管理局"))
        #expect(lines.filter { $0.hasPrefix("# ") } == ["# 嘉禾市汽车零部件产业质量提升试点自评报告"])
        #expect(lines.contains("## 一、试点基本情况"))
        #expect(lines.contains("### （一）组织领导"))
        #expect(lines.contains("#### 1．工作机制"))
        #expect(lines.contains("##### （1）定期调度"))
        #expect(lines.contains("1. 建立月度调度机制；"))
        #expect(lines.contains("- 条目甲"))
        #expect(lines.contains("## 附件1　评分表"))
        #expect(lines.contains("## 附件2　证明材料清单"))
        // Rules stand between blank lines (never a setext heading underline).
        for (i, line) in lines.enumerated() where line == "---" {
            #expect(i > 0 && lines[i - 1].isEmpty && lines[i + 1].isEmpty)
        }
        // The signature: the lines, then the date.
        #expect(md.contains("\n\n嘉禾市市场监督管理局\\\n2026年4月13日\n"))
        #expect(md.contains("评估专家（签字）：\\_\\_"))
        #expect(md.contains("填表人：\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_　联系电话："))
        #expect(!md.contains("seal.png"))
    }

    @Test func titleFromMetadataWhenNoneInBody() {
        let md = writer.render(Document(metadata: Metadata(title: "评分表*"), body: [.text("正文")]))
        #expect(md.hasPrefix("# 评分表\\*\n"))
    }

    @Test func escapeFunctions() {
        #expect(MarkdownEscape.inline("a_b*c[d]<e>|f`g\\h#i&j$k~l") == "a\\_b\\*c\\[d\\]\\<e\\>\\|f\\`g\\\\h\\#i\\&j\\$k\\~l")
        #expect(MarkdownEscape.lineStart("12. x") == "12\\. x")
        #expect(MarkdownEscape.lineStart("12.5分") == "12\\.5分")
        #expect(MarkdownEscape.lineStart("一、x") == "一、x")
    }

    /// Text with nothing to escape, no link to break and nothing to trim is returned as it
    /// is (fast paths): each thing that changes text still changes it, alone in CJK text.
    @Test func escapeFastPathsMissNothing() {
        #expect(MarkdownEscape.inline("甲乙（丙）１２３。") == "甲乙（丙）１２３。")
        #expect(MarkdownEscape.inline("甲\u{85}乙\u{9F}丙\u{7F}丁\u{1}戊") == "甲乙丙丁戊")
        #expect(MarkdownEscape.inline("甲\t乙") == "甲 乙")
        #expect(MarkdownEscape.inline("甲www.乙") == "甲www<!-- -->.乙")
        #expect(MarkdownEscape.inline("甲@乙") == "甲@<!-- -->乙")
        #expect(MarkdownEscape.inline("甲://乙") == "甲:<!-- -->//乙")
        #expect(MarkdownEscape.strong("\u{3000}甲\u{3000}") == "**甲**")
        #expect(MarkdownEscape.strong("甲") == "**甲**")
        let md = writer.render(Document(metadata: Metadata(title: "表"), body: [.text("甲\u{2028}乙\u{2029}丙\r丁")]))
        #expect(md.contains("甲\\\n乙\\\n丙\\\n丁"), "\(md)")
    }

    /// A combining mark, a prepended mark, ZWJ or a variation selector glued to a
    /// punctuation character makes one `Character` with it; the escaper works on scalars,
    /// as CommonMark does, so the punctuation is still escaped.
    @Test func punctuationGluedToOtherCharactersIsStillEscaped() {
        for glue in ["\u{301}", "\u{600}", "\u{200D}", "\u{FE0F}", "\u{20E3}"] {
            for p in ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "&", "$", "~", "!", "{", "}"] {
                let escaped = MarkdownEscape.inline(glue + p + glue)
                #expect(escaped == glue + "\\" + p + glue, "\(glue.debugDescription) \(p)")
            }
        }
        #expect(MarkdownEscape.inline("\u{301}<img src=x onerror=alert(1)>") == "\u{301}\\<img src=x onerror=alert(1)\\>")
        #expect(MarkdownEscape.inline("\u{600}[a](javascript:alert(1))") == "\u{600}\\[a\\](javascript:alert(1))")
        for start in ["-", "+", "=", ":"] {
            #expect(MarkdownEscape.lineStart(start + "\u{301} x") == "\\" + start + "\u{301} x")
        }
        #expect(MarkdownEscape.lineStart("1\u{301}. x") == "1\u{301}. x")
        #expect(MarkdownEscape.lineStart("12.\u{301} x") == "12\\.\u{301} x")
        #expect(MarkdownEscape.lineStart(" \u{301}\u{301}") == "\u{301}\u{301}", "leading spaces go by scalar")
    }

    /// An organisation name holding a `|` glued to a combining mark keeps the table's cells:
    /// the expert's base score stays in its column.
    @Test func gluedPipeDoesNotSplitATableRow() {
        let table = Table(columns: [.init(width: 1), .init(width: 1)],
                          header: [[Table.Cell("单位"), Table.Cell("基本分")]],
                          rows: [[Table.Cell("浙江省质量院|\u{301}99.99"), Table.Cell("72.50")],
                                 [Table.Cell("甲\u{600}|乙"), Table.Cell("80")]])
        let rows = Self.tableRows(writer.render(Document(metadata: Metadata(title: "t"), body: [.table(table)])))
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0.count == 2 }, "\(rows)")
        #expect(rows[2][1] == "72.50")
    }

    /// A line that is only `:-`, `-:` or `-|-` under a paragraph line makes GFM read the
    /// line above as a table header: escaped.
    @Test func tableDelimiterRowsInTextAreEscaped() {
        let md = writer.render(Document(metadata: Metadata(title: "t"), body: [
            .text("甲\n:-"), .text("乙\n:-:"), .text("丙\n-|-"), .text("丁\n :--"),
        ]))
        #expect(md.contains("\n甲\\\n\\:-\n"))
        #expect(md.contains("\n乙\\\n\\:-:\n"))
        #expect(md.contains("\n丙\\\n\\-\\|-\n"))
        #expect(md.contains("\n丁\\\n\\:--\n"))
    }

    /// Every line the writer starts with user text has its start escaped: signature lines,
    /// the date, the issuer on the cover, a cover field without a label, the sign-here line.
    @Test func signatureAndCoverLinesStartEscaped() {
        let doc = Document(metadata: Metadata(title: "t"),
                           cover: Cover(title: ["封面"], fields: [.init(label: "", value: "- 不是列表")], issuer: "1. 不是列表", date: "+ 日期"),
                           body: [.signature(Signature(lines: ["- 张三", "2026. 李四"], date: "= 日期", signHere: "1) 签字："))])
        let md = writer.render(doc)
        #expect(md.contains("\n\\- 不是列表\n"))
        #expect(md.contains("\n1\\. 不是列表\\\n\\+ 日期\n"))
        #expect(md.contains("\n\\- 张三\\\n2026\\. 李四\\\n\\= 日期\n"))
        #expect(md.contains("\n1\\) 签字："))
    }

    /// GFM's extended autolinks (www., scheme://, e-mail addresses) do not fire in user text,
    /// even when the link is put together from several spans.
    @Test func bareLinksAreBroken() {
        #expect(MarkdownEscape.inline("见www.evil.example") == "见www<!-- -->.evil.example")
        #expect(MarkdownEscape.inline("http://evil.example") == "http:<!-- -->//evil.example")
        #expect(MarkdownEscape.inline("a@evil.example") == "a@<!-- -->evil.example")
        #expect(MarkdownEscape.breakAutolinks(MarkdownEscape.inline("a@b.c www.x.y ftp://z")) == MarkdownEscape.inline("a@b.c www.x.y ftp://z"))
        let md = writer.render(Document(metadata: Metadata(title: "t"), body: [
            .paragraph([.text("ww"), .text("w.evil.example "), .text("a"), .text("@b.example")], style: .body),
        ]))
        #expect(md.contains("\nwww<!-- -->.evil.example a@<!-- -->b.example\n"))
    }

    /// The fence of the QR code's code span counts backticks by scalar: a backtick glued to
    /// a combining mark still counts, so the span cannot be closed from inside.
    @Test func qrCodeSpanFenceCountsScalars() {
        let qr = QRCode(text: "a`\u{301}<img src=x onerror=1>`\u{301}b", modules: [[true]], size: 20)
        let md = writer.render(Document(metadata: Metadata(title: "t"), body: [.qrCode(qr)]))
        #expect(md.contains("二维码内容：``a`\u{301}<img src=x onerror=1>`\u{301}b``"))
        let edge = QRCode(text: "`\u{301}x", modules: [[true]], size: 20)
        #expect(writer.render(Document(metadata: Metadata(title: "t"), body: [.qrCode(edge)])).contains("二维码内容：`` `\u{301}x ``"))
    }

    /// Strong emphasis closes only after a non-blank character: the writer's `**` never
    /// stands next to an ideographic space, so it is never printed.
    @Test func strongTrimsUnicodeBlanks() {
        #expect(MarkdownEscape.strong("\u{3000}总分\u{3000}") == "**总分**")
        #expect(MarkdownEscape.strong("\u{A0}") == "")
        let doc = Document(metadata: Metadata(title: "t"), cover: Cover(title: ["封面"], fields: [.init(label: "名称 ：\u{3000}", value: "甲")]), body: [])
        #expect(writer.render(doc).contains("**名称**：甲"))
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
