import Foundation
import YRDQDocument

/// Flows a document's blocks onto pages, recording each page's frame as it goes (one pass:
/// page numbers and outline entries only need the current page); nothing is drawn.
final class Typesetter {
    let fonts: FontSystem
    let setter: TextSetter
    let options: PDFOptions
    /// Where the pages are recorded (the name is the drawing context's of the setters).
    let cr = FrameCanvas()

    private(set) var geometry = PageGeometry.a4(.portrait)
    /// The orientation of the current page, or of the next one while none is open: blocks
    /// are measured before the page they start is begun, so the geometry follows it at once
    /// (a landscape document's title must be centred on the landscape measure).
    var orientation: Orientation = .portrait {
        didSet { if !pageOpen { geometry = pageGeometry(orientation) } }
    }
    /// The orientation of the document's sheets: a landscape page in a portrait document is
    /// turned onto a portrait sheet (PageGeometry.turned).
    private var sheetOrientation: Orientation = .portrait
    /// Whether the current page is a turned landscape page.
    private(set) var turned = false

    func pageGeometry(_ orientation: Orientation) -> PageGeometry {
        orientation == .landscape && sheetOrientation == .portrait ? PageGeometry.turned : PageGeometry.a4(orientation)
    }

    /// A point of the current page's drawing coordinates on the sheet (outline destinations).
    func onSheet(x: Double, y: Double) -> (x: Double, y: Double) {
        turned ? (y, PageGeometry.a4(.portrait).pageHeight - x) : (x, y)
    }
    /// Pages begun so far (the current page's 1-based physical index).
    private(set) var physicalPage = 0
    /// The current page's printed number (nil: unnumbered, the cover).
    private var pageNumber: Int?
    private var lastNumber = 0
    /// Whether page numbers are printed (a certificate has none).
    private var numbersShown = true
    /// Whether pages carry a double-rule frame (a certificate).
    private var framed = false
    private(set) var pageOpen = false
    /// The pitch of the signature block: the grid's, or tighter to keep it on the page of the
    /// text it closes (setClosingParagraph).
    private var signaturePitch = Metrics.linePitch
    /// The cursor: distance from the top of the text block.
    var y = 0.0
    /// Every line set, in reading order (tests check the line breaker's output).
    var setLines: [String] = []
    /// Whether an attachment is being set: its headings stand one level under its entry.
    private var inAttachment = false

    init(fonts: FontSystem, options: PDFOptions) {
        self.fonts = fonts; self.options = options
        setter = TextSetter(fonts: fonts)
        cr.owner = fonts
    }

    // MARK: Styles

    /// The work done so far (tests check that it grows linearly with the document).
    var work: LayoutWork { setter.work }

    var bodyStyle: TextStyle { TextStyle(role: .body, size: Metrics.body, tracking: Metrics.bodyTracking) }
    var indent: Double { 2 * Metrics.charPitch }

    // MARK: Document

    func run(_ document: Document) throws {
        sheetOrientation = document.orientation
        orientation = document.orientation
        numbersShown = document.pageNumbers
        framed = document.frame
        if let cover = document.cover {
            beginPage(document.orientation, numbered: false)
            drawCover(cover)
            endPage()
        }
        if let masthead = document.masthead { drawMasthead(masthead) }
        try setBlocks(document.body)
        for attachment in document.attachments {
            if pageOpen { endPage() }
            orientation = attachment.orientation
            beginPage(attachment.orientation, numbered: true)
            inAttachment = true
            let label = setter.set(StyledText(attachment.label),
                                   ParagraphSpec(style: TextStyle(role: .heading, size: Metrics.body, tracking: Metrics.bodyTracking),
                                                 width: geometry.width, alignment: .left))
            let entry = attachment.title.isEmpty ? attachment.label : "\(attachment.label)　\(attachment.title)"
            let target = onSheet(x: geometry.left, y: geometry.top)
            cr.addOutline(level: 1, title: entry, page: cr.pageIndex, x: target.x, y: target.y)
            drawLines(label, pitch: Metrics.linePitch, size: Metrics.body)
            if !attachment.title.isEmpty {
                setTitle([attachment.title])
            }
            try setBlocks(attachment.blocks)
        }
        if let colophon = document.colophon { setColophon(colophon) }
        if pageOpen { endPage() }
        if physicalPage == 0 {
            // An empty document still gets one page.
            beginPage(orientation, numbered: true)
            endPage()
        }
    }

