import Crypto
import Foundation
import YRDQCore

/// Ed25519 keys in the PEM forms OpenSSL reads (PKCS#8 private key, SPKI public key).
public enum SigningKeys {
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    public static let privateFileName = "yrdq-signing-key.pem"
    public static let publicFileName = "yrdq-signing-key.pub.pem"

    /// A short, stable id of a public key: the first 6 bytes of its SHA-256, base64url (8 characters).
    public static func keyID(_ key: Curve25519.Signing.PublicKey) -> String {
        Base64URL.encode(Data(SHA256.hash(data: key.rawRepresentation).prefix(6)))
    }

    public static func privatePEM(_ key: Curve25519.Signing.PrivateKey) -> String {
        pem("PRIVATE KEY", Data(pkcs8Prefix) + key.rawRepresentation,
            header: ["# yrdq 签发私钥（Ed25519，PKCS#8）：仅限发证机关保管，切勿外传或打印"])
    }

    public static func publicPEM(_ key: Curve25519.Signing.PublicKey) -> String {
        pem("PUBLIC KEY", Data(spkiPrefix) + key.rawRepresentation,
            header: ["# yrdq 证书核验公钥（Ed25519，SPKI）：可公开发布", "# 密钥标识（key id）：\(keyID(key))"])
    }

