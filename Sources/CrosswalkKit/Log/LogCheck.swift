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
        let all = try log.entries()
        entries = all.count
        references = all.reduce(0) { $0 + $1.references.count }
        integrity = try log.integrity()
        missing = try Self.missing(in: all, lookup: lookup)
    }

    /// Every code `entries` use (the element, the Thing, each reference) that the reference data
    /// lacks, entry by entry: what `log check` lists and `log import` warns about.
    public static func missing(in entries: [LogEntry], lookup: ReferenceLookup) throws -> [Missing] {
        let codes = try lookup.database.query("SELECT code FROM item") { $0.string(0) }
        let present = Set(codes)
        var missing: [Missing] = []
        func report(_ entry: LogEntry, field: String, code: String, status: String?, title: String?) {
            guard !present.contains(code) else { return }
            missing.append(Missing(entryID: entry.id, entryTitle: entry.title, date: entry.date, field: field, code: code,
                                   status: status, title: title, suggestions: Suggest.closest(to: code, in: codes, limit: 3)))
        }
        for entry in entries {
            if let element = entry.element { report(entry, field: "element", code: element, status: nil, title: nil) }
            if let thing = entry.thing { report(entry, field: "thing", code: thing, status: nil, title: nil) }
            for reference in entry.references {
                report(entry, field: "reference", code: reference.code, status: reference.status.rawValue, title: reference.title)
            }
        }
        return missing
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
