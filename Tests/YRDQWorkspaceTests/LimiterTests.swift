import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import YRDQCommands
import YRDQCore
@testable import YRDQWorkspace

/// Bad sign-in tokens are counted per client address: a stranger guessing is slowed and refused,
/// the experts at other addresses sign in as usual.
@Suite("Workspace: sign-in limits per address")
struct LimiterTests {
    static func policy(slow: Int = 2, refuse: Int = 4, globalSlow: Int = 100, globalRefuse: Int = 400, table: Int = 4096) -> TokenLimiter.Policy {
        var p = TokenLimiter.Policy()
        p.slowAfter = slow; p.refuseAfter = refuse
        p.globalSlowAfter = globalSlow; p.globalRefuseAfter = globalRefuse
        p.maximumAddresses = table
        p.delay = .milliseconds(1)
        return p
    }

    static func guess(_ i: Int) -> String { String(repeating: "A", count: 40) + String(format: "%03d", i) }

    /// A GET of an expert link from `address` (as the connection's address), with extra headers.
    static func open(_ c: Client, _ token: String, from address: String, _ extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        headers[Harness.peer] = address
        return try await c.send(.get, "/e/\(token)", as: Agent("x"), extra: headers)
    }

    /// A chair and one expert's good link.
    static func setUp(_ c: Client, _ h: Harness, from address: String = "192.0.2.200") async throws -> String {
        let chair = Agent("主持人")
        _ = try await c.send(.post, "/c", as: chair, form: [("token", h.chairToken)], extra: [Harness.peer: address])
        _ = try await c.get("/chair", as: chair)
        let id = try await c.createEvaluation(chair)
        return try await c.addExpert(chair, evaluation: id, name: "王建华")
    }

