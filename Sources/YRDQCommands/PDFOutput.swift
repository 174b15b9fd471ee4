import Foundation
import YRDQCore
import YRDQDocument
import YRDQPDF

/// The PDF writer, as the command line calls it: fonts from the user's and the project's
/// (or the installed) fonts/, see `Home.fontFolders`.
enum PDFOutput {
    static func options() -> PDFOptions {
        PDFOptions(fontsDirectories: Home.fontFolders().map(\.path))
    }

    /// Warns about what in fonts/ is skipped because it is not a regular file (a named pipe
    /// would block fontconfig for ever): it is not handed to fontconfig.
    static func warnAboutFontFolder(_ console: Console) {
        for folder in options().fontsDirectories {
            for (path, reason) in FontFolder.scan(folder).skipped {
                console.err(Diagnostic(.warning, file: path, "\(reason)，已跳过（字体目录中只应放字体文件）").description)
            }
        }
    }

    /// Starts loading the fonts while the inputs are read.
    static func loadFonts() -> PDFFonts.Loading {
        PDFFonts.loadInBackground(fontsDirectories: options().fontsDirectories)
    }

    /// Whether the fallback note was given in this process (once for a whole `render set`).
    private final class Noted: @unchecked Sendable { let lock = NSLock(); var done = false }
    private static let noted = Noted()

    /// The roles whose official face is not installed, each with the face that serves it, as
    /// one warning (once per process): "标题（小标宋）：未安装 方正小标宋简体，由 Noto Serif CJK SC:bold 代替".
    static func fallbackNote(_ roles: [FontRoleStatus]) -> String? {
        let fallen = roles.filter(\.fellBack)
        guard !fallen.isEmpty else { return nil }
        let parts = fallen.map { status in
            let face = status.resolvedFamily.isEmpty ? "系统字体" : TerminalText.value(status.resolvedFamily)
            return "\(status.role.rawValue)（\(status.role.officialFace)）：未安装 \(TerminalText.value(status.requested.first ?? status.role.officialFace))，由 \(face) 代替"
        }
        return "PDF 未使用公文字体：" + parts.joined(separator: "；")
            + "。把正版字体文件放入 fonts/ 目录（或用户配置目录 \(Home.userFontsHint)）即可，详见 yrdq fonts"
    }

    private static func noteFallback(_ fonts: PDFFonts?, console: Console) {
        noted.lock.lock()
        defer { noted.lock.unlock() }
        guard !noted.done else { return }
        noted.done = true
        let roles = fonts?.roles ?? FontReport.report(fontsDirectories: options().fontsDirectories)
        if let note = fallbackNote(roles) { console.err(Diagnostic(.warning, note).description) }
    }

    /// The PDF; a warning goes to `console` naming any character no installed face has
    /// (drawn as □, kept in the text), with `source` the input it came from.
    static func render(_ document: Document, fonts: PDFFonts? = nil, console: Console, source: String?) throws -> Data {
        do {
            let result = try PDFWriter(options: options()).renderReporting(document, fonts: fonts)
            noteFallback(fonts, console: console)
            if !result.missingCharacters.isEmpty {
                let shown = result.missingCharacters.prefix(20).map { c in
                    "“\(c)”（U+\(c.unicodeScalars.map { String(format: "%04X", $0.value) }.joined(separator: "+"))）"
                }.joined(separator: "、") + (result.missingCharacters.count > 20 ? " 等 \(result.missingCharacters.count) 个" : "")
                console.err(Diagnostic(.warning, file: source,
                                       "没有任何已安装的字体含有这些字符，PDF 中以 □ 代替（文字仍可复制）：\(shown)；"
                                       + "把含有它们的字体文件放入 fonts/ 目录（或用户配置目录 \(Home.userFontsHint)）即可").description)
            }
            return result.data
        } catch {
            throw InputErrors([Diagnostic(.error, "无法生成 PDF：\(error.localizedDescription)")])
        }
    }
}
