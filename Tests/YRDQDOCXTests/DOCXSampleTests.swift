import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import YRDQCertificates
import YRDQCore
import YRDQDocument
import YRDQInput
import YRDQReports
import YRDQTestSupport
import ZIPFoundation
@testable import YRDQDOCX

let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The sample pilot's documents, built in process as `render set`, `render application` and
/// `render decision` build them, written as DOCX to a temporary folder once for all tests.
struct DOCXSamples: Sendable {
    let folder: URL
    let rubric: Rubric
    /// Name (blank, filled, self-assessment, summary, provincial, application, decision, certificate) → file.
    let files: [String: URL]
    let documents: [String: Document]

    static let shared: Result<DOCXSamples, Error> = Result { try DOCXSamples() }

    private init() throws {
        func path(_ p: String) -> String { repositoryRoot.appendingPathComponent(p).path }
        rubric = try RubricReader.load(path: path("rubric/yrd-2021.yaml"))
        let builder = ReportBuilder(rubric: rubric, templates: try TemplateSet(directory: path("templates")))
        let engine = ScoringEngine(rubric: rubric)
        let sheet = try SheetReader(rubric: rubric).load(path: path("samples/jiahe-auto-parts/self-assessment.yaml"), requirePilot: true)
        let panel = try PanelReader.load(path: path("samples/jiahe-auto-parts/panel.yaml"), reader: SheetReader(rubric: rubric), requirePilot: true)
        let sheetResult = engine.score(sheet), panelResult = engine.score(panel)
        var documents: [String: Document] = [
            "blank": try builder.scoreTable(nil, nil).document,
            "filled": try builder.scoreTable(sheet, sheetResult).document,
            "self-assessment": try builder.selfAssessment(sheet, sheetResult).document,
            "summary": try builder.summary(panel, panelResult).document,
            "provincial": try builder.provincial(panel, panelResult).document,
            "application": try builder.application(sheet, sheetResult).document,
            "decision": try builder.decision([(panel, panelResult)], serials: nil).document,
        ]
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-docx-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let qr = try QRSymbol.encode("https://example.org/verify?id=zj-2026-001").block(size: 30)
        // A seal: any PNG will do (this one is a QR code's).
        let seal = folder.appendingPathComponent("seal.png")
        try PNGImage.qrCode(try QRSymbol.encode("印章").block(size: 20)).write(to: seal)
        let face = CertificateFace(heading: "证　书", holder: "嘉禾市新能源汽车零部件产业质量提升示范试点", holderNote: "浙江省嘉禾市",
                                   honour: "长三角质量提升示范", statement: ["经省级评估，总分86.50分，符合《长三角质量提升示范试点建设评估指南（试行）》的要求。", "特发此证。"],
                                   issuer: Signature(lines: ["浙江省市场监督管理局"], date: "2026年11月25日", sealImage: seal.path),
                                   serial: "证书编号：浙质示〔2026〕第001号", qr: qr, notes: ["扫码或用 yrdq certificate verify 核验", "证书标识：zj-2026-001"])
        documents["certificate"] = Document(metadata: Metadata(title: "证书", date: DocumentDate(year: 2026, month: 11, day: 25), kind: "certificate"),
                                            orientation: .landscape, body: [.certificate(face)], pageNumbers: false)
        documents["sealed"] = Document(metadata: Metadata(title: "落款"), body: [
            .text("特此报告。"), .signature(Signature(lines: ["浙江省市场监督管理局"], date: "2026年11月25日", sealImage: seal.path))])
        self.documents = documents
        var files: [String: URL] = [:]
        for (name, document) in documents {
            let url = folder.appendingPathComponent("\(name).docx")
            try DOCXWriter().render(document).write(to: url)
            files[name] = url
        }
        self.files = files
    }
}

/// The text of one part of a DOCX package.
func part(_ url: URL, _ name: String) throws -> String {
    let archive = try Archive(url: url, accessMode: .read)
    let entry = try #require(archive[name], "\(name) missing in \(url.lastPathComponent)")
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    return String(decoding: data, as: UTF8.self)
}

/// Runs a program, returning its exit status and standard output.
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (Int32, String) {
    try runTool(executable, arguments, environment: environment)
}

