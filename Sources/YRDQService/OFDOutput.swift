import Foundation
import YRDQCore
import YRDQDocument
import YRDQLayout
import YRDQOFD

/// The OFD writer, as the service calls it: the frames the layout made (the same pages the
/// PDF writer draws), written as OFD.
enum OFDOutput {
    /// The OFD and its warning naming any character no installed face has.
    static func render(_ laid: LaidOutDocument, resources: Resources, source: String?) throws(InputErrors) -> (data: Data, warnings: [Diagnostic]) {
        do {
            return (try OFDWriter().render(laid),
                    PDFOutput.missingWarnings(laid.missingCharacters, format: "OFD", resources: resources, source: source))
        } catch {
            throw PDFOutput.failure(error, format: .ofd, source: source)
        }
    }
}
