import Foundation
import YRDQCore
import YRDQDocument
import YRDQPDF

/// The PDF writer, as the command line calls it: fonts from the project's fonts/.
enum PDFOutput {
    static func options() -> PDFOptions {
        PDFOptions(fontsDirectory: Home.find().map { ($0 as NSString).appendingPathComponent("fonts") })
    }

    /// Starts loading the fonts while the inputs are read.
    static func loadFonts() -> PDFFonts.Loading {
        PDFFonts.loadInBackground(fontsDirectory: options().fontsDirectory)
    }

    static func render(_ document: Document, fonts: PDFFonts? = nil) throws -> Data {
        do {
            return try PDFWriter(options: options()).render(document, fonts: fonts)
        } catch {
            throw InputErrors([Diagnostic(.error, "无法生成 PDF：\(error.localizedDescription)")])
        }
    }
}
