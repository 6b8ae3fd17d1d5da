import Foundation

/// One mapping of one text: its passages scored one by one, then put together (see `Mapper`).
struct TextRun {
    let index: MappingIndex
    let tuning: Mapper.Tuning
    let calibration: Calibration
    let text: String
    let words: [Word]
    /// Words as a person counts them.
    let wordCount: Int
    let scorer: StretchScorer
    let passages: [Passage]
    /// Each passage's words, as indices into `words`.
    let passageWords: [Range<Int>]
    /// Codes, names and Things the text names, found before any word is scored, and the
    /// frameworks it names.
    let found: [MentionFinder.Found]
    let namedFrameworks: [MentionFinder.NamedFramework]
    /// Each passage's words that are scored as words: all but those of mentions and of the
    /// framework names that settle them ("Thing 21" is not about things); the word after a
    /// left-out run starts a clause.
    let scoredPositions: [[Int]]
    let scoredWords: [Word]
    /// Unicode scalar offsets of each word, for marking matched words in a passage.
    let scalarOffsets: [Range<Int>]

    init(index: MappingIndex, tuning: Mapper.Tuning, calibration: Calibration, text: String) {
        self.index = index
        self.tuning = tuning
        self.calibration = calibration
        self.text = text
        let words = WordScanner.words(text)
        self.words = words
        wordCount = TextStatistics.wordCount(words, in: text)
        scorer = StretchScorer(index: index, tuning: tuning, text: text, labels: Labels())
        (found, namedFrameworks) = MentionFinder(index: index, words: words, text: text).find()
        let split = PassageSplitter.passages(of: text, words: words)
        passages = split.map(\.passage)
        passageWords = split.map(\.words)
        let named = Self.namedWords(found, namedFrameworks, count: words.count, index: index)
        // A passage starts a clause; so does the word after a name left out.
        var scored = words
        var positions: [[Int]] = []
        for range in passageWords {
            var kept: [Int] = []
            var afterBreak = true
            for position in range {
                if named[position] {
                    afterBreak = true
                    continue
                }
                if afterBreak, !scored[position].startsClause {
                    let word = scored[position]
                    scored[position] = Word(folded: word.folded, start: word.start, end: word.end, startsClause: true,
                                            hyphenated: word.hyphenated)
                }
                afterBreak = false
                kept.append(position)
            }
            positions.append(kept)
        }
        scoredWords = scored
        scoredPositions = positions
        scalarOffsets = WordScanner.scalarRanges(of: words, in: text)
    }

    private static func namedWords(_ found: [MentionFinder.Found], _ frameworks: [MentionFinder.NamedFramework],
                                   count: Int, index: MappingIndex) -> [Bool] {
        var named = [Bool](repeating: false, count: count)
        for mention in found { named.replaceSubrange(mention.words, with: repeatElement(true, count: mention.words.count)) }
        for framework in frameworks where found.contains(where: { mention in
            mention.candidates.count > 1 && mention.candidates.contains { index.parent(of: $0.code) == framework.id }
        }) {
            named.replaceSubrange(framework.words, with: repeatElement(true, count: framework.words.count))
        }
        return named
    }

    // MARK: The result

    /// One passage, scored, kept compact: only the items that scored, so that a text of many
    /// thousand passages holds what it needs and no more.
    struct ScoredPassage {
        var cues: ActionReading.Cues
        /// Items that scored from the passage's words (not rolled up), each with the end of its
        /// chain in `contributions`, from which its evidence is read when it is shown.
        var scores = ItemTable()
        var contributions = Contributions()
        /// Each label's words, as ranges of indices into the text's words.
        var written: [Int: [ClosedRange<Int>]] = [:]
        var knownShare = 0.0
        var capabilities: [StretchScorer.CapabilityRaw] = []
        var calibrated: [Double] = []
        /// Standards after roll-up, those that scored only, each with the end of its chain in
        /// `recipes`: how its evidence is made up.
        var standards = ItemTable()
        var recipes = EvidenceRecipes()
        /// It evidences leadership: the writer acting or reflecting, in words the data knows
        /// well enough, or naming what the text is evidence for.
        var evidences = false
        var namesItem = false

        func score(_ item: Int) -> Double { scores[item]?.value ?? 0 }

        /// Its labels renumbered (a passage scored with labels of its own joins the text's).
        mutating func relabel(_ number: (Int) -> Int) {
            written = Dictionary(uniqueKeysWithValues: written.map { (number($0.key), $0.value) })
            contributions.relabel(number)
            for position in capabilities.indices { capabilities[position].reasons.relabel(number) }
        }

        /// An indicator's, element's or unit's own evidence in the passage (a standard's comes
        /// from its roll-up, a capability's from its ranking).
        func evidence(of item: Int) -> Evidence {
            contributions.evidence(from: scores[item]?.last ?? -1, focused: false)
        }

