/// Small pieces of WordprocessingML: escaping, units, runs and paragraphs. Elements are
/// written in the order the schema (ECMA-376 Part 1) gives, so Word, WPS and LibreOffice
/// read them without repair.
enum WordML {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    static let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    static let pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// Text or attribute content: & < > " escaped, characters XML 1.0 does not allow dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                let v = scalar.value
                if v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D { continue }
                if v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Points to twentieths of a point (twips), the unit of page and paragraph measures.
    static func twips(_ points: Double) -> Int { Int((points * 20).rounded()) }
    /// Millimetres to twips.
    static func twips(mm: Double) -> Int { Int((mm / 25.4 * 1440).rounded()) }
    /// Millimetres to EMU, the unit of drawings.
    static func emu(mm: Double) -> Int { Int((mm * 36000).rounded()) }
    /// A font size in half points (w:sz).
    static func halfPoints(_ points: Double) -> Int { Int((points * 2).rounded()) }

    /// The runs of a text: line breaks as <w:br/>, tabs as <w:tab/>, `rPr` on each.
    static func runs(_ text: String, rPr: String = "") -> String {
        var out = ""
        var piece = ""
        let props = rPr.isEmpty ? "" : "<w:rPr>\(rPr)</w:rPr>"
        func flush() {
            if !piece.isEmpty { out += "<w:r>\(props)<w:t xml:space=\"preserve\">\(escape(piece))</w:t></w:r>" }
            piece = ""
        }
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCR { previousWasCR = false; continue }
            previousWasCR = scalar == "\r"
            switch scalar {
            case "\r", "\n", "\u{2028}", "\u{2029}": flush(); out += "<w:r>\(props)<w:br/></w:r>"
            case "\t": flush(); out += "<w:r>\(props)<w:tab/></w:r>"
            default: piece.unicodeScalars.append(scalar)
            }
        }
        flush()
        return out
    }

    /// A paragraph of style `style`, with further paragraph properties (already in schema order
    /// after w:pStyle) and its runs.
    static func paragraph(_ style: String, _ pPr: String = "", _ runs: String) -> String {
        "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>\(pPr)</w:pPr>\(runs)</w:p>"
    }

    /// The East Asian and Latin faces of a run (no theme fonts).
    static func fonts(eastAsia: String, latin: String = "Times New Roman") -> String {
        "<w:rFonts w:ascii=\"\(latin)\" w:hAnsi=\"\(latin)\" w:eastAsia=\"\(eastAsia)\" w:cs=\"\(latin)\"/>"
    }

    /// How wide a text is in ems: ideographs one, ASCII half (the estimate that places a
    /// signature's lines over its date).
    static func ems(_ s: String) -> Double {
        s.unicodeScalars.reduce(0.0) { $0 + ($1.isASCII ? 0.5 : 1.0) }
    }
}

/// The official faces (GB/T 9704) and where each serves.
enum Face {
    /// 方正小标宋简体: titles, the 发文机关标志.
    static let title = "方正小标宋简体"
    /// 仿宋_GB2312: body text, headings 1. and （1）.
    static let body = "仿宋_GB2312"
    /// 黑体: headings 一、, 附件N, table headers.
    static let hei = "黑体"
    /// 楷体_GB2312: headings （一）.
    static let kai = "楷体_GB2312"
    /// 宋体: page numbers (4号半角宋体阿拉伯数字), the 版记.
    static let song = "宋体"
    static let latin = "Times New Roman"
}

/// GB/T 9704 measures in twips.
enum Page {
    /// A4: 210 × 297 mm.
    static let shortSide = WordML.twips(mm: 210)
    static let longSide = WordML.twips(mm: 297)
    /// Margins: top 37, binding (left) 28, bottom 35, right 26 mm; a 156 × 225 mm text block.
    static let top = WordML.twips(mm: 37), left = WordML.twips(mm: 28)
    static let bottom = WordML.twips(mm: 35), right = WordML.twips(mm: 26)
    static let textWidth = shortSide - left - right
    static let textHeight = longSide - top - bottom
    /// 225 mm / 22 lines: the exact line pitch of body text (28.99 pt).
    static let linePitch = WordML.twips(mm: 225.0 / 22.0)
    /// 156 mm / 28 characters = 15.794 pt: a 16 pt character and −0.206 pt, in the grid's unit
    /// (4096ths of a point, relative to the default 16 pt).
    static let charSpace: Int = {
        let pitch: Double = 156.0 / 25.4 * 72.0 / 28.0
        return Int(((pitch - 16.0) * 4096.0).rounded())
    }()
    /// Landscape text block 225 × 156 mm, centred on the sheet (as the PDF sets a landscape document).
    static let landscapeSide = WordML.twips(mm: 36), landscapeTopBottom = WordML.twips(mm: 27)
    static var landscapeTextWidth: Int { longSide - 2 * landscapeSide }
}
