/// Which passages of a draft answer a Thing's prompt.
///
/// A passage (a sentence or list item, as the mapper splits the text) answers a prompt when
/// 1. it holds one of the prompt's required terms, or names an item the prompt is about
///    ("QI 2.4"), where the prompt has required terms;
/// 2. it holds one of the required terms, or at least two of the prompt's terms (key or
///    required), or one and the mapper evidences an item the prompt is about in that very
///    passage (a worker who writes "A barrier is agency staff who do not know residents" has
///    answered half of "what works against good leadership", in one word of the prompt's;
///    `ReadinessCheck` gives such a passage to a prompt it answers more strongly); and
/// 3. it says something of its own: at least `ownWords` of its words are not the prompt's
///    own words, so restating the prompt ("The enablers and barriers.") answers nothing.
///
/// Terms are matched as the mapper matches words: folded, stop words dropped, stemmed
/// ("enablers" meets "enable"), a phrase as its words in order ("quality of life").
public struct PromptMatcher: Sendable {
    /// One passage that answers a prompt, with the words that show it.
    public struct Answer: Sendable, Equatable {
        public let passage: Int
        /// The prompt's terms found in it, as the data writes them.
        public let terms: [String]
        /// Items the prompt is about that the passage evidences or names.
        public let evidence: [String]
        /// Unicode scalar offsets of the matched words in the whole text, for quoting.
        public let matched: [Range<Int>]
        public let strength: Int

        public var support: MappingResult.Support { .init(passage: passage, matched: matched) }
    }

    /// Words of a passage of its own needed beyond the prompt's.
    public static let ownWords = 3

    /// A term of the data as the stems it is matched on.
    struct Term {
        let label: String
        let stems: [String]
    }

    /// One content word of the text: its stem and where it is.
    struct TextWord {
        let stem: String
        let scalars: Range<Int>
    }

    let text: String
    let passages: [Passage]
    /// Each passage's content words, in order.
    let words: [[TextWord]]

    public init(text: String, passages: [Passage]) {
        self.text = text
        self.passages = passages
        let found = WordScanner.words(text)
        let offsets = WordScanner.scalarRanges(of: found, in: text)
        var byPassage = Array(repeating: [TextWord](), count: passages.count)
        var cursor = 0
        for (word, range) in zip(found, offsets) {
            guard let stem = TermAnalyzer.term(word.folded) else { continue }
            while cursor < passages.count, passages[cursor].end <= range.lowerBound { cursor += 1 }
            guard cursor < passages.count, passages[cursor].start <= range.lowerBound else { continue }
            byPassage[cursor].append(TextWord(stem: stem, scalars: range))
        }
        words = byPassage
    }

    /// The passages that answer `prompt`, strongest first. `evidenced` gives, per passage
    /// index, the items of the prompt's `about` the mapper evidences there; `named` the items
    /// of `about` the passage names.
    public func answers(_ prompt: ThingPrompt, evidenced: [Int: Set<String>], named: [Int: Set<String>]) -> [Answer] {
        let key = Self.terms(prompt.keyTerms)
        let required = Self.terms(prompt.requiredTerms)
        let all = Self.unique(required + key)
        let promptStems = Set(TermAnalyzer.terms(prompt.text))
        var answers: [Answer] = []
        for passage in passages.indices {
            let words = self.words[passage]
            let hits = all.compactMap { term in Self.find(term, in: words).map { (term, $0) } }
            let requiredHit = hits.contains { hit in required.contains { $0.label == hit.0.label } }
            let names = named[passage] ?? []
            let evidence = evidenced[passage] ?? []
            guard required.isEmpty || requiredHit || !names.isEmpty else { continue }
            let strength = hits.count + (evidence.isEmpty ? 0 : 1) + (names.isEmpty ? 0 : 1)
            guard strength >= 2 || requiredHit, !hits.isEmpty || !names.isEmpty else { continue }
            let own = Set(words.map(\.stem)).subtracting(promptStems)
            guard own.count >= Self.ownWords else { continue }
            answers.append(Answer(passage: passages[passage].index, terms: hits.map(\.0.label),
                                  evidence: names.union(evidence).sorted(),
                                  matched: hits.flatMap(\.1).mergingOverlaps(), strength: strength))
        }
        return answers.sorted { $0.strength != $1.strength ? $0.strength > $1.strength : $0.passage < $1.passage }
    }

    // MARK: Terms

    static func terms(_ labels: [String]) -> [Term] {
        labels.compactMap { label in
            let stems = TermAnalyzer.terms(label)
            return stems.isEmpty ? nil : Term(label: label, stems: stems)
        }
    }

    /// Terms with the same stems count once ("change" and "changed").
    static func unique(_ terms: [Term]) -> [Term] {
        var seen = Set<[String]>()
        return terms.filter { seen.insert($0.stems).inserted }
    }

    /// Where a term's stems occur in order, as consecutive content words; nil when they do not.
    static func find(_ term: Term, in words: [TextWord]) -> [Range<Int>]? {
        guard !term.stems.isEmpty, words.count >= term.stems.count else { return nil }
        var found: [Range<Int>] = []
        var start = 0
        while start + term.stems.count <= words.count {
            if (0..<term.stems.count).allSatisfy({ words[start + $0].stem == term.stems[$0] }) {
                found.append(words[start].scalars.lowerBound..<words[start + term.stems.count - 1].scalars.upperBound)
                start += term.stems.count
            } else {
                start += 1
            }
        }
        return found.isEmpty ? nil : found
    }
}
