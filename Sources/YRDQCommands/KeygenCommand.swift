import ArgumentParser
import Foundation
import YRDQCertificates
import YRDQCore

struct KeygenCommand: Runnable {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "生成发证机关的签名密钥对（Ed25519）。",
        discussion: """
        私钥（\(SigningKeys.privateFileName)）创建时即为仅所有者可读写（0600），不在屏幕上显示；\
        公钥（\(SigningKeys.publicFileName)）可公开发布，供任何人离线核验证书。已有密钥时拒绝覆盖。
        """)

    @Option(name: .long, help: "密钥目录（不存在则以 0700 权限创建）") var out: String

    func execute(_ context: Context) throws -> Int32 {
        let keys = try SigningKeys.generate(into: out)
        context.console.out("已生成私钥 \(TerminalText.value(keys.privatePath))（权限 0600，仅所有者可读；请妥善保管并离线备份，切勿外传）")
        context.console.out("已生成公钥 \(TerminalText.value(keys.publicPath))（可公开发布，供核验证书）")
        context.console.out("密钥标识（key id）：\(keys.keyID)")
        return 0
    }
}
