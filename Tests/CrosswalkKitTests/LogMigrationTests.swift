import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// The learning log's schema moves forward one numbered script at a time, inside one
/// transaction, and never loses a row the worker wrote.
@Suite struct LogMigrationTests {
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/logs/log-v1.sql")

    /// A log as crosswalk wrote it at schema version 1, before application ids.
    static func versionOneLog() throws -> String {
        let path = try LogFixture.logPath()
        let database = try Database(path: path)
        try database.execute(try String(contentsOf: fixture, encoding: .utf8))
        try database.setUserVersion(1)
        try database.enableWriteAheadLog()
        chmod(path, 0o600)
        return path
    }

    /// The log at `path` brought up to `version` by the scripts up to it, as a build of that
    /// version would have left it.
    static func upgrade(_ path: String, to version: Int) throws -> Database {
        let database = try Database(path: path, mode: .readWrite)
        let older = SchemaMigrations(name: "log", applicationID: DatabaseIdentity.learningLogApplicationID,
                                     scripts: LearningLog.migrations.scripts.filter { $0.key <= version })
        if version > 1 { try older.upgrade(database, what: "learning log") }
        return database
    }

    /// Every row of the log's own tables, as text, in the columns version 1 had (later versions
    /// add columns, such as a suggestion's passage in version 3, which start empty).
    static func rows(_ path: String) throws -> [String] {
        let database = try Database(path: path, mode: .readOnly)
        let references = try database.query(
            "SELECT entry_id, code, kind, status, score, source, title, added_at FROM entry_reference ORDER BY 1, 2") { row in
            "entry_reference: " + (0..<row.count).map { "\(row.value($0))" }.joined(separator: "|")
        }
        return try Fixture.dump(database).filter { !$0.hasPrefix("sqlite_sequence:") && !$0.hasPrefix("entry_reference:") }
            + references
    }

    @Test func aVersionOneLogIsMigratedWithEveryRowKept() throws {
        let path = try Self.versionOneLog()
        let before = try Self.rows(path)
        #expect(before.filter { $0.hasPrefix("entry: ") }.count == 4)
        #expect(before.filter { $0.hasPrefix("entry_reference: ") }.count > 20)

        let log = try LearningLog.open(path: path)
        #expect(try log.database.userVersion == LearningLog.migrations.latestVersion)
        #expect(try log.database.applicationID == DatabaseIdentity.learningLogApplicationID)
        #expect(try Self.rows(path) == before)
        #expect(try log.database.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try log.database.query("PRAGMA foreign_key_check") { $0.string(0) }.isEmpty)

        // The references still belong to their entries: deleting one takes its references with it.
        let references = try log.database.scalarInt("SELECT count(*) FROM entry_reference WHERE entry_id = 1")
        #expect(references > 0)
        try log.delete([1])
        #expect(try log.database.scalarInt("SELECT count(*) FROM entry_reference WHERE entry_id = 1") == 0)
        // From now on an id is never given twice: the highest (4) is deleted, the next is 5.
        try log.delete([4])
        #expect(try log.add(LogFixture.draft("After the migration")).id == 5)
    }

