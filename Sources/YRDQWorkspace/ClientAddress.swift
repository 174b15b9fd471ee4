import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The workspace's request context: Hummingbird's basic one, plus the connection's remote address
/// (the socket's peer), which the sign-in limiter counts bad tokens under.
public struct WorkspaceRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}

/// Who a request comes from, as the sign-in limiter counts it.
public enum ClientAddress {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// The connection's address as text (`192.0.2.7`, `2001:db8::1`); nil when there is none.
    public static func text(_ address: SocketAddress?) -> String? {
        guard let address else { return nil }
        switch address {
        case .v4, .v6: return address.ipAddress
        case .unixDomainSocket: return "unix"
        }
    }

    /// The address a request's bad tokens are counted under. `peer`: the connection's address.
    /// With `trustProxy` (the server sits behind a reverse proxy that appends the client's address)
    /// the last entry of `X-Forwarded-For`, when it is an IP address; otherwise the header is
    /// ignored: a client that reaches the server directly could write anything into it.
    public static func of(_ request: Request, peer: String?, trustProxy: Bool) -> String {
        if trustProxy, let forwarded = lastForwarded(request.headers), let address = canonical(forwarded) {
            return address
        }
        guard let peer else { return "unknown" }
        return canonical(peer) ?? peer
    }

    /// The last entry over every `X-Forwarded-For` line (a proxy appends to the end).
    static func lastForwarded(_ headers: HTTPFields) -> String? {
        let entries = headers[values: forwardedFor].joined(separator: ",").split(separator: ",")
        guard let last = entries.last?.trimmingCharacters(in: .whitespaces), !last.isEmpty else { return nil }
        return last
    }

    /// An IP address in one spelling (`::ffff:192.0.2.7` as `192.0.2.7`, IPv6 compressed and in
    /// lower case); a port after it (`192.0.2.7:5123`, `[2001:db8::1]:5123`) is dropped. Nil: not
    /// an IP address.
    static func canonical(_ text: String) -> String? {
        var t = Substring(text)
        if t.hasPrefix("[") {
            guard let close = t.firstIndex(of: "]") else { return nil }
            t = t[t.index(after: t.startIndex)..<close]
        } else if t.filter({ $0 == ":" }).count == 1, let colon = t.firstIndex(of: ":") {
            t = t[..<colon]
        }
        let s = String(t)
        guard s.utf8.count <= 64, !s.isEmpty else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, s, &v4) == 1 { return ntop(AF_INET, &v4, Int(INET_ADDRSTRLEN)) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, s, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        return ntop(AF_INET6, &v6, Int(INET6_ADDRSTRLEN))
    }

    private static func ntop<T>(_ family: Int32, _ address: inout T, _ length: Int) -> String? {
        var buffer = [CChar](repeating: 0, count: length)
        guard inet_ntop(family, &address, &buffer, socklen_t(length)) != nil else { return nil }
        return String(cString: buffer)
    }
}
