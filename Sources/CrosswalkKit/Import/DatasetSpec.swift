/// The shape of the reference dataset: one CSV file per entity, each column with its type and
/// its SQL home. The validator and the loader both read this one description, so a column is
/// declared once.
struct DatasetSpec {
    enum ColumnType: Equatable {
        case text
        case integer
        case real(ClosedRange<Double>)
        case oneOf([String])
    }

    /// A column whose values must be keys of another file (or of any item).
    enum Target: Equatable {
        case file(String)
        case anyItem
    }

    /// The most characters a field may hold (Data/README.md, "Field sizes"): enough for any
    /// real value many times over, small enough that no field can flood a screen or a database.
    enum Size: Int {
        /// Codes, ids, enumerations, numbers and references to other rows.
        case code = 64
        /// Names, titles, short labels, vocabulary terms.
        case name = 300
        /// Running text: definitions, overviews, notes, rationales, keyword and alias lists, URLs.
        case prose = 2_000
    }

    struct Column {
        let name: String
        let sqlName: String
        let type: ColumnType
        let required: Bool
        let references: Target?
        /// Allowed whole numbers (the schema's CHECK), for an `.integer` column.
        let range: ClosedRange<Int>?
        /// No two rows may share a value (the schema's UNIQUE); empty values do not count.
        let unique: Bool
        let size: Size
        /// The value is a `;`-separated list, each part a key of `references` (the database
        /// holds the list as written; the importer checks every part).
        let list: Bool

        init(_ name: String, sql: String? = nil, _ type: ColumnType = .text, required: Bool = false,
             references: Target? = nil, range: ClosedRange<Int>? = nil, unique: Bool = false, size: Size? = nil,
             list: Bool = false) {
            self.name = name
            self.sqlName = sql ?? name
            self.type = type
            self.required = required
            self.references = references
            self.range = range
            self.unique = unique
            self.list = list
            self.size = size ?? (list ? .prose : type != .text || references != nil ? .code : .name)
        }

        /// The values a field holds: its parts for a list column, else the field itself.
        func values(_ field: String) -> [String] {
            guard list else { return [field] }
            return field.split(separator: ";").map { String($0).trimmed() }.filter { !$0.isEmpty }
        }
    }

    /// A rule about two or more values of one row (a table CHECK of the schema): the problem,
    /// reported on `column`, or nil when the row keeps it.
    struct RowRule {
        let column: String
        let problem: @Sendable (DataRow) -> String?
    }

    /// How a file's rows register in the `item` table.
    struct ItemMapping {
        let kind: String
        let title: String
        let body: [String]
        let keywords: [String]
        let framework: String?
    }

    /// A reference to a compound key of another file, e.g. a unit's group within its qualification.
    struct CompoundReference {
        let columns: [String]
        let file: String
    }

    struct File {
        let name: String
        let table: String
        let columns: [Column]
        let key: [String]
        let item: ItemMapping?
        let compoundReferences: [CompoundReference]
        /// Sets of columns no two rows may share (the schema's multi-column UNIQUE).
        var unique: [[String]] = []
        var rules: [RowRule] = []

        var fileName: String { name + ".csv" }

        func column(_ name: String) -> Column? { columns.first { $0.name == name } }
    }

    static let statuses = ["confirmed", "uncertain"]
    static let origins = ["official", "project"]
    static let roles = ["frontline", "manager", "strategic"]
    /// `competency-framework`: a framework loaded from a CASE package that is none of the others.
    static let frameworkKinds = [
        "capability-framework", "nos-suite", "professional-standard", "quality-framework",
        "code-of-practice", "cpl-model", "learning-framework", "care-standards",
        "learning-programme", "competency-framework",
    ]
    /// `statement`: a standard of a CASE framework that is none of the others.
    static let standardKinds = [
        "nos-unit", "cp-heading", "quality-indicator", "code-section", "cpl-element",
        "learning-domain", "care-standard", "statement",
    ]
    /// The Scottish Credit and Qualifications Framework has twelve levels.
    static let scqfLevels = 1...12
    /// A Thing's prompts are lettered as its page letters them: (a), (b), …
    static let promptLetters = ["a", "b", "c", "d", "e", "f", "g", "h"]

