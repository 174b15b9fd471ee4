import Foundation
import Testing
import YRDQTestSupport

/// `yrdq batch`: every pilot under a folder, several at a time, past bad input.
@Suite("yrdq batch") struct BatchTests {
    /// A province folder with two good pilots (one nested) and one whose sheet is broken.
    func province(_ dir: TempDir) throws -> String {
        let root = dir.path("province")
        let fm = FileManager.default
        for name in ["a", "nested/b", "c-bad"] {
            let target = URL(fileURLWithPath: root).appendingPathComponent(name)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(atPath: Repo.sample.path, toPath: target.path)
        }
        try "pilot: pilot.yaml\nitems: {1: 7}\n".write(toFile: root + "/c-bad/self-assessment.yaml", atomically: true, encoding: .utf8)
        try fm.removeItem(atPath: root + "/c-bad/panel.yaml")
        return root
    }

    @Test func rendersEveryPilotAndListsFailures() throws {
        try withTempDir { dir in
            let root = try province(dir)
            let out = dir.path("out")
            let run = yrdq("batch", root, "--out", out, "--format", "html,md", "--jobs", "2")
            #expect(run.code == 1, "a failed pilot makes the batch fail")
            #expect(run.stdout.contains("共 3 个试点：成功 2 个，失败 1 个"))
            #expect(run.stderr.contains("c-bad") && run.stderr.contains("第1项") && run.stderr.contains("超过满分 2"))
            let fm = FileManager.default
            for pilot in ["a", "nested/b"] {
                let files = try fm.contentsOfDirectory(atPath: (out as NSString).appendingPathComponent(pilot))
                #expect(files.filter { $0.hasSuffix(".html") }.count == 5, "\(pilot): \(files)")
                #expect(files.filter { $0.hasSuffix(".md") }.count == 5)
            }
            // The broken pilot wrote nothing, not even its blank table.
            #expect(!fm.fileExists(atPath: (out as NSString).appendingPathComponent("c-bad")))
            // Nothing outside the output folder.
            let outside = try fm.contentsOfDirectory(atPath: dir.url.path).sorted()
            #expect(outside == ["out", "province"])
        }
    }

    @Test func refusesAFolderWithoutPilots() throws {
        try withTempDir { dir in
            try FileManager.default.createDirectory(atPath: dir.path("empty"), withIntermediateDirectories: true)
            let run = yrdq("batch", dir.path("empty"), "--out", dir.path("out"))
            #expect(run.code == 1)
            #expect(run.stderr.contains("没有找到含 self-assessment.yaml 或 panel.yaml 的试点目录"))
            let missing = yrdq("batch", dir.path("nope"), "--out", dir.path("out"))
            #expect(missing.code == 1 && missing.stderr.contains("目录不存在"))
            #expect(yrdq("batch", dir.path("empty"), "--jobs", "0").code == 64)
        }
    }
}
