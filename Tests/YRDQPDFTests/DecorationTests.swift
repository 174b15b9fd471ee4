import Foundation
import Testing
import YRDQTestSupport
import YRDQDocument
@testable import YRDQLayout
@testable import YRDQPDF

/// A certificate-like document: no page numbers, a frame.
@Suite struct DecorationTests {
    func render(_ document: Document) throws -> String {
        let data = try PDFWriter(options: PDFOptions(fontsDirectory: fontsDirectory)).render(document)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-deco-\(UUID().uuidString).pdf")
        try data.write(to: url)
        return url.path
    }

    @Test func pageNumbersCanBeLeftOut() throws {
        let body: [Block] = [.title(["证　书"]), .text("经评估，授予称号。")]
        let numbered = try render(Document(metadata: Metadata(title: "t"), orientation: .landscape, body: body))
        let plain = try render(Document(metadata: Metadata(title: "t"), orientation: .landscape, body: body,
                                        pageNumbers: false, frame: true))
        defer { try? FileManager.default.removeItem(atPath: numbered); try? FileManager.default.removeItem(atPath: plain) }
        #expect(try poppler("pdftotext", [numbered, "-"]).contains("— 1 —"))
        let text = try poppler("pdftotext", [plain, "-"])
        #expect(!text.contains("— 1 —") && text.contains("经评估"))
        #expect(try pageCount(plain) == 1)
    }
}
