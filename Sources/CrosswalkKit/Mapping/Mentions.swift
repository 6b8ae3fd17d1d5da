/// Codes and names written out in a text: NOS and SQA unit codes, group award codes,
/// qualification names, "Thing 21", quality indicator numbers. Each is recognised exactly,
/// never guessed from similar words.
struct MentionFinder {
    /// A mention found in the text. Things and bare quality indicator numbers can name more than
    /// one item; the mapper settles them once it knows what the text is about.
    struct Found {
        let text: String
        let candidates: [(code: String, kind: String)]
        /// The words it takes up: they name something, so they are not scored again as words.
        let words: Range<Int>
    }

    /// A framework named in the text by name or id, and the words naming it.
    struct NamedFramework {
        let id: String
        let words: Range<Int>
    }

    let index: MappingIndex
    let words: [Word]
    let text: String
    /// Which words hold a digit: only windows with one can be codes.
    let hasDigit: [Bool]

    init(index: MappingIndex, words: [Word], text: String) {
        self.index = index
        self.words = words
        self.text = text
        hasDigit = words.map { $0.folded.utf8.contains { $0 >= 48 && $0 <= 57 } }
    }

    /// The mentions, in text order, and the frameworks named by name ("How good is our early
    /// learning and childcare", "HGIOELC"), which settle bare quality indicator numbers.
    func find() -> (found: [Found], frameworks: [NamedFramework]) {
        var found: [Found] = []
        var frameworks: [NamedFramework] = []
        var position = 0
        while position < words.count {
            if let (mentions, length) = thing(at: position) ?? qualityIndicators(at: position)
                ?? qualification(at: position) ?? code(at: position) {
                found += mentions
                position += length
            } else if let (framework, length) = framework(at: position) {
                frameworks.append(NamedFramework(id: framework, words: position..<position + length))
                position += length
            } else {
                position += 1
            }
        }
        return (found, frameworks)
    }

    /// "Thing 21", with the capital T the programmes write: "the one thing 2 residents asked
    /// for" is not a mention.
    private func thing(at position: Int) -> ([Found], Int)? {
        let utf8 = text.utf8
        guard words[position].folded == "thing",
              utf8[utf8.index(utf8.startIndex, offsetBy: words[position].start)] == UInt8(ascii: "T"),
              let number = number(at: position + 1), let things = index.things(number) else { return nil }
        return ([Found(text: quote(position, position + 1), candidates: things.map { ($0.code, "activity") },
                       words: position..<position + 2)], 2)
    }

    /// "quality indicator 1.3", "QI 2.2", "quality indicators 1.3 and 2.2", "QIs 1.1, 1.3 or 2.2"
    private func qualityIndicators(at position: Int) -> ([Found], Int)? {
        let word = words[position].folded
        var next: Int
        if word == "qi" || word == "qis" {
            next = position + 1
        } else if word == "quality", position + 1 < words.count, words[position + 1].folded.hasPrefix("indicator") {
            next = position + 2
        } else {
            return nil
        }
        guard let first = indicator(at: next) else { return nil }
        var found = [Found(text: quote(position, next + 1), candidates: first, words: position..<next + 2)]
        next += 2
        // A list carries on after a comma, "and", "or" or "&" with the next number.
        while next < words.count {
            let after = ["and", "or"].contains(words[next].folded) ? next + 1 : next
            func joins(_ position: Int) -> Bool { separator(before: position).allSatisfy { ", &".utf8.contains($0) } }
            guard joins(next), joins(after), let more = indicator(at: after) else { break }
            found.append(Found(text: quote(after, after + 1), candidates: more, words: next..<after + 2))
            next = after + 2
        }
        return (found, next - position)
    }

    /// The quality indicators numbered "MAJOR.MINOR" at `position`, written with the point.
    private func indicator(at position: Int) -> [(code: String, kind: String)]? {
        guard let major = number(at: position), let minor = number(at: position + 1),
              separator(before: position + 1).elementsEqual(".".utf8),
              let indicators = index.qualityIndicators("\(major).\(minor)") else { return nil }
        return indicators.map { ($0.code, "standard") }
    }

    /// The characters between the word before `position` and the word at it.
    private func separator(before position: Int) -> Substring.UTF8View {
        guard position > 0, position < words.count else { return Substring("").utf8 }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: words[position - 1].end)
        return utf8[start..<utf8.index(utf8.startIndex, offsetBy: words[position].start)]
    }

    /// A qualification's name or a distinctive alias, longest first.
    private func qualification(at position: Int) -> ([Found], Int)? {
        for length in index.nameLengths(words[position].folded) where length >= 2 && position + length <= words.count {
            if let id = index.qualification(named: key(position, length, separator: " ")) {
                return ([Found(text: quote(position, position + length - 1), candidates: [(id, "qualification")],
                               words: position..<position + length)], length)
            }
        }
        return nil
    }

    private func framework(at position: Int) -> (String, Int)? {
        for length in index.nameLengths(words[position].folded) where position + length <= words.count {
            if let id = index.framework(named: key(position, length, separator: " ")) { return (id, length) }
        }
        return nil
    }

    /// A code written with or without its spaces: "SCDLMCA1", "H7LG 04", "h7lg04", "LMC A1".
    private func code(at position: Int) -> ([Found], Int)? {
        let window = min(4, words.count - position)
        // Every code holds a digit; most words do not, and are passed over cheaply.
        guard hasDigit[position..<position + window].contains(true) else { return nil }
        for length in stride(from: window, through: 1, by: -1) {
            if let target = index.code(key(position, length, separator: "")) {
                return ([Found(text: quote(position, position + length - 1), candidates: [target],
                               words: position..<position + length)], length)
            }
        }
        return nil
    }

    private func key(_ position: Int, _ length: Int, separator: String) -> String {
        words[position..<position + length].map(\.folded).joined(separator: separator)
    }

    private func number(at position: Int) -> Int? {
        guard position < words.count, hasDigit[position], words[position].folded.utf8.count <= 3 else { return nil }
        return Int(words[position].folded)
    }

    private func quote(_ first: Int, _ last: Int) -> String {
        Word.quote(text, from: words[first], to: words[last])
    }
}
