import Foundation
import YRDQService

/// The repository and its sample, found from this file (Tests/YRDQServiceTests/Support.swift).
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // YRDQServiceTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // repository
    static var sample: URL { root.appendingPathComponent("samples/jiahe-auto-parts") }
    /// The repository's resources, as a server started on the checkout would have them.
    static var resources: Resources { Resources(home: root.path) }
}
