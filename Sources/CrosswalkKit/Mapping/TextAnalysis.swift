import Foundation

/// One word of a text as the mapper sees it.
struct Word {
    /// Lowercase, accents and apostrophes removed, possessive 's dropped: "Children’s" → "children".
    let folded: String
    /// Where it sits in the original text, in UTF-8 bytes, so evidence can quote the writer's
    /// own words.
    let start: Int
    let end: Int
    /// Punctuation (other than a hyphen or an apostrophe) or a line break comes before it, so a
    /// phrase may not run across from the previous word.
    let startsClause: Bool
    /// A hyphen joins it to the next word, with no space: "person-centred", "co-production".
    var hyphenated = false

    /// The original text from the start of `first` to the end of `last`, on one line: runs of
    /// spaces, tabs and line breaks between the words read as one space.
    static func quote(_ text: String, from first: Word, to last: Word) -> String {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: first.start)
        let end = utf8.index(utf8.startIndex, offsetBy: last.end)
        let quoted = String(decoding: utf8[start..<end], as: UTF8.self)
        // Nearly every quote is words and single spaces; only the others need splitting.
        var previous: UInt8 = 0
        let plain = quoted.utf8.allSatisfy { byte in
            defer { previous = byte }
            return byte > 32 && byte < 0x80 || byte == 32 && previous != 32
        }
        return plain ? quoted : quoted.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// Splits any text into words: Unicode letters and digits, folded for matching. Quotes,
/// bullets, emoji and query syntax are separators like any other punctuation.
enum WordScanner {
    /// Each word's Unicode scalar offsets in `text` (the unit passages are measured in), from its
    /// byte offsets, in one pass.
    static func scalarRanges(of words: [Word], in text: String) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { utf8 in
            var offsets: [Range<Int>] = []
            offsets.reserveCapacity(words.count)
            var scalarCount = 0
            var byte = 0
            func advance(to target: Int) {
                while byte < target, byte < utf8.count {
                    // A continuation byte (10xxxxxx) does not start a scalar.
                    if utf8[byte] & 0xC0 != 0x80 { scalarCount += 1 }
                    byte += 1
                }
            }
            for word in words {
                advance(to: word.start)
                let start = scalarCount
                advance(to: word.end)
                offsets.append(start..<scalarCount)
            }
            return offsets
        }
    }

    static func words(_ text: String) -> [Word] {
        var text = text
        return text.withUTF8 { bytes in
            var list = WordList()
            scan(bytes, into: &list)
            return list.words
        }
    }

    /// What a scan hands its words to: the mapper keeps them, a word count only their places
    /// (and so makes no string per word).
    protocol Collector {
        /// Whether `add` reads the folded bytes; a scan that only places words skips making them.
        static var readsFoldedText: Bool { get }
        mutating func add(folded: [UInt8], start: Int, end: Int, startsClause: Bool)
        /// A hyphen joins the word last added to the next one.
        mutating func hyphenateLast()
    }

    private struct WordList: Collector {
        static let readsFoldedText = true
        var words: [Word] = []

        mutating func add(folded: [UInt8], start: Int, end: Int, startsClause: Bool) {
            words.append(Word(folded: String(decoding: folded, as: UTF8.self), start: start, end: end, startsClause: startsClause))
        }

        mutating func hyphenateLast() { words[words.count - 1].hyphenated = true }
    }

