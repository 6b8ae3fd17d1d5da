import SQLite

/// The yardstick: one FTS5 query of the text's words (any of them) over every item, ranked by
/// BM25, with no vocabulary, no links and no roll-up. The real mapper must beat it.
public struct BaselineMapper: EvidenceMapper {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The single query the baseline runs; the benchmark gives the same one to the sqlite3 shell.
    public static let sql = """
        SELECT i.code, i.kind, i.title, -bm25(item_search) AS score
        FROM item_search JOIN item i ON i.rowid = item_search.rowid
        WHERE item_search MATCH ?1
        ORDER BY score DESC
        LIMIT 200
        """

    public func map(_ text: String, role: Role, limit: Int) throws -> MappingResult {
        let terms = SearchQuery.terms(text)
        let hits: [(code: String, kind: String, title: String, score: Double)] = terms.isEmpty ? [] : try database.query(
            Self.sql, [.text(SearchQuery.expression(terms, joiner: " OR "))]) {
            ($0.string(0), $0.string(1), $0.string(2), $0.double(3))
        }
        let best = hits.first?.score ?? 1
        func normalised(_ score: Double) -> Double { best > 0 ? max(0, min(1, score / best)) : 0 }

        // A capability is ranked where its own row or one of its indicators first appears.
        var capabilityOrder: [(id: String, score: Double)] = []
        var indicatorCapability: [String: String] = [:]
        for (code, capability) in try database.query("SELECT code, capability FROM indicator", [], { ($0.string(0), $0.string(1)) }) {
            indicatorCapability[code] = capability
        }
        for hit in hits {
            let id = hit.kind == "capability" ? hit.code : hit.kind == "indicator" ? indicatorCapability[hit.code] : nil
            if let id, !capabilityOrder.contains(where: { $0.id == id }) {
                capabilityOrder.append((id, normalised(hit.score)))
            }
        }
        let names = Dictionary(uniqueKeysWithValues: try database.query("SELECT id, name FROM capability") { ($0.string(0), $0.string(1)) })
        let frameworks = Dictionary(uniqueKeysWithValues: try database.query("SELECT code, framework FROM standard") { ($0.string(0), $0.string(1)) })

        return MappingResult(
            role: role,
            words: TextStatistics.wordCount(text),
            capabilities: capabilityOrder.prefix(limit).map {
                .init(id: $0.id, name: names[$0.id] ?? $0.id, score: $0.score, evidence: [], indicators: [], support: [])
            },
            standards: hits.filter { $0.kind == "standard" }.prefix(limit).map {
                .init(framework: frameworks[$0.code] ?? "", code: $0.code, title: $0.title,
                      score: normalised($0.score), evidence: [], elements: [], support: [])
            },
            units: [],
            mentions: [])
    }
}