@Suite struct DOCXPackageTests {
    @Test func samePackageBytesForTheSameDocument() throws {
        let samples = try DOCXSamples.shared.get()
        for (name, document) in samples.documents {
            #expect(try DOCXWriter().render(document) == DOCXWriter().render(document), "\(name)")
        }
    }

    @Test func everyPartIsWellFormedXMLAndTheTypesNameWordprocessingML() throws {
        let samples = try DOCXSamples.shared.get()
        for (name, url) in samples.files {
            let data = try Data(contentsOf: url)
            #expect(DOCXWriter.isDOCX(data), "\(name)")
            let archive = try Archive(url: url, accessMode: .read)
            for entry in archive where entry.path.hasSuffix(".xml") || entry.path.hasSuffix(".rels") {
                var bytes = Data()
                _ = try archive.extract(entry) { bytes.append($0) }
                let parser = XMLParser(data: bytes)
                #expect(parser.parse(), "\(name): \(entry.path): \(String(describing: parser.parserError))")
            }
            // No theme fonts anywhere: every face is named.
            for partName in ["word/styles.xml", "word/document.xml"] {
                #expect(!(try part(url, partName)).contains("Theme"), "\(name) \(partName)")
            }
        }
    }

    @Test func otherZipsAreNotDOCX() throws {
        let archive = try Archive(data: Data(), accessMode: .create)
        let types = Data("<Types><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>".utf8)
        try archive.addEntry(with: "[Content_Types].xml", type: .file, uncompressedSize: Int64(types.count)) { p, s in types.subdata(in: Int(p)..<Int(p) + s) }
        #expect(!DOCXWriter.isDOCX(try #require(archive.data)))
        #expect(!DOCXWriter.isDOCX(Data("PK\u{3}\u{4} not a zip".utf8)))
        #expect(!DOCXWriter.isDOCX(Data()))
    }

    @Test func mergedCellsKeepTheGridAndEveryRowFillsIt() throws {
        // A 4-column table: a cell spanning two rows and one spanning two columns.
        let table = Table(columns: [Table.Column(width: 1), Table.Column(width: 2), Table.Column(width: 3), Table.Column(width: 4)],
                          header: [[Table.Cell("甲"), Table.Cell("乙", colSpan: 2), Table.Cell("丙")]],
                          rows: [[Table.Cell("跨行", rowSpan: 2), Table.Cell("一"), Table.Cell("二"), Table.Cell("三")],
                                 [Table.Cell("四", colSpan: 3)],
                                 [Table.Cell("超出", colSpan: 9)]])
        let doc = Document(metadata: Metadata(title: "t"), body: [.table(table)])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-docx-merge-\(getpid()).docx")
        try DOCXWriter().render(doc).write(to: url)
        let xml = try part(url, "word/document.xml")
        #expect(xml.contains("<w:tblGrid><w:gridCol w:w=\"884\"/><w:gridCol w:w=\"1769\"/><w:gridCol w:w=\"2653\"/><w:gridCol w:w=\"3539\"/></w:tblGrid>"))
        #expect(xml.contains("<w:tblW w:w=\"8845\" w:type=\"dxa\"/>"))
        #expect(xml.contains("<w:vMerge w:val=\"restart\"/>"))
        #expect(xml.contains("<w:tcW w:w=\"884\" w:type=\"dxa\"/><w:vMerge/>"))
        #expect(xml.contains("<w:tcW w:w=\"4422\" w:type=\"dxa\"/><w:gridSpan w:val=\"2\"/>"))
        // A span past the last column is cut at the grid's edge.
        #expect(xml.contains("<w:tcW w:w=\"8845\" w:type=\"dxa\"/><w:gridSpan w:val=\"4\"/>"))
        #expect(xml.components(separatedBy: "<w:tblHeader/>").count == 2)
    }

