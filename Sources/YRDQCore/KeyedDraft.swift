/// A score sheet written as keys and values (YAML), as its reader found it: every value as
/// typed with its line and column, and, beside each part, what the reader found wrong with
/// its shape (a list where a text belongs, a key given twice). The shape is the reader's
/// business; every rule about the values (an item number, a score, a level, a date, an
/// assessor) is `SheetValidator`'s, which reports a part's shape problems where it checks
/// that part, so the problems come in the file's order.
extension SheetDraft {
    /// One part: what could be read of it (nil: nothing usable), and its shape problems.
    public struct Field<T: Sendable>: Sendable {
        public var value: T?
        public var problems: [Diagnostic]
        public init(_ value: T?, problems: [Diagnostic] = []) { self.value = value; self.problems = problems }
    }

    public struct Keyed: Sendable {
        /// The top-level mapping, for what is missing from it.
        public var place: Place
        /// Shape problems of the top level (unknown keys …).
        public var problems: [Diagnostic] = []
        public var pilot: Pilot?
        public var assessor: AssessorEntry?
        public var date: Field<Value>?
        public var items: Items?
        public var adjustments = Adjustments()
        public init(place: Place) { self.place = place }
    }

    /// `pilot:` a path as written, or a profile written inline (read by the profile reader).
    public enum Pilot: Sendable {
        case path(Field<Value>)
        case inline(Field<PilotProfile>)
    }

    public struct AssessorEntry: Sendable {
        public var place: Place
        /// Shape problems of the mapping; with `valid` false nothing more was read.
        public var problems: [Diagnostic] = []
        public var valid = true
        public var name: Field<Value>?
        public var organization: Field<Value>?
        public var kind: Field<Value>?
        public init(place: Place) { self.place = place }
    }

    public struct Items: Sendable {
        public var place: Place
        /// Shape problems of the mapping; with `valid` false (not a mapping) nothing more was read.
        public var problems: [Diagnostic] = []
        public var valid = true
        public var entries: [ItemEntry] = []
        public init(place: Place) { self.place = place }
    }

    /// One key of `items:` and its value. The value's shape problems carry no item number:
    /// the validator gives them the item the key names, and reports them only for a key it accepts.
    public struct ItemEntry: Sendable {
        public var key: Value
        public var value: ItemValue
        public init(key: Value, value: ItemValue) { self.key = key; self.value = value }
    }

    public enum ItemValue: Sendable {
        /// Nothing written after the key.
        case empty
        /// A score written alone.
        case score(Value)
        /// `{score:, criteria:, note:, evidence:}`
        case detailed(ItemDetail)
        /// A value of the wrong shape: only its problems.
        case invalid([Diagnostic])
    }

    public struct ItemDetail: Sendable {
        public var place: Place
        /// Shape problems of the mapping (an unknown key …), none of them fatal.
        public var problems: [Diagnostic] = []
        public var score: Field<Value>?
        /// The per-criterion scores: the list (its own shape problems) of each score (its own).
        public var criteria: Field<[Field<Value>]>?
        /// Where the per-criterion list was.
        public var criteriaPlace: Place?
        public var note: Field<String> = Field(nil)
        public var evidence: Field<[String]> = Field(nil)
        public init(place: Place) { self.place = place }
    }

    /// Bonus and deductions as keys (a sheet's or a panel file's).
    public struct Adjustments: Sendable {
        /// Where `bonus:` was, for a problem about the honours as a whole.
        public var bonusPlace: Place?
        public var bonus: Field<[BonusEntry]>?
        public var deductions: Field<[DeductionEntry]>?
        public var bonusGrounds: Field<[GroundsEntry]>?
        public var deductionGrounds: Field<[GroundsEntry]>?
        public init() {}
    }

    public struct BonusEntry: Sendable {
        public var key: Value
        public var claims: [Claim]
        public init(key: Value, claims: [Claim]) { self.key = key; self.claims = claims }
    }

    /// One honour claimed: a level alone, or `{level:, title:, date:}`.
    public struct Claim: Sendable {
        /// Shape problems of the mapping (a missing `level` among them: then nothing else was read).
        public var problems: [Diagnostic] = []
        public var valid = true
        /// The level as written (nil: none written).
        public var level: Field<Value> = Field(nil)
        public var title: Field<String> = Field(nil)
        public var date: Field<Value>?
        public init() {}
    }

    public struct DeductionEntry: Sendable {
        public var key: Value
        public var value: DeductionValue
        public init(key: Value, value: DeductionValue) { self.key = key; self.value = value }
    }

    public enum DeductionValue: Sendable {
        /// A plain whole number as written: the number of incidents.
        case count(Value, Int)
        /// Yes or no.
        case flag(Bool)
        /// Neither: only its problems.
        case invalid([Diagnostic])
    }

    public struct GroundsEntry: Sendable {
        public var key: Value
        public var text: Field<String>
        public init(key: Value, text: Field<String>) { self.key = key; self.text = text }
    }
}
