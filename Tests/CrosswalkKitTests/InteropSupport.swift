import Foundation
import SQLite
@testable import CrosswalkKit

/// A CASE package written in a test, item by item.
struct TestPackage {
    static let time = "2025-01-01T00:00:00Z"
    static let source = "https://example.org/case/test"

    /// A fixed, valid UUID for test node `n`.
    static func uid(_ n: Int, group: Int = 0) -> String {
        String(format: "00000000-0000-4000-8%03x-%012x", group, n)
    }

    var document: [String: Any]
    var items: [[String: Any]] = []
    var associations: [[String: Any]] = []

    init(_ number: Int = 1, title: String = "Test framework", notes: String? = nil) {
        document = ["identifier": Self.uid(number, group: 0xd0c), "uri": Self.source + "/\(number)", "creator": "Test body",
                    "title": title, "lastChangeDateTime": Self.time, "officialSourceURL": Self.source]
        if let notes { document["notes"] = notes }
    }

    var identifier: String { document["identifier"] as! String }

    mutating func item(_ id: String, _ statement: String, code: String? = nil, type: String? = nil, abbreviated: String? = nil,
                       enumeration: String? = nil, keywords: [String] = [], notes: String? = nil) {
        var item: [String: Any] = ["identifier": id, "uri": Self.source + "/items/" + id, "fullStatement": statement,
                                   "lastChangeDateTime": Self.time]
        if let code { item["humanCodingScheme"] = code }
        if let type { item["CFItemType"] = type }
        if let abbreviated { item["abbreviatedStatement"] = abbreviated }
        if let enumeration { item["listEnumeration"] = enumeration }
        if !keywords.isEmpty { item["conceptKeywords"] = keywords }
        if let notes { item["notes"] = notes }
        items.append(item)
    }

    /// `origin` and `destination` are identifiers: of an item here, of the document, or of
    /// one of crosswalk's nodes (`InteropIdentity.identifier(for:)`).
    mutating func associate(_ type: String, _ origin: String, _ destination: String, sequence: Int? = nil, notes: String? = nil) {
        func reference(_ id: String) -> [String: Any] {
            let title = items.first { $0["identifier"] as? String == id }?["fullStatement"] as? String ?? "node"
            return ["title": title, "identifier": id, "uri": "urn:uuid:" + id]
        }
        var association: [String: Any] = [
            "identifier": Self.uid(associations.count + 1, group: 0xa55 + (Int(identifier.suffix(3), radix: 16) ?? 0)),
            "associationType": type, "uri": Self.source + "/associations/\(associations.count + 1)",
            "originNodeURI": reference(origin), "destinationNodeURI": reference(destination), "lastChangeDateTime": Self.time,
        ]
        if let sequence { association["sequenceNumber"] = sequence }
        if let notes { association["notes"] = notes }
        associations.append(association)
    }

    var text: String {
        let object: [String: Any] = ["CFDocument": document, "CFItems": items, "CFAssociations": associations]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// The package as read from a file named `name`, or the problems reading it found.
    func parsed(_ name: String = "test.json") -> Result<CasePackageFile, InvalidDataset> {
        CasePackageFile.parse(text, file: name)
    }

    func file(_ name: String = "test.json") throws -> CasePackageFile {
        try parsed(name).get()
    }
}

enum InteropFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// The example package of official-looking NOS text in Tests/Fixtures/case.
    static let examplePackage = root.appendingPathComponent("Fixtures/case/scdlmca1-example.json")

    /// `../shared/schemas/` beside the repository, when it is there ($CROSSWALK_SHARED names
    /// another place for ../shared, e.g. from a worktree).
    static let sharedSchemas: URL = {
        if let shared = ProcessInfo.processInfo.environment["CROSSWALK_SHARED"], !shared.isEmpty {
            return URL(fileURLWithPath: shared).appendingPathComponent("schemas")
        }
        return root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/schemas")
    }()
    static let sharedExample = sharedSchemas.appendingPathComponent("case-example-smartlevel.json")

    /// A data folder with every file and no rows: an empty reference database.
    static func emptyData() throws -> URL {
        let directory = try Fixture.temporaryDirectory().appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in DataSource.embedded.files {
            let header = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            try (header + "\n").write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// A writable copy of the database built from the embedded data (copied, not rebuilt: a
    /// copy takes milliseconds).
    static func realDatabase() throws -> Database {
        let path = try Fixture.databasePath()
        try RealData.database().run("VACUUM INTO ?1", [.text(path)])
        return try Database(path: path)
    }

    static func load(_ packages: [CasePackageFile], into database: Database, source: DataSource = .embedded) throws -> CaseLoadSummary {
        try Importer.load(source, into: database, casePackages: packages).casePackages
    }

    static func example() throws -> CasePackageFile {
        try CasePackageFile.read([examplePackage.path])[0]
    }

    /// Rows of the tables an export carries, for comparing two databases.
    static func exportedRows(_ database: Database) throws -> [String: [String]] {
        let queries = [
            "framework": "SELECT * FROM framework ORDER BY id",
            "capability": "SELECT * FROM capability ORDER BY id",
            "indicator": "SELECT * FROM indicator ORDER BY code",
            "standard": "SELECT * FROM standard ORDER BY code",
            "element": "SELECT * FROM element ORDER BY code",
            "activity": "SELECT * FROM activity ORDER BY code",
            "item": """
                SELECT code, kind, title, body, keywords, framework, lookup_key FROM item
                WHERE kind IN ('framework', 'capability', 'indicator', 'standard', 'element', 'activity') ORDER BY code
                """,
            "link": """
                SELECT l.* FROM link l JOIN item a ON a.code = l.from_code JOIN item b ON b.code = l.to_code
                WHERE l.origin <> 'computed'
                  AND a.kind IN ('capability', 'indicator', 'standard', 'element', 'activity')
                  AND b.kind IN ('capability', 'indicator', 'standard', 'element', 'activity')
                ORDER BY 1, 2, 3
                """,
        ]
        var rows: [String: [String]] = [:]
        for (name, sql) in queries {
            rows[name] = try database.query(sql) { row in (0..<row.count).map { "\(row.value($0))" }.joined(separator: "|") }
        }
        return rows
    }
}
