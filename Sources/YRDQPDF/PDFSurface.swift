import CPangoCairo
import Foundation
import YRDQDocument
import YRDQLayout

/// Collects the bytes cairo writes.
final class ByteSink {
    var data = Data()
}

/// A cairo PDF surface writing into memory, with its drawing context.
final class PDFSurface {
    let surface: OpaquePointer
    let cr: OpaquePointer
    private let sink: ByteSink
    private let sinkPointer: UnsafeMutableRawPointer

    init() {
        let sink = ByteSink()
        self.sink = sink
        sinkPointer = Unmanaged.passRetained(sink).toOpaque()
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        // A4 portrait; each page sets its own size before it is drawn.
        surface = cairo_pdf_surface_create_for_stream(write, sinkPointer, 210 * 72 / 25.4, 297 * 72 / 25.4)
        cr = cairo_create(surface)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
        Unmanaged<ByteSink>.fromOpaque(sinkPointer).release()
    }

    func setMetadata(_ metadata: Metadata) {
        func set(_ key: cairo_pdf_metadata_t, _ value: String) {
            guard !value.isEmpty else { return }
            cairo_pdf_surface_set_metadata(surface, key, value)
        }
        set(CAIRO_PDF_METADATA_TITLE, metadata.title)
        set(CAIRO_PDF_METADATA_AUTHOR, metadata.author)
        set(CAIRO_PDF_METADATA_SUBJECT, metadata.subject)
        set(CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords.joined(separator: ", "))
        set(CAIRO_PDF_METADATA_CREATOR, "yrdq")
        if let date = metadata.date {
            // The document's own date, so that the same input gives the same bytes.
            let stamp = "\(date.iso)T00:00:00"
            set(CAIRO_PDF_METADATA_CREATE_DATE, stamp)
            set(CAIRO_PDF_METADATA_MOD_DATE, stamp)
        } else {
            // No date of its own (a blank table): no creation date at all, rather than the
            // clock's, which would make every run's bytes differ.
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "")
        }
    }

    /// Adds an outline entry pointing at a page (1-based) and a point on it; returns its id.
    func addOutline(parent: Int32, title: String, page: Int, x: Double, y: Double) -> Int32 {
        let link = String(format: "page=%d pos=[%.2f %.2f]", page, x, y)
        return cairo_pdf_surface_add_outline(surface, parent, title, link, CAIRO_PDF_OUTLINE_FLAG_OPEN)
    }

    /// Finishes the file; the bytes, or the error cairo reports.
    func finish() throws -> Data {
        let drawing = cairo_status(cr)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        for s in [drawing, status] where s != CAIRO_STATUS_SUCCESS {
            throw PDFError.cairo(String(cString: cairo_status_to_string(s)))
        }
        return sink.data
    }
}