    private static func pem(_ label: String, _ der: Data, header: [String]) -> String {
        let b64 = der.base64EncodedString()
        var lines = header
        lines.append("-----BEGIN \(label)-----")
        var rest = Substring(b64)
        while !rest.isEmpty { lines.append(String(rest.prefix(64))); rest = rest.dropFirst(64) }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    enum Parsed {
        case privateKey(Curve25519.Signing.PrivateKey)
        case publicKey(Curve25519.Signing.PublicKey)
    }

    static func parse(_ text: String) -> Parsed? {
        func body(_ label: String) -> Data? {
            guard let start = text.range(of: "-----BEGIN \(label)-----"),
                  let end = text.range(of: "-----END \(label)-----", range: start.upperBound..<text.endIndex) else { return nil }
            let b64 = text[start.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
            return Data(base64Encoded: String(b64))
        }
        if let der = body("PRIVATE KEY"), der.count == 48, Array(der.prefix(16)) == pkcs8Prefix,
           let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32)) {
            return .privateKey(key)
        }
        if let der = body("PUBLIC KEY"), der.count == 44, Array(der.prefix(12)) == spkiPrefix,
           let key = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32)) {
            return .publicKey(key)
        }
        return nil
    }

    /// A key file is a few hundred bytes; nothing near this size is one.
    static let maximumKeyBytes = 64 * 1024

    /// The key file's text, through the one check of a named file: a named pipe, a device or a
    /// folder is refused at once, an oversized file unread.
    private static func read(_ path: String) throws(InputErrors) -> String {
        try RegularFile.check(path, what: "密钥文件")
        let bytes = try RegularFile.bytes(at: path, maximumBytes: maximumKeyBytes)
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw InputErrors([Diagnostic(file: path, "无法读取密钥文件（应为 PEM 文本）")])
        }
        return text
    }

    /// The bureau's private key, for signing. Warns (through `warn`) when others may read the file.
    public static func loadPrivate(_ path: String, warn: (Diagnostic) -> Void = { _ in }) throws(InputErrors) -> Curve25519.Signing.PrivateKey {
        let text = try read(path)
        switch parse(text) {
        case .privateKey(let key)?:
            var st = stat()
            if stat(path, &st) == 0, st.st_mode & 0o077 != 0 {
                warn(Diagnostic(.warning, file: path, "私钥文件可被他人读取（权限 \(String(st.st_mode & 0o777, radix: 8))），请执行 chmod 600"))
            }
            return key
        case .publicKey?:
            throw InputErrors([Diagnostic(file: path, "这是公钥；签发证书和状态列表需要私钥（\(privateFileName)）")])
        case nil:
            throw InputErrors([Diagnostic(file: path, "不是 Ed25519 密钥文件（应为 yrdq keygen 生成的 PEM 文件）")])
        }
    }

    /// A public key, for verifying; a private key file is accepted too (its public half is used).
    public static func loadPublic(_ path: String) throws(InputErrors) -> Curve25519.Signing.PublicKey {
        switch parse(try read(path)) {
        case .publicKey(let key)?: return key
        case .privateKey(let key)?: return key.publicKey
        case nil: throw InputErrors([Diagnostic(file: path, "不是 Ed25519 公钥文件（应为 yrdq keygen 生成的 \(publicFileName)）")])
        }
    }

    /// Writes a new key pair into `directory`: the private key created 0600 from the start
    /// (O_EXCL, so an existing key is never overwritten), then the public key.
    public static func generate(into directory: String) throws(InputErrors) -> (privatePath: String, publicPath: String, keyID: String) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else { throw InputErrors([Diagnostic(file: directory, "不是目录")]) }
        } else if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw InputErrors([Diagnostic(file: directory, "无法创建目录：\(String(cString: strerror(errno)))")])
        }
        let priv = (directory as NSString).appendingPathComponent(privateFileName)
        let pub = (directory as NSString).appendingPathComponent(publicFileName)
        let existing = [priv, pub].filter { fm.fileExists(atPath: $0) }
        if !existing.isEmpty {
            throw InputErrors(existing.map { Diagnostic(file: $0, "密钥文件已存在，不会覆盖（如确需更换密钥，请先移走旧密钥并妥善保存）") })
        }
        let key = Curve25519.Signing.PrivateKey()
        try writeNew(Data(privatePEM(key).utf8), to: priv, mode: 0o600)
        do {
            try writeNew(Data(publicPEM(key.publicKey).utf8), to: pub, mode: 0o644)
        } catch {
            unlink(priv)
            throw error
        }
        return (priv, pub, keyID(key.publicKey))
    }

    /// Creates a file that must not exist yet, with `mode` from the first moment.
    static func writeNew(_ data: Data, to path: String, mode: mode_t) throws(InputErrors) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw InputErrors([Diagnostic(file: path, errno == EEXIST ? "文件已存在，不会覆盖" : "无法创建：\(String(cString: strerror(errno)))")])
        }
        var failure: String? = nil
        if fchmod(fd, mode) != 0 { failure = String(cString: strerror(errno)) }
        data.withUnsafeBytes { raw in
            var offset = 0
            while failure == nil && offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = String(cString: strerror(errno)); return }
                offset += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(path)
            throw InputErrors([Diagnostic(file: path, "写入失败：\(failure)")])
        }
    }
}

/// Signing and checking certificates.
public enum CertificateSigner {
    public static func sign(_ data: CertificateData, with key: Curve25519.Signing.PrivateKey) throws -> SignedCertificate {
        SignedCertificate(data: data, signature: try key.signature(for: data.signedBytes))
    }

    public enum Verdict: String, Sendable, Equatable {
        /// Signed by this key, nothing changed.
        case genuine
        /// Claims this key, but the data do not match the signature.
        case altered
        /// Signed by another key (or claims to be).
        case otherKey = "other-key"

        public var chinese: String {
            switch self {
            case .genuine: return "有效（genuine）：由本机关签发，内容未被改动"
            case .altered: return "已被篡改（altered）：证书内容与签名不符"
            case .otherKey: return "非本机关签发（signed by another key）：签名密钥与所给公钥不符"
            }
        }
    }

    public static func verify(_ certificate: SignedCertificate, with key: Curve25519.Signing.PublicKey) -> Verdict {
        let valid = key.isValidSignature(certificate.signature, for: certificate.data.signedBytes)
        if certificate.data.key != SigningKeys.keyID(key) { return valid ? .altered : .otherKey }
        return valid ? .genuine : .altered
    }
}
