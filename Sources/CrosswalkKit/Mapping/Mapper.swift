import Foundation
import SQLite

/// The mapper `crosswalk map` and the learning log use.
///
/// How a score is made, so that each one can be traced to the writer's words:
/// 1. The text is split into words, folded (case, accents, curly quotes). Codes, names and
///    Things written in it are found first (see step 6); their words name something and are
///    not read as words. Of the rest, stop words are dropped and the others stemmed; runs of
///    stems that form a phrase the data knows are matched too, in any order ("culture of
///    learning" is "learning culture").
/// 2. The vocabulary (Data/vocabulary.csv) adds what a written term stands for: "PDSA" counts
///    as "tests of change", at the weight of its kind (synonym, narrower, related).
/// 3. Every item (capability, indicator, standard, element, Thing, unit) scores the sum, over
///    the terms it shares with the text, of term weight × rarity × how central the term is to
///    the item (keyword, heading or running text), normalised for the item's length.
/// 4. Elements roll up into their standard; a standard inherits the words of the one it
///    replaced and part of the match of the standards it `relates-to` in other frameworks; a
///    superseded standard ranks a little lower, and so does a NOS written for another level of
///    role. Units take their NOS.
/// 5. A capability adds up: each word weighted by how the data as a whole leans it towards the
///    capability ("coaching" towards motivating and inspiring), its own keywords and
///    definition, its best indicators (the chosen role's count fully), and its best evidencing
///    items through `evidences` links, weighted by link strength. Words the six capabilities
///    all use alike ("team", "service") count for little here.
/// 6. Codes, names and Things written in the text add a fixed boost to what they name, when
///    the text's words show leadership content (step 7) or the text says little besides them.
/// 7. Raw scores become 0...1 (1 − e^(−raw/scale)). A text whose best capability, weighted by
///    the share of its words the data knows, does not reach a minimum has no leadership
///    content and maps to nothing (its mentions are still listed); otherwise each list keeps
///    what is strong enough, relative to its best.
public struct Mapper: EvidenceMapper {
    public let database: Database
    let index: MappingIndex

    let tuning: Tuning

    public init(database: Database, tuning: Tuning = Tuning()) throws {
        self.database = database
        self.tuning = tuning
        self.index = try MappingIndex(database: database, tuning: tuning)
    }

    /// The tuning of the method, in one place. Weights are relative; scales turn raw scores
    /// into 0...1; minimums decide what is relevant enough to show.
    public struct Tuning: Sendable {
        /// Saturation of repeated words: the fifth "supervision" adds far less than the second.
        public var repeatSaturation = 1.2
        /// Texts longer than this many terms are scaled down by √(terms / this), at most by
        /// `longestTextDiscount`: a long reflection has more to match, but a long text is not
        /// less about leadership for being long.
        public var textLengthReference = 60.0
        public var longestTextDiscount = 3.0
        public var mentionBoost = 8.0

        public var elementRollUp = [0.6, 0.3, 0.15]
        public var replacedInheritance = 1.0
        /// Share of the best-matched related standard (a `relates-to` link, e.g. a middle-manager
        /// domain and the NOS on the same ground) that a standard takes on, times link strength.
        public var relatedInheritance = 0.5
        public var supersededDiscount = 0.85
        /// A NOS written for another level of role than the writer's (see `NOSLevel`).
        public var otherLevelDiscount = 0.8
        /// How far the text's words must lean (−1 adult … 1 early learning) before the other
        /// sector's standards are ranked lower, and by how much.
        public var clearSector = 0.2
        public var otherSectorDiscount = 0.7
        public var unitFromStandard = 0.8
        public var unitInMentionedQualification = 1.5

        public var capabilityOwn = 1.0
        public var capabilityIndicators = 1.0
        public var capabilityLinks = 0.4
        public var otherRoleIndicators = 0.3
        /// Words weighted by where the data uses them, over every item at once.
        public var capabilityLeaning = 3.0
        /// A code named in the text counts this much towards the capabilities it evidences.
        public var mentionCapabilityBoost = 3.0
        /// Best item counts fully, the next half, and so on: many weak links do not add up to
        /// one strong one, and capabilities with more links in the data gain no advantage.
        public var decay = 0.5
        public var depth = 4

