import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// Qualifications and register parts are found from the words people use for them.
@Suite struct PlanningNameLookupTests {
    let catalog: Catalog

    init() throws {
        catalog = Catalog(database: try RealData.database())
    }

    /// Thirty ways workers, managers and assessors write the awards and roles they mean.
    static let phrasings: [(kind: String, text: String, id: String)] = [
        ("qualification", "SVQ SSHC SCQF 7", "svq-sshc-7"),
        ("qualification", "SVQ 3 social services and healthcare", "svq-sshc-7"),
        ("qualification", "SVQ 3 Social Services & Healthcare", "svq-sshc-7"),
        ("qualification", "SVQ level 3 in social services and healthcare", "svq-sshc-7"),
        ("qualification", "SSHC level 3", "svq-sshc-7"),
        ("qualification", "modern apprenticeship social services and healthcare level 7", "svq-sshc-7"),
        ("qualification", "svq 2 sshc", "svq-sshc-6"),
        ("qualification", "SVQ 4 social services and healthcare", "svq-sshc-9"),
        ("qualification", "SVQ 4 CSLM", "svq-cslm-10"),
        ("qualification", "SVQ 4 care services leadership and management", "svq-cslm-10"),
        ("qualification", "SVQ Care Services Leadership and Management SCQF 10", "svq-cslm-10"),
        ("qualification", "professional apprenticeship CSLM", "svq-cslm-10"),
        ("qualification", "PDA Childhood Practice level 9", "pda-cp-9"),
        ("qualification", "PDA childhood practice SCQF 8", "pda-cp-8"),
        ("qualification", "BA Childhood Practice", "ba-cp"),
        ("qualification", "HNC Childhood Practice", "hnc-cp"),
        ("qualification", "SVQ 3 children and young people", "svq-sscyp-7"),
        ("qualification", "SVQ social services children and young people SCQF 9", "svq-sscyp-9"),
        ("qualification", "PDA in health and social care supervision", "pda-hsc-supervision-7"),
        ("qualification", "degree in social work", "ba-hons-social-work"),
        ("qualification", "SVQ playwork level 3", "svq-playwork-7"),
        ("register part", "care home supervisor", "care-home-adults-supervisor"),
        ("register part", "supervisor in a care home for adults", "care-home-adults-supervisor"),
        ("register part", "care home manager", "care-home-adults-manager"),
        ("register part", "day care manager", "day-care-children-manager"),
        ("register part", "care at home supervisor", "care-at-home-supervisor"),
        ("register part", "home care manager", "care-at-home-manager"),
        ("register part", "housing support worker", "housing-support-support-worker"),
        ("register part", "nursery manager", "day-care-children-manager"),
        ("register part", "early years practitioner", "day-care-children-practitioner"),
    ]

    @Test(arguments: Self.phrasings.indices)
    func realPhrasingsFindWhatTheyMean(index: Int) throws {
        let (kind, text, id) = Self.phrasings[index]
        let found = kind == "qualification" ? try catalog.requireQualification(text) : try catalog.requireRegisterPart(text)
        #expect(found == id, "\(text)")
    }

    @Test func thirtyPhrasings() {
        #expect(Self.phrasings.count == 30)
    }

    /// "care home" is not "care at home": where the words stand decides between names that
    /// hold the same words.
    @Test func wordOrderTellsCareHomeFromCareAtHome() throws {
        #expect(try catalog.requireRegisterPart("care home support worker") == "care-home-adults-support-worker")
        #expect(try catalog.requireRegisterPart("care at home support worker") == "care-at-home-support-worker")
    }

    /// A name that really fits several lists them all, each with the words that tell it apart.
    @Test(arguments: [
        ("qualification", "PDA Childhood Practice", ["pda-cp-8 (PDA Childhood Practice at SCQF level 8; only it has: 8)",
                                                     "pda-cp-9 (PDA Childhood Practice at SCQF level 9; only it has: 9)"]),
        ("qualification", "SVQ 3", ["svq-sshc-7 (SVQ Social Services and Healthcare at SCQF level 7 (GH60 23); only it has: healthcare)",
                                    "svq-playwork-7 (SVQ Playwork at SCQF level 7 (GP1H 23); only it has: playwork)"]),
        ("register part", "supervisor", ["care-at-home-supervisor (Supervisor in a care at home service; only it has: care at home)",
                                         "care-home-adults-supervisor (Supervisor in a care home service for adults; only it has: adults)",
                                         "housing-support-supervisor (Supervisor in a housing support service; only it has: housing, support)"]),
    ])
    func ambiguousNamesListTheCandidatesWithTheWordsThatTellThemApart(kind: String, text: String, expected: [String]) throws {
        let error = #expect(throws: CrosswalkError.self) {
            _ = kind == "qualification" ? try catalog.requireQualification(text) : try catalog.requireRegisterPart(text)
        }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("\"\(text)\" matches "), "\(message)")
        for candidate in expected { #expect(message.contains(candidate), "\(candidate) in \(message)") }
        #expect(message.contains("add a word that tells them apart"))
        #expect(!message.contains("\n"))
    }
}
