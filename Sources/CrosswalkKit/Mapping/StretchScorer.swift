import Foundation

/// Scores one stretch of words — a passage of a text, or a background text — against every
/// item: steps 2-4 of `Mapper`. Only the items that share a term with the stretch are visited
/// (the terms' postings), and only the standards and links those items reach.
struct StretchScorer {
    let index: MappingIndex
    let tuning: Mapper.Tuning
    /// The whole text the words come from, for quoting them.
    let text: String
    let labels: Labels
    /// Arrays as long as the index has items, handed from stretch to stretch (see `recycle`).
    let scratch: Scratch

    init(index: MappingIndex, tuning: Mapper.Tuning, text: String, labels: Labels) {
        self.index = index
        self.tuning = tuning
        self.text = text
        self.labels = labels
        scratch = Scratch(count: index.itemCount)
    }

    /// Per-item arrays of zeros, kept between stretches: a stretch touches a few items, and
    /// clearing those is far cheaper than making arrays the length of the data each time.
    final class Scratch {
        let count: Int
        private var numbers: [[Double]] = []
        private var chains: [[Int32]] = []

        init(count: Int) {
            self.count = count
        }

        func takeNumbers() -> [Double] { numbers.popLast() ?? Array(repeating: 0, count: count) }

        /// Per item, no contribution yet (see `Contributions`).
        func takeChains() -> [Int32] { chains.popLast() ?? Array(repeating: -1, count: count) }

        /// Takes an array back once the entries at `used` (the only ones that can be set) are
        /// cleared; the caller's array is left empty.
        func giveBack(_ array: inout [Double], used: some Sequence<Int>) {
            guard array.count == count else { return }
            array.withUnsafeMutableBufferPointer { array in for item in used { array[item] = 0 } }
            numbers.append(array)
            array = []
        }

        func giveBack(_ array: inout [Int32], used: some Sequence<Int>) {
            guard array.count == count else { return }
            array.withUnsafeMutableBufferPointer { array in for item in used { array[item] = -1 } }
            chains.append(array)
            array = []
        }

        /// The items, each once, in increasing order, without sorting them.
        func inOrder(_ items: [Int]) -> [Int] {
            let order = itemOrder
            for item in items { order.insert(item) }
            return order.drain()
        }

        private lazy var itemOrder = OrderedMarks(count: count)

        /// Marks on items, on pairs of replaced standards and on related standards, each
        /// cleared at once for a new round by moving on a counter (no hash table).
        private(set) lazy var itemMarks = Marks(count: count)
        private var standardMarks: OrderedMarks?
        private var offers: LinkOffers?

        /// Offers to every capability, given how many links each has.
        func linkOffers(_ counts: [Int]) -> LinkOffers {
            if let offers { return offers }
            offers = LinkOffers(counts: counts)
            return offers!
        }

        func standardMarks(count: Int) -> OrderedMarks {
            if let marks = standardMarks { return marks }
            standardMarks = OrderedMarks(count: count)
            return standardMarks!
        }
        private var pairMarks: OrderedMarks?
        private var relatedMarks: OrderedMarks?

        func pairMarks(count: Int) -> OrderedMarks {
            if let marks = pairMarks { return marks }
            pairMarks = OrderedMarks(count: count)
            return pairMarks!
        }

        func relatedMarks(count: Int) -> OrderedMarks {
            if let marks = relatedMarks { return marks }
            relatedMarks = OrderedMarks(count: count)
            return relatedMarks!
        }
    }

    /// A set of positions below a fixed count. Its memory is its own (not an array property),
    /// so marking one costs a comparison and a store: it is done for every item a stretch
    /// touches.
    /// (Its state is behind pointers the class never reassigns, so reading it needs none of
    /// the exclusivity checks a `var` of a class costs.)
    final class Marks {
        private let stamps: UnsafeMutablePointer<UInt32>
        private let count: Int
        /// The stamp of the current round.
        private let round: UnsafeMutablePointer<UInt32>

        init(count: Int) {
            self.count = count
            stamps = .allocate(capacity: max(1, count))
            stamps.initialize(repeating: 0, count: max(1, count))
            round = .allocate(capacity: 1)
            round.initialize(to: 1)
        }

        deinit {
            stamps.deallocate()
            round.deallocate()
        }

