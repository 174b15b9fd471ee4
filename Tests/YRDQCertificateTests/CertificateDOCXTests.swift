import Foundation
import Testing
import YRDQCertificates
import YRDQCore

/// `certificate issue --format docx`: the certificate as an editable Word file.
@Suite struct CertificateDOCXTests {
    let keys = makeKeys()
    let dir = tempDir("docx")

    @Test func issueWritesTheCertificateAsDOCX() throws {
        let panel = writePanel(in: dir, bases: ["90", "90", "90", "90", "90"].map(p))
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--format", "docx", "--out", dir + "/out"])
        #expect(r.code == 0, "\(r.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/out")
        let docx = try #require(files.first { $0.hasSuffix(".docx") }, "\(files)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/" + docx))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(files.contains { $0.hasSuffix(".cert.json") })
    }
}
