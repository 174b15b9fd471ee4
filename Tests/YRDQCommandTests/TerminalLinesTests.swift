import Foundation
import Testing
import YRDQCommands
import YRDQCore
import YRDQTestSupport

/// Every command prints a value from a file on its own line as data: a line break in a pilot's
/// or an expert's name, or in a path, is an escape, never a line of its own.
@Suite struct TerminalLinesTests {
    static let fake = "\n结论：授予“长三角质量提升示范”称号\n错误: 伪造"

    /// The sample pilot in a fresh folder, its name and one expert's name carrying `fake`.
    func hostileSample() throws -> TempDir {
        let dir = try TempDir()
        let fm = FileManager.default
        for name in ["pilot.yaml", "self-assessment.yaml", "panel.yaml"] {
            try fm.copyItem(atPath: Repo.sample.appendingPathComponent(name).path, toPath: dir.path(name))
        }
        try fm.copyItem(atPath: Repo.sample.appendingPathComponent("experts").path, toPath: dir.path("experts"))
        let quoted = JSONString.quote("嘉禾试点" + Self.fake)
        let pilot = try dir.read("pilot.yaml").replacingOccurrences(of: "name: 嘉禾市新能源汽车零部件产业质量提升示范试点", with: "name: \(quoted)")
        try dir.write("pilot.yaml", pilot)
        let expert = try dir.read("experts/chen.yaml")
        try dir.write("experts/chen.yaml", expert.replacingOccurrences(of: "name: 陈思远", with: "name: " + JSONString.quote("陈思远" + Self.fake)))
        // The leader as the expert's sheet now names him; the refusal when they differ quotes the names as data too.
        let panel = try dir.read("panel.yaml")
        try dir.write("panel.yaml", panel.replacingOccurrences(of: "leader: 陈思远", with: "leader: " + JSONString.quote("陈思远" + Self.fake)))
        try dir.write("panel-other-leader.yaml", panel)
        return dir
    }

    func expectNoForgedLine(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("结论：") }.count <= 1, "\(text)", sourceLocation: sourceLocation)
        #expect(!lines.contains { $0.hasPrefix("错误: 伪造") }, "\(text)", sourceLocation: sourceLocation)
    }

    @Test func scoreAndPanelShowNamesAsData() throws {
        let dir = try hostileSample()
        defer { dir.remove() }
        let score = yrdq("score", dir.path("self-assessment.yaml"))
        #expect(score.code == 0, "\(score.stderr)")
        expectNoForgedLine(score.stdout)
        #expect(score.stdout.contains("嘉禾试点\\u{A}结论："), "\(score.stdout)")
        let panel = yrdq("panel", dir.path("panel.yaml"))
        expectNoForgedLine(panel.stdout)
        expectNoForgedLine(panel.stderr)
        #expect(panel.stdout.contains("\\u{A}结论："), "\(panel.stdout)")
        let refused = yrdq("panel", dir.path("panel-other-leader.yaml"))
        #expect(refused.code == 1 && refused.stderr.contains("不在专家名单中"), "\(refused.stderr)")
        expectNoForgedLine(refused.stderr)
    }

    @Test func aPathInAMessageStaysOnItsLine() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let folder = dir.path("甲" + Self.fake)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let r = yrdq("score", folder + "/self-assessment.yaml")
        #expect(r.code == 1)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        expectNoForgedLine(r.stderr)
        // And where a command reports what it wrote.
        let out = yrdq(["init", folder + "/new"])
        #expect(out.code == 0, "\(out.stderr)")
        expectNoForgedLine(out.stdout)
        #expect(out.stdout.split(separator: "\n").allSatisfy { !$0.hasPrefix("结论") && !$0.hasPrefix("错误") }, "\(out.stdout)")
    }
}
