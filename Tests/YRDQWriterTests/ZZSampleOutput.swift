// THROWAWAY: writes samples to /tmp for looking at them.
import Foundation
import Testing
import YRDQDocument
import YRDQHTML
import YRDQMarkdown

@Test func writeSamplesToTmp() throws {
    let doc = Fixtures.document(sealImage: "/tmp/seal.png")
    try HTMLWriter().render(doc).write(toFile: "/tmp/x.html", atomically: true, encoding: .utf8)
    try MarkdownWriter().render(doc).write(toFile: "/tmp/x.md", atomically: true, encoding: .utf8)
    let bad = Fixtures.document(text: Fixtures.hostile, sealImage: "../seal #1.png")
    try HTMLWriter().render(bad).write(toFile: "/tmp/bad.html", atomically: true, encoding: .utf8)
    try MarkdownWriter().render(bad).write(toFile: "/tmp/bad.md", atomically: true, encoding: .utf8)
}

@Test func writeLongTableToTmp() throws {
    var rows: [[Table.Cell]] = []
    for i in 0..<40 {
        var r: [Table.Cell] = []
        if i % 20 == 0 { r.append(Table.Cell("\(i == 0 ? "一" : "二")、指标（50分）", rowSpan: 20, alignment: .center)) }
        if i % 5 == 0 { r.append(Table.Cell("（\(i / 5 + 1)）二级（10分）", rowSpan: 5, alignment: .center)) }
        r.append(Table.Cell("\(i + 1)．开展质量提升行动，建立健全质量管理体系，定期开展质量分析，评价结果纳入考核。"))
        r.append(Table.Cell("2", alignment: .center))
        rows.append(r)
    }
    let t = Table(columns: [.init(width: 1.6, alignment: .center), .init(width: 1.6, alignment: .center),
                            .init(width: 7.2), .init(width: 1.2, alignment: .center)],
                  header: [["一级指标", "二级指标", "三级指标", "得分"].map { Table.Cell($0, emphasis: true) }], rows: rows)
    let doc = Document(metadata: Metadata(title: "长表"), body: [.title(["长表"]), .table(t)])
    try HTMLWriter().render(doc).write(toFile: "/tmp/long.html", atomically: true, encoding: .utf8)
}
