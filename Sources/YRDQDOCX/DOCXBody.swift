import Foundation
import YRDQDocument

/// The body of word/document.xml: the document's blocks as paragraphs and tables, in sections
/// (cover, body, each attachment, the 版记 page, a certificate's page), and the images they show.
struct DOCXBody {
    let document: Document
    /// The PNG images, in the order of their relationship ids (rIdImage1 …).
    private(set) var images: [Data] = []
    private var xml = ""
    private var drawings = 0
    /// Paragraphs or tables written since the last section break.
    private var sectionHasContent = false
    /// Whether the body sections carry page numbers.
    var numbered: Bool { document.pageNumbers }

    init(document: Document) { self.document = document }

    /// A section's page: its orientation and what is special about it.
    struct Section {
        enum Kind { case cover, body, certificate, colophon }
        var kind: Kind
        var orientation: Orientation
        /// Page numbers start again at 1 (the first body page after a cover).
        var restartNumbers = false
    }

    func documentXML() -> String {
        WordML.header
            + "<w:document xmlns:w=\"\(WordML.w)\" xmlns:r=\"\(WordML.r)\" xmlns:wp=\"\(WordML.wp)\" xmlns:a=\"\(WordML.a)\" xmlns:pic=\"\(WordML.pic)\">"
            + "<w:body>" + xml + "</w:body></w:document>"
    }

    // MARK: - Sections

    /// The section that content goes into, and the one the next content begins (a section
    /// is ended only when the next one gets content, so no empty page is left between them).
    private var current: Section? = nil
    private var upcoming: Section? = nil

    mutating func build() throws {
        let portrait = document.orientation
        if let cover = document.cover {
            start(Section(kind: .cover, orientation: portrait))
            self.cover(cover)
        }
        start(Section(kind: .body, orientation: portrait, restartNumbers: document.cover != nil))
        if let masthead = document.masthead { self.masthead(masthead) }
        try blocks(document.body)
        for attachment in document.attachments {
            start(Section(kind: .body, orientation: attachment.orientation))
            append(WordML.paragraph("AttachmentLabel", "", WordML.runs(attachment.label)))
            if !attachment.title.isEmpty {
                append(WordML.paragraph("Title", "", titleRuns([attachment.title])))
            }
            try blocks(attachment.blocks)
        }
        if let colophon = document.colophon {
            start(Section(kind: .colophon, orientation: document.attachments.last?.orientation ?? portrait))
            self.colophon(colophon)
        }
        if current == nil { append("<w:p/>") }
        // The last section's properties close the body.
        xml += sectPr(current!)
    }

    /// Begins `section` with the next content.
    mutating func start(_ section: Section) {
        var s = section
        if let u = upcoming, u.restartNumbers { s.restartNumbers = true }
        upcoming = s
    }

    /// Adds a paragraph or table; the first after `start` ends the section before (its
    /// properties in the pPr of a last, tiny paragraph) when that one holds anything.
    mutating func append(_ part: String) {
        if let next = upcoming {
            var s = next
            if let c = current {
                if sectionHasContent {
                    xml += "<w:p><w:pPr><w:pStyle w:val=\"SectionEnd\"/>\(sectPr(c))</w:pPr></w:p>"
                } else if c.restartNumbers {
                    s.restartNumbers = true
                }
            }
            current = s
            upcoming = nil
            sectionHasContent = false
        }
        xml += part
        sectionHasContent = true
    }

