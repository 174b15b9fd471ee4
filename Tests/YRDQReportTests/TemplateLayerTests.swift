import Foundation
import Testing
import YRDQTestSupport
import YRDQDocument
@testable import YRDQReports

/// Layered template folders: a user's copy of one template before the installed set, file by file.
@Suite struct TemplateLayerTests {
    /// A fresh folder with `files` written into it.
    func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yrdq-templates-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func theFirstFolderServesEachNameItHasTheRestComeFromBehind() throws {
        let user = try folder(["partial-rules.mustache": "@note 用户改写的说明\n"])
        defer { try? FileManager.default.removeItem(atPath: user) }
        let set = try TemplateSet(directories: [user, root + "/templates"])
        let files = try TemplateSet.files(in: [user, root + "/templates"])
        #expect(files.map(\.name) == ["application.mustache", "decision.mustache", "notice.mustache",
                                      "partial-rules.mustache", "provincial.mustache", "score-table.mustache",
                                      "self-assessment.mustache", "summary.mustache"])
        #expect(files.map(\.folder) == [1, 1, 1, 0, 1, 1, 1, 1])
        // The installed self-assessment template includes the partial: the user's copy is used.
        let s = sheet(pilot: profile)
        let layered = allText(try ReportBuilder(rubric: rubric, templates: set).selfAssessment(s, engine.score(s)).document)
        let installed = allText(try builder.selfAssessment(s, engine.score(s)).document)
        #expect(installed.contains("计分说明"))
        #expect(!layered.contains("计分说明"))
        #expect(layered.contains("用户改写的说明"))
        #expect(!installed.contains("用户改写的说明"))
        #expect(set.directory == user + "、" + root + "/templates")
    }

    @Test func aNamedPipeAmongTheTemplatesIsRefusedWithoutBlocking() throws {
        let user = try folder([:])
        defer { try? FileManager.default.removeItem(atPath: user) }
        #expect(mkfifo(user + "/summary.mustache", 0o644) == 0)
        #expect {
            try TemplateSet(directories: [user, root + "/templates"])
        } throws: { error in
            "\(error)".contains("\(user)/summary.mustache: 错误: 这是一个命名管道，不是普通文件")
        }
    }

    @Test func aHugeTemplateIsRefusedByItsSizeAnEmptyOneIsATemplate() throws {
        let user = try folder(["partial-rules.mustache": ""])
        defer { try? FileManager.default.removeItem(atPath: user) }
        _ = try TemplateSet(directories: [user, root + "/templates"])
        // A sparse file of 2 GB: refused after reading at most the cap, not read into memory.
        let huge = user + "/summary.mustache"
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        #expect(truncate(huge, 2 * 1024 * 1024 * 1024) == 0)
        let start = Date()
        #expect {
            try TemplateSet(directories: [user, root + "/templates"])
        } throws: { error in
            "\(error)".contains("\(user)/summary.mustache: 错误: 文件过大")
        }
        #expect(Date().timeIntervalSince(start) < hangGuardSeconds)
    }

    @Test func aMissingFolderIsNamed() throws {
        #expect {
            try TemplateSet(directories: ["/nonexistent/yrdq-templates", root + "/templates"])
        } throws: { error in
            "\(error)" == "找不到模板目录 /nonexistent/yrdq-templates"
        }
    }
}
