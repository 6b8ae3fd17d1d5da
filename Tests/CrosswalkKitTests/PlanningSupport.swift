import Foundation
@testable import CrosswalkKit
import SQLite

extension RealData {
    /// Every register part id in Data/register_parts.csv, read from the CSV itself so a part
    /// added to the data without a row in the tests' tables is noticed.
    static let registerPartIDs: [String] = {
        let url = Fixture.dataDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/register_parts.csv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
    }()
}

extension Double {
    /// Equal to two decimals, as the figures are shown.
    func isClose(to other: Double, within tolerance: Double = 0.0005) -> Bool { abs(self - other) <= tolerance }
}

extension LogEvidence {
    /// The evidence of a log whose entries each confirm one of `codes` (entry N confirms the
    /// Nth code), read against the real reference data.
    static func confirming(_ codes: [String], database: Database) throws -> LogEvidence {
        let entries = codes.enumerated().map { index, code in
            LogEntry(id: index + 1, uuid: "00000000-0000-4000-8000-\(String(format: "%012d", index + 1))", date: "2025-01-01",
                     title: "Entry confirming \(code)", text: "", hours: 1, thing: nil, element: nil, elementSource: nil,
                     role: .manager, words: 0, createdAt: "2025-01-01T00:00:00Z", updatedAt: "2025-01-01T00:00:00Z",
                     references: [LogFixture.reference(code, kind: "standard", .confirmed)])
        }
        return try LogEvidence(entries: entries, lookup: ReferenceLookup(database: database))
    }
}
