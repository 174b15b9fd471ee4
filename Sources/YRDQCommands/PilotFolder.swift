import Foundation

/// What a pilot folder holds: its self-assessment sheet and its panel file. `render set` and
/// `batch` (finding pilots, and each worker) ask this one function, so that how a folder's
/// sheet is found is said in one place.
enum PilotFolder {
    /// The files of a pilot folder that `render set` reads (full paths; nil: not there).
    struct Inputs {
        var sheet: String?
        var panel: String?
        /// Holds a sheet or a panel: a pilot.
        var isPilot: Bool { sheet != nil || panel != nil }
    }

    /// The sheet and the panel of the folder `directory`, whose entries `exists` tells
    /// (by name, for a folder already listed; by default, asking the file system).
    static func inputs(in directory: String, exists: ((String) -> Bool)? = nil) -> Inputs {
        let has = exists ?? { FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0)) }
        func path(_ name: String) -> String? { has(name) ? (directory as NSString).appendingPathComponent(name) : nil }
        return Inputs(sheet: path("self-assessment.yaml"), panel: path("panel.yaml"))
    }
}
