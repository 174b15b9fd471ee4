import CPangoCairo
import Foundation

/// One role's font as resolved on this machine (`yrdq fonts` prints these).
public struct FontRoleStatus: Sendable, Equatable {
    public var role: FontRole
    /// The families asked for, in order (from fonts/font-roles.conf).
    public var requested: [String]
    /// The family of the face actually used.
    public var resolvedFamily: String
    /// The font file of that face.
    public var file: String
    /// Which requested family matched (nil: none did, fontconfig chose a substitute).
    public var matchedIndex: Int?
    /// True when the first family asked for is not the one used.
    public var fellBack: Bool { matchedIndex != 0 }
}

/// Font roles resolved through fontconfig and Pango, with the project fonts/ folder registered.
public enum FontReport {
    /// Per role: family asked for, face used, whether it fell back.
    public static func report(fontsDirectory: String?) -> [FontRoleStatus] {
        report(fontsDirectories: fontsDirectory.map { [$0] } ?? [])
    }

    /// The same for layered fonts/ folders, the first taking precedence file by file.
    public static func report(fontsDirectories: [String]) -> [FontRoleStatus] {
        let fonts = FontSystem(fontsDirectories: fontsDirectories)
        return FontRole.allCases.map { fonts.status(of: $0) }
    }

    /// Problems in fonts/font-roles.conf (unknown roles, malformed lines), in Chinese.
    public static func configurationProblems(fontsDirectory: String?) -> [String] {
        FontRoleTable.load(fontsDirectory: fontsDirectory).problems
    }

    /// Problems in the font-roles.conf that serves layered fonts/ folders.
    public static func configurationProblems(fontsDirectories: [String]) -> [String] {
        FontRoleTable.load(fontsDirectories: fontsDirectories).problems
    }
}

/// Owns the fontconfig configuration, the Pango font map and the Pango context.
/// Everything C lives here (no global state); one instance per render.
final class FontSystem {
    let roles: FontRoleTable
    let problems: [String]
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer
    private var descriptions: [String: OpaquePointer] = [:]
    /// The faces subset for the documents set with this instance (FontSubsets).
    let subsetCache = SubsetFaceCache()

    convenience init(fontsDirectory: String?) {
        self.init(fontsDirectories: fontsDirectory.map { [$0] } ?? [])
    }

    /// With layered fonts/ folders: the first folder's font-roles.conf, and every folder's
    /// font files except those a folder before it has under the same name.
    init(fontsDirectories: [String]) {
        let loaded = FontRoleTable.load(fontsDirectories: fontsDirectories)
        roles = loaded.table
        problems = loaded.problems
        // fontconfig's default configuration, with the project fonts/ folders added before
        // Pango's font map first uses it. Pango initialises the default configuration on
        // a thread of its own whatever map it is given: a second, private configuration
        // would parse every system configuration file a second time.
        FontSystem.loadDefaultConfiguration(adding: fontsDirectories)
        fontMap = pango_cairo_font_map_new()
        context = pango_font_map_create_context(fontMap)
        // 72 dpi: one Pango point is one PDF point.
        pango_cairo_context_set_resolution(context, 72)
        // The PDF surface's own font options (which include settings cairo has no public
        // setter for), so that the scaled fonts Pango makes are the very ones cairo looks up
        // when the glyphs are drawn, and each glyph is loaded once rather than twice.
        let options = cairo_font_options_create()
        if let probe = cairo_pdf_surface_create_for_stream(nil, nil, 1, 1) {
            cairo_surface_get_font_options(probe, options)
            cairo_surface_destroy(probe)
        }
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
        pango_context_set_language(context, pango_language_from_string("zh-cn"))
        pango_context_set_base_dir(context, PANGO_DIRECTION_LTR)
    }

    /// Folders and files already added to the default configuration in this process.
    private final class AddedFolders: @unchecked Sendable {
        let lock = NSLock()
        var folders: Set<String> = []
    }
    private static let added = AddedFolders()

