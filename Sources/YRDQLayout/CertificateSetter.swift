import Foundation
import YRDQDocument

/// A certificate's face (`CertificateFace`) on a page of its own: every part placed on the
/// page, not flowed. Inside a double-ruled frame: the heading at the top centre; the holder's
/// name, its region, the honour and the statement in the middle, spaced evenly in the room
/// left; at the foot the QR code with the serial and notes at the lower left, and the issuing
/// body over the date at the lower right, with the seal's 42 mm reserved around them.
/// Text that does not fit at the design sizes (a very long name) is set smaller, never cut.
extension Typesetter {
    func setCertificate(_ face: CertificateFace) throws {
        if pageOpen && y > 0.01 { endPage() }
        if !pageOpen { beginPage(orientation, numbered: false) }
        let page = CertificateFrame(width: geometry.pageWidth, height: geometry.pageHeight)
        drawCertificateFrame(page)

        // The heading, letter-spaced, its em box from the top of the content area.
        let headingSize = CertificateFrame.headingSize
        let heading = setter.line(face.heading, TextStyle(role: .title, size: headingSize, tracking: headingSize * 0.25))
        let headingScale = min(1, page.contentWidth / max(1, heading.width))
        let headingBox = headingScale < 1
            ? setter.line(face.heading, TextStyle(role: .title, size: headingSize * headingScale, tracking: headingSize * headingScale * 0.25))
            : heading
        let headingEm = headingSize * headingScale
        withColour(CertificateFrame.red) {
            headingBox.draw(cr, x: page.centreX - headingBox.width / 2, baseline: page.contentTop + Metrics.baselineInEm * headingEm)
        }
        setLines.append(headingBox.text)
        let middleTop = page.contentTop + headingEm * 1.25 + mm(4)

        // The foot: the issuer at the right (and the seal's room), the QR code and its text at the left.
        let foot = try setCertificateFoot(face, page: page)
        let middleBottom = foot.top - mm(4)

        // The middle: the holder, the honour, the statement, at the largest scale that fits.
        let middle = fitCertificateMiddle(face, width: page.contentWidth, height: middleBottom - middleTop)
        let gaps = Double(middle.groups.count + 1)
        let gap = max(0, (middleBottom - middleTop - middle.height) / gaps)
        var top = middleTop + gap
        for group in middle.groups {
            for part in group {
                withColour(part.colour) {
                    for (k, line) in part.lines.enumerated() {
                        let slot = top + Double(k) * part.pitch
                        let baseline = slot + (part.pitch - part.size) / 2 + Metrics.baselineInEm * part.size
                        line.box.draw(cr, x: page.contentLeft + part.left + line.x, baseline: baseline)
                        setLines.append(line.text)
                    }
                }
                top += part.height
            }
            top += gap
        }
        for line in foot.lines { setLines.append(line) }
        y = geometry.height
    }

    // MARK: The frame

    private func drawCertificateFrame(_ page: CertificateFrame) {
        cr.save()
        let (r, g, b) = CertificateFrame.red
        cr.setColor(r, g, b)
        for (inset, width) in [(CertificateFrame.outerInset, 2.4), (CertificateFrame.innerInset, 0.7)] {
            cr.setLineWidth(width)
            cr.rectangle(inset, inset, page.width - 2 * inset, page.height - 2 * inset)
            cr.stroke()
        }
        // A small square in each corner, between the rules' corner and the content.
        let s = mm(3.2), d = CertificateFrame.innerInset + mm(1.6)
        cr.setLineWidth(0.7)
        for (x, y) in [(d, d), (page.width - d - s, d), (d, page.height - d - s), (page.width - d - s, page.height - d - s)] {
            cr.rectangle(x, y, s, s)
            cr.stroke()
            cr.rectangle(x + s * 0.3, y + s * 0.3, s * 0.4, s * 0.4)
            cr.fill()
        }
        cr.restore()
    }

    private func withColour(_ colour: (Double, Double, Double), _ draw: () -> Void) {
        cr.save()
        cr.setColor(colour.0, colour.1, colour.2)
        draw()
        cr.restore()
    }

    // MARK: The middle

