import Foundation
import YRDQCore
import YRDQDocument
import YRDQLayout
import YRDQOFD

/// The OFD writer, as the service calls it: the document laid out as frames with the fonts
/// of the resources' font folders (the same pages the PDF writer draws), written as OFD.
enum OFDOutput {
    /// The OFD and its warning naming any character no installed face has.
    static func render(_ document: Document, fonts: PDFFonts?, resources: Resources, source: String?) throws(InputErrors) -> (data: Data, warnings: [Diagnostic]) {
        let laid: LaidOutDocument
        do { laid = try Layout(options: PDFOutput.options(resources)).layout(document, fonts: fonts) }
        catch { throw InputErrors([Diagnostic(.error, file: source, "无法生成 OFD：\(error.localizedDescription)")]) }
        do {
            return (try OFDWriter().render(laid),
                    PDFOutput.missingWarnings(laid.missingCharacters, format: "OFD", resources: resources, source: source))
        } catch {
            throw InputErrors([Diagnostic(.error, file: source, "无法生成 OFD：\(error.localizedDescription)")])
        }
    }
}
