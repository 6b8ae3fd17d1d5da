import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// The mapper reads passage by passage: what a worker and an assessor see in the result.
@Suite struct PassageMappingTests {
    let mapper: Mapper

    init() throws {
        mapper = try RealData.mapper()
    }

    @Test func routineRecordsAndAdminAreNotLeadershipAndSayWhy() throws {
        let records: [(text: String, reading: TextReading)] = [
            ("Daily note: Mr K up at 7.30am, washed and dressed with assistance of one. Ate all of his breakfast. "
             + "Fluids encouraged, 600ml by lunch. Settled in the lounge watching TV.", .careRecord),
            ("MAR: Amlodipine 5mg given 08:00, Metformin 500mg given 08:00 and 18:00. Paracetamol 1g PRN given 14:10 for knee pain.",
             .careRecord),
            ("Handover, late shift. Room 4 slept most of the afternoon, pad changed at 3pm. Room 9 family visiting "
             + "tonight. Room 12 not eating well, encourage snacks and record intake.", .careRecord),
            ("Care plan tasks:\n1. Assist with shower on Tuesdays and Fridays\n2. Apply cream to both heels\n"
             + "3. Give evening medication and sign the MAR\n4. Make a cup of tea before leaving", .careRecord),
            ("Hi all, can anyone swap a late on Saturday for my early on Monday? I have a wedding. Let me know, thanks Lynn",
             .admin),
            ("Team meeting minutes. Present: Anne, Bilal, Chris, Dawn. Apologies: Eve. Date of next meeting: 4th March.", .admin),
            ("Annual leave booked for 14th to 21st July, Sam is covering my shifts on the rota.", .admin),
        ]
        for (text, reading) in records {
            let result = try mapper.map(text, role: .frontline, limit: 5)
            #expect(result.capabilities.isEmpty && result.standards.isEmpty && result.units.isEmpty, "\(text)")
            #expect(result.noLeadership?.reading == reading, "\(text)")
        }
        let everyday = try mapper.map("We had a day at the beach and fish and chips on the way home.", role: .frontline)
        #expect(everyday.noLeadership?.reading == .everyday)
    }

