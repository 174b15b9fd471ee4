import YRDQDocument

/// Millimetres to PDF points.
func mm(_ v: Double) -> Double { v * 72.0 / 25.4 }

/// Page and text-block geometry (GB/T 9704-2012 §5.2).
///
/// Grid: the text block is 156 × 225 mm (442.2 × 637.8 pt) and must hold 22 lines
/// of 28 characters in 3号 (16 pt) type.
/// - Character pitch = 156 mm / 28 = 15.794 pt: every character advances by its
///   natural 16 pt plus a tracking of −0.206 pt, so 28 ideographs fill a line exactly.
/// - Line pitch = 225 mm / 22 = 28.99 pt: each line's 16 pt em box is centred in its
///   28.99 pt slot (6.5 pt above and below), so 22 lines fill the block exactly.
/// See LAYOUT.md.
struct PageGeometry {
    var pageWidth: Double
    var pageHeight: Double
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    var landscape: Bool

    /// A landscape page bound among portrait ones (GB/T 9704 §8, "A4纸型的表格横排时，页码位置与公文
    /// 其他页码保持一致，单页码表头在订口一边，双页码表头在切口一边"): the sheet stays portrait and the
    /// landscape block is turned onto the portrait block, its head at the sheet's left edge —
    /// the binding edge of an odd page, the cut edge of an even one. In the turned (landscape)
    /// coordinates the block starts 297 − 262 = 35 mm from the left and 28 mm from the top.
    static let turned = PageGeometry(pageWidth: mm(297), pageHeight: mm(210), left: mm(297 - 37 - 225), top: mm(28),
                                     width: mm(225), height: mm(156), landscape: true)

    static func a4(_ orientation: Orientation) -> PageGeometry {
        let w = mm(210), h = mm(297)
        switch orientation {
        case .portrait:
            // Top 37 mm, binding (left) 28 mm, block 156 × 225 mm.
            return PageGeometry(pageWidth: w, pageHeight: h, left: mm(28), top: mm(37),
                                width: mm(156), height: mm(225), landscape: false)
        case .landscape:
            // The portrait block turned: 225 × 156 mm, centred on the landscape sheet.
            return PageGeometry(pageWidth: h, pageHeight: w, left: mm((297 - 225) / 2), top: mm((210 - 156) / 2),
                                width: mm(225), height: mm(156), landscape: true)
        }
    }
}

/// The typographic constants of the writer.
enum Metrics {
    /// 3号: body text, headings.
    static let body = 16.0
    /// 2号: titles.
    static let title = 22.0
    /// 4号: page numbers, notes.
    static let pageNumber = 14.0
    static let note = 14.0
    /// 小四: table text.
    static let table = 12.0
    /// 五号: compact table text.
    static let compactTable = 10.5
    /// Line pitch of table text, in ems: 小四 on 15.6 pt, 五号 (compact) on 12.6 pt.
    static let tablePitch = 1.3
    static let compactTablePitch = 1.2
    /// 225 mm / 22 lines.
    static let linePitch = mm(225) / 22
    /// 156 mm / 28 characters.
    static let charPitch = mm(156) / 28
    /// Tracking added to each 16 pt character so that 28 of them fill 156 mm.
    static let bodyTracking = charPitch - body
    /// The title's line pitch (2号 on a 35 pt pitch, as Word templates of 公文 set it).
    static let titlePitch = 35.0
    static let notePitch = 24.0
    /// Where the baseline of an ideograph sits in its em box (Noto CJK: 0.88 em).
    static let baselineInEm = 0.88
    /// Table rules.
    static let ruleWidth = 0.6
    static let outerRuleWidth = 0.75
    /// Page numbers stand this far below the text block.
    static let pageNumberGap = mm(7)
}
