import Foundation
import YRDQCore
import YRDQDocument
import YRDQDOCX

/// The DOCX writer, as the command line calls it.
enum DOCXOutput {
    static func render(_ document: Document) throws -> Data {
        do { return try DOCXWriter().render(document) }
        catch { throw InputErrors([Diagnostic(.error, "无法生成 DOCX：\(error.localizedDescription)")]) }
    }
}
