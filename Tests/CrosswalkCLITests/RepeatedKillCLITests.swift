import Foundation
import SQLite
import Testing

/// SIGKILL at moments spread over a whole run of `import`, `log add` and `log export`: wherever
/// the kill lands, the database or log is intact (SQLite's quick_check, and its content is
/// the old or the new, never a mix) and no temporary copy is left beside it.
///
/// CI runs a few kills per command (seconds). For a longer run:
///
///     CROSSWALK_KILL_ITERATIONS=200 swift test --filter RepeatedKillCLITests
@Suite(.serialized) struct RepeatedKillCLITests {
    static let iterations = max(1, ProcessInfo.processInfo.environment["CROSSWALK_KILL_ITERATIONS"].flatMap(Int.init) ?? 3)

    /// Runs crosswalk to the end once, to learn how long a run takes.
    func duration(_ cli: CLI, _ arguments: [String]) throws -> TimeInterval {
        let start = Date()
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return Date().timeIntervalSince(start)
    }

    /// Starts crosswalk and kills it after `delay`; true if it was still running then.
    func kill(_ cli: CLI, _ arguments: [String], after delay: TimeInterval) throws -> Bool {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        process.environment = cli.environment
        process.currentDirectoryURL = cli.home
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        usleep(useconds_t(delay * 1_000_000))
        let running = process.isRunning
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return running
    }

    /// The moment of the i-th of n kills: spread evenly over a run, the last near its end.
    func delay(_ index: Int, of duration: TimeInterval) -> TimeInterval {
        duration * (Double(index) + 0.5) / Double(Self.iterations)
    }

    func quickCheck(_ path: String) throws -> String {
        try Database(path: path, mode: .readOnly).query("PRAGMA quick_check") { $0.string(0) }.joined(separator: "; ")
    }

    /// Files in `folder` other than the databases and their -wal/-shm.
    func strays(in folder: URL, keeping names: Set<String>) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { name in
            !names.contains { name == $0 || name == $0 + "-wal" || name == $0 + "-shm" }
        }
    }

    @Test func killedImportsLeaveTheOldOrTheNewDatabase() throws {
        let cli = try CLI()
        let folder = cli.home.appendingPathComponent("reference")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = folder.appendingPathComponent("reference.db").path
        let fixture = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/data").path
        // Two datasets, so that a half-finished import would show as a mix of the two.
        let imports = [["import", "--db", db], ["import", "--db", db, "--data", fixture]]
        var states: [String] = []
        var durations: [TimeInterval] = []
        for arguments in imports {
            durations.append(try duration(cli, arguments))
            states.append(try cli.run("list", "standards", "--db", db, "--json").stdout)
        }
        #expect(states[0] != states[1])
        var killed = 0
        for index in 0..<Self.iterations {
            let arguments = imports[index % 2]
            if try kill(cli, arguments, after: delay(index, of: durations[index % 2])) { killed += 1 }
            #expect(try quickCheck(db) == "ok", "kill \(index)")
            let now = try cli.run("list", "standards", "--db", db, "--json")
            #expect(now.status == 0, "kill \(index): \(now.stderr)")
            #expect(states.contains(now.stdout), "kill \(index): the database is neither the old data nor the new")
            #expect(try strays(in: folder, keeping: ["reference.db"]).isEmpty, "kill \(index)")
        }
        #expect(killed > 0, "every import finished before its kill; the test proves nothing")
    }

    @Test func killedAddsLeaveEveryEntryWhole() throws {
        let cli = try CLI()
        let folder = cli.home.appendingPathComponent("data/crosswalk")
        let text = "I coached a new colleague through her first supervision and we agreed a learning plan."
        // The first command builds the reference database; an add is measured once it exists.
        _ = try duration(cli, ["log", "add", "--title", "First", text])
        let full = try duration(cli, ["log", "add", "--title", "Measured", text])
        var expected = ["First", "Measured"]
        var killed = 0
        for index in 0..<Self.iterations {
            let title = "Killed \(index)"
            if try kill(cli, ["log", "add", "--title", title, text], after: delay(index, of: full)) { killed += 1 }
            let check = try cli.run("log", "check")
            #expect(check.status == 0, "kill \(index): \(check.stdout)\(check.stderr)")
            let entries = try #require(try cli.run("log", "list", "--json").json as? [[String: Any]])
            let titles = entries.compactMap { $0["title"] as? String }
            // The killed entry is there whole, or not at all.
            #expect(titles == expected || titles == expected + [title], "kill \(index): \(titles)")
            if titles.count > expected.count {
                expected.append(title)
                #expect(entries.last?["text"] as? String == text)
            }
            #expect(try strays(in: folder, keeping: ["log.db", "reference.db"]).isEmpty, "kill \(index)")
        }
        #expect(killed > 0, "every log add finished before its kill; the test proves nothing")
    }

    @Test func killedExportsLeaveNoCopyBehind() throws {
        let cli = try CLI()
        // A log big enough that writing the export takes a moment.
        let backup = cli.home.appendingPathComponent("seed.json")
        let entries = (0..<40).map { index in
            #"{"uuid": "seed-\#(index)", "title": "Entry \#(index)", "date": "2025-01-01", "text": "\#(String(repeating: "reflection on supervision and leadership ", count: 2_500))"}"#
        }
        try #"{"entries": [\#(entries.joined(separator: ", "))]}"#.write(to: backup, atomically: true, encoding: .utf8)
        #expect(try cli.run("log", "import", backup.path).status == 0)
        let before = try Data(contentsOf: cli.home.appendingPathComponent("data/crosswalk/log.db"))
        let exports = cli.home.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
        let document = CLI.undated(try cli.run("log", "export", "--format", "json").stdout)
        let full = try duration(cli, ["log", "export", "--format", "json", "--out", exports.appendingPathComponent("measured.json").path])
        var killed = 0
        for index in 0..<Self.iterations {
            let out = exports.appendingPathComponent("backup-\(index).json")
            let force = index % 2 == 1 ? ["--force"] : []
            if index % 2 == 1 { try "an older backup".write(to: out, atomically: true, encoding: .utf8) }
            if try kill(cli, ["log", "export", "--format", "json", "--out", out.path] + force, after: delay(index, of: full)) { killed += 1 }
            // The file is the old one or the whole new export, never a part.
            if let written = try? String(contentsOf: out, encoding: .utf8) {
                #expect(CLI.undated(written) == document || written == "an older backup", "kill \(index)")
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: exports.path).filter { $0.hasPrefix(".crosswalk") }
            #expect(left.isEmpty, "kill \(index): \(left)")
        }
        #expect(killed > 0, "every export finished before its kill; the test proves nothing")
        #expect(try cli.run("log", "check").status == 0)
        #expect(try Data(contentsOf: cli.home.appendingPathComponent("data/crosswalk/log.db")) == before)
    }
}
