import SQLite

/// A table of results: the same rows feed the aligned text table and the `--json` records.
public struct Listing: Sendable {
    public struct Column: Sendable {
        public let key: String
        public let header: String
        /// Long columns (definitions, URLs) go to JSON only.
        public let inText: Bool

        public init(_ key: String, _ header: String, inText: Bool = true) {
            self.key = key
            self.header = header
            self.inText = inText
        }
    }

    public let columns: [Column]
    public let rows: [[JSON]]

    public init(columns: [Column], rows: [[JSON]]) {
        self.columns = columns
        self.rows = rows
    }

    public var json: JSON {
        .array(rows.map { row in .object(zip(columns, row).map { ($0.key, $1) }) })
    }
}

public enum ListKind: String, CaseIterable, Sendable {
    case capabilities, indicators, standards, frameworks, qualifications, units, roles, things
}

public struct ListFilters: Sendable {
    public var framework: String?
    public var role: String?
    public var capability: String?
    public var level: Int?

    public init(framework: String? = nil, role: String? = nil, capability: String? = nil, level: Int? = nil) {
        self.framework = framework
        self.role = role
        self.capability = capability
        self.level = level
    }
}

extension ListKind {
    /// Which filters make sense for this list; others are a usage error rather than silently ignored.
    public var acceptedFilters: Set<String> {
        switch self {
        case .capabilities, .frameworks, .roles: []
        case .indicators: ["role", "capability"]
        case .standards: ["framework", "capability"]
        case .qualifications, .units: ["level"]
        case .things: ["framework", "capability"]
        }
    }
}

