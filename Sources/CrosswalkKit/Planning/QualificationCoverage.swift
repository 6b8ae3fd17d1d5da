import SQLite

/// How strongly a qualification develops one leadership capability, and through what.
///
/// Coverage is the strength-weighted share of the units a candidate takes: every mandatory
/// unit, plus from each optional group as many units as the group asks for, picked from the
/// listed units in this capability's favour. A unit counts with the strength of its
/// `evidences` link to the capability (1 = mainly about it, 0.6 = clearly supports, 0.3 =
/// touches on it; computed links inherit it from the NOS the unit is built on), so
///
///     coverage = (Σ mandatory strengths + Σ best optional strengths) / units taken
///     core     = (Σ mandatory strengths) / units taken
///
/// `core` is what every candidate develops whatever options they choose; `coverage` is the
/// most the award can develop. Units the sources did not list count as 0, so partly known
/// awards read low rather than high. Evidence for the whole award (a link from the
/// qualification itself, e.g. through the Standard for Childhood Practice it is built on)
/// reaches every candidate: both figures are at least its strength.
public struct CapabilityCoverage: Sendable {
    /// A standard the unit (or award) is built on that evidences the capability.
    public struct Basis: Sendable, Equatable {
        public let standard: String
        public let strength: Double
        public let origin: String
        public let status: String
    }

    /// One unit, or the award itself, evidencing the capability.
    public struct Support: Sendable {
        /// A unit code, or the qualification id for evidence about the whole award.
        public let code: String
        /// The unit's group (`mandatory`, `optional`, `A`...); nil for the whole award.
        public let group: String?
        public let strength: Double
        public let origin: String
        public let status: String
        public let basis: [Basis]

        public var isMandatory: Bool { group == "mandatory" }
    }

    public let id: String
    public let name: String
    public let core: Double
    public let coverage: Double
    public let supports: [Support]

    public var units: Int { supports.filter { $0.group != nil }.count }
    public var mandatoryUnits: Int { supports.filter(\.isMandatory).count }
    public var optionalUnits: Int { supports.filter { $0.group != nil && !$0.isMandatory }.count }
    /// Distinct standards behind the supporting links.
    public var standards: [String] { Array(Set(supports.flatMap { $0.basis.map(\.standard) })).sorted() }

    /// How many supporting links have each origin, in a fixed order.
    public var origins: [(String, Int)] {
        [Origin.official, .project, .computed].map { origin in (origin.rawValue, supports.filter { $0.origin == origin.rawValue }.count) }
    }

    public var statuses: [(String, Int)] {
        [Status.confirmed, .uncertain].map { status in (status.rawValue, supports.filter { $0.status == status.rawValue }.count) }
    }

    var json: JSON {
        .object([
            ("name", .string(name)),
            ("core", .score(core)),
            ("coverage", .score(coverage)),
            ("units", .int(units)),
            ("mandatory_units", .int(mandatoryUnits)),
            ("optional_units", .int(optionalUnits)),
            ("standards", .strings(standards)),
            ("origins", .object(origins.map { ($0.0, .int($0.1)) })),
            ("statuses", .object(statuses.map { ($0.0, .int($0.1)) })),
            ("support", .array(supports.map { support in
                .object([
                    ("code", .string(support.code)),
                    ("group", .optional(support.group)),
                    ("strength", .score(support.strength)),
                    ("origin", .string(support.origin)),
                    ("status", .string(support.status)),
                    ("via", .array(support.basis.map { basis in
                        .object([("standard", .string(basis.standard)), ("strength", .score(basis.strength)),
                                 ("origin", .string(basis.origin)), ("status", .string(basis.status))])
                    })),
                ])
            })),
        ])
    }
}

/// How much of a qualification's unit list the data holds: the units listed that count
/// towards those a candidate takes, against how many a candidate takes in all (where every
/// group says how many), and whether every unit a candidate could take is listed.
public struct UnitCompleteness: Sendable, Equatable {
    /// One group as the data records it.
    public struct Group: Sendable, Equatable {
        public let name: String
        public let chooseMin: Int?
        public let chooseMax: Int?
        /// How many units the group has in all, when the public record says.
        public let unitsTotal: Int?
        public let listed: Int

