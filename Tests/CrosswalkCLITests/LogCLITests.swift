import Foundation
import Testing

/// `crosswalk log` end to end: the built binary, a private data folder, a fresh log.
@Suite struct LogCLITests {
    static let reflection = """
        Supervision with my manager. We reflected on a difficult conversation with a family, and I \
        agreed to lead the next team meeting on person-centred planning and share what I learned.
        """

    /// Text of exactly `count` words.
    static func words(_ count: Int) -> String {
        (0..<count).map { ["reflection", "leadership", "team", "people", "improvement"][$0 % 5] }.joined(separator: " ")
    }

    func entry(_ cli: CLI, _ id: Int) throws -> [String: Any] {
        let result = try cli.run("log", "show", String(id), "--json")
        #expect(result.status == 0, "log show \(id): \(result.stderr)")
        return try #require(result.json as? [String: Any])
    }

    func references(_ entry: [String: Any]) -> [String: String] {
        var statuses: [String: String] = [:]
        for reference in entry["references"] as? [[String: Any]] ?? [] {
            statuses[reference["code"] as? String ?? ""] = reference["status"] as? String
        }
        return statuses
    }

    @Test func addStoresTheEntryWithSuggestedReferencesThatAreRealCodes() throws {
        let cli = try CLI()
        let added = try cli.run(["log", "add", "--title", "Supervision", "--date", "2025-02-10", "--hours", "1.5", "--json",
                                 Self.reflection])
        #expect(added.status == 0, "\(added.stderr)")
        let body = try #require(added.json as? [String: Any])
        let entry = try #require(body["entry"] as? [String: Any])
        #expect(entry["id"] as? Int == 1)
        #expect(entry["title"] as? String == "Supervision" && entry["date"] as? String == "2025-02-10")
        #expect(entry["hours"] as? Double == 1.5)
        #expect(entry["text"] as? String == Self.reflection)
        #expect(entry["role"] as? String == "frontline")
        #expect((entry["uuid"] as? String)?.count == 36)
        #expect(body["word_check"] is NSNull)
        let references = try #require(entry["references"] as? [[String: Any]])
        #expect(!references.isEmpty)
        for reference in references {
            #expect(reference["status"] as? String == "suggested")
            #expect(reference["source"] as? String == "mapper")
            #expect(["capability", "indicator", "standard", "element", "unit"].contains(reference["kind"] as? String ?? ""))
        }
        // The text shares words with a CPL element ("reflected"), so one is always suggested.
        let element = try #require(entry["element"] as? String)
        #expect((1...7).map { "CPL-\($0)" }.contains(element))
        #expect(entry["element_source"] as? String == "mapper")
        // Every suggested code is in the reference data: log check finds nothing missing.
        let check = try cli.run("log", "check")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("every code is in the reference data"))

