import Foundation
import SQLite

/// Which entries a command works on. Every filter is optional; together they narrow.
public struct LogFilter: Sendable {
    /// First and last day, inclusive, as YYYY-MM-DD.
    public var from: String?
    public var to: String?
    /// Only entries with a confirmed or suggested (not rejected) reference to one of these codes.
    public var referencing: Set<String>?
    public var ids: [Int]?
    /// Only entries written for this Thing (an activity code).
    public var thing: String?

    public init(from: String? = nil, to: String? = nil, referencing: Set<String>? = nil, ids: [Int]? = nil, thing: String? = nil) {
        self.from = from
        self.to = to
        self.referencing = referencing
        self.ids = ids
        self.thing = thing
    }

    /// Whether an entry with these references passes `referencing`.
    func keeps(_ references: [some ReferenceStatus]) -> Bool {
        guard let codes = referencing else { return true }
        return references.contains { $0.status != .rejected && codes.contains($0.code) }
    }
}

/// A reference's code and what the worker made of it: all that `LogFilter.referencing` and
/// the summaries look at.
protocol ReferenceStatus {
    var code: String { get }
    var status: LogReference.Status { get }
}

extension LogReference: ReferenceStatus {}
extension EntryOutline.Reference: ReferenceStatus {}

/// An entry without its text: what `log list`, `log summary`, `log check` and the first pass
/// of an export read, so that they never load the writing itself.
public struct EntryOutline: Sendable {
    public struct Reference: Sendable, Equatable {
        public let code: String
        public let kind: String
        public let status: LogReference.Status
    }

    public let id: Int
    public let uuid: String
    public let date: String
    public let title: String
    public let hours: Double?
    public let thing: String?
    public let element: String?
    public let words: Int
    /// In the order they are shown (see `LearningLog.forEachEntry`).
    public var references: [Reference]

    public func references(_ status: LogReference.Status) -> [Reference] {
        references.filter { $0.status == status }
    }
}

/// A new entry before it is stored.
public struct EntryDraft: Sendable {
    public var title: String
    public var date: String
    public var text: String
    public var hours: Double?
    public var thing: String?
    public var element: String?
    public var elementSource: LogEntry.ElementSource?
    public var role: Role
    public var references: [LogReference]

    public init(title: String, date: String, text: String, hours: Double?, thing: String?, element: String?,
                elementSource: LogEntry.ElementSource?, role: Role, references: [LogReference]) {
        self.title = title
        self.date = date
        self.text = text
        self.hours = hours
        self.thing = thing
        self.element = element
        self.elementSource = elementSource
        self.role = role
        self.references = references
    }
}

/// What `log refs` asks for: confirm every suggestion, confirm or add codes, reject codes.
public struct ReferenceChange: Sendable {
    public var acceptAll = false
    /// Codes to confirm, added as the worker's own when not yet attached.
    public var confirm: [LogReference] = []
    /// Codes to reject, recorded even when not attached so they are never suggested later.
    public var reject: [LogReference] = []

    public init(acceptAll: Bool = false, confirm: [LogReference] = [], reject: [LogReference] = []) {
        self.acceptAll = acceptAll
        self.confirm = confirm
        self.reject = reject
    }

    public var isEmpty: Bool { !acceptAll && confirm.isEmpty && reject.isEmpty }
}

public struct ReferenceChangeResult: Sendable, Equatable {
    /// Suggestions confirmed by `--accept-all` or by `+CODE`.
    public var confirmed = 0
    /// Codes the worker attached that were not there before.
    public var added = 0
    public var rejected = 0

    public init(confirmed: Int = 0, added: Int = 0, rejected: Int = 0) {
        self.confirmed = confirmed
        self.added = added
        self.rejected = rejected
    }
}

public struct ImportResult: Sendable, Equatable {
    /// The log ids of the entries added.
    public var imported: [Int] = []
    /// Where each entry added was in the list given, in the same order as `imported`.
    public var positions: [Int] = []
    /// Entries whose uuid the log already had.
    public var skipped = 0
}

/// The worker's continuous professional learning record: its own SQLite file (default
/// `~/.local/share/crosswalk/log.db`), readable only by its owner, in WAL mode so readers never
/// wait, with every write in one `BEGIN IMMEDIATE` transaction so concurrent writers queue on the
/// busy timeout and a failed write leaves the log as it was.
public final class LearningLog {
    static let migrations = SchemaMigrations(name: "log", applicationID: DatabaseIdentity.learningLogApplicationID)