        public var isMandatory: Bool { name == "mandatory" }
        /// Units a candidate takes from the group; nil when not known.
        public var taken: Int? { isMandatory ? chooseMin ?? unitsTotal : chooseMin ?? chooseMax }
        /// How many units the group has in all: for a mandatory group, the units every candidate takes.
        public var total: Int? { unitsTotal ?? (isMandatory ? chooseMin : nil) }
        /// Every unit of the group is listed.
        public var complete: Bool { total.map { listed >= $0 } ?? false }
    }

    public let groups: [Group]

    public init(groups: [Group]) {
        self.groups = groups
    }

    /// Reads the groups and how many units each lists.
    public init(qualification id: String, database: Database) throws {
        groups = try database.query("""
            SELECT g.grp, g.choose_min, g.choose_max, g.units_total,
                   (SELECT count(*) FROM qualification_unit qu WHERE qu.qualification = g.qualification AND qu.grp = g.grp)
            FROM qualification_group g WHERE g.qualification = ?1 ORDER BY g.grp <> 'mandatory', g.grp
            """, [.text(id)]) { row in
            Group(name: row.string(0), chooseMin: row.optionalInt(1), chooseMax: row.optionalInt(2),
                  unitsTotal: row.optionalInt(3), listed: row.int(4))
        }
    }

    /// Units a candidate takes in all (mandatory and optional); nil when any group does not say.
    public var total: Int? {
        guard !groups.isEmpty else { return nil }
        var sum = 0
        for group in groups {
            guard let taken = group.taken else { return nil }
            sum += taken
        }
        return sum
    }

    /// Listed units that count towards those a candidate takes (a group listing more than it
    /// asks for counts what it asks for).
    public var known: Int { groups.map { group in min(group.listed, group.taken ?? group.listed) }.reduce(0, +) }
    public var listed: Int { groups.map(\.listed).reduce(0, +) }
    /// Every unit a candidate could take is in the data.
    public var complete: Bool { total != nil && groups.allSatisfy(\.complete) }
    /// Every mandatory unit is listed, so what every candidate develops is known in full.
    public var mandatoryComplete: Bool { !groups.isEmpty && groups.filter(\.isMandatory).allSatisfy(\.complete) }
    /// Groups whose unit list is not complete.
    public var incompleteGroups: [String] { groups.filter { !$0.complete }.map(\.name) }

    /// "2 of 8 (the unit list is incomplete)", "5 of 5 (complete)", "11 listed; how many a
    /// candidate takes is not known", "none: the unit list is not in the data".
    public var summary: String {
        if groups.isEmpty || listed == 0 && total == nil { return "none: the unit list of this award is not in the data" }
        guard let total else {
            return "\(listed) listed; how many units a candidate takes is not known, so the list may be incomplete"
        }
        if complete { return "\(known) of \(total) (the unit list is complete)" }
        let missing = incompleteGroups.map { $0 == "mandatory" ? "mandatory units" : $0 == "optional" ? "optional list" : "group \($0) list" }
        return "\(known) of \(total) a candidate takes; incomplete in the public record read: "
            + missing.joined(separator: ", ")
    }

    var json: [(String, JSON)] {
        [("units_known", .int(known)), ("units_total", .optional(total)), ("complete", .bool(complete))]
    }
}

/// Everything `crosswalk qualification` shows about one qualification.
public struct QualificationProfile: Sendable {
    public struct Unit: Sendable {
        public let code: String
        public let title: String
        public let credits: Int?
        /// The NOS (or other standards) the unit is built on.
        public let nos: [String]
        /// Provenance of the unit's place in this qualification.
        public let provenance: Provenance
    }

    public struct Group: Sendable {
        public let name: String
        public let chooseMin: Int?
        public let chooseMax: Int?
        public let description: String?
        /// How many units the group has in all, when the public record says.
        public let unitsTotal: Int?
        public let units: [Unit]

        public var isMandatory: Bool { name == "mandatory" }

        /// Units a candidate takes from the group. Where the data does not say how many to
        /// choose, every listed unit is counted.
        public var unitsTaken: Int {
            isMandatory ? max(chooseMin ?? 0, units.count) : chooseMin ?? chooseMax ?? units.count
        }
    }

    /// A register rule that names this qualification.
    public struct RegistrationUse: Sendable {
        public let part: String
        public let partName: String
        public let requirement: String
        public let option: Int
        public let unitsRequired: Int?
        /// Other qualifications the same option also needs.
        public let together: [String]
        /// The same, named as a person knows them.
        public let togetherNames: [String]
        /// The rule's note: conditions, and which units a unit route needs.
        public let note: String?
    }

