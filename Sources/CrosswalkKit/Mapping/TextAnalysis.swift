import Foundation

/// One word of a text as the mapper sees it.
struct Word {
    /// Lowercase, accents and apostrophes removed, possessive 's dropped: "Children’s" → "children".
    let folded: String
    /// Where it sits in the original text, so evidence can quote the writer's own words.
    let range: Range<String.Index>
    /// Punctuation (other than a hyphen or an apostrophe) or a line break comes before it, so a
    /// phrase may not run across from the previous word.
    let startsClause: Bool
}

/// Splits any text into words: Unicode letters and digits, folded for matching. Quotes,
/// bullets, emoji and query syntax are separators like any other punctuation.
enum WordScanner {
    static func words(_ text: String) -> [Word] {
        var words: [Word] = []
        let scalars = text.unicodeScalars
        var folding: [UInt32: String] = [:]
        var current = String.UnicodeScalarView()
        var start = scalars.startIndex
        var pendingBreak = true
        var index = scalars.startIndex

        func finish(at end: String.UnicodeScalarView.Index) {
            guard !current.isEmpty else { return }
            words.append(Word(folded: String(current), range: start..<end, startsClause: pendingBreak))
            current = String.UnicodeScalarView()
            pendingBreak = false
        }

        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            if scalar.isASCII {
                let value = scalar.value
                if (97...122).contains(value) || (48...57).contains(value) {
                    if current.isEmpty { start = index }
                    current.append(scalar)
                    index = next
                    continue
                }
                if (65...90).contains(value) {
                    if current.isEmpty { start = index }
                    current.append(Unicode.Scalar(value + 32)!)
                    index = next
                    continue
                }
            } else if CharacterSetLite.isAlphanumeric(scalar) {
                if current.isEmpty { start = index }
                let folded = folding[scalar.value] ?? {
                    let folded = String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
                    folding[scalar.value] = folded
                    return folded
                }()
                for part in folded.unicodeScalars where CharacterSetLite.isAlphanumeric(part) { current.append(part) }
                index = next
                continue
            }

            if isApostrophe(scalar), !current.isEmpty, next < scalars.endIndex, CharacterSetLite.isAlphanumeric(scalars[next]) {
                // "don't" reads as one word; a possessive 's is dropped: "service’s" → "service".
                let afterNext = scalars.index(after: next)
                if (scalars[next] == "s" || scalars[next] == "S"),
                   afterNext == scalars.endIndex || !CharacterSetLite.isAlphanumeric(scalars[afterNext]) {
                    finish(at: index)
                    index = afterNext
                } else {
                    index = next
                }
                continue
            }
            finish(at: index)
            if !(scalar == " " || scalar == "\t" || scalar == "-" || scalar == "\u{2010}" || scalar == "\u{2011}"
                 || isApostrophe(scalar) || scalar == "/") {
                pendingBreak = true
            }
            index = next
        }
        finish(at: scalars.endIndex)
        return words
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}" || scalar == "\u{2018}" || scalar == "\u{02BC}"
    }
}

/// Turns words into the terms the mapper matches: stop words and numbers dropped, British and
/// American "-ise/-ize" spellings merged, then stemmed. Data and text go through the same steps.
enum TermAnalyzer {
    /// The term for one folded word, or nil when the word carries no meaning for matching.
    static func term(_ folded: String) -> String? {
        guard folded.count > 1, !stopWords.contains(folded) else { return nil }
        guard folded.unicodeScalars.contains(where: { !(48...57).contains($0.value) }) else { return nil }
        if folded.unicodeScalars.contains(where: { (48...57).contains($0.value) }) { return nil }
        if unstemmed.contains(folded) { return folded }
        return PorterStemmer.stem(irregularForms[folded] ?? britishSpelling(folded))
    }

    /// Words the suffix rules would merge with an unrelated word: "busy" with "business",
    /// "news" with "new".
    static let unstemmed: Set<String> = ["busy", "news", "lens"]

