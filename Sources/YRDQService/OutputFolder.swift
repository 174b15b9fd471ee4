#if canImport(Glibc)
import Glibc
#endif
import Foundation
import YRDQCore

/// The one way yrdq writes a file it names: into a folder held open, each file whole or not
/// at all (a temporary file beside it, flushed, then renamed over it). Before anything is
/// replaced, what stands there must be a regular file of the same kind (`OutputKind`) and none
/// of the files this run read (`FilesRead`: inputs, the key, the register, the seal); a folder,
/// a pipe or a device is never replaced. A symbolic link at the file's place is replaced itself,
/// never written through; the folder the user named may be a link, but a folder below it
/// (`below`) must be a real folder, so nothing is ever written through a link inside it.
public final class OutputFolder {
    /// The folder as messages name it.
    public let path: String
    private let fd: Int32

    /// Opens the folder `root` (the user's; created with its parents when `create`), then each
    /// folder of `below` inside it, creating those too when `create`.
    public init(_ root: String, below: [String] = [], create: Bool) throws(InputErrors) {
        if create {
            do {
                try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            } catch {
                throw InputErrors([Diagnostic(file: root, "无法创建输出目录：\(error.localizedDescription)")])
            }
        }
        var fd = open(root.isEmpty ? "." : root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw InputErrors([Diagnostic(file: root, "无法打开输出目录：\(String(cString: strerror(errno)))")])
        }
        var shown = root
        for part in below where !part.isEmpty {
            shown = (shown as NSString).appendingPathComponent(part)
            guard part != ".", part != "..", !part.contains("/") else {
                close(fd)
                throw InputErrors([Diagnostic(file: shown, "输出子目录名不能是 . 或 ..，也不能含 /")])
            }
            if create && mkdirat(fd, part, 0o755) != 0 && errno != EEXIST {
                let why = String(cString: strerror(errno))
                close(fd)
                throw InputErrors([Diagnostic(file: shown, "无法创建输出目录：\(why)")])
            }
            let next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let failure = errno
            if next < 0 {
                var info = stat()
                let isLink = fstatat(fd, part, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
                close(fd)
                if isLink {
                    throw InputErrors([Diagnostic(file: shown, "是一个符号链接：yrdq 不会经由输出目录中的链接写入（请删除该链接，或直接以实际目录作为输出目录）")])
                }
                throw InputErrors([Diagnostic(file: shown, failure == ENOTDIR ? "已有同名的文件，不是目录" : "无法打开输出目录：\(String(cString: strerror(failure)))")])
            }
            close(fd)
            fd = next
        }
        self.fd = fd
        self.path = shown
    }

    deinit { close(fd) }

    /// The path of a file in this folder, as messages name it.
    public func filePath(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Refuses, before anything is written, a file name whose place holds what must not be replaced.
    public func check(_ name: String, kind: OutputKind) throws(InputErrors) {
        try inspect(name, kind: kind)
    }

    /// The file of `kind` standing at `name`, which the next `write` will replace (a page whose
    /// keys are kept, say); nil when nothing stands there. It is read through the folder, not
    /// recorded among the run's inputs (it is this output's earlier version), and refused as
    /// `check` refuses; a symbolic link is refused too, since what it points to is not replaced.
    public func existing(_ name: String, kind: OutputKind) throws(InputErrors) -> [UInt8]? {
        var info = stat()
        if fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFLNK {
            throw InputErrors([Diagnostic(file: filePath(name), "是一个符号链接：yrdq 不会经由链接读取或写入\(kind.chinese)（请删除该链接，或以链接所指的目录作为输出目录）")])
        }
        // What `inspect` read to tell the kind: the whole file, since a kind that keeps what it
        // replaces is recognised only when read complete.
        return try inspect(name, kind: kind)
    }

    /// Writes `data` as the file `name`: whole or not at all, replacing only what `check` allows.
    public func write(_ data: Data, name: String, kind: OutputKind) throws(InputErrors) {
        let shown = filePath(name)
        try inspect(name, kind: kind)
        let temp = ".yrdq-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16)).tmp"
        let out = openat(fd, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard out >= 0 else {
            throw InputErrors([Diagnostic(file: shown, "无法写入：\(String(cString: strerror(errno)))")])
        }
        var failure: String? = nil
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(out, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = String(cString: strerror(errno)); return }
                offset += n
            }
        }
        if failure == nil && fsync(out) != 0 { failure = String(cString: strerror(errno)) }
        if close(out) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            unlinkat(fd, temp, 0)
            throw InputErrors([Diagnostic(file: shown, "写入失败（未留下不完整的文件）：\(failure)")])
        }
        // Once more, just before the rename: what stands there may have changed meanwhile.
        do { try inspect(name, kind: kind) } catch { unlinkat(fd, temp, 0); throw error }
        if renameat(fd, temp, fd, name) != 0 {
            let why = String(cString: strerror(errno))
            unlinkat(fd, temp, 0)
            throw InputErrors([Diagnostic(file: shown, "写入失败（未留下不完整的文件）：\(why)")])
        }
        _ = fsync(fd)
    }

