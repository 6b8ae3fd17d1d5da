import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// CASE packages out and in: every framework survives the trip, the packages carry what the
/// specification requires, and a package with problems is refused whole.
@Suite struct CaseExportTests {
    static let now = Date(timeIntervalSince1970: 1_735_689_600) // 2025-01-01T00:00:00Z

    static func packages(_ database: Database) throws -> [InteropDocument] {
        try InteropExport.render(.case, frameworks: [], database: database, now: now)
    }

    @Test func everyFrameworkRoundTripsThroughCASEIntoAnEmptyDatabase() throws {
        let original = try RealData.database()
        let documents = try Self.packages(original)
        #expect(documents.count == (try InteropFramework.frameworkIDs(original)).count)
        let packages = try documents.map { try CasePackageFile.parse($0.text, file: $0.fileName).get() }

        let copy = try Database(path: try Fixture.databasePath())
        let summary = try InteropFixture.load(packages, into: copy, source: try DataSource.directory(try InteropFixture.emptyData().path))
        #expect(summary.packages.count == documents.count)
        #expect(summary.packages.allSatisfy { $0.state == .loaded && $0.newFramework && $0.updated == 0 })

        // Same items, texts, hierarchy (standard of each element, capability of each
        // indicator, framework of each standard) and links.
        let before = try InteropFixture.exportedRows(original)
        let after = try InteropFixture.exportedRows(copy)
        for table in before.keys.sorted() {
            #expect(before[table]!.count > 0, "\(table) has rows to compare")
            #expect(after[table] == before[table], "\(table) differs after the round trip")
        }

        // Exported again, the packages are the same, identifiers and all.
        let again = try Self.packages(copy)
        #expect(again.map(\.text) == documents.map(\.text))
    }

