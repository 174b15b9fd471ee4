import Foundation
import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport
import YRDQXLSX

/// Issue 13 §2: `init --xlsx`, and `score`/`render` of XLSX sheets written by the tool, filled
/// by openpyxl and saved again by LibreOffice, every bad value named by sheet and cell.
@Suite("XLSX score sheets in and out", .serialized)
struct XLSXCommandTests {
    /// A pilot folder from `init --xlsx`, with the sample's real profile.
    func pilotFolder(_ dir: TempDir, _ name: String = "p") throws -> String {
        let target = dir.path(name)
        let run = yrdq("init", target, "--xlsx")
        #expect(run.code == 0, "\(run.stderr)")
        try FileManager.default.removeItem(atPath: target + "/pilot.yaml")
        try FileManager.default.copyItem(atPath: Repo.sample.appendingPathComponent("pilot.yaml").path, toPath: target + "/pilot.yaml")
        return target
    }

    @Test("init --xlsx writes the workbook; openpyxl finds the merges, validations, formulas, protection and print set-up")
    func initWorkbook() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let target = dir.path("w")
            let run = yrdq("init", target, "--xlsx")
            #expect(run.code == 0, "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target + "/self-assessment.yaml"))
            #expect(run.stdout.contains("已生成 \(target)/self-assessment.xlsx"))
            #expect(run.stdout.contains("下一步：填写试点档案和 self-assessment.xlsx"))
            #expect(run.stdout.contains("yrdq score \(target)/self-assessment.xlsx"))
            let facts = try XLSXFixture.python("""
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb["评分表"]
            out = {"merges": sorted(str(r) for r in ws.merged_cells.ranges),
                   "validations": {str(dv.sqref): [dv.type, dv.formula1 or ""] for dv in ws.data_validations.dataValidation},
                   "protected": bool(ws.protection.sheet), "paper": str(ws.page_setup.paperSize),
                   "titles": ws.print_title_rows, "header": [c.value for c in ws[7]],
                   "locked": {ref: ws[ref].protection.locked for ref in ["A8", "D8", "E8", "F8", "G8", "H8", "C3"]},
                   "formulas": {ref: ws[ref].value for ref in ["I8", "F64", "E64"]},
                   "values": {ref: ws[ref].value for ref in ["A8", "A63", "A64", "A66", "F66", "A69", "F69", "A2", "C2"]}}
            print(json.dumps(out, ensure_ascii=False))
            """, [target + "/self-assessment.xlsx"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(facts.utf8)) as? [String: Any])
            let merges = json["merges"] as? [String] ?? []
            // First-level indicators merged in B, second-level groups in C, the subtotal in I.
            #expect(merges.contains("B8:B11"), "\(merges)")
            #expect(merges.contains("C8:C9"))
            #expect(merges.contains("I8:I11"))
            #expect(merges.filter { $0.hasPrefix("B") }.count >= rubric.indicators.count - 1)
            let validations = json["validations"] as? [String: [String]] ?? [:]
            let item1 = try #require(validations["F8"])
            #expect(item1[0] == "custom")
            #expect(item1[1] == "AND(ISNUMBER(F8),F8>=0,F8<=2,ROUND(F8,2)=F8)")
            for item in rubric.items {
                #expect(validations["F\(7 + item.number)"]?[1].contains("<=\(item.points),") == true, "item \(item.number)")
            }
            #expect(validations["F66"] == ["list", "\"无,地市级,省级,国家级\""])
            #expect(validations["F69"] == ["list", "\"否,是\""])
            #expect(json["protected"] as? Bool == true)
            #expect(json["paper"] as? String == "9")
            #expect(json["titles"] as? String == "$7:$7")
            #expect(json["header"] as? [String?] == SheetLayout.header + ["一级指标小计"])
            let locked = json["locked"] as? [String: Bool] ?? [:]
            #expect(locked["A8"] == true && locked["D8"] == true && locked["E8"] == true)
            #expect(locked["F8"] == false && locked["G8"] == false && locked["H8"] == false && locked["C3"] == false)
            let formulas = json["formulas"] as? [String: String] ?? [:]
            #expect(formulas["I8"] == "=SUM(F8:F11)")
            #expect(formulas["F64"] == "=SUM(F8:F63)")
            let values = json["values"] as? [String: Any] ?? [:]
            #expect(values["A8"] as? Int == 1 && values["A63"] as? Int == 56)
            #expect(values["A64"] as? String == "合计" && values["A66"] as? String == "十一" && values["F66"] as? String == "无")
            #expect(values["A69"] as? String == "十三-1" && values["F69"] as? String == "否")
            #expect(values["A2"] as? String == "试点档案" && values["C2"] as? String == "pilot.yaml")
        }
    }

    /// The values a filled sheet gets in the tests below, and the same in YAML.
    func filledValues(rubric: Rubric) -> [String: Any] {
        var values = XLSXFixture.scoreValues(base: "79.99", rubric: rubric)
        // Numbers stored as text, as a clerk pasting from a document makes them.
        values["3"] = (values["3"] as! Double).description
        values["十一"] = "省级"
        values["十二"] = "国家级"
        values["十三-2"] = "是"
        values["十三-2/减分依据"] = "2026年3月某企业受到行政处罚"
        values["评估日期"] = "2026-10-15"
        // The tool's formulas typed over: nothing reads them.
        values["I8"] = 99
        values["F64"] = "合计见上"
        return values
    }

    func sameAsYAML(_ xlsx: String, in dir: TempDir, rubric: Rubric, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let yaml = try dir.write("p/same.yaml", sheetYAML(base: "79.99", rubric: rubric,
            bonus: "{enterprise: provincial, government: national}",
            deductions: "{major-incident: false, serious-violation: true}"))
        let fromXLSX = yrdq("score", xlsx, "--json")
        #expect(fromXLSX.code == 0, "\(fromXLSX.stderr)", sourceLocation: sourceLocation)
        let fromYAML = yrdq("score", yaml, "--json")
        #expect(fromYAML.code == 0, "\(fromYAML.stderr)", sourceLocation: sourceLocation)
        #expect(fromXLSX.stdout == fromYAML.stdout, sourceLocation: sourceLocation)
        let json = try fromXLSX.json()
        #expect(decimal(json["base"]) == "79.99", sourceLocation: sourceLocation)
        #expect(decimal(json["total"]) == "67.99", sourceLocation: sourceLocation)
    }

    @Test("a sheet filled by openpyxl scores exactly as the same scores in YAML")
    func openpyxlFilled() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let target = try pilotFolder(dir)
            let path = target + "/self-assessment.xlsx"
            try XLSXFixture.fill(path, path, rubric: rubric, values: filledValues(rubric: rubric))
            try sameAsYAML(path, in: dir, rubric: rubric)
        }
    }

    @Test("a sheet saved again by LibreOffice (cached formula values, its own strings and styles) scores as YAML; a score given as a formula counts by its value")
    func libreOfficeSaved() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let target = try pilotFolder(dir)
            let path = target + "/self-assessment.xlsx"
            var values = filledValues(rubric: rubric)
            let first = values["1"] as! Double
            values["1"] = "=\(first)-0.5+0.5"
            try XLSXFixture.fill(path, dir.path("filled.xlsx"), rubric: rubric, values: values)
            let saved = try XLSXFixture.libreOffice(dir.path("filled.xlsx"), into: dir.path(""))
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.copyItem(atPath: saved, toPath: path)
            try sameAsYAML(path, in: dir, rubric: rubric)
        }
    }

    @Test("an honour's date as a date cell (a serial number) or as text is the same date")
    func honourDates() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let target = try pilotFolder(dir)
            let path = target + "/self-assessment.xlsx"
            var values = filledValues(rubric: rubric)
            values["十一/荣誉名称"] = "浙江省人民政府质量奖"
            values["十一/取得日期"] = 45989        // 2025-11-28 as a serial
            values["十二/荣誉名称"] = "国务院督查激励"
            values["十二/取得日期"] = "2025-06-30"
            values["评估日期"] = 46310           // 2026-10-15
            try XLSXFixture.fill(path, path, rubric: rubric, values: values)
            let sheet = try SheetReader(rubric: rubric).load(path: path)
            #expect(sheet.date == CivilDate(year: 2026, month: 10, day: 15))
            #expect(sheet.adjustments.honours["enterprise"] == [HonourClaim(level: "provincial", title: "浙江省人民政府质量奖", date: CivilDate(year: 2025, month: 11, day: 28))])
            #expect(sheet.adjustments.honours["government"] == [HonourClaim(level: "national", title: "国务院督查激励", date: CivilDate(year: 2025, month: 6, day: 30))])
            #expect(sheet.adjustments.grounds["serious-violation"] == "2026年3月某企业受到行政处罚")
        }
    }

    /// Each bad value of the YAML reader's, typed into the workbook: the same words, at the cell.
    static let badValues: [(key: String, value: String, cell: String, message: String)] = [
        ("5", "99", "F12", "第5项: 得分 99 超过满分"),
        ("6", "1.234", "F13", "第6项: 得分“1.234”小数超过两位"),
        ("7", "一点五", "F14", "第7项: 得分“一点五”不是数字"),
        ("8", "1,5", "F15", "第8项: 得分“1,5”小数点应为“.”"),
        ("9", "-1", "F16", "第9项: 得分“-1”不能为负数"),
        ("10", "１", "F17", "第10项: 得分“１”含全角数字"),
        ("十一", "金牌", "F66", "加分项“企业质量荣誉”的等级“金牌”无效（允许：无 | 地市级 | 省级 | 国家级）"),
        ("十三-1", "也许", "F69", "减分项“十三-1”应填“是”或“否”，实际为“也许”"),
        ("评估日期", "2026-13-45", "C3", "评估日期“2026-13-45”"),
        ("所属方面", "外星人", "C6", "评估人所属方面“外星人”不在指南所列范围内"),
        ("试点档案", "nosuch.yaml", "C2", "试点档案“nosuch.yaml”不存在"),
        ("A9", "02", "A9", "第2项: 序号“02”应写作“2”"),
        ("A10", "99", "A10", "未知的序号“99”"),
        ("A11", "1", "A11", "第1项: 该项在表中出现了不止一次"),
    ]

    @Test("every bad value in an XLSX sheet: exit 1, the words of the YAML and CSV readers, at its sheet and cell",
          arguments: badValues.indices)
    func badValue(index: Int) throws {
        let rubric = try Repo.rubric()
        let bad = Self.badValues[index]
        try withTempDir { dir in
            let target = try pilotFolder(dir)
            let path = target + "/self-assessment.xlsx"
            var values = XLSXFixture.scoreValues(base: "80", rubric: rubric)
            values["评估人"] = "张三"
            values["单位"] = "某市质量技术研究院"
            values[bad.key] = bad.value
            try XLSXFixture.fill(path, path, rubric: rubric, values: values)
            let run = yrdq("score", path)
            #expect(run.code == 1)
            #expect(run.stdout == "")
            #expect(run.stderr.contains("\(path):评分表!\(bad.cell): 错误: \(bad.message)"), "\(run.stderr)")
        }
    }

    @Test("missing scores, an assessor without a unit, an honour after the sheet's date, an honour date that is none")
    func badSheetWide() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let target = try pilotFolder(dir)
            let path = target + "/self-assessment.xlsx"
            var values: [String: Any] = XLSXFixture.scoreValues(base: "80", rubric: rubric)
            values["10"] = NSNull()
            values["11"] = NSNull()
            values["评估人"] = "张三"
            values["评估日期"] = "2026-10-15"
            values["十一"] = "省级"
            values["十一/取得日期"] = "2026-12-01"
            values["十二"] = "国家级"
            values["十二/取得日期"] = "2025-02-30"
            try XLSXFixture.fill(path, path, rubric: rubric, values: values)
            let run = yrdq("score", path)
            #expect(run.code == 1)
            #expect(run.stderr.contains("\(path): 错误: 第10、11项没有填写得分（每一项都须填写；未得分请填 0）"), "\(run.stderr)")
            #expect(run.stderr.contains("\(path):评分表!C4: 错误: 填写了评估人，但缺少评估人单位"))
            #expect(run.stderr.contains("\(path):评分表!A66: 错误: "))   // the honour after the date, at its row
            #expect(run.stderr.contains("\(path):评分表!H67: 错误: 加分项“政府质量荣誉”的取得日期“2025-02-30”"))
        }
    }

    @Test("a score typed as a formula that was never calculated (saved by a library, not an office program) is an error at its cell")
    func formulaWithoutValue() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let target = try pilotFolder(dir)
            let path = target + "/self-assessment.xlsx"
            var values = XLSXFixture.scoreValues(base: "80", rubric: rubric)
            values["2"] = "=1+0.5"
            try XLSXFixture.fill(path, path, rubric: rubric, values: values)
            let run = yrdq("score", path)
            #expect(run.code == 1)
            #expect(run.stderr.contains("\(path):评分表!F9: 错误: 单元格含公式但没有保存计算结果"), "\(run.stderr)")
        }
    }

    /// Damaged and hostile workbooks, built part by part with Python's zipfile.
    static let hostile: [(name: String, program: String, message: String)] = [
        ("not-a-zip", "open(out, 'wb').write(b'hello, this is text')", "不是 XLSX 文件（不是 ZIP 压缩包"),
        ("truncated", "data = open(src, 'rb').read(); open(out, 'wb').write(data[:len(data) // 2])", "XLSX 文件已损坏"),
        ("no-workbook", """
         import zipfile
         with zipfile.ZipFile(src) as a, zipfile.ZipFile(out, 'w') as b:
             for n in a.namelist():
                 if n != 'xl/workbook.xml': b.writestr(n, a.read(n))
         """, "XLSX 文件不完整：缺少部件 xl/workbook.xml"),
        ("no-sheet-part", """
         import zipfile
         with zipfile.ZipFile(src) as a, zipfile.ZipFile(out, 'w') as b:
             for n in a.namelist():
                 if 'worksheets/sheet' not in n: b.writestr(n, a.read(n))
         """, "XLSX 文件不完整：缺少部件 xl/worksheets/sheet1.xml"),
        ("zip-bomb", """
         import zipfile
         with zipfile.ZipFile(src) as a, zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as b:
             for n in a.namelist():
                 if n == 'xl/worksheets/sheet1.xml': b.writestr(n, a.read(n) + b' ' * (200 * 1024 * 1024))
                 else: b.writestr(n, a.read(n))
         """, "解压后超过 32 MB"),
        ("entities", """
         import zipfile
         lol = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&c;</t></si></sst>'
         with zipfile.ZipFile(src) as a, zipfile.ZipFile(out, 'w') as b:
             for n in a.namelist():
                 b.writestr(n, lol if n == 'xl/sharedStrings.xml' else a.read(n))
         """, "含有文档类型声明（DOCTYPE/ENTITY）"),
        ("external-entity", """
         import zipfile
         x = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="&x;" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>'
         with zipfile.ZipFile(src) as a, zipfile.ZipFile(out, 'w') as b:
             for n in a.namelist():
                 b.writestr(n, x if n == 'xl/workbook.xml' else a.read(n))
         """, "含有文档类型声明（DOCTYPE/ENTITY）"),
        ("broken-xml", """
         import zipfile
         with zipfile.ZipFile(src) as a, zipfile.ZipFile(out, 'w') as b:
             for n in a.namelist():
                 b.writestr(n, a.read(n)[:300] if n == 'xl/worksheets/sheet1.xml' else a.read(n))
         """, "不是有效的 XML"),
        ("huge-row", """
         import zipfile
         with zipfile.ZipFile(src) as a, zipfile.ZipFile(out, 'w') as b:
             for n in a.namelist():
                 d = a.read(n)
                 if n == 'xl/worksheets/sheet1.xml':
                     d = d.replace(b'</sheetData>', b'<row r="900000"><c r="A900000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
                 b.writestr(n, d)
         """, "超过 5000 行"),
        ("no-header", """
         import openpyxl
         wb = openpyxl.Workbook(); wb.active.title = '评分表'; wb.active['A1'] = '随便写的'; wb.save(out)
         """, "评分表: 错误: 工作表中没有表头行"),
    ]

    @Test("damaged and hostile workbooks: exit 1 and a message naming the file, never a crash or a hang",
          arguments: hostile.indices)
    func hostileWorkbook(index: Int) throws {
        let rubric = try Repo.rubric()
        let h = Self.hostile[index]
        try withTempDir { dir in
            let src = dir.path("template.xlsx")
            try XLSXFixture.template(src, rubric: rubric)
            let out = dir.path("\(h.name).xlsx")
            try XLSXFixture.python("import sys\nsrc, out = sys.argv[1], sys.argv[2]\n" + h.program, [src, out])
            let run = yrdq("score", out)
            #expect(run.code == 1, "\(run.stderr)")
            #expect(run.messages.first?.hasPrefix(out) == true, "\(run.stderr)")
            #expect(run.stderr.contains(h.message), "\(run.stderr)")
        }
    }

    @Test("a workbook written from scratch by openpyxl: inline strings, another sheet first, the table found by its header")
    func writtenFromScratch() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let out = dir.path("scratch.xlsx")
            var rows: [[Any]] = [["评估日期", "", "2026-10-15"], ["序号", "得分", "说明"]]
            for (n, s) in scores(forBase: p("80"), rubric: rubric).sorted(by: { $0.key < $1.key }) { rows.append([n, s.description, ""]) }
            rows.append(["十一", "无", ""])
            let json = String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
            try XLSXFixture.python("""
            import json, sys, openpyxl
            wb = openpyxl.Workbook(); wb.active.title = '说明'; wb.active['A1'] = '填写说明'
            ws = wb.create_sheet('评分表')
            for row in json.loads(sys.argv[2]): ws.append(row)
            wb.save(sys.argv[1])
            """, [out, json])
            let sheet = try SheetReader(rubric: rubric).load(path: out)
            #expect(sheet.items.values.reduce(Points.zero) { $0 + $1.score } == p("80"))
            #expect(sheet.date == CivilDate(year: 2026, month: 10, day: 15))
        }
    }

    @Test("render set and batch take the folder's XLSX sheet; a folder with two sheets is an error naming both")
    func pilotFolders() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let target = try pilotFolder(dir)
            let path = target + "/self-assessment.xlsx"
            try XLSXFixture.fill(path, path, rubric: rubric, values: filledValues(rubric: rubric))
            let run = yrdq("render", "set", target, "--format", "md", "--out", dir.path("out"))
            #expect(run.code == 0, "\(run.stderr)")
            #expect(run.stdout.contains("自评报告"), "\(run.stdout)")
            // batch finds a folder whose only sheet is the workbook.
            let province = dir.path("province")
            try FileManager.default.createDirectory(atPath: province, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: target, toPath: province + "/x")
            let batch = yrdq("batch", province, "--format", "md", "--out", dir.path("out-batch"))
            #expect(batch.code == 0, "\(batch.stderr)")
            #expect(batch.stdout.contains("共 1 个试点：成功 1 个"), "\(batch.stdout)")
            try dir.write("p/self-assessment.yaml", sheetYAML(base: "80", rubric: rubric))
            let two = yrdq("render", "set", target, "--format", "md", "--out", dir.path("out2"))
            #expect(two.code == 1)
            #expect(two.stderr.contains("\(target): 错误: 目录中有不止一份自评表：self-assessment.yaml 和 self-assessment.xlsx"), "\(two.stderr)")
        }
    }

    @Test("panel reads expert sheets in any mix of YAML and XLSX (pre-filled by the writer) and scores as all YAML; an XLSX expert sheet without 评估人 is refused")
    func panelMix() throws {
        let rubric = try Repo.rubric()
        let bases = ["80", "82", "78", "85", "81"]
        try withTempDir { dir in
            let allYAML = try writePanel(in: dir, bases: bases, rubric: rubric)
            let yamlRun = yrdq("panel", allYAML, "--json")
            #expect(yamlRun.code == 0, "\(yamlRun.stderr)")
            var paths = bases.indices.map { "experts/e\($0 + 1).yaml" }
            for i in [0, 3] {
                let prefill = XLSXSheetWriter.Prefill(date: CivilDate(year: 2026, month: 10, day: 15),
                    assessor: Assessor(name: "专家\(i + 1)", organization: "单位\(i + 1)"), scores: scores(forBase: p(bases[i]), rubric: rubric))
                try XLSXFixture.template(dir.path("experts/e\(i + 1).xlsx"), rubric: rubric, prefill: prefill)
                paths[i] = "experts/e\(i + 1).xlsx"
            }
            let mixed = try writePanel(in: dir, bases: bases, rubric: rubric, expertPaths: paths)
            let mixedRun = yrdq("panel", mixed, "--json")
            #expect(mixedRun.code == 0, "\(mixedRun.stderr)")
            #expect(mixedRun.stdout == yamlRun.stdout)

            try XLSXFixture.fill(dir.path("experts/e1.xlsx"), dir.path("experts/e1.xlsx"), rubric: rubric, values: ["评估人": NSNull(), "单位": NSNull()])
            let refused = yrdq("panel", mixed)
            #expect(refused.code == 1)
            #expect(refused.stderr.contains("\(dir.path("experts/e1.xlsx")): 错误: 专家评分表缺少评估人"), "\(refused.stderr)")
        }
    }

    @Test("the merged first- and second-level cells carry their points on a line of their own: a narrow column does not break “（6分）” in two")
    func pointsOnTheirOwnLine() throws {
        let rubric = try Repo.rubric()
        try withTempDir { dir in
            let path = try pilotFolder(dir) + "/self-assessment.xlsx"
            let out = try XLSXFixture.python("""
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])["评分表"]
            print(json.dumps([ws.cell(8, c).value for c in (2, 3)], ensure_ascii=False))
            """, [path])
            let cells = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String]
            let indicator = rubric.indicators[0], group = indicator.groups[0]
            #expect(cells == ["\(indicator.numeral)、\(indicator.name)\n（\(indicator.points)分）", "\(group.name)\n（\(group.points)分）"])
        }
    }

    @Test("init refuses --csv with --xlsx: one sheet per pilot folder")
    func oneFormat() throws {
        try withTempDir { dir in
            let run = yrdq("init", dir.path("x"), "--csv", "--xlsx")
            #expect(run.code == 64)
            #expect(!FileManager.default.fileExists(atPath: dir.path("x")))
        }
    }
}
