import Foundation
import Testing
import YRDQCore
import YRDQInput
import YRDQTestSupport

/// The fuzzer's code path (ReaderReplay, as yrdq-fuzz uses it) in CI: the seed corpus replayed,
/// then a seeded random-mutation run. A crash here takes the test process down; a hang fails the time bound.
@Suite("Adversarial: fuzz corpus replay and a short mutation run", .serialized)
struct FuzzReplayTests {
    static func corpus() throws -> [(name: String, bytes: [UInt8])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Repo.corpus).sorted()
        return try names.map { ($0, [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.corpus + "/" + $0)))) }
    }

    static func workspace() throws -> String { try ReaderReplay.makeWorkspace(copying: Repo.sample) }

    @Test("every seed in Tests/fuzz-corpus replays without a crash; the samples are accepted, the broken ones refused with the file named")
    func replayCorpus() throws {
        let seeds = try Self.corpus()
        #expect(seeds.count >= 25)
        let total = seeds.reduce(0) { $0 + $1.bytes.count }
        #expect(total < 1 << 20, "the seed corpus should stay under 1 MB (\(total) bytes)")
        let ws = try Self.workspace()
        defer { ReaderReplay.removeWorkspace(ws) }
        for (name, bytes) in seeds {
            let outcome = ReaderReplay.run(fuzzInput: bytes, rubric: Repo.rubric, workspace: ws)
            switch outcome {
            case .accepted?:
                #expect(name.contains("sample") || name.contains("filled"), "\(name) was accepted")
            case .refused(let d)?:
                #expect(!name.contains("sample") && !name.contains("filled"), "\(name): \(d.first?.description ?? "")")
                #expect(!d.isEmpty && d.allSatisfy { $0.file != nil }, "\(name): a refusal without a file: \(d)")
                #expect(d.count <= 201, "\(name): \(d.count) messages")
            case nil:
                Issue.record("\(name) is empty: a seed needs at least its selector byte")
            }
        }
    }

    static let tokens: [[UInt8]] = ["*a", "&a ", "&a", ": ", "- ", "\"", "'", "１", "２", "1e9", "1e400", ".nan", "-.inf", "{", "}",
                                    "[", "]", ",", "\n", "\r\n", "\t", "? ", "<<: ", "!!str ", "!!binary ", "%YAML 1.1\n", "---\n",
                                    "#", "|\n", ">-\n", "\u{FEFF}", "\0", "\\u0000", "十一", "十三-1", "序号,得分\n", "pilot: ",
                                    "items: ", "experts: ", "../", "/dev/null", "𠮷", "😀", "0x10", "1_000", "2.555", "-0", "1,5"]
        .map { Array($0.utf8) } + [[0xFF], [0xC0, 0xAF], [0xE5, 0x88], [0xB6, 0xFE], [0x80]]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var b = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !b.isEmpty: b[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))    // bit flip
            case 1 where !b.isEmpty: b[at] = UInt8.random(in: 0...255, using: &rng)              // byte
            case 2: b = Array(b.prefix(Int.random(in: 1...max(1, b.count), using: &rng)))        // truncation
            case 3: b.insert(contentsOf: tokens.randomElement(using: &rng)!, at: min(at + 1, b.count))   // a tricky token
            case 4 where b.count > 2:                                                              // erase a span
                let end = min(b.count, at + Int.random(in: 1...64, using: &rng)); b.removeSubrange(max(1, at)..<max(max(1, at), end))
            default:                                                                               // duplicate a span
                let end = min(b.count, at + Int.random(in: 1...64, using: &rng))
                b.insert(contentsOf: b[at..<end], at: end)
            }
        }
        if b.isEmpty { b = [0] }
        if Bool.random(using: &rng) { b[0] = UInt8.random(in: 0...3, using: &rng) + 0x30 }    // another reader now and then
        return b
    }

    @Test("2000 seeded mutations of the corpus (bit flips, truncations, *a, &a, : , - , \", １, 1e9 …) never crash or hang")
    func mutationRun() throws {
        let seeds = try Self.corpus().map(\.bytes).filter { $0.count <= 16_384 }
        let ws = try Self.workspace()
        defer { ReaderReplay.removeWorkspace(ws) }
        let seed = UInt64(ProcessInfo.processInfo.environment["YRDQ_FUZZ_SEED"] ?? "") ?? 20261115
        var rng = SplitMix(state: seed)
        var accepted = 0, refused = 0
        for i in 0..<2000 {
            let input = Self.mutate(seeds.randomElement(using: &rng)!, &rng)
            let t = Date()
            switch ReaderReplay.run(fuzzInput: input, rubric: Repo.rubric, workspace: ws) {
            case .accepted?: accepted += 1
            case .refused(let d)?:
                refused += 1
                #expect(!d.isEmpty && d.allSatisfy { $0.file != nil }, "iteration \(i) (seed \(seed)): a refusal without a file")
            case nil: break
            }
            let took = Date().timeIntervalSince(t)
            #expect(took < hangGuardSeconds, "iteration \(i) (seed \(seed)) took \(took) s; input: \(Data(input).base64EncodedString().prefix(200))")
        }
        #expect(accepted + refused == 2000)
        #expect(refused > 1000)
    }
}
