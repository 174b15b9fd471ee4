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

    /// Runs the built yrdq (not in process: the test hook must reach the batch's workers through
    /// the environment of that run alone), the test hook naming the pilot whose worker crashes.
    func batchProcess(_ arguments: [String], crashIn: String, in dir: TempDir) throws -> (code: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = Repo.root.appendingPathComponent(".build/debug/yrdq")
        process.arguments = arguments + ["--rubric", Repo.rubricPath]
        process.environment = ProcessInfo.processInfo.environment.merging(["YRDQ_TEST_CRASH_IN_PILOT": crashIn]) { $1 }
        let out = dir.path("batch.stdout"), err = dir.path("batch.stderr")
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try dir.read("batch.stdout"), try dir.read("batch.stderr"))
    }

    @Test("a broken sheet and a pilot whose worker crashes: both named, the others done, each file as a render of its own gives it")
    func crashingWorker() throws {
        try withTempDir { dir in
            let root = try province(dir)
            try FileManager.default.copyItem(atPath: Repo.sample.path, toPath: root + "/d-crash")
            let out = dir.path("out")
            let run = try batchProcess(["batch", root, "--out", out, "--format", "pdf,html,md", "--jobs", "2"],
                                       crashIn: root + "/d-crash", in: dir)
            #expect(run.code == 1, "\(run.stderr)")
            #expect(run.stdout.contains("共 4 个试点：成功 2 个，失败 2 个"), "\(run.stdout)")
            #expect(run.stderr.contains("● " + root + "/c-bad") && run.stderr.contains("第1项") && run.stderr.contains("超过满分 2"), "\(run.stderr)")
            #expect(run.stderr.contains("● " + root + "/d-crash\n    处理该试点时工作进程意外终止（收到信号 SIGSEGV（11））"), "\(run.stderr)")
            #expect(!run.stderr.contains("Backtrac") && !run.stderr.contains("Thread 0"), "the runtime's words, not its backtrace: \(run.stderr)")
            let fm = FileManager.default
            #expect(!fm.fileExists(atPath: out + "/c-bad") && !fm.fileExists(atPath: out + "/d-crash"))
            // Every file of the pilots done is byte for byte what a render of that pilot alone writes.
            for pilot in ["a", "nested/b"] {
                let alone = dir.path("alone/" + pilot)
                #expect(yrdq("render", "set", root + "/" + pilot, "--format", "pdf,html,md", "--out", alone).code == 0)
                let files = try fm.contentsOfDirectory(atPath: alone).sorted()
                #expect(files.count == 15)
                #expect(try fm.contentsOfDirectory(atPath: out + "/" + pilot).sorted() == files)
                for file in files {
                    #expect(fm.contentsEqual(atPath: alone + "/" + file, andPath: out + "/" + pilot + "/" + file), "\(pilot)/\(file)")
                }
            }
        }
    }

    @Test("one worker: the pilot whose worker crashes comes first, a new worker renders every other")
    func workerReplaced() throws {
        try withTempDir { dir in
            let root = try province(dir)
            try FileManager.default.copyItem(atPath: Repo.sample.path, toPath: root + "/0-crash")
            let out = dir.path("out")
            let run = try batchProcess(["batch", root, "--out", out, "--format", "md", "--jobs", "1"],
                                       crashIn: root + "/0-crash", in: dir)
            #expect(run.code == 1, "\(run.stderr)")
            #expect(run.stdout.contains("共 4 个试点：成功 2 个，失败 2 个"), "\(run.stdout)")
            #expect(run.stderr.contains("● " + root + "/0-crash\n    处理该试点时工作进程意外终止"), "\(run.stderr)")
            #expect(run.stderr.contains("● " + root + "/c-bad"), "\(run.stderr)")
            for pilot in ["a", "nested/b"] {
                #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/" + pilot).count == 5)
            }
        }
    }
}