    func setBlocks(_ blocks: [Block]) throws {
        // How many plain paragraphs stand in a row from each block on, counted once from the
        // end (looking ahead from every block would go over a long run once per block).
        var plainRun = [Int](repeating: 0, count: blocks.count + 1)
        for i in blocks.indices.reversed() {
            work.blockSteps += 1
            if case .paragraph(_, .plain) = blocks[i] { plainRun[i] = plainRun[i + 1] + 1 }
        }
        for (index, block) in blocks.enumerated() {
            work.blockSteps += 1
            // A few plain lines in a row are a signing form ("评估人：…　单位：…" over
            // "签字：…　日期：…"): no page separates a line of it from the next, and, as for a
            // signature, the last two lines of the text (or a table's notes) before it go over
            // with it. `form` is the height of the form that follows this block, if any.
            let formLines = plainRun[index + 1]
            let form = Double(min(3, formLines)) * Metrics.linePitch
            // GB/T 9704 §7.3.5: the signature and date never stand on a page alone; the last
            // two lines of the text before them go with them.
            var keepWithNext = 0.0
            if index + 1 < blocks.count, case .signature(let signature) = blocks[index + 1] {
                keepWithNext = signatureHeight(signature)
            } else if index + 2 < blocks.count, case .attachmentNote(let names) = blocks[index + 1],
                      case .signature(let signature) = blocks[index + 2] {
                keepWithNext = attachmentNoteHeight(names) + signatureHeight(signature)
            } else if case .paragraph(_, let style) = block, form > 0 {
                keepWithNext = style == .plain ? Metrics.linePitch : form
            }
            switch block {
            case .title(let lines): setTitle(lines)
            case .subtitle(let text):
                let lines = setter.set(StyledText(text), ParagraphSpec(style: bodyStyle, width: geometry.width, alignment: .center, balanced: true))
                drawLines(lines, pitch: Metrics.linePitch, size: Metrics.body)
                skip(Metrics.linePitch)
            case .heading(let level, let text): setHeading(level: level, text: text, lead: leadHeight(blocks, after: index))
            case .paragraph(let spans, let style):
                if index + 1 < blocks.count, case .signature(let signature) = blocks[index + 1] {
                    setClosingParagraph(StyledText(spans), style: style, signature: signature)
                } else {
                    setParagraph(StyledText(spans), style: style, keepWithNext: keepWithNext)
                }
            case .list(let ordered, let items):
                for (i, item) in items.enumerated() {
                    var styled = StyledText(item)
                    let prefix = ordered ? "\(i + 1)．" : "• "
                    styled.text = prefix + styled.text
                    styled.underlines = styled.underlines.map { ($0.lowerBound + prefix.utf8.count)..<($0.upperBound + prefix.utf8.count) }
                    setParagraph(styled, style: .body, keepWithNext: i == items.count - 1 ? keepWithNext : 0)
                }
            case .table(let table):
                // With the half line the table leaves below itself.
                try setTable(table, keepWithNext: form > 0 ? form + Metrics.linePitch / 2 : 0)
            case .signature(let signature): try setSignature(signature)
            case .pageBreak:
                if pageOpen && y > 0.01 { endPage() }
            case .qrCode(let qr): setQRCode(qr)
            case .certificate(let face): try setCertificate(face)
            case .attachmentNote(let names): setAttachmentNote(names, keepWithNext: keepWithNext)
            }
        }
    }

    // MARK: Pages