        public var capabilityScale = 12.0
        public var standardScale = 10.0
        public var indicatorScale = 6.0
        public var elementScale = 6.0
        public var unitScale = 10.0

        /// The best capability's raw score, times the share of the text's terms the data knows
        /// (`Run.knownShare`), must reach this for the text to count as having leadership
        /// content at all. A short note in the data's own words ("I mentored a student") maps;
        /// a text about something else does not, however strongly one of its words is matched
        /// ("Our new sofa…", "the coach to Glasgow…"), because the rest of its words are ones
        /// the leadership data never uses.
        public var minimumLeadership = 1.8
        public var minimumCapability = 0.1
        public var minimumStandard = 0.2
        public var standardsPerFramework = 2
        public var minimumUnit = 0.2
        public var minimumIndicator = 0.1
        public var minimumElement = 0.1
        /// Relative to the best in its section: keeps the lists short and on topic.
        public var minimumShareOfBest = 0.15
        /// Matched terms needed before anything is shown, unless the text names a code or has
        /// fewer known terms than this.
        public var minimumDistinctTerms = 2
        public var evidenceShown = 8
        public var elementsShown = 3
        public var indicatorsShown = 3

        // How an item's own fields count: a keyword is the data's own statement of what the
        // item is about; a word in its title or running text says less.
        public var keywordPhraseWeight = 1.0
        public var keywordPartWeight = 0.6
        public var headingWeight = 0.7
        public var bodyWeight = 0.5
        public var lengthNormStrength = 0.4
        /// Pseudo-count per capability when measuring how well a term tells capabilities apart.
        public var focusSmoothing = 0.3

        public init() {}
    }

    /// Frameworks (and the Things programme) of early learning and childcare: they tell an ELC
    /// text from an adult-services one when a Thing or a quality indicator number could belong
    /// to either.
    static let earlyLearningFrameworks: Set<String> = [
        "23-things-elc", "ccld-nos", "ci-elc-2022", "hgioelc", "qif-elc-2025", "standard-childhood-practice",
    ]
    /// Frameworks that apply to adult services only.
    static let adultServicesFrameworks: Set<String> = ["ci-care-homes"]

    public func map(_ text: String, role: Role, limit: Int = 5) throws -> MappingResult {
        var run = Run(index: index, tuning: tuning, text: text)
        return run.result(role: role, limit: limit)
    }

}

/// The words that earned a score, each with how much it contributed. Words are numbered by
/// the run (see `Run.labels`) so that adding up evidence never hashes a string.
struct Evidence {
    private(set) var weights: [Int: Double] = [:]

    mutating func add(_ label: Int, _ weight: Double) {
        guard weight > 0 else { return }
        weights[label, default: 0] += weight
    }

    mutating func merge(_ other: Evidence, scale: Double) {
        for (label, weight) in other.weights { add(label, weight * scale) }
    }

    var distinctTerms: Int { weights.count }

    /// Strongest first, leaving out words that added little next to the strongest; a word
    /// already inside a phrase shown is not repeated.
    func top(_ count: Int, labels: [String], minimumShare: Double = 0.15) -> [String] {
        var shown: [String] = []
        let ranked = weights.sorted { $0.value != $1.value ? $0.value > $1.value : labels[$0.key] < labels[$1.key] }
        let floor = (ranked.first?.value ?? 0) * minimumShare
        for (label, weight) in ranked where weight >= floor {
            let text = labels[label]
            let folded = text.lowercased()
            if shown.contains(where: { $0.lowercased().contains(folded) }) { continue }
            shown.append(text)
            if shown.count == count { break }
        }
        return shown
    }
}

