/// A JSON value that keeps object keys in the order they were written, so `--json` output is
/// stable and reads in the same order as the documentation.
public indirect enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    public static func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
    public static func optional(_ value: Int?) -> JSON { value.map(JSON.int) ?? .null }
    public static func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }

    /// Scores and strengths, rounded so output does not carry float noise.
    public static func score(_ value: Double) -> JSON { .number((value * 1000).rounded() / 1000) }

    public subscript(key: String) -> JSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil)
        return out
    }

    /// The value as `serialized()` writes it `depth` levels deep inside a larger document.
    public func serialized(depth: Int) -> String {
        var out = ""
        write(to: &out, indent: depth)
        return out
    }

    /// A pretty-printed array written one element at a time, for a document too large to hold:
    /// `next` gives the text of each element in turn, `end` what closes the array. Together
    /// they are the text `serialized()` writes for the whole array at `depth`.
    public struct ArrayStream {
        let depth: Int
        var count = 0

        public init(depth: Int) {
            self.depth = depth
        }

        public mutating func next(_ value: JSON) -> String {
            var out = count == 0 ? "[" : ","
            JSON.newline(&out, depth + 1)
            value.write(to: &out, indent: depth + 1)
            count += 1
            return out
        }

        public func end() -> String {
            guard count > 0 else { return "[]" }
            var out = ""
            JSON.newline(&out, depth)
            return out + "]"
        }
    }

    /// The opening of a pretty-printed object and its first members, up to (not including) the
    /// value of member `last`: what `serialized()` writes before that value, so the value can
    /// be streamed (an `ArrayStream` at depth 1) and the object closed with `"\n}"`.
    public static func objectHead(_ members: [(String, JSON)], last: String) -> String {
        var out = "{"
        for (key, value) in members {
            JSON.newline(&out, 1)
            JSON.writeString(key, to: &out)
            out += ": "
            value.write(to: &out, indent: 1)
            out += ","
        }
        JSON.newline(&out, 1)
        JSON.writeString(last, to: &out)
        return out + ": "
    }

    /// A line break and the indentation of `depth`, as `serialized()` writes them.
    public static func lineBreak(depth: Int) -> String {
        var out = ""
        JSON.newline(&out, depth)
        return out
    }

    /// What `serialized()` writes, at `depth`, before a member's value: the line break and
    /// indentation, the key and the colon (the comma before it is the caller's).
    public static func memberHead(_ key: String, depth: Int) -> String {
        var out = ""
        JSON.newline(&out, depth)
        JSON.writeString(key, to: &out)
        return out + ": "
    }

    /// What `serialized()` writes after a streamed member's value: the members that follow it
    /// and the end of the object (see `objectHead`).
    public static func objectTail(_ members: [(String, JSON)]) -> String {
        var out = ""
        for (key, value) in members {
            out += ","
            JSON.newline(&out, 1)
            JSON.writeString(key, to: &out)
            out += ": "
            value.write(to: &out, indent: 1)
        }
        JSON.newline(&out, 0)
        return out + "}"
    }

    private func write(to out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 { out += String(Int(value)) }
            else if value.isFinite { out += String(value) }
            else { out += "null" }
        case .string(let value): JSON.writeString(value, to: &out)
        case .array(let values):
            guard !values.isEmpty else { out += "[]"; return }
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                JSON.newline(&out, indent.map { $0 + 1 })
                value.write(to: &out, indent: indent.map { $0 + 1 })
            }
            JSON.newline(&out, indent)
            out += "]"
        case .object(let pairs):
            guard !pairs.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { out += "," }
                JSON.newline(&out, indent.map { $0 + 1 })
                JSON.writeString(key, to: &out)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: indent.map { $0 + 1 })
            }
            JSON.newline(&out, indent)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<indent { out += "  " }
    }

    private static func writeString(_ value: String, to out: inout String) {
        out += "\""
        // Most strings need no escaping: appended whole, not scalar by scalar. Every scalar
        // escaped below is ASCII or begins with byte C2 (C1 controls) or E2 (the separators,
        // overrides and isolates), so a string without those bytes has none of them.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) {
            out += value
            out += "\""
            return
        }
        // Runs of scalars that need nothing are appended whole (a curly apostrophe is E2 too).
        let scalars = value.unicodeScalars
        var run = scalars.startIndex
        for position in scalars.indices {
            let scalar = scalars[position]
            let escaped: String
            switch scalar {
            case "\"": escaped = "\\\""
            case "\\": escaped = "\\\\"
            case "\n": escaped = "\\n"
            case "\r": escaped = "\\r"
            case "\t": escaped = "\\t"
            // Control characters (C0, DEL, C1), the bidirectional overrides and isolates, and
            // the line and paragraph separators are escaped, so JSON on a terminal is inert.
            case _ where scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: continue
            }
            out.unicodeScalars.append(contentsOf: scalars[run..<position])
            out += escaped
            run = scalars.index(after: position)
        }
        out.unicodeScalars.append(contentsOf: scalars[run...])
        out += "\""
    }
}
