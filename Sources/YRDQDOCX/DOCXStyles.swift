/// The package's styles.xml, settings.xml and fontTable.xml: one style per role, each with the
/// official faces named for East Asian text and Times New Roman for Latin text and digits (no
/// theme fonts), sizes and exact line pitches as the PDF sets them (LAYOUT.md).
enum DOCXStyles {
    /// Red of the 版头 (发文机关标志, separator), as the PDF draws it.
    static let mastheadRed = "DB1417"
    /// Red of the certificate (frame, heading, honour).
    static let certificateRed = "B3140F"

    struct Style {
        var id: String, name: String
        var basedOn: String? = "Normal"
        var pPr: String = ""
        var rPr: String = ""
    }

    /// Spacing with an exact line pitch (twips), and optional space before and after.
    static func exact(_ line: Int, before: Int = 0, after: Int = 0) -> String {
        "<w:spacing w:before=\"\(before)\" w:after=\"\(after)\" w:line=\"\(line)\" w:lineRule=\"exact\"/>"
    }

    /// First-line indent of `chars` characters of the 16 pt body.
    static func firstLine(_ chars: Int) -> String {
        "<w:ind w:firstLineChars=\"\(chars * 100)\" w:firstLine=\"\(chars * 320)\"/>"
    }

    static func size(_ points: Double) -> String {
        let h = WordML.halfPoints(points)
        return "<w:sz w:val=\"\(h)\"/><w:szCs w:val=\"\(h)\"/>"
    }

    static let notBold = "<w:b w:val=\"0\"/><w:bCs w:val=\"0\"/>"
    static let noGrid = "<w:snapToGrid w:val=\"0\"/>"
    static let keep = "<w:keepNext/><w:keepLines/>"
    /// Body characters' tracking in twips (−0.25 pt), and none for text off the grid.
    static let gridTracking = -5
    static let untracked = "<w:spacing w:val=\"0\"/>"

