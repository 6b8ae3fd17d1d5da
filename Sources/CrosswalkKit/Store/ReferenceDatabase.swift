import Foundation
import SQLite

/// The reference database: built from the embedded data on first use, and rebuilt when the
/// embedded data changes, unless the user loaded a data folder of their own into it.
public enum ReferenceDatabase {
    static let migrations = SchemaMigrations(name: "reference")
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
        try createParentDirectory(of: path)
        let database = try Database(path: path, mode: .create, busyTimeoutMilliseconds: busyTimeout)
        try migrations.checkNotNewer(database, what: "reference database")
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

    /// Opens `path` for `crosswalk import`, without building it from the embedded data first.
    public static func openForImport(path: String) throws -> Database {
        try createParentDirectory(of: path)
        let database = try Database(path: path, mode: .create, busyTimeoutMilliseconds: busyTimeout)
        try migrations.checkNotNewer(database, what: "reference database")
        try database.enableWriteAheadLog()
        return database
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
        return isEmbedded && values["fingerprint"] != EmbeddedReference.fingerprint
    }

    /// The reference database holds nothing but data it can load again, so a database made from
    /// other schema scripts is emptied and rebuilt rather than migrated.
    static func resetIfSchemaChanged(_ database: Database) throws {
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

    static func createParentDirectory(of path: String) throws {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw CrosswalkError.failure("cannot create folder \(parent): \(error.localizedDescription)")
        }
    }
}
