import Crypto
import Foundation
import Testing
import YRDQCertificates

/// The pieces of the verifiable credential, each against its specification's own examples:
/// JCS (RFC 8785), base58btc and did:key, eddsa-jcs-2022 (the W3C test vector), the
/// Bitstring Status List's bits and GZIP.
@Suite struct CredentialFormatTests {
    // RFC 8785 §3.2.2 and §3.2.3.
    @Test func jcsOfTheRFCExample() throws {
        let value = JCSValue.object([
            "numbers": .array([.number(333333333.33333329), .number(1E30), .number(4.50), .number(2e-3), .number(0.000000000000000000000000001)]),
            "string": .string("\u{20ac}$\u{0F}\nA'\u{42}\u{22}\u{5c}\\\"/"),
            "literals": .array([.null, .bool(true), .bool(false)]),
        ])
        #expect(try value.canonical() == #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
    }

    @Test func jcsSortsByUTF16CodeUnits() throws {
        let value = JCSValue.object([
            "\u{20ac}": .string("Euro Sign"), "\r": .string("Carriage Return"), "\u{fb33}": .string("Hebrew Letter Dalet With Dagesh"),
            "1": .string("One"), "\u{1F600}": .string("Emoji: Grinning Face"), "\u{80}": .string("Control"),
            "\u{f6}": .string("Latin Small Letter O With Diaeresis"),
        ])
        let text = try value.canonical()
        let order = ["\r", "1", "\u{80}", "\u{f6}", "\u{20ac}", "\u{1F600}", "\u{fb33}"]
        let positions = try order.map { key in try #require(text.range(of: try JCSValue.string(key).canonical() + ":")).lowerBound }
        #expect(positions == positions.sorted(), "\(text)")
        // The canonical JSON of the yrdq formats sorts by UTF-8 bytes, which puts U+1F600 after U+FB33: JCS must not.
        #expect(text.range(of: "\u{1F600}")!.lowerBound < text.range(of: "\u{fb33}")!.lowerBound)
    }

    // RFC 8785 Appendix B: IEEE 754 bit patterns and their ECMAScript text.
    @Test(arguments: [
        ("0000000000000000", "0"), ("8000000000000000", "0"), ("0000000000000001", "5e-324"), ("8000000000000001", "-5e-324"),
        ("7fefffffffffffff", "1.7976931348623157e+308"), ("ffefffffffffffff", "-1.7976931348623157e+308"),
        ("4340000000000000", "9007199254740992"), ("c340000000000000", "-9007199254740992"),
        ("4430000000000000", "295147905179352830000"), ("44b52d02c7e14af5", "9.999999999999997e+22"),
        ("44b52d02c7e14af6", "1e+23"), ("44b52d02c7e14af7", "1.0000000000000001e+23"),
        ("444b1ae4d6e2ef4e", "999999999999999700000"), ("444b1ae4d6e2ef4f", "999999999999999900000"),
        ("444b1ae4d6e2ef50", "1e+21"), ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"), ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("41b3de4355555553", "333333333.3333332"), ("41b3de4355555554", "333333333.33333325"),
        ("41b3de4355555555", "333333333.3333333"), ("41b3de4355555556", "333333333.3333334"),
        ("41b3de4355555557", "333333333.33333343"), ("becbf647612f3696", "-0.0000033333333333333333"),
        ("43143ff3c1cb0959", "1424953923781206.2"),
    ])
    func jcsNumbers(_ bits: String, _ text: String) throws {
        let value = Double(bitPattern: UInt64(bits, radix: 16)!)
        #expect(try JCSValue.number(value).canonical() == text)
    }

    @Test func jcsRefusesNaNAndInfinity() {
        #expect(throws: JCSValue.Failure.notFinite) { try JCSValue.number(.nan).canonical() }
        #expect(throws: JCSValue.Failure.notFinite) { try JCSValue.array([.number(.infinity)]).canonical() }
    }

    @Test func jcsEscapesControlCharactersInLowerCaseHex() throws {
        #expect(try JCSValue.string("\u{1F}\u{7F}\u{2028}\u{08}\u{0C}").canonical() == "\"\\u001f\u{7F}\u{2028}\\b\\f\"")
    }

    /// The key pair of the W3C vc-di-eddsa test vectors.
    static let vectorSeed = Data(Base58.decode("3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")!.dropFirst(2))

    @Test func didKeyOfTheW3CKeyPair() throws {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Self.vectorSeed)
        #expect(DIDKey.multikey(key.publicKey) == "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
        #expect(DIDKey.verificationMethod(key.publicKey)
                == "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
        #expect(DIDKey.publicKey(verificationMethod: DIDKey.verificationMethod(key.publicKey))?.rawRepresentation == key.publicKey.rawRepresentation)
        // Another key's fragment, a truncated key or another multicodec name no Ed25519 key.
        #expect(DIDKey.publicKey(verificationMethod: "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6Mk") == nil)
        #expect(DIDKey.publicKey(verificationMethod: "did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP#zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP") == nil)
    }

    @Test func base58RoundTripsLeadingZeros() {
        for bytes in [Data(), Data([0]), Data([0, 0, 1]), Data([0xFF, 0, 0x10]), Data((0..<64).map { UInt8($0 * 3 & 0xFF) })] {
            #expect(Base58.decode(Base58.encode(bytes)) == bytes)
        }
        #expect(Base58.encode(Data("Hello World!".utf8)) == "2NEpo7TZRRrLZSi2U")
        #expect(Base58.decode("0OIl") == nil)
    }