/// One mapping of one text.
private struct Run {
    let index: MappingIndex
    let tuning: Mapper.Tuning
    let text: String
    let words: [Word]
    /// Words as a person counts them, from the scan above.
    let wordCount: Int
    /// Codes, names and Things the text names (step 6), found before any word is scored, and
    /// the frameworks it names.
    let found: [MentionFinder.Found]
    let namedFrameworks: [MentionFinder.NamedFramework]
    /// The words scored as words: all but those of the mentions and of the framework names that
    /// settle them, which name something rather than describe it ("Thing 21" is not about
    /// things, "SCQF level 7" not about levels). A clause break stands where they were.
    let scoredWords: [Word]
    /// How many different terms `scoredWords` hold, whether the data knows them or not, and
    /// how many of them the data knows.
    var textTerms = 0
    var knownTerms = 0
    /// The share of what the text says that the data knows: its terms that some item uses or
    /// the vocabulary reads, and its mentions, out of all its terms and mentions. Words the data
    /// has never seen ("sofa", "ferry") say the text is about something else.
    var knownShare = 0.0

    /// Item scores from the text's words, before roll-up, and their evidence.
    var score: [Double]
    var evidence: [Evidence]
    /// The same with each word weighted by how well it tells capabilities apart: what the
    /// capability ranking uses, so that "team" or "service" cannot decide it.
    var focused: [Double]
    var focusedEvidence: [Evidence]
    /// Per capability: the text's words weighted by where the data uses them.
    var leaning: [Double]
    var leaningEvidence: [Evidence]
    var mentions: [MappingResult.Mention] = []
    /// Every piece of evidence text, numbered: the writer's words, vocabulary readings, codes.
    var labels: [String] = []
    var labelNumbers: [String: Int] = [:]
    var mentionedQualifications: Set<String> = []
    /// From −1 (adult services) to 1 (early learning and childcare): where the text's words sit.
    var sector = 0.0
    var mentionedItems: Set<Int> = []

    init(index: MappingIndex, tuning: Mapper.Tuning, text: String) {
        self.index = index
        self.tuning = tuning
        self.text = text
        let words = WordScanner.words(text)
        self.words = words
        wordCount = TextStatistics.wordCount(words, in: text)
        (found, namedFrameworks) = MentionFinder(index: index, words: words, text: text).find()
        scoredWords = Self.wordsOutside(found, namedFrameworks, of: words, index: index)
        score = Array(repeating: 0, count: index.items.count)
        evidence = Array(repeating: Evidence(), count: index.items.count)
        focused = score
        focusedEvidence = evidence
        leaning = Array(repeating: 0, count: index.capabilityNames.count)
        leaningEvidence = Array(repeating: Evidence(), count: index.capabilityNames.count)
    }

    mutating func result(role: Role, limit: Int) -> MappingResult {
        scoreWords()
        var ranked = rankCapabilities(role: role, standards: rollUpStandards(score: focused, evidence: focusedEvidence))
        // Leadership content is judged on the text's own words. A mention adds to what it names
        // when they show it, or stands for the text when the text says little else besides
        // ("Thing 21", "Evidence for SCDLMCA1"); beside words about something else it is only
        // listed, so that "soup for tea. Thing 4." maps to nothing.
        let wordsShowLeadership = ranked.first.map { showsLeadership(raw: $0.raw) } ?? false
        applyMentions(boost: wordsShowLeadership || textTerms < tuning.minimumDistinctTerms)
        if !mentionedItems.isEmpty {
            ranked = rankCapabilities(role: role, standards: rollUpStandards(score: focused, evidence: focusedEvidence))
        }
        // No leadership content: nothing at all, rather than the least bad guesses.
        guard let best = ranked.first, wordsShowLeadership || !mentionedItems.isEmpty else {
            return MappingResult(role: role, words: wordCount, capabilities: [], standards: [], units: [], mentions: mentions)
        }
        let capabilities = ranked.filter {
            $0.match.score >= tuning.minimumCapability && $0.raw >= best.raw * tuning.minimumShareOfBest
                && isSubstantial($0.terms)
        }.map(\.match)
        let standards = rollUpStandards(score: score, evidence: evidence, role: role)
        return MappingResult(
            role: role,
            words: wordCount,
            capabilities: Array(capabilities.prefix(limit)),
            standards: Array(standardMatches(standards).prefix(limit)),
            units: Array(unitMatches(standards).prefix(limit)),
            mentions: mentions)
    }