    private func sectPr(_ section: Section) -> String {
        var x = "<w:sectPr>"
        let footers = numbered && (section.kind == .body || section.kind == .colophon)
        if footers {
            x += "<w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/><w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>"
        }
        // GB/T 9704 7.5: the 版记 stands on an even page.
        x += "<w:type w:val=\"\(section.kind == .colophon ? "evenPage" : "nextPage")\"/>"
        let landscape = section.orientation == .landscape
        x += landscape
            ? "<w:pgSz w:w=\"\(Page.longSide)\" w:h=\"\(Page.shortSide)\" w:orient=\"landscape\"/>"
            : "<w:pgSz w:w=\"\(Page.shortSide)\" w:h=\"\(Page.longSide)\"/>"
        // The page number's dash 7 mm under the text block: the footer's 14 pt line ends about 12 mm under it.
        let footer = WordML.twips(mm: 35 - 7) - WordML.twips(14)
        switch (section.kind, landscape) {
        case (.certificate, _):
            x += "<w:pgMar w:top=\"\(WordML.twips(mm: 24))\" w:right=\"\(WordML.twips(mm: 28))\" w:bottom=\"\(WordML.twips(mm: 22))\" w:left=\"\(WordML.twips(mm: 28))\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>"
            let border = { (side: String) in
                "<w:\(side) w:val=\"thickThinMediumGap\" w:sz=\"24\" w:space=\"28\" w:color=\"\(DOCXStyles.certificateRed)\"/>"
            }
            x += "<w:pgBorders w:offsetFrom=\"page\">" + border("top") + border("left") + border("bottom") + border("right") + "</w:pgBorders>"
        case (_, true):
            let side = document.orientation == .landscape ? Page.landscapeSide : WordML.twips(mm: 35)
            let other = document.orientation == .landscape ? Page.landscapeSide : WordML.twips(mm: 37)
            let top = document.orientation == .landscape ? Page.landscapeTopBottom : WordML.twips(mm: 28)
            let bottom = document.orientation == .landscape ? Page.landscapeTopBottom : WordML.twips(mm: 26)
            x += "<w:pgMar w:top=\"\(top)\" w:right=\"\(other)\" w:bottom=\"\(bottom)\" w:left=\"\(side)\" w:header=\"851\" w:footer=\"\(max(300, bottom - WordML.twips(mm: 7) - WordML.twips(14)))\" w:gutter=\"0\"/>"
        case (_, false):
            x += "<w:pgMar w:top=\"\(Page.top)\" w:right=\"\(Page.right)\" w:bottom=\"\(Page.bottom)\" w:left=\"\(Page.left)\" w:header=\"851\" w:footer=\"\(footer)\" w:gutter=\"0\"/>"
        }
        if section.restartNumbers { x += "<w:pgNumType w:fmt=\"decimal\" w:start=\"1\"/>" }
        else if footers { x += "<w:pgNumType w:fmt=\"decimal\"/>" }
        x += "<w:cols w:space=\"425\"/>"
        if section.kind == .colophon { x += "<w:vAlign w:val=\"bottom\"/>" }
        // 22 lines on a portrait page at the exact pitch. The 28 characters come from the body
        // style's tracking (16 pt − 0.25 pt, 28 to the line in Word, WPS and LibreOffice); the
        // grid's character pitch (15.79 pt) is recorded for Word's dialog but not switched on, as
        // LibreOffice 7 breaks every line early on a character grid with a pitch other than the font size.
        x += landscape || section.kind == .certificate
            ? "<w:docGrid w:type=\"lines\" w:linePitch=\"\(Page.linePitch)\"/>"
            : "<w:docGrid w:type=\"lines\" w:linePitch=\"\(Page.linePitch)\" w:charSpace=\"\(Page.charSpace)\"/>"
        return x + "</w:sectPr>"
    }

    /// The width of the text block of the section in progress, in twips.
    var measure: Int {
        guard let s = upcoming ?? current else { return Page.textWidth }
        if s.kind == .certificate { return Page.longSide - 2 * WordML.twips(mm: 28) }
        return s.orientation == .landscape ? Page.landscapeTextWidth : Page.textWidth
    }

    // MARK: - Blocks

    private mutating func blocks(_ blocks: [Block]) throws {
        for (i, block) in blocks.enumerated() {
            let next = i + 1 < blocks.count ? blocks[i + 1] : nil
            switch block {
            case .title(let lines):
                append(WordML.paragraph("Title", "", titleRuns(lines)))
            case .subtitle(let text):
                append(WordML.paragraph("Subtitle", "", WordML.runs(text)))
            case .heading(let level, let text):
                append(WordML.paragraph("Heading\(min(4, max(1, level)))", "", WordML.runs(text)))
            case .paragraph(let content, let style):
                let id: String
                switch style {
                case .body: id = "BodyText"
                case .plain: id = "BodyPlain"
                case .centered: id = "BodyCentered"
                case .right: id = "BodyRight"
                case .note: id = "Note"
                }
                var keep = ""
                if case .signature = next { keep = "<w:keepNext/>" }
                append(WordML.paragraph(id, keep, runs(content)))
            case .list(let ordered, let items):
                for (k, item) in items.enumerated() {
                    let prefix = ordered ? "\(k + 1)．" : "• "
                    append(WordML.paragraph("BodyText", "", WordML.runs(prefix) + runs(item)))
                }
            case .table(let table):
                self.table(table)
            case .signature(let signature):
                try self.signature(signature)
            case .pageBreak:
                if sectionHasContent && upcoming == nil { append("<w:p><w:pPr><w:pStyle w:val=\"SectionEnd\"/></w:pPr><w:r><w:br w:type=\"page\"/></w:r></w:p>") }
            case .qrCode(let qr):
                append(WordML.paragraph("BodyCentered", DOCXBody.pictureLine, qrImage(qr)))
            case .certificate(let face):
                try certificate(face)
            case .attachmentNote(let names):
                attachmentNote(names)
            }
        }
    }

