import SQLite

/// Reads an entry's text with the mapper and proposes what to attach: capability, indicator and
/// standard references (as `suggested`, for the worker to confirm), each with the passage of the
/// text that earned it, and a CPL core learning element when the worker did not name one.
public struct LogSuggester {
    public let database: Database
    let lookup: ReferenceLookup
    let mapper: Mapper

    /// How much of the mapper's answer becomes suggestions: every capability with passage
    /// evidence at least this strong, its best indicators, and its best standards.
    public static let minimumCapabilityScore = 0.3
    public static let indicatorsPerCapability = 2
    public static let minimumIndicatorScore = 0.3
    public static let standardLimit = 4
    public static let minimumScore = 0.1

    public init(database: Database) throws {
        self.database = database
        self.lookup = ReferenceLookup(database: database)
        self.mapper = try Mapper(database: database)
    }

    public struct Suggestions: Sendable {
        public let references: [LogReference]
        public let element: CPLElement?
        /// Qualifications the text names: what the entry counts towards, never a reference.
        public let namedQualifications: [String]

        public init(references: [LogReference], element: CPLElement?, namedQualifications: [String] = []) {
            self.references = references
            self.element = element
            self.namedQualifications = namedQualifications
        }
    }

    /// Suggestions for `entry` as it reads: its title and text in its role, leaving out the
    /// codes the worker already confirmed or rejected, and the entry's own Thing.
    public func suggest(for entry: LogEntry) throws -> Suggestions {
        let decided = entry.references.filter { $0.status != .suggested }.map(\.code)
        return try suggest(for: entry.mappingText, role: entry.role, excluding: Set(decided + [entry.thing].compactMap { $0 }),
                           title: entry.text.isEmpty ? nil : entry.title)
    }

    /// Suggestions for `text`, leaving out any code in `excluding` (already confirmed or
    /// rejected by the worker). `title` is the entry's title when `text` starts with it (see
    /// `LogEntry.mappingText`).
    public func suggest(for text: String, role: Role, excluding: Set<String> = [], title: String? = nil) throws -> Suggestions {
        let now = LogDate.timestamp()
        let elements = try lookup.cplElements()
        let elementCodes = Set(elements.map(\.code))
        // A wider answer than we keep, so the CPL elements among the standards are seen too.
        let result = try mapper.map(text, role: role, limit: 12)
        /// The strongest passage behind an item, without the entry's title when the title,
        /// too short to be a passage of its own, was read with it.
        func passage(_ support: [MappingResult.Support]) -> String? {
            guard let first = support.first, result.passages.indices.contains(first.passage) else { return nil }
            let text = result.passages[first.passage].text
            if let title, text.hasPrefix(title + "\n") { return String(text.dropFirst(title.count)).trimmed() }
            return text
        }

        var references: [LogReference] = []
        func add(_ code: String, kind: String, title: String, score: Double?, support: [MappingResult.Support]) {
            guard !excluding.contains(code), !references.contains(where: { $0.code == code }) else { return }
            references.append(LogReference(code: code, kind: kind, status: .suggested, score: score, source: .mapper,
                                           title: title, addedAt: now, passage: passage(support)))
        }
        for capability in result.capabilities where capability.score >= Self.minimumCapabilityScore {
            add(capability.id, kind: "capability", title: capability.name, score: capability.score, support: capability.support)
            for indicator in capability.indicators.filter({ $0.score >= Self.minimumIndicatorScore }).prefix(Self.indicatorsPerCapability) {
                add(indicator.code, kind: "indicator", title: indicator.text, score: indicator.score, support: indicator.support)
            }
        }
        let standards = result.standards.filter { !elementCodes.contains($0.code) && $0.score >= Self.minimumScore }
        for standard in standards.prefix(Self.standardLimit) {
            add(standard.code, kind: "standard", title: standard.title, score: standard.score, support: standard.support)
        }
        // A code or Thing written out in the text ("SCDLMCA1", "Thing 21") is the strongest
        // hint there is. A qualification it names is what the entry counts towards, not a
        // reference: it is listed apart.
        var named: [String] = []
        for mention in result.mentions {
            if mention.kind == "qualification" {
                if !named.contains(mention.code) { named.append(mention.code) }
                continue
            }
            guard ReferenceLookup.referenceKinds.contains(mention.kind), !elementCodes.contains(mention.code),
                  let info = try lookup.info(mention.code) else { continue }
            add(info.code, kind: info.kind, title: info.title, score: 1, support: [])
        }

        let element = try result.standards.first { elementCodes.contains($0.code) }
            .flatMap { match in elements.first { $0.code == match.code } }
            ?? keywordElement(text, elements: elements)
        return Suggestions(references: references, element: element, namedQualifications: named)
    }

    /// The qualifications `text` names ("SVQ 3 Social Services and Healthcare", "GJ9V 24"), by id.
    public func namedQualifications(in text: String) throws -> [String] {
        var named: [String] = []
        for mention in try mapper.map(text, role: .frontline, limit: 1).mentions where mention.kind == "qualification" {
            if !named.contains(mention.code) { named.append(mention.code) }
        }
        return named
    }

    /// The CPL element whose title and keywords best match the text's words, stemmed the way
    /// search stems them; nil when none shares a word with it.
    func keywordElement(_ text: String, elements: [CPLElement]) throws -> CPLElement? {
        let terms = SearchQuery.terms(text)
        guard !terms.isEmpty else { return nil }
        let code = try database.scalarText("""
            SELECT i.code FROM item_search JOIN item i ON i.rowid = item_search.rowid
            JOIN standard s ON s.code = i.code AND s.kind = 'cpl-element'
            WHERE item_search MATCH ?1
            ORDER BY bm25(item_search, 0.0, 4.0, 1.0, 3.0), i.code
            LIMIT 1
            """, [.text(SearchQuery.expression(terms, joiner: " OR "))])
        return code.flatMap { code in elements.first { $0.code == code } }
    }
}

/// How a 23 Things entry measures up to that Thing's minimum length.
public struct WordCheck: Sendable, Equatable {
    public let thing: Thing
    public let words: Int

    public init(thing: Thing, words: Int) {
        self.thing = thing
        self.words = words
    }

    /// Words still needed; 0 when the entry is long enough or the minimum is not known.
    public var missing: Int { thing.minWords.map { max(0, $0 - words) } ?? 0 }

    /// The line to show the worker when the entry is short or the minimum is unknown; nil when
    /// all is well.
    public var message: String? {
        let name = "Thing \(thing.number) (\(thing.code))"
        guard let minimum = thing.minWords else {
            return "the minimum length for \(name) is not known; this entry has \(words) word\(words == 1 ? "" : "s")"
        }
        guard missing > 0 else { return nil }
        return "\(name) needs at least \(minimum) words; this entry has \(words) (\(missing) missing)"
    }

    public var json: JSON {
        .object([
            ("thing", .string(thing.code)), ("min_words", .optional(thing.minWords)),
            ("words", .int(words)), ("missing", .int(missing)),
        ])
    }
}
