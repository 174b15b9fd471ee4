import ArgumentParser
import Foundation
import YRDQCore
import YRDQPDF
import YRDQReports

/// `yrdq paths`: which file serves each resource (the rubric, each template, the fonts
/// folders and font-roles.conf) and where it comes from, and the user's config folder.
struct PathsCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "列出指标体系、各模板、字体目录和用户配置目录实际使用的文件及其来源。",
        discussion: """
        查找顺序：--rubric/--templates 选项与 YRDQ_HOME、YRDQ_RUBRIC、YRDQ_TEMPLATES、YRDQ_FONTS 环境变量；\
        程序所在或当前所在的项目目录；程序旁的 ../share/yrdq/（安装目录）。\
        用户配置目录 $XDG_CONFIG_HOME/yrdq/（默认 ~/.config/yrdq/）中的 templates/ 与 fonts/ 按文件覆盖项目或安装目录中的同名文件。
        """)

    @Option(name: .long, help: "模板目录（同 render --templates）") var templates: String?
    @OptionGroup var options: RubricOption

    func execute(_ context: Context) throws -> Int32 {
        let (text, complete) = Self.describe(rubric: options.rubric, templates: templates)
        context.console.out(text)
        return complete ? 0 : 1
    }

    /// The listing, and whether the rubric and the templates were found.
    static func describe(rubric explicitRubric: String?, templates explicitTemplates: String?,
                         _ s: Home.Surroundings = .current) -> (text: String, complete: Bool) {
        let fm = FileManager.default
        var out: [String] = []
        var complete = true
        func exists(_ path: String) -> Bool { fm.fileExists(atPath: path) }

        if let config = Home.configDirectory(s) {
            out.append("用户配置目录：\(TerminalText.value(config))\(exists(config) ? "" : "（尚不存在）")")
            out.append("  其中 templates/ 与 fonts/ 下的文件按文件名覆盖下列同名文件")
        } else {
            out.append("用户配置目录：无（未设置 HOME 或 XDG_CONFIG_HOME）")
        }
        if let home = Home.locate(s) {
            out.append("资源目录：\(TerminalText.value(home.path))　［\(home.origin.label)］")
        } else {
            out.append("资源目录：未找到（不在项目目录中，程序旁也没有 \(Home.installedFolder)/）")
        }

        out.append("")
        if let rubric = Home.rubric(explicitRubric, s) {
            out.append("指标体系：\(TerminalText.value(rubric.path))　［\(rubric.origin.label)］\(exists(rubric.path) ? "" : "（文件不存在）")")
            if !exists(rubric.path) { complete = false }
        } else {
            out.append("指标体系：未找到 \(Home.defaultRubric)（可设置 YRDQ_HOME，或用 --rubric 指定）")
            complete = false
        }

        out.append("")
        let templateFolders = Home.templateFolders(explicitTemplates, s)
        if templateFolders.isEmpty {
            out.append("模板：未找到模板目录 templates/（可设置 YRDQ_HOME，或用 --templates 指定）")
            complete = false
        } else {
            out.append("模板目录：")
            for folder in templateFolders { out.append("  \(TerminalText.value(folder.path))　［\(folder.origin.label)］") }
            do {
                let files = try TemplateSet.files(in: templateFolders.map(\.path))
                out.append("模板：")
                let width = files.map { $0.name.count }.max() ?? 0
                for file in files {
                    let pad = String(repeating: " ", count: width - file.name.count)
                    out.append("  \(TerminalText.value(file.name))\(pad)  \(TerminalText.value(file.path))　［\(templateFolders[file.folder].origin.label)］")
                }
            } catch {
                out.append("模板：\(error)")
                complete = false
            }
        }

        out.append("")
        let fontFolders = Home.fontFolders(s)
        if fontFolders.isEmpty {
            out.append("字体目录：无（使用默认字体配置与系统字体）")
        } else {
            out.append("字体目录：")
            for folder in fontFolders {
                out.append("  \(TerminalText.value(folder.path))　［\(folder.origin.label)］\(exists(folder.path) ? "" : "（目录不存在）")")
            }
        }
        if let folder = fontFolders.first(where: { exists(FilePath.join($0.path, FontRoleTable.fileName)) }) {
            out.append("字体配置：\(TerminalText.value(FilePath.join(folder.path, FontRoleTable.fileName)))　［\(folder.origin.label)］")
        } else {
            out.append("字体配置：没有 \(FontRoleTable.fileName)，使用默认字体配置")
        }
        return (out.joined(separator: "\n"), complete)
    }
}
