import Foundation

/// The subsets made in this process, per face and glyph set, so that documents that use the
/// same glyphs of a face (the blank table of every pilot of a batch worker, a `render set`
/// run again) subset it once (hb-subset takes tens of milliseconds a face). A subset is a
/// function of the face file and the glyphs and characters alone, so a document's bytes do
/// not depend on what was laid out before. At most `perFace` glyph sets a face, the least
/// recently used forgotten first.
final class SubsetFaceCache: @unchecked Sendable {
    static let perFace = 4

    private struct Entry {
        var glyphs: [UInt32]
        var codePoints: [UInt32]
        var subset: Data?
    }
    private let lock = NSLock()
    /// Per face ("file#index"): the entries, the most recently used last.
    private var entries: [String: [Entry]] = [:]
    /// hb-subset runs (tests).
    private(set) var subsetRuns = 0

    /// The face at `path` (`index` in a collection) subset to `glyphs` with a cmap for
    /// `codePoints`; nil when the face has no outlines to subset or subsetting failed.
    func subset(path: String, index: UInt32, glyphs: [UInt32], codePoints: [UInt32]) -> Data? {
        let key = "\(path)#\(index)"
        lock.lock()
        defer { lock.unlock() }
        var list = entries[key] ?? []
        if let at = list.firstIndex(where: { $0.glyphs == glyphs && $0.codePoints == codePoints }) {
            let entry = list.remove(at: at)
            list.append(entry)
            entries[key] = list
            return entry.subset
        }
        let subset = FontSubsets.subset(path: path, index: index, glyphs: glyphs, codePoints: codePoints)
        subsetRuns += 1
        list.append(Entry(glyphs: glyphs, codePoints: codePoints, subset: subset))
        if list.count > Self.perFace { list.removeFirst(list.count - Self.perFace) }
        entries[key] = list
        return subset
    }

    /// The number of subsets held (tests).
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.values.reduce(0) { $0 + $1.count }
    }
}
