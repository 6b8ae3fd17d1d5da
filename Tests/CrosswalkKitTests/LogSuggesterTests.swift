import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// Suggestions and look-ups against the real, embedded reference data. The mapper will keep
/// improving, so these check what must hold whatever it ranks first.
@Suite struct LogSuggesterTests {
    let reference: Database
    let lookup: ReferenceLookup

    init() throws {
        reference = try LogFixture.embeddedReference()
        lookup = ReferenceLookup(database: reference)
    }

    static let supervisionText = """
        Supervision with my manager. We reflected on a difficult conversation with a family, and I \
        agreed to lead the next team meeting on person-centred planning and share what I learned.
        """

    @Test func suggestionsAreRealCodesStoredAsTheMappersSuggestions() throws {
        let suggestions = try LogSuggester(database: reference).suggest(for: Self.supervisionText, role: .frontline)
        #expect(!suggestions.references.isEmpty)
        #expect(Set(suggestions.references.map(\.code)).count == suggestions.references.count)
        for suggestion in suggestions.references {
            let info = try #require(try lookup.info(suggestion.code), "\(suggestion.code) is not in the reference data")
            #expect(info.kind == suggestion.kind)
            #expect(ReferenceLookup.referenceKinds.contains(suggestion.kind))
            #expect(suggestion.status == .suggested && suggestion.source == .mapper)
            #expect(suggestion.score.map { (0...1).contains($0) } ?? false)
            #expect(suggestion.title == info.title)
        }
        // Every capability with passage evidence strong enough, each with the passage that earned it.
        let capabilities = suggestions.references.filter { $0.kind == "capability" }
        #expect(!capabilities.isEmpty)
        #expect(capabilities.allSatisfy { ($0.score ?? 0) >= LogSuggester.minimumCapabilityScore })
        for suggestion in suggestions.references where suggestion.kind != "activity" {
            let passage = try #require(suggestion.passage, "\(suggestion.code) has no passage")
            #expect(Self.supervisionText.contains(passage), "\(passage)")
        }
        #expect(suggestions.references.filter { $0.kind == "standard" }.count <= LogSuggester.standardLimit)
        // CPL elements are the entry's element, not references.
        #expect(!suggestions.references.contains { $0.code.hasPrefix("CPL-") })
        // The text shares a word with a CPL element ("reflected"), so one is always suggested.
        let element = try #require(suggestions.element)
        #expect(try lookup.cplElements().contains(element))
    }

    @Test func codesTheWorkerAlreadyDecidedAreNeverSuggestedAgain() throws {
        let suggester = try LogSuggester(database: reference)
        let first = try suggester.suggest(for: Self.supervisionText, role: .manager)
        let decided = Set(first.references.prefix(2).map(\.code))
        let again = try suggester.suggest(for: Self.supervisionText, role: .manager, excluding: decided)
        #expect(decided.isDisjoint(with: again.references.map(\.code)))
    }

    /// A code or Thing the text names is suggested; a qualification it names is what the entry
    /// counts towards, never a reference.
    @Test func whatTheTextNamesIsSuggestedButNotTheEntrysOwnThingNorAQualification() throws {
        let suggester = try LogSuggester(database: reference)
        let text = "Building on Thing 21, I finished the SVQ Social Services and Healthcare at SCQF level 7 and read SCDLMCA1."
        let named = Dictionary(uniqueKeysWithValues: try suggester.suggest(for: text, role: .frontline).references.map { ($0.code, $0) })
        #expect(named["23L-21"]?.kind == "activity" && named["23L-21"]?.score == 1)
        #expect(named["svq-sshc-7"] == nil)
        #expect(!named.values.contains { $0.kind == "qualification" })
        #expect(try suggester.suggest(for: text, role: .frontline).namedQualifications == ["svq-sshc-7"])
        #expect(named["SCDLMCA1"]?.kind == "standard")

        let entry = LogEntry(id: 1, uuid: "u", date: "2025-01-01", title: "Thing 21", text: text, hours: nil, thing: "23L-21",
                             element: nil, elementSource: nil, role: .frontline, words: 0, createdAt: "", updatedAt: "",
                             references: [LogFixture.reference("SCDLMCA1", kind: "standard", .rejected)])
        let forEntry = Set(try suggester.suggest(for: entry).references.map(\.code))
        #expect(!forEntry.contains("svq-sshc-7"))
        #expect(!forEntry.contains("23L-21") && !forEntry.contains("SCDLMCA1"))
    }

