import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// `Mapper` on the real data: what a worker sees from `crosswalk map` and the learning log.
@Suite struct MappingTests {
    let mapper: Mapper

    init() throws {
        mapper = try RealData.mapper()
    }

    @Test func qualityImprovementWorkMapsToCreativityWithTheWordsThatEarnedIt() throws {
        let result = try mapper.map(
            "We ran a PDSA cycle on night-time falls, measured them for six weeks and tried small changes.",
            role: .manager, limit: 5)
        let first = try #require(result.capabilities.first)
        #expect(first.id == "creativity-and-innovation")
        #expect(first.evidence.contains { $0.hasPrefix("PDSA → ") })
        #expect(first.indicators.allSatisfy { $0.code.hasPrefix("creativity-and-innovation/M") })
        #expect(result.words == 17)
    }

    @Test func everyListIsSortedWithScoresBetweenZeroAndOne() throws {
        let text = try String(contentsOf: CLIPaths.benchmarkReflection, encoding: .utf8)
        let result = try mapper.map(text, role: .manager, limit: 10)
        #expect(!result.capabilities.isEmpty && !result.standards.isEmpty && !result.units.isEmpty)
        func check(_ scores: [Double]) {
            #expect(scores == scores.sorted(by: >))
            #expect(scores.allSatisfy { (0...1).contains($0) })
        }
        check(result.capabilities.map(\.score))
        check(result.standards.map(\.score))
        check(result.units.map(\.score))
        for capability in result.capabilities {
            check(capability.indicators.map(\.score))
            #expect(!capability.evidence.isEmpty)
        }
        for standard in result.standards { check(standard.elements.map(\.score)) }
        #expect(result.capabilities.count <= 10 && result.standards.count <= 10)
    }

    @Test func theRolePicksTheIndicatorSet() throws {
        let text = "I asked my team for honest feedback on my leadership and changed how I run supervision."
        for (role, letter) in [(Role.frontline, "F"), (.manager, "M"), (.strategic, "S")] {
            let result = try mapper.map(text, role: role, limit: 6)
            let indicators = result.capabilities.flatMap(\.indicators)
            #expect(!indicators.isEmpty)
            #expect(indicators.allSatisfy { $0.code.split(separator: "/").last?.hasPrefix(letter) == true }, "\(role)")
            #expect(result.role == role)
        }
    }

    @Test func textWithoutLeadershipContentMapsToNothing() throws {
        for text in [
            "The bus was late so I walked home and had soup for tea.",
            "Preheat the oven to 200 degrees and roast the potatoes for forty minutes.",
            "Restart the router if the light is red, then wait a minute.",
            "Home.",
            // Everyday chores, weather, travel, meals and television, short and long.
            "I hoovered the living room, put a wash on and changed the beds before lunch.",
            "Bought milk, bread and eggs.",
            "Windy and cold today.",
            "Thick fog on the motorway this morning, then bright sunshine by lunchtime and a hard frost again tonight, so I brought the plant pots into the porch.",
            "The train to Glasgow was cancelled so we got the coach and arrived two hours late.",
            "The ferry crossing was rough, and half the passengers were seasick before we reached the island.",
            "For tea we had lentil soup, crusty bread and cheese, then apple crumble with custard, and my brother did the washing up for once.",
            "We watched the baking programme final tonight; the lemon tart collapsed, the judges were kind about it, and the youngest baker won with a chocolate showpiece.",
            "Watched the football.",
            // One strong word among many the data never uses is still not leadership content.
            "My nephew's birthday party was at the soft play centre; there were balloons everywhere, far too much cake and a very tired family by six o'clock.",
        ] {
            let result = try mapper.map(text, role: .frontline, limit: 5)
            #expect(result.capabilities.isEmpty && result.standards.isEmpty && result.units.isEmpty, "\(text)")
        }
    }

    @Test func shortNotesInTheDatasOwnWordsMap() throws {
        for (text, word) in [
            ("I coached a new colleague through her first week", "coached"),
            ("I led the team meeting and agreed our goals", "team meeting"),
            ("I mentored a student", "mentored"),
            ("I gave a colleague feedback on her care plans", "feedback"),
        ] {
            let result = try mapper.map(text, role: .frontline, limit: 5)
            #expect(!result.capabilities.isEmpty, "\(text)")
            #expect(result.capabilities.contains { $0.evidence.contains(word) }, "\(text)")
        }
    }

