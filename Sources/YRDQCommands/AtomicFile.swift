import Foundation
import YRDQCore

/// Writes files whole or not at all: into a temporary file beside the target,
/// flushed, then renamed over it.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws(InputErrors) {
        let dir = FilePath.directory(of: path)
        let name = (path as NSString).lastPathComponent
        let temp = (dir.isEmpty ? "." : dir) + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw InputErrors([Diagnostic(file: path, "无法写入：\(String(cString: strerror(errno)))")])
        }
        var failure: String? = nil
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = String(cString: strerror(errno)); return }
                offset += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil && rename(temp, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temp)
            throw InputErrors([Diagnostic(file: path, "写入失败（未留下不完整的文件）：\(failure)")])
        }
    }

    public static func write(_ text: String, to path: String) throws(InputErrors) {
        try write(Data(text.utf8), to: path)
    }
}
