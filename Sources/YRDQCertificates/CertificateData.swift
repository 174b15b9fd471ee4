import Crypto
import Foundation
import YRDQCore

/// What a designation certificate states, and what the bureau's signature covers.
/// Every figure is a string (the total exactly as printed, "89.39"); the date is ISO.
public struct CertificateData: Sendable, Equatable {
    /// 浙质示〔2026〕第003号.
    public var serial: String
    public var pilot: String
    public var region: String
    /// The title granted (长三角质量提升示范).
    public var title: String
    /// The issuing bureau (浙江省市场监督管理局).
    public var bureau: String
    /// Date of issue, "2026-11-20".
    public var date: String
    /// The provincial total, two decimals ("89.39").
    public var total: String
    /// A digest of the evaluation's scored content (the same pilot and evaluation give the same one).
    public var evaluation: String
    /// The certificate's unique id (random, base64url).
    public var id: String
    /// The signing key's id (see `SigningKeys.keyID`).
    public var key: String

    public init(serial: String, pilot: String, region: String, title: String, bureau: String, date: String,
                total: String, evaluation: String, id: String, key: String) {
        self.serial = serial; self.pilot = pilot; self.region = region; self.title = title; self.bureau = bureau
        self.date = date; self.total = total; self.evaluation = evaluation; self.id = id; self.key = key
    }

    /// The field names, in the order of the QR payload.
    public static let fieldNames = ["serial", "pilot", "region", "title", "bureau", "date", "total", "evaluation", "id", "key"]

    public var fields: [String] { [serial, pilot, region, title, bureau, date, total, evaluation, id, key] }

    init?(fields f: [String]) {
        guard f.count == CertificateData.fieldNames.count else { return nil }
        self.init(serial: f[0], pilot: f[1], region: f[2], title: f[3], bureau: f[4], date: f[5], total: f[6],
                  evaluation: f[7], id: f[8], key: f[9])
    }

    public var json: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: zip(CertificateData.fieldNames, fields.map(JSONValue.string))))
    }

    /// Reads the data back from JSON: exactly the known fields, all strings.
    public init?(json: JSONValue) {
        guard let o = json.object, Set(o.keys) == Set(CertificateData.fieldNames) else { return nil }
        let values = CertificateData.fieldNames.compactMap { o[$0]?.string }
        self.init(fields: values)
    }

    /// The bytes that are signed: a domain tag, then the canonical JSON (UTF-8).
    public var signedBytes: Data { Data(("YRDQ-certificate-1\n" + json.canonical).utf8) }

    /// The date of issue, for documents ("2026年11月20日").
    public var chineseDate: String { CivilDate(parsing: date)?.chinese ?? date }

    /// Labelled lines, for people.
    public var labelledLines: [(String, String)] {
        [("证书编号", serial), ("试点名称", pilot), ("试点区域", region), ("授予称号", title), ("发证机关", bureau),
         ("发证日期", chineseDate), ("省级评估总分", total + "分"), ("评估标识", evaluation), ("证书标识", id), ("签名密钥", key)]
    }
}

/// A certificate with the bureau's signature over its data.
public struct SignedCertificate: Sendable, Equatable {
    public var data: CertificateData
    /// Ed25519 signature (64 bytes).
    public var signature: Data

    public init(data: CertificateData, signature: Data) { self.data = data; self.signature = signature }

    /// The QR code's text: `YRDQ1|field|…|signature`, the fields as plain UTF-8 (no base64,
    /// which would add a third), `%` `|` and line breaks percent-escaped, the signature base64url.
    public var qrText: String {
        (["YRDQ1"] + data.fields.map(CertificatePayload.escape) + [Base64URL.encode(signature)]).joined(separator: "|")
    }

    /// The data file written beside the documents (`<name>.cert.json`).
    public var fileJSON: JSONValue {
        .object(["format": .string("yrdq-certificate-1"), "data": data.json,
                 "signature": .string(Base64URL.encode(signature)), "qr": .string(qrText)])
    }
}

/// The evaluation digest: what was scored, by whom, with what result. The same panel
/// file read again gives the same digest; any change to a score, a fact or the total
/// gives another.
public enum EvaluationDigest {
    /// A name as the digest takes it: its identity (`NameText.identityKey`: "王芳 " and "王芳　"
    /// are one expert), with the digest's separators escaped, so that no name can stand for
    /// another field or line ("甲/乙" as a name and "甲" of "乙" stay apart).
    static func name(_ text: String?) -> String {
        var out = ""
        for u in NameText.identityKey(text ?? "").unicodeScalars {
            switch u {
            case "%", "/", ";", ",", ":", "=", "\n", "\r":
                out += "%" + String(u.value, radix: 16, uppercase: true)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    public static func compute(panel: Panel, result: PanelResult, rubric: Rubric) -> String {
        var lines: [String] = []
        lines.append("rubric=\(rubric.id)")
        lines.append("pilot=\(name(panel.pilot?.name))")
        lines.append("region=\(name(panel.pilot?.region))")
        lines.append("province=\(name(panel.province ?? panel.pilot?.province))")
        lines.append("bureau=\(name(panel.bureau))")
        lines.append("date=\(panel.date?.description ?? "")")
        lines.append("aggregation=\(panel.aggregation.rawValue)")
        var experts: [String] = []
        for sheet in panel.experts {
            let who = "\(name(sheet.assessor?.name))/\(name(sheet.assessor?.organization))"
            let items = sheet.items.keys.sorted().map { "\($0):\(sheet.items[$0]!.score.hundredths)" }.joined(separator: ",")
            experts.append("expert=\(who);\(items)")
        }
        lines += experts.sorted()
        for (category, claims) in panel.adjustments.honours.sorted(by: { $0.key < $1.key }) {
            lines.append("honour=\(category):" + claims.map(\.level).sorted().joined(separator: ","))
        }
        for (condition, count) in panel.adjustments.incidents.sorted(by: { $0.key < $1.key }) {
            lines.append("incident=\(condition):\(count)")
        }
        lines.append("total=\(result.total.hundredths)")
        let digest = SHA256.hash(data: Data(lines.joined(separator: "\n").utf8))
        return Base64URL.encode(Data(digest.prefix(9)))
    }
}
