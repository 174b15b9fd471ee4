import Foundation
import YRDQDocument
import YRDQLayout

/// Writes laid-out frames as an OFD file (GB/T 33190-2016):
///
///     OFD.xml                       DocBody: DocInfo (DocID from the content), DocRoot
///     Doc_0/Document.xml            CommonData (MaxUnitID, PageArea, PublicRes, DocumentRes), Pages, Outlines
///     Doc_0/PublicRes.xml           Fonts: one per face, FontFile Res/font_N.otf|.ttf (the subset)
///     Doc_0/DocumentRes.xml         MultiMedias: the images, Res/image_N.png
///     Doc_0/Pages/Page_N/Content.xml  one Layer of Text, Path and Image objects
///     Doc_0/Res/…                   the font and image files
///
/// Millimetres throughout (the frames' points × 25.4/72), numbers to three decimals.
public struct OFDWriter: Sendable {
    /// What DocInfo/Creator says.
    public var creator: String

    public init(creator: String = "yrdq") { self.creator = creator }

    public func render(_ laid: LaidOutDocument) throws -> Data {
        try package(laid).zipped()
    }

    /// The package before it is zipped, for a signing service to add its parts to (see `OFDPackage`).
    public func package(_ laid: LaidOutDocument) throws -> OFDPackage {
        guard !laid.pages.isEmpty else { throw OFDError.noPages }
        var ids = IDs()
        var parts: [OFDPackage.Part] = []

        // Fonts: one per face, whether a run uses it or not, so FrameFont.face maps one to one.
        var fontResources: [FontResource] = []
        var fontsXML = ""
        for (n, face) in laid.faces.enumerated() {
            let bytes = try Self.fontBytes(face)
            let file = OpenTypeFile(bytes)
            let name = "font_\(n).\(file.isCFF ? "otf" : "ttf")"
            let id = ids.next()
            fontResources.append(FontResource(id: id, cmap: file.cmap()))
            parts.append(.init(path: "Doc_0/Res/\(name)", data: bytes))
            fontsXML += "<ofd:Font ID=\"\(id)\" FontName=\"\(OFDXML.attribute(face.postscriptName.isEmpty ? face.family : face.postscriptName))\""
            if !face.family.isEmpty { fontsXML += " FamilyName=\"\(OFDXML.attribute(face.family))\"" }
            if face.bold { fontsXML += " Bold=\"true\"" }
            if face.italic { fontsXML += " Italic=\"true\"" }
            fontsXML += "><ofd:FontFile>\(name)</ofd:FontFile></ofd:Font>"
        }

        // Images, in order of first use, the same bytes stored once.
        var images: [Data: UInt32] = [:]
        var imagesXML = ""
        var imageParts: [OFDPackage.Part] = []
        func collect(_ items: [FrameItem]) {
            for item in items {
                switch item {
                case .image(let image, _) where images[image.png] == nil:
                    let id = ids.next()
                    images[image.png] = id
                    let name = "image_\(images.count - 1).png"
                    imageParts.append(.init(path: "Doc_0/Res/\(name)", data: image.png))
                    imagesXML += "<ofd:MultiMedia ID=\"\(id)\" Type=\"Image\" Format=\"PNG\"><ofd:MediaFile>\(name)</ofd:MediaFile></ofd:MultiMedia>"
                case .group(_, let inner): collect(inner)
                default: break
                }
            }
        }
        for page in laid.pages { collect(page.items) }
        parts += imageParts

        // Pages.
        let mm = OFDXML.millimetresPerPoint
        let first = laid.pages[0]
        var pageIDs: [UInt32] = []
        var pagesXML = ""
        for (n, page) in laid.pages.enumerated() {
            let pageID = ids.next()
            pageIDs.append(pageID)
            pagesXML += "<ofd:Page ID=\"\(pageID)\" BaseLoc=\"Pages/Page_\(n)/Content.xml\"/>"
            var content = PageContent(laid: laid, fonts: fontResources, images: images, ids: ids)
            let xml = try content.page(page, area: page.width == first.width && page.height == first.height ? nil : page)
            ids = content.ids
            parts.append(.init(path: "Doc_0/Pages/Page_\(n)/Content.xml", data: Data(xml.utf8)))
        }

        var resParts: [OFDPackage.Part] = []
        var publicRes = OFDXML.declaration + "<ofd:Res xmlns:ofd=\"\(OFDXML.namespace)\" BaseLoc=\"Res\">"
        if !fontsXML.isEmpty { publicRes += "<ofd:Fonts>\(fontsXML)</ofd:Fonts>" }
        publicRes += "</ofd:Res>"
        resParts.append(.init(path: "Doc_0/PublicRes.xml", data: Data(publicRes.utf8)))
        if !imagesXML.isEmpty {
            let documentRes = OFDXML.declaration + "<ofd:Res xmlns:ofd=\"\(OFDXML.namespace)\" BaseLoc=\"Res\"><ofd:MultiMedias>\(imagesXML)</ofd:MultiMedias></ofd:Res>"
            resParts.append(.init(path: "Doc_0/DocumentRes.xml", data: Data(documentRes.utf8)))
        }

        var document = OFDXML.declaration + "<ofd:Document xmlns:ofd=\"\(OFDXML.namespace)\"><ofd:CommonData>"
        document += "<ofd:MaxUnitID>\(ids.last)</ofd:MaxUnitID>"
        document += "<ofd:PageArea><ofd:PhysicalBox>\(OFDXML.sheet(first))</ofd:PhysicalBox></ofd:PageArea>"
        document += "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        if !imagesXML.isEmpty { document += "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>" }
        document += "</ofd:CommonData><ofd:Pages>\(pagesXML)</ofd:Pages>"
        document += Self.outlines(laid.outline, pageIDs: pageIDs)
        document += "</ofd:Document>"

        let all = [OFDPackage.Part(path: "Doc_0/Document.xml", data: Data(document.utf8))] + resParts + parts
        let m = laid.metadata
        let info = OFDPackage.DocInfo(docID: Self.docID(all), title: m.title, author: m.author, subject: m.subject,
                                      keywords: m.keywords, creationDate: m.date, creator: creator)
        return OFDPackage(docInfo: info, docRoot: "Doc_0/Document.xml", parts: all)
    }

