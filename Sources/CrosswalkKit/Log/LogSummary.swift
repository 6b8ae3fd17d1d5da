/// Entries and hours per CPL core learning element, per leadership capability and per standard
/// framework, for `log summary` and the exports. Only confirmed references count as evidence;
/// suggestions still waiting for the worker are counted apart. Which entries evidence a
/// capability is decided by `LogEvidence`, the rule every command and export shares.
public struct LogSummary: Sendable {
    public struct Row: Sendable, Equatable {
        public let code: String
        public let name: String
        public let entries: Int
        public let hours: Double
        /// Entries where this only has suggested references, waiting to be confirmed.
        public let suggestedEntries: Int
    }

    public let from: String?
    public let to: String?
    public let entries: Int
    public let hours: Double
    /// Every CPL element (zero rows included), then a row with an empty code for entries without one.
    public let elements: [Row]
    public let capabilities: [Row]
    /// Frameworks other than the capability framework that at least one entry evidences.
    public let frameworks: [Row]
    /// The ids of the capabilities with no confirmed evidence, in canonical order.
    public let capabilitiesWithoutEvidence: [String]
    /// Their names, for people.
    public let capabilityNamesWithoutEvidence: [String]
    /// Entries with at least one suggestion still to review.
    public let entriesToReview: Int
    /// Which entries evidence which capability: the rule every command and export shares.
    public let evidence: LogEvidence

    /// The summary of the entries `filter` chooses, read from the log one outline at a time.
    public init(log: LearningLog, filter: LogFilter, lookup: ReferenceLookup) throws {
        var tally = try Tally(lookup: lookup)
        try log.forEachOutline(filter) { try tally.add($0) }
        self = try tally.summary(from: filter.from, to: filter.to)
    }

    init(from: String?, to: String?, entries: Int, hours: Double, elements: [Row], capabilities: [Row], frameworks: [Row],
         capabilitiesWithoutEvidence: [String], capabilityNamesWithoutEvidence: [String], entriesToReview: Int,
         evidence: LogEvidence) {
        self.from = from
        self.to = to
        self.entries = entries
        self.hours = hours
        self.elements = elements
        self.capabilities = capabilities
        self.frameworks = frameworks
        self.capabilitiesWithoutEvidence = capabilitiesWithoutEvidence
        self.capabilityNamesWithoutEvidence = capabilityNamesWithoutEvidence
        self.entriesToReview = entriesToReview
        self.evidence = evidence
    }

    /// Counts entries as they come, oldest first, keeping counts rather than entries; what the
    /// codes mean (framework, the capabilities they evidence) is looked up once per code. Hours
    /// are added in the order the entries come, so a total is the same however it is read.
    struct Tally {
        struct Count {
            var entries = 0
            var hours = 0.0
            var suggestedEntries = 0
        }

        let lookup: ReferenceLookup
        let elements: [CPLElement]
        /// What each code the entries used means today; nil for a code the data lacks.
        private(set) var infos: [String: ReferenceInfo?] = [:]
        private var entries = 0
        private var hours = 0.0
        private var entriesToReview = 0
        private var byElement: [String: Count] = [:]
        private var unplaced = Count()
        private var byFramework: [String: Count] = [:]
        /// Which entries evidence which capability (`LogEvidence`).
        private var evidence: LogEvidence.Builder

        init(lookup: ReferenceLookup) throws {
            self.lookup = lookup
            elements = try lookup.cplElements()
            evidence = LogEvidence.Builder(lookup: lookup)
        }

        mutating func info(_ code: String) throws -> ReferenceInfo? {
            if let known = infos[code] { return known }
            let info = try lookup.info(code)
            infos[code] = .some(info)
            return info
        }

