import Foundation
import Testing
import YRDQDocument
import YRDQHTML
import YRDQMarkdown

/// The 版头, 附件说明 and 版记 in the HTML and Markdown writers: in their places, user text escaped.
@Suite struct OfficialPartsWriterTests {
    func official(_ text: String = "", upward: Bool = true, attachment: Bool = true) -> Document {
        Document(metadata: Metadata(title: "请示"),
                 body: [.title(["关于申请开展省级评估的请示"]), .text("浙江省市场监督管理局：", .plain), .text("妥否，请批示。"),
                        .attachmentNote(["自评报告" + text, "评分表"]),
                        .signature(Signature(lines: ["嘉禾市市场监督管理局"], date: "2026年10月16日"))],
                 attachments: attachment ? [Attachment(label: "附件", title: "名单", blocks: [.text("名单正文")])] : [],
                 masthead: Masthead(mark: "嘉禾市市场监督管理局文件" + text, number: "嘉市监质〔2026〕27号",
                                    signatories: upward ? ["周建国" + text] : []),
                 colophon: Colophon(copies: ["长三角区域合作办公室" + text, "嘉禾市人民政府办公室"], printer: "嘉禾市市场监督管理局办公室",
                                    printed: "2026年10月16日"))
    }

    func index(_ s: String, _ piece: String) -> Int {
        s.range(of: piece).map { s.distance(from: s.startIndex, to: $0.lowerBound) } ?? -1
    }

    /// The HTML after the style sheet.
    func body(_ html: String) -> String { html.range(of: "<body").map { String(html[$0.lowerBound...]) } ?? "" }

    @Test func htmlPutsTheMastheadFirstAndTheColophonLast() {
        for attachment in [true, false] {
            let html = body(HTMLWriter().render(official(attachment: attachment)))
            let mark = index(html, "masthead-mark"), title = index(html, "doc-title"), annex = index(html, "annex-note")
            let signature = index(html, "class=\"signature\""), colophon = index(html, "class=\"colophon\"")
            #expect(mark > 0 && mark < title && title < annex && annex < signature && signature < colophon)
            #expect(html.components(separatedBy: "class=\"colophon\"").count == 2, "one 版记")
            #expect(html.contains("签发人：") && html.contains("周建国"))
            #expect(html.contains("抄送：长三角区域合作办公室，嘉禾市人民政府办公室。"))
            #expect(html.contains("2026年10月16日印发"))
            if attachment { #expect(index(html, "名单正文") < colophon, "the 版记 follows the attachment") }
        }
        // A downward document has no 签发人.
        #expect(!body(HTMLWriter().render(official(upward: false))).contains("签发人"))
    }

    @Test func markdownPutsTheMastheadFirstAndTheColophonLast() {
        let md = MarkdownWriter().render(official())
        #expect(md.hasPrefix("**嘉禾市市场监督管理局文件**"))
        #expect(md.contains("嘉市监质〔2026〕27号\u{3000}\u{3000}签发人：周建国"))
        #expect(md.contains("附件：1.自评报告\\\n\u{3000}\u{3000}\u{3000}2.评分表"))
        #expect(index(md, "名单正文") < index(md, "抄送："))
        #expect(md.hasSuffix("嘉禾市市场监督管理局办公室\u{3000}\u{3000}2026年10月16日印发\n\n---\n"), "\(md.suffix(80))")
    }

    @Test func hostileTextInTheOfficialPartsIsEscaped() {
        let hostile = "<script>alert(1)</script> a|b *x* # 1. [l](u) `c`"
        let html = HTMLWriter().render(official(hostile))
        #expect(!html.contains("<script"))
        #expect(html.contains("嘉禾市市场监督管理局文件&lt;script&gt;"))
        let md = MarkdownWriter().render(official(hostile))
        #expect(!md.contains("<script>"))
        #expect(!md.contains("*x*"))
    }
}
