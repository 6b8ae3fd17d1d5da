/// Near-miss suggestions ("did you mean ...?") for codes, ids and names.
public enum Suggest {
    /// Folds a code or name for forgiving comparison: "SCDLMC A1" and "scdlmca1" fold alike.
    public static func fold(_ text: String) -> String {
        // ASCII (nearly every code) folds byte by byte: A-Z lowered, letters and digits kept.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(text.lowercased().unicodeScalars.filter { CharacterSetLite.isAlphanumeric($0) }.map(Character.init))
    }

    /// Up to `limit` candidates closest to `text`, best first; nothing that is far off.
    public static func closest(to text: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let target = Array(fold(text).utf8)
        guard !target.isEmpty else { return [] }
        var scored: [(String, Int)] = []
        for candidate in candidates {
            let folded = Array(fold(candidate).utf8)
            guard !folded.isEmpty else { continue }
            var distance = editDistance(target, folded)
            if folded.starts(with: target) || target.starts(with: folded) { distance = min(distance, 1) }
            let allowed = max(1, min(target.count, folded.count) / 3)
            if distance <= allowed { scored.append((candidate, distance)) }
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// Letter-or-digit test on Unicode scalars without pulling in Foundation's CharacterSet.
enum CharacterSetLite {
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}

extension String {
    /// Without leading and trailing white space. Much cheaper than Foundation's
    /// `trimmingCharacters(in:)`, which matters when trimming every field of an import.
    public func trimmed() -> String {
        // Most values start and end with a printable ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}