    @Test func packagesCarryWhatCASERequires() throws {
        let documents = try Self.packages(try RealData.database())
        var allIdentifiers = Set<String>()
        var itemIdentifiers = Set<String>()
        var references: [(String, String)] = []
        for document in documents {
            let package = try #require(try JSONSerialization.jsonObject(with: Data(document.text.utf8)) as? [String: Any])
            let cfDocument = try #require(package["CFDocument"] as? [String: Any])
            for field in ["identifier", "uri", "creator", "title", "lastChangeDateTime"] {
                #expect((cfDocument[field] as? String)?.isEmpty == false, "\(document.fileName): CFDocument.\(field)")
            }
            #expect(cfDocument["caseVersion"] as? String == "1.1")
            // The publisher's address, never a copy on a mirror site; absent when none is known.
            if let url = cfDocument["officialSourceURL"] as? String { #expect(!DocumentMirrors.isMirror(url), "\(document.fileName)") }
            #expect((cfDocument["notes"] as? String)?.contains("Licence: ") == true)
            let documentID = try #require(cfDocument["identifier"] as? String)
            var local: Set<String> = [documentID]
            for (index, item) in (package["CFItems"] as? [[String: Any]] ?? []).enumerated() {
                for field in ["identifier", "uri", "fullStatement", "lastChangeDateTime", "humanCodingScheme", "CFItemType", "notes"] {
                    #expect((item[field] as? String)?.isEmpty == false, "\(document.fileName): CFItems[\(index)].\(field)")
                }
                let notes = item["notes"] as? String ?? ""
                #expect(notes.contains("Source: ") && notes.contains("Status: ") && notes.contains("Origin: "))
                local.insert(item["identifier"] as! String)
                itemIdentifiers.insert(item["identifier"] as! String)
            }
            var childOf = 0
            for (index, association) in (package["CFAssociations"] as? [[String: Any]] ?? []).enumerated() {
                let path = "\(document.fileName): CFAssociations[\(index)]"
                for field in ["identifier", "uri", "associationType", "lastChangeDateTime"] {
                    #expect((association[field] as? String)?.isEmpty == false, "\(path).\(field)")
                }
                let type = association["associationType"] as? String ?? ""
                #expect(["isChildOf", "replacedBy", "isRelatedTo"].contains(type), "\(path): \(type)")
                for end in ["originNodeURI", "destinationNodeURI"] {
                    let node = try #require(association[end] as? [String: Any], "\(path).\(end)")
                    for field in ["title", "identifier", "uri"] {
                        #expect((node[field] as? String)?.isEmpty == false, "\(path).\(end).\(field)")
                    }
                    references.append((document.fileName, node["identifier"] as! String))
                }
                let origin = (association["originNodeURI"] as! [String: Any])["identifier"] as! String
                if type == "isChildOf" {
                    childOf += 1
                    #expect(local.contains(origin), "\(path): isChildOf from an item of the package")
                    #expect(association["sequenceNumber"] as? Int != nil)
                } else {
                    #expect((association["notes"] as? String)?.contains("Strength: ") == true)
                }
                local.insert(association["identifier"] as! String)
            }
            #expect(childOf == (package["CFItems"] as? [Any])?.count, "\(document.fileName): every item has its parent")
            for identifier in local {
                #expect(NameUUID.isUUID(identifier) && identifier == identifier.lowercased(), "\(identifier)")
                #expect(allIdentifiers.insert(identifier).inserted, "\(identifier) is unique across packages")
            }
            for date in [cfDocument["lastChangeDateTime"] as! String] {
                #expect(date == "2025-01-01T00:00:00Z")
            }
        }
        // Every association ends at a node some package defines.
        let documentsIDs = Set(allIdentifiers.subtracting(itemIdentifiers))
        for (file, identifier) in references {
            #expect(itemIdentifiers.contains(identifier) || documentsIDs.contains(identifier), "\(file): \(identifier) is defined somewhere")
        }
    }

    @Test func linksCarryTheirKindStrengthAndProvenance() throws {
        let lmcs = try #require(try InteropExport.render(.case, frameworks: ["lmcs-nos"], database: try RealData.database(), now: Self.now).first)
        let package = try CasePackageFile.parse(lmcs.text, file: "lmcs-nos.json").get().package
        let vision = InteropIdentity.identifier(for: "vision")
        let a2 = InteropIdentity.identifier(for: "SCDLMCA2")
        let evidence = try #require(package.associations.first {
            $0.origin.identifier == a2 && $0.destination.identifier == vision
        })
        #expect(evidence.associationType == "isRelatedTo")
        let notes = CaseNotes.parse(evidence.notes)
        #expect(notes["Crosswalk link"] == "evidences")
        #expect(Double(notes["Strength"] ?? "") != nil)
        #expect(notes.provenance?.origin == "project")
        // SCDLMCA1 replaced SCDLMCSA1: the older one is replacedBy the newer.
        let replaced = try #require(package.associations.first { $0.associationType == "replacedBy" && $0.destination.identifier == InteropIdentity.identifier(for: "SCDLMCA1") })
        #expect(replaced.origin.identifier == InteropIdentity.identifier(for: "SCDLMCSA1"))
    }
}

