import Foundation
import Testing
import YRDQCertificates
import YRDQCommands
import YRDQCore

let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()
let rubric = try! Home.loadRubric(root + "/rubric/yrd-2021.yaml")
let samplePilot = try! String(contentsOfFile: root + "/samples/jiahe-auto-parts/pilot.yaml", encoding: .utf8)

/// A fresh temporary folder.
func tempDir(_ label: String = "cert") -> String {
    let dir = NSTemporaryDirectory() + "yrdq-\(label)-\(UUID().uuidString.prefix(8))"
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Runs the command line in process.
@discardableResult
func yrdq(_ args: [String]) -> (code: Int32, out: String, err: String) {
    let console = BufferConsole()
    let code = YRDQCLI.main(arguments: args + rubricArgs(args), console: console)
    return (code, console.stdout, console.stderr)
}

private func rubricArgs(_ args: [String]) -> [String] {
    ["issue"].contains(args.dropFirst().first ?? "") ? ["--rubric", root + "/rubric/yrd-2021.yaml"] : []
}

/// Writes a panel of experts whose base totals are `bases` (full marks, less the
/// difference taken item by item), no bonus or deductions; returns the panel file.
func writePanel(in dir: String, pilot: String = "嘉禾市新能源汽车零部件产业质量提升示范试点",
                province: String = "浙江省", date: String = "2026-11-20", bases: [Points]) -> String {
    let fm = FileManager.default
    try! fm.createDirectory(atPath: dir + "/experts", withIntermediateDirectories: true)
    var profile = samplePilot.replacingOccurrences(of: "name: 嘉禾市新能源汽车零部件产业质量提升示范试点", with: "name: \(pilot)")
    profile = profile.replacingOccurrences(of: "province: 浙江省", with: "province: \(province)")
    try! profile.write(toFile: dir + "/pilot.yaml", atomically: true, encoding: .utf8)
    var files: [String] = []
    for (i, base) in bases.enumerated() {
        var deficit = (rubric.total - base).hundredths
        var lines = ["pilot: ../pilot.yaml",
                     "assessor: {name: 专家\(i + 1), organization: 测试单位\(i + 1), kind: 质量主管部门}",
                     "date: \(date)", "items:"]
        for item in rubric.items {
            let cut = min(deficit, item.points.hundredths)
            deficit -= cut
            lines.append("  \(item.number): \(Points(hundredths: item.points.hundredths - cut))")
        }
        let file = "experts/e\(i + 1).yaml"
        try! (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        files.append(file)
    }
    let panel = """
    pilot: pilot.yaml
    province: \(province)
    bureau: \(province)市场监督管理局
    date: \(date)
    aggregation: mean
    experts: [\(files.joined(separator: ", "))]
    deductions: {major-incident: false, serious-violation: false}

    """
    try! panel.write(toFile: dir + "/panel.yaml", atomically: true, encoding: .utf8)
    return dir + "/panel.yaml"
}

func p(_ s: String) -> Points { Points(hundredths: Int64((Double(s)! * 100).rounded())) }

/// A key pair in a temporary folder: (private, public).
func makeKeys() -> (String, String) {
    let dir = tempDir("keys")
    let r = yrdq(["keygen", "--out", dir + "/k"])
    precondition(r.code == 0, r.err)
    return (dir + "/k/" + SigningKeys.privateFileName, dir + "/k/" + SigningKeys.publicFileName)
}

/// The serials `certificate list` prints, in order.
func listedSerials(_ registry: String) -> [String] {
    let r = yrdq(["certificate", "list", "--registry", registry])
    return r.out.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.contains("第") }
}

func readCertificate(_ dir: String) -> SignedCertificate? {
    guard let name = try? FileManager.default.contentsOfDirectory(atPath: dir).first(where: { $0.hasSuffix(".cert.json") }),
          let text = try? String(contentsOfFile: dir + "/" + name, encoding: .utf8) else { return nil }
    return CertificatePayload.parse(text)
}

/// Runs an external program; nil when it cannot be started.
func runProcess(_ path: String, _ args: [String]) -> (code: Int32, out: String, err: String)? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let out = Pipe(), err = Pipe()
    p.standardOutput = out; p.standardError = err
    do { try p.run() } catch { return nil }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

func which(_ tool: String) -> String? {
    for dir in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) {
        return dir + "/" + tool
    }
    return nil
}