    /// Where the fact comes from: the document (a row of documents.csv) and the address it was
    /// read at (the publisher's page, or a copy on another site).
    static let provenance: [Column] = [
        Column("document", required: true, references: .file("documents")),
        Column("source_url", required: true, size: .prose),
        Column("status", .oneOf(statuses), required: true),
        Column("origin", .oneOf(origins), required: true),
    ]

    /// In load order: every file comes after the files it refers to.
    static let files: [File] = [
        File(
            name: "documents", table: "document",
            columns: [
                Column("id", required: true, size: .code),
                Column("title", required: true, size: .name),
                Column("publisher", required: true, size: .name),
                Column("edition", size: .name),
                Column("url", size: .prose),
                Column("note", size: .prose),
                // A document's own provenance: where its title and publisher were read.
                Column("source_url", required: true, size: .prose),
                Column("status", .oneOf(statuses), required: true),
                Column("origin", .oneOf(origins), required: true),
            ],
            key: ["id"],
            item: nil,
            compoundReferences: []
        ),
        File(
            name: "frameworks", table: "framework",
            columns: [
                Column("id", required: true, size: .code),
                Column("name", required: true),
                Column("publisher", required: true),
                Column("edition"),
                Column("kind", .oneOf(frameworkKinds), required: true),
            ] + provenance,
            key: ["id"],
            item: ItemMapping(kind: "framework", title: "name", body: ["publisher", "edition"], keywords: [], framework: "id"),
            compoundReferences: []
        ),
        File(
            name: "capabilities", table: "capability",
            columns: [
                Column("id", .oneOf(Capability.ids), required: true),
                Column("position", .integer, required: true, range: 1...6, unique: true),
                Column("name", required: true),
                Column("definition", required: true, size: .prose),
                Column("keywords", size: .prose),
            ] + provenance,
            key: ["id"],
            item: ItemMapping(kind: "capability", title: "name", body: ["definition"], keywords: ["keywords"], framework: nil),
            compoundReferences: []
        ),
        File(
            name: "indicators", table: "indicator",
            columns: [
                Column("code", required: true, size: .code),
                Column("capability", required: true, references: .file("capabilities")),
                Column("role", .oneOf(roles), required: true),
                Column("position", .integer, required: true),
                Column("text", required: true, size: .prose),
                Column("keywords", size: .prose),
            ] + provenance,
            key: ["code"],
            item: ItemMapping(kind: "indicator", title: "text", body: [], keywords: ["keywords"], framework: nil),
            compoundReferences: []
        ),
        File(
            name: "standards", table: "standard",
            columns: [
                Column("code", required: true, size: .code),
                Column("framework", required: true, references: .file("frameworks")),
                Column("kind", .oneOf(standardKinds), required: true),
                Column("group", sql: "grp"),
                Column("title", required: true),
                Column("overview", size: .prose),
                Column("keywords", size: .prose),
            ] + provenance,
            key: ["code"],
            item: ItemMapping(kind: "standard", title: "title", body: ["overview"], keywords: ["keywords"], framework: "framework"),
            compoundReferences: []
        ),
        File(
            name: "elements", table: "element",
            columns: [
                Column("code", required: true, size: .code),
                Column("standard", required: true, references: .file("standards")),
                Column("kind", .oneOf(["pc-section", "performance-criterion", "knowledge", "element", "statement", "theme", "behaviour"]),
                       required: true),
                Column("position", .integer, required: true),
                Column("text", required: true, size: .prose),
                Column("keywords", size: .prose),
            ] + provenance,
            key: ["code"],
            item: ItemMapping(kind: "element", title: "text", body: [], keywords: ["keywords"], framework: nil),
            compoundReferences: []
        ),
        File(
            name: "qualifications", table: "qualification",
            columns: [
                Column("id", required: true, size: .code),
                Column("name", required: true),
                Column("aliases", size: .prose),
                Column("kind", .oneOf(["svq", "pda", "hnc", "hnd", "nc", "degree", "other"]), required: true),
                Column("awarding_body"),
                Column("award_code", unique: true, size: .code),
                Column("scqf_level", .integer, range: scqfLevels),
                Column("credits", .integer, range: 1...Int.max),
                Column("structure", size: .prose),
                Column("overview", size: .prose),
                Column("availability", .oneOf(["current", "legacy", "stand-in"])),
            ] + provenance,
            key: ["id"],
            item: ItemMapping(kind: "qualification", title: "name", body: ["overview", "structure", "award_code"], keywords: ["aliases"], framework: nil),
            compoundReferences: []
        ),
        File(
            name: "qualification_groups", table: "qualification_group",
            columns: [
                Column("qualification", required: true, references: .file("qualifications")),
                Column("group", sql: "grp", required: true, size: .code),
                Column("choose_min", .integer, range: 0...Int.max),
                Column("choose_max", .integer, range: 0...Int.max),
                Column("units_total", .integer, range: 0...Int.max),
                Column("description", size: .prose),
            ] + provenance,
            key: ["qualification", "group"],
            item: nil,
            compoundReferences: [],
            rules: [RowRule(column: "choose_max") { row in
                guard let low = row["choose_min"].flatMap({ Int($0) }), let high = row["choose_max"].flatMap({ Int($0) }),
                      high < low else { return nil }
                return "\(high) is less than choose_min \(low)"
            }]
        ),
        File(
            name: "units", table: "unit",
            columns: [
                Column("code", required: true, size: .code),
                Column("title", required: true),
                Column("credits", .integer, range: 1...Int.max),
                Column("scqf_level", .integer, range: scqfLevels),
            ] + provenance,
            key: ["code"],
            item: ItemMapping(kind: "unit", title: "title", body: [], keywords: [], framework: nil),
            compoundReferences: []
        ),
        File(
            name: "qualification_units", table: "qualification_unit",
            columns: [
                Column("qualification", required: true, references: .file("qualifications")),
                Column("unit", required: true, references: .file("units")),
                Column("group", sql: "grp", required: true, size: .code),
            ] + provenance,
            key: ["qualification", "unit"],
            item: nil,
            compoundReferences: [CompoundReference(columns: ["qualification", "group"], file: "qualification_groups")]
        ),
        File(
            name: "register_parts", table: "register_part",
            columns: [
                Column("id", required: true, size: .code),
                Column("service", .oneOf(["care-home-adults", "care-at-home", "housing-support", "day-care-children"]), required: true),
                Column("role", .oneOf(["support-worker", "practitioner", "supervisor", "manager"]), required: true),
                Column("name", required: true),
                Column("aliases", size: .prose),
                Column("description", size: .prose),
                Column("qualify_within_years", .integer, range: 1...Int.max),
            ] + provenance,
            key: ["id"],
            item: ItemMapping(kind: "register-part", title: "name", body: ["description"], keywords: [], framework: nil),
            compoundReferences: [],
            unique: [["service", "role"]]
        ),
        File(
            name: "register_rules", table: "register_rule",
            columns: [
                Column("part", required: true, references: .file("register_parts")),
                Column("requirement", .oneOf(["practice", "supervisory", "management"]), required: true),
                Column("option", .integer, required: true, range: 1...Int.max),
                Column("qualification", required: true, references: .file("qualifications")),
                Column("units_required", .integer, range: 1...Int.max),
                Column("note", size: .prose),
            ] + provenance,
            key: ["part", "requirement", "option", "qualification"],
            item: nil,
            compoundReferences: []
        ),
        File(
            name: "activities", table: "activity",
            columns: [
                Column("code", required: true, size: .code),
                Column("programme", .oneOf(["23-things-leadership", "23-things-elc"]), required: true, references: .file("frameworks")),
                Column("number", .integer, required: true, range: 1...23),
                Column("title", required: true),
                Column("badge"),
                Column("group_badge"),
                Column("min_words", .integer, range: 1...Int.max),
                Column("theme", size: .prose),
                Column("keywords", size: .prose),
            ] + provenance,
            key: ["code"],
            item: ItemMapping(kind: "activity", title: "title", body: ["theme", "badge"], keywords: ["keywords"], framework: "programme"),
            compoundReferences: [],
            unique: [["programme", "number"]]
        ),
        File(
            name: "thing_pages", table: "thing_page",
            columns: [
                Column("thing", required: true, references: .file("activities")),
                Column("page", .oneOf(["read", "partly-read", "not-read"]), required: true),
                Column("career_route", .oneOf(["yes", "no"]), required: true),
                Column("suggested_first", .integer, range: 1...22),
                Column("names", references: .anyItem, list: true),
                Column("badge_url", size: .prose),
                Column("note", size: .prose),
            ] + provenance,
            key: ["thing"],
            item: nil,
            compoundReferences: []
        ),
        File(
            name: "thing_steps", table: "thing_step",
            columns: [
                Column("thing", required: true, references: .file("activities")),
                Column("position", .integer, required: true, range: 1...Int.max),
                Column("text", required: true, size: .prose),
            ] + provenance,
            key: ["thing", "position"],
            item: nil,
            compoundReferences: []
        ),
        File(
            name: "thing_prompts", table: "thing_prompt",
            columns: [
                Column("thing", required: true, references: .file("activities")),
                Column("prompt", .oneOf(promptLetters), required: true),
                Column("text", required: true, size: .prose),
                Column("missing", required: true, size: .prose),
                Column("key_terms", required: true, size: .prose),
                Column("required_terms", size: .prose),
                Column("about", references: .anyItem, list: true),
            ] + provenance,
            key: ["thing", "prompt"],
            item: nil,
            compoundReferences: [],
            rules: ["key_terms", "required_terms"].map { column in
                RowRule(column: column) { row in
                    // A term of stop words or numbers alone ("when", "360") would never match.
                    guard let field = row[column],
                          let dead = field.split(separator: ";").map({ String($0).trimmed() })
                            .first(where: { !$0.isEmpty && TermAnalyzer.terms($0).isEmpty }) else { return nil }
                    return "\"\(dead)\" has no word a draft can be matched on (only stop words or numbers)"
                }
            }
        ),
        File(
            name: "links", table: "link",
            columns: [
                Column("from", sql: "from_code", required: true, references: .anyItem),
                Column("to", sql: "to_code", required: true, references: .anyItem),
                Column("kind", .oneOf(LinkKind.allCases.map(\.rawValue)), required: true),
                Column("strength", .real(0.01...1), required: true),
                Column("rationale", required: true, size: .prose),
                Column("document", required: true, references: .file("documents")),
                Column("source_url", required: true, size: .prose),
                Column("status", .oneOf(statuses), required: true),
                // Computed links are the importer's own; the file holds official and project ones.
                Column("origin", .oneOf(origins), required: true),
            ],
            key: ["from", "to", "kind"],
            item: nil,
            compoundReferences: [],
            rules: [RowRule(column: "to") { row in
                row["from"] != nil && row["from"] == row["to"] ? "a link from \"\(row["to"]!)\" to itself" : nil
            }]
        ),
        File(
            name: "vocabulary", table: "vocabulary",
            columns: [
                Column("term", required: true),
                Column("means", required: true),
                Column("kind", .oneOf(["synonym", "narrower", "related"]), required: true),
            ] + provenance,
            key: ["term", "means"],
            item: nil,
            compoundReferences: []
        ),
    ]

    static func file(named name: String) -> File? { files.first { $0.name == name } }
}
