import Foundation
import YRDQCore
import YRDQDocument
import YRDQXLSX

/// The tables' XLSX export, as the service calls it.
enum XLSXOutput {
    static func workbook(_ document: Document) throws(InputErrors) -> Data {
        do { return Data(try XLSXTableWriter.workbook(document)) }
        catch { throw InputErrors([Diagnostic(.error, "无法生成 XLSX：\(error.description)")]) }
    }
}