    private func titleRuns(_ lines: [String]) -> String {
        lines.map { WordML.runs($0) }.joined(separator: "<w:r><w:br/></w:r>")
    }

    /// Spans as runs: a blank as underlined ideographic spaces, a note mark as a superscript.
    func runs(_ spans: [Span], rPr: String = "") -> String {
        var out = ""
        for span in spans {
            switch span {
            case .text(let text): out += WordML.runs(text, rPr: rPr)
            case .blank(let width):
                // No-break spaces (a quarter em each): an editor drops trailing ordinary spaces and their underline.
                out += WordML.runs(String(repeating: "\u{00A0}", count: 4 * min(60, max(1, width))), rPr: rPr + "<w:u w:val=\"single\"/>")
            case .noteMark(let mark):
                out += WordML.runs(mark, rPr: rPr + "<w:vertAlign w:val=\"superscript\"/>")
            }
        }
        return out
    }

    // MARK: - Official parts

    /// 版头: the mark in red (narrowed when long, never wrapped), the number two lines below
    /// (an upward document's on the left with 签发人 on the right), the red rule 4 mm under it.
    private mutating func masthead(_ masthead: Masthead) {
        let width = Double(measure) / 20
        let natural = WordML.ems(masthead.mark) * 40
        var size = 40.0, scale = 100
        if natural > width {
            let s = width / natural
            if s >= 0.62 { scale = Int(s * 100) } else { size = max(16, 40 * s / 0.62); scale = 62 }
        }
        var rPr = ""
        if scale < 100 { rPr += "<w:w w:val=\"\(scale)\"/>" }
        if size != 40 { rPr += DOCXStyles.size(size) }
        append(WordML.paragraph("MastheadMark", DOCXStyles.exact(WordML.twips(45), before: WordML.twips(mm: 35) - WordML.twips(2.5)),
                                WordML.runs(masthead.mark, rPr: rPr)))
        let rule = "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"18\" w:space=\"9\" w:color=\"\(DOCXStyles.mastheadRed)\"/></w:pBdr>"
        let spacing = DOCXStyles.exact(Page.linePitch, before: 2 * Page.linePitch - WordML.twips(2.5), after: 2 * Page.linePitch)
        if masthead.upward {
            let tabs = "<w:tabs><w:tab w:val=\"right\" w:pos=\"\(measure - 320)\"/></w:tabs>"
            var r = WordML.runs(masthead.number) + "<w:r><w:tab/></w:r>" + WordML.runs("签发人：")
            for (k, name) in masthead.signatories.enumerated() {
                if k > 0 { r += "<w:r><w:br/></w:r><w:r><w:tab/></w:r>" }
                r += WordML.runs(name, rPr: WordML.fonts(eastAsia: Face.kai))
            }
            append(WordML.paragraph("DocumentNumber", rule + tabs + spacing + "<w:ind w:left=\"320\"/><w:jc w:val=\"left\"/>", r))
        } else {
            append(WordML.paragraph("DocumentNumber", rule + spacing, WordML.runs(masthead.number)))
        }
    }

    /// 附件说明: "附件：1．name", the further names aligned under the first.
    private mutating func attachmentNote(_ names: [String]) {
        for (k, name) in names.enumerated() {
            let label = k == 0 ? "附件：" : "\u{3000}\u{3000}\u{3000}"
            let number = names.count > 1 ? "\(k + 1)．" : ""
            let before = k == 0 ? DOCXStyles.exact(Page.linePitch, before: Page.linePitch) : ""
            append(WordML.paragraph("AttachmentNote", (k < names.count - 1 ? "<w:keepNext/>" : "") + before,
                                    WordML.runs(label + number + name)))
        }
    }