    /// One pass over the UTF-8 bytes: ASCII, nearly all of any text, costs a comparison or two.
    static func scan<Words: Collector>(_ bytes: UnsafeBufferPointer<UInt8>, into words: inout Words) {
        var folding: [UInt32: [UInt8]] = [:]
        var current: [UInt8] = []
        current.reserveCapacity(32)
        var length = 0
        var start = 0
        var pendingBreak = true
        var index = 0
        let count = bytes.count

        func finish(at end: Int) {
            guard length > 0 else { return }
            words.add(folded: current, start: start, end: end, startsClause: pendingBreak)
            current.removeAll(keepingCapacity: true)
            length = 0
            pendingBreak = false
        }
        /// The scalar at `position` and the position after it.
        func decode(_ position: Int) -> (Unicode.Scalar, Int) {
            let lead = bytes[position]
            if lead < 0x80 { return (Unicode.Scalar(lead), position + 1) }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard position + length <= count else { return ("\u{FFFD}", count) }
            var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in 1..<length { value = value << 6 | UInt32(bytes[position + offset] & 0x3F) }
            return (Unicode.Scalar(value) ?? "\u{FFFD}", position + length)
        }
        func isAlphanumeric(at position: Int) -> Bool {
            guard position < count else { return false }
            return CharacterSetLite.isAlphanumeric(decode(position).0)
        }

        while index < count {
            let byte = bytes[index]
            if byte >= 97 && byte <= 122 || byte >= 48 && byte <= 57 {
                if length == 0 { start = index }
                if Words.readsFoldedText { current.append(byte) }
                length += 1
                index += 1
                continue
            }
            if byte >= 65 && byte <= 90 {
                if length == 0 { start = index }
                if Words.readsFoldedText { current.append(byte + 32) }
                length += 1
                index += 1
                continue
            }
            let (scalar, next) = decode(index)
            if byte >= 0x80, CharacterSetLite.isAlphanumeric(scalar) {
                if length == 0 { start = index }
                let folded = folding[scalar.value] ?? {
                    let folded = String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
                    var bytes: [UInt8] = []
                    for part in folded.unicodeScalars where CharacterSetLite.isAlphanumeric(part) { bytes += Array(String(part).utf8) }
                    folding[scalar.value] = bytes
                    return bytes
                }()
                if Words.readsFoldedText { current += folded }
                length += folded.count
                index = next
                continue
            }
            if isApostrophe(scalar), length > 0, isAlphanumeric(at: next) {
                // "don't" reads as one word; a possessive 's is dropped: "service’s" → "service".
                if bytes[next] == 115 || bytes[next] == 83, !isAlphanumeric(at: next + 1) { // s S
                    finish(at: index)
                    index = next + 1
                } else {
                    index = next
                }
                continue
            }
            if isHyphen(scalar), length > 0, isAlphanumeric(at: next) {
                finish(at: index)
                words.hyphenateLast()
                index = next
                continue
            }
            finish(at: index)
            if !(scalar == " " || scalar == "\t" || scalar == "-" || scalar == "\u{2010}" || scalar == "\u{2011}"
                 || isApostrophe(scalar) || scalar == "/") {
                pendingBreak = true
            }
            index = next
        }
        finish(at: count)
    }

    static func isHyphen(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "\u{2010}" || scalar == "\u{2011}"
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
        // A number, or a word holding one ("h7lg04", "2024"), is a code or a figure, not a term.
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
        let bytes = Array(word.utf8)
        guard bytes.contains(122) else { return word } // no "z", nothing to do
        for ending in americanEndings where bytes.count >= ending.count + 3 && bytes.suffix(ending.count).elementsEqual(ending) {
            var british = bytes
            british[bytes.count - ending.count + 1] = 115 // "z" → "s"
            return String(decoding: british, as: UTF8.self)
        }
        return word
    }

    private static let americanEndings: [[UInt8]] = ["ize", "izes", "ized", "izing", "ization", "izations", "izer", "izers"]
        .map { Array($0.utf8) }

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
        // Numbers in words, and fillers.
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "hundred",
        "thing", "things",
        "first", "second", "third", "twice", "back", "sure", "lot", "lots", "bit", "okay", "ok",
        // General-purpose verbs and pronouns that appear in every kind of writing.
        "anyone", "anything", "came", "come", "comes", "coming", "everybody", "everyone", "everything",
        "go", "goes", "going", "gone", "look", "looked", "looking", "looks", "nobody", "nothing", "put",
        "puts", "putting", "seem", "seemed", "seems", "someone", "somebody", "use", "used", "uses",
        "using", "want", "wanted", "wanting", "wants",
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

extension Array where Element == Range<Int> {
    /// The ranges in order, those that overlap or touch joined into one.
    func mergingOverlaps() -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<Swift.max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