extension Catalog {
    public func list(_ kind: ListKind, filters: ListFilters = ListFilters()) throws -> Listing {
        let framework = SQLValue(filters.framework)
        let role = SQLValue(filters.role)
        let capability = SQLValue(filters.capability)
        let level = SQLValue(filters.level)
        func text(_ row: Row, _ index: Int) -> JSON { .optional(row.optionalString(index)) }
        func int(_ row: Row, _ index: Int) -> JSON { .optional(row.optionalInt(index)) }

        switch kind {
        case .capabilities:
            let rows = try database.query("""
                SELECT c.id, c.name, c.definition,
                       (SELECT count(*) FROM indicator i WHERE i.capability = c.id),
                       (SELECT count(*) FROM link l WHERE l.to_code = c.id AND l.kind = 'evidences'),
                       c.source_url, c.status, c.origin
                FROM capability c ORDER BY c.position
                """) { row in (0..<8).map { [3, 4].contains($0) ? int(row, $0) : text(row, $0) } }
            return Listing(columns: [
                .init("id", "ID"), .init("name", "NAME"), .init("definition", "DEFINITION", inText: false),
                .init("indicators", "INDICATORS"), .init("evidenced_by", "EVIDENCED BY"),
                .init("source_url", "SOURCE", inText: false), .init("status", "STATUS"), .init("origin", "ORIGIN", inText: false),
            ], rows: rows)

        case .indicators:
            let rows = try database.query("""
                SELECT i.code, i.capability, i.role, i.text, i.source_url, i.status, i.origin
                FROM indicator i JOIN capability c ON c.id = i.capability
                WHERE (?1 IS NULL OR i.role = ?1) AND (?2 IS NULL OR i.capability = ?2)
                ORDER BY c.position, CASE i.role WHEN 'frontline' THEN 1 WHEN 'manager' THEN 2 ELSE 3 END, i.position
                """, [role, capability]) { row in (0..<7).map { text(row, $0) } }
            return Listing(columns: [
                // The code starts with the capability, so the text table leaves that column out.
                .init("code", "CODE"), .init("capability", "CAPABILITY", inText: false), .init("role", "ROLE"), .init("text", "TEXT"),
                .init("source_url", "SOURCE", inText: false), .init("status", "STATUS", inText: false), .init("origin", "ORIGIN", inText: false),
            ], rows: rows)

        case .standards:
            let rows = try database.query("""
                SELECT s.code, s.framework, s.kind, s.grp, s.title, s.source_url, s.status, s.origin
                FROM standard s
                WHERE (?1 IS NULL OR s.framework = ?1)
                  AND (?2 IS NULL OR EXISTS (SELECT 1 FROM link l WHERE l.from_code = s.code AND l.to_code = ?2 AND l.kind = 'evidences'))
                ORDER BY s.framework, s.code
                """, [framework, capability]) { row in (0..<8).map { text(row, $0) } }
            return Listing(columns: [
                .init("code", "CODE"), .init("framework", "FRAMEWORK"), .init("kind", "KIND", inText: false),
                .init("group", "GROUP", inText: false), .init("title", "TITLE"),
                .init("source_url", "SOURCE", inText: false), .init("status", "STATUS"), .init("origin", "ORIGIN", inText: false),
            ], rows: rows)

        case .frameworks:
            let rows = try database.query("""
                SELECT f.id, f.name, f.publisher, f.edition, f.kind,
                       (SELECT count(*) FROM item i WHERE i.framework = f.id AND i.kind <> 'framework'),
                       f.source_url, f.status, f.origin
                FROM framework f ORDER BY f.kind, f.id
                """) { row in (0..<9).map { $0 == 5 ? int(row, $0) : text(row, $0) } }
            let packages = Dictionary(grouping: try casePackages(), by: \.framework)
            return Listing(columns: [
                .init("id", "ID"), .init("name", "NAME"), .init("publisher", "PUBLISHER", inText: false),
                .init("edition", "EDITION"), .init("kind", "KIND"), .init("items", "ITEMS"),
                .init("source_url", "SOURCE", inText: false), .init("status", "STATUS", inText: false), .init("origin", "ORIGIN", inText: false),
                .init("case_packages", "CASE PACKAGES", inText: false),
            ], rows: rows.map { row in
                guard case .string(let id) = row[0] else { return row + [.array([])] }
                return row + [.array((packages[id] ?? []).map(\.json))]
            })

        case .qualifications:
            let rows = try database.query("""
                SELECT q.id, q.award_code, q.scqf_level, q.name, q.kind, q.credits,
                       (SELECT count(*) FROM qualification_unit qu WHERE qu.qualification = q.id),
                       q.source_url, q.status, q.origin
                FROM qualification q WHERE (?1 IS NULL OR q.scqf_level = ?1)
                ORDER BY q.scqf_level IS NULL, q.scqf_level, q.name
                """, [level]) { row in (0..<10).map { [2, 5, 6].contains($0) ? int(row, $0) : text(row, $0) } }
            return Listing(columns: [
                .init("id", "ID"), .init("award_code", "CODE"), .init("scqf_level", "SCQF"), .init("name", "NAME"),
                .init("kind", "KIND", inText: false), .init("credits", "CREDITS", inText: false), .init("units", "UNITS"),
                .init("source_url", "SOURCE", inText: false), .init("status", "STATUS", inText: false), .init("origin", "ORIGIN", inText: false),
            ], rows: rows)

        case .units:
            // A unit whose own level is not recorded takes its qualification's (inherited), and
            // the text marks it: "7*".
            let rows = try database.query("""
                SELECT u.code, coalesce(u.scqf_level, u.inherited_scqf_level), u.credits, u.title,
                       (SELECT group_concat(l.to_code, ' ') FROM link l WHERE l.from_code = u.code AND l.kind = 'built-on'),
                       u.document, u.source_url, u.status, u.origin,
                       u.scqf_level IS NULL AND u.inherited_scqf_level IS NOT NULL
                FROM unit u WHERE (?1 IS NULL OR coalesce(u.scqf_level, u.inherited_scqf_level) = ?1) ORDER BY u.code
                """, [level]) { row in
                (0..<9).map { [1, 2].contains($0) ? int(row, $0) : text(row, $0) } + [.bool(row.int(9) == 1)]
            }
            return Listing(columns: [
                .init("code", "CODE"), .init("scqf_level", "SCQF"), .init("credits", "CREDITS"), .init("title", "TITLE"),
                .init("nos", "NOS"), .init("document", "DOCUMENT", inText: false), .init("source_url", "SOURCE", inText: false),
                .init("status", "STATUS", inText: false), .init("origin", "ORIGIN", inText: false),
                .init("scqf_level_inherited", "INHERITED", inText: false),
            ], rows: rows)

        case .roles:
            let rows = try database.query("""
                SELECT id, service, role, name, qualify_within_years, source_url, status, origin
                FROM register_part
                ORDER BY service = 'day-care-children', service,
                         CASE role WHEN 'support-worker' THEN 1 WHEN 'practitioner' THEN 2 WHEN 'supervisor' THEN 3 ELSE 4 END
                """) { row in (0..<8).map { $0 == 4 ? int(row, $0) : text(row, $0) } }
            return Listing(columns: [
                .init("id", "ID"), .init("service", "SERVICE", inText: false), .init("role", "ROLE", inText: false),
                .init("name", "NAME"), .init("qualify_within_years", "YEARS TO QUALIFY"),
                .init("source_url", "SOURCE", inText: false), .init("status", "STATUS", inText: false), .init("origin", "ORIGIN", inText: false),
            ], rows: rows)

        case .things:
            let rows = try database.query("""
                SELECT a.code, a.programme, a.number, a.title, a.group_badge, a.min_words, a.source_url, a.status, a.origin
                FROM activity a
                WHERE (?1 IS NULL OR a.programme = ?1)
                  AND (?2 IS NULL OR EXISTS (SELECT 1 FROM link l WHERE l.from_code = a.code AND l.to_code = ?2 AND l.kind = 'evidences'))
                ORDER BY a.programme DESC, a.number
                """, [framework, capability]) { row in (0..<9).map { [2, 5].contains($0) ? int(row, $0) : text(row, $0) } }
            return Listing(columns: [
                .init("code", "CODE"), .init("programme", "PROGRAMME", inText: false), .init("number", "NUMBER", inText: false),
                .init("title", "TITLE"), .init("group_badge", "GROUP BADGE", inText: false), .init("min_words", "MIN WORDS"),
                .init("source_url", "SOURCE", inText: false), .init("status", "STATUS"), .init("origin", "ORIGIN", inText: false),
            ], rows: rows)
        }
    }
}

/// A CASE package loaded into the reference database (`crosswalk import --case`).
public struct LoadedCasePackage: Sendable {
    public let identifier: String
    public let title: String
    public let framework: String
    public let file: String
    public let created: Int
    public let updated: Int
    public let links: Int
    public let loadedAt: String

    public var json: JSON {
        .object([
            ("identifier", .string(identifier)), ("title", .string(title)), ("file", .string(file)),
            ("created", .int(created)), ("updated", .int(updated)), ("links", .int(links)), ("loaded_at", .string(loadedAt)),
        ])
    }
}

extension Catalog {
    /// The CASE packages loaded, in the order they are applied.
    public func casePackages() throws -> [LoadedCasePackage] {
        guard try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'case_package'") > 0 else { return [] }
        return try database.query("""
            SELECT identifier, title, framework, file, created, updated, links, loaded_at FROM case_package ORDER BY position
            """) {
            LoadedCasePackage(identifier: $0.string(0), title: $0.string(1), framework: $0.string(2), file: $0.string(3),
                              created: $0.int(4), updated: $0.int(5), links: $0.int(6), loadedAt: $0.string(7))
        }
    }
}
