import Foundation
import YRDQCore

/// File names from a pilot's name and a document kind, reduced to what is safe in a file name
/// on Linux, Windows and macOS, and never a path. A name that the reduction left as it was is
/// used as it is; one it changed or cut (`A/B` → `A_B`) gets `~` and a short digest of the
/// original, so that two names that reduce alike (`A/B`, `A_B`, or two long names alike up to
/// the cap) never share a file, also across runs into one folder. `~` itself counts as a change,
/// so a name can never pose as another's digested form.
public enum FileNames {
    /// File systems allow 255 bytes per name; a pilot's part stays well under, so that the kind,
    /// an assessor's name and the extension still fit (60 characters of 𠮷 or of emoji are 240
    /// bytes or more, and one character with many combining marks has no byte limit at all).
    public static let maximumBytes = 120
    /// The marker before a digest, and its length with the digest ("~1a2b3c").
    public static let marker: Character = "~"
    public static let digestBytes = 7

    /// The safe reduction: control, format and path characters dropped or replaced, leading
    /// dots and trailing dots and spaces dropped, at most 60 characters and `maxBytes` bytes.
    public static func safe(_ raw: String, fallback: String = "试点", maxBytes: Int = maximumBytes) -> String {
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

    /// One part of a file name (a pilot, an assessor, a serial): the safe reduction, and when
    /// that changed the name, `~` and the digest of the name as given.
    public static func part(_ raw: String, fallback: String, maxBytes: Int) -> String {
        let original = NameText.cleaned(raw)
        if original.isEmpty { return fallback }
        let reduced = safe(original, fallback: "", maxBytes: maxBytes)
        if reduced == original && !original.contains(marker) { return reduced }
        let shortened = safe(original, fallback: "", maxBytes: maxBytes - digestBytes)
        return shortened + String(marker) + digest(original)
    }

    /// Six hexadecimal digits of the 64-bit FNV-1a hash of the text's UTF-8.
    public static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let hex = String(hash >> 40, radix: 16)
        return String(repeating: "0", count: 6 - hex.count) + hex
    }

    public static func name(pilot: String?, kind: String, extra: String? = nil) -> String {
        var base = part(pilot ?? "", fallback: "试点", maxBytes: maximumBytes) + "-" + kind
        if let extra, !NameText.cleaned(extra).isEmpty { base += "-" + part(extra, fallback: "", maxBytes: maximumBytes / 2) }
        return base
    }

    /// An assessor's part of a score table's name: the name and, when given, the organisation,
    /// so that two experts of one name (in one panel, or across runs) never share a file.
    public static func assessor(_ assessor: Assessor?) -> String? {
        guard let assessor else { return nil }
        let organization = NameText.cleaned(assessor.organization)
        return organization.isEmpty ? assessor.name : "\(NameText.cleaned(assessor.name))（\(organization)）"
    }

    /// A certificate's files: the pilot, the serial, 证书 (`嘉禾市…试点-浙质示〔2026〕第001号-证书`).
    public static func certificate(pilot: String, serial: String) -> String {
        part(pilot, fallback: "试点", maxBytes: maximumBytes) + "-" + part(serial, fallback: "证书", maxBytes: maximumBytes / 2) + "-证书"
    }
}
