import Foundation
import Testing
@testable import YRDQCertificates
import YRDQCore

/// One certificate, one text; one pilot, one certificate per evaluation; one status-list entry
/// per certificate: however a text is spelled in Unicode (NFC or NFD, a mark glued to a separator).
@Suite struct OneSpellingTests {
    let keys = makeKeys()
    let dir = tempDir("spelling")

    func signed(pilot: String) throws -> SignedCertificate {
        let data = CertificateData(serial: "浙质示〔2026〕第001号", pilot: pilot, region: "浙江省嘉禾市", title: "长三角质量提升示范",
                                   bureau: "浙江省市场监督管理局", date: "2026-11-20", total: "89.39", evaluation: "e", id: "abc", key: "k")
        var signedData = data
        signedData.key = SigningKeys.keyID(try SigningKeys.loadPrivate(keys.0).publicKey)
        return try CertificateSigner.sign(signedData, with: try SigningKeys.loadPrivate(keys.0))
    }

    @Test func theQRTextIsReadByScalar() throws {
        // A field that starts with a combining mark: "|" and the mark are one Character, yet two fields.
        let cert = try signed(pilot: "\u{301}嘉禾试点")
        #expect(CertificatePayload.parse(cert.qrText) == cert)
        #expect(yrdq(["certificate", "verify", cert.qrText, "--key", keys.1]).code == 0)
        // A "%" before a combining mark is written %25; left raw it is not the certificate's text.
        let percent = try signed(pilot: "嘉禾%\u{301}试点")
        #expect(percent.qrText.contains("%25\u{301}"))
        #expect(CertificatePayload.parse(percent.qrText) == percent)
        let raw = percent.qrText.replacingOccurrences(of: "%25\u{301}", with: "%\u{301}", options: .literal)
        #expect(raw != percent.qrText)
        #expect(CertificatePayload.parse(raw) == nil)
        let r = yrdq(["certificate", "verify", raw, "--key", keys.1])
        #expect(r.code == 1 && !r.out.contains("有效"), "\(r.out)")
    }

    @Test func theQRTextIsThePrecomposedOneAsSigned() throws {
        // Signed NFC: the NFD spelling of the QR text looks the same and Swift's == takes it for it.
        let cert = try signed(pilot: "Café 嘉禾试点")
        let nfd = cert.qrText.decomposedStringWithCanonicalMapping
        #expect(nfd == cert.qrText && !nfd.unicodeScalars.elementsEqual(cert.qrText.unicodeScalars))
        // Read as it stands, the NFD text is other bytes than were signed: not this certificate.
        let q = yrdq(["certificate", "verify", nfd, "--key", keys.1])
        #expect(q.code == 1 && q.out.hasPrefix("核验结论：已被篡改"), "\(q.out)")
        // In the data file's qr member, beside the data as signed.
        let text = cert.fileJSON.pretty
        let edited = text.replacingOccurrences(of: JSONString.quote(cert.qrText), with: JSONString.quote(nfd), options: .literal)
        #expect(!edited.unicodeScalars.elementsEqual(text.unicodeScalars))
        try edited.write(toFile: dir + "/nfd.cert.json", atomically: true, encoding: .utf8)
        let r = yrdq(["certificate", "verify", dir + "/nfd.cert.json", "--key", keys.1])
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：已被篡改"), "\(r.out)\(r.err)")
        try text.write(toFile: dir + "/nfc.cert.json", atomically: true, encoding: .utf8)
        #expect(yrdq(["certificate", "verify", dir + "/nfc.cert.json", "--key", keys.1]).code == 0)
    }

    @Test func aStatusListHasOneEntryPerCertificateAndISODates() throws {
        let cert = try signed(pilot: "嘉禾试点")
        let key = try SigningKeys.loadPrivate(keys.0)
        func verify(_ entries: [StatusList.Entry], date: String = "2026-11-22") throws -> (code: Int32, out: String, err: String) {
            let list = StatusList(date: date, key: SigningKeys.keyID(key.publicKey), entries: [])
            var withEntries = list
            withEntries.entries = entries  // in this order, as a forger with the key might sign them
            try withEntries.signedFile(with: key).write(toFile: dir + "/status.json", atomically: true, encoding: .utf8)
            return yrdq(["certificate", "verify", cert.qrText, "--key", keys.1, "--status-list", dir + "/status.json"])
        }
        let suspended = StatusList.Entry(serial: cert.data.serial, id: cert.data.id, status: .suspended, since: "2026-11-21", reason: "复核")
        var revoked = suspended
        revoked.status = .revoked
        var r = try verify([suspended])
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：已暂停"), "\(r.out)")
        r = try verify([suspended, revoked])
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：无法确定（unknown）"), "\(r.out)")
        #expect(r.err.contains("状态列表第 2 条与第 1 条是同一张证书"), "\(r.err)")
        var loose = suspended
        loose.since = "2026-11-2"
        r = try verify([loose])
        #expect(r.code == 1 && r.err.contains("状态列表第 1 条的日期（since）应为 YYYY-MM-DD"), "\(r.err)")
        r = try verify([suspended], date: "2026年11月22日")
        #expect(r.code == 1 && r.err.contains("状态列表的日期（date）应为 YYYY-MM-DD"), "\(r.err)")
    }

