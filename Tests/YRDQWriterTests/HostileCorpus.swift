import YRDQDocument

/// A seeded corpus of hostile strings and a document that holds one string in every kind
/// of user text the model has, for checking the writers' output with real parsers.
enum HostileCorpus {
    /// Pieces that a Markdown or HTML reader would take for markup.
    static let pieces: [String] = [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))", "![x](y)",
        "<http://x>", "<a@b.example>", "www.evil.example", "WWW.evil.example", "http://evil.example/a", "https://x.example",
        "ftp://x.example", "mailto:a@b.example", "a@evil.example", "|", "\\|", "\\", "`", "```", "~~~", "**", "__", "~~",
        "&amp;", "&#60;", "&lt;", "&copy", "\n", "\r\n", "\r", "\u{2028}", "\n\n", "#", "## ", "> ", "- ", "+ ", "* ",
        "1. ", "1) ", "    ", "\t", ":-", "-:", ":-:", "-|-", "|-|", "---", "===", "<!--", "-->", "[^1]", "[x]: /u",
        "<br>", "</td>", "<td>", "</p>", "$x$", "{}", "*", "_", "~", "!", "[", "]", "<", ">", "&", "\"", "'", "=",
        ":", "(", ")", ".", "@", "\u{0}", "\u{7}", "\u{85}", "\u{B}", "\u{C}", "甲", "𠮷", "😀", "x", "99.99", "（10分）",
        "试点", "  ", "<sup>", "<!-- -->", "\\*", "\\\n",
    ]

    /// Characters that join the scalar before or after them into one `Character`: combining
    /// marks, prepended concatenation marks, ZWJ, variation selectors, the keycap mark.
    static let glue: [String] = ["\u{301}", "\u{600}", "\u{605}", "\u{200D}", "\u{FE0F}", "\u{20E3}", "\u{308}", "\u{110BD}"]

    /// Visible pieces: every corpus string holds at least one.
    static let visible: [String] = ["甲", "x", "<b>", "[a](b)", "|", "www.evil.example", "a@b.example", "99.99"]

    static func string(_ rng: inout SeededGenerator) -> String {
        var s = ""
        let count = Int.random(in: 1...5, using: &rng)
        var hasVisible = false
        for _ in 0..<count {
            var piece = Bool.random(using: &rng) ? pieces.randomElement(using: &rng)! : visible.randomElement(using: &rng)!
            if visible.contains(piece) { hasVisible = true }
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: piece = glue.randomElement(using: &rng)! + piece
            case 1: piece += glue.randomElement(using: &rng)!
            case 2: piece = glue.randomElement(using: &rng)! + piece + glue.randomElement(using: &rng)!
            case 3:
                // Glued to every scalar of the piece.
                let g = glue.randomElement(using: &rng)!
                piece = piece.unicodeScalars.map { String($0) + g }.joined()
            default: break
            }
            s += piece
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: s += " "
            case 1: s += "\n"
            default: break
            }
        }
        if !hasVisible { s += visible.randomElement(using: &rng)! }
        return s
    }

    /// The number of places `document` fills.
    static let slots = 71

    /// Slots that are cover labels (the Markdown writer puts its own colon after them).
    static let labelSlots: Set<Int> = [7]

    /// The three shapes of a document's top: a cover and a title block; a cover whose title
    /// is the heading (no title block); neither, the metadata's title as the heading.
    static let shapes = 3

    /// A document with `text(i)` in each of its `slots` places of user text, in `shape`.
    static func document(shape: Int = 0, _ text: (Int) -> String) -> Document {
        func cell(_ i: Int, rowSpan: Int = 1, colSpan: Int = 1, emphasis: Bool = false) -> Table.Cell {
            Table.Cell([.text(text(i))], rowSpan: rowSpan, colSpan: colSpan, emphasis: emphasis)
        }
        let scores = Table(
            caption: text(26),
            columns: [.init(width: 2, alignment: .center), .init(width: 4), .init(width: 4), .init(width: 1, alignment: .right)],
            header: [[cell(27), cell(28), cell(29), cell(30)]],
            rows: [
                [cell(31, rowSpan: 2), cell(32), Table.Cell([.text(text(33)), .noteMark(text(41)), .text(text(42))]), cell(34)],
                [cell(35), cell(36), cell(37)],
                [cell(38, colSpan: 2), cell(39), cell(40, emphasis: true)],
            ],
            notes: [[.text(text(43))]])
        let twoRowHeader = Table(
            columns: [.init(width: 1), .init(width: 1), .init(width: 1)],
            header: [[cell(44, rowSpan: 2), cell(45, colSpan: 2)], [cell(46), cell(47)]],
            rows: [[cell(48), cell(49), cell(50)]], compact: true)
        var document = Document(
            metadata: Metadata(title: text(0), author: text(1), subject: text(2), keywords: [text(3)],
                               date: DocumentDate(year: 2026, month: 4, day: 13), kind: "self-assessment"),
            cover: Cover(title: [text(4), text(5)], subtitle: text(6), fields: [.init(label: text(7), value: text(8))],
                         issuer: text(9), date: text(10)),
            body: [
                .title([text(11), text(12)]),
                .subtitle(text(13)),
                .heading(level: 1, text: text(14)),
                .heading(level: 2, text: text(15)),
                .heading(level: 3, text: text(16)),
                .heading(level: 4, text: text(17)),
                .paragraph([.text(text(18)), .noteMark(text(19)), .text(text(20))], style: .body),
                .paragraph([.text(text(21)), .blank(width: 4)], style: .plain),
                .text(text(22), .note),
                .list(ordered: true, items: [[.text(text(23))], [.text(text(24))]]),
                .list(ordered: false, items: [[.text(text(25))]]),
                .table(scores),
                .table(twoRowHeader),
                .signature(Signature(lines: [text(51), text(52)], date: text(53), signHere: text(54))),
                .qrCode(QRCode(text: text(55), modules: [[true, false], [false, true]], size: 20)),
                .certificate(CertificateFace(
                    heading: text(61), holder: text(62), holderNote: text(63), honour: text(64), statement: [text(65)],
                    issuer: Signature(lines: [text(66)], date: text(67)), serial: text(68),
                    qr: QRCode(text: text(69), modules: [[true, false], [false, true]], size: 30), notes: [text(70)])),
            ],
            attachments: [
                Attachment(label: text(56), title: text(57), blocks: [
                    .text(text(58)), .heading(level: 1, text: text(59)), .title([text(60)]),
                ]),
            ])
        if shape >= 1 { document.body.removeFirst() }
        if shape >= 2 { document.cover = nil }
        return document
    }

    /// The placeholder for slot `i` in the reference document: letters and digits that no
    /// writer changes.
    static func marker(_ i: Int) -> String { "QZX\(i)Q" }
}

/// SplitMix64, so that a corpus can be rebuilt from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