        /// Empties the set.
        func clear() {
            round.pointee &+= 1
            if round.pointee == 0 {
                stamps.update(repeating: 0, count: max(1, count))
                round.pointee = 1
            }
        }

        /// Adds the position; true when it was not there yet.
        @inline(__always)
        func insert(_ position: Int) -> Bool {
            precondition(position >= 0 && position < count)
            guard stamps[position] != round.pointee else { return false }
            stamps[position] = round.pointee
            return true
        }

        func contains(_ position: Int) -> Bool { position >= 0 && position < count && stamps[position] == round.pointee }
    }

    /// The links a stretch offers the capabilities, each link once, read back by capability
    /// and, within one, by the link's position among its links, without sorting them.
    final class LinkOffers {
        private let order: OrderedMarks
        /// Where each capability's links start among every capability's.
        private let starts: [Int]
        private let items: UnsafeMutablePointer<Int>
        private let values: UnsafeMutablePointer<Double>

        init(counts: [Int]) {
            var starts = [0]
            for count in counts { starts.append(starts.last! + count) }
            self.starts = starts
            order = OrderedMarks(count: starts.last!)
            items = .allocate(capacity: max(1, starts.last!))
            values = .allocate(capacity: max(1, starts.last!))
        }

        deinit {
            items.deallocate()
            values.deallocate()
        }

        func add(capability: Int, ordinal: Int, item: Int, value: Double) {
            let position = starts[capability] + ordinal
            order.insert(position)
            items[position] = item
            values[position] = value
        }

        /// Every offer, by capability, then in link order; none are left after.
        func drain() -> [(capability: Int, item: Int, value: Double)] {
            var capability = 0
            return order.drain().map { position in
                while position >= starts[capability + 1] { capability += 1 }
                return (capability, items[position], values[position])
            }
        }
    }

    /// A set of positions below a fixed count, read back in increasing order: the standards a
    /// stretch reached, visited in `standardItems` order without sorting them.
    final class OrderedMarks {
        private let words: UnsafeMutablePointer<UInt64>
        private let wordCount: Int
        /// Words that may have a bit set, so clearing and reading skip the rest: the first
        /// `usedCount.pointee` (each word at most once, so there is room for all).
        private let used: UnsafeMutablePointer<Int>
        private let usedCount: UnsafeMutablePointer<Int>

        init(count: Int) {
            wordCount = max(1, (count + 63) / 64)
            words = .allocate(capacity: wordCount)
            words.initialize(repeating: 0, count: wordCount)
            used = .allocate(capacity: wordCount)
            usedCount = .allocate(capacity: 1)
            usedCount.initialize(to: 0)
        }

        deinit {
            words.deallocate()
            used.deallocate()
            usedCount.deallocate()
        }

        /// Adds the position; true when it was not there yet.
        @discardableResult @inline(__always)
        func insert(_ position: Int) -> Bool {
            let word = position >> 6
            precondition(word >= 0 && word < wordCount)
            let bit: UInt64 = 1 << UInt64(position & 63)
            guard words[word] & bit == 0 else { return false }
            if words[word] == 0 {
                used[usedCount.pointee] = word
                usedCount.pointee += 1
            }
            words[word] |= bit
            return true
        }

        /// The positions, in increasing order; the set is empty after.
        func drain() -> [Int] {
            var usedWords = UnsafeMutableBufferPointer(start: used, count: usedCount.pointee)
            usedWords.sort()
            var total = 0
            for word in usedWords { total += words[word].nonzeroBitCount }
            var positions: [Int] = []
            positions.reserveCapacity(total)
            for word in usedWords {
                var bits = words[word]
                while bits != 0 {
                    positions.append(word << 6 | bits.trailingZeroBitCount)
                    bits &= bits - 1
                }
                words[word] = 0
            }
            usedCount.pointee = 0
            return positions
        }
    }

