import Foundation
import Testing
import YRDQTestSupport
@testable import YRDQLayout
@testable import YRDQPDF

/// Layered fonts/ folders (a user's before the installed one): the first font-roles.conf serves.
@Suite struct FontFolderTests {
    @Test func theFirstFolderWithAConfigurationServesIt() throws {
        let user = try TempDir(), installed = try TempDir()
        defer { user.remove(); installed.remove() }
        try installed.write("font-roles.conf", "title = Installed Face\nbody = Installed Body\n")
        // A user folder without a configuration (font files only): the installed one serves.
        #expect(FontRoleTable.configurationFile(in: [user.path, installed.path]) == installed.path("font-roles.conf"))
        #expect(FontRoleTable.load(fontsDirectories: [user.path, installed.path]).table.families(for: .title) == ["Installed Face"])
        // The user's copy replaces the installed file as a whole (roles it leaves out keep the defaults).
        try user.write("font-roles.conf", "title = User Face\n")
        #expect(FontRoleTable.configurationFile(in: [user.path, installed.path]) == user.path("font-roles.conf"))
        let table = FontRoleTable.load(fontsDirectories: [user.path, installed.path]).table
        #expect(table.families(for: .title) == ["User Face"])
        #expect(table.families(for: .body) == FontRoleTable.defaults.families(for: .body))
        #expect(FontRoleTable.load(fontsDirectories: []).table == FontRoleTable.defaults)
        // The options keep the one-folder form.
        #expect(PDFOptions(fontsDirectory: "/f").fontsDirectories == ["/f"])
        #expect(PDFOptions(fontsDirectories: ["/u", "/i"]).fontsDirectory == "/u")
    }

    @Test func aHugeConfigurationIsNotRead() throws {
        let user = try TempDir()
        defer { user.remove() }
        let conf = user.path("font-roles.conf")
        #expect(FileManager.default.createFile(atPath: conf, contents: Data("title = User Face\n".utf8)))
        #expect(truncate(conf, 2 * 1024 * 1024 * 1024) == 0)
        let (table, problems) = FontRoleTable.load(fontsDirectories: [user.path])
        #expect(table == FontRoleTable.defaults)
        #expect(problems.contains { $0.contains("字体配置文件过大") }, "\(problems)")
    }
}
