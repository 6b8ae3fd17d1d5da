import Foundation
import SQLite

/// The mapper `crosswalk map` and the learning log use.
///
/// A text is read the way an assessor reads a reflective account: passage by passage.
/// 1. The text is split into passages (sentences and list items, see `PassageSplitter`).
///    Codes, names and Things written in it are found first; their words name something and
///    are not read as words.
/// 2. Each passage's words are folded, stop words dropped, the rest stemmed; runs of stems
///    forming a phrase the data knows count as the phrase. The vocabulary adds what a written
///    term stands for ("PDSA" → "tests of change").
/// 3. Every item (capability, indicator, standard, element, Thing, unit) scores the sum, over
///    the terms it shares with the passage, of term weight × rarity × how central the term is
///    to the item, normalised for the item's length. Elements roll up into their standard,
///    a standard inherits from the one it replaced and lends to the ones it `relates-to`.
/// 4. Each capability scores the passage from the words' leaning in the data, its own
///    keywords, its indicators and its evidencing items; that raw score is then calibrated
///    against the same capability's scores on a background of ordinary texts (`Calibration`),
///    so a capability with more links, keywords or indicators in the data gains nothing by it.
/// 5. A passage evidences leadership only when it has the writer acting or reflecting
///    (`ActionReading`): care records and admin, however well their words match, evidence
///    nothing.
/// 6. The text's result is built from its passages: an item's score grows with the number
///    and strength of the distinct passages that evidence it, and saturates. Each item keeps
///    the passages that evidence it, strongest first.
/// 7. Standards of the other sector than the one the text reads as rank lower and never come
///    first unless the text names them; a NOS for another level of role ranks lower; units
///    follow their NOS, those of a qualification the text names first.
public struct Mapper: EvidenceMapper {
    public let database: Database
    let index: MappingIndex
    let calibration: Calibration
    let tuning: Tuning

    /// Reads the mapping index stored with the data at import; with tuning other than the
    /// standard one, or a database holding no index this build reads, works it out afresh.
    public init(database: Database, tuning: Tuning = Tuning()) throws {
        try self.init(database: database, tuning: tuning, storedIndex: true)
    }

    /// `storedIndex: false` always works the index out afresh: what the stored one is tested
    /// against.
    init(database: Database, tuning: Tuning, storedIndex: Bool) throws {
        self.database = database
        self.tuning = tuning
        if storedIndex, let stored = try MappingIndexStore.load(from: database, tuning: tuning) {
            index = stored.index
            calibration = stored.calibration
        } else {
            index = try MappingIndex(database: database, tuning: tuning)
            calibration = Calibration.measure(index: index, tuning: tuning)
        }
    }

    /// Works out the index and its calibration from the database's data and stores them in it:
    /// what every import does once its rows are in.
    static func storeIndex(in database: Database) throws {
        let tuning = Tuning()
        let index = try MappingIndex(database: database, tuning: tuning)
        try MappingIndexStore.store(index, calibration: Calibration.measure(index: index, tuning: tuning), in: database)
    }

    /// The tuning of the method, in one place. Weights are relative; scales turn raw scores
    /// into 0...1; minimums decide what is relevant enough to show.
    public struct Tuning: Sendable, Equatable {
        /// Saturation of repeated words: the fifth "supervision" adds far less than the second.
        public var repeatSaturation = 1.2
        /// Passages longer than this many terms are scaled down by √(terms / this), at most by
        /// `longestTextDiscount`.
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
        /// The share of a text's sector words (see `SectorReading`) that must be one sector's for
        /// it to read as that sector; how much the other sector's standards are discounted then,
        /// and sector-specific ones when it reads as neither.
        public var clearSectorShare = 0.7
        public var otherSectorDiscount = 0.5
        public var unclearSectorDiscount = 0.8
        public var unitFromStandard = 0.8
        public var unitInMentionedQualification = 1.5

        public var capabilityOwn = 1.0
        public var capabilityIndicators = 1.0
        public var capabilityLinks = 0.4
        public var otherRoleIndicators = 0.3
        /// Words weighted by where the data uses them, over every item at once.
        public var capabilityLeaning = 10.0
        /// A code named in the text counts this much towards the capabilities it evidences.
        public var mentionCapabilityBoost = 3.0
        /// Best item counts fully, the next half, and so on: many weak links do not add up to
        /// one strong one.
        public var decay = 0.5
        public var depth = 4

        // Passages and calibration.
        /// A capability behind the passage's best counts (value / best)^this of its value:
        /// a passage is mostly about its best capability.
        public var passageSharpness = 1.0
        /// How fully each capability's score is read against its spread on the background
        /// (see `Calibration`).
        public var calibrationStrength = 0.5
        public var standardCalibrationStrength = 0.25
        /// The strongest passage counts fully, the next `passageDecay` of its value, and so on:
        /// more passages add evidence, and the total saturates.
        public var passageDecay = 0.6
        public var capabilityScale = 30.0
        public var standardScale = 10.0
        public var indicatorScale = 6.0
        public var elementScale = 6.0
        public var unitScale = 10.0
        /// A passage that quotes an item needs at least this share of the item's best passage;
        /// the strongest few have their matched words marked.
        public var passageShareOfBest = 0.3
        public var passagesMarked = 3