    /// Item scores from one stretch's words, before roll-up, and what their evidence is read from.
    struct Stretch {
        var score: [Double]
        /// The same with each word weighted by how well it tells capabilities apart: what the
        /// capability ranking uses, so that "team" or "service" cannot decide it.
        var focused: [Double]
        /// Whether the stretch keeps what its items' evidence is worked out from (a passage does;
        /// a background stretch, scored only for its numbers, does not).
        var tracksEvidence: Bool
        var contributions = Contributions()
        /// By item, its last entry in `contributions` (-1 for none), when evidence is kept.
        var lastContribution: [Int32] = []
        /// Per capability: the words weighted by where the data uses them.
        var leaning: [Double]
        var leaningEvidence: [Evidence]
        /// The items that scored at all, in the order they first did: roll-up visits only these.
        var touched: [Int] = []
        /// Each label's words in the text, as ranges of indices into the text's words.
        var written: [Int: [ClosedRange<Int>]] = [:]
        /// The stretch's different terms, and those the data knows (some item uses them, or
        /// the vocabulary reads them).
        var stems: Set<String> = []
        var knownStems: Set<String> = []

        var knownShare: Double { stems.isEmpty ? 0 : Double(knownStems.count) / Double(stems.count) }
    }

    /// Standards after roll-up, by item index (0 for an item that is not a standard or did not
    /// score), with how their evidence is made up when the stretch kept any.
    struct Standards {
        var total: [Double]
        /// Whether these are the focused scores (see `Stretch.focused`), as the recipes are.
        var focused: Bool
        var recipes = EvidenceRecipes()
        /// By item, its last part in `recipes` (-1 for none), when evidence is kept.
        var lastPart: [Int32] = []
        /// The items with a total, each once.
        var scored: [Int] = []
    }

    /// A capability's raw score in one stretch and the words behind it.
    struct CapabilityRaw {
        var raw: Double
        var reasons: Evidence
    }

    func emptyStretch(keepingEvidence: Bool) -> Stretch {
        Stretch(score: scratch.takeNumbers(), focused: scratch.takeNumbers(), tracksEvidence: keepingEvidence,
                lastContribution: keepingEvidence ? scratch.takeChains() : [],
                leaning: Array(repeating: 0, count: index.capabilityNames.count),
                leaningEvidence: Array(repeating: Evidence(), count: index.capabilityNames.count))
    }

    /// Hands a stretch's arrays back for the next one; it must not be read after.
    func recycle(_ stretch: inout Stretch) {
        scratch.giveBack(&stretch.score, used: stretch.touched)
        scratch.giveBack(&stretch.focused, used: stretch.touched)
        scratch.giveBack(&stretch.lastContribution, used: stretch.touched)
    }

    func recycle(_ standards: inout Standards) {
        scratch.giveBack(&standards.total, used: standards.scored)
        scratch.giveBack(&standards.lastPart, used: standards.scored)
    }

