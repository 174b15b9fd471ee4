import Foundation
import YRDQCore

/// What a pilot folder holds: its self-assessment sheet (in whichever format the clerk filled
/// it) and its panel file. `render set`, `batch` (finding pilots, and each worker) and `init`
/// ask this one type, so that how a folder's sheet is found is said in one place.
public enum PilotFolder {
    /// The names a pilot folder's sheet may have, in the order they are listed.
    public static let sheetNames = ["self-assessment.yaml", "self-assessment.csv", "self-assessment.xlsx"]

    /// The files of a pilot folder that `render set` reads (full paths).
    public struct Inputs: Sendable {
        public var directory: String
        /// Every sheet present; more than one is an error when the sheet is asked for.
        public var sheets: [String]
        public var panel: String?
        /// Holds a sheet or a panel: a pilot.
        public var isPilot: Bool { !sheets.isEmpty || panel != nil }

        /// The folder's sheet, nil if it has none; two at once are an error naming both, since
        /// which one the clerk meant cannot be told.
        public func sheet() throws(InputErrors) -> String? {
            if sheets.count > 1 {
                throw InputErrors([Diagnostic(file: directory, kind: .duplicate,
                    "目录中有不止一份自评表：\(sheets.map { TerminalText.value(($0 as NSString).lastPathComponent) }.joined(separator: " 和 "))（请只保留要使用的一份）")])
            }
            return sheets.first
        }
    }

    /// The sheets and the panel of the folder `directory`, whose entries `exists` tells
    /// (by name, for a folder already listed; by default, asking the file system).
    public static func inputs(in directory: String, exists: ((String) -> Bool)? = nil) -> Inputs {
        let has = exists ?? { FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0)) }
        func path(_ name: String) -> String? { has(name) ? (directory as NSString).appendingPathComponent(name) : nil }
        return Inputs(directory: directory, sheets: sheetNames.compactMap(path), panel: path("panel.yaml"))
    }
}
