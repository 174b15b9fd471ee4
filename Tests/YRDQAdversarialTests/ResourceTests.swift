import Foundation
import Testing
import YRDQTestSupport
import YRDQCore
import YRDQInput

/// Inputs built to exhaust time or memory: a 50 MB file and YAML alias bombs.
@Suite("Adversarial: huge files and alias bombs are refused, never hang")
struct ResourceTests {
    /// 50 MB of plausible sheet text (not a sparse file: every byte is there to be read).
    static func hugeFile(in dir: TempDir, name: String) throws -> String {
        let path = dir.path(name)
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let line = name.hasSuffix(".csv") ? "1,一级指标,二级指标,三级指标,2,2,说明文字说明文字,附件.pdf\n" : "  # 注释：说明文字说明文字说明文字说明文字\n"
        let chunk = Data(String(repeating: line, count: 1 + (1 << 20) / line.utf8.count).utf8)
        while try handle.offset() < 50 << 20 { handle.write(chunk) }
        try handle.close()
        return path
    }

    @Test("a 50 MB sheet, CSV, panel and profile are refused by their size, unread")
    func fiftyMegabytes() throws {
        try withTempDir { dir in
            let yaml = try Self.hugeFile(in: dir, name: "huge.yaml")
            let csv = try Self.hugeFile(in: dir, name: "huge.csv")
            #expect((try FileManager.default.attributesOfItem(atPath: yaml)[.size] as? Int ?? 0) >= 50 << 20)
            try dir.write("sheet.yaml", "pilot: huge.yaml\nitems: {}\n")
            try dir.write("panel.yaml", "experts: [huge.yaml, huge.csv]\n")
            for (args, file) in [(["score", yaml], yaml), (["score", csv], csv), (["panel", yaml], yaml),
                                 (["score", dir.path("sheet.yaml")], yaml), (["panel", dir.path("panel.yaml")], yaml)] {
                var run: Run!
                let t = seconds { run = yrdq(args) }
                #expect(t < hangGuardSeconds, "\(args): \(t) s")
                #expect(run.code == 1)
                #expect(run.stderr.contains("\(file): 错误: 文件过大（超过 8 MB）"), "\(run.stderr)")
            }
        }
    }

