import SQLite

/// What the log and its exports need to know about one reference code: its name, what it
/// belongs to, and where it is published.
public struct ReferenceInfo: Sendable, Equatable {
    public let code: String
    public let kind: String
    public let title: String
    /// A sentence saying what the item is, in the project's words.
    public let description: String
    /// Where the item's facts were read: the publisher's page, or a copy on a mirror site.
    public let sourceURL: String
    /// The document the item comes from.
    public let document: SourceDocument?
    public let frameworkID: String?
    /// The framework, suite or qualification the item belongs to, by name.
    public let frameworkName: String?
    /// For a capability or one of its indicators: the capability id.
    public let capability: String?
    /// An address an export may link to as the reference: the page it was read on when that is
    /// the publisher's own, else the document's publisher address, else the address of the
    /// framework (or, for a unit, the qualification) it belongs to. Never a mirror; nil when no
    /// such address is known.
    public let referenceURL: String?

    /// How an export cites the item's source: the document, never a mirror.
    public var citation: String? { document?.citation }
}

/// A 23 Things activity as the log uses it.
public struct Thing: Sendable, Equatable {
    public let code: String
    public let programme: String
    public let number: Int
    public let title: String
    public let badge: String?
    /// The programme's minimum for the written reflection; nil when the page did not say.
    public let minWords: Int?
}

/// An SSSC CPL core learning element (a standard of kind `cpl-element`).
public struct CPLElement: Sendable, Equatable {
    public let code: String
    public let title: String
}

/// The log's read-only questions to the reference database.
public struct ReferenceLookup {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Kinds a log entry may reference. Frameworks and register parts are not evidence of anything.
    public static let referenceKinds = ["capability", "indicator", "standard", "element", "unit", "qualification", "activity"]

    public func info(_ code: String) throws -> ReferenceInfo? {
        guard let row = try database.queryFirst("""
            SELECT i.code, i.kind, i.title,
                   CASE i.kind
                       WHEN 'capability' THEN c.definition
                       WHEN 'indicator' THEN upper(substr(ind.role, 1, 1)) || substr(ind.role, 2)
                                             || ' indicator of the ' || ic.name || ' capability'
                       WHEN 'standard' THEN coalesce(s.overview, s.grp, '')
                       WHEN 'element' THEN 'Part of ' || es.code || ' ' || es.title
                       WHEN 'unit' THEN 'SQA unit' || coalesce(', SCQF level ' || u.scqf_level,
                                                                 ', SCQF level ' || u.inherited_scqf_level || ' (that of its qualification)', '')
                                        || coalesce(', ' || u.credits || ' SCQF credits', '')
                       WHEN 'qualification' THEN coalesce(q.overview, q.name)
                       WHEN 'activity' THEN coalesce(a.theme, '')
                       ELSE i.body
                   END,
                   coalesce(c.source_url, ind.source_url, s.source_url, e.source_url, u.source_url,
                            q.source_url, a.source_url, f.source_url, rp.source_url, ''),
                   coalesce(c.document, ind.document, s.document, e.document, u.document,
                            q.document, a.document, f.document, rp.document),
                   CASE i.kind
                       WHEN 'capability' THEN cf.id
                       WHEN 'indicator' THEN cf.id
                       WHEN 'standard' THEN s.framework
                       WHEN 'element' THEN es.framework
                       WHEN 'activity' THEN a.programme
                       WHEN 'framework' THEN f.id
                   END,
                   coalesce(c.id, ind.capability),
                   (SELECT min(qu.qualification) FROM qualification_unit qu WHERE qu.unit = i.code),
                   u.scqf_level, u.inherited_scqf_level
            FROM item i
            LEFT JOIN capability c ON c.id = i.code
            LEFT JOIN indicator ind ON ind.code = i.code
            LEFT JOIN capability ic ON ic.id = ind.capability
            LEFT JOIN standard s ON s.code = i.code
            LEFT JOIN element e ON e.code = i.code
            LEFT JOIN standard es ON es.code = e.standard
            LEFT JOIN unit u ON u.code = i.code
            LEFT JOIN qualification q ON q.id = i.code
            LEFT JOIN activity a ON a.code = i.code
            LEFT JOIN framework f ON f.id = i.code
            LEFT JOIN register_part rp ON rp.id = i.code
            LEFT JOIN (SELECT id FROM framework WHERE kind = 'capability-framework' ORDER BY id LIMIT 1) cf
            WHERE i.code = ?1
            """, [.text(code)], { row in
                (code: row.string(0), kind: row.string(1), title: row.string(2), description: row.string(3),
                 url: row.string(4), document: row.optionalString(5), framework: row.optionalString(6),
                 capability: row.optionalString(7), qualification: row.optionalString(8))
            }) else { return nil }
        let catalog = Catalog(database: database)
        var frameworkName = try row.framework.flatMap {
            try database.scalarText("SELECT name FROM framework WHERE id = ?1", [.text($0)])
        }
        // The item's own page when that is the publisher's, else its document's address, else
        // the address of what it belongs to.
        var fallbacks: [String?] = []
        if row.kind == "unit" {
            // A unit's framework is the qualification it counts towards, named as a person knows it.
            frameworkName = try row.qualification.map(catalog.qualificationDisplayName) ?? "SQA units"
            fallbacks.append(try row.qualification.flatMap { try ownURL(table: "qualification", key: "id", value: $0) })
        }
        if let framework = row.framework {
            fallbacks.append(try ownURL(table: "framework", key: "id", value: framework))
        }
        let document = try row.document.flatMap(catalog.document)
        let referenceURL = ([DocumentMirrors.isMirror(row.url) ? nil : row.url, document?.url] + fallbacks)
            .compactMap { $0 }.first { !$0.isEmpty && !DocumentMirrors.isMirror($0) }
        // A qualification is named as a person knows it: name and group award code.
        let title = row.kind == "qualification" ? try catalog.qualificationDisplayName(row.code) : row.title
        return ReferenceInfo(code: row.code, kind: row.kind, title: title, description: row.description,
                             sourceURL: row.url, document: document, frameworkID: row.framework, frameworkName: frameworkName,
                             capability: row.capability, referenceURL: referenceURL)
    }

