import Testing
import YRDQCore
@testable import YRDQInput

/// Path arithmetic that does not trap on one-character names (Foundation's does, on Linux).
@Suite("File paths") struct FilePathTests {
    @Test(arguments: [("a", ""), ("ab", ""), ("dir/a", "dir"), ("/a", "/"), ("/", "/"), ("a/", ""), ("x/y/z.yaml", "x/y"),
                      ("x//y", "x"), ("", "")])
    func directory(path: String, expected: String) {
        #expect(FilePath.directory(of: path) == expected)
    }

    @Test func join() {
        #expect(FilePath.join("", "a.yaml") == "a.yaml")
        #expect(FilePath.join("dir", "a.yaml") == "dir/a.yaml")
        #expect(FilePath.join("dir/", "a.yaml") == "dir/a.yaml")
        #expect(FilePath.join("dir", "/abs.yaml") == "/abs.yaml")
    }

    @Test func profilePathBesidesAOneLetterSheet() {
        #expect(SheetReader.resolve("pilot.yaml", besides: "a") == "pilot.yaml")
        #expect(SheetReader.resolve("pilot.yaml", besides: "d/a") == "d/pilot.yaml")
    }
}