    func beginPage(_ orientation: Orientation, numbered: Bool) {
        geometry = pageGeometry(orientation)
        turned = orientation == .landscape && sheetOrientation == .portrait
        physicalPage += 1
        if numbered { lastNumber += 1; pageNumber = lastNumber } else { pageNumber = nil }
        let number = numbersShown ? pageNumber : nil
        if turned {
            // Landscape (X, Y) onto the portrait sheet at (Y, 297 mm − X): the head on the left.
            let sheet = PageGeometry.a4(.portrait)
            cr.beginPage(width: sheet.pageWidth, height: sheet.pageHeight, number: number)
            cr.setMatrix(FrameTransform(xx: 0, yx: -1, xy: 1, yy: 0, x0: 0, y0: sheet.pageHeight))
        } else {
            cr.beginPage(width: geometry.pageWidth, height: geometry.pageHeight, number: number)
        }
        pageOpen = true
        y = 0
        cr.setColor(0, 0, 0)
    }

    func endPage() {
        guard pageOpen else { return }
        if let n = pageNumber, numbersShown { drawPageNumber(n) }
        if framed { drawFrame() }
        cr.endPage()
        pageOpen = false
    }

    func newPage() {
        endPage()
        beginPage(orientation, numbered: true)
    }

    /// Starts a new page unless `height` fits below the cursor (or the page is still empty).
    func ensure(_ height: Double) {
        if !pageOpen { beginPage(orientation, numbered: true); return }
        if y > 0.01 && y + height > geometry.height + 0.01 { newPage() }
    }

    var remaining: Double { geometry.height - y }

    func skip(_ height: Double) {
        if pageOpen && y > 0.01 { y = min(geometry.height, y + height) }
    }

    /// A certificate's frame: a thick and a thin rule, 10 mm outside the text block.
    private func drawFrame() {
        cr.save()
        cr.setColor(0.55, 0.11, 0.07)
        for (inset, width) in [(mm(10), 1.6), (mm(8.5), 0.5)] {
            cr.setLineWidth(width)
            cr.rectangle(geometry.left - inset, geometry.top - inset,
                            geometry.width + 2 * inset, geometry.height + 2 * inset)
            cr.stroke()
        }
        cr.restore()
    }

    private func drawPageNumber(_ n: Int) {
        // A turned page has its number where a portrait page has it, upright on the sheet.
        cr.save()
        defer { cr.restore() }
        let geometry = turned ? PageGeometry.a4(.portrait) : self.geometry
        if turned { cr.identityMatrix() }
        let size = Metrics.pageNumber
        // "— 1 —": a 一字线 each side of the number, half an em apart from it (宋体's half-width
        // space; the default face's own space is a quarter em, which poppler does not even read
        // as a space), the number in the latin role's face.
        let style = TextStyle(role: .pagenumber, size: size)
        let dash = setter.line("—", style), number = setter.line("\(n)", style)
        let gap = size / 2
        let width = 2 * dash.width + 2 * gap + number.width
        let x: Double
        switch options.pageNumberPosition {
        case .centered: x = geometry.left + (geometry.width - width) / 2
        case .outside:
            x = n % 2 == 1 ? geometry.left + geometry.width - size - width : geometry.left + size
        }
        // "一字线上距版心下边缘7mm": the top of the dash's ink 7 mm below the text block (the
        // em box's top would put the ink of a dash, which sits at mid-height, 2–3 mm lower).
        let inkTop = setter.inkTop("—", TextStyle(role: .pagenumber, size: size)) ?? Metrics.baselineInEm * size
        let baseline = geometry.top + geometry.height + Metrics.pageNumberGap + inkTop
        dash.draw(cr, x: x, baseline: baseline)
        number.draw(cr, x: x + dash.width + gap, baseline: baseline)
        dash.draw(cr, x: x + dash.width + 2 * gap + number.width, baseline: baseline)
    }

    // MARK: Lines

