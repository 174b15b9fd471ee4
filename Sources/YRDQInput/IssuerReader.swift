import Yams
import YRDQCore

/// Reads the `issuer:` mapping of a pilot profile or a panel file: the 版头, 主送 and 版记
/// details of the official document that body issues.
///
/// ```yaml
/// issuer:
///   mark: 嘉禾市市场监督管理局文件      # 发文机关标志
///   number: 嘉市监质〔2026〕27号        # 发文字号, the year in 〔〕
///   signatory: 周建国                   # 签发人 (one, or a list); required for a 请示
///   addressee: 浙江省市场监督管理局       # 主送机关 (one, or a list)
///   copies: [长三角区域合作办公室]       # 抄送 (optional)
///   printer: 嘉禾市市场监督管理局办公室   # 印发机关
///   printed: 2026-10-16                # 印发日期 (optional: the document's date)
///   date: 2026-10-16                   # 成文日期 (optional: the evaluation's date)
/// ```
enum IssuerReader {
    static let keys: Set<String> = ["mark", "number", "signatory", "addressee", "copies", "printer", "printed", "date"]

    /// `what` names the owner in messages ("试点档案的发文信息（issuer）").
    static func read(_ node: Node, _ r: NodeReader, what: String, needsSignatory: Bool) -> IssuerDetails? {
        guard let entries = r.mapping(node, what, allowed: keys) else { return nil }
        var e: [String: Node] = [:]
        for entry in entries { e[entry.key] = entry.value }
        func required(_ key: String, _ label: String) -> Node? {
            guard let n = e[key] else { r.error(node, "\(what)缺少“\(key)”（\(label)）"); return nil }
            return n
        }
        let mark = required("mark", "发文机关标志，如“浙江省市场监督管理局文件”").flatMap { r.nameField($0, "发文机关标志（mark）") }
        var number: String? = nil
        if let n = required("number", "发文字号，如“浙市监质〔2026〕41号”"), let s = r.nameField(n, "发文字号（number）") {
            if let problem = IssuerDetails.numberProblem(s) {
                r.error(n, "发文字号（number）“\(NodeReader.quote(s))”\(problem)")
            } else {
                number = s
            }
        }
        var signatories: [String] = []
        if let n = e["signatory"] {
            signatories = r.nameList(n, "签发人（signatory）") ?? []
        } else if needsSignatory {
            r.error(node, "\(what)缺少“signatory”（签发人：请示为上行文，版头须标注签发人，GB/T 9704 7.2.5）")
        }
        let addressees = required("addressee", "主送机关").flatMap { r.nameList($0, "主送机关（addressee）") }
        let copies = e["copies"].flatMap { r.nameList($0, "抄送机关（copies）", required: false) } ?? []
        let printer = required("printer", "印发机关，如“浙江省市场监督管理局办公室”").flatMap { r.nameField($0, "印发机关（printer）") }
        let printed = e["printed"].flatMap { r.date($0, "印发日期（printed）") }
        let date = e["date"].flatMap { r.date($0, "成文日期（date）") }
        if let printed, let date, printed < date {
            r.error(e["printed"], "印发日期（printed）\(printed) 早于成文日期（date）\(date)：公文成文后才能印发")
        }
        guard let mark, let number, let addressees, let printer else { return nil }
        return IssuerDetails(mark: mark, number: number, signatories: signatories, addressees: addressees, copies: copies,
                             printer: printer, printed: printed, date: date)
    }
}