        func standardEvidence(of item: Int) -> Evidence {
            recipes.evidence(from: standards[item]?.last ?? -1, contributions: contributions, focused: false) {
                scores[$0]?.last ?? -1
            }
        }
    }

    /// Steps 2-5 for one passage: its words scored (with what it names boosted), ranked,
    /// calibrated, and kept compact.
    private func scorePassage(_ position: Int, role: Role, boosts: [(item: Int, label: String, written: ClosedRange<Int>)] = [],
                              scorer: StretchScorer? = nil) -> (passage: ScoredPassage, stems: Set<String>, known: Set<String>) {
        let scorer = scorer ?? self.scorer
        var stretch = scorer.score(scoredWords, positions: scoredPositions[position])
        for boost in boosts { scorer.boost(&stretch, item: boost.item, label: boost.label, written: boost.written) }
        var passage = ScoredPassage(cues: ActionReading.cues(words[passageWords[position]], in: text))
        passage.scores = ItemTable(scorer.scratch.inOrder(stretch.touched)) { (stretch.score[$0], stretch.lastContribution[$0]) }
        passage.contributions = stretch.contributions
        passage.written = stretch.written
        passage.knownShare = stretch.knownShare
        var (focused, rolled) = scorer.rollUp(stretch)
        passage.capabilities = scorer.rankCapabilities(stretch, standards: focused, role: role)
        passage.calibrated = passage.capabilities.enumerated().map {
            calibration.calibrated($1.raw, capability: $0, strength: tuning.calibrationStrength)
        }
        passage.standards = ItemTable(scorer.scratch.inOrder(rolled.scored.filter { index.kinds[$0] == .standard })) {
            (rolled.total[$0], rolled.lastPart[$0])
        }
        passage.recipes = rolled.recipes
        let stems = stretch.stems, known = stretch.knownStems
        // What the passage keeps is copied out; the per-item arrays go to the next passage.
        scorer.recycle(&rolled)
        scorer.recycle(&focused)
        scorer.recycle(&stretch)
        return (passage, stems, known)
    }

    /// Passages scored on each core when a text has at least this many per core: fewer are
    /// scored sooner than threads start.
    static let passagesPerWorker = 6

    /// Every passage scored, in order. Passages are scored independently, so a text of many is
    /// scored on every core (up to four), each worker with a scorer of its own; each passage's
    /// labels are then renumbered into the text's own in passage order, and nothing else
    /// depends on which worker scored what: the result is the one scoring them in turn gives.
    private func scoreEveryPassage(role: Role, cores: Int) -> [(passage: ScoredPassage, stems: Set<String>, known: Set<String>)] {
        let workers = min(4, cores, passages.count / Self.passagesPerWorker)
        guard workers > 1 else { return passages.indices.map { scorePassage($0, role: role) } }
        let scorers = (0..<workers).map { _ in StretchScorer(index: index, tuning: tuning, text: text, labels: Labels()) }
        let run = self
        let scored = WorkShare.map(passages.count, workers: scorers) { scorer, position in
            run.scorePassage(position, role: role, scorer: scorer)
        }
        // Each worker's label numbers, renumbered into the text's labels as passages need them.
        var renumbered = scorers.map { [Int?](repeating: nil, count: $0.labels.names.count) }
        return scored.map { worker, scoredPassage in
            let own = scorers[worker].labels
            var (passage, stems, known) = scoredPassage
            passage.relabel { label in
                if let number = renumbered[worker][label] { return number }
                let number = scorer.labels.number(own.names[label], terms: own.terms[label])
                renumbered[worker][label] = number
                return number
            }
            return (passage, stems, known)
        }
    }

