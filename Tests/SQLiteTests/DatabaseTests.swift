import Foundation
import Testing
@testable import SQLite

@Suite struct DatabaseTests {
    func memory() throws -> Database {
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (name <> ''))")
        return database
    }

    @Test func boundTextIsStoredVerbatim() throws {
        let database = try memory()
        let hostile = "Robert'); DROP TABLE t; -- \"quoted\" ✓"
        try database.run("INSERT INTO t (name) VALUES (?1)", [.text(hostile)])
        #expect(try database.scalarText("SELECT name FROM t") == hostile)
        #expect(try database.scalarInt("SELECT count(*) FROM t") == 1)
    }

    /// Text is bound and read by its length: a NUL inside it is kept, never a place to cut.
    @Test func textWithANULCharacterRoundTripsWhole() throws {
        let database = try memory()
        let text = "before\u{0}after ✓"
        try database.run("INSERT INTO t (name) VALUES (?1)", [.text(text)])
        #expect(try database.scalarInt("SELECT length(CAST(name AS BLOB)) FROM t") == text.utf8.count)
        #expect(try database.scalarText("SELECT name FROM t") == text)
        #expect(try database.query("SELECT name FROM t") { $0.value(0) } == [.text(text)])
        // The empty string stays text, not NULL.
        try database.run("INSERT INTO t (name) VALUES ('x')")
        #expect(try database.scalarInt("SELECT count(*) FROM t WHERE name = ?1", [.text("")]) == 0)
        #expect(try database.scalarText("SELECT typeof(?1)", [.text("")]) == "text")
    }

    @Test func constraintViolationCarriesSQLiteCodeAndMessage() throws {
        let database = try memory()
        let error = #expect(throws: SQLiteError.self) {
            try database.run("INSERT INTO t (name) VALUES (?1)", [.text("")])
        }
        #expect(error?.isConstraintViolation == true)
        #expect(error?.message.contains("CHECK constraint failed") == true)
    }

    @Test func transactionRollsBackWhenBodyThrows() throws {
        struct Boom: Error {}
        let database = try memory()
        try database.run("INSERT INTO t (name) VALUES ('kept')")
        #expect(throws: Boom.self) {
            try database.transaction {
                try database.run("INSERT INTO t (name) VALUES ('lost')")
                throw Boom()
            }
        }
        #expect(try database.query("SELECT name FROM t") { $0.string(0) } == ["kept"])
    }

    @Test func transactionCommitsWhenBodyReturns() throws {
        let database = try memory()
        let count = try database.transaction {
            try database.run("INSERT INTO t (name) VALUES ('a')")
            return try database.scalarInt("SELECT count(*) FROM t")
        }
        #expect(count == 1)
        #expect(try database.scalarInt("SELECT count(*) FROM t") == 1)
    }

    @Test func foreignKeysAreEnforced() throws {
        let database = try memory()
        try database.execute("CREATE TABLE child (parent INTEGER NOT NULL REFERENCES t (id))")
        #expect(throws: SQLiteError.self) {
            try database.run("INSERT INTO child (parent) VALUES (42)")
        }
    }

    @Test func wrongArgumentCountIsAnError() throws {
        let database = try memory()
        #expect(throws: SQLiteError.self) { try database.run("INSERT INTO t (name) VALUES (?1)", []) }
    }

    @Test func preparedStatementIsReusable() throws {
        let database = try memory()
        let insert = try database.prepare("INSERT INTO t (name) VALUES (?1)")
        for name in ["a", "b", "c"] { try insert.execute([.text(name)]) }
        #expect(try database.query("SELECT name FROM t ORDER BY id") { $0.string(0) } == ["a", "b", "c"])
    }

    @Test func userVersionRoundTrips() throws {
        let database = try memory()
        try database.setUserVersion(7)
        #expect(try database.userVersion == 7)
    }

    @Test func openingAMissingFileReadOnlyFails() {
        #expect(throws: SQLiteError.self) {
            _ = try Database(path: "/nonexistent/dir/x.db", mode: .readOnly)
        }
    }

    func temporaryPath(_ name: String = "test.db") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    @Test func applicationIDRoundTripsAndErrorsNameTheFile() throws {
        let path = try temporaryPath()
        let database = try Database(path: path)
        #expect(try database.applicationID == 0)
        try database.setApplicationID(0x4357_4C47)
        #expect(try Database(path: path, mode: .readOnly).applicationID == 0x4357_4C47)
        let error = #expect(throws: SQLiteError.self) { try database.run("SELECT * FROM missing") }
        #expect(error?.path == path)
    }

    @Test func aReadOnlyConnectionSaysSo() throws {
        let path = try temporaryPath()
        try Database(path: path).execute("CREATE TABLE t (x)")
        #expect(try Database(path: path, mode: .readOnly).isReadOnly)
        #expect(try !Database(path: path, mode: .readWrite).isReadOnly)
    }

    /// A WAL database read where no -shm file can be made: immutable, with a path that needs
    /// escaping in a URI.
    @Test func anImmutableConnectionReadsAFileWithAnAwkwardName() throws {
        let path = try temporaryPath("odd name %41 ?#é.db")
        do {
            // Closed before reading: an immutable reader sees the file, not a live -wal.
            let writer = try Database(path: path)
            try writer.enableWriteAheadLog()
            try writer.execute("CREATE TABLE t (x); INSERT INTO t VALUES (42)")
        }
        let reader = try Database(path: path, mode: .readOnly, immutable: true)
        #expect(try reader.scalarInt("SELECT x FROM t") == 42)
        #expect(reader.isReadOnly)
    }

    @Test func aMemoryCopyHasEverythingAndChangesNothing() throws {
        let path = try temporaryPath()
        let database = try Database(path: path)
        try database.execute("CREATE TABLE t (x); INSERT INTO t VALUES (1), (2)")
        try database.setUserVersion(3)
        let copy = try Database(path: path, mode: .readOnly).memoryCopy()
        #expect(try copy.userVersion == 3)
        try copy.execute("DELETE FROM t")
        #expect(try database.scalarInt("SELECT count(*) FROM t") == 2)
    }
}