    public let id: String
    public let name: String
    public let aliases: [String]
    public let kind: String
    public let awardingBody: String?
    public let awardCode: String?
    public let scqfLevel: Int?
    public let credits: Int?
    public let structure: String?
    public let overview: String?
    public let provenance: Provenance
    public let groups: [Group]
    /// One entry per capability, in the framework's order.
    public let capabilities: [CapabilityCoverage]
    public let registration: [RegistrationUse]
    /// How much of the unit list the data holds.
    public let completeness: UnitCompleteness

    public var unitsTaken: Int { groups.map(\.unitsTaken).reduce(0, +) }
    /// The award named as a person knows it: name and group award code.
    public var displayName: String { Catalog.qualificationDisplayName(name: name, awardCode: awardCode) }
    /// Coverage from an incomplete unit list is a lower bound: units not listed count as 0.
    public var coverageIsLowerBound: Bool { !completeness.complete }
    /// Core coverage is a lower bound when the mandatory units are not all listed.
    public var coreIsLowerBound: Bool { !completeness.mandatoryComplete }
    public var mandatoryUnits: [Unit] { groups.filter(\.isMandatory).flatMap(\.units) }

    public func capability(_ id: String) -> CapabilityCoverage? { capabilities.first { $0.id == id } }

    /// The `;`-separated alias list of qualifications.csv, trimmed, without empty entries.
    static func aliases(in list: String) -> [String] {
        list.split(separator: ";").map { String($0).trimmed() }.filter { !$0.isEmpty }
    }

    public var json: JSON {
        .object([
            ("id", .string(id)),
            ("name", .string(name)),
            ("display_name", .string(displayName)),
            ("aliases", .strings(aliases)),
            ("kind", .string(kind)),
            ("awarding_body", .optional(awardingBody)),
            ("award_code", .optional(awardCode)),
            ("scqf_level", .optional(scqfLevel)),
            ("credits", .optional(credits)),
            ("structure", .optional(structure)),
            ("overview", .optional(overview)),
            ("source_url", .string(provenance.sourceURL)),
            ("status", .string(provenance.status)),
            ("origin", .string(provenance.origin)),
            ("units_taken", .int(unitsTaken)),
        ] + completeness.json + [
            ("coverage_is_lower_bound", .bool(coverageIsLowerBound)),
            ("core_is_lower_bound", .bool(coreIsLowerBound)),
            ("groups", .array(groups.map { group in
                .object([
                    ("group", .string(group.name)),
                    ("choose_min", .optional(group.chooseMin)),
                    ("choose_max", .optional(group.chooseMax)),
                    ("units_taken", .int(group.unitsTaken)),
                    ("units_total", .optional(group.unitsTotal)),
                    ("description", .optional(group.description)),
                    ("units", .array(group.units.map { unit in
                        .object([
                            ("code", .string(unit.code)), ("title", .string(unit.title)), ("credits", .optional(unit.credits)),
                            ("nos", .strings(unit.nos)), ("status", .string(unit.provenance.status)),
                            ("origin", .string(unit.provenance.origin)),
                        ])
                    })),
                ])
            })),
            ("capabilities", .object(capabilities.map { ($0.id, $0.json) })),
            ("registration", .array(registration.map { use in
                .object([
                    ("part", .string(use.part)), ("part_name", .string(use.partName)),
                    ("requirement", .string(use.requirement)), ("option", .int(use.option)),
                    ("units_required", .optional(use.unitsRequired)), ("with", .strings(use.together)),
                    ("note", .optional(use.note)),
                ])
            })),
        ])
    }

    /// `crosswalk compare --json`: two qualifications' coverage, capability by capability.
    public static func comparisonJSON(_ first: QualificationProfile, _ second: QualificationProfile) -> JSON {
        .object([
            ("qualifications", .array([first, second].map { profile in
                .object([("id", .string(profile.id)), ("name", .string(profile.name)),
                         ("display_name", .string(profile.displayName)),
                         ("award_code", .optional(profile.awardCode)), ("scqf_level", .optional(profile.scqfLevel)),
                         ("units_taken", .int(profile.unitsTaken))] + profile.completeness.json
                        + [("coverage_is_lower_bound", .bool(profile.coverageIsLowerBound))])
            })),
            ("capabilities", .object(first.capabilities.map { capability in
                let other = second.capability(capability.id)
                func entry(_ profile: QualificationProfile, _ coverage: CapabilityCoverage?) -> (String, JSON) {
                    (profile.id, .object([
                        ("core", .score(coverage?.core ?? 0)), ("coverage", .score(coverage?.coverage ?? 0)),
                        ("units", .int(coverage?.units ?? 0)), ("standards", .strings(coverage?.standards ?? [])),
                    ]))
                }
                return (capability.id, .object([
                    ("name", .string(capability.name)),
                    ("coverage", .object([entry(first, capability), entry(second, other)])),
                    ("difference", .score((other?.coverage ?? 0) - capability.coverage)),
                ]))
            })),
        ])
    }
}

