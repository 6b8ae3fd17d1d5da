import SQLite

/// A part of the SSSC register: a role in a kind of service.
public struct RegisterPart: Sendable {
    public let id: String
    public let service: String
    public let role: String
    public let name: String
    public let description: String?
    public let qualifyWithinYears: Int?
    public let provenance: Provenance

    /// The capability indicator set the role is measured against. Support workers and
    /// practitioners are frontline workers; supervisors oversee staff and so, like managers,
    /// are measured against the manager indicators (the framework has no separate supervisor set).
    public var indicatorRole: Role {
        role == "support-worker" || role == "practitioner" ? .frontline : .manager
    }

    /// The 23 Things programme written for the part's sector.
    public var thingsProgramme: String {
        service == "day-care-children" ? "23-things-elc" : "23-things-leadership"
    }
}

/// One way of meeting a requirement: every entry must be held (the register rows sharing a
/// part, requirement and option number).
public struct RequirementOption: Sendable {
    public struct Entry: Sendable {
        public let qualification: String
        public let name: String
        /// The group award code, when known.
        public let awardCode: String?
        public let scqfLevel: Int?
        /// When set, this many units of the qualification meet the entry instead of the whole
        /// award. `--have` names whole qualifications, so such an entry is met only when the
        /// whole award is held; otherwise the option is shown as a partial route.
        public let unitsRequired: Int?
        public let held: Bool
        /// `current`, `legacy` or `stand-in` (any award meeting another body's rules); nil when
        /// the data does not say. Legacy awards and stand-ins count when held but are never
        /// suggested.
        public let availability: String?

        public var isSuggestible: Bool { availability != "legacy" && availability != "stand-in" }
        /// Named as a person knows it: name and group award code.
        public var displayName: String { Catalog.qualificationDisplayName(name: name, awardCode: awardCode) }
    }

    public let number: Int
    public let entries: [Entry]
    public let note: String?
    public let sourceURL: String
    /// `uncertain` when any of its rows is; `project` when any row was inferred by the project.
    public let status: String
    public let origin: String

    public var met: Bool { entries.allSatisfy(\.held) }
    public var stillNeeded: [Entry] { entries.filter { !$0.held } }
    public var isPartialRoute: Bool { entries.contains { $0.unitsRequired != nil } }
    /// Some, not all, of its qualifications are held: the route the worker is already on.
    public var isPartlyHeld: Bool { !met && entries.contains(where: \.held) }

    var json: JSON {
        .object([
            ("option", .int(number)),
            ("qualifications", .array(entries.map { entry in
                .object([("id", .string(entry.qualification)), ("name", .string(entry.name)),
                         ("display_name", .string(entry.displayName)),
                         ("scqf_level", .optional(entry.scqfLevel)), ("units_required", .optional(entry.unitsRequired)),
                         ("held", .bool(entry.held))])
            })),
            ("met", .bool(met)),
            ("status", .string(status)),
            ("origin", .string(origin)),
            ("note", .optional(note)),
            ("source_url", .string(sourceURL)),
        ])
    }
}

/// A requirement of the part (practice, supervisory or management qualification) and whether
/// the qualifications held meet it.
public struct RequirementStatus: Sendable {
    public let requirement: String
    /// The alternatives, in the data's order (the main award first).
    public let options: [RequirementOption]

    public var metBy: [RequirementOption] { options.filter(\.met) }
    public var met: Bool { !metBy.isEmpty }
}

/// What a capability's evidence rests on: a unit or award of a held qualification, or a
/// confirmed learning-log reference.
public struct EvidenceSource: Sendable {
    /// The unit code, qualification id or referenced code.
    public let code: String
    /// `unit`, `qualification` or `log`.
    public let kind: String
    /// The held qualification it comes through, or "learning log".
    public let through: String
    public let strength: Double
    public let origin: String
    public let status: String
    public let via: [String]
}

/// How far the target role's capability is already evidenced.
///
/// Each source evidences the capability with the strength of its link; sources combine as
/// `evidence = 1 − Π(1 − strength)`, so every further source closes part of what is left
/// and two sources that touch on a capability (0.3 each) give 0.51. A held qualification
/// counts through its mandatory units and its whole-award links only: which optional units
/// were taken is not known. `evidenced` from 0.6 (the strength of a link that clearly
/// supports the capability), `partly` from 0.3, else `gap`.
public struct CapabilityGap: Sendable {
    public struct Indicator: Sendable {
        public let code: String
        public let text: String
        /// Confirmed directly by a learning-log reference.
        public let evidenced: Bool
    }

