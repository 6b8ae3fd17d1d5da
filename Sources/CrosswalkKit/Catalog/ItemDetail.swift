import SQLite

/// Everything `crosswalk show` prints about one item.
public struct ItemDetail: Sendable {
    public struct Section: Sendable {
        public let title: String
        public let rows: [SectionRow]
    }

    public struct SectionRow: Sendable {
        public let code: String
        public let text: String
        public let note: String?
    }

    public struct LinkView: Sendable {
        /// `out`: this item → other; `in`: other → this item.
        public let direction: String
        public let kind: String
        public let label: String
        public let code: String
        public let itemKind: String
        public let title: String
        public let strength: Double
        public let rationale: String
        public let origin: String
        public let status: String
        /// Extra context, e.g. the qualifications a unit belongs to.
        public let context: String?
    }

    public let code: String
    public let kind: String
    public let title: String
    public let fields: [(String, String)]
    public let provenance: Provenance
    public let sections: [Section]
    public let links: [LinkView]

    public var json: JSON {
        .object([
            ("code", .string(code)),
            ("kind", .string(kind)),
            ("title", .string(title)),
            ("fields", .object(fields.map { (Self.jsonKey($0.0), .string($0.1)) })),
            ("provenance", provenance.json),
            ("sections", .array(sections.map { section in
                .object([
                    ("title", .string(section.title)),
                    ("items", .array(section.rows.map { row in
                        .object([("code", .string(row.code)), ("text", .string(row.text)), ("note", .optional(row.note))])
                    })),
                ])
            })),
            ("links", .array(links.map { link in
                .object([
                    ("direction", .string(link.direction)), ("kind", .string(link.kind)), ("label", .string(link.label)),
                    ("code", .string(link.code)), ("item_kind", .string(link.itemKind)), ("title", .string(link.title)),
                    ("strength", .score(link.strength)), ("rationale", .string(link.rationale)),
                    ("origin", .string(link.origin)), ("status", .string(link.status)), ("context", .optional(link.context)),
                ])
            })),
        ])
    }
}

extension ItemDetail {
    /// "Group award code" → "group_award_code": the label people read, as a stable JSON key.
    static func jsonKey(_ label: String) -> String {
        let words = label.lowercased().split { !($0.isLetter || $0.isNumber) }
        return words.joined(separator: "_")
    }
}

extension Catalog {
    /// The item with `text` as its code (forgiving spelling); fails with suggestions otherwise.
    public func detail(_ text: String) throws -> ItemDetail {
        let (code, kind) = try require(text)
        let title = try database.scalarText("SELECT title FROM item WHERE code = ?1", [.text(code)]) ?? code
        let (fields, provenance, sections) = try describe(code: code, kind: kind)
        return ItemDetail(code: code, kind: kind, title: title, fields: fields.filter { !$0.1.isEmpty },
                          provenance: provenance, sections: sections, links: try links(of: code))
    }

    private typealias Description = ([(String, String)], Provenance, [ItemDetail.Section])

