import Foundation
import YRDQCore
import YRDQDocument

/// The PDF writer, as the command line calls it.
enum PDFOutput {
    static func render(_ document: Document) throws -> Data {
        throw InputErrors([Diagnostic(.error, "PDF 输出尚未接入")])
    }
}