    /// A written word with only a plural "s" taken off: how vocabulary terms are matched, so
    /// that "mindfulness" is never read into "mind".
    static func lightForm(_ folded: String) -> String {
        guard folded.count > 3, folded.hasSuffix("s"), !folded.hasSuffix("ss") else { return folded }
        return String(folded.dropLast())
    }

    /// The terms of a short piece of data text ("adult support and protection"), in order.
    static func terms(_ text: String) -> [String] {
        WordScanner.words(text).compactMap { term($0.folded) }
    }

    /// "organization" → "organisation", "prioritizing" → "prioritising".
    static func britishSpelling(_ word: String) -> String {
        guard let range = word.range(of: "iz", options: .backwards) else { return word }
        let tail = word[range.upperBound...]
        guard ["e", "es", "ed", "ing", "ation", "ations", "er", "ers"].contains(String(tail)) else { return word }
        guard word.distance(from: word.startIndex, to: range.lowerBound) >= 3 else { return word }
        return word.replacingCharacters(in: range, with: "is")
    }

    /// Past forms the suffix rules cannot reach: "led" should meet "lead", "taught" "teach".
    static let irregularForms: [String: String] = [
        "began": "begin", "begun": "begin", "bought": "buy", "brought": "bring", "built": "build",
        "caught": "catch", "chose": "choose", "chosen": "choose", "dealt": "deal", "drew": "draw",
        "drawn": "draw", "felt": "feel", "fought": "fight", "found": "find", "gave": "give",
        "given": "give", "grew": "grow", "grown": "grow", "held": "hold", "kept": "keep", "knew": "know",
        "known": "know", "led": "lead", "learnt": "learn", "left": "leave", "lent": "lend", "lost": "lose",
        "meant": "mean", "met": "meet", "ran": "run", "sought": "seek", "sent": "send", "shown": "show",
        "spent": "spend", "spoke": "speak", "spoken": "speak", "stood": "stand", "taught": "teach",
        "thought": "think", "told": "tell", "understood": "understand", "went": "go", "won": "win",
        "wrote": "write", "written": "write",
    ]

    /// Function words and fillers: they say nothing about leadership or standards.
    static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "almost", "also", "am", "an", "and",
        "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
        "but", "by", "can", "cant", "cannot", "could", "couldnt", "did", "didnt", "do", "does", "doesnt",
        "doing", "done", "dont", "down", "during", "each", "either", "else", "etc", "even", "ever",
        "every", "few", "for", "from", "further", "get", "gets", "getting", "got", "had", "hadnt", "has",
        "hasnt", "have", "havent", "having", "he", "hed", "her", "here", "hers", "herself", "him",
        "himself", "his", "how", "however", "id", "if", "ill", "im", "in", "into", "is", "isnt", "it",
        "its", "itself", "ive", "just", "let", "lets", "like", "made", "make", "makes", "many", "may",
        "me", "might", "mine", "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now",
        "of", "off", "often", "on", "once", "one", "only", "or", "other", "others", "our", "ours",
        "ourselves", "over", "own", "per", "quite", "rather", "really", "said", "same", "say",
        "says", "see", "seen", "shall", "she", "shed", "should", "shouldnt", "so", "some", "something",
        "still", "such", "than", "that", "thats", "the", "their", "theirs", "them", "themselves", "then",
        "there", "theres", "these", "they", "theyd", "theyll", "theyre", "theyve",
        "this", "those", "though", "through", "thus", "to", "too", "took", "under", "until", "upon",
        "us", "very", "via", "was", "wasnt", "we", "wed", "well", "were", "werent", "weve", "what",
        "whats", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will",
        "with", "within", "without", "wont", "would", "wouldnt", "yet", "you", "youd", "youll", "your",
        "youre", "yours", "yourself", "yourselves", "youve",
    ]
}
