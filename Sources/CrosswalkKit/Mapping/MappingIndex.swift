import Foundation
import SQLite

/// Everything the mapper needs from the reference database: every item's terms with their
/// weights, term rarity, the links that carry evidence up to capabilities, the vocabulary, and
/// the codes and names a text may mention.
///
/// It is built from the reference tables once, when the data is imported, and stored beside
/// them (`MappingIndexStore`); a mapping then reads the small per-item structure whole and
/// looks up only the terms, items and names its text uses, so loading it costs the same
/// however large the data is. Built afresh (`init(database:tuning:)`) it holds the same in
/// memory: for the import itself, for tuning other than the standard one, and for the test
/// that the stored index maps every case exactly as a fresh one does.
///
/// A class, never changed after it is made (but for the stored lookups' cache): scoring
/// passes it around constantly, and a struct of this many arrays would be copied (and
/// retained) at every turn.
final class MappingIndex: @unchecked Sendable {
    enum Kind: UInt8, Sendable {
        case capability, indicator, standard, element, activity, unit
    }

    /// An item while the index is built.
    struct Item: Sendable {
        let code: String
        let kind: Kind
        let title: String
        /// The capability of an indicator, the standard of an element, the framework of a
        /// standard, the programme of an activity.
        let parent: String
        let role: Role?
        /// Its terms, each once, with how strongly the item is about it (a keyword counts more
        /// than running text).
        var terms: [(term: Int, weight: Double)] = []
        /// BM25-style length normalisation: items with many words match more by chance.
        var lengthNorm = 1.0
    }

    struct Link: Sendable {
        let item: Int
        let strength: Double
    }

    /// One vocabulary row, read the way the text uses it: `term` in the text stands for `means`.
    struct Expansion: Sendable {
        let means: [Int]
        let label: String
        let weight: Double
    }

    /// How much a vocabulary match counts next to the word itself.
    static let vocabularyWeights: [String: Double] = ["synonym": 0.9, "narrower": 0.75, "related": 0.5]

    /// One term (a stem, or stems joined by spaces for a phrase) and everything scoring needs
    /// of it.
    struct TermData: Sendable {
        let id: Int
        /// Inverse document frequency over the items.
        let idf: Double
        /// How well it tells the six capabilities apart (0...1).
        let focus: Double
        /// The share of its use in the data that points at each capability, in
        /// `capabilityNames` order: "coaching" leans to motivating and inspiring.
        let leaning: [Double]
        /// (item, weight) for every item holding it, in item order.
        let postings: [(item: Int, weight: Double)]
        /// For a stem of a phrase: the lengths of the phrases holding it, shortest first.
        let phraseLengths: [Int]
        /// A pair of written words may join into it ("well being" → "wellbeing").
        let isCompound: Bool
    }

    /// What a result shows of an item.
    struct ItemText: Sendable, Equatable {
        let code: String
        let title: String
        let parent: String
    }

    /// One `evidences` link from an item to a capability: the capability's position, where
    /// the link stands among that capability's links (the order scoring offers them in), and
    /// its strength.
    struct CapabilityLink: Sendable, Equatable {
        let capability: Int
        let ordinal: Int
        let strength: Double
    }

    /// Lists of values by position (an item, a standard, a capability), kept flat: one array
    /// of values and where each position's list starts.
    struct Lists<Element: Sendable>: Sendable {
        private(set) var offsets: [Int] = [0]
        private(set) var values: [Element] = []

        init() {}

        init(offsets: [Int], values: [Element]) {
            self.offsets = offsets
            self.values = values
        }

        /// One list per position, in order.
        init(_ lists: some Sequence<some Sequence<Element>>) {
            for list in lists { append(list) }
        }

        mutating func append(_ list: some Sequence<Element>) {
            values.append(contentsOf: list)
            offsets.append(values.count)
        }

        var count: Int { offsets.count - 1 }

        subscript(position: Int) -> ArraySlice<Element> {
            values[offsets[position]..<offsets[position + 1]]
        }
    }

    let tuning: Mapper.Tuning

    // MARK: Structure
    //
    // What scoring reads for every item it touches, as plain arrays by item index (or by
    // standard, by capability): small, and read whole when the stored index is opened.

    let capabilityNames: [(id: String, name: String)]
    /// Each capability's own item.
    let capabilityItems: [Int?]
    /// Each item's kind, role (indicators) and length normalisation, by item index.
    let kinds: [Kind]
    let roles: [Role?]
    let lengthNorm: [Double]
    /// By item index: the position in `standardItems` of the standard it is or belongs to (an
    /// element's standard), −1 for any other item.
    let standardPosition: [Int]
    /// Every standard, by item index.
    let standardItems: [Int]
    /// The elements of each of `standardItems`, in their order.
    let standardElements: Lists<Int>
    /// By capability position (`capabilityNames` order): its indicators, in data order.
    let indicatorsByPosition: Lists<Int>
    /// By item: the capabilities it evidences (a unit's links are its NOS's links over again,
    /// so the NOS carries them and the unit has none here).
    let capabilityLinks: Lists<CapabilityLink>
    /// How many links each capability has.
    let linkCounts: [Int]
    /// (newer, older) standards, in link order; by item, the pairs (positions in
    /// `replacesByItem`) in which it is the older one.
    let replacesByItem: [(newer: Int, older: Int)]
    let replacedIn: Lists<Int>
    /// By item: whether something replaces it, and the items that do.
    let isReplaced: [Bool]
    let replacedBy: Lists<Int>
    /// Standards the data says cover related ground, with the link strength, in code order;
    /// by item, the positions in `relatedByItem` of the standards that may borrow from it.
    let relatedByItem: [(item: Int, relations: [(item: Int, strength: Double)])]
    let lendsTo: Lists<Int>
    /// By item: the level of role of a NOS unit.
    let nosLevels: [NOSLevel?]
    /// By item, for standards and Things: their framework or programme, as a position in
    /// `parents`; −1 for any other item (whose parent is read with its text).
    let parentPosition: [Int]
    let parents: [String]
    /// By item: the items a unit is built on (its NOS), in link order; and the reverse, the
    /// units built on a standard.
    let builtOn: Lists<Int>
    let unitsBuiltOn: Lists<Int>

