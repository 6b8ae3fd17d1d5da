import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// Capability gaps and next steps of `crosswalk plan`, over the real data.
@Suite struct PlanningCareerPlanTests {
    let planner: CareerPlanner

    init() throws {
        planner = CareerPlanner(database: try RealData.database())
    }

    func capability(_ plan: CareerPlan, _ id: String) throws -> CapabilityGap {
        try #require(plan.capabilities.first { $0.id == id })
    }

    @Test func supervisorsAndManagersAreMeasuredAgainstTheManagerIndicators() throws {
        let supervisor = try planner.plan(role: "care-at-home-supervisor", have: [])
        #expect(supervisor.part.indicatorRole == .manager)
        #expect(try capability(supervisor, "vision").indicators.map(\.code).allSatisfy { $0.hasPrefix("vision/M") })
        let practitioner = try planner.plan(role: "day-care-children-practitioner", have: [])
        #expect(practitioner.part.indicatorRole == .frontline)
        #expect(try capability(practitioner, "vision").indicators.count == 5)
        #expect(practitioner.capabilities.allSatisfy { $0.status == "gap" && $0.sources.isEmpty })
    }

    /// SSHC SCQF 9 held: mandatory H5VV 04 (SCDHSC0042: self-leadership 0.6, creativity 0.3,
    /// empowering 0.3) and H5PJ 04 (SCDHSC0045: self-leadership 0.6, empowering 0.6,
    /// collaborating 0.3). Evidence = 1 − Π(1 − s).
    @Test func heldMandatoryUnitsCombineIntoCapabilityEvidence() throws {
        let plan = try planner.plan(role: "care-home-adults-supervisor", have: ["svq-sshc-9"])
        let expected: [String: (Double, String)] = [
            "vision": (0, "gap"),
            "self-leadership": (1 - 0.4 * 0.4, "evidenced"),            // 0.84
            "motivating-and-inspiring": (0, "gap"),
            "empowering": (1 - 0.4 * 0.7, "evidenced"),                 // 0.72
            "collaborating-and-influencing": (0.3, "partly"),
            "creativity-and-innovation": (0.3, "partly"),
        ]
        for gap in plan.capabilities {
            let (evidence, status) = try #require(expected[gap.id])
            #expect(gap.evidence.isClose(to: evidence), "\(gap.id) \(gap.evidence)")
            #expect(gap.status == status, "\(gap.id)")
        }
        #expect(try capability(plan, "self-leadership").sources.map(\.code) == ["H5PJ 04", "H5VV 04"])
        #expect(try capability(plan, "self-leadership").sources.allSatisfy { $0.through == "svq-sshc-9" && $0.kind == "unit" })
    }

    @Test func aUnitSharedByTwoHeldAwardsCountsOnce() throws {
        // H5VV 04 is mandatory in both SSHC SCQF 9 and SS CYP SCQF 9.
        let both = try planner.plan(role: "care-home-adults-manager", have: ["svq-sshc-9", "svq-sscyp-9"])
        let creativity = try capability(both, "creativity-and-innovation")
        #expect(creativity.sources.map(\.code) == ["H5VV 04"])
        #expect(creativity.evidence.isClose(to: 0.3))
    }

    /// With nothing held the benchmark awards of each requirement (option 1) come first; the
    /// SCQF 9 award that meets both requirements follows, being two levels above the usual one.
    @Test func theBenchmarkRoutesComeBeforeABiggerAwardMeetingBothRequirements() throws {
        let plan = try planner.plan(role: "care-home-adults-supervisor", have: [])
        #expect(Set(plan.next.prefix(2).map(\.codes)) == [["svq-sshc-7"], ["pda-hsc-supervision-7"]])
        #expect(plan.next.prefix(2).allSatisfy { $0.closes.map(\.option) == [1] })
        let both = try #require(plan.next.first { $0.codes == ["svq-sshc-9"] })
        #expect(both.kind == "qualification")
        #expect(Set(both.closes.map(\.requirement)) == ["practice", "supervisory"])
        #expect(both.reason.hasPrefix("Meets the practice requirement (option 3) and the supervisory requirement (option 2)"))
        // The two-unit route through the same award is a separate, partial suggestion.
        let partial = plan.missing.first { $0.requirement == "supervisory" }?.options.first { $0.number == 3 }
        #expect(partial?.isPartialRoute == true)
        // Every qualification suggestion comes before every unit or activity.
        let kinds = plan.next.map(\.kind)
        let firstOther = kinds.firstIndex { $0 == "unit" || $0 == "activity" } ?? kinds.count
        #expect(kinds[..<firstOther].allSatisfy { $0 == "qualification" || $0 == "units" })
        #expect(kinds[firstOther...].allSatisfy { $0 == "unit" || $0 == "activity" })
    }

