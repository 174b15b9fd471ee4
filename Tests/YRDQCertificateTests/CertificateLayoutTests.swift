import Foundation
import Testing
import YRDQCertificates
import YRDQDocument

/// The certificate's face, checked on the rendered files: one landscape A4 page; 证书 at the
/// top centre; the pilot and the honour large and centred, the statement below them; the
/// serial and the QR code at the lower left, the bureau over the date at the lower right; the
/// QR code decoded from the page at 150 dpi. The same checks run on Chromium's print of the
/// HTML when Chromium is installed, and its screenshot must decode too.
@Suite struct CertificateLayoutTests {
    let keys = makeKeys()

    /// Issues the certificate for `panel` in every format; the folder and the certificate.
    func issued(_ panel: String = root + "/samples/jiahe-auto-parts/panel.yaml", extra: [String] = []) throws
        -> (dir: String, cert: SignedCertificate, pdf: String, html: String, md: String) {
        let dir = tempDir("layout")
        let r = yrdq(["certificate", "issue", panel, "--key", keys.0, "--registry", dir + "/reg.db", "--out", dir + "/out"] + extra)
        #expect(r.code == 0, "\(r.err)")
        let cert = try #require(readCertificate(dir + "/out"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/out")
        func file(_ ext: String) throws -> String { dir + "/out/" + (try #require(files.first { $0.hasSuffix(ext) })) }
        return (dir, cert, try file(".pdf"), try file(".html"), try file(".md"))
    }

    // MARK: The PDF

    @Test func pdfIsOneLandscapeA4Page() throws {
        guard let pdfinfo = which("pdfinfo") else { return skip("pdfinfo（poppler-utils）") }
        let c = try issued()
        let info = try #require(runProcess(pdfinfo, [c.pdf])).out
        #expect(info.contains("Pages:           1"), "\(info)")
        #expect(info.contains("841.89 x 595.276 pts (A4)"), "\(info)")
    }

    @Test func partsSitWhereTheDesignSays() throws {
        guard which("pdftotext") != nil else { return skip("pdftotext（poppler-utils）") }
        let c = try issued()
        checkPlacement(try textLines(c.pdf), c.cert.data, source: "PDF")
    }

    @Test(arguments: [1, 3])
    func qrDecodesFromThePageAt150dpi(repeatingName times: Int) throws {
        guard let pdftoppm = which("pdftoppm"), let zbarimg = which("zbarimg") else { return skip("pdftoppm、zbarimg") }
        let panel = times == 1 ? root + "/samples/jiahe-auto-parts/panel.yaml"
            : writePanel(in: tempDir("long"), pilot: String(repeating: "嘉禾市新能源汽车零部件产业质量提升示范试点", count: times),
                         bases: ["90", "90", "90", "90", "90"].map(p))
        let c = try issued(panel)
        let symbol = try QRSymbol.encode(c.cert.qrText)
        #expect(c.cert.data.pilot.count == 21 * times)
        // At least half a millimetre a module: three pixels of a 150 dpi scan.
        #expect(CertificateDocument.qrSide(modules: symbol.width) / Double(symbol.width) >= 0.5 || symbol.width > 100)
        let page = c.dir + "/page150"
        #expect(try #require(runProcess(pdftoppm, ["-r", "150", "-png", "-singlefile", c.pdf, page])).code == 0)
        let decoded = try #require(runProcess(zbarimg, ["--quiet", "--raw", page + ".png"]))
        #expect(decoded.code == 0, "zbarimg: \(decoded.err)")
        let text = decoded.out.trimmingCharacters(in: .newlines)
        #expect(text == c.cert.qrText)
        let verify = yrdq(["certificate", "verify", text, "--key", keys.1])
        #expect(verify.code == 0 && verify.out.contains("有效（genuine）"), "\(verify.out)\(verify.err)")
    }

    /// The code is in the lower left quarter of the page and nowhere else: each quarter is
    /// rendered alone at 150 dpi, and only the lower left one decodes.
    @Test func qrIsAtTheLowerLeft() throws {
        guard which("pdftoppm") != nil, which("zbarimg") != nil else { return skip("pdftoppm、zbarimg") }
        let c = try issued()
        let quarters = try decodedQuarters(c.pdf, in: c.dir)
        #expect(quarters == ["lower left": c.cert.qrText], "\(quarters.keys.sorted())")
    }

    /// A very long pilot name and bureau: still one page, every character of them on it
    /// (set smaller, never cut), the bureau's lines right of the serial's.
    @Test func longNamesAreSetSmallerOnOnePage() throws {
        guard let pdfinfo = which("pdfinfo"), which("pdftotext") != nil else { return skip("poppler-utils") }
        let dir = tempDir("long")
        let pilot = String(repeating: "嘉禾市新能源汽车零部件产业质量提升示范试点", count: 20)
        let panel = writePanel(in: dir, pilot: pilot, bases: ["90", "90", "90", "90", "90"].map(p))
        let bureau = String(repeating: "浙江省市场监督管理局", count: 12)
        let text = try String(contentsOfFile: panel, encoding: .utf8)
            .replacingOccurrences(of: "bureau: 浙江省市场监督管理局", with: "bureau: \(bureau)")
        try text.write(toFile: panel, atomically: true, encoding: .utf8)
        let c = try issued(panel)
        #expect(try #require(runProcess(pdfinfo, [c.pdf])).out.contains("Pages:           1"))
        let lines = try textLines(c.pdf)
        let w = 841.89, h = 595.28
        // The name's lines in the upper half, the bureau's at the lower right, each read top down.
        let upper = lines.filter { $0.centreY < h / 2 }.sorted { $0.yMin < $1.yMin }
        #expect(upper.map(\.text).joined().contains(pilot))
        let issuer = lines.filter { $0.centreY > h / 2 && $0.xMin > w / 2 }.sorted { $0.yMin < $1.yMin }
        #expect(issuer.map(\.text).joined().contains(bureau))
        let serial = try #require(lines.first { $0.text.contains("证书编号") })
        for line in issuer { #expect(line.xMin > serial.xMax, "\(line.text) overlaps the serial") }
        // Nothing runs past the content area into the frame.
        for line in lines {
            #expect(line.xMin >= 28 * mm - 1 && line.xMax <= 841.89 - 28 * mm + 1 && line.yMax <= 595.28 - 20 * mm, "\(line)")
        }
    }

    @Test func sealIsDrawnOverTheBureauAndDate() throws {
        guard let pdfimages = which("pdfimages") else { return skip("pdfimages（poppler-utils）") }
        let dir = tempDir("seal")
        let seal = dir + "/seal.png"
        try Self.redSquarePNG.write(to: URL(fileURLWithPath: seal))
        let c = try issued(extra: ["--seal", seal])
        let list = try #require(runProcess(pdfimages, ["-list", c.pdf])).out
        #expect(list.split(separator: "\n").count == 3, "one image: \(list)")
        let html = try String(contentsOfFile: c.html, encoding: .utf8)
        #expect(html.contains("<div class=\"certificate-issuer sealed\""))
        #expect(html.contains("<img class=\"seal\""))
    }

    // MARK: The HTML and the Markdown

    @Test func markdownKeepsTheContent() throws {
        let c = try issued()
        let md = try String(contentsOfFile: c.md, encoding: .utf8)
        let d = c.cert.data
        for piece in ["# 证　书", d.pilot, "（\(d.region)）", d.title, "省级评估总分\(d.total)分", "特发此证。", d.bureau, d.chineseDate,
                      "证书编号：\(d.serial)", "二维码内容：`\(c.cert.qrText)`", "证书标识："] {
            #expect(md.contains(piece), "\(piece)")
        }
    }

    @Test func htmlPrintsAsTheSamePageInChromium() throws {
        guard let chromium = which("chromium") ?? which("chromium-browser"), which("pdftotext") != nil,
              which("pdftoppm") != nil, which("zbarimg") != nil else {
            return skip("chromium、poppler-utils、zbar-tools")
        }
        let c = try issued()
        let printed = c.dir + "/printed.pdf"
        let run = try #require(runProcess("/usr/bin/timeout", ["120", chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                                                "--no-pdf-header-footer", "--print-to-pdf=\(printed)",
                                                                URL(fileURLWithPath: c.html).absoluteString]))
        #expect(run.code == 0, "\(run.err)")
        let info = try #require(runProcess(which("pdfinfo")!, [printed])).out
        #expect(info.contains("Pages:           1"), "\(info)")
        checkPlacement(try textLines(printed), c.cert.data, source: "HTML (Chromium)")
        #expect(try decodedQuarters(printed, in: c.dir) == ["lower left": c.cert.qrText])
    }

