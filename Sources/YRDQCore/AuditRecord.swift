/// One entry of an evaluation's audit trail (the panel workspace's append-only events): when,
/// who, what was done to what, and the value before and after. The provincial report can carry
/// the trail as an attachment.
public struct AuditRecord: Sendable, Equatable {
    /// The time as recorded (ISO 8601, UTC).
    public var at: String
    /// 操作人: "主持人", or an expert's name.
    public var actor: String
    /// 操作: "保存评分表", "解锁评分表", …
    public var action: String
    /// 对象: the field or sheet it concerns.
    public var subject: String
    public var old: String?
    public var new: String?

    public init(at: String, actor: String, action: String, subject: String = "", old: String? = nil, new: String? = nil) {
        self.at = at; self.actor = actor; self.action = action; self.subject = subject; self.old = old; self.new = new
    }
}
