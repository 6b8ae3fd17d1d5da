import Foundation
import SQLite

/// Everything the mapper needs from the reference database, read in a handful of queries and
/// indexed once: every item's terms with their weights, term rarity, the links that carry
/// evidence up to capabilities, the vocabulary, and the codes and names a text may mention.
///
/// A class, built once and never changed after `init`: scoring passes it around constantly,
/// and a struct of this many arrays would be copied (and retained) at every turn.
final class MappingIndex: @unchecked Sendable {
    enum Kind: Sendable {
        case capability, indicator, standard, element, activity, unit
    }

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

    // MARK: Terms

    /// Term (a stem, or stems joined by spaces for a phrase) → id.
    private(set) var termIDs: [String: Int] = [:]
    private(set) var termNames: [String] = []
    /// Inverse document frequency of each term over the items.
    private(set) var idf: [Double] = []
    /// How well each term tells the six capabilities apart (0...1).
    private(set) var focus: [Double] = []
    /// For each term, the share of its use in the data that points at each capability, six
    /// values per term in `capabilityNames` order: "coaching" leans to motivating and inspiring.
    private(set) var leaning: [Double] = []
    /// Term id → (item, weight) for every item holding it.
    private(set) var postings: [[(item: Int, weight: Double)]] = []
    /// Any stem of a phrase → the lengths of the phrases holding it.
    private(set) var phraseLengths: [String: Set<Int>] = [:]
    /// Stems a pair of written words may join into ("well being" → "wellbeing").
    private(set) var compounds: Set<String> = []
    /// Vocabulary terms as written (see `vocabularyKey`) → what they stand for.
    private(set) var vocabulary: [String: [Expansion]] = [:]
    /// Every vocabulary term's proper beginnings ("what matters", "what" of "what matters to
    /// you"): a text's words are read on only while they could still make a term.
    private(set) var vocabularyPrefixes: Set<String> = []
    private(set) var vocabularyFirstWords: Set<String> = []

    // MARK: Items and structure

    private(set) var items: [Item] = []
    private(set) var itemIndex: [String: Int] = [:]
    private(set) var capabilityNames: [(id: String, name: String)] = []
    private(set) var capabilityLinks: [String: [Link]] = [:]
    /// Standard → its elements; capability → its indicators; unit → the NOS it is built on;
    /// newer standard → older and back.
    private(set) var elementsOf: [String: [Int]] = [:]
    private(set) var indicatorsOf: [String: [Int]] = [:]
    private(set) var builtOn: [String: [String]] = [:]
    private(set) var replaces: [(newer: String, older: String)] = []
    /// Standards the data says cover related ground, in both directions, with the link strength.
    private(set) var related: [String: [(code: String, strength: Double)]] = [:]
    private(set) var replacedBy: [String: [String]] = [:]
    /// The same by item index, for scoring: every standard, (newer, older) pairs, and related
    /// standards.
    private(set) var standardItems: [Int] = []
    /// The elements of each of `standardItems`, by item index.
    private(set) var standardElements: [[Int]] = []
    /// By item index: the position in `standardItems` of the standard it is or belongs to (an
    /// element's standard), −1 for any other item.
    private(set) var standardPosition: [Int] = []
    /// By capability position (`capabilityNames` order): its indicators and evidencing links.
    private(set) var indicatorsByPosition: [[Int]] = []
    private(set) var linksByPosition: [[Link]] = []
    /// Each capability's own item.
    private(set) var capabilityItems: [Int?] = []
    /// Each item's kind and role, by item index.
    private(set) var kinds: [Kind] = []
    private(set) var roles: [Role?] = []
    private(set) var unitItems: [Int] = []
    private(set) var replacesByItem: [(newer: Int, older: Int)] = []
    private(set) var relatedByItem: [(item: Int, relations: [(item: Int, strength: Double)])] = []
    /// Unit → the qualifications holding it, in data order.
    private(set) var qualificationsOf: [String: [String]] = [:]
    private(set) var nosLevels: [String: NOSLevel] = [:]

    // MARK: Mentions

