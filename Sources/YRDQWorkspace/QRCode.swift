import CQREncode

/// A link as a QR code drawn in SVG (no image file, no script): dark modules as one path.
enum QRCodeSVG {
    static func svg(_ text: String, size: Int = 200) -> String? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let quiet = 4
        let total = width + 2 * quiet
        var path = ""
        for y in 0..<width {
            for x in 0..<width where code.pointee.data[y * width + x] & 1 == 1 {
                path += "M\(x + quiet) \(y + quiet)h1v1h-1z"
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" width=\"\(size)\" height=\"\(size)\" viewBox=\"0 0 \(total) \(total)\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"二维码\"><rect width=\"\(total)\" height=\"\(total)\" fill=\"#fff\"/><path d=\"\(path)\" fill=\"#000\"/></svg>"
    }
}