    /// `cores`: how many passages may be scored at once (the machine's cores unless a test says).
    mutating func result(role: Role, limit: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> MappingResult {
        // The text as a whole: how much of it the data knows, and which sector it reads as.
        var stems: Set<String> = [], known: Set<String> = []
        var scored: [ScoredPassage] = []
        scored.reserveCapacity(passages.count)
        for (passage, passageStems, passageKnown) in scoreEveryPassage(role: role, cores: cores) {
            scored.append(passage)
            stems.formUnion(passageStems)
            known.formUnion(passageKnown)
        }
        // The people and places the text speaks of decide; a text that names none reads as
        // either (the data's words are shared by both sectors too often to say).
        let markers = SectorReading.lean(words)
        let sector: MappingResult.Sector
        if markers.early != markers.adult, Double(max(markers.early, markers.adult)) / Double(markers.early + markers.adult) >= tuning.clearSectorShare {
            sector = markers.early > markers.adult ? .earlyLearning : .adult
        } else {
            sector = .unclear
        }
        let textTerms = stems.count
        let knownTerms = known.count

        // Which passages can evidence leadership at all. A text dense with the marks of a
        // record (times, doses, meals, rota, leave) and with no first-person action is a
        // record, and evidences nothing. Otherwise, in a text with the writer in it, a
        // passage counts when it has them acting or reflecting, or opens on an action with
        // its "I" left out ("Tried Talking Mats with…"), or simply carries no record marks.
        // A record with one passage of the writer acting (a night report, then "I suggested…")
        // is a record around that passage: only it counts.
        let hasWriterActing = scored.contains { $0.cues.isLeadershipAction }
        let (recordMarks, recordWords) = scored.indices.filter { !scored[$0].cues.isLeadershipAction }
            .reduce((0, 0)) { ($0.0 + scored[$1].cues.careRecord + scored[$1].cues.admin, $0.1 + passageWords[$1].count) }
        let density = hasWriterActing ? tuning.mixedRecordDensity : tuning.recordDensity
        let isRecord = Double(recordMarks) >= density * Double(max(1, recordWords))
        let hasWriter = scored.contains { $0.cues.firstPerson || $0.cues.opensWithAction || $0.cues.reflection }
        for position in scored.indices {
            let cues = scored[position].cues
            let eligible = cues.isLeadershipAction
                || !isRecord && hasWriter && (cues.opensWithAction || cues.careRecord + cues.admin == 0)
            scored[position].evidences = eligible && leadershipStrength(scored[position]) >= tuning.minimumPassage
        }
        let textShowsLeadership = accumulate(scored.filter(\.evidences).map(leadershipStrength)) >= tuning.minimumLeadership
        if !textShowsLeadership {
            for position in scored.indices { scored[position].evidences = false }
        }
        // A mention adds to what it names when the text's words show leadership, or stands for
        // the text when it says little else ("Thing 21", "Evidence for SCDLMCA1"); beside words
        // about something else it is only listed.
        let boost = textShowsLeadership || textTerms < tuning.minimumDistinctTerms
        var mentions: [MappingResult.Mention] = []
        var mentionedItems: Set<Int> = []
        var mentionedQualifications: Set<String> = []
        var boosts: [Int: [(item: Int, label: String, written: ClosedRange<Int>)]] = [:]
        var seen: Set<String> = []
        let namedFrameworkIDs = Set(namedFrameworks.map(\.id))
        for mention in found {
            guard let target = choose(mention.candidates, frameworks: namedFrameworkIDs, sector: sector, scored: scored) else { continue }
            if seen.insert(target.code).inserted {
                mentions.append(.init(text: mention.text, code: target.code, kind: target.kind))
            }
            guard boost, let position = passageWords.firstIndex(where: { $0.contains(mention.words.lowerBound) }) else { continue }
            let targets: [Int]
            switch target.kind {
            case "qualification":
                mentionedQualifications.insert(target.code)
                targets = []
            case "unit":
                // The unit and the NOS it is built on.
                targets = index.item(code: target.code).map { [$0] + index.builtOn[$0] } ?? []
            default:
                targets = index.item(code: target.code).map { [$0] } ?? []
            }
            for item in targets {
                guard mentionedItems.insert(item).inserted else { continue }
                boosts[position, default: []].append((item, mention.text, mention.words.lowerBound...(mention.words.upperBound - 1)))
            }
        }
        // A passage naming what the text is evidence for is read again with that boosted.
        for (position, named) in boosts {
            scored[position] = scorePassage(position, role: role, boosts: named).passage
            scored[position].namesItem = true
            scored[position].evidences = true
        }

        let evidencing = scored.indices.filter { scored[$0].evidences }
        let context = Context(role: role, limit: limit, sector: sector, knownTerms: knownTerms,
                              mentioned: !mentionedItems.isEmpty, mentionedItems: mentionedItems,
                              mentionedQualifications: mentionedQualifications,
                              frameworks: FrameworkTraits(index: index,
                                                          named: namedFrameworkIDs.union(mentionedItems.map { index.parent(ofItem: $0) })))
        guard !evidencing.isEmpty else {
            return MappingResult(role: role, words: wordCount, passages: passages, sector: sector, capabilities: [],
                                 standards: [], units: [], mentions: mentions,
                                 noLeadership: noLeadership(scored, knownShare: textTerms == 0 ? 0 : Double(knownTerms) / Double(textTerms)))
        }
        let gathered = Gathered(scored, evidencing: evidencing, itemCount: index.itemCount)
        let capabilities = capabilityMatches(scored, evidencing: evidencing, gathered: gathered, context: context)
        let standards = aggregateStandards(scored, gathered: gathered, context: context)
        return MappingResult(
            role: role, words: wordCount, passages: passages, sector: sector,
            capabilities: Array(capabilities.prefix(limit)),
            standards: standardMatches(standards, scored: scored, gathered: gathered, context: context),
            units: unitMatches(scored, gathered: gathered, standards: standards, context: context),
            mentions: mentions)
    }

    /// What the text-wide steps need to know.
    struct Context {
        let role: Role
        let limit: Int
        let sector: MappingResult.Sector
        let knownTerms: Int
        let mentioned: Bool
        let mentionedItems: Set<Int>
        let mentionedQualifications: Set<String>
        /// What ranking asks of a standard's framework, with the frameworks the text names, or
        /// names an item of.
        let frameworks: FrameworkTraits

        /// Asked of thousands of standards, and most texts name none.
        func isMentioned(_ item: Int) -> Bool { !mentionedItems.isEmpty && mentionedItems.contains(item) }
    }

    /// What ranking asks of a standard's framework, read once per framework: a text reaches
    /// thousands of standards of a few frameworks.
    struct FrameworkTraits {
        struct Traits {
            /// The text names it, or an item of it.
            var named: Bool
            var earlyLearning: Bool
            var adultServices: Bool
            var forManagers: Bool
        }

        private let index: MappingIndex
        private let named: Set<String>
        /// By position in `MappingIndex.parents`.
        private let byParent: [Traits]

        init(index: MappingIndex, named: Set<String>) {
            self.index = index
            self.named = named
            byParent = index.parents.map { Self.traits(of: $0, named: named) }
        }

        func of(_ item: Int) -> Traits {
            let position = index.parentPosition[item]
            return position >= 0 ? byParent[position] : Self.traits(of: index.parent(ofItem: item), named: named)
        }

        private static func traits(of framework: String, named: Set<String>) -> Traits {
            Traits(named: named.contains(framework), earlyLearning: Mapper.earlyLearningFrameworks.contains(framework),
                   adultServices: Mapper.adultServicesFrameworks.contains(framework),
                   forManagers: Mapper.managerFrameworks.contains(framework))
        }
    }

    /// How strongly a passage's best capability shows leadership content, given how much of
    /// the passage is in the data's language (see `Tuning.minimumLeadership`).
    private func leadershipStrength(_ passage: ScoredPassage) -> Double {
        (passage.calibrated.max() ?? 0) * pow(passage.knownShare, tuning.knownShareExponent)
    }

    /// Why no passage evidences leadership, in words the writer can act on.
    private func noLeadership(_ scored: [ScoredPassage], knownShare: Double) -> MappingResult.NoLeadership {
        let acting = scored.contains { $0.cues.isLeadershipAction }
        let careRecord = scored.reduce(0) { $0 + $1.cues.careRecord }
        let admin = scored.reduce(0) { $0 + $1.cues.admin }
        if !acting, careRecord > 0 || admin > 0 {
            return careRecord >= admin
                ? .init(reading: .careRecord, reason: "this reads as a care record: it describes tasks done, not a leadership action")
                : .init(reading: .admin, reason: "this reads as a rota, leave or meeting note: it arranges work, not a leadership action")
        }
        if !acting, knownShare >= 0.65 {
            return .init(reading: .noAction, reason: "it says what happened, but no sentence has you deciding, changing, "
                         + "supporting someone to do something themselves, or reflecting on your practice")
        }
        return .init(reading: .everyday, reason: "nothing in it matches a capability or a standard strongly enough")
    }

    // MARK: Mentions

    /// A Thing exists in both programmes and "QI 2.2" in several frameworks: take the one in a
    /// framework the text names, else the one the text's words fit best, else by sector.
    private func choose(_ candidates: [(code: String, kind: String)], frameworks: Set<String>,
                        sector: MappingResult.Sector, scored: [ScoredPassage]) -> (code: String, kind: String)? {
        guard candidates.count > 1 else { return candidates.first }
        if let named = candidates.first(where: { frameworks.contains(index.parent(of: $0.code)) }) { return named }
        let earlyLearning = sector == .earlyLearning
        func fit(_ candidate: (code: String, kind: String)) -> (Double, Bool) {
            let sectorMatch = Mapper.earlyLearningFrameworks.contains(index.parent(of: candidate.code)) == earlyLearning
            let content = candidate.kind == "activity" ? 0
                : index.item(code: candidate.code).map { item in scored.reduce(0) { $0 + $1.score(item) } } ?? 0
            return (content, sectorMatch)
        }
        return candidates.max { a, b in
            let (fitA, sectorA) = fit(a), (fitB, sectorB) = fit(b)
            if abs(fitA - fitB) > 0.5 { return fitA < fitB }
            return !sectorA && sectorB
        }
    }

    // MARK: Putting passages together

    /// Each item's values over the evidencing passages, gathered in two passes over them (a
    /// long text has thousands of passages, and each holds only the few items it touched).
    struct Gathered {
        /// Items' own scores (indicators, elements, units…), by item, in passage order.
        let items: ItemValues
        /// Standards after roll-up, by item, in passage order.
        let standards: ItemValues

        init(_ scored: [ScoredPassage], evidencing: [Int], itemCount: Int) {
            items = ItemValues(count: itemCount) { add in
                for passage in evidencing {
                    for entry in scored[passage].scores.entries where entry.value > 0 { add(entry.item, passage, entry.value) }
                }
            }
            standards = ItemValues(count: itemCount) { add in
                for passage in evidencing {
                    for entry in scored[passage].standards.entries { add(entry.item, passage, entry.value) }
                }
            }
        }

        /// An item's values in the given passages only.
        func values(of item: Int, in passages: Set<Int>) -> [(passage: Int, value: Double)] {
            items[item].filter { passages.contains($0.passage) }
        }
    }

    /// Strongest first: the best counts fully, the next `passageDecay` of its value, and so on.
    private func accumulate(_ values: some Collection<Double>) -> Double {
        // Most items hold one or two values: the same sums, without sorting.
        if values.count == 1 { return 0 + values.first! }
        if values.count == 2 {
            let first = values.first!, second = values[values.index(after: values.startIndex)]
            return (0 + max(first, second)) + tuning.passageDecay * min(first, second)
        }
        var total = 0.0, weight = 1.0
        for value in values.sorted(by: >) {
            total += weight * value
            weight *= tuning.passageDecay
        }
        return total
    }

    /// The passages whose value for an item reaches `passageShareOfBest` of its best one, strongest
    /// first, with the words of each that matched: `evidence` gives the item's evidence in a
    /// passage, and `keep` the words of it to mark.
    private func support(_ values: [(passage: Int, value: Double)], scored: [ScoredPassage],
                         evidence: (Int) -> Evidence, keep: (Int) -> Bool = { _ in true }) -> [MappingResult.Support] {
        let best = values.map(\.value).max() ?? 0
        return values.filter { $0.value > 0 && $0.value >= best * tuning.passageShareOfBest }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.passage < $1.passage }
            .enumerated().map { rank, entry in
                // Only the strongest passages are ever quoted; the rest are named by index.
                guard rank < tuning.passagesMarked else { return MappingResult.Support(passage: passages[entry.passage].index, matched: []) }
                var marks: [Range<Int>] = []
                // The words that count, not every word that touched it.
                let weights = evidence(entry.passage).entries.filter { keep($0.label) }
                let strongest = weights.map(\.weight).max() ?? 0
                for (label, weight) in weights where weight >= strongest * tuning.minimumShareOfBest {
                    for span in scored[entry.passage].written[label] ?? [] {
                        marks.append(scalarOffsets[span.lowerBound].lowerBound..<scalarOffsets[span.upperBound].upperBound)
                    }
                }
                return MappingResult.Support(passage: passages[entry.passage].index, matched: marks.mergingOverlaps())
            }
    }