    private func describe(code: String, kind: String) throws -> Description {
        let key: [SQLValue] = [.text(code)]
        let documents = try self.documents()
        // Every row's provenance: its document, the address it was read at, status, origin.
        func provenance(_ row: Row, from index: Int) -> Provenance {
            Provenance(sourceURL: row.string(index + 1), status: row.string(index + 2), origin: row.string(index + 3),
                       document: documents[row.string(index)])
        }
        func section(_ title: String, _ sql: String, _ arguments: [SQLValue]) throws -> ItemDetail.Section {
            ItemDetail.Section(title: title, rows: try database.query(sql, arguments) {
                ItemDetail.SectionRow(code: $0.string(0), text: $0.string(1), note: $0.optionalString(2))
            })
        }
        func one(_ sql: String, _ build: (Row) -> ([(String, String)], Provenance)) throws -> Description {
            guard let (fields, provenance) = try database.queryFirst(sql, key, build) else {
                throw CrosswalkError.failure("item \(code) is registered but has no \(kind) row")
            }
            return (fields, provenance, [])
        }

        switch kind {
        case "framework":
            let (fields, prov, _) = try one("SELECT name, publisher, edition, kind, document, source_url, status, origin FROM framework WHERE id = ?1") {
                ([("Name", $0.string(0)), ("Publisher", $0.string(1)), ("Edition", $0.string(2)), ("Kind", $0.string(3))], provenance($0, from: 4))
            }
            let members = try section("Items", "SELECT code, title, NULL FROM item WHERE framework = ?1 AND kind <> 'framework' ORDER BY code", key)
            return (fields, prov, members.rows.isEmpty ? [] : [members])

        case "capability":
            let (fields, prov, _) = try one("SELECT name, definition, keywords, document, source_url, status, origin FROM capability WHERE id = ?1") {
                ([("Name", $0.string(0)), ("Definition", $0.string(1)), ("Keywords", $0.string(2))], provenance($0, from: 3))
            }
            let sections = try Role.allCases.map { role in
                try section("Indicators: \(role.rawValue)",
                            "SELECT code, text, status FROM indicator WHERE capability = ?1 AND role = ?2 ORDER BY position",
                            key + [.text(role.rawValue)])
            }
            return (fields, prov, sections)

        case "indicator":
            return try one("SELECT capability, role, text, keywords, document, source_url, status, origin FROM indicator WHERE code = ?1") {
                ([("Capability", $0.string(0)), ("Role", $0.string(1)), ("Text", $0.string(2)), ("Keywords", $0.string(3))], provenance($0, from: 4))
            }

        case "standard":
            let (fields, prov, _) = try one("""
                SELECT s.framework, f.name, s.kind, s.grp, s.overview, s.keywords, s.document, s.source_url, s.status, s.origin
                FROM standard s JOIN framework f ON f.id = s.framework WHERE s.code = ?1
                """) {
                ([("Framework", "\($0.string(1)) (\($0.string(0)))"), ("Kind", $0.string(2)), ("Group", $0.string(3)),
                  ("Overview", $0.string(4)), ("Keywords", $0.string(5))], provenance($0, from: 6))
            }
            let elements = try section("Elements", "SELECT code, text, kind FROM element WHERE standard = ?1 ORDER BY position, code", key)
            return (fields, prov, elements.rows.isEmpty ? [] : [elements])

        case "element":
            return try one("SELECT standard, kind, text, keywords, document, source_url, status, origin FROM element WHERE code = ?1") {
                ([("Standard", $0.string(0)), ("Kind", $0.string(1)), ("Text", $0.string(2)), ("Keywords", $0.string(3))], provenance($0, from: 4))
            }

        case "qualification":
            let (fields, prov, _) = try one("""
                SELECT name, aliases, kind, awarding_body, award_code, scqf_level, credits, structure, overview,
                       document, source_url, status, origin
                FROM qualification WHERE id = ?1
                """) {
                ([("Name", $0.string(0)), ("Also known as", $0.string(1)), ("Kind", $0.string(2)),
                  ("Awarding body", $0.string(3)), ("Group award code", $0.string(4)),
                  ("SCQF level", $0.optionalInt(5).map(String.init) ?? ""), ("Credits", $0.optionalInt(6).map(String.init) ?? ""),
                  ("Structure", $0.string(7)), ("Overview", $0.string(8))], provenance($0, from: 9))
            }
            let groups = try database.query("""
                SELECT grp, choose_min, choose_max, description FROM qualification_group WHERE qualification = ?1
                ORDER BY grp <> 'mandatory', grp
                """, key) { ($0.string(0), $0.optionalInt(1), $0.optionalInt(2), $0.optionalString(3)) }
            let completeness = try UnitCompleteness(qualification: code, database: database)
            let qualificationFields = fields + [("Units known", completeness.summary)]
            var sections = try groups.map { group, least, most, _ in
                let rule = Self.chooseRule(least, most)
                return try section("Units: \(group)\(rule.map { " (\($0))" } ?? "")", """
                    SELECT u.code, u.title,
                           nullif(trim(coalesce(u.credits || ' credits', '') ||
                                       coalesce('; NOS ' || (SELECT group_concat(l.to_code, ', ') FROM link l
                                                             WHERE l.from_code = u.code AND l.kind = 'built-on'), ''),
                                       '; '), '')
                    FROM qualification_unit qu JOIN unit u ON u.code = qu.unit
                    WHERE qu.qualification = ?1 AND qu.grp = ?2 ORDER BY u.code
                    """, key + [.text(group)])
            }
            let rules = try section("Accepted for SSSC registration", """
                SELECT r.part, p.name, r.requirement || ' qualification' ||
                       CASE WHEN r.units_required IS NOT NULL THEN ' (' || r.units_required || ' units)' ELSE '' END
                FROM register_rule r JOIN register_part p ON p.id = r.part
                WHERE r.qualification = ?1 ORDER BY r.part, r.requirement
                """, key)
            if !rules.rows.isEmpty { sections.append(rules) }
            return (qualificationFields, prov, sections)

        case "unit":
            let (fields, prov, _) = try one("""
                SELECT title, credits, scqf_level, inherited_scqf_level, document, source_url, status, origin
                FROM unit WHERE code = ?1
                """) {
                ([("Title", $0.string(0)), ("Credits", $0.optionalInt(1).map(String.init) ?? ""),
                  ("SCQF level", $0.optionalInt(2).map(String.init)
                      ?? $0.optionalInt(3).map { "\($0) (inherited from the qualification it is in; the unit's own level is not recorded)" } ?? "")],
                 provenance($0, from: 4))
            }
            let names = try qualificationDisplayNames()
            let qualifications = ItemDetail.Section(title: "In qualifications", rows: try database.query("""
                SELECT q.id, qu.grp, qu.status FROM qualification_unit qu JOIN qualification q ON q.id = qu.qualification
                WHERE qu.unit = ?1 ORDER BY q.id
                """, key) { row in
                ItemDetail.SectionRow(code: row.string(0), text: names[row.string(0)] ?? row.string(0),
                                      note: row.string(1) + (row.string(2) == "uncertain" ? ", uncertain" : ""))
            })
            return (fields, prov, [qualifications])

        case "register-part":
            let (fields, prov, _) = try one("""
                SELECT name, service, role, description, qualify_within_years, document, source_url, status, origin
                FROM register_part WHERE id = ?1
                """) {
                ([("Name", $0.string(0)), ("Service", $0.string(1)), ("Role", $0.string(2)), ("Description", $0.string(3)),
                  ("Qualify within (years)", $0.optionalInt(4).map(String.init) ?? "")], provenance($0, from: 5))
            }
            let requirements = try database.query(
                "SELECT DISTINCT requirement FROM register_rule WHERE part = ?1 ORDER BY requirement = 'practice' DESC, requirement", key
            ) { $0.string(0) }
            let sections = try requirements.map { requirement in
                try section("Requirement: \(requirement) qualification (any one option)", """
                    SELECT 'option ' || r.option, group_concat(q.name ||
                           CASE WHEN r.units_required IS NOT NULL THEN ' (any ' || r.units_required || ' units)' ELSE '' END, ' + '),
                           max(r.note)
                    FROM register_rule r JOIN qualification q ON q.id = r.qualification
                    WHERE r.part = ?1 AND r.requirement = ?2 GROUP BY r.option ORDER BY r.option
                    """, key + [.text(requirement)])
            }
            return (fields, prov, sections)

        case "activity":
            return try one("""
                SELECT programme, number, badge, group_badge, min_words, theme, keywords, document, source_url, status, origin
                FROM activity WHERE code = ?1
                """) {
                ([("Programme", $0.string(0)), ("Thing", String($0.int(1))), ("Badge", $0.string(2)), ("Group badge", $0.string(3)),
                  ("Minimum words", $0.optionalInt(4).map(String.init) ?? ""), ("Theme", $0.string(5)), ("Keywords", $0.string(6))],
                 provenance($0, from: 7))
            }

        default:
            throw CrosswalkError.failure("unknown item kind \(kind)")
        }
    }

