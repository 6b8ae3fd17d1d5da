import Foundation
@testable import CrosswalkKit
import SQLite

/// The real reference data, built from the copy embedded in CrosswalkKit into a fresh file.
enum RealData {
    /// Built once per test run; every test reads it through a connection of its own.
    static let path: String = {
        do {
            let path = try Fixture.databasePath()
            _ = try ReferenceDatabase.open(path: path)
            return path
        } catch {
            fatalError("cannot build the reference database from the embedded data: \(error)")
        }
    }()

    static func database() throws -> Database {
        try Database(path: path, mode: .readWrite)
    }

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