    @Test func emptyTextSuggestsNothing() throws {
        let suggestions = try LogSuggester(database: reference).suggest(for: "  …  ", role: .frontline)
        #expect(suggestions.references.isEmpty)
        #expect(suggestions.element == nil)
    }

    @Test func keywordsPickTheCPLElementWhenTheMapperNamesNone() throws {
        let suggester = try LogSuggester(database: reference)
        let elements = try lookup.cplElements()
        #expect(try suggester.keywordElement("adult protection: recognising harm and reporting it", elements: elements)?.code == "CPL-4")
        #expect(try suggester.keywordElement("reflective practice in supervision", elements: elements)?.code == "CPL-6")
        #expect(try suggester.keywordElement("xylophone", elements: elements) == nil)
    }

    @Test func theCPLElementIsFoundByCodeNumberOrTitle() throws {
        #expect(try lookup.cplElements().map(\.code) == (1...7).map { "CPL-\($0)" })
        for text in ["CPL-6", "cpl6", "6", "reflective", "Reflective Practice"] {
            #expect(try lookup.resolveElement(text).code == "CPL-6", "\(text)")
        }
        #expect(try lookup.resolveElement("protection").code == "CPL-4")
        let ambiguous = #expect(throws: CrosswalkError.self) { _ = try lookup.resolveElement("practice") }
        #expect(ambiguous?.description == "--element \"practice\" matches CPL-1, CPL-6; give the code or number")
        let unknown = #expect(throws: CrosswalkError.self) { _ = try lookup.resolveElement("9") }
        #expect(unknown?.exitCode == 2)
        #expect(unknown?.description.contains("CPL-7 Leadership and quality assurance") == true)
    }

    @Test func aThingIsFoundByNumberInTheChosenProgrammeOrByCode() throws {
        let leadership = try lookup.resolveThing("22", programme: "23-things-leadership")
        #expect(leadership.code == "23L-22" && leadership.minWords == 400 && leadership.number == 22)
        #expect(try lookup.resolveThing("Thing 22", programme: "23-things-leadership").code == "23L-22")
        #expect(try lookup.resolveThing("5", programme: "23-things-elc").code == "23ELC-5")
        #expect(try lookup.resolveThing("23elc-5", programme: "23-things-leadership").code == "23ELC-5")
        for bad in ["24", "0", "SCDLMCA1", "vision"] {
            let error = #expect(throws: CrosswalkError.self) { _ = try lookup.resolveThing(bad, programme: "23-things-leadership") }
            #expect(error?.exitCode == 2, "\(bad)")
        }
    }

    @Test func theWordCheckSaysExactlyHowManyWordsAreMissing() throws {
        let thing22 = try #require(try lookup.thing(code: "23L-22"))
        let short = WordCheck(thing: thing22, words: 310)
        #expect(short.missing == 90)
        #expect(short.message == "Thing 22 (23L-22) needs at least 400 words; this entry has 310 (90 missing)")
        #expect(WordCheck(thing: thing22, words: 400).message == nil)
        #expect(WordCheck(thing: thing22, words: 400).missing == 0)

        let elc5 = try #require(try lookup.thing(code: "23ELC-5"))
        #expect(WordCheck(thing: elc5, words: 199).message == "Thing 5 (23ELC-5) needs at least 200 words; this entry has 199 (1 missing)")

        let unknown = try #require(try lookup.thing(code: "23L-5"))
        #expect(unknown.minWords == nil)
        #expect(WordCheck(thing: unknown, words: 250).message == "the minimum length for Thing 5 (23L-5) is not known; this entry has 250 words")
        #expect(WordCheck(thing: unknown, words: 250).missing == 0)
    }

    @Test func referenceInfoNamesTheFrameworkAndSource() throws {
        let capability = try #require(try lookup.info("vision"))
        #expect(capability.kind == "capability" && capability.capability == "vision")
        #expect(capability.frameworkID == "sssc-leadership-capabilities")
        #expect(capability.sourceURL.hasPrefix("http"))
        let standard = try #require(try lookup.info("SCDLMCA1"))
        #expect(standard.frameworkID == "lmcs-nos")
        #expect(standard.frameworkName?.hasPrefix("Leadership and Management for Care Services") == true)
        let indicator = try #require(try lookup.info("vision/F1"))
        #expect(indicator.capability == "vision")
        #expect(indicator.description == "Frontline indicator of the Vision capability")
        #expect(try lookup.info("NOT-A-CODE") == nil)
        #expect(try lookup.capabilityCodes("vision").contains("vision/M2"))
    }
}
