import CPangoCairo
import Foundation

/// A face subset to a set of characters (FontSubsets.subset): the cairo face that draws
/// it and the glyph ids it retains (the rest are empty).
final class SubsetFace {
    /// A cairo font face, one reference held by this object.
    let face: OpaquePointer
    /// The glyph ids with an outline in the subset.
    let glyphs: Set<UInt32>
    init(face: OpaquePointer, glyphs: Set<UInt32>) { self.face = face; self.glyphs = glyphs }
    deinit { cairo_font_face_destroy(face) }
}

/// The subset faces made in this process, per face and character set, so that the documents
/// of a `render set` and the pilots of a batch worker that show the same characters subset a
/// face once (hb-subset takes 50–70 ms a face). A subset is a function of the face file and
/// the characters alone, so a document's bytes do not depend on what was rendered before.
/// At most `perFace` character sets a face, the least recently used forgotten first.
final class SubsetFaceCache: @unchecked Sendable {
    static let perFace = 4

    private struct Entry {
        var codePoints: Set<UInt32>
        var face: SubsetFace?
    }
    private let lock = NSLock()
    /// Per face ("file#index"): the entries, the most recently used last.
    private var entries: [String: [Entry]] = [:]
    /// hb-subset runs (tests).
    private(set) var subsetRuns = 0

    /// The subset of the face at `path` (`index` in a collection) to `codePoints`; nil when
    /// the face has no outlines to subset or subsetting failed (the face is then drawn whole).
    func face(path: String, index: UInt32, codePoints: Set<UInt32>) -> SubsetFace? {
        let key = "\(path)#\(index)"
        lock.lock()
        defer { lock.unlock() }
        var list = entries[key] ?? []
        if let at = list.firstIndex(where: { $0.codePoints == codePoints }) {
            let entry = list.remove(at: at)
            list.append(entry)
            entries[key] = list
            return entry.face
        }
        let face = FontSubsets.subset(path: path, index: index, codePoints: codePoints)
        subsetRuns += 1
        list.append(Entry(codePoints: codePoints, face: face))
        if list.count > Self.perFace { list.removeFirst(list.count - Self.perFace) }
        entries[key] = list
        return face
    }

    /// The number of subsets held (tests).
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.values.reduce(0) { $0 + $1.count }
    }
}
