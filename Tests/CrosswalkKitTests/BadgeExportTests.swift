import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// The exports a badge application uses: the statement for the form, the Open Badges 2.0
/// evidence package, and the unsigned Open Badges 3.0 credential; and the item descriptions
/// they carry, which never leak the data's provenance notes.
@Suite struct BadgeExportTests {
    let database: Database
    let lookup: ReferenceLookup
    let log: LearningLog

    static let reflection = """
        The main enablers of good leadership in our home are regular supervision and a manager who listens.

        To strengthen them we agreed to protect supervision time every month.
        """

    init() throws {
        database = try RealData.database()
        lookup = ReferenceLookup(database: database)
        log = try LogFixture.emptyLog()
        try log.setSetting("name", "Alex Morgan")
        _ = try log.add(LogFixture.draft("Thing 21 reflection", date: "2025-03-10", text: Self.reflection, hours: 3,
                                         thing: "23L-21", references: [
            LogFixture.reference("self-leadership", kind: "capability", .confirmed),
            LogFixture.reference("CI-CH 2.4", kind: "standard", .confirmed),
            LogFixture.reference("motivating-and-inspiring/M5", kind: "indicator", .confirmed),
            LogFixture.reference("23L-21", kind: "activity", .confirmed),
            LogFixture.reference("SCDLMCB1", kind: "standard", .suggested),
        ]))
        _ = try log.add(LogFixture.draft("Team huddle", date: "2025-03-12", text: "I led the huddle.", references: [
            LogFixture.reference("vision", kind: "capability", .confirmed),
        ]))
    }

