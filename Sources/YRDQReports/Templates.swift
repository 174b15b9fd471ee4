import Foundation
import Mustache
import YRDQCore
import YRDQDocument

/// Mustache content type for the markup: user text is escaped so that it stays text.
struct MarkupContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { Markup.escape(text) }
}

/// The templates in templates/: one per document (`NAME.mustache`) and shared partials.
public struct TemplateSet: Sendable {
    let library: MustacheLibrary
    public let directory: String

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(directory: String) throws {
        MustacheContentTypes.register(MarkupContentType(), named: "YRDQ")
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else {
            throw LoadError(description: "找不到模板目录 \(directory)")
        }
        var library = MustacheLibrary()
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let path = (directory as NSString).appendingPathComponent(name)
            // Through the one check of a named file: a pipe or a device among the templates is refused at once.
            try RegularFile.check(path, what: "模板")
            guard let data = fm.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw LoadError(description: "无法读取模板 \(path)（应为 UTF-8 文本）")
            }
            do {
                try library.register("{{% CONTENT_TYPE: YRDQ}}" + text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw LoadError(description: "模板 \(path) 有语法错误：\(error)")
            }
        }
        self.library = library
        self.directory = directory
    }

    /// Drops empty strings and empty lists, so that `{{#value}}…{{/value}}` shows only
    /// when there is something to show (Mustache treats "" as true).
    static func prune(_ value: Any) -> Any {
        if let dict = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (k, v) in dict {
                if let s = v as? String, s.isEmpty { continue }
                if let a = v as? [Any], a.isEmpty { continue }
                out[k] = prune(v)
            }
            return out
        }
        if let array = value as? [Any] { return array.map(prune) }
        return value
    }

    /// Renders template `name` with `context` and parses the result into a document.
    public func document(_ name: String, context: [String: Any], tables: [String: Table], metadata: Metadata,
                         orientation: Orientation = .portrait, seal: String?) throws -> Document {
        guard let text = library.render(Self.prune(context), withTemplate: name) else {
            throw LoadError(description: "模板目录 \(directory) 中缺少 \(name).mustache")
        }
        let parts = try Markup.parse(text, template: "\(name).mustache", tables: tables, seal: seal)
        return Document(metadata: metadata, orientation: orientation, cover: parts.cover, body: parts.body, attachments: parts.attachments)
    }
}
