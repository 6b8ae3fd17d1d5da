import Testing
@testable import CrosswalkKit

/// The passages a text is read in, and the offsets a caller highlights them by.
@Suite struct PassageTests {
    func passages(_ text: String) -> [Passage] {
        PassageSplitter.passages(of: text, words: WordScanner.words(text)).map(\.passage)
    }

    /// Every passage's text is exactly the stretch its offsets name, counted in Unicode scalars.
    func expectOffsetsHold(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let scalars = Array(text.unicodeScalars)
        for passage in passages(text) {
            let stretch = String(String.UnicodeScalarView(scalars[passage.start..<passage.end]))
            #expect(stretch == passage.text, sourceLocation: sourceLocation)
        }
    }

    @Test func sentencesAreSplitAtTheirEnds() {
        let text = "I asked the team what they thought. They wanted a say! So we changed the rota? It worked."
        #expect(passages(text).map(\.text) == [
            "I asked the team what they thought.", "They wanted a say!", "So we changed the rota? It worked.",
        ])
        expectOffsetsHold(text)
    }

    @Test func aPassageTooShortToSayAnythingJoinsItsNeighbour() {
        #expect(passages("Yes. I chaired the review myself for the first time.").map(\.text)
                == ["Yes. I chaired the review myself for the first time."])
        // At the end it joins the one before.
        #expect(passages("I chaired the review myself for the first time. Finally!").map(\.text)
                == ["I chaired the review myself for the first time. Finally!"])
        // A heading joins the paragraph under it.
        #expect(passages("Thing 21\n\nI read the Care Inspectorate's quality framework with my team.").count == 1)
    }

    @Test func titlesAbbreviationsAndNumbersDoNotEndASentence() {
        let text = "Mrs. Brown and Dr. Shah met us, e.g. about QI 2.2 and the 3.5 hours of cover. Then we agreed a plan."
        #expect(passages(text).map(\.text) == [
            "Mrs. Brown and Dr. Shah met us, e.g. about QI 2.2 and the 3.5 hours of cover.", "Then we agreed a plan.",
        ])
    }

    @Test func listItemsArePassagesWithoutTheirMarkers() {
        let text = """
            What I did this month:
            - asked residents what they wanted from the garden
            • set up a planting group with two volunteers
            1. wrote up the plan for the team
            2) shared it at the staff meeting
            """
        let found = passages(text)
        #expect(found.map(\.text) == [
            "What I did this month:", "asked residents what they wanted from the garden",
            "set up a planting group with two volunteers", "wrote up the plan for the team",
            "shared it at the staff meeting",
        ])
        expectOffsetsHold(text)
    }

    @Test func aHardWrappedParagraphStaysOneSentence() {
        let text = "I spoke to the senior about how we could give residents more choice over\nthe times they get up in the morning, and she agreed."
        #expect(passages(text).count == 1)
    }

    @Test func offsetsCountUnicodeScalarsThroughEmojiCombiningMarksAndCRLF() {
        // A family emoji is several scalars joined by zero-width joiners; "é" here is "e" and a
        // combining accent; lines end in CR LF.
        let text = "We celebrated 👨‍👩‍👧 together today.\r\nThe café\u{301} group now runs itself 🎉.\r\n- residents chose the menu themselves"
        let found = passages(text)
        #expect(found.count == 3)
        #expect(found[0].text == "We celebrated 👨‍👩‍👧 together today.")
        #expect(found[0].start == 0)
        #expect(found[0].end == "We celebrated 👨‍👩‍👧 together today.".unicodeScalars.count)
        #expect(found[1].text == "The café\u{301} group now runs itself 🎉.")
        #expect(found[2].text == "residents chose the menu themselves")
        #expect(!found.contains { $0.text.contains("\r") })
        expectOffsetsHold(text)
    }

    @Test func aRunOnTextWithoutFullStopsIsCutAtItsClauses() {
        let clause = "we sat down with the family and talked about what mattered to him and what he wanted"
        let text = Array(repeating: clause, count: 5).joined(separator: ", ")
        let found = passages(text)
        #expect(found.count >= 2)
        #expect(found.allSatisfy { WordScanner.words($0.text).count <= PassageSplitter.longestPassage })
        expectOffsetsHold(text)
    }

    @Test func passagesAreNumberedInOrderAndNeverOverlap() {
        let text = "First I listened. Then I asked what would help. Then we tried it for a week. It helped."
        let found = passages(text)
        #expect(found.map(\.index) == Array(found.indices))
        for (before, after) in zip(found, found.dropFirst()) { #expect(before.end <= after.start) }
    }
}