    func draft(pilot: String, region: String = "浙江省嘉禾市", evaluation: String = "e1") -> CertificateDraft {
        CertificateDraft(province: "浙江省", year: 2026, pilot: pilot, region: region, title: "长三角质量提升示范",
                         bureau: "浙江省市场监督管理局", date: CivilDate(year: 2026, month: 11, day: 20)!, total: Points(90),
                         evaluation: evaluation)
    }

    @Test func theRegisterKnowsAPilotHoweverItsNameIsSpelled() throws {
        let register = try CertificateRegister(path: dir + "/reg.db", create: true)
        let key = try SigningKeys.loadPrivate(keys.0)
        let (first, isNew) = try register.issue(draft(pilot: "Café 嘉禾试点"), format: .standard, key: key)
        #expect(isNew)
        for spelling in ["Café 嘉禾试点".decomposedStringWithCanonicalMapping, "Café 嘉禾试点　", " Café  嘉禾试点", "ＣＡＦÉ 嘉禾试点"] {
            let (again, isNew) = try register.issue(draft(pilot: spelling), format: .standard, key: key)
            #expect(!isNew && again.certificate == first.certificate, "\(spelling.unicodeScalars.map(NameText.codePoint))")
        }
        #expect(try register.all().count == 1)
        // Another evaluation of the same pilot is a new certificate, as before.
        #expect(try register.issue(draft(pilot: "Café 嘉禾试点", evaluation: "e2"), format: .standard, key: key).isNew)
        // Names are stored NFC and trimmed, whoever built the draft.
        let (third, _) = try register.issue(draft(pilot: " 甲 试点\u{3000}".decomposedStringWithCanonicalMapping, evaluation: "e3"), format: .standard, key: key)
        #expect(third.certificate.data.pilot.unicodeScalars.elementsEqual("甲 试点".unicodeScalars))
        // A serial typed decomposed or with spaces around it is the same serial.
        #expect(try register.find(serial: " " + first.certificate.data.serial + " ") != nil)
    }

    @Test func aDraftFromAnyCallerHoldsNoHiddenCharacters() throws {
        let register = try CertificateRegister(path: dir + "/hidden.db", create: true)
        let key = try SigningKeys.loadPrivate(keys.0)
        for (d, field) in [(draft(pilot: "嘉禾\u{202E}试点"), "试点名称"), (draft(pilot: "嘉禾\u{200B}试点"), "试点名称"),
                           (draft(pilot: "嘉禾试点", region: "浙江省\u{2066}嘉禾市"), "试点区域"), (draft(pilot: "　"), "试点名称")] {
            #expect(throws: InputErrors.self) { try register.issue(d, format: .standard, key: key) }
            do { _ = try register.issue(d, format: .standard, key: key) } catch {
                #expect(error.diagnostics.contains { $0.message.contains("证书的\(field)") }, "\(error)")
            }
        }
        #expect(try register.all().isEmpty)
    }

    @Test func serialFormatsAreStoredPrecomposed() throws {
        let format = try SerialFormat("{abbr}质示Café〔{year}〕第{seq}号".decomposedStringWithCanonicalMapping)
        #expect(format.pattern.unicodeScalars.elementsEqual("{abbr}质示Café〔{year}〕第{seq}号".unicodeScalars))
    }

    @Test func theEvaluationDigestTakesNamesAsIdentities() {
        #expect(EvaluationDigest.name("王芳　") == EvaluationDigest.name("王芳"))
        #expect(EvaluationDigest.name("王\u{200B}芳") == EvaluationDigest.name("王芳"))
        #expect(EvaluationDigest.name("Ｗang") == EvaluationDigest.name("wang"))
        // The digest's separators in a name stand for themselves: "甲/乙" of "丙" is not "甲" of "乙/丙".
        #expect(EvaluationDigest.name("甲/乙") + "/" + EvaluationDigest.name("丙") != EvaluationDigest.name("甲") + "/" + EvaluationDigest.name("乙/丙"))
        #expect(!EvaluationDigest.name("甲\ntotal=9000").contains("\n"))
    }
}
