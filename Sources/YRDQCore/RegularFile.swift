#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Reads a file the user named, refusing at once what is not a regular file of a sensible
/// size: a folder, a device (/dev/zero, a terminal), a named pipe nobody writes to. Every
/// path a user names (sheets, profiles, keys, seals, certificates, status lists) is read here,
/// so none of them can block or exhaust memory.
public enum RegularFile {
    /// The file's bytes (at most `maximumBytes`), or a diagnostic naming the file and what is wrong.
    public static func bytes(at path: String, maximumBytes: Int) throws(InputErrors) -> [UInt8] {
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
            let limit = maximumBytes >= 1024 * 1024 ? "\(maximumBytes / 1024 / 1024) MB" : "\(maximumBytes / 1024) KB"
            throw InputErrors([Diagnostic(file: path, "文件过大（超过 \(limit)），不像是评分表或档案")])
        }
        if data.isEmpty { throw InputErrors([Diagnostic(file: path, "文件是空的")]) }
        return [UInt8](data)
    }

    /// Refuses, without reading it, a path that is not a regular file (missing, a folder,
    /// a device, a named pipe or socket): for paths another library opens (a seal image, a font).
    public static func check(_ path: String, what: String = "文件") throws(InputErrors) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputErrors([Diagnostic(file: path, errno == ENOENT ? "\(what)不存在" : "无法读取\(what)：\(String(cString: strerror(errno)))")])
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw InputErrors([Diagnostic(file: path, "这是一个目录，不是\(what)")])
        case S_IFCHR, S_IFBLK: throw InputErrors([Diagnostic(file: path, "这是一个设备，不是普通文件")])
        case S_IFIFO: throw InputErrors([Diagnostic(file: path, "这是一个命名管道，不是普通文件")])
        default: throw InputErrors([Diagnostic(file: path, "不是普通文件")])
        }
    }
}