    /// A code the text names, or a word the data leans towards the capability at `position`.
    private func isReason(_ label: Int, capability position: Int) -> Bool {
        let terms = scorer.labels.terms[label]
        guard !terms.isEmpty else { return true }
        let count = index.capabilityNames.count
        return terms.contains { index.term(id: $0).leaning[position] * Double(count) >= tuning.evidenceLean }
    }

    /// Enough different words matched, or the text names a code. A text with fewer known
    /// words than `minimumDistinctTerms` ("I mentored a student") needs only as many as it has.
    private func isSubstantial(_ distinctTerms: Int, context: Context) -> Bool {
        distinctTerms >= min(tuning.minimumDistinctTerms, max(1, context.knownTerms)) || context.mentioned
    }

    // MARK: Capabilities

    private func capabilityMatches(_ scored: [ScoredPassage], evidencing: [Int], gathered: Gathered,
                                   context: Context) -> [MappingResult.CapabilityMatch] {
        var ranked: [(match: MappingResult.CapabilityMatch, total: Double)] = []
        for (position, (id, name)) in index.capabilityNames.enumerated() {
            // A passage evidences the capabilities it is most about, calibrated, not every one
            // its words touch.
            var values: [(passage: Int, value: Double)] = []
            for passage in evidencing {
                let calibrated = scored[passage].calibrated
                let best = calibrated.max() ?? 0
                let value = calibrated[position]
                guard value > 0 else { continue }
                // Full weight for the passage's best capability, less the further behind it is.
                let weighted = value * pow(value / best, tuning.passageSharpness)
                values.append((passage, weighted))
            }
            guard !values.isEmpty else { continue }
            let total = accumulate(values.map(\.value))
            var reasons = Evidence()
            for entry in values {
                let raw = scored[entry.passage].capabilities[position].raw
                if raw > 0 { reasons.merge(scored[entry.passage].capabilities[position].reasons, scale: entry.value / raw) }
            }
            guard isSubstantial(reasons.distinctTerms, context: context) else { continue }
            let indicators = indicatorMatches(of: position, in: Set(values.map(\.passage)), scored: scored, gathered: gathered, role: context.role)
            ranked.append((.init(id: id, name: name, score: Mapper.normalise(total, scale: tuning.capabilityScale),
                                 evidence: reasons.top(tuning.evidenceShown, labels: scorer.labels, keep: { isReason($0, capability: position) }),
                                 indicators: indicators,
                                 support: support(values, scored: scored, evidence: { scored[$0].capabilities[position].reasons },
                                                  keep: { isReason($0, capability: position) })), total))
        }
        ranked.sort { $0.total != $1.total ? $0.total > $1.total : $0.match.id < $1.match.id }
        let best = ranked.first?.total ?? 0
        return ranked.filter { $0.match.score >= tuning.minimumCapability && $0.total >= best * tuning.minimumCapabilityShare }.map(\.match)
    }

