import Foundation
import YRDQCore
import YRDQInput

/// Where a resource comes from (`yrdq paths` and `yrdq fonts` say it).
public enum ResourceOrigin: String, Sendable, CaseIterable {
    /// Named on the command line (`--rubric`, `--templates`).
    case option
    /// Named by a variable (`YRDQ_HOME`, `YRDQ_RUBRIC`, `YRDQ_TEMPLATES`, `YRDQ_FONTS`).
    case environment
    /// A checkout of the project that the program runs from, or is run in.
    case checkout
    /// `../share/yrdq/` beside the executable (`/usr/bin/yrdq` → `/usr/share/yrdq/`).
    case installed
    /// The user's own copy in `$XDG_CONFIG_HOME/yrdq/` (default `~/.config/yrdq/`).
    case user

    /// In Chinese, with the English word a script can look for.
    public var label: String {
        switch self {
        case .option: return "命令行选项（option）"
        case .environment: return "环境变量（environment）"
        case .checkout: return "项目目录（checkout）"
        case .installed: return "安装目录（installed）"
        case .user: return "用户配置（user）"
        }
    }
}

/// A folder and where it comes from.
public struct ResourceFolder: Sendable, Equatable {
    public var path: String
    public var origin: ResourceOrigin
    public init(path: String, origin: ResourceOrigin) { self.path = path; self.origin = origin }
}

/// The folder that holds rubric/, templates/ and fonts/ (the home), and the user's
/// config folder whose templates/ and fonts/ override the home's file by file.
///
/// The home, in order: YRDQ_HOME; a checkout found above the running executable or the
/// working directory; `../share/yrdq/` beside the executable (an installed package).
///
/// The lookup reads only the `Surroundings` it is given: what the running process is and where
/// it runs (`/proc/self/exe`, the working directory) is the command line's to say
/// (`Home.Surroundings.current` in YRDQCommands); a server makes its `Resources` from a folder.
public enum Home {
    public static let defaultRubric = "rubric/yrd-2021.yaml"
    /// Below the folder the executable is in: `/usr/bin/yrdq` → `/usr/share/yrdq`.
    public static let installedFolder = "../share/yrdq"
    public static let templatesFolder = "templates"
    public static let fontsFolder = "fonts"

    /// What the lookup reads from its surroundings; tests give their own.
    public struct Surroundings: Sendable {
        public var environment: [String: String]
        /// The running executable, symbolic links resolved (nil: unknown).
        public var executable: String?
        public var workingDirectory: String

        public init(environment: [String: String], executable: String?, workingDirectory: String) {
            self.environment = environment; self.executable = executable; self.workingDirectory = workingDirectory
        }

        /// A variable's value, nil when unset or empty.
        public func variable(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
    }

    /// The home and where it was found.
    public static func locate(_ s: Surroundings) -> ResourceFolder? {
        let fm = FileManager.default
        func isHome(_ dir: String) -> Bool { fm.fileExists(atPath: FilePath.join(dir, defaultRubric)) }
        if let env = s.variable("YRDQ_HOME") { return ResourceFolder(path: env, origin: .environment) }
        var starts: [String] = []
        if let exe = s.executable { starts.append(FilePath.directory(of: exe)) }
        starts.append(s.workingDirectory)
        for start in starts where !start.isEmpty {
            var dir = start
            while true {
                if isHome(dir) { return ResourceFolder(path: dir, origin: .checkout) }
                let parent = FilePath.directory(of: dir)
                if parent == dir || parent.isEmpty { break }
                dir = parent
            }
        }
        if let exe = s.executable {
            let share = (FilePath.join(FilePath.directory(of: exe), installedFolder) as NSString).standardizingPath
            if isHome(share) { return ResourceFolder(path: share, origin: .installed) }
        }
        return nil
    }

    /// The user's config folder: `$XDG_CONFIG_HOME/yrdq` (an absolute path, as the XDG
    /// base directory specification asks), else `$HOME/.config/yrdq`; nil without a home folder.
    public static func configDirectory(_ s: Surroundings) -> String? {
        if let xdg = s.variable("XDG_CONFIG_HOME"), xdg.hasPrefix("/") { return FilePath.join(xdg, "yrdq") }
        guard let home = s.variable("HOME"), home.hasPrefix("/") else { return nil }
        return FilePath.join(FilePath.join(home, ".config"), "yrdq")
    }

    /// The rubric and where it comes from: an explicit path, YRDQ_RUBRIC, or the home's default.
    public static func rubric(_ explicit: String?, _ s: Surroundings) -> (path: String, origin: ResourceOrigin)? {
        if let explicit, !explicit.isEmpty { return (explicit, .option) }
        if let env = s.variable("YRDQ_RUBRIC") { return (env, .environment) }
        guard let home = locate(s) else { return nil }
        return (FilePath.join(home.path, defaultRubric), home.origin)
    }

    /// The template folders, the first taking precedence file by file: an explicit folder
    /// (`--templates`, else YRDQ_TEMPLATES) alone; otherwise the user's templates/ (when it
    /// exists) before the home's. Empty when there is neither an explicit folder nor a home.
    public static func templateFolders(_ explicit: String?, _ s: Surroundings) -> [ResourceFolder] {
        if let explicit, !explicit.isEmpty { return [ResourceFolder(path: explicit, origin: .option)] }
        if let env = s.variable("YRDQ_TEMPLATES") { return [ResourceFolder(path: env, origin: .environment)] }
        guard let home = locate(s) else { return [] }
        return userFolder(templatesFolder, s) + [ResourceFolder(path: FilePath.join(home.path, templatesFolder), origin: home.origin)]
    }

    /// The font folders, the first taking precedence file by file (font-roles.conf, font
    /// files): YRDQ_FONTS alone; otherwise the user's fonts/ (when it exists) before the home's.
    public static func fontFolders(_ s: Surroundings) -> [ResourceFolder] {
        if let env = s.variable("YRDQ_FONTS") { return [ResourceFolder(path: env, origin: .environment)] }
        let home = locate(s).map { [ResourceFolder(path: FilePath.join($0.path, fontsFolder), origin: $0.origin)] } ?? []
        return userFolder(fontsFolder, s) + home
    }

    /// `name` in the user's config folder, when it is a folder.
    public static func userFolder(_ name: String, _ s: Surroundings) -> [ResourceFolder] {
        guard let config = configDirectory(s) else { return [] }
        let path = FilePath.join(config, name)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { return [] }
        return [ResourceFolder(path: path, origin: .user)]
    }
}
