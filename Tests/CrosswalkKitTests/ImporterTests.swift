import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// Each class of data error, reported exactly as FILE:LINE: COLUMN: message.
@Suite struct ImporterValidationTests {
    /// The provenance columns of a fixture row: its document, then where it was read.
    let url = "fixture,https://example.org/fixture"

    @Test func fixtureIsValid() throws {
        #expect(try Fixture.problems { _ in } == [])
    }

    @Test func unknownColumn() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.rewrite("units.csv", in: dir) { $0.replacingOccurrences(of: "scqf_level", with: "scqf") }
        }
        #expect(problems == ["units.csv:1: scqf: unknown column (expected: code, title, credits, scqf_level, document, source_url, status, origin)"])
    }

    @Test func missingRequiredColumn() throws {
        let problems = try Fixture.problems { dir in
            try "code,capability,position,text,document,source_url,status,origin\n".write(
                to: dir.appendingPathComponent("indicators.csv"), atomically: true, encoding: .utf8)
        }
        #expect(problems == ["indicators.csv:1: role: required column is missing"])
    }

    @Test func emptyRequiredValue() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("H9ZZ 04,,10,7,\(url),confirmed,official", to: "units.csv", in: dir)
        }
        #expect(problems == ["units.csv:4: title: required value is empty"])
    }

    @Test func badEnumValueSuggestsTheClosest() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("vision/S1,vision,strategc,1,Sets direction.,,\(url),confirmed,project", to: "indicators.csv", in: dir)
        }
        #expect(problems == ["indicators.csv:5: role: \"strategc\" is not one of: frontline, manager, strategic (did you mean \"strategic\"?)"])
    }

    @Test func malformedNumbers() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("H9ZZ 04,A unit,ten,7,\(url),confirmed,official", to: "units.csv", in: dir)
            try Fixture.append("23L-4,empowering,evidences,1.5,Too strong.,\(url),confirmed,project", to: "links.csv", in: dir)
        }
        #expect(problems == [
            "units.csv:4: credits: \"ten\" is not a whole number",
            "links.csv:9: strength: 1.5 is outside 0.01...1.0",
        ])
    }

    /// A document is the publication, never the mirror a copy of it was read on.
    @Test func aMirrorNamedAsADocumentIsRefused() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("copy,SCDLMCA2 Lead and manage change,Skills for Care and Development,,https://docplayer.net/amp/7074597-x.html,,https://docplayer.net/amp/7074597-x.html,confirmed,official",
                               to: "documents.csv", in: dir)
            try Fixture.append("site,Some document,docsbay.net,,,,https://docsbay.net/x,confirmed,official", to: "documents.csv", in: dir)
        }
        #expect(problems == [
            "documents.csv:3: url: docplayer.net is a document-mirror site, not a publisher: a copy read there belongs in the rows' source_url; give the publisher's own address here or leave url empty",
            "documents.csv:4: publisher: names docsbay.net, a document-mirror site: name the document and its publisher, not where a copy was read",
        ])
    }

    @Test func everyRowNamesADocumentThatExists() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("H9ZZ 04,A unit,10,7,fixtur,https://example.org/fixture,confirmed,official", to: "units.csv", in: dir)
            try Fixture.append("H9ZY 04,Another unit,10,7,,https://example.org/fixture,confirmed,official", to: "units.csv", in: dir)
        }
        #expect(problems == [
            "units.csv:5: document: required value is empty",
            "units.csv:4: document: \"fixtur\" does not exist (did you mean \"fixture\"?)",
        ])
    }

    /// A copy whose original could not be identified cannot confirm an official fact.
    @Test func anUnidentifiedDocumentCannotConfirmAnOfficialFact() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("unknown-copy,Notes seen on a mirror,Not established,,,,https://docsbay.net/x,uncertain,official", to: "documents.csv", in: dir)
            try Fixture.append("H9ZZ 04,A unit,10,7,unknown-copy,https://docsbay.net/x,confirmed,official", to: "units.csv", in: dir)
            try Fixture.append("H9ZY 04,Another unit,10,7,unknown-copy,https://docsbay.net/x,uncertain,official", to: "units.csv", in: dir)
        }
        #expect(problems == [
            "units.csv:4: status: confirmed official, but its document \"unknown-copy\" is not identified (uncertain in documents.csv); mark the row uncertain or name the document it copies",
        ])
    }

    @Test func aGroupCannotListMoreUnitsThanItHas() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.rewrite("qualification_groups.csv", in: dir) { text in
                text.replacingOccurrences(of: "choose_max,description", with: "choose_max,units_total,description")
                    .replacingOccurrences(of: "mandatory,4,4,All four", with: "mandatory,4,4,1,All four")
                    .replacingOccurrences(of: "optional,4,4,Four", with: "optional,4,4,,Four")
            }
        }
        #expect(problems == [
            "qualification_groups.csv:2: units_total: 1, but qualification_units.csv lists 2 units in svq-cslm-10 / mandatory",
            "qualification_groups.csv:2: units_total: 1 is fewer than choose_min (4)",
        ])
    }

    @Test func duplicateCode() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("SCDLMCA1,lmcs-nos,nos-unit,A,Again,,,\(url),confirmed,official", to: "standards.csv", in: dir)
        }
        #expect(problems == ["standards.csv:5: code: duplicate \"SCDLMCA1\" (first on line 2)"])
    }

    @Test func linkToACodeThatDoesNotExist() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("SCDLMCA2,vision,evidences,1,Typo in the code.,\(url),confirmed,project", to: "links.csv", in: dir)
        }
        #expect(problems == ["links.csv:9: from: \"SCDLMCA2\" does not exist (did you mean \"SCDLMCA1\"?)"])
    }

    @Test func unitInAGroupTheQualificationDoesNotHave() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.rewrite("qualification_units.csv", in: dir) { $0.replacingOccurrences(of: "H7LH 04,mandatory", with: "H7LH 04,group-z") }
        }
        #expect(problems == ["qualification_units.csv:3: group: \"svq-cslm-10 / group-z\" is not in qualification_groups.csv"])
    }

    @Test func wrongFieldCount() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("H9ZZ 04,A unit,10", to: "units.csv", in: dir)
        }
        #expect(problems == ["units.csv:4: has 3 fields, the header has 8"])
    }

    @Test func unbalancedQuote() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("LMC A1.2,LMC A1,element,2,\"Manage workers,,\(url),confirmed,official", to: "elements.csv", in: dir)
        }
        #expect(problems == ["elements.csv:3: unbalanced quote: the quoted field opened here never closes"])
    }

    @Test func missingAndUnknownFiles() throws {
        let problems = try Fixture.problems { dir in
            try FileManager.default.moveItem(at: dir.appendingPathComponent("vocabulary.csv"),
                                             to: dir.appendingPathComponent("vocab.csv"))
        }
        #expect(problems.count == 2)
        #expect(problems[0].hasPrefix("vocab.csv: unknown file (expected one of: activities.csv,"))
        #expect(problems[1] == "vocabulary.csv: file is missing")
    }

    @Test func everyProblemIsReportedNotJustTheFirst() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("H9ZZ 04,,ten,7,\(url),maybe,official", to: "units.csv", in: dir)
        }
        #expect(problems == [
            "units.csv:4: title: required value is empty",
            "units.csv:4: credits: \"ten\" is not a whole number",
            "units.csv:4: status: \"maybe\" is not one of: confirmed, uncertain",
        ])
    }

    /// The files are read side by side; their problems still come file by file in the files'
    /// order (DatasetSpec's), each file's in line order.
    @Test func problemsOfSeveralFilesComeInTheFilesOrder() throws {
        let problems = try Fixture.problems { dir in
            try Fixture.append("vision/S1,vision,strategc,1,Sets direction.,,\(url),confirmed,project", to: "indicators.csv", in: dir)
            try Fixture.append("H9ZZ 04,,10,7,\(url),confirmed,official", to: "units.csv", in: dir)
            try Fixture.append("H9ZZ 05,A unit,ten,7,\(url),confirmed,official", to: "units.csv", in: dir)
            try Fixture.append("23L-4,empowering,evidences,1.5,Too strong.,\(url),confirmed,project", to: "links.csv", in: dir)
        }
        #expect(problems == [
            "indicators.csv:5: role: \"strategc\" is not one of: frontline, manager, strategic (did you mean \"strategic\"?)",
            "units.csv:4: title: required value is empty",
            "units.csv:5: credits: \"ten\" is not a whole number",
            "links.csv:9: strength: 1.5 is outside 0.01...1.0",
        ])
    }

    /// Codes and values are folded and trimmed byte by byte when they are ASCII, as before.
    @Test func foldingAndTrimmingGiveWhatTheyAlwaysGave() {
        #expect(Suggest.fold("SCDLMC A1") == "scdlmca1")
        #expect(Suggest.fold("H7LG 04") == "h7lg04")
        #expect(Suggest.fold("23L-22: Thing_22!") == "23l22thing22")
        #expect(Suggest.fold("Ünïcode Ω-1 ²") == "ünïcodeω1²")
        #expect(Suggest.fold("") == "")
        #expect(" \t SCDLMCA1 \n".trimmed() == "SCDLMCA1")
        #expect("SCDLMCA1".trimmed() == "SCDLMCA1")
        #expect("\u{A0}café\u{2003}".trimmed() == "café")
        #expect("a".trimmed() == "a")
        #expect("   ".trimmed() == "")
    }

    @Test func oversizedFieldsAreRefusedWithoutEchoingThem() throws {
        let title = String(repeating: "Lead and manage ", count: 655_360) // 10 MB; the last space is trimmed
        let problems = try Fixture.problems { dir in
            try Fixture.append("H9ZZ 04,\(title),10,7,\(url),confirmed,official", to: "units.csv", in: dir)
            try Fixture.append("\(String(repeating: "X", count: 65)),A unit,10,7,\(url),confirmed,official", to: "units.csv", in: dir)
        }
        #expect(problems == [
            "units.csv:4: title: 10485759 characters long; at most 300 are allowed (see \"Field sizes\" in Data/README.md)",
            "units.csv:5: code: 65 characters long; at most 64 are allowed (see \"Field sizes\" in Data/README.md)",
        ])
    }

    @Test func everyColumnHasASizeThatTheRealDataFitsWithRoomToSpare() throws {
        let dataset = try Dataset.load(.embedded)
        for spec in DatasetSpec.files {
            for column in spec.columns {
                let longest = dataset.rows[spec.name]?.compactMap { $0[column.name]?.count }.max() ?? 0
                #expect(longest * 2 <= column.size.rawValue, "\(spec.fileName) \(column.name): \(longest) of \(column.size.rawValue)")
            }
        }
    }

    @Test func embeddedReferenceDataIsValid() throws {
        let summary = try Importer.check(.embedded)
        let counts = Dictionary(uniqueKeysWithValues: summary.counts.map { ($0.entity, $0.rows) })
        #expect(counts["capabilities"] == 6)
        #expect((counts["indicators"] ?? 0) >= 48)
        #expect((counts["activities"] ?? 0) == 46)
    }
}

