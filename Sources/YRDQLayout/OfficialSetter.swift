import Foundation
import YRDQDocument

/// The parts of an official document (公文, GB/T 9704 §7) that a report has not: the 版头 above
/// the title, the 附件说明 after the body, and the 版记 at the foot of the last page.
extension Typesetter {
    /// The red of the 版头 (发文机关标志 and separator).
    static let mastheadRed = (r: 0.86, g: 0.08, b: 0.09)
    /// The 发文机关标志's size before it is compressed to the measure (方正小标宋 marks are set
    /// tall and narrow; a long name is narrowed, never wrapped).
    static let markSize = 40.0
    /// Never narrow a mark below this share of its width; set it smaller instead.
    static let markMinimumScale = 0.62

    /// 7.2: the mark 35 mm below the top of the text block, red, centred; two lines below it
    /// the number (centred; on an upward document left, one character in, with 签发人 right,
    /// one character in, on the same line); 4 mm under the number the red separator, as wide as
    /// the text block; the title starts two lines below the separator.
    func drawMasthead(_ masthead: Masthead) {
        if !pageOpen { beginPage(orientation, numbered: true) }
        let w = geometry.width
        // The mark: in the title face, narrowed to the measure when it is longer.
        var size = Self.markSize
        var mark = setter.line(masthead.mark, TextStyle(role: .title, size: size))
        if mark.width * Self.markMinimumScale > w {
            size = max(16, size * w / (mark.width * Self.markMinimumScale))
            mark = setter.line(masthead.mark, TextStyle(role: .title, size: size))
        }
        let scale = min(1, w / mark.width)
        let markTop = mm(35)
        cr.save()
        let red = Self.mastheadRed
        cr.setColor(red.r, red.g, red.b)
        cr.translate(geometry.left + (w - mark.width * scale) / 2, geometry.top + markTop + Metrics.baselineInEm * size)
        cr.scale(scale, 1)
        mark.draw(cr, x: 0, baseline: 0)
        cr.restore()
        setLines.append(mark.text)
        // Two blank lines, then the number (and the signatories).
        y = markTop + size + 2 * Metrics.linePitch
        let style = bodyStyle
        let number = setter.line(masthead.number, style)
        let pitch = Metrics.linePitch
        func baseline() -> Double { geometry.top + y + (pitch - Metrics.body) / 2 + Metrics.baselineInEm * Metrics.body }
        if masthead.upward {
            // 7.2.5: "签发人：" in 仿宋, the name in 楷体, right, one character in; several
            // signatories one under another, the number on the line of the last.
            let label = setter.line("签发人：", style)
            let names = masthead.signatories.map { setter.line($0, TextStyle(role: .subheading, size: Metrics.body, tracking: Metrics.bodyTracking)) }
            let nameWidth = names.map(\.width).max() ?? 0
            let labelX = max(0, w - Metrics.charPitch - nameWidth - label.width)
            for (k, name) in names.enumerated() {
                if k == 0 { label.draw(cr, x: geometry.left + labelX, baseline: baseline()); setLines.append(label.text) }
                if k == names.count - 1 {
                    number.draw(cr, x: geometry.left + Metrics.charPitch, baseline: baseline())
                    setLines.append(number.text)
                }
                name.draw(cr, x: geometry.left + labelX + label.width, baseline: baseline())
                setLines.append(name.text)
                if k < names.count - 1 { y += pitch }
            }
        } else {
            number.draw(cr, x: geometry.left + (w - number.width) / 2, baseline: baseline())
            setLines.append(number.text)
        }
        // 7.2.6: the red separator 4 mm under the number.
        let ruleY = y + (pitch + Metrics.body) / 2 + mm(4)
        cr.save()
        cr.setColor(red.r, red.g, red.b)
        cr.rectangle(geometry.left, geometry.top + ruleY, w, mm(0.8))
        cr.fill()
        cr.restore()
        // The title two lines under the separator, back on the grid.
        y = (ceil(ruleY / pitch) + 1) * pitch
    }

    /// The height of a 附件说明 with the blank line above it (a name that runs over counted as one line more).
    func attachmentNoteHeight(_ names: [String]) -> Double {
        let room = Int((geometry.width - indent - 4 * Metrics.charPitch) / Metrics.charPitch)
        let lines = names.reduce(0) { $0 + 1 + ($1.count > room ? 1 : 0) }
        return Double(lines + 1) * Metrics.linePitch
    }