    /// 版记: 抄送, then 印发机关 and 印发日期, between rules (the first and last 0.35 mm, the middle 0.25 mm).
    private mutating func colophon(_ colophon: Colophon) {
        let thick = "w:val=\"single\" w:sz=\"8\" w:space=\"1\" w:color=\"000000\""
        let thin = "w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\""
        let tabs = "<w:tabs><w:tab w:val=\"right\" w:pos=\"\(measure - 560)\"/></w:tabs>"
        // The 版记 has its page to itself: space above it sets it at the foot (also where the
        // section's bottom alignment is not read, as in LibreOffice 7).
        let pitch = WordML.twips(24)
        let copyLines = colophon.copiesLine.map { Int(WordML.ems($0) * 280) / max(1, measure - 1400) + 1 } ?? 0
        let height = (upcoming ?? current)?.orientation == .landscape ? WordML.twips(mm: 156) : Page.textHeight
        let before = max(0, height - (copyLines + 1) * pitch - 900)
        let space = DOCXStyles.exact(pitch, before: before)
        if let copies = colophon.copiesLine {
            append(WordML.paragraph("Colophon", "<w:keepNext/><w:pBdr><w:top \(thick)/><w:bottom \(thin)/></w:pBdr>" + space
                                    + "<w:ind w:left=\"1120\" w:right=\"280\" w:hanging=\"840\"/>",
                                    WordML.runs(copies)))
        }
        let top = colophon.copiesLine == nil ? "<w:top \(thick)/>" : ""
        append(WordML.paragraph("Colophon", "<w:pBdr>\(top)<w:bottom \(thick)/></w:pBdr>" + tabs + (colophon.copiesLine == nil ? space : ""),
                                WordML.runs(colophon.printer) + "<w:r><w:tab/></w:r>" + WordML.runs(colophon.printedLine)))
    }

    // MARK: - Cover

    private mutating func cover(_ cover: Cover) {
        let height = Page.textHeight
        var y = height * 16 / 100
        if !cover.title.isEmpty {
            append(WordML.paragraph("CoverTitle", DOCXStyles.exact(WordML.twips(44), before: y), titleRuns(cover.title)))
            y += cover.title.count * WordML.twips(44)
        }
        if let subtitle = cover.subtitle, !subtitle.isEmpty {
            append(WordML.paragraph("CoverSubtitle", DOCXStyles.exact(WordML.twips(32), before: Page.linePitch / 2), WordML.runs(subtitle)))
            y += Page.linePitch / 2 + WordML.twips(32)
        }
        if !cover.fields.isEmpty {
            let top = max(y + 2 * Page.linePitch, height * 48 / 100)
            append("<w:p><w:pPr><w:pStyle w:val=\"CoverField\"/>\(DOCXStyles.exact(top - y))</w:pPr></w:p>")
            y = top
            let labels = cover.fields.map { $0.label.hasSuffix("：") || $0.label.hasSuffix(":") ? $0.label : $0.label + "：" }
            let labelWidth = Int((labels.map(WordML.ems).max() ?? 0) * 320) + 220
            let longest = Int((cover.fields.map { WordML.ems($0.value) }.max() ?? 0) * 320) + 540
            let valueWidth = min(max(longest, 12 * 320), measure - labelWidth)
            let row = Int(Double(Page.linePitch) * 1.3)
            var t = "<w:tbl><w:tblPr><w:tblW w:w=\"\(labelWidth + valueWidth)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
            t += "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
            t += "<w:tblGrid><w:gridCol w:w=\"\(labelWidth)\"/><w:gridCol w:w=\"\(valueWidth)\"/></w:tblGrid>"
            for (field, label) in zip(cover.fields, labels) {
                t += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                t += "<w:tc><w:tcPr><w:tcW w:w=\"\(labelWidth)\" w:type=\"dxa\"/><w:vAlign w:val=\"bottom\"/></w:tcPr>"
                t += WordML.paragraph("CoverField", "<w:jc w:val=\"right\"/>", WordML.runs(label)) + "</w:tc>"
                t += "<w:tc><w:tcPr><w:tcW w:w=\"\(valueWidth)\" w:type=\"dxa\"/><w:tcBorders><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/></w:tcBorders><w:vAlign w:val=\"bottom\"/></w:tcPr>"
                t += WordML.paragraph("CoverField", "<w:jc w:val=\"left\"/>", WordML.runs(field.value)) + "</w:tc></w:tr>"
                y += row * max(1, Int((WordML.ems(field.value) * 320) / Double(valueWidth)) + 1)
            }
            t += "</w:tbl>"
            append(t)
        }
        let foot = [cover.issuer, cover.date].compactMap { $0 }.filter { !$0.isEmpty }
        let footTop = height - (foot.count + 1) * Page.linePitch
        for (k, line) in foot.enumerated() {
            let before = k == 0 ? max(Page.linePitch, footTop - y - Page.linePitch) : 0
            append(WordML.paragraph("CoverFoot", DOCXStyles.exact(Page.linePitch, before: before), WordML.runs(line)))
        }
    }