    /// Whether the best capability's raw score is leadership content, given how much of the
    /// text is in the data's language (see `Tuning.minimumLeadership`).
    func showsLeadership(raw: Double) -> Bool {
        raw * knownShare >= tuning.minimumLeadership
    }

    mutating func number(_ label: String) -> Int {
        if let known = labelNumbers[label] { return known }
        labelNumbers[label] = labels.count
        labels.append(label)
        return labels.count - 1
    }

    // MARK: Words

    /// Steps 1-3: terms of the text, vocabulary expansion, and every item's score.
    private mutating func scoreWords() {
        let words = scoredWords
        let terms = MappingIndex.terms(in: words, compounds: index.compounds)
        let (vocabularyFound, readByVocabulary) = vocabularyMatches()
        // How much of the text is in the data's language (step 7): terms some item uses or the
        // vocabulary reads, and mentions, against all the text's terms and mentions.
        var stems: Set<String> = [], known: Set<String> = []
        for term in terms {
            stems.insert(term.stem)
            if !known.contains(term.stem), index.termID(term.stem).map({ !index.postings[$0].isEmpty }) == true
                || readByVocabulary[term.firstWord...term.lastWord].contains(true) {
                known.insert(term.stem)
            }
        }
        textTerms = stems.count
        knownTerms = known.count
        knownShare = stems.isEmpty && found.isEmpty ? 0 : Double(known.count + found.count) / Double(stems.count + found.count)
        var frequency: [Int: Int] = [:]
        var surface: [Int: String] = [:]
        func record(_ id: Int, _ first: Int, _ last: Int) {
            frequency[id, default: 0] += 1
            if surface[id] == nil {
                surface[id] = Word.quote(text, from: words[first], to: words[last])
            }
        }
        for (position, term) in terms.enumerated() {
            if let id = index.termID(term.stem) { record(id, term.firstWord, term.lastWord) }
            guard let lengths = index.phraseLengths[term.stem] else { continue }
            for length in lengths where position + length <= terms.count {
                let run = terms[position..<position + length]
                guard !run.dropFirst().contains(where: \.startsClause) else { continue }
                if let id = index.termID(MappingIndex.phraseKey(run.map(\.stem))) {
                    record(id, term.firstWord, run.last!.lastWord)
                }
            }
        }

        var query: [Int: (weight: Double, label: String)] = [:]
        for (id, count) in frequency {
            let saturated = Double(count) * (1 + tuning.repeatSaturation) / (Double(count) + tuning.repeatSaturation)
            query[id] = (saturated, surface[id]!)
        }
        for (key, (count, written)) in vocabularyFound {
            guard let expansions = index.vocabulary[key] else { continue }
            let saturated = Double(count) * (1 + tuning.repeatSaturation) / (Double(count) + tuning.repeatSaturation)
            for expansion in expansions {
                let weight = saturated * expansion.weight
                let label = "\(written) → \(expansion.label)"
                for meant in expansion.means where weight > query[meant]?.weight ?? 0 {
                    query[meant] = (weight, label)
                }
            }
        }

        var sectorSum = 0.0, sectorWeight = 0.0
        for (id, entry) in query where !index.postings[id].isEmpty {
            sectorSum += entry.weight * index.idf[id] * index.sectorLean[id]
            sectorWeight += entry.weight * index.idf[id]
        }
        // What a code or qualification is called still says which sector the text is written in
        // ("SVQ Social Services and Healthcare…"), though it is not scored as the writer's words.
        // (Things and quality indicator numbers are what the sector settles, so not theirs.)
        for mention in found where mention.candidates.count == 1 {
            for term in MappingIndex.terms(in: Array(self.words[mention.words]), compounds: []) {
                guard let id = index.termID(term.stem), !index.postings[id].isEmpty else { continue }
                sectorSum += index.idf[id] * index.sectorLean[id]
                sectorWeight += index.idf[id]
            }
        }
        sector = sectorWeight > 0 ? sectorSum / sectorWeight : 0
        let lengthNorm = min(tuning.longestTextDiscount, max(1, (Double(terms.count) / tuning.textLengthReference).squareRoot()))
        for (id, entry) in query {
            let label = number(entry.label)
            let termWeight = entry.weight * index.idf[id] / lengthNorm
            let focus = index.focus[id]
            if focus > 0, !index.postings[id].isEmpty {
                let count = index.capabilityNames.count
                for position in 0..<count {
                    let value = termWeight * focus * index.leaning[id * count + position]
                    leaning[position] += value
                    leaningEvidence[position].add(label, value)
                }
            }
            for (item, weight) in index.postings[id] {
                let contribution = termWeight * weight / index.items[item].lengthNorm
                score[item] += contribution
                evidence[item].add(label, contribution)
                focused[item] += contribution * focus
                focusedEvidence[item].add(label, contribution * focus)
            }
        }
    }