    /// 7.3.4: one line under the body, two characters in, "附件：" and the names; several are
    /// numbered "1." and a name that runs over aligns with its first character.
    func setAttachmentNote(_ names: [String], keepWithNext: Double) {
        let style = bodyStyle
        let pitch = Metrics.linePitch
        let label = setter.line("附件：", style)
        let left = indent + label.width
        let numbered = names.count > 1
        var set: [(prefix: LineBox?, lines: [SetLine])] = []
        for (i, name) in names.enumerated() {
            let prefix = numbered ? setter.line("\(i + 1).", TextStyle(role: .body, size: Metrics.body)) : nil
            let width = max(4 * Metrics.charPitch, geometry.width - left - (prefix?.width ?? 0))
            set.append((prefix, setter.set(StyledText(name), ParagraphSpec(style: style, width: width, alignment: .left))))
        }
        let count = set.reduce(0) { $0 + $1.lines.count }
        ensure(Double(count + 1) * pitch + keepWithNext)
        skip(pitch)
        func baseline() -> Double { geometry.top + y + (pitch - Metrics.body) / 2 + Metrics.baselineInEm * Metrics.body }
        label.draw(cr, x: geometry.left + indent, baseline: baseline())
        setLines.append(label.text)
        for entry in set {
            if let prefix = entry.prefix {
                prefix.draw(cr, x: geometry.left + left, baseline: baseline())
                setLines.append(prefix.text)
            }
            drawLines(entry.lines, pitch: pitch, size: Metrics.body, left: left + (entry.prefix?.width ?? 0))
        }
    }

    /// The 版记's rows: the copies line(s) and the printer–date line.
    private func colophonRows(_ colophon: Colophon) -> (copies: [SetLine], label: LineBox?, printer: LineBox, printed: LineBox) {
        let style = TextStyle(role: .body, size: Metrics.note)
        let printer = setter.line(colophon.printer, style)
        let printed = setter.line(colophon.printedLine, style)
        guard let line = colophon.copiesLine else { return ([], nil, printer, printed) }
        let label = setter.line("抄送：", style)
        let names = String(line.dropFirst(3))
        let width = geometry.width - 2 * Metrics.note - label.width
        return (setter.set(StyledText(names), ParagraphSpec(style: style, width: width, alignment: .justify)), label, printer, printed)
    }

    /// 7.4: the 版记 at the foot of the last page, its last rule on the bottom of the text block;
    /// that page is even (a new page when the body ends on an odd one; a blank page before it,
    /// both unnumbered, when an even page has no room for it — 7.5).
    func setColophon(_ colophon: Colophon) {
        let rows = colophonRows(colophon)
        let pitch = Metrics.linePitch
        let height = Double(rows.copies.count + 1) * pitch
        if !pageOpen { beginPage(orientation, numbered: true) }
        if physicalPage % 2 == 1 {
            endPage()
            beginPage(orientation, numbered: true)
        } else if y > 0.01 && y + height > geometry.height + 0.01 {
            endPage()
            beginPage(orientation, numbered: false)
            endPage()
            beginPage(orientation, numbered: false)
        }
        let w = geometry.width
        let size = Metrics.note
        let top = geometry.height - height
        func rule(_ at: Double, _ thickness: Double) {
            cr.rectangle(geometry.left, geometry.top + at - thickness / 2, w, thickness)
            cr.fill()
        }
        func baseline(_ row: Int) -> Double {
            geometry.top + top + Double(row) * pitch + (pitch - size) / 2 + Metrics.baselineInEm * size
        }
        cr.setColor(0, 0, 0)
        rule(top, mm(0.35))
        if let label = rows.label {
            // One character in from each side; further lines align with the first name.
            label.draw(cr, x: geometry.left + size, baseline: baseline(0))
            setLines.append(label.text)
            for (k, line) in rows.copies.enumerated() {
                line.box.draw(cr, x: geometry.left + size + label.width + line.x, baseline: baseline(k))
                setLines.append(line.text)
            }
            rule(top + Double(rows.copies.count) * pitch, mm(0.25))
        }
        let last = rows.copies.count
        rows.printer.draw(cr, x: geometry.left + size, baseline: baseline(last))
        rows.printed.draw(cr, x: geometry.left + w - size - rows.printed.width, baseline: baseline(last))
        setLines.append(rows.printer.text)
        setLines.append(rows.printed.text)
        rule(geometry.height, mm(0.35))
        y = geometry.height
    }
}
