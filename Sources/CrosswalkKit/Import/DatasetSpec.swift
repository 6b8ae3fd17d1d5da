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

    struct Column {
        let name: String
        let sqlName: String
        let type: ColumnType
        let required: Bool
        let references: Target?

        init(_ name: String, sql: String? = nil, _ type: ColumnType = .text, required: Bool = false,
             references: Target? = nil) {
            self.name = name
            self.sqlName = sql ?? name
            self.type = type
            self.required = required
            self.references = references
        }
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

    static let provenance: [Column] = [
        Column("source_url", required: true),
        Column("status", .oneOf(statuses), required: true),
        Column("origin", .oneOf(origins), required: true),
    ]

    /// In load order: every file comes after the files it refers to.
    static let files: [File] = [
        File(
            name: "frameworks", table: "framework",
            columns: [
                Column("id", required: true),
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
                Column("position", .integer, required: true),
                Column("name", required: true),
                Column("definition", required: true),
                Column("keywords"),
            ] + provenance,
            key: ["id"],
            item: ItemMapping(kind: "capability", title: "name", body: ["definition"], keywords: ["keywords"], framework: nil),
            compoundReferences: []
        ),
        File(
            name: "indicators", table: "indicator",
            columns: [
                Column("code", required: true),
                Column("capability", required: true, references: .file("capabilities")),
                Column("role", .oneOf(roles), required: true),
                Column("position", .integer, required: true),
                Column("text", required: true),
                Column("keywords"),
            ] + provenance,
            key: ["code"],
            item: ItemMapping(kind: "indicator", title: "text", body: [], keywords: ["keywords"], framework: nil),
            compoundReferences: []
        ),
        File(
            name: "standards", table: "standard",
            columns: [
                Column("code", required: true),
                Column("framework", required: true, references: .file("frameworks")),
                Column("kind", .oneOf(standardKinds), required: true),
                Column("group", sql: "grp"),
                Column("title", required: true),
                Column("overview"),
                Column("keywords"),
            ] + provenance,
            key: ["code"],
            item: ItemMapping(kind: "standard", title: "title", body: ["overview"], keywords: ["keywords"], framework: "framework"),
            compoundReferences: []
        ),
        File(
            name: "elements", table: "element",
            columns: [
                Column("code", required: true),
                Column("standard", required: true, references: .file("standards")),
                Column("kind", .oneOf(["pc-section", "knowledge", "element", "statement", "theme", "behaviour"]), required: true),
                Column("position", .integer, required: true),
                Column("text", required: true),
                Column("keywords"),
            ] + provenance,
            key: ["code"],
            item: ItemMapping(kind: "element", title: "text", body: [], keywords: ["keywords"], framework: nil),
            compoundReferences: []
        ),
        File(
            name: "qualifications", table: "qualification",
            columns: [
                Column("id", required: true),
                Column("name", required: true),
                Column("aliases"),
                Column("kind", .oneOf(["svq", "pda", "hnc", "hnd", "nc", "degree", "other"]), required: true),
                Column("awarding_body"),
                Column("award_code"),
                Column("scqf_level", .integer),
                Column("credits", .integer),
                Column("structure"),
                Column("overview"),
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
                Column("group", sql: "grp", required: true),
                Column("choose_min", .integer),
                Column("choose_max", .integer),
                Column("description"),
            ] + provenance,
            key: ["qualification", "group"],
            item: nil,
            compoundReferences: []
        ),
        File(
            name: "units", table: "unit",
            columns: [
                Column("code", required: true),
                Column("title", required: true),
                Column("credits", .integer),
                Column("scqf_level", .integer),
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
                Column("group", sql: "grp", required: true),
            ] + provenance,
            key: ["qualification", "unit"],
            item: nil,
            compoundReferences: [CompoundReference(columns: ["qualification", "group"], file: "qualification_groups")]
        ),
        File(
            name: "register_parts", table: "register_part",
            columns: [
                Column("id", required: true),
                Column("service", .oneOf(["care-home-adults", "care-at-home", "housing-support", "day-care-children"]), required: true),
                Column("role", .oneOf(["support-worker", "practitioner", "supervisor", "manager"]), required: true),
                Column("name", required: true),
                Column("description"),
                Column("qualify_within_years", .integer),
            ] + provenance,
            key: ["id"],
            item: ItemMapping(kind: "register-part", title: "name", body: ["description"], keywords: [], framework: nil),
            compoundReferences: []
        ),
        File(
            name: "register_rules", table: "register_rule",
            columns: [
                Column("part", required: true, references: .file("register_parts")),
                Column("requirement", .oneOf(["practice", "supervisory", "management"]), required: true),
                Column("option", .integer, required: true),
                Column("qualification", required: true, references: .file("qualifications")),
                Column("units_required", .integer),
                Column("note"),
            ] + provenance,
            key: ["part", "requirement", "option", "qualification"],
            item: nil,
            compoundReferences: []
        ),
        File(
            name: "activities", table: "activity",
            columns: [
                Column("code", required: true),
                Column("programme", .oneOf(["23-things-leadership", "23-things-elc"]), required: true, references: .file("frameworks")),
                Column("number", .integer, required: true),
                Column("title", required: true),
                Column("badge"),
                Column("group_badge"),
                Column("min_words", .integer),
                Column("theme"),
                Column("keywords"),
            ] + provenance,
            key: ["code"],
            item: ItemMapping(kind: "activity", title: "title", body: ["theme", "badge"], keywords: ["keywords"], framework: "programme"),
            compoundReferences: []
        ),
        File(
            name: "links", table: "link",
            columns: [
                Column("from", sql: "from_code", required: true, references: .anyItem),
                Column("to", sql: "to_code", required: true, references: .anyItem),
                Column("kind", .oneOf(LinkKind.allCases.map(\.rawValue)), required: true),
                Column("strength", .real(0.01...1), required: true),
                Column("rationale", required: true),
                Column("source_url", required: true),
                Column("status", .oneOf(statuses), required: true),
                // Computed links are the importer's own; the file holds official and project ones.
                Column("origin", .oneOf(origins), required: true),
            ],
            key: ["from", "to", "kind"],
            item: nil,
            compoundReferences: []
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
