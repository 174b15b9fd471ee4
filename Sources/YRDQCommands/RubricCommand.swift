import ArgumentParser
import YRDQCore

struct RubricCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "rubric", abstract: "以树形列出指标体系（评估项、加分项、减分项）。")
    @OptionGroup var options: RubricOption

    func execute(_ context: Context) throws -> Int32 {
        let rubric = try Home.loadRubric(options.rubric)
        context.console.out(Self.tree(rubric))
        return 0
    }

    static func tree(_ rubric: Rubric) -> String {
        var out: [String] = ["\(rubric.title)（\(rubric.documentNumber)）", "评估项 共\(rubric.total)分"]
        for category in rubric.categories {
            out.append("├─ \(category.name)（\(category.points)分）")
            for indicator in category.indicators {
                out.append("│  ├─ \(indicator.numeral)、\(indicator.name)（\(indicator.points)分）")
                for group in indicator.groups {
                    out.append("│  │  ├─ \(group.number)．\(group.name)（\(group.points)分）")
                    if let pre = group.preamble { out.append("│  │  │     \(pre)") }
                    for item in group.items {
                        out.append("│  │  │  ├─ 第\(item.number)项（\(item.points)分）\(item.text)")
                        for c in item.criteria { out.append("│  │  │  │     · \(c.text)（\(c.points)分）") }
                    }
                }
            }
        }
        let rule = rubric.bonus.rule == .highestLevelPerCategory ? "每类取最高等级" : "每类累加"
        out.append("加分项 共\(rubric.bonus.points)分（\(rule)）")
        for c in rubric.bonus.categories {
            out.append("├─ \(c.numeral)、\(c.name)（\(c.points)分）\(c.preamble ?? "")")
            for l in c.levels { out.append("│  ├─ \(l.id)：\(l.text)") }
        }
        out.append("减分项（\(rubric.deductions.preamble)）")
        for c in rubric.deductions.conditions {
            out.append("├─ \(c.id)（减\(c.points)分）：\(c.text)")
            for f in c.footnotes.compactMap(rubric.footnote) { out.append("│     注：\(f.term.trimmingCharacters(in: ["/"]))——\(f.text)") }
        }
        out.append("脚注")
        for f in rubric.footnotes { out.append("├─ \(f.term.trimmingCharacters(in: ["/"]))：\(f.text)") }
        return out.joined(separator: "\n")
    }
}