    static var all: [Style] {
        let body = Page.linePitch
        func heading(_ level: Int, _ face: String) -> Style {
            Style(id: "Heading\(level)", name: "heading \(level)", basedOn: "BodyText",
                  pPr: keep + exact(body) + firstLine(2) + "<w:outlineLvl w:val=\"\(level - 1)\"/>",
                  rPr: WordML.fonts(eastAsia: face) + notBold)
        }
        return [
            // Characters 0.25 pt narrower than 16 pt, so that each fits one cell of the 15.79 pt grid
            // (LibreOffice gives a wider character two cells); no extra space between Chinese and Latin.
            Style(id: "Normal", name: "Normal", basedOn: nil,
                  pPr: "<w:widowControl/><w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/>" + exact(body) + "<w:jc w:val=\"both\"/>",
                  rPr: WordML.fonts(eastAsia: Face.body) + "<w:spacing w:val=\"\(gridTracking)\"/>" + size(16)),
            Style(id: "BodyText", name: "Body Text", pPr: firstLine(2)),
            Style(id: "BodyPlain", name: "Body Plain"),
            Style(id: "BodyCentered", name: "Body Centered", pPr: "<w:jc w:val=\"center\"/>"),
            Style(id: "BodyRight", name: "Body Right", pPr: "<w:jc w:val=\"right\"/>"),
            Style(id: "Title", name: "Title",
                  pPr: keep + noGrid + exact(WordML.twips(35), after: body) + "<w:jc w:val=\"center\"/>",
                  rPr: WordML.fonts(eastAsia: Face.title) + notBold + untracked + size(22)),
            Style(id: "Subtitle", name: "Subtitle",
                  pPr: keep + exact(body, after: body) + "<w:jc w:val=\"center\"/>"),
            heading(1, Face.hei), heading(2, Face.kai), heading(3, Face.body), heading(4, Face.body),
            Style(id: "Note", name: "Note", pPr: noGrid + exact(WordML.twips(24)),
                  rPr: untracked + size(14)),
            Style(id: "Caption", name: "caption", pPr: keep + exact(body) + "<w:jc w:val=\"center\"/>",
                  rPr: WordML.fonts(eastAsia: Face.hei)),
            Style(id: "TableText", name: "Table Text", pPr: noGrid + exact(WordML.twips(15.6)) + "<w:jc w:val=\"left\"/>",
                  rPr: untracked + size(12)),
            Style(id: "TableHeading", name: "Table Heading", basedOn: "TableText", pPr: "<w:keepNext/><w:jc w:val=\"center\"/>",
                  rPr: WordML.fonts(eastAsia: Face.hei)),
            Style(id: "TableCompact", name: "Table Text Compact", pPr: noGrid + exact(WordML.twips(12.6)) + "<w:jc w:val=\"left\"/>",
                  rPr: untracked + size(10.5)),
            Style(id: "TableCompactHeading", name: "Table Heading Compact", basedOn: "TableCompact",
                  pPr: "<w:keepNext/><w:jc w:val=\"center\"/>", rPr: WordML.fonts(eastAsia: Face.hei)),
            Style(id: "TableSpacer", name: "Table Spacer", pPr: noGrid + exact(body / 2), rPr: size(8)),
            Style(id: "Signature", name: "Signature", pPr: keep + "<w:jc w:val=\"right\"/>"),
            Style(id: "AttachmentLabel", name: "Attachment Label", pPr: keep + "<w:jc w:val=\"left\"/>",
                  rPr: WordML.fonts(eastAsia: Face.hei)),
            Style(id: "AttachmentNote", name: "Attachment Note",
                  pPr: "<w:ind w:leftChars=\"500\" w:left=\"1600\" w:hangingChars=\"300\" w:hanging=\"960\"/>"),
            Style(id: "CoverTitle", name: "Cover Title", pPr: keep + noGrid + exact(WordML.twips(44)) + "<w:jc w:val=\"center\"/>",
                  rPr: WordML.fonts(eastAsia: Face.title) + notBold + untracked + size(26)),
            Style(id: "CoverSubtitle", name: "Cover Subtitle", pPr: keep + noGrid + exact(WordML.twips(32)) + "<w:jc w:val=\"center\"/>",
                  rPr: WordML.fonts(eastAsia: Face.kai) + untracked + size(18)),
            Style(id: "CoverField", name: "Cover Field", pPr: noGrid + exact(Int(Double(body) * 1.3)), rPr: untracked),
            Style(id: "CoverFoot", name: "Cover Foot", pPr: "<w:jc w:val=\"center\"/>"),
            Style(id: "MastheadMark", name: "Masthead Mark",
                  pPr: noGrid + exact(WordML.twips(45)) + "<w:jc w:val=\"center\"/>",
                  rPr: WordML.fonts(eastAsia: Face.title) + notBold + "<w:color w:val=\"\(mastheadRed)\"/>" + untracked + size(40)),
            Style(id: "DocumentNumber", name: "Document Number", pPr: "<w:jc w:val=\"center\"/>"),
            Style(id: "Colophon", name: "Colophon",
                  pPr: noGrid + exact(WordML.twips(24))
                       + "<w:ind w:left=\"280\" w:right=\"280\"/>" + "<w:jc w:val=\"left\"/>",
                  rPr: untracked + size(14)),
            Style(id: "Footer", name: "footer",
                  pPr: noGrid + exact(WordML.twips(14)),
                  rPr: WordML.fonts(eastAsia: Face.song, latin: Face.song) + untracked + size(14)),
            Style(id: "SectionEnd", name: "Section End", pPr: noGrid + exact(20), rPr: size(1)),
            Style(id: "CertificateHeading", name: "Certificate Heading",
                  pPr: keep + noGrid + exact(WordML.twips(57)) + "<w:jc w:val=\"center\"/>",
                  rPr: WordML.fonts(eastAsia: Face.title) + notBold + "<w:color w:val=\"\(certificateRed)\"/>"
                       + "<w:spacing w:val=\"\(WordML.twips(22))\"/>" + size(44)),
            Style(id: "CertificateHolder", name: "Certificate Holder",
                  pPr: keep + noGrid + exact(WordML.twips(39)) + "<w:jc w:val=\"center\"/>",
                  rPr: WordML.fonts(eastAsia: Face.title) + notBold + untracked + size(30)),
            Style(id: "CertificateHolderNote", name: "Certificate Holder Note",
                  pPr: keep + noGrid + exact(WordML.twips(27)) + "<w:jc w:val=\"center\"/>",
                  rPr: WordML.fonts(eastAsia: Face.kai) + untracked + size(18)),
            Style(id: "CertificateHonour", name: "Certificate Honour",
                  pPr: keep + noGrid + exact(WordML.twips(57)) + "<w:jc w:val=\"center\"/>",
                  rPr: WordML.fonts(eastAsia: Face.title) + notBold + "<w:color w:val=\"\(certificateRed)\"/>" + untracked + size(44)),
            Style(id: "CertificateStatement", name: "Certificate Statement", basedOn: "BodyText",
                  pPr: noGrid + exact(WordML.twips(28))
                       + "<w:ind w:left=\"\(WordML.twips(mm: 18))\" w:right=\"\(WordML.twips(mm: 18))\" w:firstLineChars=\"200\" w:firstLine=\"640\"/>", rPr: untracked),
            Style(id: "CertificateIssuer", name: "Certificate Issuer", pPr: noGrid + exact(WordML.twips(27)) + "<w:jc w:val=\"center\"/>",
                  rPr: untracked + size(18)),
            Style(id: "CertificateSerial", name: "Certificate Serial", pPr: noGrid + exact(WordML.twips(20)) + "<w:jc w:val=\"left\"/>",
                  rPr: untracked + size(14)),
            Style(id: "CertificateNote", name: "Certificate Note", pPr: noGrid + exact(WordML.twips(15)) + "<w:jc w:val=\"left\"/>",
                  rPr: untracked + size(10.5)),
        ]
    }

