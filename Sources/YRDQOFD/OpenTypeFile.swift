import Foundation

/// The little of an OpenType file the OFD writer reads: whether it holds CFF or TrueType
/// outlines (the file's extension), its cmap (to tell which glyphs need a CGTransform), and one
/// face of a collection (.ttc) as a file of its own.
struct OpenTypeFile {
    let bytes: [UInt8]

    init(_ data: Data) { bytes = [UInt8](data) }

    private func u16(_ o: Int) -> Int? {
        guard o >= 0, o + 2 <= bytes.count else { return nil }
        return Int(bytes[o]) << 8 | Int(bytes[o + 1])
    }
    private func u32(_ o: Int) -> Int? {
        guard o >= 0, o + 4 <= bytes.count else { return nil }
        return Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3])
    }

    var isCollection: Bool { bytes.starts(with: Array("ttcf".utf8)) }
    /// CFF outlines ("OTTO"): the file is an .otf; otherwise (TrueType glyf) a .ttf.
    var isCFF: Bool { bytes.starts(with: Array("OTTO".utf8)) }
    var isSFNT: Bool {
        isCFF || bytes.starts(with: [0, 1, 0, 0]) || bytes.starts(with: Array("true".utf8))
    }

    /// The table directory of the single face: tag → (offset, length), nil when malformed.
    private func tables(at directory: Int = 0) -> [String: (offset: Int, length: Int)]? {
        guard let count = u16(directory + 4), count <= 512 else { return nil }
        var result: [String: (Int, Int)] = [:]
        for i in 0..<count {
            let record = directory + 12 + 16 * i
            guard record + 16 <= bytes.count, let offset = u32(record + 8), let length = u32(record + 12),
                  offset + length <= bytes.count else { return nil }
            let tag = String(decoding: bytes[record..<record + 4], as: UTF8.self)
            result[tag] = (offset, length)
        }
        return result
    }

    /// Face `index` of a collection as a standalone sfnt (its tables copied, 4-byte aligned,
    /// offsets rewritten; table checksums kept as the collection has them). nil when the file
    /// is not a collection or the index is not in it.
    func face(_ index: Int) -> Data? {
        guard isCollection, let count = u32(8), index >= 0, index < count, let directory = u32(12 + 4 * index),
              let numTables = u16(directory + 4), numTables <= 512, directory + 12 + 16 * numTables <= bytes.count else { return nil }
        var records: [(tag: ArraySlice<UInt8>, checksum: ArraySlice<UInt8>, offset: Int, length: Int)] = []
        for i in 0..<numTables {
            let r = directory + 12 + 16 * i
            guard let offset = u32(r + 8), let length = u32(r + 12), offset + length <= bytes.count else { return nil }
            records.append((bytes[r..<r + 4], bytes[r + 4..<r + 8], offset, length))
        }
        var out = [UInt8](bytes[directory..<directory + 12])
        var position = 12 + 16 * numTables
        var body: [UInt8] = []
        func put32(_ v: Int, into a: inout [UInt8]) { for s in [24, 16, 8, 0] { a.append(UInt8(truncatingIfNeeded: v >> s)) } }
        for r in records {
            out.append(contentsOf: r.tag); out.append(contentsOf: r.checksum)
            put32(position, into: &out); put32(r.length, into: &out)
            body.append(contentsOf: bytes[r.offset..<r.offset + r.length])
            while body.count % 4 != 0 { body.append(0) }
            position = 12 + 16 * numTables + body.count
        }
        return Data(out + body)
    }

    /// The face's cmap as code point → glyph id (subtables of format 4 and 12, Unicode ones
    /// preferred), nil when there is none that can be read.
    func cmap() -> [UInt32: UInt32]? {
        guard isSFNT, let table = tables()?["cmap"], let count = u16(table.offset + 2) else { return nil }
        var best: (rank: Int, offset: Int)? = nil
        for i in 0..<count {
            let r = table.offset + 4 + 8 * i
            guard let platform = u16(r), let encoding = u16(r + 2), let sub = u32(r + 4),
                  let format = u16(table.offset + sub) else { continue }
            var rank = 0
            if format == 12 && (platform == 3 && encoding == 10 || platform == 0) { rank = 3 }
            else if format == 4 && (platform == 3 && encoding == 1 || platform == 0) { rank = 2 }
            if rank > 0, rank > (best?.rank ?? 0) { best = (rank, table.offset + sub) }
        }
        guard let best else { return nil }
        var map: [UInt32: UInt32] = [:]
        if best.rank == 3 {
            guard let groups = u32(best.offset + 12), groups <= 1 << 20 else { return nil }
            for g in 0..<groups {
                let r = best.offset + 16 + 12 * g
                guard let start = u32(r), let end = u32(r + 4), let glyph = u32(r + 8), end >= start, end - start <= 0x10FFFF else { return nil }
                for c in start...end { map[UInt32(c)] = UInt32(glyph + (c - start)) }
            }
        } else {
            guard let segX2 = u16(best.offset + 6) else { return nil }
            let ends = best.offset + 14, starts = ends + segX2 + 2, deltas = starts + segX2, ranges = deltas + segX2
            for s in 0..<(segX2 / 2) {
                guard let end = u16(ends + 2 * s), let start = u16(starts + 2 * s), let delta = u16(deltas + 2 * s),
                      let rangeOffset = u16(ranges + 2 * s), end >= start else { continue }
                for c in start...end where c != 0xFFFF {
                    var glyph: Int
                    if rangeOffset == 0 { glyph = (c + delta) & 0xFFFF }
                    else {
                        guard let g = u16(ranges + 2 * s + rangeOffset + 2 * (c - start)) else { continue }
                        glyph = g == 0 ? 0 : (g + delta) & 0xFFFF
                    }
                    if glyph != 0 { map[UInt32(c)] = UInt32(glyph) }
                }
            }
        }
        return map
    }
}