    /// Vocabulary terms written in the text: how often, and as first written; and which words
    /// they cover.
    private func vocabularyMatches() -> (matches: [String: (count: Int, written: String)], covered: [Bool]) {
        let words = scoredWords
        var matches: [String: (count: Int, written: String)] = [:]
        var covered = [Bool](repeating: false, count: words.count)
        for start in words.indices where index.vocabularyFirstWords.contains(TermAnalyzer.lightForm(words[start].folded)) {
            for length in index.vocabularyLengths where start + length <= words.count {
                let run = words[start..<start + length]
                guard !run.dropFirst().contains(where: \.startsClause) else { continue }
                let key = MappingIndex.vocabularyKey(run)
                guard index.vocabulary[key] != nil else { continue }
                let written = Word.quote(text, from: run.first!, to: run.last!)
                matches[key] = ((matches[key]?.count ?? 0) + 1, matches[key]?.written ?? written)
                covered.replaceSubrange(run.indices, with: repeatElement(true, count: length))
            }
        }
        return (matches, covered)
    }

    // MARK: Mentions

    /// The words outside mentions, and outside the framework names that settle a mention
    /// naming more than one item ("quality indicator 2.2 in How good is our early learning and
    /// childcare"); the first word after each left-out run starts a clause.
    private static func wordsOutside(_ found: [MentionFinder.Found], _ frameworks: [MentionFinder.NamedFramework],
                                     of words: [Word], index: MappingIndex) -> [Word] {
        guard !found.isEmpty else { return words }
        var named = [Bool](repeating: false, count: words.count)
        for mention in found { named.replaceSubrange(mention.words, with: repeatElement(true, count: mention.words.count)) }
        for framework in frameworks where found.contains(where: { mention in
            mention.candidates.count > 1 && mention.candidates.contains { index.parent(of: $0.code) == framework.id }
        }) {
            named.replaceSubrange(framework.words, with: repeatElement(true, count: framework.words.count))
        }
        var kept: [Word] = []
        var afterNamed = false
        for (position, word) in words.enumerated() {
            if named[position] {
                afterNamed = true
                continue
            }
            kept.append(afterNamed && !word.startsClause
                        ? Word(folded: word.folded, start: word.start, end: word.end, startsClause: true) : word)
            afterNamed = false
        }
        return kept
    }

    /// Step 6: settle what each mention names and list it; boost what it names only when
    /// `boost` (see `result`).
    private mutating func applyMentions(boost shouldBoost: Bool) {
        guard !found.isEmpty else { return }
        let earlyLearning = isEarlyLearning()
        let frameworks = Set(namedFrameworks.map(\.id))
        var seen: Set<String> = []
        for mention in found {
            guard let target = choose(mention.candidates, frameworks: frameworks, earlyLearning: earlyLearning) else { continue }
            if seen.insert(target.code).inserted {
                mentions.append(.init(text: mention.text, code: target.code, kind: target.kind))
            }
            guard shouldBoost else { continue }
            switch target.kind {
            case "qualification":
                mentionedQualifications.insert(target.code)
            case "unit":
                boost(target.code, label: mention.text)
                for standard in index.builtOn[target.code] ?? [] { boost(standard, label: mention.text) }
            default:
                boost(target.code, label: mention.text)
            }
        }
    }

