/// CJK punctuation classes for line breaking and compression (W3C clreq, GB/T 15834).
enum Punctuation {
    /// Closing marks (ink on the left half of the em box in Simplified Chinese faces).
    static let closingBlankRight: Set<Unicode.Scalar> = scalars("，。、；：？！）」』】》〉〕〗］｝”’")
    /// Marks that must never start a line.
    static let noLineStart: Set<Unicode.Scalar> =
        closingBlankRight.union(scalars("…‥·・〃々〆ー゛゜%％‰℃,.;:?!)]}>、")).union(["\u{FE30}"])
    /// Opening marks (ink on the right half), which must never end a line.
    static let opening: Set<Unicode.Scalar> = scalars("（「『【《〈〔〖［｛“‘([{<")
    static let openingWide: Set<Unicode.Scalar> = scalars("（「『【《〈〔〖［｛“‘")

    private static func scalars(_ s: String) -> Set<Unicode.Scalar> { Set(s.unicodeScalars) }

    /// Marks that must not be split from one another ("——", "……").
    static func isInseparablePair(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        a == b && (a == "\u{2014}" || a == "\u{2026}" || a == "\u{2E3A}")
    }

    /// Whether the first mark of an adjacent pair gives up the blank half of its em box:
    /// "）。" "”，" "。”" "）（" "：“" "（“" — never "（）", where both inks would meet.
    static func compressesFirst(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        if closingBlankRight.contains(a) { return closingBlankRight.contains(b) || openingWide.contains(b) }
        if openingWide.contains(a) { return openingWide.contains(b) }
        return false
    }

    /// East Asian wide characters, between which a line may break (subject to the rules above).
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x20000...0x3FFFF, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026:
            return true
        default:
            return false
        }
    }

    /// Words of these documents that a balanced title, a centred table label or a note under
    /// a table must not be broken inside (where another break fits).
    static let titleWords: [[Unicode.Scalar]] = [
        "长三角", "质量", "提升", "示范", "试点", "建设", "评估", "评分表", "评分", "汇总表", "报告", "专家",
        "新能源", "汽车", "零部件", "产业", "关于", "工作", "情况", "市场", "监督", "管理局", "管理", "自评",
        "省级", "市级", "证明", "材料", "清单", "名单", "成员", "结果", "指南", "试行", "评估组", "证书",
        "命名", "称号", "申请", "通知", "决定", "意见", "方案", "总结", "计划", "实施", "办法",
        // The rubric's indicator and group names (一级、二级指标).
        "加强", "组织", "领导", "机制", "制定", "加大", "政策", "支持", "完善", "经费", "保障", "出台", "财政",
        "金融", "扶持", "水平", "全面", "改进", "攻关", "标准", "提档", "升级", "品牌", "打造", "高端", "培育",
        "区域", "推动", "供应链", "产业链", "基础", "设施", "中小企业", "人才", "培养", "技能", "推行", "企业",
        "首席", "质量官", "制度", "社会", "共治", "部门", "联合", "行业", "促进", "技术", "服务", "营造", "良好",
        "氛围", "文化", "宣传", "推广", "高质量", "发展", "经济", "效益", "能力", "成果", "创新", "模式", "荣誉",
        "政府", "减分项", "加分项", "基本分",
        // The notes under the score table.
        "主要", "参与", "相关", "产品", "龙头", "骨干", "标杆", "一定", "影响", "号召力", "原则", "根据", "体系",
        "术语", "以顾客为关注焦点", "领导作用", "全员", "积极", "过程", "方法", "循证", "决策", "关系",
        "周期", "项目", "批准", "开展", "重大", "造成", "死亡", "重伤", "直接", "损失", "安全", "事件", "依据",
        "国家", "考核", "包括", "以下", "以上", "失踪", "受伤", "生活", "受到", "中共中央", "办公厅", "国务院",
        "通报", "批评", "责令", "整改", "要求", "检讨", "行政", "人员", "事故", "党纪", "政纪", "处分", "特别",
    ].map { Array($0.unicodeScalars) }

    /// For each position 0…n, whether a break there would fall inside one of titleWords.
    static func insideWords(_ scalars: [Unicode.Scalar]) -> [Bool] {
        var inside = [Bool](repeating: false, count: scalars.count + 1)
        for word in titleWords where word.count <= scalars.count {
            for start in 0...(scalars.count - word.count) where scalars[start] == word[0] {
                var k = 1
                while k < word.count && scalars[start + k] == word[k] { k += 1 }
                guard k == word.count else { continue }
                for k in (start + 1)..<(start + word.count) { inside[k] = true }
            }
        }
        return inside
    }
}