    @Test func aMentionBesideTextAboutSomethingElseIsOnlyListed() throws {
        let soup = try mapper.map("The bus was late so I walked home and had soup for tea. Thing 4.", role: .frontline, limit: 5)
        #expect(soup.capabilities.isEmpty && soup.standards.isEmpty && soup.units.isEmpty)
        #expect(soup.mentions.map(\.code) == ["23L-4"])
        // Leadership words beside the code: the code adds to what it names.
        let evidence = try mapper.map("Evidence for SCDLMCA1: I redesigned supervision with my team", role: .manager, limit: 5)
        #expect(!evidence.capabilities.isEmpty)
        #expect(evidence.standards.first?.code == "SCDLMCA1")
        #expect(evidence.mentions.map(\.code) == ["SCDLMCA1"])
        // The code on its own, or with next to nothing else, stands for the text.
        for text in ["SCDLMCA1", "Evidence for SCDLMCA1."] {
            let alone = try mapper.map(text, role: .manager, limit: 5)
            #expect(alone.standards.first?.code == "SCDLMCA1", "\(text)")
        }
    }

    @Test func thingsNeedTheirCapitalAndQualityIndicatorsTheirPoint() throws {
        let lowercase = try mapper.map("The one thing 2 residents asked for was a later tea.", role: .frontline, limit: 5)
        #expect(lowercase.mentions.isEmpty)
        let list = try mapper.map("We looked at quality indicators 1.3 and 2.2 with the staff team.", role: .manager, limit: 5)
        #expect(list.mentions.map(\.text) == ["quality indicators 1.3", "2.2"])
        #expect(list.mentions.map { $0.code.hasSuffix(" 1.3") } == [true, false])
        #expect(list.mentions.map { $0.code.hasSuffix(" 2.2") } == [false, true])
        let careHome = try mapper.map("In our care home we self-evaluated quality indicators 2.2 and 2.4 with residents and staff.",
                                      role: .manager, limit: 5)
        #expect(careHome.mentions.map(\.code) == ["CI-CH 2.2", "CI-CH 2.4"])
        let commas = try mapper.map("We self-evaluated QIs 1.1, 1.3 & 2.2 in the nursery.", role: .manager, limit: 5)
        #expect(commas.mentions.map(\.text) == ["QIs 1.1", "1.3", "2.2"])
        let notANumber = try mapper.map("QI 1, 3 and 4 were all discussed at the meeting.", role: .manager, limit: 5)
        #expect(notANumber.mentions.isEmpty)
        let sentences = try mapper.map("We graded QI 1.3. 2.2 staff were off.", role: .manager, limit: 5)
        #expect(sentences.mentions.map(\.text) == ["QI 1.3"])
    }

    @Test func wordsOfAMentionAreNotScoredAgain() throws {
        let thing = try mapper.map("Thing 21", role: .frontline, limit: 5)
        #expect(thing.mentions.map(\.code) == ["23L-21"])
        #expect(!thing.capabilities.flatMap(\.evidence).contains("Thing"))
        let named = try mapper.map("quality indicator 2.2 in How good is our early learning and childcare",
                                   role: .manager, limit: 5)
        #expect(named.mentions.map(\.code) == ["HGIOELC 2.2"])
        #expect(named.standards.first?.code == "HGIOELC 2.2")
        let level = try mapper.map(
            "I finished the SVQ Social Services and Healthcare at SCQF level 7 and led my team through a change in supervision.",
            role: .frontline, limit: 5)
        #expect(level.mentions.map(\.code) == ["svq-sshc-7"])
        let words = level.capabilities.flatMap(\.evidence) + level.standards.flatMap(\.evidence)
        #expect(!words.isEmpty)
        #expect(!words.contains { $0.lowercased().contains("level") || $0.lowercased().contains("social services") }, "\(words)")
    }

    @Test func evidenceQuotesTheWordsOnOneLine() throws {
        let result = try mapper.map("We ran a test        of\t\t\tchange on falls with the team and measured it.",
                                    role: .manager, limit: 5)
        let words = result.capabilities.flatMap(\.evidence) + result.standards.flatMap(\.evidence)
        #expect(words.contains("test of change"))
        #expect(!words.contains { $0.contains("  ") || $0.contains("\t") })
    }

