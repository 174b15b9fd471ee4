import Foundation
import Testing
import YRDQCommands
import YRDQCore
import YRDQTestSupport

/// Nothing lost: an output never replaces what it must not (a key, a register, an input, a file
/// of another kind, a folder), never writes through a link inside the output folder, and two
/// documents never share a file name.
@Suite("Adversarial: outputs replace only their own kind, and never share a name")
struct OutputSafetyTests {
    static let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n"
    static let sqlite = Array("SQLite format 3\0".utf8) + [UInt8](repeating: 1, count: 100)

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// A key pair, a register with the sample's certificate, and the certificate's files in `out`.
    static func issued(in dir: TempDir) throws -> (key: String, registry: String, out: String) {
        let keys = dir.path("keys"), registry = dir.path("reg.db"), out = dir.path("out")
        #expect(yrdq(["keygen", "--out", keys], rubric: false).code == 0)
        let key = keys + "/yrdq-signing-key.pem"
        let run = yrdq(["certificate", "issue", Repo.sample + "/panel.yaml", "--key", key, "--registry", registry,
                        "--out", out, "--format", "md"])
        #expect(run.code == 0, "\(run.stderr)")
        return (key, registry, out)
    }

    // MARK: Never the key, the register or an input

    @Test("status-list --out at the key, at the register (however spelled), at a hard link to the key: refused, nothing changed")
    func statusListOverKeyOrRegister() throws {
        try withTempDir { dir in
            let (key, registry, _) = try Self.issued(in: dir)
            let keyBytes = Self.bytes(key), registerBytes = Self.bytes(registry)
            try FileManager.default.createDirectory(atPath: dir.path("pub"), withIntermediateDirectories: true)
            let linked = dir.path("pub/status.json")
            #expect(link(key, linked) == 0)
            for target in [key, registry, dir.path("keys/../reg.db"), linked] {
                let run = yrdq(["certificate", "status-list", "--key", key, "--registry", registry, "--out", target], rubric: false)
                expectRefused(run, naming: target, containing: "不会")
                #expect(Self.bytes(key) == keyBytes && Self.bytes(registry) == registerBytes, "\(target) changed the key or the register")
            }
            #expect(Self.bytes(linked) == keyBytes)
            #expect(yrdq(["certificate", "list", "--registry", registry], rubric: false).stdout.contains("浙质示〔2026〕第001号"))
            // A status list replaces a status list, and only that.
            let list = dir.path("status.json")
            for _ in 0..<2 {
                #expect(yrdq(["certificate", "status-list", "--key", key, "--registry", registry, "--out", list], rubric: false).code == 0)
            }
            let other = try dir.write("other.json", "{\"format\": \"something-else\", \"entries\": []}\n")
            let run = yrdq(["certificate", "status-list", "--key", key, "--registry", registry, "--out", other], rubric: false)
            expectRefused(run, naming: other, containing: "状态列表")
            #expect(try dir.read("other.json").contains("something-else"))
        }
    }

