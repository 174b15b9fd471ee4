import ArgumentParser
import Foundation
import YRDQCore

/// What a command needs from its surroundings.
struct Context {
    let console: Console
}

/// A command that runs against a console and returns an exit code.
protocol Runnable: ParsableCommand {
    func execute(_ context: Context) throws -> Int32
}

extension Runnable {
    mutating func run() throws {
        let code = try execute(Context(console: StandardConsole()))
        if code != 0 { throw ExitCode(code) }
    }
}

public struct YRDQ: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "yrdq",
        abstract: "长三角质量提升示范试点建设评估：评分、汇总、生成文档。",
        discussion: "依据《长三角质量提升示范试点建设评估指南（试行）》（沪市监质发〔2021〕356号）。",
        subcommands: [FontsCommand.self, PathsCommand.self, ScoreCommand.self, PanelCommand.self, RubricCommand.self, InitCommand.self, RenderCommand.self, BatchCommand.self, BatchWorkerCommand.self, KeygenCommand.self, CertificateCommand.self, ServeCommand.self])
    public init() {}
}

/// Exit codes: 0 done, 1 bad input (messages on stderr), 64 bad command line.
public enum YRDQCLI {
    /// One run: what it reads is recorded for it alone (`FilesRead`), so that its outputs never
    /// replace one of its inputs, also when several runs share a process (the tests).
    public static func main(arguments: [String], console: Console = StandardConsole()) -> Int32 {
        FilesRead.scoped { run(arguments: arguments, console: console) }
    }

    private static func run(arguments: [String], console: Console) -> Int32 {
        do {
            var command = try YRDQ.parseAsRoot(arguments)
            if let runnable = command as? Runnable {
                return try runnable.execute(Context(console: console))
            }
            try command.run()
            return 0
        } catch let errors as InputErrors {
            for d in errors.diagnostics { console.err(d.description) }
            return 1
        } catch {
            let code = YRDQ.exitCode(for: error)
            let message = YRDQ.fullMessage(for: error)
            if code == .success { console.out(message) } else if !message.isEmpty { console.err(message) }
            return code.rawValue
        }
    }
}
