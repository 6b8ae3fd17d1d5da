/// The formats `log export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    case md, csv, json, badge, html, statement, ob3

    /// The usual file name ending, for `--out` suggestions.
    public var fileExtension: String {
        switch self {
        case .md: "md"
        case .csv: "csv"
        case .json, .badge, .ob3: "json"
        case .html: "html"
        case .statement: "txt"
        }
    }

    /// The format an `--out` file's ending stands for; `.json` is the backup (badge and ob3
    /// are JSON too, so they are always named).
    public static func inferred(from path: String) -> ExportFormat? {
        let lower = path.lowercased()
        return [.md, .csv, .json, .html, .statement].first { lower.hasSuffix("." + $0.fileExtension) }
    }
}

/// Everything an export shows: the chosen entries, what their codes mean in the reference data
/// today, and the summary. Every format renders from this one record.
public struct ExportRecord: Sendable {
    public let entries: [LogEntry]
    public let from: String?
    public let to: String?
    /// The worker's name, from the log's `name` setting.
    public let name: String?
    public let settings: [(key: String, value: String)]
    public let exportedAt: String
    public let infos: [String: ReferenceInfo]
    /// The six capabilities' reference information, for those evidenced through other items.
    public let capabilityInfos: [String: ReferenceInfo]
    /// Each referenced code's description for an outside reader (`ItemDescription`).
    public let descriptions: [String: String]
    public let elements: [CPLElement]
    public let capabilities: [(id: String, name: String)]
    public let things: [String: Thing]
    /// The activity card of each Thing the entries were written for: its badge and page.
    public let thingCards: [String: ThingCard]
    public let summary: LogSummary
    /// Which entries evidence which capability: the rule every command and export shares.
    public var evidence: LogEvidence { summary.evidence }

    public init(log: LearningLog, filter: LogFilter, lookup: ReferenceLookup, exportedAt: String = LogDate.timestamp()) throws {
        entries = try log.entries(filter)
        from = filter.from
        to = filter.to
        settings = try log.settings()
        name = settings.first { $0.key == "name" }?.value
        self.exportedAt = exportedAt
        infos = try lookup.infos(entries.flatMap { $0.references.map(\.code) })
        elements = try lookup.cplElements()
        capabilities = try lookup.capabilities()
        capabilityInfos = try lookup.infos(capabilities.map(\.id))
        descriptions = try ItemDescription.descriptions(of: entries.flatMap { $0.references.map(\.code) } + capabilities.map(\.id),
                                                        lookup: lookup)
        var things: [String: Thing] = [:]
        for code in Set(entries.compactMap(\.thing)) {
            things[code] = try lookup.thing(code: code)
        }
        self.things = things
        let catalog = ThingCatalog(database: lookup.database)
        thingCards = try things.mapValues { try catalog.card($0) }
        summary = try LogSummary(entries: entries, from: from, to: to, lookup: lookup)
    }

    /// An entry's confirmed references and the suggestions still open. Rejected ones are the
    /// worker's "no" and are left out of everything but the JSON record.
    public func attached(_ entry: LogEntry) -> [LogReference] {
        entry.references.filter { $0.status != .rejected }
    }

    /// Codes the chosen entries use that the reference data no longer has (see `log check`).
    public var missingCodes: [String] {
        Set(entries.flatMap { attached($0).map(\.code) }).filter { infos[$0] == nil }.sorted()
    }

    /// The capabilities the chosen entries evidence, in canonical order, by the rule every
    /// command and export shares (`LogEvidence`).
    public var evidencedCapabilities: [String] {
        evidence.capabilities.filter(\.evidenced).map(\.id)
    }

    /// The title of a code as the reference data has it now, else as it was when attached.
    public func title(of reference: LogReference) -> String {
        infos[reference.code]?.title ?? reference.title ?? reference.code
    }

    /// The documents the confirmed references come from, each with the codes it is the source
    /// of, in order of first use: what an export cites. Never a mirror.
    public var documentsCited: [(document: SourceDocument, codes: [String], url: String?)] {
        var order: [String] = []
        var cited: [String: (document: SourceDocument, codes: [String], url: String?)] = [:]
        for entry in entries {
            for reference in entry.references(.confirmed) {
                guard let info = infos[reference.code], let document = info.document else { continue }
                if cited[document.id] == nil {
                    order.append(document.id)
                    // The document's own address, or the page it was read on when that is the
                    // publisher's; never a mirror, and never another document's page.
                    let readAt = DocumentMirrors.isMirror(info.sourceURL) ? nil : info.sourceURL
                    cited[document.id] = (document, [], document.url ?? readAt)
                }
                if !(cited[document.id]?.codes.contains(reference.code) ?? true) { cited[document.id]?.codes.append(reference.code) }
            }
        }
        return order.compactMap { cited[$0] }
    }

    /// The capabilities an entry evidences, by name, in canonical order.
    public func capabilityNames(evidencedBy entry: LogEntry) -> [String] {
        evidence.capabilities(evidencedBy: entry.id).map(\.name)
    }

    public func element(_ code: String?) -> CPLElement? {
        code.flatMap { code in elements.first { $0.code == code } }
    }

    /// The Thing every chosen entry was written for, when they share one: the badge applied for.
    public var appliedFor: ThingCard? {
        let codes = Set(entries.map(\.thing))
        guard codes.count == 1, let code = codes.first ?? nil else { return nil }
        return thingCards[code]
    }

    /// "Thing 22: Why leadership is important" (or the bare code if the data lost it).
    public func thingLabel(_ code: String) -> String {
        guard let thing = things[code] else { return code }
        return "Thing \(thing.number): \(thing.title)"
    }

    /// "310 words", or "310 words (Thing 22 asks for 400)" when a Thing entry is short.
    public func wordsLabel(_ entry: LogEntry) -> String {
        var label = "\(entry.words) word\(entry.words == 1 ? "" : "s")"
        if let code = entry.thing, let thing = things[code], let minimum = thing.minWords, entry.words < minimum {
            label += " (Thing \(thing.number) asks for \(minimum))"
        }
        return label
    }

    /// "1 January 2025 to 31 March 2025", filling an open end from the entries' own dates.
    public var period: String {
        let first = from ?? entries.first?.date
        let last = to ?? entries.last?.date
        switch (first, last) {
        case let (first?, last?) where first == last: return LogDate.long(first)
        case let (first?, last?): return "\(LogDate.long(first)) to \(LogDate.long(last))"
        default: return "no entries"
        }
    }

    /// Entries grouped by CPL element in the elements' order, entries without one last.
    public var entriesByElement: [(element: CPLElement?, entries: [LogEntry])] {
        var groups: [(CPLElement?, [LogEntry])] = elements.compactMap { element in
            let matching = entries.filter { $0.element == element.code }
            return matching.isEmpty ? nil : (element, matching)
        }
        let known = Set(elements.map(\.code))
        let rest = entries.filter { $0.element.map { !known.contains($0) } ?? true }
        if !rest.isEmpty { groups.append((nil, rest)) }
        return groups
    }

    public func render(_ format: ExportFormat) -> String {
        switch format {
        case .md: MarkdownExport.render(self)
        case .csv: CSVExport.render(self)
        case .json: JSONExport.render(self)
        case .badge: BadgeExport.render(self)
        case .html: HTMLExport.render(self)
        case .statement: StatementExport.render(self)
        case .ob3: OB3Export.render(self)
        }
    }
}
