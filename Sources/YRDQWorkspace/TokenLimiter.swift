import Foundation
import Synchronization

/// Bad sign-in tokens, counted per client address over a window: after a few from one address each
/// further one from it is answered slowly, after many that address's sign-ins are refused until its
/// window ends; the other addresses are not affected, so one stranger guessing cannot lock the
/// panel out. All addresses together have a much higher ceiling, so a guess spread over many
/// addresses is slowed and refused too. The table of addresses is bounded: expired windows are
/// dropped, and when it is full a new address is judged by the global count alone (and slowed).
public final class TokenLimiter: Sendable {
    public struct Policy: Sendable {
        /// Seconds a window lasts from its first bad token.
        public var window: Double = 15 * 60
        /// One address: each bad token after this many is answered after `delay`.
        public var slowAfter = 5
        /// One address: after this many, every sign-in from it is refused until its window ends.
        public var refuseAfter = 20
        /// All addresses together: each bad token after this many is answered after `delay`.
        public var globalSlowAfter = 100
        /// All addresses together: after this many, every sign-in is refused until the window ends.
        public var globalRefuseAfter = 400
        /// Addresses tracked at most (a flood of distinct addresses cannot grow memory further).
        public var maximumAddresses = 4096
        public var delay: Duration = .seconds(1)
        public init() {}
    }

    /// Why and for how long sign-ins are refused.
    public struct Refusal: Error, Sendable, Equatable {
        /// Seconds until the window that refuses ends (at least 1).
        public var retryAfter: Int
        /// Refused for every address (the global ceiling), not only this one.
        public var global: Bool
    }

    struct Window { var start: Double; var failures: Int }
    struct State {
        var global = Window(start: -.infinity, failures: 0)
        var addresses: [String: Window] = [:]
    }

    let policy: Policy
    let state = Mutex(State())
    public init(policy: Policy = Policy()) { self.policy = policy }

    private func expired(_ w: Window, _ now: Double) -> Bool { now - w.start >= policy.window }

    private func seconds(_ w: Window, _ now: Double) -> Int { max(1, Int((w.start + policy.window - now).rounded(.up))) }

    /// Starts a new global window when the old one has ended, dropping the addresses whose own
    /// windows have ended too.
    private func roll(_ s: inout State, _ now: Double) {
        guard expired(s.global, now) else { return }
        s.global = Window(start: now, failures: 0)
        s.addresses = s.addresses.filter { !expired($0.value, now) }
    }

    /// A sign-in attempt let through: counted already as a bad token (so that attempts made at
    /// once cannot pass the limit together), until `succeeded` takes it back.
    struct Attempt: Sendable {
        var address: String
        var tracked: Bool
        var addressStart: Double
        var globalStart: Double
        var slow: Bool
    }

    /// Lets a sign-in attempt from `address` through, counted as a bad token; or why and for how
    /// long sign-ins from it are refused.
    func admit(_ address: String, now: Double = Date().timeIntervalSince1970) -> Result<Attempt, Refusal> {
        state.withLock { s in
            roll(&s, now)
            if s.global.failures >= policy.globalRefuseAfter { return .failure(Refusal(retryAfter: seconds(s.global, now), global: true)) }
            var w = s.addresses[address].flatMap { expired($0, now) ? nil : $0 } ?? Window(start: now, failures: 0)
            if w.failures >= policy.refuseAfter { return .failure(Refusal(retryAfter: seconds(w, now), global: false)) }
            s.global.failures += 1
            let globalSlow = s.global.failures > policy.globalSlowAfter
            if s.addresses[address] == nil && s.addresses.count >= policy.maximumAddresses {
                s.addresses = s.addresses.filter { !expired($0.value, now) }
                // Still full: this address is not tracked; a full table means many addresses are
                // guessing, so it is slowed, and the global ceiling refuses it.
                if s.addresses.count >= policy.maximumAddresses {
                    return .success(Attempt(address: address, tracked: false, addressStart: now, globalStart: s.global.start, slow: true))
                }
            }
            w.failures += 1
            s.addresses[address] = w
            return .success(Attempt(address: address, tracked: true, addressStart: w.start, globalStart: s.global.start,
                                    slow: w.failures > policy.slowAfter || globalSlow))
        }
    }

    /// The attempt's token was good: it is no longer counted (in the windows it was counted in).
    func succeeded(_ a: Attempt) {
        state.withLock { s in
            if s.global.start == a.globalStart && s.global.failures > 0 { s.global.failures -= 1 }
            guard a.tracked, var w = s.addresses[a.address], w.start == a.addressStart else { return }
            w.failures -= 1
            s.addresses[a.address] = w.failures > 0 ? w : nil
        }
    }

    /// The attempt's token was bad (it stays counted); the delay to answer it with.
    func failed(_ a: Attempt) -> Duration? { a.slow ? policy.delay : nil }

    /// Whether sign-ins from `address` are refused now, and until when.
    func refusal(for address: String, now: Double = Date().timeIntervalSince1970) -> Refusal? {
        state.withLock { s in
            roll(&s, now)
            if s.global.failures >= policy.globalRefuseAfter { return Refusal(retryAfter: seconds(s.global, now), global: true) }
            guard let w = s.addresses[address], !expired(w, now) else { return nil }
            return w.failures >= policy.refuseAfter ? Refusal(retryAfter: seconds(w, now), global: false) : nil
        }
    }

    /// Records a bad token from `address` (an attempt admitted and failed); the delay to answer
    /// it with, nil when it is refused.
    func failed(from address: String, now: Double = Date().timeIntervalSince1970) -> Duration? {
        guard case .success(let a) = admit(address, now: now) else { return nil }
        return failed(a)
    }

    /// Bad tokens counted for `address` in its current window (tests).
    func failures(of address: String, now: Double = Date().timeIntervalSince1970) -> Int {
        state.withLock { s in s.addresses[address].flatMap { expired($0, now) ? nil : $0.failures } ?? 0 }
    }

    /// Addresses tracked now (tests).
    var trackedAddresses: Int { state.withLock { $0.addresses.count } }
}
