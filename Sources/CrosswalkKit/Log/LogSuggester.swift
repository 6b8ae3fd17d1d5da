import SQLite

/// Reads an entry's text with the mapper and proposes what to attach: capability, indicator and
/// standard references (as `suggested`, for the worker to confirm), and a CPL core learning
/// element when the worker did not name one.
public struct LogSuggester {
    public let database: Database
    let lookup: ReferenceLookup

    /// How much of the mapper's answer becomes suggestions: its best few of each kind, never
    /// anything it scored as noise.
    public static let capabilityLimit = 3
    public static let indicatorsPerCapability = 2
    public static let standardLimit = 4
    public static let minimumScore = 0.1

    public init(database: Database) {
        self.database = database
        self.lookup = ReferenceLookup(database: database)
    }

    public struct Suggestions: Sendable {
        public let references: [LogReference]
        public let element: CPLElement?

        public init(references: [LogReference], element: CPLElement?) {
            self.references = references
            self.element = element
        }
    }

    /// Suggestions for `entry` as it reads: its title and text in its role, leaving out the
    /// codes the worker already confirmed or rejected, and the entry's own Thing.
    public func suggest(for entry: LogEntry) throws -> Suggestions {
        let decided = entry.references.filter { $0.status != .suggested }.map(\.code)
        return try suggest(for: entry.mappingText, role: entry.role, excluding: Set(decided + [entry.thing].compactMap { $0 }))
    }

    /// Suggestions for `text`, leaving out any code in `excluding` (already confirmed or
    /// rejected by the worker).
    public func suggest(for text: String, role: Role, excluding: Set<String> = []) throws -> Suggestions {
        let now = LogDate.timestamp()
        let elements = try lookup.cplElements()
        let elementCodes = Set(elements.map(\.code))
        // A wider answer than we keep, so the CPL elements among the standards are seen too.
        let result = try Mapper(database: database).map(text, role: role, limit: 12)

        var references: [LogReference] = []
        func add(_ code: String, kind: String, title: String, score: Double?) {
            guard !excluding.contains(code), !references.contains(where: { $0.code == code }) else { return }
            references.append(LogReference(code: code, kind: kind, status: .suggested, score: score,
                                           source: .mapper, title: title, addedAt: now))
        }
        for capability in result.capabilities.filter({ $0.score >= Self.minimumScore }).prefix(Self.capabilityLimit) {
            add(capability.id, kind: "capability", title: capability.name, score: capability.score)
            for indicator in capability.indicators.filter({ $0.score >= Self.minimumScore }).prefix(Self.indicatorsPerCapability) {
                add(indicator.code, kind: "indicator", title: indicator.text, score: indicator.score)
            }
        }
        let standards = result.standards.filter { !elementCodes.contains($0.code) && $0.score >= Self.minimumScore }
        for standard in standards.prefix(Self.standardLimit) {
            add(standard.code, kind: "standard", title: standard.title, score: standard.score)
        }
        // A code, qualification or Thing written out in the text ("SCDLMCA1", "Thing 21") is the
        // strongest hint there is.
        for mention in result.mentions where ReferenceLookup.referenceKinds.contains(mention.kind)
            && !elementCodes.contains(mention.code) {
            if let info = try lookup.info(mention.code) {
                add(info.code, kind: info.kind, title: info.title, score: 1)
            }
        }

        let element = try result.standards.first { elementCodes.contains($0.code) }
            .flatMap { match in elements.first { $0.code == match.code } }
            ?? keywordElement(text, elements: elements)
        return Suggestions(references: references, element: element)
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
