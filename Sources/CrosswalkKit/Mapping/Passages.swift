/// One sentence or list item of a text: the unit an assessor cross-references to a standard.
public struct Passage: Sendable, Equatable {
    /// Its place among the text's passages, from 0.
    public let index: Int
    /// Where it sits in the text, counted in Unicode scalar values from the start, end
    /// exclusive, so that a caller can highlight it; `text` is exactly that stretch.
    public let start: Int
    public let end: Int
    public let text: String

    public init(index: Int, start: Int, end: Int, text: String) {
        self.index = index
        self.start = start
        self.end = end
        self.text = text
    }
}

/// Splits a text into passages: sentences, and the items of bullet or numbered lists, each
/// kept with its offsets. A passage too short to say anything on its own ("Yes.", a heading)
/// joins its neighbour; a run-on stretch with no full stops is cut at its clauses.
enum PassageSplitter {
    /// A passage while splitting: scalar offsets, and the UTF-8 offsets words are found by.
    struct Span: Equatable {
        var start: Int
        var end: Int
        var byteStart: Int
        var byteEnd: Int
    }

    /// Fewer words than this and a passage joins the next one (or the one before, at the end).
    static let minimumWords = 3
    /// A passage with more words than this and no sentence end is cut at a clause.
    static let longestPassage = 60

    /// The passages of `text`, each with its words (indices into `words`, the text's words).
    static func passages(of text: String, words: [Word]) -> [(passage: Passage, words: Range<Int>)] {
        let scalars = Array(text.unicodeScalars)
        var spans = split(scalars)
        spans = addByteOffsets(spans, scalars: scalars)
        spans = cutRunOns(spans, words: words, scalars: scalars)
        spans = joinShort(spans, words: words)
        var cursor = 0
        return spans.enumerated().map { index, span in
            let range = wordRange(span, in: words, from: cursor)
            cursor = range.upperBound
            return (Passage(index: index, start: span.start, end: span.end,
                            text: String(String.UnicodeScalarView(scalars[span.start..<span.end]))), range)
        }
    }

    // MARK: Sentences and list items

    private static func split(_ scalars: [Unicode.Scalar]) -> [Span] {
        var spans: [Span] = []
        var start: Int? = nil
        func close(at end: Int) {
            guard let open = start else { return }
            var last = end
            while last > open, scalars[last - 1].properties.isWhitespace { last -= 1 }
            if last > open { spans.append(Span(start: open, end: last, byteStart: 0, byteEnd: 0)) }
            start = nil
        }
        var position = 0
        var lineStart = true
        while position < scalars.count {
            let scalar = scalars[position]
            if isLineBreak(scalar) {
                let next = scalar == "\r" && position + 1 < scalars.count && scalars[position + 1] == "\n" ? position + 2 : position + 1
                if start != nil, breaksAtLineEnd(scalars, lineEnd: position, nextLine: next) { close(at: position) }
                position = next
                lineStart = true
                continue
            }
            if lineStart {
                lineStart = false
                // A list item starts a passage of its own; its marker is not part of it.
                let content = skipSpaces(scalars, from: position)
                if let afterMarker = listMarkerEnd(scalars, at: content) {
                    close(at: position)
                    position = skipSpaces(scalars, from: afterMarker)
                    continue
                }
            }
            if start == nil {
                if scalar.properties.isWhitespace { position += 1; continue }
                start = position
            }
            if isSentenceEnd(scalar) {
                var after = position + 1
                while after < scalars.count, isSentenceEnd(scalars[after]) || isClosing(scalars[after]) { after += 1 }
                if endsSentence(scalars, mark: position, after: after) {
                    close(at: after)
                    position = after
                    continue
                }
                position = after
                continue
            }
            position += 1
        }
        close(at: scalars.count)
        return spans
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{0B}" || scalar == "\u{0C}"
    }

    private static func isSentenceEnd(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "!" || scalar == "?" || scalar == "\u{2026}" || scalar == "\u{203D}"
    }

    private static func isClosing(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\"" || scalar == "'" || scalar == ")" || scalar == "]" || scalar == "\u{2019}" || scalar == "\u{201D}"
    }

