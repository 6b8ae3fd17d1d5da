import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

@Suite struct LogStoreTests {
    @Test func logFileAndItsWriteAheadFilesAreReadableOnlyByTheOwner() throws {
        let path = try LogFixture.logPath()
        let previous = umask(0o022)
        defer { umask(previous) }
        let log = try LearningLog.open(path: path)
        _ = try log.add(LogFixture.draft("Supervision"))
        #expect(try LogFixture.permissions(path) == 0o600)
        // The connection is still open, so the WAL and shared-memory files exist.
        #expect(try LogFixture.permissions(path + "-wal") == 0o600)
        #expect(try LogFixture.permissions(path + "-shm") == 0o600)
        #expect(try log.database.scalarText("PRAGMA journal_mode") == "wal")
    }

    @Test func reopeningKeepsEntriesAndTheSchemaVersion() throws {
        let path = try LogFixture.logPath()
        do {
            let log = try LearningLog.open(path: path)
            _ = try log.add(LogFixture.draft("First", references: [LogFixture.reference("vision", kind: "capability", .confirmed)]))
        }
        let reopened = try LearningLog.open(path: path)
        #expect(try reopened.count == 1)
        #expect(try reopened.entry(1).references.map(\.code) == ["vision"])
        #expect(try reopened.database.userVersion == LearningLog.migrations.latestVersion)
    }

    @Test func aLogFromANewerCrosswalkIsRefusedNotGuessedAt() throws {
        let path = try LogFixture.logPath()
        do {
            let log = try LearningLog.open(path: path)
            try log.database.setUserVersion(99)
        }
        let error = #expect(throws: CrosswalkError.self) { _ = try LearningLog.open(path: path) }
        #expect(error?.description.contains("newer than this crosswalk understands") == true)
    }