    private mutating func boost(_ code: String, label: String) {
        guard let item = index.itemIndex[code], !mentionedItems.contains(item) else { return }
        mentionedItems.insert(item)
        let label = number(label)
        score[item] += tuning.mentionBoost
        evidence[item].add(label, tuning.mentionBoost)
        focused[item] += tuning.mentionCapabilityBoost
        focusedEvidence[item].add(label, tuning.mentionCapabilityBoost)
    }

    /// A Thing exists in both programmes and "QI 2.2" in several frameworks: take the one in a
    /// framework the text names, else the one the text's words fit best, else by sector.
    private func choose(_ candidates: [(code: String, kind: String)], frameworks: Set<String>,
                        earlyLearning: Bool) -> (code: String, kind: String)? {
        guard candidates.count > 1 else { return candidates.first }
        if let named = candidates.first(where: { frameworks.contains(index.parent(of: $0.code)) }) { return named }
        func fit(_ candidate: (code: String, kind: String)) -> (Double, Bool) {
            let sectorMatch = Mapper.earlyLearningFrameworks.contains(index.parent(of: candidate.code)) == earlyLearning
            let content = candidate.kind == "activity" ? 0 : index.itemIndex[candidate.code].map { score[$0] } ?? 0
            return (content, sectorMatch)
        }
        return candidates.max { a, b in
            let (fitA, sectorA) = fit(a), (fitB, sectorB) = fit(b)
            if abs(fitA - fitB) > 0.5 { return fitA < fitB }
            return !sectorA && sectorB
        }
    }

    /// Whether the text reads clearly as early learning and childcare; a text that leans
    /// neither way takes the general programmes and frameworks (23 Things Leadership).
    private func isEarlyLearning() -> Bool { sector >= tuning.clearSector }

    // MARK: Roll-up

    struct StandardScore {
        var total: Double
        var evidence: Evidence
        var elements: [(item: Int, score: Double)]
    }

