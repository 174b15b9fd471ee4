import Foundation
import Testing
import YRDQCertificates
import YRDQCore

/// Event dates follow the certificate's history: none before its issue or the event before,
/// none in the future unless the user says so.
@Suite struct EventDateTests {
    let keys = makeKeys()
    let dir = tempDir("dates")

    /// Today and tomorrow, as the command line reckons them (local calendar).
    static func day(_ offset: Int) -> String {
        let date = Calendar(identifier: .gregorian).date(byAdding: .day, value: offset, to: Date())!
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: date)
        return CivilDate(year: c.year!, month: c.month!, day: c.day!)!.description
    }

    /// A certificate issued on 2026-11-20; its serial.
    func issued() throws -> String {
        let panel = writePanel(in: dir, bases: ["90", "90", "90", "90", "90"].map(p))
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--format", "md", "--out", dir + "/out"])
        #expect(r.code == 0, "\(r.err)")
        return try #require(readCertificate(dir + "/out")).data.serial
    }

    func run(_ command: String, _ serial: String, date: String?, _ extra: [String] = []) -> (code: Int32, out: String, err: String) {
        var args = ["certificate", command, serial, "--registry", dir + "/reg.db"]
        if command != "reinstate" { args += ["--reason", "复核"] }
        if let date { args += ["--date", date] }
        return yrdq(args + extra)
    }

    func events(_ serial: String) throws -> [RegisterEvent.Action] {
        try CertificateRegister(path: dir + "/reg.db", create: false).events(serial: serial).map(\.action)
    }

    @Test func noEventBeforeTheIssue() throws {
        let serial = try issued()
        for command in ["suspend", "revoke"] {
            let r = run(command, serial, date: "2026-11-19")
            #expect(r.code == 1)
            #expect(r.err.contains("早于证书的发证日期 2026年11月20日"), "\(r.err)")
        }
        #expect(try events(serial) == [.issued])
        #expect(run("suspend", serial, date: "2026-11-20").code == 0, "the day of issue itself is allowed")
    }

    @Test func noEventBeforeThePreviousOne() throws {
        let serial = try issued()
        #expect(run("suspend", serial, date: "2026-11-25").code == 0)
        var r = run("reinstate", serial, date: "2026-11-24")
        #expect(r.code == 1)
        #expect(r.err.contains("早于该证书上一次记录的日期 2026年11月25日（暂停）"), "\(r.err)")
        r = run("revoke", serial, date: "2026-11-21")
        #expect(r.code == 1 && r.err.contains("上一次记录"), "\(r.err)")
        #expect(try events(serial) == [.issued, .suspended], "nothing recorded")
        #expect(run("reinstate", serial, date: "2026-11-25").code == 0, "the same day is allowed")
        r = run("suspend", serial, date: "2026-11-24")
        #expect(r.code == 1 && r.err.contains("2026年11月25日（恢复）"), "\(r.err)")
        #expect(run("revoke", serial, date: "2026-11-26").code == 0)
        #expect(try events(serial) == [.issued, .suspended, .reinstated, .revoked])
    }

    @Test func futureDatesOnlyWhenAskedFor() throws {
        let serial = try issued()
        let tomorrow = Self.day(1)
        var r = run("suspend", serial, date: tomorrow)
        #expect(r.code == 1)
        #expect(r.err.contains("--date \(tomorrow) 晚于今天（\(Self.day(0))）") && r.err.contains("--allow-future-date"), "\(r.err)")
        #expect(try events(serial) == [.issued])
        r = run("suspend", serial, date: tomorrow, ["--allow-future-date"])
        #expect(r.code == 0, "\(r.err)")
        // Today (the default) now lies before the suspension, so reinstating today is refused as out of order.
        r = run("reinstate", serial, date: nil)
        #expect(r.code == 1 && r.err.contains("上一次记录"), "\(r.err)")
        r = run("reinstate", serial, date: Self.day(400))
        #expect(r.code == 1 && r.err.contains("--allow-future-date"))
        #expect(run("reinstate", serial, date: Self.day(400), ["--allow-future-date"]).code == 0)
        // The flag is explained in each command's help.
        for command in ["suspend", "reinstate", "revoke", "status-list"] {
            let help = yrdq(["certificate", command, "--help"])
            #expect(help.out.contains("--allow-future-date") && help.out.contains("允许 --date 晚于今天"), "\(command): \(help.out)")
        }
    }

    @Test func statusListDateFollowsTheRegister() throws {
        let serial = try issued()
        let list = dir + "/status.json"
        func publish(_ date: String, _ extra: [String] = []) -> (code: Int32, out: String, err: String) {
            yrdq(["certificate", "status-list", "--key", keys.0, "--registry", dir + "/reg.db", "--out", list, "--date", date] + extra)
        }
        var r = publish("2026-11-19")
        #expect(r.code == 1 && r.err.contains("早于登记簿中最后一次记录的日期 2026年11月20日"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: list))
        #expect(run("suspend", serial, date: "2026-11-25").code == 0)
        r = publish("2026-11-24")
        #expect(r.code == 1)
        #expect(r.err.contains("2026年11月25日（证书 \(serial) 暂停）"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: list))
        #expect(publish("2026-11-25").code == 0)
        r = publish(Self.day(1))
        #expect(r.code == 1 && r.err.contains("--allow-future-date"), "\(r.err)")
        #expect(publish(Self.day(1), ["--allow-future-date"]).code == 0)
    }

    @Test func malformedDatesNameTheForm() throws {
        let serial = try issued()
        for bad in ["2026-13-01", "tomorrow", "2026-02-30", "12/01/2026"] {
            let r = run("suspend", serial, date: bad)
            #expect(r.code == 64, "\(bad)")
            #expect(r.err.contains("--date 应为 YYYY-MM-DD 格式的日期") && r.err.contains("“\(bad)”"), "\(r.err)")
        }
        let r = yrdq(["certificate", "status-list", "--key", keys.0, "--registry", dir + "/reg.db", "--out", dir + "/s.json", "--date", "2026-1-1x"])
        #expect(r.code == 64 && r.err.contains("YYYY-MM-DD"))
    }
}
