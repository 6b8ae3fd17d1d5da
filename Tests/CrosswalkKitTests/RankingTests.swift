import Testing
@testable import CrosswalkKit

/// The mapper ranks standards, units, indicators and elements by score and, on a tie, by code;
/// it looks codes up only for the ties it reaches. These check that the order shown is the one
/// a full sort by both gives.
struct RankingTests {
    /// Scores with many ties (a large dataset's copies score alike), keyed by a code.
    private static func scored(_ count: Int, seed: UInt64) -> [(code: String, score: Double)] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        return (0..<count).map { position in (code: "C\(next() % 100_000)-\(position)", score: Double(next() % 7) / 2) }
    }

    private static func fullSort(_ items: [(code: String, score: Double)]) -> [String] {
        items.sorted { $0.score != $1.score ? $0.score > $1.score : $0.code < $1.code }.map(\.code)
    }

    @Test func aRankingReadsInTheOrderOfScoreThenCode() {
        for seed in 1...20 {
            let items = Self.scored(300, seed: UInt64(seed))
            let ranking = Ranking(items, by: { $0.score > $1.score }, thenBy: { $0.code })
            #expect(ranking.map(\.code) == Self.fullSort(items))
        }
    }

    @Test func readingTheFirstFewLooksUpCodesOnlyForTheTiesReached() {
        let items = (0..<1000).map { (code: "S\(999 - $0)", score: $0 < 3 ? 2.0 : 1.0) }
        var looked = 0
        var ranking = Ranking(items, by: { $0.score > $1.score }, thenBy: { (item: (code: String, score: Double)) -> String in
            looked += 1
            return item.code
        })
        var shown: [String] = []
        while shown.count < 2, let next = ranking.next() { shown.append(next.code) }
        #expect(shown == ["S997", "S998"])
        #expect(looked == 3)
    }

    @Test func theFirstInOnePassIsTheFirstOfTheFullOrder() {
        for seed in 1...20 {
            let items = Self.scored(200, seed: UInt64(seed))
            #expect(items.first(by: { $0.score > $1.score }, thenBy: { $0.code })?.code == Self.fullSort(items).first)
        }
        let empty: [(code: String, score: Double)] = []
        #expect(empty.first(by: { $0.score > $1.score }, thenBy: { $0.code }) == nil)
    }
}
