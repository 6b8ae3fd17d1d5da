import Foundation
import Testing

/// End to end: the real binary, the real embedded data, a fresh data folder.
@Suite struct BrowseCLITests {
    @Test func firstRunBuildsTheDatabaseAndListsTheSixCapabilities() throws {
        let cli = try CLI()
        let result = try cli.run("list", "capabilities")
        #expect(result.status == 0)
        for id in ["vision", "self-leadership", "motivating-and-inspiring", "empowering",
                   "collaborating-and-influencing", "creativity-and-innovation"] {
            #expect(result.stdout.contains(id))
        }
        #expect(FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("data/crosswalk/reference.db").path))
    }

    @Test func listJSONHasStableFieldNames() throws {
        let result = try CLI().run("list", "indicators", "--capability", "vision", "--role", "manager", "--json")
        #expect(result.status == 0)
        let rows = try #require(result.json as? [[String: Any]])
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["capability"] as? String == "vision" && $0["role"] as? String == "manager" })
        #expect(Set(rows[0].keys) == ["code", "capability", "role", "text", "source_url", "status", "origin"])
    }

    @Test func showNOSListsTheUnitsBuiltOnItAndTheirQualifications() throws {
        let result = try CLI().run("show", "scdlmca1")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("SCDLMCA1  Manage and develop yourself and your workforce within care services"))
        #expect(result.stdout.contains("H7LG 04"))
        // The qualification is named as a person knows it, not by the project's id.
        #expect(result.stdout.contains("in SVQ Care Services Leadership and Management at SCQF level 10"))
        #expect(result.stdout.contains("(GJ9V 24), mandatory"))
        #expect(!result.stdout.contains("svq-cslm-10"))
    }

    /// The document a fact comes from is named apart from the copy it was read on.
    @Test func showNamesTheDocumentAndWhereItWasRead() throws {
        let result = try CLI().run("show", "SCDLMCA2")
        #expect(result.status == 0)
        #expect(result.stdout.contains("Document:  SCDLMCA2 Lead and manage change within care services. Skills for Care"))
        #expect(result.stdout.contains("Read at:\n  https://docplayer.net/"))
        #expect(result.stdout.contains("(a copy on docplayer.net, not the publisher's: the document is named above)"))
        let json = try #require(try CLI().run("show", "SCDLMCA2", "--json").json as? [String: Any])
        let provenance = try #require(json["provenance"] as? [String: Any])
        let document = try #require(provenance["source_document"] as? [String: Any])
        #expect(document["id"] as? String == "nos-scdlmca2")
        #expect(document["publisher"] as? String == "Skills for Care and Development")
        #expect((provenance["source_url"] as? String)?.hasPrefix("https://docplayer.net/") == true)
    }

    @Test func showFindsAQualificationByGroupAwardCode() throws {
        let result = try CLI().run("show", "GJ9V 24", "--json")
        #expect(result.status == 0)
        let detail = try #require(result.json as? [String: Any])
        #expect(detail["code"] as? String == "svq-cslm-10")
        let sections = try #require(detail["sections"] as? [[String: Any]])
        #expect(sections.contains { ($0["title"] as? String)?.hasPrefix("Units: mandatory") == true })
    }

    @Test func showNearMissSuggestsAndExitsOne() throws {
        let result = try CLI().run("show", "SCDLMCA7")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("crosswalk: no item with code \"SCDLMCA7\"; did you mean:"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func searchWithHostileTextSucceeds() throws {
        let cli = try CLI()
        for text in ["\"unbalanced", "NEAR(supervision", "safeguarding*)", "🙂", "AND OR NOT"] {
            let result = try cli.run("search", text)
            #expect(result.status == 0, "search \(text): \(result.stderr)")
        }
        let hits = try #require(try cli.run("search", "safeguarding", "--json").json as? [[String: Any]])
        #expect((hits.first?["snippet"] as? String)?.contains("[safeguarding]") == true)
    }

    @Test func usageErrorsExitTwo() throws {
        let cli = try CLI()
        #expect(try cli.run("frobnicate").status == 2)
        #expect(try cli.run("list").status == 2)
        #expect(try cli.run("list", "capabilites").stderr.contains("did you mean capabilities?"))
        #expect(try cli.run("list", "units", "--role", "manager").status == 2)
        #expect(try cli.run("show", "--bogus").status == 2)
    }

    @Test func everyCommandHasHelpWithExamples() throws {
        let cli = try CLI()
        let top = try cli.run("--help")
        #expect(top.status == 0)
        let commands = top.stdout.components(separatedBy: "COMMANDS\n").last?
            .split(separator: "\n").prefix { $0.hasPrefix("  ") }
            .filter { !$0.hasPrefix("   ") } // wrapped summaries continue further in
            .compactMap { $0.split(separator: " ").first.map(String.init) } ?? []
        #expect(commands.count >= 11)
        for command in commands {
            let help = try cli.run(command, "--help")
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE"), "\(command) --help")
            #expect(help.stdout.contains("EXAMPLES") || help.stdout.contains("COMMANDS"), "\(command) --help")
        }
    }

    @Test func checkReportsEveryProblemAsFileLineColumn() throws {
        let cli = try CLI()
        let data = cli.home.appendingPathComponent("data-copy")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("Data"), to: data)
        let units = data.appendingPathComponent("units.csv")
        var text = try String(contentsOf: units, encoding: .utf8)
        text += "H9ZZ 04,Broken unit,ten,7,tell-gj9v24,https://example.org,sure,official\n"
        try text.write(to: units, atomically: true, encoding: .utf8)
        let lineNumber = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1

        let result = try cli.run("check", "--data", data.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("units.csv:\(lineNumber): credits: \"ten\" is not a whole number"))
        #expect(result.stderr.contains("units.csv:\(lineNumber): status: \"sure\" is not one of: confirmed, uncertain"))

        let imported = try cli.run("import", "--data", data.path, "--db", cli.home.appendingPathComponent("x.db").path)
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("nothing was written"))
    }

    @Test func importPrintsCountsAndIsRepeatable() throws {
        let cli = try CLI()
        let db = cli.home.appendingPathComponent("mine.db").path
        let first = try cli.run("import", "--db", db, "--json")
        #expect(first.status == 0)
        let counts = try #require((first.json as? [String: Any])?["counts"] as? [String: Int])
        #expect(counts["capabilities"] == 6)
        let second = try cli.run("import", "--db", db, "--json")
        #expect(second.stdout == first.stdout)
    }

    @Test func worksFromAnyDirectoryWithTheBinaryCopiedElsewhere() throws {
        let cli = try CLI()
        let elsewhere = cli.home.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let copy = elsewhere.appendingPathComponent("crosswalk")
        try FileManager.default.copyItem(at: CLI.executable, to: copy)
        let process = Process()
        process.executableURL = copy
        process.arguments = ["show", "empowering"]
        process.environment = cli.environment
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.hasPrefix("empowering  Empowering"))
    }
}

@Suite struct HelpLayoutTests {
    @Test func everyHelpPageFitsEightyColumns() throws {
        let cli = try CLI()
        let pages = [[], ["map"], ["eval"], ["list"], ["show"], ["search"], ["qualification"], ["compare"], ["plan"],
                     ["log"], ["log", "add"], ["log", "refs"], ["log", "export"], ["import"], ["check"]]
        for page in pages {
            let help = try cli.run(page + ["--help"])
            #expect(help.status == 0)
            for line in help.stdout.split(separator: "\n") {
                #expect(line.count <= 80, "crosswalk \(page.joined(separator: " ")) --help: \(line)")
            }
        }
    }
}