@Suite struct ImporterLoadTests {
    @Test func importLoadsCountsAndComputesUnitLinks() throws {
        let database = try ReferenceDatabase.openForImport(path: try Fixture.databasePath())
        let summary = try Importer.load(try DataSource.directory(Fixture.dataDirectory.path), into: database)
        #expect(summary.counts.first { $0.entity == "links" }?.rows == 7)
        #expect(summary.computedLinks == 3)
        let computed = try database.query(
            "SELECT to_code, strength, status FROM link WHERE from_code = 'H7LH 04' AND origin = 'computed'") {
            "\($0.string(0)) \($0.double(1)) \($0.string(2))"
        }
        // Built on SCDLMCB1 by title only, so the inherited link is uncertain too.
        #expect(computed == ["self-leadership 0.6 uncertain"])
    }

    @Test func reimportingTheSameDataChangesNothing() throws {
        let database = try ReferenceDatabase.openForImport(path: try Fixture.databasePath())
        let source = try DataSource.directory(Fixture.dataDirectory.path)
        try Importer.load(source, into: database)
        let first = try Fixture.dump(database)
        try Importer.load(source, into: database)
        #expect(try Fixture.dump(database) == first)
        #expect(first.count > 40)
    }

    @Test func invalidDatasetLeavesTheDatabaseExactlyAsItWas() throws {
        let path = try Fixture.databasePath()
        let database = try ReferenceDatabase.openForImport(path: path)
        try Importer.load(try DataSource.directory(Fixture.dataDirectory.path), into: database)
        let before = try Fixture.dump(database)

        let broken = try Fixture.copy { dir in
            try Fixture.append("X,vision,evidences,1,Unknown source.,fixture,https://example.org,confirmed,project", to: "links.csv", in: dir)
        }
        #expect(throws: InvalidDataset.self) { try Importer.load(try DataSource.directory(broken.path), into: database) }
        #expect(try Fixture.dump(Database(path: path)) == before)
    }