    var itemCount: Int { kinds.count }

    // MARK: Lookups
    //
    // Terms, items' texts, the vocabulary and the names a text may mention: held in memory
    // when the index is built afresh, looked up one by one in the stored index.

    private let built: Built?
    private let stored: MappingIndexStore.Reader?

    /// What a fresh build holds beyond the structure.
    struct Built {
        /// Term (a stem, or stems joined by spaces for a phrase) → id.
        var termIDs: [String: Int] = [:]
        var termNames: [String] = []
        var terms: [TermData] = []
        /// Vocabulary terms as written (see `vocabularyKey`) → what they stand for.
        var vocabulary: [String: [Expansion]] = [:]
        /// Every vocabulary term's proper beginnings ("what matters", "what" of "what matters
        /// to you"): a text's words are read on only while they could still make a term.
        var vocabularyPrefixes: Set<String> = []
        var vocabularyFirstWords: Set<String> = []
        var items: [Item] = []
        var itemIndex: [String: Int] = [:]
        /// Unit → the qualifications holding it, in data order.
        var qualificationsOf: [String: [String]] = [:]
        /// Folded code ("scdlmca1", "h7lg04", "gj9v24") → the item it names.
        var codes: [String: (code: String, kind: String)] = [:]
        /// Folded words of a qualification name or alias → qualification id.
        var qualificationNames: [String: String] = [:]
        /// Qualification id → its name as a person knows it, with the award code when known.
        var qualificationDisplayNames: [String: String] = [:]
        /// First word of a qualification or framework name → the lengths (in words) of the
        /// names starting with it, longest first.
        var nameLengths: [String: [Int]] = [:]
        /// Folded words of a framework name, or its id → framework id.
        var frameworkNames: [String: String] = [:]
        /// "1.3" → the quality indicators numbered so, by framework.
        var qualityIndicators: [String: [(code: String, framework: String)]] = [:]
        /// Thing number → the activities (one per programme).
        var things: [Int: [(code: String, programme: String)]] = [:]
    }

    /// Builds the index from the reference tables.
    convenience init(database: Database, tuning: Mapper.Tuning) throws {
        var builder = Builder(tuning: tuning)
        try builder.build(database, sources: try Builder.load(database))
        self.init(structure: builder.structure, built: builder.built, stored: nil, tuning: tuning)
    }

    /// An index read from the stored tables (see `MappingIndexStore`).
    convenience init(structure: Structure, reader: MappingIndexStore.Reader, tuning: Mapper.Tuning) {
        self.init(structure: structure, built: nil, stored: reader, tuning: tuning)
    }

    /// Takes on a structure and works out what follows from it. (Every field is a constant:
    /// scoring reads them for every item it touches, and a constant needs no access check.)
    private init(structure: Structure, built: Built?, stored: MappingIndexStore.Reader?, tuning: Mapper.Tuning) {
        self.tuning = tuning
        self.built = built
        self.stored = stored
        capabilityNames = structure.capabilityNames
        capabilityItems = structure.capabilityItems
        kinds = structure.kinds
        roles = structure.roles
        lengthNorm = structure.lengthNorm
        standardPosition = structure.standardPosition
        standardItems = structure.standardItems
        standardElements = structure.standardElements
        indicatorsByPosition = structure.indicatorsByPosition
        capabilityLinks = structure.capabilityLinks
        var linkCounts = [Int](repeating: 0, count: structure.capabilityNames.count)
        for link in structure.capabilityLinks.values { linkCounts[link.capability] = max(linkCounts[link.capability], link.ordinal + 1) }
        self.linkCounts = linkCounts
        replacesByItem = structure.replacesByItem
        isReplaced = structure.isReplaced
        replacedBy = structure.replacedBy
        relatedByItem = structure.relatedByItem
        nosLevels = structure.nosLevels
        parentPosition = structure.parentPosition
        parents = structure.parents
        builtOn = structure.builtOn
        let count = structure.kinds.count
        // The reverse lists, made in two passes over the forward ones (no list per item).
        replacedIn = Self.lists(count: count, structure.replacesByItem.indices.map { (structure.replacesByItem[$0].older, $0) })
        var lends: [(Int, Int)] = []
        for (position, entry) in structure.relatedByItem.enumerated() {
            for relation in entry.relations { lends.append((relation.item, position)) }
        }
        lendsTo = Self.lists(count: count, lends)
        var units: [(Int, Int)] = []
        for item in 0..<structure.builtOn.count {
            for standard in structure.builtOn[item] { units.append((standard, item)) }
        }
        unitsBuiltOn = Self.lists(count: count, units)
    }

