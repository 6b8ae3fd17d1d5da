import CrosswalkKit
import Foundation

/// `crosswalk thing N`: a 23 Things activity card, and the readiness check of a draft
/// reflection (`--check FILE`, or `log show ID --check`).
enum ThingCommands {
    static let command = Command(
        name: "thing",
        summary: "Show a 23 Things activity card, or check a draft reflection for it",
        usage: ["thing N [--check FILE|-] [--role ROLE] [--have QUAL]... [--json]"],
        discussion: """
            N is a Thing: a number (in the programme set by `crosswalk log config
            programme`, default 23 Things Leadership), "Thing 21", or a code such as
            23L-21 or 23ELC-23. The card gives its badge and what it counts towards, the
            Things to do first, its steps, the prompts its reflection must answer, the
            minimum words, the capabilities it evidences, the quality indicators and
            standards it names, and its source. A Thing whose page is not in the record
            says so and lists no steps or prompts.

            --check FILE (or - for standard input) reads a draft: its words against the
            minimum; each prompt answered or not, with the passages that answer it
            (matched through the prompt's own key terms and the mapper's evidence); the
            capabilities, standards and quality indicators it evidences, passages quoted;
            and what to add. It exits 0 whether or not the draft is ready (--json has
            "ready").

            --role is how the draft is read (frontline, manager or strategic; default
            `log config role`), or your SSSC register part (see `crosswalk list roles`).
            For Thing 23 of 23 Things ELC Leadership, which is about career development,
            the card and the check show your route from `crosswalk plan` for that part
            (or `log config part`): what your learning counts towards and the next
            register requirement; --have names a qualification you hold.
            """,
        options: [
            .value("check", "FILE", "Check a draft reflection in FILE (- for standard input)"),
            .value("role", "ROLE", "frontline, manager, strategic, or a register part id"),
            .value("have", "QUAL", "A whole qualification you hold, for Thing 23's route", repeatable: true),
            LogCommands.logDB, .db, .json,
        ],
        examples: [
            ("crosswalk thing 21", "the activity card"),
            ("crosswalk thing 21 --check draft.txt", "is the draft ready to send?"),
            ("crosswalk thing 23ELC-23 --role day-care-children-practitioner", "with your route"),
            ("pbpaste | crosswalk thing 'Thing 21' --check - --json", "for scripts"),
            ("crosswalk log show 4 --check", "check an entry of your log written for a Thing"),
        ],
        arguments: .text,
        run: { arguments, context in
            guard !arguments.positionals.isEmpty else {
                throw CrosswalkError.usage("thing needs a Thing: a number (21), \"Thing 21\" or a code such as 23L-21")
            }
            let log = try context.learningLog(arguments, .read)
            let reference = try context.referenceDatabase(arguments)
            let catalog = ThingCatalog(database: reference)
            let thing = try catalog.resolve(arguments.positionals.joined(separator: " "), programme: LogCommands.programme(log))
            let card = try catalog.card(thing)
            if !card.showsCareerRoute, !arguments.all("have").isEmpty {
                throw CrosswalkError.usage("--have is for the route of a Thing about career development (23ELC-23), not \(thing.code)")
            }
            let reading = try Reading(arguments, log: log, catalog: catalog)
            if let path = arguments.value("check") {
                let text = try context.readText(file: path, positionals: [], pipedInput: false, refusingNUL: true) ?? ""
                guard !text.trimmed().isEmpty else { throw CrosswalkError.usage("the draft \(path == "-" ? "on standard input" : path) is empty") }
                let check = try ReadinessCheck(card: card, text: text, role: reading.role, mapper: Mapper(database: reference),
                                               route: reading.route(arguments))
                if arguments.flag("json") {
                    context.printJSON(check.json)
                } else {
                    renderCheck(check, context: context)
                }
                return
            }
            let route = try card.showsCareerRoute
                ? ThingRoute.make(planner: CareerPlanner(database: reference), part: reading.part, partSource: reading.partSource,
                                  have: arguments.all("have"), mapping: nil)
                : nil
            if arguments.flag("json") {
                var json = card.json
                if case .object(var fields) = json {
                    fields.append(("route", route?.json ?? .null))
                    json = .object(fields)
                }
                context.printJSON(json)
            } else {
                renderCard(card, route: route, context: context)
            }
        }
    )

