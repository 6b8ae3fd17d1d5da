import Foundation
import Testing

/// `crosswalk thing N`, its readiness check, and the path a worker takes from a draft to a badge
/// application, run as the built CLI.
@Suite struct ThingCLITests {
    /// A Thing 21 draft that answers prompts a, b and d, not c, in fewer than 400 words.
    static let draft = """
        I worked through Thing 21 with my manager and two senior carers in our care home.

        The main enablers of good leadership in our home are regular supervision, a manager who listens and a \
        team culture where staff feel trusted to speak up. The biggest barriers are staff turnover and the pressure \
        of agency shifts, which leave little time for reflection.

        To strengthen the enablers we agreed to protect supervision time every month. To lessen the barriers we will \
        write a short induction pack so that agency staff know each resident's routines.

        These actions would make a real difference to residents: they would see familiar faces more often and feel \
        more settled at night.
        """

    @Test func theCardShowsStepsPromptsWordsAndSource() throws {
        let cli = try CLI()
        let card = try cli.run("thing", "21")
        #expect(card.status == 0, "\(card.stderr)")
        for expected in ["Thing 21: What does good leadership look like in Scotland's social services?",
                         "Counts towards: Evaluation of impact", "Do first:       Things 1 to 4",
                         "at least 400 words, answering the 4 prompts below", "STEPS", "PROMPTS",
                         "CI-CH 2.4 Staff are led well", "https://23leadership.sssc.uk.com/2017/04/28/thing-21-digital-legacy/"] {
            #expect(card.stdout.contains(expected), "\(expected)")
        }
        for letter in ["a", "b", "c", "d"] { #expect(card.stdout.contains("\n  \(letter)  "), "\(letter)") }
        #expect(card.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        // The same Thing by its name and its code; a bare number follows `log config programme`.
        #expect(try cli.run("thing", "Thing", "21").stdout == card.stdout)
        #expect(try cli.run("thing", "23L-21").stdout == card.stdout)
        #expect(try cli.run("log", "config", "programme", "elc").status == 0)
        #expect(try cli.run("thing", "23").stdout.contains("How can I use leadership development to support my career development?"))

        let json = try #require(try cli.run("thing", "23L-21", "--json").json as? [String: Any])
        #expect(json["code"] as? String == "23L-21")
        #expect(json["min_words"] as? Int == 400)
        #expect((json["prompts"] as? [[String: Any]])?.map { $0["id"] as? String } == ["a", "b", "c", "d"])
        #expect((json["quality_indicators"] as? [[String: Any]])?.count == 4)
        #expect(json["page"] as? String == "read")
    }

    @Test func aThingWhosePageIsNotInTheRecordSaysSo() throws {
        let cli = try CLI()
        let card = try cli.run("thing", "23L-5")
        #expect(card.status == 0)
        #expect(card.stdout.contains("No page for this Thing is in the record"))
        #expect(!card.stdout.contains("STEPS") && !card.stdout.contains("PROMPTS"))
        let draft = cli.home.appendingPathComponent("draft.txt")
        try Self.draft.write(to: draft, atomically: true, encoding: .utf8)
        let check = try #require(try cli.run("thing", "23L-5", "--check", draft.path, "--json").json as? [String: Any])
        #expect(check["ready"] as? Bool == false)
        #expect(check["prompts_known"] as? Bool == false)
    }

    @Test func helpNamesEachOptionOnce() throws {
        let cli = try CLI()
        for command in [["thing"], ["log", "show"], ["log", "export"]] {
            let help = try cli.run(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("crosswalk log show 4 --check") || command == ["log", "export"], "\(command)")
            #expect(!help.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
                .contains("(repeatable) (repeatable)"), "\(command)")
        }
    }

    @Test func badThingsAndDraftsAreUsageErrors() throws {
        let cli = try CLI()
        let none = try cli.run("thing", "24")
        #expect(none.status == 2 && none.stdout.isEmpty)
        #expect(none.stderr.hasPrefix("crosswalk: no Thing \"24\""))
        #expect(try cli.run("thing").status == 2)
        let empty = try cli.run(["thing", "21", "--check", "-"], stdin: "   \n")
        #expect(empty.status == 2 && empty.stderr.contains("is empty"))
        let missing = try cli.run("thing", "21", "--check", cli.home.appendingPathComponent("nope.txt").path)
        #expect(missing.status == 1)
        #expect(try cli.run("thing", "21", "--role", "no-such-part").status != 0)
        #expect(try cli.run("thing", "21", "--have", "svq-sscyp-7").status == 2)
    }

    @Test func aDraftIsCheckedFromAFileOrStandardInput() throws {
        let cli = try CLI()
        let draft = cli.home.appendingPathComponent("draft.txt")
        try Self.draft.write(to: draft, atomically: true, encoding: .utf8)
        let check = try cli.run("thing", "21", "--check", draft.path, "--role", "manager")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("NOT READY  3 of 4 prompts answered"))
        #expect(check.stdout.contains("  c  MISSING "))
        #expect(check.stdout.contains("WHAT TO ADD"))
        #expect(check.stdout.contains("No passage says which actions would help evidence the 'How good is our"))
        #expect(check.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        // Quoted passages mark the words that matched.
        #expect(check.stdout.contains("*enablers*"))

        let piped = try cli.run(["thing", "21", "--check", "-", "--role", "manager", "--json"], stdin: Self.draft)
        let json = try #require(piped.json as? [String: Any])
        #expect(json["ready"] as? Bool == false)
        #expect(json["minimum"] as? Int == 400)
        let prompts = try #require(json["prompts"] as? [[String: Any]])
        #expect(prompts.map { $0["answered"] as? Bool } == [true, true, false, true])
        for key in ["words", "capabilities", "standards", "suggestions"] { #expect(json[key] != nil, "\(key)") }
    }