    @Test func codesAndNamesInTheTextAreMentionedExactly() throws {
        let result = try mapper.map("""
            Evidence for SCDLMCA1 and unit h7lg04 of the SVQ Social Services and Healthcare at \
            SCQF level 7, towards GJ9V 24. I also did Thing 21.
            """, role: .manager, limit: 5)
        let mentions = result.mentions.map { "\($0.code)|\($0.kind)|\($0.text)" }
        #expect(mentions == [
            "SCDLMCA1|standard|SCDLMCA1",
            "H7LG 04|unit|h7lg04",
            "svq-sshc-7|qualification|SVQ Social Services and Healthcare at SCQF level 7",
            "svq-cslm-10|qualification|GJ9V 24",
            "23L-21|activity|Thing 21",
        ])
        // A mention feeds the ranking of what it names.
        #expect(result.standards.first?.code == "SCDLMCA1")
        #expect(result.standards.first?.evidence.contains("SCDLMCA1") == true)
    }

    @Test func ambiguousMentionsAreSettledByWhatTheTextIsAbout() throws {
        let nursery = try mapper.map(
            "For Thing 5 I shared our nursery vision with the children, families and practitioners.",
            role: .frontline, limit: 5)
        #expect(nursery.mentions.map(\.code) == ["23ELC-5"])
        let named = try mapper.map(
            "Using quality indicator 1.3 of How good is our early learning and childcare, we looked at leading change.",
            role: .manager, limit: 5)
        #expect(named.mentions.map(\.code) == ["HGIOELC 1.3"])
        let careHome = try mapper.map(
            "In our care home we self-evaluated QI 2.2 with residents and staff and wrote an improvement plan.",
            role: .manager, limit: 5)
        #expect(careHome.mentions.map(\.code) == ["CI-CH 2.2"])
    }

    @Test func wordsThatOnlyLookLikeCodesAreNotMentions() throws {
        let result = try mapper.map("I registered as a nurse in 2019 and worked level 4 shifts with a registered nurse.",
                                    role: .frontline, limit: 5)
        #expect(result.mentions.isEmpty)
    }

    @Test func hostileInputIsJustText() throws {
        for (text, words) in [("\"unbalanced", 1), ("NEAR(supervision", 2), ("safeguarding*)", 1), ("AND OR NOT", 3),
                              ("🙂🙂🙂", 0), ("‘’“”•…", 0), ("\u{0}", 0), ("coaching\u{301} mentoring", 2),
                              (String(repeating: "(", count: 1000), 0)] {
            let result = try mapper.map(text, role: .frontline, limit: 5)
            #expect(result.words == words, "\(text)")
            if words == 0 {
                #expect(result.capabilities.isEmpty && result.standards.isEmpty && result.mentions.isEmpty, "\(text)")
            }
        }
        let curly = try mapper.map("I’m using “co‑production” with carers’ groups • and it’s working", role: .frontline, limit: 5)
        #expect(curly.capabilities.first?.id == "empowering")
    }

    @Test func aMegabyteOfTextIsMappedInOnePass() throws {
        let paragraph = "I coached a colleague through a difficult shift and we reflected on it in supervision. "
        let text = String(repeating: paragraph, count: 1_048_576 / paragraph.utf8.count + 1)
        let result = try mapper.map(text, role: .frontline, limit: 5)
        #expect(result.words > 150_000)
        #expect(!result.capabilities.isEmpty)
        #expect(result.capabilities.allSatisfy { (0...1).contains($0.score) })
    }

    @Test func vocabularyTermsAreMatchedAsWrittenNotByStem() throws {
        // "mindfulness" is in the vocabulary; "mind" must not set it off.
        let literal = try mapper.map("I practised mindfulness to manage stress and protect my wellbeing at work.", role: .frontline, limit: 5)
        #expect(literal.capabilities.first?.evidence.contains { $0.hasPrefix("mindfulness → ") } == true)
        let stem = try mapper.map("I kept an open mind about the new rota and my wellbeing at work.", role: .frontline, limit: 5)
        #expect(!stem.capabilities.flatMap(\.evidence).contains { $0.contains("→ self-care") })
    }
}

/// The vocabulary is data: these checks keep it useful and keep the evaluation honest.
@Suite struct VocabularyTests {
    @Test func everyMeaningUsesWordsTheDataUses() throws {
        // The whole vocabulary, as a fresh build holds it.
        let index = try MappingIndex(database: try RealData.database(), tuning: Mapper.Tuning())
        let built = try #require(index.builtIndex)
        var useless: [String] = []
        for (term, expansions) in built.vocabulary {
            for expansion in expansions where !expansion.means.contains(where: { !built.terms[$0].postings.isEmpty }) {
                useless.append("\(term) → \(expansion.label)")
            }
        }
        #expect(useless.isEmpty, "meanings no item uses: \(useless)")
    }

    @Test func noTermIsItsOwnMeaning() throws {
        let database = try Database(path: RealData.path, mode: .readOnly)
        let rows = try database.query("SELECT term, means FROM vocabulary") { ($0.string(0), $0.string(1)) }
        #expect(rows.count >= 150)
        let circular = rows.filter { TermAnalyzer.terms($0.0) == TermAnalyzer.terms($0.1) }
        #expect(circular.isEmpty, "\(circular)")
    }

