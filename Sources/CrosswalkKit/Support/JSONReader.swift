/// Reads a JSON document (RFC 8259) into `JSON`, the value the project writes its own JSON
/// from: what `log import` reads a backup with. Numbers become `.number`; an object keeps its
/// members in the order written (a key written twice keeps both; readers take the last, as
/// Foundation's parser does). As Foundation's parser did, a comma may end an array or an
/// object ("[1, 2,]"): a backup edited by hand still reads. Foundation's `JSONSerialization` made every value an `Any` to be
/// cast back, which for a large backup was most of the time of reading it.
enum JSONReader {
    struct SyntaxError: Error, CustomStringConvertible {
        let message: String
        let line: Int
        let column: Int

        var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Deeper than this is refused rather than read (each level is a call).
    static let deepest = 512

    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSON {
        var reader = Reader(bytes: bytes)
        // A byte-order mark, as some editors save UTF-8 with, is not part of the document.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.position = 3 }
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.position == bytes.count else { throw reader.error("more after the end of the document") }
        return value
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        /// Where `position` is, counted as a person reads the text: lines from 1, characters
        /// (not bytes) from 1.
        func error(_ message: String) -> SyntaxError {
            var line = 1, column = 1
            for index in 0..<min(position, bytes.count) {
                if bytes[index] == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if bytes[index] & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return SyntaxError(message: position < bytes.count ? message : "the text ends early", line: line, column: column)
        }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws {
            guard consume(byte) else { throw error("expected \(what)") }
        }

        mutating func value(depth: Int) throws -> JSON {
            guard position < bytes.count else { throw error("expected a value") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try word("true", .bool(true))
            case UInt8(ascii: "f"): return try word("false", .bool(false))
            case UInt8(ascii: "n"): return try word("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw error("expected a value")
            }
        }

        mutating func word(_ word: StaticString, _ value: JSON) throws -> JSON {
            let length = word.utf8CodeUnitCount
            guard position + length <= bytes.count,
                  (0..<length).allSatisfy({ bytes[position + $0] == word.utf8Start[$0] }) else { throw error("expected a value") }
            position += length
            return value
        }

        /// Steps over `byte` if it comes next.
        mutating func consume(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func object(depth: Int) throws -> JSON {
            guard depth <= JSONReader.deepest else { throw error("nested more than \(JSONReader.deepest) deep") }
            position += 1
            var members: [(String, JSON)] = []
            while true {
                skipSpace()
                // Straight after the brace (an empty object) or after a comma (one that ends it).
                if consume(UInt8(ascii: "}")) { return .object(members) }
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                skipSpace()
                members.append((key, try value(depth: depth)))
                skipSpace()
                if consume(UInt8(ascii: "}")) { return .object(members) }
                try expect(UInt8(ascii: ","), "',' or '}'")
            }
        }

        mutating func array(depth: Int) throws -> JSON {
            guard depth <= JSONReader.deepest else { throw error("nested more than \(JSONReader.deepest) deep") }
            position += 1
            var values: [JSON] = []
            while true {
                skipSpace()
                // Straight after the bracket (an empty array) or after a comma (one that ends it).
                if consume(UInt8(ascii: "]")) { return .array(values) }
                values.append(try value(depth: depth))
                skipSpace()
                if consume(UInt8(ascii: "]")) { return .array(values) }
                try expect(UInt8(ascii: ","), "',' or ']'")
            }
        }

        /// A string, `position` at its opening quote. Most have no escape and are made straight
        /// from their bytes (the whole text was checked to be UTF-8 before).
        mutating func string() throws -> String {
            position += 1
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    position += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                guard byte >= 0x20 else { throw error("a control character inside a string (write it as an escape)") }
                position += 1
            }
            var text = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return String(decoding: text, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    position += 1
                    guard position < bytes.count else { throw error("the text ends early") }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
                    case UInt8(ascii: "b"): text.append(0x08)
                    case UInt8(ascii: "f"): text.append(0x0C)
                    case UInt8(ascii: "n"): text.append(0x0A)
                    case UInt8(ascii: "r"): text.append(0x0D)
                    case UInt8(ascii: "t"): text.append(0x09)
                    case UInt8(ascii: "u"): text.append(contentsOf: Array(String(try escapedScalar()).utf8))
                    default:
                        position -= 1
                        throw error("an unknown escape \\\(Character(Unicode.Scalar(escape)))")
                    }
                default:
                    guard byte >= 0x20 else { throw error("a control character inside a string (write it as an escape)") }
                    text.append(byte)
                    position += 1
                }
            }
            throw error("the text ends early")
        }

        /// The scalar of `\uXXXX`, `position` after the `u`; a surrogate pair is two escapes.
        mutating func escapedScalar() throws -> Unicode.Scalar {
            let first = try hexQuad()
            if (0xD800...0xDBFF).contains(first) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw error("a \\u escape of half a character (a high surrogate with no low one after it)")
                }
                position += 2
                let second = try hexQuad()
                guard (0xDC00...0xDFFF).contains(second) else { throw error("a \\u escape of half a character (no low surrogate)") }
                return Unicode.Scalar(0x10000 + (first - 0xD800) << 10 + (second - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(first) else { throw error("a \\u escape of half a character (a lone low surrogate)") }
            return scalar
        }

        mutating func hexQuad() throws -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard position < bytes.count else { throw error("the text ends early") }
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw error("expected four hexadecimal digits after \\u")
                }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }

        /// A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
        mutating func number() throws -> Double {
            let start = position
            func digits() -> Int {
                let first = position
                while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
                return position - first
            }
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) else {
                throw error("expected a digit")
            }
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
                if position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                    throw error("a number may not start with 0")
                }
            } else {
                _ = digits()
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { throw error("expected a digit after the decimal point") }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw error("expected a digit in the exponent") }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else { throw error("a number out of range") }
            return value
        }
    }
}