    /// Lines of one part of the middle, set in its measure.
    private struct Part {
        var lines: [SetLine]
        var size: Double
        var pitch: Double
        /// Offset of the measure from the content's left edge.
        var left: Double
        var colour: (Double, Double, Double)
        var height: Double { Double(lines.count) * pitch }
    }

    /// The middle's parts in groups (holder and region; honour; statement), at the largest of
    /// a few scales whose height fits `height` with room for the gaps.
    private func fitCertificateMiddle(_ face: CertificateFace, width: Double, height: Double)
        -> (groups: [[Part]], height: Double) {
        // Down to 20 % with each part's floor, then (text that still does not fit) below the floors.
        let steps = (0...16).map { (1 - Double($0) * 0.05, true) } + [0.4, 0.3, 0.25, 0.2, 0.15].map { ($0, false) }
        var best: (groups: [[Part]], height: Double)?
        for (scale, floored) in steps {
            let groups = certificateMiddle(face, width: width, scale: scale, floored: floored)
            let total = groups.flatMap { $0 }.reduce(0) { $0 + $1.height }
            best = (groups, total)
            if total + Double(groups.count + 1) * mm(3) <= height { break }
        }
        return best!
    }

    private func certificateMiddle(_ face: CertificateFace, width: Double, scale: Double, floored: Bool) -> [[Part]] {
        // Each part shrinks with the scale down to its floor: a long name gives up its size
        // first, while the honour and the statement stay legible.
        func part(_ text: String, role: FontRole, size: Double, floor: Double, pitch: Double, measure: Double,
                  alignment: LineAlignment = .center, indent: Double = 0, colour: (Double, Double, Double) = (0, 0, 0)) -> Part {
            let size = max(floored ? floor : 5, size * scale)
            let tracking = role == .body ? size * (Metrics.bodyTracking / Metrics.body) : 0
            let spec = ParagraphSpec(style: TextStyle(role: role, size: size, tracking: tracking), width: measure,
                                     firstIndent: indent * size, alignment: alignment, balanced: alignment == .center)
            return Part(lines: setter.set(StyledText(text), spec), size: size, pitch: size * pitch,
                        left: (width - measure) / 2, colour: colour)
        }
        let nameMeasure = width - mm(16)
        var holder = [part(face.holder, role: .title, size: 30, floor: 7, pitch: 1.4, measure: nameMeasure)]
        if let note = face.holderNote, !note.isEmpty {
            holder.append(part("（\(note)）", role: .subheading, size: 18, floor: 12, pitch: 1.7, measure: nameMeasure))
        }
        let honour = [part(face.honour, role: .title, size: 44, floor: 24, pitch: 1.3, measure: nameMeasure, colour: CertificateFrame.red)]
        let statementMeasure = min(width, mm(205))
        let statement = face.statement.filter { !$0.isEmpty }.map {
            part($0, role: .body, size: 16, floor: 12, pitch: 1.8, measure: statementMeasure, alignment: .justify, indent: 2)
        }
        return [holder, honour, statement].filter { !$0.isEmpty }
    }

    // MARK: The foot

    /// Draws the foot; returns its top (the seal's room included) and the lines it set.
    private func setCertificateFoot(_ face: CertificateFace, page: CertificateFrame) throws -> (top: Double, lines: [String]) {
        var lines: [String] = []
        let bottom = page.contentBottom
        let scales = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4]

