import Foundation
@testable import CrosswalkKit
import SQLite

/// Learning logs and reference databases for the log tests, each in a fresh folder.
enum LogFixture {
    /// A reference database built from the data compiled into crosswalk (it has the CPL
    /// elements and the 23 Things the small fixture lacks).
    static func embeddedReference() throws -> Database {
        try RealData.database()
    }

    /// A reference database loaded from the small fixture data, optionally edited first.
    static func fixtureReference(path: String? = nil, _ edit: (URL) throws -> Void = { _ in }) throws -> Database {
        let database = try ReferenceDatabase.openForImport(path: try path ?? Fixture.databasePath())
        try Importer.load(try DataSource.directory(try Fixture.copy(edit).path), into: database)
        return database
    }

    static func logPath() throws -> String {
        try Fixture.temporaryDirectory().appendingPathComponent("log.db").path
    }

    static func emptyLog() throws -> LearningLog {
        try LearningLog.open(path: try logPath())
    }

    static func reference(_ code: String, kind: String, _ status: LogReference.Status, score: Double? = 0.5,
                          source: LogReference.Source = .mapper, title: String? = nil) -> LogReference {
        LogReference(code: code, kind: kind, status: status, score: score, source: source,
                     title: title ?? code, addedAt: "2025-01-01T00:00:00Z")
    }

    static func draft(_ title: String, date: String = "2025-02-10", text: String = "", hours: Double? = 1,
                      thing: String? = nil, element: String? = nil, references: [LogReference] = []) -> EntryDraft {
        EntryDraft(title: title, date: date, text: text, hours: hours, thing: thing, element: element,
                   elementSource: element == nil ? nil : .user, role: .frontline, references: references)
    }

    static func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