    /// Draws lines on consecutive slots of `pitch`, breaking pages between lines.
    /// keepWithNext: the height of what follows that the last two lines must share a page with.
    /// No page leaves one line of a paragraph alone: a page break falls only where at least two
    /// lines stand on either side of it (a paragraph of two or three lines is never broken).
    func drawLines(_ lines: [SetLine], pitch: Double, size: Double, left: Double = 0, keepWithNext: Double = 0) {
        let n = lines.count
        for (k, line) in lines.enumerated() {
            if k == 0 {
                // The first two lines together (no orphan); a short paragraph whole, with what
                // it keeps with.
                ensure(n <= 3 ? Double(n) * pitch + keepWithNext : 2 * pitch)
            } else if k == n - 2 && n >= 4 {
                // The last two lines together (no widow), with what they keep with.
                ensure(2 * pitch + keepWithNext)
            }
            ensure(pitch)
            let baseline = geometry.top + y + (pitch - size) / 2 + Metrics.baselineInEm * size
            line.box.draw(cr, x: geometry.left + left + line.x, baseline: baseline)
            setLines.append(line.text)
            y += pitch
        }
    }

    func setTitle(_ given: [String]) {
        var lines: [SetLine] = []
        for text in given {
            lines += setter.set(StyledText(text), ParagraphSpec(style: TextStyle(role: .title, size: Metrics.title),
                                                               width: geometry.width - 2 * Metrics.charPitch,
                                                               alignment: .center, balanced: true))
        }
        ensure(Double(lines.count) * Metrics.titlePitch + Metrics.linePitch)
        drawLines(lines, pitch: Metrics.titlePitch, size: Metrics.title, left: Metrics.charPitch)
        skip(Metrics.linePitch)
    }

    func headingLines(level: Int, text: String) -> [SetLine] {
        let role: FontRole = level <= 1 ? .heading : level == 2 ? .subheading : .body
        return setter.set(StyledText(text), ParagraphSpec(style: TextStyle(role: role, size: Metrics.body, tracking: Metrics.bodyTracking),
                                                          width: geometry.width, firstIndent: indent))
    }

    /// The height of what must share a page with the heading at `index`: the first two lines of
    /// a paragraph (no page may hold one line of it alone), a following heading with its own
    /// lead ("三、评估结果" over "（一）专家评分" over text), or a table's caption, header and
    /// first row — so no heading ends a page.
    func leadHeight(_ blocks: [Block], after index: Int, depth: Int = 0) -> Double {
        let pitch = Metrics.linePitch
        guard index + 1 < blocks.count, depth < 8 else { return pitch }
        switch blocks[index + 1] {
        case .heading(let level, let text):
            return Double(headingLines(level: level, text: text).count) * pitch + leadHeight(blocks, after: index + 1, depth: depth + 1)
        case .paragraph(let spans, let style):
            // A paragraph of two or three lines is never broken (drawLines): the heading brings
            // all of it; a longer one its first two lines.
            let (lines, linePitch, _) = paragraphLines(StyledText(spans), style: style)
            return Double(lines.count <= 3 ? max(1, lines.count) : 2) * linePitch
        case .list:
            return 2 * pitch
        case .table(let table):
            // Caption, a header row and a first row of a few lines of table text.
            return (table.caption?.isEmpty == false ? pitch : 0) + 3 * pitch
        default:
            return pitch
        }
    }

    func setHeading(level: Int, text: String, lead: Double = Metrics.linePitch) {
        let lines = headingLines(level: level, text: text)
        // Keep a heading with the start of what follows (never a heading at a page's foot).
        ensure(Double(lines.count) * Metrics.linePitch + lead)
        if !pageOpen { beginPage(orientation, numbered: true) }
        let target = onSheet(x: geometry.left, y: geometry.top + y)
        // An attachment's headings under its entry (level 1).
        cr.addOutline(level: inAttachment ? max(1, level) + 1 : level, title: text, page: cr.pageIndex, x: target.x, y: target.y)
        drawLines(lines, pitch: Metrics.linePitch, size: Metrics.body)
    }

    func setParagraph(_ text: StyledText, style: ParagraphStyle, keepWithNext: Double = 0) {
        let (lines, pitch, size) = paragraphLines(text, style: style)
        drawLines(lines, pitch: pitch, size: size, keepWithNext: keepWithNext)
    }

