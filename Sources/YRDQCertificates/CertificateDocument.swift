import Foundation
import YRDQCore
import YRDQDocument

/// The designation certificate as a document (A4 landscape), for every writer.
public enum CertificateDocument {
    /// The printed side of the QR code, in millimetres.
    public static let qrSize = 20.0

    public static func grantSentence(_ data: CertificateData, guide: String, clause: String) -> String {
        "经评估，\(data.pilot)（\(data.region)）省级评估总分\(data.total)分，依据《\(guide)》\(clause)，授予“\(data.title)”称号。"
    }

    /// Builds the certificate: title 证书, the grant sentence, the bureau and date (with
    /// the user's seal image, if any), the serial and the QR code.
    public static func build(_ certificate: SignedCertificate, guide: String = "长三角质量提升示范试点建设评估指南（试行）",
                             clause: String = "七（三）", seal: String? = nil) throws(InputErrors) -> Document {
        let data = certificate.data
        let symbol = try QRSymbol.encode(certificate.qrText)
        let date = CivilDate(parsing: data.date)
        let metadata = Metadata(title: "证书", author: data.bureau, subject: "\(data.title)证书 \(data.serial)",
                                keywords: [data.serial, data.pilot, data.title],
                                date: date.map { DocumentDate(year: $0.year, month: $0.month, day: $0.day) },
                                kind: "certificate")
        let body: [Block] = [
            .title(["证　书"]),
            .paragraph([.text(grantSentence(data, guide: guide, clause: clause))], style: .body),
            .paragraph([.text("特发此证。")], style: .body),
            .signature(Signature(lines: [data.bureau], date: data.chineseDate, sealImage: seal)),
            .paragraph([.text("证书编号：\(data.serial)")], style: .plain),
            .qrCode(symbol.block(size: qrSize)),
            .paragraph([.text("扫描二维码可离线核验本证书（内含证书数据和发证机关的电子签名）。证书标识：\(data.id)")], style: .note),
        ]
        return Document(metadata: metadata, orientation: .landscape, body: body, pageNumbers: false, frame: true)
    }
}
