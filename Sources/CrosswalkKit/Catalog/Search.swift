import Foundation
import SQLite

public struct SearchHit: Sendable {
    public let code: String
    public let kind: String
    public let title: String
    /// The best-matching passage, with matched words between `[` and `]`.
    public let snippet: String
    /// Higher is better (the negated BM25 rank).
    public let score: Double

    public var json: JSON {
        .object([("code", .string(code)), ("kind", .string(kind)), ("title", .string(title)),
                 ("snippet", .string(snippet)), ("score", .score(score))])
    }
}

public enum SearchQuery {
    /// Words of the user's text, each quoted as an FTS5 string so that no character they type
    /// (quotes, brackets, `*`, `NEAR(`, `AND`, emoji) is read as query syntax.
    public static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if CharacterSetLite.isAlphanumeric(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                terms.append(current)
                current = ""
            }
        }
        if !current.isEmpty { terms.append(current) }
        return terms
    }

    /// A safe FTS5 MATCH expression: every term quoted, joined by `joiner` (" " = all, " OR " = any).
    public static func expression(_ terms: [String], joiner: String) -> String {
        terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: joiner)
    }
}

extension Catalog {
    /// Full-text search over every item: all words first; if nothing has them all, any word.
    public func search(_ text: String, limit: Int = 20) throws -> [SearchHit] {
        let terms = SearchQuery.terms(text)
        guard !terms.isEmpty else { return [] }
        let all = try search(expression: SearchQuery.expression(terms, joiner: " "), limit: limit)
        if !all.isEmpty || terms.count == 1 { return all }
        return try search(expression: SearchQuery.expression(terms, joiner: " OR "), limit: limit)
    }

    func search(expression: String, limit: Int) throws -> [SearchHit] {
        // Weights: a match in the code or keywords says more than one in running text.
        try database.query("""
            SELECT i.code, i.kind, i.title,
                   snippet(item_search, -1, '[', ']', '…', 14),
                   -bm25(item_search, 10.0, 4.0, 1.0, 3.0) AS score
            FROM item_search JOIN item i ON i.rowid = item_search.rowid
            WHERE item_search MATCH ?1
            ORDER BY score DESC, i.code
            LIMIT ?2
            """, [.text(expression), .integer(Int64(limit))]) { row in
            SearchHit(code: row.string(0), kind: row.string(1), title: row.string(2), snippet: row.string(3), score: row.double(4))
        }
    }
}
