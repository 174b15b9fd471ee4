import Foundation
import Testing
import YRDQCore
import YRDQTestSupport
import YRDQXLSX

/// XLSX sheets as other programs write them: filled with openpyxl (Debian's python3-openpyxl),
/// saved again by LibreOffice headless (libreoffice-calc-nogui), or built part by part with
/// Python's zipfile for damaged and hostile workbooks. scripts/install-deps.sh installs both.
enum XLSXFixture {
    static let python = "/usr/bin/python3"

    /// Runs a Python program with arguments; its standard output, or an error with its standard error.
    @discardableResult
    static func python(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", program] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw Failure(description: "python3 failed: \(String(decoding: e, as: UTF8.self))")
        }
        return String(decoding: o, as: UTF8.self)
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The tool's blank sheet, written to `path`.
    static func template(_ path: String, rubric: Rubric, prefill: XLSXSheetWriter.Prefill = .init()) throws {
        try Data(XLSXSheetWriter.workbook(rubric: rubric, prefill: prefill)).write(to: URL(fileURLWithPath: path))
    }

    /// `values` by input key (`XLSXSheetWriter.inputCells`): a String is typed as text (a
    /// formula if it starts with "="), a number as a number. Saved by openpyxl to `output`.
    static func fill(_ input: String, _ output: String, rubric: Rubric, values: [String: Any], sheet: String = "评分表") throws {
        let cells = XLSXSheetWriter.inputCells(rubric: rubric)
        var byCell: [String: Any] = [:]
        for (key, value) in values { byCell[cells[key] ?? key] = value }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: byCell), as: UTF8.self)
        try python("""
        import json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb[sys.argv[4]] if sys.argv[4] in wb.sheetnames else wb.worksheets[0]
        for ref, v in json.loads(sys.argv[3]).items():
            ws[ref].value = v
        wb.save(sys.argv[2])
        """, [input, output, json, sheet])
    }

    /// The workbook saved again by LibreOffice headless as .xlsx into `folder` (its own
    /// profile folder, so runs beside another office process do not share one).
    static func libreOffice(_ input: String, into folder: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        let profile = folder + "/lo-profile"
        process.arguments = ["180", "soffice", "-env:UserInstallation=file://" + profile, "--headless", "--calc",
                             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", folder + "/lo", input]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let out = folder + "/lo/" + (input as NSString).lastPathComponent
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: out) else {
            throw Failure(description: "soffice could not convert \(input) (status \(process.terminationStatus))")
        }
        return out
    }

    /// Whether soffice and openpyxl are there (scripts/install-deps.sh installs them).
    static var toolsPresent: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice") && (try? python("import openpyxl", [])) != nil
    }

    /// Scores (as numbers) making `base` over the rubric's items, by item number.
    static func scoreValues(base: String, rubric: Rubric) -> [String: Any] {
        var values: [String: Any] = [:]
        for (n, s) in scores(forBase: p(base), rubric: rubric) { values[String(n)] = Double(s.description)! }
        return values
    }
}
