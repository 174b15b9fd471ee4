/// Path arithmetic on plain strings. Foundation's NSString.deletingLastPathComponent
/// traps on a one-character relative path ("a") in Swift 6.3 on Linux, so the
/// project uses this instead wherever a path comes from the user.
public enum FilePath {
    /// The folder part: "dir/a.yaml" → "dir", "a.yaml" → "", "/a" → "/", "a/" → "".
    public static func directory(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        if slash == p.startIndex { return "/" }
        var dir = p[..<slash]
        while dir.count > 1 && dir.hasSuffix("/") { dir = dir.dropLast() }
        return String(dir)
    }

    /// `base/name`, or `name` when base is empty.
    public static func join(_ base: String, _ name: String) -> String {
        if base.isEmpty { return name }
        if name.hasPrefix("/") { return name }
        return base.hasSuffix("/") ? base + name : base + "/" + name
    }
}