    /// The structure as one value, for storing and reading it.
    struct Structure {
        var capabilityNames: [(id: String, name: String)] = []
        var capabilityItems: [Int?] = []
        var kinds: [Kind] = []
        var roles: [Role?] = []
        var lengthNorm: [Double] = []
        var standardPosition: [Int] = []
        var standardItems: [Int] = []
        var standardElements = Lists<Int>()
        var indicatorsByPosition = Lists<Int>()
        var capabilityLinks = Lists<CapabilityLink>()
        var replacesByItem: [(newer: Int, older: Int)] = []
        var isReplaced: [Bool] = []
        var replacedBy = Lists<Int>()
        var relatedByItem: [(item: Int, relations: [(item: Int, strength: Double)])] = []
        var nosLevels: [NOSLevel?] = []
        var parentPosition: [Int] = []
        var parents: [String] = []
        var builtOn = Lists<Int>()
    }

    var structure: Structure {
        Structure(capabilityNames: capabilityNames, capabilityItems: capabilityItems, kinds: kinds, roles: roles,
                  lengthNorm: lengthNorm, standardPosition: standardPosition, standardItems: standardItems,
                  standardElements: standardElements, indicatorsByPosition: indicatorsByPosition,
                  capabilityLinks: capabilityLinks, replacesByItem: replacesByItem, isReplaced: isReplaced,
                  replacedBy: replacedBy, relatedByItem: relatedByItem, nosLevels: nosLevels,
                  parentPosition: parentPosition, parents: parents, builtOn: builtOn)
    }

    /// Lists by position from (position, value) pairs, each list in the order of the pairs and
    /// without repeats.
    private static func lists(count: Int, _ pairs: [(Int, Int)]) -> Lists<Int> {
        // Laid out through buffers: a large dataset has a quarter of a million items, and every
        // mapping reads the index afresh.
        var starts = [Int](repeating: 0, count: count + 1)
        starts.withUnsafeMutableBufferPointer { starts in
            for (position, _) in pairs { starts[position + 1] += 1 }
            for position in 0..<count { starts[position + 1] += starts[position] }
        }
        var values = [Int](repeating: 0, count: pairs.count)
        var next = starts
        values.withUnsafeMutableBufferPointer { values in
            next.withUnsafeMutableBufferPointer { next in
                for (position, value) in pairs {
                    values[next[position]] = value
                    next[position] += 1
                }
            }
        }
        // Repeats (a relation or a unit named twice) are dropped.
        var offsets = [Int](repeating: 0, count: count + 1), kept = [Int](repeating: 0, count: values.count)
        var keptCount = 0
        starts.withUnsafeBufferPointer { starts in
            values.withUnsafeBufferPointer { values in
                kept.withUnsafeMutableBufferPointer { kept in
                    offsets.withUnsafeMutableBufferPointer { offsets in
                        for position in 0..<count {
                            let start = keptCount
                            for value in values[starts[position]..<starts[position + 1]] where !kept[start..<keptCount].contains(value) {
                                kept[keptCount] = value
                                keptCount += 1
                            }
                            offsets[position + 1] = keptCount
                        }
                    }
                }
            }
        }
        kept.removeLast(kept.count - keptCount)
        return Lists(offsets: offsets, values: kept)
    }

    // MARK: Reading it

    /// The term with this key, if the data uses it.
    func term(_ key: String) -> TermData? {
        if let built { return built.termIDs[key].map { built.terms[$0] } }
        return stored!.term(key)
    }

    /// A term by id. Every id scoring holds came from `term(_:)` or the vocabulary of this
    /// index, so the stored index has already read it.
    func term(id: Int) -> TermData {
        if let built { return built.terms[id] }
        return stored!.term(id: id)
    }

    func termID(_ key: String) -> Int? { term(key)?.id }

    /// Whether a pair of written words may join into this stem ("well being" → "wellbeing").
    func isCompound(_ stem: String) -> Bool {
        if let built { return built.termIDs[stem].map { built.terms[$0].isCompound } ?? false }
        return stored!.isCompound(stem)
    }

    func item(_ index: Int) -> ItemText {
        if let built {
            let item = built.items[index]
            return ItemText(code: item.code, title: item.title, parent: item.parent)
        }
        return stored!.item(index)
    }

    /// The item with this code.
    func item(code: String) -> Int? {
        if let built { return built.itemIndex[code] }
        return stored!.item(code: code)
    }

    /// The framework of a standard, the programme of a Thing (see `Item.parent`).
    func parent(ofItem index: Int) -> String {
        parentPosition[index] >= 0 ? parents[parentPosition[index]] : item(index).parent
    }

    /// The same by code; "" when unknown.
    func parent(of code: String) -> String {
        item(code: code).map(parent(ofItem:)) ?? ""
    }

    func vocabulary(_ key: String) -> [Expansion]? {
        if let built { return built.vocabulary[key] }
        return stored!.vocabulary(key)
    }

    func isVocabularyPrefix(_ key: String) -> Bool {
        if let built { return built.vocabularyPrefixes.contains(key) }
        return stored!.isVocabularyPrefix(key)
    }

    func isVocabularyFirstWord(_ word: String) -> Bool {
        if let built { return built.vocabularyFirstWords.contains(word) }
        return stored!.isVocabularyFirstWord(word)
    }

    /// The item a folded code names.
    func code(_ folded: String) -> (code: String, kind: String)? {
        if let built { return built.codes[folded] }
        return stored!.code(folded)
    }

    func qualification(named key: String) -> String? {
        if let built { return built.qualificationNames[key] }
        return stored!.qualification(named: key)
    }

