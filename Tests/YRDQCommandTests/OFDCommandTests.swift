import Foundation
import Testing
import YRDQTestSupport

/// `--format ofd`: accepted for every document; until the layout yields frames it refuses with
/// a clear message and writes no OFD; what an OFD file may replace, and what may replace it.
@Suite struct OFDCommandTests {
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

    @Test func ofdIsAFormatOfEveryCommandButRefusesUntilTheLayoutLands() throws {
        let dir = try TempDir()
        let run = yrdq("render", "table", "--blank", "--format", "ofd", "--out", dir.path)
        #expect(run.code == 1)
        #expect(run.stderr.contains("OFD 输出尚未可用"), "\(run.stderr)")
        #expect(!run.stderr.contains("未知的输出格式"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".ofd") }.isEmpty)
        // An unknown format still names ofd among the allowed ones.
        let unknown = yrdq("render", "table", "--blank", "--format", "odf", "--out", dir.path)
        #expect(unknown.code == 64)
        #expect(unknown.stderr.contains("ofd"), "\(unknown.stderr)")
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

        // Where an OFD goes, a zip whose first entry is not OFD.xml (a DOCX, a zip holding an
        // OFD.xml further in) is refused before anything is laid out.
        let ofd = dir.path("评分表（空白）.ofd")
        try zip(at: ofd, names: ["[Content_Types].xml", "OFD.xml"])
        let overZip = yrdq("render", "table", "--blank", "--format", "ofd", "--out", dir.path)
        #expect(overZip.code == 1)
        #expect(overZip.stderr.contains("已有同名文件（是ZIP 压缩文件），不是 yrdq 生成的OFD 版式文档，不会覆盖"), "\(overZip.stderr)")
        #expect(!overZip.stderr.contains("OFD 输出尚未可用"))
        // An OFD there is this kind: only the layout's refusal remains.
        try FileManager.default.removeItem(atPath: ofd)
        try zip(at: ofd, names: ["OFD.xml"])
        let overOFD = yrdq("render", "table", "--blank", "--format", "ofd", "--out", dir.path)
        #expect(overOFD.code == 1)
        #expect(overOFD.stderr.contains("OFD 输出尚未可用"), "\(overOFD.stderr)")
    }
}