    private static func skipSpaces(_ scalars: [Unicode.Scalar], from position: Int) -> Int {
        var position = position
        while position < scalars.count, scalars[position] == " " || scalars[position] == "\t" { position += 1 }
        return position
    }

    /// "- ", "* ", "• ", "1. ", "2) ", "a) ", "(iii) ": where the item's own words begin.
    private static func listMarkerEnd(_ scalars: [Unicode.Scalar], at position: Int) -> Int? {
        guard position < scalars.count else { return nil }
        func spaceAfter(_ end: Int) -> Int? {
            end < scalars.count && (scalars[end] == " " || scalars[end] == "\t") ? end : nil
        }
        let bullets: Set<Unicode.Scalar> = ["-", "*", "+", "\u{2022}", "\u{25E6}", "\u{2023}", "\u{25AA}", "\u{25CF}",
                                            "\u{2013}", "\u{2014}", "\u{2043}", "\u{00B7}", "\u{2192}", ">"]
        if bullets.contains(scalars[position]) { return spaceAfter(position + 1) }
        var end = position
        if scalars[end] == "(" { end += 1 }
        let first = end
        while end < scalars.count, end - first < 3, scalars[end].properties.numericType != nil || (end == first && isLetter(scalars[end])) {
            end += 1
        }
        guard end > first, end < scalars.count, scalars[end] == "." || scalars[end] == ")" else { return nil }
        // "a." would also start "a. n. other"; letters need a bracket, digits either.
        let isNumbered = scalars[first].properties.numericType != nil
        guard isNumbered || scalars[end] == ")" else { return nil }
        return spaceAfter(end + 1)
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// A line break ends a passage unless the line was hard-wrapped: a long line that stops
    /// mid-sentence and runs on into a line starting in lower case.
    private static func breaksAtLineEnd(_ scalars: [Unicode.Scalar], lineEnd: Int, nextLine: Int) -> Bool {
        var last = lineEnd
        while last > 0, scalars[last - 1] == " " || scalars[last - 1] == "\t" { last -= 1 }
        var lineStart = last
        while lineStart > 0, !isLineBreak(scalars[lineStart - 1]) { lineStart -= 1 }
        let next = skipSpaces(scalars, from: nextLine)
        guard next < scalars.count, !isLineBreak(scalars[next]) else { return true }
        if listMarkerEnd(scalars, at: next) != nil { return true }
        let lineLength = last - lineStart
        let endsInWord = last > lineStart && (scalars[last - 1].properties.isAlphabetic || scalars[last - 1] == ",")
        let nextIsLower = scalars[next].properties.isLowercase
        return !(lineLength >= 40 && endsInWord && nextIsLower)
    }

    /// A full stop ends a sentence when white space follows and the next word does not start in
    /// lower case, and it does not close a title or a common abbreviation ("Mrs.", "e.g.").
    private static func endsSentence(_ scalars: [Unicode.Scalar], mark: Int, after: Int) -> Bool {
        guard after < scalars.count else { return true }
        guard scalars[after].properties.isWhitespace else { return false }
        var next = after
        while next < scalars.count, scalars[next].properties.isWhitespace, !isLineBreak(scalars[next]) { next += 1 }
        if next < scalars.count, scalars[next].properties.isLowercase { return false }
        guard scalars[mark] == "." else { return true }
        var wordStart = mark
        while wordStart > 0, scalars[wordStart - 1].properties.isAlphabetic || scalars[wordStart - 1] == "." { wordStart -= 1 }
        let word = String(String.UnicodeScalarView(scalars[wordStart..<mark])).lowercased()
        return !abbreviations.contains(word)
    }

    /// Words written with a full stop that rarely end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "st", "prof", "rev", "cllr", "e.g", "i.e", "eg", "ie", "cf", "vs", "approx",
    ]

    // MARK: Offsets, run-ons and short passages