    /// Steps 2-3 on `positions`, indices into `words` (the text's words): terms, vocabulary,
    /// and every item's score. `clauseStarts` marks words a phrase may not run into.
    func score(_ words: [Word], positions: [Int]) -> Stretch {
        var stretch = emptyStretch(keepingEvidence: true)
        guard !positions.isEmpty else { return stretch }
        let local = positions.map { words[$0] }
        let terms = MappingIndex.terms(in: local, compounds: .of(index), cache: &labels.stems)
        let (vocabularyFound, readByVocabulary) = vocabularyMatches(local)
        for term in terms {
            stretch.stems.insert(term.stem)
            if !stretch.knownStems.contains(term.stem),
               index.term(term.stem).map({ !$0.postings.isEmpty }) == true
                || readByVocabulary[term.firstWord...term.lastWord].contains(true) {
                stretch.knownStems.insert(term.stem)
            }
        }
        var frequency: [Int: Int] = [:]
        var surface: [Int: String] = [:]
        var where_: [Int: [ClosedRange<Int>]] = [:]
        func record(_ id: Int, _ first: Int, _ last: Int) {
            frequency[id, default: 0] += 1
            let span = hyphenGroup(words, from: positions[first], to: positions[last])
            if surface[id] == nil { surface[id] = Word.quote(text, from: words[span.lowerBound], to: words[span.upperBound]) }
            where_[id, default: []].append(span)
        }
        for (position, term) in terms.enumerated() {
            guard let known = index.term(term.stem) else { continue }
            record(known.id, term.firstWord, term.lastWord)
            for length in known.phraseLengths where position + length <= terms.count {
                let run = terms[position..<position + length]
                guard !run.dropFirst().contains(where: \.startsClause) else { continue }
                if let id = index.termID(MappingIndex.phraseKey(run.map(\.stem))) {
                    record(id, term.firstWord, run.last!.lastWord)
                }
            }
        }

        var query: [Int: (weight: Double, label: String, written: [ClosedRange<Int>], terms: [Int])] = [:]
        for (id, count) in frequency {
            query[id] = (saturated(count), surface[id]!, where_[id]!, [id])
        }
        // In key order: two written terms may mean the same at the same weight ("councillors",
        // "elected members"), and the one read first is credited in every process alike.
        for (key, found) in vocabularyFound.sorted(by: { $0.key < $1.key }) {
            guard let expansions = index.vocabulary(key) else { continue }
            for expansion in expansions {
                let weight = saturated(found.count) * expansion.weight
                let label = "\(found.written) → \(expansion.label)"
                let written = found.ranges.map { positions[$0.lowerBound]...positions[$0.upperBound] }
                for meant in expansion.means where weight > query[meant]?.weight ?? 0 {
                    query[meant] = (weight, label, written, expansion.means)
                }
            }
        }

        // In term order, so that sums come out the same in every process (a dictionary's
        // order is not).
        let ordered = query.sorted { $0.key < $1.key }
        let lengthNorm = min(tuning.longestTextDiscount, max(1, (Double(terms.count) / tuning.textLengthReference).squareRoot()))
        let count = index.capabilityNames.count
        let lengthNorms = index.lengthNorm
        // One contribution per posting: room for all of them at once.
        let postings = ordered.reduce(0) { $0 + index.term(id: $1.key).postings.count }
        stretch.contributions.reserve(postings)
        stretch.touched.reserveCapacity(min(postings, index.itemCount))
        for (id, entry) in ordered {
            let label = labels.number(entry.label, terms: entry.terms)
            stretch.written[label, default: []] += entry.written
            let term = index.term(id: id)
            let termWeight = entry.weight * term.idf / lengthNorm
            let focus = term.focus
            let source = stretch.contributions.source(label: label, focus: .scaled(focus))
            if focus > 0, !term.postings.isEmpty {
                for position in 0..<count {
                    let value = termWeight * focus * term.leaning[position]
                    stretch.leaning[position] += value
                    stretch.leaningEvidence[position].add(label, value)
                }
            }
            for (item, weight) in term.postings {
                let contribution = termWeight * weight / lengthNorms[item]
                if stretch.score[item] == 0 { stretch.touched.append(item) }
                stretch.score[item] += contribution
                stretch.focused[item] += contribution * focus
                stretch.contributions.add(item, source: source, value: contribution, last: &stretch.lastContribution)
            }
        }
        return stretch
    }

    /// A stretch of terms by id, as if written once each: how a background of words with no
    /// particular subject scores. Only the scores: no evidence is kept.
    func score(terms: [Int]) -> Stretch {
        var stretch = emptyStretch(keepingEvidence: false)
        let lengthNorm = min(tuning.longestTextDiscount, max(1, (Double(terms.count) / tuning.textLengthReference).squareRoot()))
        let count = index.capabilityNames.count
        let lengthNorms = index.lengthNorm
        for id in Set(terms).sorted() {
            let term = index.term(id: id)
            let termWeight = term.idf / lengthNorm
            let focus = term.focus
            for position in 0..<count where focus > 0 {
                stretch.leaning[position] += termWeight * focus * term.leaning[position]
            }
            for (item, weight) in term.postings {
                let contribution = termWeight * weight / lengthNorms[item]
                if stretch.score[item] == 0 { stretch.touched.append(item) }
                stretch.score[item] += contribution
                stretch.focused[item] += contribution * focus
            }
        }
        return stretch
    }

    private func saturated(_ count: Int) -> Double {
        Double(count) * (1 + tuning.repeatSaturation) / (Double(count) + tuning.repeatSaturation)
    }

    /// A word of "person-centred" or "co-production" is shown as the whole word.
    private func hyphenGroup(_ words: [Word], from first: Int, to last: Int) -> ClosedRange<Int> {
        var lower = first, upper = last
        while lower > 0, words[lower - 1].hyphenated { lower -= 1 }
        while upper + 1 < words.count, words[upper].hyphenated { upper += 1 }
        return lower...upper
    }

