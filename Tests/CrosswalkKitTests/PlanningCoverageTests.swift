import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// Capability coverage of real qualifications, worked out by hand from the CSV files.
///
/// The strength of a unit for a capability is that of the NOS it is built on
/// (Data/links.csv: unit `built-on` NOS, NOS `evidences` capability). Coverage divides by the
/// units a candidate takes (Data/qualification_groups.csv).
@Suite struct PlanningCoverageTests {
    let coverage: QualificationCoverage
    let catalog: Catalog

    init() throws {
        let database = try RealData.database()
        coverage = QualificationCoverage(database: database)
        catalog = Catalog(database: database)
    }

    typealias Expected = (core: Double, coverage: Double, units: Int, standards: Int)

    func check(_ id: String, takes unitsTaken: Int, _ expected: [String: Expected]) throws {
        let profile = try coverage.profile(of: id)
        #expect(profile.unitsTaken == unitsTaken)
        #expect(profile.capabilities.map(\.id) == Capability.ids)
        for capability in profile.capabilities {
            let want = try #require(expected[capability.id], "\(capability.id) missing from the expectations")
            #expect(capability.core.isClose(to: want.core), "\(id) \(capability.id) core \(capability.core)")
            #expect(capability.coverage.isClose(to: want.coverage), "\(id) \(capability.id) coverage \(capability.coverage)")
            #expect(capability.units == want.units, "\(id) \(capability.id) units")
            #expect(capability.standards.count == want.standards, "\(id) \(capability.id) standards")
            #expect(capability.core <= capability.coverage + 1e-9)
        }
    }

    /// SVQ CSLM SCQF 10 (GJ9V 24): 4 mandatory + 4 optional, all 8 listed, so 8 units taken.
    ///   mandatory H7LG 04 → SCDLMCA1: self-leadership 1, empowering 0.6, motivating 0.3
    ///             H7LH 04 → SCDLMCB1: empowering 0.6, self-leadership 0.6, collaborating 0.3
    ///             H7LJ 04 → no NOS in the data
    ///             H7LK 04 → SCDLMCE1: collaborating 0.6, empowering 0.6, vision 0.3
    ///   optional  H7LL 04 → SCDLMCA2: vision 1, motivating 0.6, empowering 0.6
    ///             H7LX 04 → SCDLMCB7: vision 0.6, creativity 0.6, empowering 0.3
    ///             H7YG 04 → SCDLMCB8: empowering 0.6, motivating 0.6, creativity 0.3
    ///             H7M3 04 → SCDLMCE2: vision 0.6, motivating 0.6
    @Test func svqCareServicesLeadershipAndManagement() throws {
        try check("svq-cslm-10", takes: 8, [
            "vision": (0.3 / 8, (0.3 + 1 + 0.6 + 0.6) / 8, 4, 4),                       // 0.0375, 0.3125
            "self-leadership": ((1 + 0.6) / 8, (1 + 0.6) / 8, 2, 2),                     // 0.2, 0.2
            "motivating-and-inspiring": (0.3 / 8, (0.3 + 0.6 + 0.6 + 0.6) / 8, 4, 4),   // 0.0375, 0.2625
            "empowering": ((0.6 * 3) / 8, (0.6 * 3 + 0.6 + 0.3 + 0.6) / 8, 6, 6),        // 0.225, 0.4125
            "collaborating-and-influencing": ((0.3 + 0.6) / 8, (0.3 + 0.6) / 8, 2, 2),   // 0.1125, 0.1125
            "creativity-and-innovation": (0, (0.6 + 0.3) / 8, 2, 2),                     // 0, 0.1125
        ])
        let empowering = try #require(try coverage.profile(of: "svq-cslm-10").capability("empowering"))
        #expect(empowering.mandatoryUnits == 3 && empowering.optionalUnits == 3)
        #expect(empowering.origins.first { $0.0 == "computed" }?.1 == 6)
        #expect(empowering.supports.first?.code == "H7LG 04")
        #expect(empowering.supports.first?.basis == [.init(standard: "SCDLMCA1", strength: 0.6, origin: "project", status: "confirmed")])
    }

