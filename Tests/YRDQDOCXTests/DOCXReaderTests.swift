import Foundation
import Testing
import YRDQCore
import YRDQTestSupport

/// The DOCX files as other programs read them: python-docx (styles, faces, margins, grid,
/// merges, footers) and LibreOffice (converted to PDF, every item's text there). Both come from
/// Debian (python3-docx, libreoffice-writer-nogui; scripts/install-deps.sh).
@Suite(.serialized) struct DOCXReaderTests {
    static let checker = repositoryRoot.appendingPathComponent("Tests/YRDQDOCXTests/check_docx.py").path

    /// python-docx's reading of every sample, keyed by sample name.
    static let output: Result<String, Error> = Result {
        let samples = try DOCXSamples.shared.get()
        let (status, out) = try run("/usr/bin/python3", [checker] + samples.files.keys.sorted().map { samples.files[$0]!.path })
        guard status == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return out
    }

    func sample(_ name: String) throws -> [String: Any] {
        let samples = try DOCXSamples.shared.get()
        let all = try #require(try JSONSerialization.jsonObject(with: Data(Self.output.get().utf8)) as? [String: [String: Any]])
        return try #require(all[samples.files[name]!.path], "\(name)")
    }
    func sections(_ s: [String: Any]) throws -> [[String: Any]] { try #require(s["sections"] as? [[String: Any]]) }
    func style(_ s: [String: Any], _ name: String) throws -> [String: Any] {
        try #require((s["styles"] as? [String: [String: Any]])?[name], "style \(name)")
    }

    @Test func pageSetUpFollowsGBT9704() throws {
        for name in ["self-assessment", "provincial", "application", "decision", "blank"] {
            let body = try sections(try sample(name)).first { ($0["height_mm"] as? Double) == 297 }
            let s = try #require(body, "\(name)")
            #expect(s["width_mm"] as? Double == 210)
            #expect(s["top_mm"] as? Double == 37 && s["left_mm"] as? Double == 28, "\(name)")
            #expect(s["bottom_mm"] as? Double == 35 && s["right_mm"] as? Double == 26, "\(name)")
            let grid = try #require(s["grid"] as? [String: String])
            // 225 mm / 22 lines = 28.99 pt; 156 mm / 28 = 15.79 pt a character (−0.207 pt in 4096ths).
            #expect(grid["linePitch"] == "580" && grid["charSpace"] == "-848", "\(name): \(grid)")
        }
        // The summary sheet is landscape; so is the certificate.
        for name in ["summary", "certificate"] {
            let s = try sections(try sample(name))[0]
            #expect(s["width_mm"] as? Double == 297 && s["height_mm"] as? Double == 210, "\(name)")
            #expect(s["orientation"] as? Int == 1)
        }
    }

    @Test func stylesNameTheOfficialFacesForEastAsianTextAndTimesNewRomanForLatin() throws {
        let s = try sample("provincial")
        let expected: [(String, String, Double?)] = [
            ("Normal", "仿宋_GB2312", 16), ("Title", "方正小标宋简体", 22), ("Heading 1", "黑体", nil),
            ("Heading 2", "楷体_GB2312", nil), ("Table Text", "仿宋_GB2312", 12), ("Table Heading", "黑体", nil),
            ("Note", "仿宋_GB2312", 14), ("Masthead Mark", "方正小标宋简体", 40), ("Footer", "宋体", 14),
        ]
        for (name, face, size) in expected {
            let st = try style(s, name)
            // A style that names no face takes Normal's.
            let normal = try style(s, "Normal")["eastAsia"] as? String
            let east = (st["eastAsia"] as? String) ?? normal
            #expect(east == face, "\(name)")
            if name != "Footer" { #expect(((st["ascii"] as? String) ?? "Times New Roman") == "Times New Roman", "\(name)") }
            if let size { #expect(st["size"] as? Double == size, "\(name)") }
        }
        for level in 1...4 { #expect(try style(s, "Heading \(level)")["bold"] as? Bool == false) }
        let used = try #require(s["paragraph_styles"] as? [String])
        for name in ["Title", "Heading 1", "Heading 2", "Body Text", "Signature", "Attachment Label"] {
            #expect(used.contains(name), "\(name) not used: \(used)")
        }
    }

    @Test func tablesHaveTheirGridMergesAndRepeatedHeaders() throws {
        for name in ["blank", "filled", "self-assessment", "summary"] {
            let tables = try #require(try sample(name)["tables"] as? [[String: Any]])
            let scores = try #require(tables.max { ($0["rows"] as? Int ?? 0) < ($1["rows"] as? Int ?? 0) }, "\(name)")
            let grid = try #require(scores["grid"] as? [Int])
            #expect(grid.reduce(0, +) == scores["width"] as? Int, "\(name): grid \(grid) and table width agree")
            #expect((scores["header_rows"] as? Int ?? 0) >= 1, "\(name)")
            #expect((scores["vmerge_restarts"] as? Int ?? 0) > 0 && (scores["vmerge_continues"] as? Int ?? 0) > 0, "\(name)")
            #expect(scores["rows_fill_grid"] as? Bool == true, "\(name)")
        }
    }

    @Test func pageNumbersOddRightEvenLeftNoneOnTheCover() throws {
        let s = try sample("self-assessment")
        #expect(s["even_and_odd"] as? Bool == true)
        let all = try sections(s)
        // The cover's section has no footer of its own; the body starts at 1.
        #expect(all[0]["footer_linked"] as? Bool == true)
        #expect(all[1]["page_start"] as? String == "1")
        #expect(all[1]["odd_footer"] as? [String] == ["— 1 —"])
        #expect((all[1]["odd_footer_align"] as? [String])?.first?.hasPrefix("RIGHT") == true)
        #expect((all[1]["even_footer_align"] as? [String])?.first?.hasPrefix("LEFT") == true)
        // Attachments: each its own section, starting with 附件N.
        let text = try #require(s["text"] as? String)
        #expect(text.contains("附件1") && text.contains("附件2"))
        // The certificate has no page numbers.
        #expect(try sample("certificate")["even_and_odd"] as? Bool == false)
    }

    @Test func libreOfficeShowsEveryItemOfTheScoreTable() throws {
        let samples = try DOCXSamples.shared.get()
        let out = samples.folder.appendingPathComponent("lo")
        let profile = samples.folder.appendingPathComponent("lo-profile")
        let names = ["blank", "self-assessment", "decision", "certificate"]
        let (status, _) = try run("/usr/bin/soffice", ["-env:UserInstallation=file://\(profile.path)", "--headless", "--convert-to", "pdf",
                                                      "--outdir", out.path] + names.map { samples.files[$0]!.path },
                                  environment: ["HOME": profile.path])
        #expect(status == 0)
        func text(_ name: String) throws -> String {
            try poppler("pdftotext", [out.appendingPathComponent("\(name).pdf").path, "-"]).filter { !$0.isWhitespace }
        }
        let blank = try text("blank"), report = try text("self-assessment")
        let words = { (s: String) in String(s.filter { !$0.isWhitespace && !$0.isPunctuation }) }
        for item in samples.rubric.items {
            // The item's wording up to its first point marker, as the table prints it.
            let head = words(String(item.text.prefix { $0 != "（" && $0 != "(" }.prefix(14)))
            #expect(words(blank).contains(head), "第\(item.number)项 not in the blank table: \(head)")
            #expect(words(report).contains(head), "第\(item.number)项 not in the self-assessment report: \(head)")
        }
        let decision = try text("decision")
        #expect(decision.contains("浙江省市场监督管理局文件") && decision.contains("抄送") && decision.contains("印发"))
        let pages = try poppler("pdfinfo", [out.appendingPathComponent("decision.pdf").path])
        let count = pages.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") }
        #expect(count.map { $0 % 2 == 0 } == true, "the 版记 ends on an even page: \(pages)")
        #expect(try text("certificate").contains("长三角质量提升示范"))
    }
}
