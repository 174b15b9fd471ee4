/// Checks that a rubric adds up: criteria to items, items to second-level
/// indicators, those to first-level indicators, those to their category and the
/// categories to the total; bonus levels within their caps; numbering 1…n without
/// gaps; each criterion's points as the item's wording states them.
public enum RubricIntegrity {
    public static func problems(in rubric: Rubric) -> [String] {
        var problems: [String] = []
        func check(_ label: String, declared: Points, sum: Points, of parts: String) {
            if declared != sum {
                problems.append("\(label)的分值为 \(declared)，但其\(parts)合计为 \(sum)")
            }
        }
        var categoriesSum = Points.zero
        for category in rubric.categories {
            var indicatorSum = Points.zero
            for indicator in category.indicators {
                var groupSum = Points.zero
                for group in indicator.groups {
                    var itemSum = Points.zero
                    for item in group.items {
                        let criteriaSum = item.criteria.reduce(Points.zero) { $0 + $1.points }
                        if item.criteria.isEmpty {
                            problems.append("第\(item.number)项没有评分标准")
                        }
                        check("第\(item.number)项", declared: item.points, sum: criteriaSum, of: "各评分标准")
                        let stated = statedPoints(in: item.text)
                        if !stated.isEmpty && stated != item.criteria.map(\.points) {
                            problems.append("第\(item.number)项的条文标注分值为 \(stated.map(\.description).joined(separator: "/"))，但其评分标准为 \(item.criteria.map(\.points.description).joined(separator: "/"))")
                        }
                        for c in item.criteria where c.points <= .zero {
                            problems.append("第\(item.number)项的评分标准“\(c.text)”分值为 \(c.points)，应大于0")
                        }
                        itemSum += item.points
                    }
                    check("二级指标“\(group.name)”", declared: group.points, sum: itemSum, of: "三级指标")
                    groupSum += group.points
                }
                check("一级指标“\(indicator.numeral)、\(indicator.name)”", declared: indicator.points, sum: groupSum, of: "二级指标")
                indicatorSum += indicator.points
            }
            check("评估事项“\(category.name)”", declared: category.points, sum: indicatorSum, of: "一级指标")
            categoriesSum += category.points
        }
        check("评估项总分", declared: rubric.total, sum: categoriesSum, of: "评估事项")

        let numbers = rubric.items.map(\.number)
        if numbers != Array(1...max(1, numbers.count)) {
            problems.append("三级指标应从1起连续编号，实际为 \(numbers.map(String.init).joined(separator: ","))")
        }
        let groupNumbers = rubric.groups.map(\.number)
        if groupNumbers != Array(1...max(1, groupNumbers.count)) {
            problems.append("二级指标应从1起连续编号，实际为 \(groupNumbers.map(String.init).joined(separator: ","))")
        }

        var capSum = Points.zero
        for category in rubric.bonus.categories {
            for level in category.levels where level.points > category.points || level.points <= .zero {
                problems.append("加分项“\(category.name)”的“\(level.name)”加 \(level.points) 分，应在0至该类上限 \(category.points) 之间")
            }
            if Set(category.levels.map(\.id)).count != category.levels.count || category.levels.contains(where: { $0.id == BonusRules.noneLevel }) {
                problems.append("加分项“\(category.name)”的等级标识重复或使用了保留字 none")
            }
            capSum += category.points
        }
        if capSum != rubric.bonus.points {
            problems.append("加分项合计上限为 \(rubric.bonus.points)，但各类上限合计为 \(capSum)")
        }
        if Set(rubric.bonus.categories.map(\.id)).count != rubric.bonus.categories.count {
            problems.append("加分项类别标识重复")
        }
        if Set(rubric.deductions.conditions.map(\.id)).count != rubric.deductions.conditions.count {
            problems.append("减分项条件标识重复")
        }
        for c in rubric.deductions.conditions where c.points <= .zero {
            problems.append("减分项“\(c.id)”的分值为 \(c.points)，应大于0")
        }
        let footnoteIDs = Set(rubric.footnotes.map(\.id))
        let used = rubric.items.flatMap(\.footnotes) + rubric.groups.flatMap(\.preambleFootnotes)
            + rubric.deductions.conditions.flatMap(\.footnotes)
        for id in used where !footnoteIDs.contains(id) {
            problems.append("引用了未定义的脚注“\(id)”")
        }
        if rubric.panel.minExperts < 1 || rubric.panel.minExperts > rubric.panel.maxExperts {
            problems.append("专家组人数范围 \(rubric.panel.minExperts)—\(rubric.panel.maxExperts) 无效")
        }
        if rubric.constructionCycleMonths <= 0 {
            problems.append("建设周期应为正的月数")
        }
        return problems
    }

    /// The points an item's wording states, in order: "（0.5分）" → 0.5.
    static func statedPoints(in text: String) -> [Points] {
        var result: [Points] = []
        var rest = Substring(text)
        while let close = rest.range(of: "分）") {
            let before = rest[..<close.lowerBound]
            if let open = before.range(of: "（", options: .backwards),
               case .success(let p) = Points.parse(String(before[open.upperBound...])) {
                result.append(p)
            }
            rest = rest[close.upperBound...]
        }
        return result
    }
}

import Foundation