    private func indicatorMatches(of capability: Int, in passagesOfCapability: Set<Int>, scored: [ScoredPassage],
                                  gathered: Gathered, role: Role) -> [MappingResult.IndicatorMatch] {
        var found: [Found] = []
        for item in index.indicatorsByPosition[capability] where index.roles[item] == role {
            let values = gathered.values(of: item, in: passagesOfCapability)
            let value = Mapper.normalise(accumulate(values.map(\.value)), scale: tuning.indicatorScale)
            guard value >= tuning.minimumIndicator else { continue }
            found.append(Found(item: item, score: value, values: values))
        }
        return shown(found, count: tuning.indicatorsShown).map { indicator in
            let entry = index.item(indicator.item)
            return .init(code: entry.code, text: entry.title, score: indicator.score,
                         support: support(indicator.values, scored: scored, evidence: { scored[$0].evidence(of: indicator.item) }))
        }
    }

    /// An indicator or element that scored, with its values by passage.
    private struct Found {
        let item: Int
        let score: Double
        let values: [(passage: Int, value: Double)]
    }

    /// The best `count`, by score, then code: only those are quoted, so only theirs are worked out.
    private func shown(_ found: [Found], count: Int) -> [Found] {
        Array(Ranking(found, by: { $0.score > $1.score }, thenBy: { index.item($0.item).code }).prefix(count))
    }

