import Foundation
import YRDQCore
import YRDQDocument
import YRDQPDF

/// The PDF writer, as the service calls it: fonts from the resources' font folders (the
/// user's and the project's or the installed fonts/, see `Home.fontFolders`).
enum PDFOutput {
    static func options(_ resources: Resources) -> PDFOptions {
        PDFOptions(fontsDirectories: resources.fontDirectories)
    }

    /// What in fonts/ is skipped because it is not a regular file (a named pipe would block
    /// fontconfig for ever): it is not handed to fontconfig.
    static func fontFolderWarnings(_ resources: Resources) -> [Diagnostic] {
        options(resources).fontsDirectories.flatMap { folder in
            FontFolder.scan(folder).skipped.map { path, reason in
                Diagnostic(.warning, file: path, "\(reason)，已跳过（字体目录中只应放字体文件）")
            }
        }
    }

    /// Starts loading the fonts while the inputs are read.
    static func loadFonts(_ resources: Resources) -> PDFFonts.Loading {
        PDFFonts.loadInBackground(fontsDirectories: options(resources).fontsDirectories)
    }

    /// The roles whose official face is not installed, each with the face that serves it, as
    /// one warning: "标题（小标宋）：未安装 方正小标宋简体，由 Noto Serif CJK SC:bold 代替".
    static func fallbackNote(_ roles: [FontRoleStatus], userFontsHint: String, format: String = "PDF") -> String? {
        let fallen = roles.filter(\.fellBack)
        guard !fallen.isEmpty else { return nil }
        let parts = fallen.map { status in
            let face = status.resolvedFamily.isEmpty ? "系统字体" : TerminalText.value(status.resolvedFamily)
            return "\(status.role.rawValue)（\(status.role.officialFace)）：未安装 \(TerminalText.value(status.requested.first ?? status.role.officialFace))，由 \(face) 代替"
        }
        return "\(format) 未使用公文字体：" + parts.joined(separator: "；")
            + "。把正版字体文件放入 fonts/ 目录（或用户配置目录 \(userFontsHint)）即可，详见 yrdq fonts"
    }

    /// The PDF and its warning naming any character no installed face has (drawn as □, kept
    /// in the text), with `source` the input it came from.
    static func render(_ laid: LaidOutDocument, resources: Resources, source: String?) throws(InputErrors) -> (data: Data, warnings: [Diagnostic]) {
        do {
            let data = try PDFWriter(options: options(resources)).render(laid)
            return (data, missingWarnings(laid.missingCharacters, format: "PDF", resources: resources, source: source))
        } catch {
            throw failure(error, format: .pdf, source: source)
        }
    }

    /// The document laid out as frames with the resources' fonts: the pages the PDF and the OFD
    /// writers both draw. A failure is reported as the `format` asked for ("无法生成 PDF：…").
    static func layout(_ document: Document, fonts: PDFFonts?, resources: Resources, format: OutputFormat, source: String?) throws(InputErrors) -> LaidOutDocument {
        do { return try Layout(options: options(resources)).layout(document, fonts: fonts) }
        catch { throw failure(error, format: format, source: source) }
    }

    /// "无法生成 PDF：…" (as the PDF writer has always said it, without a file) or "无法生成 OFD：…"
    /// naming the input.
    static func failure(_ error: Error, format: OutputFormat, source: String?) -> InputErrors {
        format == .ofd ? InputErrors([Diagnostic(.error, file: source, "无法生成 OFD：\(error.localizedDescription)")])
            : InputErrors([Diagnostic(.error, "无法生成 PDF：\(error.localizedDescription)")])
    }

    /// The warning naming the characters no installed face has (drawn as □, kept in the
    /// text) in a PDF or OFD, with `source` the input they came from.
    static func missingWarnings(_ missing: [String], format: String, resources: Resources, source: String?) -> [Diagnostic] {
        guard !missing.isEmpty else { return [] }
        let shown = missing.prefix(20).map { c in
            "“\(c)”（U+\(c.unicodeScalars.map { String(format: "%04X", $0.value) }.joined(separator: "+"))）"
        }.joined(separator: "、") + (missing.count > 20 ? " 等 \(missing.count) 个" : "")
        return [Diagnostic(.warning, file: source,
                           "没有任何已安装的字体含有这些字符，\(format) 中以 □ 代替（文字仍可复制）：\(shown)；"
                           + "把含有它们的字体文件放入 fonts/ 目录（或用户配置目录 \(resources.userFontsHint)）即可")]
    }
}
