/// File names from a pilot's name and a document kind, reduced to what is safe
/// in a file name on Linux, Windows and macOS, and never a path.
enum FileNames {
    static func safe(_ raw: String, fallback: String = "试点") -> String {
        var out = ""
        for u in raw.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F { continue }
            if "/\\:*?\"<>|".unicodeScalars.contains(u) { out.append("_"); continue }
            if u.properties.generalCategory == .format || u.properties.generalCategory == .lineSeparator { continue }
            out.unicodeScalars.append(u)
        }
        out = out.trimmingCharacters(in: .whitespaces)
        while out.hasPrefix(".") { out.removeFirst() }
        while out.hasSuffix(".") || out.hasSuffix(" ") { out.removeLast() }
        if out.count > 60 { out = String(out.prefix(60)) }
        return out.isEmpty ? fallback : out
    }

    static func name(pilot: String?, kind: String, extra: String? = nil) -> String {
        var base = safe(pilot ?? "", fallback: "试点") + "-" + kind
        if let extra, !extra.isEmpty { base += "-" + safe(extra, fallback: "") }
        return base
    }
}
import Foundation
