import Testing
@testable import CrosswalkKit

/// The text analysis both sides of the mapping share: what counts as a word, and how words
/// are folded and stemmed.
@Suite struct MappingTextTests {
    @Test func porterStemmerMatchesThePublishedExamples() {
        // Pairs from Porter's 1980 paper, one or more per step of the algorithm.
        let examples = [
            "caresses": "caress", "ponies": "poni", "ties": "ti", "cats": "cat", "feed": "feed",
            "agreed": "agre", "plastered": "plaster", "motoring": "motor", "sing": "sing",
            "conflated": "conflat", "troubled": "troubl", "sized": "size", "hopping": "hop",
            "falling": "fall", "hissing": "hiss", "failing": "fail", "filing": "file", "happy": "happi",
            "relational": "relat", "conditional": "condit", "digitizer": "digit", "operator": "oper",
            "decisiveness": "decis", "hopefulness": "hope", "sensitiviti": "sensit",
            "triplicate": "triplic", "electrical": "electr", "goodness": "good", "allowance": "allow",
            "adjustable": "adjust", "replacement": "replac", "adoption": "adopt", "communism": "commun",
            "effective": "effect", "probate": "probat", "rate": "rate", "controll": "control", "roll": "roll",
        ]
        for (word, stem) in examples {
            #expect(PorterStemmer.stem(word) == stem, "\(word)")
        }
    }

    @Test func wordFormsMeetAtOneTerm() {
        #expect(TermAnalyzer.term("supervising") == TermAnalyzer.term("supervision"))
        #expect(TermAnalyzer.term("organization") == TermAnalyzer.term("organisation"))
        #expect(TermAnalyzer.term("led") == TermAnalyzer.term("lead"))
        // Words Porter would merge with unrelated ones are kept apart.
        #expect(TermAnalyzer.term("busy") != TermAnalyzer.term("business"))
        #expect(TermAnalyzer.term("news") != TermAnalyzer.term("new"))
        #expect(TermAnalyzer.term("the") == nil)
        #expect(TermAnalyzer.term("2024") == nil)
    }

    @Test func scannerFoldsQuotesAccentsAndPossessives() {
        let words = WordScanner.words("Children’s co-production • Café “Élan” don't 🙂 SCDLMCA1")
        #expect(words.map(\.folded) == ["children", "co", "production", "cafe", "elan", "dont", "scdlmca1"])
        // The bullet and the quotes break phrases; the hyphen does not.
        #expect(words.map(\.startsClause) == [true, false, false, true, true, true, true])
        let text = "Thing 21: “what matters”"
        let quoted = WordScanner.words(text)
        #expect(Word.quote(text, from: quoted[2], to: quoted[3]) == "what matters")
    }

    @Test func scannerCopesWithAnyCharacters() {
        let expected: [(String, [String])] = [
            ("", []), ("   ", []), ("🙂🙂", []), ("\"unbalanced", ["unbalanced"]), ("NEAR(supervision", ["near", "supervision"]),
            ("a*b OR c AND NOT d", ["a", "b", "or", "c", "and", "not", "d"]), ("\u{0}\u{7}", []), ("é\u{301}", ["e"]),
        ]
        for (text, folded) in expected {
            let words = WordScanner.words(text)
            #expect(words.map(\.folded) == folded, "\(text)")
            // Every word quotes back a piece of the text itself.
            #expect(words.allSatisfy { 0 <= $0.start && $0.start < $0.end && $0.end <= text.utf8.count }, "\(text)")
        }
        #expect(WordScanner.words("naïve façade").map(\.folded) == ["naive", "facade"])
    }

    @Test func quotesCollapseRunsOfWhiteSpace() {
        let text = "a test        of\t\t\tchange\n\n  here"
        let words = WordScanner.words(text)
        #expect(Word.quote(text, from: words[1], to: words[3]) == "test of change")
        #expect(Word.quote(text, from: words[3], to: words[4]) == "change here")
        #expect(Word.quote(text, from: words[0], to: words[1]) == "a test")
    }

    @Test func wordsAreCountedAsAPersonCountsThem() {
        #expect(TextStatistics.wordCount("") == 0)
        #expect(TextStatistics.wordCount("🙂 … •") == 0)
        #expect(TextStatistics.wordCount("A person-centred plan, don't you think?") == 6)
        #expect(TextStatistics.wordCount("The service’s co‑production and carers’ groups") == 6)
        #expect(TextStatistics.wordCount("night-time  falls\n\tSCDLMCA1") == 3)
        #expect(TextStatistics.wordCount("rock - roll") == 2)
    }

    /// A count taken while scanning (as the learning log does, making no string per word) is
    /// the count over the scanned words (as the mapper does), on every text of Eval/ and on
    /// awkward ones.
    @Test func countingWhileScanningMatchesCountingTheWords() throws {
        let texts = try MappingIndexStoreTests.evaluationCases().flatMap { $0.cases.map(\.text) } + [
            "", " ", "-", "a", "’s", "co-'-op", "Ünïcödé café—naïve  résumé", "x -y - z", "e‐mail e‑mail",
            "don’t’s", "🙂a🙂", "trailing-", "'quoted'", "\u{301}accent", "l'été", "1,000 5.5 SCDLMC-A1",
        ]
        for text in texts {
            #expect(TextStatistics.wordCount(text) == TextStatistics.wordCount(WordScanner.words(text), in: text), "\(text)")
        }
    }
}
