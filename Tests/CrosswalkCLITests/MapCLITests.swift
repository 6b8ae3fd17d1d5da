import Foundation
import Testing

/// `crosswalk map` and `crosswalk eval` as a user runs them.
@Suite struct MapCLITests {
    static let reflection = "I asked two colleagues for honest feedback on my leadership and kept a reflective log about handling pressure on shift."

    @Test func jsonFollowsTheDocumentedContract() throws {
        let result = try CLI().run("map", Self.reflection, "--role", "frontline", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(result.json as? [String: Any])
        #expect(Set(json.keys) == ["role", "words", "sector", "passages", "capabilities", "standards", "units", "mentions",
                                   "no_leadership"])
        #expect(json["role"] as? String == "frontline")
        #expect(json["words"] as? Int == 20)
        #expect(["adult", "early-learning", "unclear"].contains(json["sector"] as? String ?? ""))
        #expect(json["no_leadership"] is NSNull)
        let passages = try #require(json["passages"] as? [[String: Any]])
        #expect(passages.map { Set($0.keys) } == [["index", "start", "end", "text"]])
        #expect(passages.first?["text"] as? String == Self.reflection)
        #expect(passages.first?["end"] as? Int == Self.reflection.unicodeScalars.count)
        let capabilities = try #require(json["capabilities"] as? [[String: Any]])
        let first = try #require(capabilities.first)
        #expect(Set(first.keys) == ["id", "name", "score", "evidence", "passages", "indicators"])
        #expect(first["id"] as? String == "self-leadership")
        #expect((first["evidence"] as? [String])?.isEmpty == false)
        #expect(first["passages"] as? [Int] == [0])
        let indicator = try #require((first["indicators"] as? [[String: Any]])?.first)
        #expect(Set(indicator.keys) == ["code", "text", "score", "passages"])
        let standard = try #require((json["standards"] as? [[String: Any]])?.first)
        #expect(Set(standard.keys) == ["framework", "code", "title", "score", "evidence", "passages", "elements"])
        let unit = try #require((json["units"] as? [[String: Any]])?.first)
        #expect(Set(unit.keys) == ["code", "title", "qualification", "qualification_name", "named_in_text", "score"])
        for list in ["capabilities", "standards"] {
            let scores = (json[list] as? [[String: Any]] ?? []).compactMap { $0["score"] as? Double }
            #expect(scores == scores.sorted(by: >), "\(list)")
            #expect(scores.allSatisfy { (0...1).contains($0) }, "\(list)")
        }
        #expect((json["units"] as? [[String: Any]] ?? []).allSatisfy { ($0["score"] as? Double).map { (0...1).contains($0) } == true })
    }

    /// Offsets count Unicode scalars, whatever the text holds, so a caller can highlight
    /// every passage an item cites.
    @Test func passagesCarryOffsetsIntoTheTextAndItemsCiteThem() throws {
        let text = "Thing 21 reflection 🙂\r\nI asked the team how we could involve residents in the garden, and they chose the plants themselves.\r\n"
            + "- We now meet monthly and the residents chair it.\r\nThe café\u{301} runs on Fridays."
        let json = try #require(try CLI().run("map", text, "--role", "frontline", "--json").json as? [String: Any])
        let passages = try #require(json["passages"] as? [[String: Any]])
        let scalars = Array(text.unicodeScalars)
        for passage in passages {
            let start = try #require(passage["start"] as? Int), end = try #require(passage["end"] as? Int)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == passage["text"] as? String)
        }
        let indices = Set(passages.compactMap { $0["index"] as? Int })
        let cited = (json["capabilities"] as? [[String: Any]] ?? []).flatMap { ($0["passages"] as? [Int]) ?? [] }
            + (json["standards"] as? [[String: Any]] ?? []).flatMap { ($0["passages"] as? [Int]) ?? [] }
        #expect(!cited.isEmpty)
        #expect(cited.allSatisfy(indices.contains))
    }

    @Test func mentionsAreListedWithTextCodeAndKind() throws {
        let result = try CLI().run("map", "My evidence for H7LK 04 towards GJ9V 24: I set up a handover huddle.", "--role", "manager", "--json")
        #expect(result.status == 0)
        let mentions = try #require((result.json as? [String: Any])?["mentions"] as? [[String: String]])
        #expect(mentions == [
            ["text": "H7LK 04", "code": "H7LK 04", "kind": "unit"],
            ["text": "GJ9V 24", "code": "svq-cslm-10", "kind": "qualification"],
        ])
    }

    @Test func readsStandardInputAFileOrArguments() throws {
        let cli = try CLI()
        let fromDash = try cli.run(["map", "-", "--json"], stdin: Self.reflection)
        let piped = try cli.run(["map", "--json"], stdin: Self.reflection)
        let file = cli.home.appendingPathComponent("reflection.txt")
        try Self.reflection.write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try cli.run("map", "--file", file.path, "--json")
        let fromArguments = try cli.run(["map", "--json"] + Self.reflection.split(separator: " ").map(String.init))
        #expect([fromDash, piped, fromFile, fromArguments].allSatisfy { $0.status == 0 })
        #expect(fromDash.stdout == fromFile.stdout && piped.stdout == fromFile.stdout && fromArguments.stdout == fromFile.stdout)
    }

    @Test func dashAsTheFileReadsStandardInput() throws {
        let cli = try CLI()
        let fromFileDash = try cli.run(["map", "--file", "-", "--json"], stdin: Self.reflection)
        let fromDash = try cli.run(["map", "-", "--json"], stdin: Self.reflection)
        #expect(fromFileDash.status == 0, "\(fromFileDash.stderr)")
        #expect(fromFileDash.stdout == fromDash.stdout)
        #expect((fromFileDash.json as? [String: Any])?["words"] as? Int == 20)
        let both = try cli.run(["map", "--file", "-", "-"], stdin: Self.reflection)
        #expect(both.status == 2 && both.stderr == "crosswalk: give the text as arguments, --file or -, not more than one\n")
    }

    @Test func aFolderIsRefusedWithItsNameNotACrash() throws {
        let cli = try CLI()
        let folder = cli.home.path
        let file = try cli.run("map", "--file", folder)
        #expect(file.status == 1)
        #expect(file.stderr == "crosswalk: cannot read \(folder): it is a folder\n")
        #expect(file.stdout.isEmpty)
        for arguments in [["map", "-"], ["map"], ["map", "--file", "-"]] {
            let piped = try cli.run(arguments, stdinPath: folder)
            #expect(piped.status == 1, "\(arguments)")
            #expect(piped.stderr == "crosswalk: cannot read standard input: it is a folder\n", "\(arguments)")
        }
    }

    @Test func emptyInputIsAUsageError() throws {
        let cli = try CLI()
        for (arguments, stdin) in [(["map", ""], nil), (["map", "   ", "\n"], nil), (["map", "-"], "  \n\t"), (["map"], "")] as [([String], String?)] {
            let result = try cli.run(arguments, stdin: stdin)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "crosswalk: the text to map is empty\n")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func textWithNoWordsIsAUsageError() throws {
        let cli = try CLI()
        for (arguments, stdin) in [(["map", "🙂"], nil), (["map", "‘’“”•… ---", "--json"], nil), (["map", "-"], "\u{0}\u{0}\u{7}"),
                                   (["map", "--file", "-"], "🙂🙂 !!! ((((")] as [([String], String?)] {
            let result = try cli.run(arguments, stdin: stdin)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "crosswalk: the text to map has no words\n", "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
    }

    @Test func badArgumentsSayWhichOne() throws {
        let cli = try CLI()
        let role = try cli.run("map", "text", "--role", "boss")
        #expect(role.status == 2 && role.stderr.contains("--role must be one of frontline, manager, strategic"))
        #expect(try cli.run("map", "text", "--limit", "0").status == 2)
        #expect(try cli.run("map", "text", "--file", "x.txt").status == 2)
        let missing = try cli.run("map", "--file", "/no/such/file.txt")
        #expect(missing.status == 1 && missing.stderr == "crosswalk: cannot read /no/such/file.txt: no such file or not readable\n")
    }

    @Test func hostileTextIsMappedLikeAnyOther() throws {
        let cli = try CLI()
        // Text with no words at all ("🙂") is a usage error: see textWithNoWordsIsAUsageError.
        for text in ["\"unbalanced", "NEAR(supervision", "safeguarding*)", "AND OR NOT", "“curly” ‘quotes’ • bullets – dashes", "Ünïcödé façade"] {
            let result = try cli.run("map", text, "--json")
            #expect(result.status == 0, "\(text): \(result.stderr)")
            #expect(result.json != nil)
        }
    }

    @Test func plainOutputFitsEightyColumnsAndNamesTheWords() throws {
        let result = try CLI().run("map", Self.reflection + " We tried a PDSA test of change on the rota.", "--role", "manager")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("CAPABILITIES"))
        #expect(result.stdout.contains("words: "))
        #expect(result.stdout.contains("STANDARDS"))
        #expect(result.stdout.contains("PDSA → "))
        for line in result.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "too wide: \(line)")
        }
        // The no-leadership sentence and long mentions wrap too.
        let qualifications = "I finished the SVQ Social Services and Healthcare at SCQF level 7 and the PDA Health and "
            + "Social Care Supervision at SCQF level 7"
        for text in ["The bus was late so I walked home and had soup for tea. " + qualifications + ", then Thing 4.",
                     Self.reflection + " " + qualifications + " and SCDLMCA1."] {
            let wrapped = try CLI().run("map", text, "--role", "manager")
            #expect(wrapped.status == 0)
            #expect(wrapped.stdout.contains("MENTIONS"))
            for line in wrapped.stdout.split(separator: "\n") {
                #expect(line.count <= 80, "too wide: \(line)")
            }
        }
    }

    @Test func textWithoutLeadershipContentSaysSoPlainly() throws {
        let cli = try CLI()
        let plain = try cli.run("map", "The bus was late so I walked home and had soup for tea.")
        #expect(plain.status == 0)
        #expect(plain.stdout.hasPrefix("No leadership content found in this text (13 words)"))
        let json = try #require(try cli.run("map", "The bus was late so I walked home and had soup for tea.", "--json").json as? [String: Any])
        #expect((json["capabilities"] as? [Any])?.isEmpty == true)
        #expect((json["standards"] as? [Any])?.isEmpty == true)
    }

    @Test func evalPrintsMapperAndBaselineSideBySide() throws {
        let path = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/eval/cases.jsonl").path
        let result = try CLI().run("eval", path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("4 cases (3 with leadership content, 2 with labelled standards, 1 without leadership content)"))
        for row in ["top-1 capability accuracy", "capability recall@3", "labelled-standard recall@5", "no-leadership cases empty"] {
            #expect(result.stdout.contains(row))
        }
        #expect(result.stdout.contains("CROSSWALK  BASELINE"))
        #expect(result.stdout.contains("1/1        0/1"))

        let json = try #require(try CLI().run("eval", path, "--json").json as? [String: Any])
        let mappers = try #require(json["mappers"] as? [[String: Any]])
        #expect(mappers.map { $0["mapper"] as? String } == ["crosswalk", "baseline"])
        #expect(Set(mappers[0].keys) == ["mapper", "top1", "recall_at_3", "standards_recall_at_5", "no_leadership_empty",
                                         "no_leadership_cases", "confusion", "first_share", "cases"])
        // The top-1 confusion: every case counted once, by its label and what came first.
        let confusion = try #require(mappers[0]["confusion"] as? [String: Any])
        #expect(confusion["labels"] as? [String] == ["vision", "self-leadership", "motivating-and-inspiring", "empowering",
                                                     "collaborating-and-influencing", "creativity-and-innovation", "none"])
        let counts = try #require(confusion["counts"] as? [[Int]])
        #expect(counts.count == 7 && counts.allSatisfy { $0.count == 7 })
        #expect(counts.joined().reduce(0, +) == 4)
        #expect(result.stdout.contains("TOP-1 CONFUSION"))
    }

    @Test func evalRejectsABadCaseFileWithItsLine() throws {
        let cli = try CLI()
        let file = cli.home.appendingPathComponent("bad.jsonl")
        try "{\"id\": \"a\", \"role\": \"manager\", \"text\": \"t\", \"primary\": \"vision\"}\n{oops\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.run("eval", file.path)
        #expect(result.status == 1)
        #expect(result.stderr == "crosswalk: \(file.path):2: not a JSON object\n")
        #expect(try cli.run("eval").status == 2)
    }
}