    /// A row's non-mirror address: where it was read when that is not a mirror, else its
    /// document's publisher address.
    private func ownURL(table: String, key: String, value: String) throws -> String? {
        try database.queryFirst("""
            SELECT t.source_url, d.url FROM \(table) t LEFT JOIN document d ON d.id = t.document WHERE t.\(key) = ?1
            """, [.text(value)]) { row in
            [row.string(0), row.optionalString(1)].compactMap { $0 }.first { !$0.isEmpty && !DocumentMirrors.isMirror($0) }
        } ?? nil
    }

    /// Information for every code the reference data still has; missing codes are left out.
    public func infos(_ codes: some Sequence<String>) throws -> [String: ReferenceInfo] {
        var result: [String: ReferenceInfo] = [:]
        for code in Set(codes) {
            if let info = try info(code) { result[code] = info }
        }
        return result
    }

    public func exists(_ code: String) throws -> Bool {
        try database.scalarInt("SELECT count(*) FROM item WHERE code = ?1", [.text(code)]) > 0
    }

    /// The six capabilities in their canonical order.
    public func capabilities() throws -> [(id: String, name: String)] {
        try database.query("SELECT id, name FROM capability ORDER BY position") { ($0.string(0), $0.string(1)) }
    }

    /// A capability and its indicators: what counts as evidence of that capability.
    public func capabilityCodes(_ capability: String) throws -> Set<String> {
        Set([capability] + (try database.query("SELECT code FROM indicator WHERE capability = ?1", [.text(capability)]) { $0.string(0) }))
    }

    public func frameworkName(_ id: String) throws -> String? {
        try database.scalarText("SELECT name FROM framework WHERE id = ?1", [.text(id)])
    }

    // MARK: CPL core learning elements

    /// The qualifications a unit is part of, in the data's order.
    public func qualifications(ofUnit code: String) throws -> [String] {
        try database.query("SELECT qualification FROM qualification_unit WHERE unit = ?1 ORDER BY rowid", [.text(code)]) { $0.string(0) }
    }

    public func cplElements() throws -> [CPLElement] {
        try database.query("""
            SELECT code, title FROM standard WHERE kind = 'cpl-element'
            ORDER BY length(code), code
            """) { CPLElement(code: $0.string(0), title: $0.string(1)) }
    }

    /// `--element`: the code (CPL-6, cpl6), its number (6), or a part of its title that only one
    /// element has ("reflective").
    public func resolveElement(_ text: String) throws -> CPLElement {
        let elements = try cplElements()
        guard !elements.isEmpty else {
            throw CrosswalkError.failure("the reference data has no CPL core learning elements")
        }
        let wanted = text.trimmed()
        let folded = Suggest.fold(wanted)
        if let match = elements.first(where: { Suggest.fold($0.code) == folded || Suggest.fold($0.code) == "cpl" + folded }) {
            return match
        }
        let byTitle = elements.filter { $0.title.lowercased().contains(wanted.lowercased()) }
        if !wanted.isEmpty, byTitle.count == 1 { return byTitle[0] }
        let choices = elements.map { "\($0.code) \($0.title)" }.joined(separator: "; ")
        if byTitle.count > 1 {
            throw CrosswalkError.usage("--element \"\(text)\" matches \(byTitle.map(\.code).joined(separator: ", ")); give the code or number")
        }
        throw CrosswalkError.usage("--element takes a CPL core learning element: \(choices); not \"\(text)\"")
    }

    // MARK: 23 Things

    public func thing(code: String) throws -> Thing? {
        try database.queryFirst("""
            SELECT code, programme, number, title, badge, min_words FROM activity WHERE code = ?1
            """, [.text(code)]) {
            Thing(code: $0.string(0), programme: $0.string(1), number: $0.int(2), title: $0.string(3),
                  badge: $0.optionalString(4), minWords: $0.optionalInt(5))
        }
    }

    /// `--thing`: a number ("22", "Thing 22") in `programme`, or a code ("23L-22", "23ELC-5").
    public func resolveThing(_ text: String, programme: String) throws -> Thing {
        if let number = Catalog.thingNumber(text.trimmed()) {
            if let code = try database.scalarText("SELECT code FROM activity WHERE programme = ?1 AND number = ?2",
                                                  [.text(programme), .integer(Int64(number))]),
               let thing = try thing(code: code) {
                return thing
            }
        } else if case .found(let code, "activity") = try Catalog(database: database).resolve(text),
                  let thing = try thing(code: code) {
            return thing
        }
        throw CrosswalkError.usage("--thing takes a Thing number from 1 to 23 or a code such as 23L-22 or 23ELC-5, not \"\(text)\"")
    }
}