    /// Vocabulary terms written in the words: how often, as first written, and where; and
    /// which words they cover.
    private func vocabularyMatches(_ words: [Word])
        -> (matches: [String: (count: Int, written: String, ranges: [ClosedRange<Int>])], covered: [Bool]) {
        var matches: [String: (count: Int, written: String, ranges: [ClosedRange<Int>])] = [:]
        var covered = [Bool](repeating: false, count: words.count)
        let light = words.map { TermAnalyzer.lightForm($0.folded) }
        for start in words.indices where index.isVocabularyFirstWord(light[start]) {
            // Longer terms by extending the key a word at a time, while some term starts so.
            var key = light[start]
            var end = start
            while true {
                if index.vocabulary(key) != nil {
                    let written = Word.quote(text, from: words[start], to: words[end])
                    if let known = matches[key] {
                        matches[key] = (known.count + 1, known.written, known.ranges + [start...end])
                    } else {
                        matches[key] = (1, written, [start...end])
                    }
                    for position in start...end { covered[position] = true }
                }
                guard end + 1 < words.count, !words[end + 1].startsClause, index.isVocabularyPrefix(key) else { break }
                end += 1
                key += " " + light[end]
            }
        }
        return (matches, covered)
    }

    // MARK: Mentions

    /// A code the text names counts towards what it names, in the passage that names it.
    func boost(_ stretch: inout Stretch, item: Int, label: String, written: ClosedRange<Int>) {
        let label = labels.number(label, terms: [])
        stretch.written[label, default: []].append(written)
        if stretch.score[item] == 0 { stretch.touched.append(item) }
        stretch.score[item] += tuning.mentionBoost
        stretch.focused[item] += tuning.mentionCapabilityBoost
        let source = stretch.contributions.source(label: label, focus: .fixed(tuning.mentionCapabilityBoost))
        stretch.contributions.add(item, source: source, value: tuning.mentionBoost, last: &stretch.lastContribution)
    }

    // MARK: Roll-up