    /// SVQ SSHC SCQF 6 (GH5Y 22): 4 mandatory + choose 2 of 3 listed optional, so 6 units taken.
    ///   mandatory H5NA 04 → SCDHSC0021: empowering 0.6, collaborating 0.3
    ///             H5NB 04 → SCDHSC0022: self-leadership 0.3
    ///             H5L5 04 → SCDHSC0023: self-leadership 1
    ///             H5NC 04 → SCDHSC0024: self-leadership 0.6, empowering 0.3
    ///   optional  H5ND 04, H5NE 04, H5NF 04 → no NOS in the data
    @Test func svqSocialServicesAndHealthcareLevel6() throws {
        try check("svq-sshc-6", takes: 6, [
            "vision": (0, 0, 0, 0),
            "self-leadership": ((0.3 + 1 + 0.6) / 6, (0.3 + 1 + 0.6) / 6, 3, 3),   // 0.3167
            "motivating-and-inspiring": (0, 0, 0, 0),
            "empowering": ((0.6 + 0.3) / 6, (0.6 + 0.3) / 6, 2, 2),                // 0.15
            "collaborating-and-influencing": (0.3 / 6, 0.3 / 6, 1, 1),              // 0.05
            "creativity-and-innovation": (0, 0, 0, 0),
        ])
    }

    /// SVQ SS (Children and Young People) SCQF 9: 4 mandatory; the optional group's size is not
    /// in the data, so all 7 listed optional units count: 11 units taken.
    ///   mandatory H5VT 04 → SCDCCLD0401: collaborating 0.6, empowering 0.6
    ///             H5VV 04 → SCDHSC0042: self-leadership 0.6, creativity 0.3, empowering 0.3
    ///             H5VW 04, H5VX 04 → no NOS in the data
    ///   optional  H5W2 04 → SCDCCLD0408: collaborating 0.6, empowering 0.6, creativity 0.3
    ///             H5W3 04 → SCDCCLD0409: empowering 0.6, motivating 0.3
    ///             H5W6, H5WJ, H5WK, H5W4, H5W5 04 → no NOS in the data
    @Test func svqChildrenAndYoungPeopleLevel9() throws {
        try check("svq-sscyp-9", takes: 11, [
            "vision": (0, 0, 0, 0),
            "self-leadership": (0.6 / 11, 0.6 / 11, 1, 1),                               // 0.0545
            "motivating-and-inspiring": (0, 0.3 / 11, 1, 1),                              // 0.0273
            "empowering": ((0.6 + 0.3) / 11, (0.6 + 0.3 + 0.6 + 0.6) / 11, 4, 4),         // 0.0818, 0.1909
            "collaborating-and-influencing": (0.6 / 11, (0.6 + 0.6) / 11, 2, 2),          // 0.0545, 0.1091
            "creativity-and-innovation": (0.3 / 11, (0.3 + 0.3) / 11, 2, 2),              // 0.0273, 0.0545
        ])
    }

    /// PDA Childhood Practice SCQF 9: its units have no links, but the award is built on the
    /// Standard for Childhood Practice, so the whole award carries the headings' strengths:
    ///   SCP-VALUES: self-leadership 0.6, vision 0.6, empowering 0.3
    ///   SCP-KNOWLEDGE: vision 0.3, creativity 0.3
    ///   SCP-SKILLS: motivating 0.6, collaborating 0.6, creativity 0.3
    @Test func childhoodPracticeAwardCarriesTheStandardsLinks() throws {
        try check("pda-cp-9", takes: 8, [
            "vision": (0.6, 0.6, 0, 2),
            "self-leadership": (0.6, 0.6, 0, 1),
            "motivating-and-inspiring": (0.6, 0.6, 0, 1),
            "empowering": (0.3, 0.3, 0, 1),
            "collaborating-and-influencing": (0.6, 0.6, 0, 1),
            "creativity-and-innovation": (0.3, 0.3, 0, 2),
        ])
        let vision = try #require(try coverage.profile(of: "pda-cp-9").capability("vision"))
        #expect(vision.supports.map(\.group) == [nil])
        #expect(vision.supports.first?.status == "uncertain")
    }

    @Test func profileListsStructureUnitsWithTheirNOSAndRegisterUses() throws {
        let profile = try coverage.profile(of: "svq-cslm-10")
        #expect(profile.awardCode == "GJ9V 24")
        #expect(profile.scqfLevel == 10)
        #expect(profile.groups.map(\.name) == ["mandatory", "optional"])
        #expect(profile.groups.map(\.unitsTaken) == [4, 4])
        #expect(profile.mandatoryUnits.first { $0.code == "H7LG 04" }?.nos == ["SCDLMCA1"])
        #expect(profile.mandatoryUnits.first { $0.code == "H7LJ 04" }?.nos == [])
        let uses = profile.registration.map { "\($0.part) \($0.requirement) \($0.option) \($0.unitsRequired.map(String.init) ?? "-")" }
        #expect(uses.contains("care-home-adults-manager management 1 -"))
        #expect(uses.contains("care-home-adults-supervisor supervisory 4 2"))
        let json = profile.json
        #expect(json["capabilities"]?["empowering"]?["coverage"] == .score(profile.capability("empowering")!.coverage))
        #expect(json["units_taken"] == .int(8))
    }

