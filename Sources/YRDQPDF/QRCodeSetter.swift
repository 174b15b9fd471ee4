import CPangoCairo
import YRDQDocument

extension Typesetter {
    /// A QR code, centred, `qr.size` mm square, with a white quiet zone of four modules.
    /// The dark modules are one path (runs of a row merged) filled once, so no seams show.
    func setQRCode(_ qr: QRCode) {
        let n = qr.modules.count
        guard n > 0 else { return }
        let side = mm(qr.size)
        let module = side / Double(n)
        let quiet = 4 * module
        ensure(side + 2 * quiet)
        let x0 = geometry.left + (geometry.width - side) / 2
        let y0 = geometry.top + y + quiet
        cairo_save(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        for run in qr.darkRuns {
            cairo_rectangle(cr, x0 + Double(run.column) * module, y0 + Double(run.row) * module,
                            Double(run.length) * module, module)
        }
        cairo_fill(cr)
        cairo_restore(cr)
        y = min(geometry.height, y + side + 2 * quiet)
    }
}
