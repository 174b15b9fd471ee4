import Foundation
import YRDQCore

/// Reads an input file's text, refusing what is not a readable, reasonably sized text file.
public enum InputFile {
    /// Inputs are typed by hand; nothing legitimate comes near this size.
    public static let maximumBytes = 8 * 1024 * 1024

    /// The file's bytes, or a diagnostic naming the file and what is wrong (see `RegularFile`).
    public static func bytes(at path: String) throws(InputErrors) -> [UInt8] {
        try RegularFile.bytes(at: path, maximumBytes: maximumBytes)
    }

    /// The file as UTF-8 text (a byte-order mark is dropped).
    public static func utf8Text(at path: String) throws(InputErrors) -> String {
        try utf8Text(bytes: bytes(at: path), source: path)
    }

    /// Bytes as UTF-8 text (a byte-order mark is dropped); `path` names them in messages.
    public static func utf8Text(bytes: [UInt8], source path: String) throws(InputErrors) -> String {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = TextDecoding.utf8(bytes) else {
            let offset = TextDecoding.firstInvalidUTF8Offset(bytes) ?? 0
            throw InputErrors([Diagnostic(file: path, line: TextDecoding.line(ofByteOffset: offset, in: bytes),
                "不是有效的 UTF-8 文本（第 \(offset + 1) 字节起无法解码）；YAML 文件请以 UTF-8 编码保存")])
        }
        if text.unicodeScalars.contains("\u{0}") {
            throw InputErrors([Diagnostic(file: path, "文件含有 NUL 字符，不是文本文件")])
        }
        if text.allSatisfy(\.isWhitespace) { throw InputErrors([Diagnostic(file: path, "文件是空的")]) }
        return text
    }
}
