import Foundation
import Mustache

/// The web templates in `templates/web/` (Mustache, HTML-escaped by default: every value a
/// user typed reaches the page as text), read once at start.
public struct WorkspacePages: Sendable {
    let library: MustacheLibrary
    /// The static files served from the app (`/static/NAME`): the style sheet and the one
    /// progressive script (no inline script anywhere, no CDN).
    let assets: [String: (bytes: [UInt8], type: String)]

    public struct LoadError: Error, CustomStringConvertible { public var description: String }

    public static let required = ["home", "chair-signin", "chair", "evaluation", "link", "events", "sheet", "message"]

    public init(directory: String) throws {
        var library = MustacheLibrary()
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else {
            throw LoadError(description: "找不到网页模板目录 \(directory)")
        }
        var assets: [String: (bytes: [UInt8], type: String)] = [:]
        for name in names.sorted() {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = fm.contents(atPath: path) else { continue }
            if name.hasSuffix(".mustache") {
                guard let text = String(data: data, encoding: .utf8) else { throw LoadError(description: "无法读取模板 \(path)（应为 UTF-8 文本）") }
                do { try library.register(text, named: String(name.dropLast(".mustache".count))) }
                catch { throw LoadError(description: "模板 \(path) 有语法错误：\(error)") }
            } else if name.hasSuffix(".css") {
                assets[name] = ([UInt8](data), "text/css; charset=utf-8")
            } else if name.hasSuffix(".js") {
                assets[name] = ([UInt8](data), "text/javascript; charset=utf-8")
            }
        }
        for name in Self.required where library.getTemplate(named: name) == nil {
            throw LoadError(description: "网页模板目录 \(directory) 缺少 \(name).mustache")
        }
        self.library = library
        self.assets = assets
    }

    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}