        // The issuer over the date, the date two characters in from the right, the body
        // centred over it; as wide as 40 % of the content at most (a long name breaks, and
        // is set smaller when more than three lines of it would rise above the seal's room).
        var size = 18.0, date = setter.line("", TextStyle(role: .body, size: size)), names: [SetLine] = []
        for scale in scales {
            size = 18 * scale
            let style = TextStyle(role: .body, size: size, tracking: size * (Metrics.bodyTracking / Metrics.body))
            date = setter.line(face.issuer.date, style)
            names = face.issuer.lines.filter { !$0.isEmpty }.flatMap {
                setter.set(StyledText($0), ParagraphSpec(style: style, width: page.contentWidth * 0.4, alignment: .center, balanced: true))
            }
            if Double(names.count + 1) * size * 1.65 <= mm(42) { break }
        }
        let pitch = size * 1.65
        let nameWidth = names.map { $0.box.width }.max() ?? 0
        let blockWidth = max(date.width, nameWidth)
        let dateRight = page.contentRight - 2 * size
        let centre = min(dateRight - date.width / 2, page.contentRight - blockWidth / 2)
        let dateBaseline = bottom - mm(9)
        let blockBottom = dateBaseline + (pitch - size) / 2 + (1 - Metrics.baselineInEm) * size
        let blockTop = blockBottom - Double(names.count + 1) * pitch
        for (k, name) in names.enumerated() {
            let baseline = blockTop + Double(k) * pitch + (pitch - size) / 2 + Metrics.baselineInEm * size
            name.box.draw(cr, x: centre - name.box.width / 2, baseline: baseline)
            lines.append(name.text)
        }
        date.draw(cr, x: centre - date.width / 2, baseline: dateBaseline)
        lines.append(date.text)
        // The seal (42 mm) is pressed over the body and the date: its room is part of the foot.
        let sealCentre = (blockTop + blockBottom) / 2 - Metrics.body / 2
        if let path = face.issuer.sealImage {
            try drawSeal(path, centreX: centre, top: blockTop, bottom: blockBottom)
        }
        let issuerLeft = min(centre - blockWidth / 2, centre - mm(21))
        var top = min(blockTop, sealCentre - mm(21))

        // The QR code at the lower left; the layout keeps its quiet zone of four modules clear.
        let qr = face.qr
        let n = qr.modules.count
        let side = n > 0 ? mm(qr.size) : 0
        let qrLeft = page.contentLeft, qrTop = bottom - side
        if n > 0 {
            let module = side / Double(n)
            drawQRModules(qr, left: qrLeft, top: qrTop, module: module)
            top = min(top, qrTop - 4 * module)
        }

        // Beside it, bottom-aligned with it: the serial, then the notes in small type; set
        // smaller when they would rise above the code.
        let textLeft = qrLeft + side + (n > 0 ? mm(6) : 0)
        let measure = max(mm(40), issuerLeft - mm(8) - textLeft)
        var parts: [(lines: [SetLine], size: Double, pitch: Double)] = []
        for scale in scales {
            parts = []
            let serialSize = 14 * scale
            parts.append((setter.set(StyledText(face.serial), ParagraphSpec(style: TextStyle(role: .body, size: serialSize),
                                                                               width: measure, alignment: .left)),
                          serialSize, serialSize * 1.6))
            for note in face.notes where !note.isEmpty {
                let s = max(7, 10.5 * scale)
                parts.append((setter.set(StyledText(note), ParagraphSpec(style: TextStyle(role: .body, size: s), width: measure,
                                                                         alignment: .left)), s, s * 1.55))
            }
            if parts.reduce(0, { $0 + Double($1.lines.count) * $1.pitch }) <= max(side, mm(40)) { break }
        }
        let textHeight = parts.reduce(0) { $0 + Double($1.lines.count) * $1.pitch }
        var lineTop = bottom - textHeight
        for part in parts {
            for line in part.lines {
                let baseline = lineTop + (part.pitch - part.size) / 2 + Metrics.baselineInEm * part.size
                line.box.draw(cr, x: textLeft + line.x, baseline: baseline)
                lines.append(line.text)
                lineTop += part.pitch
            }
        }
        top = min(top, bottom - textHeight)
        return (top, lines)
    }
}

/// The certificate page's frame and content area (points), from the page's size.
struct CertificateFrame {
    var width: Double
    var height: Double

    /// The thick outer rule and the thin inner one, from the page's edges.
    static let outerInset = mm(10)
    static let innerInset = mm(12.5)
    /// The heading's size (about 初号).
    static let headingSize = 44.0
    /// The certificate's red (frame, heading, honour).
    static let red = (0.70, 0.08, 0.06)

    var contentLeft: Double { mm(28) }
    var contentRight: Double { width - mm(28) }
    var contentTop: Double { mm(24) }
    var contentBottom: Double { height - mm(22) }
    var contentWidth: Double { contentRight - contentLeft }
    var centreX: Double { width / 2 }
}
