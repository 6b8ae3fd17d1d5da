import SQLite

/// What `log add` and `log edit` do, in one place: resolve what the worker typed (a Thing, a
/// CPL element), read the entry with the mapper for suggestions (each with the passage that
/// earned it), store it, check a Thing's minimum length, and say what the entry counts towards.
public struct LogRecorder {
    public let log: LearningLog
    let lookup: ReferenceLookup
    let catalog: Catalog
    let suggester: LogSuggester

    public init(log: LearningLog, reference: Database) throws {
        self.log = log
        self.lookup = ReferenceLookup(database: reference)
        self.catalog = Catalog(database: reference)
        self.suggester = try LogSuggester(database: reference)
    }

    /// A new entry as the worker gave it; `thing` and `element` as typed ("22", "23ELC-5",
    /// "CPL-6", "6", part of a title).
    public struct NewEntry: Sendable {
        public var title: String
        public var date: String
        public var text: String
        public var hours: Double?
        public var thing: String?
        public var element: String?
        /// nil: the role set with `log config role`.
        public var role: Role?

        public init(title: String, date: String, text: String, hours: Double? = nil, thing: String? = nil,
                    element: String? = nil, role: Role? = nil) {
            self.title = title
            self.date = date
            self.text = text
            self.hours = hours
            self.thing = thing
            self.element = element
            self.role = role
        }
    }

    /// A qualification an entry counts towards, named as a person knows it.
    public struct CountsTowards: Sendable, Equatable {
        public let qualification: String
        public let name: String
        /// "named in the text", or the unit references that lead to it.
        public let because: String
    }

    /// An entry as stored, with what the worker should hear about it.
    public struct Recorded: Sendable {
        public let entry: LogEntry
        public let element: CPLElement?
        /// The worker chose the element (rather than the mapper suggesting it).
        public let elementChosen: Bool
        /// Against its Thing's minimum length, when it has a Thing.
        public let wordCheck: WordCheck?
        public let countsTowards: [CountsTowards]
        /// The mapper read the entry (always for a new one; for an edit, when what it reads changed).
        public let remapped: Bool
    }

    public func add(_ new: NewEntry) throws -> Recorded {
        let role = try new.role ?? log.defaultRole()
        let thing = try new.thing.map { try lookup.resolveThing($0, programme: programme()) }
        let chosenElement = try new.element.map(lookup.resolveElement)
        // The entry's own Thing is its `thing`, not a reference to suggest.
        let suggestions = try suggester.suggest(for: LogEntry.mappingText(title: new.title, text: new.text), role: role,
                                                excluding: Set([thing?.code].compactMap { $0 }),
                                                title: new.text.isEmpty ? nil : new.title)
        let element = chosenElement ?? suggestions.element
        let entry = try log.add(EntryDraft(
            title: new.title, date: new.date, text: new.text, hours: new.hours, thing: thing?.code, element: element?.code,
            elementSource: element == nil ? nil : chosenElement == nil ? .mapper : .user,
            role: role, references: suggestions.references))
        return try recorded(entry, element: element, chosen: chosenElement != nil, named: suggestions.namedQualifications,
                            remapped: true)
    }

    /// Applies `edit` to entry `id` under the write lock. A Thing or element in it is as typed
    /// (`.set("22")`, `.set("CPL-6")`) and is resolved here.
    public func edit(_ id: Int, _ edit: EntryEdit) throws -> Recorded {
        var edit = edit
        if case .set(let typed)? = edit.thing { edit.thing = .set(try lookup.resolveThing(typed, programme: programme()).code) }
        if case .set(let typed)? = edit.element { edit.element = .set(try lookup.resolveElement(typed).code) }
        // Mapping takes a moment, so the text is read before the write lock is taken; under
        // the lock it is read again only if another edit changed what the mapper reads.
        let before = try log.entry(id)
        let planned = edit.applied(to: before)
        let early = edit.needsSuggestions(before) ? try suggester.suggest(for: planned) : nil
        var named: [String] = early?.namedQualifications ?? []
        let (saved, remapped) = try log.update(id, edit) { entry in
            if let early, entry.mappingText == planned.mappingText, entry.role == planned.role { return early }
            let suggestions = try suggester.suggest(for: entry)
            named = suggestions.namedQualifications
            return suggestions
        }
        let element = try saved.element.flatMap { code in try lookup.cplElements().first { $0.code == code } }
        return try recorded(saved, element: element, chosen: saved.elementSource == .user, named: named, remapped: remapped)
    }

    /// What an entry counts towards, as `log show` lists it: qualifications its text names and
    /// those its unit references belong to.
    public func countsTowards(_ entry: LogEntry) throws -> [CountsTowards] {
        try countsTowards(entry, named: suggester.namedQualifications(in: entry.mappingText))
    }

    private func recorded(_ entry: LogEntry, element: CPLElement?, chosen: Bool, named: [String], remapped: Bool) throws -> Recorded {
        let check = try entry.thing.flatMap { try lookup.thing(code: $0) }.map { WordCheck(thing: $0, words: entry.words) }
        return Recorded(entry: entry, element: element, elementChosen: chosen, wordCheck: check,
                        countsTowards: try countsTowards(entry, named: named), remapped: remapped)
    }

    private func countsTowards(_ entry: LogEntry, named: [String]) throws -> [CountsTowards] {
        var result: [CountsTowards] = []
        for id in named {
            result.append(CountsTowards(qualification: id, name: try catalog.qualificationDisplayName(id), because: "named in the text"))
        }
        var units: [String: [String]] = [:]
        var order: [String] = []
        for reference in entry.references where reference.kind == "unit" && reference.status != .rejected {
            for qualification in try lookup.qualifications(ofUnit: reference.code) where !named.contains(qualification) {
                if units[qualification] == nil { order.append(qualification) }
                units[qualification, default: []].append(reference.code)
            }
        }
        for id in order {
            let codes = units[id] ?? []
            result.append(CountsTowards(qualification: id, name: try catalog.qualificationDisplayName(id),
                                        because: "unit\(codes.count == 1 ? "" : "s") " + codes.joined(separator: ", ")))
        }
        return result
    }

    private func programme() throws -> String {
        try log.setting("programme") ?? "23-things-leadership"
    }
}

extension LogRecorder.CountsTowards {
    public var json: JSON {
        .object([("qualification", .string(qualification)), ("name", .string(name)), ("because", .string(because))])
    }
}