    static func chooseRule(_ least: Int?, _ most: Int?) -> String? {
        switch (least, most) {
        case let (least?, most?) where least == most: "take \(least)"
        case let (least?, most?): "take \(least) to \(most)"
        case let (least?, nil): "take at least \(least)"
        case let (nil, most?): "take up to \(most)"
        default: nil
        }
    }

    /// Links in both directions; units carry the qualifications they belong to as context.
    func links(of code: String) throws -> [ItemDetail.LinkView] {
        try database.query("""
            SELECT 'out', l.kind, l.to_code, i.kind, i.title, l.strength, l.rationale, l.origin, l.status
            FROM link l JOIN item i ON i.code = l.to_code WHERE l.from_code = ?1
            UNION ALL
            SELECT 'in', l.kind, l.from_code, i.kind, i.title, l.strength, l.rationale, l.origin, l.status
            FROM link l JOIN item i ON i.code = l.from_code WHERE l.to_code = ?1
            ORDER BY 1 DESC, 2, 6 DESC, 3
            """, [.text(code)]) { row in
            let kind = LinkKind(rawValue: row.string(1))
            let direction = row.string(0)
            return ItemDetail.LinkView(
                direction: direction, kind: row.string(1),
                label: (direction == "out" ? kind?.forwardLabel : kind?.backwardLabel) ?? row.string(1),
                code: row.string(2), itemKind: row.string(3), title: row.string(4), strength: row.double(5),
                rationale: row.string(6), origin: row.string(7), status: row.string(8), context: nil)
        }.map { link in
            guard link.itemKind == "unit" else { return link }
            let names = try qualificationDisplayNames()
            let qualifications = try database.query(
                "SELECT qualification, grp FROM qualification_unit WHERE unit = ?1 ORDER BY qualification",
                [.text(link.code)]) { "\(names[$0.string(0)] ?? $0.string(0)), \($0.string(1))" }
            guard !qualifications.isEmpty else { return link }
            return ItemDetail.LinkView(
                direction: link.direction, kind: link.kind, label: link.label, code: link.code, itemKind: link.itemKind,
                title: link.title, strength: link.strength, rationale: link.rationale, origin: link.origin,
                status: link.status, context: "in " + qualifications.joined(separator: "; "))
        }
    }
}
