import Foundation
import Testing
import YRDQCommands
import YRDQTestSupport

/// `--format ofd`: accepted for every document; until the layout yields frames it refuses with
/// a clear message and writes no OFD; what an OFD file may replace, and what may replace it.
@Suite struct OFDCommandTests {
    var samplePanel: String { Repo.sample.appendingPathComponent("panel.yaml").path }

    /// A zip of `names` (each holding a line of XML), in that order, made by Debian's python3.
    func zip(at path: String, names: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                for name in sys.argv[2:]:
                    z.writestr(name, '<?xml version="1.0"?><x/>')
            """, path] + names
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("ofd is a format of render, set, batch and certificate issue: every document is written as an OFD package")
    func ofdIsAFormatOfEveryCommand() throws {
        let dir = try TempDir()
        func ofds(_ sub: String) throws -> [String] {
            try FileManager.default.subpathsOfDirectory(atPath: dir.path(sub)).filter { $0.hasSuffix(".ofd") }
        }
        func isOFD(_ path: String) throws -> Bool {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            return bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) && bytes.prefix(64).range(of: Data("OFD.xml".utf8)) != nil
        }
        let run = yrdq("render", "table", "--blank", "--format", "ofd", "--out", dir.path("blank"))
        #expect(run.code == 0, "\(run.stderr)")
        #expect(try ofds("blank").count == 1)
        let set = yrdq("render", "set", Repo.sample.path, "--format", "html,ofd", "--out", dir.path("set"))
        #expect(set.code == 0, "\(set.stderr)")
        #expect(try ofds("set").count == 5)
        for file in try ofds("set") { #expect(try isOFD(dir.path("set/" + file)), "\(file)") }
        #expect(try !isOFD(dir.path("set/" + (FileManager.default.contentsOfDirectory(atPath: dir.path("set")).first { $0.hasSuffix(".html") }!))))
        let batch = yrdq("batch", Repo.sample.deletingLastPathComponent().path, "--format", "ofd", "--out", dir.path("batch"))
        #expect(batch.code == 0, "\(batch.stderr)")
        #expect(try ofds("batch").count == 5)
        #expect(yrdq(["keygen", "--out", dir.path("k")]).code == 0)
        let issue = yrdq(["certificate", "issue", samplePanel, "--key", dir.path("k/yrdq-signing-key.pem"), "--registry", dir.path("reg.db"),
                          "--format", "md,ofd", "--out", dir.path("cert"), "--rubric", Repo.rubricPath])
        #expect(issue.code == 0, "\(issue.stderr)")
        #expect(try ofds("cert").count == 1)
        // The same input gives the same bytes.
        #expect(yrdq("render", "table", "--blank", "--format", "ofd", "--out", dir.path("blank2")).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("blank/" + ofds("blank")[0])))
                == Data(contentsOf: URL(fileURLWithPath: dir.path("blank2/" + ofds("blank2")[0]))))
        // An unknown format names ofd among the allowed ones.
        let unknown = yrdq("render", "table", "--blank", "--format", "odf", "--out", dir.path)
        #expect(unknown.code == 64)
        #expect(unknown.stderr.contains("ofd"), "\(unknown.stderr)")
    }

    @Test("the note that the official faces are not installed names OFD for an OFD run, not PDF")
    func fallbackNoteNamesOFD() throws {
        let dir = try TempDir()
        let run = yrdq("render", "table", "--blank", "--format", "ofd", "--out", dir.path)
        #expect(run.code == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("PDF 未使用公文字体"), "\(run.stderr)")
        // Where the faces fall back (Debian has none of the official ones), the note is the OFD's.
        if run.stderr.contains("未使用公文字体") { #expect(run.stderr.contains("OFD 未使用公文字体："), "\(run.stderr)") }
    }

    @Test func anOFDIsRecognisedAndNeverReplacedByAnotherKind() throws {
        let dir = try TempDir()
        // An OFD (a zip whose first entry is OFD.xml) standing where a PDF goes is not replaced.
        let pdf = dir.path("评分表（空白）.pdf")
        try zip(at: pdf, names: ["OFD.xml", "Doc_0/Document.xml"])
        let before = try Data(contentsOf: URL(fileURLWithPath: pdf))
        let refused = yrdq("render", "table", "--blank", "--format", "pdf", "--out", dir.path)
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("已有同名文件（是OFD 版式文档），不是 yrdq 生成的PDF 文档"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)) == before)
        // Nor where a DOCX or a workbook goes.
        let docx = yrdq("render", "table", "--blank", "--format", "docx", "--out", dir.path)
        #expect(docx.code == 0, "\(docx.stderr)")
        try FileManager.default.removeItem(atPath: dir.path("评分表（空白）.docx"))
        try zip(at: dir.path("评分表（空白）.docx"), names: ["OFD.xml", "[Content_Types].xml"])
        let overDOCX = yrdq("render", "table", "--blank", "--format", "docx", "--out", dir.path)
        #expect(overDOCX.code == 1)
        #expect(overDOCX.stderr.contains("不是 yrdq 生成的Word 文档（DOCX）"), "\(overDOCX.stderr)")

        // Where an OFD goes (OutputFolder, as the writer will use it once the layout lands), a zip
        // whose first entry is not OFD.xml (a DOCX, a zip holding an OFD.xml further in) is refused.
        let ofd = dir.path("评分表（空白）.ofd")
        try zip(at: ofd, names: ["[Content_Types].xml", "OFD.xml"])
        let folder = try OutputFolder(dir.path, create: false)
        do {
            try folder.write(Data("new".utf8), name: "评分表（空白）.ofd", kind: .ofd)
            Issue.record("a zip that is not an OFD was replaced")
        } catch {
            #expect(error.diagnostics.description.contains("已有同名文件（是ZIP 压缩文件），不是 yrdq 生成的OFD 版式文档，不会覆盖"), "\(error.diagnostics)")
        }
        // An OFD there is this kind: replaced.
        try FileManager.default.removeItem(atPath: ofd)
        try zip(at: ofd, names: ["OFD.xml"])
        try folder.write(Data("new".utf8), name: "评分表（空白）.ofd", kind: .ofd)
        #expect(try Data(contentsOf: URL(fileURLWithPath: ofd)) == Data("new".utf8))
    }
}
