/// Writers for the formats learning platforms import: Moodle's competency framework CSV, a
/// Mahara SmartEvidence matrix and Totara's competency HR-import CSV. Each takes frameworks as
/// `InteropFramework` trees; what each format can and cannot hold is said where it is written.
enum LMSText {
    /// `text` cut to at most `limit` characters at a word break, ending in "…" when cut.
    static func shortened(_ text: String, to limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { String($0).trimmed() }.joined(separator: " ")
        guard flat.count > limit else { return flat }
        var cut = String(flat.prefix(limit - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = String(cut[..<space])
        }
        while let last = cut.last, ",;:.-–".contains(last) || last == " " { cut.removeLast() }
        return cut + "…"
    }

    /// `text` with its line breaks kept, cut to at most `limit` characters ending in "…".
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)).trimmed() + "…"
    }

    /// A node's label where a platform shows one short line.
    static func label(_ node: InteropFramework.Node) -> String {
        switch node.kind {
        case .capability: node.title ?? node.text
        case .standard, .activity: node.code + " " + (node.title ?? node.text)
        case .indicator, .element: node.text
        }
    }

    /// The node's description in plain text: its statement, then its facts and provenance.
    static func description(_ node: InteropFramework.Node) -> String {
        var lines: [String] = []
        if node.text != node.title { lines.append(node.text) }
        if let title = node.title, node.text == title, case .standard = node.kind { lines.append(title) }
        for (key, value) in node.facts { lines.append("\(key): \(value)") }
        if !node.keywords.isEmpty { lines.append("Keywords: " + node.keywords.joined(separator: "; ")) }
        lines.append("Code: \(node.code). " + node.provenance.sourceSentence)
        return lines.joined(separator: "\n")
    }
}

// MARK: Moodle

/// Moodle's competency framework CSV (admin tool `tool_lpimportcsv`): 14 columns read by
/// position, one row for the framework and one per competency. Moodle builds the tree by
/// matching each row's parent ID number, and resolves cross-references only within the file,
/// so all the chosen frameworks go into one Moodle framework, each a top-level competency
/// when there are several: then a NOS can cross-reference the capability it evidences.
public enum MoodleExport {
    public static let headers = [
        "Parent ID number", "ID number", "Short name", "Description", "Description format", "Scale values",
        "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
        "Cross-referenced competency ID numbers", "Exported ID (optional)", "Is framework", "Taxonomy",
    ]

    /// Moodle's default competence scale has exactly these values, so the import reuses it.
    public static let scaleValues = "Not yet competent,Competent"
    /// Item 1 is the default, item 2 proficient; Moodle replaces the scale id on import.
    public static let scaleConfiguration = #"[{"scaleid":"0"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"scaledefault":0,"proficient":1}]"#
    /// Moodle's taxonomy terms, one of which names each level of the tree.
    public static let taxonomyTerms = [
        "behaviour", "competency", "concept", "domain", "indicator", "level", "outcome", "practice", "proficiency", "skill", "value",
    ]
    /// Moodle keeps ID numbers and short names to 100 characters.
    static let limit = 100
    /// FORMAT_PLAIN: Moodle shows the text as written, line breaks kept.
    static let plainFormat = "2"

    static func levels(for kind: String) -> [String] {
        switch kind {
        case "capability-framework": ["competency", "indicator"]
        case "nos-suite": ["competency", "outcome"]
        case "professional-standard": ["domain", "outcome"]
        case "quality-framework": ["indicator", "concept"]
        case "code-of-practice": ["value", "behaviour"]
        case "cpl-model": ["domain", "concept"]
        case "learning-framework": ["domain", "behaviour"]
        case "care-standards": ["outcome", "outcome"]
        case "learning-programme": ["practice", "practice"]
        default: ["competency", "competency"]
        }
    }

    public static func render(_ frameworks: [InteropFramework], version: String) throws -> String {
        let grouped = frameworks.count > 1
        let kinds = Set(frameworks.map(\.kind))
        let taxonomy = grouped ? ["domain"] + (kinds.count == 1 ? levels(for: kinds.first!) : ["competency", "outcome"])
            : levels(for: frameworks.first?.kind ?? "")
        let name = grouped ? "crosswalk: " + frameworks.map(\.name).joined(separator: "; ") : frameworks.first?.name ?? "crosswalk"
        let idNumber = "crosswalk-" + (grouped ? (frameworks.count <= 3 ? frameworks.map(\.id).joined(separator: "+") : "\(frameworks.count)-frameworks")
            : frameworks.first?.id ?? "") + "-" + version
        guard idNumber.count <= limit else { throw CrosswalkError.failure("the Moodle framework ID number \(idNumber) is longer than \(limit) characters") }
        var description = grouped
            ? ["Frameworks from crosswalk's reference data, one top-level competency each:"] + frameworks.map { "- \($0.name) (\($0.id))" }
            : [frameworks.first.map { "\($0.name) (\($0.id)), published by \($0.publisher)." } ?? ""]
        description.append("Data version \(version). Each competency's description gives its source and whether it is official or crosswalk's own wording.")

        var rows: [[String]] = [headers]
        rows.append(["", idNumber, LMSText.shortened(name, to: limit), description.joined(separator: "\n"), plainFormat,
                     scaleValues, scaleConfiguration, "", "", "", "", "", "1", taxonomy.joined(separator: ",")])
        let included = Set(frameworks.flatMap { $0.nodes.map(\.code) })
        for framework in frameworks {
            if grouped {
                rows.append(["", framework.id, LMSText.shortened(framework.name, to: limit),
                             "\(framework.name), published by \(framework.publisher).\n" + framework.provenance.sourceSentence,
                             plainFormat, "", "", "", "0", "null", "", "", "", ""])
            }
            var related: [String: [String]] = [:]
            for link in framework.links where included.contains(link.from) && included.contains(link.to) {
                related[link.from, default: []].append(link.to)
            }
            for node in framework.nodes {
                guard node.code.count <= limit else {
                    throw CrosswalkError.failure("code \(node.code) is longer than Moodle's \(limit)-character ID numbers")
                }
                let parent = node.parent ?? (grouped ? framework.id : "")
                let crossReferences = (related[node.code] ?? []).map { $0.replacingOccurrences(of: ",", with: "%2C") }
                rows.append([parent, node.code, LMSText.shortened(LMSText.label(node), to: limit), LMSText.description(node),
                             plainFormat, "", "", "", "0", "null", crossReferences.joined(separator: ","), "", "", ""])
            }
        }
        return rows.map(CSV.line).joined(separator: "\n") + "\n"
    }
}

