import SQLite

/// Which of crosswalk's files a database is, judged by reading only. Crosswalk creates tables
/// in, resets or migrates a database only when it is `.empty` or its own kind: a learning log
/// is never rebuilt as reference data, and another program's database is never touched.
enum DatabaseIdentity: Equatable {
    /// Nothing in it yet (a new or zero-length file): free to become either kind.
    case empty
    case reference
    case learningLog
    /// Another program's database, or one crosswalk cannot vouch for.
    case foreign

    /// `PRAGMA application_id` of the reference database: "CWRF" in ASCII (0x43575246).
    static let referenceApplicationID: Int32 = 0x4357_5246
    /// `PRAGMA application_id` of a learning log: "CWLG" in ASCII (0x43574C47).
    static let learningLogApplicationID: Int32 = 0x4357_4C47

    /// Reads the header and the schema in one read transaction, so a file another process is
    /// creating is seen either before or after, never half-made. Files from before application
    /// ids are recognised by crosswalk's own tables: a reference database by its `meta` table
    /// with the keys the importer writes, a learning log (version 1 or later) by its `setting`,
    /// `entry` and `entry_reference` tables.
    static func of(_ database: Database) throws -> DatabaseIdentity {
        if database.isInTransaction { return try read(database) }
        return try database.transaction(.deferred) { try read(database) }
    }

    private static func read(_ database: Database) throws -> DatabaseIdentity {
        let id = try database.applicationID
        switch id {
        case referenceApplicationID: return .reference
        case learningLogApplicationID: return .learningLog
        case 0: break
        default: return .foreign
        }
        let version = try database.userVersion
        let objects = try database.query("SELECT type, name FROM sqlite_master") { ($0.string(0), $0.string(1)) }
        if objects.isEmpty { return version == 0 ? .empty : .foreign }
        let tables = Set(objects.filter { $0.0 == "table" }.map(\.1))
        if version >= 1, tables.isSuperset(of: ["setting", "entry", "entry_reference"]) { return .learningLog }
        if tables.isSuperset(of: ["meta", "item"]) {
            let keys = (try? database.query("SELECT key FROM meta") { $0.string(0) }) ?? []
            if Set(keys).isSuperset(of: ["source", "schema", "fingerprint"]) { return .reference }
        }
        return .foreign
    }
}
