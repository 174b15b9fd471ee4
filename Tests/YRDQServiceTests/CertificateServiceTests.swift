import Crypto
import Foundation
import GRDB
import Testing
import YRDQCertificates
import YRDQCore
import YRDQInput
import YRDQService
import YRDQTestSupport

@Suite("the certificate service")
struct CertificateServiceTests {
    let rubric = try! Repo.resources.loadRubric()
    /// After the sample's evaluation date.
    let today = CivilDate(year: 2026, month: 12, day: 1)!

    func samplePanel() throws -> (Panel, PanelResult) {
        let panel = try PanelReader.load(path: Repo.sample.path + "/panel.yaml", reader: SheetReader(rubric: rubric), requirePilot: true)
        return (panel, ScoringEngine(rubric: rubric).score(panel))
    }

    func key(in dir: TempDir) throws -> (path: String, key: Curve25519.Signing.PrivateKey) {
        try FileManager.default.createDirectory(atPath: dir.path("keys"), withIntermediateDirectories: true)
        let paths = try SigningKeys.generate(into: dir.path("keys"))
        return (paths.privatePath, try SigningKeys.loadPrivate(paths.privatePath))
    }

    @Test("a panel result the scoring core did not designate is refused by the service itself, with the command line's words; nothing is registered")
    func refusesWhatWasNotDesignated() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let (panel, designated) = try samplePanel()
        #expect(designated.decision == .designate)
        let key = try key(in: dir).key
        let service = try CertificateService(registerIn: dir.path, rubric: rubric)
        for decision in [PanelDecision.retain, .suspend] {
            var result = designated
            result.decision = decision
            do {
                _ = try service.issue(panel: panel, result: result, key: key, today: today)
                Issue.record("issued a certificate for a result that is \(decision)")
            } catch let refused as DesignationRefused {
                #expect(refused.messages.first?.hasPrefix("不予签发证书（refused）：") == true)
                #expect(refused.messages.last?.hasSuffix("未写入登记簿，未生成任何文件。") == true)
            }
        }
        #expect(try service.register.all().isEmpty)
        // The designated one is issued.
        let issued = try service.issue(panel: panel, result: designated, key: key, today: today)
        #expect(issued.isNew && issued.certificate.data.pilot == panel.pilot?.name)
    }

    @Test("the QR code is encoded once, and every format of the certificate draws that one symbol")
    func qrEncodedOnce() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let (panel, result) = try samplePanel()
        let key = try key(in: dir).key
        let counter = Counter()
        var service = try CertificateService(registerIn: dir.path, rubric: rubric)
        service.encodeQR = { text throws(InputErrors) in counter.count += 1; return try QRSymbol.encode(text) }
        let issued = try service.issue(panel: panel, result: result, key: key, today: today)
        #expect(counter.count == 1)
        let document = service.document(issued, seal: nil)
        guard case .certificate(let face) = document.body.first else { Issue.record("not a certificate"); return }
        #expect(face.qr.text == issued.qr.content)
        #expect(face.qr.modules == issued.qr.symbol.block(size: face.qr.size).modules, "the document draws the symbol the service encoded")
        let renderer = try RenderService(resources: Repo.resources)
        let out = try OutputFolder(dir.path("out"), create: true)
        try service.writeFiles(issued, document, credential: nil, formats: [.pdf, .html, .md, .docx], into: out,
                               renderer: renderer, events: { _ in })
        #expect(counter.count == 1, "writing the four documents encoded no further QR code")
        #expect(FileManager.default.fileExists(atPath: out.filePath(CertificateService.fileName(issued.certificate) + ".docx")))
    }

    @Test("the certificate, its event and its status list index are registered in one transaction: a failure midway leaves no row")
    func oneTransaction() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let (panel, result) = try samplePanel()
        let key = try key(in: dir).key
        let service = try CertificateService(registerIn: dir.path, rubric: rubric)
        let path = service.register.path
        // Every status list position taken (by rows a damaged or foreign tool left), so that
        // assigning this certificate's index fails after its rows were inserted.
        var config = Configuration()
        config.foreignKeysEnabled = false
        let db = try DatabaseQueue(path: path, configuration: config)
        try db.write { db in
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 131071)
                INSERT INTO credential_status (serial, list_index, recorded_at) SELECT 'X' || i, i, '2026-01-01T00:00:00Z' FROM n
                """)
        }
        try db.close()
        #expect(throws: InputErrors.self) {
            _ = try service.issue(panel: panel, result: result, key: key, credential: true, today: today)
        }
        #expect(try service.register.all().isEmpty)
        #expect(try service.register.events().isEmpty)
        // Without a credential, the same certificate is issued, number 1: nothing was used up.
        let issued = try service.issue(panel: panel, result: result, key: key, today: today)
        #expect(issued.isNew && issued.entry.sequence == 1 && issued.statusIndex == nil)
    }

    @Test("with a credential the index comes with the certificate, and stays the same when issued again")
    func indexWithTheCertificate() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let (panel, result) = try samplePanel()
        let key = try key(in: dir).key
        let service = try CertificateService(registerIn: dir.path, rubric: rubric)
        let first = try service.issue(panel: panel, result: result, key: key, credential: true, today: today)
        let index = try #require(first.statusIndex)
        #expect(try service.register.statusIndex(serial: first.certificate.data.serial) == index)
        let again = try service.issue(panel: panel, result: result, key: key, credential: true, today: today)
        #expect(!again.isNew && again.statusIndex == index && again.certificate.data.serial == first.certificate.data.serial)
    }
}

final class Counter: @unchecked Sendable { var count = 0 }
