import Foundation
import Testing
import YRDQCommands
import YRDQCore
import YRDQInput
import YRDQReports
import YRDQService
import YRDQTestSupport

/// The service renders in process what the command line writes: the same bytes.
@Suite("render: the service's bytes are the command line's")
struct RenderTests {
    /// The command line in process, its messages kept.
    func cli(_ arguments: [String]) -> (code: Int32, stdout: String, stderr: String) {
        let console = BufferConsole()
        let code = YRDQCLI.main(arguments: arguments, console: console)
        return (code, console.stdout, console.stderr)
    }

    /// A service as the command line finds its resources in this process.
    func service() throws -> RenderService { try RenderService(resources: Resources.current()) }

    /// Every document of the sample's set (and the tables' workbooks), every format: each file
    /// the command line wrote is byte for byte what `RenderService.render` returns.
    @Test("render set and the workbooks of the sample: every kind, every format, the same bytes")
    func sameBytesAsTheCommandLine() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let sample = Repo.sample.path
        let run = cli(["render", "set", sample, "--format", "html,md,pdf,docx", "--out", dir.path("set")])
        #expect(run.code == 0, "\(run.stderr)")
        let service = try self.service()
        let events = EventLog()
        let renderer = Renderer(service: service, builder: try service.builder(), formats: [.html, .md, .pdf, .docx],
                                out: dir.path("unused"), events: events.record)
        let planned = try renderer.completeSet(directory: sample)
        #expect(planned.count == 5)
        for p in planned {
            for format in [OutputFormat.html, .md, .pdf, .docx] {
                let rendered = try service.render(p.output.document, as: format, source: p.source)
                let written = try Data(contentsOf: URL(fileURLWithPath: dir.path("set/\(p.name).\(format.rawValue)")))
                #expect(rendered.data == written, "\(p.name).\(format.rawValue)")
            }
        }
        #expect(!events.written.contains { _ in true }, "planning writes nothing")

        // The tables' workbooks (render summary, render table).
        #expect(cli(["render", "summary", sample + "/panel.yaml", "--format", "xlsx", "--out", dir.path("xlsx")]).code == 0)
        #expect(cli(["render", "table", "--blank", "--format", "xlsx", "--out", dir.path("xlsx")]).code == 0)
        let summary = try renderer.summary(panelPath: sample + "/panel.yaml")[0]
        let blank = try renderer.blankTable()[0]
        for p in [summary, blank] {
            let written = try Data(contentsOf: URL(fileURLWithPath: dir.path("xlsx/\(p.name).xlsx")))
            #expect(try service.render(p.output.document, as: .xlsx).data == written, "\(p.name).xlsx")
        }
    }

    @Test("the official documents (请示, 决定): the same bytes as the command line writes")
    func officialDocuments() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let sample = Repo.sample.path
        #expect(cli(["render", "application", sample + "/self-assessment.yaml", "--format", "html,md,pdf,docx", "--out", dir.path("o")]).code == 0)
        #expect(cli(["render", "decision", sample + "/panel.yaml", "--format", "html,md,pdf,docx", "--out", dir.path("o")]).code == 0)
        let service = try self.service()
        let renderer = Renderer(service: service, builder: try service.builder(), formats: [], out: dir.path("unused"), events: { _ in })
        for p in try renderer.application(sheetPath: sample + "/self-assessment.yaml") + renderer.decision(panelPaths: [sample + "/panel.yaml"], registry: nil) {
            for format in [OutputFormat.html, .md, .pdf, .docx] {
                let written = try Data(contentsOf: URL(fileURLWithPath: dir.path("o/\(p.name).\(format.rawValue)")))
                #expect(try service.render(p.output.document, as: format, source: p.source).data == written, "\(p.name).\(format.rawValue)")
            }
        }
    }

    @Test("the JSON of score --json and panel --json is the service's")
    func resultJSON() throws {
        let sample = Repo.sample.path
        let service = try self.service()
        let sheet = try SheetReader(rubric: service.rubric).load(path: sample + "/self-assessment.yaml")
        #expect(cli(["score", sample + "/self-assessment.yaml", "--json"]).stdout == ResultJSON.sheet(sheet, rubric: service.rubric).serialized() + "\n")
        let panel = try PanelReader.load(path: sample + "/panel.yaml", reader: SheetReader(rubric: service.rubric))
        #expect(cli(["panel", sample + "/panel.yaml", "--json"]).stdout == ResultJSON.panel(panel, rubric: service.rubric).serialized() + "\n")
    }

    @Test("one service renders from several threads at once, the same bytes each time")
    func concurrentRenders() async throws {
        let service = try self.service()
        let document = try service.builder().scoreTable(nil, nil).document
        let once = try service.render(document, as: .pdf).data
        let all = try await withThrowingTaskGroup(of: Data.self) { group in
            for i in 0..<4 {
                group.addTask { try service.render(document, as: [OutputFormat.pdf, .html, .docx, .md][i % 4]).data }
            }
            return try await group.reduce(into: [Data]()) { $0.append($1) }
        }
        #expect(all.count == 4)
        #expect(try service.render(document, as: .pdf).data == once)
    }
}

/// The events a renderer told, in order.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [RenderEvent] = []
    var record: @Sendable (RenderEvent) -> Void { { [self] e in lock.withLock { events.append(e) } } }
    var written: [String] { lock.withLock { events.compactMap { if case .written(let p, _) = $0 { return p } else { return nil } } } }
}

@Suite("render a document asked for by kind and values")
struct DocumentRequestTests {
    @Test("summary, provincial, table and self-assessment of the sample's values: the command line's bytes")
    func byKind() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let sample = Repo.sample.path
        let console = BufferConsole()
        #expect(YRDQCLI.main(arguments: ["render", "set", sample, "--format", "pdf,docx", "--out", dir.path("set")], console: console) == 0)
        let service = try RenderService(resources: Resources.current())
        let sheet = try SheetReader(rubric: service.rubric).load(path: sample + "/self-assessment.yaml", requirePilot: true)
        let panel = try PanelReader.load(path: sample + "/panel.yaml", reader: SheetReader(rubric: service.rubric), requirePilot: true)
        let pilot = try #require(panel.pilot?.name)
        let cases: [(DocumentRequest, String)] = [
            (.blankTable, "评分表（空白）"),
            (.selfAssessment(sheet), FileNames.name(pilot: pilot, kind: "自评报告")),
            (.summary(panel), FileNames.name(pilot: pilot, kind: "专家评分汇总表")),
            (.provincial(panel), FileNames.name(pilot: pilot, kind: "省级评估报告")),
        ]
        for (request, name) in cases {
            for format in [OutputFormat.pdf, .docx] {
                let written = try Data(contentsOf: URL(fileURLWithPath: dir.path("set/\(name).\(format.rawValue)")))
                #expect(try service.render(request, as: format).data == written, "\(name).\(format.rawValue)")
            }
        }
    }
}
