import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// Every rule the reference schema enforces (NOT NULL, CHECK, UNIQUE and PRIMARY KEY, FOREIGN
/// KEY, STRICT column types) is read from the schema itself, as SQLite holds it: for each, one
/// row of the real data is made to break that rule and nothing else, and the validator must
/// report it as FILE:LINE: COLUMN: message before anything is written. A constraint added to
/// the schema later is found the same way, so it cannot be missed by `crosswalk check`.
@Suite struct SchemaConstraintTests {
    /// Tables filled by the importer itself rather than from a CSV file: `item` and `meta`, the
    /// CASE packages loaded with `import --case` (Interop checks a package as it reads it), and
    /// the mapping index worked out from the rows. A new table must be either a file of
    /// DatasetSpec or named here.
    static let derivedTables: Set<String> = ["meta", "item", "case_package", "case_node", "mapping_part", "mapping_bucket"]
    /// Columns of a file's table that the importer fills itself, as `table.column`: a unit's
    /// SCQF level inherited from its qualifications. A new column must be either a CSV column
    /// or named here.
    static let derivedColumns: Set<String> = ["unit.inherited_scqf_level"]

    static func constraints() throws -> [SchemaReader.Constraint] {
        var seen = Set<String>()
        return try SchemaReader().constraints().filter { seen.insert($0.description).inserted }
    }

    @Test func theSchemaIsReadWhole() throws {
        // The v1 schema alone has 40 CHECKs, 20 UNIQUE or PRIMARY KEYs and 14 FOREIGN KEYs on
        // CSV columns: a reader that found far fewer has stopped reading the schema.
        let constraints = try Self.constraints()
        #expect(constraints.filter { $0.kind == .check }.count >= 30)
        #expect(constraints.filter { $0.kind == .unique }.count >= 15)
        #expect(constraints.filter { $0.kind == .foreignKey }.count >= 8)
        #expect(constraints.filter { $0.kind == .notNull }.count >= 60)
    }

