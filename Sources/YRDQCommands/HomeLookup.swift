@_exported import YRDQService
import Foundation
import YRDQCore
import YRDQInput

/// The command line's surroundings: the running executable (`/proc/self/exe`), the working
/// directory and the environment. The lookup itself is the service's (`Home`, `Resources`);
/// what the process is and where it runs only the command line asks.
extension Home.Surroundings {
    public static var current: Home.Surroundings {
        Home.Surroundings(environment: ProcessInfo.processInfo.environment,
                          executable: try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
                          workingDirectory: FileManager.default.currentDirectoryPath)
    }
}

extension Home {
    public static func find() -> String? { locate(.current)?.path }
    public static func locate() -> ResourceFolder? { locate(.current) }
    public static func configDirectory() -> String? { configDirectory(.current) }
    public static func rubric(_ explicit: String?) -> (path: String, origin: ResourceOrigin)? { rubric(explicit, .current) }
    public static func templateFolders(_ explicit: String?) -> [ResourceFolder] { templateFolders(explicit, .current) }
    public static func fontFolders() -> [ResourceFolder] { fontFolders(.current) }

    /// The rubric: an explicit path, YRDQ_RUBRIC, or the project's default.
    public static func rubricPath(_ explicit: String?) throws(InputErrors) -> String {
        try Resources.current(rubric: explicit).rubricPath()
    }

    public static func loadRubric(_ explicit: String?) throws(InputErrors) -> Rubric {
        try Resources.current(rubric: explicit).loadRubric()
    }

    /// Where a user puts font files of their own, for messages.
    static var userFontsHint: String { Resources.current().userFontsHint }
}

extension Resources {
    /// The resources as this run finds them: options, variables, the user's config folder,
    /// the checkout or installed home the program runs from.
    public static func current(rubric: String? = nil, templates: String? = nil) -> Resources {
        lookup(rubric: rubric, templates: templates, in: .current)
    }
}