    func framework(named key: String) -> String? {
        if let built { return built.frameworkNames[key] }
        return stored!.framework(named: key)
    }

    func nameLengths(_ word: String) -> [Int] {
        if let built { return built.nameLengths[word] ?? [] }
        return stored!.nameLengths(word)
    }

    func qualityIndicators(_ number: String) -> [(code: String, framework: String)]? {
        if let built { return built.qualityIndicators[number] }
        return stored!.qualityIndicators(number)
    }

    func things(_ number: Int) -> [(code: String, programme: String)]? {
        if let built { return built.things[number] }
        return stored!.things(number)
    }

    /// The qualifications holding a unit, in data order.
    func qualifications(ofUnit index: Int) -> [String] {
        if let built { return built.qualificationsOf[built.items[index].code] ?? [] }
        return stored!.qualifications(ofUnit: item(index).code)
    }

    func qualificationDisplayName(_ id: String) -> String? {
        if let built { return built.qualificationDisplayNames[id] }
        return stored!.qualificationDisplayName(id)
    }

    /// What a fresh build holds in full: every term, for the background the calibration is
    /// measured on, and for storing.
    var builtIndex: Built? { built }

    /// How many buckets of the stored index have been read (nil for an index built afresh).
    var storedBucketsRead: Int? { stored?.bucketsRead }

    /// The first failure of a stored lookup (a read error of the database), taken once: a
    /// mapping that met one fails rather than answer from part of the index.
    func takeFailure() -> Error? { stored?.takeFailure() }

    // MARK: Building it

    /// Reads the reference tables and works out the index.
    private struct Builder {
        let tuning: Mapper.Tuning
        var built = Built()
        var structure = Structure()
        /// Any stem of a phrase → the lengths of the phrases holding it.
        var phraseLengths: [String: Set<Int>] = [:]
        /// Stems a pair of written words may join into ("well being" → "wellbeing").
        var compounds: Set<String> = []
        var idf: [Double] = []
        var focus: [Double] = []
        var leaning: [Double] = []
        var postings: [[(item: Int, weight: Double)]] = []
        var capabilityLinks: [String: [Link]] = [:]
        var builtOnCodes: [String: [String]] = [:]
        var replaces: [(newer: String, older: String)] = []
        var replacedBy: [String: [String]] = [:]
        var related: [String: [(code: String, strength: Double)]] = [:]

        init(tuning: Mapper.Tuning) {
            self.tuning = tuning
        }

        struct Source {
            let code: String
            let kind: Kind
            let title: String
            let parent: String
            let role: Role?
            let keywords: String
            let heading: String
            let body: String
        }

        static func load(_ database: Database) throws -> [Source] {
            var sources: [Source] = []
            sources += try database.query("SELECT id, name, definition, coalesce(keywords, '') FROM capability ORDER BY position") {
                Source(code: $0.string(0), kind: .capability, title: $0.string(1), parent: $0.string(0), role: nil,
                       keywords: $0.string(3), heading: $0.string(1), body: $0.string(2))
            }
            sources += try database.query("SELECT code, capability, role, text, coalesce(keywords, '') FROM indicator ORDER BY capability, role, position") {
                Source(code: $0.string(0), kind: .indicator, title: $0.string(3), parent: $0.string(1), role: Role(rawValue: $0.string(2)),
                       keywords: $0.string(4), heading: $0.string(3), body: "")
            }
            sources += try database.query("SELECT code, framework, title, coalesce(overview, ''), coalesce(keywords, '') FROM standard ORDER BY code") {
                Source(code: $0.string(0), kind: .standard, title: $0.string(2), parent: $0.string(1), role: nil,
                       keywords: $0.string(4), heading: $0.string(2), body: $0.string(3))
            }
            sources += try database.query("SELECT code, standard, text, coalesce(keywords, '') FROM element ORDER BY standard, position") {
                Source(code: $0.string(0), kind: .element, title: $0.string(2), parent: $0.string(1), role: nil,
                       keywords: $0.string(3), heading: $0.string(2), body: "")
            }
            sources += try database.query("SELECT code, programme, title, coalesce(theme, ''), coalesce(keywords, ''), coalesce(badge, '') FROM activity ORDER BY code") {
                // Titles such as "Thing 1 (title not found)" are placeholders, not words to match.
                let title = $0.string(2)
                let heading = title.contains("(title not found)") ? "" : title + " " + $0.string(5)
                return Source(code: $0.string(0), kind: .activity, title: title, parent: $0.string(1), role: nil,
                              keywords: $0.string(4), heading: heading, body: $0.string(3))
            }
            sources += try database.query("SELECT code, title FROM unit ORDER BY code") {
                Source(code: $0.string(0), kind: .unit, title: $0.string(1), parent: "", role: nil,
                       keywords: "", heading: $0.string(1), body: "")
            }
            return sources
        }

