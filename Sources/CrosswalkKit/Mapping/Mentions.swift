/// Codes and names written out in a text: NOS and SQA unit codes, group award codes,
/// qualification names, "Thing 21", quality indicator numbers. Each is recognised exactly,
/// never guessed from similar words.
struct MentionFinder {
    /// A mention found in the text. Things and bare quality indicator numbers can name more than
    /// one item; the mapper settles them once it knows what the text is about.
    struct Found {
        let text: String
        let candidates: [(code: String, kind: String)]
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
    func find() -> (found: [Found], frameworks: Set<String>) {
        var found: [Found] = []
        var frameworks: Set<String> = []
        var position = 0
        while position < words.count {
            if let (mention, length) = thing(at: position) ?? qualityIndicator(at: position) ?? qualification(at: position)
                ?? code(at: position) {
                found.append(mention)
                position += length
            } else if let (framework, length) = framework(at: position) {
                frameworks.insert(framework)
                position += length
            } else {
                position += 1
            }
        }
        return (found, frameworks)
    }

    /// "Thing 21"
    private func thing(at position: Int) -> (Found, Int)? {
        guard words[position].folded == "thing", let number = number(at: position + 1),
              let things = index.things[number] else { return nil }
        return (Found(text: quote(position, position + 1), candidates: things.map { ($0.code, "activity") }), 2)
    }

    /// "quality indicator 1.3", "QI 2.2"
    private func qualityIndicator(at position: Int) -> (Found, Int)? {
        let word = words[position].folded
        let numberAt: Int
        if word == "qi" || word == "qis" {
            numberAt = position + 1
        } else if word == "quality", position + 1 < words.count, words[position + 1].folded.hasPrefix("indicator") {
            numberAt = position + 2
        } else {
            return nil
        }
        guard let major = number(at: numberAt), let minor = number(at: numberAt + 1),
              let indicators = index.qualityIndicators["\(major).\(minor)"] else { return nil }
        return (Found(text: quote(position, numberAt + 1), candidates: indicators.map { ($0.code, "standard") }),
                numberAt + 2 - position)
    }

    /// A qualification's name or a distinctive alias, longest first.
    private func qualification(at position: Int) -> (Found, Int)? {
        for length in index.nameLengths[words[position].folded] ?? [] where length >= 2 && position + length <= words.count {
            if let id = index.qualificationNames[key(position, length, separator: " ")] {
                return (Found(text: quote(position, position + length - 1), candidates: [(id, "qualification")]), length)
            }
        }
        return nil
    }

    private func framework(at position: Int) -> (String, Int)? {
        for length in index.nameLengths[words[position].folded] ?? [] where position + length <= words.count {
            if let id = index.frameworkNames[key(position, length, separator: " ")] { return (id, length) }
        }
        return nil
    }

    /// A code written with or without its spaces: "SCDLMCA1", "H7LG 04", "h7lg04", "LMC A1".
    private func code(at position: Int) -> (Found, Int)? {
        let window = min(4, words.count - position)
        // Every code holds a digit; most words do not, and are passed over cheaply.
        guard hasDigit[position..<position + window].contains(true) else { return nil }
        for length in stride(from: window, through: 1, by: -1) {
            if let target = index.codes[key(position, length, separator: "")] {
                return (Found(text: quote(position, position + length - 1), candidates: [target]), length)
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
