import Foundation
import Testing
import YRDQCommands
import YRDQCore
import YRDQTestSupport

/// A panel settles only honours obtained before it: one dated after the panel is an error,
/// and `certificate issue` (which reads the panel the same way) refuses it.
@Suite struct PanelHonourDateTests {
    @Test func anHonourAfterThePanelIsRefused() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let fm = FileManager.default
        for name in ["pilot.yaml", "panel.yaml", "experts"] {
            try fm.copyItem(atPath: Repo.sample.appendingPathComponent(name).path, toPath: dir.path(name))
        }
        #expect(yrdq("panel", dir.path("panel.yaml")).code == 0)
        let panel = try dir.read("panel.yaml")
        try dir.write("panel.yaml", panel.replacingOccurrences(of: "date: 2026-03-16}", with: "date: 2026-11-21}"))
        let r = yrdq("panel", dir.path("panel.yaml"))
        #expect(r.code == 1, "\(r.stdout)")
        #expect(r.stderr.contains("荣誉取得日期2026年11月21日晚于评估日期2026年11月20日"), "\(r.stderr)")
    }
}