    @Test func anotherDatabaseIsNeverTurnedIntoALog() throws {
        let path = try Fixture.databasePath()
        _ = try LogFixture.fixtureReference(path: path)
        let error = #expect(throws: CrosswalkError.self) { _ = try LearningLog.open(path: path) }
        #expect(error?.description == "\(path) is the crosswalk reference database, not a learning log; give another file with --log-db")

        let text = try Fixture.temporaryDirectory().appendingPathComponent("notes.txt").path
        try "my notes, not a database".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: CrosswalkError.self) { _ = try LearningLog.open(path: text) }
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "my notes, not a database")
    }

    @Test func entriesComeBackInDateOrderAndFilterByDateAndCode() throws {
        let log = try LogFixture.emptyLog()
        _ = try log.add(LogFixture.draft("March", date: "2025-03-01", references: [LogFixture.reference("vision", kind: "capability", .suggested)]))
        _ = try log.add(LogFixture.draft("January", date: "2025-01-15", references: [LogFixture.reference("empowering", kind: "capability", .rejected)]))
        _ = try log.add(LogFixture.draft("February", date: "2025-02-01", references: [LogFixture.reference("empowering", kind: "capability", .confirmed)]))
        #expect(try log.entries().map(\.title) == ["January", "February", "March"])
        #expect(try log.entries(LogFilter(from: "2025-01-16", to: "2025-03-01")).map(\.title) == ["February", "March"])
        // A rejected reference is the worker's "no": it does not make the entry match.
        #expect(try log.entries(LogFilter(referencing: ["empowering"])).map(\.title) == ["February"])
        #expect(try log.entries(LogFilter(referencing: ["vision"])).map(\.title) == ["March"])
    }

    @Test func referenceChangesConfirmAddAndRejectInOneStep() throws {
        let log = try LogFixture.emptyLog()
        let entry = try log.add(LogFixture.draft("Team meeting", references: [
            LogFixture.reference("vision", kind: "capability", .suggested),
            LogFixture.reference("empowering", kind: "capability", .suggested),
            LogFixture.reference("SCDLMCA1", kind: "standard", .suggested),
        ]))
        let result = try log.changeReferences(of: entry.id, ReferenceChange(
            acceptAll: true,
            confirm: [LogFixture.reference("vision/F1", kind: "indicator", .confirmed, score: nil, source: .user)],
            reject: [LogFixture.reference("empowering", kind: "capability", .suggested)]))
        #expect(result == ReferenceChangeResult(confirmed: 2, added: 1, rejected: 1))
        let statuses = Dictionary(uniqueKeysWithValues: try log.entry(entry.id).references.map { ($0.code, $0.status) })
        #expect(statuses == ["vision": .confirmed, "SCDLMCA1": .confirmed, "vision/F1": .confirmed, "empowering": .rejected])
        let added = try #require(try log.entry(entry.id).references.first { $0.code == "vision/F1" })
        #expect(added.source == .user && added.score == nil)
    }

    @Test func editingReplacesSuggestionsButKeepsTheWorkersDecisions() throws {
        let log = try LogFixture.emptyLog()
        let entry = try log.add(LogFixture.draft("Coaching", references: [
            LogFixture.reference("vision", kind: "capability", .confirmed),
            LogFixture.reference("empowering", kind: "capability", .rejected),
            LogFixture.reference("SCDLMCA1", kind: "standard", .suggested),
        ]))
        let saved = try log.update(entry.id, EntryEdit(text: "A new text")) { _ in
            LogSuggester.Suggestions(references: [
                LogFixture.reference("empowering", kind: "capability", .suggested),
                LogFixture.reference("motivating-and-inspiring", kind: "capability", .suggested),
            ], element: nil)
        }.entry
        let statuses = Dictionary(uniqueKeysWithValues: saved.references.map { ($0.code, $0.status) })
        #expect(statuses == ["vision": .confirmed, "empowering": .rejected, "motivating-and-inspiring": .suggested])
        #expect(saved.text == "A new text" && saved.words == 3)
    }

    /// `log edit` maps the new text before it takes the write lock; meanwhile another process
    /// changes the hours, element and Thing and confirms a code. The edit is applied to the
    /// entry as it is then.
    @Test func anEditChangesOnlyItsFieldsOfTheEntryAsItIsUnderTheLock() throws {
        let path = try LogFixture.logPath()
        let log = try LearningLog.open(path: path)
        let added = try log.add(LogFixture.draft("Coaching", text: "Old text", hours: 1, references: [
            LogFixture.reference("SCDLMCA1", kind: "standard", .suggested),
        ]))
        let mappedEarly = LogSuggester.Suggestions(references: [
            LogFixture.reference("vision", kind: "capability", .suggested),
            LogFixture.reference("empowering", kind: "capability", .suggested),
            LogFixture.reference("23L-22", kind: "activity", .suggested),
        ], element: CPLElement(code: "CPL-6", title: "Reflective practice"))

        let other = try LearningLog.open(path: path)
        _ = try other.update(added.id, EntryEdit(hours: .set(3), thing: .set("23L-22"), element: .set("CPL-2"))) { _ in
            Issue.record("an edit of the hours and element does not map the text")
            return mappedEarly
        }
        _ = try other.changeReferences(of: added.id, ReferenceChange(confirm: [LogFixture.reference("vision", kind: "capability", .confirmed)]))

        var read: LogEntry?
        let (saved, remapped) = try log.update(added.id, EntryEdit(text: "New text")) { entry in
            read = entry
            return mappedEarly
        }
        #expect(remapped)
        #expect(read?.hours == 3 && read?.text == "New text" && read?.element == "CPL-2")
        #expect(saved.text == "New text" && saved.words == 2 && saved.title == "Coaching")
        #expect(saved.hours == 3 && saved.thing == "23L-22")
        // The worker chose CPL-2 meanwhile: it does not follow the text.
        #expect(saved.element == "CPL-2" && saved.elementSource == .user)
        // Neither the code confirmed meanwhile nor the entry's new Thing comes back as a suggestion.
        let statuses = Dictionary(uniqueKeysWithValues: saved.references.map { ($0.code, $0.status) })
        #expect(statuses == ["vision": .confirmed, "empowering": .suggested])

        // With --element auto the suggested element is taken, whatever was there.
        let auto = try log.update(added.id, EntryEdit(element: .auto)) { _ in mappedEarly }
        #expect(!auto.remapped && auto.entry.element == "CPL-6" && auto.entry.elementSource == .mapper)
        #expect(throws: CrosswalkError.self) { _ = try log.update(42, EntryEdit(hours: .clear)) { _ in mappedEarly } }
    }

    @Test func aFailedWriteLeavesTheLogAsItWas() throws {
        let log = try LogFixture.emptyLog()
        _ = try log.add(LogFixture.draft("Kept"))
        let before = try log.entries().map(\.json)
        var good = try log.entry(1)
        good.uuid = "00000000-0000-0000-0000-000000000001"
        good.id = 5
        var bad = good
        bad.uuid = "00000000-0000-0000-0000-000000000002"
        bad.hours = -1
        #expect(throws: SQLiteError.self) { _ = try log.importEntries([good, bad]) }
        #expect(try log.entries().map(\.json) == before)

        #expect(throws: CrosswalkError.self) { try log.delete([1, 42]) }
        #expect(try log.count == 1)
        #expect(throws: CrosswalkError.self) { _ = try log.changeReferences(of: 42, ReferenceChange(acceptAll: true)) }
    }

    @Test func anIDGivenTwiceIsDeletedOnce() throws {
        let log = try LogFixture.emptyLog()
        _ = try log.add(LogFixture.draft("One"))
        _ = try log.add(LogFixture.draft("Two"))
        try log.delete([1, 1])
        #expect(try log.entries().map(\.title) == ["Two"])
    }

    @Test func importSkipsEntriesTheLogAlreadyHasAndKeepsFreeIDs() throws {
        let source = try LogFixture.emptyLog()
        _ = try source.add(LogFixture.draft("One"))
        _ = try source.add(LogFixture.draft("Two"))
        let entries = try source.entries()
        let target = try LogFixture.emptyLog()
        #expect(try target.importEntries(entries).imported == [1, 2])
        #expect(try target.importEntries(entries) == ImportResult(imported: [], skipped: 2))
        #expect(try target.entries().map(\.uuid) == entries.map(\.uuid))

        // Into a log whose ids are taken, entries get new ids instead of replacing anything.
        let busy = try LogFixture.emptyLog()
        _ = try busy.add(LogFixture.draft("Mine"))
        #expect(try busy.importEntries(entries).imported == [2, 3])
        #expect(try busy.entry(1).title == "Mine")

        // Each id added says which entry given it holds, past the ones skipped.
        _ = try source.add(LogFixture.draft("Three"))
        let result = try target.importEntries(try source.entries())
        #expect(result == ImportResult(imported: [3], positions: [2], skipped: 2))
        #expect(try target.entry(3).uuid == (try source.entries())[2].uuid)
    }

    @Test func confirmedReferenceCodesAreTheEvidenceOfThePeriod() throws {
        let log = try LogFixture.emptyLog()
        _ = try log.add(LogFixture.draft("Thing", date: "2025-01-10", thing: "23L-22", references: [
            LogFixture.reference("vision", kind: "capability", .confirmed),
            LogFixture.reference("empowering", kind: "capability", .suggested),
        ]))
        _ = try log.add(LogFixture.draft("Later", date: "2025-06-01", references: [
            LogFixture.reference("SCDLMCA1", kind: "standard", .confirmed),
            LogFixture.reference("vision", kind: "capability", .confirmed),
            LogFixture.reference("HSC451", kind: "standard", .rejected),
        ]))
        #expect(try log.confirmedReferenceCodes() == ["23L-22", "SCDLMCA1", "vision"])
        #expect(try log.confirmedReferenceCodes(from: "2025-02-01") == ["SCDLMCA1", "vision"])
        #expect(try log.confirmedReferenceCodes(to: "2025-01-31") == ["23L-22", "vision"])
    }

    @Test func rebuildingTheReferenceDataNeverLosesAReference() throws {
        let referencePath = try Fixture.databasePath()
        let lookup = ReferenceLookup(database: try LogFixture.fixtureReference(path: referencePath))
        let log = try LogFixture.emptyLog()
        let title = try #require(try lookup.info("SCDLMCB1")?.title)
        _ = try log.add(LogFixture.draft("Safeguarding audit", references: [
            LogFixture.reference("SCDLMCB1", kind: "standard", .confirmed, title: title),
            LogFixture.reference("vision", kind: "capability", .confirmed),
        ]))
        #expect(try LogCheck(log: log, lookup: lookup).isClean)

        // The same database rebuilt from data that no longer has SCDLMCB1.
        let rebuilt = try LogFixture.fixtureReference(path: referencePath) { directory in
            for file in ["standards.csv", "links.csv"] {
                try Fixture.rewrite(file, in: directory) { text in
                    text.split(separator: "\n", omittingEmptySubsequences: false)
                        .filter { !$0.contains("SCDLMCB1") }.joined(separator: "\n")
                }
            }
        }
        let check = try LogCheck(log: log, lookup: ReferenceLookup(database: rebuilt))
        #expect(!check.isClean)
        #expect(check.missing.map(\.code) == ["SCDLMCB1"])
        #expect(check.missing.first?.title == title)
        #expect(check.missing.first?.suggestions.first == "SCDLMCA1")
        #expect(try log.entry(1).references.map(\.code).sorted() == ["SCDLMCB1", "vision"])
    }

    /// One entry's references are a range of the index log-v4.sql made, already in the order
    /// they are shown, and a whole log's come entry by entry from it: nothing is scanned or
    /// sorted, however long the log.
    @Test func referencesAreReadFromTheirIndexInTheOrderShown() throws {
        let log = try LogFixture.emptyLog()
        for statement in [LearningLog.entriesInDateOrder, LearningLog.entryByID, LearningLog.outlinesInDateOrder] {
            let arguments: [SQLValue] = statement.contains("?3") ? [.null, .null, .null] : [.integer(1)]
            let plan = try log.database.query("EXPLAIN QUERY PLAN " + statement, arguments) { $0.string(3) }
            #expect(plan.contains { $0.contains("USING INDEX entry_reference_in_order (entry_id=?)") }, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") || $0.hasPrefix("SCAN r") }, "\(plan)")
        }
        let entry = try log.add(LogFixture.draft("Order", references: [
            LogFixture.reference("SCDLMCA1", kind: "standard", .suggested, score: 0.9),
            LogFixture.reference("vision/F1", kind: "indicator", .confirmed, score: 0.2),
            LogFixture.reference("empowering", kind: "capability", .rejected, score: 0.8),
            LogFixture.reference("vision", kind: "capability", .suggested, score: nil, source: .user),
            LogFixture.reference("self-leadership", kind: "capability", .suggested, score: 0.4),
            LogFixture.reference("HSC451", kind: "standard", .confirmed, score: 0.7),
        ]))
        let order = ["vision/F1", "HSC451", "self-leadership", "vision", "SCDLMCA1", "empowering"]
        #expect(try log.entry(entry.id).references.map(\.code) == order)
        #expect(try log.entries().first?.references.map(\.code) == order)
        var outlined: [String] = []
        try log.forEachOutline { outlined = $0.references.map(\.code) }
        #expect(outlined == order)
    }
}