    @Test func htmlScreenshotDecodes() throws {
        guard let chromium = which("chromium") ?? which("chromium-browser"), let zbarimg = which("zbarimg") else {
            return skip("chromium、zbar-tools")
        }
        let c = try issued()
        let shot = c.dir + "/screen.png"
        // The sheet at 96 px an inch (0.5 mm modules are 1.9 px here), as a reader's screen shows it.
        let run = try #require(runProcess("/usr/bin/timeout", ["120", chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                                                "--hide-scrollbars", "--window-size=1200,900", "--screenshot=\(shot)",
                                                                URL(fileURLWithPath: c.html).absoluteString]))
        #expect(run.code == 0, "\(run.err)")
        let decoded = try #require(runProcess(zbarimg, ["--quiet", "--raw", shot]))
        #expect(decoded.code == 0, "zbarimg: \(decoded.err)")
        #expect(decoded.out.trimmingCharacters(in: .newlines) == c.cert.qrText)
    }

    // MARK: Checks

    /// Where the parts stand on a landscape A4 page (points, origin at the top left).
    func checkPlacement(_ lines: [TextLine], _ d: CertificateData, source: String) {
        let w = 841.89, h = 595.28
        func find(_ what: String, _ match: (String) -> Bool) -> TextLine? {
            let line = lines.first { match($0.text) }
            if line == nil { Issue.record("\(source): no line for \(what) in \(lines.map(\.text))") }
            return line
        }
        func centred(_ l: TextLine) -> Bool { abs((l.xMin + l.xMax) / 2 - w / 2) < w * 0.02 }
        // 证书 may come as one line or as two words far apart: their union.
        let headingParts = lines.filter { ["证", "书", "证书"].contains($0.text.filter { !$0.isWhitespace }) && $0.centreY < h / 3 }
        guard let first = headingParts.first else { Issue.record("\(source): no 证书 in \(lines.map(\.text))"); return }
        let heading = headingParts.dropFirst().reduce(first) {
            TextLine(text: $0.text + $1.text, xMin: min($0.xMin, $1.xMin), yMin: min($0.yMin, $1.yMin),
                     xMax: max($0.xMax, $1.xMax), yMax: max($0.yMax, $1.yMax))
        }
        #expect(heading.text.filter { !$0.isWhitespace } == "证书", "\(source): \(heading)")
        guard let holder = find("the pilot", { $0 == d.pilot }),
              let honour = find("the honour", { $0 == d.title }),
              let statement = find("the statement", { $0.contains("省级评估总分\(d.total)分") }),
              let serial = find("the serial", { $0.contains("证书编号") && $0.contains(d.serial) }),
              let bureau = find("the bureau", { $0 == d.bureau }),
              let date = find("the date", { $0 == d.chineseDate }) else { return }
        // Line boxes are the fonts' boxes (Chromium's are far taller than the type): order and
        // place by the lines' centres, compare sizes by their heights.
        // 证书 at the top centre, the first line of the page, the largest type.
        #expect(centred(heading) && heading.centreY < h * 0.2, "\(source): \(heading)")
        #expect(lines.allSatisfy { $0.centreY >= heading.centreY - 0.5 }, "\(source): 证书 is the top line")
        #expect(lines.allSatisfy { $0.height <= heading.height + 0.5 }, "\(source): 证书 in the largest type")
        // The pilot, then the honour, large and centred in the middle; the statement below, smaller.
        #expect(centred(holder) && centred(honour), "\(source): \(holder) \(honour)")
        #expect(heading.centreY < holder.centreY && holder.centreY < honour.centreY && honour.centreY < statement.centreY,
                "\(source): \(heading) \(holder) \(honour) \(statement)")
        #expect(holder.height > statement.height * 1.5 && honour.height > holder.height, "\(source): sizes")
        #expect(holder.centreY > h * 0.2 && statement.centreY < h * 0.7, "\(source)")
        // The serial at the lower left; the bureau over the date at the lower right, centred over it.
        #expect((serial.xMin + serial.xMax) / 2 < w / 2 && serial.xMin < w / 4 && serial.centreY > h * 0.7, "\(source): \(serial)")
        #expect(bureau.xMin > w / 2 && date.xMin > w / 2 && bureau.centreY > h * 0.7, "\(source): \(bureau)")
        #expect(bureau.centreY < date.centreY, "\(source): the bureau over the date")
        #expect(abs((bureau.xMin + bureau.xMax) / 2 - (date.xMin + date.xMax) / 2) < 3, "\(source): centred over the date")
        let statementEnd = lines.filter { $0.centreY < h * 0.7 }.map(\.centreY).max() ?? 0
        #expect(statementEnd < min(serial.centreY, bureau.centreY), "\(source): the foot below the statement")
        // Balanced in the frame: the text block's margins left and right within 15 mm of each other.
        let left = lines.map(\.xMin).min() ?? 0, right = w - (lines.map(\.xMax).max() ?? w)
        #expect(abs(left - right) < 15 * mm, "\(source): margins \(left / mm) mm and \(right / mm) mm")
    }

    /// The quarters of the page (at 150 dpi) in which zbarimg finds a code, with its text.
    func decodedQuarters(_ pdf: String, in dir: String) throws -> [String: String] {
        let pdftoppm = try #require(which("pdftoppm")), zbarimg = try #require(which("zbarimg"))
        let (w, h) = (1754, 1240)  // A4 landscape at 150 dpi
        var found: [String: String] = [:]
        for (name, x, y) in [("upper left", 0, 0), ("upper right", w / 2, 0), ("lower left", 0, h / 2), ("lower right", w / 2, h / 2)] {
            let out = dir + "/quarter-\(x)-\(y)"
            let r = try #require(runProcess(pdftoppm, ["-r", "150", "-png", "-singlefile", "-x", "\(x)", "-y", "\(y)",
                                                      "-W", "\(w / 2)", "-H", "\(h / 2)", pdf, out]))
            #expect(r.code == 0, "\(r.err)")
            let decoded = try #require(runProcess(zbarimg, ["--quiet", "--raw", out + ".png"]))
            if decoded.code == 0 { found[name] = decoded.out.trimmingCharacters(in: .newlines) }
        }
        return found
    }

    func skip(_ tools: String) {
        print("跳过（skipped）：需要 \(tools)：bash scripts/install-deps.sh")
    }

    /// A 4 × 4 red PNG (the seal), written out byte for byte.
    static let redSquarePNG = Data(base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAYAAACp8Z5+AAAAEklEQVR42mM4ISLyHxkzkC4AABc4HvFROf+qAAAAAElFTkSuQmCC")!
}