    public static let evidencedFrom = 0.6
    public static let partlyFrom = 0.3
    /// A learning-log entry that evidences the capability (see `LogEvidence`) counts with its
    /// strongest reference: a reference to the capability or one of its indicators like a link
    /// that clearly supports it, a standard or Thing with the strength of its link (0.6 or more).
    public static let confirmedCapabilityStrength = LogEvidence.directReferenceStrength

    public let id: String
    public let name: String
    public let indicators: [Indicator]
    public let sources: [EvidenceSource]
    /// The learning-log entries that evidence it, with the references that do.
    public let logEntries: [LogEvidence.Entry]
    /// Held qualifications whose mandatory units are not all in the data: what they evidence
    /// may be more than shown (units not listed count as nothing).
    public let restsOnIncomplete: [String]

    public var evidence: Double { Self.combine(sources.map(\.strength)) }
    public var gap: Double { 1 - evidence }
    public var status: String {
        evidence >= Self.evidencedFrom - 1e-9 ? "evidenced" : evidence >= Self.partlyFrom - 1e-9 ? "partly" : "gap"
    }

    static func combine(_ strengths: [Double]) -> Double {
        1 - strengths.reduce(1) { $0 * (1 - min(1, max(0, $1))) }
    }
}

/// One ranked suggestion: a qualification (or units of one) that meets a missing requirement,
/// an optional unit, or a 23 Things activity.
public struct NextStep: Sendable {
    public struct Closure: Sendable {
        public let requirement: String
        public let option: Int
    }

    /// `qualification`, `units` (a partial route through units of a qualification), `unit`
    /// or `activity`.
    public let kind: String
    public let codes: [String]
    public let title: String
    public let reason: String
    /// Capability evidence it adds, weighted by the size of each gap.
    public let score: Double
    public let closes: [Closure]
    public let capabilities: [(id: String, strength: Double)]
}

/// A learning-log reference as the plan used it.
public struct ReferencedEvidence: Sendable {
    public let code: String
    /// The code it resolved to; nil when it matches nothing in the reference data.
    public let resolved: String?
    public let kind: String?
    public let capabilities: [(id: String, strength: Double)]
}

/// `crosswalk plan`: registration requirements, capability gaps and ranked next steps.
public struct CareerPlan: Sendable {
    public let part: RegisterPart
    public let held: [QualificationProfile]
    public let references: [ReferencedEvidence]
    public let requirements: [RequirementStatus]
    public let capabilities: [CapabilityGap]
    public let next: [NextStep]

    public var missing: [RequirementStatus] { requirements.filter { !$0.met } }

    /// The requirements a held qualification counts towards: an option names it, alone or
    /// together with others.
    public func countsTowards(_ qualification: String) -> [String] {
        requirements.filter { $0.options.contains { $0.entries.contains { $0.qualification == qualification } } }.map(\.requirement)
    }