    /// How a draft is read and whose route is shown: `--role` as a mapper role or a register
    /// part, else the log's `role` and `part` settings.
    struct Reading {
        let role: Role
        let part: String?
        let partSource: String?

        init(_ arguments: ParsedArguments, log: LearningLog, catalog: ThingCatalog) throws {
            let given = arguments.value("role")?.trimmed()
            if let given, let role = Role(rawValue: given) {
                self.role = role
                part = try log.setting("part")
                partSource = part == nil ? nil : "log config part"
            } else if let given {
                let found = try catalog.registerPart(given)
                role = found.role
                part = found.id
                partSource = "--role"
            } else {
                role = try log.defaultRole()
                part = try log.setting("part")
                partSource = part == nil ? nil : "log config part"
            }
        }

        init(role: Role, log: LearningLog) throws {
            self.role = role
            part = try log.setting("part")
            partSource = part == nil ? nil : "log config part"
        }

        func route(_ arguments: ParsedArguments) -> ReadinessCheck.RouteRequest {
            .init(part: part, partSource: partSource, have: arguments.all("have"))
        }
    }

    // MARK: The card

    static func renderCard(_ card: ThingCard, route: ThingRoute?, context: Context) {
        let style = context.style
        let width = context.terminalWidth
        let thing = card.thing
        context.print(style.bold(TextLayout.wrap("Thing \(thing.number): \(thing.title)", width: width, indent: 0)))
        context.print(style.dim("\(card.programmeName) · \(thing.code)"))
        context.print()
        var fields: [(String, String)] = []
        fields.append(("Badge", thing.badge ?? "not known"))
        if let group = card.groupBadge { fields.append(("Counts towards", group)) }
        if let first = card.suggestedFirst { fields.append(("Do first", first == 1 ? "Thing 1" : "Things 1 to \(first)")) }
        let words = thing.minWords.map { "at least \($0) words" } ?? "minimum not known"
        let prompts = card.promptsKnown ? ", answering the \(card.prompts.count) prompt\(card.prompts.count == 1 ? "" : "s") below" : ""
        fields.append(("Reflection", words + prompts))
        context.print(TextLayout.fields(fields, width: width, style: style))

        if card.page != .read {
            context.print()
            let note = card.pageNote ?? "No page for this Thing is in the record."
            context.print(TextLayout.wrap(note, width: width, indent: 0))
            if let theme = card.theme { context.print(style.dim(TextLayout.wrap("About: " + theme, width: width, indent: 7))) }
        }
        if !card.steps.isEmpty {
            context.print()
            context.print(style.bold("STEPS"))
            for (index, step) in card.steps.enumerated() {
                context.print("  \(index + 1)  " + TextLayout.wrap(step, width: width, indent: 5))
            }
        }
        if card.promptsKnown {
            context.print()
            context.print(style.bold("PROMPTS") + style.dim("  your reflection answers each"))
            for prompt in card.prompts {
                context.print("  \(prompt.id)  " + TextLayout.wrap(prompt.text, width: width, indent: 5))
            }
        }
        context.print()
        context.print(style.bold("RELATED"))
        var related: [(String, [String])] = []
        related.append(("Capabilities", [card.capabilities.isEmpty ? "none linked"
                        : card.capabilities.map { "\($0.name) (\(TextLayout.format2($0.strength)))" }.joined(separator: ", ")]))
        if !card.namedQualityIndicators.isEmpty {
            related.append(("Quality indicators", card.namedQualityIndicators.map(itemLabel)))
        }
        let standards = card.named.filter { !$0.isQualityIndicator }.map(itemLabel)
            + card.promptStandards.map { standard in
                let prompts = card.prompts.filter { $0.about.contains(standard.code) }.map(\.id)
                return itemLabel(standard) + " (prompt \(prompts.joined(separator: ", ")))"
            }
        if !standards.isEmpty { related.append(("Standards", standards)) }
        let labelWidth = (related.map(\.0.count).max() ?? 0) + 4
        for (label, items) in related {
            for (index, item) in items.enumerated() {
                let lead = index == 0 ? "  " + style.dim(label.padding(to: labelWidth - 2)) : String(repeating: " ", count: labelWidth)
                context.print(lead + TextLayout.wrap(item, width: width, indent: labelWidth + 2, firstLineUsed: labelWidth))
            }
        }
        if let route { renderRoute(route, context: context) }
        context.print()
        context.print(TextLayout.fields([("Source", "\(card.sourceURL) (\(card.status), \(card.origin))")]
                                        + (card.badgeURL.map { [("Badge page", $0)] } ?? []), width: width, style: style))
        if card.promptsKnown {
            context.print(style.dim("Check a draft: crosswalk thing \(thing.code) --check draft.txt"))
        }
    }