    @Test func unlistedUnitsCountAsNothingRatherThanInflatingCoverage() throws {
        // SSHC SCQF 7: 4 mandatory + 4 optional taken, only H5S0 04 and H5LD 04 listed;
        // H5LD 04 → SCDHSC0032: self-leadership 0.3, empowering 0.3.
        let profile = try coverage.profile(of: "svq-sshc-7")
        #expect(profile.unitsTaken == 8)
        #expect(profile.capability("self-leadership")?.coverage.isClose(to: 0.3 / 8) == true)
    }

    // MARK: Finding qualifications and register parts

    @Test(arguments: [
        ("SSHC SCQF 7", "svq-sshc-7"), ("svq-sshc-7", "svq-sshc-7"), ("GJ9V 24", "svq-cslm-10"), ("gj9v24", "svq-cslm-10"),
        ("GJ9V  24", "svq-cslm-10"), ("SVQ 4 CSLM", "svq-cslm-10"), ("sshc scqf 9", "svq-sshc-9"),
        ("PDA Childhood Practice SCQF 9", "pda-cp-9"), ("HNC Social Services", "hnc-social-services"),
        ("care services leadership and management", "svq-cslm-10"), ("SSHC scqf 6", "svq-sshc-6"),
    ])
    func qualificationsResolveByIdCodeOrName(text: String, id: String) throws {
        #expect(try catalog.requireQualification(text) == id)
    }

    @Test func ambiguousNamesListTheCandidates() throws {
        let error = #expect(throws: CrosswalkError.self) { try catalog.requireQualification("SSHC") }
        #expect(error?.exitCode == 1)
        for id in ["svq-sshc-6", "svq-sshc-7", "svq-sshc-9"] { #expect(error?.description.contains(id) == true) }
        #expect(error?.description.hasPrefix("\"SSHC\" matches") == true)
    }

    @Test func unknownNamesSuggestTheClosest() throws {
        let typo = #expect(throws: CrosswalkError.self) { try catalog.requireQualification("svq-sshc-8") }
        #expect(typo?.description.contains("closest: svq-sshc-") == true)
        let misspelt = #expect(throws: CrosswalkError.self) { try catalog.requireQualification("Childhod Practise BA") }
        #expect(misspelt?.description.contains("ba-cp") == true)
        let unit = #expect(throws: CrosswalkError.self) { try catalog.requireQualification("H7LG 04") }
        #expect(unit?.description == "H7LG 04 is not a qualification (kind: unit); it is part of SVQ Care Services Leadership and Management at SCQF level 10 (GJ9V 24)")
    }

    /// Numbers are levels: never corrected to a near number, and a bare number is not taken
    /// as some other item whose code merely contains it.
    @Test func numbersMustMatchExactly() throws {
        let level = #expect(throws: CrosswalkError.self) { try catalog.requireQualification("SVQ 5") }
        #expect(level?.description.contains("closest") == false, "\(level?.description ?? "")")
        let bare = #expect(throws: CrosswalkError.self) { try catalog.requireQualification("21") }
        #expect(bare?.description.contains("is not a qualification") == false, "\(bare?.description ?? "")")
    }

    @Test func ambiguousNamesListEveryCandidateAndOnlyOfferCodesThatExist() throws {
        let many = #expect(throws: CrosswalkError.self) { try catalog.requireQualification("Childhood Practice") }
        let text = many?.description ?? ""
        let count = try #require(Int(text.split(separator: " ").dropFirst(3).first ?? ""))
        #expect(count > 8)
        #expect(text.components(separatedBy: "), ").count == count, "\(text)")
        #expect(!text.contains("more"))
        let noCodes = #expect(throws: CrosswalkError.self) { try catalog.requireQualification("registration requirements") }
        #expect(noCodes?.description.hasSuffix(", or give the id") == true, "\(noCodes?.description ?? "")")
    }

    @Test func registerPartsResolveByIdOrUniqueWords() throws {
        #expect(try catalog.requireRegisterPart("care-home-adults-supervisor") == "care-home-adults-supervisor")
        #expect(try catalog.requireRegisterPart("day care manager") == "day-care-children-manager")
        let ambiguous = #expect(throws: CrosswalkError.self) { try catalog.requireRegisterPart("supervisor") }
        for id in ["care-at-home-supervisor", "care-home-adults-supervisor", "housing-support-supervisor"] {
            #expect(ambiguous?.description.contains(id + " (") == true)
        }
        let unknown = #expect(throws: CrosswalkError.self) { try catalog.requireRegisterPart("care-home-adults-manger") }
        #expect(unknown?.description.contains("closest: care-home-adults-manager") == true)
    }
}