    @Test func failureDuringTheLoadRollsBackEverything() throws {
        let path = try Fixture.databasePath()
        let database = try ReferenceDatabase.openForImport(path: path)
        try Importer.load(try DataSource.directory(Fixture.dataDirectory.path), into: database)
        let before = try Fixture.dump(database)
        // Valid data, but the write fails part-way (the validation now catches everything the
        // schema refuses, so the failure is made by a trigger on this connection only).
        try database.execute("""
            CREATE TEMP TRIGGER fail_mid_load BEFORE INSERT ON main.unit
            BEGIN SELECT RAISE(ABORT, 'simulated failure part-way'); END
            """)
        #expect(throws: (any Error).self) { try Importer.load(try DataSource.directory(Fixture.dataDirectory.path), into: database) }
        #expect(try Fixture.dump(Database(path: path)) == before)
    }

    @Test func databaseFromANewerVersionIsRefused() throws {
        let path = try Fixture.databasePath()
        do {
            // What a newer crosswalk leaves: its own application id, a higher version.
            let database = try Database(path: path)
            try database.setApplicationID(DatabaseIdentity.referenceApplicationID)
            try database.setUserVersion(99)
        }
        let error = #expect(throws: CrosswalkError.self) { _ = try ReferenceDatabase.open(path: path) }
        #expect(error?.description.contains("schema version 99, newer than this crosswalk understands") == true)
    }