    func record(_ filter: LogFilter = LogFilter(thing: "23L-21")) throws -> ExportRecord {
        try ExportRecord(log: log, filter: filter, lookup: lookup, exportedAt: "2025-04-01T09:00:00Z")
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every item a log can reference, as an alignment would describe it: no provenance note
    /// in its name or description, and something left to say.
    @Test func noItemDescriptionLeaksAProvenanceNote() throws {
        let codes = try database.query("""
            SELECT code FROM item WHERE kind IN ('capability', 'indicator', 'standard', 'element', 'unit', 'qualification', 'activity')
            """) { $0.string(0) }
        #expect(codes.count > 500)
        let descriptions = try ItemDescription.descriptions(of: codes, lookup: lookup)
        for code in codes {
            let info = try #require(try lookup.info(code))
            let description = descriptions[code] ?? ItemDescription.clean(info.description)
            let name = ItemDescription.cleanName(info.title)
            for text in [description, name] {
                #expect(!ItemDescription.isProvenanceNote(text), "\(code): \(text)")
                #expect(!text.contains("(Project wording"), "\(code)")
            }
            #expect(!name.isEmpty, "\(code)")
        }
        // The notes the old export leaked are gone.
        #expect(descriptions["CI-CH 2.1"]?.contains("background knowledge") == false)
        #expect(descriptions["CI-CH 2.1"]?.hasPrefix("Quality indicator of A quality framework for care homes") == true)
        #expect(descriptions["motivating-and-inspiring"]?.contains("Project wording") == false)
        #expect(descriptions["motivating-and-inspiring"]?.hasPrefix("Encouraging and energising others") == true)
        #expect(descriptions["COP 1"]?.contains("earlier edition") == false)
        #expect(descriptions["H5L5 04"]?.hasPrefix("SQA unit, ") == true && descriptions["H5L5 04"]?.contains(", in the SVQ Social Services and Healthcare") == true, "\(descriptions["H5L5 04"] ?? "")")
    }

    /// Every item a log can reference, as an alignment would point at it: the publisher's page
    /// for the item, its document or what it belongs to; never a mirror, a placeholder or
    /// something that is not a web address. An item with no such page is left out of a badge.
    @Test func everyAlignmentTargetIsAPublishersPage() throws {
        let codes = try database.query("""
            SELECT code FROM item WHERE kind IN ('capability', 'indicator', 'standard', 'element', 'unit', 'qualification', 'activity')
            """) { $0.string(0) }
        var withoutPage: [String] = []
        for code in codes {
            let info = try #require(try lookup.info(code))
            guard let url = info.referenceURL else { withoutPage.append(code); continue }
            #expect(AlignmentTarget.isWebAddress(url), "\(code): \(url)")
            #expect(!DocumentMirrors.isMirror(url), "\(code): \(url)")
            let lower = url.lowercased()
            for placeholder in ["example.", "localhost", "placeholder", "todo", "crosswalk", "urn:", "file:"] {
                #expect(!lower.contains(placeholder), "\(code): \(url)")
            }
            // A page read on the publisher's own site is the item's own page.
            if !DocumentMirrors.isMirror(info.sourceURL), AlignmentTarget.isWebAddress(info.sourceURL) {
                #expect(url == info.sourceURL, "\(code)")
            }
        }
        // Every capability, indicator and quality indicator has a page to align to.
        #expect(withoutPage.filter { $0.hasPrefix("CI-") || (try? lookup.info($0)?.kind) == "capability" } == [])
        #expect(withoutPage.count * 20 < codes.count, "\(withoutPage.count) of \(codes.count) have no page: \(withoutPage)")
    }

    @Test func theCleanerKeepsDescriptionsAndDropsOnlyNotes() {
        #expect(ItemDescription.clean("Whether staff are well led. Title taken from background knowledge and not confirmed on a page read.")
                == "Whether staff are well led.")
        #expect(ItemDescription.clean("Leadership quality indicator; title taken from background knowledge.") == "Leadership quality indicator.")
        #expect(ItemDescription.clean("Coaching people to grow. (Project wording: no official one-line definition was found.)")
                == "Coaching people to grow.")
        #expect(ItemDescription.cleanName("Thing 6 (title not found)") == "Thing 6")
        #expect(ItemDescription.clean("Keeps change moving despite uncertainty.") == "Keeps change moving despite uncertainty.")
        #expect(ItemDescription.cleanName("Challenges discrimination (this theme was only partly legible in the source).")
                == "Challenges discrimination.")
        #expect(ItemDescription.clean("Plans care with families (and carers).") == "Plans care with families (and carers).")
    }

    @Test func badgeIsAnEvidencePackageForTheThingAppliedFor() throws {
        let badge = try object(try record().render(.badge))
        #expect(badge["@context"] as? String == BadgeExport.context)
        // Not an Assertion and not a BadgeClass: none of their required fields.
        for field in ["recipient", "verification", "issuedOn", "criteria", "image", "issuer", "type", "id"] {
            #expect(badge[field] == nil, "\(field)")
        }
        #expect((badge["description"] as? String)?.contains("not an Open Badges Assertion") == true)
        let applied = try #require(badge["badge"] as? [String: Any])
        #expect(applied["thing"] as? String == "23L-21")
        #expect(applied["url"] as? String == "https://23leadership.sssc.uk.com/2017/04/28/thing-21-digital-legacy/")
        #expect((applied["name"] as? String)?.hasPrefix("What does good leadership look like?") == true)

        let evidence = try #require(badge["evidence"] as? [[String: Any]])
        #expect(evidence.count == 1)
        for field in ["type", "id", "name", "description", "narrative", "genre"] {
            #expect(!((evidence[0][field] as? String) ?? "").isEmpty, "evidence \(field)")
        }
        #expect(evidence[0]["type"] as? String == "Evidence")
        #expect((evidence[0]["id"] as? String)?.hasPrefix("urn:uuid:") == true)
        #expect(evidence[0]["narrative"] as? String == Self.reflection)

        let alignment = try #require(badge["alignment"] as? [[String: Any]])
        let codes = alignment.compactMap { $0["targetCode"] as? String }
        // The capabilities the entry evidences first (the rule every export shares), then the
        // other confirmed references; never the Thing itself, never a suggestion.
        let evidenced = try record().evidence.capabilities.filter(\.evidenced).map(\.id)
        #expect(evidenced.contains("self-leadership") && evidenced.contains("motivating-and-inspiring"))
        #expect(Array(codes.prefix(evidenced.count)) == evidenced)
        #expect(Set(codes.dropFirst(evidenced.count)) == ["CI-CH 2.4", "motivating-and-inspiring/M5"])
        #expect(!codes.contains("23L-21"))
        for item in alignment {
            #expect(item["type"] as? String == "AlignmentObject")
            for field in ["targetName", "targetUrl", "targetDescription", "targetFramework", "targetCode"] {
                #expect(!((item[field] as? String) ?? "").isEmpty, "alignment \(field)")
            }
            let code = try #require(item["targetCode"] as? String)
            // The item's own page at its publisher: never a placeholder, never a mirror.
            let url = try #require(item["targetUrl"] as? String)
            #expect(url == (try lookup.info(code)?.referenceURL), "\(code)")
            #expect(!DocumentMirrors.isMirror(url), "\(code)")
            #expect(url.hasPrefix("https://") || url.hasPrefix("http://"))
            #expect(!url.contains("example."))
            #expect(!ItemDescription.isProvenanceNote(item["targetDescription"] as? String ?? ""), "\(code)")
            #expect(!ItemDescription.isProvenanceNote(item["targetName"] as? String ?? ""), "\(code)")
        }
    }

    /// A confirmed qualification read only from a mirror copy has no page of its own: the badge
    /// and the credential leave it out rather than point at the mirror, and the export says so.
    @Test func aReferenceWithNoPublishersPageIsLeftOutAndNamed() throws {
        let info = try #require(try lookup.info("svq-sscyp-7"))
        #expect(info.referenceURL == nil)
        _ = try log.add(LogFixture.draft("SVQ reflection", date: "2025-03-14", text: "I finished my SVQ.", references: [
            LogFixture.reference("svq-sscyp-7", kind: "qualification", .confirmed),
            LogFixture.reference("CPL-6", kind: "standard", .confirmed),
        ]))
        let record = try record(LogFilter(from: "2025-03-14"))
        #expect(AlignmentTarget.withoutPage(record) == ["svq-sscyp-7"])
        let badge = try object(try record.render(.badge))
        let codes = (badge["alignment"] as? [[String: Any]])?.compactMap { $0["targetCode"] as? String } ?? []
        #expect(codes.contains("CPL-6") && !codes.contains("svq-sscyp-7"))
        let credential = try object(try record.render(.ob3))
        let achievement = (credential["credentialSubject"] as? [String: Any])?["achievement"] as? [String: Any]
        let aligned = (achievement?["alignment"] as? [[String: Any]])?.compactMap { $0["targetCode"] as? String } ?? []
        #expect(aligned.contains("CPL-6") && !aligned.contains("svq-sscyp-7"))
    }

    @Test func badgeOfEntriesForDifferentThingsNamesNoBadge() throws {
        let badge = try object(try record(LogFilter()).render(.badge))
        #expect(badge["badge"] == nil)
        #expect((badge["evidence"] as? [Any])?.count == 2)
        #expect((badge["alignment"] as? [[String: Any]])?.compactMap { $0["targetCode"] as? String }.first == "vision")
    }

    @Test func statementIsTheReflectionThenWhatItEvidencesWithCodes() throws {
        let record = try record()
        let statement = try record.render(.statement)
        #expect(statement.hasPrefix(Self.reflection + "\n\n"))
        #expect(statement.contains("Leadership capabilities this evidences:\n"))
        // The capabilities are those the entry evidences, by the rule every export shares.
        let evidenced = record.evidence.capabilities.filter(\.evidenced)
        #expect(evidenced.map(\.id).contains("self-leadership") && evidenced.map(\.id).contains("motivating-and-inspiring"))
        #expect(statement.contains("Leadership capabilities this evidences:\n"
                                   + evidenced.map { "- \($0.name) (\($0.id))" }.joined(separator: "\n") + "\n\n"))
        #expect(statement.contains("Standards this evidences:\n- CI-CH 2.4 Staff are led well (A quality framework for care homes"))
        // A suggestion is never claimed.
        #expect(!statement.contains("SCDLMCB1"))
        #expect(!statement.contains("23L-21"))
        let words = StatementExport.words(record)
        #expect(try words == record.log.entry(record.ids[0]).words)
        #expect(StatementExport.wordNote(record) == "\(words) words (\(400 - words) short of the 400 Thing 21 asks for)")
    }

    @Test func ob3IsAnUnsignedAchievementCredentialWithTheLearnerAsIssuerAndSubject() throws {
        let credential = try object(try record().render(.ob3))
        #expect(credential["@context"] as? [String] == OB3Export.contexts)
        #expect(credential["type"] as? [String] == ["VerifiableCredential", "OpenBadgeCredential"])
        #expect(credential["proof"] == nil)
        #expect((credential["description"] as? String)?.contains("not verifiable until it is signed") == true)
        #expect(credential["validFrom"] as? String == "2025-04-01T09:00:00Z")
        let issuer = try #require(credential["issuer"] as? [String: Any])
        #expect(issuer["name"] as? String == "Alex Morgan")
        #expect(issuer["type"] as? [String] == ["Profile"])
        let subject = try #require(credential["credentialSubject"] as? [String: Any])
        #expect(subject["id"] as? String == issuer["id"] as? String)
        #expect(subject["type"] as? [String] == ["AchievementSubject"])
        let achievement = try #require(subject["achievement"] as? [String: Any])
        for field in ["id", "type", "criteria", "description", "name"] { #expect(achievement[field] != nil, "\(field)") }
        let criteria = try #require(achievement["criteria"] as? [String: Any])
        #expect((criteria["narrative"] as? String)?.contains("at least 400 words") == true)
        let alignment = try #require(achievement["alignment"] as? [[String: Any]])
        #expect(!alignment.isEmpty)
        #expect(alignment.allSatisfy { $0["targetType"] as? String == "ceasn:Competency" })
        for item in alignment {
            #expect(item["type"] as? [String] == ["Alignment"])
            #expect(item["targetName"] is String && item["targetUrl"] is String)
        }
        let evidence = try #require(credential["evidence"] as? [[String: Any]])
        #expect(evidence.first?["type"] as? [String] == ["Evidence"])
        // The learner's identifier is made from their name: the same in every export.
        let again = try object(try record(LogFilter()).render(.ob3))
        #expect((again["issuer"] as? [String: Any])?["id"] as? String == issuer["id"] as? String)
        #expect(again["id"] as? String != credential["id"] as? String)
    }

    static let validator = InteropFixture.sharedSchemas.appendingPathComponent("validate.py")

    /// An extra check: with ../shared/schemas beside the repository (or $CROSSWALK_SHARED), the
    /// credential is validated against the published Open Badges 3.0 schema, as CI does; skipped
    /// (with this reason) where it is not. The test above checks the required fields either way.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: BadgeExportTests.validator.path),
                   "../shared/schemas/validate.py is not beside the repository"))
    func ob3ValidatesAgainstThePublishedSchemaWhenItIsThere() throws {
        let validator = Self.validator
        let file = try Fixture.temporaryDirectory().appendingPathComponent("ob3.json")
        try Data(try record().render(.ob3).utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", validator.path, "ob3", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if text.contains("needs the Python package jsonschema") {
            print("skipped: Python's jsonschema is not installed")
            return
        }
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("valid ob3"))
    }
}