    public var json: JSON {
        .object([
            ("role", .object([
                ("id", .string(part.id)), ("name", .string(part.name)), ("service", .string(part.service)),
                ("role", .string(part.role)), ("indicator_role", .string(part.indicatorRole.rawValue)),
                ("qualify_within_years", .optional(part.qualifyWithinYears)), ("description", .optional(part.description)),
                ("source_url", .string(part.provenance.sourceURL)), ("status", .string(part.provenance.status)),
                ("origin", .string(part.provenance.origin)),
            ])),
            ("held", .array(held.map { profile in
                .object([("id", .string(profile.id)), ("name", .string(profile.name)),
                         ("display_name", .string(profile.displayName)),
                         ("scqf_level", .optional(profile.scqfLevel)), ("counts_towards", .strings(countsTowards(profile.id)))]
                        + profile.completeness.json)
            })),
            ("log_references", .array(references.map { reference in
                .object([("code", .string(reference.code)), ("resolved", .optional(reference.resolved)),
                         ("kind", .optional(reference.kind)),
                         ("capabilities", .object(reference.capabilities.map { ($0.id, .score($0.strength)) }))])
            })),
            ("requirements", .array(requirements.map { requirement in
                .object([
                    ("requirement", .string(requirement.requirement)),
                    ("met", .bool(requirement.met)),
                    ("met_by", .array(requirement.metBy.map { option in
                        .object([("option", .int(option.number)), ("qualifications", .strings(option.entries.map(\.qualification))),
                                 ("status", .string(option.status)), ("origin", .string(option.origin)),
                                 ("note", .optional(option.note))])
                    })),
                    ("options", .array(requirement.options.map(\.json))),
                ])
            })),
            ("missing", .array(missing.map { requirement in
                .object([
                    ("requirement", .string(requirement.requirement)),
                    ("options", .array(requirement.options.map { option in
                        .object([
                            ("option", .int(option.number)),
                            ("still_needed", .array(option.stillNeeded.map { entry in
                                .object([("id", .string(entry.qualification)), ("name", .string(entry.name)),
                                         ("units_required", .optional(entry.unitsRequired))])
                            })),
                            ("held", .strings(option.entries.filter(\.held).map(\.qualification))),
                            ("partial_route", .bool(option.isPartialRoute)),
                            ("status", .string(option.status)), ("origin", .string(option.origin)),
                            ("note", .optional(option.note)),
                        ])
                    })),
                ])
            })),
            ("capabilities", .object(capabilities.map { capability in
                (capability.id, .object([
                    ("name", .string(capability.name)),
                    ("evidence", .score(capability.evidence)),
                    ("gap", .score(capability.gap)),
                    ("status", .string(capability.status)),
                    ("indicators", .array(capability.indicators.map { indicator in
                        .object([("code", .string(indicator.code)), ("text", .string(indicator.text)),
                                 ("evidenced", .bool(indicator.evidenced))])
                    })),
                    ("sources", .array(capability.sources.map { source in
                        .object([("code", .string(source.code)), ("kind", .string(source.kind)),
                                 ("through", .string(source.through)), ("strength", .score(source.strength)),
                                 ("origin", .string(source.origin)), ("status", .string(source.status)),
                                 ("via", .strings(source.via))])
                    })),
                    ("log_entries", .array(capability.logEntries.map(\.json))),
                    ("rests_on_incomplete", .strings(capability.restsOnIncomplete)),
                ]))
            })),
            ("next", .array(next.enumerated().map { index, step in
                .object([
                    ("rank", .int(index + 1)),
                    ("kind", .string(step.kind)),
                    ("code", .string(step.codes.joined(separator: " + "))),
                    ("codes", .strings(step.codes)),
                    ("title", .string(step.title)),
                    ("score", .score(step.score)),
                    ("reason", .string(step.reason)),
                    ("closes", .array(step.closes.map { .object([("requirement", .string($0.requirement)), ("option", .int($0.option))]) })),
                    ("capabilities", .object(step.capabilities.map { ($0.id, .score($0.strength)) })),
                ])
            })),
        ])
    }
}

/// Works out a career plan from the register rules, the qualifications' unit lists and the
/// capability links.
public struct CareerPlanner {
    public let database: Database
    let catalog: Catalog
    let coverage: QualificationCoverage

    /// Suggestions shown per missing requirement, so one requirement's long list of legacy
    /// awards does not crowd out the rest.
    static let routesPerRequirement = 3

    public init(database: Database) {
        self.database = database
        self.catalog = Catalog(database: database)
        self.coverage = QualificationCoverage(database: database)
    }

