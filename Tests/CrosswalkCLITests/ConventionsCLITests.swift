import Foundation
import Testing

/// The command line behaves like one: a version, usage errors for anything that is not an
/// option it knows, `help COMMAND`, suggestions for near misses.
@Suite struct ConventionsCLITests {
    @Test func versionAndTheDataFingerprint() throws {
        let cli = try CLI()
        let long = try cli.run("--version")
        #expect(long.status == 0)
        let lines = long.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("crosswalk ") == true)
        #expect(lines.count == 2 && lines[1].hasPrefix("reference data "))
        #expect(try cli.run("version").stdout == long.stdout)
        let json = try #require(try cli.run("version", "--json").json as? [String: Any])
        let version = try #require(json["version"] as? String)
        #expect(lines[0] == "crosswalk \(version)")
        let fingerprint = try #require(json["data_fingerprint"] as? String)
        #expect(fingerprint.count >= 8 && lines[1].contains(fingerprint))
        // One migration per Schema/NAME-vN.sql.
        let scripts = try FileManager.default.contentsOfDirectory(atPath: CLI.repositoryRoot.appendingPathComponent("Schema").path)
        #expect(json["reference_schema"] as? Int == scripts.filter { $0.hasPrefix("reference-v") }.count)
        #expect(json["log_schema"] as? Int == scripts.filter { $0.hasPrefix("log-v") }.count)
        #expect(try cli.run("--version", "--json").stdout == (try cli.run("version", "--json").stdout))
    }

    @Test func unknownOptionsLongOrShortAreUsageErrorsNamingThem() throws {
        let cli = try CLI()
        for (arguments, named) in [
            (["search", "-q"], "-q"), (["search", "-l", "1", "supervision"], "-l"), (["map", "-x", "text"], "-x"),
            (["list", "capabilities", "--colour"], "--colour"), (["show", "-1"], "-1"), (["-q"], "-q"),
            (["log", "list", "-n", "3"], "-n"), (["log", "-v"], "-v"), (["qual", "--vebose", "svq-cslm-10"], "--vebose"),
        ] {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.hasPrefix("crosswalk: unknown option \(named) for `crosswalk"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        // Text that starts with - says how to pass it, and -- does.
        #expect(try cli.run("search", "-q").stderr.contains("put -- before it: `crosswalk search -- -q`"))
        #expect(try cli.run("search", "-l", "1").stderr.contains("did you mean --limit?"))
        let dashed = try cli.run("search", "--", "-supervision")
        #expect(dashed.status == 0 && dashed.stdout.contains("upervision"))
        #expect(try cli.run("map", "--", "--help").stdout.contains("--help") == false)
    }

    @Test func aLoneDashIsStandardInput() throws {
        let cli = try CLI()
        let search = try cli.run(["search", "-", "--limit", "1", "--json"], stdin: "safeguarding practice")
        #expect(search.status == 0)
        #expect(((search.json as? [[String: Any]])?.first?["code"] as? String)?.isEmpty == false)
        let map = try cli.run(["map", "-", "--json"], stdin: "I coached a new colleague through her first week of supervision.")
        #expect(map.status == 0, "\(map.stderr)")
    }

    @Test func unknownCommandsGetADidYouMean() throws {
        let cli = try CLI()
        let root = try cli.run("serch", "supervision")
        #expect(root.status == 2)
        #expect(root.stderr == "crosswalk: unknown command \"serch\"; did you mean `search`? (see `crosswalk --help`)\n")
        let log = try cli.run("log", "exprot")
        #expect(log.status == 2)
        #expect(log.stderr.contains("unknown command \"exprot\" of `crosswalk log`; did you mean `export`?"))
        // An alias is suggested as the command it stands for.
        #expect(try cli.run("quall", "x").stderr.contains("did you mean `qualification`?"))
        #expect(try cli.run("frobnicate").stderr == "crosswalk: unknown command \"frobnicate\" (see `crosswalk --help`)\n")
    }

    @Test func helpCommandShowsTheCommandsHelp() throws {
        let cli = try CLI()
        for path in [["map"], ["log"], ["log", "add"], ["log", "refs"], ["qual"], ["completion"]] {
            let help = try cli.run(["help"] + path)
            #expect(help.status == 0, "help \(path)")
            #expect(help.stdout == (try cli.run(path + ["--help"]).stdout), "help \(path)")
            #expect(help.stdout.contains("USAGE"))
        }
        #expect(try cli.run("help").stdout == (try cli.run("--help").stdout))
        #expect(try cli.run("log", "help", "add").stdout == (try cli.run("log", "add", "--help").stdout))
        #expect(try cli.run("log", "add", "-h").stdout == (try cli.run("log", "add", "--help").stdout))
        let unknown = try cli.run("help", "log", "ad")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown command \"ad\" of `crosswalk log`; did you mean `add`?"))
        // After --, "--help" is text, not a request for help.
        let text = try cli.run("search", "--json", "--", "--help")
        #expect(text.status == 0 && text.json is [Any])
    }

    /// `-CODE` still rejects a reference: `log refs` reads words starting with - as codes.
    @Test func refsStillTakesMinusCodeAndSaysHow() throws {
        let cli = try CLI()
        #expect(try cli.run(["log", "add", "--title", "Supervision", LogCLITests.reflection]).status == 0)
        let refs = try cli.run("log", "refs", "1", "--json")
        let codes = ((refs.json as? [String: Any])?["references"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        let code = try #require(codes.first)
        let rejected = try cli.run("log", "refs", "1", "-" + code)
        #expect(rejected.status == 0, "\(rejected.stderr)")
        #expect(rejected.stdout.hasPrefix("Entry 1: 0 confirmed, 0 added, 1 rejected."))
        #expect(try cli.run("log", "refs", "--help").stdout.contains("-CODE rejects it"))
        // An unknown long option is still an error there.
        #expect(try cli.run("log", "refs", "1", "--reject", code).status == 2)
    }
}