    // MARK: Standards and units

    /// Each standard's total over the evidencing passages, ranked for the writer. A text reaches
    /// thousands of standards and shows a few: their values by passage, calibrated, are worked
    /// out only for those shown or whose words are counted.
    struct StandardTotals {
        /// The standards with a total, in item order.
        var items: [Int] { gathered.items }
        /// By item: the standard's values by passage, not yet calibrated.
        private let gathered: ItemValues
        /// By item: its total, and what its passages' values are multiplied by.
        private var totals: [Double]
        private var factors: [Double]

        init(_ gathered: ItemValues, itemCount: Int) {
            self.gathered = gathered
            totals = Array(repeating: 0, count: itemCount)
            factors = Array(repeating: 0, count: itemCount)
        }

        mutating func set(_ item: Int, total: Double, factor: Double) {
            totals[item] = total
            factors[item] = factor
        }

        /// Its total; nil for a standard no evidencing passage reached.
        subscript(item: Int) -> Double? { gathered[item].isEmpty ? nil : totals[item] }

        /// Calibrated, by evidencing passage.
        func values(of item: Int) -> [(passage: Int, value: Double)] {
            gathered[item].map { (passage: $0.passage, value: $0.value * factors[item]) }
        }
    }

    /// A standard's evidence over the text: each passage's, scaled by its share of the best.
    /// Worked out only for a standard that can be shown, or whose words are counted.
    private func evidence(ofStandard item: Int, values: [(passage: Int, value: Double)], scored: [ScoredPassage]) -> Evidence {
        var evidence = Evidence()
        let best = values.map(\.value).max() ?? 0
        for entry in values { evidence.merge(scored[entry.passage].standardEvidence(of: item), scale: entry.value / best) }
        return evidence
    }

    /// Each standard over the evidencing passages, then ranked for the writer: a superseded
    /// standard, a NOS for another level of role and the other sector's standards lower.
    private func aggregateStandards(_ scored: [ScoredPassage], gathered: Gathered, context: Context) -> StandardTotals {
        var totals = StandardTotals(gathered.standards, itemCount: index.itemCount)
        for item in gathered.standards.items {
            let factor = calibration.standardFactor(index.standardPosition[item], strength: tuning.standardCalibrationStrength)
            var total = accumulate(gathered.standards[item].lazy.map { $0.value * factor })
            if index.isReplaced[item] { total *= tuning.supersededDiscount }
            if let level = index.nosLevels[item], !level.suits(context.role) { total *= tuning.otherLevelDiscount }
            // The middle manager framework is a manager's, as the leadership NOS are.
            if context.role == .frontline, context.frameworks.of(item).forManagers { total *= tuning.otherLevelDiscount }
            if isOtherSector(item, context: context) {
                total *= tuning.otherSectorDiscount
            } else if context.sector == .unclear, isSectorSpecific(item, context: context) {
                // A text that names no children and no residents reads as either: standards
                // written for one sector only come after the general ones.
                total *= tuning.unclearSectorDiscount
            }
            totals.set(item, total: total, factor: factor)
        }
        return totals
    }

