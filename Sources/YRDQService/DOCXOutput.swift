import Foundation
import YRDQCore
import YRDQDocument
import YRDQDOCX

/// The DOCX writer, as the service calls it.
enum DOCXOutput {
    static func render(_ document: Document) throws(InputErrors) -> Data {
        do { return try DOCXWriter().render(document) }
        catch { throw InputErrors([Diagnostic(.error, "无法生成 DOCX：\(error.localizedDescription)")]) }
    }
}
