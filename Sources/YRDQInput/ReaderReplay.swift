import Foundation
import YRDQCore

/// Runs raw bytes through one of the input readers, as the fuzzer (`yrdq-fuzz`) and the
/// adversarial tests do: the same code path for both. A fuzz input's first byte chooses the
/// reader (its value modulo 4: `0` YAML sheet, `1` CSV sheet, `2` panel, `3` pilot profile —
/// the seed corpus uses the ASCII digits — except the ASCII digit `4`: an XLSX sheet) and the
/// rest is the file's content.
public enum ReaderReplay {
    public enum Target: Int, CaseIterable, Sendable {
        case sheet = 0, csv, panel, profile, xlsx
        /// The file name the bytes are written to, in the workspace.
        var fileName: String {
            switch self {
            case .sheet: return "fuzz-sheet.yaml"
            case .csv: return "fuzz-sheet.csv"
            case .panel: return "fuzz-panel.yaml"
            case .profile: return "fuzz-pilot.yaml"
            case .xlsx: return "fuzz-sheet.xlsx"
            }
        }
    }

    /// What a reader made of the input: accepted, or refused with diagnostics.
    public enum Outcome: Sendable {
        case accepted
        case refused([Diagnostic])
    }

    /// Splits a fuzz input into the reader it chooses and the file's content.
    public static func split(_ input: [UInt8]) -> (Target, [UInt8])? {
        guard let first = input.first else { return nil }
        let target = first == UInt8(ascii: "4") ? Target.xlsx : Target(rawValue: Int(first % 4))!
        return (target, Array(input.dropFirst()))
    }

    /// Runs a fuzz input (selector byte + content); nil for an empty input.
    @discardableResult
    public static func run(fuzzInput input: [UInt8], rubric: Rubric, workspace: String) -> Outcome? {
        guard let (target, content) = split(input) else { return nil }
        return run(content, as: target, rubric: rubric, workspace: workspace)
    }

    /// Writes `content` into `workspace` under the target's file name and reads it with that reader.
    /// Relative paths in the content (`pilot: pilot.yaml`, `experts: [experts/a.yaml]`) resolve in the workspace.
    @discardableResult
    public static func run(_ content: [UInt8], as target: Target, rubric: Rubric, workspace: String) -> Outcome {
        let path = (workspace as NSString).appendingPathComponent(target.fileName)
        guard FileManager.default.createFile(atPath: path, contents: Data(content)) else {
            return .refused([Diagnostic(file: path, "cannot write the fuzz input")])
        }
        let reader = SheetReader(rubric: rubric)
        do throws(InputErrors) {
            switch target {
            case .sheet, .csv, .xlsx:
                let sheet = try reader.load(path: path)
                _ = ScoringEngine(rubric: rubric).score(sheet)
            case .panel:
                let panel = try PanelReader.load(path: path, reader: reader)
                _ = ScoringEngine(rubric: rubric).score(panel)
            case .profile:
                _ = try ProfileReader.load(path: path)
            }
            return .accepted
        } catch {
            return .refused(error.diagnostics)
        }
    }

    /// A fresh workspace holding a pilot folder's files (pilot.yaml, experts/…) for inputs to refer to;
    /// its parent holds pilot.yaml too, for expert sheets that name `../pilot.yaml`.
    /// Remove it with `removeWorkspace`.
    public static func makeWorkspace(copying pilotDirectory: String?) throws -> String {
        let fm = FileManager.default
        let base = fm.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let root = (base as NSString).appendingPathComponent("yrdq-replay-\(getpid())-\(UUID().uuidString.prefix(8))")
        let dir = (root as NSString).appendingPathComponent("pilot")
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if let pilotDirectory, let names = try? fm.contentsOfDirectory(atPath: pilotDirectory) {
            for name in names {
                try? fm.copyItem(atPath: (pilotDirectory as NSString).appendingPathComponent(name),
                                 toPath: (dir as NSString).appendingPathComponent(name))
            }
            try? fm.copyItem(atPath: (pilotDirectory as NSString).appendingPathComponent("pilot.yaml"),
                             toPath: (root as NSString).appendingPathComponent("pilot.yaml"))
        }
        return dir
    }

    public static func removeWorkspace(_ workspace: String) {
        try? FileManager.default.removeItem(atPath: (workspace as NSString).deletingLastPathComponent)
    }
}
