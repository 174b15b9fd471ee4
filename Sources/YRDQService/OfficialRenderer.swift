import Foundation
import YRDQCertificates
import YRDQCore
import YRDQReports

/// The official documents (请示, 决定, 通知): inputs read and checked as for the reports, the
/// decision the scoring core's, the certificate serials the register's.
extension Renderer {
    public func application(sheetPath: String) throws -> [Planned] {
        let r = reader()
        let sheet = try r.load(path: sheetPath, requirePilot: true)
        report(r.warnings)
        return [(try builder.application(sheet, engine.score(sheet)), FileNames.name(pilot: sheet.pilot?.name, kind: "申请省级评估的请示"), sheetPath)]
    }

    /// Every panel file read and scored; every error of every file reported together.
    public func loadPanels(_ paths: [String]) throws -> [(Panel, PanelResult)] {
        var panels: [(Panel, PanelResult)] = []
        var errors: [Diagnostic] = []
        var seen = Set<String>()
        for path in paths {
            let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            guard seen.insert(key).inserted else {
                errors.append(Diagnostic(file: path, "同一专家组文件列出了两次"))
                continue
            }
            do { panels.append(try loadPanel(path)) } catch let e as InputErrors { errors += e.diagnostics }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        var pilots: [String: String] = [:]
        for (panel, _) in panels {
            guard let name = panel.pilot?.name else { continue }
            if let other = pilots.updateValue(panel.source, forKey: NameText.identityKey(name)) {
                errors.append(Diagnostic(file: panel.source, "试点“\(name)”已由 \(other) 列入：一个试点在一份公文中只列一次"))
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return panels
    }

    /// A file name for several pilots: the first pilot's name and how many there are.
    func name(_ panels: [(Panel, PanelResult)], kind: String) -> String {
        let first = panels.first?.0.pilot?.name
        return FileNames.name(pilot: first, kind: kind, extra: panels.count > 1 ? "等\(panels.count)个试点" : nil)
    }

    public func decision(panelPaths: [String], registry: String?) throws -> [Planned] {
        let panels = try loadPanels(panelPaths)
        var serials: [String?]? = nil
        if let registry {
            let register = try CertificateRegister(path: registry, create: false)
            for suffix in ["", "-journal", "-wal", "-shm"] { FilesRead.record(path: registry + suffix) }
            let all = try register.all()
            serials = panels.map { panel, result in
                guard let draft = try? CertificateDraft.from(panel: panel, result: result, rubric: rubric) else { return nil }
                // The certificate of this very evaluation, unless it was revoked.
                return all.last { $0.certificate.data.evaluation == draft.evaluation && $0.status != .revoked }?.certificate.data.serial
            }
            for (i, serial) in serials!.enumerated() where serial == nil {
                events(.warning(Diagnostic(.warning, file: panels[i].0.source,
                                           "证书登记簿 \(registry) 中没有该试点本次评估的有效证书，决定的名单中证书编号以“—”标出")))
            }
        }
        return [(try builder.decision(panels, serials: serials), name(panels, kind: "授予称号的决定"), panelPaths[0])]
    }

    public func notice(panelPaths: [String]) throws -> [Planned] {
        let panels = try loadPanels(panelPaths)
        return [(try builder.notice(panels), name(panels, kind: "暂停称号的通知"), panelPaths[0])]
    }
}
