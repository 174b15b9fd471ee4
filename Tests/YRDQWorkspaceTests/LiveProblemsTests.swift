import Foundation
import HTTPTypes
import Testing
import YRDQCore
@testable import YRDQWorkspace

/// The validator's problems on the expert's page: the autosave's answer carries them per item, in
/// the shape workspace.js reads, with the same words the page shows after a form post.
@Suite("Workspace: live problems on the expert's sheet")
struct LiveProblemsTests {
    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The texts of the `<li>`s in the element that opens with `opening` (up to its `</ul>`), and
    /// whether it is hidden.
    static func list(_ body: String, _ opening: String) -> (items: [String], hidden: Bool)? {
        guard let start = body.range(of: opening) else { return nil }
        let rest = body[start.lowerBound...]
        guard let tagEnd = rest.firstIndex(of: ">"), let end = rest.range(of: "</ul>") else { return nil }
        let tag = rest[..<tagEnd]
        let inner = rest[tagEnd..<end.lowerBound]
        let items = inner.components(separatedBy: "<li>").dropFirst().map { unescape(String($0.prefix { $0 != "<" })) }
        return (items, tag.contains(" hidden"))
    }

    /// The page's problems after a form post, in the autosave answer's shape.
    static func page(_ body: String) -> (items: [String: [String]], general: [String], count: Int?) {
        var items: [String: [String]] = [:]
        for item in Project.rubric.items {
            guard let l = list(body, "data-problems=\"\(item.number)\"") else { Issue.record("item \(item.number) has no list"); continue }
            #expect(l.hidden == l.items.isEmpty, "item \(item.number)")
            if !l.items.isEmpty { items[String(item.number)] = l.items }
        }
        let general = list(body, "id=\"problems\"")
        #expect(general != nil)
        var count: Int? = body.contains("评分表完整") ? 0 : nil
        if let r = body.range(of: "尚有 ") { count = Int(body[r.upperBound...].prefix { $0.isNumber }) }
        return (items, general?.items ?? [], count)
    }

    static func json(_ r: Reply) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any])
    }

    static func replace(_ fields: [(String, String)], _ changes: [String: String]) -> [(String, String)] {
        fields.map { (k, v) in (k, changes[k] ?? v) }
    }

    @Test func autosaveCarriesEachItemsProblemsAsThePageShowsThem() async throws {
        let h = try Harness.make()
        try await h.run { c in
            let p = try await Panel5.make(c, chairToken: h.chairToken, count: 1)
            let e = p.experts[0]
            let good = Client.fields(scores: [:])
            let bad = Self.replace(good, ["c-1-0": "9", "c-2-0": "1,5", "c-7-1": "<b>x</b>", "date": "2026-13-01"])
            let auto = try await c.save(e, bad, version: 1, auto: true)
            #expect(auto.status == .ok)
            let j = try Self.json(auto)
            #expect(j["status"] as? String == "saved")
            let items = try #require(j["items"] as? [String: [String]])
            let general = try #require(j["general"] as? [String])
            #expect(Set(items.keys) == ["1", "2", "7"])
            #expect(items["1"]?.contains { $0.hasPrefix("第1条评分标准的得分") } == true)
            #expect(items["7"]?.contains { $0.contains("<b>x</b>") } == true)
            #expect(general.contains { $0.contains("2026-13-01") })
            #expect(j["count"] as? Int == items.values.reduce(0) { $0 + $1.count } + general.count)
            #expect(j["valid"] as? Bool == false)
            // The flat list the script used before stays, each with its item.
            #expect((j["problems"] as? [String])?.contains { $0.hasPrefix("第7项: ") } == true)

            // A normal form post of the same values: the page shows the same words in the same places.
            let posted = try await c.save(e, bad, version: try #require(j["version"] as? Int))
            #expect(posted.status == .ok)
            #expect(!posted.body.contains("<b>x</b>"))
            let shown = Self.page(posted.body)
            #expect(shown.items == items)
            #expect(shown.general == general)
            #expect(shown.count == j["count"] as? Int)

            // Fixed: nothing left, in the answer and on the page.
            let fixed = try Self.json(try await c.save(e, good, version: try #require(Client.version(in: posted.body)), auto: true))
            #expect((fixed["items"] as? [String: [String]])?.isEmpty == true)
            #expect((fixed["general"] as? [String])?.isEmpty == true)
            #expect(fixed["count"] as? Int == 0)
            #expect(fixed["valid"] as? Bool == true)
            let clean = Self.page(try await c.get("/sheet", as: e).body)
            #expect(clean.items.isEmpty && clean.general.isEmpty && clean.count == 0)
        }
    }

    @Test func theScriptShowsProblemsAsTextOnly() throws {
        let script = try String(contentsOfFile: Project.path("templates/web/workspace.js"), encoding: .utf8)
        #expect(!script.contains("innerHTML"))
        #expect(!script.contains("insertAdjacentHTML"))
        #expect(script.contains("textContent"))
        // It reads the answer's shape.
        for key in ["body.items", "body.general", "body.count", "body.valid", "data-problems"] { #expect(script.contains(key), "\(key)") }
    }
}
