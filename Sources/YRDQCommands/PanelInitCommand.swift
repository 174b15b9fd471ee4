import ArgumentParser
import Foundation
import YRDQCore
import YRDQInput
import YRDQXLSX

/// `panel init DIR --pilot PROFILE --experts LIST` (issue 13 §3): the panel file and one
/// pre-filled sheet per expert of the bureau's list, each naming its expert and the pilot,
/// ready to be sent out; `panel` later checks each returned sheet against its expert.
struct PanelInitCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "新建专家组目录：panel.yaml 和每位专家一份预填的评分表（experts/姓名.xlsx，或 --format yaml）。")

    enum SheetFormat: String, ExpressibleByArgument, CaseIterable { case xlsx, yaml }

    @Argument(help: "专家组目录") var directory: String
    @Option(name: .long, help: "试点档案（pilot.yaml）") var pilot: String
    @Option(name: .long, help: "专家名单（CSV 或 XLSX，列：姓名、单位、所属方面；5—9 位专家）") var experts: String
    @Option(name: .long, help: "评分表格式：xlsx（默认）| yaml") var format: SheetFormat = .xlsx
    @Flag(name: .long, help: "覆盖已存在的文件") var force = false
    @OptionGroup var options: RubricOption

    static let expertsFolder = "experts"

    func execute(_ context: Context) throws -> Int32 {
        let rubric = try Home.loadRubric(options.rubric)
        let reader = SheetReader(rubric: rubric)
        let profile = try reader.profile(at: pilot)
        let list = try ExpertList.load(path: experts, rubric: rubric)
        for w in reader.warnings { context.console.err(w.description) }

        let root = Self.absolute(directory)
        let profilePath = Self.absolute(pilot)
        var sheets: [(name: String, data: Data, expert: Assessor)] = []
        let ext = format.rawValue
        let fromExperts = Self.relative(profilePath, from: (root as NSString).appendingPathComponent(Self.expertsFolder))
        for expert in list {
            let name = FileNames.part(expert.name, fallback: "专家", maxBytes: FileNames.maximumBytes) + "." + ext
            let data: Data
            switch format {
            case .yaml:
                data = Data(Scaffold.sheet(rubric: rubric, pilotPath: fromExperts, assessor: expert).utf8)
            case .xlsx:
                do {
                    data = Data(try XLSXSheetWriter.workbook(rubric: rubric, prefill: .init(pilotPath: fromExperts, assessor: expert)))
                } catch {
                    throw InputErrors([Diagnostic(file: (directory as NSString).appendingPathComponent(Self.expertsFolder + "/" + name), error.description)])
                }
            }
            sheets.append((name, data, expert))
        }
        let panelText = Self.panelFile(pilotPath: Self.relative(profilePath, from: root), pilotName: profile.name,
                                       sheets: sheets.map { (Self.expertsFolder + "/" + $0.name, $0.expert) })

        let folder = try OutputFolder(directory, create: true)
        let sheetFolder = try OutputFolder(directory, below: [Self.expertsFolder], create: true)
        let kind: OutputKind = format == .xlsx ? .xlsx : .yaml
        let planned: [(folder: OutputFolder, name: String, data: Data, kind: OutputKind)] =
            [(folder, "panel.yaml", Data(panelText.utf8), .yaml)] + sheets.map { (sheetFolder, $0.name, $0.data, kind) }
        let fm = FileManager.default
        let existing = planned.map { $0.folder.filePath($0.name) }.filter { fm.fileExists(atPath: $0) }
        if !existing.isEmpty && !force {
            throw InputErrors(existing.map { Diagnostic(file: $0, "文件已存在，未覆盖（如需覆盖请加 --force）") })
        }
        var refused: [Diagnostic] = []
        for file in planned {
            do { try file.folder.check(file.name, kind: file.kind) } catch { refused += error.diagnostics }
        }
        if !refused.isEmpty { throw InputErrors(refused) }
        for file in planned {
            try file.folder.write(file.data, name: file.name, kind: file.kind)
            context.console.out("已生成 \(TerminalText.value(file.folder.filePath(file.name)))")
        }
        let panelPath = (directory as NSString).appendingPathComponent("panel.yaml")
        context.console.out("下一步：把 \(Self.expertsFolder)/ 中的评分表分别发给各位专家；收回后放回原处（XLSX 或 YAML 均可），填写 panel.yaml 的评估日期等信息，运行 yrdq panel \(TerminalText.value(panelPath))")
        return 0
    }

    /// The panel file in the sample's shape: the pilot, the experts' sheets each with its
    /// expert (so that `panel` can tell a sheet returned by someone else), the rest to fill in.
    static func panelFile(pilotPath: String, pilotName: String, sheets: [(path: String, expert: Assessor)]) -> String {
        var s = """
        # 专家组评分文件（panel）：试点“\(pilotName)”的省级评估。由 yrdq panel init 生成。
        # 专家评分表收回后，去掉下面各行开头的 # 并填写，再运行 yrdq panel panel.yaml。
        pilot: \(Scaffold.path(pilotPath))
        # province: 浙江省                   # 省份
        # bureau: 浙江省市场监督管理局       # 评估单位
        # date: 2026-11-20                   # 评估日期
        # material-review: 2026-11-10        # 材料评审日期
        # site-review: 2026-11-18            # 现场评审日期
        # leader: ""                         # 专家组组长（须为下列专家之一）
        aggregation: mean                    # mean（算术平均）| trimmed（去掉一个最高分和一个最低分）
        experts:                             # 每位专家一份评分表（路径相对于本文件）；评分表的评估人须为所列专家

        """
        for (path, e) in sheets {
            s += "  - {sheet: \(Scaffold.path(path)), name: \(YAMLString.quote(e.name)), organization: \(YAMLString.quote(e.organization))"
            s += (e.kind.map { ", kind: \(YAMLString.quote($0))" } ?? "") + "}\n"
        }
        s += """
        # bonus: {}                          # 加分项：{类别: {level: …, title: …, date: …}}
        # bonus-grounds: {}
        # deductions: {}                     # 减分项：{条件: true/false}
        # deduction-grounds: {}
        # findings: []                       # 主要成效
        # recommendations: []                # 存在问题与改进建议

        """
        return s
    }

    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// `target`'s path relative to the folder `base` (both absolute): `../pilot.yaml`.
    static func relative(_ target: String, from base: String) -> String {
        let t = target.split(separator: "/", omittingEmptySubsequences: true)
        let b = base.split(separator: "/", omittingEmptySubsequences: true)
        var common = 0
        while common < t.count - 1 && common < b.count && t[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: b.count - common) + t[common...].map(String.init)).joined(separator: "/")
    }
}
