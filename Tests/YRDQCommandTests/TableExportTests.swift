import Foundation
import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport

/// Issue 13 §3: `render summary --format xlsx` and `render table --format xlsx`, the tables
/// for the bureau's records as workbooks (read back with openpyxl).
@Suite("Tables exported as XLSX", .serialized)
struct TableExportTests {
    /// Every row of the workbook's first sheet, each cell as Python prints it ("" for empty, "#" before a number).
    func rows(_ path: String) throws -> [[String]] {
        let out = try XLSXFixture.python("""
        import json, sys, openpyxl
        ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
        print(json.dumps([["" if v is None else ("#" + str(v) if isinstance(v, (int, float)) else str(v)) for v in r] for r in ws.iter_rows(values_only=True)], ensure_ascii=False))
        """, [path])
        return try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [[String]]
    }

    @Test("render summary --format xlsx: experts × items as numbers, the means, divergent items marked, the panel's base and total")
    func summary() throws {
        try withTempDir { dir in
            let panel = Repo.sample.appendingPathComponent("panel.yaml").path
            let run = yrdq("render", "summary", panel, "--format", "xlsx", "--out", dir.path("out"))
            #expect(run.code == 0, "\(run.stderr)")
            let files = dir.files(under: "out")
            #expect(files.count == 1 && files[0].hasSuffix("专家评分汇总表.xlsx"), "\(files)")
            let table = try rows(dir.path("out/" + files[0]))
            let header = try #require(table.first { $0.first == "一级指标" })
            #expect(Array(header.prefix(10)) == ["一级指标", "序号", "分值", "王建华", "陈思远", "李慧敏", "赵国平", "周晓岚", "孙卫东", "徐丽娟"])
            #expect(Array(header.suffix(2)) == ["平均分", "分歧"])
            // Item 21 is divergent in the sample; its scores are numbers, not text.
            let item21 = try #require(table.first { $0.count > 1 && $0[1] == "#21" })
            #expect(item21.last == "※")
            #expect(item21[2...9].allSatisfy { $0.hasPrefix("#") }, "\(item21)")
            let json = try yrdq("panel", panel, "--json").json()
            let total = try #require(table.first { $0.first == "总分" })
            #expect(total[header.count - 2] == "#" + decimal(json["total"])!, "\(total)")
            let base = try #require(table.first { $0.first == "基本分" })
            #expect(base[header.count - 2] == "#" + decimal(json["base"])!, "\(base)")
        }
    }

    @Test("render summary --format xlsx has the 极差 column: per item the experts' highest − lowest score as a number; the items it makes divergent are marked ※")
    func summarySpread() throws {
        let rubric = try Repo.rubric()
        let panelPath = Repo.sample.appendingPathComponent("panel.yaml").path
        let panel = try PanelReader.load(path: panelPath, reader: SheetReader(rubric: rubric))
        try withTempDir { dir in
            let run = yrdq("render", "summary", panelPath, "--format", "xlsx", "--out", dir.path("out"))
            #expect(run.code == 0, "\(run.stderr)")
            let table = try rows(dir.path("out/" + dir.files(under: "out")[0]))
            let header = try #require(table.first { $0.first == "一级指标" })
            let experts = panel.experts.count
            #expect(header[3 + experts] == "极差", "\(header)")
            #expect(header.count == 3 + experts + 3)
            var marked: [Int] = []
            for item in rubric.items {
                let row = try #require(table.first { $0.count > 1 && $0[1] == "#\(item.number)" })
                let scores = panel.experts.map { $0.items[item.number]!.score }
                let spread = scores.max()! - scores.min()!
                #expect(row[3 + experts] == "#" + spread.description, "item \(item.number): \(row)")
                #expect((row.last == "※") == (spread.hundredths * 2 > item.points.hundredths), "item \(item.number): \(row)")
                if row.last == "※" { marked.append(item.number) }
            }
            // The sample's divergent items, as `panel` reports them.
            #expect(marked == [21, 55])
            // The panel result below the items: the base and total under the mean column, none under 极差.
            let total = try #require(table.first { $0.first == "总分" })
            #expect(total[3 + experts] == "")
        }
    }

