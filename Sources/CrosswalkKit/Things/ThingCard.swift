import SQLite

/// One prompt a Thing's written reflection must answer, with how a draft is matched to it.
public struct ThingPrompt: Sendable, Equatable {
    /// Its letter on the Thing's page: "a", "b", …
    public let id: String
    /// The prompt in the project's words.
    public let text: String
    /// What a suggestion says is missing when no passage answers it ("what difference the
    /// actions would make to the people you support").
    public let missing: String
    /// Words and phrases that show a passage is about the prompt (project-authored).
    public let keyTerms: [String]
    /// When given, a passage must hold one of these (or name an item of `about`).
    public let requiredTerms: [String]
    /// Codes of the capabilities, standards or quality indicators the prompt is about: the
    /// mapper's evidence for them in a passage counts towards answering it.
    public let about: [String]
}

/// An item a Thing's page names (a quality indicator, a framework), as the data has it.
public struct NamedItem: Sendable, Equatable {
    public let code: String
    public let kind: String
    public let title: String
    /// For a standard: its kind (`quality-indicator`, `nos-unit`, …).
    public let standardKind: String?
    /// The framework it belongs to (for a framework, itself).
    public let framework: String?
    public let status: String

    public var isQualityIndicator: Bool { standardKind == "quality-indicator" }
}

/// `crosswalk thing N`: everything the data holds about one 23 Things activity, as a card.
public struct ThingCard: Sendable {
    /// How much of the Thing's own page the public record holds.
    public enum PageRecord: String, Sendable {
        /// Read: its steps and prompts are given.
        case read
        /// Found, but its activity or prompts were not read in full: none are given.
        case partlyRead = "partly-read"
        /// Not in the record: nothing is known of its steps or prompts.
        case notRead = "not-read"
    }

    public let thing: Thing
    public let programmeName: String
    public let groupBadge: String?
    public let theme: String?
    public let page: PageRecord
    /// What was and was not read of the page.
    public let pageNote: String?
    /// Things 1 to this number are suggested first.
    public let suggestedFirst: Int?
    /// The badge's own page, when it was read.
    public let badgeURL: String?
    public let sourceURL: String
    public let status: String
    public let origin: String
    /// The card and the check show the worker's route through `plan` (Thing 23).
    public let showsCareerRoute: Bool
    public let steps: [String]
    public let prompts: [ThingPrompt]
    /// The capabilities the Thing evidences (its `evidences` links), strongest first.
    public let capabilities: [(id: String, name: String, strength: Double)]
    /// Items the Thing's page names (quality indicators, frameworks).
    public let named: [NamedItem]
    /// Standards a prompt is about that the page does not name itself (project judgement).
    public let promptStandards: [NamedItem]

    /// The page the badge is described on: its own page, else the Thing's.
    public var badgePage: String { badgeURL ?? sourceURL }

    /// "Thing 21 (23L-21)".
    public var label: String { "Thing \(thing.number) (\(thing.code))" }

    public var promptsKnown: Bool { !prompts.isEmpty }

    public var namedQualityIndicators: [NamedItem] { named.filter(\.isQualityIndicator) }

    public var json: JSON {
        func item(_ named: NamedItem) -> JSON {
            .object([("code", .string(named.code)), ("kind", .string(named.kind)), ("title", .string(named.title)),
                     ("framework", .optional(named.framework)), ("status", .string(named.status))])
        }
        return .object([
            ("code", .string(thing.code)),
            ("programme", .string(thing.programme)),
            ("programme_name", .string(programmeName)),
            ("number", .int(thing.number)),
            ("title", .string(thing.title)),
            ("badge", .optional(thing.badge)),
            ("badge_page", .string(badgePage)),
            ("counts_towards", .optional(groupBadge)),
            ("suggested_first", suggestedFirst.map { .array((1...$0).map(JSON.int)) } ?? .null),
            ("min_words", .optional(thing.minWords)),
            ("theme", .optional(theme)),
            ("page", .string(page.rawValue)),
            ("page_note", .optional(pageNote)),
            ("steps", .strings(steps)),
            ("prompts", .array(prompts.map { prompt in
                .object([("id", .string(prompt.id)), ("text", .string(prompt.text)),
                         ("key_terms", .strings(prompt.keyTerms)), ("required_terms", .strings(prompt.requiredTerms)),
                         ("about", .strings(prompt.about))])
            })),
            ("capabilities", .array(capabilities.map {
                .object([("id", .string($0.id)), ("name", .string($0.name)), ("strength", .score($0.strength))])
            })),
            ("quality_indicators", .array(namedQualityIndicators.map(item))),
            ("standards", .array((named.filter { !$0.isQualityIndicator } + promptStandards).map(item))),
            ("career_route", .bool(showsCareerRoute)),
            ("source_url", .string(sourceURL)),
            ("status", .string(status)),
            ("origin", .string(origin)),
        ])
    }
}

