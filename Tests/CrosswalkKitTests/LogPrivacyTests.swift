import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

@Suite struct LogPrivacyTests {
    /// The -wal file holds the newest entries until they are checkpointed: it is tightened to
    /// 0600 whenever the log is opened for writing, whatever mode it was left with.
    @Test func theLogsWriteAheadFilesAreTightenedOnOpen() throws {
        let path = try LogFixture.logPath()
        let first = try LearningLog.open(path: path)
        _ = try first.add(LogFixture.draft("Kept in the WAL"))
        for suffix in ["-wal", "-shm"] { chmod(path + suffix, 0o644) }
        let second = try LearningLog.open(path: path)
        for suffix in ["-wal", "-shm"] {
            #expect(try LogFixture.permissions(path + suffix) == 0o600, "\(suffix)")
        }
        #expect(try second.count == 1)
    }

    /// Every folder crosswalk makes on the way, not just the last. (The umask is varied in the
    /// CLI tests, through a shell, so that no other test here runs under a changed one.)
    @Test func everyFolderMadeForALogIsPrivate() throws {
        let folder = try Fixture.temporaryDirectory().appendingPathComponent("a/b")
        let path = folder.appendingPathComponent("log.db").path
        _ = try LearningLog.open(path: path)
        #expect(try LogFixture.permissions(folder.path) == 0o700)
        #expect(try LogFixture.permissions(folder.deletingLastPathComponent().path) == 0o700)
        #expect(try LogFixture.permissions(path) == 0o600)
    }
}

@Suite struct StoreFailureTests {
    /// A real SQLITE_FULL, made by capping the file's pages: the write rolls back and the
    /// user is told which file and what to do, never SQLite's own words.
    @Test func aFullDiskIsOneLineAndTheLogKeepsWhatItHad() throws {
        let log = try LogFixture.emptyLog()
        _ = try log.add(LogFixture.draft("Kept"))
        let pages = try log.database.scalarInt("PRAGMA page_count")
        _ = try log.database.scalarInt("PRAGMA max_page_count = \(pages + 1)")
        let error = #expect(throws: SQLiteError.self) {
            _ = try log.add(LogFixture.draft("Too big", text: String(repeating: "reflection ", count: 50_000)))
        }
        let full = try #require(error)
        #expect(full.isDiskFull)
        #expect(StoreFailure.message(for: full, what: "learning log") == "the disk holding \(log.path) is full; nothing was written: free some space and try again")
        #expect(try log.entries().map(\.title) == ["Kept"])
    }

    @Test func noMessageRepeatsSQLitesWordsOrTheStatement() throws {
        let log = try LogFixture.emptyLog()
        let error = #expect(throws: SQLiteError.self) {
            try log.database.run("INSERT INTO entry (uuid, date, title, role, words, created_at, updated_at) VALUES ('u', 'not a date', 'secret title', 'frontline', 0, 'x', 'x')")
        }
        let message = StoreFailure.message(for: try #require(error), what: "learning log")
        #expect(message == "the learning log \(log.path) refused a value that breaks its rules (constraint failed); nothing was written")
        #expect(!message.contains("secret") && !message.contains("INSERT"))
    }
}