    /// The plan for the register part `role` (an id, or words of its name) for someone who
    /// holds `have` (ids, award codes or names of whole qualifications).
    ///
    /// `log` is the learning log's evidence (`LogEvidence`, the rule `log summary` and the
    /// exports use): each entry that evidences a capability counts once, with the strength of
    /// its strongest reference; indicators it references are marked evidenced; a Thing already
    /// in the log is not suggested again.
    public func plan(role: String, have: [String], log: LogEvidence? = nil, limit: Int = 10) throws -> CareerPlan {
        let part = try registerPart(try catalog.requireRegisterPart(role))
        var heldIDs: [String] = []
        for text in have {
            let id = try catalog.requireQualification(text)
            if !heldIDs.contains(id) { heldIDs.append(id) }
        }
        var profiles: [String: QualificationProfile] = [:]
        func profile(_ id: String) throws -> QualificationProfile {
            if let known = profiles[id] { return known }
            let made = try coverage.profile(of: id)
            profiles[id] = made
            return made
        }
        let held = try heldIDs.map(profile)
        let requirements = try self.requirements(of: part.id, held: Set(heldIDs))

        let references = try log.map(referencedEvidence) ?? []
        let logIndicators = Set(references.filter { $0.kind == "indicator" }.compactMap(\.resolved))
        var sources: [String: [EvidenceSource]] = [:]
        for qualification in held {
            for (capability, source) in Self.guaranteedSources(of: qualification) { sources[capability, default: []].append(source) }
        }
        let incomplete = held.filter { !$0.completeness.mandatoryComplete }.map(\.id)

        let indicators = try database.query(
            "SELECT code, capability, text FROM indicator WHERE role = ?1 ORDER BY position, code",
            [.text(part.indicatorRole.rawValue)]) { (code: $0.string(0), capability: $0.string(1), text: $0.string(2)) }
        let capabilities = try database.query("SELECT id, name FROM capability ORDER BY position") { ($0.string(0), $0.string(1)) }
            .map { id, name in
                let entries = log?.capability(id)?.entries ?? []
                let fromLog = entries.map { entry in
                    EvidenceSource(code: "entry \(entry.id)", kind: "log", through: "learning log", strength: entry.strength,
                                   origin: "log", status: "confirmed", via: entry.references.map(\.code))
                }
                let gap = CapabilityGap(
                    id: id, name: name,
                    indicators: indicators.filter { $0.capability == id }.map {
                        CapabilityGap.Indicator(code: $0.code, text: $0.text, evidenced: logIndicators.contains($0.code))
                    },
                    sources: Self.strongestPerCode(sources[id] ?? []) + fromLog,
                    logEntries: entries, restsOnIncomplete: [])
                return CapabilityGap(id: id, name: name, indicators: gap.indicators, sources: gap.sources, logEntries: entries,
                                     restsOnIncomplete: gap.status == "evidenced" ? [] : incomplete)
            }

        let next = try nextSteps(part: part, heldIDs: heldIDs, requirements: requirements, capabilities: capabilities,
                                 referenced: Set(log?.claimedCodes ?? []), profile: profile, limit: limit)
        return CareerPlan(part: part, held: held, references: references, requirements: requirements,
                          capabilities: capabilities, next: next)
    }

    /// Every code the log claims, with the capabilities it evidences by the `LogEvidence` rule.
    private func referencedEvidence(_ log: LogEvidence) throws -> [ReferencedEvidence] {
        let lookup = ReferenceLookup(database: database)
        return try log.claimedCodes.map { code in
            guard let kind = try database.scalarText("SELECT kind FROM item WHERE code = ?1", [.text(code)]) else {
                return ReferencedEvidence(code: code, resolved: nil, kind: nil, capabilities: [])
            }
            var strongest: [String: Double] = [:]
            for item in try lookup.capabilityEvidence(of: code) { strongest[item.capability] = max(strongest[item.capability] ?? 0, item.strength) }
            return ReferencedEvidence(code: code, resolved: code, kind: kind,
                                      capabilities: Capability.ids.compactMap { id in strongest[id].map { (id, $0) } })
        }
    }

    // MARK: Register rules

    func registerPart(_ id: String) throws -> RegisterPart {
        guard let part = try database.queryFirst("""
            SELECT id, service, role, name, description, qualify_within_years, source_url, status, origin
            FROM register_part WHERE id = ?1
            """, [.text(id)], { row in
                RegisterPart(id: row.string(0), service: row.string(1), role: row.string(2), name: row.string(3),
                             description: row.optionalString(4), qualifyWithinYears: row.optionalInt(5),
                             provenance: Provenance(sourceURL: row.string(6), status: row.string(7), origin: row.string(8)))
            }) else {
            throw CrosswalkError.failure("no register part with id \"\(id)\"")
        }
        return part
    }

