import Foundation
import Testing
import YRDQCertificates

@Suite struct QRCodeTests {
    @Test func qrInThePDFDecodesToAVerifiableText() throws {
        guard let pdftoppm = which("pdftoppm"), let zbarimg = which("zbarimg") else {
            print("跳过（skipped）：需要 pdftoppm（poppler-utils）和 zbarimg（zbar-tools）：bash scripts/install-deps.sh")
            return
        }
        let keys = makeKeys()
        let dir = tempDir("qr")
        let issue = yrdq(["certificate", "issue", root + "/samples/jiahe-auto-parts/panel.yaml", "--key", keys.0,
                          "--registry", dir + "/reg.db", "--format", "pdf", "--out", dir + "/out"])
        #expect(issue.code == 0, "\(issue.err)")
        let pdf = try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").first { $0.hasSuffix(".pdf") })
        let raster = try #require(runProcess(pdftoppm, ["-r", "300", "-png", "-f", "1", "-l", "1", dir + "/out/" + pdf, dir + "/page"]))
        #expect(raster.code == 0, "\(raster.err)")
        let png = try #require(try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasPrefix("page") && $0.hasSuffix(".png") })
        let decoded = try #require(runProcess(zbarimg, ["--quiet", "--raw", dir + "/" + png]))
        #expect(decoded.code == 0, "zbarimg: \(decoded.err)")
        let text = decoded.out.trimmingCharacters(in: .newlines)
        #expect(text.hasPrefix("YRDQ1|"))
        let cert = try #require(readCertificate(dir + "/out"))
        #expect(text == cert.qrText)
        let verify = yrdq(["certificate", "verify", text, "--key", keys.1])
        #expect(verify.code == 0)
        #expect(verify.out.contains("有效（genuine）"))
    }
}
