import Foundation
import YRDQCore
import YRDQDocument
import YRDQLayout
import YRDQOFD
import YRDQPDF

/// The OFD writer, as the service calls it: the document laid out as frames with the fonts
/// of the resources' font folders (the pages the PDF writer draws too), then written as OFD.
enum OFDOutput {
    static let unavailable = InputErrors([Diagnostic(.error, "OFD 输出尚未可用：排版结果（版面帧）尚未接入，请暂用 pdf 等其他格式；未写入任何文件")])

    /// Called before anything is written, registered or rendered when `--format` names ofd,
    /// so that a run that cannot write its OFD writes nothing. Empty once documents are laid out.
    static func checkAvailable() throws(InputErrors) {
        throw unavailable
    }

    /// Lays a document out as frames: the one place the service gets frames from.
    static func layout(_ document: Document, fonts: PDFFonts?, resources: Resources) throws -> LaidOutDocument {
        throw unavailable
    }

    static func render(_ document: Document, fonts: PDFFonts?, resources: Resources, source: String?) throws(InputErrors) -> Data {
        let laid: LaidOutDocument
        do { laid = try layout(document, fonts: fonts, resources: resources) }
        catch let e as InputErrors { throw e }
        catch { throw InputErrors([Diagnostic(.error, file: source, "无法生成 OFD：\(error.localizedDescription)")]) }
        do { return try OFDWriter().render(laid) }
        catch { throw InputErrors([Diagnostic(.error, file: source, "无法生成 OFD：\(error.localizedDescription)")]) }
    }
}
