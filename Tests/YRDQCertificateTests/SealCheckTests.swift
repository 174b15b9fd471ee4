import Foundation
import Testing
import YRDQCertificates
import YRDQCore

/// The seal is checked whole before the register is touched: a file that is no PNG (a key
/// given by mistake), a PNG claiming huge dimensions, or an oversized file is refused at once,
/// and no certificate is registered whose documents would then fail on the seal.
@Suite struct SealCheckTests {
    let keys = makeKeys()
    let dir = tempDir("seal")

    static func png(width: UInt32, height: UInt32) -> Data {
        var d = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        d += Data("IHDR".utf8)
        for v in [width, height] { d += Data([UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]) }
        d += Data([8, 6, 0, 0, 0, 0, 0, 0, 0])
        return d
    }

    @Test func aSealThatIsNoSensiblePNGIsRefusedBeforeTheRegister() throws {
        let panel = writePanel(in: dir, bases: ["88", "87.5", "90", "89", "86.25"].map(p))
        let bomb = dir + "/bomb.png", big = dir + "/big.png"
        try Self.png(width: 100_000, height: 100_000).write(to: URL(fileURLWithPath: bomb))
        try (Self.png(width: 10, height: 10) + Data(count: 9 * 1024 * 1024)).write(to: URL(fileURLWithPath: big))
        for (seal, message) in [(keys.0, "印章图片应为 PNG 文件（内容不予显示"), (bomb, "尺寸 100000×100000 像素不合常理"),
                                (big, "印章图片过大（超过 8 MB）")] {
            let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--seal", seal,
                          "--format", "pdf", "--out", dir + "/out"])
            #expect(r.code == 1, "\(r.out)")
            #expect(r.err.contains(message), "\(r.err)")
            #expect(!r.err.contains("PRIVATE KEY"), "the key's text is not echoed: \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/reg.db"), "a register was created before the seal was checked")
            let render = yrdq(["render", "table", "--blank", "--seal", seal, "--format", "html", "--out", dir + "/r", "--rubric", root + "/rubric/yrd-2021.yaml"])
            #expect(render.code == 1 && render.err.contains(message), "\(render.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }
}

/// The certificate's date of issue is the panel's date: one after today is refused unless the
/// user says so, as an event's --date is, and nothing is registered.
@Suite struct IssueDateTests {
    let keys = makeKeys()
    let dir = tempDir("future")

    @Test func aPanelDatedInTheFutureIsNotIssuedWithoutSayingSo() throws {
        let c = Calendar(identifier: .gregorian).dateComponents([.year], from: Date())
        let future = "\(c.year! + 1)-11-20"
        let panel = writePanel(in: dir, date: future, bases: ["88", "87.5", "90", "89", "86.25"].map(p))
        var r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--format", "md", "--out", dir + "/out"])
        #expect(r.code == 1 && r.err.contains("评估日期 \(future) 晚于今天") && r.err.contains("--allow-future-date"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/reg.db"))
        r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--format", "md", "--out", dir + "/out",
                  "--allow-future-date"])
        #expect(r.code == 0, "\(r.err)")
    }
}
