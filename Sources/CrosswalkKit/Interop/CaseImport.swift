import Foundation
import SQLite

/// What loading CASE packages did, package by package.
public struct CaseLoadSummary: Sendable {
    public enum State: String, Sendable {
        /// Given in this command.
        case loaded
        /// Loaded before and applied again to the rebuilt data.
        case reapplied
        /// Loaded before, but no longer applies to the data; it must be loaded again.
        case dropped
        /// Loaded before, and taken out on request (`import --remove-case`).
        case removed
    }

    public struct Package: Sendable {
        public let file: String
        public let title: String
        public let identifier: String
        public let framework: String
        public let newFramework: Bool
        /// Items added, by kind (capability, indicator, standard, element, activity).
        public let created: [(kind: String, count: Int)]
        public let updated: Int
        public let links: Int
        /// Associations not loaded: to the document or a heading, kinds crosswalk does not use,
        /// or a second parent.
        public let skipped: Int
        public let loadedAt: String
        public let state: State
        /// Why a dropped package no longer applies.
        public let problems: [String]

        public var createdTotal: Int { created.reduce(0) { $0 + $1.count } }

        public var json: JSON {
            .object([
                ("file", .string(file)), ("title", .string(title)), ("identifier", .string(identifier)),
                ("framework", .string(framework)), ("new_framework", .bool(newFramework)), ("state", .string(state.rawValue)),
                ("created", .object(created.map { ($0.kind, .int($0.count)) })), ("updated", .int(updated)),
                ("links", .int(links)), ("skipped_associations", .int(skipped)), ("loaded_at", .string(loadedAt)),
                ("problems", .strings(problems)),
            ])
        }
    }

    public let packages: [Package]

    public static let none = CaseLoadSummary(packages: [])
}

/// Loads CASE packages into the reference database. The database is always its data (built in,
/// or a folder loaded with `import --data`) with every loaded package applied on top, in the
/// order they were first loaded: so a package loaded again replaces what it loaded before,
/// and a rebuild of the data applies the packages again.
public enum CaseImport {
    /// A package kept in the database.
    struct Stored {
        let file: CasePackageFile
        let framework: String
        let loadedAt: String
        let position: Int
    }

    /// The data `database` was loaded from, for packages to be applied on top of: the built-in
    /// data, or the folder given to `import --data`.
    public static func baseSource(of database: Database) throws -> DataSource {
        let hasMeta = try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'") > 0
        guard hasMeta, let label = try database.scalarText("SELECT value FROM meta WHERE key = 'source'"),
              label != DataSource.embeddedLabel else { return .embedded }
        do {
            return try DataSource.directory(label)
        } catch {
            throw CrosswalkError.failure(
                "\(database.path) was loaded from \(label), which cannot be read now; give the data folder with --data DIR, or load the built-in data with `crosswalk import` first")
        }
    }

    /// Checks `packages` against the database as it is, writing nothing. Every problem is
    /// thrown at once as `FILE: JSON-PATH: message`.
    public static func check(_ packages: [CasePackageFile], database: Database) throws -> CaseLoadSummary {
        let snapshot = try ReferenceSnapshot.read(database)
        var planner = CasePlanner(snapshot: snapshot, packages: packages, previousFrameworks: try storedFrameworks(database))
        let plan = planner.plan()
        if !planner.problems.isEmpty { throw InvalidDataset(problems: planner.problems.map(\.dataProblem)) }
        let now = CaseTime.string(Date())
        return CaseLoadSummary(packages: plan.packages.indices.map { summary(of: plan, package: $0, state: .loaded, loadedAt: now) })
    }

    /// The packages kept in `database`, in the order they were loaded (empty before any was).
    static func stored(_ database: Database) throws -> [Stored] {
        guard try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'case_package'") > 0 else { return [] }
        let rows = try database.query("SELECT file, package, framework, loaded_at, position FROM case_package ORDER BY position") {
            ($0.string(0), $0.string(1), $0.string(2), $0.string(3), $0.int(4))
        }
        return rows.compactMap { file, text, framework, loadedAt, position in
            guard case .success(let package) = CasePackageFile.parse(text, file: file) else { return nil }
            return Stored(file: package, framework: framework, loadedAt: loadedAt, position: position)
        }
    }

    private static func storedFrameworks(_ database: Database) throws -> [String: String] {
        guard try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'case_package'") > 0 else { return [:] }
        return Dictionary(try database.query("SELECT identifier, framework FROM case_package") { ($0.string(0), $0.string(1)) },
                          uniquingKeysWith: { first, _ in first })
    }

