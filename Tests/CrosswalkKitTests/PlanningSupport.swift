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