    /// Loads fontconfig's default configuration (once per process) and adds folders of
    /// font files to it (each once). A folder whose entries no earlier folder shadows is
    /// added whole; otherwise its entries are added one by one, leaving out the names an
    /// earlier folder has (a user's copy of a font replaces the installed one). What is
    /// added stays added for the process's life.
    private static func loadDefaultConfiguration(adding folders: [String]) {
        added.lock.lock()
        defer { added.lock.unlock() }
        _ = FcInit()
        let fm = FileManager.default
        var claimed: Set<String> = []
        for folder in folders {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else { continue }
            let names = Set((try? fm.contentsOfDirectory(atPath: folder)) ?? [])
            // fontconfig opens every file of a folder it is given, and a named pipe there would
            // block it for ever: a folder is added whole only when it holds regular files alone
            // and no earlier folder shadows one of its names; otherwise its regular files one by one.
            let scan = FontFolder.scan(folder)
            if claimed.isDisjoint(with: names) && scan.skipped.isEmpty {
                add(folder, directory: true)
            } else {
                for file in scan.files {
                    let top = file.dropFirst(folder.count).drop(while: { $0 == "/" }).split(separator: "/").first.map(String.init) ?? ""
                    if !claimed.contains(top) { add(file, directory: false) }
                }
            }
            claimed.formUnion(names)
        }
    }

    /// Adds a folder or a font file to the default configuration, once (lock held).
    private static func add(_ path: String, directory: Bool) {
        guard !added.folders.contains(path) else { return }
        path.withCString { cPath in
            cPath.withMemoryRebound(to: FcChar8.self, capacity: strlen(cPath) + 1) { p in
                _ = directory ? FcConfigAppFontAddDir(nil, p) : FcConfigAppFontAddFile(nil, p)
            }
        }
        added.folders.insert(path)
    }

    /// A paragraph as `TextSetter` shapes it: its text and style. Shaping depends on nothing
    /// else (the context, the language and the font options are this instance's own).
    struct ShapeKey: Hashable {
        var text: String
        var role: FontRole
        var size: Double
        /// The byte ranges set in the latin role's face.
        var latin: [Range<Int>]
        var halfWidth: [Range<Int>]
        var superscripts: [Range<Int>]
    }
    /// A shaped paragraph and the shaping work it took (replayed into `LayoutWork` on reuse).
    typealias Shaped = (text: ShapedText, shaperSteps: Int, shapedBytes: Int)
    /// Paragraphs shaped for the documents this instance has set (a table's labels and the
    /// rubric's texts recur in every document of a pilot and in every pilot of a batch worker);
    /// at most `shapedLimit`, then forgotten all at once, which bounds the memory they hold.
    private var shapedTexts: [ShapeKey: Shaped] = [:]
    static let shapedLimit = 4096

    func shaped(_ key: ShapeKey) -> Shaped? { shapedTexts[key] }
    var shapedCount: Int { shapedTexts.count }

    func keep(_ key: ShapeKey, _ shaped: Shaped) {
        if shapedTexts.count >= Self.shapedLimit { shapedTexts.removeAll() }
        shapedTexts[key] = shaped
    }

    deinit {
        // The paragraphs first: they hold fonts of the map released below.
        shapedTexts.removeAll()
        for d in descriptions.values { pango_font_description_free(d) }
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(UnsafeMutableRawPointer(fontMap))
    }

    /// A font description of a role at a size (points); owned by this instance.
    func description(_ role: FontRole, size: Double) -> OpaquePointer {
        let key = "\(role.rawValue)@\(size)"
        if let d = descriptions[key] { return d }
        let d = pango_font_description_new()!
        let resolved = families(of: role)
        // After the role's faces, fontconfig's ordinary serif and sans-serif faces serve the
        // characters they lack (an Arabic or Hebrew name): otherwise its own ranking, led by the
        // CJK faces' monospaced siblings, draws Arabic unjoined in a monospaced face.
        pango_font_description_set_family(d, (resolved.families + ["serif", "sans-serif"]).joined(separator: ","))
        pango_font_description_set_weight(d, PangoWeight(rawValue: UInt32(resolved.weight)))
        pango_font_description_set_style(d, PANGO_STYLE_NORMAL)
        pango_font_description_set_size(d, Int32((size * Double(PANGO_SCALE)).rounded()))
        descriptions[key] = d
        return d
    }