/// Builds qualification profiles from the reference database.
public struct QualificationCoverage {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The profile of the qualification with this exact id.
    public func profile(of id: String) throws -> QualificationProfile {
        let key: [SQLValue] = [.text(id)]
        guard let facts = try database.queryFirst("""
            SELECT name, coalesce(aliases, ''), kind, awarding_body, award_code, scqf_level, credits, structure, overview,
                   source_url, status, origin, document
            FROM qualification WHERE id = ?1
            """, key, { row in
                (name: row.string(0),
                 aliases: QualificationProfile.aliases(in: row.string(1)),
                 kind: row.string(2), awardingBody: row.optionalString(3), awardCode: row.optionalString(4),
                 scqfLevel: row.optionalInt(5), credits: row.optionalInt(6), structure: row.optionalString(7),
                 overview: row.optionalString(8),
                 provenance: Provenance(sourceURL: row.string(9), status: row.string(10), origin: row.string(11),
                                        document: try? Catalog(database: database).document(row.string(12))))
            }) else {
            throw CrosswalkError.failure("no qualification with id \"\(id)\"")
        }

        let builtOn = try database.query("""
            SELECT b.from_code, b.to_code FROM link b
            WHERE b.kind = 'built-on' AND b.from_code IN (SELECT unit FROM qualification_unit WHERE qualification = ?1)
            ORDER BY b.to_code
            """, key) { ($0.string(0), $0.string(1)) }
        let unitRows = try database.query("""
            SELECT qu.grp, u.code, u.title, u.credits, qu.source_url, qu.status, qu.origin
            FROM qualification_unit qu JOIN unit u ON u.code = qu.unit
            WHERE qu.qualification = ?1 ORDER BY u.code
            """, key) { row in
            (group: row.string(0),
             unit: QualificationProfile.Unit(
                code: row.string(1), title: row.string(2), credits: row.optionalInt(3),
                nos: builtOn.filter { $0.0 == row.string(1) }.map(\.1),
                provenance: Provenance(sourceURL: row.string(4), status: row.string(5), origin: row.string(6))))
        }
        let groups = try database.query("""
            SELECT grp, choose_min, choose_max, description, units_total FROM qualification_group WHERE qualification = ?1
            ORDER BY grp <> 'mandatory', grp
            """, key) { row in
            QualificationProfile.Group(name: row.string(0), chooseMin: row.optionalInt(1), chooseMax: row.optionalInt(2),
                                       description: row.optionalString(3), unitsTotal: row.optionalInt(4),
                                       units: unitRows.filter { $0.group == row.string(0) }.map(\.unit))
        }

        return QualificationProfile(
            id: id, name: facts.name, aliases: facts.aliases, kind: facts.kind, awardingBody: facts.awardingBody,
            awardCode: facts.awardCode, scqfLevel: facts.scqfLevel, credits: facts.credits, structure: facts.structure,
            overview: facts.overview, provenance: facts.provenance, groups: groups,
            capabilities: try capabilities(of: id, groups: groups),
            registration: try registration(of: id),
            completeness: UnitCompleteness(groups: groups.map { group in
                UnitCompleteness.Group(name: group.name, chooseMin: group.chooseMin, chooseMax: group.chooseMax,
                                       unitsTotal: group.unitsTotal, listed: group.units.count)
            }))
    }

