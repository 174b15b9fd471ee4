// yrdq-fuzz: the score-sheet, panel, profile and CSV readers under fuzzing.
//
// A fuzz input's first byte chooses the reader (value mod 4: 0 YAML sheet, 1 CSV sheet,
// 2 panel, 3 pilot profile; the ASCII digit 4: an XLSX sheet); the rest is the file's content (see ReaderReplay in YRDQInput).
//
//   swift build                      → .build/debug/yrdq-fuzz FILE|DIR…  replays inputs, reports outcomes
//   swift build -c release --product yrdq-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING --scratch-path .build-fuzz
//                                    → .build-fuzz/release/yrdq-fuzz CORPUS/ -max_total_time=600   (libFuzzer)
//
// The rubric is rubric/yrd-2021.yaml of this repository (found from this file's path), or
// YRDQ_RUBRIC, or --rubric PATH when replaying. Inputs may refer to the sample pilot's files
// (pilot.yaml, experts/*.yaml), copied into a scratch folder.
import Foundation
import YRDQCore
import YRDQInput

enum FuzzSetup {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func rubric(_ explicit: String? = nil) -> Rubric {
        let path = explicit ?? ProcessInfo.processInfo.environment["YRDQ_RUBRIC"]
            ?? repository.appendingPathComponent("rubric/yrd-2021.yaml").path
        do {
            return try RubricReader.load(path: path)
        } catch {
            FileHandle.standardError.write(Data("yrdq-fuzz: cannot load the rubric \(path): \(error.diagnostics.map(\.description))\n".utf8))
            exit(2)
        }
    }

    static func workspace() -> String {
        do {
            return try ReaderReplay.makeWorkspace(copying: repository.appendingPathComponent("samples/jiahe-auto-parts").path)
        } catch {
            FileHandle.standardError.write(Data("yrdq-fuzz: cannot make a scratch folder: \(error)\n".utf8))
            exit(2)
        }
    }
}

#if FUZZING

/// Set up once, on the first input.
nonisolated(unsafe) private var state: (rubric: Rubric, workspace: String)?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if state == nil {
        state = (FuzzSetup.rubric(), FuzzSetup.workspace())
        atexit { if let w = state?.workspace { ReaderReplay.removeWorkspace(w) } }
    }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    ReaderReplay.run(fuzzInput: bytes, rubric: state!.rubric, workspace: state!.workspace)
    return 0
}

/// SwiftPM links an executable target on Linux with `--defsym main=yrdq_fuzz_main` (it renames
/// the module's entry point so tests can link it), so libFuzzer's own `main` is never pulled in.
/// This symbol stands in for it and hands over to libFuzzer's driver, which parses the usual
/// flags (-max_total_time, -runs, corpus folders, crash files) exactly as its `main` would.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("yrdq_fuzz_main")
public func fuzzDriverMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) }
}

#else

@main
struct FuzzReplay {
    static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        var rubricPath: String? = nil
        if let i = args.firstIndex(of: "--rubric"), i + 1 < args.count {
            rubricPath = args[i + 1]
            args.removeSubrange(i...(i + 1))
        }
        let raw = args.contains("--raw")
        args.removeAll { $0 == "--raw" }
        if args.isEmpty || args.contains("--help") || args.contains("-h") {
            print("""
                usage: yrdq-fuzz [--rubric PATH] [--raw] FILE|DIR…
                Replays fuzz inputs (first byte: reader — 0 YAML sheet, 1 CSV, 2 panel, 3 profile — then the content)
                through the readers. With --raw the files are plain inputs instead, the reader chosen by name:
                *.csv CSV, *panel* panel, *pilot*/*profile* profile, anything else a YAML sheet.
                Built with -sanitize=fuzzer -DFUZZING it is a libFuzzer target instead.
                """)
            exit(args.isEmpty ? 64 : 0)
        }
        let rubric = FuzzSetup.rubric(rubricPath)
        let workspace = FuzzSetup.workspace()
        defer { ReaderReplay.removeWorkspace(workspace) }
        var files: [String] = []
        let fm = FileManager.default
        for arg in args {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: arg, isDirectory: &isDir) else {
                FileHandle.standardError.write(Data("yrdq-fuzz: no such file: \(arg)\n".utf8))
                exit(1)
            }
            if isDir.boolValue {
                let names = (try? fm.subpathsOfDirectory(atPath: arg)) ?? []
                for name in names.sorted() {
                    let path = (arg as NSString).appendingPathComponent(name)
                    var d: ObjCBool = false
                    if fm.fileExists(atPath: path, isDirectory: &d), !d.boolValue { files.append(path) }
                }
            } else {
                files.append(arg)
            }
        }
        var accepted = 0, refused = 0
        let start = Date()
        for file in files {
            guard let data = fm.contents(atPath: file) else { continue }
            var input = [UInt8](data)
            if raw {
                let name = (file as NSString).lastPathComponent.lowercased()
                let target: ReaderReplay.Target = name.hasSuffix(".csv") ? .csv : name.contains("panel") ? .panel
                    : name.contains("pilot") || name.contains("profile") ? .profile : .sheet
                input.insert(UInt8(target.rawValue) + 0x30, at: 0)
            }
            let target = ReaderReplay.split(input).map { "\($0.0)" } ?? "empty"
            switch ReaderReplay.run(fuzzInput: input, rubric: rubric, workspace: workspace) {
            case .accepted?:
                accepted += 1
                print("\(file) [\(target)]: accepted")
            case .refused(let d)?:
                refused += 1
                print("\(file) [\(target)]: refused — \(d.first.map(\.description) ?? "")\(d.count > 1 ? " (+\(d.count - 1))" : "")")
            case nil:
                print("\(file): empty input, skipped")
            }
        }
        print("\(files.count) inputs: \(accepted) accepted, \(refused) refused, no crash (\(String(format: "%.2f", Date().timeIntervalSince(start))) s)")
    }
}

#endif
