import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// Crosswalk resets or adds tables only to a database it made itself, recognised by its
/// application id (or, for files from before ids, by its own tables); anything else is
/// refused with the file's name and left byte for byte as it was.
@Suite struct StoreOwnershipTests {
    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Another program's database: a table of its own and, optionally, its own user_version.
    static func foreignDatabase(userVersion: Int) throws -> String {
        let path = try Fixture.databasePath()
        let database = try Database(path: path)
        try database.execute("CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('owner', 'someone else')")
        try database.setUserVersion(userVersion)
        return path
    }

    @Test func anotherProgramsDatabaseIsNeverResetOrAddedTo() throws {
        for version in [0, 1, 7] {
            let path = try Self.foreignDatabase(userVersion: version)
            let before = try Self.bytes(path)
            for open in [{ _ = try ReferenceDatabase.open(path: path) },
                         { _ = try ReferenceDatabase.importData(.embedded, path: path) }] {
                let error = #expect(throws: CrosswalkError.self) { try open() }
                #expect(error?.description == "\(path) is not a crosswalk reference database (another program's SQLite file); crosswalk will not change it: give another path with --db or CROSSWALK_DB",
                        "user_version \(version)")
            }
            #expect(try Self.bytes(path) == before, "user_version \(version)")
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    @Test func aLearningLogIsNeverTreatedAsTheReferenceDatabase() throws {
        let path = try LogFixture.logPath()
        do {
            let log = try LearningLog.open(path: path)
            _ = try log.add(LogFixture.draft("Precious"))
        }
        let before = try Self.bytes(path)
        for open in [{ _ = try ReferenceDatabase.open(path: path) },
                     { _ = try ReferenceDatabase.importData(.embedded, path: path) }] {
            let error = #expect(throws: CrosswalkError.self) { try open() }
            #expect(error?.description == "\(path) is a crosswalk learning log, not the reference database; give another path with --db or CROSSWALK_DB")
        }
        #expect(try Self.bytes(path) == before)
        #expect(try LearningLog.open(path: path).entries().map(\.title) == ["Precious"])

        // And the other way round.
        let reference = RealData.path
        let error = #expect(throws: CrosswalkError.self) { _ = try LearningLog.open(path: reference) }
        #expect(error?.description == "\(reference) is the crosswalk reference database, not a learning log; give another file with --log-db")
    }

    @Test func bothKindsOfFileCarryTheirOwnApplicationID() throws {
        #expect(DatabaseIdentity.referenceApplicationID != DatabaseIdentity.learningLogApplicationID)
        #expect(try RealData.database().applicationID == DatabaseIdentity.referenceApplicationID)
        #expect(try LogFixture.emptyLog().database.applicationID == DatabaseIdentity.learningLogApplicationID)
        let imported = try Fixture.databasePath()
        _ = try ReferenceDatabase.importData(try DataSource.directory(Fixture.dataDirectory.path), path: imported)
        #expect(try Database(path: imported, mode: .readOnly).applicationID == DatabaseIdentity.referenceApplicationID)
    }

    /// A reference database built by the release before application ids: crosswalk's meta
    /// table with its schema fingerprint, application id 0. Still crosswalk's, so rebuilt.
    @Test func aReferenceDatabaseFromBeforeApplicationIDsIsRecognisedAndRebuilt() throws {
        let path = try Fixture.databasePath()
        do {
            let database = try ReferenceDatabase.open(path: path)
            try database.setApplicationID(0)
            try database.run("UPDATE meta SET value = 'an older build' WHERE key = 'fingerprint'")
            try database.run("DELETE FROM link")
        }
        let reopened = try ReferenceDatabase.open(path: path)
        #expect(try reopened.scalarInt("SELECT count(*) FROM link") > 0)
        #expect(try reopened.applicationID == DatabaseIdentity.referenceApplicationID)

        // Loaded from a data folder by that release: import replaces it.
        try reopened.setApplicationID(0)
        try reopened.run("UPDATE meta SET value = '/somewhere/Data' WHERE key = 'source'")
        _ = try ReferenceDatabase.importData(try DataSource.directory(Fixture.dataDirectory.path), path: path)
        #expect(try Database(path: path, mode: .readOnly).scalarInt("SELECT count(*) FROM standard") == 3)
    }

    @Test func anEmptyFileIsMadeIntoEither() throws {
        let reference = try Fixture.databasePath()
        FileManager.default.createFile(atPath: reference, contents: Data())
        #expect(try ReferenceDatabase.open(path: reference).scalarInt("SELECT count(*) FROM capability") == 6)
        let log = try LogFixture.logPath()
        FileManager.default.createFile(atPath: log, contents: Data(), attributes: [.posixPermissions: 0o600])
        #expect(try LearningLog.open(path: log).count == 0)
    }

    @Test func aFailedImportLeavesNoFileBehind() throws {
        let path = try Fixture.databasePath()
        let broken = try Fixture.copy { dir in
            try Fixture.append("X,vision,evidences,1,Unknown source.,fixture,https://example.org,confirmed,project", to: "links.csv", in: dir)
        }
        #expect(throws: InvalidDataset.self) { _ = try ReferenceDatabase.importData(try DataSource.directory(broken.path), path: path) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)

        // Valid CSV the load itself fails on, after the file was made: it goes too.
        let rejected = try Fixture.copy { dir in
            try Fixture.rewrite("units.csv", in: dir) { $0.replacingOccurrences(of: "H7LH 04,Lead and manage practice that promotes the safeguarding of individuals,12", with: "H7LH 04,Lead and manage practice that promotes the safeguarding of individuals,-12") }
        }
        #expect(throws: (any Error).self) { _ = try ReferenceDatabase.importData(try DataSource.directory(rejected.path), path: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