    /// Applies the kept packages, then `new`, to data just loaded (inside the import's
    /// transaction). A new package with a problem throws, so nothing is written; a kept one
    /// that no longer applies is dropped and reported.
    static func apply(stored: [Stored], new: [CasePackageFile], removing: [String] = [], to database: Database,
                      progress: ((String) -> Void)?) throws -> CaseLoadSummary {
        // Packages to take out, named by document identifier, file path or file name.
        var removed: [Stored] = []
        for name in removing {
            let path = URL(fileURLWithPath: name).standardizedFileURL.path
            let matches = stored.filter {
                $0.file.identifier == name.lowercased() || $0.file.path == path || URL(fileURLWithPath: $0.file.file).lastPathComponent == name
            }
            guard !matches.isEmpty else {
                let loaded = stored.map { "\(URL(fileURLWithPath: $0.file.file).lastPathComponent) (\($0.file.identifier))" }
                throw CrosswalkError.failure("no CASE package \"\(name)\" is loaded"
                    + (loaded.isEmpty ? "" : "; loaded: " + loaded.joined(separator: ", ")))
            }
            removed += matches.filter { match in !removed.contains { $0.file.identifier == match.file.identifier } }
        }
        let removedIdentifiers = Set(removed.map(\.file.identifier))
        let stored = stored.filter { !removedIdentifiers.contains($0.file.identifier) }
        let removedSummaries = removed.map { stored in
            CaseLoadSummary.Package(file: stored.file.file, title: stored.file.title, identifier: stored.file.identifier,
                                    framework: stored.framework, newFramework: false, created: [], updated: 0, links: 0,
                                    skipped: 0, loadedAt: stored.loadedAt, state: .removed, problems: [])
        }
        // A package given again (the same CFDocument identifier or uri) replaces the earlier load.
        let identifiers = Set(new.map(\.identifier)), uris = Set(new.map(\.package.document.uri))
        func isReplaced(_ stored: Stored) -> Bool {
            identifiers.contains(stored.file.identifier) || uris.contains(stored.file.package.document.uri)
        }
        var kept = stored.filter { !isReplaced($0) }
        guard !kept.isEmpty || !new.isEmpty else {
            try database.execute("DELETE FROM case_package")
            return CaseLoadSummary(packages: removedSummaries)
        }
        progress?("applying \(kept.count + new.count) CASE package\(kept.count + new.count == 1 ? "" : "s")")
        let snapshot = try ReferenceSnapshot.read(database)
        let previous = Dictionary(stored.map { ($0.file.identifier, $0.framework) }, uniquingKeysWith: { first, _ in first })
        var dropped: [(Stored, [String])] = []
        while true {
            let packages = kept.map(\.file) + new
            var planner = CasePlanner(snapshot: snapshot, packages: packages, previousFrameworks: previous)
            let plan = planner.plan()
            let byPackage = planner.problemsByPackage
            let failedKept = kept.indices.filter { byPackage[$0] != nil }
            if failedKept.isEmpty {
                let newProblems = planner.problems
                if !newProblems.isEmpty { throw InvalidDataset(problems: newProblems.map(\.dataProblem)) }
                try write(plan, to: database)
                let now = CaseTime.string(Date())
                let positions = stored.map(\.position)
                var next = (positions.max() ?? 0) + 1
                var summaries: [CaseLoadSummary.Package] = []
                try database.execute("DELETE FROM case_package")
                for index in plan.packages.indices {
                    let isKept = index < kept.count
                    let document = plan.packages[index].file.package.document
                    let earlier = stored.first { $0.file.identifier == document.identifier || $0.file.package.document.uri == document.uri }
                    let loadedAt = isKept ? kept[index].loadedAt : now
                    let position: Int
                    if let earlier { position = earlier.position } else { position = next; next += 1 }
                    let summary = summary(of: plan, package: index, state: isKept ? .reapplied : .loaded, loadedAt: loadedAt)
                    try database.run("""
                        INSERT INTO case_package (identifier, uri, title, framework, file, package, created, updated, links, loaded_at, position)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                        """, [.text(summary.identifier), .text(plan.packages[index].file.package.document.uri), .text(summary.title),
                              .text(summary.framework), .text(plan.packages[index].file.path), .text(plan.packages[index].file.text),
                              .integer(Int64(summary.createdTotal)), .integer(Int64(summary.updated)), .integer(Int64(summary.links)),
                              .text(loadedAt), .integer(Int64(position))])
                    summaries.append(summary)
                }
                let droppedSummaries = dropped.map { stored, problems in
                    CaseLoadSummary.Package(file: stored.file.file, title: stored.file.title, identifier: stored.file.identifier,
                                            framework: stored.framework, newFramework: false, created: [], updated: 0, links: 0,
                                            skipped: 0, loadedAt: stored.loadedAt, state: .dropped, problems: problems)
                }
                return CaseLoadSummary(packages: summaries + droppedSummaries + removedSummaries)
            }
            for index in failedKept.reversed() {
                dropped.append((kept[index], byPackage[index]!.map { "\($0.path): \($0.message)" }))
                kept.remove(at: index)
            }
        }
    }

