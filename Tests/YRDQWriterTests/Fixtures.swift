import YRDQDocument

/// Documents built in code for the writer tests.
enum Fixtures {
    static let hostile = "<script>alert(1)</script> a|b *x* _y_ ../../etc/passwd \"q\" 'q' 𠮷堃喆 😀 # 1. [l](u) `c` \\ & &amp;"

    /// A table shaped like the official score table: column 1 spans many rows, column 2
    /// fewer, a preamble row spanning two columns, bonus rows, and a total spanning three.
    static func scoreTable(extra: String = "") -> Table {
        var rows: [[Table.Cell]] = []
        // 一级指标 spanning 5 rows: two groups (3 + 2 rows).
        rows.append([Table.Cell("一、组织领导（10分）" + extra, rowSpan: 5, alignment: .center),
                     Table.Cell("（一）工作机制（6分）", rowSpan: 3, alignment: .center),
                     Table.Cell("1．成立试点工作领导小组，主要负责同志任组长。"), Table.Cell("2", alignment: .center)])
        rows.append([Table.Cell("2．制定试点实施方案，明确目标任务" + extra), Table.Cell("2", alignment: .center)])
        rows.append([Table.Cell("3．建立工作台账\n定期调度推进。"), Table.Cell("1.5", alignment: .center)])
        rows.append([Table.Cell("（二）经费保障（4分）", rowSpan: 2, alignment: .center),
                     Table.Cell("4．安排专项经费。"), Table.Cell("2", alignment: .center)])
        rows.append([Table.Cell("5．经费使用规范。"), Table.Cell("2", alignment: .center)])
        // 二、 spanning 3 rows with a preamble spanning columns 2–3.
        rows.append([Table.Cell("二、质量提升（20分）", rowSpan: 3, alignment: .center),
                     Table.Cell("以下各项按完成情况评分：", colSpan: 2),
                     Table.Cell("", alignment: .center)])
        rows.append([Table.Cell("（一）标准引领（10分）", rowSpan: 2, alignment: .center),
                     Table.Cell([.text("6．主导或参与制定标准"), .noteMark("注1"), .text("。")]),
                     Table.Cell("8", alignment: .center)])
        rows.append([Table.Cell("7．开展质量对标。"), Table.Cell("9", alignment: .center)])
        rows.append([Table.Cell("十一、加分项（5分）", rowSpan: 2, alignment: .center),
                     Table.Cell("获得省级以上质量奖", colSpan: 2), Table.Cell("+3", alignment: .center)])
        rows.append([Table.Cell("获得市级质量奖", colSpan: 2), Table.Cell("—", alignment: .center)])
        rows.append([Table.Cell("总　分", colSpan: 3, alignment: .center, emphasis: true),
                     Table.Cell("87.50", alignment: .center, emphasis: true)])
        return Table(columns: [.init(width: 1.6, alignment: .center), .init(width: 1.6, alignment: .center),
                               .init(width: 7.2, alignment: .left), .init(width: 1.2, alignment: .center)],
                     header: [["一级指标", "二级指标", "三级指标", "得分"].map { Table.Cell($0, alignment: .center, emphasis: true) }],
                     rows: rows,
                     notes: [[.text("注1：标准——指国家标准、行业标准、地方标准和团体标准。")]])
    }

    /// A two-row header: 得分 spans two columns over 自评 / 复核; 序号 and 项目 span two rows.
    static func twoRowHeaderTable() -> Table {
        Table(columns: [.init(width: 1, alignment: .center), .init(width: 4), .init(width: 1, alignment: .right), .init(width: 1, alignment: .right)],
              header: [[Table.Cell("序号", rowSpan: 2), Table.Cell("项目", rowSpan: 2), Table.Cell("得分", colSpan: 2)],
                       [Table.Cell("自评"), Table.Cell("复核")]],
              rows: [[Table.Cell("1"), Table.Cell("组织领导"), Table.Cell("9.5"), Table.Cell("9")],
                     [Table.Cell("2"), Table.Cell("质量提升"), Table.Cell("18"), Table.Cell("17.5")]],
              compact: true)
    }

    static func document(text: String = "", sealImage: String? = "seal.png") -> Document {
        Document(
            metadata: Metadata(title: "嘉禾市汽车零部件产业质量提升试点自评报告" + text, author: "嘉禾市市场监督管理局" + text,
                               subject: "自评报告" + text, keywords: ["质量提升", text],
                               date: DocumentDate(year: 2026, month: 4, day: 13), kind: "self-assessment"),
            cover: Cover(title: ["长三角质量提升示范试点", "自评报告" + text], subtitle: "（2025年度）",
                         fields: [.init(label: "试点名称", value: "嘉禾市汽车零部件产业" + text),
                                  .init(label: "牵头单位", value: "嘉禾市市场监督管理局")],
                         issuer: "嘉禾市市场监督管理局", date: "2026年4月13日"),
            body: [
                .title(["嘉禾市汽车零部件产业质量提升", "试点自评报告" + text]),
                .subtitle("（2025年度）"),
                .heading(level: 1, text: "一、试点基本情况" + text),
                .text("嘉禾市汽车零部件产业质量提升试点自2024年启动以来，围绕标准引领、品牌培育、质量基础设施建设等重点任务，扎实推进各项工作，取得了阶段性成效。全市汽车零部件规模以上企业达到126家，实现产值386.5亿元，同比增长12.3%。" + text),
                .heading(level: 2, text: "（一）组织领导"),
                .paragraph([.text("成立了以分管副市长为组长的试点工作领导小组"), .noteMark("注1"), .text("，印发《实施方案》。" + text)], style: .body),
                .heading(level: 3, text: "1．工作机制"),
                .heading(level: 4, text: "（1）定期调度"),
                .list(ordered: true, items: [[.text("建立月度调度机制；" + text)], [.text("建立工作台账。")]]),
                .list(ordered: false, items: [[.text("条目甲")], [.text("条目乙")]]),
                .paragraph([.text("填表人："), .blank(width: 6), .text("　联系电话："), .blank(width: 8)], style: .plain),
                .text("注：本报告数据截至2025年12月31日。" + text, .note),
                .pageBreak,
                .heading(level: 1, text: "二、自评得分情况"),
                .table(scoreTable(extra: text)),
                .table(twoRowHeaderTable()),
                .heading(level: 1, text: "三、自评结论"),
                .text("经自评，本试点总分87.50分，达到80分以上，符合申请省级评估的条件。"),
                .signature(Signature(lines: ["嘉禾市市场监督管理局" + text], date: "2026年4月13日", sealImage: sealImage)),
            ],
            attachments: [
                Attachment(label: "附件1", title: "评分表" + text, blocks: [.table(scoreTable(extra: text)),
                    .signature(Signature(lines: [], date: "年　月　日", signHere: "评估专家（签字）："))],
                           orientation: .landscape),
                Attachment(label: "附件2", title: "证明材料清单", blocks: [.list(ordered: true, items: [[.text("实施方案")]])]),
            ])
    }
}
