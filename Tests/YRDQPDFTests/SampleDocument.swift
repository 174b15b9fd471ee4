import Foundation
import YRDQDocument

/// The repository root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fontsDirectory = repositoryRoot.appendingPathComponent("fonts").path

/// A document with every block type: title, headings of all levels, paragraphs whose
/// punctuation would fall at a line start, a 60-row table whose first column spans
/// 20 rows at a time, a signature and an attachment.
func sampleDocument() -> Document {
    var rows: [[Table.Cell]] = []
    for r in 0..<60 {
        var row: [Table.Cell] = []
        if r % 20 == 0 {
            var group = Table.Cell("第\(r / 20 + 1)组质量举措指标", rowSpan: 20, alignment: .center)
            group.continuationLabel = "第\(r / 20 + 1)组质量举措"
            row.append(group)
        }
        let long = r % 7 == 3
            ? "建立健全区域质量协同发展机制，推动长三角地区标准、计量、认证认可、检验检测等质量基础设施互联互通和共建共享（第\(r + 1)项）"
            : "第\(r + 1)项评估内容：质量工作责任制落实情况"
        row.append(Table.Cell("\(r + 1)", alignment: .center))
        row.append(Table.Cell(long))
        row.append(Table.Cell(r % 2 == 0 ? "2" : "1.5", alignment: .right))
        row.append(Table.Cell(r % 3 == 0 ? "1.5" : "1", alignment: .right))
        rows.append(row)
    }
    let table = Table(
        caption: "表1　长三角质量提升示范试点评估得分表",
        columns: [Table.Column(width: 3), Table.Column(width: 1.2, alignment: .center), Table.Column(width: 8),
                  Table.Column(width: 1.5, alignment: .right), Table.Column(width: 1.5, alignment: .right)],
        header: [[Table.Cell("一级指标", emphasis: true), Table.Cell("序号", emphasis: true),
                  Table.Cell("评估内容", emphasis: true), Table.Cell("分值", emphasis: true), Table.Cell("得分", emphasis: true)]],
        rows: rows,
        notes: [[.text("注：得分保留两位小数；加分项、减分项由专家组集体确定。")]])
    let punctuation = "长三角质量提升示范试点评估工作按照“自评估、省级评估、结果运用”的程序进行（详见附件）。各地应当认真组织，确保评估工作客观、公正、规范，试点城市的自评估报告、佐证材料清单和评分表，须于评估日前报送省级市场监管局；逾期未报送的，视为放弃本年度评估。"
    let body: [Block] = [
        .title(["关于长三角质量提升示范试点评估结果的报告"]),
        .subtitle("嘉禾市汽车零部件产业质量提升示范试点"),
        .heading(level: 1, text: "一、评估工作基本情况"),
        .text(punctuation),
        .text("根据《长三角质量提升示范试点评估指南（试行）》（沪市监质发〔2021〕356号），专家组由7名专家组成，分别来自质量主管部门、行业主管部门、社会组织、技术机构和企业。生僻人名用字测试：𠮷、堃、喆。"),
        .heading(level: 2, text: "（一）评估方法"),
        .text("每位专家逐项独立评分，去掉一个最高分和一个最低分后取平均值，四舍五入保留两位小数。加分项按类别取最高级别计分：市级1分、省级3分、国家级5分。"),
        .heading(level: 3, text: "1. 基础分"),
        .text("基础分为56个三级指标得分之和，满分100分，其中质量举措70分、质量成效30分。"),
        .heading(level: 4, text: "（1）质量举措"),
        .list(ordered: true, items: [[.text("建立质量工作领导小组，定期召开会议。")], [.text("制定质量提升行动方案，明确责任分工："), .blank(width: 6)]]),
        .paragraph([.text("注：本报告中的分数均为专家组评定结果，以本报告为准。")], style: .note),
        .heading(level: 1, text: "二、评估得分"),
        .table(table),
        .heading(level: 1, text: "三、评估结论"),
        .text("经专家组评定，该试点省级评估总分为86.50分，高于80分，建议命名为“长三角质量提升示范”。"),
        .signature(Signature(lines: ["嘉禾省市场监督管理局"], date: "2026年10月15日", signHere: "专家组组长（签字）：")),
    ]
    let attachment = Attachment(label: "附件1", title: "专家组成员名单", blocks: [
        .table(Table(columns: [Table.Column(width: 1, alignment: .center), Table.Column(width: 2), Table.Column(width: 4)],
                     header: [[Table.Cell("序号", emphasis: true), Table.Cell("姓名", emphasis: true), Table.Cell("工作单位", emphasis: true)]],
                     rows: (1...7).map { [Table.Cell("\($0)"), Table.Cell(["张𠮷", "李堃", "王喆", "赵敏", "钱进", "孙丽", "周强"][$0 - 1]), Table.Cell("嘉禾省标准化研究院质量发展研究所")] })),
    ])
    return Document(
        metadata: Metadata(title: "关于长三角质量提升示范试点评估结果的报告", author: "嘉禾省市场监督管理局",
                           subject: "省级评估报告", keywords: ["长三角", "质量提升", "评估"],
                           date: DocumentDate(year: 2026, month: 10, day: 15), kind: "provincial"),
        cover: Cover(title: ["长三角质量提升示范试点", "省级评估报告"], subtitle: "嘉禾市汽车零部件产业",
                     fields: [Cover.Field(label: "试点名称", value: "嘉禾市汽车零部件产业质量提升示范试点"),
                              Cover.Field(label: "牵头单位", value: "嘉禾市市场监督管理局")],
                     issuer: "嘉禾省市场监督管理局", date: "2026年10月15日"),
        body: body, attachments: [attachment])
}
