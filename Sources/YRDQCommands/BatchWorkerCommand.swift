import ArgumentParser
import Foundation
import YRDQCore
import YRDQReports

/// `yrdq batch-worker` (hidden; `batch` starts it): renders many pilots in one process, loading
/// the fonts, the rubric and the templates once. It reads one request a line on stdin,
/// `{"source":"PILOT FOLDER","subfolder":"REL"}`, renders that pilot's complete set into
/// `--out`/REL exactly as `render set SOURCE --out OUT --out-subfolder REL` would, and answers
/// with one line on stdout, `{"status":N,"stderr":"…"}`: the exit code and the messages that
/// run would have given. It ends at the end of stdin. Whatever else writes to stdout (a C
/// library, say) goes to /dev/null, so that the answers stay whole lines.
///
/// Test hook: when the environment variable `YRDQ_TEST_CRASH_IN_PILOT` names a pilot folder
/// exactly as a request gives it, the worker dereferences a bad pointer (SIGSEGV) while rendering that pilot — only the
/// tests set it, to check that `batch` reports a pilot whose worker dies and goes on.
struct BatchWorkerCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "batch-worker", abstract: "（内部使用）batch 的工作进程。", shouldDisplay: false)

    @Option(name: .long, help: "输出目录") var out: String
    @Option(name: .long, help: "输出格式，逗号分隔：html,md,pdf,docx,ofd") var format: String
    @OptionGroup var options: RubricOption

    static let crashHook = "YRDQ_TEST_CRASH_IN_PILOT"

    func execute(_ context: Context) throws -> Int32 {
        let formats = try OutputFormat.list(format)
        let answers = dup(1)
        guard answers >= 0 else { throw InputErrors([Diagnostic(.error, "batch-worker：无法复制标准输出")]) }
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        if null >= 0 { dup2(null, 1); close(null) }
        let output = FileHandle(fileDescriptor: answers, closeOnDealloc: true)

        let resources = Resources.current(rubric: options.rubric)
        let fonts = OutputFormat.needFonts(formats) ? RenderService.loadFonts(resources) : nil
        // Never leave the process while the loading thread is inside fontconfig.
        defer { _ = fonts?.value }
        // What every pilot needs, once. A failure here (a broken rubric) is every pilot's answer,
        // as it would be of each pilot's own `render set`.
        let loaded: Result<RenderService, InputErrors>
        do {
            let rubric = try resources.loadRubric()
            loaded = .success(RenderService(resources: resources, rubric: rubric, templates: try resources.loadTemplates(), fonts: fonts))
        } catch {
            loaded = .failure(error)
        }
        // The files read for every pilot count as read by each (an output never replaces them).
        let shared = FilesRead.currentRecord
        let blank = Renderer.Reused()
        let crashIn = ProcessInfo.processInfo.environment[Self.crashHook]

        while let line = readLine(strippingNewline: true) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let source = object["source"] as? String, let subfolder = object["subfolder"] as? String else {
                output.write(Data((Self.answer(status: 64, stderr: "batch-worker：无法理解的请求") + "\n").utf8))
                continue
            }
            let console = BufferConsole()
            let status: Int32 = FilesRead.scoped(startingWith: shared) {
                do {
                    let service = try loaded.get()
                    if OutputFormat.needFonts(formats) { RenderMessages.warnAboutFontFolder(resources, console) }
                    var renderer = Renderer(service: service, builder: try service.builder(), formats: formats, out: out,
                                            events: RenderMessages.handler(console))
                    renderer.below = subfolder.split(separator: "/").map(String.init)
                    renderer.reused = blank
                    let planned = try renderer.completeSet(directory: source)
                    if let crashIn, crashIn == source { Self.fault() }
                    try renderer.write(planned)
                    return 0
                } catch let errors as InputErrors {
                    for d in errors.diagnostics { console.err(d.description) }
                    return 1
                } catch {
                    console.err(YRDQ.fullMessage(for: error))
                    return YRDQ.exitCode(for: error).rawValue
                }
            }
            output.write(Data((Self.answer(status: status, stderr: console.stderr) + "\n").utf8))
        }
        return 0
    }

    /// The test hook's fault: a store through a bad pointer, as a defect in a C library would make.
    static func fault() {
        UnsafeMutablePointer<Int>(bitPattern: 16)!.pointee = 1
    }

    /// One answer line.
    static func answer(status: Int32, stderr: String) -> String {
        JSON.object([("status", .int(Int(status))), ("stderr", .string(stderr))]).serialized(pretty: false)
    }
}