    @Test func aRecordWithOneLeadershipPassageMapsThatPassageOnly() throws {
        let text = "Night report. 02:00 checks done, all asleep. 04:00 Room 7 pad changed and repositioned. "
            + "I noticed the checks wake people, so I suggested to my senior that we agree with each resident and "
            + "their family how often they want checking at night. 06:00 tea given to Room 2."
        let result = try mapper.map(text, role: .frontline)
        let leading = try #require(result.passages.firstIndex { $0.text.hasPrefix("I noticed") })
        #expect(!result.capabilities.isEmpty)
        for capability in result.capabilities { #expect(capability.passages == [leading], "\(capability.id)") }
        for standard in result.standards { #expect(standard.passages == [leading], "\(standard.code)") }
        #expect(result.unusedPassages.contains(0))
    }

    @Test func theSectorIsReadFromTheTextAndOtherSectorStandardsNeverComeFirst() throws {
        let careHome = "Our care home used How good is our leadership to look at how well residents and staff shape the "
            + "service. I led a session with residents and their families on what good leadership looks like here, "
            + "and we agreed three changes to how the unit is run."
        let adult = try mapper.map(careHome, role: .manager)
        #expect(adult.sector == .adult)
        let first = try #require(adult.standards.first)
        #expect(!Mapper.earlyLearningFrameworks.contains(first.framework), "\(first.code)")

        let nursery = "In our nursery I asked the children how they wanted the playroom set out, and their parents too. "
            + "We moved the book corner near the window as the children suggested, and I shared it with the staff team."
        let early = try mapper.map(nursery, role: .frontline)
        #expect(early.sector == .earlyLearning)
        let firstEarly = try #require(early.standards.first)
        #expect(!Mapper.adultServicesFrameworks.contains(firstEarly.framework), "\(firstEarly.code)")
    }

    @Test func evidenceWordsAreReasonsNotFragmentsOrNames() throws {
        let text = "For Thing 21 I read about co-production and then I asked the tenants to co-design the new garden "
            + "with us. They chose the plants and now they run the gardening group themselves."
        let result = try mapper.map(text, role: .frontline)
        #expect(!result.capabilities.isEmpty)
        let shown = result.capabilities.flatMap(\.evidence) + result.standards.flatMap(\.evidence)
        // A hyphenated word is shown whole, never as a fragment; a Thing's words name it.
        #expect(!shown.contains { ["co", "design", "thing", "21"].contains($0.lowercased()) }, "\(shown)")
        // Words every capability shares are no reason for one of them.
        for capability in result.capabilities {
            #expect(!capability.evidence.contains { ["the", "with", "now"].contains($0.lowercased()) })
        }
        // Each matched word marked in a passage is inside that passage.
        for capability in result.capabilities {
            for support in capability.support {
                let passage = result.passages[support.passage]
                #expect(support.matched.allSatisfy { $0.lowerBound >= passage.start && $0.upperBound <= passage.end })
            }
        }
    }

    /// A capability the data says more about (more links, keywords, indicators) must not win
    /// for that: on words drawn at random from the data, each capability comes first about as
    /// often as the others once calibrated.
    @Test func noCapabilityWinsOnChanceWordsBecauseTheDataSaysMoreAboutIt() throws {
        // Every term of the data, as a fresh build holds them.
        let index = try MappingIndex(database: mapper.database, tuning: mapper.tuning)
        let built = try #require(index.builtIndex)
        let scorer = StretchScorer(index: index, tuning: mapper.tuning, text: "", labels: Labels())
        var random = SplitMix64(seed: 20_261_201)
        let candidates = built.termNames.indices.filter { !built.termNames[$0].contains(" ") && !built.terms[$0].postings.isEmpty }
        var firsts = [Int](repeating: 0, count: index.capabilityNames.count)
        var rawFirsts = firsts
        let trials = 600
        for _ in 0..<trials {
            let terms = (0..<8).map { _ in candidates[Int(random.nextUnit() * Double(candidates.count))] }
            let raws = scorer.capabilityScores(terms: terms, role: .frontline)
            let calibrated = raws.enumerated().map { mapper.calibration.calibrated($1, capability: $0, strength: mapper.tuning.calibrationStrength) }
            if let best = calibrated.indices.max(by: { calibrated[$0] < calibrated[$1] }) { firsts[best] += 1 }
            if let best = raws.indices.max(by: { raws[$0] < raws[$1] }) { rawFirsts[best] += 1 }
        }
        let fair = Double(trials) / Double(firsts.count)
        // Uncalibrated, the most described capability wins far more than its share…
        #expect(Double(rawFirsts.max()!) > 1.5 * fair, "\(rawFirsts)")
        // …calibrated, none does.
        #expect(firsts.allSatisfy { Double($0) <= 1.5 * fair }, "\(firsts)")
    }

    @Test func aLongTextMostlyAboutOneCapabilityShowsThat() throws {
        let text = """
            After a hard month I took stock of how I was coping. I noticed I was snapping at colleagues when I was tired.
            I asked my senior for feedback on how I come across and she was honest with me.
            I have started keeping a reflective journal after each shift.
            I booked myself onto a resilience course and I now take my breaks properly.
            In supervision I set myself two goals for my own development and we will review them in March.
            I also shared a tip about the journal with a colleague who was struggling.
            """
        let result = try mapper.map(text, role: .frontline)
        let first = try #require(result.capabilities.first)
        #expect(first.id == "self-leadership")
        #expect(first.passages.count >= 4)
        for other in result.capabilities.dropFirst() {
            #expect(other.score < first.score - 0.15, "\(other.id) \(other.score) vs \(first.score)")
        }
    }

    @Test func unitsFitTheWriterANamedQualificationFirst() throws {
        let named = try mapper.map(
            "For my SVQ Social Services and Healthcare at SCQF level 7 I reflected on how I support people to make "
                + "their own choices, and I asked a colleague for feedback on my communication.",
            role: .frontline)
        let first = try #require(named.units.first)
        #expect(first.inNamedQualification)
        #expect(first.qualificationName.contains("SCQF level 7"))

        let frontline = try mapper.map(
            "I reflected on my practice in supervision and agreed a development plan; I also led the team huddle.",
            role: .frontline)
        let suits = frontline.units.map { unit in
            let index = mapper.index
            return (index.item(code: unit.code).map { index.builtOn[$0].map { index.item($0).code } } ?? [])
                .allSatisfy { NOSLevel(code: $0)?.suits(.frontline) ?? true }
        }
        // Practice units before management ones.
        #expect(suits == suits.sorted { $0 && !$1 }, "\(frontline.units.map(\.code))")
    }
}
