import Foundation
import Testing
import YRDQCertificates
import YRDQCore

@Suite struct VerifyTests {
    let keys = makeKeys()
    let dir = tempDir("verify")

    func issued() throws -> SignedCertificate {
        let panel = writePanel(in: dir, bases: ["88", "87.5", "90", "89", "86.25"].map(p))
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--format", "md", "--out", dir + "/out"])
        #expect(r.code == 0, "\(r.err)")
        return try #require(readCertificate(dir + "/out"))
    }

    @Test func genuineFromQRTextFileAndDataFile() throws {
        let cert = try issued()
        let text = yrdq(["certificate", "verify", cert.qrText, "--key", keys.1])
        #expect(text.code == 0)
        #expect(text.out.contains("有效（genuine）"))
        #expect(text.out.contains(cert.data.serial) && text.out.contains(cert.data.pilot) && text.out.contains("88.15分"))
        try (cert.qrText + "\n").write(toFile: dir + "/qr.txt", atomically: true, encoding: .utf8)
        #expect(yrdq(["certificate", "verify", dir + "/qr.txt", "--key", keys.1]).code == 0)
        let json = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").first { $0.hasSuffix(".cert.json") }!
        #expect(yrdq(["certificate", "verify", dir + "/out/" + json, "--key", keys.1]).code == 0)
        // The private key file serves too (its public half is used).
        #expect(CertificateSigner.verify(cert, with: try SigningKeys.loadPublic(keys.0)) == .genuine)
    }