    /// The last paragraph and the signature after it (GB/T 9704 §7.3.5.5: "当公文排版后所剩空白处
    /// 不能容下印章或签发人签名章、成文日期时，可以采取调整行距、字距的措施解决"): when both do not fit
    /// on the page at the grid's pitch but do at no less than 80 % of it, they are set at the
    /// pitch that fills the page, rather than the text's last lines going over with the
    /// signature and leaving the page part blank.
    func setClosingParagraph(_ text: StyledText, style: ParagraphStyle, signature: Signature) {
        let (lines, pitch, size) = paragraphLines(text, style: style)
        let units = Double(lines.count) + signatureHeight(signature) / Metrics.linePitch
        let fits = Double(lines.count) * pitch + signatureHeight(signature) <= remaining + 0.01
        if pageOpen && y > 0.01 && !fits && pitch == Metrics.linePitch {
            let tight = (remaining - 0.01) / units
            if tight >= 0.8 * Metrics.linePitch {
                signaturePitch = tight
                drawLines(lines, pitch: tight, size: size, keepWithNext: signatureHeight(signature))
                return
            }
        }
        drawLines(lines, pitch: pitch, size: size, keepWithNext: signatureHeight(signature))
    }

    func paragraphLines(_ text: StyledText, style: ParagraphStyle) -> (lines: [SetLine], pitch: Double, size: Double) {
        var spec = ParagraphSpec(style: bodyStyle, width: geometry.width, pullUpLoneCharacter: true)
        var pitch = Metrics.linePitch
        switch style {
        case .body: spec.firstIndent = indent
        case .plain: spec.alignment = .left
        case .centered: spec.alignment = .center
        case .right: spec.alignment = .right
        case .note:
            spec.style = TextStyle(role: .body, size: Metrics.note)
            spec.firstIndent = 2 * Metrics.note
            pitch = Metrics.notePitch
        }
        return (setter.set(text, spec), pitch, spec.style.size)
    }

    // MARK: Signature

    /// The height setSignature takes, with the blank lines above it.
    func signatureHeight(_ signature: Signature) -> Double {
        let count = signature.lines.count + 1 + (signature.signHere == nil ? 0 : 2)
        let gap = signature.sealImage == nil ? 1.0 : 2.0
        return (Double(count) + gap) * signaturePitch
    }

    func setSignature(_ signature: Signature) throws {
        defer { signaturePitch = Metrics.linePitch }
        let style = bodyStyle
        let pitch = signaturePitch
        let date = setter.line(signature.date, style)
        let names = signature.lines.map { setter.line($0, style) }
        let hand = signature.signHere.map { setter.line($0, style) }
        let count = names.count + 1 + (hand == nil ? 0 : 2)
        // One blank line after the text (two when a seal will be pressed over the block).
        let gap = signature.sealImage == nil ? 1.0 : 2.0
        ensure(Double(count) * pitch + gap * pitch)
        skip(gap * pitch)
        let w = geometry.width
        if let hand {
            // "专家组组长（签字）：" and room to sign, ending two characters from the right.
            let blank = 8 * Metrics.charPitch
            let x = max(0, w - 2 * Metrics.charPitch - blank - hand.width)
            drawBox(hand, x: x, pitch: pitch)
            let lineY = geometry.top + y - (pitch - Metrics.body) / 2 + 2
            cr.setLineWidth(0.6)
            cr.moveTo(geometry.left + x + hand.width, lineY)
            cr.lineTo(geometry.left + x + hand.width + blank, lineY)
            cr.stroke()
            y += pitch
        }
        // GB/T 9704 §7.3.5.1: the date four characters in from the right; the issuer centred over it.
        let dateX = max(0, w - 4 * Metrics.charPitch - date.width)
        let centre = dateX + date.width / 2
        let blockTop = y
        for name in names {
            let x = min(max(0, centre - name.width / 2), max(0, w - name.width))
            drawBox(name, x: x, pitch: pitch)
        }
        drawBox(date, x: dateX, pitch: pitch)
        if let path = signature.sealImage {
            try drawSeal(path, centreX: geometry.left + centre, top: geometry.top + blockTop, bottom: geometry.top + y)
        }
    }