    /// What stands at `name`: nothing, a link (replaced itself), or a regular file of `kind`
    /// that this run did not read; anything else is refused.
    /// Refuses what must not be replaced at `name`; returns the bytes read to tell its kind (nil:
    /// nothing there, a link, which is replaced itself, or an empty file).
    @discardableResult
    private func inspect(_ name: String, kind: OutputKind) throws(InputErrors) -> [UInt8]? {
        let shown = filePath(name)
        var info = stat()
        if fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) != 0 {
            if errno == ENOENT { return nil }
            throw InputErrors([Diagnostic(file: shown, "无法写入：\(String(cString: strerror(errno)))")])
        }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return nil
        case S_IFREG: break
        case S_IFDIR: throw InputErrors([Diagnostic(file: shown, "已有同名的目录，不会用文件替换它")])
        default: throw InputErrors([Diagnostic(file: shown, "已有同名的特殊文件（命名管道、设备或套接字），不会替换它")])
        }
        if let read = FilesRead.path(of: FilesRead.identity(info)) {
            let same = read == shown ? "" : "（即 \(read)）"
            throw InputErrors([Diagnostic(file: shown, "这是本次运行读取的文件\(same)，不会被输出覆盖；请换一个输出位置")])
        }
        if info.st_size == 0 { return nil }
        let limit = kind.bytesToRead
        let complete = Int(info.st_size) <= limit
        var head: [UInt8] = []
        let input = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if input >= 0 {
            head = [UInt8](repeating: 0, count: min(Int(info.st_size), limit))
            var got = 0
            while got < head.count {
                let n = head.withUnsafeMutableBytes { read(input, $0.baseAddress! + got, $0.count - got) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                got += n
            }
            head.removeLast(head.count - got)
            close(input)
        }
        guard input >= 0, kind.holds(head, complete: complete && head.count == Int(info.st_size)) else {
            let what = input < 0 ? "无法读取" : OutputKind.describe(head, complete: complete).map { "是\($0)" } ?? "内容不明"
            throw InputErrors([Diagnostic(file: shown, "已有同名文件（\(what)），不是 yrdq 生成的\(kind.chinese)，不会覆盖；请换一个输出位置，或先移走该文件")])
        }
        return head
    }

    /// Refuses file names that one folder cannot hold side by side: the same name twice, also
    /// as folders that ignore case or Unicode normalisation (macOS, Windows) compare names.
    public static func checkDistinct(_ names: [String], in folder: String) throws(InputErrors) {
        var seen: [String: String] = [:]
        var errors: [Diagnostic] = []
        for name in names {
            let key = name.precomposedStringWithCanonicalMapping.lowercased()
            if let first = seen[key] {
                let same = first == name ? "两份文档的文件名相同" : "两份文档的文件名只差大小写或 Unicode 写法（“\(first)”）"
                errors.append(Diagnostic(file: (folder as NSString).appendingPathComponent(name),
                                         "\(same)，不能都写入同一目录；未写入任何文件"))
            } else {
                seen[key] = name
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
    }
}