    @Test func aReadOnlyOpenOfAVersionOneLogReadsItWithoutWritingAByte() throws {
        let path = try Self.versionOneLog()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let log = try LearningLog.open(path: path, access: .read)
        #expect(try log.entries().map(\.title) == ["Supervision", "Thing 22", "Reused id", "Quotes \"and\" ünïcode"])
        #expect(try log.entry(2).references.contains { $0.status == .rejected })
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try Database(path: path, mode: .readOnly).userVersion == 1)
    }

    /// Version 5 rebuilds both tables; the pages the old ones held are given back, so a long
    /// log's file does not double in size.
    @Test func theSpaceOfTheTablesRebuiltIsGivenBack() throws {
        let path = try Self.versionOneLog()
        let database = try Self.upgrade(path, to: 4)
        let text = String(repeating: "I talked with my supervisor about a hard week. ", count: 40)
        for number in 1...200 {
            try database.run("""
                INSERT INTO entry (uuid, date, title, text, role, words, created_at, updated_at)
                VALUES (?1, '2026-01-01', 'Entry', ?2, 'frontline', 360, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')
                """, [.text("uuid-\(number)"), .text(text)])
        }
        let pages = try database.scalarInt("PRAGMA page_count")
        let rows = try Self.rows(path)

        let log = try LearningLog.open(path: path)
        #expect(try log.database.userVersion == 5)
        #expect(try log.database.scalarInt("PRAGMA freelist_count") == 0)
        #expect(try log.database.scalarInt("PRAGMA page_count") <= pages + pages / 10)
        #expect(try Self.rows(path) == rows)
    }

    /// A log at version 4 differs from 5 only in how rows are checked when written: reading
    /// it reads the file itself (no upgraded copy in memory) and writes nothing.
    @Test func aVersionFourLogIsReadAsItIs() throws {
        let path = try Self.versionOneLog()
        let database = try Self.upgrade(path, to: 4)
        _ = try database.query("PRAGMA wal_checkpoint(TRUNCATE)") { $0.int(0) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let log = try LearningLog.open(path: path, access: .read)
        #expect(log.database.path == path)
        #expect(try log.entries().map(\.title) == ["Supervision", "Thing 22", "Reused id", "Quotes \"and\" ünïcode"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try Database(path: path, mode: .readOnly).userVersion == 4)
    }

    @Test func aDeletedEntryIDIsNeverGivenAgain() throws {
        let log = try LogFixture.emptyLog()
        for title in ["One", "Two", "Three"] { _ = try log.add(LogFixture.draft(title)) }
        try log.delete([3])
        let four = try log.add(LogFixture.draft("Four"))
        #expect(four.id == 4)
        #expect(throws: CrosswalkError.self) { try log.delete([3]) }
        #expect(try log.entries().map(\.title) == ["One", "Two", "Four"])

        // An imported entry keeps its id only if the log never gave it: 3 was given, 9 was not.
        var imported = four
        imported.uuid = "00000000-0000-0000-0000-00000000000a"
        imported.id = 3
        var fresh = four
        fresh.uuid = "00000000-0000-0000-0000-00000000000b"
        fresh.id = 9
        #expect(try log.importEntries([imported, fresh]).imported == [5, 9])
        #expect(try log.add(LogFixture.draft("Ten")).id == 10)
    }

    /// A log left at any earlier version (1, 2, 3 with a suggestion's passage, 4 with the
    /// references' index) reaches the latest with every row and every passage kept, its
    /// references read from the index in the order they were always shown, and no id given
    /// again that was given before.
    @Test func aLogAtEveryEarlierVersionIsUpgradedWithEveryRowKept() throws {
        #expect(LearningLog.migrations.latestVersion == 5)
        for version in 1...4 {
            let path = try Self.versionOneLog()
            let database = try Self.upgrade(path, to: version)
            if version >= 3 {
                try database.run("UPDATE entry_reference SET passage = 'I asked my team for feedback.' WHERE entry_id = 1")
            }
            if version >= 2 {
                // The highest id given (4) is deleted: the log remembers it was given.
                try database.run("DELETE FROM entry WHERE id = 4")
            }
            #expect(try database.userVersion == version)
            let before = try Self.rows(path)
            // Version 3 added the passage; before it every reference reads as having none.
            let passage = version >= 3 ? "passage" : "NULL"
            let passages = try database.query("SELECT entry_id, code, \(passage) FROM entry_reference ORDER BY 1, 2") {
                "\($0.int(0)) \($0.string(1)) \($0.optionalString(2) ?? "-")"
            }
            // The order every command showed references in before the index existed.
            let order = try database.query("""
                SELECT code FROM entry_reference WHERE entry_id = 2
                ORDER BY CASE status WHEN 'confirmed' THEN 0 WHEN 'suggested' THEN 1 ELSE 2 END,
                         CASE kind WHEN 'capability' THEN 0 WHEN 'indicator' THEN 1 WHEN 'standard' THEN 2
                                   WHEN 'element' THEN 3 WHEN 'unit' THEN 4 ELSE 5 END,
                         score IS NULL, score DESC, code
                """) { $0.string(0) }
            #expect(order.count > 3)

            let log = try LearningLog.open(path: path)
            #expect(try log.database.userVersion == 5, "from version \(version)")
            #expect(try Self.rows(path) == before, "from version \(version)")
            #expect(try log.database.query("SELECT entry_id, code, passage FROM entry_reference ORDER BY 1, 2") {
                "\($0.int(0)) \($0.string(1)) \($0.optionalString(2) ?? "-")"
            } == passages, "from version \(version)")
            #expect(try log.database.scalarInt(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'entry_reference_in_order'") == 1)
            #expect(try log.entry(2).references.map(\.code) == order, "from version \(version)")
            if version >= 3 { #expect(try log.entry(1).references.allSatisfy { $0.passage == "I asked my team for feedback." }) }
            #expect(try log.add(LogFixture.draft("After the upgrade")).id == 5, "from version \(version)")
        }
    }

    /// Version 5 checks a role and a status as a chain of comparisons instead of an IN list
    /// (which SQLite checked by building a temporary table per row): the same values pass and
    /// the same are refused.
    @Test func theRolesAndStatusesCheckedAreTheSameAsBefore() throws {
        let log = try LogFixture.emptyLog()
        let id = try log.add(LogFixture.draft("Checked")).id
        let database = log.database
        for role in Role.allCases.map(\.rawValue) {
            try database.run("UPDATE entry SET role = ?1 WHERE id = ?2", [.text(role), .integer(Int64(id))])
        }
        for status in LogReference.Status.allCases.map(\.rawValue) {
            try database.run("""
                INSERT INTO entry_reference (entry_id, code, kind, status, source, added_at)
                VALUES (?1, ?2, 'capability', ?2, 'user', '2026-01-01T00:00:00Z')
                """, [.integer(Int64(id)), .text(status)])
        }
        for refused in ["", "Frontline", "frontline ", "lead"] {
            #expect(throws: SQLiteError.self) {
                try database.run("UPDATE entry SET role = ?1 WHERE id = ?2", [.text(refused), .integer(Int64(id))])
            }
        }
        for refused in ["", "Confirmed", "accepted"] {
            #expect(throws: SQLiteError.self) {
                try database.run("""
                    INSERT INTO entry_reference (entry_id, code, kind, status, source, added_at)
                    VALUES (?1, 'X', 'capability', ?2, 'user', '2026-01-01T00:00:00Z')
                    """, [.integer(Int64(id)), .text(refused)])
            }
        }
        #expect(try database.scalarInt("SELECT count(*) FROM entry_reference WHERE entry_id = ?1", [.integer(Int64(id))])
                == LogReference.Status.allCases.count)
    }

    /// The schema fingerprints worked out at build time are those of the scripts compiled in,
    /// so a database is recognised as built by these scripts, and only by them.
    @Test func theFingerprintsWorkedOutAtBuildTimeAreThoseOfTheScripts() {
        for migrations in [LearningLog.migrations, ReferenceDatabase.migrations] {
            #expect(migrations.fingerprint == SchemaMigrations.fingerprint(migrations.scripts), "\(migrations.name)")
            var changed = migrations.scripts
            changed[migrations.latestVersion]! += "\n"
            #expect(SchemaMigrations.fingerprint(changed) != migrations.fingerprint, "\(migrations.name)")
        }
        #expect(EmbeddedReference.schemaFingerprints.keys.sorted() == ["log", "reference"])
    }

    /// The mechanism refuses a script that would lose rows, and leaves the log at its old
    /// version when a script fails half-way.
    @Test func aMigrationThatWouldLoseRowsOrFailsChangesNothing() throws {
        let path = try Self.versionOneLog()
        let before = try Self.rows(path)
        let scripts = LearningLog.migrations.scripts
        for (bad, message) in [
            ("DELETE FROM entry_reference WHERE status = 'rejected';", "would lose rows of entry_reference"),
            ("DROP TABLE setting;", "would lose the table setting"),
            ("CREATE TABLE extra (x); INSERT INTO nowhere VALUES (1);", "no such table: nowhere"),
        ] {
            let migrations = SchemaMigrations(name: "log", applicationID: DatabaseIdentity.learningLogApplicationID,
                                              scripts: [1: scripts[1]!, 2: scripts[2]!, 3: bad])
            let database = try Database(path: path, mode: .readWrite)
            let error = #expect(throws: (any Error).self) { try migrations.upgrade(database, what: "learning log") }
            #expect("\(error.map { "\($0)" } ?? "")".contains(message), "\(bad)")
            #expect(try database.userVersion == 1)
            #expect(try database.applicationID == 0)
            #expect(try database.scalarInt("PRAGMA foreign_keys") == 1)
            #expect(try Self.rows(path) == before)
        }
    }
}