    /// A standard of early learning for a text that reads as adult services, or the reverse,
    /// that the text does not name.
    private func isOtherSector(_ item: Int, context: Context) -> Bool {
        let framework = context.frameworks.of(item)
        guard !framework.named, !context.isMentioned(item) else { return false }
        switch context.sector {
        case .adult: return framework.earlyLearning
        case .earlyLearning: return framework.adultServices
        case .unclear: return false
        }
    }

    private func isSectorSpecific(_ item: Int, context: Context) -> Bool {
        let framework = context.frameworks.of(item)
        guard !framework.named, !context.isMentioned(item) else { return false }
        return framework.earlyLearning || framework.adultServices
    }

    /// Best first, at most the context's limit and a few per framework so that one framework
    /// cannot fill the list, and a superseded standard only when the one replacing it is not
    /// shown (it carries its words). The other sector's standards never come first.
    private func standardMatches(_ standards: StandardTotals, scored: [ScoredPassage], gathered: Gathered,
                                 context: Context) -> [MappingResult.StandardMatch] {
        let best = standards.items.map { standards[$0]! }.max() ?? 0
        // Only standards strong enough to be shown are ranked, and only as far as they are read.
        func isStrong(_ total: Double) -> Bool {
            Mapper.normalise(total, scale: tuning.standardScale) >= tuning.minimumStandard && total >= best * tuning.minimumShareOfBest
        }
        let strong = standards.items.map { (item: $0, total: standards[$0]!) }.filter { isStrong($0.total) }
        let byTotal: ((item: Int, total: Double), (item: Int, total: Double)) -> Bool = { $0.total > $1.total }
        let code: ((item: Int, total: Double)) -> String = { index.item($0.item).code }
        // The other sector's standards never come first: the first of the text's sector, among
        // all of them, goes before them.
        var promoted: (item: Int, total: Double)?
        if let first = strong.first(by: byTotal, thenBy: code), isOtherSector(first.item, context: context),
           let same = standards.items.lazy.filter({ !self.isOtherSector($0, context: context) })
            .map({ (item: $0, total: standards[$0]!) }).first(by: byTotal, thenBy: code),
           isStrong(same.total) {
            promoted = same
        }
        var ranking = Ranking(strong.filter { $0.item != promoted?.item }, by: byTotal, thenBy: code)
        var perFramework: [String: Int] = [:]
        var shown: Set<Int> = []
        var matches: [MappingResult.StandardMatch] = []
        var next = promoted
        while matches.count < context.limit, let item = (next ?? ranking.next())?.item {
            next = nil
            let total = standards[item]!, values = standards.values(of: item)
            let value = Mapper.normalise(total, scale: tuning.standardScale)
            let evidence = evidence(ofStandard: item, values: values, scored: scored)
            guard isSubstantial(evidence.distinctTerms, context: context) || context.mentionedItems.contains(item) else { continue }
            let entry = index.item(item)
            guard perFramework[entry.parent, default: 0] < tuning.standardsPerFramework,
                  !index.replacedBy[item].contains(where: { newer in
                      shown.contains(newer) || standards[newer] ?? 0 >= total
                  })
            else { continue }
            perFramework[entry.parent, default: 0] += 1
            shown.insert(item)
            matches.append(.init(framework: entry.parent, code: entry.code, title: entry.title, score: value,
                                 evidence: evidence.top(tuning.evidenceShown, labels: scorer.labels),
                                 elements: elementMatches(of: item, in: Set(values.map(\.passage)), scored: scored,
                                                          gathered: gathered),
                                 support: support(values, scored: scored,
                                                  evidence: { scored[$0].standardEvidence(of: item) })))
        }
        return matches
    }

    private func elementMatches(of standard: Int, in passagesOfStandard: Set<Int>, scored: [ScoredPassage],
                                gathered: Gathered) -> [MappingResult.ElementMatch] {
        var found: [Found] = []
        for item in index.standardElements[index.standardPosition[standard]] {
            let values = gathered.values(of: item, in: passagesOfStandard)
            let value = Mapper.normalise(accumulate(values.map(\.value)), scale: tuning.elementScale)
            guard value >= tuning.minimumElement else { continue }
            found.append(Found(item: item, score: value, values: values))
        }
        return shown(found, count: tuning.elementsShown).map { element in
            let entry = index.item(element.item)
            return .init(code: entry.code, text: entry.title, score: element.score,
                         support: support(element.values, scored: scored, evidence: { scored[$0].evidence(of: element.item) }))
        }
    }

