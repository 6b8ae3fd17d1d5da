/// `log check`: the codes the log refers to that the reference data no longer has. They are
/// reported, never removed: the entry keeps the code and the title it had when attached.
public struct LogCheck: Sendable {
    public struct Missing: Sendable, Equatable {
        public let entryID: Int
        public let entryTitle: String
        public let date: String
        /// `reference`, `element` or `thing`.
        public let field: String
        public let code: String
        public let status: String?
        /// The title the code had when it was attached, if known.
        public let title: String?
        /// Codes the reference data has that look like this one.
        public let suggestions: [String]
    }

    public let entries: Int
    public let references: Int
    public let integrity: String
    public let missing: [Missing]

    public var isClean: Bool { missing.isEmpty && integrity == "ok" }

    public init(log: LearningLog, lookup: ReferenceLookup) throws {
        var entries = 0, references = 0
        var missing: [Missing] = []
        let codes = try Self.codes(lookup)
        let present = Set(codes)
        try log.reading {
            var lacking: [EntryOutline] = []
            try log.forEachOutline { outline in
                entries += 1
                references += outline.references.count
                // Only an entry using a code the data lacks is kept, to be reported.
                if [outline.element, outline.thing].contains(where: { $0.map { !present.contains($0) } ?? false })
                    || outline.references.contains(where: { !present.contains($0.code) }) {
                    lacking.append(outline)
                }
            }
            for outline in lacking {
                let titles = try log.attachedTitles(of: outline.id)
                Self.report(outline.id, title: outline.title, date: outline.date, element: outline.element, thing: outline.thing,
                            references: outline.references.map { ($0.code, $0.status, titles[$0.code] ?? nil) },
                            codes: codes, present: present, into: &missing)
            }
        }
        self.entries = entries
        self.references = references
        self.missing = missing
        integrity = try log.integrity()
    }

    /// Every code `entries` use (the element, the Thing, each reference) that the reference data
    /// lacks, entry by entry: what `log check` lists and `log import` warns about.
    public static func missing(in entries: [LogEntry], lookup: ReferenceLookup) throws -> [Missing] {
        let codes = try codes(lookup)
        let present = Set(codes)
        var missing: [Missing] = []
        for entry in entries {
            report(entry.id, title: entry.title, date: entry.date, element: entry.element, thing: entry.thing,
                   references: entry.references.map { ($0.code, $0.status, $0.title) },
                   codes: codes, present: present, into: &missing)
        }
        return missing
    }

    /// Every code of the reference data, in the order near misses are suggested from.
    private static func codes(_ lookup: ReferenceLookup) throws -> [String] {
        try lookup.database.query("SELECT code FROM item") { $0.string(0) }
    }

    private static func report(_ id: Int, title: String, date: String, element: String?, thing: String?,
                               references: [(code: String, status: LogReference.Status, title: String?)],
                               codes: [String], present: Set<String>, into missing: inout [Missing]) {
        func report(field: String, code: String, status: String?, title attached: String?) {
            guard !present.contains(code) else { return }
            missing.append(Missing(entryID: id, entryTitle: title, date: date, field: field, code: code, status: status,
                                   title: attached, suggestions: Suggest.closest(to: code, in: codes, limit: 3)))
        }
        if let element { report(field: "element", code: element, status: nil, title: nil) }
        if let thing { report(field: "thing", code: thing, status: nil, title: nil) }
        for reference in references {
            report(field: "reference", code: reference.code, status: reference.status.rawValue, title: reference.title)
        }
    }

    /// The `log check --json` contract.
    public var json: JSON {
        .object([
            ("entries", .int(entries)), ("references", .int(references)), ("integrity", .string(integrity)),
            ("missing", .array(missing.map {
                .object([
                    ("entry_id", .int($0.entryID)), ("date", .string($0.date)), ("entry_title", .string($0.entryTitle)),
                    ("field", .string($0.field)), ("code", .string($0.code)), ("status", .optional($0.status)),
                    ("title", .optional($0.title)), ("suggestions", .strings($0.suggestions)),
                ])
            })),
        ])
    }
}
