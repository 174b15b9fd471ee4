import Foundation
import Testing
import YRDQDocument
import YRDQHTML

@Suite struct HTMLWriterTests {
    let writer = HTMLWriter()

    @Test func documentShell() {
        let html = writer.render(Fixtures.document())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"zh-CN\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"))
        #expect(html.contains("size: A4 landscape"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"), "no network")
        #expect(!html.contains("<link"))
        #expect(html.contains("<title>嘉禾市汽车零部件产业质量提升试点自评报告</title>"))
    }

    @Test func hostileTextIsEscapedEverywhere() {
        let html = writer.render(Fixtures.document(text: Fixtures.hostile))
        #expect(!html.contains("<script"))
        #expect(!html.contains("</script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;q&quot; &#39;q&#39;"))
        #expect(html.contains("&amp;amp;"))
        #expect(html.contains("𠮷堃喆 😀"))
        // Metadata: in <title> and in every <meta content="…">.
        #expect(html.contains("<title>嘉禾市汽车零部件产业质量提升试点自评报告&lt;script&gt;"))
        #expect(html.contains("<meta name=\"author\" content=\"嘉禾市市场监督管理局&lt;script&gt;"))
        #expect(html.contains("<meta name=\"keywords\" content=\"质量提升, &lt;script&gt;"))
        // No attribute is broken out of: every quote inside user text is an entity.
        for line in html.split(separator: "\n") where line.hasPrefix("<meta name=") {
            #expect(line.filter { $0 == "\"" }.count == 4, "\(line)")
        }
    }

    @Test func escapeFunction() {
        #expect(HTMLEscape.text("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
        #expect(HTMLEscape.text("a\nb\r\nc") == "a<br>b<br>c")
        #expect(HTMLEscape.text("a\u{0}b\u{7}c") == "abc")
        #expect(HTMLEscape.attribute("a\nb\"") == "a b&quot;")
    }

    /// Text with nothing to escape is returned as it is (a fast path): every scalar that is
    /// escaped, dropped or made a break still is, alone in CJK text.
    @Test func escapeFastPathMissesNothing() {
        #expect(HTMLEscape.text("甲乙（丙）１２３") == "甲乙（丙）１２３")
        #expect(HTMLEscape.text("甲\u{85}乙\u{9F}丙\u{7F}丁") == "甲乙丙丁")
        #expect(HTMLEscape.text("甲\u{2028}乙\u{2029}丙\r丁") == "甲<br>乙<br>丙<br>丁")
        let nonCharacters = [0xFDD0, 0xFFFF, 0x1FFFE].map { String(Unicode.Scalar(UInt32($0))!) }
        #expect(HTMLEscape.text("甲" + nonCharacters.joined(separator: "乙") + "\t戊") == "甲乙乙 戊")
        #expect(HTMLEscape.text("甲'乙") == "甲&#39;乙")
        #expect(HTMLEscape.singleLine("甲\u{2029}乙\t丙\u{85}") == "甲 乙 丙")
    }

    @Test func sealImage() {
        let html = writer.render(Fixtures.document(sealImage: "../印章/seal #1.png"))
        #expect(html.contains("<img class=\"seal\" src=\"../印章/seal%20%231.png\" alt=\"印章\">"))
        #expect(!writer.render(Fixtures.document(sealImage: nil)).contains("<img"))
        #expect(!writer.render(Fixtures.document(sealImage: "javascript:alert(1)")).contains("<img"))
        #expect(!writer.render(Fixtures.document(sealImage: "https://example.com/s.png")).contains("<img"))
        #expect(HTMLEscape.imageSource("/srv/seals/a.png") == "/srv/seals/a.png")
        #expect(HTMLEscape.imageSource("file:///srv/a.png") == "file:///srv/a.png")
    }

    /// The scheme of a seal image is read as a browser reads the written `src`: control
    /// characters (which a URL parser strips) are dropped before it is looked for, and a
    /// mark glued to the colon does not hide it.
    @Test func sealImageSchemeIsReadAsTheBrowserReadsIt() {
        for path in ["\u{1}javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)", "\u{7F}https://x.example/s.png",
                     "javascript:\u{301}alert(1)", "\u{85}javascript:alert(1)", " JavaScript:alert(1)"] {
            #expect(HTMLEscape.imageSource(path) == nil, "\(path.debugDescription)")
            #expect(!writer.render(Fixtures.document(sealImage: path)).contains("<img"), "\(path.debugDescription)")
        }
        #expect(HTMLEscape.imageSource("C:\\印章\\seal.png") == "file:///C:/印章/seal.png")
        #expect(HTMLEscape.imageSource("seal\u{301}.png") == "seal\u{301}.png")
    }

    /// `<title>` holds text only: a line break in the title is a space there, not a `<br>`
    /// that the browser would show as text; in the QR code's SVG `<title>` a `<br>` would
    /// end the SVG.
    @Test func titlesHoldNoMarkup() {
        var doc = Fixtures.document()
        doc.metadata.title = "第一行\n第二行\r\n<b>"
        doc.body.append(.qrCode(QRCode(text: "YRDQ1|甲\n乙", modules: [[true]], size: 20)))
        let html = writer.render(doc)
        #expect(html.contains("<title>第一行 第二行 &lt;b&gt;</title>"))
        #expect(html.contains("<title>YRDQ1|甲 乙</title>"))
    }

    @Test func tableMarkupFollowsTheModel() throws {
        let table = Fixtures.scoreTable()
        let doc = Document(metadata: Metadata(title: "评分表"), body: [.table(table)])
        let html = writer.render(doc)
        #expect(html.contains("<thead>"))
        #expect(html.contains("<tbody>"))
        #expect(html.contains("<colgroup>"))
        // Widths 1.6 : 1.6 : 7.2 : 1.2 of 11.6.
        #expect(html.contains("<col style=\"width:13.79%\">"))
        #expect(html.contains("<col style=\"width:62.07%\">"))
        #expect(html.contains("<col style=\"width:10.34%\">"))

        // Every cell's rowspan / colspan is the model's, in order.
        let cells = try cellTags(in: html)
        let modelCells = (table.header + table.rows).flatMap { $0 }
        #expect(cells.count == modelCells.count)
        for (tag, cell) in zip(cells, modelCells) {
            #expect(attribute("rowspan", in: tag) == cell.rowSpan, "\(tag)")
            #expect(attribute("colspan", in: tag) == cell.colSpan, "\(tag)")
        }
        #expect(html.contains("<td rowspan=\"5\" class=\"a-center\">一、组织领导<span class=\"nb\">（10分）</span></td>"))
        #expect(html.contains("<td colspan=\"3\" class=\"a-center em\">总　分</td>"))
        #expect(html.contains("<sup class=\"note-mark\">注1</sup>"))
        #expect(html.contains("3．建立工作台账<br>定期调度推进。"))
        #expect(html.contains("<div class=\"table-notes\">"))
        // Header rows are <th>.
        #expect(html.contains("<th scope=\"col\" class=\"a-center em\">一级指标</th>"))
    }

    @Test func tableRowCountsAddUp() throws {
        // Every body row covers exactly the column count once spans from above are counted.
        let table = Fixtures.scoreTable()
        let grid = Table.grid(table.rows, columns: table.columns.count)
        #expect(grid.allSatisfy { $0.allSatisfy { $0 != nil } })
        let html = writer.render(Document(metadata: Metadata(title: "t"), body: [.table(table)]))
        let tbody = try #require(html.range(of: "<tbody>")).upperBound
        let rows = html[tbody...].components(separatedBy: "<tr>").count - 1
        #expect(rows == table.rows.count)
    }

    @Test func compactTableAndTwoRowHeader() {
        let html = writer.render(Document(metadata: Metadata(title: "t"), body: [.table(Fixtures.twoRowHeaderTable())]))
        #expect(html.contains("<table class=\"grid compact\">"))
        #expect(html.contains("<th rowspan=\"2\" scope=\"col\""))
        #expect(html.contains("<th colspan=\"2\" scope=\"col\""))
        let thead = html.components(separatedBy: "<thead>")[1].components(separatedBy: "</thead>")[0]
        #expect(thead.components(separatedBy: "<tr>").count - 1 == 2)
    }

    @Test func pagesCoverAttachmentsAndSignature() {
        let html = writer.render(Fixtures.document())
        // Cover, body split at its one page break into two sheets, two attachments.
        #expect(html.components(separatedBy: "<section class=\"sheet").count - 1 == 5)
        #expect(html.contains("<section class=\"sheet cover\">"))
        #expect(html.contains("<section class=\"sheet landscape attachment\">"))
        #expect(html.contains("<p class=\"attachment-label\">附件1</p>"))
        #expect(html.contains("<h1 class=\"doc-title attachment-title\">评分表</h1>"))
        #expect(html.contains("break-before: page"))
        #expect(html.contains("<h2 class=\"h1\">一、试点基本情况</h2>"))
        #expect(html.contains("<h3 class=\"h2\">（一）组织领导</h3>"))
        #expect(html.contains("<p class=\"signer\">嘉禾市市场监督管理局</p>"))
        #expect(html.contains("<p class=\"date\">2026年4月13日</p>"))
        #expect(html.contains("<span class=\"blank\" style=\"width:6em\"></span>"))
        #expect(html.contains("<p class=\"sign-here\">评估专家（签字）："))
    }

    @Test func emptyDocumentStillHasASheet() {
        let html = writer.render(Document(metadata: Metadata(title: ""), body: []))
        #expect(html.contains("<section class=\"sheet\"></section>"))
        #expect(html.contains("<title>文档</title>"))
    }

    // MARK: helpers

    private func cellTags(in html: String) throws -> [String] {
        var tags: [String] = []
        var rest = Substring(html)
        while let start = rest.range(of: "<t") {
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: ">") else { break }
            let name = after.prefix { $0.isLetter }
            if name == "d" || name == "h" { tags.append(String(rest[start.lowerBound...end])) }
            rest = after[after.index(after: end)...]
        }
        return tags
    }

    private func attribute(_ name: String, in tag: String) -> Int {
        guard let r = tag.range(of: "\(name)=\"") else { return 1 }
        return Int(tag[r.upperBound...].prefix { $0.isNumber }) ?? -1
    }
}