/// Reads Things, their pages, steps and prompts from the reference database.
public struct ThingCatalog {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// `thing N`: "21", "Thing 21" (in `programme`), or a code ("23L-21", "23ELC-23", "23l21").
    public func resolve(_ text: String, programme: String) throws -> Thing {
        let lookup = ReferenceLookup(database: database)
        let trimmed = text.trimmed()
        if let number = Catalog.thingNumber(trimmed),
           let code = try database.scalarText("SELECT code FROM activity WHERE programme = ?1 AND number = ?2",
                                              [.text(programme), .integer(Int64(number))]),
           let thing = try lookup.thing(code: code) {
            return thing
        }
        if Catalog.thingNumber(trimmed) == nil, case .found(let code, "activity") = try Catalog(database: database).resolve(trimmed),
           let thing = try lookup.thing(code: code) {
            return thing
        }
        throw CrosswalkError.usage("no Thing \"\(text)\": give a number from 1 to 23 (in the programme set by "
                                   + "`crosswalk log config programme`) or a code such as 23L-21 or 23ELC-23")
    }

    /// A register part given for a Thing (id or words of its name), with the role its
    /// indicators are for: how a draft for it is read.
    public func registerPart(_ text: String) throws -> (id: String, role: Role) {
        let id = try Catalog(database: database).requireRegisterPart(text)
        let kind = try database.scalarText("SELECT role FROM register_part WHERE id = ?1", [.text(id)])
        return (id, kind == "support-worker" || kind == "practitioner" ? .frontline : .manager)
    }

    public func card(_ thing: Thing) throws -> ThingCard {
        let activity = try database.queryFirst("""
            SELECT f.name, a.group_badge, a.theme, a.source_url, a.status, a.origin
            FROM activity a JOIN framework f ON f.id = a.programme WHERE a.code = ?1
            """, [.text(thing.code)]) {
            (programme: $0.string(0), group: $0.optionalString(1), theme: $0.optionalString(2),
             url: $0.string(3), status: $0.string(4), origin: $0.string(5))
        }
        guard let activity else { throw CrosswalkError.failure("the reference data has no Thing \(thing.code)") }
        let page = try database.queryFirst("""
            SELECT page, career_route, suggested_first, names, badge_url, note FROM thing_page WHERE thing = ?1
            """, [.text(thing.code)]) {
            (page: ThingCard.PageRecord(rawValue: $0.string(0)) ?? .notRead, route: $0.string(1) == "yes",
             first: $0.optionalInt(2), names: $0.optionalString(3), badge: $0.optionalString(4), note: $0.optionalString(5))
        }
        let steps = try database.query("SELECT text FROM thing_step WHERE thing = ?1 ORDER BY position",
                                       [.text(thing.code)]) { $0.string(0) }
        let prompts = try database.query("""
            SELECT prompt, text, missing, key_terms, required_terms, about FROM thing_prompt WHERE thing = ?1 ORDER BY prompt
            """, [.text(thing.code)]) {
            ThingPrompt(id: $0.string(0), text: $0.string(1), missing: $0.string(2), keyTerms: Self.list($0.string(3)),
                        requiredTerms: Self.list($0.optionalString(4) ?? ""), about: Self.list($0.optionalString(5) ?? ""))
        }
        let capabilities = try database.query("""
            SELECT c.id, c.name, l.strength FROM link l JOIN capability c ON c.id = l.to_code
            WHERE l.from_code = ?1 AND l.kind = 'evidences' ORDER BY l.strength DESC, c.position
            """, [.text(thing.code)]) { (id: $0.string(0), name: $0.string(1), strength: $0.double(2)) }
        let named = try Self.list(page?.names ?? "").compactMap(namedItem)
        let namedCodes = Set(named.map(\.code))
        var aboutStandards: [NamedItem] = []
        for code in prompts.flatMap(\.about) where !namedCodes.contains(code) && !aboutStandards.contains(where: { $0.code == code }) {
            if let item = try namedItem(code), item.kind == "standard" { aboutStandards.append(item) }
        }
        return ThingCard(
            thing: thing, programmeName: activity.programme, groupBadge: activity.group, theme: activity.theme,
            page: page?.page ?? .notRead, pageNote: page?.note, suggestedFirst: page?.first, badgeURL: page?.badge,
            sourceURL: activity.url, status: activity.status, origin: activity.origin,
            showsCareerRoute: page?.route ?? false, steps: steps, prompts: prompts, capabilities: capabilities,
            named: named, promptStandards: aboutStandards)
    }

    func namedItem(_ code: String) throws -> NamedItem? {
        try database.queryFirst("""
            SELECT i.code, i.kind, i.title, s.kind, coalesce(s.framework, e.standard, i.framework),
                   coalesce(s.status, f.status, c.status, e.status, 'confirmed')
            FROM item i
            LEFT JOIN standard s ON s.code = i.code
            LEFT JOIN element e ON e.code = i.code
            LEFT JOIN framework f ON f.id = i.code
            LEFT JOIN capability c ON c.id = i.code
            WHERE i.code = ?1
            """, [.text(code)]) {
            NamedItem(code: $0.string(0), kind: $0.string(1), title: $0.string(2), standardKind: $0.optionalString(3),
                      framework: $0.optionalString(4), status: $0.string(5))
        }
    }

    /// A `;`-separated field as its parts.
    static func list(_ field: String) -> [String] {
        field.split(separator: ";").map { String($0).trimmed() }.filter { !$0.isEmpty }
    }
}
