import Testing
import YRDQCore

/// Names that identify a pilot, a bureau or an expert: what may stand in them and how two
/// are compared; and text shown on a terminal as data.
@Suite("Names and terminal text")
struct NameTextTests {
    @Test("bidi controls and invisible characters are named as problems", arguments: [
        "嘉禾\u{202E}市", "A\u{2066}B\u{2069}", "王\u{200B}芳", "王\u{2060}芳", "王\u{FEFF}芳", "王\u{00AD}芳",
        "\u{200E}试点", "试点\u{200F}", "x\u{061C}y", "\u{3164}", "a\u{180E}b",
    ])
    func refused(name: String) throws {
        let problem = try #require(NameText.problem(name))
        let first = name.unicodeScalars.first { NameText.isBidiControl($0) || $0.properties.generalCategory == .format || $0.value == 0x3164 || $0.value == 0x180E }!
        #expect(problem.contains(NameText.codePoint(first)))
    }

    @Test("ordinary names pass: CJK, rare characters, Latin with accents, Arabic, an emoji sequence", arguments: [
        "嘉禾市新能源汽车零部件产业质量提升示范试点", "𠮷野家", "堃喆", "José Müller", "مركز الجودة", "👨‍👩‍👧 家庭工坊", "1️⃣号车间",
    ])
    func accepted(name: String) {
        #expect(NameText.problem(name) == nil)
    }

    @Test("one identity however it is spelled: trailing and full-width spaces, zero-width characters, NFC and NFD, full-width letters")
    func identity() {
        let key = NameText.identityKey("王芳")
        for variant in ["王芳 ", " 王芳", "王芳\u{3000}", "王\u{200B}芳", "王\u{FEFF}芳", "\u{2060}王芳"] {
            #expect(NameText.identityKey(variant) == key, "\(variant.unicodeScalars.map { NameText.codePoint($0) })")
        }
        #expect(NameText.identityKey("Cafe\u{301} Li") == NameText.identityKey("Café Li"))
        #expect(NameText.identityKey("ＷＡＮＧ　Fang") == NameText.identityKey("wang fang"))
        #expect(NameText.identityKey("王芳") != NameText.identityKey("王方"))
        #expect(NameText.identityKey("Li  Na") == NameText.identityKey("Li Na"))
    }

    @Test("a name is stored composed and trimmed")
    func cleaned() {
        #expect(NameText.cleaned("  Cafe\u{301}\u{3000}") == "Café")
        #expect(NameText.cleaned("嘉禾 试点") == "嘉禾 试点")
    }

    @Test("control, escape and bidi characters reach a terminal as visible escapes")
    func terminal() {
        #expect(TerminalText.value("有效\u{1B}[2K\r已撤销") == "有效\\u{1B}[2K\\u{D}已撤销")
        #expect(TerminalText.value("a\nb") == "a\\u{A}b")
        #expect(TerminalText.lines("a\nb") == "a\nb")
        #expect(TerminalText.lines("x\u{9B}31m\u{202E}y\u{7F}\u{0}") == "x\\u{9B}31m\\u{202E}y\\u{7F}\\u{0}")
        #expect(TerminalText.lines("制表\t符 与 中文") == "制表\t符 与 中文")
        #expect(TerminalText.lines("\u{2028}") == "\\u{2028}")
    }
}
