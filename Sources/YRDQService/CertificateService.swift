import Crypto
import Foundation
import YRDQCertificates
import YRDQCore
import YRDQDocument

/// A panel result that may be certified: only `CertificateService.designation` makes one, and
/// only of a result the scoring core designated. The register is never reached with anything else.
public struct Designation: Sendable {
    public let panel: Panel
    public let result: PanelResult
    public let draft: CertificateDraft
    fileprivate init(panel: Panel, result: PanelResult, draft: CertificateDraft) {
        self.panel = panel; self.result = result; self.draft = draft
    }
}

/// The refusal to certify a panel result the scoring core did not designate: the lines the
/// command line prints (exit 1), and nothing registered, nothing written.
public struct DesignationRefused: Error, Sendable {
    public let messages: [String]
}

/// A certificate as issued: the register's entry, whether this call issued it (else it was
/// issued before for the same pilot and evaluation), its QR code encoded once for every
/// document, and its status list index (when a credential was asked for).
public struct IssuedCertificate: Sendable {
    public let entry: RegisteredCertificate
    public let isNew: Bool
    public let qr: CertificateQR
    public let statusIndex: Int?
    public var certificate: SignedCertificate { entry.certificate }
}

/// Issuing designation certificates: the designation rule, the register (one SQLite file at a
/// path the caller gives: the command line's --registry, a workspace's own database folder),
/// signing, and the certificate's documents and credential.
public struct CertificateService {
    public let register: CertificateRegister
    public let rubric: Rubric
    /// Encodes a QR code's content; the service calls it once per certificate (tests count).
    public var encodeQR: (String) throws(InputErrors) -> QRSymbol = { text throws(InputErrors) in try QRSymbol.encode(text) }

    public init(register: CertificateRegister, rubric: Rubric) {
        self.register = register; self.rubric = rubric
    }

    /// Opens (when `create`, creates) the register at `path`.
    public init(registerAt path: String, rubric: Rubric, create: Bool = true, timeout: TimeInterval = 10) throws(InputErrors) {
        self.init(register: try CertificateRegister(path: path, create: create, timeout: timeout), rubric: rubric)
    }

    /// The register's file name inside a folder of the caller's (a workspace's data folder).
    public static let registerFileName = "certificates.sqlite"

    /// Opens (creating it there the first time) the register kept in `folder`.
    public init(registerIn folder: String, rubric: Rubric, timeout: TimeInterval = 10) throws(InputErrors) {
        try self.init(registerAt: FilePath.join(folder, Self.registerFileName), rubric: rubric, create: true, timeout: timeout)
    }

    /// The panel result as a designation, refused unless the scoring core designated it
    /// (`result.decision == .designate`); then, unless `allowFutureDate`, refused when the panel's
    /// date (the certificate's date of issue) is after `today`; then the draft's own checks.
    public static func designation(_ panel: Panel, _ result: PanelResult, rubric: Rubric,
                                   allowFutureDate: Bool = false, today: CivilDate) throws -> Designation {
        guard result.decision == .designate else {
            let engine = ScoringEngine(rubric: rubric)
            throw DesignationRefused(messages: [
                "不予签发证书（refused）：\(panel.pilot.map { TerminalText.value($0.name) } ?? "该试点")省级评估总分\(result.total.fixed2)分。",
                engine.explanation(result.decision, total: result.total),
                "只有省级评估总分高于\(rubric.thresholds.designate.points)分的试点可授予“\(rubric.designationTitle)”称号；未写入登记簿，未生成任何文件。",
            ])
        }
        // The panel's date is the certificate's date of issue: one after today (a mistyped
        // year) would stand in the register for good, as an event's --date would.
        if let date = panel.date, today < date, !allowFutureDate {
            throw InputErrors([Diagnostic(file: panel.source, "评估日期 \(date.description) 晚于今天（\(today.description)），即证书的发证日期在将来；默认不签发，以免误填。确需预先签发，请加 --allow-future-date；未写入登记簿，未生成任何文件")])
        }
        return Designation(panel: panel, result: result, draft: try CertificateDraft.from(panel: panel, result: result, rubric: rubric))
    }