    /// Step 4: standards with their elements, replaced standards, related standards, for the
    /// focused scores (what capabilities are ranked on) and the plain ones (what standards are
    /// shown with) at once. Both visit the same standards, pairs and borrowers, and each comes out
    /// as if rolled up alone: a pair or borrower only the other reaches changes nothing in it
    /// (the older or lending standard holds nothing there). Only the standards the stretch
    /// reached are visited, in the same order as if every one were.
    func rollUp(_ stretch: Stretch) -> (focused: Standards, plain: Standards) {
        // A background stretch keeps no evidence: its scores only are wanted, and fast.
        let tracking = stretch.tracksEvidence
        func empty(focused: Bool) -> Standards {
            Standards(total: scratch.takeNumbers(), focused: focused, lastPart: tracking ? scratch.takeChains() : [])
        }
        var focused = empty(focused: true), plain = empty(focused: false)
        let rollUp = tuning.elementRollUp
        // The index's lists, held here: read through the index, each standard's would retain and
        // release them.
        let elements = index.standardElements
        // The best few elements of a standard, best first: `best[..<bestCount]`.
        var best = [Int](repeating: 0, count: rollUp.count)
        func rollElements(of item: Int, position: Int, score: [Double], into standards: inout Standards) {
            // Without sorting them all; an element ties after those before it.
            var bestCount = 0
            for element in elements[position] where score[element] > 0 {
                var slot = bestCount
                while slot > 0, score[best[slot - 1]] < score[element] { slot -= 1 }
                guard slot < rollUp.count else { continue }
                var move = min(bestCount, rollUp.count - 1)
                while move > slot {
                    best[move] = best[move - 1]
                    move -= 1
                }
                best[slot] = element
                bestCount = min(bestCount + 1, rollUp.count)
            }
            guard score[item] > 0 || bestCount > 0 else { return }
            var total = score[item]
            for rank in 0..<bestCount { total += rollUp[rank] * score[best[rank]] }
            standards.total[item] = total
            standards.scored.append(item)
            if tracking {
                standards.recipes.add(item, .item(Int32(item)), scale: 1, last: &standards.lastPart)
                for rank in 0..<bestCount {
                    standards.recipes.add(item, .item(Int32(best[rank])), scale: rollUp[rank], last: &standards.lastPart)
                }
            }
        }
        // Only standards that scored, or whose elements did, can roll up to anything: those,
        // in `standardItems` order.
        let reached = scratch.standardMarks(count: index.standardItems.count)
        let standardPosition = index.standardPosition
        for item in stretch.touched {
            let position = standardPosition[item]
            if position >= 0 { reached.insert(position) }
        }
        for position in reached.drain() {
            let item = index.standardItems[position]
            rollElements(of: item, position: position, score: stretch.focused, into: &focused)
            rollElements(of: item, position: position, score: stretch.score, into: &plain)
        }
        // A newer standard covers what the one it replaced covered (two passes follow chains).
        // The pairs whose older standard holds something, or comes to through a chain, in
        // link order: the others change nothing.
        if !index.replacesByItem.isEmpty {
            let reached = scratch.itemMarks, chosen = scratch.pairMarks(count: index.replacesByItem.count)
            let replacedIn = index.replacedIn
            reached.clear()
            var queue: [Int] = []
            for item in focused.scored + plain.scored where reached.insert(item) { queue.append(item) }
            while let item = queue.popLast() {
                for pair in replacedIn[item] where chosen.insert(pair) {
                    let newer = index.replacesByItem[pair].newer
                    if reached.insert(newer) { queue.append(newer) }
                }
            }
            let pairs = chosen.drain()
            func inherit(into standards: inout Standards) {
                for _ in 0..<2 {
                    for pair in pairs {
                        let (newer, older) = index.replacesByItem[pair]
                        let inherited = standards.total[older] * tuning.replacedInheritance
                        guard inherited > 0, inherited > standards.total[newer] else { continue }
                        if standards.total[newer] == 0 { standards.scored.append(newer) }
                        standards.total[newer] = inherited
                        if tracking {
                            standards.recipes.add(newer, .standard(standards.lastPart[older]), scale: tuning.replacedInheritance,
                                                  last: &standards.lastPart)
                        }
                    }
                }
            }
            inherit(into: &focused)
            inherit(into: &plain)
        }
        // Related standards across frameworks lend each other part of their match, so the NOS
        // behind a strongly matched quality indicator or learning domain is found too. Only a
        // standard related to one that holds something can borrow; they borrow in code order.
        if !index.relatedByItem.isEmpty {
            let chosen = scratch.relatedMarks(count: index.relatedByItem.count), lendsTo = index.lendsTo
            for item in focused.scored + plain.scored {
                for position in lendsTo[item] { chosen.insert(position) }
            }
            let borrowers = chosen.drain()
            func lend(into standards: inout Standards) {
                // The totals before any lending: what is lent is read from these.
                var direct = scratch.takeNumbers()
                let lenders = standards.scored
                defer { scratch.giveBack(&direct, used: lenders) }
                for item in lenders { direct[item] = standards.total[item] }
                for position in borrowers {
                    let (item, relations) = index.relatedByItem[position]
                    var lent = 0.0, from = -1
                    for relation in relations {
                        let value = tuning.relatedInheritance * relation.strength * direct[relation.item]
                        if value > lent { (lent, from) = (value, relation.item) }
                    }
                    guard from >= 0 else { continue }
                    if standards.total[item] == 0 { standards.scored.append(item) }
                    standards.total[item] += lent
                    let lender = direct[from]
                    if tracking, lender > 0 {
                        standards.recipes.add(item, .standard(standards.lastPart[from]), scale: lent / lender, last: &standards.lastPart)
                    }
                }
            }
            lend(into: &focused)
            lend(into: &plain)
        }
        return (focused, plain)
    }

    // MARK: Capabilities

