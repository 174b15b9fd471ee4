import Crypto
import Foundation
import YRDQCore

/// Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite (W3C Data Integrity EdDSA
/// Cryptosuites v1.0 §3.3): the hash signed is SHA-256 of the JCS form of the proof
/// configuration (the proof without its value, with the document's @context), followed by
/// SHA-256 of the JCS form of the document without its proof; the Ed25519 signature is the
/// proof value, multibase base58btc ("z…").
public enum EdDSAJCS2022 {
    public static let cryptosuite = "eddsa-jcs-2022"
    public static let proofType = "DataIntegrityProof"
    public static let proofPurpose = "assertionMethod"

    /// The 64 bytes that are signed (§3.3.4 Hashing).
    public static func hashData(proofConfig: [String: JSONValue], document: [String: JSONValue]) throws -> Data {
        let configHash = SHA256.hash(data: try JCSValue(.object(proofConfig)).canonicalBytes())
        let documentHash = SHA256.hash(data: try JCSValue(.object(document)).canonicalBytes())
        return Data(configHash) + Data(documentHash)
    }

    /// `document` with a proof by `key` (§3.3.1 Create Proof): the proof names the key as its
    /// `did:key` verification method and carries the document's @context. No `created` time
    /// is written, so the same document signed again gives the same bytes.
    public static func sign(_ document: [String: JSONValue], with key: Curve25519.Signing.PrivateKey) throws -> [String: JSONValue] {
        var unsecured = document
        unsecured["proof"] = nil
        var proof: [String: JSONValue] = [
            "type": .string(proofType), "cryptosuite": .string(cryptosuite),
            "verificationMethod": .string(DIDKey.verificationMethod(key.publicKey)),
            "proofPurpose": .string(proofPurpose),
        ]
        if let context = unsecured["@context"] { proof["@context"] = context }
        let signature = try key.signature(for: try hashData(proofConfig: proof, document: unsecured))
        proof["proofValue"] = .string("z" + Base58.encode(signature))
        unsecured["proof"] = .object(proof)
        return unsecured
    }

    /// Checks the proof of `document` (§3.3.2 Verify Proof) against the bureau's key. A
    /// proof that is not one `eddsa-jcs-2022` proof for assertion is a format problem.
    public static func verify(_ document: [String: JSONValue], with key: Curve25519.Signing.PublicKey,
                              what: String) throws(FormatProblem) -> CertificateSigner.Verdict {
        guard let proofValue = document["proof"] else { throw FormatProblem("\(what)没有证明（proof）") }
        guard var options = proofValue.object else {
            throw FormatProblem("\(what)的证明（proof）应为一个对象（本程序只核验一个 \(cryptosuite) 证明）")
        }
        func member(_ name: String) throws(FormatProblem) -> String {
            guard let s = options[name]?.string else { throw FormatProblem("\(what)的证明缺少字符串成员“\(name)”") }
            return s
        }
        guard try member("type") == proofType else { throw FormatProblem("\(what)的证明类型（type）应为 \(proofType)") }
        guard try member("cryptosuite") == cryptosuite else {
            throw FormatProblem("\(what)的证明套件（cryptosuite）应为 \(cryptosuite)，实际是“\(TerminalTextValue.of(try member("cryptosuite")))”")
        }
        guard try member("proofPurpose") == proofPurpose else { throw FormatProblem("\(what)的证明用途（proofPurpose）应为 \(proofPurpose)") }
        let method = try member("verificationMethod")
        let text = try member("proofValue")
        guard text.hasPrefix("z"), let signature = Base58.decode(String(text.dropFirst())), signature.count == 64,
              "z" + Base58.encode(signature) == text else {
            throw FormatProblem("\(what)的证明值（proofValue）应为 multibase base58btc（z…）编码的 64 字节 Ed25519 签名")
        }
        options["proofValue"] = nil
        var unsecured = document
        unsecured["proof"] = nil
        if let proofContext = options["@context"] {
            // The document's @context must begin with the proof's, in the same order.
            let proofList = proofContext.array ?? [proofContext]
            let documentList = unsecured["@context"].map { $0.array ?? [$0] } ?? []
            guard documentList.starts(with: proofList) else { return .altered }
            unsecured["@context"] = proofContext
        }
        if let context = unsecured["@context"] { options["@context"] = context }
        guard let hash = try? hashData(proofConfig: options, document: unsecured) else { return .altered }
        let valid = key.isValidSignature(signature, for: hash)
        guard method == DIDKey.verificationMethod(key) else { return valid ? .altered : .otherKey }
        return valid ? .genuine : .altered
    }
}

/// A value quoted in a message (see `TerminalText.value`), cut to a readable length.
enum TerminalTextValue {
    static func of(_ s: String) -> String { TerminalText.value(String(s.prefix(60))) }
}
