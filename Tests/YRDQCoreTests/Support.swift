import Foundation
import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport

/// Shared fixtures for the unit tests: the repository, the real rubric, temporary
/// directories and score sheets built to exact totals.
enum Fixture {
    /// The repository root, found from this file (Tests/YRDQCoreTests/Support.swift).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // YRDQCoreTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // repository

    static var rubricPath: String { root.appendingPathComponent("rubric/yrd-2021.yaml").path }
    static var sampleDir: URL { root.appendingPathComponent("samples/jiahe-auto-parts") }

    /// The repository's rubric, loaded and checked by RubricReader.
    static func rubric() throws -> Rubric { try RubricReader.load(path: rubricPath) }

    static func rubricText() throws -> String { try String(contentsOfFile: rubricPath, encoding: .utf8) }

    static func engine() throws -> ScoringEngine { ScoringEngine(rubric: try rubric()) }
}


/// A score sheet in memory, as the reader would return it.
func sheet(base: Points, rubric: Rubric, adjustments: Adjustments = Adjustments(),
           assessor: Assessor? = nil, source: String = "test.yaml") -> ScoreSheet {
    let items = scores(forBase: base, rubric: rubric).mapValues { ItemScore(score: $0) }
    return ScoreSheet(source: source, pilot: nil, assessor: assessor, date: nil, items: items, adjustments: adjustments)
}

/// A panel in memory: one expert per base total.
func panel(bases: [Points], rubric: Rubric, aggregation: Aggregation = .mean,
           adjustments: Adjustments = Adjustments()) -> Panel {
    let experts = bases.enumerated().map { i, b in
        sheet(base: b, rubric: rubric, assessor: Assessor(name: "专家\(i + 1)", organization: "单位\(i + 1)"),
              source: "expert\(i + 1).yaml")
    }
    return Panel(source: "panel.yaml", pilot: nil, province: nil, bureau: nil, date: nil, materialReview: nil,
                 siteReview: nil, leader: nil, aggregation: aggregation, experts: experts,
                 adjustments: adjustments, findings: [], recommendations: [])
}

/// The YAML text of a score sheet. `items` gives each item's value as written after
/// "N: " (so tests can put text, mappings or bad numbers there); items left out of
/// `items` are simply absent.
func sheetYAML(items: [(Int, String)], assessor: (name: String, organization: String)? = nil,
               bonus: String = "{enterprise: none, government: none}",
               deductions: String = "{major-incident: false, serious-violation: false}",
               extraItemLines: [String] = []) -> String {
    var lines: [String] = []
    if let assessor { lines.append("assessor: {name: \(assessor.name), organization: \(assessor.organization)}") }
    lines.append("date: 2026-10-15")
    lines.append("items:")
    for (n, v) in items { lines.append("  \(n): \(v)") }
    lines += extraItemLines.map { "  " + $0 }
    lines.append("bonus: \(bonus)")
    lines.append("deductions: \(deductions)")
    return lines.joined(separator: "\n") + "\n"
}

/// All 56 items at the scores that make `base`, as (number, text) pairs in order.
func itemLines(forBase base: Points, rubric: Rubric, overriding: [Int: String] = [:], omitting: Set<Int> = []) -> [(Int, String)] {
    let s = scores(forBase: base, rubric: rubric)
    return rubric.items.map(\.number).filter { !omitting.contains($0) }.map { ($0, overriding[$0] ?? s[$0]!.description) }
}

/// The 1-based line of the first line of `text` that starts with `prefix`.
func line(of prefix: String, in text: String) -> Int? {
    text.components(separatedBy: "\n").firstIndex { $0.hasPrefix(prefix) }.map { $0 + 1 }
}

/// The diagnostics a throwing load produced (fails the test if it did not throw).
func diagnostics(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(InputErrors) -> Void) -> [Diagnostic] {
    do {
        try body()
        Issue.record("expected the input to be refused", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics
    }
}