    /// The part's requirements in the order practice, supervisory, management, each with its
    /// options evaluated against the qualifications held.
    func requirements(of part: String, held: Set<String>) throws -> [RequirementStatus] {
        let rows = try database.query("""
            SELECT r.requirement, r.option, r.qualification, q.name, q.scqf_level, r.units_required, r.note,
                   r.source_url, r.status, r.origin, q.availability, q.award_code
            FROM register_rule r JOIN qualification q ON q.id = r.qualification
            WHERE r.part = ?1
            ORDER BY CASE r.requirement WHEN 'practice' THEN 1 WHEN 'supervisory' THEN 2 ELSE 3 END, r.option, r.qualification
            """, [.text(part)]) { row in
            (requirement: row.string(0), option: row.int(1), note: row.optionalString(6), sourceURL: row.string(7),
             status: row.string(8), origin: row.string(9),
             entry: RequirementOption.Entry(qualification: row.string(2), name: row.string(3), awardCode: row.optionalString(11),
                                            scqfLevel: row.optionalInt(4),
                                            unitsRequired: row.optionalInt(5), held: held.contains(row.string(2)),
                                            availability: row.optionalString(10)))
        }
        var statuses: [RequirementStatus] = []
        for requirement in rows.map(\.requirement) where !statuses.contains(where: { $0.requirement == requirement }) {
            let mine = rows.filter { $0.requirement == requirement }
            var options: [RequirementOption] = []
            for number in mine.map(\.option) where !options.contains(where: { $0.number == number }) {
                let members = mine.filter { $0.option == number }
                options.append(RequirementOption(
                    number: number, entries: members.map(\.entry),
                    note: members.compactMap(\.note).first, sourceURL: members[0].sourceURL,
                    status: members.contains { $0.status == "uncertain" } ? "uncertain" : "confirmed",
                    origin: members.contains { $0.origin == "project" } ? "project" : "official"))
            }
            statuses.append(RequirementStatus(requirement: requirement, options: options))
        }
        return statuses
    }

    // MARK: Evidence

    /// What holding the whole qualification evidences for sure: its mandatory units and the
    /// links about the whole award.
    static func guaranteedSources(of profile: QualificationProfile) -> [(String, EvidenceSource)] {
        profile.capabilities.flatMap { capability in
            capability.supports.filter { $0.group == nil || $0.isMandatory }.map { support in
                (capability.id, EvidenceSource(
                    code: support.code, kind: support.group == nil ? "qualification" : "unit", through: profile.id,
                    strength: support.strength, origin: support.origin, status: support.status,
                    via: support.basis.map(\.standard)))
            }
        }
    }

    /// A unit shared by two held awards is one piece of evidence, not two.
    static func strongestPerCode(_ sources: [EvidenceSource]) -> [EvidenceSource] {
        var best: [String: EvidenceSource] = [:]
        for source in sources where (best[source.code]?.strength ?? -1) < source.strength { best[source.code] = source }
        return best.values.sorted { ($1.strength, $0.code) < ($0.strength, $1.code) }
    }

    // MARK: Next steps

    /// Qualifications still needed by one or more options, with every option they complete.
    private struct Route {
        var needed: [RequirementOption.Entry]
        var options: [(requirement: String, option: RequirementOption)]
        var gain: Double = 0
        var added: [(id: String, strength: Double)] = []

        var isPartial: Bool { needed.contains { $0.unitsRequired != nil } }
        var requirements: [String] {
            options.map(\.requirement).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        }
        var confirmed: Bool { options.contains { $0.option.status == "confirmed" } }
        var official: Bool { options.contains { $0.option.origin == "official" } }
        var partlyHeld: Bool { options.contains { $0.option.isPartlyHeld } }

        /// How far down the sensible order the route is: the rule's option number (option 1 is
        /// the benchmark award) plus the SCQF levels it asks for above the requirement's usual
        /// level, the level of option 1. An award of unknown level counts one level above.
        func distance(usualLevel: [String: Int]) -> Int {
            options.map { requirement, option in
                let usual = usualLevel[requirement]
                let effort = option.stillNeeded.map { entry in
                    guard let usual, let level = entry.scqfLevel else { return 1 }
                    return max(0, level - usual)
                }.reduce(0, +)
                return option.number + effort
            }.min() ?? 0
        }
    }