    @Test func oneAddressGuessingDoesNotLockOutAnother() async throws {
        let h = try Harness.make(policy: Self.policy(), peers: true)
        try await h.run { c in
            let token = try await Self.setUp(c, h)
            let stranger = "203.0.113.9", expert = "198.51.100.4"
            for i in 0..<4 { #expect(try await Self.open(c, Self.guess(i), from: stranger).status == .forbidden) }
            // The stranger is refused now, their own good link too (nothing is checked while refused).
            let refused = try await Self.open(c, Self.guess(9), from: stranger)
            #expect(refused.status == .tooManyRequests)
            #expect(try await Self.open(c, token, from: stranger).status == .tooManyRequests)
            #expect(h.workspace.limiter.failures(of: stranger) == 4)
            // The expert at another address signs in with the good link, and their count stays theirs.
            #expect(try await Self.open(c, token, from: expert).status == .seeOther)
            #expect(h.workspace.limiter.failures(of: expert) == 0)
            // The chair's one-time link from another address: refused only for the stranger.
            let again = try await c.send(.post, "/c", as: Agent("c"), form: [("token", "x")], extra: [Harness.peer: stranger])
            #expect(again.status == .tooManyRequests)
            // A good sign-in at one address does not reset another's count.
            #expect(try await Self.open(c, Self.guess(10), from: expert).status == .forbidden)
            #expect(try await Self.open(c, token, from: expert).status == .seeOther)
            #expect(h.workspace.limiter.failures(of: expert) == 1)
            #expect(h.workspace.limiter.failures(of: stranger) == 4)
            #expect(try await Self.open(c, token, from: stranger).status == .tooManyRequests)
        }
    }

    @Test func refusalSaysWhenToTryAgainWith429AndRetryAfter() async throws {
        var policy = Self.policy(slow: 1, refuse: 2)
        policy.window = 10 * 60
        let h = try Harness.make(policy: policy, peers: true)
        try await h.run { c in
            for i in 0..<2 { _ = try await Self.open(c, Self.guess(i), from: "203.0.113.1") }
            let r = try await Self.open(c, Self.guess(3), from: "203.0.113.1")
            #expect(r.status == .tooManyRequests)
            let seconds = try #require(r.headers[.retryAfter].flatMap { Int($0) })
            #expect(seconds > 0 && seconds <= 600)
            #expect(r.body.contains("尝试次数过多，请 10 分钟后再试"))
            let chair = try await c.send(.post, "/c", as: Agent("c"), form: [("token", h.chairToken)], extra: [Harness.peer: "203.0.113.1"])
            #expect(chair.status == .tooManyRequests)
            #expect(chair.headers[.retryAfter] != nil)
            #expect(chair.body.contains("分钟后再试"))
        }
    }

    @Test func aGuessSpreadOverManyAddressesMeetsTheGlobalCeiling() async throws {
        var policy = Self.policy(slow: 50, refuse: 100, globalSlow: 3, globalRefuse: 6)
        policy.delay = .milliseconds(100)
        let h = try Harness.make(policy: policy, peers: true)
        try await h.run { c in
            let token = try await Self.setUp(c, h)
            let clock = ContinuousClock()
            for i in 0..<6 {
                let start = clock.now
                #expect(try await Self.open(c, Self.guess(i), from: "203.0.113.\(i + 1)").status == .forbidden)
                // Past the global slowing threshold every bad token is answered slowly, at any address.
                if i >= 3 { #expect(clock.now - start >= .milliseconds(100)) }
            }
            // Each address guessed once, far below one address's limit; together they reached the ceiling.
            let r = try await Self.open(c, token, from: "198.51.100.4")
            #expect(r.status == .tooManyRequests)
            #expect(r.headers[.retryAfter] != nil)
            #expect(r.body.contains("来自多个地址"))
        }
    }

    @Test func theTableOfAddressesIsBounded() {
        var p = Self.policy(slow: 2, refuse: 3, globalSlow: 1_000_000, globalRefuse: 1_000_000, table: 8)
        p.window = 60
        let limiter = TokenLimiter(policy: p)
        // A flood of distinct addresses: the table never holds more than its cap.
        for i in 0..<5000 { _ = limiter.failed(from: "10.\(i / 65536).\(i / 256 % 256).\(i % 256)", now: 1000) }
        #expect(limiter.trackedAddresses == 8)
        // An address beyond the cap is not tracked, but answered slowly (a full table means a flood).
        #expect(limiter.failed(from: "203.0.113.77", now: 1001) != nil)
        #expect(limiter.failures(of: "203.0.113.77", now: 1001) == 0)
        // The tracked ones keep their own counts and limits.
        for _ in 0..<2 { _ = limiter.failed(from: "10.0.0.0", now: 1002) }
        #expect(limiter.refusal(for: "10.0.0.0", now: 1002) != nil)
        #expect(limiter.refusal(for: "10.0.0.1", now: 1002) == nil)
        // Old windows are dropped: after the window a new address is tracked again, the refused one is free.
        #expect(limiter.failed(from: "203.0.113.77", now: 1061) == nil)
        #expect(limiter.failures(of: "203.0.113.77", now: 1061) == 1)
        #expect(limiter.trackedAddresses == 1)
        #expect(limiter.refusal(for: "10.0.0.0", now: 1062) == nil)
    }

    @Test func attemptsMadeAtOnceCannotPassTheLimitTogether() async throws {
        // Each attempt is counted when it is let through, before its token is looked up.
        let limiter = TokenLimiter(policy: Self.policy(slow: 2, refuse: 4))
        var open: [TokenLimiter.Attempt] = []
        for _ in 0..<4 { if case .success(let a) = limiter.admit("203.0.113.9") { open.append(a) } }
        #expect(open.count == 4)
        guard case .failure = limiter.admit("203.0.113.9") else { Issue.record("a fifth attempt let through"); return }
        // A good token takes its own attempt back, no more.
        limiter.succeeded(open[0])
        #expect(limiter.failures(of: "203.0.113.9") == 3)
        guard case .success = limiter.admit("203.0.113.9") else { Issue.record("refused after a good token"); return }
        #expect(limiter.refusal(for: "203.0.113.9") != nil)
        // Over HTTP: twenty guesses at once from one address, four of them looked at.
        let h = try Harness.make(policy: Self.policy(slow: 2, refuse: 4), peers: true)
        let statuses = try await h.run { c in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for i in 0..<20 { group.addTask { try await Self.open(c, Self.guess(i), from: "203.0.113.9").status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
        }
        #expect(statuses.filter { $0 == .forbidden }.count == 4)
        #expect(statuses.filter { $0 == .tooManyRequests }.count == 16)
    }

    @Test func windowsEndPerAddress() {
        var p = Self.policy(slow: 1, refuse: 2)
        p.window = 60
        let limiter = TokenLimiter(policy: p)
        #expect(limiter.failed(from: "a", now: 0) == nil)
        #expect(limiter.failed(from: "a", now: 10) != nil)
        #expect(limiter.refusal(for: "a", now: 10) == TokenLimiter.Refusal(retryAfter: 50, global: false))
        #expect(limiter.refusal(for: "a", now: 59.5)?.retryAfter == 1)
        #expect(limiter.refusal(for: "a", now: 60) == nil)
        #expect(limiter.failures(of: "a", now: 60) == 0)
    }

    @Test func forwardedForIsIgnoredWithoutTrustProxy() async throws {
        let h = try Harness.make(policy: Self.policy(), peers: true)
        try await h.run { c in
            let token = try await Self.setUp(c, h)
            // A client writing a new X-Forwarded-For each time is still counted under its connection.
            for i in 0..<4 {
                let r = try await Self.open(c, Self.guess(i), from: "203.0.113.9", [ClientAddress.forwardedFor: "198.51.100.\(i)"])
                #expect(r.status == .forbidden)
            }
            #expect(try await Self.open(c, token, from: "203.0.113.9", [ClientAddress.forwardedFor: "198.51.100.99"]).status == .tooManyRequests)
            #expect(h.workspace.limiter.failures(of: "198.51.100.0") == 0)
            #expect(try await Self.open(c, token, from: "192.0.2.50").status == .seeOther)
        }
    }

    @Test func forwardedForNamesTheClientBehindATrustedProxy() async throws {
        let h = try Harness.make(policy: Self.policy(), peers: true, trustProxy: true)
        try await h.run { c in
            let token = try await Self.setUp(c, h)
            let proxy = "127.0.0.1"
            // Every request comes from the proxy; the last entry is the client the proxy saw. An
            // entry the client wrote itself comes before it and changes nothing.
            for i in 0..<4 {
                let r = try await Self.open(c, Self.guess(i), from: proxy, [ClientAddress.forwardedFor: "10.9.9.\(i), 203.0.113.9"])
                #expect(r.status == .forbidden)
            }
            #expect(h.workspace.limiter.failures(of: "203.0.113.9") == 4)
            #expect(h.workspace.limiter.failures(of: proxy) == 0)
            #expect(try await Self.open(c, token, from: proxy, [ClientAddress.forwardedFor: "203.0.113.9"]).status == .tooManyRequests)
            // Another client behind the same proxy signs in; so does one written with a port, or in
            // two header lines whose last entry is its own.
            #expect(try await Self.open(c, token, from: proxy, [ClientAddress.forwardedFor: "198.51.100.4"]).status == .seeOther)
            #expect(try await Self.open(c, token, from: proxy, [ClientAddress.forwardedFor: "198.51.100.5:51234"]).status == .seeOther)
            var two = HTTPFields()
            two.append(HTTPField(name: ClientAddress.forwardedFor, value: "203.0.113.9"))
            two.append(HTTPField(name: ClientAddress.forwardedFor, value: "198.51.100.6"))
            #expect(try await Self.open(c, token, from: proxy, two).status == .seeOther)
            // A last entry that is no address falls back to the connection (the proxy).
            #expect(try await Self.open(c, Self.guess(20), from: proxy, [ClientAddress.forwardedFor: "203.0.113.9, unknown"]).status == .forbidden)
            #expect(h.workspace.limiter.failures(of: proxy) == 1)
        }
    }

    @Test func addressesAreComparedInOneSpelling() {
        #expect(ClientAddress.canonical("192.0.2.7") == "192.0.2.7")
        #expect(ClientAddress.canonical("::ffff:192.0.2.7") == "192.0.2.7")
        #expect(ClientAddress.canonical("192.0.2.7:5123") == "192.0.2.7")
        #expect(ClientAddress.canonical("[2001:DB8:0:0::1]:443") == "2001:db8::1")
        #expect(ClientAddress.canonical("2001:0db8::0001") == "2001:db8::1")
        for bad in ["", "unknown", "192.0.2", "192.0.2.256", "1.2.3.4.5", "[::1", "２０３.0.113.1", String(repeating: "1", count: 100)] {
            #expect(ClientAddress.canonical(bad) == nil, "\(bad)")
        }
    }

    /// Not the test's header: the real server counts under the socket's peer address.
    @Test func theServerCountsUnderTheConnectionsAddress() async throws {
        let h = try Harness.make(policy: Self.policy())
        let app = h.workspace.application(host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            let r = try await client.execute(uri: "/e/\(Self.guess(1))", method: .get, headers: [Harness.peer: "203.0.113.9"]) { $0.status }
            #expect(r == .forbidden)
        }
        #expect(h.workspace.limiter.failures(of: "127.0.0.1") == 1)
        #expect(h.workspace.limiter.failures(of: "203.0.113.9") == 0)
        #expect(h.workspace.limiter.trackedAddresses == 1)
    }

    @Test func serveHasTheTrustProxyOption() {
        let console = BufferConsole()
        _ = YRDQCLI.main(arguments: ["serve", "--help"], console: console)
        #expect((console.stdout + console.stderr).contains("--trust-proxy"))
    }
}
