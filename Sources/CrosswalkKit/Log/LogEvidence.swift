/// The one definition of "the learning log evidences this capability", used by `log summary`,
/// `log list --capability`, every export and `plan --with-log`:
///
/// An entry evidences a leadership capability when one of its **confirmed** references is
/// 1. the capability itself,
/// 2. one of the capability's indicators (for any role), or
/// 3. an item with an `evidences` link to the capability of strength 0.6 or more ("clearly
///    supports it" or "mainly about it"): a standard, an element (through its standard's links
///    when it has none of its own), an SQA unit (through the NOS it is built on), a
///    qualification or a 23 Things activity.
///
/// The Thing an entry is written for (`log add --thing`) counts as a confirmed reference: the
/// worker chose it. Suggested and rejected references never count; a suggestion that would
/// count once confirmed is reported apart, as something to review. Links that only touch on a
/// capability (strength below 0.6) do not make an entry evidence it.
public struct LogEvidence: Sendable {
    /// Links weaker than this ("touches on it") do not make a reference evidence a capability.
    public static let minimumLinkStrength = 0.6
    /// How strongly a reference to the capability itself, or to one of its indicators, counts
    /// where a strength is needed (`plan`): like a link that clearly supports it.
    public static let directReferenceStrength = 0.6

    /// How a reference reaches the capability.
    public enum Route: Sendable, Equatable {
        /// The reference is the capability.
        case capability
        /// The reference is one of its indicators.
        case indicator
        /// Through an `evidences` link from `via` (the referenced item, or an element's standard).
        case link(via: String)
    }

    /// One reference of an entry that evidences a capability.
    public struct Reference: Sendable, Equatable {
        public let code: String
        public let kind: String
        public let route: Route
        public let strength: Double

        /// "self-leadership", "vision/M2 (indicator)", "MMLLF-3 (link 1.00)", "SCDLMCA2/1 (via SCDLMCA2, link 0.60)".
        public var label: String {
            switch route {
            case .capability: code
            case .indicator: "\(code) (indicator)"
            case .link(let via) where via == code: "\(code) (link \(TextFormat.decimal(strength, places: 2)))"
            case .link(let via): "\(code) (via \(via), link \(TextFormat.decimal(strength, places: 2)))"
            }
        }

        var json: JSON {
            let route: String
            let via: String?
            switch self.route {
            case .capability: (route, via) = ("capability", nil)
            case .indicator: (route, via) = ("indicator", nil)
            case .link(let through): (route, via) = ("link", through)
            }
            return .object([("code", .string(code)), ("kind", .string(kind)), ("route", .string(route)),
                             ("via", .optional(via)), ("strength", .score(strength))])
        }
    }

    /// An entry that evidences a capability, with the references that do it.
    public struct Entry: Sendable {
        public let id: Int
        public let date: String
        public let title: String
        public let hours: Double?
        public let references: [Reference]
        /// The strongest of its references: how much this entry adds where a strength is needed.
        public var strength: Double { references.map(\.strength).max() ?? 0 }

        var json: JSON {
            .object([("id", .int(id)), ("date", .string(date)), ("title", .string(title)),
                     ("references", .array(references.map(\.json)))])
        }
    }

    public struct Capability: Sendable {
        public let id: String
        public let name: String
        /// Entries that evidence it, oldest first.
        public let entries: [Entry]
        /// Entries with a suggestion that would evidence it once confirmed, and no confirmed
        /// reference that does.
        public let entriesToReview: [Int]

        public var evidenced: Bool { !entries.isEmpty }
        public var hours: Double { entries.reduce(0) { $0 + ($1.hours ?? 0) } }
    }

    /// The six capabilities, in their canonical order.
    public let capabilities: [Capability]
    /// Every code the log claims: confirmed references and the Things entries were written
    /// for. Sorted, distinct.
    public let claimedCodes: [String]
    /// How many entries were read.
    public let entryCount: Int
    /// For each entry that evidences something: where it stands in `capabilities` (the
    /// capability, then the entry in its list), in canonical order. An export asks this once
    /// per entry, so it is not a search through every capability's entries.
    private let byEntry: [Int: [(capability: Int, entry: Int)]]

    public init(entries: [LogEntry], lookup: ReferenceLookup) throws {
        var builder = Builder(lookup: lookup)
        for entry in entries { try builder.add(entry) }
        self = try builder.evidence()
    }