    private func nextSteps(part: RegisterPart, heldIDs: [String], requirements: [RequirementStatus],
                           capabilities: [CapabilityGap], referenced: Set<String>,
                           profile: (String) throws -> QualificationProfile, limit: Int) throws -> [NextStep] {
        // 1. Routes that close a missing requirement, merged when one award closes several.
        var routes: [String: Route] = [:]
        var usualLevel: [String: Int] = [:]
        for requirement in requirements where !requirement.met {
            usualLevel[requirement.requirement] = requirement.options.first?.entries.compactMap(\.scqfLevel).max()
            // Legacy awards and stand-ins for other regulators' qualifications are not advice.
            for option in requirement.options where option.stillNeeded.allSatisfy(\.isSuggestible) {
                let needed = option.stillNeeded
                let key = needed.map { "\($0.qualification)#\($0.unitsRequired ?? 0)" }.sorted().joined(separator: ",")
                routes[key, default: Route(needed: needed, options: [])].options.append((requirement.requirement, option))
            }
        }
        for (key, var route) in routes where !route.isPartial {
            var added: [String: [EvidenceSource]] = [:]
            for entry in route.needed {
                for (capability, source) in Self.guaranteedSources(of: try profile(entry.qualification)) {
                    added[capability, default: []].append(source)
                }
            }
            var contributions: [(id: String, strength: Double)] = []
            for capability in capabilities {
                let after = CapabilityGap.combine(Self.strongestPerCode(capability.sources + (added[capability.id] ?? [])).map(\.strength))
                if after - capability.evidence > 1e-9 { contributions.append((capability.id, after - capability.evidence)) }
            }
            route.gain = contributions.map(\.strength).reduce(0, +)
            route.added = contributions.sorted { $0.strength > $1.strength }
            routes[key] = route
        }
        // The route the worker is already on first, then the benchmark and the least extra effort;
        // capability gain only breaks ties, so a big award with much data never jumps the queue.
        let ranked = routes.values.sorted { a, b in
            func order(_ route: Route) -> [Double] {
                [route.partlyHeld ? 0 : 1, Double(route.distance(usualLevel: usualLevel)), -Double(route.requirements.count),
                 Double(route.needed.count), route.confirmed ? 0 : 1, route.official ? 0 : 1, -route.gain]
            }
            let (left, right) = (order(a), order(b))
            if left != right { return left.lexicographicallyPrecedes(right) }
            return a.needed.map(\.qualification).joined() < b.needed.map(\.qualification).joined()
        }
        var shown: [String: Int] = [:]
        var steps: [NextStep] = []
        for route in ranked where route.requirements.contains(where: { (shown[$0] ?? 0) < Self.routesPerRequirement }) {
            for requirement in route.requirements { shown[requirement, default: 0] += 1 }
            steps.append(step(for: route, part: part))
        }

        // 2. Optional units of held and suggested awards, and 23 Things, for the weakest capabilities.
        let open = capabilities.filter { $0.status != "evidenced" }
        let gaps = Dictionary(uniqueKeysWithValues: open.map { ($0.id, $0.gap) })
        let counted = Set(capabilities.flatMap { $0.sources.map(\.code) })
        var unitSteps: [String: (qualifications: [String], strengths: [(id: String, strength: Double, detail: String)])] = [:]
        let suggested = steps.filter { $0.kind == "qualification" }.flatMap(\.codes)
        for qualification in heldIDs + suggested.filter({ !heldIDs.contains($0) }) {
            let profile = try profile(qualification)
            for capability in profile.capabilities where gaps[capability.id] != nil {
                for support in capability.supports where support.group != nil && !support.isMandatory && !counted.contains(support.code)
                    && !referenced.contains(support.code) {
                    var entry = unitSteps[support.code] ?? ([], [])
                    if !entry.qualifications.contains(qualification) { entry.qualifications.append(qualification) }
                    if !entry.strengths.contains(where: { $0.id == capability.id }) {
                        entry.strengths.append((capability.id, support.strength, Self.linkDetail(support)))
                    }
                    unitSteps[support.code] = entry
                }
            }
        }
        var extras: [NextStep] = []
        let names = try catalog.qualificationDisplayNames()
        for (unit, entry) in unitSteps {
            let title = try database.scalarText("SELECT title FROM unit WHERE code = ?1", [.text(unit)]) ?? unit
            let whose = entry.qualifications.map { id in
                let name = names[id] ?? id
                return heldIDs.contains(id) ? "\(name), which you hold (if it was not one of your options)" : "\(name), suggested above"
            }
            extras.append(evidenceStep(kind: "unit", code: unit, title: title, strengths: entry.strengths, gaps: gaps, part: part,
                                       context: "optional unit of " + whose.joined(separator: " and of ")))
        }
        let activityLinks = try database.query("""
            SELECT a.code, a.title, l.to_code, l.strength, l.origin, l.status
            FROM activity a JOIN link l ON l.from_code = a.code AND l.kind = 'evidences'
            JOIN capability c ON c.id = l.to_code
            WHERE a.programme = ?1 ORDER BY a.number
            """, [.text(part.thingsProgramme)]) { row in
            (code: row.string(0), title: row.string(1), capability: row.string(2), strength: row.double(3),
             detail: "\(row.string(4)) link, \(row.string(5))")
        }
        let programme = try database.scalarText("SELECT name FROM framework WHERE id = ?1", [.text(part.thingsProgramme)])
            ?? part.thingsProgramme
        for code in activityLinks.map(\.code) where !referenced.contains(code) && !extras.contains(where: { $0.codes == [code] }) {
            let links = activityLinks.filter { $0.code == code && gaps[$0.capability] != nil }
            guard let first = links.first else { continue }
            extras.append(evidenceStep(kind: "activity", code: code, title: first.title,
                                       strengths: links.map { ($0.capability, $0.strength, $0.detail) }, gaps: gaps, part: part,
                                       context: programme))
        }
        extras.sort { a, b in
            if abs(a.score - b.score) > 1e-9 { return a.score > b.score }
            if a.kind != b.kind { return a.kind == "activity" }
            return a.codes.joined() < b.codes.joined()
        }
        return Array((steps + extras.filter { $0.score > 1e-9 }).prefix(max(0, limit)))
    }

