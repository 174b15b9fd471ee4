/// What an official document (公文, GB/T 9704 §7) needs to know about the body that issues it:
/// the 版头 (mark, number, signatory), the 主送机关 and the 版记 (抄送, 印发机关, 印发日期).
/// A pilot profile's `issuer:` is the municipal lead bureau's (its 请示); a panel file's is the
/// provincial bureau's (its 决定 or 通知).
public struct IssuerDetails: Sendable, Equatable {
    /// 发文机关标志: "浙江省市场监督管理局文件".
    public var mark: String
    /// 发文字号: "浙市监质〔2026〕41号".
    public var number: String
    /// 签发人 (an upward document, a 请示, carries one or more).
    public var signatories: [String]
    /// 主送机关: "浙江省市场监督管理局", "各设区市市场监督管理局".
    public var addressees: [String]
    /// 抄送机关.
    public var copies: [String]
    /// 印发机关: "浙江省市场监督管理局办公室".
    public var printer: String
    /// 印发日期; the document's date when not given.
    public var printed: CivilDate?
    /// 成文日期; the evaluation's date when not given.
    public var date: CivilDate?

    public init(mark: String, number: String, signatories: [String] = [], addressees: [String], copies: [String] = [],
                printer: String, printed: CivilDate? = nil, date: CivilDate? = nil) {
        self.mark = mark; self.number = number; self.signatories = signatories; self.addressees = addressees
        self.copies = copies; self.printer = printer; self.printed = printed; self.date = date
    }

    /// What is wrong with a 发文字号: it must read 代字〔年份〕序号号, the year in 〔〕 (GB/T 9704 7.2.4),
    /// not in [] or () or 【】; nil when it is well formed.
    public static func numberProblem(_ number: String) -> String? {
        let chars = Array(number)
        guard let open = chars.firstIndex(of: "〔"), let close = chars.firstIndex(of: "〕"), open < close else {
            if number.contains(where: { "[]()（）【】［］".contains($0) }) {
                return "年份应用六角括号〔〕括起（GB/T 9704 7.2.4），不用 [] () 【】"
            }
            return "应为“机关代字〔年份〕序号号”，如“浙市监质〔2026〕41号”"
        }
        let prefix = chars[..<open], year = chars[(open + 1)..<close], rest = chars[(close + 1)...]
        guard !prefix.isEmpty else { return "缺少机关代字（〔 之前，如“浙市监质”）" }
        guard year.count == 4, year.allSatisfy({ $0.isASCII && $0.isNumber }) else { return "〔〕中应为四位年份，如〔2026〕" }
        guard rest.last == "号", rest.count >= 2, rest.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "〔〕之后应为序号加“号”，如“41号”（不编虚位，不加“第”）"
        }
        guard rest.first != "0" else { return "序号不编虚位（写“1号”，不写“01号”）" }
        return nil
    }
}
