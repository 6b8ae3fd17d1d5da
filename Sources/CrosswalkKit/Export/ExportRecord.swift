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

/// Everything an export shows: which entries, what their codes mean in the reference data
/// today, and the summary; every format renders from this one record. It holds the entries'
/// ids, not the entries: a format reads them from the log one at a time as it writes
/// (`forEachEntry`), so an export of any size needs the memory of one entry. Make it and
/// render it inside `LearningLog.reading` to read both from one state of the log.
public struct ExportRecord {
    let log: LearningLog
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
    /// The chosen entries' ids, oldest first.
    public let ids: [Int]
    /// The ids again, grouped by CPL element in the elements' order, entries without one last.
    let idsByElement: [(element: CPLElement?, ids: [Int])]
    /// The first and last day of the chosen entries.
    let firstDate: String?
    let lastDate: String?
    /// The Things the chosen entries were written for, and whether every one was.
    let thingCodes: Set<String>
    let everyEntryIsForAThing: Bool
    /// Codes the chosen entries use (rejected ones aside) that the reference data lacks.
    public let missingCodes: [String]
    /// The documents the confirmed references come from, each with the codes it is the source
    /// of, in order of first use: what an export cites. Never a mirror.
    public let documentsCited: [(document: SourceDocument, codes: [String], url: String?)]
    /// Every code the chosen entries confirm, each once, in the order the entries first do.
    public let confirmedCodes: [String]
    /// The chosen entries' uuids, oldest first, and how many words they hold together.
    public let uuids: [String]
    public let words: Int

    /// Reads the chosen entries' outlines (never their text) to make the summary and to learn
    /// which codes and Things they use.
    public init(log: LearningLog, filter: LogFilter, lookup: ReferenceLookup, exportedAt: String = LogDate.timestamp()) throws {
        self.log = log
        from = filter.from
        to = filter.to
        settings = try log.settings()
        name = settings.first { $0.key == "name" }?.value
        self.exportedAt = exportedAt
        elements = try lookup.cplElements()
        capabilities = try lookup.capabilities()
        capabilityInfos = try lookup.infos(capabilities.map(\.id))

        var tally = try LogSummary.Tally(lookup: lookup)
        var ids: [Int] = []
        var byElement: [String: [Int]] = [:]
        var rest: [Int] = []
        var first: String?, last: String?
        var thingCodes = Set<String>()
        var everyEntryIsForAThing = true
        var attached = Set<String>()
        var uuids: [String] = []
        var words = 0
        // Confirmed codes in order of first use, for the documents cited and the alignments.
        var confirmed: [String] = [], confirmedSeen = Set<String>()
        let known = Set(elements.map(\.code))
        try log.forEachOutline(filter) { outline in
            try tally.add(outline)
            ids.append(outline.id)
            uuids.append(outline.uuid)
            words += outline.words
            if let element = outline.element, known.contains(element) {
                byElement[element, default: []].append(outline.id)
            } else {
                rest.append(outline.id)
            }
            if first == nil { first = outline.date }
            last = outline.date
            if let thing = outline.thing { thingCodes.insert(thing) } else { everyEntryIsForAThing = false }
            for reference in outline.references where reference.status != .rejected { attached.insert(reference.code) }
            for reference in outline.references(.confirmed) where confirmedSeen.insert(reference.code).inserted {
                confirmed.append(reference.code)
            }
        }
        self.ids = ids
        var groups: [(element: CPLElement?, ids: [Int])] = elements.compactMap { element in
            byElement[element.code].map { (element, $0) }
        }
        if !rest.isEmpty { groups.append((nil, rest)) }
        idsByElement = groups
        firstDate = first
        lastDate = last
        self.thingCodes = thingCodes
        self.everyEntryIsForAThing = everyEntryIsForAThing
        let infos = tally.infos.compactMapValues { $0 }
        self.infos = infos
        missingCodes = attached.filter { infos[$0] == nil }.sorted()
        documentsCited = Self.documents(citedBy: confirmed, infos: infos)
        confirmedCodes = confirmed
        self.uuids = uuids
        self.words = words
        descriptions = try ItemDescription.descriptions(of: Array(tally.infos.keys) + capabilities.map(\.id), lookup: lookup)
        var things: [String: Thing] = [:]
        for code in thingCodes {
            things[code] = try lookup.thing(code: code)
        }
        self.things = things
        let catalog = ThingCatalog(database: lookup.database)
        thingCards = try things.mapValues { try catalog.card($0) }
        summary = try tally.summary(from: from, to: to)
    }

