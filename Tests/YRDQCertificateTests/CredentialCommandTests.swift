import Foundation
import GRDB
import Testing
import YRDQCertificates
import YRDQCommands
import YRDQCore

/// `certificate issue --credential-base` writes a W3C verifiable credential, `status-list`
/// its Bitstring Status List credentials, and `verify` checks both; an independent
/// implementation (scripts/vc-check.py: PyNaCl and the `rfc8785` JCS package) agrees.
@Suite struct CredentialCommandTests {
    let keys = makeKeys()
    static let base = "https://portal.example/yrdq/"

    struct Issued {
        var dir: String, registry: String, credential: String, serial: String, publish: String
    }

    func issued(extra: [String] = []) throws -> Issued {
        let dir = tempDir("vc")
        let panel = writePanel(in: dir + "/p", bases: ["90", "90", "90", "90", "90"].map(p))
        let registry = dir + "/reg.db"
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", registry, "--format", "md",
                      "--out", dir + "/out", "--credential-base", Self.base] + extra)
        #expect(r.code == 0, "\(r.err)")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").first { $0.hasSuffix(".vc.json") })
        #expect(r.out.contains(name))
        try FileManager.default.createDirectory(atPath: dir + "/pub", withIntermediateDirectories: true)
        return Issued(dir: dir, registry: registry, credential: dir + "/out/" + name, serial: "浙质示〔2026〕第001号", publish: dir + "/pub")
    }

    func statusList(_ c: Issued, date: String? = nil) {
        let r = yrdq(["certificate", "status-list", "--key", keys.0, "--registry", c.registry, "--out", c.publish + "/status.json",
                      "--credential-base", Self.base] + (date.map { ["--date", $0] } ?? []))
        #expect(r.code == 0, "\(r.err)")
    }

    var lists: [String] { ["--status-list", "status-revocation.vc.json", "--status-list", "status-suspension.vc.json"] }

    func verify(_ c: Issued, _ file: String? = nil, lists: Bool = true) -> (code: Int32, out: String, err: String) {
        var args = ["certificate", "verify", file ?? c.credential, "--key", keys.1]
        if lists { args += ["--status-list", c.publish + "/status-revocation.vc.json", "--status-list", c.publish + "/status-suspension.vc.json"] }
        return yrdq(args)
    }

    /// What the independent check says; nil (the test is recorded as failed) when Python or its packages are missing.
    func independent(_ c: Issued, _ file: String? = nil) throws -> [String: Any] {
        let r = try #require(runProcess("/usr/bin/python3", [root + "/scripts/vc-check.py", keys.1, file ?? c.credential,
                                                             c.publish + "/status-revocation.vc.json", c.publish + "/status-suspension.vc.json"]),
                             "python3 is needed (scripts/install-deps.sh)")
        #expect(r.code == 0, "scripts/vc-check.py needs python3-nacl and rfc8785 (scripts/install-deps.sh): \(r.err)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    }

    func list(_ result: [String: Any], _ purpose: String) -> [String: Any] {
        ((result["lists"] as? [String: Any])?[purpose] as? [String: Any]) ?? [:]
    }

    @Test func genuineCredentialVerifiesHereAndIndependently() throws {
        let c = try issued()
        statusList(c)
        let r = verify(c)
        #expect(r.code == 0, "\(r.out)\(r.err)")
        #expect(r.out.hasPrefix("核验结论：有效（genuine）"))
        #expect(r.out.contains("未被撤销") && r.out.contains("未被暂停"))
        #expect(r.out.contains("省级评估总分：90.00分"))
        let check = try independent(c)
        #expect(check["proof"] as? Bool == true && check["did"] as? Bool == true)
        for purpose in ["revocation", "suspension"] {
            let l = list(check, purpose)
            #expect(l["proof"] as? Bool == true && l["same"] as? Bool == true && l["set"] as? Bool == false && l["size"] as? Int == 131_072, "\(l)")
        }
        // What the credential says, in the forms the specs ask for.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: c.credential))) as? [String: Any])
        #expect(json["@context"] as? [String] == ["https://www.w3.org/ns/credentials/v2"])
        #expect(json["validFrom"] as? String == "2026-11-20T00:00:00+08:00")
        #expect((json["credentialSubject"] as? [String: Any])?["total"] as? String == "90.00")
        let status = try #require(json["credentialStatus"] as? [[String: Any]])
        #expect(status.map { $0["statusPurpose"] as? String } == ["revocation", "suspension"])
        #expect(status.allSatisfy { $0["type"] as? String == "BitstringStatusListEntry" && ($0["statusListIndex"] as? String).flatMap(Int.init) != nil })
        #expect(status[0]["statusListCredential"] as? String == Self.base + "status-revocation.vc.json")
    }

    /// A changed field and a changed proof: both implementations reject them.
    @Test(arguments: [
        ("\"total\": \"90.00\"", "\"total\": \"99.00\""),
        ("\"name\": \"嘉禾市", "\"name\": \"禾嘉市"),
        ("\"statusListIndex\": \"", "\"statusListIndex\": \"1"),
        ("\"validFrom\": \"2026-11-20", "\"validFrom\": \"2025-11-20"),
        ("\"proofValue\": \"z", "\"proofValue\": \"z2"),
        ("\"proofPurpose\": \"assertionMethod\"", "\"proofPurpose\": \"authentication\""),
    ])
    func changedCredentialIsRejected(_ from: String, _ to: String) throws {
        let c = try issued()
        statusList(c)
        let text = try String(contentsOfFile: c.credential, encoding: .utf8)
        #expect(text.contains(from))
        let changed = c.dir + "/changed.vc.json"
        try text.replacingOccurrences(of: from, with: to).write(toFile: changed, atomically: true, encoding: .utf8)
        let r = verify(c, changed)
        #expect(r.code == 1)
        #expect(!r.out.contains("有效（genuine）"), "\(r.out)")
        #expect(r.out.hasPrefix("核验结论：已被篡改（altered）") || r.out.hasPrefix("核验结论：无法识别"), "\(r.out)")
        #expect(try independent(c, changed)["proof"] as? Bool == false)
    }

    @Test func changedProofValueIsAnAlteration() throws {
        let c = try issued()
        let text = try String(contentsOfFile: c.credential, encoding: .utf8)
        let value = try #require(text.range(of: #""proofValue": "z[1-9A-HJ-NP-Za-km-z]+""#, options: .regularExpression))
        var proof = String(text[value])
        let last = proof.index(proof.endIndex, offsetBy: -2)
        proof.replaceSubrange(last...last, with: proof[last] == "A" ? "B" : "A")
        let changed = c.dir + "/changed.vc.json"
        try text.replacingCharacters(in: value, with: proof).write(toFile: changed, atomically: true, encoding: .utf8)
        let r = verify(c, changed, lists: false)
        #expect(r.code == 1)
        #expect(r.out.hasPrefix("核验结论：已被篡改（altered）") || r.out.hasPrefix("核验结论：无法识别"), "\(r.out)")
    }

    @Test func revokedIndexIsRejectedHereAndIndependently() throws {
        let c = try issued()
        #expect(yrdq(["certificate", "revoke", c.serial, "--reason", "复核不合格", "--registry", c.registry]).code == 0)
        statusList(c)
        let r = verify(c)
        #expect(r.code == 1)
        #expect(r.out.hasPrefix("核验结论：已撤销（revoked）"), "\(r.out)")
        let check = try independent(c)
        #expect(check["proof"] as? Bool == true)
        #expect(list(check, "revocation")["set"] as? Bool == true)
        #expect(list(check, "suspension")["set"] as? Bool == false)
        // The yrdq status list says the same of the credential.
        let y = yrdq(["certificate", "verify", c.credential, "--key", keys.1, "--status-list", c.publish + "/status.json"])
        #expect(y.code == 1 && y.out.hasPrefix("核验结论：已撤销（revoked）"), "\(y.out)")
    }

    @Test func suspendedAndReinstated() throws {
        let c = try issued()
        #expect(yrdq(["certificate", "suspend", c.serial, "--reason", "整改", "--registry", c.registry]).code == 0)
        statusList(c)
        let r = verify(c)
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：已暂停（suspended）"), "\(r.out)")
        #expect(list(try independent(c), "suspension")["set"] as? Bool == true)
        #expect(yrdq(["certificate", "reinstate", c.serial, "--registry", c.registry]).code == 0)
        statusList(c)
        #expect(verify(c).code == 0)
    }

    @Test func otherKeyAndAlteredList() throws {
        let c = try issued()
        statusList(c)
        let other = makeKeys()
        let r = yrdq(["certificate", "verify", c.credential, "--key", other.1])
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：非本机关签发"), "\(r.out)")
        // A list with a bit flipped by hand no longer carries the bureau's proof: the status is unknown.
        let path = c.publish + "/status-revocation.vc.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let encoded = try #require(text.range(of: #""encodedList": "u[A-Za-z0-9_-]+""#, options: .regularExpression))
        let flipped = "\"encodedList\": \"" + BitstringStatusList.encode(setting: [1, 2, 3]) + "\""
        try text.replacingCharacters(in: encoded, with: flipped).write(toFile: path, atomically: true, encoding: .utf8)
        let v = verify(c)
        #expect(v.code == 1 && v.out.hasPrefix("核验结论：无法确定（unknown）") && v.out.contains("已被篡改"), "\(v.out)")
    }

    @Test func theIndexIsAssignedOnceAndKeptOnReissue() throws {
        let c = try issued()
        let first = try String(contentsOfFile: c.credential, encoding: .utf8)
        let panel = c.dir + "/p/panel.yaml"
        let again = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", c.registry, "--format", "md",
                          "--out", c.dir + "/out", "--credential-base", Self.base])
        #expect(again.code == 0, "\(again.err)")
        // The same credential (Ed25519 here is deterministic, but only the signed content is asserted).
        func unsigned(_ text: String) -> String { text.replacingOccurrences(of: #""proofValue": "z[^"]*""#, with: "", options: .regularExpression) }
        #expect(unsigned(try String(contentsOfFile: c.credential, encoding: .utf8)) == unsigned(first))
        let rows = try DatabaseQueue(path: c.registry).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM credential_status") }
        #expect(rows == 1)
        // Never changed, never freed.
        #expect(throws: (any Error).self) {
            try DatabaseQueue(path: c.registry).write { db in try db.execute(sql: "UPDATE credential_status SET list_index = list_index + 1") }
        }
        #expect(throws: (any Error).self) {
            try DatabaseQueue(path: c.registry).write { db in try db.execute(sql: "DELETE FROM credential_status") }
        }
    }

    @Test func withoutABaseNoCredentialIsWritten() throws {
        let dir = tempDir("no-vc")
        let panel = writePanel(in: dir + "/p", bases: ["90", "90", "90", "90", "90"].map(p))
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--format", "md", "--out", dir + "/out"])
        #expect(r.code == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0.hasSuffix(".vc.json") }.isEmpty)
    }

    @Test(arguments: ["portal.example/yrdq", "https://portal.example/yrdq/?v=1", "https://portal.example/y rdq/"])
    func badBaseIsABadCommandLine(_ base: String) throws {
        let dir = tempDir("bad-base")
        let panel = writePanel(in: dir + "/p", bases: ["90", "90", "90", "90", "90"].map(p))
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--format", "md",
                      "--out", dir + "/out", "--credential-base", base])
        #expect(r.code == 64)
        #expect(r.err.contains("--credential-base"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/reg.db"), "nothing issued")
    }

    @Test func aCredentialIsNotReplacedByAnotherKindNorReplacesOne() throws {
        let c = try issued()
        // A status list credential's name taken by a key file: status-list refuses, writes nothing.
        try "-----BEGIN PRIVATE KEY-----\n".write(toFile: c.publish + "/status-suspension.vc.json", atomically: true, encoding: .utf8)
        let r = yrdq(["certificate", "status-list", "--key", keys.0, "--registry", c.registry, "--out", c.publish + "/status.json",
                      "--credential-base", Self.base])
        #expect(r.code == 1 && r.err.contains("不会覆盖"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: c.publish + "/status.json"))
        #expect(!FileManager.default.fileExists(atPath: c.publish + "/status-revocation.vc.json"))
    }

    @Test func issueDoesNotReplaceAnotherFileWhereTheCredentialGoes() throws {
        let c = try issued()
        let name = (c.credential as NSString).lastPathComponent
        try FileManager.default.removeItem(atPath: c.credential)
        try "{\"format\": \"yrdq-certificate-1\"}".write(toFile: c.credential, atomically: true, encoding: .utf8)
        let r = yrdq(["certificate", "issue", c.dir + "/p/panel.yaml", "--key", keys.0, "--registry", c.registry, "--format", "md",
                      "--out", c.dir + "/out", "--credential-base", Self.base])
        #expect(r.code == 1 && r.err.contains(name) && r.err.contains("不会覆盖"), "\(r.err)")
        #expect(try String(contentsOfFile: c.credential, encoding: .utf8).hasPrefix("{\"format\""), "left as it was")
    }

    /// yrdq writes every value as a string; a credential with a number (or a duplicate member)
    /// is not one of its credentials and is refused as unreadable, not taken as genuine.
    @Test(arguments: [("\"total\": \"90.00\"", "\"total\": 90.00"), ("\"total\": \"90.00\"", "\"total\": \"90.00\", \"total\": \"99.00\"")])
    func credentialWithANumberOrADuplicateIsUnreadable(_ from: String, _ to: String) throws {
        let c = try issued()
        let text = try String(contentsOfFile: c.credential, encoding: .utf8)
        let changed = c.dir + "/changed.vc.json"
        try text.replacingOccurrences(of: from, with: to).write(toFile: changed, atomically: true, encoding: .utf8)
        let r = verify(c, changed, lists: false)
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：无法识别（unreadable）：不是 yrdq 签发的可验证凭证"), "\(r.out)\(r.err)")
        #expect(r.err.contains("changed.vc.json:"), "where: \(r.err)")
    }

    @Test func twoListsOfOnePurposeOrAListOfAnotherCredentialAreNotAStatus() throws {
        let c = try issued()
        statusList(c)
        let twice = yrdq(["certificate", "verify", c.credential, "--key", keys.1,
                          "--status-list", c.publish + "/status-revocation.vc.json", "--status-list", c.publish + "/status-revocation.vc.json"])
        #expect(twice.code == 64, "\(twice.out)\(twice.err)")
        // The lists of another base: not the lists the credential names.
        let other = yrdq(["certificate", "status-list", "--key", keys.0, "--registry", c.registry, "--out", c.dir + "/status.json",
                          "--credential-base", "https://elsewhere.example/"])
        #expect(other.code == 0, "\(other.err)")
        let r = yrdq(["certificate", "verify", c.credential, "--key", keys.1, "--status-list", c.dir + "/status-revocation.vc.json"])
        #expect(r.code == 1 && r.out.hasPrefix("核验结论：无法确定（unknown）"), "\(r.out)")
    }
}
