import Foundation
import Testing
@testable import CrosswalkKit

/// The project's JSON reader (which `log import` reads backups with) beside Foundation's
/// parser (which it replaced) on mutated documents: both accept the same texts and read the
/// same values from them; and what it refuses names a line and column inside the text.
@Suite struct JSONReaderFuzzTests {
    static let seeds = [
        LogImportFuzzTests.seed,
        #"{"a": [1, -0.5, 2e3, 1E-2, 0, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"], "b": {}, "c": [], "": {"d": [[]]}}"#,
        #"[{"code": "vision", "score": 0.25, "title": "Caf\u00e9 — naïve ünïcode", "n": 123456789012}]"#,
        "  \n\t[\"trailing space\" ]  \r\n",
    ]

    /// Foundation's value as the reader's: numbers as doubles, a key written twice as its last.
    static func value(_ any: Any) -> JSON? {
        switch any {
        case is NSNull: return .null
        case let text as String: return .string(text)
        case let number as NSNumber:
            return String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        case let array as [Any]:
            let values = array.compactMap(value)
            return values.count == array.count ? .array(values) : nil
        case let object as [String: Any]:
            var members: [(String, JSON)] = []
            for key in object.keys.sorted() {
                guard let member = value(object[key]!) else { return nil }
                members.append((key, member))
            }
            return .object(members)
        default: return nil
        }
    }

    /// The reader's value in the same shape: members sorted by key, the last of a repeated key.
    /// Foundation drops a byte-order mark (U+FEFF) at the start of a string and after an
    /// escape, which the reader keeps as written; that one difference is taken out here (and in
    /// Foundation's values, which keep the others).
    static func normalized(_ json: JSON) -> JSON {
        func foundations(_ text: String) -> String { text.replacingOccurrences(of: "\u{FEFF}", with: "") }
        switch json {
        case .array(let values): return .array(values.map(normalized))
        case .object(let members):
            var last: [String: JSON] = [:]
            for (key, member) in members { last[foundations(key)] = normalized(member) }
            return .object(last.keys.sorted().map { ($0, last[$0]!) })
        case .int(let number): return .number(Double(number))
        case .string(let text): return .string(foundations(text))
        default: return json
        }
    }

    /// Equal, numbers to 15 significant digits: past 17 Foundation's parser rounds some
    /// differently from the correctly rounded value the reader takes.
    static func same(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y || abs(x - y) <= 1e-15 * max(abs(x), abs(y))
        case (.array(let xs), .array(let ys)): return xs.count == ys.count && zip(xs, ys).allSatisfy { same($0, $1) }
        case (.object(let xs), .object(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { $0.0 == $1.0 && same($0.1, $1.1) }
        default: return a == b
        }
    }

    @Test func readsWhatFoundationReadsAndRefusesWhatItRefuses() {
        let ran = Fuzz.run("json", minimumCases: 300) { random, current in
            let text = random.chance(10) ? random.pick(Self.seeds)
                : random.pick(Self.seeds).mutatedCharacters(&random, edits: 1 + random.below(4))
            current.input = text
            let data = Data(text.utf8)
            let foundation = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            var bytes = Array(data)
            do {
                let read = try bytes.withUnsafeMutableBufferPointer { try JSONReader.read(UnsafeBufferPointer($0)) }
                guard let foundation else {
                    current.check(false, "read a text Foundation refuses: \(read.serialized(pretty: false))")
                    return
                }
                let expected = Self.value(foundation).map(Self.normalized)
                current.check(expected.map { Self.same(Self.normalized(read), $0) } ?? false,
                              "read \(Self.normalized(read).serialized(pretty: false)), Foundation \(expected?.serialized(pretty: false) ?? "?")")
            } catch let error as JSONReader.SyntaxError {
                current.check(foundation == nil, "refused a text Foundation reads (\(error))")
                let lines = text.utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1
                current.check((1...lines).contains(error.line) && error.column >= 1, "\(error) outside the text of \(lines) lines")
            }
        }
        #expect(ran >= (Fuzz.replay == nil ? 300 : 1))
    }

    @Test func nestingDeeperThanTheLimitIsRefusedNotOverflowed() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        var bytes = Array(deep.utf8)
        let error = #expect(throws: JSONReader.SyntaxError.self) {
            try bytes.withUnsafeMutableBufferPointer { _ = try JSONReader.read(UnsafeBufferPointer($0)) }
        }
        #expect(error?.message == "nested more than 512 deep")
        var fine = Array((String(repeating: "[", count: 512) + String(repeating: "]", count: 512)).utf8)
        #expect(throws: Never.self) { try fine.withUnsafeMutableBufferPointer { _ = try JSONReader.read(UnsafeBufferPointer($0)) } }
    }
}
