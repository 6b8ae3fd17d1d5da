import Foundation
import SQLite

/// The reference database: built from the embedded data on first use, and rebuilt when the
/// embedded data changes, unless the user loaded a data folder of their own into it.
///
/// Only a database crosswalk made is ever built into, reset or rebuilt: an empty file, or one
/// whose application id (or, from before ids, whose meta table) says it is crosswalk's
/// reference database. A learning log or another program's database is refused, untouched.
public enum ReferenceDatabase {
    static let migrations = SchemaMigrations(name: "reference", applicationID: DatabaseIdentity.referenceApplicationID)
    /// Long enough to wait out another process building the database on a slow machine.
    static let busyTimeout: Int32 = 30_000

    /// `$CROSSWALK_DB`, else `$XDG_DATA_HOME/crosswalk/reference.db`, else
    /// `~/.local/share/crosswalk/reference.db`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["CROSSWALK_DB"], !path.isEmpty { return path }
        return dataDirectory(environment: environment) + "/reference.db"
    }

    /// The per-user data folder crosswalk keeps its databases in.
    public static func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let base = environment["XDG_DATA_HOME"], base.hasPrefix("/") { return base + "/crosswalk" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/crosswalk"
    }

    /// Opens (creating or refreshing as needed) the database at `path`. A refresh applies the
    /// CASE packages loaded into it again; `warn` hears of any that no longer apply.
    public static func open(path: String, progress: ((String) -> Void)? = nil, warn: ((String) -> Void)? = nil) throws -> Database {
        try withNewFileRemovedOnFailure(path) {
            let database = try connect(path)
            if try needsBuild(database) {
                progress?("building the reference database at \(path)")
                // Persistent once set. If another process holds the lock it is building the same
                // file and sets the mode itself, so a busy answer here is not an error.
                try? database.enableWriteAheadLog()
                // Several processes may start at once on a fresh machine: the first to take the
                // write lock builds, the others find the work done once they get it.
                let summary = try Importer.load(.embedded, into: database, progress: progress, unless: { try !needsBuild(database) })
                for package in summary.casePackages.packages where package.state == .dropped {
                    warn?("CASE package \(package.file) (\(package.title)) no longer applies to the new built-in data and was removed: "
                          + (package.problems.first ?? "unknown problem")
                          + "; load it again with `crosswalk import --case \(package.file)` once it fits")
                }
            }
            return database
        }
    }

    /// Opens `path` for `crosswalk import`, without building it from the embedded data first.
    public static func openForImport(path: String) throws -> Database {
        let database = try connect(path)
        try database.enableWriteAheadLog()
        return database
    }

    /// `crosswalk import`: validates `source` before touching `path`, then loads it in one
    /// transaction. A file this call created is removed again when the import fails, so a
    /// failed import leaves nothing behind.
    @discardableResult
    public static func importData(_ source: DataSource, path: String, progress: ((String) -> Void)? = nil) throws -> ImportSummary {
        let dataset = try Dataset.load(source)
        return try withNewFileRemovedOnFailure(path) {
            try Importer.load(dataset, from: source, into: openForImport(path: path), progress: progress)
        }
    }

    /// Opens `path` for an import and runs `body` with it; a file this call created is removed
    /// again when `body` fails (`import --case`, whose data is known only once it is open).
    public static func importing<T>(into path: String, _ body: (Database) throws -> T) throws -> T {
        try withNewFileRemovedOnFailure(path) { try body(openForImport(path: path)) }
    }

    /// Connects to `path` and makes sure it is a file crosswalk may build into: empty, or its
    /// own reference database at a schema version it understands.
    static func connect(_ path: String) throws -> Database {
        try StoreFile.refuseFolder(path, option: option)
        try StoreFile.createPrivateFolder(containing: path)
        let database = try StoreFile.connect(path, mode: .create, busyTimeout: busyTimeout, what: "reference database", option: option)
        try StoreFile.describingOpenErrors(path, what: "reference database", option: option) {
            try refuseAnythingButOurs(database)
            try migrations.checkNotNewer(database, what: "reference database")
        }
        return database
    }

    static let option = "--db or CROSSWALK_DB"

    static func refuseAnythingButOurs(_ database: Database) throws {
        switch try DatabaseIdentity.of(database) {
        case .empty, .reference:
            return
        case .learningLog:
            throw CrosswalkError.failure("\(database.path) is a crosswalk learning log, not the reference database; give another path with \(option)")
        case .foreign:
            throw CrosswalkError.failure("\(database.path) is not a crosswalk reference database (another program's SQLite file); crosswalk will not change it: give another path with \(option)")
        }
    }

    static func needsBuild(_ database: Database) throws -> Bool {
        guard try database.userVersion == migrations.latestVersion else { return true }
        let meta = try database.query("SELECT key, value FROM meta") { ($0.string(0), $0.string(1)) }
        let values = Dictionary(meta, uniquingKeysWith: { first, _ in first })
        guard let source = values["source"] else { return true }
        let isEmbedded = source == DataSource.embeddedLabel
        if values["schema"] != migrations.fingerprint {
            guard isEmbedded else {
                throw CrosswalkError.failure(
                    "\(database.path) was built by another crosswalk with a different schema; load your data again with `crosswalk import --data \(source)`")
            }
            return true
        }
        // A database built from the built-in data by a crosswalk whose mapping index differs
        // is built again; one of the user's own keeps its data, and the mapper works its index
        // out afresh until the data is imported again.
        return isEmbedded && (values["fingerprint"] != EmbeddedReference.fingerprint
                              || values[MappingIndexStore.metaKey] != MappingIndexStore.version)
    }

    /// The reference database holds nothing but data it can load again, so a database made from
    /// other schema scripts is emptied and rebuilt rather than migrated. Only ever crosswalk's
    /// own: asked again here, under the write lock, before anything is dropped.
    static func resetIfSchemaChanged(_ database: Database) throws {
        try refuseAnythingButOurs(database)
        guard try database.userVersion > 0 else { return }
        let hasMeta = try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'") > 0
        let schema = hasMeta ? try database.scalarText("SELECT value FROM meta WHERE key = 'schema'") : nil
        guard schema != migrations.fingerprint else { return }
        // Virtual tables first: dropping one drops its shadow tables with it.
        let tables = try database.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY sql LIKE 'CREATE VIRTUAL%' DESC"
        ) { $0.string(0) }
        try database.execute("PRAGMA defer_foreign_keys = ON")
        for table in tables where try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = ?1", [.text(table)]) > 0 {
            // Names come from sqlite_master, never from a user.
            try database.execute("DROP TABLE \"\(table.replacingOccurrences(of: "\"", with: "\"\""))\"")
        }
        try database.setUserVersion(0)
    }

    /// Runs `body`; when it fails and `path` did not exist before, removes the file it left
    /// (and its -wal and -shm), as long as nothing was built in it.
    static func withNewFileRemovedOnFailure<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let existed = FileManager.default.fileExists(atPath: path)
        do {
            return try body()
        } catch {
            if !existed { StoreFile.removeIfEmpty(path) }
            throw error
        }
    }
}
