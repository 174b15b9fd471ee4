import Foundation
import YRDQCore

/// Reads an input file's text, refusing what is not a readable, reasonably sized text file.
public enum InputFile {
    /// Inputs are typed by hand; nothing legitimate comes near this size.
    public static let maximumBytes = 8 * 1024 * 1024

    /// The file's bytes, or a diagnostic naming the file and what is wrong.
    public static func bytes(at path: String) throws(InputErrors) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputErrors([Diagnostic(file: path, "文件不存在")])
        }
        if isDirectory.boolValue { throw InputErrors([Diagnostic(file: path, "这是一个目录，不是文件")]) }
        // A device (/dev/zero, a terminal) is no input, and reading one may never end.
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFCHR || (info.st_mode & S_IFMT) == S_IFBLK {
            throw InputErrors([Diagnostic(file: path, "这是一个设备，不是普通文件")])
        }
        // Opened without blocking, so that a named pipe nobody writes to reads as empty instead
        // of waiting for ever; reads then block as usual (a pipe being written, as from <(…), is read whole).
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw InputErrors([Diagnostic(file: path, "无法读取文件（请检查权限）：\(String(cString: strerror(errno)))")])
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        defer { close(fd) }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw InputErrors([Diagnostic(file: path, "读取文件失败：\(error.localizedDescription)")])
        }
        if data.count > maximumBytes {
            throw InputErrors([Diagnostic(file: path, "文件过大（超过 \(maximumBytes / 1024 / 1024) MB），不像是评分表或档案")])
        }
        if data.isEmpty { throw InputErrors([Diagnostic(file: path, "文件是空的")]) }
        return [UInt8](data)
    }

    /// The file as UTF-8 text (a byte-order mark is dropped).
    public static func utf8Text(at path: String) throws(InputErrors) -> String {
        var bytes = try bytes(at: path)
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
