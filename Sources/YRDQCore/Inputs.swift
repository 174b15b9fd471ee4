/// A pilot (试点) as its profile describes it.
public struct PilotProfile: Sendable, Equatable {
    public struct Enterprise: Sendable, Equatable {
        public var name: String, role: String?, note: String?
        public init(name: String, role: String? = nil, note: String? = nil) { self.name = name; self.role = role; self.note = note }
    }
    public struct Contact: Sendable, Equatable {
        public var name: String, title: String?, unit: String?, phone: String?
        public init(name: String, title: String? = nil, unit: String? = nil, phone: String? = nil) {
            self.name = name; self.title = title; self.unit = unit; self.phone = phone
        }
    }
    public var name: String
    public var region: String
    public var province: String?
    public var industry: String?
    public var lead: String
    public var participants: [String]
    public var approved: CivilDate
    public var enterprises: [Enterprise]
    public var contacts: [Contact]
    /// 一、试点基本情况
    public var overview: String?
    /// 二、自评工作开展情况
    public var selfAssessmentWork: String?
    /// 四、主要做法与成效, keyed by first-level indicator index (1…10).
    public var achievements: [Int: String]
    public var problems: [String]
    public var nextSteps: [String]
    /// Where the profile came from (a path), for messages.
    public var source: String?
    /// The lead bureau as it issues its 请示 (`issuer:`), if the profile gives it.
    public var issuer: IssuerDetails?

    public init(name: String, region: String, province: String? = nil, industry: String? = nil, lead: String,
                participants: [String], approved: CivilDate, enterprises: [Enterprise], contacts: [Contact] = [],
                overview: String? = nil, selfAssessmentWork: String? = nil, achievements: [Int: String] = [:],
                problems: [String] = [], nextSteps: [String] = [], source: String? = nil) {
        self.name = name; self.region = region; self.province = province; self.industry = industry
        self.lead = lead; self.participants = participants; self.approved = approved
        self.enterprises = enterprises; self.contacts = contacts; self.overview = overview
        self.selfAssessmentWork = selfAssessmentWork; self.achievements = achievements
        self.problems = problems; self.nextSteps = nextSteps; self.source = source
    }
}

public struct Assessor: Sendable, Equatable {
    public var name: String
    public var organization: String
    /// The kind of body represented (质量主管部门, 行业主管部门, 社会组织, 技术机构, 企业).
    public var kind: String?
    public init(name: String, organization: String, kind: String? = nil) {
        self.name = name; self.organization = organization; self.kind = kind
    }

    /// The form two experts are compared in: name and organisation, each as `NameText.identityKey`
    /// (however they are spelt), so that one expert is never listed or scored twice.
    public static func identity(name: String, organization: String) -> String {
        NameText.identityKey(name) + "\u{0}" + NameText.identityKey(organization)
    }

    public var identity: String { Self.identity(name: name, organization: organization) }
}

/// One item's score on a sheet.
public struct ItemScore: Sendable, Equatable {
    public var score: Points
    /// Per-criterion scores when the sheet gave them.
    public var criteria: [Points]?
    public var note: String?
    public var evidence: [String]
    public init(score: Points, criteria: [Points]? = nil, note: String? = nil, evidence: [String] = []) {
        self.score = score; self.criteria = criteria; self.note = note; self.evidence = evidence
    }
}

/// An honour claimed in a bonus category.
public struct HonourClaim: Sendable, Equatable {
    public var level: String
    public var title: String?
    public var date: CivilDate?
    public init(level: String, title: String? = nil, date: CivilDate? = nil) {
        self.level = level; self.title = title; self.date = date
    }
}

/// Bonus and deduction facts: settled by the assessor on a sheet, or once by a panel.
public struct Adjustments: Sendable, Equatable {
    /// Bonus category id → honours claimed (empty: none).
    public var honours: [String: [HonourClaim]]
    /// Deduction condition id → number of incidents behind it (0: does not apply).
    public var incidents: [String: Int]
    /// Grounds stated for a bonus category or a deduction condition, by id.
    public var grounds: [String: String]
    /// Where each bonus category or deduction condition (by id) was given in its file (the
    /// line), for messages that point at it. Not part of what the facts are: `==` ignores it.
    public var lines: [String: Int]
    public init(honours: [String: [HonourClaim]] = [:], incidents: [String: Int] = [:], grounds: [String: String] = [:],
                lines: [String: Int] = [:]) {
        self.honours = honours; self.incidents = incidents; self.grounds = grounds; self.lines = lines
    }

    public static func == (a: Adjustments, b: Adjustments) -> Bool {
        a.honours == b.honours && a.incidents == b.incidents && a.grounds == b.grounds
    }
}

/// A validated score sheet: a self-assessment or one expert's scores.
public struct ScoreSheet: Sendable {
    public var source: String
    public var pilot: PilotProfile?
    public var assessor: Assessor?
    public var date: CivilDate?
    public var items: [Int: ItemScore]
    public var adjustments: Adjustments
    public init(source: String, pilot: PilotProfile?, assessor: Assessor?, date: CivilDate?,
                items: [Int: ItemScore], adjustments: Adjustments) {
        self.source = source; self.pilot = pilot; self.assessor = assessor; self.date = date
        self.items = items; self.adjustments = adjustments
    }
}

/// How a panel's base score comes from its experts' base totals.
public enum Aggregation: String, Sendable, CaseIterable {
    case mean
    /// Drop one highest and one lowest expert first (去掉一个最高分和一个最低分).
    case trimmed

    public var chinese: String {
        switch self {
        case .mean: return "全体专家评分的算术平均值"
        case .trimmed: return "去掉一个最高分和一个最低分后的算术平均值"
        }
    }
}

/// A provincial evaluation: a panel's expert sheets and its settled facts.
public struct Panel: Sendable {
    public var source: String
    public var pilot: PilotProfile?
    public var province: String?
    public var bureau: String?
    public var date: CivilDate?
    public var materialReview: CivilDate?
    public var siteReview: CivilDate?
    public var leader: String?
    public var aggregation: Aggregation
    public var experts: [ScoreSheet]
    public var adjustments: Adjustments
    public var findings: [String]
    public var recommendations: [String]
    /// The provincial bureau as it issues its 决定 or 通知 (`issuer:`), if the panel file gives it.
    public var issuer: IssuerDetails?
    /// The address of the bureau's verification page (`verification-page:`), which the
    /// certificate's QR code links to; nil: the QR code holds the plain payload.
    public var verificationPage: String?
    public init(source: String, pilot: PilotProfile?, province: String?, bureau: String?, date: CivilDate?,
                materialReview: CivilDate?, siteReview: CivilDate?, leader: String?, aggregation: Aggregation,
                experts: [ScoreSheet], adjustments: Adjustments, findings: [String], recommendations: [String]) {
        self.source = source; self.pilot = pilot; self.province = province; self.bureau = bureau; self.date = date
        self.materialReview = materialReview; self.siteReview = siteReview; self.leader = leader
        self.aggregation = aggregation; self.experts = experts; self.adjustments = adjustments
        self.findings = findings; self.recommendations = recommendations
    }
}
