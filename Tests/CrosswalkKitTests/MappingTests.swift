import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// The reference database built from the real embedded data, once per test run; each test
/// opens its own connection to it.
enum ReferenceFixture {
    static let path: String = {
        let path = try! Fixture.databasePath()
        _ = try! ReferenceDatabase.open(path: path)
        return path
    }()

    static func mapper() throws -> Mapper {
        try Mapper(database: try Database(path: path, mode: .readOnly))
    }
}

/// `Mapper` on the real data: what a worker sees from `crosswalk map` and the learning log.
@Suite struct MappingTests {
    let mapper: Mapper

    init() throws {
        mapper = try ReferenceFixture.mapper()
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
        ] {
            let result = try mapper.map(text, role: .frontline, limit: 5)
            #expect(result.capabilities.isEmpty && result.standards.isEmpty && result.units.isEmpty, "\(text)")
        }
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
        for text in ["\"unbalanced", "NEAR(supervision", "safeguarding*)", "AND OR NOT", "🙂🙂🙂", "‘’“”•…", "\u{0}",
                     "coaching\u{301} mentoring", String(repeating: "(", count: 1000)] {
            let result = try mapper.map(text, role: .frontline, limit: 5)
            #expect(result.words >= 0)
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
        let mapper = try ReferenceFixture.mapper()
        let index = mapper.index
        var useless: [String] = []
        for (term, expansions) in index.vocabulary {
            for expansion in expansions where !expansion.means.contains(where: { !index.postings[$0].isEmpty }) {
                useless.append("\(term) → \(expansion.label)")
            }
        }
        #expect(useless.isEmpty, "meanings no item uses: \(useless)")
    }

    @Test func noTermIsItsOwnMeaning() throws {
        let database = try Database(path: ReferenceFixture.path, mode: .readOnly)
        let rows = try database.query("SELECT term, means FROM vocabulary") { ($0.string(0), $0.string(1)) }
        #expect(rows.count >= 150)
        let circular = rows.filter { TermAnalyzer.terms($0.0) == TermAnalyzer.terms($0.1) }
        #expect(circular.isEmpty, "\(circular)")
    }

    @Test func noTermIsTakenFromTheProjectsLabelledCases() throws {
        // The issue's own examples are allowed; anything else written in a case would let the
        // evaluation grade its own answers.
        let allowed: Set<String> = ["co-production", "coproduction", "supervision", "pdsa", "test of change",
                                    "safeguarding", "adult support and protection", "resilience", "asp"]
        let cases = try EvaluationCase.load(String(contentsOf: CLIPaths.ownCases, encoding: .utf8), file: "Eval/cases.jsonl")
        let texts = cases.map { " " + WordScanner.words($0.text).map { TermAnalyzer.lightForm($0.folded) }.joined(separator: " ") + " " }
        let database = try Database(path: ReferenceFixture.path, mode: .readOnly)
        let terms = try database.query("SELECT DISTINCT term FROM vocabulary") { $0.string(0) }
        let copied = terms.filter { term in
            !allowed.contains(term.lowercased())
                && texts.contains { $0.contains(" " + MappingIndex.vocabularyKey(WordScanner.words(term)) + " ") }
        }
        #expect(copied.isEmpty, "vocabulary terms found in Eval/cases.jsonl: \(copied)")
    }
}

/// Files of the repository the tests read.
enum CLIPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let benchmarkReflection = root.appendingPathComponent("Benchmarks/reflection-400.txt")
    static let ownCases = root.appendingPathComponent("Eval/cases.jsonl")
    static let evalFixture = root.appendingPathComponent("Tests/Fixtures/eval/cases.jsonl")
}
