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
}
