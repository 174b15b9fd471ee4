import YRDQCore

/// A points literal in a test ("1.5", "-20"); a malformed one stops the test run.
public func p(_ text: String) -> Points {
    guard case .success(let value) = Points.parse(text, allowNegative: true) else {
        fatalError("bad points literal in a test: \(text)")
    }
    return value
}

/// Item scores (appendix number → points) whose sum is exactly `base`: every item at
/// its maximum, then points taken off from item 56 downwards until the figure is met.
public func scores(forBase base: Points, rubric: Rubric) -> [Int: Points] {
    precondition(base >= .zero && base <= rubric.total, "base out of range")
    var result: [Int: Points] = [:]
    for item in rubric.items { result[item.number] = item.points }
    var deficit = rubric.total - base
    for item in rubric.items.reversed() where deficit > .zero {
        let cut = min(deficit, item.points)
        result[item.number] = item.points - cut
        deficit -= cut
    }
    return result
}