        mutating func build(_ database: Database, sources: [Source]) throws {
            // Keywords and vocabulary terms are written whole ("wellbeing", "childminding"); a text
            // that splits them ("well-being") is joined back to match.
            let rows = try database.query("SELECT term, means, kind FROM vocabulary ORDER BY term, means") {
                ($0.string(0), $0.string(1), $0.string(2))
            }
            // Keywords repeat across items ("wellbeing" is on dozens): each is analysed once.
            var keywordTerms: [Substring: [(term: Int, weight: Double)]] = [:]
            var compounds: Set<String> = []
            var found: [(term: Int, weight: Double)] = []
            for source in sources {
                var item = Item(code: source.code, kind: source.kind, title: source.title, parent: source.parent, role: source.role)
                found.removeAll(keepingCapacity: true)
                MappingIndex.forEachListEntry(source.keywords) { keyword in
                    if let known = keywordTerms[keyword] {
                        found += known
                        return
                    }
                    let stems = MappingIndex.terms(in: WordScanner.words(String(keyword)), compounds: .none, cache: &termCache).map(\.stem)
                    compounds.formUnion(stems)
                    var terms: [(term: Int, weight: Double)] = []
                    if stems.count == 1 {
                        // "speaking up" keeps only "speak": one word of a phrase, not the phrase.
                        let isWholeKeyword = !keyword.contains(" ") && !keyword.contains("-")
                        terms.append((intern(stems[0]), isWholeKeyword ? tuning.keywordPhraseWeight : tuning.keywordPartWeight))
                    } else if stems.count > 1 {
                        terms.append((internPhrase(stems), tuning.keywordPhraseWeight))
                        for stem in stems { terms.append((intern(stem), tuning.keywordPartWeight)) }
                    }
                    keywordTerms[keyword] = terms
                    found += terms
                }
                for id in wordTermIDs(source.heading) { found.append((id, tuning.headingWeight)) }
                for id in wordTermIDs(source.body) { found.append((id, tuning.bodyWeight)) }
                // Each term once, at the weight of the strongest field it appears in.
                found.sort { $0.term != $1.term ? $0.term < $1.term : $0.weight > $1.weight }
                for entry in found where entry.term != item.terms.last?.term { item.terms.append(entry) }
                built.itemIndex[item.code] = built.items.count
                built.items.append(item)
            }
            // What each meaning stands for, worked out once however many terms share it.
            var meaning: [String: [Int]] = [:]
            for means in Set(rows.map(\.1)).sorted() {
                let stems = MappingIndex.terms(in: WordScanner.words(means), compounds: .none, cache: &termCache).map(\.stem)
                compounds.formUnion(stems)
                var ids = stems.map { intern($0) }
                if stems.count > 1 { ids.append(internPhrase(stems)) }
                meaning[means] = ids
            }
            self.compounds = compounds

            for (term, means, kind) in rows {
                let words = WordScanner.words(term)
                guard let first = words.first, let meansIDs = meaning[means], !meansIDs.isEmpty else { continue }
                built.vocabularyFirstWords.insert(TermAnalyzer.lightForm(first.folded))
                let key = MappingIndex.vocabularyKey(words)
                var prefix = ""
                for word in words.dropLast() {
                    prefix += (prefix.isEmpty ? "" : " ") + TermAnalyzer.lightForm(word.folded)
                    built.vocabularyPrefixes.insert(prefix)
                }
                built.vocabulary[key, default: []].append(Expansion(
                    means: meansIDs, label: means, weight: MappingIndex.vocabularyWeights[kind] ?? 0.5))
            }

            // Rarity over the items, and length normalisation within each kind.
            let termCount = built.termNames.count
            var documentFrequency = [Int](repeating: 0, count: termCount)
            postings = Array(repeating: [], count: termCount)
            for (index, item) in built.items.enumerated() {
                for (term, weight) in item.terms {
                    documentFrequency[term] += 1
                    postings[term].append((index, weight))
                }
            }
            let count = Double(built.items.count)
            idf = documentFrequency.map { frequency in
                let df = Double(frequency)
                return log(1 + (count - df + 0.5) / (df + 0.5))
            }
            var lengthByKind: [Kind: (total: Double, count: Double)] = [:]
            for item in built.items {
                let length = item.terms.reduce(0) { $0 + $1.weight }
                lengthByKind[item.kind, default: (0, 0)].total += length
                lengthByKind[item.kind, default: (0, 0)].count += 1
            }
            for index in built.items.indices {
                let average = lengthByKind[built.items[index].kind].map { $0.total / max(1, $0.count) } ?? 1
                let length = built.items[index].terms.reduce(0) { $0 + $1.weight }
                built.items[index].lengthNorm = (1 - tuning.lengthNormStrength) + tuning.lengthNormStrength * length / max(1, average)
            }

            try loadStructure(database)
            try loadMentionTargets(database)
            let capabilities = structure.capabilityNames.count
            built.terms = (0..<termCount).map { id in
                let key = built.termNames[id]
                return TermData(id: id, idf: idf[id], focus: focus[id], leaning: Array(leaning[id * capabilities..<(id + 1) * capabilities]),
                            postings: postings[id], phraseLengths: (phraseLengths[key] ?? []).sorted(), isCompound: compounds.contains(key))
            }
        }

