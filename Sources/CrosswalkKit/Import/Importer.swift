import SQLite

/// What an import loaded, entity by entity.
public struct ImportSummary: Sendable, Encodable {
    public struct Count: Sendable, Encodable {
        public let entity: String
        public let rows: Int
    }

    public let source: String
    public let counts: [Count]
    public let computedLinks: Int
    /// The CASE packages applied on top of the data (see `CaseImport`).
    public var casePackages: CaseLoadSummary = .none

    enum CodingKeys: String, CodingKey {
        case source, counts
        case computedLinks = "computed_links"
    }
}

/// Validates a dataset and loads it into the reference database in one transaction.
public enum Importer {
    /// Validates without writing anything: the checks, then a trial load into a database in
    /// memory, so that whatever the schema refuses is found here and never first by `import`.
    public static func check(_ source: DataSource) throws -> ImportSummary {
        let dataset = try Dataset.load(source)
        let memory = try Database(path: ":memory:")
        let computed: Int = try memory.transaction {
            try ReferenceDatabase.migrations.migrate(memory, what: "reference database")
            return try fill(memory, with: dataset)
        }
        return summary(of: dataset, source: source, computedLinks: computed)
    }

    /// Replaces the database's reference content with `source`, then applies again the CASE
    /// packages loaded into it before (but those `removingCasePackages` names) and any
    /// `casePackages` given now. Either everything is
    /// loaded or, on any error (or a crash, or a kill), the database keeps exactly what it had.
    /// A package loaded before that no longer applies to the new data is dropped, and the
    /// summary says so.
    ///
    /// `unless` is asked once the write lock is held; when it answers true nothing is written
    /// (another process did the same work while this one waited).
    @discardableResult
    public static func load(_ source: DataSource, into database: Database,
                            casePackages: [CasePackageFile] = [],
                            removingCasePackages: [String] = [],
                            progress: ((String) -> Void)? = nil,
                            unless alreadyDone: (() throws -> Bool)? = nil) throws -> ImportSummary {
        try load(try Dataset.load(source), from: source, into: database, casePackages: casePackages,
                 removingCasePackages: removingCasePackages, progress: progress, unless: alreadyDone)
    }

