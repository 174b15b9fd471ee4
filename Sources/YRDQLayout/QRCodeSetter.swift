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
        drawQRModules(qr, left: geometry.left + (geometry.width - side) / 2, top: geometry.top + y + quiet, module: module)
        y = min(geometry.height, y + side + 2 * quiet)
    }

    /// The dark modules of `qr` with their top left corner at (`left`, `top`), `module` points
    /// a module: one path, filled once.
    func drawQRModules(_ qr: QRCode, left: Double, top: Double, module: Double) {
        cr.save()
        cr.setColor(0, 0, 0)
        for run in qr.darkRuns {
            cr.rectangle(left + Double(run.column) * module, top + Double(run.row) * module,
                            Double(run.length) * module, module)
        }
        cr.fill()
        cr.restore()
    }
}