    /// Units follow their NOS, at most the context's limit. A qualification the text names comes
    /// first; for a frontline writer, units built on practice NOS come before those built on
    /// leadership NOS.
    private func unitMatches(_ scored: [ScoredPassage], gathered: Gathered, standards: StandardTotals,
                             context: Context) -> [MappingResult.UnitMatch] {
        struct Candidate {
            let item: Int
            /// The qualification the text names that holds it.
            let named: String?
            let suits: Bool
            let raw: Double
            /// The standards it is built on that scored: their words count as the unit's.
            let scoredStandards: [Int]
        }
        // Only a unit that scored itself, or is built on a standard that did, can score: each
        // once (a text reaches thousands of standards, and many share their units).
        var units: [Int] = [], reached = [Bool](repeating: false, count: index.itemCount)
        func reach(_ unit: Int) {
            guard !reached[unit] else { return }
            reached[unit] = true
            units.append(unit)
        }
        for item in gathered.items.items where index.kinds[item] == .unit { reach(item) }
        for standard in standards.items {
            for unit in index.unitsBuiltOn[standard] { reach(unit) }
        }
        // Which qualifications hold a unit is read from the database, so only for the units a
        // named qualification could move up and for those that can be shown.
        var qualificationsOf: [Int: [String]] = [:]
        func qualifications(_ unit: Int) -> [String] {
            if let known = qualificationsOf[unit] { return known }
            let found = index.qualifications(ofUnit: unit)
            qualificationsOf[unit] = found
            return found
        }
        var candidates: [Candidate] = []
        for item in units {
            let own = gathered.items[item]
            var raw = accumulate(own.map(\.value))
            var suits = true
            var scoredStandards: [Int] = []
            for standard in index.builtOn[item] {
                if let level = index.nosLevels[standard], !level.suits(context.role) { suits = false }
                guard let total = standards[standard] else { continue }
                raw += tuning.unitFromStandard * total
                scoredStandards.append(standard)
            }
            guard raw > 0 else { continue }
            var named: String?
            if !context.mentionedQualifications.isEmpty {
                named = qualifications(item).first { context.mentionedQualifications.contains($0) }
                if named != nil { raw *= tuning.unitInMentionedQualification }
            }
            candidates.append(Candidate(item: item, named: named, suits: suits || context.role != .frontline, raw: raw,
                                        scoredStandards: scoredStandards))
        }
        // A unit no qualification holds is never shown, nor sets the bar for the others.
        let best: Double
        if let highest = candidates.max(by: { $0.raw < $1.raw }), !qualifications(highest.item).isEmpty {
            best = highest.raw
        } else {
            best = candidates.sorted { $0.raw > $1.raw }.first { !qualifications($0.item).isEmpty }?.raw ?? 0
        }
        // Only units that can be shown are ranked, those of a qualification the text names and
        // those strong enough, and only as far as they are read.
        let keys = candidates.map { (named: $0.named != nil, suits: $0.suits, raw: $0.raw) }
        var ranking = Ranking(keys.indices.filter {
            keys[$0].named || Mapper.normalise(keys[$0].raw, scale: tuning.unitScale) >= tuning.minimumUnit
                && keys[$0].raw >= best * tuning.minimumShareOfBest
        }, by: {
            let (a, b) = (keys[$0], keys[$1])
            if a.named != b.named { return a.named }
            if a.suits != b.suits { return a.suits }
            return a.raw > b.raw
        }, thenBy: { [candidates] in index.item(candidates[$0].item).code })
        /// The most different words behind the unit: its own in a passage, or a standard's (many
        /// units share a standard: each standard's are counted once).
        var standardTerms: [Int: Int] = [:]
        func terms(_ unit: Candidate) -> Int {
            var most = gathered.items[unit.item].reduce(0) { max($0, scored[$1.passage].evidence(of: unit.item).distinctTerms) }
            for standard in unit.scoredStandards {
                if standardTerms[standard] == nil {
                    standardTerms[standard] = evidence(ofStandard: standard, values: standards.values(of: standard), scored: scored)
                        .distinctTerms
                }
                most = max(most, standardTerms[standard]!)
            }
            return most
        }
        var matches: [MappingResult.UnitMatch] = []
        while matches.count < context.limit, let position = ranking.next() {
            let unit = candidates[position]
            guard let qualification = unit.named ?? qualifications(unit.item).first else { continue }
            let value = Mapper.normalise(unit.raw, scale: tuning.unitScale)
            // A unit of a qualification the text names is shown whenever anything matched it.
            guard unit.named != nil || isSubstantial(terms(unit), context: context) else { continue }
            let entry = index.item(unit.item)
            matches.append(.init(code: entry.code, title: entry.title, qualification: qualification,
                                 qualificationName: index.qualificationDisplayName(qualification) ?? qualification,
                                 score: value, inNamedQualification: unit.named != nil))
        }
        return matches
    }
}

extension Mapper {
    static func normalise(_ raw: Double, scale: Double) -> Double {
        max(0, min(1, 1 - exp(-raw / scale)))
    }
}