    // MARK: - Signature

    /// The signing lines: a line to sign on, the seal (inline, over the lines), the issuer
    /// centred over the date, the date four characters in from the right (GB/T 9704 7.3.5.1).
    private mutating func signature(_ signature: Signature) throws {
        append("<w:p><w:pPr><w:pStyle w:val=\"BodyPlain\"/><w:keepNext/></w:pPr></w:p>")
        let dateEms = WordML.ems(signature.date)
        if let signHere = signature.signHere, !signHere.isEmpty {
            // As the PDF sets it: the label and eight characters of room, two characters from the right.
            append(WordML.paragraph("Signature", "<w:ind w:rightChars=\"200\" w:right=\"640\"/>",
                                    WordML.runs(signHere) + runs([.blank(width: 8)])))
        }
        func indent(_ ems: Double) -> String {
            let chars = max(0, Int(((4 + (dateEms - ems) / 2) * 100).rounded()))
            return "<w:ind w:rightChars=\"\(chars)\" w:right=\"\(chars * 16 / 5)\"/>"
        }
        if let path = signature.sealImage {
            let (data, width, height) = try seal(path)
            append(WordML.paragraph("Signature", DOCXBody.pictureLine + indent(42 / 25.4 * 72 / 16),
                                    image(data, widthMM: 42 * min(1, width / max(width, height)),
                                          heightMM: 42 * min(1, height / max(width, height)), description: "印章")))
        }
        let lines = signature.lines.filter { !$0.isEmpty }
        for (k, line) in lines.enumerated() {
            let last = k == lines.count - 1 && signature.date.isEmpty
            append(WordML.paragraph("Signature", (last ? "<w:keepNext w:val=\"0\"/>" : "") + indent(WordML.ems(line)), WordML.runs(line)))
        }
        if !signature.date.isEmpty {
            append(WordML.paragraph("Signature", "<w:keepNext w:val=\"0\"/>" + indent(dateEms), WordML.runs(signature.date)))
        }
    }