    /// The DocID: the first 128 bits of a SHA-256 over every part's path and bytes, as 32
    /// hexadecimal digits (the standard's UUID form without hyphens). The same frames give the
    /// same DocID; any change to a page, a font or an image gives another.
    static func docID(_ parts: [OFDPackage.Part]) -> String {
        var hash = SHA256Digest()
        for part in parts {
            hash.update(part.path + "\n\(part.data.count)\n")
            hash.update(part.data)
        }
        return hash.finish().prefix(16).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// The bytes a face embeds: its subset, or else its file (for a collection, that face alone).
    static func fontBytes(_ face: FrameFace) throws -> Data {
        if let subset = face.subset, !subset.isEmpty { return subset }
        let url = URL(fileURLWithPath: face.path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: face.path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let attributes = try? FileManager.default.attributesOfItem(atPath: face.path),
              (attributes[.type] as? FileAttributeType) == .typeRegular,
              let size = attributes[.size] as? Int, size <= 256 << 20,
              let data = try? Data(contentsOf: url) else {
            throw OFDError.font("字体文件 \(face.path) 不存在、不是普通文件、超过 256 MiB 或无法读取")
        }
        let file = OpenTypeFile(data)
        if file.isCollection {
            guard let one = file.face(face.index) else {
                throw OFDError.font("字体集 \(face.path) 中没有第 \(face.index) 个字体，或其表目录无效")
            }
            return one
        }
        guard file.isSFNT else { throw OFDError.font("\(face.path) 不是 OpenType/TrueType 字体") }
        return data
    }

    /// Outlines from the headings: a tree by level, each opening its page at its point.
    static func outlines(_ entries: [OutlineEntry], pageIDs: [UInt32]) -> String {
        let usable = entries.filter { pageIDs.indices.contains($0.page) }
        guard !usable.isEmpty else { return "" }
        let mm = OFDXML.millimetresPerPoint
        var index = 0
        func elements(deeperThan level: Int) -> String {
            var x = ""
            while index < usable.count, usable[index].level > level {
                let e = usable[index]
                index += 1
                x += "<ofd:OutlineElem Title=\"\(OFDXML.attribute(e.title))\"><ofd:Actions><ofd:Action Event=\"CLICK\"><ofd:Goto>"
                x += "<ofd:Dest Type=\"XYZ\" PageID=\"\(pageIDs[e.page])\" Left=\"\(OFDXML.number(e.x * mm))\" Top=\"\(OFDXML.number(e.y * mm))\"/>"
                x += "</ofd:Goto></ofd:Action></ofd:Actions>"
                x += elements(deeperThan: e.level)
                x += "</ofd:OutlineElem>"
            }
            return x
        }
        let top = usable.map(\.level).min() ?? 1
        var x = ""
        while index < usable.count { x += elements(deeperThan: min(top, usable[index].level) - 1) }
        return "<ofd:Outlines>\(x)</ofd:Outlines>"
    }
}

/// Unit IDs, unique in the document, from 1 up.
struct IDs {
    private(set) var last: UInt32 = 0
    mutating func next() -> UInt32 { last += 1; return last }
}

struct FontResource {
    let id: UInt32
    /// The embedded file's cmap; nil when it cannot be read (every glyph then gets a CGTransform).
    let cmap: [UInt32: UInt32]?
}
