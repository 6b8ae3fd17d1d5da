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

    public init(entries list: [LogEntry], from: String?, to: String?, lookup: ReferenceLookup) throws {
        self.from = from
        self.to = to
        entries = list.count
        hours = list.reduce(0) { $0 + ($1.hours ?? 0) }
        entriesToReview = list.filter { !$0.references(.suggested).isEmpty }.count

        func row(code: String, name: String, confirmed: [LogEntry], suggested: [LogEntry] = []) -> Row {
            let confirmedIDs = Set(confirmed.map(\.id))
            return Row(code: code, name: name, entries: confirmed.count,
                       hours: confirmed.reduce(0) { $0 + ($1.hours ?? 0) },
                       suggestedEntries: suggested.filter { !confirmedIDs.contains($0.id) }.count)
        }

        var elementRows = try lookup.cplElements().map { element in
            row(code: element.code, name: element.title, confirmed: list.filter { $0.element == element.code })
        }
        let known = Set(elementRows.map(\.code))
        let unplaced = list.filter { $0.element.map { !known.contains($0) } ?? true }
        if !unplaced.isEmpty {
            elementRows.append(row(code: "", name: "No CPL element", confirmed: unplaced))
        }
        elements = elementRows

        let infos = try lookup.infos(list.flatMap { $0.references.map(\.code) })
        func withReference(_ status: LogReference.Status, where matches: (ReferenceInfo) -> Bool) -> [LogEntry] {
            list.filter { entry in
                entry.references.contains { $0.status == status && infos[$0.code].map(matches) ?? false }
            }
        }
        let evidence = try LogEvidence(entries: list, lookup: lookup)
        self.evidence = evidence
        capabilities = evidence.capabilities.map { capability in
            Row(code: capability.id, name: capability.name, entries: capability.entries.count, hours: capability.hours,
                suggestedEntries: capability.entriesToReview.count)
        }
        let withoutEvidence = capabilities.filter { $0.entries == 0 }
        capabilitiesWithoutEvidence = withoutEvidence.map(\.code)
        capabilityNamesWithoutEvidence = withoutEvidence.map(\.name)

        let capabilityFrameworks = Set(infos.values.filter { $0.capability != nil }.compactMap(\.frameworkID))
        let frameworkIDs = Set(infos.values.compactMap(\.frameworkID)).subtracting(capabilityFrameworks)
        frameworks = try frameworkIDs.sorted().map { id in
            row(code: id, name: try lookup.frameworkName(id) ?? id,
                confirmed: withReference(.confirmed) { $0.frameworkID == id },
                suggested: withReference(.suggested) { $0.frameworkID == id })
        }
        .filter { $0.entries > 0 || $0.suggestedEntries > 0 }
        .sorted { ($0.entries, $0.suggestedEntries) != ($1.entries, $1.suggestedEntries)
            ? ($0.entries, $0.suggestedEntries) > ($1.entries, $1.suggestedEntries) : $0.code < $1.code }
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