        let text = try cli.run("log", "add", "--title", "Team huddle", Self.reflection)
        #expect(text.stdout.hasPrefix("Added entry 2 ("))
        #expect(text.stdout.contains("Suggested references"))
    }

    /// Each suggestion keeps the passage of the worker's text that earned it: `log show` quotes
    /// it, the JSON carries it, and a backup restores it. A qualification the text names is what
    /// the entry counts towards, never one of its references.
    @Test func suggestionsKeepTheirPassageAndANamedQualificationIsWhatTheEntryCountsTowards() throws {
        let cli = try CLI()
        let text = "For my SVQ Social Services and Healthcare at SCQF level 7 I asked my senior for honest feedback "
            + "on my practice. I now keep a reflective journal after every shift."
        let added = try cli.run("log", "add", "--title", "Feedback", text)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Counts towards: SVQ Social Services and Healthcare at SCQF level 7"))
        let entry = try self.entry(cli, 1)
        let references = try #require(entry["references"] as? [[String: Any]])
        #expect(!references.contains { $0["kind"] as? String == "qualification" })
        let passages = references.compactMap { $0["passage"] as? String }
        #expect(!passages.isEmpty)
        #expect(passages.allSatisfy { text.contains($0) }, "\(passages)")
        let shown = try cli.run("log", "show", "1")
        #expect(shown.stdout.contains("Evidence in the text"))
        #expect(shown.stdout.contains("Counts towards:"))
        // The passage survives a backup and its restore.
        let backup = try cli.run("log", "export", "--format", "json")
        let other = try CLI()
        let file = other.home.appendingPathComponent("backup.json")
        try backup.stdout.write(to: file, atomically: true, encoding: .utf8)
        #expect(try other.run("log", "import", file.path).status == 0)
        let restored = try #require(try other.run("log", "show", "1", "--json").json as? [String: Any])
        #expect((restored["references"] as? [[String: Any]])?.compactMap { $0["passage"] as? String } == passages)
    }

    @Test func theLogIsPrivateAndLivesWhereTheUserSays() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "add", "--title", "Default place", "reflection").status == 0)
        let defaultPath = cli.home.appendingPathComponent("data/crosswalk/log.db").path
        let mode = try FileManager.default.attributesOfItem(atPath: defaultPath)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)

        let chosen = cli.home.appendingPathComponent("elsewhere/my-log.db").path
        #expect(try cli.run("log", "add", "--log-db", chosen, "--title", "Chosen", "reflection").status == 0)
        var environment = cli
        environment.environment["CROSSWALK_LOG"] = chosen
        let listed = try environment.run("log", "list", "--json")
        #expect((listed.json as? [[String: Any]])?.map { $0["title"] as? String } == ["Chosen"])
        #expect(try cli.run("log", "list", "--json").stdout.contains("Default place"))
    }

    @Test func aShortThingEntryIsStoredWithTheExactShortfallOnStderr() throws {
        let cli = try CLI()
        let short = try cli.run(["log", "add", "--title", "Thing 22", "--thing", "22", Self.words(310)])
        #expect(short.status == 0)
        #expect(short.stderr == "crosswalk: Thing 22 (23L-22) needs at least 400 words; this entry has 310 (90 missing)\n")
        let stored = try entry(cli, 1)
        #expect(stored["thing"] as? String == "23L-22" && stored["words"] as? Int == 310)

        let json = try cli.run(["log", "add", "--title", "Thing 22 again", "--thing", "Thing 22", "--json", Self.words(310)])
        let check = try #require((json.json as? [String: Any])?["word_check"] as? [String: Any])
        #expect(check["min_words"] as? Int == 400 && check["words"] as? Int == 310 && check["missing"] as? Int == 90)

        let enough = try cli.run(["log", "add", "--title", "ELC vision", "--thing", "23ELC-5", Self.words(250)])
        #expect(enough.status == 0 && enough.stderr.isEmpty)

        let unknown = try cli.run(["log", "add", "--title", "Vision", "--thing", "5", Self.words(120)])
        #expect(unknown.stderr.contains("the minimum length for Thing 5 (23L-5) is not known; this entry has 120 words"))

        #expect(try cli.run("log", "config", "programme", "elc").status == 0)
        let elc = try cli.run(["log", "add", "--title", "ELC Thing 22", "--thing", "22", "--json", Self.words(10)])
        #expect(((elc.json as? [String: Any])?["entry"] as? [String: Any])?["thing"] as? String == "23ELC-22")
        #expect(elc.stderr.contains("Thing 22 (23ELC-22) needs at least 400 words; this entry has 10 (390 missing)"))

        // Finishing the reflection later clears the warning.
        let edited = try cli.run(["log", "edit", "1", Self.words(400)])
        #expect(edited.status == 0 && edited.stderr.isEmpty)
        #expect(try entry(cli, 1)["words"] as? Int == 400)

        let bad = try cli.run("log", "add", "--title", "T", "--thing", "24", "text")
        #expect(bad.status == 2 && bad.stderr.contains("--thing takes a Thing number from 1 to 23"))
        #expect(try cli.run("log", "list", "--json").json.map { ($0 as? [Any])?.count } == 5)
    }

    @Test func aThingTheTextNamesIsSuggestedButNotTheEntrysOwn() throws {
        let cli = try CLI()
        let added = try cli.run(["log", "add", "--title", "Thing 22", "--thing", "22", "--json", "Thing 22 and Thing 21: " + Self.words(400)])
        let suggested = try #require(((added.json as? [String: Any])?["entry"] as? [String: Any])?["references"] as? [[String: Any]])
        #expect(suggested.contains { $0["code"] as? String == "23L-21" && $0["kind"] as? String == "activity" })
        #expect(!suggested.contains { $0["code"] as? String == "23L-22" })
        // Nor after an edit reads the text again.
        #expect(try cli.run(["log", "edit", "1", "Thing 22 once more, and Thing 21: " + Self.words(400)]).status == 0)
        let edited = references(try entry(cli, 1))
        #expect(edited["23L-21"] == "suggested" && edited["23L-22"] == nil)
    }

    @Test func aFolderGivenAsTheTextFileIsRefusedAndEditNeverReadsAnEmptyPipe() throws {
        let cli = try CLI()
        let folder = try cli.run("log", "add", "--title", "T", "--file", cli.home.path)
        #expect(folder.status == 1)
        #expect(folder.stderr == "crosswalk: cannot read \(cli.home.path): it is a folder\n")
        #expect(try cli.run("log", "add", "--title", "Huddle", "I led the morning huddle.").status == 0)
        // A script's empty standard input must not replace the reflection.
        #expect(try cli.run(["log", "edit", "1", "--hours", "2"], stdin: "").status == 0)
        #expect(try entry(cli, 1)["text"] as? String == "I led the morning huddle.")
        #expect(try entry(cli, 1)["hours"] as? Double == 2)
    }

    @Test func textComesFromWordsAFileOrStandardInput() throws {
        let cli = try CLI()
        let file = cli.home.appendingPathComponent("reflection.txt")
        try "From a file.\n\nWith two paragraphs.\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try cli.run("log", "add", "--title", "File", "--file", file.path).status == 0)
        #expect(try cli.run(["log", "add", "--title", "Stdin", "-"], stdin: "Typed into a pipe.\n").status == 0)
        #expect(try cli.run("log", "add", "--title", "Title only").status == 0)
        #expect(try entry(cli, 1)["text"] as? String == "From a file.\n\nWith two paragraphs.")
        #expect(try entry(cli, 2)["text"] as? String == "Typed into a pipe.")
        #expect(try entry(cli, 3)["text"] as? String == "")

        let both = try cli.run("log", "add", "--title", "T", "--file", file.path, "words")
        #expect(both.status == 2)
        let missing = try cli.run("log", "add", "--title", "T", "--file", "/nonexistent/file.txt")
        #expect(missing.status == 1 && missing.stderr == "crosswalk: cannot read /nonexistent/file.txt: no such file or not readable\n")
    }

    @Test func theCPLElementIsChosenByCodeNumberOrTitle() throws {
        let cli = try CLI()
        for (given, expected) in [("7", "CPL-7"), ("cpl-4", "CPL-4"), ("reflective", "CPL-6")] {
            let result = try cli.run("log", "add", "--title", "Learning", "--element", given, "--json", "some learning")
            let stored = (result.json as? [String: Any])?["entry"] as? [String: Any]
            #expect(stored?["element"] as? String == expected, "\(given)")
            #expect(stored?["element_source"] as? String == "user")
        }
        let ambiguous = try cli.run("log", "add", "--title", "T", "--element", "practice", "text")
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr == "crosswalk: --element \"practice\" matches CPL-1, CPL-6; give the code or number\n")

        let suggested = try cli.run("log", "add", "--title", "Adult protection refresher", "--json",
                                    "Recognising signs of harm, adult protection procedures and reporting concerns")
        let element = ((suggested.json as? [String: Any])?["entry"] as? [String: Any])?["element"] as? String
        #expect(element.map { (1...7).map { "CPL-\($0)" }.contains($0) } == true)

        #expect(try cli.run("log", "edit", "4", "--element", "none").status == 0)
        #expect(try entry(cli, 4)["element"] is NSNull)
        #expect(try cli.run("log", "edit", "4", "--element", "auto").status == 0)
        #expect(try entry(cli, 4)["element_source"] as? String == "mapper")
        #expect(try cli.run("log", "list", "--json").json.map { ($0 as? [Any])?.count } == 4)
    }

    @Test func refsConfirmsAddsAndRejects() throws {
        let cli = try CLI()
        #expect(try cli.run(["log", "add", "--title", "Supervision", Self.reflection]).status == 0)
        let suggested = references(try entry(cli, 1))
        #expect(!suggested.isEmpty && suggested.values.allSatisfy { $0 == "suggested" })
        let dropped = try #require(suggested.keys.sorted().first { $0 != "SCDHSC0033" && $0 != "vision/F2" })

        let changed = try cli.run("log", "refs", "1", "--accept-all", "-" + dropped, "+scdhsc0033", "+vision/f2")
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.hasPrefix("Entry 1: \(suggested.count - 1) confirmed, "))
        let after = references(try entry(cli, 1))
        #expect(after[dropped] == "rejected")
        #expect(after["SCDHSC0033"] == "confirmed" && after["vision/F2"] == "confirmed")
        #expect(after.filter { $0.value == "suggested" }.isEmpty)
        // A suggestion confirmed by --accept-all stays the mapper's.
        let kept = try #require(suggested.keys.sorted().first { ![dropped, "SCDHSC0033", "vision/F2"].contains($0) })
        let confirmed = try #require((try entry(cli, 1)["references"] as? [[String: Any]])?.first { $0["code"] as? String == kept })
        #expect(confirmed["status"] as? String == "confirmed" && confirmed["source"] as? String == "mapper")

        let unknown = try cli.run("log", "refs", "1", "+SCDLMCA7")
        #expect(unknown.status == 1 && unknown.stderr.hasPrefix("crosswalk: no item with code \"SCDLMCA7\"; did you mean: SCDLMCA1"))
        let bare = try cli.run("log", "refs", "1", "SCDLMCA1")
        #expect(bare.status == 2 && bare.stderr.contains("write +SCDLMCA1 to confirm or add a reference, -SCDLMCA1 to reject it"))
        let framework = try cli.run("log", "refs", "1", "+lmcs-nos")
        #expect(framework.status == 2)
        #expect(try cli.run("log", "refs", "9", "+vision").status == 1)
        // A failed change changes nothing.
        #expect(references(try entry(cli, 1)) == after)

        // A code the mapper never suggests for this text (a Thing it does not name) is the worker's own.
        #expect(suggested["23L-22"] == nil)
        #expect(try cli.run("log", "refs", "1", "+23L-22").stdout.hasPrefix("Entry 1: 0 confirmed, 1 added, 0 rejected."))
        let own = try #require((try entry(cli, 1)["references"] as? [[String: Any]])?.first { $0["code"] as? String == "23L-22" })
        #expect(own["source"] as? String == "user" && own["kind"] as? String == "activity" && own["score"] is NSNull)
        #expect(own["status"] as? String == "confirmed")

        let summary = try #require(try cli.run("log", "summary", "--json").json as? [String: Any])
        let capabilities = try #require(summary["capabilities"] as? [[String: Any]])
        let vision = try #require(capabilities.first { $0["id"] as? String == "vision" })
        #expect(vision["entries"] as? Int == 1)
    }

    @Test func listShowEditAndDelete() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "list").stdout == "The log is empty. Add an entry with `crosswalk log add --title T TEXT`.\n")
        #expect(try cli.run("log", "add", "--title", "January", "--date", "2025-01-10", "--hours", "2", "coaching a colleague").status == 0)
        #expect(try cli.run("log", "add", "--title", "March", "--date", "2025-03-10", "reflection on feedback").status == 0)
        #expect(try cli.run("log", "refs", "2", "+empowering").status == 0)

        let list = try cli.run("log", "list")
        #expect(list.stdout.hasPrefix("ID  DATE        HOURS  CPL"))
        #expect(list.stdout.contains("1   2025-01-10  2"))
        #expect(list.stdout.hasSuffix("2 entries, 2 hours\n"))
        #expect(list.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let filtered = try cli.run("log", "list", "--from", "2025-02-01", "--capability", "empowering", "--json")
        #expect((filtered.json as? [[String: Any]])?.map { $0["title"] as? String } == ["March"])
        #expect(try cli.run("log", "list", "--from", "2025-03-01", "--to", "2025-02-01").status == 2)
        #expect(try cli.run("log", "list", "--capability", "visoin").status == 2)

        let show = try cli.run("log", "show", "2")
        #expect(show.stdout.hasPrefix("2  March\n10 March 2025"))
        #expect(show.stdout.contains("Confirmed\n"))
        #expect(show.stdout.contains("empowering"))

        let edited = try cli.run("log", "edit", "1", "--title", "January coaching", "--hours", "none", "--date", "2025-01-11")
        #expect(edited.status == 0)
        let changed = try entry(cli, 1)
        #expect(changed["title"] as? String == "January coaching" && changed["hours"] is NSNull && changed["date"] as? String == "2025-01-11")
        #expect(try cli.run("log", "edit", "1").status == 2)
        #expect(try cli.run("log", "edit", "1", "--date", "2025-02-30").status == 2)
        #expect(try cli.run("log", "edit", "7", "--hours", "1").status == 1)

        // Not a terminal and no --yes: refuse, keep the entry.
        let refused = try cli.run("log", "delete", "1")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("add --yes"))
        #expect(try cli.run("log", "show", "1").status == 0)
        let unknown = try cli.run("log", "delete", "1", "9", "--yes")
        #expect(unknown.status == 1)
        #expect(try cli.run("log", "show", "1").status == 0)
        let deleted = try cli.run("log", "delete", "1", "--yes")
        #expect(deleted.status == 0 && deleted.stdout == "Deleted entry 1 (2025-01-11): January coaching\n")
        #expect(try cli.run("log", "show", "1").status == 1)
        #expect(try cli.run("log", "show", "2").status == 0)

        // An id given twice is deleted once.
        let twice = try cli.run("log", "delete", "2", "2", "--yes")
        #expect(twice.status == 0, "\(twice.stderr)")
        #expect(twice.stdout == "Deleted entry 2 (2025-03-10): March\n")
        #expect(try cli.run("log", "list", "--json").json.map { ($0 as? [Any])?.count } == 0)
    }

    @Test func usageErrorsExitTwoWithOneLine() throws {
        let cli = try CLI()
        for arguments in [
            ["log", "add", "text without a title"],
            ["log", "add", "--title", "T", "--date", "14/03/2025", "x"],
            ["log", "add", "--title", "T", "--hours", "two", "x"],
            ["log", "add", "--title", "T", "--role", "boss", "x"],
            ["log", "show", "one"],
            ["log", "export"],
            ["log", "export", "--format", "pdf"],
            ["log", "config", "colour", "blue"],
            ["log", "frobnicate"],
        ] {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        #expect(try cli.run("log", "list", "--json").json.map { ($0 as? [Any])?.count } == 0)
    }

    @Test func hoursArePlainDecimalNumbers() throws {
        let cli = try CLI()
        for hours in ["0x10", "1e3", "inf", "nan", "1.2.3", ".", "-", "+1", " 1", "1,5", "١"] {
            let result = try cli.run("log", "add", "--title", "T", "--hours", hours, "x")
            #expect(result.status == 2, "\(hours)")
            #expect(result.stderr == "crosswalk: --hours takes a number from 0 to 1000, not \"\(hours)\"\n")
        }
        #expect(try cli.run("log", "add", "--title", "T", "--hours", "-1", "x").status == 2)
        #expect(try cli.run("log", "list", "--json").json.map { ($0 as? [Any])?.count } == 0)
        for (hours, stored) in [("1.5", 1.5), (".5", 0.5), ("2.", 2.0), ("0", 0.0), ("1000", 1000.0), ("007", 7.0)] {
            let added = try cli.run("log", "add", "--title", "T", "--hours", hours, "--json", "x")
            #expect(((added.json as? [String: Any])?["entry"] as? [String: Any])?["hours"] as? Double == stored, "\(hours)")
        }
        #expect(try cli.run("log", "edit", "1", "--hours", "0x10").status == 2)
        #expect(try entry(cli, 1)["hours"] as? Double == 1.5)
    }

    @Test func everyLogCommandHasHelpWithExamples() throws {
        let cli = try CLI()
        let help = try cli.run("log", "--help")
        #expect(help.status == 0)
        for command in ["add", "list", "show", "edit", "delete", "refs", "summary", "check", "export", "import", "config"] {
            #expect(help.stdout.contains("\n  \(command) "), "log --help lists \(command)")
            let sub = try cli.run("log", command, "--help")
            #expect(sub.status == 0 && sub.stdout.contains("USAGE") && sub.stdout.contains("EXAMPLES"), "log \(command) --help")
        }
    }

    /// The help's "confirm all suggestions except one" example rejects a code that can be a
    /// suggestion (CPL elements never are: they are the entry's element).
    @Test func theRefsHelpExampleRejectsOneOfTheSuggestions() throws {
        let cli = try CLI()
        let help = try cli.run("log", "refs", "--help").stdout
        let example = try #require(help.split(separator: "\n").first { $0.contains("--accept-all -") })
        let words = example.split(separator: " ").map(String.init)
        let code = try #require(words.last { $0.hasPrefix("-") && !$0.hasPrefix("--") }?.dropFirst()).description
        #expect(try cli.run(["log", "add", "--title", "Supervision", Self.reflection + " It covered \(code)."]).status == 0)
        let suggested = references(try entry(cli, 1))
        #expect(suggested[code] == "suggested", "\(code) is suggested for a text that names it")

        let arguments = Array(words.drop { $0 != "log" }).map { $0 == "3" ? "1" : $0 }
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        #expect(result.stdout.hasPrefix("Entry 1: \(suggested.count - 1) confirmed, 0 added, 1 rejected."))
        #expect(references(try entry(cli, 1)).filter { $0.value == "rejected" } == [code: "rejected"])
    }

    @Test func theRoleSettingDecidesHowEntriesAreRead() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "config", "role", "manager").status == 0)
        #expect(try cli.run("log", "config", "name", "Alex Morgan").status == 0)
        let settings = try #require(try cli.run("log", "config", "--json").json as? [String: Any])
        #expect(settings["role"] as? String == "manager" && settings["name"] as? String == "Alex Morgan")
        #expect(settings["programme"] as? String == "23-things-leadership")
        #expect(try cli.run("log", "add", "--title", "T", "x").status == 0)
        #expect(try entry(cli, 1)["role"] as? String == "manager")
        #expect(try cli.run("log", "add", "--title", "T", "--role", "strategic", "x").status == 0)
        #expect(try entry(cli, 2)["role"] as? String == "strategic")
        #expect(try cli.run("log", "config", "role", "--unset").status == 0)
        #expect(try cli.run("log", "config", "role").stdout == "role       frontline (default)\n")
    }

    /// Runs every command at once, as separate crosswalk processes; their exit codes and stderr.
    func runTogether(_ cli: CLI, _ commands: [[String]]) throws -> (statuses: [Int32], messages: [String]) {
        let errors = commands.map { _ in Pipe() }
        let processes = commands.indices.map { index -> Process in
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = commands[index]
            process.environment = cli.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors[index]
            process.standardInput = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        let messages = errors.map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        for process in processes { process.waitUntilExit() }
        return (processes.map(\.terminationStatus), messages)
    }

    @Test func manyConcurrentAddsLoseNothing() throws {
        let cli = try CLI()
        let count = 12
        // Started together on a fresh home: they race to create the reference data and the log.
        let (statuses, messages) = try runTogether(cli, (0..<count).map { index in
            ["log", "add", "--title", "Concurrent \(index)", "--json", Self.reflection]
        })
        #expect(statuses == Array(repeating: 0, count: count), "stderr: \(messages.filter { !$0.isEmpty })")
        let entries = try #require(try cli.run("log", "list", "--json").json as? [[String: Any]])
        #expect(Set(entries.compactMap { $0["title"] as? String }) == Set((0..<count).map { "Concurrent \($0)" }))
        #expect(Set(entries.compactMap { $0["id"] as? Int }) == Set(1...count))
        #expect(try cli.run("log", "check").status == 0)
    }

    /// A new text takes a moment to map; edits of other fields made meanwhile must survive it.
    @Test func concurrentEditsOfDifferentFieldsLoseNothing() throws {
        let cli = try CLI()
        #expect(try cli.run(["log", "add", "--title", "Supervision", "--date", "2025-01-10", "--hours", "1", Self.reflection]).status == 0)
        for round in 1...2 {
            let text = Self.reflection + " Round \(round): I wrote up the plan with the team."
            let (statuses, messages) = try runTogether(cli, [
                ["log", "edit", "1", text],
                ["log", "edit", "1", "--title", "Supervision \(round)"],
                ["log", "edit", "1", "--hours", "\(round + 5)"],
                ["log", "edit", "1", "--date", "2025-06-0\(round)"],
                ["log", "edit", "1", "--thing", "2\(round)"],
                ["log", "edit", "1", "--element", "\(round + 5)"],
                ["log", "refs", "1", round == 1 ? "+SCDLMCA1" : "+vision/F2"],
            ])
            // Thing 21 and 22 ask for more words than the text has: a warning, not a failure.
            #expect(statuses == Array(repeating: 0, count: statuses.count), "round \(round): \(messages.filter { !$0.isEmpty })")
            let stored = try entry(cli, 1)
            #expect(stored["text"] as? String == text, "round \(round)")
            #expect(stored["title"] as? String == "Supervision \(round)", "round \(round)")
            #expect(stored["hours"] as? Double == Double(round + 5), "round \(round)")
            #expect(stored["date"] as? String == "2025-06-0\(round)", "round \(round)")
            #expect(stored["thing"] as? String == "23L-2\(round)", "round \(round)")
            #expect(stored["element"] as? String == "CPL-\(round + 5)" && stored["element_source"] as? String == "user", "round \(round)")
            #expect(references(stored)[round == 1 ? "SCDLMCA1" : "vision/F2"] == "confirmed", "round \(round)")
        }
        #expect(references(try entry(cli, 1))["SCDLMCA1"] == "confirmed")
    }

    @Test func checkReportsCodesTheReferenceDataLacksAndKeepsThem() throws {
        let cli = try CLI()
        let file = cli.home.appendingPathComponent("old.json")
        try """
            {"format": "crosswalk-log", "version": 1, "entries": [
              {"uuid": "7d8a8c1e-0000-4000-8000-000000000001", "date": "2019-05-02", "title": "Old NOS",
               "text": "Evidence written against an old code.", "hours": 2,
               "references": [{"code": "SCDLMCA9", "kind": "standard", "status": "confirmed", "source": "user",
                               "title": "A unit from an older dataset"},
                              {"code": "vision", "kind": "capability", "status": "confirmed"}]}
            ]}
            """.write(to: file, atomically: true, encoding: .utf8)
        let imported = try cli.run("log", "import", file.path)
        #expect(imported.status == 0)
        #expect(imported.stdout == "Imported 1 entry.\n")
        #expect(imported.stderr.contains("1 imported reference code is not in the reference data"))

        let check = try cli.run("log", "check")
        #expect(check.status == 1)
        #expect(check.stdout.contains("entry 1 (2019-05-02 Old NOS): reference SCDLMCA9 (confirmed, “A unit from an older dataset”) is not in the reference data; did you mean SCDLMCA1"))
        #expect(check.stderr == "crosswalk: log check found 1 problem\n")
        let json = try #require(try cli.run("log", "check", "--json").json as? [String: Any])
        #expect((json["missing"] as? [[String: Any]])?.first?["code"] as? String == "SCDLMCA9")
        #expect(json["integrity"] as? String == "ok")
        // Still there, and still exported.
        #expect(references(try entry(cli, 1)) == ["SCDLMCA9": "confirmed", "vision": "confirmed"])
        let markdown = try cli.run("log", "export", "--format", "md")
        #expect(markdown.stdout.contains("`SCDLMCA9` A unit from an older dataset (no longer in the reference data)"))
        #expect(markdown.stderr.contains("SCDLMCA9"))

        #expect(try cli.run("log", "import", file.path).stdout == "Imported 0 entries; skipped 1 already in the log.\n")
        let broken = cli.home.appendingPathComponent("broken.json")
        try #"{"entries": [{"uuid": "x", "title": "T", "date": "2025-13-01"}]}"#.write(to: broken, atomically: true, encoding: .utf8)
        let failed = try cli.run("log", "import", broken.path)
        #expect(failed.status == 1)
        #expect(failed.stderr == "crosswalk: \(broken.path): entries[0].date: \"2025-13-01\" is not a date as YYYY-MM-DD\n")
    }

    @Test func importWarnsAboutEveryUnknownCodeAsLogCheckCountsThem() throws {
        let cli = try CLI()
        let file = cli.home.appendingPathComponent("unknown.json")
        try """
            {"format": "crosswalk-log", "version": 1, "entries": [
              {"uuid": "u1", "date": "2019-05-02", "title": "Old codes", "element": "CPL-9", "thing": "23L-99",
               "references": [{"code": "SCDLMCA9", "kind": "standard"}, {"code": "vision", "kind": "capability"}]},
              {"uuid": "u2", "date": "2019-05-03", "title": "Again", "element": "CPL-9"}
            ]}
            """.write(to: file, atomically: true, encoding: .utf8)
        let imported = try cli.run("log", "import", file.path)
        #expect(imported.status == 0 && imported.stdout == "Imported 2 entries.\n")
        #expect(imported.stderr == "crosswalk: 4 imported codes are not in the reference data (element CPL-9, thing 23L-99, reference SCDLMCA9); see `crosswalk log check`\n")
        let check = try cli.run("log", "check")
        #expect(check.stdout.hasSuffix("2 entries, 2 references checked: 4 codes are not in the reference data (kept in the log).\n"))
    }

    @Test func importedSettingsFollowTheRulesOfLogConfig() throws {
        let cli = try CLI()
        let file = cli.home.appendingPathComponent("settings.json")
        try #"{"format": "crosswalk-log", "version": 1, "settings": {"role": "boss"}, "entries": [{"uuid": "u", "title": "T", "date": "2025-01-01"}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let refused = try cli.run("log", "import", file.path)
        #expect(refused.status == 1)
        #expect(refused.stderr == "crosswalk: \(file.path): settings.role: role must be one of frontline, manager, strategic, not \"boss\"\n")
        #expect(try cli.run("log", "config", "role", "boss").stderr == "crosswalk: role must be one of frontline, manager, strategic, not \"boss\"\n")
        #expect(try cli.run("log", "list", "--json").json.map { ($0 as? [Any])?.count } == 0)

        try #"{"format": "crosswalk-log", "version": 1, "settings": {"programme": "ELC"}, "entries": []}"#
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(try cli.run("log", "import", file.path).status == 0)
        #expect(try cli.run("log", "config", "programme").stdout == "programme  23-things-elc\n")
        #expect(try cli.run("log", "add", "--title", "T", "--hours", "1000.5", "x").status == 2)
    }

    @Test func importRefusesAnIDThatIsNotAWholeNumberInsteadOfCrashing() throws {
        let cli = try CLI()
        for id in ["1e30", "2.5"] {
            let file = cli.home.appendingPathComponent("id.json")
            try #"{"entries": [{"uuid": "u", "title": "T", "date": "2025-01-01", "id": "#.appending(id + "}]}")
                .write(to: file, atomically: true, encoding: .utf8)
            let result = try cli.run("log", "import", file.path)
            #expect(result.status == 1, "\(id): \(result.stderr)")
            #expect(result.stderr == "crosswalk: \(file.path): entries[0].id: must be a whole number from 1 to 9007199254740991\n")
        }
        #expect(try cli.run("log", "list", "--json").json.map { ($0 as? [Any])?.count } == 0)
    }

    @Test func exportNeverOverwritesTheLogOrTheReferenceDatabase() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "add", "--title", "Kept", "reflection").status == 0)
        let folder = cli.home.appendingPathComponent("data/crosswalk")
        let logPath = folder.appendingPathComponent("log.db").path
        let referencePath = folder.appendingPathComponent("reference.db").path
        let link = cli.home.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: logPath)
        let hardLink = cli.home.appendingPathComponent("hard.json").path
        try FileManager.default.linkItem(atPath: referencePath, toPath: hardLink)
        let logBefore = try Data(contentsOf: URL(fileURLWithPath: logPath))
        let referenceBefore = try Data(contentsOf: URL(fileURLWithPath: referencePath))

        for (out, clash, name) in [
            (logPath, logPath, "the learning log"),
            ("data/crosswalk/../crosswalk/log.db", logPath, "the learning log"),
            (logPath + "-wal", logPath + "-wal", "the learning log"),
            (logPath + "-shm", logPath + "-shm", "the learning log"),
            (link, logPath, "the learning log"),
            (referencePath, referencePath, "the reference database"),
            (hardLink, referencePath, "the reference database"),
        ] {
            let result = try cli.run("log", "export", "--format", "json", "--out", out)
            #expect(result.status == 2, "\(out)")
            #expect(result.stderr == "crosswalk: --out \(out) would overwrite \(name) (\(clash)); give another file\n")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: referencePath)) == referenceBefore)
        #expect(try Data(contentsOf: URL(fileURLWithPath: logPath)).count == logBefore.count)
        #expect((try cli.run("log", "list", "--json").json as? [[String: Any]])?.map { $0["title"] as? String } == ["Kept"])
        #expect(try cli.run("log", "check").status == 0)
    }

    @Test func exportToStandardOutputIsTheDocumentByteForByte() throws {
        let cli = try CLI()
        #expect(try cli.run(["log", "add", "--title", "Line ends", "--date", "2025-01-14", "One line.\nAnother line."]).status == 0)
        let csv = try cli.run("log", "export", "--format", "csv")
        let bytes = Array(csv.stdout.utf8)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]) && bytes.suffix(2) == [0x0D, 0x0A])
        // Every line ends in CRLF; a line feed inside the quoted text stays as it was typed.
        let bareLineFeeds = bytes.indices.filter { bytes[$0] == 0x0A && ($0 == 0 || bytes[$0 - 1] != 0x0D) }
        #expect(bareLineFeeds.count == 1)
        #expect(csv.stdout.hasSuffix("\r\n") && !csv.stdout.hasSuffix("\r\n\n"))
        let file = cli.home.appendingPathComponent("same.csv")
        #expect(try cli.run("log", "export", "--format", "csv", "--out", file.path).status == 0)
        // The file and standard output are the same document.
        #expect(try Data(contentsOf: file) == Data(csv.stdout.utf8))
        for format in ["md", "json", "html", "badge"] {
            let out = try cli.run("log", "export", "--format", format).stdout
            #expect(out.utf8.last == 0x0A && !out.hasSuffix("\n\n"), "\(format)")
        }
    }

    @Test func exportFilesAreReadableOnlyByTheOwner() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "add", "--title", "Private reflection", "reflection").status == 0)
        let fresh = cli.home.appendingPathComponent("record.md").path
        let existing = cli.home.appendingPathComponent("record.html").path
        try "old".write(toFile: existing, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: existing)
        for out in [fresh, existing] {
            // An existing file is replaced only when asked (see ExportDestinationCLITests).
            #expect(try cli.run(["log", "export", "--out", out] + (out == existing ? ["--force"] : [])).status == 0)
            let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600, "\(out)")
            #expect(try String(contentsOfFile: out, encoding: .utf8).contains("Private reflection"))
        }
        // Nothing is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.home.path).filter { $0.hasPrefix(".crosswalk") }.isEmpty)
        let folder = try cli.run("log", "export", "--format", "md", "--out", cli.home.path)
        #expect(folder.status == 1 && folder.stderr.hasPrefix("crosswalk: cannot write \(cli.home.path): "))
    }

    @Test func exportRoundTripAndEveryFormat() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "config", "name", "Alex Morgan").status == 0)
        #expect(try cli.run(["log", "add", "--title", "Supervision, \"hard\" talk", "--date", "2025-01-14", "--hours", "1.5",
                             "--element", "6", Self.reflection]).status == 0)
        #expect(try cli.run(["log", "add", "--title", "Thing 22", "--date", "2025-02-01", "--thing", "22", Self.words(50)]).status == 0)
        #expect(try cli.run("log", "refs", "1", "--accept-all", "+SCDLMCA1").status == 0)

        let exported = try cli.run("log", "export", "--format", "json")
        #expect(exported.status == 0)
        let other = cli.home.appendingPathComponent("other.db").path
        let imported = try cli.run(["log", "import", "--log-db", other, "-"], stdin: exported.stdout)
        #expect(imported.status == 0 && imported.stdout == "Imported 2 entries.\n")
        func entries(_ json: String) -> String? {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
                  let entries = object["entries"],
                  let data = try? JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys]) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        let reexported = try cli.run("log", "export", "--format", "json", "--log-db", other)
        #expect(entries(reexported.stdout) != nil)
        #expect(entries(reexported.stdout) == entries(exported.stdout))
        #expect(try cli.run(["log", "import", "--log-db", other, "-"], stdin: exported.stdout).stdout
                == "Imported 0 entries; skipped 2 already in the log.\n")
        #expect(try cli.run("log", "config", "name", "--log-db", other).stdout == "name       Alex Morgan\n")

        let csvFile = cli.home.appendingPathComponent("log.csv")
        let csv = try cli.run("log", "export", "--out", csvFile.path)
        #expect(csv.status == 0 && csv.stdout.isEmpty)
        #expect(csv.stderr.contains("as csv to \(csvFile.path)"))
        let csvData = try Data(contentsOf: csvFile)
        #expect(csvData.starts(with: [0xEF, 0xBB, 0xBF]))
        let csvText = String(decoding: csvData, as: UTF8.self)
        #expect(csvText.hasPrefix("\u{FEFF}entry_id,date,title,hours,"))
        #expect(csvText.contains("\"Supervision, \"\"hard\"\" talk\""))

        let badge = try cli.run("log", "export", "--format", "badge", "--entry", "1")
        let badgeJSON = try #require(badge.json as? [String: Any])
        #expect((badgeJSON["evidence"] as? [Any])?.count == 1)
        let alignment = try #require(badgeJSON["alignment"] as? [[String: Any]])
        #expect(alignment.contains { $0["targetCode"] as? String == "SCDLMCA1" })
        #expect(alignment.allSatisfy { item in
            ["targetName", "targetUrl", "targetDescription", "targetFramework", "targetCode"].allSatisfy { item[$0] is String }
        })

        let thingBadge = try cli.run("log", "export", "--format", "badge", "--thing", "22")
        #expect(((thingBadge.json as? [String: Any])?["evidence"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Thing 22"])

        let html = try cli.run("log", "export", "--format", "html", "--from", "2025-01-01", "--to", "2025-01-31")
        #expect(html.stdout.contains("<svg") && html.stdout.contains("Supervision, &quot;hard&quot; talk"))
        #expect(!html.stdout.contains("Thing 22</h4>"))
        #expect(!html.stdout.contains("src=") && !html.stdout.contains("<link"))

        let markdown = try cli.run("log", "export", "--format", "md")
        #expect(markdown.stdout.contains("**Name:** Alex Morgan"))
        #expect(markdown.stdout.contains("## CPL-6 Reflective practice"))
        #expect(try cli.run("log", "export", "--format", "md", "--entry", "5").status == 1)
    }

    /// Exports are written as they are read, in pieces: a log whose documents run to several
    /// pieces (about 256 KB each) is exported whole in every format, to a file as to standard
    /// output, and its json export imports back entry for entry.
    @Test func aLongLogIsExportedWholeInEveryFormat() throws {
        let cli = try CLI()
        let count = 400
        let paragraph = "Supervision with my manager – café’s “notes”.\r\nAnother line, with a comma."
        var entries: [[String: Any]] = []
        for number in 1...count {
            let references: [[String: Any]] = [
                ["code": "vision", "kind": "capability", "status": number % 3 == 0 ? "suggested" : "confirmed",
                 "added_at": "2024-12-01T10:00:00Z"],
                ["code": "SCDLMCA1", "kind": "standard", "status": "confirmed", "score": 0.5, "added_at": "2024-12-01T10:00:00Z"],
                ["code": "empowering", "kind": "capability", "status": "rejected", "added_at": "2024-12-01T10:00:00Z"],
            ]
            var entry: [String: Any] = [:]
            entry["uuid"] = "00000000-0000-4000-8000-" + String(format: "%012d", number)
            entry["date"] = String(format: "2024-%02d-%02d", number % 12 + 1, number % 28 + 1)
            entry["title"] = "Entry \(number): \"quoted\", & <marked>"
            entry["text"] = Array(repeating: paragraph, count: 12).joined(separator: "\n\n")
            entry["hours"] = Double(number % 8) / 4
            entry["element"] = "CPL-\(number % 7 + 1)"
            entry["references"] = references
            entry["created_at"] = "2024-12-01T10:00:00Z"
            entry["updated_at"] = "2024-12-01T10:00:00Z"
            entries.append(entry)
        }
        let backup = cli.home.appendingPathComponent("backup.json")
        try JSONSerialization.data(withJSONObject: ["format": "crosswalk-log", "version": 1, "entries": entries]).write(to: backup)
        #expect(try cli.run("log", "import", backup.path).stdout == "Imported \(count) entries.\n")
        for format in ["md", "csv", "json", "badge", "html"] {
            let printed = try cli.run("log", "export", "--format", format)
            #expect(printed.status == 0, "\(format): \(printed.stderr)")
            #expect(printed.stdout.utf8.count > 2 * 262_144, "\(format)")
            let file = cli.home.appendingPathComponent("export.\(format)")
            #expect(try cli.run("log", "export", "--format", format, "--out", file.path).status == 0)
            #expect(CLI.undated(String(decoding: try Data(contentsOf: file), as: UTF8.self)) == CLI.undated(printed.stdout), "\(format)")
            #expect(printed.stdout.components(separatedBy: "Entry \(count): ").count >= 2, "\(format)")
        }
        let json = cli.home.appendingPathComponent("export.json")
        let copy = cli.home.appendingPathComponent("copy.db").path
        #expect(try cli.run("log", "import", json.path, "--log-db", copy).stdout == "Imported \(count) entries.\n")
        // The same entries (an id the copy had already passed is given anew, as import does).
        func withoutIDs(_ result: CLI.Result) throws -> [String] {
            try (try #require(result.json as? [[String: Any]])).map { entry in
                var entry = entry
                entry["id"] = nil
                return String(decoding: try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]), as: UTF8.self)
            }.sorted()
        }
        let listed = try withoutIDs(try cli.run("log", "list", "--json"))
        #expect(listed.count == count)
        #expect(try withoutIDs(try cli.run("log", "list", "--json", "--log-db", copy)) == listed)
    }
}
