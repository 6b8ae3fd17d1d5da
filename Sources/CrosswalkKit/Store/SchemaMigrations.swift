import SQLite

/// Versioned schema scripts compiled in from Schema/: `NAME-vN.sql` is migration number N,
/// taking a database from version N-1 to N. The version reached is kept in `PRAGMA
/// user_version` and each script is applied once, in order; the file's own kind is stamped in
/// `PRAGMA application_id` in the same transaction, so a database is never half-migrated and
/// always says whose it is.
///
/// Each script's first line names it (`-- Crosswalk learning log, schema version 2: ...`),
/// and that name is used in messages. A script only ever moves forward: to change a table it
/// builds the new one, copies every row and renames it (see Schema/log-v2.sql).
struct SchemaMigrations {
    let name: String
    let applicationID: Int32
    let scripts: [Int: String]

    init(name: String, applicationID: Int32) {
        var scripts: [Int: String] = [:]
        let prefix = "Schema/\(name)-v"
        for (path, text) in EmbeddedReference.files where path.hasPrefix(prefix) && path.hasSuffix(".sql") {
            if let version = Int(path.dropFirst(prefix.count).dropLast(".sql".count)) {
                scripts[version] = text
            }
        }
        self.init(name: name, applicationID: applicationID, scripts: scripts,
                  fingerprint: EmbeddedReference.schemaFingerprints[name] ?? Self.fingerprint(scripts))
    }

    /// Scripts given directly: for testing the mechanism itself.
    init(name: String, applicationID: Int32, scripts: [Int: String]) {
        self.init(name: name, applicationID: applicationID, scripts: scripts, fingerprint: Self.fingerprint(scripts))
    }

    private init(name: String, applicationID: Int32, scripts: [Int: String], fingerprint: String) {
        self.name = name
        self.applicationID = applicationID
        self.scripts = scripts
        self.fingerprint = fingerprint
    }

    var latestVersion: Int { scripts.keys.max() ?? 0 }

    /// FNV-1a over the scripts in order: tells a database made from other scripts with the same
    /// version number (possible while a version is still being developed). For the scripts
    /// compiled in, worked out at build time (EmbedReferenceData): every command that opens
    /// the reference database asks for it.
    let fingerprint: String

    static func fingerprint(_ scripts: [Int: String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for version in scripts.keys.sorted() {
            for byte in scripts[version]!.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return String(hash, radix: 16)
    }

    /// The script's first line without its `-- `: what the migration does.
    func title(of version: Int) -> String {
        let first = scripts[version]?.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        return first.hasPrefix("-- ") ? String(first.dropFirst(3)) : "Schema/\(name)-v\(version).sql"
    }

    /// Refuses a database made by a newer build rather than guessing at its shape.
    func checkNotNewer(_ database: Database, what: String) throws {
        let version = try database.userVersion
        if version > latestVersion {
            throw CrosswalkError.failure(
                "\(what) \(database.path) has schema version \(version), newer than this crosswalk understands (\(latestVersion)); use a newer crosswalk")
        }
    }

    /// Applies the missing scripts in order and stamps the application id. Call inside a
    /// transaction so a failure leaves the database at its old version. For a database whose
    /// every row can be loaded again (the reference database).
    func migrate(_ database: Database, what: String) throws {
        try checkNotNewer(database, what: what)
        let current = try database.userVersion
        if current < latestVersion {
            for version in (current + 1)...latestVersion {
                guard let script = scripts[version] else {
                    throw CrosswalkError.failure("schema script Schema/\(name)-v\(version).sql is missing from this build")
                }
                try database.execute(script)
                try database.setUserVersion(version)
            }
        }
        if try database.applicationID != applicationID { try database.setApplicationID(applicationID) }
    }

    /// Brings a database that holds a person's own data (the learning log) up to the latest
    /// version, or leaves it exactly as it was:
    /// - foreign keys are off while the scripts run (SQLite cannot switch them inside a
    ///   transaction), so rebuilding a table never cascades a delete into another;
    /// - everything happens in one IMMEDIATE transaction, and the version is read again once
    ///   the write lock is held, so of several processes opening an old file one migrates;
    /// - before committing, every table that was there must still be there with at least as
    ///   many rows, and `foreign_key_check` must find nothing; otherwise it all rolls back.
    /// Returns whether anything was applied.
    @discardableResult
    func upgrade(_ database: Database, what: String) throws -> Bool {
        try checkNotNewer(database, what: what)
        let current = (version: try database.userVersion, id: try database.applicationID)
        guard current.version < latestVersion || current.id != applicationID else { return false }
        let foreignKeys = try database.scalarInt("PRAGMA foreign_keys") == 1
        try database.execute("PRAGMA foreign_keys = OFF")
        defer { if foreignKeys { try? database.execute("PRAGMA foreign_keys = ON") } }
        return try database.transaction(.immediate) {
            try checkNotNewer(database, what: what)
            let from = try database.userVersion
            let id = try database.applicationID
            guard from < latestVersion || id != applicationID else { return false }
            let before = try rowCounts(database)
            for version in (from + 1)..<(latestVersion + 1) {
                do {
                    guard let script = scripts[version] else {
                        throw CrosswalkError.failure("schema script Schema/\(name)-v\(version).sql is missing from this build")
                    }
                    try database.execute(script)
                    try database.setUserVersion(version)
                    let after = try rowCounts(database)
                    for (table, rows) in before.sorted(by: { $0.key < $1.key }) {
                        guard let now = after[table] else {
                            throw CrosswalkError.failure("would lose the table \(table)")
                        }
                        if now < rows { throw CrosswalkError.failure("would lose rows of \(table) (\(rows) before, \(now) after)") }
                    }
                    let dangling = try database.query("PRAGMA foreign_key_check") { $0.string(0) }
                    if let problem = dangling.first {
                        throw CrosswalkError.failure("would leave rows of \(problem) pointing at nothing")
                    }
                } catch {
                    let reason = (error as? SQLiteError)?.message ?? "\(error)"
                    throw CrosswalkError.failure(
                        "\(what) \(database.path): migration \(version) (\(title(of: version))) failed and was undone, the file is as it was: \(reason)")
                }
            }
            try database.setApplicationID(applicationID)
            return true
        }
    }

    /// Rows per table, for checking that a migration kept them.
    private func rowCounts(_ database: Database) throws -> [String: Int] {
        let tables = try database.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") { $0.string(0) }
        var counts: [String: Int] = [:]
        for table in tables {
            // Names come from sqlite_master, never from a user.
            counts[table] = try database.scalarInt("SELECT count(*) FROM \"\(table.replacingOccurrences(of: "\"", with: "\"\""))\"")
        }
        return counts
    }
}
