import Foundation
import Testing
@testable import YRDQCommands
import YRDQTestSupport

/// Where the resources are looked for: YRDQ_* variables, a checkout, `../share/yrdq/` beside
/// the executable; and the user's config folder, whose templates/ and fonts/ override file by file.
@Suite struct InstallLayoutTests {
    /// A fake installation: DIR/usr/bin/yrdq (path only) and DIR/usr/share/yrdq/{rubric,templates,fonts}
    /// copied from the repository; a working folder DIR/work and a home DIR/home.
    struct Layout {
        let dir: TempDir
        var executable: String { dir.path("usr/bin/yrdq") }
        var share: String { dir.path("usr/share/yrdq") }
        var work: String { dir.path("work") }
        var home: String { dir.path("home") }
        var userTemplates: String { dir.path("home/.config/yrdq/templates") }

        init() throws {
            dir = try TempDir()
            let fm = FileManager.default
            try fm.createDirectory(atPath: dir.path("usr/bin"), withIntermediateDirectories: true)
            try fm.createDirectory(atPath: dir.path("usr/share/yrdq"), withIntermediateDirectories: true)
            for name in ["rubric", "templates", "fonts"] {
                try fm.copyItem(atPath: Repo.root.appendingPathComponent(name).path, toPath: dir.path("usr/share/yrdq/\(name)"))
            }
            try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
            try fm.createDirectory(atPath: home, withIntermediateDirectories: true)
        }

        func surroundings(_ environment: [String: String] = [:]) -> Home.Surroundings {
            Home.Surroundings(environment: ["HOME": home].merging(environment) { $1 }, executable: executable, workingDirectory: work)
        }

        /// One template copied into the user's config folder and edited.
        func overrideTemplate(_ name: String, with text: String) throws {
            try FileManager.default.createDirectory(atPath: userTemplates, withIntermediateDirectories: true)
            try text.write(toFile: userTemplates + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    @Test func theInstalledShareFolderBesideTheExecutableIsFound() throws {
        let layout = try Layout()
        defer { layout.dir.remove() }
        let home = try #require(Home.locate(layout.surroundings()))
        #expect(home == ResourceFolder(path: layout.share, origin: .installed))
        let rubric = try #require(Home.rubric(nil, layout.surroundings()))
        #expect(rubric.path == layout.share + "/rubric/yrd-2021.yaml")
        #expect(rubric.origin == .installed)
        #expect(Home.templateFolders(nil, layout.surroundings()) == [ResourceFolder(path: layout.share + "/templates", origin: .installed)])
        #expect(Home.fontFolders(layout.surroundings()) == [ResourceFolder(path: layout.share + "/fonts", origin: .installed)])
    }

    @Test func aCheckoutAndTheVariablesComeBeforeTheInstalledFolder() throws {
        let layout = try Layout()
        defer { layout.dir.remove() }
        // Run from inside a checkout: the checkout serves (today's behaviour).
        let inCheckout = Home.Surroundings(environment: [:], executable: layout.executable, workingDirectory: Repo.root.appendingPathComponent("samples").path)
        #expect(Home.locate(inCheckout) == ResourceFolder(path: Repo.root.path, origin: .checkout))
        // YRDQ_HOME before both.
        #expect(Home.locate(layout.surroundings(["YRDQ_HOME": "/somewhere"])) == ResourceFolder(path: "/somewhere", origin: .environment))
        // An explicit --rubric, then YRDQ_RUBRIC.
        #expect(Home.rubric("/r.yaml", layout.surroundings(["YRDQ_RUBRIC": "/e.yaml"]))?.origin == .option)
        #expect(Home.rubric(nil, layout.surroundings(["YRDQ_RUBRIC": "/e.yaml"]))?.path == "/e.yaml")
        // Nothing anywhere: no home.
        let nowhere = Home.Surroundings(environment: [:], executable: layout.dir.path("bin/yrdq"), workingDirectory: layout.work)
        #expect(Home.locate(nowhere) == nil)
        #expect(Home.templateFolders(nil, nowhere).isEmpty)
    }

    @Test func theConfigFolderFollowsXDG() {
        func config(_ env: [String: String]) -> String? {
            Home.configDirectory(Home.Surroundings(environment: env, executable: nil, workingDirectory: "/"))
        }
        #expect(config(["HOME": "/home/u"]) == "/home/u/.config/yrdq")
        #expect(config(["HOME": "/home/u", "XDG_CONFIG_HOME": "/cfg"]) == "/cfg/yrdq")
        // The XDG specification: a relative value is ignored.
        #expect(config(["HOME": "/home/u", "XDG_CONFIG_HOME": "cfg"]) == "/home/u/.config/yrdq")
        #expect(config(["HOME": "/home/u", "XDG_CONFIG_HOME": ""]) == "/home/u/.config/yrdq")
        #expect(config([:]) == nil)
    }

    @Test func userTemplatesOverrideTheInstalledOnesFileByFile() throws {
        let layout = try Layout()
        defer { layout.dir.remove() }
        try layout.overrideTemplate("summary.mustache", with: "@p 用户的汇总表\n")
        let folders = Home.templateFolders(nil, layout.surroundings())
        #expect(folders == [ResourceFolder(path: layout.userTemplates, origin: .user),
                            ResourceFolder(path: layout.share + "/templates", origin: .installed)])
        // XDG_CONFIG_HOME moves the config folder: the override is no longer seen.
        #expect(Home.templateFolders(nil, layout.surroundings(["XDG_CONFIG_HOME": layout.dir.path("elsewhere")])).count == 1)
        // An explicit folder is used alone, user folder or not.
        #expect(Home.templateFolders("/t", layout.surroundings()) == [ResourceFolder(path: "/t", origin: .option)])
        #expect(Home.templateFolders(nil, layout.surroundings(["YRDQ_TEMPLATES": "/e"])) == [ResourceFolder(path: "/e", origin: .environment)])

        let (text, complete) = PathsCommand.describe(rubric: nil, templates: nil, layout.surroundings())
        #expect(complete)
        let lines = text.components(separatedBy: "\n")
        let summary = try #require(lines.first { $0.contains("summary.mustache") && !$0.hasSuffix("templates") })
        #expect(summary.contains(layout.userTemplates + "/summary.mustache"))
        #expect(summary.contains("用户配置（user）"))
        for name in ["partial-rules", "provincial", "score-table", "self-assessment"] {
            let line = try #require(lines.first { $0.contains("\(name).mustache") }, "\(name) missing in:\n\(text)")
            #expect(line.contains(layout.share + "/templates/\(name).mustache"))
            #expect(line.contains("安装目录（installed）"))
        }
        #expect(text.contains("指标体系：\(layout.share)/rubric/yrd-2021.yaml"))
        #expect(text.contains("用户配置目录：\(layout.home)/.config/yrdq"))
        #expect(text.contains("字体配置：\(layout.share)/fonts/font-roles.conf"))
    }