// MARK: Mahara

/// A Mahara SmartEvidence framework (`.matrix`, JSON): one framework per file, its top-level
/// items as standards and the items under them as standard elements, in order.
public enum MaharaExport {
    /// Mahara keeps short names to 100 characters and names to 255.
    static let shortLimit = 100
    static let nameLimit = 255

    public static let evidenceStatuses: [(String, String)] = [
        ("begun", "Ready for assessment"), ("incomplete", "Does not meet the standard yet"),
        ("partialcomplete", "Partly meets the standard"), ("completed", "Meets the standard"),
    ]

    public static func render(_ framework: InteropFramework, selfAssess: Bool) -> String {
        var standards: [JSON] = []
        var elements: [JSON] = []
        for (standardIndex, top) in framework.children(of: nil).enumerated() {
            let standardID = standardIndex + 1
            standards.append(.object([
                ("shortname", .string(LMSText.shortened(top.kind == .capability ? top.title ?? top.code : top.code, to: shortLimit))),
                ("name", .string(LMSText.shortened(top.title ?? top.text, to: nameLimit))),
                ("description", .string(html(LMSText.description(top)))),
                ("standardid", .int(standardID)),
            ]))
            for (elementIndex, child) in framework.children(of: top.code).enumerated() {
                elements.append(.object([
                    ("shortname", .string(LMSText.shortened(child.code, to: shortLimit))),
                    ("name", .string(LMSText.shortened(child.text, to: nameLimit))),
                    ("description", .string(html(LMSText.description(child)))),
                    ("standardid", .int(standardID)),
                    ("elementid", .string("\(standardID).\(elementIndex + 1)")),
                ]))
            }
        }
        let description = [
            "\(framework.name), published by \(framework.publisher)." + (framework.edition.map { " Edition: \($0)." } ?? ""),
            framework.provenance.sourceSentence + " "
                + "Exported by crosswalk; each standard and element says whether its wording is official or crosswalk's own.",
        ]
        let document = JSON.object([("framework", .object([
            ("institution", .string("all")),
            ("name", .string(LMSText.shortened(framework.name, to: nameLimit))),
            ("description", .string(description.map(html).joined())),
            ("selfassess", .bool(selfAssess)),
            ("evidencestatuses", .array(evidenceStatuses.map { .object([($0.0, .string($0.1))]) })),
            ("standards", .array(standards)),
            ("standardelements", .array(elements)),
        ]))])
        return document.serialized() + "\n"
    }

    /// Plain text as HTML paragraphs, one per line.
    static func html(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { "<p>" + escape(String($0)) + "</p>" }.joined()
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

// MARK: Totara

/// Totara's competency HR-import CSV: one row per competency, parents before children, each
/// naming its framework by ID number. Totara imports into frameworks that already exist, so
/// the file says which framework ID numbers to create first.
public enum TotaraExport {
    public static let headers = [
        "idnumber", "timemodified", "frameworkidnumber", "shortname", "fullname", "parentidnumber", "description", "deleted",
    ]
    static let idLimit = 100
    static let nameLimit = 1000
    static let descriptionLimit = 1000

    public static func render(_ frameworks: [InteropFramework]) throws -> String {
        var rows = [headers]
        for framework in frameworks {
            guard framework.id.count <= idLimit else {
                throw CrosswalkError.failure("framework id \(framework.id) is longer than Totara's \(idLimit)-character ID numbers")
            }
            for node in framework.nodes {
                guard node.code.count <= idLimit else {
                    throw CrosswalkError.failure("code \(node.code) is longer than Totara's \(idLimit)-character ID numbers")
                }
                // timemodified 0: Totara updates the competency on every import.
                rows.append([node.code, "0", framework.id, node.code, LMSText.shortened(LMSText.label(node), to: nameLimit),
                             node.parent ?? "", LMSText.cut(LMSText.description(node), to: descriptionLimit), "0"])
            }
        }
        return rows.map(CSV.line).joined(separator: "\n") + "\n"
    }
}
