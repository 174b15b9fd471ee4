import Foundation
import YRDQDocument
import YRDQZip
import ZIPFoundation

/// The zip container and its fixed parts ([Content_Types].xml, relationships, properties).
enum DOCXPackage {
    static let mainType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

    static func write(document: Document, body: DOCXBody) throws -> Data {
        var parts: [(String, Data)] = []
        func add(_ name: String, _ text: String) { parts.append((name, Data(text.utf8))) }
        let footers = body.numbered
        var types = WordML.header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        types += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        types += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        if !body.images.isEmpty { types += "<Default Extension=\"png\" ContentType=\"image/png\"/>" }
        types += "<Override PartName=\"/word/document.xml\" ContentType=\"\(mainType)\"/>"
        let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        types += "<Override PartName=\"/word/styles.xml\" ContentType=\"\(wml).styles+xml\"/>"
        types += "<Override PartName=\"/word/settings.xml\" ContentType=\"\(wml).settings+xml\"/>"
        types += "<Override PartName=\"/word/fontTable.xml\" ContentType=\"\(wml).fontTable+xml\"/>"
        if footers {
            types += "<Override PartName=\"/word/footer1.xml\" ContentType=\"\(wml).footer+xml\"/>"
            types += "<Override PartName=\"/word/footer2.xml\" ContentType=\"\(wml).footer+xml\"/>"
        }
        types += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        types += "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        types += "</Types>"
        add("[Content_Types].xml", types)

        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        add("_rels/.rels", WordML.header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"word/document.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(rel)/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>")
        add("docProps/core.xml", core(document.metadata))
        add("docProps/app.xml", WordML.header + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
            + "<Application>yrdq</Application></Properties>")
        add("word/document.xml", body.documentXML())
        add("word/styles.xml", DOCXStyles.stylesXML())
        add("word/settings.xml", DOCXStyles.settingsXML(evenAndOdd: footers))
        add("word/fontTable.xml", DOCXStyles.fontTableXML())
        if footers {
            add("word/footer1.xml", footer(odd: true))
            add("word/footer2.xml", footer(odd: false))
        }
        var rels = WordML.header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        rels += "<Relationship Id=\"rId1\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/>"
        rels += "<Relationship Id=\"rId2\" Type=\"\(rel)/settings\" Target=\"settings.xml\"/>"
        rels += "<Relationship Id=\"rId3\" Type=\"\(rel)/fontTable\" Target=\"fontTable.xml\"/>"
        if footers {
            rels += "<Relationship Id=\"rIdFooterOdd\" Type=\"\(rel)/footer\" Target=\"footer1.xml\"/>"
            rels += "<Relationship Id=\"rIdFooterEven\" Type=\"\(rel)/footer\" Target=\"footer2.xml\"/>"
        }
        for (i, image) in body.images.enumerated() {
            rels += "<Relationship Id=\"rIdImage\(i + 1)\" Type=\"\(rel)/image\" Target=\"media/image\(i + 1).png\"/>"
            parts.append(("word/media/image\(i + 1).png", image))
        }
        rels += "</Relationships>"
        add("word/_rels/document.xml.rels", rels)
        return try zip(parts, date: document.metadata.date)
    }

    /// "— 1 —" in 4号 宋体: odd pages right and even pages left, one character in.
    static func footer(odd: Bool) -> String {
        let ind = odd ? "<w:ind w:right=\"280\"/><w:jc w:val=\"right\"/>" : "<w:ind w:left=\"280\"/><w:jc w:val=\"left\"/>"
        return WordML.header + "<w:ftr xmlns:w=\"\(WordML.w)\" xmlns:r=\"\(WordML.r)\">"
            + WordML.paragraph("Footer", ind,
                "<w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                + "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                + "<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r>")
            + "</w:ftr>"
    }

    static func core(_ m: Metadata) -> String {
        var x = WordML.header + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
        x += " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
        x += " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        func line(_ s: String) -> String {
            WordML.escape(s.map { $0.isNewline ? " " : String($0) }.joined())
        }
        x += "<dc:title>\(line(m.title))</dc:title>"
        if !m.subject.isEmpty { x += "<dc:subject>\(line(m.subject))</dc:subject>" }
        if !m.author.isEmpty { x += "<dc:creator>\(line(m.author))</dc:creator>" }
        if !m.keywords.isEmpty { x += "<cp:keywords>\(line(m.keywords.joined(separator: ", ")))</cp:keywords>" }
        if !m.kind.isEmpty { x += "<cp:category>\(line(m.kind))</cp:category>" }
        x += "<dc:language>\(line(m.language.isEmpty ? "zh-CN" : m.language))</dc:language>"
        if let date = m.date {
            x += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(date.iso)T00:00:00Z</dcterms:created>"
            x += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(date.iso)T00:00:00Z</dcterms:modified>"
        }
        return x + "</cp:coreProperties>"
    }

    /// The parts as a zip, deflated, every entry dated the document's date (or 1980-01-01) at
    /// midnight UTC, so the same input gives the same bytes.
    static func zip(_ parts: [(String, Data)], date: DocumentDate?) throws -> Data {
        do { return try DeterministicZip.archive(parts.map { (path: $0.0, data: $0.1) }, date: date) }
        catch { throw DOCXError.package(error.description) }
    }

    /// A zip whose [Content_Types].xml names the WordprocessingML main part.
    static func isWordprocessing(_ data: Data) -> Bool {
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]),
              let archive = try? Archive(data: data, accessMode: .read),
              let entry = archive["[Content_Types].xml"], entry.type == .file,
              entry.uncompressedSize <= 1 << 20 else { return false }
        var types = Data()
        do { _ = try archive.extract(entry, skipCRC32: false) { types.append($0) } } catch { return false }
        return String(decoding: types, as: UTF8.self).contains(mainType)
    }
}
