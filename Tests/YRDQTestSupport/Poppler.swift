import Foundation

/// Runs a program, returning its exit status and standard output (standard error discarded).
public func runTool(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self))
}

/// Runs a poppler tool (pdftotext, pdfinfo, pdffonts …) and returns its standard output.
public func poppler(_ tool: String, _ arguments: [String]) throws -> String {
    try runTool("/usr/bin/\(tool)", arguments).1
}
