import Foundation
import Testing

/// End to end: `qualification`, `compare` and `plan` from the built binary on the real data.
@Suite struct PlanningCLITests {
    @Test func qualificationByAwardCodeShowsUnitsAndAnAlignedCapabilityChart() throws {
        let result = try CLI().run("qualification", "GJ9V 24")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "svq-cslm-10  SVQ Care Services Leadership and Management at SCQF level 10")
        #expect(lines.contains { $0.contains("H7LG 04") && $0.contains("SCDLMCA1") })
        let chart = lines.filter { line in ["vision", "empowering", "creativity-and-innovation"].contains { line.hasPrefix("  \($0) ") } }
        #expect(chart.count == 3)
        // The bars start in the same column and have the same width.
        let starts = chart.map { line in line.distance(from: line.startIndex, to: line.firstIndex { "█▒·".contains($0) }!) }
        #expect(Set(starts).count == 1)
        // The mandatory units are all listed, the optional list is not: core is exact, the best
        // coverage a lower bound.
        #expect(chart.contains { $0.hasPrefix("  empowering ") && $0.contains(" 0.22  ≥0.41") })
        // Only a URL on a line of its own may run past 80 columns: it cannot be broken.
        #expect(lines.allSatisfy { $0.count <= 80 || ($0.hasPrefix("  https://") && !$0.dropFirst(2).contains(" ")) })
        #expect(lines.contains("Read at:"))
        #expect(lines.contains { $0.hasPrefix("Units known:   8 of 8 a candidate takes; incomplete") })
    }

    /// Uncertain unit membership marks the code, never cuts the title; unit routes say which units.
    @Test func qualificationMarksUncertainUnitsAndExplainsUnitRoutes() throws {
        let result = try CLI().run("qualification", "svq-sscyp-7")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("H5LC 04*"))
        #expect(result.stdout.contains("* uncertain: the unit's place in this award was not confirmed"))
        #expect(!result.stdout.contains("(uncertain)"))
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 || ($0.hasPrefix("  https://") && !$0.dropFirst(2).contains(" ")) })
        #expect(result.stdout.contains("day-care-children-practitioner    practice #7: 2 units + SVQ Playwork at SCQF"))
        #expect(!result.stdout.contains("any 2 units"))
        let flat = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flat.contains("Which units (day-care-children-practitioner"))
        #expect(flat.contains("H5LC 04 and H5LF 04"))
    }

    @Test func qualAliasFindsAQualificationByWordsOfAnAlias() throws {
        let result = try CLI().run("qual", "SSHC", "SCQF", "7", "--json")
        #expect(result.status == 0)
        let profile = try #require(result.json as? [String: Any])
        #expect(profile["id"] as? String == "svq-sshc-7")
        #expect(profile["units_taken"] as? Int == 8)
        let capabilities = try #require(profile["capabilities"] as? [String: [String: Any]])
        #expect(Set(capabilities.keys) == ["vision", "self-leadership", "motivating-and-inspiring", "empowering",
                                           "collaborating-and-influencing", "creativity-and-innovation"])
        let selfLeadership = try #require(capabilities["self-leadership"])
        #expect(selfLeadership["units"] as? Int == 1)
        #expect(selfLeadership["standards"] as? [String] == ["SCDHSC0032"])
        let support = try #require((selfLeadership["support"] as? [[String: Any]])?.first)
        #expect(support["code"] as? String == "H5LD 04")
        #expect(support["origin"] as? String == "computed")
    }

    @Test func ambiguousAndUnknownQualificationsFailWithCandidates() throws {
        let cli = try CLI()
        let ambiguous = try cli.run("qualification", "SVQ 3")
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stdout.isEmpty)
        #expect(ambiguous.stderr.hasPrefix("crosswalk: \"SVQ 3\" matches 6 qualifications: "))
        #expect(ambiguous.stderr.contains("svq-sshc-7 (SVQ Social Services and Healthcare at SCQF level 7 (GH60 23); only it has: healthcare)"))
        #expect(ambiguous.stderr.split(separator: "\n").count == 1)
        let unknown = try cli.run("qualification", "svq-sshc-8")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("closest: svq-sshc-"))
        #expect(try cli.run("qualification").status == 2)
    }

    @Test func compareShowsBothQualificationsSideBySide() throws {
        let cli = try CLI()
        let text = try cli.run("compare", "svq-sshc-9", "GJ9V 24")
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("A  svq-sshc-9 "))
        #expect(text.stdout.contains("\nB  svq-cslm-10 "))
        #expect(text.stdout.contains("vision") && text.stdout.contains("+0.31"))
        let json = try #require(try cli.run("compare", "SSHC SCQF 6", "SSHC SCQF 9", "--json").json as? [String: Any])
        let ids = (json["qualifications"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(ids == ["svq-sshc-6", "svq-sshc-9"])
        let selfLeadership = try #require((json["capabilities"] as? [String: [String: Any]])?["self-leadership"])
        let coverage = try #require(selfLeadership["coverage"] as? [String: [String: Any]])
        #expect((coverage["svq-sshc-6"]?["coverage"] as? Double).map { abs($0 - 0.317) < 0.001 } == true)
        #expect(try cli.run("compare", "svq-sshc-9").status == 2)
        #expect(try cli.run("compare", "svq-sshc-9", "SVQ 4 SSHC").status == 2)
    }

    @Test func planForASupervisorWithTheSCQF9SVQMeetsBothRequirements() throws {
        let result = try CLI().run("plan", "--role", "care-home-adults-supervisor", "--have", "SSHC SCQF 9", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try #require(result.json as? [String: Any])
        #expect((plan["role"] as? [String: Any])?["id"] as? String == "care-home-adults-supervisor")
        let requirements = try #require(plan["requirements"] as? [[String: Any]])
        #expect(requirements.map { $0["requirement"] as? String } == ["practice", "supervisory"])
        #expect(requirements.allSatisfy { $0["met"] as? Bool == true })
        let metBy = requirements.compactMap { ($0["met_by"] as? [[String: Any]])?.first?["qualifications"] as? [String] }
        #expect(metBy == [["svq-sshc-9"], ["svq-sshc-9"]])
        #expect((plan["missing"] as? [Any])?.isEmpty == true)
        let capabilities = try #require(plan["capabilities"] as? [String: [String: Any]])
        #expect(capabilities["self-leadership"]?["status"] as? String == "evidenced")
        #expect(capabilities["vision"]?["status"] as? String == "gap")
        let next = try #require(plan["next"] as? [[String: Any]])
        #expect(next.count == 10)
        #expect(next.allSatisfy { ($0["reason"] as? String)?.isEmpty == false && $0["code"] is String })
        #expect(next.map { $0["rank"] as? Int } == Array(1...10))
    }

    @Test func planForADayCareManagerShowsTheMissingChildhoodPracticeAward() throws {
        let result = try CLI().run("plan", "--role", "day-care-children-manager", "--have", "svq-sscyp-7", "--limit", "4")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Manager/lead practitioner of a day care of children service\n(day-care-children-manager)"))
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        // Qualifications are named as a person knows them: name and group award code.
        #expect(result.stdout.contains("practice    met      option 2: SVQ Social Services (Children and Young People)\n"))
        #expect(result.stdout.contains("(GH5W 23) (uncertain)"))
        #expect(result.stdout.contains("management  MISSING  24 accepted options:"))
        #expect(result.stdout.contains("Still missing: management qualification."))
        #expect(result.stdout.contains("1  qualification  ba-cp"))
        #expect(result.stdout.contains("Next steps"))
        let steps = result.stdout.components(separatedBy: "Next steps\n").last ?? ""
        #expect(steps.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.dropFirst(2).first?.isNumber == true }.count == 4)
    }

    /// A requirement met through a conditional option still shows the condition.
    @Test func aMetRequirementShowsTheConditionOfTheOptionMeetingIt() throws {
        let cli = try CLI()
        let result = try cli.run("plan", "--role", "care-home-adults-manager", "--have", "svq-sshc-9", "--have", "pda-csm-8")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("management  met      option 5: PDA Care Services Management at SCQF level 8\n"))
        #expect(result.stdout.contains("(G83V 15) (uncertain)"))
        let flat = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flat.contains("counts only if it was gained by 31 December 2019"))
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let json = try #require(try cli.run("plan", "--role", "care-home-adults-manager", "--have", "svq-sshc-9",
                                            "--have", "pda-csm-8", "--json").json as? [String: Any])
        let management = try #require((json["requirements"] as? [[String: Any]])?.last)
        let metBy = try #require((management["met_by"] as? [[String: Any]])?.first)
        #expect(metBy["status"] as? String == "uncertain" && metBy["origin"] as? String == "project")
        #expect((metBy["note"] as? String)?.contains("31 December 2019") == true)
    }

    /// The option the worker half-holds is listed even beyond the first five, with its own note.
    @Test func missingListsTheOptionTheWorkerHalfHoldsWithItsNote() throws {
        let result = try CLI().run("plan", "--role", "day-care-children-practitioner", "--have", "svq-playwork-7")
        #expect(result.status == 0, "\(result.stderr)")
        let flatOptions = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flatOptions.contains("SVQ Playwork at SCQF level 7 (GP1H 23) (held) + 2 units of SVQ Social Services (Children and Young People) at SCQF level 7 (GH5W 23) (see note)"))
        #expect(!result.stdout.contains("any 2 units"))
        let flat = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flat.contains("H5LC 04 and H5LF 04"))
        #expect(flat.contains("1  units  svq-sscyp-7") || result.stdout.contains("1  units          svq-sscyp-7"))
    }

    @Test func planErrorsAreOneLineWithTheRightExitCode() throws {
        let cli = try CLI()
        let unknown = try cli.run("plan", "--role", "care-home-adults-manger")
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "crosswalk: no register part matches \"care-home-adults-manger\"; closest: care-home-adults-manager\n")
        let ambiguous = try cli.run("plan", "--role", "manager")
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("matches 4 register parts"))
        let badHave = try cli.run("plan", "--role", "care-home-adults-manager", "--have", "no such award")
        #expect(badHave.status == 1)
        #expect(badHave.stderr.hasPrefix("crosswalk: no qualification matches \"no such award\""))
        #expect(try cli.run("plan").status == 2)
        #expect(try cli.run("plan", "--role", "care-home-adults-manager", "--limit", "0").status == 2)
    }

    @Test func withLogCountsTheConfirmedReferencesOfTheLearningLog() throws {
        let cli = try CLI()
        func creativity() throws -> (evidence: Double, sources: [[String: Any]]) {
            let result = try cli.run("plan", "--role", "care-home-adults-manager", "--with-log", "--json")
            #expect(result.status == 0, "\(result.stderr)")
            let plan = try #require(result.json as? [String: Any])
            let capabilities = try #require(plan["capabilities"] as? [String: [String: Any]])
            let creativity = try #require(capabilities["creativity-and-innovation"])
            return (try #require(creativity["evidence"] as? Double), creativity["sources"] as? [[String: Any]] ?? [])
        }
        let before = try creativity()
        #expect(try cli.run("log", "add", "--title", "Trying a new rota", "I tested a new way of planning shifts with the team.").status == 0)
        // Suggested references do not count until the worker confirms them.
        #expect(try creativity().evidence == before.evidence)
        #expect(try cli.run("log", "refs", "1", "+creativity-and-innovation").status == 0)
        let after = try creativity()
        #expect(after.evidence > before.evidence)
        #expect(after.sources.contains { $0["kind"] as? String == "log" && $0["code"] as? String == "entry 1"
            && ($0["via"] as? [String]) == ["creativity-and-innovation"] })
    }
}

@Suite struct CompareSignTests {
    @Test func aSmallerCoverageShowsAMinusSign() throws {
        let result = try CLI().run("compare", "svq-cslm-10", "pda-cp-9")
        #expect(result.status == 0)
        // Empowering: CSLM covers more than the PDA, so B − A is negative and must say so.
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("empowering ") })
        #expect(line.hasSuffix("-0.11"), "\(line)")
    }
}
