import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

@Suite struct CatalogTests {
    let catalog: Catalog

    init() throws {
        let database = try ReferenceDatabase.openForImport(path: try Fixture.databasePath())
        try Importer.load(try DataSource.directory(Fixture.dataDirectory.path), into: database)
        catalog = Catalog(database: database)
    }

    @Test func codesResolveForgivingCaseAndSpaces() throws {
        #expect(try catalog.resolve("h7lg04") == .found(code: "H7LG 04", kind: "unit"))
        #expect(try catalog.resolve("SCDLMC A1") == .found(code: "SCDLMCA1", kind: "standard"))
        #expect(try catalog.resolve("lmc a1") == .found(code: "LMC A1", kind: "standard"))
    }

    @Test func groupAwardCodeFindsTheQualification() throws {
        #expect(try catalog.resolve("GJ9V 24") == .found(code: "svq-cslm-10", kind: "qualification"))
        #expect(try catalog.resolve("gj9v24") == .found(code: "svq-cslm-10", kind: "qualification"))
    }

    @Test func thingNumberFindsThe23ThingsLeadershipActivityFirst() throws {
        #expect(try catalog.resolve("Thing 4") == .found(code: "23L-4", kind: "activity"))
        #expect(try catalog.resolve("23ELC-4") == .found(code: "23ELC-4", kind: "activity"))
    }

    @Test func nearMissSuggestsClosestCodes() throws {
        guard case .notFound(let suggestions) = try catalog.resolve("SCDLMCA9") else {
            Issue.record("SCDLMCA9 should not resolve")
            return
        }
        #expect(suggestions.first == "SCDLMCA1")
        let error = #expect(throws: CrosswalkError.self) { _ = try catalog.detail("SCDLMCA9") }
        #expect(error?.description.hasPrefix("no item with code \"SCDLMCA9\"; did you mean: SCDLMCA1") == true)
    }

    @Test func nosDetailShowsUnitsBuiltOnItWithTheirQualifications() throws {
        let detail = try catalog.detail("SCDLMCA1")
        let incoming = detail.links.filter { $0.direction == "in" && $0.kind == "built-on" }
        #expect(incoming.map(\.code) == ["H7LG 04"])
        #expect(incoming.first?.context == "in SVQ Care Services Leadership and Management at SCQF level 10 (GJ9V 24), mandatory")
        let replaced = detail.links.filter { $0.direction == "out" && $0.kind == "replaces" }
        #expect(replaced.map(\.code) == ["LMC A1"])
        #expect(try catalog.detail("LMC A1").links.contains { $0.label == "replaced by" && $0.code == "SCDLMCA1" })
    }

    @Test func qualificationDetailListsItsUnitsByGroup() throws {
        let detail = try catalog.detail("GJ9V 24")
        let mandatory = detail.sections.first { $0.title.hasPrefix("Units: mandatory") }
        #expect(mandatory?.title == "Units: mandatory (take 4)")
        #expect(mandatory?.rows.map(\.code) == ["H7LG 04", "H7LH 04"])
        #expect(mandatory?.rows.first?.note == "10 credits; NOS SCDLMCA1")
        #expect(detail.provenance.status == "confirmed")
    }

    @Test func listFiltersIndicatorsByRoleAndCapability() throws {
        let listing = try catalog.list(.indicators, filters: ListFilters(role: "manager", capability: "vision"))
        #expect(listing.rows.count == 1)
        #expect(listing.rows.first?.first == .string("vision/M1"))
    }

    @Test func searchRanksAndHighlights() throws {
        let hits = try catalog.search("safeguarding")
        #expect(hits.first?.code == "SCDLMCB1")
        #expect(hits.first?.snippet.contains("[safeguarding]") == true)
    }

    @Test func searchStemsWordEndings() throws {
        #expect(try catalog.search("supervising").map(\.code).contains("SCDLMCA1"))
    }

    @Test func queryWordsAreDeduplicatedIgnoringCaseAndAccents() {
        #expect(SearchQuery.terms("Café care CAFE cafe caré care Care") == ["Café", "care"])
        #expect(SearchQuery.terms("lead, lead; LEAD (lead)") == ["lead"])
    }

    @Test func queryKeepsTheFirstDistinctWordsUpToTheCap() {
        let text = (0..<10_000).map { "w\($0)" }.joined(separator: " ")
        let terms = SearchQuery.terms(text)
        #expect(terms.count == SearchQuery.maximumTerms)
        #expect(terms.first == "w0")
        #expect(terms.last == "w\(SearchQuery.maximumTerms - 1)")
    }

    /// A pasted document repeats its words: it finds what its distinct words find.
    @Test func hugeRepetitiveQueryFindsWhatItsWordsFind() throws {
        let huge = String(repeating: "Safeguarding practice, safeguarding PRACTICE. ", count: 100_000)
        #expect(huge.utf8.count > 4_000_000)
        let expected = try catalog.search("safeguarding practice")
        #expect(!expected.isEmpty)
        #expect(try catalog.search(huge).map(\.code) == expected.map(\.code))
    }

    /// Many distinct words: the first ones are searched, and an early strong word still wins.
    @Test func hugeQueryOfDistinctWordsStillFindsItsLeadingWord() throws {
        let huge = "safeguarding " + (0..<200_000).map { "zq\($0)x" }.joined(separator: " ")
        let hits = try catalog.search(huge)
        #expect(hits.first?.code == "SCDLMCB1")
    }

    @Test(arguments: [
        "\"", "\"\"\"", "'", "(", ")", "*", "NEAR(", "NEAR(a b", "a AND", "OR", "NOT", "-", "^", ":",
        "col:vision", "{code}: x", "supervision\" OR \"x", "🙂 safeguarding 🙂", "", "   ", "café crèche", "a\u{0}b",
        String(repeating: "(", count: 500),
    ])
    func searchNeverFailsOnHostileInput(text: String) throws {
        _ = try catalog.search(text)
    }
}
