/// What `log edit` changes: only the fields it gives. `LearningLog.update` applies it to the
/// entry as it is under the write lock, so it never carries stale values of other fields.
public struct EntryEdit: Sendable, Equatable {
    public enum Change<Value: Sendable & Equatable>: Sendable, Equatable {
        case set(Value)
        case clear
    }

    public enum ElementChange: Sendable, Equatable {
        /// A CPL element code the worker chose.
        case set(String)
        /// Back to the element suggested from the text.
        case auto
        case clear
    }

    public var title: String?
    public var date: String?
    public var text: String?
    public var hours: Change<Double>?
    public var thing: Change<String>?
    public var element: ElementChange?
    public var role: Role?

    public init(title: String? = nil, date: String? = nil, text: String? = nil, hours: Change<Double>? = nil,
                thing: Change<String>? = nil, element: ElementChange? = nil, role: Role? = nil) {
        self.title = title
        self.date = date
        self.text = text
        self.hours = hours
        self.thing = thing
        self.element = element
        self.role = role
    }

    public var isEmpty: Bool { self == EntryEdit() }

    /// `entry` with the given fields changed, except the element, which may depend on what the
    /// mapper suggests (see `LearningLog.update`).
    public func applied(to entry: LogEntry) -> LogEntry {
        var edited = entry
        if let title { edited.title = title }
        if let date { edited.date = date }
        if let text {
            edited.text = text
            edited.words = TextStatistics.wordCount(text)
        }
        switch hours {
        case .set(let value)?: edited.hours = value
        case .clear?: edited.hours = nil
        case nil: break
        }
        switch thing {
        case .set(let code)?: edited.thing = code
        case .clear?: edited.thing = nil
        case nil: break
        }
        if let role { edited.role = role }
        return edited
    }

    /// Whether the mapper reads `entry` differently once edited: a new title, text or role.
    public func changesWhatTheMapperReads(_ entry: LogEntry) -> Bool {
        let edited = applied(to: entry)
        return edited.title != entry.title || edited.text != entry.text || edited.role != entry.role
    }

    /// Whether applying this to `entry` asks the mapper for suggestions.
    public func needsSuggestions(_ entry: LogEntry) -> Bool {
        changesWhatTheMapperReads(entry) || element == .auto
    }
}