        /// The best capability's raw score in a passage, times the share of the passage's
        /// terms the data knows, must reach this for the passage to show leadership content.
        /// A short note in the data's own words ("I mentored a student") maps; a sentence about
        /// something else does not, however strongly one of its words is matched.
        public var minimumLeadership = 1.2
        /// How steeply words the data does not know count against a passage: at 2, a passage
        /// with half its words unknown keeps a quarter of its strength.
        public var knownShareExponent = 2.0
        /// What one passage needs, at least, to count towards that.
        public var minimumPassage = 0.4
        /// Marks of a record (see `ActionReading`) per word from which a text with no
        /// first-person action reads as a record.
        public var recordDensity = 0.06
        /// The same for the rest of a text that has the writer acting somewhere: a reflection
        /// may mention a meal time or a shift, a night report with one idea in it is a record.
        public var mixedRecordDensity = 0.15
        public var minimumCapability = 0.02
        public var minimumStandard = 0.2
        public var standardsPerFramework = 2
        public var minimumUnit = 0.2
        public var minimumIndicator = 0.1
        public var minimumElement = 0.1
        /// Relative to the best in its section: keeps the lists short and on topic.
        public var minimumShareOfBest = 0.15
        /// The same for the capabilities listed: a text mostly about one shows the others low.
        public var minimumCapabilityShare = 0.05
        /// Matched terms needed before anything is shown, unless the text names a code or has
        /// fewer known terms than this.
        public var minimumDistinctTerms = 2
        /// A word is shown as a reason for a capability when the data leans it towards that
        /// capability at least this many times more than to an average one (see
        /// `MappingIndex.leaning`): "team" and "service" explain nothing.
        public var evidenceLean = 1.5
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
        /// How much an item linked to a capability (a standard, an element, a Thing) says about
        /// what the capability's words are, next to its own keywords and indicators: those
        /// items are about care, so their words lean only a little.
        public var linkLeaning = 1.0
        /// Pseudo-count per capability when measuring how well a term tells capabilities apart.
        public var focusSmoothing = 0.3

        public init() {}
    }

    /// Frameworks (and the Things programme) of early learning and childcare.
    static let earlyLearningFrameworks: Set<String> = [
        "23-things-elc", "ccld-nos", "ci-elc-2022", "hgioelc", "qif-elc-2025", "standard-childhood-practice",
    ]
    /// Frameworks written for managers, ranked lower for a frontline writer like the
    /// leadership NOS (see `NOSLevel`).
    static let managerFrameworks: Set<String> = ["mmllf"]
    /// Frameworks that apply to adult services only.
    static let adultServicesFrameworks: Set<String> = ["ci-care-homes"]

    public func map(_ text: String, role: Role, limit: Int = 5) throws -> MappingResult {
        var run = TextRun(index: index, tuning: tuning, calibration: calibration, text: text)
        let result = run.result(role: role, limit: limit)
        // A stored lookup that could not be read would have left part of the index out.
        if let failure = index.takeFailure() { throw failure }
        return result
    }
}

/// The words that earned a score, each with how much it contributed. Words are numbered by
/// the run (see `Labels`) so that adding up evidence never hashes a string.
struct Evidence {
    /// Each label once, with its weight. An item holds a handful of words at most, so a short
    /// list searched in order beats a hash table here.
    private(set) var entries: [(label: Int, weight: Double)] = []

    mutating func add(_ label: Int, _ weight: Double) {
        guard weight > 0 else { return }
        if let index = entries.firstIndex(where: { $0.label == label }) {
            entries[index].weight += weight
        } else {
            entries.append((label, weight))
        }
    }

    mutating func merge(_ other: Evidence, scale: Double) {
        guard scale > 0 else { return }
        for (label, weight) in other.entries { add(label, weight * scale) }
    }

    var labels: [Int] { entries.map(\.label) }

    mutating func relabel(_ number: (Int) -> Int) {
        for position in entries.indices { entries[position].label = number(entries[position].label) }
    }

    var distinctTerms: Int { entries.count }

    /// Strongest first, leaving out words that added little next to the strongest, and words
    /// `keep` refuses; a word already inside a phrase shown is not repeated.
    func top(_ count: Int, labels: Labels, minimumShare: Double = 0.15, keep: (Int) -> Bool = { _ in true }) -> [String] {
        var shown: [String] = []
        let ranked = entries.filter { keep($0.label) }
            .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : labels.names[$0.label] < labels.names[$1.label] }
        let floor = (ranked.first?.weight ?? 0) * minimumShare
        for (label, weight) in ranked where weight >= floor {
            let text = labels.names[label]
            let folded = text.lowercased()
            if shown.contains(where: { $0.lowercased().contains(folded) }) { continue }
            shown.append(text)
            if shown.count == count { break }
        }
        return shown
    }
}

/// Every piece of evidence text of one run, numbered: the writer's words, vocabulary readings,
/// codes; with the terms each stands for, so it can be told whether a word is a reason for a
/// capability or a word every capability shares.
final class Labels {
    /// Each written word's term, worked out once however many passages hold it.
    var stems: [String: String?] = [:]
    private(set) var names: [String] = []
    /// The term ids behind each label; none for a code the text names.
    private(set) var terms: [[Int]] = []
    private var numbers: [String: Int] = [:]

    func number(_ label: String, terms ids: [Int]) -> Int {
        if let known = numbers[label] {
            for id in ids where !terms[known].contains(id) { terms[known].append(id) }
            return known
        }
        numbers[label] = names.count
        names.append(label)
        terms.append(ids)
        return names.count - 1
    }
}
