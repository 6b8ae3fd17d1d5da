import Foundation
import Testing

/// `crosswalk export` and `crosswalk import --case` / `check --case`, run as a user runs them.
@Suite struct InteropCLITests {
    static let example = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/case/scdlmca1-example.json").path

    @Test func exportCaseWritesOnePackagePerFrameworkAndListsThem() throws {
        let cli = try CLI()
        let out = cli.home.appendingPathComponent("case").path
        let result = try cli.run("export", "case", "--out", out, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(result.json as? [String: Any])
        #expect(json["format"] as? String == "case")
        let files = try #require(json["files"] as? [[String: Any]])
        let frameworks = try #require(try cli.run("list", "frameworks", "--json").json as? [[String: Any]])
        #expect(files.count == frameworks.count)
        for file in files {
            let path = try #require(file["path"] as? String)
            let data = try #require(FileManager.default.contents(atPath: path))
            let package = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect((package?["CFItems"] as? [Any])?.count == file["items"] as? Int)
            #expect((package?["CFAssociations"] as? [Any])?.count == file["associations"] as? Int)
        }
        // The text listing names every file too.
        let text = try cli.run("export", "case", "--framework", "lmcs-nos", "--framework", "hscs", "--out", out)
        #expect(text.stdout.contains(out + "/lmcs-nos.json") && text.stdout.contains(out + "/hscs.json"))
        #expect(text.stdout.contains("Wrote 2 case files (2 frameworks)."))
    }

    @Test func helpFitsEightyColumns() throws {
        let cli = try CLI()
        for page in [["export"], ["import"], ["check"]] {
            let help = try cli.run(page + ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("--case") || page == ["export"])
            for line in help.stdout.split(separator: "\n") {
                #expect(line.count <= 80, "crosswalk \(page.joined(separator: " ")) --help: \(line)")
            }
        }
    }

    @Test func oneFrameworkGoesToStandardOutput() throws {
        let cli = try CLI()
        let moodle = try cli.run("export", "moodle", "--framework", "lmcs-nos")
        #expect(moodle.status == 0)
        #expect(moodle.stdout.hasPrefix("Parent ID number,ID number,Short name,"))
        let package = try cli.run("export", "case", "--framework", "hscs")
        #expect((package.json as? [String: Any])?["CFDocument"] != nil)
    }

    @Test func usageMistakesAreRefusedClearly() throws {
        let cli = try CLI()
        let several = try cli.run("export", "case", "--framework", "lmcs-nos", "--framework", "hscs")
        #expect(several.status == 2)
        #expect(several.stderr == "crosswalk: export case writes one file per framework; give --out DIR for 2 frameworks\n")
        let unknown = try cli.run("export", "moodle", "--framework", "lmcs-noss")
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "crosswalk: unknown framework \"lmcs-noss\"; did you mean lmcs-nos?\n")
        #expect(try cli.run("export", "moodel").stderr.contains("did you mean moodle?"))
        #expect(try cli.run("export", "moodle", "--self-assess").status == 2)
        #expect(try cli.run("export", "mahara", "--json").status == 2)
        #expect(try cli.run("export", "totara", "--frame", "x").status == 2)
        let db = cli.home.appendingPathComponent("data/crosswalk/reference.db").path
        _ = try cli.run("list", "frameworks")
        let clash = try cli.run("export", "moodle", "--out", db)
        #expect(clash.status == 2)
        #expect(FileManager.default.fileExists(atPath: db))
        #expect(try cli.run("list", "frameworks").status == 0, "the database was not overwritten")
    }

    @Test func importACasePackageThenListShowAndMapUseIt() throws {
        let cli = try CLI()
        let check = try cli.run("check", "--case", Self.example)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("valid: 1 CASE package would load as shown"))
        #expect(try cli.run("show", "SCDLMCA1/P1").status == 1, "check wrote nothing")

        let load = try cli.run("import", "--case", Self.example)
        #expect(load.status == 0, "\(load.stderr)")
        #expect(load.stdout.contains("scdlmca1-example.json  lmcs-nos"))
        #expect(load.stdout.contains("Loaded 1 CASE package into"))

        let list = try cli.run("list", "frameworks")
        #expect(list.stdout.contains("Loaded from CASE packages"))
        #expect(list.stdout.contains("lmcs-nos: SCDLMCA1 with performance criteria sections (example package)"))
        let listed = try #require(try cli.run("list", "frameworks", "--json").json as? [[String: Any]])
        let lmcs = try #require(listed.first { $0["id"] as? String == "lmcs-nos" })
        #expect((lmcs["case_packages"] as? [[String: Any]])?.first?["title"] as? String == "SCDLMCA1 with performance criteria sections (example package)")

