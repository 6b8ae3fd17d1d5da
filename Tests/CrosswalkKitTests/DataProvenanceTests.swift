import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// The real data names, for every fact, the document it comes from apart from where it was read.
@Suite struct DataProvenanceTests {
    let database: Database

    init() throws {
        database = try RealData.database()
    }

    /// Every table with provenance columns, and a readable key for its rows.
    static let tables: [(table: String, key: String)] = [
        ("framework", "t.id"), ("capability", "t.id"), ("indicator", "t.code"), ("standard", "t.code"), ("element", "t.code"),
        ("qualification", "t.id"), ("qualification_group", "t.qualification || ' / ' || t.grp"), ("unit", "t.code"),
        ("qualification_unit", "t.qualification || ' / ' || t.unit"), ("register_part", "t.id"),
        ("register_rule", "t.part || ' / ' || t.requirement || ' / ' || t.option || ' / ' || t.qualification"), ("activity", "t.code"),
        ("link", "t.from_code || ' → ' || t.to_code || ' ' || t.kind"), ("vocabulary", "t.term || ' → ' || t.means"),
    ]

    struct Row {
        let table: String
        let key: String
        let readAt: String
        let status: String
        let origin: String
        let document: SourceDocument
    }

    func rows() throws -> [Row] {
        try Self.tables.flatMap { table, key in
            try database.query("""
                SELECT \(key), t.source_url, t.status, t.origin, \(SourceDocument.columns("d"))
                FROM \(table) t JOIN document d ON d.id = t.document
                """) { row in
                Row(table: table, key: row.string(0), readAt: row.string(1), status: row.string(2), origin: row.string(3),
                    document: SourceDocument(row: row, from: 4))
            }
        }
    }

    @Test func everyRowNamesADocument() throws {
        for (table, _) in Self.tables {
            let orphans = try database.scalarInt("SELECT count(*) FROM \(table) t LEFT JOIN document d ON d.id = t.document WHERE d.id IS NULL")
            #expect(orphans == 0, "\(table)")
        }
        #expect(try rows().count == Self.tables.map { try! database.scalarInt("SELECT count(*) FROM \($0.table)") }.reduce(0, +))
    }

    /// A confirmed official fact rests on an identified document, and never on a mirror site
    /// named as the document: a copy on docsbay, docplayer, studylib... is where it was read.
    @Test func everyConfirmedOfficialRowIsTiedToAnIdentifiedSourceDocument() throws {
        let official = try rows().filter { $0.status == "confirmed" && $0.origin == "official" }
        #expect(official.count > 600)
        for row in official {
            #expect(row.document.status == "confirmed", "\(row.table) \(row.key): document \(row.document.id) is not identified")
            #expect(!row.document.publisher.isEmpty && !row.document.title.isEmpty, "\(row.table) \(row.key)")
            #expect(DocumentMirrors.mirror(in: row.document.title) == nil && DocumentMirrors.mirror(in: row.document.publisher) == nil,
                    "\(row.table) \(row.key): \(row.document.id)")
            if let url = row.document.url { #expect(!DocumentMirrors.isMirror(url), "\(row.document.id): \(url)") }
        }
        // The rows read on a mirror (about two hundred of them) each name the document the copy reproduces.
        let readAtMirror = official.filter { DocumentMirrors.isMirror($0.readAt) }
        #expect(readAtMirror.count > 150)
        #expect(readAtMirror.allSatisfy { $0.document.url.map { !DocumentMirrors.isMirror($0) } ?? true })
    }

    @Test func noDocumentIsAMirror() throws {
        let documents = try Catalog(database: database).documents().values
        #expect(documents.count > 100)
        for document in documents {
            #expect(document.url.map(DocumentMirrors.isMirror) != true, "\(document.id)")
            #expect(DocumentMirrors.mirror(in: document.publisher) == nil, "\(document.id)")
        }
        // A copy whose original cannot be told is said to be so.
        let unidentified = documents.filter { $0.status == "uncertain" }
        #expect(!unidentified.isEmpty)
        #expect(unidentified.allSatisfy { ($0.note ?? "").contains("could not be established") || ($0.note ?? "").contains("not recorded") })
    }

    /// Titles never read on a publisher's page are uncertain project rows.
    @Test func titlesNotReadAnywhereAreUncertainAndTheProjects() throws {
        for code in ["CI-CH 2.1", "CI-CH 2.2", "CI-CH 2.3", "CI-CH 2.4"] {
            let (status, origin) = try #require(try database.queryFirst(
                "SELECT status, origin FROM standard WHERE code = ?1", [.text(code)]) { ($0.string(0), $0.string(1)) })
            #expect(status == "uncertain" && origin == "project", "\(code)")
        }
        let placeholders = try database.query("SELECT code, status, origin FROM activity WHERE title LIKE '%(title not found)%'") {
            ($0.string(0), $0.string(1), $0.string(2))
        }
        #expect(placeholders.count == 8)
        #expect(placeholders.allSatisfy { $0.1 == "uncertain" && $0.2 == "project" }, "\(placeholders)")
    }

    /// The Codes of Practice: the headings are labelled as the 2003 wording, the statements as
    /// the 2024 edition in force.
    @Test func eachCodesOfPracticeRowSaysWhichEditionItIs() throws {
        let headings = try database.query("SELECT DISTINCT document FROM standard WHERE framework = 'sssc-codes-of-practice'") { $0.string(0) }
        let statements = try database.query("""
            SELECT DISTINCT e.document FROM element e JOIN standard s ON s.code = e.standard WHERE s.framework = 'sssc-codes-of-practice'
            """) { $0.string(0) }
        #expect(headings == ["sssc-cop-2003"] && statements == ["sssc-cop-2024"])
        let catalog = Catalog(database: database)
        #expect(try catalog.document("sssc-cop-2003")?.edition?.contains("2003") == true)
        #expect(try catalog.document("sssc-cop-2024")?.edition?.contains("2024") == true)
    }
}