        private mutating func loadStructure(_ database: Database) throws {
            let items = built.items
            let itemIndex = built.itemIndex
            structure.capabilityNames = try database.query("SELECT id, name FROM capability ORDER BY position") { ($0.string(0), $0.string(1)) }
            var indicatorsOf: [String: [Int]] = [:]
            var elementsOf: [String: [Int]] = [:]
            for (index, item) in items.enumerated() {
                if item.kind == .element { elementsOf[item.parent, default: []].append(index) }
                if item.kind == .indicator { indicatorsOf[item.parent, default: []].append(index) }
            }
            let links = try database.query("SELECT from_code, to_code, kind, strength FROM link ORDER BY from_code, to_code") {
                ($0.string(0), $0.string(1), $0.string(2), $0.double(3))
            }
            let capabilities = Set(structure.capabilityNames.map(\.id))
            for (from, to, kind, strength) in links {
                switch kind {
                case "evidences" where capabilities.contains(to):
                    // A unit's links are its NOS's links over again; the NOS carries them.
                    if let index = itemIndex[from], items[index].kind != .unit {
                        capabilityLinks[to, default: []].append(Link(item: index, strength: strength))
                    }
                case "built-on":
                    builtOnCodes[from, default: []].append(to)
                case "replaces":
                    replaces.append((from, to))
                    replacedBy[to, default: []].append(from)
                case "relates-to":
                    related[from, default: []].append((to, strength))
                    related[to, default: []].append((from, strength))
                default:
                    break
                }
            }
            let standardItems = items.indices.filter { items[$0].kind == .standard }
            structure.standardItems = standardItems
            structure.standardElements = Lists(standardItems.map { elementsOf[items[$0].code] ?? [] })
            var standardPosition = [Int](repeating: -1, count: items.count)
            for (position, item) in standardItems.enumerated() {
                standardPosition[item] = position
                for element in structure.standardElements[position] { standardPosition[element] = position }
            }
            structure.standardPosition = standardPosition
            structure.indicatorsByPosition = Lists(structure.capabilityNames.map { indicatorsOf[$0.id] ?? [] })
            var linksOfItem = [[CapabilityLink]](repeating: [], count: items.count)
            for (position, capability) in structure.capabilityNames.enumerated() {
                for (ordinal, link) in (capabilityLinks[capability.id] ?? []).enumerated() {
                    linksOfItem[link.item].append(CapabilityLink(capability: position, ordinal: ordinal, strength: link.strength))
                }
            }
            structure.capabilityLinks = Lists(linksOfItem)
            structure.capabilityItems = structure.capabilityNames.map { itemIndex[$0.id] }
            structure.kinds = items.map(\.kind)
            structure.roles = items.map(\.role)
            structure.lengthNorm = items.map(\.lengthNorm)
            structure.replacesByItem = replaces.compactMap { pair in
                guard let newer = itemIndex[pair.newer], let older = itemIndex[pair.older] else { return nil }
                return (newer, older)
            }
            structure.isReplaced = items.map { replacedBy[$0.code] != nil }
            structure.replacedBy = Lists(items.map { (replacedBy[$0.code] ?? []).compactMap { itemIndex[$0] } })
            for code in related.keys.sorted() {
                guard let item = itemIndex[code], items[item].kind == .standard else { continue }
                var relations: [(item: Int, strength: Double)] = []
                for relation in related[code] ?? [] {
                    if let other = itemIndex[relation.code] { relations.append((other, relation.strength)) }
                }
                if !relations.isEmpty { structure.relatedByItem.append((item, relations)) }
            }
            for (qualification, unit) in try database.query("SELECT qualification, unit FROM qualification_unit ORDER BY rowid", [], { ($0.string(0), $0.string(1)) }) {
                built.qualificationsOf[unit, default: []].append(qualification)
            }
            var nosLevels = [NOSLevel?](repeating: nil, count: items.count)
            for (code, kind) in try database.query("SELECT code, kind FROM standard", [], { ($0.string(0), $0.string(1)) }) {
                if kind == "nos-unit", let level = NOSLevel(code: code), let item = itemIndex[code] { nosLevels[item] = level }
            }
            structure.nosLevels = nosLevels
            var parentNumbers: [String: Int] = [:]
            structure.parentPosition = items.map { item in
                guard item.kind == .standard || item.kind == .activity else { return -1 }
                if let known = parentNumbers[item.parent] { return known }
                parentNumbers[item.parent] = structure.parents.count
                structure.parents.append(item.parent)
                return structure.parents.count - 1
            }
            // A unit's NOS (codes the index has no item for name nothing it scores).
            structure.builtOn = Lists(items.map { item in
                item.kind == .unit ? (builtOnCodes[item.code] ?? []).compactMap { itemIndex[$0] } : []
            })
            computeFocus()
        }

        /// How much a term tells one capability from another: 1 when the items using it all point
        /// at one capability, 0 when they point at all six alike ("service", "team"). Each item
        /// points at capabilities through what it is (a capability, an indicator) or its
        /// `evidences` links; an element without links points where its standard does.
        private mutating func computeFocus() {
            let items = built.items
            let capabilityNames = structure.capabilityNames
            let capabilityPosition = Dictionary(uniqueKeysWithValues: capabilityNames.enumerated().map { ($1.id, $0) })
            let count = capabilityNames.count
            let termCount = built.termNames.count
            // Flat arrays, `count` values per item or term.
            var pointing = [Double](repeating: 0, count: items.count * count)
            for (index, item) in items.enumerated() where item.kind == .capability || item.kind == .indicator {
                if let position = capabilityPosition[item.parent] { pointing[index * count + position] = 1 }
            }
            for (capability, links) in capabilityLinks {
                guard let position = capabilityPosition[capability] else { continue }
                for link in links { pointing[link.item * count + position] += link.strength }
            }
            for (index, item) in items.enumerated() where item.kind == .element {
                guard (0..<count).allSatisfy({ pointing[index * count + $0] == 0 }), let standard = built.itemIndex[item.parent] else { continue }
                for position in 0..<count { pointing[index * count + position] = pointing[standard * count + position] }
            }
            var mass = [Double](repeating: 0, count: termCount * count)
            for (index, item) in items.enumerated() {
                var total = 0.0
                for position in 0..<count { total += pointing[index * count + position] }
                guard total > 0 else { continue }
                let share = item.kind == .capability || item.kind == .indicator ? 1 : tuning.linkLeaning
                for (term, weight) in item.terms {
                    for position in 0..<count { mass[term * count + position] += share * weight * pointing[index * count + position] / total }
                }
            }
            let maximumEntropy = log(Double(count))
            focus = [Double](repeating: 0, count: termCount)
            leaning = [Double](repeating: 0, count: termCount * count)
            for term in 0..<termCount {
                var total = 0.0
                for position in 0..<count { total += mass[term * count + position] + tuning.focusSmoothing }
                var entropy = 0.0
                for position in 0..<count {
                    let share = (mass[term * count + position] + tuning.focusSmoothing) / total
                    entropy -= share * log(share)
                    leaning[term * count + position] = share
                }
                focus[term] = max(0, 1 - entropy / maximumEntropy)
            }
        }