    static func itemLabel(_ item: NamedItem) -> String {
        item.code + " " + item.title + (item.status == "uncertain" ? " (uncertain)" : "")
    }

    // MARK: The route (Thing 23)

    static func renderRoute(_ route: ThingRoute, context: Context) {
        let style = context.style
        let width = context.terminalWidth
        context.print()
        guard let plan = route.plan else {
            context.print(style.bold("YOUR ROUTE"))
            context.print("  " + TextLayout.wrap("Give your register part to see it: --role PART (see `crosswalk list roles`), "
                                                 + "or `crosswalk log config part PART`.", width: width, indent: 2))
            return
        }
        context.print(style.bold("YOUR ROUTE") + style.dim("  " + TextLayout.wrap("\(plan.part.name) (\(plan.part.id), from \(route.partSource ?? "--role"))",
                                                                                   width: width, indent: 2, firstLineUsed: 12)))
        if !plan.held.isEmpty {
            context.print("  " + TextLayout.wrap("Holding: " + plan.held.map { "\($0.id) (\($0.name))" }.joined(separator: ", "),
                                                 width: width, indent: 11))
        }
        for requirement in plan.requirements {
            let state = requirement.met ? "met by " + requirement.metBy.map { $0.entries.map(\.qualification).joined(separator: " + ") }.joined(separator: ", ")
                : "MISSING"
            context.print("  " + requirement.requirement.padding(to: 13) + TextLayout.wrap(state, width: width, indent: 15))
        }
        let held = Set(plan.held.map(\.id))
        let named = route.qualificationsNamed.filter { !held.contains($0.id) }
        if !named.isEmpty {
            context.print("  " + TextLayout.wrap("Named in your draft: " + named.map { "\($0.id) (\($0.name))" }
                .joined(separator: ", ") + "; add --have QUAL for those you hold.", width: width, indent: 4))
        }
        if !route.units.isEmpty {
            context.print("  Your learning could count towards:")
            for unit in route.units.prefix(3) {
                context.print("    " + TextLayout.wrap("\(unit.code) \(unit.title) [\(unit.qualificationName)]", width: width, indent: 6))
            }
        }
        if !route.standards.isEmpty {
            context.print("  " + TextLayout.wrap("Standards it evidences: " + route.standards.prefix(3).map(\.code).joined(separator: ", "),
                                                 width: width, indent: 4))
        }
        let steps = route.nextSteps
        if let next = route.nextRequirement {
            context.print("  " + TextLayout.wrap("Next register requirement: \(next.requirement) qualification"
                                                 + (steps.isEmpty ? "." : "; the plan's steps that meet it:"), width: width, indent: 4))
        } else {
            context.print("  " + TextLayout.wrap("Every register requirement of this part is met"
                                                 + (steps.isEmpty ? "." : "; the plan suggests next:"), width: width, indent: 4))
        }
        for (index, step) in steps.enumerated() {
            context.print("    \(index + 1)  " + TextLayout.wrap("\(step.codes.joined(separator: " + ")): \(step.title)",
                                                               width: width, indent: 7))
        }
        if !steps.isEmpty {
            context.print("  " + style.dim(TextLayout.wrap("The whole plan: crosswalk plan --role \(plan.part.id)"
                                                           + plan.held.map { " --have \($0.id)" }.joined(), width: width, indent: 4)))
        }
    }

    // MARK: The check

