import Foundation
import Testing
import YRDQTestSupport
import YRDQCore
import YRDQInput

/// Hostile names and notes, and output that cannot be written: correct documents with safe file
/// names inside the output folder, or an error naming the path — never a partial file.
@Suite("Adversarial: hostile names, unwritable output, a full disk")
struct NamesAndOutputTests {
    static let isRoot = getuid() == 0

    /// A YAML double-quoted scalar for any text (JSON string syntax is YAML's).
    static func quoted(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// Replaces the value of a top-level `key:` line of a YAML text.
    static func replacing(_ key: String, with value: String, in text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        if let i = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) {
            var j = i + 1
            while j < lines.count && lines[j].hasPrefix(" ") { j += 1 }
            lines.replaceSubrange(i..<j, with: ["\(key): \(value)"])
        }
        return lines.joined(separator: "\n")
    }

    /// A file name as a file system and a user can live with.
    static func expectSafeName(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!name.isEmpty && name.utf8.count <= 255, "\(name.utf8.count) bytes: \(name)", sourceLocation: sourceLocation)
        #expect(!name.hasPrefix("."), "hidden or temporary: \(name)", sourceLocation: sourceLocation)
        #expect(!name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || "/\\:*?\"<>|".unicodeScalars.contains($0) },
                "unsafe character in \(name.debugDescription)", sourceLocation: sourceLocation)
    }

    /// Every regular file under `dir` is one of the inputs or inside `out`; nothing named with the marker escaped.
    static func expectContained(_ dir: TempDir, inputs: [String], out: String, marker: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        for file in dir.files() where !inputs.contains(where: { file.hasPrefix($0) }) {
            #expect(file.hasPrefix(out + "/"), "a file outside the output folder: \(file)", sourceLocation: sourceLocation)
            #expect(!file.dropFirst(out.count + 1).contains("/"), "a subfolder inside the output folder: \(file)", sourceLocation: sourceLocation)
        }
        for place in [FileManager.default.temporaryDirectory.path, Repo.root.path, FileManager.default.currentDirectoryPath,
                      (dir.path as NSString).deletingLastPathComponent, "/"] {
            let escaped = ((try? FileManager.default.contentsOfDirectory(atPath: place)) ?? []).filter { $0.contains(marker) }
            #expect(escaped.isEmpty, "files escaped into \(place): \(escaped)", sourceLocation: sourceLocation)
        }
    }

    static func expectNoTemporaries(_ dir: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        #expect(!names.contains { $0.hasPrefix(".") || $0.hasSuffix(".tmp") }, "temporary files left: \(names)", sourceLocation: sourceLocation)
    }

    @Test("<script>, |, ../, /, newlines, a 500-character name, 𠮷堃喆 and emoji: render set to html, md, pdf")
    func hostileNames() throws {
        let marker = "ZZ\(UUID().uuidString.prefix(8))"
        let name = "<script>alert('x')</script>|../../\(marker)/evil\n第二行\t𠮷堃喆😀👨‍👩‍👧🇨🇳" + String(repeating: "长三角质量提升示范试点", count: 46)
        #expect(name.count > 500)
        try withTempDir { dir in
            let root = try copySample(into: dir)
            var pilot = try Repo.sampleText("pilot.yaml")
            pilot = Self.replacing("name", with: Self.quoted(name), in: pilot)
            pilot = Self.replacing("region", with: Self.quoted("../../\(marker)|区/县\r\n<b>粗</b>"), in: pilot)
            pilot = Self.replacing("lead", with: Self.quoted("</td></tr><script>x</script> | --- | ** _ ` # [a](javascript:x)"), in: pilot)
            try dir.write("pilot/pilot.yaml", pilot)
            var sheet = try Repo.sampleText("self-assessment.yaml")
            sheet = Self.replacing("assessor", with: "{name: \(Self.quoted("../\(marker)<script>喆\n")), organization: \(Self.quoted("|a|b|\n|---|"))}", in: sheet)
            sheet = sheet.replacingOccurrences(of: "  3: 2\n", with: "  3: {score: 2, note: \(Self.quoted("<script>alert(1)</script> | 管道 |\n换行 𠮷 😀 <img src=x onerror=alert(1)>")), evidence: [\(Self.quoted("../../\(marker).pdf"))]}\n")
            try dir.write("pilot/self-assessment.yaml", sheet)
            var panel = try Repo.sampleText("panel.yaml")
            panel = Self.replacing("findings", with: "[\(Self.quoted("<script>findings</script>|x|\n"))]", in: panel)
            try dir.write("pilot/panel.yaml", panel)

            let out = dir.path("out")
            let run = yrdq(["render", "set", root, "--out", out, "--format", "html,md,pdf"])
            #expect(run.code == 0, "\(run.stderr)")
            let files = dir.files(under: "out")
            #expect(files.count == 15, "\(files)")     // five documents, three formats each
            for file in files { Self.expectSafeName(file) }
            Self.expectContained(dir, inputs: ["pilot/"], out: "out", marker: marker)
            Self.expectNoTemporaries(out)
            for file in files {
                let data = try Data(contentsOf: URL(fileURLWithPath: out + "/" + file))
                let text = String(decoding: data, as: UTF8.self)
                switch (file as NSString).pathExtension {
                case "html":
                    #expect(!text.lowercased().contains("<script"), "raw <script> in \(file)")
                    #expect(!text.lowercased().contains("<img"), "raw <img> in \(file)")
                    if !file.contains("空白") {     // the blank table names no pilot
                        #expect(text.contains("&lt;script&gt;"), "the name should be shown, escaped, in \(file)")
                        #expect(text.contains("𠮷堃喆"), "characters outside GB2312 lost in \(file)")
                    }
                case "md":
                    #expect(!text.contains("<script>"), "raw <script> in \(file)")
                    if !file.contains("空白") { #expect(text.contains("堃喆"), "\(file)") }
                case "pdf":
                    #expect(data.starts(with: Data("%PDF-".utf8)))
                    #expect(String(decoding: data.suffix(16), as: UTF8.self).contains("%%EOF"), "truncated PDF \(file)")
                default:
                    Issue.record("unexpected file \(file)")
                }
            }
        }
    }

    @Test("names that are only dots, slashes or direction marks still give a safe file name", arguments: [
        "..", "/", "../../..", ".hidden", " . ", "CON|NUL:*?", "a/b\\c", "\u{0007}\u{001B}[31m", "😀",
        String(repeating: "𠮷", count: 200), String(repeating: "👨‍👩‍👧‍👦", count: 100), "e" + String(repeating: "\u{0301}", count: 400),
    ])
    func oddNames(name: String) throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            let pilot = Self.replacing("name", with: Self.quoted(name), in: try Repo.sampleText("pilot.yaml"))
            try dir.write("pilot/pilot.yaml", pilot)
            let out = dir.path("out")
            let run = yrdq(["render", "table", root + "/self-assessment.yaml", "--out", out, "--format", "md"])
            #expect(run.code == 0, "\(run.stderr)")
            let files = dir.files(under: "out")
            #expect(files.count == 1, "\(files)")
            for file in files { Self.expectSafeName(file) }
            Self.expectContained(dir, inputs: ["pilot/"], out: "out", marker: "fdp.exe")
        }
    }

    @Test("a NUL in a name or a note is refused, naming the file")
    func nul() throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            try dir.write("pilot/pilot.yaml", Self.replacing("name", with: "\"嘉禾\\0试点\"", in: try Repo.sampleText("pilot.yaml")))
            let out = dir.path("out")
            let run = yrdq(["render", "set", root, "--out", out])
            expectRefused(run, naming: root + "/pilot.yaml", containing: "NUL")
            #expect(!FileManager.default.fileExists(atPath: out))
            let csv = try dir.write("pilot/nul.csv", filledCSV().replacingOccurrences(of: "\n1,", with: "\n1\u{0},"))
            expectRefused(yrdq(["render", "table", csv, "--out", out]), naming: csv, containing: "NUL")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    /// (A direction override used to be one of the odd names above that still rendered; it makes one
    /// pilot's name display as another's, and names now refuse it.)
    @Test("a pilot name with a direction override or an invisible character is refused, naming the file; nothing written",
          arguments: ["\u{202E}fdp.exe", "嘉禾\u{2066}试点", "嘉\u{200B}禾试点"])
    func directionOverride(name: String) throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            try dir.write("pilot/pilot.yaml", Self.replacing("name", with: Self.quoted(name), in: try Repo.sampleText("pilot.yaml")))
            let out = dir.path("out")
            let run = yrdq(["render", "set", root, "--out", out])
            expectRefused(run, naming: root + "/pilot.yaml", containing: "试点名称")
            #expect(run.stderr.contains("U+"))
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    // MARK: Unwritable output

    @Test("an output path under a regular file, or that is a regular file: an error naming it, nothing written")
    func outputUnderAFile() throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            let blocker = try dir.write("blocker", "not a folder")
            for out in [blocker + "/out", blocker, blocker + "/a/b"] {
                let run = yrdq(["render", "table", root + "/self-assessment.yaml", "--out", out, "--format", "html,md"])
                expectRefused(run, naming: out)
            }
            #expect(try String(contentsOfFile: blocker, encoding: .utf8) == "not a folder")
            #expect(dir.files().filter { !$0.hasPrefix("pilot/") } == ["blocker"])
        }
    }

    @Test("an output folder without write permission (chmod 0555)",
          .enabled(if: !isRoot, "running as root: permissions do not stop root; see the setpriv test and outputUnderAFile"))
    func readOnlyOutput() throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            let out = dir.path("out")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            chmod(out, 0o555)
            let run = yrdq(["render", "set", root, "--out", out, "--format", "html,md"])
            expectRefused(run, naming: out)
            #expect(dir.files(under: "out").isEmpty)
            chmod(root, 0o555)
            let run2 = yrdq(["render", "set", root, "--out", root + "/out", "--format", "md"])
            expectRefused(run2, naming: root + "/out")
        }
    }

    @Test("as an unprivileged user (setpriv): a read-only pilot folder and output folder",
          .enabled(if: UnprivilegedCopy.available,
                   "needs root, setpriv and the built binary (.build/debug/yrdq) to run the write test as nobody"))
    func readOnlyAsNobody() throws {
        try withTempDir { dir in
            let copy = try UnprivilegedCopy(in: dir)
            let root = try copySample(into: dir)
            let out = dir.path("out")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            chmod(out, 0o555)
            chmod(root, 0o555)
            chmod(dir.path, 0o755)
            for target in [out, root + "/out", root] {
                let run = try copy.run(["render", "set", root, "--out", target, "--format", "html,md", "--rubric", copy.rubric],
                                       in: dir.path)
                #expect(run.status == 1, "\(target): \(run.stderr)")
                #expect(run.stderr.contains(target), "the message should name \(target): \(run.stderr)")
                #expect(run.stderr.contains("Permission denied") || run.stderr.contains("权限") || run.stderr.contains("无法"), "\(run.stderr)")
            }
            #expect(dir.files(under: "out").isEmpty)
            #expect(dir.files().filter { !$0.hasPrefix("pilot/") && !$0.hasPrefix("yrdq-home/") }.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: root + "/out"))
        }
    }

    @Test("a character no installed font has: the PDF is written with □ and a warning names the file and the character")
    func characterWithoutAFont() throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            let sheet = root + "/self-assessment.yaml"
            var text = try String(contentsOfFile: sheet, encoding: .utf8)
            text = text.replacingOccurrences(of: "未提供定期运行记录。", with: "未提供定期运行记录\u{10FFFD}。")
            try text.write(toFile: sheet, atomically: true, encoding: .utf8)
            let run = yrdq(["render", "self-assessment", sheet, "--format", "pdf", "--out", dir.path("out")])
            #expect(run.code == 0, "\(run.stderr)")
            #expect(dir.files(under: "out").count == 1)
            // (The note that the official faces are not installed comes first, naming no file.)
            let warning = run.messages.first { $0.contains("警告") && $0.contains("□") }
            #expect(warning?.hasPrefix(sheet) == true, "\(run.stderr)")
            #expect(warning?.contains("U+10FFFD") == true && warning?.contains("fonts/") == true, "\(run.stderr)")
        }
    }

    @Test("a successful run in its own process prints only what it wrote: nothing on stderr",
          .enabled(if: Repo.binary != nil, "needs the built binary (.build/debug/yrdq)"))
    func quietOnSuccess() throws {
        try withTempDir { dir in
            let out = dir.path("out")
            let run = try runProcess(Repo.binary!, ["render", "set", Repo.sample, "--format", "pdf,md",
                                                    "--out", out, "--rubric", Repo.rubricPath])
            #expect(run.status == 0, "\(run.stderr)")
            // Only the note, once for the whole set, that the official faces are not installed
            // and which face serves each role in their place (issue 11 §2).
            let notes = run.stderr.split(separator: "\n").filter { $0.contains("PDF 未使用公文字体") }
            #expect(run.stderr.split(separator: "\n").count == notes.count, "stderr: \(run.stderr)")
            #expect(notes.count <= 1)
            if let note = notes.first {
                #expect(note.contains("title（小标宋）：未安装 方正小标宋简体，由 Noto Serif CJK SC:bold 代替"), "\(note)")
                #expect(note.contains("body（仿宋）：未安装 仿宋_GB2312"), "\(note)")
            }
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == 10 && lines.allSatisfy { $0.hasPrefix("已生成 ") }, "\(run.stdout)")
        }
    }

    @Test("an output file that is a symbolic link to a file outside: the link is replaced, the outside file untouched")
    func symlinkInOutput() throws {
        try withTempDir { dir in
            let victim = try dir.write("victim.txt", "outside the output folder")
            let out = dir.path("out")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let target = out + "/评分表（空白）.md"
            try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: victim)
            let run = yrdq(["render", "table", "--blank", "--out", out, "--format", "md"])
            #expect(run.code == 0, "\(run.stderr)")
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "outside the output folder")
            #expect((try FileManager.default.attributesOfItem(atPath: target)[.type] as? FileAttributeType) == .typeRegular)
            Self.expectNoTemporaries(out)
        }
    }

    // MARK: A full disk

    /// Runs the built binary under `ulimit -f BLOCKS` (512-byte blocks in sh), so that writes past
    /// that size fail with EFBIG as on a full disk.
    static func renderLimited(blocks: Int, into out: String, pilot: String, formats: String) throws -> ProcessRun? {
        guard let binary = Repo.binary else { return nil }
        return try runProcess("/bin/sh", ["-c", "ulimit -f \(blocks); exec \"$0\" \"$@\"", binary, "render", "set", pilot,
                                          "--out", out, "--format", formats, "--rubric", Repo.rubricPath])
    }

    @Test("the disk fills up (ulimit -f): the failure is reported; no partial and no temporary file is left",
          .enabled(if: Repo.binary != nil, "needs the built binary .build/debug/yrdq (swift build)"))
    func diskFull() throws {
        try withTempDir { dir in
            let root = try copySample(into: dir)
            let reference = dir.path("reference")
            let ok = yrdq(["render", "set", root, "--out", reference, "--format", "html,md,pdf"])
            #expect(ok.code == 0, "\(ok.stderr)")
            for (blocks, formats) in [(20, "html"), (300, "html,md,pdf")] {
                let out = dir.path("out-\(blocks)")
                let run = try #require(try Self.renderLimited(blocks: blocks, into: out, pilot: root, formats: formats))
                #expect(run.status == 1, "ulimit -f \(blocks): exit \(run.status); \(run.stderr)")
                let errors = run.stderr.split(separator: "\n").filter { $0.contains("错误: ") }
                #expect(errors.count == 1, "\(run.stderr)")
                #expect(errors.first?.hasPrefix(out + "/") == true, "the message should name the file: \(run.stderr)")
                #expect(run.stderr.contains("写入失败") && run.stderr.contains("File too large"), "\(run.stderr)")
                Self.expectNoTemporaries(out)
                // Whatever was written is whole: byte for byte the unlimited rendering (PDFs: same size, complete).
                for file in dir.files(under: "out-\(blocks)") {
                    let got = try Data(contentsOf: URL(fileURLWithPath: out + "/" + file))
                    let want = try Data(contentsOf: URL(fileURLWithPath: reference + "/" + file))
                    if file.hasSuffix(".pdf") {
                        #expect(got.count == want.count && String(decoding: got.suffix(16), as: UTF8.self).contains("%%EOF"), "\(file)")
                    } else {
                        #expect(got == want, "\(file) differs from the unlimited rendering")
                    }
                }
                if blocks == 300 { #expect(!dir.files(under: "out-300").isEmpty, "the limit should allow some files before failing") }
            }
        }
    }
}