    private static func summary(of plan: CasePlan, package index: Int, state: CaseLoadSummary.State, loadedAt: String) -> CaseLoadSummary.Package {
        let package = plan.packages[index]
        let items = plan.items.filter { $0.package == index }
        let kinds = ["capability", "indicator", "standard", "element", "activity"]
        let created = kinds.compactMap { kind -> (String, Int)? in
            let count = items.filter { $0.isNew && $0.role.tableName == kind }.count
            return count > 0 ? (kind, count) : nil
        }
        return CaseLoadSummary.Package(
            file: package.file.file, title: package.file.title, identifier: package.file.identifier, framework: package.framework,
            newFramework: package.frameworkRow?.isNew ?? false, created: created, updated: items.filter { !$0.isNew }.count,
            links: plan.links.filter { $0.package == index }.count, skipped: package.skipped, loadedAt: loadedAt, state: state,
            problems: [])
    }

    // MARK: Writing

    /// The document a package's rows cite: the CASE package itself, named after its CFDocument.
    static func documentID(of package: CFPackage) -> String { "case-" + package.document.identifier.lowercased() }

    private static func writeDocument(_ package: CasePlan.Package, to database: Database) throws {
        let document = package.file.package.document
        let official = document.officialSourceURL.flatMap { DocumentMirrors.isMirror($0) ? nil : $0 }
        try database.run("""
            INSERT OR REPLACE INTO document (id, title, publisher, edition, url, note, source_url, status, origin)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'confirmed', 'official')
            """, [.text(documentID(of: package.file.package)), .text(document.title), .text(document.creator),
                  SQLValue(document.version), SQLValue(official),
                  .text("A 1EdTech CASE package (\(package.file.file)), loaded with `crosswalk import --case`."),
                  .text(document.officialSourceURL ?? document.uri)])
    }

    /// The document a row of the package cites: the one its notes name (a package crosswalk
    /// exported names each row's own), kept as the data has it or made from the notes when the
    /// data lacks it; else the package itself.
    private static func document(for provenance: Provenance, package: CasePlan.Package, database: Database) throws -> String {
        guard let named = provenance.document, !named.id.isEmpty else { return documentID(of: package.file.package) }
        if try database.scalarInt("SELECT count(*) FROM document WHERE id = ?1", [.text(named.id)]) == 0 {
            let publisher = named.publisher.isEmpty ? package.file.package.document.creator : named.publisher
            try database.run("""
                INSERT INTO document (id, title, publisher, edition, url, note, source_url, status, origin)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'confirmed', 'official')
                """, [.text(named.id), .text(named.title), .text(publisher), SQLValue(named.edition), SQLValue(named.url),
                      .text("Named in the CASE package \(package.file.file), loaded with `crosswalk import --case`."),
                      .text(named.url ?? provenance.sourceURL)])
        }
        return named.id
    }

    private static func write(_ plan: CasePlan, to database: Database) throws {
        // An item row and its kind's row are written in either order; checked at commit.
        try database.execute("PRAGMA defer_foreign_keys = ON")
        try database.execute("DELETE FROM case_node")
        for package in plan.packages { try writeDocument(package, to: database) }
        for package in plan.packages {
            guard let row = package.frameworkRow else { continue }
            let document = package.file.package.document
            let cited = try self.document(for: row.provenance, package: package, database: database)
            if row.isNew {
                try database.run("""
                    INSERT INTO item (code, kind, title, body, keywords, framework, lookup_key) VALUES (?1, 'framework', ?2, ?3, '', ?1, ?4)
                    """, [.text(row.id), .text(row.name), .text([row.publisher, row.edition].compactMap { $0 }.joined(separator: " ")),
                          .text(Suggest.fold(row.id))])
                try database.run("""
                    INSERT INTO framework (id, name, publisher, edition, kind, document, source_url, status, origin)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?9, ?6, ?7, ?8)
                    """, [.text(row.id), .text(row.name), .text(row.publisher), SQLValue(row.edition), .text(row.kind),
                          .text(row.provenance.sourceURL), .text(row.provenance.status), .text(row.provenance.origin), .text(cited)])
                try database.run("INSERT OR IGNORE INTO case_node (code, identifier, uri, package) VALUES (?1, ?2, ?3, ?2)",
                                 [.text(row.id), .text(document.identifier), .text(document.uri)])
            } else {
                try database.run("""
                    UPDATE framework SET name = ?2, publisher = ?3, edition = ?4, source_url = ?5, status = ?6, origin = ?7,
                                         document = ?8 WHERE id = ?1
                    """, [.text(row.id), .text(row.name), .text(row.publisher), SQLValue(row.edition),
                          .text(row.provenance.sourceURL), .text(row.provenance.status), .text(row.provenance.origin), .text(cited)])
                try database.run("UPDATE item SET title = ?2, body = ?3 WHERE code = ?1",
                                 [.text(row.id), .text(row.name), .text([row.publisher, row.edition].compactMap { $0 }.joined(separator: " "))])
            }
        }
        // Parents first: capabilities and standards before the indicators and elements under them.
        let order = ["capability", "standard", "indicator", "element", "activity"]
        for table in order {
            for item in plan.items where item.role.tableName == table {
                try write(item, table: table, plan: plan, database: database)
            }
        }
        for link in plan.links where link.from != link.to {
            let cited = try document(for: link.provenance, package: plan.packages[link.package], database: database)
            try database.run("""
                INSERT OR REPLACE INTO link (from_code, to_code, kind, strength, rationale, document, source_url, status, origin)
                VALUES (?1, ?2, ?3, ?4, ?5, ?9, ?6, ?7, ?8)
                """, [.text(link.from), .text(link.to), .text(link.kind.rawValue), .real(link.strength), .text(link.rationale),
                      .text(link.provenance.sourceURL), .text(link.provenance.status), .text(link.provenance.origin), .text(cited)])
        }
    }