    @Test func onlyTheMissingRequirementIsSuggestedFor() throws {
        let plan = try planner.plan(role: "day-care-children-manager", have: ["svq-sscyp-7"])
        let routes = plan.next.filter { $0.kind == "qualification" }
        #expect(!routes.isEmpty && routes.count <= 3)
        #expect(routes.allSatisfy { $0.closes.allSatisfy { $0.requirement == "management" } })
        #expect(routes.first?.codes == ["ba-cp"])
        // ELC workers are pointed at 23 Things ELC Leadership, not the social services programme.
        #expect(plan.next.filter { $0.kind == "activity" }.allSatisfy { $0.codes[0].hasPrefix("23ELC-") })
    }

    @Test func aRouteCompletedByAHeldAwardSaysSo() throws {
        let plan = try planner.plan(role: "day-care-children-manager", have: ["svq-sscyp-7", "ba-hons-social-work"])
        let first = try #require(plan.next.first)
        #expect(first.codes == ["ba-cp"])
        #expect(first.closes.map(\.option) == [1, 7])
        #expect(first.reason.contains("option 7 together with BA (Hons) Social Work, which you hold"))
        #expect(first.reason.contains("Only 60 credits are needed"))
    }

    /// Next steps follow the sensible route, not the amount of data behind an award.
    @Test(arguments: [
        ("care-at-home-practitioner", ["svq-sshc-6"], ["svq-sshc-7"]),
        ("care-home-adults-practitioner", [], ["svq-sshc-7"]),
        ("housing-support-supervisor", [], ["svq-sshc-7", "pda-hsc-supervision-7"]),
    ])
    func theBenchmarkAwardIsSuggestedFirst(role: String, have: [String], first: [String]) throws {
        let plan = try planner.plan(role: role, have: have)
        let routes = plan.next.filter { !$0.closes.isEmpty }
        #expect(Set(routes.prefix(first.count).flatMap(\.codes)) == Set(first), "\(routes.map(\.codes))")
        #expect(routes.prefix(first.count).allSatisfy { $0.closes.contains { $0.option == 1 } })
        // A larger award than the role usually needs comes after the benchmark, if at all.
        if let senior = routes.firstIndex(where: { $0.codes == ["svq-sshc-9"] }) { #expect(senior >= first.count) }
    }

    /// Stand-ins for other regulators' qualifications ("a qualification meeting HCPC
    /// registration") and legacy awards are options when held, never advice.
    @Test(arguments: RealData.registerPartIDs)
    func standInsAndLegacyAwardsAreNeverSuggested(part: String) throws {
        let plan = try planner.plan(role: part, have: [], limit: 100)
        let suggested = Set(plan.next.flatMap(\.codes))
        for id in ["hcpc-registrable", "gtcs-registrable", "nmc-registrable", "gmc-registrable", "cld-degree",
                   "other-supervisory-15-credits", "svq-nvq-4-care", "svq-lmcs-10", "pda-csm-8", "nc-eec-6"] {
            #expect(!suggested.contains(id), "\(part) suggests \(id)")
        }
        // Held, a stand-in still meets the requirement.
        if let option = plan.requirements.first?.options.first(where: { $0.entries.map(\.qualification) == ["hcpc-registrable"] }) {
            let held = try planner.plan(role: part, have: ["hcpc-registrable"])
            #expect(held.requirements.first?.metBy.map(\.number).contains(option.number) == true)
        }
    }

    /// Playwork SCQF 7 counts for day care practitioners with two named CYP units: the route the
    /// worker is already half-way along comes first and says which units.
    @Test func aUnitRouteTheWorkerHalfHoldsIsTheFirstNextStep() throws {
        let plan = try planner.plan(role: "day-care-children-practitioner", have: ["svq-playwork-7"])
        let first = try #require(plan.next.first)
        #expect(first.kind == "units")
        #expect(first.codes == ["svq-sscyp-7"])
        #expect(first.title.hasPrefix("2 units of SVQ Social Services (Children and Young People)"))
        #expect(!first.title.contains("any"))
        #expect(first.reason.contains("together with SVQ Playwork at SCQF level 7 (GP1H 23), which you hold"))
        #expect(first.reason.contains("H5LC 04 and H5LF 04"))
    }

    @Test func optionalUnitsOfAHeldAwardAreSuggestedForItsWeakCapabilities() throws {
        let plan = try planner.plan(role: "care-home-adults-manager", have: ["svq-sshc-9", "svq-cslm-10"])
        #expect(plan.missing.isEmpty)
        #expect(plan.next.allSatisfy { $0.kind == "unit" || $0.kind == "activity" })
        // vision has only H7LK 04 (0.3) so far; H7LL 04 evidences it at 1 via SCDLMCA2.
        let change = try #require(plan.next.first { $0.codes == ["H7LL 04"] })
        #expect(change.reason.hasPrefix("Evidences vision (1, computed via SCDLMCA2, uncertain)"))
        #expect(change.reason.contains("optional unit of SVQ Care Services Leadership and Management at SCQF level 10 (GJ9V 24), which you hold"))
        let scores = plan.next.map(\.score)
        #expect(scores == scores.sorted(by: >))
    }

    /// The plan reads the log through `LogEvidence`: each entry that evidences a capability
    /// counts once, with its strongest reference.
    @Test func confirmedReferencesAddEvidenceAndMarkIndicators() throws {
        let without = try planner.plan(role: "care-home-adults-supervisor", have: ["svq-sshc-9"])
        #expect(without.next.contains { $0.codes == ["23L-5"] })
        let log = try LogEvidence.confirming(["vision/M2", "23L-5", "SCDLMCE2", "NOT-A-CODE"], database: planner.database)
        let plan = try planner.plan(role: "care-home-adults-supervisor", have: ["svq-sshc-9"], log: log)
        let vision = try capability(plan, "vision")
        // 23L-5 evidences vision at 1: nothing is left to close.
        #expect(vision.evidence.isClose(to: 1))
        #expect(vision.indicators.filter(\.evidenced).map(\.code) == ["vision/M2"])
        #expect(vision.logEntries.map(\.id) == [1, 2, 3])
        #expect(vision.sources.contains { $0.code == "entry 2" && $0.kind == "log" && $0.via == ["23L-5"] })
        // SCDLMCE2 evidences motivating and inspiring at 0.6; 23L-5 only touches on it (0.3),
        // which does not count: the same rule as `log summary`.
        let motivating = try capability(plan, "motivating-and-inspiring")
        #expect(motivating.logEntries.map(\.id) == [3])
        #expect(motivating.evidence.isClose(to: 0.6))
        #expect(plan.references.map(\.resolved) == ["23L-5", nil, "SCDLMCE2", "vision/M2"])
        // A Thing already in the log is not suggested again.
        #expect(!plan.next.contains { $0.codes == ["23L-5"] })
    }

    /// H5LF 04's links are confirmed, but its place in the SS CYP SCQF 7 award is not: the
    /// evidence it gives through that award is uncertain.
    @Test func evidenceIsUncertainWhenTheUnitsPlaceInTheAwardIs() throws {
        let plan = try planner.plan(role: "day-care-children-practitioner", have: ["svq-sscyp-7"])
        let sources = plan.capabilities.flatMap(\.sources).filter { $0.code == "H5LF 04" }
        #expect(!sources.isEmpty)
        #expect(sources.allSatisfy { $0.status == "uncertain" })
    }

    /// A confirmed capability or indicator reference counts like a link that clearly supports
    /// the capability (0.6): the log evidences it, as `log summary` says, and a second entry adds
    /// to it; indicators are marked one by one.
    @Test func logReferencesCountAsClearSupportAndIndicatorsAreMarked() throws {
        let capabilityOnly = try planner.plan(role: "care-home-adults-manager", have: [],
                                              log: LogEvidence.confirming(["vision"], database: planner.database))
        let vision = try capability(capabilityOnly, "vision")
        #expect(vision.evidence.isClose(to: CapabilityGap.confirmedCapabilityStrength))
        #expect(vision.status == "evidenced")
        #expect(vision.indicators.allSatisfy { !$0.evidenced })
        let indicators = try capability(planner.plan(role: "care-home-adults-manager", have: []), "vision").indicators.map(\.code)
        let one = try capability(planner.plan(role: "care-home-adults-manager", have: [],
                                              log: LogEvidence.confirming([indicators[0]], database: planner.database)), "vision")
        #expect(one.evidence.isClose(to: 0.6))
        #expect(one.indicators.filter(\.evidenced).count == 1)
        let two = try capability(planner.plan(role: "care-home-adults-manager", have: [],
                                              log: LogEvidence.confirming(Array(indicators.prefix(2)), database: planner.database)), "vision")
        #expect(two.evidence.isClose(to: 1 - 0.4 * 0.4))
        #expect(two.indicators.filter(\.evidenced).count == 2)
    }

    @Test func jsonHasTheDocumentedFields() throws {
        let json = try planner.plan(role: "care-home-adults-supervisor", have: ["svq-sshc-7"]).json
        #expect(json["role"]?["id"] == .string("care-home-adults-supervisor"))
        guard case .array(let requirements) = json["requirements"] else { Issue.record("requirements"); return }
        #expect(requirements.map { $0["met"] } == [.bool(true), .bool(false)])
        guard case .array(let metBy) = requirements[0]["met_by"] else { Issue.record("met_by"); return }
        #expect(metBy.first?["option"] == .int(1))
        #expect(metBy.first?["qualifications"] == .strings(["svq-sshc-7"]))
        #expect(metBy.first?["status"] == .string("confirmed") && metBy.first?["origin"] == .string("official"))
        #expect(metBy.first?["note"] != nil)
        guard case .array(let missing) = json["missing"] else { Issue.record("missing"); return }
        #expect(missing.first?["requirement"] == .string("supervisory"))
        guard case .object(let capabilities) = json["capabilities"] else { Issue.record("capabilities"); return }
        #expect(capabilities.map(\.0) == Capability.ids)
        guard case .array(let next) = json["next"] else { Issue.record("next"); return }
        #expect(next.first?["rank"] == .int(1))
        #expect(next.first?["reason"] != nil)
    }
}
