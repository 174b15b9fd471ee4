import Foundation
import Testing
import YRDQTestSupport

/// The 决定 and the certificate no larger than before the CFF faces came in (issue 11 §2: at
/// most 20 % more); the score tables and reports are held in YRDQPDFTests' FaceTests.
@Suite struct PDFSizeCommandTests {
    var samplePanel: String { Repo.sample.appendingPathComponent("panel.yaml").path }

    /// Bytes of a file.
    func size(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    @Test("the sample's decision and certificate PDF: at most 1.2 × their sizes with AR PL UMing")
    func decisionAndCertificateStaySmall() throws {
        // Sizes before (commit 8a8528d, UMing and WenQuanYi, TrueType): 决定 50,529 bytes,
        // certificate 49,578.
        try withTempDir { dir in
            let run = yrdq("render", "decision", samplePanel, "--format", "pdf", "--out", dir.path("out"))
            #expect(run.code == 0, "\(run.stderr)")
            let decision = try size(dir.path("out/嘉禾市新能源汽车零部件产业质量提升示范试点-授予称号的决定.pdf"))
            #expect(decision > 0 && decision <= 50_529 * 12 / 10, "the decision: \(decision) bytes")
            #expect(yrdq(["keygen", "--out", dir.path("k")]).code == 0)
            let issue = yrdq(["certificate", "issue", samplePanel, "--key", dir.path("k/yrdq-signing-key.pem"), "--registry", dir.path("reg.db"),
                              "--format", "pdf", "--out", dir.path("cert"), "--rubric", Repo.rubricPath])
            #expect(issue.code == 0, "\(issue.stderr)")
            let certificate = try size(dir.path("cert/嘉禾市新能源汽车零部件产业质量提升示范试点-浙质示〔2026〕第001号-证书.pdf"))
            #expect(certificate > 0 && certificate <= 49_578 * 12 / 10, "the certificate: \(certificate) bytes")
        }
    }
}
