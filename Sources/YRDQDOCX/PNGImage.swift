import Foundation
import YRDQDocument

/// PNG images for the package: a QR code drawn from its modules (black on white, with the
/// four-module quiet zone), and the size of a PNG the user supplies (a seal).
enum PNGImage {
    /// Pixels per module: sharp when printed at the QR code's size.
    static let pixelsPerModule = 8

    /// A one-bit greyscale PNG of the QR code with its quiet zone; deterministic bytes.
    static func qrCode(_ qr: QRCode) -> Data {
        let quiet = 4
        let n = qr.modules.count
        let side = (n + 2 * quiet) * pixelsPerModule
        let rowBytes = (side + 7) / 8
        var raw = [UInt8]()
        raw.reserveCapacity(side * (rowBytes + 1))
        for y in 0..<side {
            raw.append(0)  // filter: none
            let moduleRow = y / pixelsPerModule - quiet
            var row = [UInt8](repeating: 0xFF, count: rowBytes)
            if moduleRow >= 0 && moduleRow < n {
                let modules = qr.modules[moduleRow]
                for x in 0..<side {
                    let column = x / pixelsPerModule - quiet
                    if column >= 0, column < modules.count, modules[column] {
                        row[x / 8] &= ~(0x80 >> UInt8(x % 8))
                    }
                }
            }
            raw += row
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var ihdr = bigEndian(UInt32(side)) + bigEndian(UInt32(side))
        ihdr += [1, 0, 0, 0, 0]  // bit depth 1, greyscale, deflate, no filter, no interlace
        chunk("IHDR", ihdr, into: &png)
        chunk("IDAT", zlibStored(raw), into: &png)
        chunk("IEND", [], into: &png)
        return Data(png)
    }

    /// Width and height of a PNG, from its header; nil when the bytes are not a PNG.
    static func size(_ data: Data) -> (width: Int, height: Int)? {
        let b = [UInt8](data.prefix(24))
        guard b.count == 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
              b[12...15].elementsEqual(Array("IHDR".utf8)) else { return nil }
        func int(_ i: Int) -> Int { b[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        let width = int(16), height = int(20)
        guard width > 0, height > 0 else { return nil }
        return (width, height)
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    private static func chunk(_ type: String, _ data: [UInt8], into png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(data.count))
        png += typeBytes
        png += data
        png += bigEndian(crc32(typeBytes + data))
    }

    /// A zlib stream of stored (uncompressed) deflate blocks; the zip compresses the part.
    private static func zlibStored(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let end = min(raw.count, start + 65535)
            let length = UInt16(end - start)
            out.append(end == raw.count ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            out += raw[start..<end]
            start = end
        } while start < raw.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        return out + bigEndian(b << 16 | a)
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFFFFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFFFFFF
    }
}
