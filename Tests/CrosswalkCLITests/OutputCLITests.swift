import Foundation
import Testing

/// What reaches the terminal: control characters shown, never obeyed; every text output
/// within 80 columns.
@Suite struct TerminalSafetyCLITests {
    static let hostileTitle = "Window \u{1B}]0;pwned\u{07} title"
    static let hostileText = "Clear \u{1B}[2J screen, C1 \u{9B}31m red, bidi \u{202E}desrever, a\tb and a Windows\r\nline end"
    static let raw: [Character] = ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}", "\r"]

    func expectNothingRaw(_ text: String, _ what: String) {
        for character in Self.raw {
            #expect(!text.unicodeScalars.contains(character.unicodeScalars.first!), "\(what) writes \(character.unicodeScalars.first!.value) raw")
        }
    }

    @Test func aLogEntryIsShownWithItsControlCharactersVisible() throws {
        let cli = try CLI()
        #expect(try cli.run(["log", "add", "--title", Self.hostileTitle, Self.hostileText]).status == 0)
        for arguments in [["log", "show", "1"], ["log", "list"], ["log", "refs", "1"], ["log", "summary"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            expectNothingRaw(result.stdout, "\(arguments)")
            expectNothingRaw(result.stderr, "\(arguments)")
        }
        let shown = try cli.run("log", "show", "1").stdout
        #expect(shown.contains("Window ^[]0;pwned^G title"))
        // A tab in wrapped text reads as a space; a Windows line end is a line end.
        #expect(shown.contains("Clear ^[[2J screen, C1 \\u{9B}31m red, bidi \\u{202E}desrever, a b and a Windows\n  line end\n"))
        // JSON keeps the text exactly, escaped.
        let json = try cli.run("log", "show", "1", "--json")
        expectNothingRaw(json.stdout, "log show --json")
        #expect(json.stdout.contains("\\u001b]0;pwned\\u0007") && json.stdout.contains("\\u009b"))
        let entry = try #require(json.json as? [String: Any])
        #expect(entry["title"] as? String == Self.hostileTitle)
        #expect(entry["text"] as? String == Self.hostileText)
        // A document written to a pipe or a file is the exact bytes; only a terminal is protected.
        let export = try cli.run("log", "export", "--format", "md")
        #expect(export.stdout.contains(Self.hostileTitle))
    }

    @Test func referenceDataAndEchoedValuesAreShownVisibly() throws {
        let cli = try CLI()
        let data = cli.home.appendingPathComponent("data-copy")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("Data"), to: data)
        let units = data.appendingPathComponent("units.csv")
        let text = try String(contentsOf: units, encoding: .utf8)
        try text.replacingOccurrences(of: "Manage and develop yourself and your workforce within care services",
                                      with: "Manage \u{1B}[2J\u{1B}]8;;http://evil.example\u{07}yourself")
            .write(to: units, atomically: true, encoding: .utf8)
        let db = cli.home.appendingPathComponent("mine.db").path
        #expect(try cli.run("import", "--data", data.path, "--db", db).status == 0)
        for arguments in [["show", "H7LG 04"], ["show", "SCDLMCA1"], ["search", "yourself"], ["list", "units"], ["qual", "svq-cslm-10"]] {
            let result = try cli.run(arguments + ["--db", db])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            expectNothingRaw(result.stdout, "\(arguments)")
        }
        #expect(try cli.run("show", "H7LG 04", "--db", db).stdout.contains("Manage ^[[2J^[]8;;http://evil.example^Gyourself"))

        // A value `check` echoes, and a code an error echoes.
        try (text + "H9ZZ 04,A unit,10,7,tell-gj9v24,https://example.org,\u{1B}[2Jsure,official\n").write(to: units, atomically: true, encoding: .utf8)
        let check = try cli.run("check", "--data", data.path)
        #expect(check.status == 1)
        expectNothingRaw(check.stderr, "check")
        #expect(check.stderr.contains("status: \"^[[2Jsure\" is not one of: confirmed, uncertain"))
        // A line break in an echoed value keeps an error on one line (found by the fuzzer).
        let bad = cli.home.appendingPathComponent("bad.json")
        try #"{"format": "line\nbreak", "entries": []}"#.write(to: bad, atomically: true, encoding: .utf8)
        let refused = try cli.run("log", "import", bad.path)
        #expect(refused.status == 1)
        #expect(refused.stderr == "crosswalk: \(bad.path): format is \"line^Jbreak\", not a crosswalk learning log (crosswalk-log)\n")
        try (text + "H9ZZ 04,A unit,10,7,tell-gj9v24,https://example.org,\"sure\nly\",official\n").write(to: units, atomically: true, encoding: .utf8)
        let twoLines = try cli.run("check", "--data", data.path)
        #expect(twoLines.stderr.contains("status: \"sure^Jly\" is not one of: confirmed, uncertain"))
        #expect(twoLines.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("units.csv:") || $0.hasPrefix("crosswalk:") })
        let unknown = try cli.run("show", "\u{1B}]0;x\u{07}")
        #expect(unknown.status == 1)
        expectNothingRaw(unknown.stderr, "show's error")
        #expect(unknown.stderr.contains("^[]0;x^G"))
    }
}