    @Test func schemaRejectsBadEnumsAndDanglingReferences() throws {
        let database = try ReferenceDatabase.openForImport(path: try Fixture.databasePath())
        try Importer.load(try DataSource.directory(Fixture.dataDirectory.path), into: database)
        let badRole = #expect(throws: SQLiteError.self) {
            try database.run("""
                INSERT INTO indicator (code, capability, role, position, text, source_url, status, origin)
                VALUES ('vision/F1', 'vision', 'boss', 9, 't', 'u', 'confirmed', 'project')
                """)
        }
        #expect(badRole?.isConstraintViolation == true)
        let dangling = #expect(throws: SQLiteError.self) {
            try database.run("""
                INSERT INTO link (from_code, to_code, kind, strength, rationale, source_url, status, origin)
                VALUES ('SCDLMCA1', 'no-such-capability', 'evidences', 1, 'r', 'u', 'confirmed', 'project')
                """)
        }
        #expect(dangling?.isConstraintViolation == true)
        let badStrength = #expect(throws: SQLiteError.self) {
            try database.run("""
                INSERT INTO link (from_code, to_code, kind, strength, rationale, source_url, status, origin)
                VALUES ('SCDLMCA1', 'vision', 'evidences', 2, 'r', 'u', 'confirmed', 'project')
                """)
        }
        #expect(badStrength?.isConstraintViolation == true)
    }

    @Test func defaultDatabaseIsBuiltFromEmbeddedDataAndRebuiltWhenStale() throws {
        let path = try Fixture.databasePath()
        let database = try ReferenceDatabase.open(path: path)
        #expect(try database.scalarInt("SELECT count(*) FROM capability") == 6)
        try database.run("UPDATE meta SET value = 'stale' WHERE key = 'fingerprint'")
        try database.run("DELETE FROM link")
        let reopened = try ReferenceDatabase.open(path: path)
        #expect(try reopened.scalarInt("SELECT count(*) FROM link") > 0)
    }

    @Test func databaseMadeFromOtherSchemaScriptsIsRebuiltFromScratch() throws {
        let path = try Fixture.databasePath()
        let database = try ReferenceDatabase.open(path: path)
        // What a build with different v1 scripts might have left: another table shape.
        try database.execute("DROP TABLE item_search; CREATE TABLE item_search (x)")
        try database.run("UPDATE meta SET value = 'other scripts' WHERE key = 'schema'")
        let reopened = try ReferenceDatabase.open(path: path)
        #expect(try Catalog(database: reopened).search("safeguarding").isEmpty == false)
    }

    @Test func userDataBuiltWithOtherSchemaScriptsAsksForAReimport() throws {
        let path = try Fixture.databasePath()
        let database = try ReferenceDatabase.openForImport(path: path)
        try Importer.load(try DataSource.directory(Fixture.dataDirectory.path), into: database)
        try database.run("UPDATE meta SET value = 'other scripts' WHERE key = 'schema'")
        let error = #expect(throws: CrosswalkError.self) { _ = try ReferenceDatabase.open(path: path) }
        #expect(error?.description.contains("load your data again with `crosswalk import --data") == true)
        // Importing again is the way out, and it works on the old file.
        try Importer.load(try DataSource.directory(Fixture.dataDirectory.path), into: try ReferenceDatabase.openForImport(path: path))
        #expect(try ReferenceDatabase.open(path: path).scalarInt("SELECT count(*) FROM standard") == 3)
    }

    @Test func userImportedDataIsNotOverwrittenByTheEmbeddedData() throws {
        let path = try Fixture.databasePath()
        let database = try ReferenceDatabase.openForImport(path: path)
        try Importer.load(try DataSource.directory(Fixture.dataDirectory.path), into: database)
        let reopened = try ReferenceDatabase.open(path: path)
        #expect(try reopened.scalarInt("SELECT count(*) FROM standard") == 3)
    }
}
