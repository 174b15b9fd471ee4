import Foundation
import YRDQCore

/// A pilot folder's files: its self-assessment sheet in whichever format the clerk filled it.
enum PilotFolder {
    /// The names a pilot folder's sheet may have, in the order they are listed.
    static let sheetNames = ["self-assessment.yaml", "self-assessment.csv", "self-assessment.xlsx"]

    /// Whether a folder's entries make it a pilot folder.
    static func isPilot(_ names: [String]) -> Bool {
        names.contains("panel.yaml") || sheetNames.contains(where: names.contains)
    }

    /// The folder's sheet, nil if it has none; two at once are an error naming both, since
    /// which one the clerk meant cannot be told.
    static func sheet(in directory: String) throws(InputErrors) -> String? {
        let found = sheetNames.map { (directory as NSString).appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0) }
        if found.count > 1 {
            throw InputErrors([Diagnostic(file: directory, kind: .duplicate,
                "目录中有不止一份自评表：\(found.map { TerminalText.value(($0 as NSString).lastPathComponent) }.joined(separator: " 和 "))（请只保留要使用的一份）")])
        }
        return found.first
    }
}
