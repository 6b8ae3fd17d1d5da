import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// The mapping index is worked out once, when the data is imported, and stored with it; a
/// mapping reads from the stored index only what its text needs. It must map every text
/// exactly as an index worked out afresh from the same data.
@Suite struct MappingIndexStoreTests {
    static let evalFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Eval")

    static func evaluationCases() throws -> [(file: String, cases: [EvaluationCase])] {
        try ["dev.jsonl", "test.jsonl"].map { file in
            (file, try EvaluationCase.load(String(contentsOf: evalFolder.appendingPathComponent(file), encoding: .utf8), file: file))
        }
    }

    /// Every case of Eval/, mapped through the stored index and through one built afresh: the
    /// same result to the last digit (every capability, indicator, standard, element and unit
    /// on the first ten of each list, their scores, evidence and quoted passages).
    @Test func theStoredIndexMapsEveryEvaluationCaseExactlyAsAFreshOne() throws {
        let database = try RealData.database()
        let stored = try Mapper(database: database)
        let fresh = try Mapper(database: database, tuning: Mapper.Tuning(), storedIndex: false)
        // One is read from the database, the other worked out from its rows.
        #expect(stored.index.builtIndex == nil)
        #expect(fresh.index.builtIndex != nil)
        #expect(stored.calibration == fresh.calibration)
        var compared = 0
        for (file, cases) in try Self.evaluationCases() {
            for evaluationCase in cases {
                let a = try stored.map(evaluationCase.text, role: evaluationCase.role, limit: 10)
                let b = try fresh.map(evaluationCase.text, role: evaluationCase.role, limit: 10)
                #expect(a.json.serialized() == b.json.serialized(), "\(file): \(evaluationCase.id)")
                compared += 1
            }
        }
        #expect(compared >= 200)
    }

    /// The same text mapped twice, by two mappers and by one, gives the same result: nothing
    /// depends on what a mapper happened to read before, or on the order of a hash table.
    @Test func aMappingDoesNotDependOnWhatWasReadBefore() throws {
        let database = try RealData.database()
        let cases = try Self.evaluationCases().flatMap(\.cases).prefix(40)
        let first = try Mapper(database: database)
        let once = try cases.map { try first.map($0.text, role: $0.role, limit: 10).json.serialized() }
        let again = try cases.reversed().map { try first.map($0.text, role: $0.role, limit: 10).json.serialized() }
        #expect(once == Array(again.reversed()))
        let second = try Mapper(database: database)
        #expect(try cases.map { try second.map($0.text, role: $0.role, limit: 10).json.serialized() } == once)
    }

    /// A long text's passages are scored on several cores at once, each worker numbering the
    /// words it matched on its own: put together, the result is the one scoring them in turn
    /// gives, to the last digit.
    @Test func aTextScoredOnSeveralCoresMapsAsOnOne() throws {
        let mapper = try Mapper(database: try RealData.database())
        let cases = try Self.evaluationCases().flatMap(\.cases)
        for (start, role) in [(0, Role.frontline), (40, .manager)] {
            let text = cases[start..<start + 30].map(\.text).joined(separator: "\n\n")
            var one = TextRun(index: mapper.index, tuning: mapper.tuning, calibration: mapper.calibration, text: text)
            var several = TextRun(index: mapper.index, tuning: mapper.tuning, calibration: mapper.calibration, text: text)
            #expect(one.passages.count >= 4 * TextRun.passagesPerWorker)
            let alone = one.result(role: role, limit: 10, cores: 1).json.serialized()
            #expect(several.result(role: role, limit: 10, cores: 4).json.serialized() == alone, "from case \(start)")
            #expect(alone.contains("\"evidence\""))
        }
    }

    /// A short note reads the buckets of its own words, not the index (a fifth of it here, on
    /// the small built-in data; the same few buckets on data a hundred times larger): what
    /// keeps a mapping as quick on a large dataset as on a small one.
    @Test func aMappingReadsOnlyTheBucketsOfItsWords() throws {
        let database = try RealData.database()
        let buckets = try database.scalarInt("SELECT count(*) FROM mapping_bucket")
        #expect(buckets > 300)
        let mapper = try Mapper(database: database)
        let result = try mapper.map("I coached a new colleague through her first week on the unit.", role: .frontline)
        #expect(!result.capabilities.isEmpty)
        let read = try #require(mapper.index.storedBucketsRead)
        #expect(read > 0 && read * 5 < buckets, "read \(read) of \(buckets) buckets")
    }

    /// An index stored by another version of crosswalk, or damaged, is not read: the mapper
    /// works the index out afresh and maps as before.
    @Test func anIndexThisBuildCannotReadIsWorkedOutAfresh() throws {
        let path = try Fixture.databasePath()
        try FileManager.default.copyItem(atPath: RealData.path, toPath: path)
        let database = try Database(path: path, mode: .readWrite)
        let text = "I asked my team for honest feedback on my leadership and now keep a reflective diary."
        let expected = try Mapper(database: database).map(text, role: .manager).json.serialized()

        try database.run("UPDATE mapping_part SET data = ?1 WHERE name = 'version'", [.blob(Array("mapping-index-0 old".utf8))])
        let other = try Mapper(database: database)
        #expect(other.index.builtIndex != nil)
        #expect(try other.map(text, role: .manager).json.serialized() == expected)

        try database.run("UPDATE mapping_part SET data = ?1 WHERE name = 'version'", [.blob(Array(MappingIndexStore.version.utf8))])
        try database.run("UPDATE mapping_part SET data = substr(data, 1, 100) WHERE name = 'structure'")
        let damaged = try Mapper(database: database)
        #expect(damaged.index.builtIndex != nil)
        #expect(try damaged.map(text, role: .manager).json.serialized() == expected)
    }

    /// The database built from the built-in data is built again when its stored index is not
    /// the one this build writes; the index comes back with it.
    @Test func theBuiltInDatabaseIsBuiltAgainForAnotherIndexVersion() throws {
        let path = try Fixture.databasePath()
        _ = try ReferenceDatabase.open(path: path)
        let writable = try Database(path: path, mode: .readWrite)
        try writable.run("UPDATE meta SET value = 'mapping-index-0 old' WHERE key = ?1", [.text(MappingIndexStore.metaKey)])
        try writable.execute("DELETE FROM mapping_part")
        let database = try ReferenceDatabase.open(path: path)
        #expect(try database.scalarText("SELECT value FROM meta WHERE key = ?1", [.text(MappingIndexStore.metaKey)]) == MappingIndexStore.version)
        #expect(try Mapper(database: database).index.builtIndex == nil)
    }
}