    static func stylesXML() -> String {
        var x = WordML.header
        x += "<w:styles xmlns:w=\"\(WordML.w)\">"
        x += "<w:docDefaults><w:rPrDefault><w:rPr>" + WordML.fonts(eastAsia: Face.body)
        x += "<w:kern w:val=\"0\"/>" + size(16) + "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>"
        x += "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        for style in all {
            x += "<w:style w:type=\"paragraph\"\(style.id == "Normal" ? " w:default=\"1\"" : "") w:styleId=\"\(style.id)\">"
            x += "<w:name w:val=\"\(style.name)\"/>"
            if let basedOn = style.basedOn { x += "<w:basedOn w:val=\"\(basedOn)\"/>" }
            x += "<w:qFormat/>"
            if !style.pPr.isEmpty { x += "<w:pPr>\(style.pPr)</w:pPr>" }
            if !style.rPr.isEmpty { x += "<w:rPr>\(style.rPr)</w:rPr>" }
            x += "</w:style>"
        }
        x += "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>"
        x += "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/>"
        x += "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
        x += "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
        x += "</w:styles>"
        return x
    }

    static func settingsXML(evenAndOdd: Bool) -> String {
        WordML.header + "<w:settings xmlns:w=\"\(WordML.w)\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"420\"/>"
            + (evenAndOdd ? "<w:evenAndOddHeaders/>" : "")
            + "<w:characterSpacingControl w:val=\"compressPunctuation\"/>"
            + "<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/>"
            + "<w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>"
            + "<w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
            + "</w:settings>"
    }

    /// The faces the document names, with the free substitutes a machine without them reaches for.
    static func fontTableXML() -> String {
        let fonts: [(name: String, alt: String?, charset: String, family: String)] = [
            (Face.latin, nil, "00", "roman"), (Face.title, "方正小标宋_GBK", "86", "script"),
            (Face.body, "仿宋", "86", "modern"), (Face.hei, "SimHei", "86", "modern"),
            (Face.kai, "楷体", "86", "modern"), (Face.song, "SimSun", "86", "auto"),
        ]
        var x = WordML.header + "<w:fonts xmlns:w=\"\(WordML.w)\">"
        for f in fonts {
            x += "<w:font w:name=\"\(f.name)\">"
            if let alt = f.alt { x += "<w:altName w:val=\"\(alt)\"/>" }
            x += "<w:charset w:val=\"\(f.charset)\"/><w:family w:val=\"\(f.family)\"/><w:pitch w:val=\"variable\"/></w:font>"
        }
        return x + "</w:fonts>"
    }
}