    /// Long enough for a queue of `log add` processes: each holds the lock for milliseconds, but
    /// a burst of them may wait their turn.
    static let busyTimeoutMilliseconds: Int32 = 30_000

    /// What a command does with the log. A command that only reads opens it read-only and
    /// never writes to it, not even to bring its schema up to date: it works on a log that
    /// cannot be written (a read-only file, folder or disk).
    public enum Access: Sendable {
        case read
        case write
    }

    /// The connection the log's entries are read (and written) through. For reading a log
    /// at an older schema version this is an upgraded copy in memory; `file` is the file.
    public let database: Database
    /// The connection to the file itself; nil when reading a log that does not exist yet.
    let file: Database?
    public let path: String
    public let access: Access

    private init(database: Database, file: Database?, path: String, access: Access) {
        self.database = database
        self.file = file
        self.path = path
        self.access = access
    }

    /// `$CROSSWALK_LOG`, else `log.db` in crosswalk's data folder.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["CROSSWALK_LOG"], !path.isEmpty { return path }
        return ReferenceDatabase.dataDirectory(environment: environment) + "/log.db"
    }

    static let option = "--log-db or CROSSWALK_LOG"

    /// Opens the log at `path`. For writing: creates it (mode 0600, in a 0700 folder) and
    /// brings its schema up to date. For reading: opens it read-only and writes nothing; a
    /// missing log reads as an empty one, and one at an older schema version is read through
    /// an upgraded copy in memory. Either way, the file must be the owner's own and private,
    /// and a crosswalk learning log (or empty): anything else is refused untouched.
    public static func open(path: String, access: Access = .write) throws -> LearningLog {
        try StoreFile.refuseFolder(path, option: option)
        if !FileManager.default.fileExists(atPath: path) {
            if access == .read { return try emptyInMemory(path: path) }
            try createPrivateFile(path)
        }
        let file = try StoreFile.connect(path, mode: access == .read ? .readOnly : .readWrite,
                                         busyTimeout: busyTimeoutMilliseconds, what: "learning log", option: option)
        return try StoreFile.describingOpenErrors(path, what: "learning log", option: option) {
            try refuseAnythingButALog(file)
            try migrations.checkNotNewer(file, what: "learning log")
            try checkPrivate(path, access: access)
            switch access {
            case .write:
                if file.isReadOnly {
                    throw CrosswalkError.failure(
                        "the learning log \(path) is read-only, so it cannot be changed (reading commands such as `log list` and `log export` still work); to write to it, make it writable with `chmod u+w \(shellQuoted(path))`")
                }
                try retryingWhileBusy { try file.enableWriteAheadLog() }
                // Inside the write lock the version is read again, so of several processes
                // opening a new or old log at once exactly one creates or migrates the tables.
                if try migrations.upgrade(file, what: "learning log") { reclaimSpace(file) }
                return LearningLog(database: file, file: file, path: path, access: access)
            case .read:
                guard try file.userVersion < readableAsItIsFrom else {
                    return LearningLog(database: file, file: file, path: path, access: access)
                }
                let copy = try file.memoryCopy()
                try migrations.upgrade(copy, what: "learning log")
                return LearningLog(database: copy, file: file, path: path, access: access)
            }
        }
    }

    /// The oldest schema version the reading commands read as it is. Version 5 changed only how
    /// rows are checked as they are written, so a log at version 4 is read from the file rather
    /// than from an upgraded copy in memory (which for a long log costs seconds and the log's
    /// size in memory again); it is upgraded the first time a command writes to it.
    static let readableAsItIsFrom = 4

    /// After a migration that rebuilt tables, the old tables' pages are free but still in the
    /// file (a 20,000-entry log went from 85 to 153 MB): when they are a quarter of it or more,
    /// the file is rewritten without them. The migration is already committed and VACUUM is all
    /// or nothing, so if it cannot run now (another process is busy with the log) nothing is
    /// lost, the command goes on, and later entries use the free space.
    private static func reclaimSpace(_ file: Database) {
        guard let free = try? file.scalarInt("PRAGMA freelist_count"), let pages = try? file.scalarInt("PRAGMA page_count"),
              pages > 0, free * 4 >= pages else { return }
        try? file.execute("VACUUM")
    }

    /// A log with no entries, for reading one that does not exist yet: nothing is created.
    private static func emptyInMemory(path: String) throws -> LearningLog {
        let database = try Database(path: ":memory:")
        try migrations.upgrade(database, what: "learning log")
        return LearningLog(database: database, file: nil, path: path, access: .read)
    }

    /// The log holds personal reflections: only its owner may read it. The file is made before
    /// SQLite opens it so it never exists with wider permissions; SQLite gives the -wal and
    /// -shm files the same mode as the database file. Its folder, when crosswalk makes it, is
    /// 0700.
    static func createPrivateFile(_ path: String) throws {
        try StoreFile.createPrivateFolder(containing: path)
        if let problem = PrivateFile.create(path) {
            throw CrosswalkError.failure("cannot create the learning log \(path): \(problem)")
        }
    }

    /// A log someone else owns, or that others may read or change, is refused: another user
    /// could have planted it to read what is written into it. Its -wal and -shm files, which
    /// hold recent entries too, are made private (0600 for writing); one owned by someone
    /// else is refused.
    static func checkPrivate(_ path: String, access: Access) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw CrosswalkError.failure("cannot open the learning log \(path): \(String(cString: strerror(errno)))")
        }
        let quoted = shellQuoted(path)
        if status.st_uid != geteuid() {
            throw CrosswalkError.failure(
                "the learning log \(path) belongs to another user (uid \(status.st_uid)); crosswalk only opens your own: give another file with \(option), or if it is yours, `chown $(id -u) \(quoted)`")
        }
        if status.st_mode & 0o077 != 0 {
            throw CrosswalkError.failure(
                "the learning log \(path) can be read or changed by other users (mode \(octal(status.st_mode & 0o777))); make it private with `chmod go-rwx \(quoted)`")
        }
        for suffix in ["-wal", "-shm"] {
            let companion = path + suffix
            var companionStatus = stat()
            guard lstat(companion, &companionStatus) == 0 else { continue }
            guard companionStatus.st_uid == geteuid(), companionStatus.st_mode & S_IFMT == S_IFREG else {
                throw CrosswalkError.failure(
                    "\(companion) is not the learning log's own file (it belongs to another user or is not a plain file); move it away and try again")
            }
            let wanted: mode_t = access == .write ? 0o600 : companionStatus.st_mode & 0o700
            if companionStatus.st_mode & 0o777 != wanted, chmod(companion, wanted) != 0, access == .write {
                throw CrosswalkError.failure("cannot make \(companion) private: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Only an empty file or a crosswalk learning log becomes (or is used as) a log.
    private static func refuseAnythingButALog(_ database: Database) throws {
        switch try DatabaseIdentity.of(database) {
        case .empty, .learningLog:
            return
        case .reference:
            throw CrosswalkError.failure("\(database.path) is the crosswalk reference database, not a learning log; give another file with --log-db")
        case .foreign:
            throw CrosswalkError.failure("\(database.path) is not a crosswalk learning log; give another file with --log-db")
        }
    }

    /// The file's own integrity, as `PRAGMA quick_check` finds it ("ok" when sound).
    public func integrity() throws -> String {
        guard let file else { return "ok" }
        return try file.query("PRAGMA quick_check") { $0.string(0) }.joined(separator: "; ")
    }

    /// Every write goes through here first: a log opened for reading is never written, not
    /// even its in-memory copy, where a change would be silently lost.
    private func requireWriteAccess() throws {
        guard access == .write else {
            throw CrosswalkError.failure("internal error: \(path) was opened for reading only; nothing was written")
        }
    }

    /// Switching to WAL needs a moment of exclusive access, which SQLite does not wait for.
    private static func retryingWhileBusy(_ body: () throws -> Void) throws {
        let deadline = Date().addingTimeInterval(Double(busyTimeoutMilliseconds) / 1000)
        while true {
            do {
                try body()
                return
            } catch let error as SQLiteError where error.isBusy && Date() < deadline {
                usleep(20_000)
            }
        }
    }

    // MARK: Settings

    /// Settings the worker keeps in the log: `role`, `programme`, `name`.
    public static let settingKeys = ["name", "role", "programme", "part"]

    /// `value` as the log stores it under `key`, or a usage error saying why it cannot be. Both
    /// `log config` and `log import` go through this, so a log only ever holds values the
    /// commands understand: a role crosswalk knows, a programme by its full code, a name.
    public static func normalizedSetting(_ key: String, _ value: String) throws -> String {
        switch key {
        case "role":
            guard Role(rawValue: value) != nil else {
                throw CrosswalkError.usage("role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(value)\"")
            }
            return value
        case "programme":
            switch value.lowercased() {
            case "leadership", "23l", "23-things-leadership": return "23-things-leadership"
            case "elc", "23elc", "23-things-elc": return "23-things-elc"
            default: throw CrosswalkError.usage("programme must be leadership or elc, not \"\(value)\"")
            }
        default:
            let trimmed = value.trimmed()
            guard !trimmed.isEmpty else { throw CrosswalkError.usage("\(key) cannot be empty") }
            return trimmed
        }
    }

    public func setting(_ key: String) throws -> String? {
        try database.scalarText("SELECT value FROM setting WHERE key = ?1", [.text(key)])
    }

    public func settings() throws -> [(key: String, value: String)] {
        try database.query("SELECT key, value FROM setting ORDER BY key") { ($0.string(0), $0.string(1)) }
    }

    /// Sets `key`, or removes it when `value` is nil.
    public func setSetting(_ key: String, _ value: String?) throws {
        try requireWriteAccess()
        try database.transaction {
            if let value {
                try database.run("INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                                 [.text(key), .text(value)])
            } else {
                try database.run("DELETE FROM setting WHERE key = ?1", [.text(key)])
            }
        }
    }

    /// The role the mapper reads entries for unless told otherwise.
    public func defaultRole() throws -> Role {
        try setting("role").flatMap(Role.init(rawValue:)) ?? .frontline
    }

    // MARK: Reading
    //
    // A log may hold a career's worth of entries, so nothing here reads the whole of it into
    // memory: entries come one at a time (`forEachEntry`), and lists, summaries and checks read
    // only the columns they show (`forEachOutline`), never an entry's text. An entry's
    // references come from the index Schema/log-v4.sql made, already in the order they are
    // shown.

    private static let entryColumns = """
        e.id, e.uuid, e.date, e.title, e.text, e.hours, e.thing, e.element, e.element_source, e.role, e.words,
        e.created_at, e.updated_at
        """
    private static let referenceColumns = "r.code, r.kind, r.status, r.score, r.source, r.title, r.added_at, r.passage"

    /// The order references are shown in: confirmed, then suggested, then rejected; within
    /// each, capabilities and indicators before standards, best score first. The expressions
    /// are those of the index `entry_reference_in_order` (Schema/log-v4.sql), so SQLite reads
    /// them from it instead of sorting.
    private static let referenceOrder = """
        CASE r.status WHEN 'confirmed' THEN 0 WHEN 'suggested' THEN 1 ELSE 2 END,
        CASE r.kind WHEN 'capability' THEN 0 WHEN 'indicator' THEN 1 WHEN 'standard' THEN 2
                    WHEN 'element' THEN 3 WHEN 'unit' THEN 4 ELSE 5 END,
        r.score IS NULL, r.score DESC, r.code
        """

    /// Entries with their references, oldest first: the entries by the date index, each joined
    /// to its range of the reference index (`?1`...`?3`: from, to, thing, each NULL for any).
    static let entriesInDateOrder = """
        SELECT \(entryColumns), \(referenceColumns)
        FROM entry e LEFT JOIN entry_reference r ON r.entry_id = e.id
        WHERE (?1 IS NULL OR e.date >= ?1) AND (?2 IS NULL OR e.date <= ?2) AND (?3 IS NULL OR e.thing = ?3)
        ORDER BY e.date, e.id, \(referenceOrder)
        """

    /// One entry (`?1`) and its references.
    static let entryByID = """
        SELECT \(entryColumns), \(referenceColumns)
        FROM entry e LEFT JOIN entry_reference r ON r.entry_id = e.id
        WHERE e.id = ?1
        ORDER BY \(referenceOrder)
        """

    /// What an outline shows, in the order of `entriesInDateOrder`.
    static let outlinesInDateOrder = """
        SELECT e.id, e.date, e.title, e.hours, e.thing, e.element, r.code, r.status, r.kind, e.uuid, e.words
        FROM entry e LEFT JOIN entry_reference r ON r.entry_id = e.id
        WHERE (?1 IS NULL OR e.date >= ?1) AND (?2 IS NULL OR e.date <= ?2) AND (?3 IS NULL OR e.thing = ?3)
        ORDER BY e.date, e.id, \(referenceOrder)
        """

    /// The entries `filter` chooses, oldest first, each with its references. Reads them all
    /// into memory: for a few entries and for tests; commands stream with `forEachEntry`.
    public func entries(_ filter: LogFilter = LogFilter()) throws -> [LogEntry] {
        var entries: [LogEntry] = []
        try forEachEntry(filter) { entries.append($0) }
        return entries
    }

    /// Calls `body` with each entry `filter` chooses, oldest first (by date, then id), each
    /// with its references, holding one entry in memory at a time. One query: the entries in
    /// date order, each joined to its range of the reference index.
    public func forEachEntry(_ filter: LogFilter = LogFilter(), _ body: (LogEntry) throws -> Void) throws {
        let statement = try database.prepare(Self.entriesInDateOrder)
        try statement.bind([SQLValue(filter.from), SQLValue(filter.to), SQLValue(filter.thing)])
        try Self.forEachGrouped(statement, filter: filter, start: Self.entry, references: \.references,
                                reference: { $0.isNull(13) ? nil : Self.reference($0, from: 13) }, body)
    }

    /// Calls `body` with the entries of `ids`, in that order, each with its references; an id
    /// the log does not have is passed over. For an export grouped by CPL element, whose order
    /// the date index does not give.
    public func forEachEntry(ids: [Int], _ body: (LogEntry) throws -> Void) throws {
        let statement = try database.prepare(Self.entryByID)
        for id in ids {
            try statement.bind([.integer(Int64(id))])
            var entry: LogEntry?
            while try statement.step() {
                let row = statement.row
                if entry == nil { entry = Self.entry(row) }
                if !row.isNull(13) { entry?.references.append(Self.reference(row, from: 13)) }
            }
            if let entry { try body(entry) }
        }
    }

    /// Calls `body` with an outline of each entry `filter` chooses, oldest first: what lists,
    /// summaries and checks show, without the text or anything else they do not need.
    public func forEachOutline(_ filter: LogFilter = LogFilter(), _ body: (EntryOutline) throws -> Void) throws {
        let statement = try database.prepare(Self.outlinesInDateOrder)
        try statement.bind([SQLValue(filter.from), SQLValue(filter.to), SQLValue(filter.thing)])
        try Self.forEachGrouped(statement, filter: filter, start: { row in
            EntryOutline(id: row.int(0), uuid: row.string(9), date: row.string(1), title: row.string(2),
                         hours: row.optionalDouble(3), thing: row.optionalString(4), element: row.optionalString(5),
                         words: row.int(10), references: [])
        }, references: \.references, reference: { row in
            row.optionalString(6).map { .init(code: $0, kind: row.string(8), status: LogReference.Status(rawValue: row.string(7)) ?? .suggested) }
        }, body)
    }

    /// Steps through entries joined to their references (an entry's rows together, its id in
    /// column 0): `start` reads an entry from its first row and `reference` a reference from
    /// each row; calls `body` with each entry `filter` keeps, holding one in memory at a time.
    private static func forEachGrouped<Entry, Reference: ReferenceStatus>(
        _ statement: Statement, filter: LogFilter, start: (Row) -> Entry,
        references: WritableKeyPath<Entry, [Reference]>, reference: (Row) -> Reference?,
        _ body: (Entry) throws -> Void) throws {
        let wanted = filter.ids.map(Set.init)
        var current: Entry?
        var currentID: Int?
        var skipping: Int?
        func finish() throws {
            if let entry = current, filter.keeps(entry[keyPath: references]) { try body(entry) }
            current = nil
        }
        while try statement.step() {
            let row = statement.row
            let id = row.int(0)
            if id == skipping { continue }
            if id != currentID {
                try finish()
                currentID = id
                if let wanted, !wanted.contains(id) {
                    skipping = id
                    continue
                }
                current = start(row)
            }
            if let found = reference(row) { current?[keyPath: references].append(found) }
        }
        try finish()
    }

    /// Runs `body` on one snapshot of the log: an export's summary and its entries are read
    /// from the same state of it, even while another process writes.
    public func reading<T>(_ body: () throws -> T) throws -> T {
        guard !database.isInTransaction else { return try body() }
        return try database.transaction(.deferred, body)
    }

    /// The entry with this id, or a failure saying there is none.
    public func entry(_ id: Int) throws -> LogEntry {
        var found: LogEntry?
        try forEachEntry(ids: [id]) { found = $0 }
        guard let found else { throw CrosswalkError.failure("no log entry \(id); see `crosswalk log list`") }
        return found
    }

    public var count: Int {
        get throws { try database.scalarInt("SELECT count(*) FROM entry") }
    }

    /// The titles an entry's references had when they were attached, by code.
    func attachedTitles(of id: Int) throws -> [String: String?] {
        Dictionary(try database.query("SELECT code, title FROM entry_reference WHERE entry_id = ?1", [.integer(Int64(id))]) {
            ($0.string(0), $0.optionalString(1))
        }, uniquingKeysWith: { first, _ in first })
    }

    private static func entry(_ row: Row) -> LogEntry {
        LogEntry(
            id: row.int(0), uuid: row.string(1), date: row.string(2), title: row.string(3), text: row.string(4),
            hours: row.optionalDouble(5), thing: row.optionalString(6), element: row.optionalString(7),
            elementSource: row.optionalString(8).flatMap(LogEntry.ElementSource.init(rawValue:)),
            role: Role(rawValue: row.string(9)) ?? .frontline, words: row.int(10),
            createdAt: row.string(11), updatedAt: row.string(12), references: [])
    }

    /// A reference from `referenceColumns`, starting at column `first`.
    private static func reference(_ row: Row, from first: Int) -> LogReference {
        LogReference(
            code: row.string(first), kind: row.string(first + 1),
            status: LogReference.Status(rawValue: row.string(first + 2)) ?? .suggested,
            score: row.optionalDouble(first + 3),
            source: LogReference.Source(rawValue: row.string(first + 4)) ?? .mapper,
            title: row.optionalString(first + 5), addedAt: row.string(first + 6), passage: row.optionalString(first + 7))
    }

    /// The evidence codes of the entries dated `from`...`to` (inclusive, either may be nil):
    /// every confirmed reference, and the Thing of each entry written for one. Sorted, distinct.
    /// (What those codes evidence is decided by `LogEvidence`, which reads whole entries.)
    public func confirmedReferenceCodes(from: String? = nil, to: String? = nil) throws -> [String] {
        try database.query("""
            SELECT r.code FROM entry_reference r JOIN entry e ON e.id = r.entry_id
            WHERE r.status = 'confirmed' AND (?1 IS NULL OR e.date >= ?1) AND (?2 IS NULL OR e.date <= ?2)
            UNION
            SELECT thing FROM entry
            WHERE thing IS NOT NULL AND (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)
            ORDER BY 1
            """, [SQLValue(from), SQLValue(to)]) { $0.string(0) }
    }

    // MARK: Writing

    /// Stores a new entry with its references; returns it as stored.
    public func add(_ draft: EntryDraft) throws -> LogEntry {
        try requireWriteAccess()
        let now = LogDate.timestamp()
        let id: Int = try database.transaction {
            try database.run("""
                INSERT INTO entry (uuid, date, title, text, hours, thing, element, element_source, role, words, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)
                """, [
                    .text(UUID().uuidString.lowercased()), .text(draft.date), .text(draft.title), .text(draft.text),
                    SQLValue(draft.hours), SQLValue(draft.thing), SQLValue(draft.element),
                    SQLValue(draft.elementSource?.rawValue), .text(draft.role.rawValue),
                    .integer(Int64(TextStatistics.wordCount(draft.text))), .text(now),
                ])
            let id = Int(database.lastInsertRowID)
            try insert(draft.references, entryID: id)
            return id
        }
        return try entry(id)
    }

    /// Applies `edit` to entry `id` in one write transaction. The row is read again under the
    /// lock and only the fields the edit gives change, so an edit of one field never undoes a
    /// concurrent edit of another. When the title, text or role changes, the old suggestions are
    /// replaced by `suggest`'s answer for the entry as edited (and as it is under the lock);
    /// references the worker confirmed or rejected stay as they are, and are never suggested
    /// again. `suggest` may answer from mapping done before the lock if the entry still reads
    /// the same. Returns the entry as stored and whether it was read by the mapper again.
    public func update(_ id: Int, _ edit: EntryEdit,
                       suggest: (LogEntry) throws -> LogSuggester.Suggestions) throws -> (entry: LogEntry, remapped: Bool) {
        try requireWriteAccess()
        let remapped: Bool = try database.transaction {
            let current = try entry(id)
            var edited = edit.applied(to: current)
            let remap = edit.changesWhatTheMapperReads(current)
            let suggestions = edit.needsSuggestions(current) ? try suggest(edited) : nil
            func followTheText() {
                edited.element = suggestions?.element?.code
                edited.elementSource = edited.element == nil ? nil : .mapper
            }
            switch edit.element {
            case .clear?:
                (edited.element, edited.elementSource) = (nil, nil)
            case .set(let code)?:
                (edited.element, edited.elementSource) = (code, .user)
            case .auto?:
                followTheText()
            case nil where remap && current.elementSource != .user:
                // A suggested element follows the text; one the worker chose stays.
                followTheText()
            case nil:
                break
            }
            try database.run("""
                UPDATE entry SET date = ?2, title = ?3, text = ?4, hours = ?5, thing = ?6, element = ?7,
                                 element_source = ?8, role = ?9, words = ?10, updated_at = ?11
                WHERE id = ?1
                """, [
                    .integer(Int64(id)), .text(edited.date), .text(edited.title), .text(edited.text),
                    SQLValue(edited.hours), SQLValue(edited.thing), SQLValue(edited.element),
                    SQLValue(edited.elementSource?.rawValue), .text(edited.role.rawValue),
                    .integer(Int64(edited.words)), .text(LogDate.timestamp()),
                ])
            if remap, let suggestions {
                // Suggestions mapped before the lock may name a code decided, or made the entry's
                // Thing, since.
                let settled = Set(current.references.filter { $0.status != .suggested }.map(\.code) + [edited.thing].compactMap { $0 })
                try database.run("DELETE FROM entry_reference WHERE entry_id = ?1 AND status = 'suggested'", [.integer(Int64(id))])
                try insert(suggestions.references.filter { !settled.contains($0.code) }, entryID: id)
            }
            return remap
        }
        return (try entry(id), remapped)
    }

    /// Deletes the entries and their references: all of them, or none when one id is unknown.
    /// An id given twice is deleted once.
    public func delete(_ ids: [Int]) throws {
        try requireWriteAccess()
        try database.transaction {
            var seen = Set<Int>()
            for id in ids where seen.insert(id).inserted {
                try database.run("DELETE FROM entry WHERE id = ?1", [.integer(Int64(id))])
                guard database.changes == 1 else {
                    throw CrosswalkError.failure("no log entry \(id); nothing was deleted")
                }
            }
        }
    }

    /// Applies `change` to one entry's references in one transaction.
    public func changeReferences(of id: Int, _ change: ReferenceChange) throws -> ReferenceChangeResult {
        try requireWriteAccess()
        let now = LogDate.timestamp()
        return try database.transaction {
            guard try database.scalarInt("SELECT count(*) FROM entry WHERE id = ?1", [.integer(Int64(id))]) == 1 else {
                throw CrosswalkError.failure("no log entry \(id); see `crosswalk log list`")
            }
            var result = ReferenceChangeResult()
            if change.acceptAll {
                let rejecting = Set(change.reject.map(\.code))
                let open = try database.query("SELECT code FROM entry_reference WHERE entry_id = ?1 AND status = 'suggested'",
                                              [.integer(Int64(id))]) { $0.string(0) }
                for code in open where !rejecting.contains(code) {
                    try database.run("UPDATE entry_reference SET status = 'confirmed' WHERE entry_id = ?1 AND code = ?2",
                                     [.integer(Int64(id)), .text(code)])
                    result.confirmed += 1
                }
            }
            for (references, status) in [(change.confirm, LogReference.Status.confirmed), (change.reject, .rejected)] {
                for reference in references {
                    let existing = try database.scalarText("SELECT status FROM entry_reference WHERE entry_id = ?1 AND code = ?2",
                                                           [.integer(Int64(id)), .text(reference.code)])
                    if let existing {
                        guard existing != status.rawValue else { continue }
                        try database.run("UPDATE entry_reference SET status = ?3 WHERE entry_id = ?1 AND code = ?2",
                                         [.integer(Int64(id)), .text(reference.code), .text(status.rawValue)])
                        if status == .confirmed { result.confirmed += 1 } else { result.rejected += 1 }
                    } else {
                        var added = reference
                        added.status = status
                        added.source = .user
                        added.score = nil
                        added.addedAt = now
                        try insert([added], entryID: id)
                        if status == .confirmed { result.added += 1 } else { result.rejected += 1 }
                    }
                }
            }
            try database.run("UPDATE entry SET updated_at = ?2 WHERE id = ?1", [.integer(Int64(id)), .text(now)])
            return result
        }
    }

    /// Adds entries from another log's export. An entry whose uuid the log already has is
    /// skipped, so importing the same file twice adds nothing the second time. An entry keeps
    /// its id when this log has never given that id (so a deleted id is not given again);
    /// otherwise it gets a new one. All or nothing: one bad entry and the log is left as it
    /// was. Settings the log does not have yet are taken from `settings`; its own are kept.
    public func importEntries(_ entries: [LogEntry], settings: [(key: String, value: String)] = []) throws -> ImportResult {
        try requireWriteAccess()
        return try database.transaction {
            var result = ImportResult()
            for (key, value) in settings {
                try database.run("INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                                 [.text(key), .text(value)])
            }
            // Prepared once: a backup may hold thousands of entries.
            let known = try database.prepare("SELECT count(*) FROM entry WHERE uuid = ?1")
            // The highest id ever given (AUTOINCREMENT keeps it in sqlite_sequence).
            let highest = try database.prepare("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'entry'), 0), coalesce((SELECT max(id) FROM entry), 0))")
            let insertEntry = try database.prepare("""
                INSERT INTO entry (id, uuid, date, title, text, hours, thing, element, element_source, role, words, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                """)
            let insertReference = try referenceInsertion()
            for (position, entry) in entries.enumerated() {
                if try known.scalarInt([.text(entry.uuid)]) > 0 {
                    result.skipped += 1
                    continue
                }
                let idTaken = entry.id <= (try highest.scalarInt([]))
                try insertEntry.execute([
                    idTaken || entry.id < 1 ? .null : .integer(Int64(entry.id)), .text(entry.uuid), .text(entry.date),
                    .text(entry.title), .text(entry.text), SQLValue(entry.hours), SQLValue(entry.thing),
                    SQLValue(entry.element), SQLValue(entry.elementSource?.rawValue), .text(entry.role.rawValue),
                    .integer(Int64(TextStatistics.wordCount(entry.text))), .text(entry.createdAt), .text(entry.updatedAt),
                ])
                let id = Int(database.lastInsertRowID)
                try insert(entry.references, entryID: id, with: insertReference)
                result.imported.append(id)
                result.positions.append(position)
            }
            return result
        }
    }

    private func referenceInsertion() throws -> Statement {
        try database.prepare("""
            INSERT INTO entry_reference (entry_id, code, kind, status, score, source, title, added_at, passage)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            ON CONFLICT (entry_id, code) DO NOTHING
            """)
    }

    private func insert(_ references: [LogReference], entryID: Int, with statement: Statement? = nil) throws {
        let statement = try statement ?? referenceInsertion()
        for reference in references {
            try statement.execute([
                .integer(Int64(entryID)), .text(reference.code), .text(reference.kind), .text(reference.status.rawValue),
                SQLValue(reference.score.map { max(0, min(1, $0)) }), .text(reference.source.rawValue),
                SQLValue(reference.title), .text(reference.addedAt), SQLValue(reference.passage),
            ])
        }
    }
}

/// `path` as a shell word, for a command a message asks the user to run.
func shellQuoted(_ path: String) -> String {
    let plain = path.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+=@%:,".unicodeScalars.contains($0) }
    return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// A file mode as ls and chmod write it: 0644.
func octal(_ mode: mode_t) -> String {
    "0" + String(mode, radix: 8)
}