    /// The shared set is an outside check: no vocabulary term is written in any of its cases
    /// (the issue's own examples aside). Skipped (not passed) where ../shared is not beside the
    /// repository.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CLIPaths.sharedCases.path),
                   "needs ../shared/eval/cases.jsonl beside the repository"))
    func noVocabularyTermIsWrittenInTheSharedCases() throws {
        let allowed: Set<String> = ["co-production", "coproduction", "supervision", "pdsa", "test of change",
                                    "safeguarding", "adult support and protection", "resilience", "asp"]
        let texts = try caseTexts(CLIPaths.sharedCases)
        let copied = try vocabularyTerms().filter { term in
            !allowed.contains(term.lowercased()) && texts.contains { $0.contains(" " + MappingIndex.vocabularyKey(WordScanner.words(term)) + " ") }
        }
        #expect(copied.isEmpty, "vocabulary terms found in the shared cases: \(copied)")
    }

    /// The own cases and the vocabulary were written by different people, neither seeing the
    /// other's (Eval/README.md): ordinary phrases may coincide, but no term carries five words
    /// running from a case, which only copying would give.
    @Test func noVocabularyTermCopiesAnOwnCase() throws {
        func runs(_ words: [String]) -> Set<String> {
            words.count < 5 ? [] : Set((0...words.count - 5).map { words[$0..<$0 + 5].joined(separator: " ") })
        }
        var caseRuns: Set<String> = []
        for file in [CLIPaths.devCases, CLIPaths.testCases] {
            for text in try caseTexts(file) { caseRuns.formUnion(runs(text.split(separator: " ").map(String.init))) }
        }
        #expect(caseRuns.count > 10_000)
        let copied = try vocabularyTerms().filter { term in
            !runs(WordScanner.words(term).map { TermAnalyzer.lightForm($0.folded) }).isDisjoint(with: caseRuns)
        }
        #expect(copied.isEmpty, "\(copied)")
    }

    private func vocabularyTerms() throws -> [String] {
        let database = try Database(path: RealData.path, mode: .readOnly)
        return try database.query("SELECT DISTINCT term FROM vocabulary") { $0.string(0) }
    }

    /// Each case's words, folded and with plurals taken off as vocabulary terms are matched.
    private func caseTexts(_ file: URL) throws -> [String] {
        let cases = try EvaluationCase.load(String(contentsOf: file, encoding: .utf8), file: file.path)
        return cases.map { " " + WordScanner.words($0.text).map { TermAnalyzer.lightForm($0.folded) }.joined(separator: " ") + " " }
    }

    /// Link rationales are the project's own words: none repeats five words running from a case
    /// of the shared set. Skipped (not passed) where ../shared is not beside the repository.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CLIPaths.sharedCases.path),
                   "needs ../shared/eval/cases.jsonl beside the repository"))
    func noLinkRationaleEchoesTheSharedCases() throws {
        func runs(_ text: String) -> Set<String> {
            let words = WordScanner.words(text).map(\.folded)
            return words.count < 5 ? [] : Set((0...words.count - 5).map { words[$0..<$0 + 5].joined(separator: " ") })
        }
        let cases = try EvaluationCase.load(String(contentsOf: CLIPaths.sharedCases, encoding: .utf8), file: "shared")
        let caseRuns = cases.reduce(into: Set<String>()) { $0.formUnion(runs($1.text)) }
        let database = try Database(path: RealData.path, mode: .readOnly)
        let links = try database.query("SELECT from_code, to_code, rationale FROM link") { ($0.string(0), $0.string(1), $0.string(2)) }
        #expect(links.count > 500)
        let echoes = links.compactMap { from, to, rationale -> String? in
            let shared = runs(rationale).intersection(caseRuns)
            return shared.isEmpty ? nil : "\(from) → \(to): \(shared.sorted())"
        }
        #expect(echoes.isEmpty, "\(echoes)")
    }
}

/// Files of the repository the tests read.
enum CLIPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let benchmarkReflection = root.appendingPathComponent("Benchmarks/reflection-400.txt")
    /// The own labelled cases: the development set the mapper was tuned on, and the test set
    /// it is only measured on.
    static let devCases = root.appendingPathComponent("Eval/dev.jsonl")
    static let testCases = root.appendingPathComponent("Eval/test.jsonl")
    /// The shared evaluation set, checked out beside the repository (CI has it; a laptop may not).
    static let sharedCases = root.deletingLastPathComponent().appendingPathComponent("shared/eval/cases.jsonl")
    static let evalFixture = root.appendingPathComponent("Tests/Fixtures/eval/cases.jsonl")
}