    /// Columns of each table a package may set, and how the `item` row is made from them.
    private static let itemColumns: [String: (key: String, title: String, body: [String], framework: String?)] = [
        "capability": ("id", "name", ["definition"], nil),
        "indicator": ("code", "text", [], nil),
        "standard": ("code", "title", ["overview"], "framework"),
        "element": ("code", "text", [], nil),
        "activity": ("code", "title", ["theme", "badge"], "programme"),
    ]

    private static func write(_ item: CasePlan.Item, table: String, plan: CasePlan, database: Database) throws {
        let shape = itemColumns[table]!
        var values = item.values
        values["document"] = .text(try document(for: item.provenance, package: plan.packages[item.package], database: database))
        values["source_url"] = .text(item.provenance.sourceURL)
        values["status"] = .text(item.provenance.status)
        values["origin"] = .text(item.provenance.origin)
        let given = values.compactMap { key, value in value.map { (key, $0) } }.sorted { $0.0 < $1.0 }
        if item.isNew {
            let columns = [shape.key] + given.map(\.0)
            let placeholders = (1...columns.count).map { "?\($0)" }.joined(separator: ", ")
            // Column names come from this file, never from a package.
            try database.run("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))",
                             [.text(item.code)] + given.map(\.1))
            try database.run("INSERT OR IGNORE INTO case_node (code, identifier, uri, package) VALUES (?1, ?2, ?3, ?4)",
                             [.text(item.code), .text(item.identifier), .text(item.uri), .text(plan.packages[item.package].file.identifier)])
        } else if !given.isEmpty {
            let assignments = given.enumerated().map { "\($0.element.0) = ?\($0.offset + 2)" }.joined(separator: ", ")
            try database.run("UPDATE \(table) SET \(assignments) WHERE \(shape.key) = ?1", [.text(item.code)] + given.map(\.1))
        }
        // The item row, from the table row as it now stands.
        let bodyColumns = shape.body.isEmpty ? "''" : shape.body.map { "coalesce(\($0), '')" }.joined(separator: " || ' ' || ")
        let frameworkColumn = shape.framework ?? "NULL"
        let row = try database.queryFirst("""
            SELECT \(shape.title), trim(\(bodyColumns)), coalesce(keywords, ''), \(frameworkColumn) FROM \(table) WHERE \(shape.key) = ?1
            """, [.text(item.code)]) { ($0.string(0), $0.string(1), $0.string(2), $0.optionalString(3)) }
        guard let (title, body, keywords, framework) = row else { return }
        if item.isNew {
            try database.run("""
                INSERT INTO item (code, kind, title, body, keywords, framework, lookup_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """, [.text(item.code), .text(table), .text(title), .text(body), .text(keywords),
                      SQLValue(framework), .text(Suggest.fold(item.code))])
        } else {
            try database.run("UPDATE item SET title = ?2, body = ?3, keywords = ?4 WHERE code = ?1",
                             [.text(item.code), .text(title), .text(body), .text(keywords)])
        }
    }
}

extension CasePlan.Role {
    /// The table an item of this role lives in; nil for a heading.
    var tableName: String? {
        switch self {
        case .capability: "capability"
        case .indicator: "indicator"
        case .standard: "standard"
        case .element: "element"
        case .activity: "activity"
        case .group: nil
        }
    }
}