    static func renderCheck(_ check: ReadinessCheck, context: Context) {
        let style = context.style
        let width = context.terminalWidth
        let card = check.card
        let margin = String(repeating: " ", count: 13)
        func quote(_ passage: Int, _ support: MappingResult.Support, indent: Int) -> String? {
            guard check.mapping.passages.indices.contains(passage) else { return nil }
            return String(repeating: " ", count: indent)
                + Quote.render(check.mapping.passages[passage], support: support, width: width, indent: indent, style: style)
        }
        context.print(style.bold(TextLayout.wrap("Thing \(card.thing.number) (\(card.thing.code)): \(card.thing.title)",
                                                 width: width, indent: 0)))
        var verdict = check.ready ? "READY to send" : "NOT READY"
        if card.promptsKnown { verdict += "  \(check.answeredCount) of \(check.prompts.count) prompts answered" }
        if let minimum = check.minimum { verdict += "; \(check.words) of \(minimum) words" }
        context.print(check.ready ? style.bold(verdict) : verdict)
        context.print()

        let wordsLine: String
        if let minimum = check.minimum {
            wordsLine = check.wordsMissing > 0 ? "\(check.words) of at least \(minimum): \(check.wordsMissing) more to write"
                : "\(check.words), at least \(minimum) asked: met"
        } else {
            wordsLine = "\(check.words); the Thing's minimum is not known"
        }
        context.print(style.bold("WORDS") + "   " + TextLayout.wrap(wordsLine, width: width, indent: 8, firstLineUsed: 8))

        context.print()
        if card.promptsKnown {
            context.print(style.bold("PROMPTS"))
            for result in check.prompts {
                let state = result.answered ? "answered" : "MISSING "
                context.print("  \(result.prompt.id)  \(state)  " + TextLayout.wrap(result.prompt.text, width: width, indent: 15))
                for answer in result.answers.prefix(2) {
                    if let line = quote(answer.passage, answer.support, indent: 15) { context.print(line) }
                }
                if result.answers.count > 2 {
                    context.print(String(repeating: " ", count: 15) + style.dim("and \(result.answers.count - 2) more passage\(result.answers.count == 3 ? "" : "s")"))
                }
            }
        } else {
            context.print(style.bold("PROMPTS") + "  " + TextLayout.wrap("not in the record for this Thing, so none is checked",
                                                                         width: width, indent: 2, firstLineUsed: 9))
        }

        context.print()
        context.print(style.bold("CAPABILITIES EVIDENCED"))
        if check.mapping.capabilities.isEmpty { context.print("  none strongly enough") }
        for capability in check.mapping.capabilities.prefix(4) {
            context.print(" " + TextLayout.format2(capability.score) + " " + style.accent(TextLayout.bar(capability.score, width: 5))
                          + "  " + TextLayout.wrap(capability.name + style.dim(" (\(capability.id))"), width: width, indent: 13))
            if let first = capability.support.first, let line = quote(first.passage, first, indent: margin.count) { context.print(line) }
        }
        context.print()
        context.print(style.bold("STANDARDS EVIDENCED"))
        if check.mapping.standards.isEmpty { context.print("  none strongly enough") }
        for standard in check.mapping.standards.prefix(4) {
            context.print(" " + TextLayout.format2(standard.score) + " " + style.accent(TextLayout.bar(standard.score, width: 5))
                          + "  " + TextLayout.wrap(standard.code + " " + standard.title + style.dim(" [\(standard.framework)]"),
                                                   width: width, indent: 13))
            if let first = standard.support.first, let line = quote(first.passage, first, indent: margin.count) { context.print(line) }
        }

        if !check.named.isEmpty {
            context.print()
            let indicators = check.named.allSatisfy(\.item.isQualityIndicator)
            context.print(style.bold(indicators ? "QUALITY INDICATORS" : "STANDARDS THE THING NAMES")
                          + style.dim("  named on the Thing's page"))
            for result in check.named {
                let state: String
                if let standard = result.evidencedBy, !result.namedAs.isEmpty {
                    state = "named (“\(result.namedAs[0])”) and evidenced \(TextLayout.format2(standard.score))"
                } else if let standard = result.evidencedBy {
                    state = "evidenced \(TextLayout.format2(standard.score))" + (standard.code == result.item.code ? "" : " by \(standard.code)")
                } else if !result.namedAs.isEmpty {
                    state = "named (“\(result.namedAs[0])”)"
                } else {
                    state = "not named or evidenced"
                }
                context.print("  " + TextLayout.wrap("\(result.item.code) \(result.item.title): " + state, width: width, indent: 4))
            }
        }
        if let route = check.route { renderRoute(route, context: context) }

        context.print()
        context.print(style.bold("WHAT TO ADD"))
        if check.suggestions.isEmpty { context.print("  Nothing: every prompt is answered and the minimum is met.") }
        for suggestion in check.suggestions {
            context.print("  - " + TextLayout.wrap(suggestion, width: width, indent: 4))
        }
    }
}
