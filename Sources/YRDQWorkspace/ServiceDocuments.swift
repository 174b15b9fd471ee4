import Foundation
import YRDQCertificates
import YRDQCore
import YRDQInput
import YRDQService

/// The workspace's documents and certificates over YRDQService, as `yrdq render` and
/// `yrdq certificate issue` make them: the evaluation's exported folder is planned by the same
/// `Renderer` (the same readers, file names and refusals), rendered by the same `RenderService`,
/// and certificates issued by the same `CertificateService` (designated results only, the same
/// register, the same serials). A 决定 names the serial of the certificate issued for the
/// evaluation, when the register has one. `RenderService` is safe to share; the workspace renders
/// one document at a time on its own queue (`ChairRoutes.renderQueue`), for a laptop's memory.
public final class ServiceDocuments: WorkspaceDocuments, @unchecked Sendable {
    let service: RenderService
    let key: String?
    let registry: String?

    /// `registry`: the certificate register (the command line's `--registry`).
    public init(resources: Resources, key: String?, registry: String?) throws(InputErrors) {
        service = try RenderService(resources: resources, pdf: true)
        self.key = key; self.registry = registry
    }

    public var canIssue: Bool { key != nil && registry != nil }

    static func refusal(_ error: InputErrors) -> DocumentRefusal {
        DocumentRefusal(error.errors.map { $0.message }.joined(separator: "\n"))
    }

    /// The planned document `kind` of the folder (the last of what the renderer plans for it).
    func plan(_ kind: DocumentKind, folder: String, renderer: Renderer) throws -> Renderer.Planned? {
        func path(_ name: String) -> String { FilePath.join(folder, name) }
        let sheet = path(PilotFolder.sheetNames[0]), panel = path("panel.yaml")
        switch kind {
        case .blankTable: return try renderer.blankTable().last
        case .selfTable: return try renderer.table(sheetPath: sheet).last
        case .selfAssessment: return try renderer.selfAssessment(sheetPath: sheet).last
        case .application: return try renderer.application(sheetPath: sheet).last
        case .summary: return try renderer.summary(panelPath: panel).last
        case .provincial: return try renderer.provincial(panelPath: panel).last
        case .provincialAudit: return try renderer.provincial(panelPath: panel, auditPath: path(AuditTrailCSV.fileName)).last
        case .decision:
            let register = registry.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
            return try renderer.decision(panelPaths: [panel], registry: register).last
        case .notice: return try renderer.notice(panelPaths: [panel]).last
        case .expert(let k):
            // The K-th expert sheet of the export (experts/expert-K.yaml).
            let file = path("experts/expert-\(k).yaml")
            guard FileManager.default.fileExists(atPath: file) else { return nil }
            return try renderer.table(sheetPath: file).last
        }
    }

    public func render(kind: DocumentKind, format: String, evaluationFolder folder: String) throws -> WorkspaceFile {
        guard let f = OutputFormat(rawValue: format) else { throw DocumentRefusal("没有这种格式：\(format)") }
        do {
            let renderer = Renderer(service: service, builder: try service.builder(), formats: [f], out: folder, events: { _ in })
            guard let planned = try plan(kind, folder: folder, renderer: renderer) else { throw DocumentRefusal("没有这种文档") }
            var rendering = service.rendering(planned.output.document, source: planned.source)
            let file = try rendering.render(f)
            return WorkspaceFile(bytes: [UInt8](file.data), filename: "\(planned.name).\(format)", contentType: contentType(ofFormat: format))
        } catch let e as InputErrors { throw Self.refusal(e) }
    }

    public func issueCertificate(evaluationFolder folder: String, format: String) throws -> WorkspaceCertificate {
        guard let key, let registry else { throw DocumentRefusal("未配置发证机关私钥和证书登记簿") }
        // json: the certificate's data file (`<名称>.cert.json`, as `certificate issue` writes it),
        // which `yrdq certificate verify` checks.
        let f = OutputFormat(rawValue: format)
        guard format == "json" || (f != nil && f != .xlsx) else { throw DocumentRefusal("证书格式应为 pdf、ofd、docx、html、md，或 json（证书数据文件）") }
        do {
            let panel = try PanelReader.load(path: FilePath.join(folder, "panel.yaml"), reader: SheetReader(rubric: service.rubric), requirePilot: true)
            let rubric = service.rubric
            let result = ScoringEngine(rubric: rubric).score(panel)
            let signingKey = try SigningKeys.loadPrivate(key)
            let certificates = try CertificateService(registerAt: registry, rubric: rubric)
            let issued = try certificates.issue(panel: panel, result: result, key: signingKey, today: CivilDate.today())
            let cert = issued.certificate
            let name = CertificateService.fileName(cert)
            guard let f else {
                return WorkspaceCertificate(serial: cert.data.serial,
                                            file: WorkspaceFile(bytes: Array(cert.fileJSON.pretty.utf8), filename: name + ".cert.json", contentType: contentType(ofFormat: "json")))
            }
            let file = try service.render(certificates.document(issued, seal: nil), as: f)
            return WorkspaceCertificate(serial: cert.data.serial,
                                        file: WorkspaceFile(bytes: [UInt8](file.data), filename: name + "." + format, contentType: contentType(ofFormat: format)))
        } catch let refused as DesignationRefused {
            throw DocumentRefusal(refused.messages.joined(separator: "\n"))
        } catch let e as InputErrors { throw Self.refusal(e) }
    }
}