    /// Step 4 for capabilities: every capability's raw score in the stretch, in the data's
    /// capability order.
    func rankCapabilities(_ stretch: Stretch, standards: Standards, role: Role) -> [CapabilityRaw] {
        let tracking = stretch.tracksEvidence
        var ranked: [CapabilityRaw] = []
        ranked.reserveCapacity(index.capabilityNames.count)
        var values: [(item: Int, value: Double)] = []
        /// The evidence of linked items, worked out once: a standard evidences several capabilities.
        var linked: [Int: Evidence] = [:]
        /// The best `depth` of `values`, largest first, kept as they come: no sort.
        func offer(_ item: Int, _ value: Double) {
            var slot = values.count
            while slot > 0, values[slot - 1].value < value { slot -= 1 }
            guard slot < tuning.depth else { return }
            values.insert((item, value), at: slot)
            if values.count > tuning.depth { values.removeLast() }
        }
        // The links of the items that hold something, by capability, in the order each
        // capability lists its links: the other links add nothing.
        let offered = scratch.linkOffers(index.linkCounts)
        let considered = scratch.itemMarks
        considered.clear()
        let offsets = index.capabilityLinks.offsets, links = index.capabilityLinks.values, kinds = index.kinds
        func consider(_ item: Int) {
            // Most items evidence no capability: passed over on their offsets alone.
            let start = offsets[item], end = offsets[item + 1]
            guard start < end, considered.insert(item) else { return }
            let value = kinds[item] == .standard ? standards.total[item] : stretch.focused[item]
            guard value > 0 else { return }
            for link in links[start..<end] {
                offered.add(capability: link.capability, ordinal: link.ordinal, item: item, value: value * link.strength)
            }
        }
        for item in stretch.touched { consider(item) }
        for item in standards.scored { consider(item) }
        let offers = offered.drain()
        var nextOffer = 0
        for position in index.capabilityNames.indices {
            var raw = tuning.capabilityLeaning * stretch.leaning[position]
            var reasons = Evidence()
            if tracking { reasons.merge(stretch.leaningEvidence[position], scale: tuning.capabilityLeaning) }
            if let own = index.capabilityItems[position], stretch.focused[own] > 0 {
                raw += tuning.capabilityOwn * stretch.focused[own]
                if tracking { reasons.merge(stretch.evidence(of: own, focused: true), scale: tuning.capabilityOwn) }
            }
            // The role's indicators count fully; another role's count a little, since a
            // frontline worker can still show what a manager's indicator describes.
            values.removeAll(keepingCapacity: true)
            for item in index.indicatorsByPosition[position] where stretch.focused[item] > 0 {
                offer(item, stretch.focused[item] * (index.roles[item] == role ? 1 : tuning.otherRoleIndicators))
            }
            for (rank, indicator) in values.enumerated() {
                let weight = tuning.capabilityIndicators * pow(tuning.decay, Double(rank))
                raw += weight * indicator.value
                if tracking {
                    reasons.merge(stretch.evidence(of: indicator.item, focused: true),
                                  scale: weight * indicator.value / stretch.focused[indicator.item])
                }
            }
            values.removeAll(keepingCapacity: true)
            while nextOffer < offers.count, offers[nextOffer].capability == position {
                offer(offers[nextOffer].item, offers[nextOffer].value)
                nextOffer += 1
            }
            for (rank, link) in values.enumerated() {
                let weight = tuning.capabilityLinks * pow(tuning.decay, Double(rank))
                raw += weight * link.value
                if tracking {
                    let isStandard = index.kinds[link.item] == .standard
                    let why: Evidence
                    if let known = linked[link.item] {
                        why = known
                    } else {
                        why = isStandard
                            ? stretch.evidence(ofStandard: link.item, in: standards)
                            : stretch.evidence(of: link.item, focused: true)
                        linked[link.item] = why
                    }
                    let strength = link.value / (isStandard ? standards.total[link.item] : stretch.focused[link.item])
                    reasons.merge(why, scale: weight * strength)
                }
            }
            ranked.append(CapabilityRaw(raw: raw, reasons: reasons))
        }
        return ranked
    }

    /// Steps 3-4 for a stretch of terms: its capabilities' raw scores.
    func capabilityScores(terms: [Int], role: Role) -> [Double] {
        var stretch = score(terms: terms)
        var (focused, plain) = rollUp(stretch)
        defer {
            recycle(&plain)
            recycle(&focused)
            recycle(&stretch)
        }
        return rankCapabilities(stretch, standards: focused, role: role).map(\.raw)
    }
}

/// Every contribution a stretch made to an item's score, in the order they were added, each
/// chained to the same item's one before. An item's evidence (the words behind its score) is
/// read back from its chain only when it is shown or its words are counted: a stretch touches
/// many items and a result shows a few, so scoring builds no evidence per item.
struct Contributions {
    /// How a contribution's focused value (see `Stretch.focused`) follows from its value.
    enum Focus {
        /// The value times the term's focus.
        case scaled(Double)
        /// This, whatever the value: a code the text names.
        case fixed(Double)
    }

