import Foundation

/// The typographic roles of GB/T 9704 documents; each maps to a list of font families.
public enum FontRole: String, CaseIterable, Sendable {
    /// 小标宋: the document title.
    case title
    /// 仿宋: body text, level-3 and level-4 headings.
    case body
    /// 黑体: level-1 headings, the "附件1" label, emphasised table cells.
    case heading
    /// 楷体: level-2 headings.
    case subheading
    /// 宋体: page numbers.
    case pagenumber
    /// Table text.
    case table
    /// Latin letters, digits and ASCII signs in body text, tables and page numbers (Times New Roman).
    case latin

    /// The official face a clerk expects (shown by `yrdq fonts`).
    public var officialFace: String {
        switch self {
        case .title: return "小标宋"
        case .body: return "仿宋"
        case .heading: return "黑体"
        case .subheading: return "楷体"
        case .pagenumber: return "宋体"
        case .table: return "仿宋"
        case .latin: return "Times New Roman"
        }
    }

    /// Whether Latin letters, digits and signs in this role's text are set in the latin role's
    /// face (official practice: Times-like figures in the FangSong and Song text and tables).
    var setsLatinApart: Bool {
        switch self {
        case .body, .table, .pagenumber: return true
        case .title, .heading, .subheading, .latin: return false
        }
    }

    /// The character `yrdq fonts` resolves the role's face by: an ideograph (中), a digit for
    /// the latin role.
    var probeCharacter: UInt32 { self == .latin ? 0x30 : 0x4E2D }
}

/// One family of a role's list, with an optional fontconfig-style weight after a colon:
/// "Noto Serif CJK SC:bold" is the Bold face of Noto Serif CJK SC.
struct FontEntry: Equatable {
    var family: String
    /// A Pango weight (nil: the regular face).
    var weight: Int32?

    init(_ entry: String) {
        guard let colon = entry.firstIndex(of: ":") else { family = entry; weight = nil; return }
        family = entry[..<colon].trimmingCharacters(in: .whitespaces)
        var style = entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces).lowercased()
        if style.hasPrefix("weight=") { style = String(style.dropFirst("weight=".count)) }
        weight = FontEntry.weights[style.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "")]
            ?? Int32(style)
    }

    static let weights: [String: Int32] = [
        "thin": 100, "extralight": 200, "ultralight": 200, "light": 300, "regular": 400, "normal": 400,
        "medium": 500, "semibold": 600, "demibold": 600, "bold": 700, "extrabold": 800, "ultrabold": 800,
        "black": 900, "heavy": 900,
    ]
}

/// Role → family list, read from `fonts/font-roles.conf` (missing roles keep their defaults).
public struct FontRoleTable: Sendable, Equatable {
    public var families: [FontRole: [String]]

    /// The official faces first, then free Debian faces that put every punctuation mark in the
    /// mainland position (lower left): Noto Serif CJK SC (its Bold for the title, a heavy Song
    /// like 小标宋), Noto Sans CJK SC, LXGW WenKai, Liberation Serif for Latin and digits; AR PL
    /// UMing CN and WenQuanYi Zen Hei (which centre 。、 or ，；：) only for characters the
    /// others lack. Noto CJK is CFF: FontSubsets subsets it to the glyphs used before a writer embeds it.
    public static let defaults = FontRoleTable(families: [
        .title: ["方正小标宋简体", "Noto Serif CJK SC:bold", "AR PL UMing CN"],
        .body: ["仿宋_GB2312", "FangSong", "Noto Serif CJK SC", "AR PL UMing CN"],
        .heading: ["黑体", "SimHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei"],
        .subheading: ["楷体_GB2312", "KaiTi", "LXGW WenKai", "Noto Serif CJK SC"],
        .pagenumber: ["宋体", "SimSun", "Noto Serif CJK SC", "AR PL UMing CN"],
        .table: ["仿宋_GB2312", "FangSong", "Noto Serif CJK SC", "AR PL UMing CN"],
        .latin: ["Times New Roman", "Liberation Serif", "TeX Gyre Termes", "Nimbus Roman"],
    ])

    public static let fileName = "font-roles.conf"

    public init(families: [FontRole: [String]]) { self.families = families }

    public func families(for role: FontRole) -> [String] {
        families[role] ?? FontRoleTable.defaults.families[role] ?? ["Noto Serif CJK SC"]
    }

    /// Parses `role = family, family` lines; `#` starts a comment.
    /// Unknown roles and malformed lines are returned as problems (in Chinese, for the user).
    public static func parse(_ text: String) -> (table: FontRoleTable, problems: [String]) {
        var table = FontRoleTable.defaults
        var problems: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                problems.append("字体配置第\(n + 1)行缺少“=”：\(trimmed)")
                continue
            }
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let list = trimmed[trimmed.index(after: eq)...]
                .split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            guard let role = FontRole(rawValue: key) else {
                problems.append("字体配置第\(n + 1)行的角色“\(key)”不存在（可用：\(FontRole.allCases.map(\.rawValue).joined(separator: "、"))）")
                continue
            }
            if list.isEmpty {
                problems.append("字体配置第\(n + 1)行没有列出字体")
                continue
            }
            table.families[role] = list
        }
        return (table, problems)
    }

    /// The font-roles.conf that serves layered fonts/ folders: the first folder's that has one.
    public static func configurationFile(in fontsDirectories: [String]) -> String? {
        configurationFolder(in: fontsDirectories).map { ($0 as NSString).appendingPathComponent(fileName) }
    }

    static func configurationFolder(in fontsDirectories: [String]) -> String? {
        fontsDirectories.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent(fileName)) }
    }

    /// Reads the font-roles.conf that serves layered fonts/ folders (see `configurationFile`).
    public static func load(fontsDirectories: [String]) -> (table: FontRoleTable, problems: [String]) {
        load(fontsDirectory: configurationFolder(in: fontsDirectories))
    }

    /// The most a font-roles.conf may take (1 MiB).
    static let maximumBytes = 1024 * 1024

    /// Reads `fontsDirectory/font-roles.conf`; the defaults when the file is absent.
    public static func load(fontsDirectory: String?) -> (table: FontRoleTable, problems: [String]) {
        guard let dir = fontsDirectory else { return (defaults, []) }
        let path = (dir as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else { return (defaults, []) }
        guard FontFolder.isRegularFile(path) else { return (defaults, ["字体配置文件不是普通文件（命名管道、设备或目录），未读取，使用默认配置：\(path)"]) }
        // A configuration is a few lines: a huge file is not read into memory.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue > maximumBytes {
            return (defaults, ["字体配置文件过大（超过 \(maximumBytes / 1024) KB），未读取，使用默认配置：\(path)"])
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return (defaults, []) }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maximumBytes + 1), data.count <= maximumBytes else {
            return (defaults, ["字体配置文件过大（超过 \(maximumBytes / 1024) KB），未读取，使用默认配置：\(path)"])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (defaults, ["字体配置文件不是 UTF-8 编码：\(path)"])
        }
        return parse(text)
    }
}