    /// Folded code ("scdlmca1", "h7lg04", "gj9v24") → the item it names.
    private(set) var codes: [String: (code: String, kind: String)] = [:]
    /// Folded words of a qualification name or alias → qualification id.
    private(set) var qualificationNames: [String: String] = [:]
    /// Qualification id → its name as a person knows it, with the award code when known.
    private(set) var qualificationDisplayNames: [String: String] = [:]
    /// First word of a qualification or framework name → the lengths (in words) of the names
    /// starting with it, longest first.
    private(set) var nameLengths: [String: [Int]] = [:]
    /// Folded words of a framework name, or its id → framework id.
    private(set) var frameworkNames: [String: String] = [:]
    /// "1.3" → the quality indicators numbered so, by framework.
    private(set) var qualityIndicators: [String: [(code: String, framework: String)]] = [:]
    /// Thing number → the activities (one per programme).
    private(set) var things: [Int: [(code: String, programme: String)]] = [:]

    let tuning: Mapper.Tuning

    init(database: Database, tuning: Mapper.Tuning) throws {
        self.tuning = tuning
        try build(database, sources: try Self.load(database))
    }

    private struct Source {
        let code: String
        let kind: Kind
        let title: String
        let parent: String
        let role: Role?
        let keywords: String
        let heading: String
        let body: String
    }

