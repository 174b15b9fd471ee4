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
