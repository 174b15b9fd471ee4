/// The 版头 of an official document (公文, GB/T 9704 7.2): what it says, not how it is drawn.
/// Writers draw the mark in red in the title face, the number under it (centred; on an upward
/// document on the left, with the signatories on the right of the same line) and the red
/// separator line under both.
public struct Masthead: Sendable, Equatable {
    /// 发文机关标志: "浙江省市场监督管理局文件".
    public var mark: String
    /// 发文字号: "浙市监质〔2026〕41号".
    public var number: String
    /// 签发人 (non-empty on an upward document, a 请示).
    public var signatories: [String]

    public init(mark: String, number: String, signatories: [String] = []) {
        self.mark = mark; self.number = number; self.signatories = signatories
    }

    /// Whether it is an upward document (上行文): the number goes left, the signatories right.
    public var upward: Bool { !signatories.isEmpty }
}

/// The 版记 of an official document (GB/T 9704 7.4): 抄送, 印发机关 and 印发日期, set between
/// rules at the foot of the document's last page, which is an even page.
public struct Colophon: Sendable, Equatable {
    /// 抄送机关 (none: no 抄送 line).
    public var copies: [String]
    /// 印发机关: "浙江省市场监督管理局办公室".
    public var printer: String
    /// 印发日期: "2026年11月25日" (the writers add "印发").
    public var printed: String

    public init(copies: [String] = [], printer: String, printed: String) {
        self.copies = copies; self.printer = printer; self.printed = printed
    }

    /// "抄送：甲，乙。" (GB/T 9704 7.4.2: names separated by the full-width comma, a full stop at
    /// the end), or nil without copies.
    public var copiesLine: String? {
        copies.isEmpty ? nil : "抄送：" + copies.joined(separator: "，") + "。"
    }

    /// "2026年11月25日印发".
    public var printedLine: String { printed + "印发" }
}