    /// What made the contributions: a term of the stretch, or a code it names, each with its
    /// label. An entry names its source, so one per posting takes 16 bytes: at large data a
    /// passage makes hundreds of thousands.
    private var sources: [(label: Int, focus: Focus)] = []
    private(set) var entries: [(source: Int32, previous: Int32, value: Double)] = []

    mutating func relabel(_ number: (Int) -> Int) {
        for position in sources.indices { sources[position].label = number(sources[position].label) }
    }

    mutating func reserve(_ count: Int) {
        entries.reserveCapacity(entries.count + count)
    }

    /// A new source of contributions, to name in `add`.
    mutating func source(label: Int, focus: Focus) -> Int32 {
        sources.append((label, focus))
        return Int32(sources.count - 1)
    }

    /// Adds one, chained from `last[item]`, which then points at it.
    mutating func add(_ item: Int, source: Int32, value: Double, last: inout [Int32]) {
        entries.append((source, last[item], value))
        last[item] = Int32(entries.count - 1)
    }

    /// The evidence of the item whose chain ends at `last`, added up oldest first as its score
    /// was, so the same to the last bit as if it had been added up while scoring.
    func evidence(from last: Int32, focused: Bool) -> Evidence {
        var length = 0
        var position = last
        while position >= 0 {
            length += 1
            position = entries[Int(position)].previous
        }
        var evidence = Evidence()
        guard length > 0 else { return evidence }
        // The chain runs newest first: its positions are laid out, then read oldest first.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: length) { chain in
            var position = last
            for slot in stride(from: length - 1, through: 0, by: -1) {
                chain[slot] = position
                position = entries[Int(position)].previous
            }
            for position in chain {
                let entry = entries[Int(position)], source = sources[Int(entry.source)]
                guard focused else {
                    evidence.add(source.label, entry.value)
                    continue
                }
                switch source.focus {
                case .scaled(let focus): evidence.add(source.label, entry.value * focus)
                case .fixed(let value): evidence.add(source.label, value)
                }
            }
        }
        return evidence
    }
}

extension StretchScorer.Stretch {
    func evidence(of item: Int, focused: Bool) -> Evidence {
        contributions.evidence(from: lastContribution[item], focused: focused)
    }

    func evidence(ofStandard item: Int, in standards: StretchScorer.Standards) -> Evidence {
        standards.recipes.evidence(from: standards.lastPart[item], contributions: contributions, focused: standards.focused) {
            lastContribution[$0]
        }
    }
}

/// How the standards' evidence after roll-up is made up, for every standard of one stretch:
/// each standard's parts in the order roll-up gave them, each chained to the same standard's
/// part before (as `Contributions` are). A part is an item's own evidence, or another
/// standard's as it stood when lent (the end of its chain then), scaled; the parts are merged
/// in order. Roll-up logs parts and builds no evidence: it is read back for what is shown.
struct EvidenceRecipes {
    enum Source {
        case item(Int32)
        /// The end of the lending standard's chain when it lent.
        case standard(Int32)
    }

    private(set) var parts: [(source: Source, scale: Double, previous: Int32)] = []

    /// Adds a part to `standard`, chained from `last[standard]`, which then points at it.
    mutating func add(_ standard: Int, _ source: Source, scale: Double, last: inout [Int32]) {
        parts.append((source, scale, last[standard]))
        last[standard] = Int32(parts.count - 1)
    }

    /// The evidence of the standard whose chain ends at `last`, merged oldest part first;
    /// `itemLast` gives an item's chain in `contributions`.
    func evidence(from last: Int32, contributions: Contributions, focused: Bool, itemLast: (Int) -> Int32) -> Evidence {
        var chain: [Int32] = []
        var position = last
        while position >= 0 {
            chain.append(position)
            position = parts[Int(position)].previous
        }
        var evidence = Evidence()
        for position in chain.reversed() {
            let part = parts[Int(position)]
            switch part.source {
            case .item(let item):
                evidence.merge(contributions.evidence(from: itemLast(Int(item)), focused: focused), scale: part.scale)
            case .standard(let lent):
                evidence.merge(self.evidence(from: lent, contributions: contributions, focused: focused, itemLast: itemLast),
                               scale: part.scale)
            }
        }
        return evidence
    }
}
