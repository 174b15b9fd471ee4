import Foundation
import Testing
import YRDQTestSupport

/// `--format docx`: the documents as Word files, and what a DOCX may replace.
@Suite struct DOCXCommandTests {
    /// A zip holding one [Content_Types].xml with `contentType`, made by Debian's python3.
    func zip(at path: String, contentType: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("[Content_Types].xml", '<Types><Override PartName="/main.xml" ContentType="%s"/></Types>' % sys.argv[2])
            """, path, contentType]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func renderWritesDOCXAndReplacesOnlyADOCX() throws {
        let dir = try TempDir()
        let first = yrdq("render", "table", "--blank", "--format", "docx", "--out", dir.path)
        #expect(first.code == 0, "\(first.stderr)")
        let file = dir.path("评分表（空白）.docx")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        // Its own DOCX is replaced, with the same bytes.
        #expect(yrdq("render", "table", "--blank", "--format", "docx", "--out", dir.path).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == bytes)

        // A workbook (or any other zip) under that name is never replaced.
        try FileManager.default.removeItem(atPath: file)
        try zip(at: file, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        let workbook = try Data(contentsOf: URL(fileURLWithPath: file))
        let refused = yrdq("render", "table", "--blank", "--format", "docx", "--out", dir.path)
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("已有同名文件（是ZIP 压缩文件），不是 yrdq 生成的Word 文档（DOCX），不会覆盖"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == workbook)

        // A Word file that some other program wrote is a DOCX too: replaced.
        try FileManager.default.removeItem(atPath: file)
        try zip(at: file, contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
        #expect(yrdq("render", "table", "--blank", "--format", "docx", "--out", dir.path).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == bytes)

        // A DOCX standing where a PDF goes is not a PDF.
        try bytes.write(to: URL(fileURLWithPath: dir.path("评分表（空白）.pdf")))
        let pdf = yrdq("render", "table", "--blank", "--format", "pdf", "--out", dir.path)
        #expect(pdf.code == 1)
        #expect(pdf.stderr.contains("已有同名文件（是Word 文档（DOCX）），不是 yrdq 生成的PDF 文档"), "\(pdf.stderr)")
    }

    @Test func renderSetWritesEveryDocumentAsDOCX() throws {
        let dir = try TempDir()
        let run = yrdq("render", "set", Repo.sample.path, "--format", "docx", "--out", dir.path)
        #expect(run.code == 0, "\(run.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".docx") }
        #expect(files.count == 5, "\(files)")
        for kind in ["申请省级评估的请示"] {
            let official = yrdq("render", "application", Repo.sample.appendingPathComponent("self-assessment.yaml").path,
                                "--format", "docx", "--out", dir.path)
            #expect(official.code == 0 && official.stdout.contains(kind), "\(official.stderr)")
        }
    }

    @Test func anUnknownFormatNamesDOCXAmongTheAllowed() {
        let run = yrdq("render", "table", "--blank", "--format", "docx,odt")
        #expect(run.code == 64)
        // The issue adds ofd to the list (issue 12 §2).
        #expect(run.stderr.contains("未知的输出格式“odt”（允许：html、md、pdf、docx、ofd）"), "\(run.stderr)")
    }
}