@Suite struct OutputWidthCLITests {
    /// Every line of every text output, each labelled, for a home with two log entries.
    func outputs() throws -> [(String, String)] {
        let cli = try CLI()
        #expect(try cli.run(["log", "add", "--title", "Supervision with a long title about my leadership, my team, a family and the plan we made together",
                             "--hours", "1.5", "--thing", "22", LogCLITests.reflection]).status == 0)
        #expect(try cli.run(["log", "add", "--title", "Huddle", "--element", "4", "I led the huddle on adult support and protection."]).status == 0)
        #expect(try cli.run("log", "refs", "1", "--accept-all").status == 0)
        #expect(try cli.run("log", "config", "name", "Alex Morgan").status == 0)
        let draft = cli.home.appendingPathComponent("draft.txt")
        try ThingCLITests.draft.write(to: draft, atomically: true, encoding: .utf8)
        var commands: [[String]] = []
        for kind in ["capabilities", "indicators", "standards", "frameworks", "qualifications", "units", "roles", "things"] {
            commands.append(["list", kind])
        }
        for code in ["vision", "vision/M2", "SCDLMCA1", "LMC A1", "SCDLMCA2/1", "H7LG 04", "GJ9V 24", "other-supervisory-15-credits",
                     "CI-ELC 3.1", "care-home-adults-supervisor", "Thing 21", "23ELC-5", "lmcs-nos", "CPL-4", "HSCS 3"] {
            commands.append(["show", code])
        }
        commands += [
            ["search", "supervision"], ["search", "qualification"], ["search", "co-production", "with", "carers"],
            ["search", String(repeating: "nothing-matches-this ", count: 20)],
            ["qual", "svq-cslm-10"], ["qual", "SSHC SCQF 7"], ["qual", "pda-cp-9"], ["qual", "other-supervisory-15-credits"],
            ["compare", "svq-sshc-9", "GJ9V 24"], ["compare", "other-supervisory-15-credits", "pda-lmcs-9"],
            ["plan", "--role", "care-home-adults-supervisor", "--have", "SSHC SCQF 7"], ["plan", "--role", "day-care-children-manager"],
            ["plan", "--role", "care-at-home-manager", "--with-log"],
            ["map", "I asked my team for honest feedback on my leadership and now keep a reflective diary of supervision."],
            ["log", "list"], ["log", "show", "1"], ["log", "show", "2"], ["log", "refs", "1"], ["log", "summary"],
            ["log", "check"], ["log", "config"], ["check"], ["version"],
            ["thing", "21"], ["thing", "5"], ["thing", "23ELC-23", "--role", "day-care-children-practitioner"],
            ["thing", "22", "--check", draft.path], ["thing", "23ELC-23", "--check", draft.path, "--role", "day-care-children-manager"],
            ["thing", "23ELC-23", "--check", draft.path, "--role", "day-care-children-practitioner", "--have", "svq-sscyp-7"],
            ["log", "show", "1", "--check"],
        ]
        var outputs: [(String, String)] = []
        for command in commands {
            let result = try cli.run(command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            outputs.append((command.joined(separator: " "), result.stdout))
        }
        for page in try CommandTree(cli).pages {
            outputs.append(((page.path + ["--help"]).joined(separator: " "), page.help))
        }
        return outputs
    }

    @Test func everyTextOutputFitsEightyColumns() throws {
        for (command, output) in try outputs() {
            for line in output.split(separator: "\n") {
                #expect(line.count <= 80, "crosswalk \(command): \(line)")
            }
        }
    }

    /// Tables wrap their text instead of cutting it with "…".
    @Test func listsWrapRatherThanCut() throws {
        let cli = try CLI()
        let capabilities = try cli.run("list", "capabilities").stdout
        #expect(!capabilities.contains("…"))
        #expect(capabilities.contains("Collaborating"))
        let indicators = try cli.run("list", "indicators", "--capability", "vision", "--role", "frontline").stdout
        #expect(!indicators.contains("…"))
        let json = try #require(try cli.run("list", "indicators", "--capability", "vision", "--role", "frontline", "--json").json as? [[String: Any]])
        for row in json {
            let words = (row["text"] as? String ?? "").split(separator: " ")
            // Every word of every indicator is there, in order, across the wrapped lines.
            let flattened = indicators.split(whereSeparator: \.isWhitespace)
            #expect(words.allSatisfy { word in flattened.contains(word) }, "\(row["code"] ?? "")")
        }
        let frameworks = try cli.run("list", "frameworks").stdout
        #expect(!frameworks.contains("…"))
        let shown = frameworks.split(whereSeparator: \.isWhitespace)
        for row in try #require(try cli.run("list", "frameworks", "--json").json as? [[String: Any]]) {
            #expect((row["name"] as? String ?? "").split(separator: " ").allSatisfy { shown.contains($0) }, "\(row["id"] ?? "")")
        }
    }
}
