import Foundation
import YRDQCore
import YRDQDocument
import YRDQLayout
import YRDQOFD
import YRDQPDF

/// Lays a document out as frames, the pages the PDF and OFD writers both draw: the one place
/// the command line gets frames from. Until the typesetter yields frames it refuses.
func layoutDocument(_ document: Document, fonts: PDFFonts?) throws -> LaidOutDocument {
    throw OFDOutput.unavailable
}

/// The OFD writer, as the command line calls it.
enum OFDOutput {
    static let unavailable = InputErrors([Diagnostic(.error, "OFD 输出尚未可用：排版结果（版面帧）尚未接入，请暂用 pdf 等其他格式；未写入任何文件")])

    /// Called before anything is written, registered or rendered when `--format` names ofd,
    /// so that a run that cannot write its OFD writes nothing (and a certificate is not issued
    /// without its files). Empty once `layoutDocument` lays documents out.
    static func checkAvailable() throws(InputErrors) {
        throw unavailable
    }

    static func render(_ document: Document, fonts: PDFFonts?, source: String?) throws -> Data {
        let laid = try layoutDocument(document, fonts: fonts)
        do { return try OFDWriter().render(laid) }
        catch { throw InputErrors([Diagnostic(.error, file: source, "无法生成 OFD：\(error.localizedDescription)")]) }
    }
}
