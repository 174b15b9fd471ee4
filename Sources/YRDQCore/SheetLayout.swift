/// The score sheet as a table (CSV, XLSX): its columns, the labels of its detail rows, the
/// words a user types. One description for every table writer and reader.
public enum SheetLayout {
    /// The table's columns, as the template's header row names them.
    public static let header = ["序号", "一级指标", "二级指标", "三级指标", "分值", "得分", "说明", "证明材料"]

    /// The sheet's details, above the items: key, the label the CSV writes in its 序号 column,
    /// and other labels accepted for it (the XLSX header block's shorter ones).
    public static let metaRows: [(key: String, label: String, aliases: [String])] = [
        ("pilot", "试点档案", ["试点"]), ("date", "评估日期", []), ("assessor", "评估人", []),
        ("organization", "评估人单位", ["单位"]), ("kind", "评估人所属方面", ["所属方面"]),
    ]

    /// The key of a detail row's label (either spelling), or nil.
    public static func metaKey(_ label: String) -> String? {
        metaRows.first { $0.label == label || $0.aliases.contains(label) }?.key
    }

    /// Honour levels as a user writes them.
    public static let levelWords = ["none": "无", "municipal": "地市级", "provincial": "省级", "national": "国家级"]

    /// Every spelling of a level a sheet accepts, to its id.
    public static let levelAliases: [String: String] = [
        "无": "none", "没有": "none", "": "none", "否": "none",
        "地市级": "municipal", "市级": "municipal",
        "省级": "provincial", "国家级": "national",
    ]

    /// How a bonus row's 说明 is filled in the CSV.
    public static let honourNoteHint = "得分栏填写等级；说明栏填写荣誉名称，可在逗号后写取得日期（如：浙江省人民政府质量奖，2025-11-28）"
    /// How a deduction row's 说明 is filled.
    public static let deductionNoteHint = "得分栏填写是或否；说明栏填写减分依据（如：2026年3月经市政府认定的某产品质量事件）"

    /// The 序号 of a row that only shows a sum (the XLSX total): not read.
    public static let totalLabel = "合计"

    /// The words a deduction row's value may take.
    public static let yesWords: Set<String> = ["是", "有", "true", "yes", "1"]
    public static let noWords: Set<String> = ["否", "无", "false", "no", "0", ""]
}
