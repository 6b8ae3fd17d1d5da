/// Counts shared by the mapper, its baseline and the learning log.
public enum TextStatistics {
    /// Words as a person counts them: runs of letters or digits, hyphens and apostrophes kept
    /// inside a word ("person-centred", "don't" are one word each).
    public static func wordCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var counter = WordCounter(bytes: bytes)
            WordScanner.scan(bytes, into: &counter)
            return counter.count
        }
    }

    /// The count, a scanned word at a time: a word continues the one before when only hyphens
    /// or apostrophes stand between them.
    private struct WordCounter: WordScanner.Collector {
        static let readsFoldedText = false
        let bytes: UnsafeBufferPointer<UInt8>
        var count = 0
        var previousEnd: Int?

        mutating func add(start: Int, end: Int) {
            if let previousEnd {
                if !isJoiner(UnsafeBufferPointer(rebasing: bytes[previousEnd..<start])) { count += 1 }
            } else {
                count = 1
            }
            previousEnd = end
        }

        mutating func add(folded: [UInt8], start: Int, end: Int, startsClause: Bool) { add(start: start, end: end) }

        mutating func hyphenateLast() {}
    }

    /// The same count over words the mapper has already scanned from `text`.
    static func wordCount(_ words: [Word], in text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var counter = WordCounter(bytes: bytes)
            for word in words { counter.add(start: word.start, end: word.end) }
            return counter.count
        }
    }

    /// Nothing, or only hyphens and apostrophes: ASCII - and ', and the UTF-8 of ’ ‐ ‑ (E2 80 99/90/91).
    private static func isJoiner(_ gap: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < gap.count {
            let byte = gap[index]
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "'") {
                index += 1
            } else if byte == 0xE2, index + 2 < gap.count, gap[index + 1] == 0x80,
                      [0x99, 0x90, 0x91].contains(gap[index + 2]) {
                index += 3
            } else {
                return false
            }
        }
        return true
    }
}