    /// The W3C eddsa-jcs-2022 test vector (vc-di-eddsa, TestVectors/eddsa-jcs-2022): the
    /// Alumni credential, its hash, and the proof value the W3C key gives over our hash data.
    @Test func eddsaJcs2022OfTheW3CTestVector() throws {
        let context: JSONValue = .array([.string("https://www.w3.org/ns/credentials/v2"), .string("https://www.w3.org/ns/credentials/examples/v2")])
        let document: [String: JSONValue] = [
            "@context": context,
            "id": .string("urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33"),
            "type": .array([.string("VerifiableCredential"), .string("AlumniCredential")]),
            "name": .string("Alumni Credential"),
            "description": .string("A minimum viable example of an Alumni Credential."),
            "issuer": .string("https://vc.example/issuers/5678"),
            "validFrom": .string("2023-01-01T00:00:00Z"),
            "credentialSubject": .object(["id": .string("did:example:abcdefgh"), "alumniOf": .string("The School of Examples")]),
        ]
        #expect(try JCSValue(.object(document)).canonical() == #"{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],"credentialSubject":{"alumniOf":"The School of Examples","id":"did:example:abcdefgh"},"description":"A minimum viable example of an Alumni Credential.","id":"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33","issuer":"https://vc.example/issuers/5678","name":"Alumni Credential","type":["VerifiableCredential","AlumniCredential"],"validFrom":"2023-01-01T00:00:00Z"}"#)
        let config: [String: JSONValue] = [
            "@context": context, "type": .string("DataIntegrityProof"), "cryptosuite": .string("eddsa-jcs-2022"),
            "created": .string("2023-02-24T23:36:38Z"), "proofPurpose": .string("assertionMethod"),
            "verificationMethod": .string("https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"),
        ]
        let hash = try EdDSAJCS2022.hashData(proofConfig: config, document: document)
        #expect(hash.suffix(32).map { String(format: "%02x", $0) }.joined() == "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19")
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Self.vectorSeed)
        let proofValue = "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4"
        #expect(key.publicKey.isValidSignature(Base58.decode(String(proofValue.dropFirst()))!, for: hash))
        // Ed25519 is deterministic: our signature over the same hash is the vector's.
        #expect("z" + Base58.encode(try key.signature(for: hash)) == proofValue)
    }

    @Test func signedDocumentVerifiesAndAnyChangeIsAnAlteration() throws {
        let key = Curve25519.Signing.PrivateKey()
        let signed = try EdDSAJCS2022.sign(["@context": .array([.string("https://www.w3.org/ns/credentials/v2")]), "a": .string("1")], with: key)
        #expect(try EdDSAJCS2022.verify(signed, with: key.publicKey, what: "凭证") == .genuine)
        var changed = signed
        changed["a"] = .string("2")
        #expect(try EdDSAJCS2022.verify(changed, with: key.publicKey, what: "凭证") == .altered)
        #expect(try EdDSAJCS2022.verify(signed, with: Curve25519.Signing.PrivateKey().publicKey, what: "凭证") == .otherKey)
        var noProof = signed
        noProof["proof"] = nil
        #expect(throws: FormatProblem.self) { try EdDSAJCS2022.verify(noProof, with: key.publicKey, what: "凭证") }
    }

    @Test func bitOrderAndSizeOfTheStatusList() throws {
        let encoded = BitstringStatusList.encode(setting: [0, 7, 8, 131_071])
        #expect(encoded.hasPrefix("uH4sI"), "multibase base64url of GZIP")
        let bytes = try BitstringStatusList.decode(encoded)
        #expect(bytes.count == 16_384)
        #expect(bytes[0] == 0x81 && bytes[1] == 0x80 && bytes[16_383] == 0x01)
        #expect(bytes.dropFirst(2).dropLast().allSatisfy { $0 == 0 })
        #expect(BitstringStatusList.bit(bytes, at: 7) == true && BitstringStatusList.bit(bytes, at: 6) == false)
        #expect(BitstringStatusList.bit(bytes, at: 131_072) == nil)
        // The empty list, as the spec's example writes it (zlib's maximum compression marks the header's XFL).
        #expect(BitstringStatusList.encode(setting: []) == "uH4sIAAAAAAACA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA")
    }

    @Test func statusListsTooSmallOrNotGzipAreRefused() {
        let small = "u" + Base64URL.encode(Gzip.compress(Data(count: 1024)))
        #expect(throws: FormatProblem.self) { try BitstringStatusList.decode(small) }
        #expect(throws: FormatProblem.self) { try BitstringStatusList.decode("u" + Base64URL.encode(Data(count: 20_000))) }
        #expect(throws: FormatProblem.self) { try BitstringStatusList.decode("z" + Base58.encode(Gzip.compress(Data(count: 16_384)))) }
        // A bomb: far more than 2 MB of zeros is stopped at the limit.
        #expect(throws: FormatProblem.self) { try BitstringStatusList.decode("u" + Base64URL.encode(Gzip.compress(Data(count: 8 * 1024 * 1024)))) }
    }

    @Test(arguments: ["ftp://x/", "https://", "https://a b/", "https://a/?x=1", "https://a/#f", "portal.example/yrdq", "https://a/\n"])
    func badCredentialBasesAreRefused(_ text: String) {
        #expect(throws: InputErrorsMatcher.self) { try InputErrorsMatcher.wrap { _ = try CredentialBase(text) } }
    }

    @Test func credentialBaseEndsInASlash() throws {
        #expect(try CredentialBase("https://portal.example/yrdq").list(.revocation) == "https://portal.example/yrdq/status-revocation.vc.json")
        #expect(try CredentialBase("https://portal.example/yrdq/").url == "https://portal.example/yrdq/")
    }
}

/// Any InputErrors, for #expect(throws:).
struct InputErrorsMatcher: Error {
    static func wrap(_ body: () throws -> Void) throws {
        do { try body() } catch { throw InputErrorsMatcher() }
    }
}