    private func step(for route: Route, part: RegisterPart) -> NextStep {
        let title = route.needed.map { entry in
            entry.unitsRequired.map { "\($0) units of \(entry.displayName) (see note)" } ?? entry.displayName
        }.joined(separator: " + ")
        let closes = route.requirements.map { requirement in
            let numbers = route.options.filter { $0.requirement == requirement }.map { String($0.option.number) }
            return "the \(requirement) requirement (option\(numbers.count == 1 ? "" : "s") \(numbers.joined(separator: ", ")))"
        }
        var reason = "Meets " + closes.joined(separator: " and ") + " for \(part.id)"
        reason += route.confirmed ? "; rule confirmed" : "; rule uncertain"
        reason += route.official ? " (official)" : " (project)"
        if route.isPartial { reason += "; a partial route: only the units the rule names, not the whole award" }
        if !route.added.isEmpty {
            reason += "; adds evidence for " + route.added.prefix(3).map { "\($0.id) +\(TextFormat.decimal($0.strength, places: 2))" }.joined(separator: ", ")
        }
        // An option completed by something already held is the most specific advice, and a unit
        // route is only usable with its note (which units): say why it counts.
        if let (_, option) = route.options.first(where: { $0.option.isPartlyHeld }) {
            let held = option.entries.filter(\.held).map(\.displayName).joined(separator: ", ")
            reason += "; option \(option.number) together with \(held), which you hold"
            if let note = option.note { reason += ": " + note }
        } else if route.isPartial, let note = route.options.compactMap(\.option.note).first {
            reason += ": " + note
        }
        return NextStep(kind: route.isPartial ? "units" : "qualification", codes: route.needed.map(\.qualification), title: title,
                        reason: reason, score: route.gain,
                        closes: route.options.map { NextStep.Closure(requirement: $0.requirement, option: $0.option.number) },
                        capabilities: route.added)
    }

    private func evidenceStep(kind: String, code: String, title: String,
                              strengths: [(id: String, strength: Double, detail: String)],
                              gaps: [String: Double], part: RegisterPart, context: String) -> NextStep {
        let weighted = strengths.map { ($0, $0.strength * (gaps[$0.id] ?? 0)) }.sorted { $0.1 > $1.1 }
        let named = weighted.prefix(3).map { "\($0.0.id) (\(TextFormat.decimal($0.0.strength, places: 2)), \($0.0.detail))" }
        let reason = "Evidences " + named.joined(separator: ", ") + ", where the \(part.indicatorRole.rawValue) evidence is weakest; \(context)"
        return NextStep(kind: kind, codes: [code], title: title, reason: reason,
                        score: weighted.map(\.1).reduce(0, +), closes: [],
                        capabilities: weighted.map { ($0.0.id, $0.0.strength) })
    }

    static func linkDetail(_ support: CapabilityCoverage.Support) -> String {
        let via = support.basis.first.map { " via \($0.standard)" } ?? ""
        return "\(support.origin)\(via), \(support.status)"
    }

}
