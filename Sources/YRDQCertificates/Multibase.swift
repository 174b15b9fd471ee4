import Crypto
import Foundation

/// Base58btc (the Bitcoin alphabet), as multibase writes it after its "z" prefix.
public enum Base58 {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    static let values: [UInt8: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    public static func encode(_ data: Data) -> String {
        let bytes = [UInt8](data)
        let zeros = bytes.prefix { $0 == 0 }.count
        var digits: [Int] = []  // base 58, least significant first
        for byte in bytes {
            var carry = Int(byte)
            for i in digits.indices {
                carry += digits[i] << 8
                digits[i] = carry % 58
                carry /= 58
            }
            while carry > 0 { digits.append(carry % 58); carry /= 58 }
        }
        return String(repeating: "1", count: zeros) + String(decoding: digits.reversed().map { alphabet[$0] }, as: UTF8.self)
    }

    /// The bytes, or nil for a letter outside the alphabet. One value has one text: leading
    /// "1"s are the leading zero bytes, so re-encoding gives the text back.
    public static func decode(_ text: String) -> Data? {
        let letters = Array(text.utf8)
        guard letters.count <= 1024 else { return nil }
        let zeros = letters.prefix { $0 == UInt8(ascii: "1") }.count
        var bytes: [Int] = []  // base 256, least significant first
        for letter in letters {
            guard var carry = values[letter] else { return nil }
            for i in bytes.indices {
                carry += bytes[i] * 58
                bytes[i] = carry & 0xFF
                carry >>= 8
            }
            while carry > 0 { bytes.append(carry & 0xFF); carry >>= 8 }
        }
        return Data(repeating: 0, count: zeros) + Data(bytes.reversed().map(UInt8.init))
    }
}

/// The bureau's key as a `did:key` (did:key method v0.7): "did:key:z" and the base58btc of
/// the Ed25519 multicodec prefix 0xed 0x01 and the 32-byte public key; its one verification
/// method is the DID, "#", and the same multibase text.
public enum DIDKey {
    static let ed25519Prefix: [UInt8] = [0xED, 0x01]

    /// "z6Mk…": the public key as a multibase Multikey value.
    public static func multikey(_ key: Curve25519.Signing.PublicKey) -> String {
        "z" + Base58.encode(Data(ed25519Prefix) + key.rawRepresentation)
    }

    public static func did(_ key: Curve25519.Signing.PublicKey) -> String { "did:key:" + multikey(key) }

    /// "did:key:z6Mk…#z6Mk…".
    public static func verificationMethod(_ key: Curve25519.Signing.PublicKey) -> String {
        did(key) + "#" + multikey(key)
    }

    /// The Ed25519 key a `did:key` verification method names, or nil when it names none.
    public static func publicKey(verificationMethod: String) -> Curve25519.Signing.PublicKey? {
        guard verificationMethod.hasPrefix("did:key:z") else { return nil }
        let parts = verificationMethod.dropFirst("did:key:".count).split(separator: "#", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == parts[1],
              let bytes = Base58.decode(String(parts[0].dropFirst())), bytes.count == 34,
              Array(bytes.prefix(2)) == ed25519Prefix else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: bytes.suffix(32))
    }
}
