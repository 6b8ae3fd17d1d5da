import CSQLite

/// SQLite copies bound text at once, so the Swift string may go away after binding.
private var transientDestructor: sqlite3_destructor_type {
    unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A prepared statement. It is finalized when the last reference goes away; the database it
/// belongs to is kept alive until then.
public final class Statement {
    let database: Database
    let handle: OpaquePointer
    public let sql: String

    init(database: Database, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw database.error(rc, sql: sql)
        }
        self.database = database
        self.handle = statement
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Clears previous bindings and state, then binds `arguments` to `?1`, `?2`, ...
    public func bind(_ arguments: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard arguments.count == expected else {
            throw SQLiteError(code: SQLITE_RANGE,
                              message: "statement takes \(expected) arguments, got \(arguments.count)", sql: sql, path: database.path)
        }
        for (offset, value) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let number): rc = sqlite3_bind_int64(handle, index, number)
            case .real(let number): rc = sqlite3_bind_double(handle, index, number)
            case .text(let text): rc = Self.bind(text, to: handle, at: index)
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { raw in
                    // An empty blob may have no address; a null pointer would bind NULL.
                    sqlite3_bind_blob64(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!,
                                        sqlite3_uint64(raw.count), transientDestructor)
                }
            }
            if rc != SQLITE_OK { throw database.error(rc, sql: sql) }
        }
    }

    /// Binds `text` by its UTF-8 length, so a NUL inside it is stored like any other character
    /// (binding with -1 would stop at the first NUL and cut the text there).
    private static func bind(_ text: String, to handle: OpaquePointer, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            // An empty buffer may have no address, and a null pointer would bind NULL, not ''.
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, transientDestructor)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { pointer in
                sqlite3_bind_text64(handle, index, pointer, sqlite3_uint64(bytes.count), transientDestructor, UInt8(SQLITE_UTF8))
            }
        }
    }

    /// Advances to the next row; false when the statement is done.
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Binds, runs to completion and resets, for statements executed many times.
    public func execute(_ arguments: [SQLValue]) throws {
        try bind(arguments)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds, reads the first column of the first row as a whole number (0 when there is no
    /// row) and resets, for a question asked many times.
    public func scalarInt(_ arguments: [SQLValue]) throws -> Int {
        try bind(arguments)
        defer { sqlite3_reset(handle) }
        return try step() ? Int(sqlite3_column_int64(handle, 0)) : 0
    }

    /// Ready to run again (the bindings stay); what a statement asked many times does after
    /// reading its rows.
    public func reset() {
        sqlite3_reset(handle)
    }

    public var row: Row { Row(statement: self) }

    public var columnNames: [String] {
        (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }
}

/// The current row of a statement; valid until the statement steps again.
public struct Row {
    let statement: Statement

    public var count: Int { Int(sqlite3_column_count(statement.handle)) }

    public func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(statement.handle, Int32(index)) == SQLITE_NULL
    }

    public func string(_ index: Int) -> String {
        optionalString(index) ?? ""
    }

    /// The column's text read by its length, so a NUL inside it does not end it.
    public func optionalString(_ index: Int) -> String? {
        guard let text = sqlite3_column_text(statement.handle, Int32(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    public func int(_ index: Int) -> Int {
        Int(sqlite3_column_int64(statement.handle, Int32(index)))
    }

    public func optionalInt(_ index: Int) -> Int? {
        isNull(index) ? nil : int(index)
    }

    public func double(_ index: Int) -> Double {
        sqlite3_column_double(statement.handle, Int32(index))
    }

    public func optionalDouble(_ index: Int) -> Double? {
        isNull(index) ? nil : double(index)
    }

    public func value(_ index: Int) -> SQLValue {
        switch sqlite3_column_type(statement.handle, Int32(index)) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement.handle, Int32(index)))
        case SQLITE_FLOAT: return .real(double(index))
        case SQLITE_BLOB: return .blob(blob(index))
        default: return .text(string(index))
        }
    }

    /// The column's bytes, as stored (empty for NULL).
    public func blob(_ index: Int) -> [UInt8] {
        withBlob(index) { Array($0) }
    }

    /// Runs `body` on the column's bytes where SQLite holds them, without copying them; the
    /// buffer is valid only inside `body`.
    public func withBlob<T>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let pointer = sqlite3_column_blob(statement.handle, Int32(index))
        let count = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
        return try body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }
}