    private func capabilities(of id: String, groups: [QualificationProfile.Group]) throws -> [CapabilityCoverage] {
        let key: [SQLValue] = [.text(id)]
        let members = "(l.from_code = ?1 OR l.from_code IN (SELECT unit FROM qualification_unit WHERE qualification = ?1))"
        // A unit's evidence is only as certain as the link and the unit's place in this award.
        let evidence = try database.query("""
            SELECT l.from_code, l.to_code, l.strength, l.origin,
                   CASE WHEN l.status = 'uncertain' OR EXISTS (SELECT 1 FROM qualification_unit qu
                        WHERE qu.qualification = ?1 AND qu.unit = l.from_code AND qu.status = 'uncertain')
                        THEN 'uncertain' ELSE 'confirmed' END
            FROM link l JOIN capability c ON c.id = l.to_code
            WHERE l.kind = 'evidences' AND \(members)
            """, key) { (from: $0.string(0), capability: $0.string(1), strength: $0.double(2), origin: $0.string(3), status: $0.string(4)) }
        let bases = try database.query("""
            SELECT l.from_code, e.to_code, l.to_code, e.strength, e.origin,
                   CASE WHEN l.status = 'uncertain' OR e.status = 'uncertain' OR EXISTS (SELECT 1 FROM qualification_unit qu
                        WHERE qu.qualification = ?1 AND qu.unit = l.from_code AND qu.status = 'uncertain')
                        THEN 'uncertain' ELSE 'confirmed' END
            FROM link l
            JOIN link e ON e.from_code = l.to_code AND e.kind = 'evidences'
            JOIN capability c ON c.id = e.to_code
            WHERE l.kind = 'built-on' AND \(members)
            ORDER BY e.strength DESC, l.to_code
            """, key) { row in
            (from: row.string(0), capability: row.string(1),
             basis: CapabilityCoverage.Basis(standard: row.string(2), strength: row.double(3), origin: row.string(4), status: row.string(5)))
        }
        let groupOfUnit = Dictionary(uniqueKeysWithValues: groups.flatMap { group in group.units.map { ($0.code, group.name) } })
        let taken = Double(groups.map(\.unitsTaken).reduce(0, +))

        return try database.query("SELECT id, name FROM capability ORDER BY position") { ($0.string(0), $0.string(1)) }
            .map { capabilityID, name in
                let supports = evidence.filter { $0.capability == capabilityID }.map { link in
                    CapabilityCoverage.Support(
                        code: link.from, group: link.from == id ? nil : groupOfUnit[link.from], strength: link.strength,
                        origin: link.origin, status: link.status,
                        basis: bases.filter { $0.from == link.from && $0.capability == capabilityID }.map(\.basis))
                }.sorted { ($0.group == nil ? 0 : $0.isMandatory ? 1 : 2, -$0.strength, $0.code)
                         < ($1.group == nil ? 0 : $1.isMandatory ? 1 : 2, -$1.strength, $1.code) }

                func strength(_ unit: String) -> Double { supports.first { $0.code == unit }?.strength ?? 0 }
                var mandatory = 0.0
                var best = 0.0
                for group in groups {
                    let strengths = group.units.map { strength($0.code) }.sorted(by: >)
                    if group.isMandatory {
                        mandatory += strengths.reduce(0, +)
                    } else {
                        best += strengths.prefix(group.unitsTaken).reduce(0, +)
                    }
                }
                let award = supports.filter { $0.group == nil }.map(\.strength).max() ?? 0
                let core = taken > 0 ? mandatory / taken : 0
                let coverage = taken > 0 ? (mandatory + best) / taken : 0
                return CapabilityCoverage(id: capabilityID, name: name, core: max(core, award),
                                          coverage: max(coverage, award), supports: supports)
            }
    }

    private func registration(of id: String) throws -> [QualificationProfile.RegistrationUse] {
        let names = try Catalog(database: database).qualificationDisplayNames()
        return try database.query("""
            SELECT r.part, p.name, r.requirement, r.option, r.units_required,
                   (SELECT group_concat(o.qualification, ' ') FROM register_rule o
                    WHERE o.part = r.part AND o.requirement = r.requirement AND o.option = r.option
                      AND o.qualification <> r.qualification),
                   r.note
            FROM register_rule r JOIN register_part p ON p.id = r.part
            WHERE r.qualification = ?1
            ORDER BY p.service = 'day-care-children', p.service,
                     CASE p.role WHEN 'support-worker' THEN 1 WHEN 'practitioner' THEN 2 WHEN 'supervisor' THEN 3 ELSE 4 END,
                     r.requirement <> 'practice', r.requirement, r.option
            """, [.text(id)]) { row in
            QualificationProfile.RegistrationUse(
                part: row.string(0), partName: row.string(1), requirement: row.string(2), option: row.int(3),
                unitsRequired: row.optionalInt(4),
                together: row.string(5).split(separator: " ").map(String.init).sorted(),
                togetherNames: row.string(5).split(separator: " ").map(String.init).sorted().map { names[$0] ?? $0 },
                note: row.optionalString(6))
        }
    }
}