    /// Loads a dataset already validated.
    static func load(_ dataset: Dataset, from source: DataSource, into database: Database,
                     casePackages: [CasePackageFile] = [],
                     removingCasePackages: [String] = [],
                     progress: ((String) -> Void)? = nil,
                     unless alreadyDone: (() throws -> Bool)? = nil) throws -> ImportSummary {
        let (computed, cases): (Int, CaseLoadSummary) = try database.transaction {
            if try alreadyDone?() == true { return (0, .none) }
            // Read before a schema reset drops the table they are kept in.
            let stored = try CaseImport.stored(database)
            try ReferenceDatabase.resetIfSchemaChanged(database)
            try ReferenceDatabase.migrations.migrate(database, what: "reference database")
            try clear(database)
            var cases = CaseLoadSummary.none
            let computed = try fill(database, with: dataset, progress: progress) {
                cases = try CaseImport.apply(stored: stored, new: casePackages, removing: removingCasePackages, to: database,
                                             progress: progress)
            }
            try database.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('source', ?1)", [.text(source.label)])
            try database.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?1)",
                             [.text(ReferenceDatabase.migrations.fingerprint)])
            try database.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('fingerprint', ?1)",
                             [.text(source.isEmbedded ? EmbeddedReference.fingerprint : "")])
            return (computed, cases)
        }
        var result = summary(of: dataset, source: source, computedLinks: computed)
        result.casePackages = cases
        return result
    }

    /// Loads every row into an emptied database, then runs `afterRows` (the CASE packages of
    /// an import), derives the computed links and indexes the text; returns the number of
    /// computed links.
    private static func fill(_ database: Database, with dataset: Dataset, progress: ((String) -> Void)? = nil,
                             afterRows: () throws -> Void = {}) throws -> Int {
        for spec in DatasetSpec.files {
            progress?("loading \(spec.fileName)")
            try insert(dataset.rows[spec.name] ?? [], spec: spec, into: database)
        }
        try afterRows()
        progress?("deriving links")
        let computed = try deriveLinks(database)
        try deriveUnitLevels(database)
        progress?("indexing text")
        try database.run("INSERT INTO item_search (item_search) VALUES ('rebuild')")
        // What every mapping reads, worked out once per dataset: the mapping index, and the
        // calibration its capabilities are read against.
        progress?("indexing for the mapper")
        try Mapper.storeIndex(in: database)
        return computed
    }

    private static func summary(of dataset: Dataset, source: DataSource, computedLinks: Int) -> ImportSummary {
        ImportSummary(
            source: source.label,
            counts: DatasetSpec.files.map { .init(entity: $0.name, rows: dataset.rows[$0.name]?.count ?? 0) },
            computedLinks: computedLinks
        )
    }

    private static func clear(_ database: Database) throws {
        try database.run("INSERT INTO item_search (item_search) VALUES ('delete-all')")
        for spec in DatasetSpec.files.reversed() {
            try database.execute("DELETE FROM \(spec.table)")
        }
        try database.execute("DELETE FROM case_node")
        try database.execute("DELETE FROM item")
        try database.execute("DELETE FROM mapping_bucket")
        try database.execute("DELETE FROM mapping_part")
    }

    private static func insert(_ rows: [DataRow], spec: DatasetSpec.File, into database: Database) throws {
        let columns = spec.columns
        let placeholders = (1...columns.count).map { "?\($0)" }.joined(separator: ", ")
        let statement = try database.prepare(
            "INSERT INTO \(spec.table) (\(columns.map(\.sqlName).joined(separator: ", "))) VALUES (\(placeholders))")
        let itemStatement = try spec.item.map { _ in
            try database.prepare("""
                INSERT INTO item (code, kind, title, body, keywords, framework, lookup_key)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """)
        }
        for row in rows {
            do {
                try insert(row, spec: spec, statement: statement, itemStatement: itemStatement)
            } catch let error as SQLiteError where error.isConstraintViolation {
                // The validation should have caught it; if a schema rule is missing from
                // DatasetSpec, the user still gets the row and never a raw SQLite message.
                throw InvalidDataset(problems: [refusal(error, row: row, spec: spec)])
            }
        }
    }

    /// "CHECK constraint failed: position BETWEEN 1 AND 6", "UNIQUE constraint failed:
    /// capability.position": the columns named in SQLite's message, as the CSV calls them.
    static func refusal(_ error: SQLiteError, row: DataRow, spec: DatasetSpec.File) -> DataProblem {
        let message = error.message
        let words = Set(message.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map { $0.lowercased() })
        let columns = spec.columns.filter { words.contains($0.sqlName.lowercased()) }.map(\.name)
        let rule = message.split(separator: ":", maxSplits: 1).last.map { String($0).trimmed() } ?? message
        return DataProblem(file: spec.fileName, line: row.line, column: columns.isEmpty ? nil : columns.joined(separator: "+"),
                           message: "the database schema refuses this row (\(rule))")
    }

    private static func insert(_ row: DataRow, spec: DatasetSpec.File, statement: Statement, itemStatement: Statement?) throws {
        let columns = spec.columns
        if let mapping = spec.item, let itemStatement {
            let code = row[spec.key[0]] ?? ""
            try itemStatement.execute([
                .text(code),
                .text(mapping.kind),
                .text(row[mapping.title] ?? code),
                .text(mapping.body.compactMap { row[$0] }.joined(separator: " ")),
                .text(mapping.keywords.compactMap { row[$0] }.joined(separator: "; ")),
                SQLValue(mapping.framework.flatMap { row[$0] }),
                .text(Suggest.fold(code)),
            ])
        }
        try statement.execute(columns.map { column in
            guard let value = row[column.name] else { return .null }
            switch column.type {
            case .integer: return .integer(Int64(value)!)
            case .real: return .real(Double(value)!)
            case .text, .oneOf: return .text(value)
            }
        })
    }

    /// A unit (or a qualification) inherits the capabilities of the standards it is built on;
    /// those links are marked `computed`, and never override a link someone wrote.
    private static func deriveLinks(_ database: Database) throws -> Int {
        try database.run("""
            INSERT OR IGNORE INTO link (from_code, to_code, kind, strength, rationale, document, source_url, status, origin)
            SELECT built.from_code, evidence.to_code, 'evidences', MAX(evidence.strength),
                   'Built on ' || built.to_code || ': ' || evidence.rationale,
                   evidence.document, evidence.source_url,
                   CASE WHEN built.status = 'uncertain' OR evidence.status = 'uncertain'
                        THEN 'uncertain' ELSE 'confirmed' END,
                   'computed'
            FROM link AS built
            JOIN link AS evidence ON evidence.from_code = built.to_code AND evidence.kind = 'evidences'
            JOIN item AS target ON target.code = evidence.to_code AND target.kind = 'capability'
            WHERE built.kind = 'built-on'
            GROUP BY built.from_code, evidence.to_code
            """)
        return database.changes
    }

    /// A unit whose own SCQF level is not recorded takes the level of the qualifications it is
    /// part of, when they all have the same one.
    private static func deriveUnitLevels(_ database: Database) throws {
        try database.run("""
            UPDATE unit SET inherited_scqf_level = (
                SELECT CASE WHEN count(DISTINCT q.scqf_level) = 1 THEN max(q.scqf_level) END
                FROM qualification_unit qu JOIN qualification q ON q.id = qu.qualification
                WHERE qu.unit = unit.code AND q.scqf_level IS NOT NULL)
            WHERE scqf_level IS NULL
            """)
    }
}