    /// The whole path of the issue: card, draft, check, log, statement, badge package.
    @Test func fromDraftToBadgeApplication() throws {
        let cli = try CLI()
        let draft = cli.home.appendingPathComponent("draft.txt")
        try Self.draft.write(to: draft, atomically: true, encoding: .utf8)
        #expect(try cli.run("log", "config", "name", "Alex Morgan").status == 0)
        let added = try cli.run("log", "add", "--title", "Thing 21: good leadership in our home", "--thing", "21",
                                "--role", "manager", "--file", draft.path)
        #expect(added.status == 0)
        #expect(added.stderr.contains("needs at least 400 words"))
        #expect(try cli.run("log", "refs", "1", "--accept-all").status == 0)

        // The entry is checked as the file was.
        let shown = try cli.run("log", "show", "1", "--check")
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("NOT READY  3 of 4 prompts answered"))
        #expect(try cli.run("log", "add", "--title", "No Thing", "text").status == 0)
        let noThing = try cli.run("log", "show", "2", "--check")
        #expect(noThing.status == 2 && noThing.stderr.contains("is not written for a Thing"))

        let statement = try cli.run("log", "export", "--format", "statement", "--thing", "21")
        #expect(statement.status == 0)
        #expect(statement.stdout.hasPrefix(Self.draft.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(statement.stdout.contains("Leadership capabilities this evidences:\n- "))
        #expect(statement.stderr.contains(" words ("))
        #expect(statement.stderr.contains("short of the 400 Thing 21 asks for"))
        // By entry id too, and as a .txt file.
        #expect(try cli.run("log", "export", "--format", "statement", "1").stdout == statement.stdout)
        let file = cli.home.appendingPathComponent("statement.txt")
        #expect(try cli.run("log", "export", "1", "--out", file.path).status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == statement.stdout)

        let badge = try #require(try cli.run("log", "export", "--format", "badge", "--thing", "21").json as? [String: Any])
        #expect((badge["badge"] as? [String: Any])?["thing"] as? String == "23L-21")
        #expect((badge["evidence"] as? [[String: Any]])?.first?["type"] as? String == "Evidence")
        let alignment = try #require(badge["alignment"] as? [[String: Any]])
        #expect(!alignment.isEmpty)
        #expect(!alignment.contains { $0["targetCode"] as? String == "23L-21" })
        for item in alignment {
            let description = try #require(item["targetDescription"] as? String)
            for note in ["background knowledge", "Project wording", "not confirmed", "not found"] {
                #expect(!description.contains(note), "\(item["targetCode"] ?? ""): \(description)")
            }
        }

        let credential = try #require(try cli.run("log", "export", "--format", "ob3", "1").json as? [String: Any])
        #expect((credential["type"] as? [String])?.contains("OpenBadgeCredential") == true)
        #expect((credential["description"] as? String)?.contains("not verifiable until it is signed") == true)
    }

    @Test func ob3NeedsTheLearnersName() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "add", "--title", "Huddle", "I led the huddle.").status == 0)
        let refused = try cli.run("log", "export", "--format", "ob3")
        #expect(refused.status == 2 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("log config name"))
    }

    @Test func aReferenceWithNoPublishersPageIsNamedOnStderr() throws {
        let cli = try CLI()
        #expect(try cli.run("log", "config", "name", "Alex Morgan").status == 0)
        #expect(try cli.run("log", "add", "--title", "SVQ done", "I finished my SVQ this year.").status == 0)
        #expect(try cli.run("log", "refs", "1", "+svq-sscyp-7", "+CPL-6").status == 0)
        for format in ["badge", "ob3"] {
            let export = try cli.run("log", "export", "--format", format, "1")
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stderr.contains("1 confirmed reference has no publisher's page to align to and is left out (svq-sscyp-7)"),
                    "\(format): \(export.stderr)")
            #expect(!export.stdout.contains("\"targetCode\" : \"svq-sscyp-7\"") && !export.stdout.contains("\"targetCode\": \"svq-sscyp-7\""))
            #expect(export.stdout.contains("CPL-6"))
        }
        // A statement aligns nothing, so it says nothing about pages.
        #expect(!(try cli.run("log", "export", "--format", "statement", "1").stderr.contains("publisher's page")))
    }

    @Test func thing23ShowsTheRouteForTheRegisterPart() throws {
        let cli = try CLI()
        let without = try cli.run("thing", "23ELC-23")
        #expect(without.stdout.contains("YOUR ROUTE") && without.stdout.contains("log config part PART"))
        #expect(try cli.run("log", "config", "part", "Day-Care-Children-Practitioner ").status == 0)
        #expect(try cli.run("log", "config", "part").stdout.contains("day-care-children-practitioner"))
        let card = try cli.run("thing", "23ELC-23")
        #expect(card.stdout.contains("Practitioner in a day care of children service"))
        #expect(card.stdout.contains("Next register requirement: practice qualification; the plan's steps"))
        let held = try cli.run("thing", "23ELC-23", "--have", "svq-sscyp-7")
        #expect(held.stdout.contains("practice     met by svq-sscyp-7"))
        let json = try #require(try cli.run("thing", "23ELC-23", "--json").json as? [String: Any])
        #expect(((json["route"] as? [String: Any])?["part"] as? [String: Any])?["id"] as? String == "day-care-children-practitioner")
        let refused = try cli.run("log", "config", "part", "astronaut")
        #expect(refused.status != 0)
    }
}
