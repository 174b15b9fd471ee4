import Foundation

/// The project's fonts/ folder as fontconfig is given it: only regular files (and folders of
/// them). fontconfig opens every file it finds there to read it as a font, and opening a named
/// pipe waits for a writer for ever; a pipe, a device or a socket among the fonts is skipped.
public enum FontFolder {
    /// The regular files below `folder` (links followed, each folder once, at most 8 deep), and
    /// the entries skipped because they are not regular files, each with the reason (in Chinese).
    public static func scan(_ folder: String) -> (files: [String], skipped: [(path: String, reason: String)]) {
        var files: [String] = []
        var skipped: [(String, String)] = []
        var visited = Set<[UInt64]>()
        func walk(_ dir: String, depth: Int) {
            var info = stat()
            guard stat(dir, &info) == 0, visited.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted, depth < 8,
                  let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
            for name in names.sorted() {
                let path = (dir as NSString).appendingPathComponent(name)
                var entry = stat()
                guard stat(path, &entry) == 0 else { continue }
                switch entry.st_mode & S_IFMT {
                case S_IFREG: files.append(path)
                case S_IFDIR: walk(path, depth: depth + 1)
                case S_IFIFO: skipped.append((path, "这是一个命名管道，不是字体文件"))
                case S_IFCHR, S_IFBLK: skipped.append((path, "这是一个设备，不是字体文件"))
                default: skipped.append((path, "不是普通文件"))
                }
            }
        }
        walk(folder, depth: 0)
        return (files, skipped)
    }

    /// Whether `path` is a regular file (links followed), so that reading it cannot block.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
