import Foundation
import SQLite

/// How each capability scores a passage that is not about it in particular, so that its scores
/// can be read against that.
///
/// A capability the data describes with more links, keywords or indicators scores higher on
/// any text, by chance alone ("support" and "people" lean to empowering simply because more
/// items evidencing empowering use them). So every capability's raw passage score is measured
/// on a background of ordinary texts of the field — the data's own running texts (capability
/// definitions, indicator and element statements, standard overviews, Thing themes), each
/// scored as a passage would be — and a passage's score is then read as standard deviations
/// above that capability's background mean. Nothing in it is set by hand per capability; a
/// different dataset gets its own calibration.
struct Calibration: Sendable, Equatable {
    /// Per capability, in the data's capability order: the spread of its raw score.
    let spread: [Double]
    /// Per standard, in `MappingIndex.standardItems` order.
    let standardSpread: [Double]
    private let averageSpread: Double
    private let averageStandardSpread: Double

    init(spread: [Double], standardSpread: [Double]) {
        self.spread = spread
        self.standardSpread = standardSpread
        averageSpread = spread.reduce(0, +) / Double(max(1, spread.count))
        averageStandardSpread = standardSpread.reduce(0, +) / Double(max(1, standardSpread.count))
    }

    /// The raw score as it would read for a capability with the average spread on the
    /// background: scaled by how much less (or more) this capability varies there than the
    /// average, to the power `strength` (1 is the full correction; less shrinks the measured
    /// spreads towards their average, as an estimate from a finite background should be).
    func calibrated(_ raw: Double, capability: Int, strength: Double) -> Double {
        raw * pow(averageSpread / spread[capability], strength)
    }

    /// The same for the standard at `position` in `MappingIndex.standardItems`: a standard
    /// with many keywords and elements matches more by chance too.
    func calibrated(_ raw: Double, standard position: Int, strength: Double) -> Double {
        raw * standardFactor(position, strength: strength)
    }

    /// What `calibrated(_:standard:strength:)` multiplies by: for a standard's many values at once.
    func standardFactor(_ position: Int, strength: Double) -> Double {
        pow(averageStandardSpread / standardSpread[position], strength)
    }

    /// How many background passages are drawn, and how long each is (in terms).
    static let backgroundPassages = 600
    static let backgroundLengths = 4...14

    /// The background: passages of words drawn at random from the data's own use of them
    /// (each term as often as items use it), with a fixed seed so every run measures the same.
    /// They are the field's ordinary words with no subject in particular, so what a capability
    /// scores on them is what it scores by chance.
    /// It needs every term of the data: `index` must be built afresh, not read from storage.
    static func measure(index: MappingIndex, tuning: Mapper.Tuning) -> Calibration {
        let count = index.capabilityNames.count
        guard let built = index.builtIndex else { preconditionFailure("the calibration is measured on an index built afresh") }
        // Single words only: a phrase is a subject, not chance.
        var candidates: [Int] = []
        var cumulative: [Double] = []
        var total = 0.0
        for id in built.termNames.indices where !built.termNames[id].contains(" ") && !built.terms[id].postings.isEmpty {
            total += Double(built.terms[id].postings.count)
            candidates.append(id)
            cumulative.append(total)
        }
        let standards = index.standardItems
        guard !candidates.isEmpty else {
            return Calibration(spread: Array(repeating: 1, count: count), standardSpread: Array(repeating: 1, count: standards.count))
        }
        var random = SplitMix64(seed: 0x5EED_C0DE)
        let lengths = Array(backgroundLengths)
        // Every passage is drawn first, in order (the draws follow one another)...
        var passages: [[Int]] = []
        for passage in 0..<backgroundPassages {
            var terms: [Int] = []
            for _ in 0..<lengths[passage % lengths.count] {
                let target = random.nextUnit() * total
                var low = 0, high = cumulative.count - 1
                while low < high {
                    let middle = (low + high) / 2
                    if cumulative[middle] < target { low = middle + 1 } else { high = middle }
                }
                terms.append(candidates[low])
            }
            passages.append(terms)
        }
        // ...then scored side by side, a batch at a time, on every core; what each passage
        // scored is added up in passage order, so the spreads are the same on any machine.
        let workers = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
        let scorers = (0..<workers).map { _ in StretchScorer(index: index, tuning: tuning, text: "", labels: Labels()) }
        var capabilities = Moments(count: count)
        var standardMoments = Moments(count: standards.count)
        let batch = 60
        for start in stride(from: 0, to: passages.count, by: batch) {
            let chosen = Array(passages[start..<min(start + batch, passages.count)])
            let scored = WorkShare.map(chosen.count, workers: scorers) { scorer, position in
                var stretch = scorer.score(terms: chosen[position])
                var (focused, rolled) = scorer.rollUp(stretch)
                let raws = scorer.rankCapabilities(stretch, standards: focused, role: .frontline).map(\.raw)
                let totals = standards.map { rolled.total[$0] }
                scorer.recycle(&rolled)
                scorer.recycle(&focused)
                scorer.recycle(&stretch)
                return (raws: raws, totals: totals)
            }
            for (_, passage) in scored {
                capabilities.add(passage.raws)
                standardMoments.add(passage.totals)
            }
        }
        return Calibration(spread: capabilities.spread, standardSpread: standardMoments.spread)
    }

    /// Running sums for a spread (standard deviation) per position.
    private struct Moments {
        var sums: [Double]
        var squares: [Double]
        var n = 0.0

        init(count: Int) {
            sums = Array(repeating: 0, count: count)
            squares = sums
        }

        mutating func add(_ values: [Double]) {
            for (position, value) in values.enumerated() {
                sums[position] += value
                squares[position] += value * value
            }
            n += 1
        }

        /// Never zero: a standard no background word touches gets the smallest spread seen.
        var spread: [Double] {
            let raw = zip(sums, squares).map { sum, square in
                let mean = sum / max(1, n)
                return max(0, square / max(1, n) - mean * mean).squareRoot()
            }
            let floor = raw.filter { $0 > 0 }.min() ?? 1
            return raw.map { max($0, floor) }
        }
    }

    // MARK: Stored with the database

    /// The calibration is measured when the database is loaded, with the standard tuning, and
    /// stored with the mapping index (see `MappingIndexStore`) under the method's version: a
    /// mapper with other tuning (a test's, an experiment's) measures its own.
    ///
    /// Raise when the scoring changes in a way that changes what the background measures.
    static let methodVersion = "passages-2"
}

/// A small fixed-seed generator (SplitMix64): the background must be the same on every machine.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// In 0..<1.
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