        let show = try cli.run("show", "SCDLMCA1")
        #expect(show.stdout.contains("SCDLMCA1/P1  Example wording: agree a written development plan"))
        let map = try cli.run("map", "--role", "manager", "--json",
                              "I agreed a written development plan with each worker and we go over it at every supervision session.")
        let standards = (map.json as? [String: Any])?["standards"] as? [[String: Any]] ?? []
        let a1 = try #require(standards.first { $0["code"] as? String == "SCDLMCA1" })
        #expect((a1["elements"] as? [[String: Any]])?.first?["code"] as? String == "SCDLMCA1/P1")

        // A plain import rebuilds the data and applies the package again.
        let rebuild = try cli.run("import")
        #expect(rebuild.stdout.contains("CASE packages loaded before, applied again:"))
        #expect(try cli.run("show", "SCDLMCA1/P3").status == 0)

        // Taken out again: our own text is back.
        let unknown = try cli.run("import", "--remove-case", "other.json")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("crosswalk: no CASE package \"other.json\" is loaded; loaded: scdlmca1-example.json ("))
        let remove = try cli.run("import", "--remove-case", "scdlmca1-example.json")
        #expect(remove.status == 0)
        #expect(remove.stdout.contains("Removed 1 CASE package from"))
        #expect(try cli.run("show", "SCDLMCA1/P1").status == 1)
        #expect(!(try cli.run("show", "SCDLMCA1").stdout.contains("Example wording")))
    }

    @Test func aBadPackageGivesOneLinePerProblemAndWritesNothing() throws {
        let cli = try CLI()
        let text = try String(contentsOfFile: Self.example, encoding: .utf8)
            .replacingOccurrences(of: "\"fullStatement\": \"Example wording: give new staff", with: "\"fullStatemen\": \"Example wording: give new staff")
            .replacingOccurrences(of: "\"associationType\": \"isRelatedTo\"", with: "\"associationType\": \"related\"")
        let bad = cli.home.appendingPathComponent("bad.json")
        try text.write(to: bad, atomically: true, encoding: .utf8)
        for command in [["check", "--case", bad.path], ["import", "--case", bad.path]] {
            let result = try cli.run(command)
            #expect(result.status == 1)
            #expect(result.stderr == """
                \(bad.path): CFItems[2].fullStatement: is missing (required)
                \(bad.path): CFAssociations[4].associationType: "related" is not a CASE association type
                crosswalk: 2 problems found; nothing was written

                """)
        }
        #expect(try cli.run("show", "SCDLMCA1/P1").status == 1)
        #expect(!(try cli.run("list", "frameworks").stdout.contains("Loaded from CASE packages")))
        let missing = try cli.run("import", "--case", cli.home.appendingPathComponent("nowhere.json").path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nowhere.json: no such file or folder"))
    }

    @Test func importingAnExportIntoAnEmptyDatabaseGivesTheSameFrameworks() throws {
        let cli = try CLI()
        let out = cli.home.appendingPathComponent("case").path
        #expect(try cli.run("export", "case", "--out", out).status == 0)
        let empty = cli.home.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: CLI.repositoryRoot.appendingPathComponent("Data").path) where name.hasSuffix(".csv") {
            let text = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Data/\(name)"), encoding: .utf8)
            try (String(text.prefix { $0 != "\n" }) + "\n").write(to: empty.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let db = cli.home.appendingPathComponent("copy.db").path
        let load = try cli.run("import", "--db", db, "--data", empty.path, "--case", out)
        #expect(load.status == 0, "\(load.stderr)")
        // Units and qualifications are not frameworks and do not travel, so what depends on
        // them differs: capabilities' counts of evidence (units evidence them too), and the
        // package each framework came from.
        let differs = ["frameworks": "case_packages", "capabilities": "evidenced_by"]
        for kind in ["frameworks", "capabilities", "indicators", "standards", "things"] {
            func rows(_ arguments: [String]) throws -> [NSDictionary] {
                let json = try cli.run(["list", kind, "--json"] + arguments).json as? [[String: Any]] ?? []
                return json.map { $0.filter { $0.key != differs[kind] } as NSDictionary }
            }
            let original = try rows([])
            #expect(!original.isEmpty)
            #expect(try rows(["--db", db]) == original, "list \(kind)")
        }
        #expect(try cli.run("show", "SCDLMCA1", "--db", db, "--json").stdout.contains("\"SCDHSC0043\""))
    }
}
