import Foundation
import YRDQCore
import YRDQInput
import YRDQReports

/// A resource file and where it comes from (the rubric).
public struct ResourceFile: Sendable, Equatable {
    public var path: String
    public var origin: ResourceOrigin
    public init(path: String, origin: ResourceOrigin) { self.path = path; self.origin = origin }
}

/// What rendering and scoring read besides their inputs: the rubric, the template folders and
/// the font folders, each with where it comes from. A value: the command line makes one by
/// `Home`'s lookup in its surroundings (`Resources.lookup`), a server from the folder it is
/// given (`Resources(home:)`); the service never looks at the running process itself.
/// A missing part is reported when it is needed (the rubric by every command, the templates
/// only by rendering), with the command line's message.
public struct Resources: Sendable, Equatable {
    /// nil: none was found.
    public var rubric: ResourceFile?
    /// The first taking precedence file by file; empty: none was found.
    public var templates: [ResourceFolder]
    /// The first taking precedence file by file (font-roles.conf, font files).
    public var fonts: [ResourceFolder]
    /// Where a user puts font files of their own, as messages name it.
    public var userFontsHint: String

    public static let defaultUserFontsHint = "~/.config/yrdq/fonts/"

    public init(rubric: ResourceFile?, templates: [ResourceFolder], fonts: [ResourceFolder],
                userFontsHint: String = Resources.defaultUserFontsHint) {
        self.rubric = rubric; self.templates = templates; self.fonts = fonts; self.userFontsHint = userFontsHint
    }

    /// The resources of one folder laid out as the project's (rubric/yrd-2021.yaml, templates/,
    /// fonts/): what a server is started with.
    public init(home: String, origin: ResourceOrigin = .option) {
        self.init(rubric: ResourceFile(path: FilePath.join(home, Home.defaultRubric), origin: origin),
                  templates: [ResourceFolder(path: FilePath.join(home, Home.templatesFolder), origin: origin)],
                  fonts: [ResourceFolder(path: FilePath.join(home, Home.fontsFolder), origin: origin)])
    }

    /// As the command line finds them in `surroundings` (see `Home`): an explicit rubric and
    /// template folder (command-line options) before the variables, the user's and the home's.
    public static func lookup(rubric explicitRubric: String?, templates explicitTemplates: String?,
                              in surroundings: Home.Surroundings) -> Resources {
        Resources(rubric: Home.rubric(explicitRubric, surroundings).map { ResourceFile(path: $0.path, origin: $0.origin) },
                  templates: Home.templateFolders(explicitTemplates, surroundings),
                  fonts: Home.fontFolders(surroundings),
                  userFontsHint: Home.configDirectory(surroundings).map { FilePath.join($0, Home.fontsFolder) + "/" } ?? defaultUserFontsHint)
    }

    /// The rubric's path, or the message that none was found.
    public func rubricPath() throws(InputErrors) -> String {
        guard let rubric else {
            throw InputErrors([Diagnostic(.error, "找不到指标体系文件 \(Home.defaultRubric)：请在项目目录中运行，或设置 YRDQ_HOME 为项目目录，或用 --rubric 指定")])
        }
        return rubric.path
    }

    /// The rubric, read and checked.
    public func loadRubric() throws(InputErrors) -> Rubric {
        try RubricReader.load(path: rubricPath())
    }

    /// The template folders' paths, or the message that none was found.
    public func templateDirectories() throws(InputErrors) -> [String] {
        if templates.isEmpty {
            throw InputErrors([Diagnostic(.error, "找不到模板目录 templates/：请在项目目录中运行，或设置 YRDQ_HOME，或用 --templates 指定")])
        }
        return templates.map(\.path)
    }

    /// The templates, compiled.
    public func loadTemplates() throws(InputErrors) -> TemplateSet {
        let directories = try templateDirectories()
        do { return try TemplateSet(directories: directories) }
        catch let e as InputErrors { throw e }
        catch { throw InputErrors([Diagnostic(file: directories.joined(separator: "、"), "\(error)")]) }
    }

    /// The font folders' paths, for the PDF writer.
    public var fontDirectories: [String] { fonts.map(\.path) }
}