    /// Step 4: standards with their elements, replaced standards, supersession.
    private func rollUpStandards(score: [Double], evidence: [Evidence], role: Role? = nil) -> [String: StandardScore] {
        var standards: [String: StandardScore] = [:]
        for (item, entry) in index.items.enumerated() where entry.kind == .standard {
            var rolled = StandardScore(total: score[item], evidence: evidence[item], elements: [])
            let elements = (index.elementsOf[entry.code] ?? []).map { ($0, score[$0]) }.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }
            for (rank, element) in elements.prefix(tuning.elementRollUp.count).enumerated() {
                rolled.total += tuning.elementRollUp[rank] * element.1
                rolled.evidence.merge(evidence[element.0], scale: tuning.elementRollUp[rank])
            }
            rolled.elements = elements
            standards[entry.code] = rolled
        }
        // A newer standard covers what the one it replaced covered (two passes follow chains).
        for _ in 0..<2 {
            for (newer, older) in index.replaces {
                guard let old = standards[older], var new = standards[newer] else { continue }
                let inherited = old.total * tuning.replacedInheritance
                if inherited > new.total {
                    new.total = inherited
                    new.evidence.merge(old.evidence, scale: tuning.replacedInheritance)
                    standards[newer] = new
                }
            }
        }
        // Related standards across frameworks lend each other part of their match, so the NOS
        // behind a strongly matched quality indicator or learning domain is found too.
        let direct = standards
        for (code, relations) in index.related {
            guard var standard = standards[code] else { continue }
            let best = relations.compactMap { relation in
                direct[relation.code].map { (share: tuning.relatedInheritance * relation.strength, from: $0) }
            }.max { $0.share * $0.from.total < $1.share * $1.from.total }
            guard let best, best.from.total > 0 else { continue }
            standard.total += best.share * best.from.total
            standard.evidence.merge(best.from.evidence, scale: best.share)
            standards[code] = standard
        }
        for older in Set(index.replaces.map(\.older)) {
            standards[older]?.total *= tuning.supersededDiscount
        }
        if let role {
            for (code, level) in index.nosLevels where !level.suits(role) {
                standards[code]?.total *= tuning.otherLevelDiscount
            }
            // A text plainly about one sector ranks the other sector's standards lower.
            if abs(sector) >= tuning.clearSector {
                for (code, standard) in standards {
                    let framework = index.parent(of: code)
                    let isEarly = Mapper.earlyLearningFrameworks.contains(framework)
                    let isAdult = Mapper.adultServicesFrameworks.contains(framework)
                    if (sector > 0 && isAdult) || (sector < 0 && isEarly) {
                        standards[code]?.total = standard.total * tuning.otherSectorDiscount
                    }
                }
            }
        }
        return standards
    }

    // MARK: Capabilities

    /// Step 5: every capability with its raw score and how many different words support it,
    /// best first.
    private func rankCapabilities(role: Role, standards: [String: StandardScore])
        -> [(match: MappingResult.CapabilityMatch, raw: Double, terms: Int)] {
        func itemScore(_ item: Int) -> (Double, Evidence) {
            let entry = index.items[item]
            if entry.kind == .standard, let standard = standards[entry.code] { return (standard.total, standard.evidence) }
            return (focused[item], focusedEvidence[item])
        }
        var ranked: [(match: MappingResult.CapabilityMatch, raw: Double, terms: Int)] = []
        for (position, (id, name)) in index.capabilityNames.enumerated() {
            var raw = tuning.capabilityLeaning * leaning[position]
            var reasons = Evidence()
            reasons.merge(leaningEvidence[position], scale: tuning.capabilityLeaning)
            if let own = index.itemIndex[id], focused[own] > 0 {
                raw += tuning.capabilityOwn * focused[own]
                reasons.merge(focusedEvidence[own], scale: tuning.capabilityOwn)
            }
            // The role's indicators count fully; another role's count a little, since a
            // frontline worker can still show what a manager's indicator describes.
            let allIndicators = (index.indicatorsOf[id] ?? []).filter { focused[$0] > 0 }
            let indicators = allIndicators.filter { index.items[$0].role == role }.sorted { focused[$0] > focused[$1] }
            let weighted = allIndicators
                .map { (item: $0, value: focused[$0] * (index.items[$0].role == role ? 1 : tuning.otherRoleIndicators)) }
                .sorted { $0.value > $1.value }
            for (rank, indicator) in weighted.prefix(tuning.depth).enumerated() {
                let weight = tuning.capabilityIndicators * pow(tuning.decay, Double(rank))
                raw += weight * indicator.value
                reasons.merge(focusedEvidence[indicator.item], scale: weight * indicator.value / focused[indicator.item])
            }
            let linked = (index.capabilityLinks[id] ?? [])
                .compactMap { link -> (value: Double, strength: Double, why: Evidence)? in
                    let (value, why) = itemScore(link.item)
                    return value > 0 ? (value * link.strength, link.strength, why) : nil
                }
                .sorted { $0.value > $1.value }
            for (rank, link) in linked.prefix(tuning.depth).enumerated() {
                let weight = tuning.capabilityLinks * pow(tuning.decay, Double(rank))
                raw += weight * link.value
                reasons.merge(link.why, scale: weight * link.strength)
            }
            let shownIndicators = indicators.prefix(tuning.indicatorsShown).compactMap { item -> MappingResult.IndicatorMatch? in
                let value = Self.normalise(score[item], scale: tuning.indicatorScale)
                guard value >= tuning.minimumIndicator else { return nil }
                return .init(code: index.items[item].code, text: index.items[item].title, score: value)
            }.sorted { $0.score > $1.score }
            ranked.append((.init(id: id, name: name, score: Self.normalise(raw, scale: tuning.capabilityScale),
                                 evidence: reasons.top(tuning.evidenceShown, labels: labels), indicators: shownIndicators),
                           raw, reasons.distinctTerms))
        }
        ranked.sort { $0.raw != $1.raw ? $0.raw > $1.raw : $0.match.id < $1.match.id }
        return ranked
    }

    /// Enough different words matched, or the text names a code. A text with fewer known
    /// words than `minimumDistinctTerms` ("I mentored a student") needs only as many as it has.
    private func isSubstantial(_ distinctTerms: Int) -> Bool {
        distinctTerms >= min(tuning.minimumDistinctTerms, max(1, knownTerms)) || !mentionedItems.isEmpty
    }

    // MARK: Standards and units

    /// Best first, at most a few per framework so that one framework cannot fill the list, and
    /// a superseded standard only when the one replacing it is not shown (it carries its words).
    private func standardMatches(_ standards: [String: StandardScore]) -> [MappingResult.StandardMatch] {
        let ranked = standards.filter { $0.value.total > 0 }
            .sorted { $0.value.total != $1.value.total ? $0.value.total > $1.value.total : $0.key < $1.key }
        let best = ranked.first?.value.total ?? 0
        var perFramework: [String: Int] = [:]
        var shown: Set<String> = []
        var matches: [MappingResult.StandardMatch] = []
        for (code, standard) in ranked {
            let item = index.items[index.itemIndex[code]!]
            let value = Self.normalise(standard.total, scale: tuning.standardScale)
            guard value >= tuning.minimumStandard, standard.total >= best * tuning.minimumShareOfBest,
                  isSubstantial(standard.evidence.distinctTerms) || mentionedItems.contains(index.itemIndex[code]!),
                  perFramework[item.parent, default: 0] < tuning.standardsPerFramework,
                  !(index.replacedBy[code] ?? []).contains(where: { newer in
                      shown.contains(newer) || (standards[newer]?.total ?? 0) >= standard.total
                  })
            else { continue }
            perFramework[item.parent, default: 0] += 1
            shown.insert(code)
            let elements = standard.elements.prefix(tuning.elementsShown).compactMap { element -> MappingResult.ElementMatch? in
                let value = Self.normalise(element.score, scale: tuning.elementScale)
                guard value >= tuning.minimumElement else { return nil }
                return .init(code: index.items[element.item].code, text: index.items[element.item].title, score: value)
            }
            matches.append(.init(framework: item.parent, code: code, title: item.title, score: value,
                                 evidence: standard.evidence.top(tuning.evidenceShown, labels: labels), elements: elements))
        }
        return matches
    }

    private func unitMatches(_ standards: [String: StandardScore]) -> [MappingResult.UnitMatch] {
        var ranked: [(code: String, title: String, qualification: String, raw: Double, terms: Int)] = []
        for (item, entry) in index.items.enumerated() where entry.kind == .unit {
            var raw = score[item]
            var terms = evidence[item].distinctTerms
            for standard in index.builtOn[entry.code] ?? [] {
                guard let rolled = standards[standard] else { continue }
                raw += tuning.unitFromStandard * rolled.total
                terms = max(terms, rolled.evidence.distinctTerms)
            }
            let qualifications = index.qualificationsOf[entry.code] ?? []
            let mentioned = qualifications.first { mentionedQualifications.contains($0) }
            if mentioned != nil { raw *= tuning.unitInMentionedQualification }
            guard raw > 0, let qualification = mentioned ?? qualifications.first else { continue }
            ranked.append((entry.code, entry.title, qualification, raw, terms))
        }
        ranked.sort { $0.raw != $1.raw ? $0.raw > $1.raw : $0.code < $1.code }
        let best = ranked.first?.raw ?? 0
        return ranked.compactMap { unit in
            let value = Self.normalise(unit.raw, scale: tuning.unitScale)
            guard value >= tuning.minimumUnit, unit.raw >= best * tuning.minimumShareOfBest,
                  isSubstantial(unit.terms) else { return nil }
            return .init(code: unit.code, title: unit.title, qualification: unit.qualification, score: value)
        }
    }

    static func normalise(_ raw: Double, scale: Double) -> Double {
        max(0, min(1, 1 - exp(-raw / scale)))
    }
}