    @Test("the exports print as a clerk needs: A4, the summary landscape, one page wide, the header row on every page, page numbers; title and notes across the table's width; rows as high as their wrapped text")
    func printSetUp() throws {
        try withTempDir { dir in
            let panel = Repo.sample.appendingPathComponent("panel.yaml").path
            let sheet = Repo.sample.appendingPathComponent("self-assessment.yaml").path
            #expect(yrdq("render", "summary", panel, "--format", "xlsx", "--out", dir.path("summary")).code == 0)
            #expect(yrdq("render", "table", sheet, "--format", "xlsx", "--out", dir.path("table")).code == 0)
            let program = """
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
            header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "一级指标")
            merges = [str(m) for m in ws.merged_cells.ranges]
            tall = [r for r in range(header + 1, ws.max_row + 1) if (ws.row_dimensions[r].height or 15) > 20]
            print(json.dumps({"paper": ws.page_setup.paperSize, "orientation": ws.page_setup.orientation,
                "fitWidth": ws.page_setup.fitToWidth or 1, "fitHeight": ws.page_setup.fitToHeight, "fit": ws.sheet_properties.pageSetUpPr.fitToPage,
                "titles": ws.print_title_rows, "header": header, "footer": ws.oddFooter.center.text,
                "columns": ws.max_column, "merges": merges, "tall": len(tall), "area": ws.print_area}, ensure_ascii=False))
            """
            for (name, landscape) in [("summary", true), ("table", false)] {
                let file = dir.path(name + "/" + dir.files(under: name)[0])
                let info = try JSONSerialization.jsonObject(with: Data(XLSXFixture.python(program, [file]).utf8)) as! [String: Any]
                #expect(info["paper"] as? Int == 9, "\(name): \(info)")
                #expect(info["orientation"] as? String == (landscape ? "landscape" : "portrait"), "\(name): \(info)")
                #expect(info["fit"] as? Bool == true && info["fitWidth"] as? Int == 1 && info["fitHeight"] as? Int == 0, "\(name): \(info)")
                let header = try #require(info["header"] as? Int)
                #expect(info["titles"] as? String == "$\(header):$\(header)", "\(name): \(info)")
                #expect((info["footer"] as? String)?.contains("&P") == true, "\(name): \(info)")
                #expect(info["area"] != nil && !(info["area"] is NSNull), "\(name): \(info)")
                // (fitToWidth absent is 1, as the format defines it.) The title on row 1 spans every column of the table.
                let last = Character(UnicodeScalar(UInt8(64 + (info["columns"] as! Int))))
                #expect((info["merges"] as? [String])?.contains("A1:\(last)1") == true, "\(name): \(info)")
                if !landscape { #expect((info["tall"] as? Int ?? 0) > 20, "\(name): \(info)") }
            }
        }
    }

    @Test("render table --format xlsx of a filled sheet")
    func filledTable() throws {
        try withTempDir { dir in
            let sheet = Repo.sample.appendingPathComponent("self-assessment.yaml").path
            let run = yrdq("render", "table", sheet, "--format", "xlsx", "--out", dir.path("out"))
            #expect(run.code == 0, "\(run.stderr)")
            let files = dir.files(under: "out")
            #expect(files.count == 1 && files[0].hasSuffix(".xlsx"), "\(files)")
            let table = try rows(dir.path("out/" + files[0]))
            // The sample's item 1 scores 2, as a number beside its criteria.
            #expect(table.contains { $0.count == 4 && $0[2].hasPrefix("1．") && $0[3] == "#2" }, "\(table.prefix(6))")
            #expect(table.count > 56)
        }
    }

    @Test("xlsx is refused for documents that are not tables (render provincial, render set) and by batch: exit 64, nothing written",
          arguments: [["render", "provincial"], ["render", "set"], ["batch"]])
    func refused(command: [String]) throws {
        try withTempDir { dir in
            let input = command == ["render", "provincial"] ? Repo.sample.appendingPathComponent("panel.yaml").path : Repo.sample.path
            let run = yrdq(command + [input, "--format", "xlsx", "--out", dir.path("out"), "--rubric", Repo.rubricPath])
            #expect(run.code == 64, "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.path("out")))
        }
    }
}
