import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// The rule of `LogEvidence`, reference by reference, over the real data.
@Suite struct LogEvidenceTests {
    let lookup: ReferenceLookup

    init() throws {
        lookup = ReferenceLookup(database: try RealData.database())
    }

    func entry(_ id: Int, thing: String? = nil, _ references: [LogReference]) -> LogEntry {
        LogEntry(id: id, uuid: "00000000-0000-4000-8000-00000000000\(id)", date: "2025-01-0\(id)", title: "Entry \(id)", text: "",
                 hours: 1, thing: thing, element: nil, elementSource: nil, role: .frontline, words: 0,
                 createdAt: "2025-01-01T00:00:00Z", updatedAt: "2025-01-01T00:00:00Z", references: references)
    }

    @Test func onlyConfirmedReferencesCountAndSuggestionsAreToReview() throws {
        let evidence = try LogEvidence(entries: [
            entry(1, [LogFixture.reference("vision", kind: "capability", .suggested)]),
            entry(2, [LogFixture.reference("vision", kind: "capability", .rejected)]),
            entry(3, [LogFixture.reference("empowering", kind: "capability", .confirmed)]),
        ], lookup: lookup)
        #expect(!evidence.evidences("vision"))
        #expect(evidence.capability("vision")?.entriesToReview == [1])
        #expect(evidence.entryIDs(evidencing: "empowering") == [3])
        #expect(evidence.capabilitiesWithoutEvidence.map(\.id) == Capability.ids.filter { $0 != "empowering" })
    }

    /// An export writes the evidence a capability and an entry at a time: the same text as the
    /// whole value serialized, and the same answers as evidence read from the log's outlines.
    @Test func evidenceWrittenInPiecesIsTheWholeValue() throws {
        let entries = [
            entry(1, [LogFixture.reference("SCDLMCA1", kind: "standard", .confirmed),
                      LogFixture.reference("vision", kind: "capability", .suggested)]),
            entry(2, [LogFixture.reference("vision/M2", kind: "indicator", .confirmed)]),
            entry(3, thing: "23L-22", [LogFixture.reference("empowering", kind: "capability", .rejected)]),
        ]
        let evidence = try LogEvidence(entries: entries, lookup: lookup)
        for depth in [0, 1, 3] {
            var pieces: [String] = []
            try evidence.writeJSON(depth: depth) { pieces.append($0) }
            #expect(pieces.count > 6)
            #expect(pieces.joined() == evidence.json.serialized(depth: depth))
        }
        let none = try LogEvidence(entries: [], lookup: lookup)
        var text = ""
        try none.writeJSON(depth: 1) { text += $0 }
        #expect(text == none.json.serialized(depth: 1))

        let log = try LogFixture.emptyLog()
        for entry in entries { _ = try log.add(LogFixture.draft(entry.title, thing: entry.thing, references: entry.references)) }
        let read = try LogEvidence(log: log, lookup: lookup)
        #expect(read.capabilities.map { $0.entries.map(\.id) } == evidence.capabilities.map { $0.entries.map(\.id) })
        #expect(read.capabilities.map(\.entriesToReview) == evidence.capabilities.map(\.entriesToReview))
        #expect(read.capabilities(evidencedBy: 1).map(\.id) == evidence.capabilities(evidencedBy: 1).map(\.id))
        #expect(read.capabilities(evidencedBy: 1, reference: "SCDLMCA1") == ["self-leadership", "empowering"])
    }

    /// SCDLMCA1: self-leadership 1, empowering 0.6, motivating and inspiring 0.3.
    @Test func aLinkThatOnlyTouchesOnACapabilityDoesNotEvidenceIt() throws {
        let evidence = try LogEvidence(entries: [entry(1, [LogFixture.reference("SCDLMCA1", kind: "standard", .confirmed)])], lookup: lookup)
        #expect(evidence.capabilities(evidencedBy: 1).map(\.id) == ["self-leadership", "empowering"])
        let reference = try #require(evidence.capability("self-leadership")?.entries.first?.references.first)
        #expect(reference.route == .link(via: "SCDLMCA1") && reference.strength == 1)
    }

    @Test func anIndicatorAnElementWithoutLinksAndTheEntrysThingCount() throws {
        let evidence = try LogEvidence(entries: [
            entry(1, [LogFixture.reference("vision/M2", kind: "indicator", .confirmed)]),
            entry(2, [LogFixture.reference("SCDLMCA2/P3", kind: "element", .confirmed)]),
            entry(3, thing: "23L-22", []),
        ], lookup: lookup)
        #expect(evidence.capability("vision")?.entries.map(\.id) == [1, 2, 3])
        let viaStandard = try #require(evidence.capability("vision")?.entries[1].references.first)
        #expect(viaStandard.route == .link(via: "SCDLMCA2"))
        #expect(evidence.capability("vision")?.entries[0].references.first?.route == .indicator)
        #expect(evidence.claimedCodes == ["23L-22", "SCDLMCA2/P3", "vision/M2"])
    }

    @Test func aCodeTheDataLacksEvidencesNothing() throws {
        let evidence = try LogEvidence(entries: [entry(1, [LogFixture.reference("SCDLMCA9", kind: "standard", .confirmed)])], lookup: lookup)
        #expect(evidence.capabilitiesWithoutEvidence.count == 6)
        #expect(try lookup.capabilityEvidence(of: "SCDLMCA9").isEmpty)
    }
}