    /// The evidence of the entries `filter` chooses, read from the log one outline at a time.
    public init(log: LearningLog, filter: LogFilter = LogFilter(), lookup: ReferenceLookup) throws {
        var builder = Builder(lookup: lookup)
        try log.forEachOutline(filter) { try builder.add($0) }
        self = try builder.evidence()
    }

    /// Reads entries one at a time, keeping only what the evidence needs (never an entry's
    /// text), so a log of any length can be read through it.
    public struct Builder {
        let lookup: ReferenceLookup
        private var cache: [String: [CapabilityEvidence]] = [:]
        private var confirmed: [String: [Entry]] = [:]
        private var pending: [String: [Int]] = [:]
        private var codes = Set<String>()
        private var count = 0

        public init(lookup: ReferenceLookup) {
            self.lookup = lookup
        }

        private mutating func evidence(_ code: String) throws -> [CapabilityEvidence] {
            if let known = cache[code] { return known }
            let found = try lookup.capabilityEvidence(of: code)
            cache[code] = found
            return found
        }

        /// The capabilities a set of references evidences, each with the references that do.
        private mutating func byCapability(_ references: [(code: String, kind: String)]) throws -> [String: [Reference]] {
            var result: [String: [Reference]] = [:]
            for reference in references {
                for item in try evidence(reference.code) where !(result[item.capability]?.contains { $0.code == reference.code } ?? false) {
                    result[item.capability, default: []].append(
                        Reference(code: reference.code, kind: reference.kind, route: item.route, strength: item.strength))
                }
            }
            return result
        }

        public mutating func add(_ entry: LogEntry) throws {
            try add(id: entry.id, date: entry.date, title: entry.title, hours: entry.hours, thing: entry.thing,
                    confirmed: entry.references(.confirmed).map { ($0.code, $0.kind) },
                    suggested: entry.references(.suggested).map { ($0.code, $0.kind) })
        }

        public mutating func add(_ entry: EntryOutline) throws {
            try add(id: entry.id, date: entry.date, title: entry.title, hours: entry.hours, thing: entry.thing,
                    confirmed: entry.references(.confirmed).map { ($0.code, $0.kind) },
                    suggested: entry.references(.suggested).map { ($0.code, $0.kind) })
        }

        /// One entry, its references in the order they are shown.
        private mutating func add(id: Int, date: String, title: String, hours: Double?, thing: String?,
                                  confirmed references: [(code: String, kind: String)],
                                  suggested: [(code: String, kind: String)]) throws {
            count += 1
            var claimed = references
            if let thing, !claimed.contains(where: { $0.code == thing }) { claimed.append((thing, "activity")) }
            codes.formUnion(claimed.map(\.code))
            let evidenced = try byCapability(claimed)
            for (capability, references) in evidenced {
                confirmed[capability, default: []].append(
                    Entry(id: id, date: date, title: title, hours: hours, references: references))
            }
            for capability in try byCapability(suggested).keys where evidenced[capability] == nil {
                pending[capability, default: []].append(id)
            }
        }

        /// The evidence of every entry added, oldest first as they were added.
        public func evidence() throws -> LogEvidence {
            let capabilities = try lookup.capabilities().map { capability in
                Capability(id: capability.id, name: capability.name, entries: confirmed[capability.id] ?? [],
                           entriesToReview: pending[capability.id] ?? [])
            }
            var byEntry: [Int: [(capability: Int, entry: Int)]] = [:]
            for (capabilityIndex, capability) in capabilities.enumerated() {
                for (entryIndex, entry) in capability.entries.enumerated() {
                    byEntry[entry.id, default: []].append((capabilityIndex, entryIndex))
                }
            }
            return LogEvidence(capabilities: capabilities, claimedCodes: codes.sorted(), entryCount: count, byEntry: byEntry)
        }
    }

    private init(capabilities: [Capability], claimedCodes: [String], entryCount: Int, byEntry: [Int: [(capability: Int, entry: Int)]]) {
        self.capabilities = capabilities
        self.claimedCodes = claimedCodes
        self.entryCount = entryCount
        self.byEntry = byEntry
    }

    public func capability(_ id: String) -> Capability? { capabilities.first { $0.id == id } }

    /// Whether the log evidences the capability.
    public func evidences(_ capability: String) -> Bool { self.capability(capability)?.evidenced ?? false }

    /// The ids of the entries that evidence the capability, oldest first.
    public func entryIDs(evidencing capability: String) -> [Int] { self.capability(capability)?.entries.map(\.id) ?? [] }

    public var capabilitiesWithoutEvidence: [Capability] { capabilities.filter { !$0.evidenced } }

