import Foundation
import YRDQCore

/// Rendering's events as the command line prints them: warnings on stderr, "已生成 PATH" on
/// stdout, and the note that the official faces are not installed once per process (once for a
/// whole `render set`, once for a batch worker's pilots).
enum RenderMessages {
    private final class Noted: @unchecked Sendable {
        let lock = NSLock()
        var done = false
        func first() -> Bool { lock.withLock { defer { done = true }; return !done } }
    }
    private static let noted = Noted()

    static func handler(_ console: Console) -> @Sendable (RenderEvent) -> Void {
        { event in
            switch event {
            case .warning(let d): console.err(d.description)
            case .fontFallback(let d): if noted.first() { console.err(d.description) }
            case .written(let path, let note): console.out("已生成 \(TerminalText.value(path))\(note ?? "")")
            }
        }
    }

    /// What in the font folders is skipped (see `RenderService.fontFolderWarnings`).
    static func warnAboutFontFolder(_ resources: Resources, _ console: Console) {
        for w in RenderService.fontFolderWarnings(resources) { console.err(w.description) }
    }
}