    /// A seal's PNG bytes and pixel size; the same refusals as the PDF writer's.
    private func seal(_ path: String) throws -> (Data, Double, Double) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw DOCXError.sealImage(path: path, reason: "文件不存在")
        }
        guard !isFolder.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw DOCXError.sealImage(path: path, reason: "无法读取")
        }
        guard let size = PNGImage.size(data) else { throw DOCXError.sealImage(path: path, reason: "不是 PNG 图片") }
        return (data, Double(size.width), Double(size.height))
    }

    // MARK: - Images

    /// A picture's paragraph is as tall as the picture (an exact line pitch would cut it).
    static let pictureLine = "<w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"

    /// An inline picture (never floating): a clerk moves it like a character.
    private mutating func image(_ png: Data, widthMM: Double, heightMM: Double, description: String) -> String {
        images.append(png)
        drawings += 1
        let id = drawings, rid = "rIdImage\(images.count)"
        let cx = WordML.emu(mm: widthMM), cy = WordML.emu(mm: heightMM)
        let descr = WordML.escape(description.map { $0.isNewline ? " " : String($0) }.joined())
        return "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
            + "<wp:extent cx=\"\(cx)\" cy=\"\(cy)\"/><wp:docPr id=\"\(id)\" name=\"Picture \(id)\" descr=\"\(descr)\"/>"
            + "<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
            + "<a:graphic><a:graphicData uri=\"\(WordML.pic)\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"\(id)\" name=\"image\(images.count).png\"/><pic:cNvPicPr/></pic:nvPicPr>"
            + "<pic:blipFill><a:blip r:embed=\"\(rid)\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
            + "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"\(cx)\" cy=\"\(cy)\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>"
            + "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    }

    /// A QR code as an inline PNG, its quiet zone included in the picture.
    mutating func qrImage(_ qr: QRCode) -> String {
        let n = max(1, qr.modules.count)
        let side = qr.size * Double(n + 8) / Double(n)
        return image(PNGImage.qrCode(qr), widthMM: side, heightMM: side, description: qr.text)
    }

    // MARK: - Certificate

    /// A certificate's face: a landscape page in a red double page border, every part a
    /// paragraph (heading, holder, honour, statement) or a borderless table's cell at the foot
    /// (QR code; serial and notes; seal, issuer and date), spaced evenly between.
    private mutating func certificate(_ face: CertificateFace) throws {
        start(Section(kind: .certificate, orientation: .landscape))
        let height = Double(WordML.twips(mm: 210 - 24 - 22))
        let statementWidth = Double(measure - 2 * WordML.twips(mm: 18))
        let statementLines = face.statement.reduce(0) { $0 + Int((WordML.ems($1) + 2) * 320 / statementWidth) + 1 }
        let qrSide = face.qr.size * Double(max(1, face.qr.modules.count) + 8) / Double(max(1, face.qr.modules.count))
        let footText = WordML.twips(20) + face.notes.count * WordML.twips(15)
        let sealHeight = face.issuer.sealImage == nil ? 0 : WordML.twips(mm: 42)
        let footHeight = max(WordML.twips(mm: qrSide), footText, sealHeight + (face.issuer.lines.count + 1) * WordML.twips(27))
        var used = WordML.twips(57) * 2 + WordML.twips(39) + statementLines * WordML.twips(28) + footHeight
        if face.holderNote?.isEmpty == false { used += WordML.twips(27) }
        let gap = max(0, (Int(height) - used - 200) / 3)
        append(WordML.paragraph("CertificateHeading", "", WordML.runs(face.heading)))
        append(WordML.paragraph("CertificateHolder", DOCXStyles.exact(WordML.twips(39), before: gap), WordML.runs(face.holder)))
        if let note = face.holderNote, !note.isEmpty {
            append(WordML.paragraph("CertificateHolderNote", "", WordML.runs("（\(note)）")))
        }
        append(WordML.paragraph("CertificateHonour", "", WordML.runs(face.honour)))
        for (k, line) in face.statement.enumerated() {
            append(WordML.paragraph("CertificateStatement", k == 0 ? DOCXStyles.exact(WordML.twips(28), before: gap / 2) : "", WordML.runs(line)))
        }
        append("<w:p><w:pPr><w:pStyle w:val=\"SectionEnd\"/>\(DOCXStyles.exact(max(20, gap)))</w:pPr></w:p>")
        // The foot: QR | serial and notes | seal, issuer and date.
        let qrWidth = WordML.twips(mm: qrSide) + 120
        let right = measure * 40 / 100
        let middle = measure - qrWidth - right
        var t = "<w:tbl><w:tblPr><w:tblW w:w=\"\(measure)\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
        t += "<w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
        t += "<w:tblGrid><w:gridCol w:w=\"\(qrWidth)\"/><w:gridCol w:w=\"\(middle)\"/><w:gridCol w:w=\"\(right)\"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>"
        func cell(_ width: Int, _ content: String) -> String {
            "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/><w:vAlign w:val=\"bottom\"/></w:tcPr>\(content)</w:tc>"
        }
        t += cell(qrWidth, WordML.paragraph("CertificateSerial", DOCXBody.pictureLine, qrImage(face.qr)))
        var text = WordML.paragraph("CertificateSerial", "", WordML.runs(face.serial))
        for note in face.notes { text += WordML.paragraph("CertificateNote", "", WordML.runs(note)) }
        t += cell(middle, text)
        var issuer = ""
        if let path = face.issuer.sealImage {
            let (data, w, h) = try seal(path)
            issuer += WordML.paragraph("CertificateIssuer", DOCXBody.pictureLine, image(data, widthMM: 42 * w / max(w, h), heightMM: 42 * h / max(w, h), description: "印章"))
        }
        for line in face.issuer.lines where !line.isEmpty { issuer += WordML.paragraph("CertificateIssuer", "", WordML.runs(line)) }
        if !face.issuer.date.isEmpty { issuer += WordML.paragraph("CertificateIssuer", "", WordML.runs(face.issuer.date, rPr: DOCXStyles.size(16))) }
        if issuer.isEmpty { issuer = "<w:p/>" }
        t += cell(right, issuer)
        t += "</w:tr></w:tbl>"
        append(t)
        start(Section(kind: .body, orientation: document.orientation))
    }
}
