import Foundation
import SQLite

/// Read access to the reference data: listing, looking up one item with its links, and
/// full-text search.
public struct Catalog {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    // MARK: Resolving codes

    public enum Resolution: Equatable, Sendable {
        case found(code: String, kind: String)
        case notFound(suggestions: [String])
    }

    /// Finds an item by its code, forgiving case and spacing ("h7lg04", "SCDLMC A1"), by a
    /// qualification's group award code ("GJ9V 24"), or by a Thing number ("Thing 21").
    public func resolve(_ text: String) throws -> Resolution {
        let trimmed = text.trimmed()
        if let hit = try database.queryFirst("SELECT code, kind FROM item WHERE code = ?1", [.text(trimmed)], {
            Resolution.found(code: $0.string(0), kind: $0.string(1))
        }) { return hit }

        let key = Suggest.fold(trimmed)
        guard !key.isEmpty else { return .notFound(suggestions: []) }
        if let hit = try database.queryFirst("SELECT code, kind FROM item WHERE lookup_key = ?1 ORDER BY code", [.text(key)], {
            Resolution.found(code: $0.string(0), kind: $0.string(1))
        }) { return hit }

        let awardCodes = try database.query("SELECT id, award_code FROM qualification WHERE award_code IS NOT NULL") {
            ($0.string(0), $0.string(1))
        }
        if let match = awardCodes.first(where: { Suggest.fold($0.1) == key }) {
            return .found(code: match.0, kind: "qualification")
        }
        if let number = Self.thingNumber(trimmed),
           let hit = try database.queryFirst(
               "SELECT code FROM activity WHERE number = ?1 ORDER BY programme = '23-things-leadership' DESC", [.integer(Int64(number))],
               { Resolution.found(code: $0.string(0), kind: "activity") }) {
            return hit
        }

        let codes = try database.query("SELECT code FROM item") { $0.string(0) } + awardCodes.map(\.1)
        return .notFound(suggestions: Suggest.closest(to: trimmed, in: codes, limit: 5))
    }

    /// "Thing 21", "thing21", "21" → 21.
    static func thingNumber(_ text: String) -> Int? {
        var rest = Substring(text.lowercased())
        if rest.hasPrefix("thing") { rest = rest.dropFirst("thing".count) }
        let digits = String(rest).trimmed()
        guard let number = Int(digits), (1...23).contains(number) else { return nil }
        return number
    }

    /// The code, or a failure naming the closest codes.
    public func require(_ text: String) throws -> (code: String, kind: String) {
        switch try resolve(text) {
        case .found(let code, let kind):
            return (code, kind)
        case .notFound(let suggestions):
            var message = "no item with code \"\(text)\""
            if !suggestions.isEmpty { message += "; did you mean: \(suggestions.joined(separator: ", "))?" }
            else { message += "; try `crosswalk search \(text)`" }
            throw CrosswalkError.failure(message)
        }
    }
}
