import Foundation
import SQLite
import Testing

/// What crosswalk does with files it did not make, ids it gave before, and writes that fail:
/// end to end, through the built binary.
@Suite struct DataSafetyCLITests {
    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    func titles(_ cli: CLI, _ extra: [String] = []) throws -> [String] {
        let listed = try cli.run(["log", "list", "--json"] + extra)
        #expect(listed.status == 0, "\(listed.stderr)")
        return (listed.json as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
    }

    @Test func theReferenceDatabaseCommandsRefuseALearningLog() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "add", "--title", "Precious", "a reflection I must not lose").status == 0)
        let log = cli.home.appendingPathComponent("data/crosswalk/log.db").path
        let before = try Self.bytes(log)
        let expected = "crosswalk: \(log) is a crosswalk learning log, not the reference database; give another path with --db or CROSSWALK_DB\n"

        let imported = try cli.run("import", "--db", log)
        #expect(imported.status == 1)
        #expect(imported.stderr == expected)
        var pointed = cli
        pointed.environment["CROSSWALK_DB"] = log
        for command in [["import"], ["show", "vision"], ["map", "I led the team meeting"]] {
            let result = try pointed.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr == expected, "\(command)")
        }
        #expect(try Self.bytes(log) == before)
        #expect(try titles(cli) == ["Precious"])
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftByteForByte() throws {
        let cli = try CLI()
        for version in [0, 3] {
            let path = cli.home.appendingPathComponent("other-\(version).db").path
            do {
                let database = try Database(path: path)
                try database.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photo (name) VALUES ('holiday')")
                try database.setUserVersion(version)
            }
            let before = try Self.bytes(path)
            for command in [["map", "--db", path, "I led the team meeting"], ["import", "--db", path], ["show", "vision", "--db", path]] {
                let result = try cli.run(command)
                #expect(result.status == 1, "\(command)")
                #expect(result.stderr == "crosswalk: \(path) is not a crosswalk reference database (another program's SQLite file); crosswalk will not change it: give another path with --db or CROSSWALK_DB\n", "\(command)")
            }
            #expect(try Self.bytes(path) == before, "user_version \(version)")
            let log = try cli.run("log", "list", "--log-db", path)
            #expect(log.status == 1)
            #expect(log.stderr == "crosswalk: \(path) is not a crosswalk learning log; give another file with --log-db\n")
            #expect(try Self.bytes(path) == before)
        }
    }

    @Test func aFailedImportLeavesNoDatabaseFileBehind() throws {
        let cli = try CLI()
        let data = cli.home.appendingPathComponent("data-folder")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/data"), to: data)
        let links = data.appendingPathComponent("links.csv")
        let handle = try FileHandle(forWritingTo: links)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("X,vision,evidences,1,Unknown source.,https://example.org,confirmed,project\n".utf8))
        try handle.close()
        let folder = cli.home.appendingPathComponent("new-folder")
        let db = folder.appendingPathComponent("reference.db").path
        let result = try cli.run("import", "--data", data.path, "--db", db)
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("nothing was written\n"))
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.isEmpty ?? true)
    }

    /// Version 1 gave the id of a deleted newest entry to the next one, so the same delete run
    /// twice deleted a newer entry.
    @Test func aRepeatedDeleteNeverDeletesANewerEntry() throws {
        let cli = try CLI()
        for title in ["One", "Two", "Three"] {
            #expect(try cli.run("log", "add", "--title", title, "a reflection").status == 0)
        }
        #expect(try cli.run("log", "delete", "3", "--yes").status == 0)
        let added = try cli.run("log", "add", "--title", "Newer", "a newer reflection")
        #expect(added.stdout.hasPrefix("Added entry 4 ("), "\(added.stdout)")
        let again = try cli.run("log", "delete", "3", "--yes")
        #expect(again.status == 1)
        #expect(again.stderr == "crosswalk: no log entry 3; see `crosswalk log list`\n")
        #expect(try titles(cli) == ["One", "Two", "Newer"])
    }
}

/// The data folder and the learning log are private to their owner, whoever made them and
/// whatever the umask; a log someone else could read or planted is refused.
@Suite struct PrivacyCLITests {
    @Test func theDataFolderIsMadePrivateWhicheverCommandComesFirst() throws {
        for (mask, first) in [("000", ["map", "I led the team meeting"]), ("022", ["show", "vision"]),
                              ("000", ["log", "add", "--title", "First", "a reflection"]), ("077", ["import"])] {
            let cli = try CLI()
            let result = try cli.run(umask: mask, first)
            #expect(result.status == 0, "\(first): \(result.stderr)")
            // XDG_DATA_HOME (home/data) did not exist either: both folders are made 0700.
            for folder in ["data", "data/crosswalk"] {
                #expect(CLI.mode(cli.home.appendingPathComponent(folder).path) == 0o700, "umask \(mask), \(first), \(folder)")
            }
        }
    }

    @Test func aLogOthersCanReadIsRefusedWithTheChmodToRun() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "add", "--title", "Mine", "a reflection").status == 0)
        let log = cli.home.appendingPathComponent("data/crosswalk/log.db").path
        chmod(log, 0o644)
        let before = try Data(contentsOf: URL(fileURLWithPath: log))
        for command in [["log", "list"], ["log", "add", "--title", "More", "text"], ["log", "export", "--format", "json"]] {
            let result = try cli.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr == "crosswalk: the learning log \(log) can be read or changed by other users (mode 0644); make it private with `chmod go-rwx \(log)`\n", "\(command)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: log)) == before)
        chmod(log, 0o600)
        #expect(try cli.run("log", "list").stdout.contains("Mine"))
    }

    /// Another local user planted a log where crosswalk looks: entries written into it would
    /// be theirs to read. (Needs root, to give a file to another user.)
    @Test(.enabled(if: geteuid() == 0, "needs root to give a file to another user"))
    func aLogOwnedByAnotherUserIsRefused() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "add", "--title", "Planted", "a reflection").status == 0)
        let log = cli.home.appendingPathComponent("data/crosswalk/log.db").path
        #expect(chown(log, 65534, 65534) == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: log))
        for command in [["log", "add", "--title", "Secret", "what I must not share"], ["log", "list"]] {
            let result = try cli.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr == "crosswalk: the learning log \(log) belongs to another user (uid 65534); crosswalk only opens your own: give another file with --log-db or CROSSWALK_LOG, or if it is yours, `chown $(id -u) \(log)`\n", "\(command)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: log)) == before)
    }
}
