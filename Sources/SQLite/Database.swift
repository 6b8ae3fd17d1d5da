import CSQLite

/// A value as SQLite stores it.
public enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// Bytes stored as they are (the mapping index keeps its numbers this way).
    case blob([UInt8])
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .integer(Int64(value)) }
    public init(nilLiteral: ()) { self = .null }

    public init(_ value: String?) { self = value.map(SQLValue.text) ?? .null }
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    public init(_ value: Double?) { self = value.map(SQLValue.real) ?? .null }
}

/// An error reported by SQLite, with its result code and message.
///
/// The message is SQLite's own, for developers and logs; a user is shown a line made from
/// `primaryCode` and `path` instead (never a bound argument: a user's text is not echoed).
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?
    /// The database file the error happened on, when known.
    public let path: String?

    public init(code: Int32, message: String, sql: String?, path: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// The primary result code (SQLITE_CONSTRAINT, SQLITE_BUSY, ...), without extended bits.
    public var primaryCode: Int32 { code & 0xFF }
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    /// SQLITE_NOTADB: the file is not an SQLite database (a text file, say).
    public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB }
    /// SQLITE_FULL: the disk (or a file-size limit) ran out of room.
    public var isDiskFull: Bool { primaryCode == SQLITE_FULL }
    /// SQLITE_READONLY: the file, its folder or its medium cannot be written.
    public var isReadOnly: Bool { primaryCode == SQLITE_READONLY }
    /// SQLITE_CANTOPEN: the file (or its -wal/-shm) could not be opened.
    public var isCannotOpen: Bool { primaryCode == SQLITE_CANTOPEN }
    public var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT }
    public var isIOError: Bool { primaryCode == SQLITE_IOERR }
    public var isPermissionDenied: Bool { primaryCode == SQLITE_PERM || primaryCode == SQLITE_AUTH }

    /// SQLite's short name for the code ("database or disk is full").
    public var codeName: String { String(cString: sqlite3_errstr(code)) }

    public var description: String {
        "SQLite error \(code) (\(codeName)): \(message)"
    }
}

/// One connection to an SQLite database file.
///
/// Not thread-safe: use one `Database` per thread. Every statement is prepared with bound
/// parameters; SQL text is only ever built from constants.
public final class Database {
    public enum Mode: Sendable {
        case readOnly
        case readWrite
        /// Read-write, creating the file when missing.
        case create
    }

    let handle: OpaquePointer
    public let path: String

    /// Opens `path`. With `immutable` (read-only only), SQLite is told that nobody changes the
    /// file while it is open, so it needs no -shm file beside it: the way to read a WAL
    /// database in a folder that cannot be written.
    public init(path: String, mode: Mode = .create, busyTimeoutMilliseconds: Int32 = 5_000, immutable: Bool = false) throws {
        var flags: Int32 = SQLITE_OPEN_NOMUTEX
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var name = path
        if immutable {
            precondition(mode == .readOnly, "an immutable database is opened read-only")
            flags |= SQLITE_OPEN_URI
            name = "file:" + Self.uriEscaped(path) + "?mode=ro&immutable=1"
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open database"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "\(message): \(path)", sql: nil, path: path)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Switches the file to write-ahead logging, so readers never block the writer.
    public func enableWriteAheadLog() throws {
        _ = try scalarText("PRAGMA journal_mode = WAL")
    }

    // MARK: Running SQL

    /// Runs one or more statements that take no parameters (schema scripts, pragmas).
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(code: rc, message: message, sql: sql, path: path)
        }
    }

    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs one statement with parameters and discards any rows.
    public func run(_ sql: String, _ arguments: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        while try statement.step() {}
    }

    /// Runs a query and maps every row.
    public func query<T>(_ sql: String, _ arguments: [SQLValue] = [], _ transform: (Row) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        var results: [T] = []
        while try statement.step() {
            results.append(try transform(statement.row))
        }
        return results
    }

    /// Runs a query and maps its first row, if any.
    public func queryFirst<T>(_ sql: String, _ arguments: [SQLValue] = [], _ transform: (Row) throws -> T) throws -> T? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        return try statement.step() ? transform(statement.row) : nil
    }

    public func scalarInt(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int {
        try queryFirst(sql, arguments) { $0.int(0) } ?? 0
    }

    public func scalarText(_ sql: String, _ arguments: [SQLValue] = []) throws -> String? {
        try queryFirst(sql, arguments) { $0.optionalString(0) } ?? nil
    }

    public var userVersion: Int {
        get throws { try scalarInt("PRAGMA user_version") }
    }

    public func setUserVersion(_ version: Int) throws {
        // PRAGMA takes no bound parameters; the value is an Int, never user text.
        try execute("PRAGMA user_version = \(version)")
    }

    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    // MARK: Transactions

    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED"
        /// Takes the write lock at once, so two writers queue on the busy timeout instead of
        /// failing half-way.
        case immediate = "IMMEDIATE"
    }

    /// True between BEGIN and COMMIT or ROLLBACK.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 {
                try? execute("ROLLBACK")
            }
            throw error
        }
    }

    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func error(_ code: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle) == 0 ? code : sqlite3_extended_errcode(handle),
                    message: lastErrorMessage, sql: sql, path: path)
    }

    // MARK: The file

    /// True when SQLite opened the file read-only: asked to, or because the file cannot be
    /// written (SQLite falls back to reading without saying so).
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// `PRAGMA application_id`: the 32-bit number at offset 68 of the file's header that says
    /// which program's file this is (0 when none was set).
    public var applicationID: Int32 {
        get throws { Int32(truncatingIfNeeded: try scalarInt("PRAGMA application_id")) }
    }

    public func setApplicationID(_ id: Int32) throws {
        // PRAGMA takes no bound parameters; the value is a number, never user text.
        try execute("PRAGMA application_id = \(id)")
    }

    /// A copy of the whole database in memory, read in one consistent snapshot. Changes to
    /// the copy never reach the file.
    public func memoryCopy() throws -> Database {
        let copy = try Database(path: ":memory:")
        guard let backup = sqlite3_backup_init(copy.handle, "main", handle, "main") else {
            throw copy.error(sqlite3_errcode(copy.handle), sql: nil)
        }
        let rc = sqlite3_backup_step(backup, -1)
        sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE else { throw SQLiteError(code: rc, message: String(cString: sqlite3_errstr(rc)), sql: nil, path: path) }
        return copy
    }

    /// `path` as the path part of an SQLite `file:` URI: %, ?, # and non-ASCII bytes escaped.
    static func uriEscaped(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0..<0x21, 0x7F...:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            default:
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }

    /// The SQLite library version, e.g. "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