    /// The capabilities one entry evidences, in canonical order.
    public func capabilities(evidencedBy entryID: Int) -> [Capability] {
        (byEntry[entryID] ?? []).map { capabilities[$0.capability] }
    }

    /// The capability ids one confirmed reference of an entry evidences.
    public func capabilities(evidencedBy entryID: Int, reference code: String) -> [String] {
        (byEntry[entryID] ?? []).filter { place in
            capabilities[place.capability].entries[place.entry].references.contains { $0.code == code }
        }.map { capabilities[$0.capability].id }
    }

    /// `json` as `serialized(depth:)` writes it, handed to `write` in pieces, entry by entry: the
    /// same text, without building the whole value first (an export of a long log).
    public func writeJSON(depth: Int, _ write: (String) throws -> Void) throws {
        try write("{")
        for (index, capability) in capabilities.enumerated() {
            try write((index > 0 ? "," : "") + JSON.memberHead(capability.id, depth: depth + 1) + "{"
                      + JSON.memberHead("name", depth: depth + 2) + JSON.string(capability.name).serialized() + ","
                      + JSON.memberHead("evidenced", depth: depth + 2) + JSON.bool(capability.evidenced).serialized() + ","
                      + JSON.memberHead("entries", depth: depth + 2))
            var entries = JSON.ArrayStream(depth: depth + 2)
            for entry in capability.entries { try write(entries.next(entry.json)) }
            try write(entries.end() + "," + JSON.memberHead("entries_to_review", depth: depth + 2)
                      + JSON.array(capability.entriesToReview.map(JSON.int)).serialized(depth: depth + 2)
                      + JSON.lineBreak(depth: depth + 1) + "}")
        }
        try write(capabilities.isEmpty ? "}" : JSON.lineBreak(depth: depth) + "}")
    }

    /// `{capability id: {"name", "evidenced", "entries": [...], "entries_to_review": [ids]}}`.
    public var json: JSON {
        .object(capabilities.map { capability in
            (capability.id, .object([
                ("name", .string(capability.name)), ("evidenced", .bool(capability.evidenced)),
                ("entries", .array(capability.entries.map(\.json))),
                ("entries_to_review", .array(capability.entriesToReview.map(JSON.int))),
            ]))
        })
    }
}

/// A capability one reference code evidences, and how (see `LogEvidence`).
public struct CapabilityEvidence: Sendable, Equatable {
    public let capability: String
    public let route: LogEvidence.Route
    public let strength: Double
}

extension ReferenceLookup {
    /// The capabilities a confirmed reference to `code` evidences, by the rule of `LogEvidence`.
    /// Empty for a code the reference data does not have.
    public func capabilityEvidence(of code: String) throws -> [CapabilityEvidence] {
        guard let kind = try database.scalarText("SELECT kind FROM item WHERE code = ?1", [.text(code)]) else { return [] }
        switch kind {
        case "capability":
            return [CapabilityEvidence(capability: code, route: .capability, strength: LogEvidence.directReferenceStrength)]
        case "indicator":
            return try database.query("SELECT capability FROM indicator WHERE code = ?1", [.text(code)]) {
                CapabilityEvidence(capability: $0.string(0), route: .indicator, strength: LogEvidence.directReferenceStrength)
            }
        default:
            var through = code
            var links = try strongLinks(from: code)
            if kind == "element", try !hasEvidenceLinks(code),
               let standard = try database.scalarText("SELECT standard FROM element WHERE code = ?1", [.text(code)]) {
                through = standard
                links = try strongLinks(from: standard)
            }
            return links.map { CapabilityEvidence(capability: $0.capability, route: .link(via: through), strength: $0.strength) }
        }
    }

    private func hasEvidenceLinks(_ code: String) throws -> Bool {
        try database.scalarInt("""
            SELECT count(*) FROM link l JOIN capability c ON c.id = l.to_code WHERE l.from_code = ?1 AND l.kind = 'evidences'
            """, [.text(code)]) > 0
    }

    private func strongLinks(from code: String) throws -> [(capability: String, strength: Double)] {
        try database.query("""
            SELECT l.to_code, l.strength FROM link l JOIN capability c ON c.id = l.to_code
            WHERE l.from_code = ?1 AND l.kind = 'evidences' AND l.strength >= ?2 - 1e-9
            ORDER BY c.position
            """, [.text(code), .real(LogEvidence.minimumLinkStrength)]) { ($0.string(0), $0.double(1)) }
    }
}
