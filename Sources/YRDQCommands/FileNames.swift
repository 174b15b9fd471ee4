/// File names from a pilot's name and a document kind, reduced to what is safe
/// in a file name on Linux, Windows and macOS, and never a path.
enum FileNames {
    /// File systems allow 255 bytes per name; a pilot's part stays well under, so that the kind,
    /// an assessor's name and the extension still fit (60 characters of 𠮷 or of emoji are 240
    /// bytes or more, and one character with many combining marks has no byte limit at all).
    static let maximumBytes = 120

    static func safe(_ raw: String, fallback: String = "试点", maxBytes: Int = maximumBytes) -> String {
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
        if out.utf8.count > maxBytes {
            var cut = ""
            for c in out {
                if cut.utf8.count + c.utf8.count > maxBytes { break }
                cut.append(c)
            }
            out = cut
            while out.hasSuffix(".") || out.hasSuffix(" ") { out.removeLast() }
        }
        return out.isEmpty ? fallback : out
    }

    static func name(pilot: String?, kind: String, extra: String? = nil) -> String {
        var base = safe(pilot ?? "", fallback: "试点") + "-" + kind
        if let extra, !extra.isEmpty { base += "-" + safe(extra, fallback: "", maxBytes: maximumBytes / 2) }
        return base
    }
}
import Foundation