    private static func load(_ database: Database) throws -> [Source] {
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

    private func build(_ database: Database, sources: [Source]) throws {
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
            Self.forEachListEntry(source.keywords) { keyword in
                if let known = keywordTerms[keyword] {
                    found += known
                    return
                }
                let stems = Self.terms(in: WordScanner.words(String(keyword)), compounds: [], cache: &termCache).map(\.stem)
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
            itemIndex[item.code] = items.count
            items.append(item)
        }
        // What each meaning stands for, worked out once however many terms share it.
        var meaning: [String: [Int]] = [:]
        for means in Set(rows.map(\.1)).sorted() {
            let stems = Self.terms(in: WordScanner.words(means), compounds: [], cache: &termCache).map(\.stem)
            compounds.formUnion(stems)
            var ids = stems.map { intern($0) }
            if stems.count > 1 { ids.append(internPhrase(stems)) }
            meaning[means] = ids
        }
        self.compounds = compounds

        for (term, means, kind) in rows {
            let words = WordScanner.words(term)
            guard let first = words.first, let meansIDs = meaning[means], !meansIDs.isEmpty else { continue }
            vocabularyFirstWords.insert(TermAnalyzer.lightForm(first.folded))
            let key = Self.vocabularyKey(words)
            var prefix = ""
            for word in words.dropLast() {
                prefix += (prefix.isEmpty ? "" : " ") + TermAnalyzer.lightForm(word.folded)
                vocabularyPrefixes.insert(prefix)
            }
            vocabulary[key, default: []].append(Expansion(
                means: meansIDs, label: means, weight: Self.vocabularyWeights[kind] ?? 0.5))
        }

        // Rarity over the items, and length normalisation within each kind.
        var documentFrequency = [Int](repeating: 0, count: termNames.count)
        postings = Array(repeating: [], count: termNames.count)
        for (index, item) in items.enumerated() {
            for (term, weight) in item.terms {
                documentFrequency[term] += 1
                postings[term].append((index, weight))
            }
        }
        let count = Double(items.count)
        idf = documentFrequency.map { frequency in
            let df = Double(frequency)
            return log(1 + (count - df + 0.5) / (df + 0.5))
        }
        var lengthByKind: [Kind: (total: Double, count: Double)] = [:]
        for item in items {
            let length = item.terms.reduce(0) { $0 + $1.weight }
            lengthByKind[item.kind, default: (0, 0)].total += length
            lengthByKind[item.kind, default: (0, 0)].count += 1
        }
        for index in items.indices {
            let average = lengthByKind[items[index].kind].map { $0.total / max(1, $0.count) } ?? 1
            let length = items[index].terms.reduce(0) { $0 + $1.weight }
            items[index].lengthNorm = (1 - tuning.lengthNormStrength) + tuning.lengthNormStrength * length / max(1, average)
        }

        try loadStructure(database)
        try loadMentionTargets(database)
    }

    private func loadStructure(_ database: Database) throws {
        capabilityNames = try database.query("SELECT id, name FROM capability ORDER BY position") { ($0.string(0), $0.string(1)) }
        for (index, item) in items.enumerated() {
            if item.kind == .element { elementsOf[item.parent, default: []].append(index) }
            if item.kind == .indicator { indicatorsOf[item.parent, default: []].append(index) }
        }
        let links = try database.query("SELECT from_code, to_code, kind, strength FROM link ORDER BY from_code, to_code") {
            ($0.string(0), $0.string(1), $0.string(2), $0.double(3))
        }
        let capabilities = Set(capabilityNames.map(\.id))
        for (from, to, kind, strength) in links {
            switch kind {
            case "evidences" where capabilities.contains(to):
                // A unit's links are its NOS's links over again; the NOS carries them.
                if let index = itemIndex[from], items[index].kind != .unit {
                    capabilityLinks[to, default: []].append(Link(item: index, strength: strength))
                }
            case "built-on":
                builtOn[from, default: []].append(to)
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
        standardItems = items.indices.filter { items[$0].kind == .standard }
        standardElements = standardItems.map { elementsOf[items[$0].code] ?? [] }
        standardPosition = Array(repeating: -1, count: items.count)
        for (position, item) in standardItems.enumerated() {
            standardPosition[item] = position
            for element in standardElements[position] { standardPosition[element] = position }
        }
        indicatorsByPosition = capabilityNames.map { indicatorsOf[$0.id] ?? [] }
        linksByPosition = capabilityNames.map { capabilityLinks[$0.id] ?? [] }
        capabilityItems = capabilityNames.map { itemIndex[$0.id] }
        kinds = items.map(\.kind)
        roles = items.map(\.role)
        unitItems = items.indices.filter { items[$0].kind == .unit }
        replacesByItem = replaces.compactMap { pair in
            guard let newer = itemIndex[pair.newer], let older = itemIndex[pair.older] else { return nil }
            return (newer, older)
        }
        for code in related.keys.sorted() {
            guard let item = itemIndex[code], items[item].kind == .standard else { continue }
            var relations: [(item: Int, strength: Double)] = []
            for relation in related[code] ?? [] {
                if let other = itemIndex[relation.code] { relations.append((other, relation.strength)) }
            }
            if !relations.isEmpty { relatedByItem.append((item, relations)) }
        }
        for (qualification, unit) in try database.query("SELECT qualification, unit FROM qualification_unit ORDER BY rowid", [], { ($0.string(0), $0.string(1)) }) {
            qualificationsOf[unit, default: []].append(qualification)
        }
        for (code, kind) in try database.query("SELECT code, kind FROM standard", [], { ($0.string(0), $0.string(1)) }) {
            if kind == "nos-unit", let level = NOSLevel(code: code) { nosLevels[code] = level }
        }
        computeFocus()
    }

    /// How much a term tells one capability from another: 1 when the items using it all point
    /// at one capability, 0 when they point at all six alike ("service", "team"). Each item
    /// points at capabilities through what it is (a capability, an indicator) or its
    /// `evidences` links; an element without links points where its standard does.
    private func computeFocus() {
        let capabilityPosition = Dictionary(uniqueKeysWithValues: capabilityNames.enumerated().map { ($1.id, $0) })
        let count = capabilityNames.count
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
            guard (0..<count).allSatisfy({ pointing[index * count + $0] == 0 }), let standard = itemIndex[item.parent] else { continue }
            for position in 0..<count { pointing[index * count + position] = pointing[standard * count + position] }
        }
        var mass = [Double](repeating: 0, count: termNames.count * count)
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
        focus = [Double](repeating: 0, count: termNames.count)
        leaning = [Double](repeating: 0, count: termNames.count * count)
        for term in 0..<termNames.count {
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

    private func loadMentionTargets(_ database: Database) throws {
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
            guard folded.count >= 3, hasLetter, hasDigit, codes[folded] == nil else { continue }
            codes[folded] = (code, kind)
        }

        let qualifications = try database.query("SELECT id, name, coalesce(aliases, ''), award_code FROM qualification ORDER BY id") {
            ($0.string(0), $0.string(1), $0.string(2), $0.optionalString(3))
        }
        for (id, name, aliases, awardCode) in qualifications {
            qualificationDisplayNames[id] = Catalog.qualificationDisplayName(name: name, awardCode: awardCode)
            for (index, text) in ([name] + Self.split(aliases)).enumerated() where index == 0 || Self.isDistinctiveName(text) {
                let words = WordScanner.words(text).map(\.folded)
                guard !words.isEmpty else { continue }
                let key = words.joined(separator: " ")
                if qualificationNames[key] == nil { qualificationNames[key] = id }
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
                frameworkNames[words.joined(separator: " ")] = id
                addNameLength(Array(words))
            }
        }

        for (code, framework) in try database.query("SELECT code, framework FROM standard WHERE kind = 'quality-indicator'", [], { ($0.string(0), $0.string(1)) }) {
            guard let number = code.split(separator: " ").last, number.contains(".") else { continue }
            qualityIndicators[String(number), default: []].append((code, framework))
        }
        for (code, programme, number) in try database.query("SELECT code, programme, number FROM activity ORDER BY programme DESC", [], {
            ($0.string(0), $0.string(1), $0.int(2))
        }) {
            things[number, default: []].append((code, programme))
        }
    }

    private func addNameLength(_ words: [String]) {
        var lengths = nameLengths[words[0], default: []]
        if !lengths.contains(words.count) { lengths.append(words.count) }
        nameLengths[words[0]] = lengths.sorted(by: >)
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

    /// The term ids of a piece of the data's running text, word by word. (Keywords are
    /// written whole, so the data needs no compound joining; only a writer's text does.)
    private func wordTermIDs(_ text: String) -> [Int] {
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

    struct Term {
        let stem: String
        let firstWord: Int
        let lastWord: Int
        let startsClause: Bool
    }

    /// The terms of a run of words: two written words that together make a known term are
    /// read as that term ("well-being", "team work"); stop words and numbers are dropped.
    static func terms(in words: [Word], compounds: Set<String>) -> [Term] {
        var cache: [String: String?] = [:]
        return terms(in: words, compounds: compounds, cache: &cache)
    }

    static func terms(in words: [Word], compounds: Set<String>, cache: inout [String: String?]) -> [Term] {
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

    func termID(_ key: String) -> Int? { termIDs[key] }

    /// The framework of a standard, the programme of a Thing (see `Item.parent`); "" when unknown.
    func parent(of code: String) -> String {
        itemIndex[code].map { items[$0].parent } ?? ""
    }

    /// Vocabulary terms match the words as written, plurals aside, never their stems: a
    /// term names one expression ("mindfulness"), not everything sharing its root ("mind").
    static func vocabularyKey(_ words: some Collection<Word>) -> String {
        words.map { TermAnalyzer.lightForm($0.folded) }.joined(separator: " ")
    }

    private func intern(_ key: String) -> Int {
        if let id = termIDs[key] { return id }
        termIDs[key] = termNames.count
        termNames.append(key)
        return termNames.count - 1
    }

    /// Phrases match in any word order: "culture of learning" is "learning culture".
    private func internPhrase(_ stems: [String]) -> Int {
        for stem in stems { phraseLengths[stem, default: []].insert(stems.count) }
        return intern(Self.phraseKey(stems))
    }

    static func phraseKey<Stems: Sequence<String>>(_ stems: Stems) -> String {
        stems.sorted().joined(separator: " ")
    }
}

/// The level of role a NOS unit is written for, read from its code the way the suites number
/// them: the leadership and management suite (LMC, SCDLMC, SCDLMCS) is for managers; in the
/// health and social care and children's care suites the first digit of the number is the
/// level (SCDHSC0033 and CCLD 303 level 3, SCDHSC0043 and SCDCCLD0401 level 4, HSC21 level 2).
enum NOSLevel: Equatable, Sendable {
    case practice
    case leadership

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


