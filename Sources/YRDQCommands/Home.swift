import Foundation
import YRDQCore
import YRDQInput

/// The project folder that holds rubric/, templates/ and fonts/: named by
/// YRDQ_HOME, or found above the running executable or the working directory.
public enum Home {
    public static let defaultRubric = "rubric/yrd-2021.yaml"

    public static func find() -> String? {
        let fm = FileManager.default
        func isHome(_ dir: String) -> Bool { fm.fileExists(atPath: (dir as NSString).appendingPathComponent(defaultRubric)) }
        if let env = ProcessInfo.processInfo.environment["YRDQ_HOME"], !env.isEmpty { return env }
        var starts: [String] = []
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") { starts.append(FilePath.directory(of: exe)) }
        starts.append(fm.currentDirectoryPath)
        for start in starts {
            var dir = start
            while true {
                if isHome(dir) { return dir }
                let parent = FilePath.directory(of: dir)
                if parent == dir || parent.isEmpty { break }
                dir = parent
            }
        }
        return nil
    }

    /// The rubric: an explicit path, YRDQ_RUBRIC, or the project's default.
    public static func rubricPath(_ explicit: String?) throws(InputErrors) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = ProcessInfo.processInfo.environment["YRDQ_RUBRIC"], !env.isEmpty { return env }
        guard let home = find() else {
            throw InputErrors([Diagnostic(.error, "找不到指标体系文件 \(defaultRubric)：请在项目目录中运行，或设置 YRDQ_HOME 为项目目录，或用 --rubric 指定")])
        }
        return (home as NSString).appendingPathComponent(defaultRubric)
    }

    public static func loadRubric(_ explicit: String?) throws(InputErrors) -> Rubric {
        try RubricReader.load(path: rubricPath(explicit))
    }
}