    private static func addByteOffsets(_ spans: [Span], scalars: [Unicode.Scalar]) -> [Span] {
        var result = spans
        var byte = 0, scalar = 0
        func advance(to target: Int) {
            while scalar < target {
                byte += UTF8.width(scalars[scalar])
                scalar += 1
            }
        }
        for index in result.indices {
            advance(to: result[index].start)
            result[index].byteStart = byte
            advance(to: result[index].end)
            result[index].byteEnd = byte
        }
        return result
    }

    /// Words of `words` inside `span`, as a range of indices.
    static func wordRange(_ span: Span, in words: [Word], from first: Int = 0) -> Range<Int> {
        var lower = first
        while lower < words.count, words[lower].end <= span.byteStart { lower += 1 }
        var upper = lower
        while upper < words.count, words[upper].start < span.byteEnd { upper += 1 }
        return lower..<upper
    }

    /// A stretch of many words with no full stop (a text written without punctuation) is cut
    /// at the commas or dashes nearest every `longestPassage / 2` words, else between words.
    private static func cutRunOns(_ spans: [Span], words: [Word], scalars: [Unicode.Scalar]) -> [Span] {
        var result: [Span] = []
        var cursor = 0
        for span in spans {
            let range = wordRange(span, in: words, from: cursor)
            cursor = range.lowerBound
            guard range.count > longestPassage else {
                result.append(span)
                continue
            }
            var pieceStart = span
            var wordsInPiece = 0
            var byte = span.byteStart, scalar = span.start
            var lastWordEnd = (byte: span.byteStart, scalar: span.start)
            for wordIndex in range {
                let word = words[wordIndex]
                // Walk the scalars up to this word, noting a clause mark before it.
                var clauseMark = false
                while byte < word.start {
                    let s = scalars[scalar]
                    if s == "," || s == ";" || s == ":" || s == "\u{2013}" || s == "\u{2014}" { clauseMark = true }
                    byte += UTF8.width(s)
                    scalar += 1
                }
                let cutHere = wordsInPiece >= longestPassage / 2 && clauseMark || wordsInPiece >= longestPassage
                if cutHere, wordsInPiece > 0 {
                    var piece = pieceStart
                    piece.end = lastWordEnd.scalar
                    piece.byteEnd = lastWordEnd.byte
                    // Keep a trailing comma with the clause it closes.
                    while piece.end < scalar, !scalars[piece.end].properties.isWhitespace {
                        piece.byteEnd += UTF8.width(scalars[piece.end])
                        piece.end += 1
                    }
                    result.append(piece)
                    pieceStart = Span(start: scalar, end: span.end, byteStart: byte, byteEnd: span.byteEnd)
                    wordsInPiece = 0
                }
                while byte < word.end {
                    byte += UTF8.width(scalars[scalar])
                    scalar += 1
                }
                lastWordEnd = (byte, scalar)
                wordsInPiece += 1
            }
            result.append(pieceStart)
        }
        return result
    }

    /// A passage of fewer than `minimumWords` words joins the one after it ("Yes." "Thing 21"),
    /// or the one before when it is last.
    private static func joinShort(_ spans: [Span], words: [Word]) -> [Span] {
        guard spans.count > 1 else { return spans }
        var counts: [Int] = []
        var cursor = 0
        for span in spans {
            let range = wordRange(span, in: words, from: cursor)
            counts.append(range.count)
            cursor = range.lowerBound
        }
        var result: [Span] = []
        var resultCounts: [Int] = []
        var pending: (span: Span, count: Int)? = nil
        for (span, count) in zip(spans, counts) {
            var span = span, count = count
            if let held = pending {
                span.start = held.span.start
                span.byteStart = held.span.byteStart
                count += held.count
                pending = nil
            }
            if count < minimumWords {
                pending = (span, count)
            } else {
                result.append(span)
                resultCounts.append(count)
            }
        }
        if let held = pending {
            if var last = result.popLast() {
                last.end = held.span.end
                last.byteEnd = held.span.byteEnd
                result.append(last)
            } else {
                result.append(held.span)
            }
        }
        return result
    }
}

private extension UTF8 {
    static func width(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0..<0x80: 1
        case 0x80..<0x800: 2
        case 0x800..<0x10000: 3
        default: 4
        }
    }
}