    @Test("a document over a key, a register, a folder or a pipe of the same name: refused before any file is written")
    func documentsOverOtherKinds() throws {
        try withTempDir { dir in
            let out = dir.path("out")
            let blank = "评分表（空白）"
            let cases: [(String, (String) throws -> Void)] = [
                ("pdf", { try Self.pem.write(toFile: $0, atomically: false, encoding: .utf8) }),
                ("md", { try Data(Self.sqlite).write(to: URL(fileURLWithPath: $0)) }),
                ("html", { try FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: true) }),
                ("md", { #expect(mkfifo($0, 0o644) == 0) }),
                ("html", { try "plain notes, not a document yrdq wrote\n".write(toFile: $0, atomically: false, encoding: .utf8) }),
            ]
            for (format, make) in cases {
                try? FileManager.default.removeItem(atPath: out)
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                let target = out + "/\(blank).\(format)"
                try make(target)
                let before = try FileManager.default.contentsOfDirectory(atPath: out)
                // The other formats come first in the list: they must not be written either.
                let formats = (["html", "md", "pdf"].filter { $0 != format } + [format]).joined(separator: ",")
                let run = yrdq(["render", "table", "--blank", "--out", out, "--format", formats])
                expectRefused(run, naming: target, containing: "不会")
                #expect(try FileManager.default.contentsOfDirectory(atPath: out) == before, "\(format): \(run.stderr)")
            }
            // The key is still the key.
            try? FileManager.default.removeItem(atPath: out)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try Self.pem.write(toFile: out + "/\(blank).pdf", atomically: false, encoding: .utf8)
            _ = yrdq(["render", "table", "--blank", "--out", out, "--format", "pdf"])
            #expect(try String(contentsOfFile: out + "/\(blank).pdf", encoding: .utf8) == Self.pem)
            // Its own kind is replaced: the same command twice.
            try FileManager.default.removeItem(atPath: out)
            for _ in 0..<2 { #expect(yrdq(["render", "table", "--blank", "--out", out, "--format", "html,md"]).code == 0) }
        }
    }

    @Test("init --force replaces its own YAML and CSV, never a key or a register standing at their names")
    func initForce() throws {
        try withTempDir { dir in
            let folder = dir.path("p")
            #expect(yrdq(["init", folder, "--csv"]).code == 0)
            #expect(yrdq(["init", folder, "--csv", "--force"]).code == 0)
            try Self.pem.write(toFile: folder + "/pilot.yaml", atomically: false, encoding: .utf8)
            try Data(Self.sqlite).write(to: URL(fileURLWithPath: folder + "/self-assessment.csv"))
            let run = yrdq(["init", folder, "--csv", "--force"])
            expectRefused(run, naming: folder + "/pilot.yaml", containing: "私钥")
            #expect(run.stderr.contains(folder + "/self-assessment.csv") && run.stderr.contains("SQLite"))
            #expect(try String(contentsOfFile: folder + "/pilot.yaml", encoding: .utf8) == Self.pem)
        }
    }

    @Test("a file this run read is never replaced, whatever its name or kind: the same inode through a hard link")
    func inputsOfTheRun() throws {
        try withTempDir { dir in
            let text = "# 笔记\n\n不是由本次运行写的 Markdown。\n"
            let input = try dir.write("in/notes.md", text)
            try FileManager.default.createDirectory(atPath: dir.path("out"), withIntermediateDirectories: true)
            #expect(link(input, dir.path("out/linked.md")) == 0)
            try FilesRead.scoped {
                _ = try RegularFile.bytes(at: input, maximumBytes: 1024)
                let folder = try OutputFolder(dir.path("out"), create: false)
                #expect(throws: InputErrors.self) { try folder.write(Data("# 新\n".utf8), name: "linked.md", kind: .markdown) }
                let inputs = try OutputFolder(dir.path("in"), create: false)
                #expect(throws: InputErrors.self) { try inputs.write(Data("# 新\n".utf8), name: "notes.md", kind: .markdown) }
            }
            #expect(try dir.read("in/notes.md") == text)
            // Outside that run the same Markdown is of yrdq's kind and may be replaced.
            try FilesRead.scoped {
                try OutputFolder(dir.path("out"), create: false).write(Data("# 新\n".utf8), name: "linked.md", kind: .markdown)
            }
            #expect(try dir.read("in/notes.md") == text, "replacing the hard link leaves the other name alone")
        }
    }

    // MARK: Links inside the output folder

    @Test("batch: a pilot's output folder that is a link inside --out is refused, nothing written through it")
    func linkedFolderInsideOut() throws {
        try withTempDir { dir in
            let province = dir.path("province")
            try FileManager.default.createDirectory(atPath: province, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Repo.sample, toPath: province + "/a")
            try FileManager.default.copyItem(atPath: Repo.sample, toPath: province + "/b")
            let elsewhere = dir.path("elsewhere")
            try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
            let out = dir.path("out")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: out + "/a", withDestinationPath: elsewhere)
            let run = yrdq(["batch", province, "--out", out, "--format", "md", "--jobs", "1"])
            #expect(run.code == 1, "\(run.stderr)")
            #expect(run.stdout.contains("成功 1 个，失败 1 个"), "\(run.stdout)")
            #expect(run.stderr.contains(out + "/a") && run.stderr.contains("符号链接"), "\(run.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/b").count == 5)
        }
    }

    // MARK: Names

    /// The sample pilot folder copied as `sub`, its pilot renamed.
    static func pilot(_ dir: TempDir, _ sub: String, name: String) throws -> String {
        let root = try copySample(into: dir, as: sub)
        let profile = root + "/pilot.yaml"
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try NamesAndOutputTests.replacing("name", with: NamesAndOutputTests.quoted(name), in: text)
            .write(toFile: profile, atomically: true, encoding: .utf8)
        return root
    }

    @Test("pilots whose names reduce alike (A/B and A_B, names alike up to the byte cap) get files of their own in one folder")
    func namesThatReduceAlike() throws {
        let long = String(repeating: "长", count: 60)
        for (first, second) in [("A/B质量提升试点", "A_B质量提升试点"), (long + "甲", long + "乙"), ("A~B", "A~B~")] {
            try withTempDir { dir in
                let out = dir.path("out")
                for (i, name) in [first, second].enumerated() {
                    let root = try Self.pilot(dir, "p\(i)", name: name)
                    let run = yrdq(["render", "self-assessment", root + "/self-assessment.yaml", "--out", out, "--format", "md"])
                    #expect(run.code == 0, "\(run.stderr)")
                }
                let files = dir.files(under: "out")
                #expect(files.count == 2, "\(first) / \(second): \(files)")
                for file in files { NamesAndOutputTests.expectSafeName(file) }
                #expect(files.contains("A_B质量提升试点-自评报告.md") || first.hasPrefix("长") || first.hasPrefix("A~"), "\(files)")
            }
        }
    }

    @Test("certificates of pilots named A/B and A_B: each set of files whole, the serial in the name")
    func certificatesThatReduceAlike() throws {
        try withTempDir { dir in
            #expect(yrdq(["keygen", "--out", dir.path("keys")], rubric: false).code == 0)
            let out = dir.path("out")
            for (i, name) in ["A/B质量提升示范试点", "A_B质量提升示范试点"].enumerated() {
                let root = try Self.pilot(dir, "p\(i)", name: name)
                let run = yrdq(["certificate", "issue", root + "/panel.yaml", "--key", dir.path("keys/yrdq-signing-key.pem"),
                                "--registry", dir.path("reg.db"), "--out", out, "--format", "md,html"])
                #expect(run.code == 0, "\(run.stderr)")
            }
            let files = dir.files(under: "out")
            #expect(files.count == 6, "\(files)")
            #expect(files.filter { $0.contains("第001号") }.count == 3 && files.filter { $0.contains("第002号") }.count == 3, "\(files)")
            #expect(files.contains("A_B质量提升示范试点-浙质示〔2026〕第002号-证书.cert.json"), "\(files)")
        }
    }

    @Test("two experts of one name (from different bodies) get a score table each, named with their organisation")
    func expertsOfOneName() throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            let out = dir.path("out")
            for (file, organization) in [("experts/chen.yaml", "浙江省质量科学研究院"), ("experts/li.yaml", "浙江省标准化研究院")] {
                let path = root + "/" + file
                let text = try String(contentsOfFile: path, encoding: .utf8)
                try NamesAndOutputTests.replacing("assessor", with: "{name: 王芳, organization: \(organization)}", in: text)
                    .write(toFile: path, atomically: true, encoding: .utf8)
                let run = yrdq(["render", "table", path, "--out", out, "--format", "md"])
                #expect(run.code == 0, "\(run.stderr)")
            }
            let files = dir.files(under: "out")
            #expect(files.count == 2, "\(files)")
            #expect(files.contains { $0.contains("王芳（浙江省质量科学研究院）") } && files.contains { $0.contains("王芳（浙江省标准化研究院）") }, "\(files)")
        }
    }

    @Test("names one folder cannot hold side by side (the same, or differing only in case or normalisation) are refused")
    func distinctNames() throws {
        for names in [["a.md", "a.md"], ["Pilot.md", "pilot.md"], ["caf\u{E9}.md", "cafe\u{301}.md"]] {
            #expect(throws: InputErrors.self) { try OutputFolder.checkDistinct(names, in: "out") }
        }
        try OutputFolder.checkDistinct(["a.md", "a.html", "b.md"], in: "out")
    }

    // MARK: batch

    @Test("batch --format xyz is one usage error (exit 64), not one failure per pilot; nothing written")
    func batchUnknownFormat() throws {
        try withTempDir { dir in
            try FileManager.default.copyItem(atPath: Repo.sample, toPath: dir.path("province/a"))
            try FileManager.default.copyItem(atPath: Repo.sample, toPath: dir.path("province/b"))
            let run = yrdq(["batch", dir.path("province"), "--out", dir.path("out"), "--format", "html,xyz"])
            #expect(run.code == 64, "\(run.stderr)")
            #expect(run.stderr.components(separatedBy: "未知的输出格式").count == 2, "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.path("out")))
        }
    }

    @Test("batch: a folder it cannot read is a failure (exit 1), named with the reason, never skipped",
          .enabled(if: getuid() != 0 || UnprivilegedCopy.available, "as root, needs setpriv and the built binary to run as nobody"))
    func batchUnreadableFolder() throws {
        try withTempDir { dir in
            let province = dir.path("province")
            try FileManager.default.createDirectory(atPath: province + "/closed", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Repo.sample, toPath: province + "/open")
            try FileManager.default.copyItem(atPath: Repo.sample, toPath: province + "/closed/hidden-pilot")
            let out = dir.path("out")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            chmod(out, 0o777)
            chmod(province + "/closed", 0o000)
            defer { chmod(province + "/closed", 0o755) }
            let code: Int32, stdout: String, stderr: String
            if getuid() == 0 {
                let copy = try UnprivilegedCopy(in: dir)
                let run = try copy.run(["batch", province, "--out", out, "--format", "md", "--rubric", copy.rubric], in: dir.path)
                (code, stdout, stderr) = (run.status, run.stdout, run.stderr)
            } else {
                let run = yrdq(["batch", province, "--out", out, "--format", "md"])
                (code, stdout, stderr) = (run.code, run.stdout, run.stderr)
            }
            #expect(code == 1, "\(stderr)")
            #expect(stdout.contains("成功 1 个") && stdout.contains("1 个目录无法读取"), "\(stdout)")
            #expect(stderr.contains(province + "/closed") && stderr.contains("无法读取目录"), "\(stderr)")
            #expect(FileManager.default.fileExists(atPath: out + "/open"))
        }
    }

    @Test("a sheet in a folder this user may not enter is reported as unreadable, not as missing",
          .enabled(if: getuid() != 0 || UnprivilegedCopy.available, "as root, needs setpriv and the built binary to run as nobody"))
    func unreadableIsNotMissing() throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            chmod(root, 0o700)
            defer { chmod(root, 0o755) }
            let sheet = root + "/self-assessment.yaml"
            let stderr: String
            if getuid() == 0 {
                let copy = try UnprivilegedCopy(in: dir)
                stderr = try copy.run(["score", sheet, "--rubric", copy.rubric], in: dir.path).stderr
            } else {
                stderr = yrdq(["score", sheet]).stderr
            }
            #expect(stderr.hasPrefix(sheet + ": 错误: 无法读取文件（请检查权限）"), "\(stderr)")
        }
    }

    // MARK: Nothing blocks

    @Test("a named pipe as --seal, --key or among the fonts: refused (or skipped) at once, the register untouched",
          .enabled(if: Repo.binary != nil, "needs the built binary (.build/debug/yrdq)"))
    func pipesNeverBlock() throws {
        try withTempDir { dir in
            let copy = try UnprivilegedCopy(in: dir)
            let (key, registry, _) = try Self.issued(in: dir)
            let fifo = dir.path("pipe.png")
            #expect(mkfifo(fifo, 0o644) == 0)
            let registerBytes = Self.bytes(registry)
            let panel = Repo.sample + "/panel.yaml"
            let runs: [(String, [String])] = [
                ("render --seal", ["render", "table", "--blank", "--seal", fifo, "--format", "pdf,html", "--out", dir.path("o1")]),
                ("issue --seal", ["certificate", "issue", panel, "--key", key, "--registry", registry, "--seal", fifo,
                                  "--out", dir.path("o2"), "--format", "pdf"]),
                ("issue --key", ["certificate", "issue", panel, "--key", fifo, "--registry", dir.path("new.db"), "--out", dir.path("o3")]),
                ("status-list --key", ["certificate", "status-list", "--key", fifo, "--registry", registry, "--out", dir.path("s.json")]),
                ("verify --key", ["certificate", "verify", "YRDQ1|x", "--key", fifo]),
            ]
            for (what, args) in runs {
                let run = try copy.runAsSelf(args + (args[0] == "certificate" && args[1] != "issue" ? [] : ["--rubric", copy.rubric]),
                                             in: dir.path, timeout: 60)
                #expect(!run.timedOut, "\(what) blocked on the pipe")
                #expect(run.status == 1, "\(what): exit \(run.status); \(run.stderr)")
                #expect(run.stderr.contains(fifo) && run.stderr.contains("命名管道"), "\(what): \(run.stderr)")
            }
            // A pipe among the templates, and as the rubric.
            let templates = dir.path("templates")
            try FileManager.default.copyItem(atPath: copy.home + "/templates", toPath: templates)
            let partial = templates + "/partial-extra.mustache"
            #expect(mkfifo(partial, 0o644) == 0)
            for (what, args, named) in [("--templates", ["--templates", templates, "--rubric", copy.rubric], partial),
                                        ("--rubric", ["--rubric", fifo], fifo)] {
                let run = try copy.runAsSelf(["render", "table", "--blank", "--format", "md", "--out", dir.path("o5")] + args,
                                             in: dir.path, timeout: 60)
                #expect(!run.timedOut && run.status == 1, "\(what): exit \(run.status); \(run.stderr)")
                #expect(run.stderr.hasPrefix(named + ": 错误: "), "\(what): \(run.stderr)")
            }
            #expect(Self.bytes(registry) == registerBytes, "the register changed")
            #expect(!FileManager.default.fileExists(atPath: dir.path("new.db")), "a register was created before the key was read")
            for o in ["o1", "o2", "o3", "o5"] { #expect(dir.files(under: o).isEmpty) }
            // A pipe among the fonts is skipped with a warning; the PDF is written.
            let font = copy.home + "/fonts/官方仿宋.ttf"
            #expect(mkfifo(font, 0o644) == 0)
            let run = try copy.runAsSelf(["render", "table", "--blank", "--format", "pdf", "--out", dir.path("o4"), "--rubric", copy.rubric],
                                         in: dir.path, timeout: 60)
            #expect(!run.timedOut, "a pipe among the fonts blocked the PDF writer")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains(font) && run.stderr.contains("已跳过"), "\(run.stderr)")
            #expect(dir.files(under: "o4").count == 1)
            let fonts = try copy.runAsSelf(["fonts"], in: dir.path, timeout: 60)
            #expect(!fonts.timedOut && fonts.status == 0, "\(fonts.stderr)")
            #expect(fonts.stdout.contains(font) && fonts.stdout.contains("已跳过"), "\(fonts.stdout)")
        }
    }
}
