import Foundation
import Mustache
import YRDQCore
import YRDQDocument

/// Mustache content type for the markup: user text is escaped so that it stays text.
struct MarkupContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { Markup.escape(text) }
}

/// The templates in templates/: one per document (`NAME.mustache`) and shared partials.
/// Several folders may be layered (a user's copies before the installed ones): for each
/// name the first folder that has the file serves it.
public struct TemplateSet: Sendable {
    let library: MustacheLibrary
    /// The folders, in the order of precedence, as messages name them.
    public let directory: String
    public let directories: [String]

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// One template and the folder (index into the folders given) that serves it.
    public struct File: Sendable, Equatable {
        public var name: String
        public var path: String
        public var folder: Int
    }

    /// The `*.mustache` files of `directories`, by name; for a name in several folders,
    /// the first folder's file.
    public static func files(in directories: [String]) throws -> [File] {
        let fm = FileManager.default
        var files: [String: File] = [:]
        for (index, directory) in directories.enumerated() {
            guard let names = try? fm.contentsOfDirectory(atPath: directory) else {
                throw LoadError(description: "找不到模板目录 \(directory)")
            }
            for name in names where name.hasSuffix(".mustache") && files[name] == nil {
                files[name] = File(name: name, path: (directory as NSString).appendingPathComponent(name), folder: index)
            }
        }
        return files.values.sorted { $0.name < $1.name }
    }

    public init(directory: String) throws { try self.init(directories: [directory]) }

    /// The most one template may take (1 MiB).
    public static let maximumBytes = 1024 * 1024

    public init(directories: [String]) throws {
        MustacheContentTypes.register(MarkupContentType(), named: "YRDQ")
        var library = MustacheLibrary()
        for file in try Self.files(in: directories) {
            let path = file.path
            // Through the one check of a named file: a pipe or a device among the templates is refused at once.
            try RegularFile.check(path, what: "模板")
            // Read through the same cap as every input: a template is a few KB, never gigabytes.
            var bytes: [UInt8] = []
            do {
                bytes = try RegularFile.bytes(at: path, maximumBytes: Self.maximumBytes)
            } catch {
                // An empty template (a section left out on purpose) is a template.
                if error.diagnostics.first?.message != "文件是空的" { throw error }
            }
            guard let text = String(bytes: bytes, encoding: .utf8) else {
                throw LoadError(description: "无法读取模板 \(path)（应为 UTF-8 文本）")
            }
            do {
                try library.register("{{% CONTENT_TYPE: YRDQ}}" + text, named: String(file.name.dropLast(".mustache".count)))
            } catch {
                throw LoadError(description: "模板 \(path) 有语法错误：\(error)")
            }
        }
        self.library = library
        self.directories = directories
        self.directory = directories.joined(separator: "、")
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
