import CQREncode
import Foundation
import YRDQCore
import YRDQDocument

/// A QR symbol from libqrencode: error correction M, 8-bit mode for the UTF-8 text
/// (ASCII runs may go into shorter modes; libqrencode chooses).
public struct QRSymbol: Sendable, Equatable {
    public var text: String
    public var version: Int
    /// Modules per side, without the quiet zone.
    public var width: Int
    public var modules: [[Bool]]

    public static func encode(_ text: String) throws(InputErrors) -> QRSymbol {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw InputErrors([Diagnostic(.error, "无法生成二维码（内容 \(text.utf8.count) 字节，超出二维码容量）")])
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        var modules: [[Bool]] = []
        modules.reserveCapacity(width)
        for r in 0..<width {
            modules.append((0..<width).map { c in code.pointee.data[r * width + c] & 1 == 1 })
        }
        return QRSymbol(text: text, version: Int(code.pointee.version), width: width, modules: modules)
    }

    /// The document block, `size` mm a side.
    public func block(size: Double) -> QRCode { QRCode(text: text, modules: modules, size: size) }
}
