import Foundation
import Testing
import YRDQTestSupport

/// The Debian package: scripts/package.sh on a binary linked as package.sh links its release build
/// (scripts/test.sh relinks the debug build so and passes it in YRDQ_PACKAGE_BINARY), unpacked with `dpkg -x` into a scratch root, and the installed
/// `yrdq` run from an unrelated folder, with a user config folder whose one edited template
/// changes the output; lintian finds no error.
@Suite(.serialized) struct PackageTests {
    /// The binary to package: YRDQ_PACKAGE_BINARY, or .build/release/yrdq.
    static let binary: String? = {
        let env = ProcessInfo.processInfo.environment["YRDQ_PACKAGE_BINARY"] ?? ""
        let path = env.isEmpty ? Repo.root.appendingPathComponent(".build/release/yrdq").path : env
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a program with `environment` (nil: this process's) in `directory`.
    static func run(_ program: String, _ arguments: [String], in directory: String? = nil,
                    environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        // stderr into a file, so that a pipe that fills up cannot stall the program.
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-package-\(UUID().uuidString).err").path
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let errHandle = try #require(FileHandle(forWritingAtPath: errPath))
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func which(_ tool: String) -> String? {
        for dir in ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(tool)") {
            return "\(dir)/\(tool)"
        }
        return nil
    }

    @Test(.enabled(if: binary != nil, "no release binary: swift build -c release --static-swift-stdlib --disable-local-rpath --product yrdq (scripts/test.sh does)"))
    func theInstalledPackageRendersFromAnyFolderAndHonoursTheUsersTemplates() throws {
        let scratch = try TempDir()
        defer { scratch.remove() }
        let fm = FileManager.default

        // Build the package from the release binary.
        let built = try Self.run("/bin/bash", [Repo.root.appendingPathComponent("scripts/package.sh").path, scratch.path("deb")],
                                 environment: ProcessInfo.processInfo.environment.merging(["YRDQ_BINARY": Self.binary!]) { $1 })
        try #require(built.status == 0, "package.sh failed:\n\(built.stderr)")
        let deb = try #require(built.stdout.split(separator: "\n").last.map(String.init))
        #expect(deb.hasSuffix(".deb") && fm.fileExists(atPath: deb))

        // Control: version, architecture, Depends on the libraries and the fonts.
        let dpkgDeb = try #require(Self.which("dpkg-deb"))
        let arch = try Self.run(try #require(Self.which("dpkg")), ["--print-architecture"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let field = { (name: String) in try Self.run(dpkgDeb, ["-f", deb, name]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(try field("Package") == "yrdq")
        #expect(try field("Architecture") == arch)
        #expect(try !field("Version").isEmpty)
        #expect(try !field("Maintainer").isEmpty)
        let depends = try field("Depends")
        for package in ["libc6", "libcairo2", "libpango-1.0-0", "libpangocairo-1.0-0", "libfontconfig1", "libqrencode4", "libsqlite3-0", "libxlsxwriter4",
                        "fonts-arphic-uming", "fonts-wqy-zenhei", "fonts-lxgw-wenkai", "fonts-noto-cjk", "fonts-liberation2",
                        "libharfbuzz-subset0"] {
            #expect(depends.contains(package), "Depends lacks \(package): \(depends)")
        }
        // No Swift runtime to depend on: it is linked in.
        #expect(!depends.contains("swift"))

        // Contents: owned by root, modes 0755 (folders, the program) and 0644 (the rest).
        let listing = try Self.run(dpkgDeb, ["-c", deb]).stdout.split(separator: "\n").map(String.init)
        #expect(!listing.isEmpty)
        for line in listing {
            #expect(line.contains(" root/root "), "not root's: \(line)")
            let isProgram = line.hasSuffix("./usr/bin/yrdq")
            let mode = String(line.prefix(10))
            #expect(line.hasPrefix("d") ? mode == "drwxr-xr-x" : mode == (isProgram ? "-rwxr-xr-x" : "-rw-r--r--"), "mode: \(line)")
        }
        // One timestamp for every entry (SOURCE_DATE_EPOCH, the last commit's): the same commit, the same bytes.
        let stamps = Set(listing.map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(3).prefix(2).joined(separator: " ") })
        #expect(stamps.count == 1, "timestamps: \(stamps)")
        let paths = Set(listing.compactMap { $0.split(separator: " ").last.map(String.init) })
        for path in ["./usr/bin/yrdq", "./usr/share/yrdq/rubric/yrd-2021.yaml", "./usr/share/yrdq/templates/self-assessment.mustache",
                     "./usr/share/yrdq/templates/partial-rules.mustache", "./usr/share/yrdq/fonts/font-roles.conf",
                     "./usr/share/bash-completion/completions/yrdq", "./usr/share/zsh/vendor-completions/_yrdq",
                     "./usr/share/fish/vendor_completions.d/yrdq.fish", "./usr/share/man/man1/yrdq.1.gz",
                     "./usr/share/doc/yrdq/copyright", "./usr/share/doc/yrdq/changelog.Debian.gz"] {
            #expect(paths.contains(path), "missing \(path)")
        }

        // Unpack into a scratch root and run the installed program from an unrelated folder,
        // with no YRDQ_* variables and a scratch home and config folder.
        let root = scratch.path("root")
        let unpacked = try Self.run(try #require(Self.which("dpkg")), ["-x", deb, root])
        try #require(unpacked.status == 0, "dpkg -x: \(unpacked.stderr)")
        let yrdq = root + "/usr/bin/yrdq"
        let work = scratch.path("work"), config = scratch.path("config")
        try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        try fm.copyItem(atPath: Repo.sample.path, toPath: work + "/jiahe")
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("YRDQ_") }
        environment["HOME"] = scratch.path("home")
        environment["XDG_CONFIG_HOME"] = config
        let help = try Self.run(yrdq, ["--help"], in: work, environment: environment)
        #expect(help.status == 0)
        #expect(help.stdout.contains("render"))

        let first = try Self.run(yrdq, ["render", "set", "jiahe", "--format", "md,pdf", "--out", "out1"], in: work, environment: environment)
        try #require(first.status == 0, "installed render failed:\n\(first.stderr)")
        let report = "嘉禾市新能源汽车零部件产业质量提升示范试点-自评报告.md"
        let provincial = "嘉禾市新能源汽车零部件产业质量提升示范试点-省级评估报告.md"
        let before = try String(contentsOfFile: "\(work)/out1/\(report)", encoding: .utf8)
        #expect(fm.fileExists(atPath: "\(work)/out1/嘉禾市新能源汽车零部件产业质量提升示范试点-自评报告.pdf"))

        // A bureau copies one installed template into its config folder and edits it.
        let installedTemplate = root + "/usr/share/yrdq/templates/self-assessment.mustache"
        let original = try String(contentsOfFile: installedTemplate, encoding: .utf8)
        let edited = original.replacingOccurrences(of: "现将自评情况报告如下。", with: "现将自评情况报告如下（本局修订模板）。")
        try #require(edited != original, "the sentence to edit is no longer in self-assessment.mustache")
        try fm.createDirectory(atPath: config + "/yrdq/templates", withIntermediateDirectories: true)
        try edited.write(toFile: config + "/yrdq/templates/self-assessment.mustache", atomically: true, encoding: .utf8)

        let second = try Self.run(yrdq, ["render", "set", "jiahe", "--format", "md", "--out", "out2"], in: work, environment: environment)
        try #require(second.status == 0, "installed render with a user template failed:\n\(second.stderr)")
        let after = try String(contentsOfFile: "\(work)/out2/\(report)", encoding: .utf8)
        #expect(!before.contains("本局修订模板"))
        #expect(after.contains("现将自评情况报告如下（本局修订模板）。"))
        // The other templates still come from the installation: the other documents are unchanged.
        #expect(try String(contentsOfFile: "\(work)/out2/\(provincial)", encoding: .utf8)
                == String(contentsOfFile: "\(work)/out1/\(provincial)", encoding: .utf8))

        // `yrdq paths` says so.
        let paths2 = try Self.run(yrdq, ["paths"], in: work, environment: environment)
        #expect(paths2.status == 0)
        let lines = paths2.stdout.split(separator: "\n").map(String.init)
        let own = try #require(lines.first { $0.contains("self-assessment.mustache") })
        #expect(own.contains(config + "/yrdq/templates/self-assessment.mustache") && own.contains("（user）"))
        let installed = try #require(lines.first { $0.contains("provincial.mustache") })
        #expect(installed.contains(root + "/usr/share/yrdq/templates/provincial.mustache") && installed.contains("（installed）"))
        #expect(paths2.stdout.contains("指标体系：\(root)/usr/share/yrdq/rubric/yrd-2021.yaml"))

        // Without any resources beside it, the program says what it misses (exit 1), never crashes.
        try fm.createDirectory(atPath: scratch.path("bare/bin"), withIntermediateDirectories: true)
        // Copied by a child `cp`: a copy this process held open for writing would be inherited by
        // children other tests fork meanwhile, and running it would fail with “Text file busy”.
        #expect(try Self.run("/bin/cp", [yrdq, scratch.path("bare/bin/yrdq")]).status == 0)
        let bare = try Self.run(scratch.path("bare/bin/yrdq"), ["score", "jiahe/self-assessment.yaml"], in: work, environment: environment)
        #expect(bare.status == 1)
        #expect(bare.stderr.contains("找不到指标体系文件"))

        // Bash completion completes subcommands and the kinds of render.
        let completion = root + "/usr/share/bash-completion/completions/yrdq"
        let script = """
            shopt -s extglob; source "$1"; complete -p yrdq
            try() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$COMP_LINE"
                    [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=()
                    _yrdq yrdq "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; echo "${COMPREPLY[*]}"; }
            try "yrdq re"; try "yrdq render "; try "yrdq render se"
            """
        let completed = try Self.run("/bin/bash", ["-c", script, "bash", completion]).stdout.split(separator: "\n").map(String.init)
        #expect(completed == ["complete -o filenames -F _yrdq yrdq", "render", "table summary self-assessment provincial set application decision notice", "self-assessment set"])

        // The manual page: generated from the help, Chinese text kept, no groff warnings.
        if let man = Self.which("man") {
            var manEnv = environment
            manEnv["LANG"] = "C.UTF-8"; manEnv["MANWIDTH"] = "80"; manEnv["MAN_KEEP_FORMATTING"] = nil
            let page = try Self.run(man, ["--warnings", "-l", root + "/usr/share/man/man1/yrdq.1.gz"], environment: manEnv)
            #expect(page.status == 0)
            #expect(page.stderr.isEmpty, "groff: \(page.stderr)")
            #expect(page.stdout.contains("yrdq - 长三角质量提升示范试点建设评估"))
            #expect(page.stdout.contains("render"))
            #expect(page.stdout.contains("~/.config/yrdq/templates/"))
        }

        // lintian: no errors (warnings are explained in the README).
        let lintian = try #require(Self.which("lintian"), "lintian is missing (bash scripts/install-deps.sh)")
        let lint = try Self.run(lintian, ["--fail-on", "error", deb])
        #expect(lint.status == 0, "lintian:\n\(lint.stdout)\(lint.stderr)")
        #expect(!lint.stdout.contains("E: "), "lintian:\n\(lint.stdout)")
    }
}
