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
    /// The most distinct words a query keeps. FTS5's cost grows with the number of phrases
    /// times the rows each one matches (an OR of 4,000 repeated words took seconds), so a long
    /// text is searched by its first `maximumTerms` distinct words. Every labelled evaluation
    /// case has fewer (the longest, 184), so the baseline reads them whole.
    public static let maximumTerms = 256

    /// The distinct words of the user's text in the order they first appear, at most `limit`
    /// of them, each to be quoted as an FTS5 string so that no character they type (quotes,
    /// brackets, `*`, `NEAR(`, `AND`, emoji) is read as query syntax. Words differing only in
    /// case, accents or width count once (FTS5 folds them alike); the first spelling is kept.
    /// One pass over the UTF-8 bytes that stops once `limit` words are found, so an 8 MB text
    /// costs milliseconds.
    public static func terms(_ text: String, limit: Int = maximumTerms) -> [String] {
        var text = text
        return text.withUTF8 { terms(bytes: $0, limit: limit) }
    }

    private static func terms(bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> [String] {
        var terms: [String] = []
        var seen = Set<String>()
        var word: [UInt8] = []   // as written
        var key: [UInt8] = []    // folded, for spotting repeats
        var folding: [UInt32: [UInt8]] = [:]
        var index = 0
        let count = bytes.count
        guard limit > 0 else { return [] }

        func finish() -> Bool {
            guard !word.isEmpty else { return false }
            if seen.insert(String(decoding: key, as: UTF8.self)).inserted {
                terms.append(String(decoding: word, as: UTF8.self))
            }
            word.removeAll(keepingCapacity: true)
            key.removeAll(keepingCapacity: true)
            return terms.count >= limit
        }

        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                if byte >= 97 && byte <= 122 || byte >= 48 && byte <= 57 {
                    word.append(byte)
                    key.append(byte)
                } else if byte >= 65 && byte <= 90 {
                    word.append(byte)
                    key.append(byte + 32)
                } else if finish() {
                    return terms
                }
                continue
            }
            // A multi-byte scalar (the text is valid UTF-8: it is a Swift String).
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            let end = min(count, index + length)
            var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in index + 1 ..< end { value = value << 6 | UInt32(bytes[offset] & 0x3F) }
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            if CharacterSetLite.isAlphanumeric(scalar) {
                word.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index ..< end]))
                key += folding[value] ?? {
                    let folded = Array(String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
                                                              locale: nil).utf8)
                    folding[value] = folded
                    return folded
                }()
            } else if finish() {
                return terms
            }
            index = end
        }
        _ = finish()
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