    @Test func everyAlteredFieldFails() throws {
        let cert = try issued()
        let key = try SigningKeys.loadPublic(keys.1)
        for (i, name) in CertificateData.fieldNames.enumerated() {
            for alter in [{ (s: String) in s + "0" }, { (s: String) in String(s.dropLast()) },
                          { (s: String) in s.replacingOccurrences(of: "1", with: "7") }] {
                var fields = cert.data.fields
                let changed = alter(fields[i])
                if changed == fields[i] { continue }
                fields[i] = changed
                var data = cert.data
                switch name {
                case "serial": data.serial = changed
                case "pilot": data.pilot = changed
                case "region": data.region = changed
                case "title": data.title = changed
                case "bureau": data.bureau = changed
                case "date": data.date = changed
                case "total": data.total = changed
                case "evaluation": data.evaluation = changed
                case "id": data.id = changed
                default: data.key = changed
                }
                let altered = SignedCertificate(data: data, signature: cert.signature)
                let verdict = CertificateSigner.verify(altered, with: key)
                #expect(verdict == (name == "key" ? .otherKey : .altered), "\(name) → \(changed)")
                // Through the command line, from the QR text.
                let r = yrdq(["certificate", "verify", altered.qrText, "--key", keys.1])
                #expect(r.code == 1, "\(name)")
                #expect(!r.out.contains("有效（genuine）"))
                if name != "key" { #expect(r.out.contains("已被篡改（altered）"), "\(name)") }
            }
        }
        // A single changed character of the pilot's name; a flipped bit of the signature.
        var data = cert.data
        data.pilot = data.pilot.replacingOccurrences(of: "嘉禾", with: "嘉木")
        #expect(CertificateSigner.verify(SignedCertificate(data: data, signature: cert.signature), with: key) == .altered)
        var sig = cert.signature
        sig[10] ^= 1
        #expect(CertificateSigner.verify(SignedCertificate(data: cert.data, signature: sig), with: key) == .altered)
        // The data file, edited by hand.
        let json = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").first { $0.hasSuffix(".cert.json") }!
        let text = try String(contentsOfFile: dir + "/out/" + json, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\"total\": \"\(cert.data.total)\"", with: "\"total\": \"98.15\"")
        #expect(edited != text)
        try edited.write(toFile: dir + "/edited.cert.json", atomically: true, encoding: .utf8)
        let r = yrdq(["certificate", "verify", dir + "/edited.cert.json", "--key", keys.1])
        #expect(r.code == 1 && r.out.contains("已被篡改"))
    }

    @Test func anotherKeyIsReported() throws {
        let cert = try issued()
        let other = makeKeys()
        let r = yrdq(["certificate", "verify", cert.qrText, "--key", other.1])
        #expect(r.code == 1)
        #expect(r.out.contains("非本机关签发（signed by another key）"))
        // A certificate really signed by another key, claiming this one's id, still fails.
        let forger = try SigningKeys.loadPrivate(other.0)
        let forged = try CertificateSigner.sign(cert.data, with: forger)
        #expect(CertificateSigner.verify(forged, with: try SigningKeys.loadPublic(keys.1)) == .altered)
    }

    @Test func garbageIsNotACertificate() throws {
        let r = yrdq(["certificate", "verify", "YRDQ1|a|b", "--key", keys.1])
        #expect(r.code == 1)
        #expect(r.out.contains("无法识别"))
    }

    @Test func revocationAndSuspension() throws {
        let cert = try issued()
        let registry = dir + "/reg.db", list = dir + "/status.json"
        func publish(_ date: String) {
            let r = yrdq(["certificate", "status-list", "--key", keys.0, "--registry", registry, "--out", list, "--date", date, "--allow-future-date"])
            #expect(r.code == 0, "\(r.err)")
        }
        func verify() -> (code: Int32, out: String, err: String) {
            yrdq(["certificate", "verify", cert.qrText, "--key", keys.1, "--status-list", list])
        }
        publish("2026-11-25")
        var r = verify()
        #expect(r.code == 0)
        #expect(r.out.contains("未被撤销或暂停"))

        #expect(yrdq(["certificate", "suspend", cert.data.serial, "--reason", "复核总分低于70分", "--registry", registry, "--date", "2027-03-01", "--allow-future-date"]).code == 0)
        // The old list still says valid; the newly published one says suspended.
        #expect(verify().code == 0)
        publish("2027-03-02")
        r = verify()
        #expect(r.code == 1)
        #expect(r.out.contains("已暂停（suspended）") && r.out.contains("2027年3月1日") && r.out.contains("复核总分低于70分"))
        #expect(yrdq(["certificate", "list", "--registry", registry]).out.contains("已暂停"))
        #expect(yrdq(["certificate", "suspend", cert.data.serial, "--reason", "x", "--registry", registry]).code == 1)

        #expect(yrdq(["certificate", "reinstate", cert.data.serial, "--registry", registry, "--date", "2027-06-01", "--allow-future-date"]).code == 0)
        publish("2027-06-02")
        #expect(verify().code == 0)

        #expect(yrdq(["certificate", "revoke", cert.data.serial, "--reason", "发现重大质量安全事故", "--registry", registry, "--date", "2027-09-01", "--allow-future-date"]).code == 0)
        publish("2027-09-02")
        r = verify()
        #expect(r.code == 1)
        #expect(r.out.contains("已撤销（revoked）"))
        let again = yrdq(["certificate", "reinstate", cert.data.serial, "--registry", registry])
        #expect(again.code == 1)
        #expect(again.err.contains("已撤销"))
        #expect(yrdq(["certificate", "suspend", cert.data.serial, "--reason", "x", "--registry", registry]).code == 1)

        // The history is kept.
        let history = yrdq(["certificate", "list", "--registry", registry, "--history"]).out
        for word in ["签发", "暂停", "恢复", "撤销", "2027年9月1日"] { #expect(history.contains(word), "\(word)") }
        let events = try CertificateRegister(path: registry, create: false).events(serial: cert.data.serial)
        #expect(events.map(\.action) == [.issued, .suspended, .reinstated, .revoked])

        // A list edited by hand, or signed by another key, is refused.
        let text = try String(contentsOfFile: list, encoding: .utf8)
        try text.replacingOccurrences(of: "\"revoked\"", with: "\"suspended\"").write(toFile: dir + "/edited.json", atomically: true, encoding: .utf8)
        r = yrdq(["certificate", "verify", cert.qrText, "--key", keys.1, "--status-list", dir + "/edited.json"])
        #expect(r.code == 1 && r.out.contains("已被篡改"))
        let other = makeKeys()
        #expect(yrdq(["certificate", "status-list", "--key", other.0, "--registry", registry, "--out", dir + "/other.json",
                      "--date", "2027-09-02", "--allow-future-date"]).code == 0)
        r = yrdq(["certificate", "verify", cert.qrText, "--key", keys.1, "--status-list", dir + "/other.json"])
        #expect(r.code == 1 && r.out.contains("不是本机关签发的状态列表"))
    }

    @Test func unknownSerialIsAnError() throws {
        _ = try issued()
        let r = yrdq(["certificate", "revoke", "浙质示〔2026〕第999号", "--reason", "x", "--registry", dir + "/reg.db"])
        #expect(r.code == 1)
        #expect(r.err.contains("没有编号为"))
    }
}
