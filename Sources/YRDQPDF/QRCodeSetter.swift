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
        for (r, row) in qr.modules.enumerated() {
            var c = 0
            while c < row.count {
                guard row[c] else { c += 1; continue }
                var end = c
                while end < row.count && row[end] { end += 1 }
                cairo_rectangle(cr, x0 + Double(c) * module, y0 + Double(r) * module, Double(end - c) * module, module)
                c = end
            }
        }
        cairo_fill(cr)
        cairo_restore(cr)
        y = min(geometry.height, y + side + 2 * quiet)
    }
}
