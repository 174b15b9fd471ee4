#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Decoding of the encodings spreadsheets write: UTF-8 (with or without BOM) and GB18030.
public enum TextDecoding {
    /// Strict UTF-8: nil if any byte sequence is invalid.
    public static func utf8(_ bytes: [UInt8]) -> String? {
        firstInvalidUTF8Offset(bytes) == nil ? String(decoding: bytes, as: UTF8.self) : nil
    }

    public static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The physical line (from 1) of a byte, as an editor counts lines: LF, CRLF and a lone CR
    /// (old Mac files, some spreadsheet exports) each end one.
    public static func line(ofByteOffset offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        let end = min(offset, bytes.count)
        for i in 0..<end where bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) {
            line += 1
        }
        return line
    }

    /// GB18030 (a superset of GBK and GB2312) through the C library's iconv.
    public static func gb18030(_ bytes: [UInt8]) -> String? {
        let cd = iconv_open("UTF-8", "GB18030")
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var written = 0
        let ok: Bool = input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPtr = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outPtr = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outRaw.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                written = outRaw.count - outLeft
                return r != -1 && inLeft == 0
            }
        }
        guard ok else { return nil }
        return utf8(Array(output[..<written]))
    }
}
