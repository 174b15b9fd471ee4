/// One model of a document, independent of any output format. Reports build it
/// (through templates); writers (PDF, HTML, Markdown) only draw it. No writer
/// computes a score or knows another format.
public struct Document: Sendable, Equatable {
    public var metadata: Metadata
    public var orientation: Orientation
    /// A cover page (no page number on it), if the document has one.
    public var cover: Cover?
    public var body: [Block]
    /// 附件1, 附件2 …: each starts on a new page, page numbers continuing.
    public var attachments: [Attachment]
    /// Page numbers ("— 1 —"); a certificate has none.
    public var pageNumbers: Bool
    /// A decorative double rule around each page's text area, as on a certificate.
    public var frame: Bool
    /// An official document's 版头 (mark, number, signatories), above the body.
    public var masthead: Masthead?
    /// An official document's 版记 (抄送, 印发), at the foot of its last, even page.
    public var colophon: Colophon?

    public init(metadata: Metadata, orientation: Orientation = .portrait, cover: Cover? = nil,
                body: [Block], attachments: [Attachment] = [], pageNumbers: Bool = true, frame: Bool = false,
                masthead: Masthead? = nil, colophon: Colophon? = nil) {
        self.metadata = metadata; self.orientation = orientation; self.cover = cover
        self.body = body; self.attachments = attachments; self.pageNumbers = pageNumbers; self.frame = frame
        self.masthead = masthead; self.colophon = colophon
    }
}

public enum Orientation: String, Sendable, Equatable { case portrait, landscape }

public struct Metadata: Sendable, Equatable {
    public var title: String
    /// The issuing body (PDF author).
    public var author: String
    public var subject: String
    public var keywords: [String]
    /// The document's date (from the input, so that the same input gives the same output).
    public var date: DocumentDate?
    public var language: String
    /// The kind of document ("self-assessment", "provincial", "table", "summary", "certificate").
    public var kind: String

    public init(title: String, author: String = "", subject: String = "", keywords: [String] = [],
                date: DocumentDate? = nil, language: String = "zh-CN", kind: String = "") {
        self.title = title; self.author = author; self.subject = subject; self.keywords = keywords
        self.date = date; self.language = language; self.kind = kind
    }
}

/// A calendar date as a document carries it.
public struct DocumentDate: Sendable, Equatable {
    public var year: Int, month: Int, day: Int
    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }
    /// "2026年4月13日", no zero padding (GB/T 9704).
    public var chinese: String { "\(year)年\(month)月\(day)日" }
    /// "2026-04-13".
    public var iso: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}

public struct Cover: Sendable, Equatable {
    /// The title, possibly in several lines as it should break.
    public var title: [String]
    public var subtitle: String?
    /// Label–value lines under the title (试点名称：…, 牵头单位：…).
    public var fields: [Field]
    /// The issuing body and date at the foot of the cover.
    public var issuer: String?
    public var date: String?

    public struct Field: Sendable, Equatable {
        public var label: String, value: String
        public init(label: String, value: String) { self.label = label; self.value = value }
    }
    public init(title: [String], subtitle: String? = nil, fields: [Field] = [], issuer: String? = nil, date: String? = nil) {
        self.title = title; self.subtitle = subtitle; self.fields = fields; self.issuer = issuer; self.date = date
    }
}

/// A run of text inside a paragraph or cell.
public enum Span: Sendable, Equatable {
    case text(String)
    /// A blank to be filled in by hand, about `width` characters wide (drawn as an underline).
    case blank(width: Int)
    /// A footnote mark ("注1") after a term.
    case noteMark(String)

    public var plainText: String {
        switch self {
        case .text(let t): return t
        case .blank(let w): return String(repeating: "_", count: max(1, w))
        case .noteMark(let m): return m
        }
    }
}

extension Array where Element == Span {
    public var plainText: String { map(\.plainText).joined() }
}

public enum ParagraphStyle: String, Sendable, Equatable {
    /// Body text: first line indented two characters, justified.
    case body
    /// No indent, left aligned.
    case plain
    case centered
    case right
    /// Smaller text: table notes, footnotes, explanations of rules.
    case note
}

public enum Block: Sendable, Equatable {
    /// The document title (2号 小标宋, centred); lines as they should break.
    case title([String])
    /// A line under the title (e.g. the pilot's name), centred, in the body face.
    case subtitle(String)
    /// Headings at the four official levels: 1 "一、" 黑体, 2 "（一）" 楷体, 3 "1." and 4 "（1）" 仿宋.
    /// The text carries its own number.
    case heading(level: Int, text: String)
    case paragraph([Span], style: ParagraphStyle)
    case list(ordered: Bool, items: [[Span]])
    case table(Table)
    case signature(Signature)
    case pageBreak
    /// A QR code (a certificate's verification code), centred.
    case qrCode(QRCode)
    /// A designation certificate's face: a page of its own, laid out by the writer.
    case certificate(CertificateFace)
    /// An official document's 附件说明 (GB/T 9704 7.3.4): the names of its attachments, in order
    /// ("附件：1.…", the further names aligned under the first; one name is not numbered).
    case attachmentNote([String])

    public static func text(_ s: String, _ style: ParagraphStyle = .body) -> Block { .paragraph([.text(s)], style: style) }
}

public struct Signature: Sendable, Equatable {
    /// The signing body or person, one line each ("嘉禾市市场监督管理局").
    public var lines: [String]
    /// "2026年10月15日".
    public var date: String
    /// A seal image (PNG) supplied by the user, drawn over the signature and date; nothing is drawn without one.
    public var sealImage: String?
    /// A line to sign on by hand ("专家组组长（签字）：").
    public var signHere: String?

    public init(lines: [String], date: String, sealImage: String? = nil, signHere: String? = nil) {
        self.lines = lines; self.date = date; self.sealImage = sealImage; self.signHere = signHere
    }
}

/// A QR code: the text it encodes and its modules (row by row, `true` = dark), without
/// the quiet zone. Writers leave a white margin of four modules around it.
public struct QRCode: Sendable, Equatable {
    public var text: String
    public var modules: [[Bool]]
    /// The printed side of the symbol (without the quiet zone), in millimetres.
    public var size: Double

    public init(text: String, modules: [[Bool]], size: Double) {
        self.text = text; self.modules = modules; self.size = size
    }

    /// The dark modules as horizontal runs (row, first column, length), which every writer
    /// draws as one rectangle each.
    public var darkRuns: [(row: Int, column: Int, length: Int)] {
        var runs: [(row: Int, column: Int, length: Int)] = []
        for (r, row) in modules.enumerated() {
            var c = 0
            while c < row.count {
                guard row[c] else { c += 1; continue }
                var end = c
                while end < row.count && row[end] { end += 1 }
                runs.append((r, c, end - c))
                c = end
            }
        }
        return runs
    }
}

public struct Attachment: Sendable, Equatable {
    /// "附件1".
    public var label: String
    public var title: String
    public var blocks: [Block]
    public var orientation: Orientation

    public init(label: String, title: String, blocks: [Block], orientation: Orientation = .portrait) {
        self.label = label; self.title = title; self.blocks = blocks; self.orientation = orientation
    }
}