    /// Issues the designation's certificate (or finds the one issued before): serial, signature,
    /// the issuing event and, when `credential`, the status list index, in one register
    /// transaction; then its QR code, encoded once.
    public func issue(_ designation: Designation, serialFormat: SerialFormat, key: Curve25519.Signing.PrivateKey,
                      credential: Bool = false) throws(InputErrors) -> IssuedCertificate {
        let (entry, isNew, index) = try register.issue(designation.draft, format: serialFormat, key: key, assigningStatusIndex: credential)
        let qr = try CertificateDocument.qr(entry.certificate, page: designation.panel.verificationPage, encode: encodeQR)
        return IssuedCertificate(entry: entry, isNew: isNew, qr: qr, statusIndex: index)
    }

    /// Refuses a result that was not designated (`designation`), else issues it.
    public func issue(panel: Panel, result: PanelResult, serialFormat: SerialFormat = try! SerialFormat(SerialFormat.defaultPattern),
                      key: Curve25519.Signing.PrivateKey, credential: Bool = false, allowFutureDate: Bool = false,
                      today: CivilDate) throws -> IssuedCertificate {
        let designation = try Self.designation(panel, result, rubric: rubric, allowFutureDate: allowFutureDate, today: today)
        return try issue(designation, serialFormat: serialFormat, key: key, credential: credential)
    }

    /// The certificate's document, around its QR code (the same symbol for every format).
    public func document(_ issued: IssuedCertificate, seal: String?) -> Document {
        CertificateDocument.build(issued.certificate, qr: issued.qr, guide: rubric.title, clause: rubric.thresholds.designate.source, seal: seal)
    }

    /// The W3C verifiable credential, with the status list index the register assigned.
    public func credential(_ issued: IssuedCertificate, key: Curve25519.Signing.PrivateKey, base: CredentialBase) throws -> String {
        let index: Int
        if let assigned = issued.statusIndex { index = assigned } else { index = try register.statusIndex(serial: issued.certificate.data.serial) }
        return try DesignationCredential.signedFile(issued.certificate.data, key: key, base: base, index: index)
    }

    /// The certificate's files, named after the pilot and the serial: the data file, the
    /// credential when given, and the documents in `formats` (pdf, html, md, docx).
    public static func fileName(_ certificate: SignedCertificate) -> String {
        FileNames.certificate(pilot: certificate.data.pilot, serial: certificate.data.serial)
    }
}

extension CertificateService {
    /// Writes the certificate's data file, its credential (when given) and its documents in
    /// `formats` into `folder`; every name is checked before the first file is written.
    public func writeFiles(_ issued: IssuedCertificate, _ document: Document, credential: String?, formats: [OutputFormat],
                           into folder: OutputFolder, renderer: RenderService, events: (RenderEvent) -> Void) throws(InputErrors) {
        let cert = issued.certificate
        let name = Self.fileName(cert)
        let files: [(name: String, kind: OutputKind)] = [("\(name).cert.json", .certificateData)]
            + (credential == nil ? [] : [("\(name).vc.json", .credential)])
            + formats.map { ("\(name).\($0.rawValue)", $0.kind) }
        try OutputFolder.checkDistinct(files.map(\.name), in: folder.path)
        var refused: [Diagnostic] = []
        for file in files {
            do { try folder.check(file.name, kind: file.kind) } catch { refused += error.diagnostics }
        }
        if !refused.isEmpty { throw InputErrors(refused) }
        try folder.write(Data(cert.fileJSON.pretty.utf8), name: files[0].name, kind: .certificateData)
        events(.written(folder.filePath(files[0].name), note: nil))
        if let credential {
            try folder.write(Data(credential.utf8), name: files[1].name, kind: .credential)
            events(.written(folder.filePath(files[1].name), note: "（W3C 可验证凭证，eddsa-jcs-2022 证明）"))
        }
        var rendering = renderer.rendering(document)
        for format in formats where format != .xlsx {   // no workbook of a certificate
            let rendered = try rendering.render(format)
            if let note = rendered.fontFallback { events(.fontFallback(note)) }
            for w in rendered.warnings { events(.warning(w)) }
            let file = "\(name).\(format.rawValue)"
            try folder.write(rendered.data, name: file, kind: format.kind)
            events(.written(folder.filePath(file), note: nil))
        }
    }
}