    @Test func userFontsComeFirstAndTheirConfigurationServes() throws {
        let layout = try Layout()
        defer { layout.dir.remove() }
        let userFonts = layout.home + "/.config/yrdq/fonts"
        try FileManager.default.createDirectory(atPath: userFonts, withIntermediateDirectories: true)
        // An empty user fonts/ folder: font files may go there, the installed configuration still serves.
        #expect(Home.fontFolders(layout.surroundings()).map(\.origin) == [.user, .installed])
        var (text, _) = PathsCommand.describe(rubric: nil, templates: nil, layout.surroundings())
        #expect(text.contains("字体配置：\(layout.share)/fonts/font-roles.conf　［安装目录（installed）］"))
        try "title = 方正小标宋简体\n".write(toFile: userFonts + "/font-roles.conf", atomically: true, encoding: .utf8)
        (text, _) = PathsCommand.describe(rubric: nil, templates: nil, layout.surroundings())
        #expect(text.contains("字体配置：\(userFonts)/font-roles.conf　［用户配置（user）］"))
        let fonts = FontsCommand.describe(fontFolders: Home.fontFolders(layout.surroundings()))
        #expect(fonts.contains("字体目录：\(userFonts)　［用户配置（user）］"))
        #expect(fonts.contains("字体配置：\(userFonts)/font-roles.conf　［用户配置（user）］"))
        #expect(fonts.contains("请求：方正小标宋简体\n"))
    }

    @Test func pathsSaysWhatIsMissingAndFails() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let nowhere = Home.Surroundings(environment: ["HOME": dir.path], executable: dir.path("bin/yrdq"), workingDirectory: dir.path)
        let (text, complete) = PathsCommand.describe(rubric: nil, templates: nil, nowhere)
        #expect(!complete)
        #expect(text.contains("指标体系：未找到 rubric/yrd-2021.yaml"))
        #expect(text.contains("模板：未找到模板目录 templates/"))
        // In the checkout, `yrdq paths` lists the checkout's files and exits 0.
        let run = yrdq(["paths"])
        #expect(run.code == 0)
        #expect(run.stdout.contains("项目目录（checkout）"))
    }
}
