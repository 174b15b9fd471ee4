import Foundation

/// What an expert has typed into the sheet, as typed (autosaved as it is, validated by Core's
/// one validator when shown, submitted or exported).
public struct SheetContent: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        /// Per criterion, in the rubric's order.
        public var criteria: [String] = []
        public var note: String = ""
        public var evidence: String = ""
        /// The item's score as an imported sheet gave it without criteria (used while no
        /// criterion is typed).
        public var score: String = ""
        public init(criteria: [String] = [], note: String = "", evidence: String = "", score: String = "") {
            self.criteria = criteria; self.note = note; self.evidence = evidence; self.score = score
        }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            criteria = try c.decodeIfPresent([String].self, forKey: .criteria) ?? []
            note = try c.decodeIfPresent(String.self, forKey: .note) ?? ""
            evidence = try c.decodeIfPresent(String.self, forKey: .evidence) ?? ""
            score = try c.decodeIfPresent(String.self, forKey: .score) ?? ""
        }
    }
    public struct Bonus: Codable, Sendable, Equatable {
        /// none | municipal | provincial | national
        public var level: String = "none"
        public var title: String = ""
        public var date: String = ""
        public init(level: String = "none", title: String = "", date: String = "") { self.level = level; self.title = title; self.date = date }
    }
    public struct Deduction: Codable, Sendable, Equatable {
        public var applies: Bool = false
        public var grounds: String = ""
        public init(applies: Bool = false, grounds: String = "") { self.applies = applies; self.grounds = grounds }
    }
    public var date: String = ""
    public var items: [String: Item] = [:]
    public var bonus: [String: Bonus] = [:]
    public var deductions: [String: Deduction] = [:]
    public init() {}

    var json: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: (try? e.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    struct Change { var field: String, old: String, new: String }

    /// Field-by-field differences, for the audit trail (old → new).
    func changes(from old: SheetContent) -> [Change] {
        var out: [Change] = []
        if date != old.date { out.append(Change(field: "评估日期", old: old.date, new: date)) }
        let keys = Set(items.keys).union(old.items.keys).sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
        for k in keys {
            let a = old.items[k] ?? Item(), b = items[k] ?? Item()
            if a.criteria != b.criteria && !(a.criteria.allSatisfy(\.isEmpty) && b.criteria.allSatisfy(\.isEmpty)) {
                out.append(Change(field: "第\(k)项得分", old: a.criteria.joined(separator: "+"), new: b.criteria.joined(separator: "+")))
            }
            if a.note != b.note { out.append(Change(field: "第\(k)项说明", old: a.note, new: b.note)) }
            if a.evidence != b.evidence { out.append(Change(field: "第\(k)项证明材料", old: a.evidence, new: b.evidence)) }
        }
        for k in Set(bonus.keys).union(old.bonus.keys).sorted() where (bonus[k] ?? Bonus()) != (old.bonus[k] ?? Bonus()) {
            let a = old.bonus[k] ?? Bonus(), b = bonus[k] ?? Bonus()
            out.append(Change(field: "加分意见 \(k)", old: "\(a.level) \(a.title) \(a.date)", new: "\(b.level) \(b.title) \(b.date)"))
        }
        for k in Set(deductions.keys).union(old.deductions.keys).sorted() where (deductions[k] ?? Deduction()) != (old.deductions[k] ?? Deduction()) {
            let a = old.deductions[k] ?? Deduction(), b = deductions[k] ?? Deduction()
            out.append(Change(field: "减分意见 \(k)", old: "\(a.applies ? "是" : "否") \(a.grounds)", new: "\(b.applies ? "是" : "否") \(b.grounds)"))
        }
        return out
    }
}

/// What the chair settles for the panel: the panel file's fields.
public struct Settlement: Codable, Sendable, Equatable {
    public var province: String = ""
    public var bureau: String = ""
    public var date: String = ""
    public var materialReview: String = ""
    public var siteReview: String = ""
    public var leader: String = ""
    /// mean | trimmed
    public var aggregation: String = "mean"
    public var bonus: [String: SheetContent.Bonus] = [:]
    public var bonusGrounds: [String: String] = [:]
    public var deductions: [String: SheetContent.Deduction] = [:]
    public var findings: [String] = []
    public var recommendations: [String] = []
    /// The 版头 and 版记 of the provincial bureau's 决定 or 通知 (the panel file's `issuer:`); nil
    /// when none is given (a settlement saved before it existed decodes as nil too).
    public var issuer: IssuerFields?
    public init() {}

    var json: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: (try? e.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// The issuer block as the chair types it: the panel file's `issuer:` fields, as text.
public struct IssuerFields: Codable, Sendable, Equatable {
    /// 发文机关标志.
    public var mark: String = ""
    /// 发文字号.
    public var number: String = ""
    /// 主送机关, one a line.
    public var addressees: [String] = []
    /// 抄送机关, one a line.
    public var copies: [String] = []
    /// 印发机关.
    public var printer: String = ""
    /// 印发日期 (empty: the document's date).
    public var printed: String = ""
    /// 成文日期 (empty: the evaluation's date).
    public var date: String = ""
    public init() {}

    public var isEmpty: Bool { self == IssuerFields() }
}
