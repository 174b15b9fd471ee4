import Foundation
import Testing
import YRDQCommands
import YRDQCore
import YRDQInput
import YRDQTestSupport

/// The repository, the rubric and the sample, found from this file (Tests/YRDQCommandTests/Support.swift).
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // YRDQCommandTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // repository
    static var rubricPath: String { root.appendingPathComponent("rubric/yrd-2021.yaml").path }
    static var sample: URL { root.appendingPathComponent("samples/jiahe-auto-parts") }
    static func rubric() throws -> Rubric { try RubricReader.load(path: rubricPath) }
}

/// One run of the command line, in process.
struct Run {
    let code: Int32
    let stdout: String
    let stderr: String

    /// stdout parsed as a JSON object.
    func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        return try #require(value as? [String: Any], "stdout is not a JSON object: \(stdout)", sourceLocation: sourceLocation)
    }

    /// stderr's lines.
    var messages: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// Runs `yrdq ARGS` through YRDQCLI.main with a BufferConsole.
func yrdq(_ arguments: [String]) -> Run {
    let console = BufferConsole()
    let code = YRDQCLI.main(arguments: arguments, console: console)
    return Run(code: code, stdout: console.stdout, stderr: console.stderr)
}

/// Runs with the repository's rubric named explicitly.
func yrdq(_ arguments: String...) -> Run { yrdq(arguments + ["--rubric", Repo.rubricPath]) }

/// A JSON number as an exact decimal text (JSONSerialization gives NSNumber).
func decimal(_ any: Any?) -> String? {
    guard let n = any as? NSNumber else { return nil }
    return Points.parse(n.stringValue, allowNegative: true).map(\.description).get()
}

extension Result where Failure == PointsParseError {
    func get() -> Success? { if case .success(let v) = self { return v }; return nil }
}


/// A YAML score sheet with all 56 items making `base`; `overriding` replaces an item's text
/// as written after "N: ", `omitting` leaves items out, `extra` adds item lines at the end.
func sheetYAML(base: String, rubric: Rubric, overriding: [Int: String] = [:], omitting: Set<Int> = [],
               extra: [String] = [], assessor: (name: String, organization: String)? = nil,
               bonus: String = "{enterprise: none, government: none}",
               deductions: String = "{major-incident: false, serious-violation: false}") -> String {
    let s = scores(forBase: p(base), rubric: rubric)
    var lines: [String] = []
    if let assessor { lines.append("assessor: {name: \(assessor.name), organization: \(assessor.organization)}") }
    lines.append("date: 2026-10-15")
    lines.append("items:")
    for item in rubric.items where !omitting.contains(item.number) {
        lines.append("  \(item.number): \(overriding[item.number] ?? s[item.number]!.description)")
    }
    lines += extra.map { "  " + $0 }
    lines.append("bonus: \(bonus)")
    lines.append("deductions: \(deductions)")
    return lines.joined(separator: "\n") + "\n"
}

/// Writes a panel: experts/e1.yaml… at the given bases, and panel.yaml naming them.
@discardableResult
func writePanel(in dir: TempDir, bases: [String], rubric: Rubric, aggregation: String = "mean",
                bonus: String = "{enterprise: none, government: none}",
                deductions: String = "{major-incident: false, serious-violation: false}",
                expertPaths: [String]? = nil) throws -> String {
    var paths: [String] = []
    for (i, b) in bases.enumerated() {
        let rel = "experts/e\(i + 1).yaml"
        try dir.write(rel, sheetYAML(base: b, rubric: rubric, assessor: ("专家\(i + 1)", "单位\(i + 1)")))
        paths.append(rel)
    }
    return try dir.write("panel.yaml", """
        province: 浙江省
        date: 2026-11-20
        aggregation: \(aggregation)
        experts: [\((expertPaths ?? paths).joined(separator: ", "))]
        bonus: \(bonus)
        deductions: \(deductions)

        """)
}

/// The 1-based line of the first line starting with `prefix`.
func line(of prefix: String, in text: String) -> Int? {
    text.components(separatedBy: "\n").firstIndex { $0.hasPrefix(prefix) }.map { $0 + 1 }
}
