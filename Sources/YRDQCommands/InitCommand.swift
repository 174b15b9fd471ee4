import ArgumentParser
import Foundation
import YRDQCore
import YRDQInput
import YRDQXLSX

struct InitCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "新建试点目录：试点档案和列出全部56项的自评表（YAML，或用 --csv/--xlsx 生成 Excel/WPS 可填写的表格）。")

    @Argument(help: "目录（默认为当前目录）") var directory: String = "."
    @Flag(name: .long, help: "自评表生成为 CSV 模板（UTF-8 带 BOM，Excel/WPS 可直接打开），代替 YAML") var csv = false
    @Flag(name: .long, help: "自评表生成为 XLSX 工作簿（含下拉选项、分值校验和小计公式），代替 YAML") var xlsx = false
    @Flag(name: .long, help: "覆盖已存在的文件") var force = false
    @OptionGroup var options: RubricOption

    func validate() throws {
        if csv && xlsx { throw ValidationError("--csv 与 --xlsx 只能选一个：一个试点目录只放一份自评表") }
    }

    func execute(_ context: Context) throws -> Int32 {
        let rubric = try Home.loadRubric(options.rubric)
        let fm = FileManager.default
        let folder = try OutputFolder(directory, create: true)
        var files: [(name: String, data: Data, kind: OutputKind)] = [("pilot.yaml", Data(Scaffold.profile(rubric: rubric).utf8), .yaml)]
        if csv {
            // With a byte-order mark: Excel on Chinese Windows otherwise opens UTF-8 as GBK, in mojibake.
            let text = "\u{FEFF}" + CSVSheet.template(rubric: rubric, pilotPath: "pilot.yaml", date: nil)
            files.append(("self-assessment.csv", Data(text.utf8), .csv))
        } else if xlsx {
            let bytes: [UInt8]
            do { bytes = try XLSXSheetWriter.workbook(rubric: rubric, prefill: .init(pilotPath: "pilot.yaml")) } catch {
                throw InputErrors([Diagnostic(file: folder.filePath("self-assessment.xlsx"), error.description)])
            }
            files.append(("self-assessment.xlsx", Data(bytes), .xlsx))
        } else {
            files.append(("self-assessment.yaml", Data(Scaffold.sheet(rubric: rubric).utf8), .yaml))
        }
        let existing = files.map { folder.filePath($0.name) }.filter { fm.fileExists(atPath: $0) }
        if !existing.isEmpty && !force {
            throw InputErrors(existing.map { Diagnostic(file: $0, "文件已存在，未覆盖（如需覆盖请加 --force）") })
        }
        // --force replaces only files of their own kind (never a key or a register), none read by this run.
        var refused: [Diagnostic] = []
        for file in files {
            do { try folder.check(file.name, kind: file.kind) } catch { refused += error.diagnostics }
        }
        if !refused.isEmpty { throw InputErrors(refused) }
        for file in files {
            try folder.write(file.data, name: file.name, kind: file.kind)
            context.console.out("已生成 \(TerminalText.value(folder.filePath(file.name)))")
        }
        // A sheet of another format already there would make two: `render set` would refuse the folder.
        let sheet = files[1].name
        for other in PilotFolder.sheetNames where other != sheet && fm.fileExists(atPath: folder.filePath(other)) {
            context.console.err(Diagnostic(.warning, file: folder.filePath(other),
                "目录中已有这份自评表，与新生成的 \(sheet) 同在时 render set 和 batch 无法判断使用哪一份：请删除不用的一份").description)
        }
        let tool = sheet.hasSuffix(".yaml") ? "" : "（可用 Excel、WPS 或 LibreOffice 填写）"
        context.console.out("下一步：填写试点档案和 \(sheet)\(tool)后运行 yrdq score \(TerminalText.value((directory as NSString).appendingPathComponent(sheet)))")
        return 0
    }
}

