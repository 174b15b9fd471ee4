import ArgumentParser
import Foundation
import YRDQCore
import YRDQPDF

/// `yrdq fonts`: for each font role of the PDF writer, the families asked for (fonts/font-roles.conf),
/// the face actually used (family and file) and a warning when it fell back.
struct FontsCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "fonts",
        abstract: "列出 PDF 各字体角色请求的字体、实际使用的字体及是否回退。",
        discussion: "字体配置见 fonts/font-roles.conf；把正版公文字体文件放入 fonts/ 目录（或用户配置目录 ~/.config/yrdq/fonts/）即可使用，无需系统安装。")

    func execute(_ context: Context) throws -> Int32 {
        context.console.out(Self.describe(fontFolders: Home.fontFolders()))
        return 0
    }

    static func describe(fontsDirectory: String?) -> String {
        describe(fontFolders: fontsDirectory.map { [ResourceFolder(path: $0, origin: .option)] } ?? [])
    }

    /// The folders (the first taking precedence file by file), the font-roles.conf that
    /// serves them, then each role.
    static func describe(fontFolders: [ResourceFolder]) -> String {
        var out: [String] = []
        let directories = fontFolders.map(\.path)
        if fontFolders.isEmpty {
            out.append("未找到项目的 fonts/ 目录，使用默认字体配置。")
        }
        for folder in fontFolders {
            out.append("字体目录：\(TerminalText.value(folder.path))　［\(folder.origin.label)］")
        }
        if !fontFolders.isEmpty {
            if let file = FontRoleTable.configurationFile(in: directories),
               let folder = fontFolders.first(where: { FileManager.default.fileExists(atPath: FilePath.join($0.path, FontRoleTable.fileName)) }) {
                out.append("字体配置：\(TerminalText.value(file))　［\(folder.origin.label)］")
            } else {
                out.append("字体配置：各字体目录中均没有 \(FontRoleTable.fileName)，使用默认字体配置。")
            }
        }
        for problem in FontReport.configurationProblems(fontsDirectories: directories) {
            out.append("警告：\(TerminalText.value(problem))")
        }
        for skipped in directories.flatMap({ FontFolder.scan($0).skipped }) {
            out.append("警告：\(TerminalText.value(skipped.path))：\(skipped.reason)，已跳过（字体目录中只应放字体文件）")
        }
        var fallbacks = 0
        for status in FontReport.report(fontsDirectories: directories) {
            let role = status.role
            out.append("")
            out.append("\(role.rawValue)（\(role.officialFace)）")
            out.append("  请求：\(status.requested.map(TerminalText.value).joined(separator: "，"))")
            let face = status.resolvedFamily.isEmpty ? "（未找到）" : TerminalText.value(status.resolvedFamily)
            out.append("  实际：\(face)\(status.file.isEmpty ? "" : "　\(TerminalText.value(status.file))")")
            if status.fellBack {
                fallbacks += 1
                let asked = TerminalText.value(status.requested.first ?? role.officialFace)
                if status.matchedIndex == nil {
                    out.append("  警告：所列字体均未安装，由系统改用 \(face)。")
                } else {
                    out.append("  警告：未找到 \(asked)，回退为 \(face)。")
                }
            }
        }
        out.append("")
        if fallbacks > 0 {
            out.append("共 \(fallbacks) 个角色发生回退。如有正版字体（仿宋_GB2312、方正小标宋简体等），把字体文件复制到 fonts/ 目录即可（已安装的程序：复制到用户配置目录 \(Home.userFontsHint)）。")
        } else {
            out.append("所有角色均使用请求的首选字体。")
        }
        return out.joined(separator: "\n")
    }
}
