import ArgumentParser
import YRDQCore
import YRDQInput

struct RubricOption: ParsableArguments {
    @Option(name: .long, help: "指标体系文件（默认为项目的 rubric/yrd-2021.yaml，或环境变量 YRDQ_RUBRIC）")
    var rubric: String?
}

struct ScoreCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "校验并计算一份评分表（自评或专家评分）。")

    @Argument(help: "评分表（YAML 或 CSV）") var sheet: String
    @Flag(name: .long, help: "以 JSON 输出") var json = false
    @OptionGroup var options: RubricOption

    func execute(_ context: Context) throws -> Int32 {
        let rubric = try Home.loadRubric(options.rubric)
        let reader = SheetReader(rubric: rubric)
        let parsed = try reader.load(path: sheet)
        let engine = ScoringEngine(rubric: rubric)
        let result = engine.score(parsed)
        let decision = engine.selfAssessmentDecision(total: result.total)
        for w in reader.warnings { context.console.err(w.description) }
        if json {
            context.console.out(ResultJSON.sheet(result, decision: decision, rubric: rubric).serialized())
        } else {
            context.console.out(Presenter.summary(parsed, result, decision: decision, rubric: rubric))
        }
        return 0
    }
}

/// `panel FILE` scores a panel; `panel init DIR` sets one up (issue 13 §3).
struct PanelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panel", abstract: "校验专家组全部评分表并计算省级评估结果（panel init：新建专家组目录）。",
        subcommands: [PanelScoreCommand.self, PanelInitCommand.self], defaultSubcommand: PanelScoreCommand.self)
}

struct PanelScoreCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "校验专家组全部评分表并计算省级评估结果（yrdq panel FILE 即此命令）。")

    @Argument(help: "专家组评分文件（YAML）") var panel: String
    @Flag(name: .long, help: "以 JSON 输出") var json = false
    @OptionGroup var options: RubricOption

    func execute(_ context: Context) throws -> Int32 {
        let rubric = try Home.loadRubric(options.rubric)
        let reader = SheetReader(rubric: rubric)
        let parsed = try PanelReader.load(path: panel, reader: reader)
        let result = ScoringEngine(rubric: rubric).score(parsed)
        for w in reader.warnings { context.console.err(w.description) }
        if json {
            context.console.out(ResultJSON.panel(result, rubric: rubric).serialized())
        } else {
            context.console.out(Presenter.summary(parsed, result, rubric: rubric))
        }
        return 0
    }
}
