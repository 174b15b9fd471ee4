import YRDQDocument

/// A certificate's face as HTML: the sheet is the page (297 × 210 mm, no margins), the
/// frame drawn by CSS, the heading at the top centre, the holder, honour and statement
/// spaced evenly in the middle, the QR code with the serial at the lower left and the
/// issuer and date (with the seal's room) at the lower right, as the PDF writer places them.
extension HTMLWriter {
    func renderCertificate(_ face: CertificateFace, into out: inout HTMLBuffer) {
        out.line("<div class=\"certificate\">")
        out.line("<div class=\"certificate-frame\" aria-hidden=\"true\"><span class=\"corner tl\"></span><span class=\"corner tr\"></span>"
                 + "<span class=\"corner bl\"></span><span class=\"corner br\"></span></div>")
        out.line("<div class=\"certificate-body\">")
        out.line("<h1 class=\"certificate-heading\">\(HTMLEscape.text(face.heading))</h1>")
        out.line("<div class=\"certificate-main\" style=\"--s:\(scaleText(HTMLWriter.certificateScale(face)))\">")
        out.line("<p class=\"certificate-holder\">\(HTMLEscape.text(face.holder))</p>")
        if let note = face.holderNote, !note.isEmpty {
            out.line("<p class=\"certificate-holder-note\">（\(HTMLEscape.text(note))）</p>")
        }
        out.line("<p class=\"certificate-honour\">\(HTMLEscape.text(face.honour))</p>")
        for paragraph in face.statement where !paragraph.isEmpty {
            out.line("<p class=\"certificate-statement\">\(HTMLEscape.text(paragraph))</p>")
        }
        out.line("</div>")
        out.line("<div class=\"certificate-foot\">")
        out.line("<div class=\"certificate-verify\">")
        if !face.qr.modules.isEmpty {
            // The quiet zone (four modules) lies outside the content edge, as in the PDF.
            let quiet = scaleText(4 * face.qr.size / Double(face.qr.modules.count)) + "mm"
            out.line("<div class=\"certificate-qr\" style=\"margin:0 0 -\(quiet) -\(quiet)\">")
            renderQRSVG(face.qr, into: &out)
            out.line("</div>")
        }
        let serialScale = HTMLWriter.footScale([face.serial] + face.notes, size: 14, pitch: 1.6, measure: 90,
                                               room: max(40, face.qr.size))
        out.line("<div class=\"certificate-serial\" style=\"--f:\(scaleText(serialScale))\">")
        out.line("<p class=\"serial\">\(HTMLEscape.text(face.serial))</p>")
        for note in face.notes where !note.isEmpty {
            out.line("<p class=\"certificate-note\">\(HTMLEscape.text(note))</p>")
        }
        out.line("</div>")
        out.line("</div>")
        let seal = face.issuer.sealImage.flatMap(HTMLEscape.imageSource)
        let issuerScale = HTMLWriter.footScale(face.issuer.lines + [face.issuer.date], size: 18, pitch: 1.65,
                                               measure: (297.0 - 56) * 0.4, room: 42)
        out.line("<div class=\"certificate-issuer\(seal == nil ? "" : " sealed")\" style=\"--f:\(scaleText(issuerScale))\">")
        if let seal {
            out.line("<img class=\"seal\" src=\"\(HTMLEscape.attribute(seal))\" alt=\"印章\">")
        }
        for line in face.issuer.lines where !line.isEmpty {
            out.line("<p class=\"signer\">\(HTMLEscape.text(line))</p>")
        }
        if !face.issuer.date.isEmpty {
            out.line("<p class=\"date\">\(HTMLEscape.text(face.issuer.date))</p>")
        }
        out.line("</div>")
        out.line("</div>")
        out.line("</div>")
        out.line("</div>")
    }

    private func scaleText(_ scale: Double) -> String {
        let hundredths = Int((scale * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// The scale of a block in the foot (the issuer, the serial and notes): the largest of the
    /// PDF writer's steps at which `texts`, measured as the middle's are, fit `room` mm.
    static func footScale(_ texts: [String], size: Double, pitch: Double, measure: Double, room: Double) -> Double {
        for s in [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4] {
            let lines = texts.filter { !$0.isEmpty }.reduce(0.0) { total, text in
                let ems = text.reduce(0.0) { $0 + ($1.isASCII ? 0.55 : 1) }
                return total + max(1, (ems * size * s / (measure * 72 / 25.4)).rounded(.up))
            }
            if lines * size * s * pitch <= room * 72 / 25.4 { return s }
        }
        return 0.4
    }

    /// The scale of the middle's type (1 at the design sizes): the largest of the PDF
    /// writer's steps at which the holder, honour and statement, measured at one em a
    /// character (a generous estimate: a browser's own widths are not known here), fit the
    /// middle's height. A very long name is set smaller instead of running over the foot.
    static func certificateScale(_ face: CertificateFace) -> Double {
        let pt = 72.0 / 25.4
        // The middle's room and measures, in points (see the stylesheet's .certificate rules).
        let room = (210.0 - 24 - 22 - 4 - 4 - 48) * pt - 44 * 1.25
        let nameMeasure = (297.0 - 56 - 16) * pt, statementMeasure = 205.0 * pt
        func height(_ text: String, size: Double, pitch: Double, measure: Double, indent: Double = 0) -> Double {
            let ems = text.reduce(0.0) { $0 + ($1.isASCII ? 0.55 : 1) } + indent
            let lines = max(1, (ems * size / measure).rounded(.up))
            return lines * size * pitch
        }
        for step in 0...16 {
            let s = 1 - Double(step) * 0.05
            var total = height(face.holder, size: max(7, 30 * s), pitch: 1.4, measure: nameMeasure)
            if let note = face.holderNote, !note.isEmpty {
                total += height("（\(note)）", size: max(12, 18 * s), pitch: 1.7, measure: nameMeasure)
            }
            total += height(face.honour, size: max(24, 44 * s), pitch: 1.3, measure: nameMeasure)
            for p in face.statement where !p.isEmpty {
                total += height(p, size: max(12, 16 * s), pitch: 1.8, measure: statementMeasure, indent: 2)
            }
            if total + 4 * 3 * pt <= room { return s }
        }
        return 0.2
    }
}
