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
