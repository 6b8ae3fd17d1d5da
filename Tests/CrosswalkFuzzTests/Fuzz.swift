import Foundation
import Testing

/// A seeded random-mutation fuzzer: each target takes valid inputs, mutates them, and checks
/// properties that must hold for any input. Runs are reproducible: case N of seed S is always
/// the same input, whatever the machine.
///
///   swift test --filter CrosswalkFuzzTests                        # CI: seed 12, 2 s a target
///   CROSSWALK_FUZZ_SECONDS=600 CROSSWALK_FUZZ_SEED=$RANDOM swift test --filter CrosswalkFuzzTests
///   CROSSWALK_FUZZ_SEED=12 CROSSWALK_FUZZ_CASE=345 swift test --filter CrosswalkFuzzTests  # replay one case
///
/// A failing case is reported with its seed and number, and its input is written to
/// $TMPDIR/crosswalk-fuzz-<target>-<seed>-<case>.
enum Fuzz {
    static let environment = ProcessInfo.processInfo.environment
    static let seed = environment["CROSSWALK_FUZZ_SEED"].flatMap { UInt64($0) } ?? 12
    static let seconds = environment["CROSSWALK_FUZZ_SECONDS"].flatMap { Double($0) } ?? 2
    static let replay = environment["CROSSWALK_FUZZ_CASE"].flatMap { Int($0) }

    /// One generated input and what went wrong with it.
    struct Case {
        let number: Int
        var input = ""
        var failures: [String] = []

        mutating func check(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition { failures.append(message()) }
        }
    }

    /// Runs `body` on case 0, 1, 2, ... until the time is up (at least `minimumCases`), or on
    /// the one case replayed; stops at the first case that fails, and reports it.
    @discardableResult
    static func run(_ target: String, minimumCases: Int = 20, _ body: (inout Random, inout Case) throws -> Void) -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        var ran = 0
        var number = replay ?? 0
        while replay == nil ? (Date() < deadline || ran < minimumCases) : ran < 1 {
            var random = Random(seed: seed, case: number)
            var current = Case(number: number)
            do {
                try body(&random, &current)
            } catch {
                current.failures.append("unexpected error: \(error)")
            }
            ran += 1
            if !current.failures.isEmpty {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("crosswalk-fuzz-\(target)-\(seed)-\(number)")
                try? current.input.write(to: file, atomically: true, encoding: .utf8)
                Issue.record("""
                    fuzz \(target): seed \(seed) case \(number) failed (replay: CROSSWALK_FUZZ_SEED=\(seed) CROSSWALK_FUZZ_CASE=\(number) \
                    swift test --filter CrosswalkFuzzTests); input in \(file.path):
                    \(current.failures.joined(separator: "\n"))
                    """)
                break
            }
            number += 1
        }
        print("fuzz \(target): seed \(seed), \(ran) cases")
        return ran
    }
}

/// SplitMix64: small, fast, and the same on every platform.
struct Random {
    var state: UInt64

    init(seed: UInt64, case number: Int) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(number) &* 0xBF58_476D_1CE4_E5B9 &+ 1
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Values that have broken parsers and validators before.
enum Interesting {
    static let values: [String] = [
        "", " ", "0", "-0", "-1", "1", "6", "7", "12", "13", "23", "24", "99", "2147483648", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "1.5", "0.005", "0.01", "1.0", "1e3", "1e309", "nan", "inf", "0x10",
        "NULL", "null", "\"", "\"\"", "a,b", "line\nbreak", "cr\rhere", "tab\there", "\u{0}", "nul\u{0}inside",
        "\u{1B}[2J", "\u{9B}", "é", "e\u{301}", "🙂", "👩🏽‍🦰", "\u{FEFF}", "\u{202E}rtl", "\u{FFFD}", "'", ";", ";;",
        String(repeating: "x", count: 65), String(repeating: "y", count: 301), String(repeating: "z", count: 2_001),
        "confirmed", "uncertain", "official", "project", "computed", "mandatory", "optional", "vision", "SCDLMCA1",
        "H7LG 04", "svq-cslm-10", "23L-4", "evidences", "built-on", "replaces", "relates-to",
    ]
}

extension String {
    /// Random edits of the text's characters: insert, delete, replace, duplicate, truncate.
    func mutatedCharacters(_ random: inout Random, edits: Int) -> String {
        var characters = Array(self)
        let alphabet: [Character] = ["\"", ",", "\n", "\r", "\r\n", " ", "\t", "a", "0", "-", ";", "{", "}", "[", "]", ":",
                                     "\\", "\u{0}", "é", "🙂", "\u{FEFF}", "/", "."]
        for _ in 0..<edits {
            let position = random.below(characters.count + 1)
            switch random.below(6) {
            case 0: characters.insert(random.pick(alphabet), at: position)
            case 1: if position < characters.count { characters.remove(at: position) }
            case 2: if position < characters.count { characters[position] = random.pick(alphabet) }
            case 3:
                let length = random.below(40)
                let end = min(characters.count, position + length)
                characters.insert(contentsOf: characters[position..<end], at: position)
            case 4: if random.chance(20) { characters.removeSubrange(position...) }
            default: characters.insert(contentsOf: Array(random.pick(Interesting.values)), at: position)
            }
        }
        return String(characters)
    }
}