    private var resolvedFamilies: [FontRole: (families: [String], weight: Int32)] = [:]

    /// The families a role's description names and its weight: from the first entry of the
    /// role's list that is installed (its weight, "Noto Serif CJK SC:bold", applies to it and
    /// the faces after it, which serve the characters it lacks), so that no face is made bold
    /// that has a heavy design of its own (方正小标宋 before Noto's Bold). None installed: the
    /// whole list, regular.
    func families(of role: FontRole) -> (families: [String], weight: Int32) {
        if let known = resolvedFamilies[role] { return known }
        let entries = roles.families(for: role).map(FontEntry.init)
        let first = entries.firstIndex { installed($0) } ?? 0
        let resolved = (entries[first...].map(\.family), entries.indices.contains(first) ? entries[first].weight ?? 400 : 400)
        resolvedFamilies[role] = resolved
        return resolved
    }

    /// The families of the latin role, then the role's own (for what no Latin face has).
    func latinFamilies(for role: FontRole) -> String {
        (families(of: .latin).families + families(of: role).families).joined(separator: ",")
    }

    /// Whether fontconfig has a face of the entry's family (at its weight, if it names one).
    private func installed(_ entry: FontEntry) -> Bool {
        guard let pattern = FcPatternCreate(), let objects = FcObjectSetCreate() else { return false }
        defer { FcPatternDestroy(pattern); FcObjectSetDestroy(objects) }
        _ = entry.family.withCString { name in
            name.withMemoryRebound(to: FcChar8.self, capacity: strlen(name) + 1) { FcPatternAddString(pattern, FC_FAMILY, $0) }
        }
        if let weight = entry.weight { _ = FcPatternAddInteger(pattern, FC_WEIGHT, FcWeightFromOpenType(weight)) }
        _ = FcObjectSetAdd(objects, FC_FAMILY)
        guard let list = FcFontList(nil, pattern, objects) else { return false }
        defer { FcFontSetDestroy(list) }
        return list.pointee.nfont > 0
    }

    /// Resolves a role to the face Pango actually loads for CJK text (for the latin role,
    /// for a digit).
    func status(of role: FontRole) -> FontRoleStatus {
        let requested = roles.families(for: role)
        var family = "", file = ""
        var names: [String] = []
        let language = pango_language_from_string("zh-cn")
        if let fontset = pango_font_map_load_fontset(fontMap, context, description(role, size: 16), language) {
            // The face used for a common ideograph (U+4E2D 中).
            if let font = pango_fontset_get_font(fontset, role.probeCharacter) {
                if let pattern = pango_fc_font_get_pattern(UnsafeMutableRawPointer(font).assumingMemoryBound(to: PangoFcFont.self)) {
                    var i: Int32 = 0
                    var value: UnsafeMutablePointer<FcChar8>?
                    while FcPatternGetString(pattern, FC_FAMILY, i, &value) == FcResultMatch, let v = value {
                        names.append(String(cString: v)); i += 1
                    }
                    if FcPatternGetString(pattern, FC_FILE, 0, &value) == FcResultMatch, let v = value {
                        file = String(cString: v)
                    }
                }
                g_object_unref(UnsafeMutableRawPointer(font))
            }
            g_object_unref(UnsafeMutableRawPointer(fontset))
        }
        family = names.first ?? ""
        let lowered = Set(names.map { $0.lowercased() })
        let weight = families(of: role).weight
        let index = requested.firstIndex { lowered.contains(FontEntry($0).family.lowercased()) && (FontEntry($0).weight ?? 400) == weight }
        if let index { family = requested[index] }
        return FontRoleStatus(role: role, requested: requested, resolvedFamily: family, file: file, matchedIndex: index)
    }
}