/// The files `init` writes: every field named and explained.
enum Scaffold {
    static func profile(rubric: Rubric) -> String {
        var s = """
        # 试点档案（pilot profile）。带 * 的为必填。
        name: ""                 # * 试点名称
        region: ""               # * 试点区域，如 浙江省某市某区
        province: ""             # 所在省（市）：上海市/江苏省/浙江省/安徽省/江西省
        industry: ""             # 试点产业
        lead: ""                 # * 牵头单位，如 某市市场监督管理局
        participants: []         # * 参与单位列表
        approved: \(PilotProfile.placeholderApproval)     # * 获批开展试点建设的日期，请改为实际日期（1个建设周期为其后\(rubric.constructionCycleMonths)个月）
        enterprises:             # * 主要企业：龙头骨干企业、质量标杆企业
          - {name: "", role: 龙头骨干企业}
        contacts:
          - {name: "", title: "", unit: "", phone: ""}
        overview: ""             # 一、试点基本情况
        self-assessment-work: "" # 二、自评工作开展情况
        achievements:            # 四、主要做法与成效，按一级指标填写

        """
        for i in rubric.indicators { s += "  \(i.index): \"\"   # \(i.numeral)、\(i.name)\n" }
        s += """
        problems: []             # 五、存在的问题与不足（扣分项会自动列出，此处补充其他问题）
        next-steps: []           # 六、下一步工作计划
        # 申请省级评估的请示（yrdq render application）的发文信息：去掉下面各行开头的 # 并填写
        # issuer:
        #   mark: ××市市场监督管理局文件       # 发文机关标志
        #   number: ××市监质〔2026〕1号         # 发文字号，年份用六角括号〔〕
        #   signatory: ""                       # 签发人（请示为上行文，必填）
        #   addressee: ××省市场监督管理局       # 主送机关
        #   copies: []                          # 抄送机关
        #   printer: ××市市场监督管理局办公室   # 印发机关
        #   date: 2026-10-16                    # 成文日期（不写则用评估日期）
        #   printed: 2026-10-16                 # 印发日期（不写则用成文日期）

        """
        return s
    }

    /// The blank sheet; an expert's (`panel init`) names its profile from the experts' folder and its expert.
    static func sheet(rubric: Rubric, pilotPath: String = "pilot.yaml", assessor: Assessor? = nil) -> String {
        var s = """
        # 自评表（self-assessment sheet）。每一项都须填写得分，未得分填 0。
        # 写法：  5: 1.5                       该项得分
        #         5: {score: 1.5, note: 说明, evidence: [附件名.pdf]}
        #         5: {criteria: [1, 0.5]}      逐条评分标准给分（按下列顺序）
        pilot: \(Self.path(pilotPath))
        date: \(Self.today())

        """
        if let a = assessor {
            s += "assessor: {name: \(YAMLString.quote(a.name)), organization: \(YAMLString.quote(a.organization))"
            s += (a.kind.map { ", kind: \(YAMLString.quote($0))" } ?? "") + "}\n"
        }
        s += "items:\n"
        for indicator in rubric.indicators {
            s += "  # \(indicator.numeral)、\(indicator.name)（\(indicator.points)分）\n"
            for group in indicator.groups {
                s += "  # \(group.name)（\(group.points)分）\(group.preamble ?? "")\n"
                for item in group.items {
                    s += "  # 第\(item.number)项（\(item.points)分）：\n"
                    for c in item.criteria { s += "  #   · \(c.text)（\(c.points)分）\n" }
                    s += "  \(item.number):\n"
                }
            }
        }
        s += "# 加分项：none | municipal（地市级）| provincial（省级）| national（国家级）；每类按最高等级计分\n"
        s += "bonus: {" + rubric.bonus.categories.map { "\($0.id): none" }.joined(separator: ", ") + "}\n"
        for c in rubric.bonus.categories { s += "#   \(bonusLine(c))\n" }
        s += "# 减分项：true 或 false\n"
        s += "deductions: {" + rubric.deductions.conditions.map { "\($0.id): false" }.joined(separator: ", ") + "}\n"
        for c in rubric.deductions.conditions { s += "#   \(c.id)：\(c.text)\n" }
        return s
    }

    /// A path as a YAML scalar: plain when it is letters, digits and `._/-` only, else quoted.
    static func path(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._/-".unicodeScalars.contains($0)) }
            && !text.hasPrefix("-")
        return plain ? text : YAMLString.quote(text)
    }

    private static func bonusLine(_ c: BonusRules.Category) -> String {
        "\(c.id)（\(c.name)）：" + c.levels.map { "\($0.id) \($0.text)" }.joined(separator: "；")
    }

    static func today() -> String {
        let now = Date()
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let c = cal.dateComponents([.year, .month, .day], from: now)
        return CivilDate(year: c.year!, month: c.month!, day: c.day!)!.description
    }
}