        mutating func add(_ entry: EntryOutline) throws {
            let hours = entry.hours ?? 0
            entries += 1
            self.hours += hours
            if entry.references.contains(where: { $0.status == .suggested }) { entriesToReview += 1 }
            if let element = entry.element, elements.contains(where: { $0.code == element }) {
                byElement[element, default: Count()].entries += 1
                byElement[element, default: Count()].hours += hours
            } else {
                unplaced.entries += 1
                unplaced.hours += hours
            }
            try evidence.add(entry)
            // The frameworks this entry has confirmed references in, and those it only has
            // suggestions in.
            var confirmed = Set<String>(), suggested = Set<String>()
            for reference in entry.references {
                guard let framework = try info(reference.code)?.frameworkID else { continue }
                switch reference.status {
                case .confirmed: confirmed.insert(framework)
                case .suggested: suggested.insert(framework)
                case .rejected: break
                }
            }
            for framework in confirmed {
                byFramework[framework, default: Count()].entries += 1
                byFramework[framework, default: Count()].hours += hours
            }
            for framework in suggested.subtracting(confirmed) {
                byFramework[framework, default: Count()].suggestedEntries += 1
            }
        }

        func summary(from: String?, to: String?) throws -> LogSummary {
            func row(_ code: String, _ name: String, _ count: Count?) -> Row {
                Row(code: code, name: name, entries: count?.entries ?? 0, hours: count?.hours ?? 0,
                    suggestedEntries: count?.suggestedEntries ?? 0)
            }
            var elementRows = elements.map { row($0.code, $0.title, byElement[$0.code]) }
            if unplaced.entries > 0 { elementRows.append(row("", "No CPL element", unplaced)) }
            let evidence = try evidence.evidence()
            let capabilities = evidence.capabilities.map { capability in
                Row(code: capability.id, name: capability.name, entries: capability.entries.count, hours: capability.hours,
                    suggestedEntries: capability.entriesToReview.count)
            }
            let withoutEvidence = capabilities.filter { $0.entries == 0 }
            // Every framework the entries' codes belong to (whatever their status), but the
            // capability framework, which has its own table.
            let known = infos.values.compactMap { $0 }
            let capabilityFrameworks = Set(known.filter { $0.capability != nil }.compactMap(\.frameworkID))
            let frameworkIDs = Set(known.compactMap(\.frameworkID)).subtracting(capabilityFrameworks)
            let frameworks = try frameworkIDs.sorted().map { id in
                row(id, try lookup.frameworkName(id) ?? id, byFramework[id])
            }
            .filter { $0.entries > 0 || $0.suggestedEntries > 0 }
            .sorted { ($0.entries, $0.suggestedEntries) != ($1.entries, $1.suggestedEntries)
                ? ($0.entries, $0.suggestedEntries) > ($1.entries, $1.suggestedEntries) : $0.code < $1.code }
            return LogSummary(from: from, to: to, entries: entries, hours: hours, elements: elementRows,
                              capabilities: capabilities, frameworks: frameworks,
                              capabilitiesWithoutEvidence: withoutEvidence.map(\.code),
                              capabilityNamesWithoutEvidence: withoutEvidence.map(\.name),
                              entriesToReview: entriesToReview, evidence: evidence)
        }
    }

    /// The `log summary --json` contract.
    public var json: JSON {
        func rows(_ rows: [Row], key: String) -> JSON {
            .array(rows.map {
                .object([(key, $0.code.isEmpty ? .null : .string($0.code)), ("name", .string($0.name)),
                         ("entries", .int($0.entries)), ("hours", .number($0.hours)),
                         ("suggested_entries", .int($0.suggestedEntries))])
            })
        }
        return .object([
            ("from", .optional(from)), ("to", .optional(to)),
            ("entries", .int(entries)), ("hours", .number(hours)), ("entries_to_review", .int(entriesToReview)),
            ("elements", rows(elements, key: "code")),
            ("capabilities", rows(capabilities, key: "id")),
            ("frameworks", rows(frameworks, key: "id")),
            ("capabilities_without_evidence", .strings(capabilitiesWithoutEvidence)),
            ("evidence", evidence.json),
        ])
    }
}