    private func drawBox(_ box: LineBox, x: Double, pitch: Double) {
        ensure(pitch)
        let baseline = geometry.top + y + (pitch - Metrics.body) / 2 + Metrics.baselineInEm * Metrics.body
        box.draw(cr, x: geometry.left + x, baseline: baseline)
        setLines.append(box.text)
        y += pitch
    }

    /// The user's seal (PNG), 42 mm across, pressed over the signature and date.
    func drawSeal(_ path: String, centreX: Double, top: Double, bottom: Double) throws {
        let image = try SealPNG.read(path)
        let iw = Double(image.pixelWidth), ih = Double(image.pixelHeight)
        let size = mm(42)
        let scale = size / max(iw, ih)
        // The signature and date sit a little below the seal's centre.
        let cy = (top + bottom) / 2 - Metrics.body / 2
        cr.image(image, FrameRect(x: centreX - iw * scale / 2, y: cy - ih * scale / 2, width: iw * scale, height: ih * scale))
    }

    // MARK: Cover

    func drawCover(_ cover: Cover) {
        let w = geometry.width
        y = geometry.height * 0.16
        var titleLines: [SetLine] = []
        for t in cover.title {
            titleLines += setter.set(StyledText(t), ParagraphSpec(style: TextStyle(role: .title, size: 26), width: w,
                                                                 alignment: .center, balanced: true))
        }
        drawLines(titleLines, pitch: 44, size: 26)
        if let sub = cover.subtitle {
            y += Metrics.linePitch / 2
            let lines = setter.set(StyledText(sub), ParagraphSpec(style: TextStyle(role: .subheading, size: 18), width: w, alignment: .center, balanced: true))
            drawLines(lines, pitch: 32, size: 18)
        }
        if !cover.fields.isEmpty {
            y = max(y + Metrics.linePitch * 2, geometry.height * 0.48)
            let style = bodyStyle
            let labels = cover.fields.map { f -> LineBox in
                let label = f.label.hasSuffix("：") || f.label.hasSuffix(":") ? f.label : f.label + "："
                return setter.line(label, style)
            }
            let labelWidth = labels.map(\.width).max() ?? 0
            // The block of fields is centred, its rules as long as the longest value needs
            // (at least 12 characters), so that a pilot's long name stays on one line.
            let longest = cover.fields.map { setter.line($0.value, style).width }.max() ?? 0
            let valueWidth = min(max(longest + Metrics.charPitch, 12 * Metrics.charPitch), w - labelWidth)
            let left = max(0, (w - labelWidth - valueWidth) / 2)
            let pitch = Metrics.linePitch * 1.3
            for (field, label) in zip(cover.fields, labels) {
                let values = setter.set(StyledText(field.value), ParagraphSpec(style: style, width: valueWidth, alignment: .left,
                                                                               balanceShortLastLine: true))
                let baseline = geometry.top + y + (pitch - Metrics.body) / 2 + Metrics.baselineInEm * Metrics.body
                label.draw(cr, x: geometry.left + left + labelWidth - label.width, baseline: baseline)
                setLines.append(label.text)
                for value in values {
                    let b = geometry.top + y + (pitch - Metrics.body) / 2 + Metrics.baselineInEm * Metrics.body
                    value.box.draw(cr, x: geometry.left + left + labelWidth + value.x, baseline: b)
                    cr.setLineWidth(0.5)
                    cr.moveTo(geometry.left + left + labelWidth, b + 4)
                    cr.lineTo(geometry.left + left + labelWidth + valueWidth, b + 4)
                    cr.stroke()
                    setLines.append(value.text)
                    y += pitch
                }
            }
        }
        let foot = [cover.issuer, cover.date].compactMap { $0 }.filter { !$0.isEmpty }
        y = geometry.height - Double(foot.count + 1) * Metrics.linePitch
        for text in foot {
            let lines = setter.set(StyledText(text), ParagraphSpec(style: TextStyle(role: .body, size: Metrics.body), width: w, alignment: .center))
            drawLines(lines, pitch: Metrics.linePitch, size: Metrics.body)
        }
    }
}
