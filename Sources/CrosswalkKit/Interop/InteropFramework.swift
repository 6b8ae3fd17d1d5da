import SQLite

/// One framework of the reference database as a tree: the shape every writer (CASE, Moodle,
/// Mahara, Totara) works from, read in a few queries.
public struct InteropFramework: Sendable {
    public enum Kind: Sendable, Equatable {
        case capability
        case indicator(Role)
        case standard(String)
        case element(String)
        case activity
    }

    public struct Node: Sendable {
        public let code: String
        public let kind: Kind
        /// The short title: a capability's name, a standard's or a Thing's title.
        public let title: String?
        /// The statement: a definition, an indicator's or element's text, a standard's
        /// overview (its title when it has none), a Thing's theme (its title when it has none).
        public let text: String
        public let keywords: [String]
        /// Its own number, where it has one (indicators, elements, capabilities, Things).
        public let position: Int?
        /// The parent node's code; nil at the top level.
        public let parent: String?
        public let provenance: Provenance
        /// Extra facts carried in CASE notes: a standard's group, a Thing's badges.
        public let facts: [(String, String)]
        public let identifier: String
        public let uri: String
    }

    public struct Link: Sendable {
        public let from: String
        public let to: String
        public let kind: LinkKind
        public let strength: Double
        public let rationale: String
        public let provenance: Provenance
    }

    /// The identity and title of any node, for references from other packages.
    public struct Reference: Sendable {
        public let code: String
        public let title: String
        public let identifier: String
        public let uri: String
        public let framework: String
    }

    public let id: String
    public let name: String
    public let publisher: String
    public let edition: String?
    public let kind: String
    public let provenance: Provenance
    public let identifier: String
    public let uri: String
    /// Parents before their children, siblings in order.
    public let nodes: [Node]
    /// Links whose CASE origin is one of `nodes` and whose other end is in some framework:
    /// `evidences` and `relates-to` from a node, `replaces` to one (CASE writes it as the older
    /// item `replacedBy` the newer).
    public let links: [Link]
    /// Every node the links reach, by code.
    public let references: [String: Reference]

    /// Where each code is in `nodes`.
    let positions: [String: Int]

    public func children(of code: String?) -> [Node] { nodes.filter { $0.parent == code } }
    public func node(_ code: String) -> Node? { positions[code].map { nodes[$0] } }
}

/// Stable CASE identity for crosswalk's items: a version 5 UUID from a fixed namespace and the
/// code (the framework id for a document), unless the item came from a loaded CASE package,
/// which keeps the identifier and URI it was published with.
public enum InteropIdentity {
    /// Chosen once for crosswalk; never change it, or every exported identifier changes.
    public static let namespace = "724ec639-1e7b-4a1f-ac75-927d4040fb52"

    public static func identifier(for code: String) -> String {
        NameUUID.v5(namespace: namespace, name: code)!
    }

    public static func uri(for identifier: String) -> String { "urn:uuid:" + identifier }

