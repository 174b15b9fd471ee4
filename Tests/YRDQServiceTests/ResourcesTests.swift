import Foundation
import Testing
import YRDQCore
import YRDQService

@Suite("Resources as a value")
struct ResourcesTests {
    @Test("a home folder gives the rubric, the templates and the fonts below it, with the origin it was given")
    func fromAFolder() throws {
        let resources = Resources(home: "/srv/yrdq", origin: .installed)
        #expect(resources.rubric == ResourceFile(path: "/srv/yrdq/rubric/yrd-2021.yaml", origin: .installed))
        #expect(resources.templates == [ResourceFolder(path: "/srv/yrdq/templates", origin: .installed)])
        #expect(resources.fonts == [ResourceFolder(path: "/srv/yrdq/fonts", origin: .installed)])
        let rubric = try Repo.resources.loadRubric()
        #expect(rubric.items.count == 56)
    }

    @Test("nothing found: the command line's messages, when the part is needed")
    func missingParts() throws {
        let none = Resources.lookup(rubric: nil, templates: nil,
                                    in: Home.Surroundings(environment: [:], executable: nil, workingDirectory: "/"))
        #expect(none.rubric == nil && none.templates.isEmpty)
        #expect(throws: InputErrors.self) { try none.loadRubric() }
        do { _ = try none.templateDirectories() } catch {
            #expect(error.diagnostics.map(\.message) == ["找不到模板目录 templates/：请在项目目录中运行，或设置 YRDQ_HOME，或用 --templates 指定"])
        }
    }
}