@Suite struct CaseImportTests {
    /// An extra check on a package crosswalk did not write; skipped (with this reason) where
    /// ../shared is not beside the repository.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: InteropFixture.sharedExample.path),
                   "needs ../shared/schemas/case-example-smartlevel.json beside the repository"))
    func theSharedExampleLoads() throws {
        let folder = try Fixture.temporaryDirectory()
        try FileManager.default.copyItem(at: InteropFixture.sharedExample, to: folder.appendingPathComponent("smartlevel.json"))
        // Read the way the CLI reads a folder of packages.
        let packages = try CasePackageFile.read([folder.path])
        #expect(packages.map(\.title) == ["SmartLevel Test"])
        let database = try InteropFixture.realDatabase()
        let summary = try InteropFixture.load(packages, into: database)
        let package = try #require(summary.packages.first)
        #expect(package.framework == "smartlevel-test")
        #expect(package.newFramework)
        #expect(package.created.map(\.kind) == ["standard", "element"])
        #expect(package.createdTotal == 14)
        let standards = try database.query("SELECT title FROM standard WHERE framework = 'smartlevel-test' ORDER BY rowid") { $0.string(0) }
        #expect(standards == ["Item 1", "Item 2"])
        let underItem1 = try database.scalarInt("SELECT count(*) FROM element WHERE standard = '00000000-0000-0000-0000-000000000001'")
        #expect(underItem1 == 10)
        let provenance = try database.queryFirst("SELECT source_url, status, origin FROM standard WHERE framework = 'smartlevel-test'") {
            "\($0.string(0)) \($0.string(1)) \($0.string(2))"
        }
        #expect(provenance == "https://server/ims/case/v1p0/CFDocuments/d0000000-0000-0000-0000-000000000000 confirmed official")
        // Exported again, the items keep the identifiers they were published with.
        let again = try #require(try InteropExport.render(.case, frameworks: ["smartlevel-test"], database: database).first)
        let reread = try CasePackageFile.parse(again.text, file: "again.json").get()
        #expect(reread.identifier == "d0000000-0000-0000-0000-000000000000")
        #expect(Set(reread.package.items.map(\.identifier)) == Set(packages[0].package.items.map(\.identifier)))
    }

    @Test func malformedPackagesAreReportedOneProblemPerLine() {
        var package = TestPackage()
        package.item(TestPackage.uid(1), "A statement", code: "T1")
        package.item(TestPackage.uid(1), "Same identifier", code: "T2")
        package.items.append(["identifier": TestPackage.uid(3), "uri": "x", "lastChangeDateTime": TestPackage.time])
        package.associate("isChildOf", TestPackage.uid(1), package.identifier)
        package.associate("isChildof", TestPackage.uid(1), package.identifier)
        package.document.removeValue(forKey: "creator")
        guard case .failure(let error) = package.parsed("bad.json") else {
            Issue.record("a malformed package was accepted")
            return
        }
        #expect(error.problems.map(\.description) == [
            "bad.json: CFDocument.creator: is missing (required)",
            "bad.json: CFItems[2].fullStatement: is missing (required)",
            "bad.json: CFAssociations[1].associationType: \"isChildof\" is not a CASE association type (did you mean \"isChildOf\"?)",
            "bad.json: CFItems[1].identifier: duplicate identifier \(TestPackage.uid(1)) (first at CFItems[0])",
        ])
    }

    @Test func dateTimesNeedAFullDateATimeAndAZone() {
        for good in ["2017-09-22T23:13:54+00:00", "2025-01-01T00:00:00Z", "2024-02-29T12:30:00.125Z", "2025-06-01T08:00:00-05:30"] {
            #expect(CaseTime.isDateTime(good), "\(good)")
        }
        for bad in ["2025-01-01", "2025-01-01T00:00:00", "2025-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2025-01-01 00:00:00Z",
                    "2025-01-01T24:00:00Z", "2025-01-01T00:00:00.Z", "2025-01-01T00:00:00+0100", "2025-01-01T00:00:00Zjunk"] {
            #expect(!CaseTime.isDateTime(bad), "\(bad)")
        }
        #expect(CaseTime.string(CaseExportTests.now) == "2025-01-01T00:00:00Z")
    }

    @Test func notJSONAndWrongShapesAreNamed() {
        let notJSON = CasePackageFile.parse("{\"CFDocument\": ", file: "cut.json")
        guard case .failure(let error) = notJSON else { Issue.record("accepted"); return }
        #expect(error.problems.first?.description.hasPrefix("cut.json: (root): is not JSON") == true)

        var package = TestPackage()
        package.document["lastChangeDateTime"] = "2025-01-01 10:00"
        package.document["identifier"] = "doc-1"
        package.item(TestPackage.uid(1), "A statement")
        package.items[0]["conceptKeywords"] = "not a list"
        guard case .failure(let shapes) = package.parsed("shapes.json") else { Issue.record("accepted"); return }
        #expect(shapes.problems.map(\.description) == [
            "shapes.json: CFDocument.identifier: \"doc-1\" is not a UUID",
            "shapes.json: CFDocument.lastChangeDateTime: \"2025-01-01 10:00\" is not a date and time with a time zone (e.g. 2024-05-01T09:30:00Z)",
            "shapes.json: CFItems[0].conceptKeywords: must be a JSON array",
        ])
    }

    @Test func unknownNodesAndCyclesAreRefusedAndNothingIsWritten() throws {
        var package = TestPackage()
        package.item(TestPackage.uid(1), "First", code: "T1")
        package.item(TestPackage.uid(2), "Second", code: "T2")
        package.associate("isChildOf", TestPackage.uid(1), TestPackage.uid(2))
        package.associate("isChildOf", TestPackage.uid(2), TestPackage.uid(1))
        package.associate("isRelatedTo", TestPackage.uid(1), TestPackage.uid(99))
        // Under the cycle: its place is unknown too, but that is not a problem of its own.
        package.item(TestPackage.uid(3), "Third", code: "T3", type: "Performance criteria")
        package.associate("isChildOf", TestPackage.uid(3), TestPackage.uid(1))
        let file = try package.file("loop.json")

        let database = try InteropFixture.realDatabase()
        let before = try Fixture.dump(database)
        do {
            _ = try InteropFixture.load([file], into: database)
            Issue.record("a package with a cycle was loaded")
        } catch let error as InvalidDataset {
            #expect(error.problems.map(\.description) == [
                "loop.json: CFAssociations[1]: isChildOf makes a cycle: T1 → T2 → T1",
                "loop.json: CFAssociations[2].destinationNodeURI: isRelatedTo to an unknown node \(TestPackage.uid(99)) (\"node\"): not in this package, another one given, or the reference data",
            ])
        }
        #expect(try Fixture.dump(database) == before)
        // check says the same and writes nothing either.
        #expect(throws: InvalidDataset.self) { _ = try CaseImport.check([file], database: database) }
    }

    @Test func twoPackagesCannotBothAddTheSameCode() throws {
        func package(_ number: Int) -> TestPackage {
            var package = TestPackage(number, title: "Package \(number)")
            package.item(TestPackage.uid(number * 10), "A statement", code: "DUP-1")
            package.associate("isChildOf", TestPackage.uid(number * 10), package.identifier)
            return package
        }
        let database = try InteropFixture.realDatabase()
        // Given together, and one after the other (the first is kept, and applied again).
        #expect(throws: InvalidDataset.self) { _ = try InteropFixture.load([try package(1).file("a.json"), try package(2).file("b.json")], into: database) }
        _ = try InteropFixture.load([try package(1).file("a.json")], into: database)
        #expect {
            _ = try InteropFixture.load([try package(2).file("b.json")], into: database)
        } throws: { error in
            (error as? InvalidDataset)?.problems.map(\.description) == ["b.json: CFItems[0].humanCodingScheme: code \"DUP-1\" is also an item of \(try! package(1).file("a.json").path)"]
        }
        #expect(try database.scalarInt("SELECT count(*) FROM case_package") == 1)
    }

    @Test func itemsWithOurCodesTakeTheirTextAndKeepEveryLink() throws {
        let database = try InteropFixture.realDatabase()
        func links() throws -> Set<String> {
            Set(try database.query("""
                SELECT from_code || ' ' || kind || ' ' || to_code FROM link WHERE from_code = 'SCDLMCA1' OR to_code = 'SCDLMCA1'
                """) { $0.string(0) })
        }
        let linksBefore = try links()
        #expect(linksBefore.count > 5)
        let summary = try InteropFixture.load([try InteropFixture.example()], into: database)
        let package = try #require(summary.packages.first)
        #expect(package.framework == "lmcs-nos")
        #expect(!package.newFramework)
        #expect(package.updated == 1)
        #expect(package.created.map { "\($0.kind) \($0.count)" } == ["element 3"])

        let overview = try database.scalarText("SELECT overview FROM standard WHERE code = 'SCDLMCA1'")
        #expect(overview?.hasPrefix("Example wording: a manager looks after") == true)
        #expect(try database.scalarText("SELECT body FROM item WHERE code = 'SCDLMCA1'") == overview)
        #expect(try links().isSuperset(of: linksBefore))
        let elements = try database.query("SELECT code, kind, position FROM element WHERE standard = 'SCDLMCA1' ORDER BY position") {
            "\($0.string(0)) \($0.string(1)) \($0.int(2))"
        }
        #expect(elements == ["SCDLMCA1/P1 pc-section 1", "SCDLMCA1/P2 pc-section 2", "SCDLMCA1/P3 pc-section 3"])
        // The package's notes say its wording is not official; that is what is stored.
        let provenance = try database.queryFirst("SELECT status, origin FROM element WHERE code = 'SCDLMCA1/P2'") { "\($0.string(0)) \($0.string(1))" }
        #expect(provenance == "uncertain project")
        let link = try database.queryFirst("SELECT kind, strength FROM link WHERE from_code = 'SCDLMCA1/P2'") { "\($0.string(0)) \($0.double(1))" }
        #expect(link == "evidences 0.6")
        // Full-text search sees the new text.
        #expect(try Catalog(database: database).search("shadowing mentor", limit: 3).first?.code == "SCDLMCA1/P2")
    }

    @Test func withoutNotesTheDocumentGivesProvenance() throws {
        var package = TestPackage(title: "Official LMCS text")
        package.item(TestPackage.uid(1), "The official overview.", code: "SCDLMCB1",
                     abbreviated: "Lead and manage practice that promotes the safeguarding of individuals")
        package.associate("isChildOf", TestPackage.uid(1), package.identifier)
        let database = try InteropFixture.realDatabase()
        _ = try InteropFixture.load([try package.file()], into: database)
        let row = try database.queryFirst("SELECT overview, source_url, status, origin FROM standard WHERE code = 'SCDLMCB1'") {
            [$0.string(0), $0.string(1), $0.string(2), $0.string(3)]
        }
        #expect(row == ["The official overview.", TestPackage.source, "confirmed", "official"])
    }

    @Test func loadingAPackageAgainReplacesWhatItLoaded() throws {
        func version(_ elements: Int) -> TestPackage {
            var package = TestPackage(title: "Versioned")
            package.item(TestPackage.uid(1), "A new standard", code: "VER-1", type: "NOS unit")
            package.associate("isChildOf", TestPackage.uid(1), package.identifier)
            for n in 1...elements {
                package.item(TestPackage.uid(1 + n), "Element \(n)", code: "VER-1/\(n)")
                package.associate("isChildOf", TestPackage.uid(1 + n), TestPackage.uid(1), sequence: n)
            }
            return package
        }
        let database = try InteropFixture.realDatabase()
        _ = try InteropFixture.load([try version(3).file("v1.json")], into: database)
        #expect(try database.scalarInt("SELECT count(*) FROM element WHERE standard = 'VER-1'") == 3)
        let summary = try InteropFixture.load([try version(2).file("v2.json")], into: database)
        #expect(summary.packages.map(\.state) == [.loaded])
        #expect(try database.query("SELECT code FROM element WHERE standard = 'VER-1' ORDER BY position") { $0.string(0) } == ["VER-1/1", "VER-1/2"])
        #expect(try database.scalarInt("SELECT count(*) FROM item WHERE code = 'VER-1/3'") == 0)
        #expect(try database.query("SELECT file FROM case_package") { $0.string(0) }.map { URL(fileURLWithPath: $0).lastPathComponent } == ["v2.json"])
        #expect(try database.scalarText("SELECT framework FROM standard WHERE code = 'VER-1'") == "versioned")
    }

    @Test func theRebuildOfTheBuiltInDatabaseAppliesPackagesAgain() throws {
        let path = try Fixture.databasePath()
        var database: Database? = try ReferenceDatabase.open(path: path)
        _ = try InteropFixture.load([try InteropFixture.example()], into: database!)
        // As if a newer crosswalk carried other built-in data.
        try database!.run("UPDATE meta SET value = 'older data' WHERE key = 'fingerprint'")
        database = nil
        var warnings: [String] = []
        let reopened = try ReferenceDatabase.open(path: path, warn: { warnings.append($0) })
        #expect(try reopened.scalarText("SELECT value FROM meta WHERE key = 'fingerprint'") == EmbeddedReference.fingerprint)
        #expect(try reopened.scalarInt("SELECT count(*) FROM element WHERE standard = 'SCDLMCA1' AND code LIKE 'SCDLMCA1/P%'") == 3)
        #expect(try reopened.scalarInt("SELECT count(*) FROM case_package") == 1)
        #expect(warnings.isEmpty)
    }

    @Test func theRebuildSaysWhichPackageNoLongerFits() throws {
        let path = try Fixture.databasePath()
        var database: Database? = try ReferenceDatabase.open(path: path)
        _ = try InteropFixture.load([try InteropFixture.example()], into: database!)
        // As if the new built-in data had lost the standard the package's sections hang under:
        // the kept package now points at a node nowhere to be found.
        let kept = try #require(try database!.scalarText("SELECT package FROM case_package"))
        var package = try #require(try JSONSerialization.jsonObject(with: Data(kept.utf8)) as? [String: Any])
        var associations = try #require(package["CFAssociations"] as? [[String: Any]])
        var destination = try #require(associations[1]["destinationNodeURI"] as? [String: Any])
        let gone = "0f0e0d0c-0b0a-4908-8706-050403020100"
        destination["identifier"] = gone
        associations[1]["destinationNodeURI"] = destination
        package["CFAssociations"] = associations
        let edited = String(decoding: try JSONSerialization.data(withJSONObject: package), as: UTF8.self)
        try database!.run("UPDATE case_package SET package = ?1", [.text(edited)])
        #expect(try database!.scalarText("SELECT package FROM case_package")?.contains(gone) == true)
        try database!.run("UPDATE meta SET value = 'older data' WHERE key = 'fingerprint'")
        database = nil
        var warnings: [String] = []
        let reopened = try ReferenceDatabase.open(path: path, warn: { warnings.append($0) })
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("CASE package \(InteropFixture.examplePackage.path) (SCDLMCA1 with performance criteria sections (example package)) no longer applies to the new built-in data and was removed: CFAssociations[1].destinationNodeURI: isChildOf to an unknown node \(gone)") == true)
        #expect(warnings.first?.hasSuffix("; load it again with `crosswalk import --case \(InteropFixture.examplePackage.path)` once it fits") == true)
        #expect(try reopened.scalarInt("SELECT count(*) FROM case_package") == 0)
        #expect(try reopened.scalarInt("SELECT count(*) FROM element WHERE code LIKE 'SCDLMCA1/P%'") == 0)
    }

    @Test func aPackageThatNoLongerFitsTheDataIsDroppedAndSaidSo() throws {
        // Elements for SCDLMCB1, referring to it by crosswalk's identifier.
        var package = TestPackage(title: "B1 criteria")
        package.item(TestPackage.uid(1), "Report a concern the same day.", code: "SCDLMCB1/P1", type: "Performance criteria")
        package.associate("isChildOf", TestPackage.uid(1), InteropIdentity.identifier(for: "SCDLMCB1"))
        let database = try Database(path: try Fixture.databasePath())
        let withB1 = try DataSource.directory(Fixture.dataDirectory.path)
        _ = try InteropFixture.load([try package.file("b1.json")], into: database, source: withB1)
        #expect(try database.scalarText("SELECT standard FROM element WHERE code = 'SCDLMCB1/P1'") == "SCDLMCB1")

        let withoutB1 = try Fixture.copy { directory in
            for file in ["standards.csv", "links.csv"] {
                try Fixture.rewrite(file, in: directory) { text in
                    text.split(separator: "\n").filter { !$0.contains("SCDLMCB1") }.joined(separator: "\n") + "\n"
                }
            }
        }
        let summary = try Importer.load(try DataSource.directory(withoutB1.path), into: database).casePackages
        let dropped = try #require(summary.packages.first)
        #expect(dropped.state == .dropped)
        #expect(dropped.problems == [
            "CFAssociations[0].destinationNodeURI: isChildOf to an unknown node \(InteropIdentity.identifier(for: "SCDLMCB1")) (\"node\"): not in this package, another one given, or the reference data",
        ])
        #expect(try database.scalarInt("SELECT count(*) FROM item WHERE code = 'SCDLMCB1/P1'") == 0)
        #expect(try database.scalarInt("SELECT count(*) FROM case_package") == 0)
    }

    @Test func aCapabilityPackageAddsIndicatorsWhereItSaysSo() throws {
        var package = TestPackage(title: "Official indicators")
        package.item(TestPackage.uid(1), "Vision, as the official text defines it.", type: "Capability", abbreviated: "Vision")
        package.associate("isChildOf", TestPackage.uid(1), package.identifier)
        package.item(TestPackage.uid(2), "Shares the service's purpose with every new member of staff.", code: "VIS-M-OFFICIAL-1", type: "Manager indicator")
        package.associate("isChildOf", TestPackage.uid(2), TestPackage.uid(1))
        let database = try InteropFixture.realDatabase()
        let summary = try InteropFixture.load([try package.file()], into: database)
        #expect(summary.packages.first?.framework == "sssc-leadership-capabilities")
        #expect(try database.scalarText("SELECT definition FROM capability WHERE id = 'vision'") == "Vision, as the official text defines it.")
        let indicator = try database.queryFirst("SELECT capability, role FROM indicator WHERE code = 'VIS-M-OFFICIAL-1'") { "\($0.string(0)) \($0.string(1))" }
        #expect(indicator == "vision manager")
        // The mapper indexes the new indicator with the rest.
        let result = try Mapper(database: database).map("I share the service's purpose with every new member of staff at induction.", role: .manager, limit: 5)
        #expect(result.capabilities.flatMap(\.indicators).contains { $0.code == "VIS-M-OFFICIAL-1" })
    }

    @Test func indicatorsNeedARoleAndCapabilitiesMustBeTheSix() throws {
        var package = TestPackage(title: "Other capabilities")
        package.item(TestPackage.uid(1), "Kindness in leadership.", code: "kindness", type: "Capability")
        package.associate("isChildOf", TestPackage.uid(1), package.identifier)
        package.item(TestPackage.uid(2), "Takes time to ask how people are.", code: "vision/X1", type: "Indicator")
        package.associate("isChildOf", TestPackage.uid(2), InteropIdentity.identifier(for: "vision"))
        let database = try InteropFixture.realDatabase()
        #expect {
            _ = try CaseImport.check([try package.file("caps.json")], database: database)
        } throws: { error in
            (error as? InvalidDataset)?.problems.map(\.description) == [
                "caps.json: CFItems[0].humanCodingScheme: \"kindness\" is not one of the six SSSC leadership capabilities (vision, self-leadership, motivating-and-inspiring, empowering, collaborating-and-influencing, creativity-and-innovation); crosswalk maps onto those six only",
                "caps.json: CFItems[1].CFItemType: say which role this indicator is for: CFItemType \"Frontline indicator\", \"Manager indicator\" or \"Strategic indicator\"",
            ]
        }
    }

    @Test func headingsAboveStandardsBecomeTheirGroup() throws {
        var package = TestPackage(title: "Grouped standards")
        package.item(TestPackage.uid(1), "Leading people", code: "G")
        package.associate("isChildOf", TestPackage.uid(1), package.identifier)
        package.item(TestPackage.uid(2), "Lead a team meeting that everyone can speak in.", code: "G1", type: "NOS unit", abbreviated: "Lead team meetings")
        package.associate("isChildOf", TestPackage.uid(2), TestPackage.uid(1))
        package.item(TestPackage.uid(3), "Plan the meeting with the team.", code: "G1.1")
        package.associate("isChildOf", TestPackage.uid(3), TestPackage.uid(2))
        let database = try InteropFixture.realDatabase()
        _ = try InteropFixture.load([try package.file()], into: database)
        let standard = try database.queryFirst("SELECT framework, kind, grp, title, overview FROM standard WHERE code = 'G1'") {
            [$0.string(0), $0.string(1), $0.string(2), $0.string(3), $0.string(4)]
        }
        #expect(standard == ["grouped-standards", "nos-unit", "G Leading people", "Lead team meetings", "Lead a team meeting that everyone can speak in."])
        #expect(try database.scalarText("SELECT standard FROM element WHERE code = 'G1.1'") == "G1")
        #expect(try database.scalarInt("SELECT count(*) FROM item WHERE code = 'G'") == 0)
        #expect(try database.scalarText("SELECT kind FROM framework WHERE id = 'grouped-standards'") == "competency-framework")
    }

    @Test func theMapperAndShowUseImportedItems() throws {
        let database = try InteropFixture.realDatabase()
        _ = try InteropFixture.load([try InteropFixture.example()], into: database)
        let result = try Mapper(database: database).map(
            "I agreed a written development plan with each worker and we go over it at every supervision session.", role: .manager, limit: 3)
        let a1 = try #require(result.standards.first { $0.code == "SCDLMCA1" })
        #expect(a1.elements.first?.code == "SCDLMCA1/P1")
        let detail = try Catalog(database: database).detail("SCDLMCA1")
        #expect(detail.sections.first { $0.title == "Elements" }?.rows.map(\.code) == ["SCDLMCA1/P1", "SCDLMCA1/P2", "SCDLMCA1/P3"])
        #expect(detail.provenance.sourceURL == "https://example.org/case/scdlmca1-example")
        let listing = try Catalog(database: database).list(.frameworks)
        let lmcs = try #require(listing.rows.first { $0.first == .string("lmcs-nos") })
        guard case .array(let packages) = lmcs.last else { Issue.record("no case_packages column"); return }
        #expect(packages.count == 1)
    }
}