    @Test func aQRCodeIsAnInlinePNGThatScans() throws {
        let samples = try DOCXSamples.shared.get()
        let url = try #require(samples.files["certificate"])
        let archive = try Archive(url: url, accessMode: .read)
        let entry = try #require(archive["word/media/image1.png"])
        var png = Data()
        _ = try archive.extract(entry) { png.append($0) }
        let file = samples.folder.appendingPathComponent("qr.png")
        try png.write(to: file)
        let (status, out) = try run("/usr/bin/zbarimg", ["-q", "--raw", file.path])
        #expect(status == 0)
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "https://example.org/verify?id=zj-2026-001")
        let xml = try part(url, "word/document.xml")
        #expect(xml.contains("<wp:inline"))
        // Two pictures (the QR code and the seal), each in a paragraph as tall as the picture:
        // an exact line pitch would show a strip of it.
        for name in ["certificate", "sealed"] {
            let paragraphs = try part(try #require(samples.files[name]), "word/document.xml").components(separatedBy: "<w:p>")
            let pictures = paragraphs.filter { $0.contains("<w:drawing>") }
            #expect(pictures.count == (name == "certificate" ? 2 : 1), "\(name)")
            #expect(pictures.allSatisfy { $0.contains("w:lineRule=\"auto\"") && !$0.contains("w:lineRule=\"exact\"") }, "\(name)")
        }
        #expect(!xml.contains("<wp:anchor") && !xml.contains("txbx") && !xml.contains("w:framePr"))
        #expect(xml.contains("<w:pgBorders"))
    }

    @Test func aSealThatIsNotPNGIsRefused() throws {
        let folder = try TempDir()
        let fake = folder.url.appendingPathComponent("seal.png")
        try Data("GIF89a".utf8).write(to: fake)
        let doc = Document(metadata: Metadata(title: "t"), body: [.signature(Signature(lines: ["局"], date: "2026年1月1日", sealImage: fake.path))])
        #expect(throws: DOCXError.sealImage(path: fake.path, reason: "不是 PNG 图片")) { try DOCXWriter().render(doc) }
        let missing = folder.url.appendingPathComponent("none.png").path
        let doc2 = Document(metadata: Metadata(title: "t"), body: [.signature(Signature(lines: ["局"], date: "2026年1月1日", sealImage: missing))])
        #expect(throws: DOCXError.sealImage(path: missing, reason: "文件不存在")) { try DOCXWriter().render(doc2) }
    }

    @Test func blanksToFillInKeepTheirUnderlineAtTheEndOfALine() throws {
        // A blank is underlined no-break spaces (an editor drops trailing ordinary spaces, and
        // their underline with them); the sign-here line ends two characters from the right, as in the PDF.
        let doc = Document(metadata: Metadata(title: "t"), body: [
            .paragraph([.text("联系人："), .blank(width: 3)], style: .plain),
            .signature(Signature(lines: ["专家组"], date: "2026年1月1日", signHere: "专家组组长（签字）："))])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-docx-blank-\(getpid()).docx")
        try DOCXWriter().render(doc).write(to: url)
        let xml = try part(url, "word/document.xml")
        let nbsp = String(repeating: "\u{00A0}", count: 12)
        #expect(xml.contains("<w:r><w:rPr><w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">\(nbsp)</w:t></w:r></w:p>"))
        #expect(!xml.contains("\u{3000}"))
        #expect(xml.contains("<w:ind w:rightChars=\"200\" w:right=\"640\"/></w:pPr><w:r><w:t xml:space=\"preserve\">专家组组长（签字）：</w:t></w:r>"))
    }

    @Test func aShortHeaderLabelDoesNotWrap() throws {
        // "序号" in a narrow first column: the column widens (two 12 pt characters and the
        // padding), taking the room from the wide one; the grid still fills the measure.
        let table = Table(columns: [Table.Column(width: 0.5), Table.Column(width: 8)],
                          header: [[Table.Cell("序号"), Table.Cell("单位")]], rows: [[Table.Cell("1"), Table.Cell("浙江省质量科学研究院")]])
        let widths = DOCXBody.columnWidths(table, total: 8845)
        #expect(widths[0] >= 2 * 240 + 2 * 96 && widths.reduce(0, +) == 8845, "\(widths)")
        #expect(DOCXBody.columnWidths(table.columns, total: 8845)[0] < 2 * 240 + 2 * 96)
        // No room to give: the weights stand.
        let crowded = Table(columns: [Table.Column(width: 1), Table.Column(width: 1)],
                            header: [[Table.Cell("一二三四五六"), Table.Cell("一二三四五六")]], rows: [])
        #expect(DOCXBody.columnWidths(crowded, total: 2000) == [1000, 1000])
    }
}