    /// Each round breaks one constraint in every file at once (a file's rows are independent
    /// of the other files' problems), so the whole schema takes a few dozen validations.
    @Test func everyConstraintOfTheSchemaIsCheckedBeforeImport() throws {
        let reader = try SchemaReader()
        let byTable = Dictionary(grouping: try Self.constraints(), by: \.table)
        let rounds = byTable.values.map(\.count).max() ?? 0
        for round in 0..<rounds {
            var files = reader.data.files
            var mutations: [(SchemaReader.Constraint, SchemaReader.Mutation)] = []
            for (_, constraints) in byTable.sorted(by: { $0.key < $1.key }) where round < constraints.count {
                let constraint = constraints[round]
                let mutation = try #require(try reader.violation(of: constraint), "no row breaks \(constraint)")
                files[mutation.file] = mutation.source.files[mutation.file]
                mutations.append((constraint, mutation))
            }
            let problems = Self.validationProblems(DataSource(label: "mutated", files: files))
            for (constraint, mutation) in mutations {
                let reported = problems.contains { problem in
                    problem.file == mutation.file && problem.line == mutation.line
                        && (problem.column ?? "").split(separator: "+").contains { mutation.columns.contains(String($0)) }
                }
                // Validation comes before the write, so `import` stops with these lines too.
                #expect(reported, """
                    \(constraint) (\(mutation.change)) is not reported at \(mutation.file):\(mutation.line) on \
                    \(mutation.columns); got \(problems.filter { $0.file == mutation.file }.map(\.description))
                    """)
            }
        }
    }

    static func validationProblems(_ source: DataSource) -> [DataProblem] {
        do throws(InvalidDataset) {
            _ = try Dataset.load(source)
            return []
        } catch {
            return error.problems
        }
    }

    /// An enumeration is spelled out as `x = 'a' OR x = 'b' OR ...`: for an IN list of more
    /// than two values SQLite builds a temporary b-tree of the list for every row it checks,
    /// which made loading a large dataset several times slower. Written either way, the CHECK
    /// on each enumerated column accepts exactly the validator's values and nothing else.
    @Test func everyEnumeratedColumnAcceptsExactlyTheValidatorsValues() throws {
        let reader = try SchemaReader()
        let keywords: Set<String> = ["or", "and", "in", "is", "not", "null"]
        var checked = 0
        for spec in DatasetSpec.files {
            let checks = SchemaReader.checkExpressions(in: try reader.sql(of: spec.table))
            for check in checks {
                let list = check.range(of: #"\bIN\s*\(([^)]*)\)"#, options: [.regularExpression, .caseInsensitive])
                #expect(list.map { check[$0].filter { $0 == "," }.count < 2 } ?? true,
                        "\(spec.table): CHECK (\(check)) uses an IN list of more than two values")
            }
            for column in spec.columns {
                guard case .oneOf(let allowed) = column.type else { continue }
                let own = checks.filter { Set(SchemaReader.identifiers(in: $0)).subtracting(keywords) == [column.sqlName.lowercased()] }
                for check in own {
                    try reader.database.execute("DROP TABLE IF EXISTS temp.probe")
                    try reader.database.execute("CREATE TEMP TABLE probe (\"\(column.sqlName)\" TEXT)")
                    func accepts(_ value: String) throws -> Bool {
                        try reader.database.execute("DELETE FROM temp.probe")
                        try reader.database.run("INSERT INTO temp.probe VALUES (?1)", [.text(value)])
                        return try reader.database.scalarInt("SELECT (\(check)) FROM temp.probe") == 1
                    }
                    for value in allowed {
                        #expect(try accepts(value), "\(spec.table).\(column.sqlName): CHECK (\(check)) refuses \"\(value)\"")
                        for near in [value.uppercased(), value + " ", String(value.dropLast())] where !allowed.contains(near) {
                            #expect(try !accepts(near), "\(spec.table).\(column.sqlName): CHECK (\(check)) accepts \"\(near)\"")
                        }
                    }
                    #expect(try !accepts("zz-not-allowed"))
                    checked += 1
                }
            }
        }
        // Kinds, roles, statuses, origins, services, requirements, availability...
        #expect(checked >= 15)
    }

    @Test func everyTableIsLoadedFromAFileOrDerived() throws {
        let reader = try SchemaReader()
        for table in try reader.tables() {
            #expect(DatasetSpec.files.contains { $0.table == table } || Self.derivedTables.contains(table),
                    "table \(table) has no file in DatasetSpec")
            guard let spec = DatasetSpec.files.first(where: { $0.table == table }) else { continue }
            for column in try reader.columns(of: table) where !Self.derivedColumns.contains("\(table).\(column.name)") {
                #expect(spec.columns.contains { $0.sqlName == column.name }, "\(table).\(column.name) has no CSV column")
            }
        }
    }

    /// The second line of defence: a rule the validator did not know still comes back as the
    /// file, line and column, not as SQLite's own words.
    @Test func aRowTheSchemaRefusesIsReportedByFileAndLine() throws {
        let spec = try #require(DatasetSpec.file(named: "capabilities"))
        let row = DataRow(line: 7, values: ["id": "vision", "position": "9"])
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE capability (position INTEGER CHECK (position BETWEEN 1 AND 6))")
        let error = try #require(#expect(throws: SQLiteError.self) { try database.run("INSERT INTO capability VALUES (9)") })
        #expect(Importer.refusal(error, row: row, spec: spec).description
                == "capabilities.csv:7: position: the database schema refuses this row (position BETWEEN 1 AND 6)")
    }

    @Test func theFifteenReportedKindsOfBadValueEachGetAClearLine() throws {
        let schema = try SchemaReader()
        func problems(_ file: String, pick: (([String: String]) -> Bool)? = nil,
                      _ edit: ([String: String]) -> [String: String]) throws -> [String] {
            let mutation = try schema.edit(file: file, pick: pick, edit)
            do {
                _ = try Importer.check(mutation.source)
                return []
            } catch let error as InvalidDataset {
                return error.problems.filter { $0.line == mutation.line }.map(\.description)
            }
        }
        #expect(try problems("capabilities") { $0.merging(["position": "7"]) { $1 } }
                .contains { $0.hasSuffix(": position: 7 is outside 1...6") })
        #expect(try problems("capabilities") { $0.merging(["position": "2"]) { $1 } }
                .contains { $0.contains(": position: duplicate \"2\" (first on line") })
        #expect(try problems("units") { $0.merging(["scqf_level": "99"]) { $1 } }
                .contains { $0.hasSuffix(": scqf_level: 99 is outside 1...12") })
        #expect(try problems("units") { $0.merging(["credits": "0"]) { $1 } }
                .contains { $0.hasSuffix(": credits: 0 is less than 1, the smallest allowed") })
        #expect(try problems("qualification_groups") { $0.merging(["choose_min": "5", "choose_max": "2"]) { $1 } }
                .contains { $0.hasSuffix(": choose_max: 2 is less than choose_min 5") })
        #expect(try problems("links") { $0.merging(["to": $0["from"]!]) { $1 } }
                .contains { $0.contains(": to: a link from \"") && $0.hasSuffix("\" to itself") })
        #expect(try problems("activities") { $0.merging(["number": "24"]) { $1 } }
                .contains { $0.hasSuffix(": number: 24 is outside 1...23") })
        #expect(try problems("register_rules") { $0.merging(["option": "0"]) { $1 } }
                .contains { $0.hasSuffix(": option: 0 is less than 1, the smallest allowed") })
        #expect(try problems("register_parts") { $0.merging(["qualify_within_years": "0"]) { $1 } }
                .contains { $0.hasSuffix(": qualify_within_years: 0 is less than 1, the smallest allowed") })
        #expect(try problems("activities") { $0.merging(["min_words": "0"]) { $1 } }
                .contains { $0.hasSuffix(": min_words: 0 is less than 1, the smallest allowed") })
        #expect(try problems("qualifications", pick: { !($0["award_code"] ?? "").isEmpty && $0["award_code"] != "GJ9V 24" }) { row in
            row.merging(["award_code": "GJ9V 24"]) { $1 }
        }.contains { $0.contains(": award_code: duplicate \"GJ9V 24\" (first on line") })
        #expect(try problems("register_parts") { row in row.merging(["id": "new-part-zz"]) { $1 } }
                .isEmpty)
        // `import` refuses as `check` does, before writing, with the same lines.
        let twice = try schema.edit(file: "capabilities") { $0.merging(["position": "2"]) { $1 } }
        #expect(throws: InvalidDataset.self) { try Importer.load(twice.source, into: try Database(path: ":memory:")) }
    }
}

/// The reference schema as SQLite holds it, and the real data to break it with.
struct SchemaReader {
    enum Kind: String, Sendable { case notNull = "NOT NULL", check = "CHECK", unique = "UNIQUE", foreignKey = "FOREIGN KEY", type = "type" }

    struct Constraint: CustomStringConvertible, Sendable {
        let table: String
        let kind: Kind
        /// SQL column names the constraint is about.
        let columns: [String]
        /// The CHECK expression, or the referenced table for a foreign key.
        var detail = ""

        var description: String { "\(table): \(kind.rawValue) \(detail.isEmpty ? columns.joined(separator: ", ") : detail)" }
    }

    struct Mutation {
        let source: DataSource
        let file: String
        let line: Int
        /// CSV column names changed.
        let columns: [String]
        let change: String
    }

    let database: Database
    let data: DataSource
    /// Each file's records, parsed once.
    let records: [String: [CSVRecord]]

    init() throws {
        database = try Database(path: ":memory:")
        try ReferenceDatabase.migrations.migrate(database, what: "test schema")
        data = .embedded
        var records: [String: [CSVRecord]] = [:]
        for (name, text) in data.files { records[name] = try CSV.parse(text) }
        self.records = records
    }

    /// The header and the rows of a file, keyed by column name.
    func rows(of spec: DatasetSpec.File) throws -> (header: [String], rows: [[String: String]]) {
        let records = try #require(records[spec.fileName], "no \(spec.fileName) in the data")
        let header = records[0].fields
        return (header, records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.fields)) })
    }

    /// Ordinary tables: not SQLite's own, not a virtual table or its shadow tables.
    func tables() throws -> [String] {
        let all = try database.query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") {
            ($0.string(0), $0.string(1))
        }
        let virtual = all.filter { $0.1.uppercased().hasPrefix("CREATE VIRTUAL") }.map(\.0)
        return all.map(\.0).filter { name in !virtual.contains { name == $0 || name.hasPrefix($0 + "_") } }
    }

    func sql(of table: String) throws -> String {
        try database.scalarText("SELECT sql FROM sqlite_master WHERE name = ?1", [.text(table)]) ?? ""
    }

    func columns(of table: String) throws -> [(name: String, type: String, notNull: Bool)] {
        try database.query("SELECT name, type, \"notnull\" FROM pragma_table_info(?1)", [.text(table)]) {
            ($0.string(0), $0.string(1).uppercased(), $0.int(2) == 1)
        }
    }

    func constraints() throws -> [Constraint] {
        var result: [Constraint] = []
        for table in try tables() where !SchemaConstraintTests.derivedTables.contains(table) {
            let derived = Set(SchemaConstraintTests.derivedColumns.filter { $0.hasPrefix(table + ".") }.map { String($0.dropFirst(table.count + 1)) })
            let columns = try columns(of: table).filter { !derived.contains($0.name) }
            for column in columns {
                if column.notNull { result.append(Constraint(table: table, kind: .notNull, columns: [column.name])) }
                if column.type == "INTEGER" || column.type == "REAL" {
                    result.append(Constraint(table: table, kind: .type, columns: [column.name], detail: "\(column.name) \(column.type)"))
                }
            }
            for expression in Self.checkExpressions(in: try sql(of: table)) {
                let words = Set(Self.identifiers(in: expression))
                // A CHECK on a column the importer fills holds by construction.
                if !derived.isEmpty, !columns.contains(where: { words.contains($0.name.lowercased()) }) { continue }
                result.append(Constraint(table: table, kind: .check, columns: columns.map(\.name).filter { words.contains($0.lowercased()) },
                                         detail: expression))
            }
            let indexes = try database.query("SELECT name FROM pragma_index_list(?1) WHERE \"unique\" = 1", [.text(table)]) { $0.string(0) }
            for index in indexes {
                let names = try database.query("SELECT name FROM pragma_index_info(?1) ORDER BY seqno", [.text(index)]) { $0.string(0) }
                result.append(Constraint(table: table, kind: .unique, columns: names))
            }
            let keys = try database.query("SELECT id, \"table\", \"from\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq", [.text(table)]) {
                ($0.int(0), $0.string(1), $0.string(2))
            }
            for id in Set(keys.map(\.0)).sorted() {
                let parts = keys.filter { $0.0 == id }
                let spec = DatasetSpec.files.first { $0.table == table }
                // A row registers its own code in `item`: that key holds by construction.
                let ownItem = parts[0].1 == "item" && spec?.item != nil
                    && parts.map(\.2) == spec?.key.compactMap { key in spec?.column(key)?.sqlName }
                if ownItem { continue }
                result.append(Constraint(table: table, kind: .foreignKey, columns: parts.map(\.2), detail: "\(parts.map(\.2).joined(separator: ", ")) → \(parts[0].1)"))
            }
        }
        return result
    }

    // MARK: Reading CHECK clauses out of CREATE TABLE text

    /// The parenthesised expression after every CHECK keyword, skipping comments and strings.
    static func checkExpressions(in sql: String) -> [String] {
        let characters = Array(sql)
        var expressions: [String] = []
        var index = 0
        func skipTrivia() {
            while index < characters.count {
                if characters[index].isWhitespace { index += 1 }
                else if characters[index] == "-", index + 1 < characters.count, characters[index + 1] == "-" {
                    while index < characters.count, characters[index] != "\n" { index += 1 }
                } else { break }
            }
        }
        while index < characters.count {
            let character = characters[index]
            if character == "-", index + 1 < characters.count, characters[index + 1] == "-" {
                while index < characters.count, characters[index] != "\n" { index += 1 }
                continue
            }
            if character == "'" || character == "\"" {
                index += 1
                while index < characters.count, characters[index] != character { index += 1 }
                index += 1
                continue
            }
            if character.isLetter {
                var word = ""
                while index < characters.count, characters[index].isLetter || characters[index] == "_" || characters[index].isNumber {
                    word.append(characters[index])
                    index += 1
                }
                guard word.uppercased() == "CHECK" else { continue }
                skipTrivia()
                guard index < characters.count, characters[index] == "(" else { continue }
                var depth = 0
                var expression = ""
                repeat {
                    let next = characters[index]
                    if next == "'" {
                        expression.append(next)
                        index += 1
                        while index < characters.count, characters[index] != "'" { expression.append(characters[index]); index += 1 }
                    }
                    if next == "(" { depth += 1 }
                    if next == ")" { depth -= 1 }
                    if index < characters.count { expression.append(characters[index]) }
                    index += 1
                } while depth > 0 && index < characters.count
                expressions.append(String(expression.dropFirst().dropLast()).trimmed())
                continue
            }
            index += 1
        }
        return expressions
    }

    /// Lower-cased identifiers of an expression, outside string literals.
    static func identifiers(in expression: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inString = false
        for character in expression {
            if character == "'" { inString.toggle(); current = ""; continue }
            if inString { continue }
            if character.isLetter || character == "_" || (character.isNumber && !current.isEmpty) {
                current.append(character)
            } else {
                if !current.isEmpty { result.append(current.lowercased()) }
                current = ""
            }
        }
        if !current.isEmpty { result.append(current.lowercased()) }
        return result
    }

    // MARK: Making a row that breaks one constraint

    /// One row of `file` (the first that `edit` changes) rewritten by `edit`, moved to the end
    /// of the file; values are keyed by CSV column name, an empty string meaning empty.
    func edit(file: String, pick: (([String: String]) -> Bool)? = nil, _ edit: ([String: String]) -> [String: String]) throws -> Mutation {
        let spec = try #require(DatasetSpec.file(named: file))
        var (header, rows) = try rows(of: spec)
        let position = try #require(rows.firstIndex { pick?($0) ?? true }, "no row of \(file) to change")
        let original = rows[position]
        let changed = edit(original)
        rows.remove(at: position)
        rows.append(changed)
        var lines = [CSV.line(header)]
        lines += rows.map { row in CSV.line(header.map { row[$0] ?? "" }) }
        let before = lines.dropLast().joined(separator: "\n")
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        var files = data.files
        files[spec.fileName] = lines.joined(separator: "\n") + "\n"
        let columns = header.filter { (changed[$0] ?? "") != (original[$0] ?? "") }
        return Mutation(source: DataSource(label: "mutated", files: files), file: spec.fileName, line: line,
                        columns: columns, change: columns.map { "\($0)=\"\(changed[$0] ?? "")\"" }.joined(separator: ", "))
    }

    /// A mutation of the real data that breaks `constraint`, and as far as possible nothing else.
    func violation(of constraint: Constraint) throws -> Mutation? {
        let spec = try #require(DatasetSpec.file(named: constraint.table.isEmpty ? "" : fileName(of: constraint.table)),
                                "table \(constraint.table) has no file in DatasetSpec")
        let csv = try constraint.columns.map { sqlName in
            try #require(spec.columns.first { $0.sqlName == sqlName }?.name, "\(constraint.table).\(sqlName) has no CSV column")
        }
        switch constraint.kind {
        case .notNull:
            return try edit(file: spec.name, pick: { !($0[csv[0]] ?? "").isEmpty }) { $0.merging([csv[0]: ""]) { $1 } }
        case .type:
            return try edit(file: spec.name) { $0.merging([csv[0]: "twelve"]) { $1 } }
        case .foreignKey:
            return try edit(file: spec.name) { row in
                var row = row
                row[csv.last!] = "no-such-code-zz"
                return row
            }
        case .unique:
            // Copy the unique columns of the first row that has them all onto another row.
            let rows = try rows(of: spec).rows
            guard let first = rows.firstIndex(where: { row in csv.allSatisfy { !(row[$0] ?? "").isEmpty } }) else { return nil }
            let original = rows[first]
            return try edit(file: spec.name, pick: { other in other != original && csv.contains { other[$0] != original[$0] } }) { row in
                row.merging(Dictionary(uniqueKeysWithValues: csv.map { ($0, original[$0] ?? "") })) { $1 }
            }
        case .check:
            return try checkViolation(constraint, spec: spec, csv: csv)
        }
    }

    private func fileName(of table: String) -> String {
        DatasetSpec.files.first { $0.table == table }?.name ?? ""
    }

    /// Tries values for the columns a CHECK names until SQLite itself evaluates the check to
    /// false for the changed row while the table's other checks still hold.
    private func checkViolation(_ constraint: Constraint, spec: DatasetSpec.File, csv: [String]) throws -> Mutation? {
        let table = constraint.table
        let columnInfo = try columns(of: table)
        let checks = Self.checkExpressions(in: try sql(of: table))
        let base = try #require(try rows(of: spec).rows.first)
        try database.execute("DROP TABLE IF EXISTS temp.probe")
        try database.execute("CREATE TEMP TABLE probe AS SELECT * FROM main.\"\(table)\" WHERE 0")

        func value(_ text: String, sqlName: String) -> SQLValue {
            if text.isEmpty { return .null }
            let type = columnInfo.first { $0.name == sqlName }?.type ?? "TEXT"
            if type == "INTEGER", let number = Int64(text) { return .integer(number) }
            if type == "REAL", let number = Double(text) { return .real(number) }
            return .text(text)
        }
        func evaluate(_ row: [String: String], _ expression: String) throws -> Int? {
            try database.execute("DELETE FROM temp.probe")
            let names = spec.columns.filter { column in columnInfo.contains { $0.name == column.sqlName } }
            let placeholders = (1...names.count).map { "?\($0)" }.joined(separator: ", ")
            try database.run("INSERT INTO temp.probe (\(names.map { "\"\($0.sqlName)\"" }.joined(separator: ", "))) VALUES (\(placeholders))",
                             names.map { value(row[$0.name] ?? "", sqlName: $0.sqlName) })
            return try database.queryFirst("SELECT (\(expression)) FROM temp.probe") { $0.isNull(0) ? nil : $0.int(0) } ?? nil
        }

        var candidates: [[String]] = []
        for name in csv {
            let sqlName = spec.column(name)!.sqlName
            let type = columnInfo.first { $0.name == sqlName }?.type ?? "TEXT"
            // The row's own values first, so that a rule between columns ("from <> to") is
            // broken with real codes rather than with a value that breaks other rules too.
            var pool = csv.compactMap { base[$0] }.filter { !$0.isEmpty }
            switch type {
            case "INTEGER": pool += ["0", "-1", "99", "7", "24", "13", "1", "2", "5"]
            case "REAL": pool += ["0", "-0.5", "1.5", "2"]
            default: pool += ["zz-not-allowed"]
            }
            candidates.append(pool)
        }
        var fallback: [String: String]?
        func search(_ position: Int, _ row: [String: String]) throws -> [String: String]? {
            guard position < csv.count else {
                guard try evaluate(row, constraint.detail) == 0 else { return nil }
                if fallback == nil { fallback = row }
                for other in checks where other != constraint.detail {
                    if try evaluate(row, other) == 0 { return nil }
                }
                return row
            }
            for candidate in candidates[position] {
                if let found = try search(position + 1, row.merging([csv[position]: candidate]) { $1 }) { return found }
            }
            return nil
        }
        guard let bad = try search(0, base) ?? fallback else { return nil }
        return try edit(file: spec.name, pick: { $0 == base }) { $0.merging(bad.filter { csv.contains($0.key) }) { $1 } }
    }
}
