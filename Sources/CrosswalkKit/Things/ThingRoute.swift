/// For a Thing about career development (Thing 23 of 23 Things ELC Leadership): the worker's
/// route, from `crosswalk plan` for their register part: what their learning counts towards
/// (the qualifications and units a draft names or fits, the standards it evidences) and the
/// next register requirement with the steps that meet it.
public struct ThingRoute: Sendable {
    /// Where the register part came from: `--role`, or the log's `part` setting.
    public let partSource: String?
    /// The plan for the part; nil when no part is known.
    public let plan: CareerPlan?
    /// Qualifications a draft names (id, name), in the order it names them.
    public let qualificationsNamed: [(id: String, name: String)]
    /// Units a draft could count towards, a named qualification's first.
    public let units: [MappingResult.UnitMatch]
    /// Standards a draft evidences.
    public let standards: [MappingResult.StandardMatch]

    public var part: RegisterPart? { plan?.part }

    /// The first requirement of the part not yet met, and the next steps that meet it.
    public var nextRequirement: RequirementStatus? { plan?.missing.first }

    public var nextSteps: [NextStep] {
        guard let plan else { return [] }
        guard let requirement = nextRequirement else { return Array(plan.next.prefix(3)) }
        let closing = plan.next.filter { $0.closes.contains { $0.requirement == requirement.requirement } }
        return Array((closing.isEmpty ? plan.next : closing).prefix(3))
    }

    /// `part` is a register part (id or words of its name) or nil; `have` the whole
    /// qualifications held; `mapping` the draft, when there is one.
    public static func make(planner: CareerPlanner, part: String?, partSource: String?, have: [String],
                            mapping: MappingResult?) throws -> ThingRoute {
        let plan = try part.map { try planner.plan(role: $0, have: have, limit: 10) }
        var named: [(id: String, name: String)] = []
        for mention in mapping?.mentions ?? [] where mention.kind == "qualification" && !named.contains(where: { $0.id == mention.code }) {
            let name = try planner.database.scalarText("SELECT name FROM qualification WHERE id = ?1", [.text(mention.code)])
            named.append((mention.code, name ?? mention.code))
        }
        return ThingRoute(partSource: plan == nil ? nil : partSource, plan: plan, qualificationsNamed: named,
                          units: Array((mapping?.units ?? []).prefix(5)), standards: Array((mapping?.standards ?? []).prefix(5)))
    }

    public var json: JSON {
        let requirement = nextRequirement
        return .object([
            ("part", part.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) } ?? .null),
            ("part_from", .optional(partSource)),
            ("requirements", .array((plan?.requirements ?? []).map { status in
                .object([("requirement", .string(status.requirement)), ("met", .bool(status.met)),
                         ("met_by", .array(status.metBy.map { .strings($0.entries.map(\.qualification)) }))])
            })),
            ("next_requirement", requirement.map { .string($0.requirement) } ?? .null),
            ("next_steps", .array(nextSteps.map { step in
                .object([("kind", .string(step.kind)), ("codes", .strings(step.codes)), ("title", .string(step.title)),
                         ("reason", .string(step.reason))])
            })),
            ("qualifications_named", .array(qualificationsNamed.map {
                .object([("id", .string($0.id)), ("name", .string($0.name))])
            })),
            ("units", .array(units.map { unit in
                .object([("code", .string(unit.code)), ("title", .string(unit.title)),
                         ("qualification", .string(unit.qualification)), ("named_in_text", .bool(unit.inNamedQualification)),
                         ("score", .score(unit.score))])
            })),
            ("standards", .array(standards.map { standard in
                .object([("framework", .string(standard.framework)), ("code", .string(standard.code)),
                         ("title", .string(standard.title)), ("score", .score(standard.score))])
            })),
        ])
    }
}
