import Foundation
@testable import CrosswalkKit
import SQLite

/// The small, hand-made dataset in Tests/Fixtures/data, copied so a test may break it.
enum Fixture {
    static let dataDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/data")

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crosswalk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A fresh copy of the fixture data; `edit` may rewrite files in it.
    static func copy(_ edit: (URL) throws -> Void = { _ in }) throws -> URL {
        let target = try temporaryDirectory().appendingPathComponent("data")
        try FileManager.default.copyItem(at: dataDirectory, to: target)
        try edit(target)
        return target
    }

    static func rewrite(_ file: String, in directory: URL, _ change: (String) -> String) throws {
        let url = directory.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        try change(text).write(to: url, atomically: true, encoding: .utf8)
    }

    static func append(_ line: String, to file: String, in directory: URL) throws {
        try rewrite(file, in: directory) { $0 + line + "\n" }
    }

    /// An empty database file in a fresh folder.
    static func databasePath() throws -> String {
        try temporaryDirectory().appendingPathComponent("reference.db").path
    }

    /// Problems reported for the fixture after `edit`, as the lines the user sees.
    static func problems(_ edit: (URL) throws -> Void) throws -> [String] {
        let directory = try copy(edit)
        do {
            _ = try Importer.check(try DataSource.directory(directory.path))
            return []
        } catch let error as InvalidDataset {
            return error.problems.map(\.description)
        }
    }

    /// Every row of every table, for comparing a database before and after.
    static func dump(_ database: Database) throws -> [String] {
        let tables = try database.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'item_search%' ORDER BY name") { $0.string(0) }
        var lines: [String] = []
        for table in tables {
            let rows = try database.query("SELECT * FROM \(table) ORDER BY 1, 2") { row in
                (0..<row.count).map { "\(row.value($0))" }.joined(separator: "|")
            }
            lines += rows.map { "\(table): \($0)" }
        }
        return lines
    }
}

/// The real reference data, built from the copy embedded in CrosswalkKit into a fresh file.
enum RealData {
    /// Built once per test run; every test reads it through a read-only connection of its own,
    /// so no test can change what another sees.
    static let path: String = {
        do {
            let path = try Fixture.databasePath()
            _ = try ReferenceDatabase.open(path: path)
            return path
        } catch {
            fatalError("cannot build the reference database from the embedded data: \(error)")
        }
    }()

    static func database(mode: Database.Mode = .readOnly) throws -> Database {
        try Database(path: path, mode: mode)
    }

    static func mapper() throws -> Mapper {
        try Mapper(database: try database())
    }
}

