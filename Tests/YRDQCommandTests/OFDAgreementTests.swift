import Foundation
import Synchronization
import Testing
import YRDQTestSupport

/// Runs one of the repository's Python scripts: its standard output, and its standard error
/// through a file (`errors`), so that neither pipe can fill and block it.
private func python(_ script: String, _ arguments: [String], errors: String) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = [Repo.root.appendingPathComponent("scripts/\(script)").path] + arguments
    let out = Pipe()
    process.standardOutput = out
    FileManager.default.createFile(atPath: errors, contents: nil)
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let err = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), err)
}

private func jsonObject(_ text: String) -> [String: Any]? {
    text.split(separator: "\n").last.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
}

/// Issue 12's done-when: every document written both as PDF and as OFD, each file read by
/// readers that share nothing with yrdq (PyMuPDF for the PDF; the OFD's XML parsed by the
/// standard library, ofdkit, easyofd), has the same pages and the same lines of text.
extension OfficialDocumentCommandTests {
    @Test("PDF and OFD of every document agree: the same page count and the same lines on every page; ofdkit and easyofd read every OFD")
    func pdfAndOFDAgree() throws {
        try withTempDir { dir in
            let formats = "pdf,ofd"
            #expect(yrdq("render", "set", Repo.sample.path, "--format", formats, "--out", dir.path("out")).code == 0)
            #expect(yrdq("render", "application", selfAssessment, "--format", formats, "--out", dir.path("out")).code == 0)
            #expect(yrdq("render", "decision", samplePanel, "--format", formats, "--out", dir.path("out")).code == 0)
            let low = try pilotFolder(dir, "low", bases: ["60", "62", "64", "66", "68"], name: "丁市试点")
            #expect(yrdq("render", "notice", low, "--format", formats, "--out", dir.path("out")).code == 0)
            #expect(yrdq(["keygen", "--out", dir.path("k")]).code == 0)
            let issue = yrdq(["certificate", "issue", samplePanel, "--key", dir.path("k/yrdq-signing-key.pem"), "--registry", dir.path("reg.db"),
                              "--format", formats, "--out", dir.path("out"), "--rubric", Repo.rubricPath])
            #expect(issue.code == 0, "\(issue.stderr)")

            let ofds = dir.files(under: "out").filter { $0.hasSuffix(".ofd") }.map { dir.path("out/" + $0) }
            // The set's five (the blank table one of them), the 请示, the 决定, the 通知 and the certificate.
            #expect(ofds.count == 9, "\(ofds)")
            let keep = ProcessInfo.processInfo.environment["YRDQ_OFD_KEEP"]
            // easyofd takes seconds a document: two at a time (the machine's cores); its PNG
            // pages at 50 dpi (YRDQ_OFD_KEEP=folder keeps them, to look at beside the PDF's).
            let results = Mutex<[String: (Int32, String, String)]>([:])
            let compared = Mutex<[String: (Int32, String, String)]>([:])
            DispatchQueue.concurrentPerform(iterations: ofds.count) { i in
                let ofd = ofds[i]
                let pdf = String(ofd.dropLast(4)) + ".pdf"
                let c = (try? python("ofd-compare.py", [pdf, ofd], errors: dir.path("compare-\(i).err"))) ?? (-1, "", "did not run")
                compared.withLock { $0[ofd] = c }
                let r = (try? python("ofd-check.py", [ofd, dir.path("easy/\(i)"), "50"], errors: dir.path("check-\(i).err"))) ?? (-1, "", "did not run")
                results.withLock { $0[ofd] = r }
            }
            if let keep {
                try? FileManager.default.removeItem(atPath: keep)
                try? FileManager.default.copyItem(atPath: dir.path, toPath: keep)
            }
            // The comparison sees a difference: one document's PDF against another's OFD.
            let other = try python("ofd-compare.py", [String(ofds[0].dropLast(4)) + ".pdf", ofds[1]], errors: dir.path("other.err"))
            #expect(other.status == 1, "\(other.err)")
            for ofd in ofds {
                let name = URL(fileURLWithPath: ofd).lastPathComponent
                // The lines, read independently from each file.
                let (status, out, err) = compared.withLock { $0[ofd]! }
                let cmp = try #require(jsonObject(out), "\(name): \(err)")
                #expect(status == 0, "\(name): \(String(describing: cmp["differences"]))")
                let pdfPages = try #require((cmp["pdf"] as? [String: Any])?["pages"] as? Int)
                let pdfLines = try #require((cmp["pdf"] as? [String: Any])?["lines"] as? [[String]])
                #expect(pdfPages > 0 && pdfLines.joined().count > pdfPages, "\(name): PyMuPDF read no text")

                // ofdkit: the same pages; easyofd: renders every page.
                let (checkStatus, checkOut, checkErr) = results.withLock { $0[ofd]! }
                #expect(checkStatus == 0, "\(name): \(checkErr.suffix(2000))")
                let check = try #require(jsonObject(checkOut), "\(name): \(checkErr.suffix(2000))")
                let kit = try #require(check["ofdkit"] as? [String: Any])
                #expect(kit["pages"] as? Int == pdfPages, "\(name)")
                let easy = try #require(check["easyofd"] as? [String: Any])
                #expect(easy["pages"] as? Int == pdfPages, "\(name)")
                #expect((easy["png"] as? [String])?.count == pdfPages, "\(name)")

                // The score tables: ofdkit extracts all 56 items, numbered in order.
                if name.contains("评分表") {
                    let text = try #require(kit["texts"] as? [String]).joined(separator: "\n")
                    var from = text.startIndex
                    for n in 1...56 {
                        let found = Self.itemNumber(n, in: text, from: from)
                        #expect(found != nil, "\(name): item \(n)． not found after item \(n - 1)")
                        guard let found else { break }
                        from = found
                    }
                }
            }
        }
    }

    /// Where "n．" stands in `text` from `start` on, not preceded by a digit (so 1． is not 11．'s tail).
    static func itemNumber(_ n: Int, in text: String, from start: String.Index) -> String.Index? {
        var from = start
        while let r = text.range(of: "\(n)．", range: from..<text.endIndex) {
            if r.lowerBound == text.startIndex || !text[text.index(before: r.lowerBound)].isNumber { return r.upperBound }
            from = r.upperBound
        }
        return nil
    }
}
