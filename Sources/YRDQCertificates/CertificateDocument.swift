import Foundation
import YRDQCore
import YRDQDocument

/// The designation certificate as a document (one A4 landscape page), for every writer.
public enum CertificateDocument {
    /// The printed side of one QR module, in millimetres: three pixels of a 150 dpi scan,
    /// and well over what a phone's camera needs at reading distance.
    public static let qrModule = 0.5

    /// The printed side of the QR code (without its quiet zone) for a symbol `modules` wide,
    /// in millimetres: `qrModule` a module, at least 30 mm, at most 50 mm (a symbol of more
    /// than 100 modules, from a very long name, gets smaller modules rather than a code
    /// that crowds the page).
    public static func qrSide(modules: Int) -> Double {
        min(50, max(30, Double(modules) * qrModule))
    }

    /// The widest symbol the link may take: 117 modules (version 25), at 50 mm still 0.43 mm a
    /// module, 2.5 pixels of a 150 dpi scan. The link spells every Chinese character in nine
    /// letters, about twice what the plain text takes; a certificate whose names would need a
    /// larger symbol carries the plain text instead, which `verify` reads all the same.
    public static let linkModules = 117

    /// What the QR code holds: the link to the verification page at `page` when its symbol is
    /// at most `linkModules` wide, otherwise (and without a page) the plain QR text.
    public static func qrContent(_ certificate: SignedCertificate, page: String?) -> String {
        guard let page else { return certificate.qrText }
        let link = CertificateLink.link(certificate, page: page)
        guard let symbol = try? QRSymbol.encode(link), symbol.width <= linkModules else { return certificate.qrText }
        return link
    }

    /// The certificate's QR code: what it holds (see `qrContent`) and its symbol, encoded once
    /// by `encode` for every document of the certificate (PDF, HTML, Markdown, DOCX). With a
    /// page whose link is wider than `linkModules`, the plain text is encoded instead.
    public static func qr(_ certificate: SignedCertificate, page: String?,
                          encode: (String) throws(InputErrors) -> QRSymbol = { text throws(InputErrors) in try QRSymbol.encode(text) }) throws(InputErrors) -> CertificateQR {
        if let page {
            let link = CertificateLink.link(certificate, page: page)
            if let symbol = try? encode(link), symbol.width <= linkModules {
                return CertificateQR(content: link, symbol: symbol, isLink: true)
            }
        }
        return CertificateQR(content: certificate.qrText, symbol: try encode(certificate.qrText), isLink: false)
    }

    /// "经评估，<pilot>（<region>）省级评估总分…分，依据《…》…，授予“…”称号。"
    public static func grantSentence(_ data: CertificateData, guide: String, clause: String) -> String {
        "经评估，\(data.pilot)（\(data.region)）\(basis(data, guide: guide, clause: clause))"
    }

    /// The sentence under the holder's name and the honour on the certificate's face.
    public static func statement(_ data: CertificateData, guide: String, clause: String) -> String {
        "经评估，该试点\(basis(data, guide: guide, clause: clause))特发此证。"
    }

    private static func basis(_ data: CertificateData, guide: String, clause: String) -> String {
        "省级评估总分\(data.total)分，依据《\(guide)》\(clause)，授予“\(data.title)”称号。"
    }

    /// Builds the certificate: the heading 证书, the pilot and the honour, the basis and
    /// total, the bureau and date (with the user's seal image, if any), the serial and the
    /// QR code (see `CertificateFace`). With `page` (the bureau's verification page, an address
    /// `VerificationPageAddress` accepts) the QR code holds the link to it (`CertificateLink`),
    /// otherwise the plain QR text.
    public static func build(_ certificate: SignedCertificate, guide: String = "长三角质量提升示范试点建设评估指南（试行）",
                             clause: String = "七（三）", seal: String? = nil, page: String? = nil) throws(InputErrors) -> Document {
        build(certificate, qr: try qr(certificate, page: page), guide: guide, clause: clause, seal: seal)
    }

    /// Builds the certificate around its QR code, encoded already (`qr(_:page:)`).
    public static func build(_ certificate: SignedCertificate, qr: CertificateQR, guide: String = "长三角质量提升示范试点建设评估指南（试行）",
                             clause: String = "七（三）", seal: String? = nil) -> Document {
        let data = certificate.data
        let symbol = qr.symbol
        let date = CivilDate(parsing: data.date)
        let metadata = Metadata(title: "证书", author: data.bureau, subject: "\(data.title)证书 \(data.serial)",
                                keywords: [data.serial, data.pilot, data.title],
                                date: date.map { DocumentDate(year: $0.year, month: $0.month, day: $0.day) },
                                kind: "certificate")
        let face = CertificateFace(
            heading: "证　书",
            holder: data.pilot,
            holderNote: data.region.isEmpty ? nil : data.region,
            honour: data.title,
            statement: [statement(data, guide: guide, clause: clause)],
            issuer: Signature(lines: [data.bureau], date: data.chineseDate, sealImage: seal),
            serial: "证书编号：\(data.serial)",
            qr: symbol.block(size: qrSide(modules: symbol.width)),
            notes: [!qr.isLink ? "扫描二维码可离线核验本证书（内含证书数据和发证机关的电子签名）"
                            : "扫描二维码即在发证机关的核验页面上核验本证书（二维码内含证书数据和发证机关的电子签名）",
                    "证书标识：\(data.id)"])
        return Document(metadata: metadata, orientation: .landscape, body: [.certificate(face)], pageNumbers: false)
    }
}

/// A certificate's QR code, encoded once: what it holds, its symbol, and whether that is the
/// link to the verification page (else the plain QR text).
public struct CertificateQR: Sendable, Equatable {
    public let content: String
    public let symbol: QRSymbol
    public let isLink: Bool
    public init(content: String, symbol: QRSymbol, isLink: Bool) { self.content = content; self.symbol = symbol; self.isLink = isLink }
}