        private mutating func loadMentionTargets(_ database: Database) throws {
            // Only codes with both letters and digits: a bare word or number is never read as a code.
            let rows = try database.query("""
                SELECT code, kind, lookup_key FROM item WHERE kind IN ('standard', 'element', 'unit', 'activity')
                UNION ALL
                SELECT id, 'qualification', award_code FROM qualification WHERE award_code IS NOT NULL
                """) { ($0.string(0), $0.string(1), $0.string(2)) }
            for (code, kind, key) in rows {
                let folded = kind == "qualification" ? Suggest.fold(key) : key
                let hasLetter = folded.unicodeScalars.contains { !(48...57).contains($0.value) }
                let hasDigit = folded.unicodeScalars.contains { (48...57).contains($0.value) }
                guard folded.count >= 3, hasLetter, hasDigit, built.codes[folded] == nil else { continue }
                built.codes[folded] = (code, kind)
            }

            let qualifications = try database.query("SELECT id, name, coalesce(aliases, ''), award_code FROM qualification ORDER BY id") {
                ($0.string(0), $0.string(1), $0.string(2), $0.optionalString(3))
            }
            for (id, name, aliases, awardCode) in qualifications {
                built.qualificationDisplayNames[id] = Catalog.qualificationDisplayName(name: name, awardCode: awardCode)
                for (index, text) in ([name] + MappingIndex.split(aliases)).enumerated() where index == 0 || MappingIndex.isDistinctiveName(text) {
                    let words = WordScanner.words(text).map(\.folded)
                    guard !words.isEmpty else { continue }
                    let key = words.joined(separator: " ")
                    if built.qualificationNames[key] == nil { built.qualificationNames[key] = id }
                    addNameLength(words)
                }
            }

            for (id, name) in try database.query("SELECT id, name FROM framework", [], { ($0.string(0), $0.string(1)) }) {
                // Names carry explanations in brackets; the part before is what people write.
                let plain = name.split(separator: "(").first.map(String.init) ?? name
                for text in [plain, id] {
                    // "A quality framework for…" is written "the quality framework for…" too.
                    let words = WordScanner.words(text).map(\.folded).drop { $0 == "a" || $0 == "the" }
                    guard !words.isEmpty, words.joined().count >= 4 else { continue }
                    built.frameworkNames[words.joined(separator: " ")] = id
                    addNameLength(Array(words))
                }
            }

            for (code, framework) in try database.query("SELECT code, framework FROM standard WHERE kind = 'quality-indicator'", [], { ($0.string(0), $0.string(1)) }) {
                guard let number = code.split(separator: " ").last, number.contains(".") else { continue }
                built.qualityIndicators[String(number), default: []].append((code, framework))
            }
            for (code, programme, number) in try database.query("SELECT code, programme, number FROM activity ORDER BY programme DESC", [], {
                ($0.string(0), $0.string(1), $0.int(2))
            }) {
                built.things[number, default: []].append((code, programme))
            }
        }

        private mutating func addNameLength(_ words: [String]) {
            var lengths = built.nameLengths[words[0], default: []]
            if !lengths.contains(words.count) { lengths.append(words.count) }
            built.nameLengths[words[0]] = lengths.sorted(by: >)
        }

        /// The term ids of a piece of the data's running text, word by word. (Keywords are
        /// written whole, so the data needs no compound joining; only a writer's text does.)
        private mutating func wordTermIDs(_ text: String) -> [Int] {
            var ids: [Int] = []
            for word in WordScanner.words(text) {
                if let known = wordIDs[word.folded] {
                    if known >= 0 { ids.append(known) }
                    continue
                }
                let id = TermAnalyzer.term(word.folded).map { intern($0) } ?? -1
                wordIDs[word.folded] = id
                if id >= 0 { ids.append(id) }
            }
            return ids
        }

        /// Words recur across the data: each is stemmed once.
        private var termCache: [String: String?] = [:]
        private var wordIDs: [String: Int] = [:]

        private mutating func intern(_ key: String) -> Int {
            if let id = built.termIDs[key] { return id }
            built.termIDs[key] = built.termNames.count
            built.termNames.append(key)
            return built.termNames.count - 1
        }

        /// Phrases match in any word order: "culture of learning" is "learning culture".
        private mutating func internPhrase(_ stems: [String]) -> Int {
            for stem in stems { phraseLengths[stem, default: []].insert(stems.count) }
            return intern(MappingIndex.phraseKey(stems))
        }
    }