    /// How many entries the export holds.
    public var count: Int { ids.count }

    /// Calls `body` with each chosen entry, oldest first, read from the log one at a time.
    public func forEachEntry(_ body: (LogEntry) throws -> Void) throws {
        try log.forEachEntry(ids: ids, body)
    }

    /// Calls `body` with each group of entries by CPL element (in the elements' order, entries
    /// without one last), and `entry` with each of the group's entries, oldest first.
    func forEachEntryByElement(group: (CPLElement?) throws -> Void, entry: (LogEntry) throws -> Void) throws {
        for (element, ids) in idsByElement {
            try group(element)
            try log.forEachEntry(ids: ids, entry)
        }
    }

    /// An entry's confirmed references and the suggestions still open. Rejected ones are the
    /// worker's "no" and are left out of everything but the JSON record.
    public func attached(_ entry: LogEntry) -> [LogReference] {
        entry.references.filter { $0.status != .rejected }
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

    /// The documents `codes` come from (in order of first use), each with the codes it is the
    /// source of.
    private static func documents(citedBy codes: [String], infos: [String: ReferenceInfo])
        -> [(document: SourceDocument, codes: [String], url: String?)] {
        var order: [String] = []
        var cited: [String: (document: SourceDocument, codes: [String], url: String?)] = [:]
        for code in codes {
            guard let info = infos[code], let document = info.document else { continue }
            if cited[document.id] == nil {
                order.append(document.id)
                // The document's own address, or the page it was read on when that is the
                // publisher's; never a mirror, and never another document's page.
                let readAt = DocumentMirrors.isMirror(info.sourceURL) ? nil : info.sourceURL
                cited[document.id] = (document, [], document.url ?? readAt)
            }
            cited[document.id]?.codes.append(code)
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
        guard everyEntryIsForAThing, thingCodes.count == 1, let code = thingCodes.first else { return nil }
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
        let first = from ?? firstDate
        let last = to ?? lastDate
        switch (first, last) {
        case let (first?, last?) where first == last: return LogDate.long(first)
        case let (first?, last?): return "\(LogDate.long(first)) to \(LogDate.long(last))"
        default: return "no entries"
        }
    }

    /// Writes the export in `format` to `out`, piece by piece.
    public func render(_ format: ExportFormat, to out: DocumentWriter) throws {
        switch format {
        case .md: try MarkdownExport.render(self, to: out)
        case .csv: try CSVExport.render(self, to: out)
        case .json: try JSONExport.render(self, to: out)
        case .badge: try BadgeExport.render(self, to: out)
        case .html: try HTMLExport.render(self, to: out)
        case .statement: try StatementExport.render(self, to: out)
        case .ob3: try OB3Export.render(self, to: out)
        }
        try out.flush()
    }

    /// The whole export as one string: for tests and small logs.
    public func render(_ format: ExportFormat) throws -> String {
        var text = ""
        try render(format, to: DocumentWriter { text += $0 })
        return text
    }
}

/// A document written as it is made: pieces are gathered up to about 256 KB and then handed to
/// the sink (a file, standard output), so a document of any length needs little memory. A
/// piece boundary only ever falls between two `write` calls, never inside the text of one, so a
/// line end written in one call (CSV's CR LF) reaches the sink whole.
public final class DocumentWriter {
    private let sink: (String) throws -> Void
    private var buffer = ""
    static let pieceSize = 1 << 18

    public init(_ sink: @escaping (String) throws -> Void) {
        self.sink = sink
    }

    public func write(_ text: String) throws {
        buffer += text
        if buffer.utf8.count >= Self.pieceSize { try flush() }
    }

    /// Hands what is gathered to the sink.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        let piece = buffer
        buffer = ""
        try sink(piece)
    }
}