    @Test("the 50 MB file through the built binary: refused, and the process stays small")
    func fiftyMegabytesMemory() throws {
        guard let binary = Repo.binary else {
            Issue.record("no .build/debug/yrdq: build the package first (swift build)"); return
        }
        try withTempDir { dir in
            let yaml = try Self.hugeFile(in: dir, name: "huge.yaml")
            var run: ProcessRun!
            // GNU time, where installed, reports the peak memory; without it only the refusal is checked.
            let hasTime = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
            let command = hasTime ? ["/usr/bin/time", "-f", "maxrss=%M", binary] : [binary]
            let t = try seconds { run = try runProcess(command[0], Array(command.dropFirst()) + ["score", yaml, "--rubric", Repo.rubricPath]) }
            #expect(run.status == 1)
            #expect(t < hangGuardSeconds, "\(t) s")
            #expect(run.stderr.contains("文件过大"))
            // GNU time reports the peak resident set in KB; reading 8 MB + 1 and refusing stays far below 200 MB.
            if let m = run.stderr.range(of: #"maxrss=(\d+)"#, options: .regularExpression),
               let kb = Int(run.stderr[m].dropFirst("maxrss=".count)) {
                #expect(kb < 200_000, "peak RSS \(kb) KB")
            }
        }
    }

    static let bomb = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """

    /// Where the bomb goes off: as a value (Yams shares it), as a mapping key (Yams hashes every
    /// key in full — before the fix this hung for good), inside items and in a merge key.
    static let placements = ["items: *i\n", "? *i\n: 1\n", "items: {1: *i, 2: {criteria: *i}}\n", "items: {<<: *i}\n",
                             "pilot: {name: *i, region: *i, lead: *i, participants: *i, approved: *i, enterprises: *i}\n"]

    @Test("a billion-laughs alias bomb in a sheet ends at once with an error naming the file and line", arguments: placements)
    func bombInSheet(placement: String) throws {
        try withTempDir { dir in
            let path = try dir.write("bomb.yaml", Self.bomb + placement)
            var run: Run!
            let t = seconds { run = yrdq(["score", path]) }
            #expect(t < hangGuardSeconds, "\(t) s")
            expectRefused(run, naming: path + ":", containing: "疑似“别名炸弹”")
        }
    }

    @Test("an alias bomb in a profile, a panel and an expert sheet")
    func bombElsewhere() throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            // The profile: as a file the sheet names, and as keys of its own.
            try dir.write("pilot/pilot.yaml", Self.bomb + "? *i\n: x\nname: x\n")
            var run: Run!
            var t = seconds { run = yrdq(["score", root + "/self-assessment.yaml"]) }
            #expect(t < hangGuardSeconds)
            expectRefused(run, naming: root + "/pilot.yaml:", containing: "别名炸弹")
            try FileManager.default.removeItem(atPath: root + "/pilot.yaml")
            try FileManager.default.copyItem(atPath: Repo.sample + "/pilot.yaml", toPath: root + "/pilot.yaml")
            // The panel file itself.
            let panel = try dir.write("pilot/bomb-panel.yaml", Self.bomb + "experts: *i\nfindings: *i\n")
            t = seconds { run = yrdq(["panel", panel]) }
            #expect(t < hangGuardSeconds)
            expectRefused(run, naming: panel + ":", containing: "别名炸弹")
            // One expert's sheet.
            let li = try Repo.sampleText("experts/li.yaml")
            try dir.write("pilot/experts/li.yaml", li + "\n" + Self.bomb.replacingOccurrences(of: ": &", with: "-x: &") + "\n")
            t = seconds { run = yrdq(["panel", root + "/panel.yaml"]) }
            #expect(t < hangGuardSeconds)
            expectRefused(run, naming: root + "/experts/li.yaml:")
        }
    }

    @Test("a few ordinary aliases are still accepted: the sample with a reused evidence list scores as before")
    func ordinaryAliases() throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            var text = try Repo.sampleText("self-assessment.yaml")
            text = text.replacingOccurrences(of: "  5: {score: 2, evidence: [附件2-1 试点经费投入明细表.xlsx]}",
                                             with: "  5: {score: 2, evidence: &funds [附件2-1 试点经费投入明细表.xlsx]}")
            text = text.replacingOccurrences(of: "  7: 2\n", with: "  7: {score: 2, evidence: *funds}\n")
            #expect(text.contains("*funds"))
            let path = try dir.write("pilot/aliases.yaml", text)
            let run = yrdq(["score", path, "--json"])
            #expect(run.code == 0, "\(run.stderr)")
            #expect(run.stdout.contains("\"total\": 92.75"))
            _ = root
        }
    }

    @Test("deep nesting is refused by the parser's nesting limit, not by a stack overflow")
    func deepNesting() throws {
        try withTempDir { dir in
            for text in [String(repeating: "[", count: 100_000), String(repeating: "{a: ", count: 50_000),
                         (0..<2000).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n") + "x\n"] {
                let path = try dir.write("deep.yaml", text)
                var run: Run!
                let t = seconds { run = yrdq(["score", path]) }
                #expect(t < hangGuardSeconds)
                expectRefused(run, naming: path)
            }
        }
    }
}

/// Paths that are not regular files: a named pipe nobody writes to, devices.
@Suite("Adversarial: pipes and devices as input")
struct SpecialFileTests {
    @Test("a named pipe with no writer reads as empty at once; /dev/zero and /dev/stdin as a profile are refused")
    func pipesAndDevices() throws {
        try withTempDir { dir in
            let fifo = dir.path("sheet.yaml")
            #expect(mkfifo(fifo, 0o644) == 0)
            var run: Run!
            var t = seconds { run = yrdq(["score", fifo]) }
            #expect(t < hangGuardSeconds)
            expectRefused(run, naming: fifo, containing: "文件是空的")
            let sheet = try dir.write("s.yaml", "pilot: /dev/zero\nitems: {}\n")
            t = seconds { run = yrdq(["score", sheet]) }
            #expect(t < hangGuardSeconds)
            #expect(run.code == 1)
            #expect(run.stderr.contains("/dev/zero: 错误: 这是一个设备，不是普通文件"), "\(run.stderr)")
            let csv = try dir.write("s.csv", "序号,得分\n试点档案,/dev/urandom\n")
            t = seconds { run = yrdq(["score", csv]) }
            #expect(t < hangGuardSeconds)
            #expect(run.stderr.contains("/dev/urandom: 错误: 这是一个设备"), "\(run.stderr)")
        }
    }
}