let mm = 72.0 / 25.4

/// A line of text as pdftotext -bbox-layout reports it (its words joined, points from the top left).
struct TextLine: CustomStringConvertible {
    var text: String
    var xMin: Double, yMin: Double, xMax: Double, yMax: Double
    var height: Double { yMax - yMin }
    var centreY: Double { (yMin + yMax) / 2 }
    var description: String { "“\(text)” x \(Int(xMin))–\(Int(xMax)) y \(Int(yMin))–\(Int(yMax))" }
}

/// The lines of the first page of `pdf`, by pdftotext -bbox-layout.
func textLines(_ pdf: String) throws -> [TextLine] {
    let pdftotext = try #require(which("pdftotext"))
    let r = try #require(runProcess(pdftotext, ["-bbox-layout", "-f", "1", "-l", "1", pdf, "-"]))
    #expect(r.code == 0, "\(r.err)")
    let linePattern = try NSRegularExpression(pattern: #"<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>"#,
                                              options: [.dotMatchesLineSeparators])
    let wordPattern = try NSRegularExpression(pattern: #"<word [^>]*>(.*?)</word>"#)
    let xml = r.out as NSString
    return linePattern.matches(in: r.out, range: NSRange(location: 0, length: xml.length)).map { m in
        let body = xml.substring(with: m.range(at: 5))
        let words = wordPattern.matches(in: body, range: NSRange(location: 0, length: (body as NSString).length))
            .map { (body as NSString).substring(with: $0.range(at: 1)) }
        let text = words.joined().replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
        func v(_ i: Int) -> Double { Double(xml.substring(with: m.range(at: i))) ?? 0 }
        return TextLine(text: text, xMin: v(1), yMin: v(2), xMax: v(3), yMax: v(4))
    }
}