    /// Identifier and URI of every code that came from a CASE package.
    static func published(_ database: Database) throws -> [String: (identifier: String, uri: String)] {
        guard try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'case_node'") > 0 else { return [:] }
        let rows = try database.query("SELECT code, identifier, uri FROM case_node") { ($0.string(0), ($0.string(1), $0.string(2))) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}

extension InteropFramework {
    /// Every framework of the database, in `list frameworks` order.
    public static func all(_ database: Database) throws -> [InteropFramework] {
        try read(try frameworkIDs(database), from: database)
    }

    /// What every framework's links are read from, read once for all of them.
    struct Shared {
        let published: [String: (identifier: String, uri: String)]
        let exported: [String: (title: String, framework: String)]
        let links: [(String, String, LinkKind?, Double, String, Provenance)]
        /// The documents rows cite, by id.
        let documents: [String: SourceDocument]

        init(_ database: Database) throws {
            published = try InteropIdentity.published(database)
            exported = try InteropFramework.exportedNodes(database)
            let documents = try Catalog(database: database).documents()
            self.documents = documents
            links = try database.query("""
                SELECT from_code, to_code, kind, strength, rationale, source_url, status, origin, document FROM link
                WHERE origin <> 'computed' ORDER BY rowid
                """) {
                ($0.string(0), $0.string(1), LinkKind(rawValue: $0.string(2)), $0.double(3), $0.string(4),
                 Provenance(sourceURL: $0.string(5), status: $0.string(6), origin: $0.string(7), document: documents[$0.string(8)]))
            }
        }
    }

    public static func read(_ ids: [String], from database: Database) throws -> [InteropFramework] {
        let shared = try Shared(database)
        return try ids.map { try read($0, from: database, shared: shared) }
    }

    public static func frameworkIDs(_ database: Database) throws -> [String] {
        try database.query("SELECT id FROM framework ORDER BY kind, id") { $0.string(0) }
    }

    public static func read(_ id: String, from database: Database) throws -> InteropFramework {
        try read(id, from: database, shared: try Shared(database))
    }

    static func read(_ id: String, from database: Database, shared: Shared) throws -> InteropFramework {
        let published = shared.published
        func identity(_ code: String) -> (String, String) {
            if let known = published[code] { return known }
            let identifier = InteropIdentity.identifier(for: code)
            return (identifier, InteropIdentity.uri(for: identifier))
        }
        // Every SELECT below ends with source_url, status, origin, document.
        func provenance(_ row: Row, _ index: Int) -> Provenance {
            Provenance(sourceURL: row.string(index), status: row.string(index + 1), origin: row.string(index + 2),
                       document: shared.documents[row.string(index + 3)])
        }
        func keywords(_ text: String?) -> [String] {
            (text ?? "").split(separator: ";").map { String($0).trimmed() }.filter { !$0.isEmpty }
        }

        guard let framework = try database.queryFirst(
            "SELECT id, name, publisher, edition, kind, source_url, status, origin, document FROM framework WHERE id = ?1", [.text(id)],
            { ($0.string(0), $0.string(1), $0.string(2), $0.optionalString(3), $0.string(4), provenance($0, 5)) })
        else { throw CrosswalkError.failure("no framework \"\(id)\"") }

        var nodes: [Node] = []
        func add(_ code: String, _ kind: Kind, title: String?, text: String, keywords words: String?, position: Int?,
                 parent: String?, provenance: Provenance, facts: [(String, String?)] = []) {
            let (identifier, uri) = identity(code)
            nodes.append(Node(code: code, kind: kind, title: title, text: text, keywords: keywords(words), position: position,
                              parent: parent, provenance: provenance,
                              facts: facts.compactMap { key, value in value.map { (key, $0) } }, identifier: identifier, uri: uri))
        }

        let firstCapabilityFramework = try database.scalarText(
            "SELECT id FROM framework WHERE kind = 'capability-framework' ORDER BY id LIMIT 1")
        if firstCapabilityFramework == id {
            let capabilities = try database.query(
                "SELECT id, position, name, definition, keywords, source_url, status, origin, document FROM capability ORDER BY position") {
                ($0.string(0), $0.int(1), $0.string(2), $0.string(3), $0.optionalString(4), provenance($0, 5))
            }
            for (code, position, name, definition, words, prov) in capabilities {
                add(code, .capability, title: name, text: definition, keywords: words, position: position, parent: nil, provenance: prov)
                let indicators = try database.query("""
                    SELECT code, role, position, text, keywords, source_url, status, origin, document FROM indicator WHERE capability = ?1
                    ORDER BY CASE role WHEN 'frontline' THEN 1 WHEN 'manager' THEN 2 ELSE 3 END, position, code
                    """, [.text(code)]) {
                    ($0.string(0), Role(rawValue: $0.string(1)) ?? .frontline, $0.int(2), $0.string(3), $0.optionalString(4), provenance($0, 5))
                }
                for (indicator, role, position, text, words, prov) in indicators {
                    add(indicator, .indicator(role), title: nil, text: text, keywords: words, position: position, parent: code, provenance: prov)
                }
            }
        }

        let standards = try database.query("""
            SELECT code, kind, grp, title, overview, keywords, source_url, status, origin, document FROM standard WHERE framework = ?1 ORDER BY rowid
            """, [.text(id)]) {
            ($0.string(0), $0.string(1), $0.optionalString(2), $0.string(3), $0.optionalString(4), $0.optionalString(5), provenance($0, 6))
        }
        for (code, kind, group, title, overview, words, prov) in standards {
            add(code, .standard(kind), title: title, text: overview ?? title, keywords: words, position: nil, parent: nil,
                provenance: prov, facts: [("Group", group)])
            let elements = try database.query("""
                SELECT code, kind, position, text, keywords, source_url, status, origin, document FROM element WHERE standard = ?1
                ORDER BY position, code
                """, [.text(code)]) {
                ($0.string(0), $0.string(1), $0.int(2), $0.string(3), $0.optionalString(4), provenance($0, 5))
            }
            for (element, kind, position, text, words, prov) in elements {
                add(element, .element(kind), title: nil, text: text, keywords: words, position: position, parent: code, provenance: prov)
            }
        }

        let activities = try database.query("""
            SELECT code, number, title, badge, group_badge, min_words, theme, keywords, source_url, status, origin, document
            FROM activity WHERE programme = ?1 ORDER BY number
            """, [.text(id)]) {
            ($0.string(0), $0.int(1), $0.string(2), $0.optionalString(3), $0.optionalString(4), $0.optionalInt(5),
             $0.optionalString(6), $0.optionalString(7), provenance($0, 8))
        }
        for (code, number, title, badge, groupBadge, minWords, theme, words, prov) in activities {
            add(code, .activity, title: title, text: theme ?? title, keywords: words, position: number, parent: nil, provenance: prov,
                facts: [("Badge", badge), ("Group badge", groupBadge), ("Minimum words", minWords.map(String.init))])
        }

        let (links, references) = readLinks(of: Set(nodes.map(\.code)), shared: shared, identity: identity)
        let (identifier, uri) = identity(framework.0)
        return InteropFramework(
            id: framework.0, name: framework.1, publisher: framework.2, edition: framework.3, kind: framework.4,
            provenance: framework.5, identifier: identifier, uri: uri, nodes: nodes, links: links, references: references,
            positions: Dictionary(nodes.enumerated().map { ($0.element.code, $0.offset) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Every node any framework exports: its code, title and framework.
    fileprivate static func exportedNodes(_ database: Database) throws -> [String: (title: String, framework: String)] {
        let capabilityFramework = try database.scalarText(
            "SELECT id FROM framework WHERE kind = 'capability-framework' ORDER BY id LIMIT 1")
        var nodes: [String: (String, String)] = [:]
        if let capabilityFramework {
            for (code, title) in try database.query("""
                SELECT code, title FROM item WHERE kind IN ('capability', 'indicator')
                """, [], { ($0.string(0), $0.string(1)) }) {
                nodes[code] = (title, capabilityFramework)
            }
        }
        for (code, title, framework) in try database.query("""
            SELECT s.code, i.title, s.framework FROM standard s JOIN item i ON i.code = s.code
            UNION ALL SELECT e.code, i.title, s.framework FROM element e JOIN standard s ON s.code = e.standard JOIN item i ON i.code = e.code
            UNION ALL SELECT a.code, a.title, a.programme FROM activity a
            """, [], { ($0.string(0), $0.string(1), $0.string(2)) }) {
            nodes[code] = (title, framework)
        }
        return nodes
    }

    private static func readLinks(of codes: Set<String>, shared: Shared, identity: (String) -> (String, String))
        -> ([Link], [String: Reference]) {
        let exported = shared.exported
        let rows = shared.links
        var links: [Link] = []
        var references: [String: Reference] = [:]
        for (from, to, kind, strength, rationale, provenance) in rows {
            guard let kind, kind != .builtOn, exported[from] != nil, exported[to] != nil else { continue }
            let caseOrigin = kind == .replaces ? to : from
            guard codes.contains(caseOrigin) else { continue }
            links.append(Link(from: from, to: to, kind: kind, strength: strength, rationale: rationale, provenance: provenance))
            for code in [from, to] where references[code] == nil {
                let (identifier, uri) = identity(code)
                references[code] = Reference(code: code, title: exported[code]!.title, identifier: identifier, uri: uri,
                                             framework: exported[code]!.framework)
            }
        }
        return (links, references)
    }
}
