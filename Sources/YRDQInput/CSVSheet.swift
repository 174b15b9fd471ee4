import Foundation
import YRDQCore

/// The score sheet as a spreadsheet (CSV), for bureaus that work in Excel or WPS.
/// Every value a user types goes in the 得分 column: item scores, honour levels
/// (无/地市级/省级/国家级), deductions (是/否) and the sheet's details at the top.
public enum CSVSheet {
    public static let header = ["序号", "一级指标", "二级指标", "三级指标", "分值", "得分", "说明", "证明材料"]
    static let metaRows: [(key: String, label: String)] = [
        ("pilot", "试点档案"), ("date", "评估日期"), ("assessor", "评估人"),
        ("organization", "评估人单位"), ("kind", "评估人所属方面"),
    ]
    static let levelWords = ["none": "无", "municipal": "地市级", "provincial": "省级", "national": "国家级"]

    // MARK: Writing the template

    public static func template(rubric: Rubric, pilotPath: String?, date: CivilDate?) -> String {
        var rows: [[String]] = [header]
        rows.append(["试点档案", "", "", "试点档案文件（相对于本文件）", "", pilotPath ?? "", "", ""])
        rows.append(["评估日期", "", "", "格式 \(CivilDate.allowedForms)", "", date?.description ?? "", "", ""])
        rows.append(["评估人", "", "", "专家评分时填写姓名", "", "", "", ""])
        rows.append(["评估人单位", "", "", "专家评分时填写", "", "", "", ""])
        rows.append(["评估人所属方面", "", "", rubric.panel.expertKinds.joined(separator: "/"), "", "", "", ""])
        for indicator in rubric.indicators {
            for group in indicator.groups {
                for item in group.items {
                    rows.append([String(item.number), indicator.name, group.name, item.text, item.points.description, "", "", ""])
                }
            }
        }
        for category in rubric.bonus.categories {
            let options = ["无"] + category.levels.map { "\(levelWords[$0.id] ?? $0.id)（加\($0.points)分）：\($0.text)" }
            rows.append([category.numeral, category.name, "加分项", options.joined(separator: "；") + "。" + honourNoteHint,
                         category.points.description, "无", "", ""])
        }
        for (i, condition) in rubric.deductions.conditions.enumerated() {
            rows.append(["\(rubric.deductions.numeral)-\(i + 1)", rubric.deductions.name, "减分项", condition.text.trimmingCharacters(in: ["；", "。"]) + "。" + deductionNoteHint,
                         "-\(condition.points)", "否", "", ""])
        }
        return rows.map { $0.map(escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// How a bonus row's 说明 is filled (read by `honour(_:)`).
    static let honourNoteHint = "得分栏填写等级；说明栏填写荣誉名称，可在逗号后写取得日期（如：浙江省人民政府质量奖，2025-11-28）"
    /// How a deduction row's 说明 is filled.
    static let deductionNoteHint = "得分栏填写是或否；说明栏填写减分依据（如：2026年3月经市政府认定的某产品质量事件）"

    static func escape(_ field: String) -> String {
        // By scalars: "\r\n" is one Character, equal neither to "\r" nor to "\n".
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Reading

    /// Decodes the bytes as UTF-8 (with or without BOM) or GB18030.
    static func decode(_ bytes: [UInt8], file: String) throws(InputErrors) -> String {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let t = TextDecoding.utf8(Array(bytes.dropFirst(3))) else {
                throw InputErrors([Diagnostic(file: file, "文件声明为 UTF-8（带 BOM），但含有无效的 UTF-8 字节")])
            }
            return t
        }
        if let t = TextDecoding.utf8(bytes) { return t }
        if let t = TextDecoding.gb18030(bytes) { return t }
        // Mostly UTF-8 with one bad or cut-off character (a file truncated mid-character, say):
        // point at it rather than only naming the encodings.
        if let offset = TextDecoding.firstInvalidUTF8Offset(bytes), offset > 0,
           bytes[..<offset].contains(where: { $0 >= 0x80 }) {
            let line = TextDecoding.line(ofByteOffset: offset, in: bytes)
            let end = bytes.count - offset <= 3 ? "，在文件末尾：文件可能被截断或未完整保存" : ""
            throw InputErrors([Diagnostic(file: file, line: line,
                "不是有效的 UTF-8 文本（第 \(offset + 1) 字节起无法解码\(end)），也不是 GB18030（请在 Excel/WPS 中另存为“CSV UTF-8”）")])
        }
        throw InputErrors([Diagnostic(file: file, "无法识别文件编码：既不是 UTF-8 也不是 GB18030（请在 Excel/WPS 中另存为“CSV UTF-8”）")])
    }

    /// Reads a CSV sheet. `requirements` adds what the caller needs of the sheet (an assessor,
    /// a profile) to the sheet's own problems, so that one run reports them all.
    static func read(path: String, rubric: Rubric, profiles: (String) throws(InputErrors) -> PilotProfile,
                     requirements: (ScoreSheet) -> [Diagnostic] = { _ in [] }) throws(InputErrors) -> ScoreSheet {
        let text = try decode(InputFile.bytes(at: path), file: path)
        if text.unicodeScalars.contains("\u{0}") { throw InputErrors([Diagnostic(file: path, "文件含有 NUL 字符，不是文本文件")]) }
        if text.allSatisfy(\.isWhitespace) { throw InputErrors([Diagnostic(file: path, "文件是空的")]) }
        let records: [CSVRecords.Record]
        do throws(CSVRecords.UnclosedQuote) {
            records = try CSVRecords.parse(text)
        } catch {
            throw InputErrors([Diagnostic(file: path, line: error.line,
                "CSV 格式错误：第\(error.line)行起的单元格以引号开头，但直到文件末尾都没有对应的结束引号")])
        }
        var d: [Diagnostic] = []
        func err(_ line: Int?, _ item: Int? = nil, _ m: String) { if d.count < 200 { d.append(Diagnostic(file: path, line: line, item: item, m)) } }

        guard let headerRecord = records.first(where: { !$0.fields.allSatisfy { $0.allSatisfy(\.isWhitespace) } }) else {
            throw InputErrors([Diagnostic(file: path, "文件是空的")])
        }
        let head = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let numberCol = head.firstIndex(of: "序号"), let scoreCol = head.firstIndex(of: "得分") else {
            // The line is not quoted: a file chosen by mistake must not have its content shown.
            let missing = ["序号", "得分"].filter { !head.contains($0) }.map { "“\($0)”" }.joined(separator: "和")
            throw InputErrors([Diagnostic(file: path, line: headerRecord.line, "第一行应为表头，至少包含“序号”和“得分”两列（模板表头：\(header.joined(separator: ","))），实际的第一行没有\(missing)列；请检查是否选错了文件")])
        }
        let noteCol = head.firstIndex(of: "说明"), evidenceCol = head.firstIndex(of: "证明材料")
        func cell(_ row: [String], _ c: Int?) -> String {
            guard let c, c < row.count else { return "" }
            return row[c].trimmingCharacters(in: .whitespacesAndNewlines)
        }

        var meta: [String: (String, Int)] = [:]
        var items: [Int: ItemScore] = [:]
        var adjustments = Adjustments()
        // The line each row (by its 序号) was first given on: every row appears once.
        var firstLine: [String: Int] = [:]
        var seen = Set<Int>()
        let labels = Dictionary(uniqueKeysWithValues: metaRows.map { ($0.label, $0.key) })
        let bonusByNumeral = Dictionary(uniqueKeysWithValues: rubric.bonus.categories.map { ($0.numeral, $0) })
        let deductionPrefix = rubric.deductions.numeral + "-"
        for record in records where record.line > headerRecord.line {
            let row = record.fields, line = record.line
            let rawNumber = numberCol < row.count ? row[numberCol] : ""
            let number = cell(row, numberCol)
            let value = cell(row, scoreCol)
            let note = cell(row, noteCol)
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { continue }
            /// Whether this is the first row with this 序号 (a repeated one is reported).
            func once(_ key: String) -> Bool {
                if let first = firstLine[key] {
                    err(line, nil, "序号“\(NodeReader.quote(key))”在表中出现了不止一次（第\(first)行已有；每一行只能出现一次）")
                    return false
                }
                firstLine[key] = line
                return true
            }
            if let key = labels[number] {
                if once(number) { meta[key] = (value, line) }
                continue
            }
            if let category = bonusByNumeral[number] {
                guard once(number) else { continue }
                adjustments.lines[category.id] = line
                let id = SheetReader.levelAliases[value] ?? value
                if id == BonusRules.noneLevel {
                    if !note.isEmpty {
                        err(line, nil, "加分项“\(category.name)”的等级为“无”，但说明中填写了“\(NodeReader.quote(note))”（获得荣誉请在得分栏填写等级；没有请清空说明）")
                    }
                    continue
                }
                if category.level(id) == nil {
                    err(line, nil, "加分项“\(category.name)”的等级“\(NodeReader.quote(value))”无效（允许：无 | 地市级 | 省级 | 国家级）")
                    continue
                }
                switch Self.honour(note) {
                case .success(let (title, date)):
                    adjustments.honours[category.id, default: []].append(HonourClaim(level: id, title: title, date: date))
                case .failure(let problem):
                    err(line, nil, "加分项“\(category.name)”的说明\(problem.message)")
                }
                continue
            }
            if number.hasPrefix(deductionPrefix) {
                let suffix = String(rawNumber.trimmingCharacters(in: .whitespaces).dropFirst(deductionPrefix.count))
                let reading = NumberKey.read(suffix)
                let k: Int?
                switch reading {
                case .canonical(let n), .variant(let n): k = (1...rubric.deductions.conditions.count).contains(n) ? n : nil
                case .notANumber: k = nil
                }
                if let k {
                    let key = deductionPrefix + String(k)
                    if reading != .canonical(k) {
                        err(line, nil, "序号“\(NodeReader.quote(rawNumber))”应写作“\(key)”（序号不带前导零、正负号或空格）")
                        continue
                    }
                    guard once(key) else { continue }
                    let condition = rubric.deductions.conditions[k - 1]
                    adjustments.lines[condition.id] = line
                    switch value.lowercased() {
                    case "是", "有", "true", "yes", "1": adjustments.incidents[condition.id] = 1
                    case "否", "无", "false", "no", "0", "": adjustments.incidents[condition.id] = 0
                    default: err(line, nil, "减分项“\(number)”应填“是”或“否”，实际为“\(NodeReader.quote(value))”")
                    }
                    if !note.isEmpty { adjustments.grounds[condition.id] = note }
                    continue
                }
            }
            let reading = NumberKey.read(rawNumber)
            let n: Int
            switch reading {
            case .canonical(let v), .variant(let v): n = v
            case .notANumber: n = 0
            }
            guard let item = rubric.item(n) else {
                err(line, nil, "未知的序号“\(NodeReader.quote(number))”（应为 1 至 \(rubric.items.count)、加分项 \(rubric.bonus.categories.map(\.numeral).joined(separator: "/"))、减分项 \(rubric.deductions.numeral)-1 等）")
                continue
            }
            if !seen.insert(n).inserted { err(line, n, "该项在表中出现了不止一次"); continue }
            if reading != .canonical(n) {
                err(line, n, "序号“\(NodeReader.quote(rawNumber))”应写作“\(n)”（序号只写 1 至 \(rubric.items.count) 的整数，不带前导零、正负号、空格或小数点）")
                continue
            }
            if value.isEmpty { continue }
            switch Points.parse(value) {
            case .failure(let problem):
                err(line, n, "得分“\(NodeReader.quote(value))”\(problem.message)（应为 0 至 \(item.points)、最多两位小数的数字）")
            case .success(let p):
                if p > item.points { err(line, n, "得分 \(p) 超过满分 \(item.points)（应为 0 至 \(item.points)、最多两位小数的数字）") }
                else {
                    let evidence = cell(row, evidenceCol).split(whereSeparator: { "；;\n".contains($0) })
                        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    if evidence.count > NodeReader.maximumListEntries {
                        err(line, n, "证明材料有 \(evidence.count) 项，超过上限 \(NodeReader.maximumListEntries) 项（不像是手工填写的内容）")
                        continue
                    }
                    items[n] = ItemScore(score: p, note: note.isEmpty ? nil : note, evidence: evidence)
                }
            }
        }
        let unscored = rubric.items.map(\.number).filter { n in items[n] == nil && !d.contains(where: { $0.item == n }) }
        if !unscored.isEmpty {
            err(nil, nil, "第\(SheetReader.ranges(unscored))项没有填写得分（每一项都须填写；未得分请填 0）")
        }
        var date: CivilDate? = nil
        if let (v, line) = meta["date"], !v.isEmpty {
            switch CivilDate.parse(v) {
            case .success(let parsed): date = parsed
            case .failure(let problem): err(line, nil, "评估日期“\(NodeReader.quote(v))”\(problem.message)")
            }
        }
        for (category, message) in PanelChecks.honoursAfter(date, adjustments, rubric: rubric) {
            err(adjustments.lines[category], nil, message)
        }
        var assessor: Assessor? = nil
        if let (name, line) = meta["assessor"], !name.isEmpty {
            let (org, orgLine) = meta["organization"] ?? ("", line)
            if org.isEmpty { err(line, nil, "填写了评估人，但缺少评估人单位") }
            let kind = meta["kind"]?.0 ?? ""
            if !kind.isEmpty && !rubric.panel.expertKinds.contains(kind) {
                err(meta["kind"]?.1, nil, "评估人所属方面“\(NodeReader.quote(kind))”不在指南所列范围内（允许：\(rubric.panel.expertKinds.joined(separator: "、"))）")
            }
            // A bidi override or an invisible character would make one expert's name display as another's.
            let nameProblem = NameText.problem(name), orgProblem = NameText.problem(org)
            if let nameProblem { err(line, nil, "评估人姓名\(nameProblem)") }
            if let orgProblem { err(orgLine, nil, "评估人单位\(orgProblem)") }
            if nameProblem == nil && orgProblem == nil {
                assessor = Assessor(name: NameText.cleaned(name), organization: NameText.cleaned(org), kind: kind.isEmpty ? nil : kind)
            }
        }
        var pilot: PilotProfile? = nil
        if let (rel, line) = meta["pilot"], !rel.isEmpty {
            let p = SheetReader.resolve(rel, besides: path)
            do { pilot = try profiles(p) } catch {
                if error.diagnostics.first?.message == "文件不存在" {
                    err(line, nil, "试点档案“\(NodeReader.quote(rel))”不存在（路径相对于本文件所在目录：\(p)）")
                } else { d += error.diagnostics }
            }
        }
        let sheet = ScoreSheet(source: path, pilot: pilot, assessor: assessor, date: date, items: items, adjustments: adjustments)
        if !d.isEmpty { throw InputErrors(d + requirements(sheet)) }
        return sheet
    }

    /// What is wrong with a bonus row's 说明.
    struct HonourNoteProblem: Error { var message: String }

    /// Separators between an honour's title and its date in a bonus row's 说明.
    static let honourSeparators: Set<Character> = ["，", ",", "；", ";", " ", "\u{3000}", "\t"]

    /// A bonus row's 说明: the honour's title, optionally followed by the date it was obtained in
    /// one of the allowed forms, after a comma or a space (`浙江省人民政府质量奖，2025-11-28`);
    /// a date alone is accepted too. A last part that starts like a date (four digits and a
    /// separator) must be one.
    static func honour(_ note: String) -> Result<(title: String?, date: CivilDate?), HonourNoteProblem> {
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .success((nil, nil)) }
        let cut = text.lastIndex(where: { honourSeparators.contains($0) })
        let last = cut.map { String(text[text.index(after: $0)...]) } ?? text
        let rest = cut.map { String(text[..<$0]) } ?? ""
        func title(_ t: String) -> String? {
            let trimmed = t.trimmingCharacters(in: CharacterSet(charactersIn: "，,；; \u{3000}\t"))
            return trimmed.isEmpty ? nil : trimmed
        }
        guard looksLikeDate(last) else { return .success((title(text), nil)) }
        switch CivilDate.parse(last) {
        case .success(let date): return .success((title(rest), date))
        case .failure(let problem):
            return .failure(HonourNoteProblem(message: "中的取得日期“\(NodeReader.quote(last))”\(problem.message)（说明栏写作：荣誉名称，取得日期）"))
        }
    }

    /// Four digits (full-width ones too) and a date separator: meant as a date.
    static func looksLikeDate(_ text: String) -> Bool {
        let u = Array(text.precomposedStringWithCompatibilityMapping.unicodeScalars)
        guard u.count >= 6, u[0..<4].allSatisfy({ ("0"..."9").contains($0) }), "-/.年".unicodeScalars.contains(u[4]) else { return false }
        return u[4] != "年" || ("0"..."9").contains(u[5])
    }
}