    /// A name or alias specific enough to be a mention: it holds an acronym or a number
    /// ("SVQ 3 SSHC", "PDA HSC Supervision") or runs to four words or more. "Registered nurse"
    /// in a reflection is a person, not a qualification.
    static func isDistinctiveName(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0 == " " })
        if words.count >= 4 { return true }
        return words.contains { word in
            word.contains(where: \.isNumber) || (word.count >= 2 && word.allSatisfy { $0.isUppercase })
        }
    }

    static func split(_ list: String) -> [String] {
        var entries: [String] = []
        forEachListEntry(list) { entries.append(String($0)) }
        return entries
    }

    /// The entries of a `;`-separated list, trimmed, without copying them out of the list.
    static func forEachListEntry(_ list: String, _ body: (Substring) -> Void) {
        let utf8 = list.utf8
        var position = utf8.startIndex
        while position < utf8.endIndex {
            let end = utf8[position...].firstIndex(of: UInt8(ascii: ";")) ?? utf8.endIndex
            var first = position, last = end
            while first < last, utf8[first] == UInt8(ascii: " ") { first = utf8.index(after: first) }
            while last > first, utf8[utf8.index(before: last)] == UInt8(ascii: " ") { last = utf8.index(before: last) }
            if first < last { body(list[first..<last]) }
            position = end < utf8.endIndex ? utf8.index(after: end) : end
        }
    }

    // MARK: Analysis shared by data and text

    struct Term {
        let stem: String
        let firstWord: Int
        let lastWord: Int
        let startsClause: Bool
    }

    /// Which joined stems make a known term: none (the data's own text), or the index's.
    enum Compounds {
        case none
        case of(MappingIndex)

        func contains(_ stem: String) -> Bool {
            switch self {
            case .none: false
            case .of(let index): index.isCompound(stem)
            }
        }

        var isEmpty: Bool {
            if case .none = self { return true }
            return false
        }
    }

    /// The terms of a run of words: two written words that together make a known term are
    /// read as that term ("well-being", "team work"); stop words and numbers are dropped.
    static func terms(in words: [Word], compounds: Compounds) -> [Term] {
        var cache: [String: String?] = [:]
        return terms(in: words, compounds: compounds, cache: &cache)
    }

    static func terms(in words: [Word], compounds: Compounds, cache: inout [String: String?]) -> [Term] {
        func term(_ folded: String) -> String? {
            if let known = cache[folded] { return known }
            let stem = TermAnalyzer.term(folded)
            cache[folded] = stem
            return stem
        }
        var terms: [Term] = []
        var index = 0
        var clauseBreak = false
        while index < words.count {
            let word = words[index]
            clauseBreak = clauseBreak || word.startsClause
            // "co-production", "re-ablement": a prefix is no word of its own.
            if word.hyphenated, index + 1 < words.count, hyphenPrefixes.contains(word.folded),
               let joined = term(word.folded + words[index + 1].folded) {
                terms.append(Term(stem: joined, firstWord: index, lastWord: index + 1, startsClause: clauseBreak))
                clauseBreak = false
                index += 2
                continue
            }
            if !compounds.isEmpty, index + 1 < words.count, !words[index + 1].startsClause,
               let joined = term(word.folded + words[index + 1].folded), compounds.contains(joined) {
                terms.append(Term(stem: joined, firstWord: index, lastWord: index + 1, startsClause: clauseBreak))
                clauseBreak = false
                index += 2
                continue
            }
            if let stem = term(word.folded) {
                terms.append(Term(stem: stem, firstWord: index, lastWord: index, startsClause: clauseBreak))
                clauseBreak = false
            }
            index += 1
        }
        return terms
    }

    /// Prefixes written with a hyphen that make one word with what follows.
    static let hyphenPrefixes: Set<String> = [
        "co", "re", "pre", "non", "ex", "sub", "de", "un", "anti", "multi", "inter", "semi", "mid", "post", "e",
    ]

    /// Vocabulary terms match the words as written, plurals aside, never their stems: a
    /// term names one expression ("mindfulness"), not everything sharing its root ("mind").
    static func vocabularyKey(_ words: some Collection<Word>) -> String {
        words.map { TermAnalyzer.lightForm($0.folded) }.joined(separator: " ")
    }

    static func phraseKey<Stems: Sequence<String>>(_ stems: Stems) -> String {
        stems.sorted().joined(separator: " ")
    }
}

/// The level of role a NOS unit is written for, read from its code the way the suites number
/// them: the leadership and management suite (LMC, SCDLMC, SCDLMCS) is for managers; in the
/// health and social care and children's care suites the first digit of the number is the
/// level (SCDHSC0033 and CCLD 303 level 3, SCDHSC0043 and SCDCCLD0401 level 4, HSC21 level 2).
enum NOSLevel: UInt8, Equatable, Sendable {
    case practice = 1
    case leadership = 2

    init?(code: String) {
        let upper = code.uppercased()
        if upper.hasPrefix("LMC") || upper.hasPrefix("SCDLMC") {
            self = .leadership
            return
        }
        guard upper.hasPrefix("SCDHSC") || upper.hasPrefix("SCDCCLD") || upper.hasPrefix("HSC") || upper.hasPrefix("CCLD") else {
            return nil
        }
        let digits = upper.drop { !$0.isNumber }.prefix { $0.isNumber }.drop { $0 == "0" }
        guard let first = digits.first?.wholeNumberValue else { return nil }
        self = first >= 4 ? .leadership : .practice
    }

    /// Frontline workers practise; managers and strategic leaders lead.
    func suits(_ role: Role) -> Bool {
        (self == .practice) == (role == .frontline)
    }
}
