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
        try handle.write(contentsOf: Data("X,vision,evidences,1,Unknown source.,fixture,https://example.org,confirmed,project\n".utf8))
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

/// SQLite's own messages never reach the user: each failure is one line naming the file and
/// saying what to do.
@Suite struct StorageErrorCLITests {
    @Test func aTextFileOrAFolderGivenAsADatabaseIsNamedInOneLine() throws {
        let cli = try CLI()
        let text = cli.home.appendingPathComponent("notes.txt").path
        try "my notes, not a database\n".write(toFile: text, atomically: true, encoding: .utf8)
        chmod(text, 0o600)
        let folder = cli.home.appendingPathComponent("a-folder").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var pointed = cli
        for (variable, path, command, expected) in [
            ("CROSSWALK_DB", text, ["show", "vision"], "\(text) is not a crosswalk reference database (not an SQLite database file); give another path with --db or CROSSWALK_DB"),
            ("CROSSWALK_DB", folder, ["show", "vision"], "\(folder) is a folder, not a database file; give a file path with --db or CROSSWALK_DB"),
            ("CROSSWALK_DB", text, ["import"], "\(text) is not a crosswalk reference database (not an SQLite database file); give another path with --db or CROSSWALK_DB"),
            ("CROSSWALK_LOG", text, ["log", "list"], "\(text) is not a crosswalk learning log (not an SQLite database file); give another path with --log-db or CROSSWALK_LOG"),
            ("CROSSWALK_LOG", text, ["log", "add", "--title", "T", "text"], "\(text) is not a crosswalk learning log (not an SQLite database file); give another path with --log-db or CROSSWALK_LOG"),
            ("CROSSWALK_LOG", folder, ["log", "add", "--title", "T", "text"], "\(folder) is a folder, not a database file; give a file path with --log-db or CROSSWALK_LOG"),
        ] {
            pointed.environment = cli.environment
            pointed.environment[variable] = path
            let result = try pointed.run(command)
            #expect(result.status == 1, "\(variable) \(command)")
            #expect(result.stderr == "crosswalk: \(expected)\n", "\(variable) \(command)")
        }
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "my notes, not a database\n")
    }

    /// A log that cannot be written (a read-only file in a read-only folder, say on a
    /// backup disk) can still be read: reading commands open it read-only and write nothing.
    @Test(.enabled(if: CLI.unprivilegedRunner != nil, "run as root, needs setpriv and a build nobody can reach, to run as a user root's powers do not cover"))
    func readingCommandsWorkOnAReadOnlyLog() throws {
        let cli = try CLI()
        #expect(try cli.run(["log", "add", "--title", "Supervision", "--date", "2025-01-14", "--hours", "1",
                             "Supervision with my manager; we reflected on a hard conversation."]).status == 0)
        let folder = cli.home.appendingPathComponent("data/crosswalk")
        let log = folder.appendingPathComponent("log.db").path
        try cli.handHomeToUnprivilegedUser()
        for folderMode in [0o500, 0o700] as [mode_t] {
            chmod(log, 0o400)
            chmod(folder.path, folderMode)
            let before = try Data(contentsOf: URL(fileURLWithPath: log))
            for command in [["log", "list"], ["log", "show", "1"], ["log", "summary"], ["log", "export", "--format", "json"],
                            ["log", "check"], ["log", "config"], ["log", "refs", "1"], ["plan", "--role", "care-home-adults-supervisor", "--with-log"]] {
                let result = try cli.runUnprivileged(command)
                #expect(result.status == 0, "folder \(String(folderMode, radix: 8)), \(command): \(result.stderr)")
                #expect(result.stderr.isEmpty, "\(command)")
            }
            #expect(try cli.runUnprivileged(["log", "list"]).stdout.contains("Supervision"))
            let write = try cli.runUnprivileged(["log", "add", "--title", "More", "text"])
            #expect(write.status == 1)
            #expect(write.stderr == "crosswalk: the learning log \(log) is read-only, so it cannot be changed (reading commands such as `log list` and `log export` still work); to write to it, make it writable with `chmod u+w \(log)`\n")
            #expect(try Data(contentsOf: URL(fileURLWithPath: log)) == before)
        }
    }

    static let canMountAFullDisk: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("crosswalk-tmpfs-probe-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-m", "/bin/sh", "-c", "mount -t tmpfs -o size=64k tmpfs '\(probe.path)'"]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// A disk that fills up while the log is written: one line saying so, and the log keeps
    /// what it had. (Needs a small file system of its own: a tmpfs in a private mount
    /// namespace. The big entry is imported rather than added, so no time goes on mapping it.)
    @Test(.enabled(if: canMountAFullDisk, "needs root and unshare to mount a small tmpfs"))
    func aFullDiskIsOneLineAndTheLogKeepsWhatItHad() throws {
        let cli = try CLI()
        #expect(try cli.run("import").status == 0)
        let disk = cli.home.appendingPathComponent("small-disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let big = cli.home.appendingPathComponent("big.json").path
        let text = String(repeating: "I reflected on leadership and team work. ", count: 8_000)
        try #"{"entries": [{"uuid": "big-1", "title": "Big", "date": "2025-01-01", "text": "\#(text)"}]}"#
            .write(toFile: big, atomically: true, encoding: .utf8)
        let log = disk.appendingPathComponent("log.db").path
        let script = """
            mount -t tmpfs -o size=192k tmpfs '\(disk.path)' || exit 99
            "$CROSSWALK" log add --log-db '\(log)' --title First 'a first reflection' >/dev/null || exit 98
            echo "import: $("$CROSSWALK" log import --log-db '\(log)' '\(big)' 2>&1; echo "exit $?")"
            echo "list: $("$CROSSWALK" log list --log-db '\(log)' --json 2>&1)"
            echo "check: $("$CROSSWALK" log check --log-db '\(log)' 2>&1 | tail -n 1)"
            """
        let scriptFile = cli.home.appendingPathComponent("full-disk.sh")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)
        let result = try cli.runShell("exec unshare -m /bin/sh '\(scriptFile.path)'")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("import: crosswalk: the disk holding \(log) is full; nothing was written: free some space and try again\nexit 1"), "\(result.stdout)")
        #expect(result.stdout.contains("\"title\": \"First\""), "\(result.stdout)")
        #expect(!result.stdout.contains("\"title\": \"Big\""))
        #expect(result.stdout.contains("check: 1 entry, "), "\(result.stdout)")
        #expect(result.stdout.contains("references checked: every code is in the reference data.\n"), "\(result.stdout)")
    }

    @Test func aCSVFileThatIsNotUTF8IsReportedByLineAndTheOthersAreStillChecked() throws {
        let cli = try CLI()
        let data = cli.home.appendingPathComponent("data-folder")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/data"), to: data)
        let capabilities = data.appendingPathComponent("capabilities.csv")
        var bytes = try Data(contentsOf: capabilities)
        // Line 3 saved as Latin-1: "é" as the single byte E9.
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        lines[2] = lines[2] + Data([0x20, 0xE9])
        bytes = Data(lines.joined(separator: [0x0A]))
        try bytes.write(to: capabilities)
        let units = data.appendingPathComponent("units.csv")
        let handle = try FileHandle(forWritingTo: units)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("H9ZZ 04,A unit,ten,7,fixture,https://example.org,confirmed,official\n".utf8))
        try handle.close()
        for command in [["check", "--data", data.path], ["import", "--data", data.path, "--db", cli.home.appendingPathComponent("x.db").path]] {
            let result = try cli.run(command)
            #expect(result.status == 1)
            #expect(result.stderr == """
                capabilities.csv:3: is not valid UTF-8 (save it as "CSV UTF-8")
                units.csv:4: credits: "ten" is not a whole number
                crosswalk: 2 problems found; nothing was written

                """, "\(command)")
        }
    }
}

/// A NUL character is not text: an entry's text, an import file or a CSV field holding one is
/// refused with where it is. (Before, the text was stored cut at the NUL while the word count
/// counted the words after it.)
@Suite struct NULCharacterCLITests {
    @Test func aFileOrStandardInputWithANULIsRefusedWithItsLine() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "add", "--title", "Kept", "the original text").status == 0)
        let file = cli.home.appendingPathComponent("notes.txt")
        try Data("First line\nhello\u{0}world and more words\n".utf8).write(to: file)
        let expected = "\(file.path):2: contains a NUL character (U+0000), which is not text; save it as plain UTF-8 text (a UTF-16 or word-processor file has them)"
        for (command, stdin, name) in [
            (["log", "add", "--title", "NUL", "--file", file.path], nil, file.path),
            (["log", "edit", "1", "--file", file.path], nil, file.path),
            (["log", "add", "--title", "NUL", "-"], "one\u{0}two", "standard input"),
        ] as [([String], String?, String)] {
            let result = try cli.run(command, stdin: stdin)
            #expect(result.status == 1, "\(command)")
            let line = name == file.path ? expected : "standard input:1: contains a NUL character (U+0000), which is not text; save it as plain UTF-8 text (a UTF-16 or word-processor file has them)"
            #expect(result.stderr == "crosswalk: \(line)\n", "\(command)")
        }
        let entries = try #require(try cli.run("log", "list", "--json").json as? [[String: Any]])
        #expect(entries.map { $0["text"] as? String } == ["the original text"])
    }

    @Test func aNULInAnImportFileIsRefusedWithItsField() throws {
        let cli = try CLI()
        let file = cli.home.appendingPathComponent("backup.json")
        try #"{"entries": [{"uuid": "u-1", "title": "Fine", "date": "2025-01-01", "text": "ok"}, {"uuid": "u-2", "title": "Cut", "date": "2025-01-02", "text": "before\u0000after the NUL"}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.run("log", "import", file.path)
        #expect(result.status == 1)
        #expect(result.stderr == "crosswalk: \(file.path): entries[1].text: contains a NUL character (U+0000); a learning log keeps text only\n")
        #expect((try cli.run("log", "list", "--json").json as? [Any])?.count == 0)
    }

    @Test func aNULInACSVFieldIsRefusedWithItsLine() throws {
        let cli = try CLI()
        let data = cli.home.appendingPathComponent("data-folder")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/data"), to: data)
        let units = data.appendingPathComponent("units.csv")
        let handle = try FileHandle(forWritingTo: units)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("H9ZZ 04,A unit\u{0}with a NUL,10,7,fixture,https://example.org,confirmed,official\n".utf8))
        try handle.close()
        let result = try cli.run("check", "--data", data.path)
        #expect(result.status == 1)
        #expect(result.stderr == "units.csv:4: field 2 contains a NUL character (U+0000), which is not text (save the file as \"CSV UTF-8\")\ncrosswalk: 1 problem found; nothing was written\n")
    }
}

/// A backup `log export --format json` wrote can always be restored: the 8 MB limit is for
/// one piece of writing, not for a file of many.
@Suite struct LargeBackupCLITests {
    @Test func anExportLargerThan8MBImportsBack() throws {
        let cli = try CLI()
        // Two long entries, each under the 8 MB a piece of writing may have.
        for (index, word) in ["supervision", "leadership"].enumerated() {
            let text = String(repeating: word + " reflection, ", count: 4_300_000 / (word.count + 13))
            let file = cli.home.appendingPathComponent("part-\(index).json")
            try #"{"entries": [{"uuid": "long-\#(index)", "title": "Long \#(index)", "date": "2025-01-0\#(index + 1)", "text": "\#(text)"}]}"#
                .write(to: file, atomically: true, encoding: .utf8)
            let imported = try cli.run("log", "import", file.path)
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        let backup = cli.home.appendingPathComponent("backup.json").path
        #expect(try cli.run("log", "export", "--format", "json", "--out", backup).status == 0)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: backup)[.size] as? Int)
        #expect(size > 8 << 20)

        // Through standard input, as in `log export ... | crosswalk log import -`.
        let other = cli.home.appendingPathComponent("restored.db").path
        let restored = try cli.run(["log", "import", "--log-db", other, "-"], stdinPath: backup)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout == "Imported 2 entries.\n")
        let original = try cli.run("log", "export", "--format", "json")
        let copy = try cli.run("log", "export", "--format", "json", "--log-db", other)
        func entries(_ json: String) -> [[String: AnyHashable]] {
            let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            return (object?["entries"] as? [[String: Any]] ?? []).map { $0.compactMapValues { $0 as? AnyHashable } }
        }
        #expect(entries(copy.stdout).count == 2)
        #expect(entries(copy.stdout) == entries(original.stdout))
    }

    @Test func oneEntryLongerThan8MBIsRefusedByItsField() throws {
        let cli = try CLI()
        let file = cli.home.appendingPathComponent("too-long.json")
        let text = String(repeating: "words ", count: (8 << 20) / 6 + 10)
        try #"{"entries": [{"uuid": "u", "title": "Too long", "date": "2025-01-01", "text": "\#(text)"}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.run("log", "import", file.path)
        #expect(result.status == 1)
        #expect(result.stderr == "crosswalk: \(file.path): entries[0].text: is longer than 8 MB; an entry is one piece of writing\n")
    }
}

/// makedev(3) is a C macro: a device number for small major and minor numbers.
func deviceNumber(_ major: UInt32, _ minor: UInt32) -> dev_t {
    #if os(Linux)
    dev_t((major << 8) | minor)
    #else
    dev_t(Int32(bitPattern: (major << 24) | minor))
    #endif
}

/// `log export --out` writes only where a person expects: a new file, a file of theirs they
/// said may be replaced, or a stream (standard output, a terminal, /dev/null, a pipe).
/// Nothing else is ever renamed over.
@Suite struct ExportDestinationCLITests {
    func withEntry() throws -> CLI {
        let cli = try CLI()
        #expect(try cli.run("log", "add", "--title", "Private reflection", "a reflection").status == 0)
        return cli
    }

    @Test func anExistingFileIsReplacedOnlyWithForce() throws {
        let cli = try withEntry()
        let out = cli.home.appendingPathComponent("record.md").path
        try "my own notes\n".write(toFile: out, atomically: true, encoding: .utf8)
        let refused = try cli.run("log", "export", "--out", out)
        #expect(refused.status == 2)
        #expect(refused.stderr == "crosswalk: --out \(out) already exists; add --force to replace it\n")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "my own notes\n")
        let forced = try cli.run("log", "export", "--out", out, "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("Private reflection"))
        #expect(CLI.mode(out) == 0o600)
    }

    @Test func aSymbolicLinkADatabaseAndAnotherLogAreNeverReplaced() throws {
        let cli = try withEntry()
        let target = cli.home.appendingPathComponent("target.txt").path
        try "the file the link points to\n".write(toFile: target, atomically: true, encoding: .utf8)
        let link = cli.home.appendingPathComponent("link.md").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let otherLog = cli.home.appendingPathComponent("other-log.db").path
        #expect(try cli.run("log", "add", "--log-db", otherLog, "--title", "Another log", "text").status == 0)
        let photos = cli.home.appendingPathComponent("photos.md").path
        do {
            let database = try Database(path: photos)
            try database.execute("CREATE TABLE photo (name TEXT)")
        }
        let before = try [target, otherLog, photos].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        for force in [[], ["--force"]] {
            for (out, message) in [
                (link, "--out \(link) is a symbolic link; give the file itself or a new name"),
                (otherLog, "--out \(otherLog) is an SQLite database; an export never replaces one: give another name"),
                (photos, "--out \(photos) is an SQLite database; an export never replaces one: give another name"),
            ] {
                let result = try cli.run(["log", "export", "--format", "md", "--out", out] + force)
                #expect(result.status == 2, "\(out) \(force)")
                #expect(result.stderr == "crosswalk: \(message)\n", "\(out) \(force)")
            }
        }
        #expect(try [target, otherLog, photos].map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == before)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
    }

    @Test func dashAndCharacterDevicesAreStreamsNeverRenamedOver() throws {
        let cli = try withEntry()
        let document = CLI.undated(try cli.run("log", "export", "--format", "json").stdout)
        #expect(document.contains("Private reflection"))
        let dash = try cli.run("log", "export", "--format", "json", "--out", "-")
        #expect(dash.status == 0 && CLI.undated(dash.stdout) == document && dash.stderr.isEmpty)
        // A link of the test's own to standard output first: only if that is written as a
        // stream is /dev/stdout itself tried (an export that renamed over it would break the
        // machine's /dev/stdout, as the release before this did when run as root).
        #if os(Linux)
        let standardOutput = "/proc/self/fd/1"
        #else
        let standardOutput = "/dev/fd/1"
        #endif
        let ownLink = cli.home.appendingPathComponent("my-stdout").path
        try FileManager.default.createSymbolicLink(atPath: ownLink, withDestinationPath: standardOutput)
        for out in [ownLink, "/dev/stdout"] {
            let stdout = try cli.run("log", "export", "--format", "json", "--out", out)
            try #require(stdout.status == 0, "\(out): \(stdout.stderr)")
            try #require(CLI.undated(stdout.stdout) == document, "\(out)")
            try #require(try FileManager.default.destinationOfSymbolicLink(atPath: ownLink) == standardOutput)
        }

        // A null device of the test's own when root may make one (never /dev/null itself).
        var null = "/dev/null"
        if geteuid() == 0 {
            null = cli.home.appendingPathComponent("null").path
            #expect(mknod(null, S_IFCHR | 0o666, deviceNumber(1, 3)) == 0)
        }
        var before = stat()
        #expect(stat(null, &before) == 0)
        let discarded = try cli.run("log", "export", "--format", "json", "--out", null)
        #expect(discarded.status == 0, "\(discarded.stderr)")
        #expect(discarded.stdout.isEmpty)
        var after = stat()
        #expect(stat(null, &after) == 0)
        #expect(after.st_mode == before.st_mode && after.st_ino == before.st_ino && after.st_rdev == before.st_rdev)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.home.path).filter { $0.hasPrefix(".crosswalk") }.isEmpty)
    }

    @Test func aNamedPipeIsWrittenToLikeStandardOutput() throws {
        let cli = try withEntry()
        let fifo = cli.home.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = cli.home.appendingPathComponent("received.json").path
        // The reader gives up after a while: were the pipe replaced by a file, it would wait forever.
        let result = try cli.runShell("timeout -s KILL 20 cat '\(fifo)' > '\(received)' & \"$CROSSWALK\" log export --format json --out '\(fifo)'; status=$?; wait; exit $status")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: received, encoding: .utf8).contains("Private reflection"))
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to give a file to another user and to make a block device"))
    func anotherUsersFileAndABlockDeviceAreRefusedEvenWithForce() throws {
        let cli = try withEntry()
        let theirs = cli.home.appendingPathComponent("theirs.md").path
        try "someone else's notes\n".write(toFile: theirs, atomically: true, encoding: .utf8)
        #expect(chown(theirs, 65534, 65534) == 0)
        let block = cli.home.appendingPathComponent("disk").path
        #expect(mknod(block, S_IFBLK | 0o600, deviceNumber(7, 200)) == 0)
        for (out, message) in [
            (theirs, "--out \(theirs) belongs to another user; give another name"),
            (block, "--out \(block) is a device or socket, not a file: give a file name, or - for standard output"),
        ] {
            let result = try cli.run("log", "export", "--format", "md", "--out", out, "--force")
            #expect(result.status == 2, "\(out)")
            #expect(result.stderr == "crosswalk: \(message)\n", "\(out)")
        }
        #expect(try String(contentsOfFile: theirs, encoding: .utf8) == "someone else's notes\n")
        var status = stat()
        #expect(lstat(block, &status) == 0 && status.st_mode & S_IFMT == S_IFBLK)
    }

    /// A copy left by an export killed part-way (the release before wrote `.crosswalk-XXXXXX`
    /// beside the target) is removed by the next export into that folder.
    @Test func aPrivateCopyLeftByAKilledExportIsRemovedNextTime() throws {
        let cli = try withEntry()
        let folder = cli.home.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stale = folder.appendingPathComponent(".crosswalk-Ab12Cd").path
        #expect(FileManager.default.createFile(atPath: stale, contents: Data("half an export".utf8), attributes: [.posixPermissions: 0o600]))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: stale)
        let mine = folder.appendingPathComponent(".crosswalk-notes").path
        #expect(FileManager.default.createFile(atPath: mine, contents: Data("not crosswalk's".utf8)))
        // This release names its copies by process: one whose process is gone goes at once,
        // one whose process still runs (this test's own) stays.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/sh")
        finished.arguments = ["-c", "exit 0"]
        try finished.run()
        finished.waitUntilExit()
        let orphan = folder.appendingPathComponent(".crosswalk-\(finished.processIdentifier)-Zz98Yx").path
        let alive = folder.appendingPathComponent(".crosswalk-\(getpid())-Qq76Rr").path
        for path in [orphan, alive] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data("a whole export".utf8), attributes: [.posixPermissions: 0o600]))
        }
        #expect(try cli.run("log", "export", "--out", folder.appendingPathComponent("record.md").path).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == [".crosswalk-\(getpid())-Qq76Rr", ".crosswalk-notes", "record.md"])
    }
}

/// A terminal named with --out gets what standard output on a terminal gets: control
/// characters shown, never obeyed.
@Suite struct ExportToATerminalCLITests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script for a terminal"))
    func aTerminalGivenAsOutSeesControlCharactersShown() throws {
        let cli = try CLI()
        let file = cli.home.appendingPathComponent("escape.json")
        try #"{"entries": [{"uuid": "u-esc", "title": "Clears \u001b[2J the screen", "date": "2025-01-01", "text": "text"}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(try cli.run("log", "import", file.path).status == 0)
        // script runs the command on a terminal of its own and copies what it shows.
        let result = try cli.runShell("script -qec '\"$CROSSWALK\" log export --format md --out /dev/tty' /dev/null")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Clears ^[[2J the screen"), "\(result.stdout)")
        #expect(!result.stdout.contains("\u{1B}[2J"))
    }
}
