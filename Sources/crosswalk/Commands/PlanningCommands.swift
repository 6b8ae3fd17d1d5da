import CrosswalkKit

/// `crosswalk qualification`, `compare` and `plan`: what a qualification develops, and what a
/// worker still needs for a register part.
enum PlanningCommands {
    static let coverageNote = """
            Coverage is the strength-weighted share of the units a candidate takes
            (every mandatory unit, plus the optional units the award asks for, chosen in
            the capability's favour). A unit counts with the strength of its link to the
            capability: 1 mainly about it, 0.6 clearly supports it, 0.3 touches on it.
            Core counts the mandatory units only: what every candidate develops.
            """

    static let qualificationCommand = Command(
        name: "qualification",
        aliases: ["qual"],
        summary: "A qualification's structure, units, NOS and the capabilities it develops",
        usage: ["qualification CODE|NAME [--json]"],
        discussion: """
            CODE|NAME is a qualification id, a group award code (GJ9V 24, gj9v24) or
            words of its name or one of its aliases ("SSHC SCQF 7", "SVQ 4 CSLM"). When
            several qualifications match, they are listed and nothing is shown.
            """ + "\n\n" + coverageNote + "\n\n" + """
            In the chart █ is core coverage and ▒ what the best optional units add.
            Units known says how many of the units a candidate takes the data lists;
            when the list is incomplete a unit not listed counts as 0, so coverage is a
            lower bound, marked ≥ (and ░ for the unknown rest of the bar).
            """,
        options: [.db, .json],
        examples: [
            ("crosswalk qualification 'GJ9V 24'", "the SVQ Care Services Leadership and Management"),
            ("crosswalk qual SSHC SCQF 7", "by words of an alias"),
            ("crosswalk qualification svq-sscyp-9 --json", ""),
        ],
        arguments: .text,
        run: { arguments, context in
            let text = arguments.positionals.joined(separator: " ")
            guard !text.trimmed().isEmpty else {
                throw CrosswalkError.usage("qualification needs a CODE or NAME (see `crosswalk list qualifications`)")
            }
            let database = try context.referenceDatabase(arguments)
            let id = try Catalog(database: database).requireQualification(text)
            let profile = try QualificationCoverage(database: database).profile(of: id)
            if arguments.flag("json") {
                context.printJSON(profile.json)
            } else {
                render(profile, context: context)
            }
        }
    )

    static let compareCommand = Command(
        name: "compare",
        summary: "Compare two qualifications' capability coverage side by side",
        usage: ["compare QUAL QUAL [--json]"],
        discussion: """
            Each QUAL is an id, a group award code or words of a name (quote names with
            spaces). Coverage is worked out as for `crosswalk qualification`.
            """,
        options: [.db, .json],
        examples: [
            ("crosswalk compare svq-sshc-9 'GJ9V 24'", ""),
            ("crosswalk compare 'SSHC SCQF 6' 'SSHC SCQF 9' --json", ""),
        ],
        arguments: .text,
        run: { arguments, context in
            guard arguments.positionals.count == 2 else {
                throw CrosswalkError.usage("compare needs exactly two qualifications (quote names that have spaces)")
            }
            let database = try context.referenceDatabase(arguments)
            let catalog = Catalog(database: database)
            let ids = try arguments.positionals.map(catalog.requireQualification)
            guard ids[0] != ids[1] else {
                throw CrosswalkError.usage("\"\(arguments.positionals[0])\" and \"\(arguments.positionals[1])\" are the same qualification (\(ids[0]))")
            }
            let coverage = QualificationCoverage(database: database)
            let first = try coverage.profile(of: ids[0])
            let second = try coverage.profile(of: ids[1])
            if arguments.flag("json") {
                context.printJSON(QualificationProfile.comparisonJSON(first, second))
            } else {
                renderComparison(first, second, context: context)
            }
        }
    )

    static let planCommand = Command(
        name: "plan",
        summary: "Registration needs, capability gaps and next steps for a register part",
        usage: ["plan --role ROLE [--have QUAL]... [--with-log] [--limit N] [--json]"],
        discussion: """
            ROLE is an SSSC register part id as `crosswalk list roles` prints it (or
            words of its name that match only one part). Each --have names a whole
            qualification you hold. The plan shows each requirement (practice;
            supervisory or management), the accepted alternatives and which held
            qualification meets it; then how far the role's leadership capabilities are
            evidenced (support workers and practitioners against the frontline
            indicators, supervisors and managers against the manager ones); then next
            steps: qualifications that meet a missing requirement first, then optional
            units and 23 Things activities that close the largest capability gaps.

            A rule that needs only some units of an award is met when the whole award is
            held, and otherwise offered as a partial route. A held award counts as
            evidence through its mandatory units and whole-award links (which options
            were taken is not known); sources combine as 1 − Π(1 − strength); a status
            marked * rests on a held award whose unit list is incomplete. --with-log adds
            each learning-log entry that evidences a capability (a confirmed reference to
            it, to one of its indicators, or to an item linked to it at 0.6 or more; the
            rule `log summary` uses) and lists those entries per capability.
            """,
        options: [
            .value("role", "ROLE", "Register part id, e.g. care-home-adults-supervisor (see `crosswalk list roles`)"),
            .value("have", "QUAL", "A qualification you hold: id, group award code or name", repeatable: true),
            .flag("with-log", "Count the confirmed references in your learning log as evidence"),
            LogCommands.logDB,
            .value("limit", "N", "At most N next steps (default 10)"),
            .db, .json,
        ],
        examples: [
            ("crosswalk plan --role care-home-adults-supervisor --have 'SSHC SCQF 7'", "a practitioner who wants to supervise"),
            ("crosswalk plan --role care-at-home-manager --have svq-sshc-9 --have 'GJ9V 24'", ""),
            ("crosswalk plan --role day-care-children-manager --have svq-sscyp-7 --json", ""),
            ("crosswalk plan --role housing-support-supervisor --with-log", "use what your learning log already evidences"),
        ],
        run: { arguments, context in
            try arguments.noPositionals()
            guard let role = arguments.value("role") else {
                throw CrosswalkError.usage("plan needs --role ROLE (see `crosswalk list roles`)")
            }
            let limit = try arguments.int("limit", in: 1...100) ?? 10
            let database = try context.referenceDatabase(arguments)
            let evidence = arguments.flag("with-log")
                ? try LogEvidence(log: context.learningLog(arguments, .read), lookup: ReferenceLookup(database: database))
                : nil
            let plan = try CareerPlanner(database: database)
                .plan(role: role, have: arguments.all("have"), log: evidence, limit: limit)
            if arguments.flag("json") {
                context.printJSON(plan.json)
            } else {
                render(plan, usedLog: arguments.flag("with-log"), context: context)
            }
        }
    )

    // MARK: Rendering

    static let barWidth = 16

    static func render(_ profile: QualificationProfile, context: Context) {
        let style = context.style
        let width = context.terminalWidth
        context.print(style.bold(TextLayout.heading(profile.id, profile.name, width: width)))
        let facts = [profile.awardCode, profile.scqfLevel.map { "SCQF \($0)" }, profile.kind, profile.awardingBody,
                     profile.credits.map { "\($0) credits" }].compactMap { $0 }
        context.print(style.dim(facts.joined(separator: " · ")))
        context.print()
        context.print(TextLayout.fields([
            ("Also known as", profile.aliases.joined(separator: "; ")),
            ("Structure", profile.structure ?? ""),
            ("Overview", profile.overview ?? ""),
            ("Units known", profile.completeness.summary),
        ].filter { !$0.1.isEmpty } + BrowseCommands.provenanceFields(profile.provenance), width: width, style: style))
        BrowseCommands.printAddresses(profile.provenance, context: context)

        context.print()
        if profile.groups.isEmpty {
            context.print(style.bold("Units"))
            context.print("  The unit list of this award is not in the data.")
        } else {
            let taken = profile.completeness.total.map { " (a candidate takes \($0))" } ?? " (how many a candidate takes is not known)"
            context.print(style.bold("Units") + taken)
            for group in profile.groups {
                let completeness = profile.completeness.groups.first { $0.name == group.name }
                var rule = [group.chooseMin.map { "take \($0)" }, "\(group.units.count) listed"].compactMap { $0 }
                if let total = completeness?.total {
                    if group.units.count < total { rule.append("\(total - group.units.count) not in the public record read") }
                } else if !group.isMandatory {
                    rule.append("the full list was not read")
                }
                context.print("  \(group.name): \(rule.joined(separator: ", "))")
                guard !group.units.isEmpty else { continue }
                let table = TextLayout.table(
                    headers: ["UNIT", "CREDITS", "NOS", "TITLE"],
                    rows: group.units.map { unit in
                        [unit.code + (unit.provenance.status == "uncertain" ? "*" : ""), unit.credits.map(String.init) ?? "-",
                         unit.nos.isEmpty ? "-" : unit.nos.joined(separator: " "), unit.title]
                    },
                    width: width - 4, style: style)
                for line in table.split(separator: "\n") { context.print("    " + line) }
            }
            if profile.groups.contains(where: { $0.units.contains { $0.provenance.status == "uncertain" } }) {
                context.print(style.dim("  * uncertain: the unit's place in this award was not confirmed"))
            }
        }

        context.print()
        context.print(style.bold("Capabilities it develops") + style.dim("  (█ core: mandatory units; ▒ with the best options)"))
        let nameWidth = (profile.capabilities.map(\.id.count).max() ?? 0) + 2
        let bounded = profile.coverageIsLowerBound
        context.print(style.bold("  " + "CAPABILITY".padding(to: nameWidth) + "COVERAGE".padding(to: barWidth + 2)
                                 + (bounded ? "CORE   BEST  UNITS  STANDARDS" : "CORE  BEST  UNITS  STANDARDS")))
        for capability in profile.capabilities {
            let units = "\(capability.mandatoryUnits)+\(capability.optionalUnits)"
            let figures = bounded
                ? TextLayout.figure(capability.core, lowerBound: profile.coreIsLowerBound) + "  "
                    + TextLayout.figure(capability.coverage, lowerBound: true)
                : TextLayout.format2(capability.core) + "  " + TextLayout.format2(capability.coverage)
            context.print("  " + capability.id.padding(to: nameWidth)
                          + TextLayout.bar(capability.core, upTo: capability.coverage, width: barWidth, lowerBound: bounded) + "  "
                          + figures + "  " + units.padding(to: 7) + String(capability.standards.count))
        }
        var legend = "UNITS: mandatory+optional units that evidence it; STANDARDS: the distinct standards behind them. "
            + coverageNote.replacingOccurrences(of: "\n", with: " ")
        if bounded {
            legend = "≥ and ░: at least this. The data holds \(profile.completeness.summary.hasPrefix("none") ? "none" : profile.completeness.known.description) "
                + "of the \(profile.completeness.total.map(String.init) ?? "unknown number of") units a candidate takes"
                + (profile.completeness.total != nil && profile.completeness.known == profile.completeness.total ? ", but not every optional unit on offer" : "")
                + "; a unit the public record read does not list counts as 0, so the award may develop more. " + legend
        }
        context.print(style.dim("  " + TextLayout.wrap(legend, width: width, indent: 2)))

        context.print()
        context.print(style.bold("How each capability is supported"))
        for capability in profile.capabilities {
            context.print("  " + style.accent(capability.id))
            guard !capability.supports.isEmpty else {
                context.print("    nothing in this award is linked to it in the data")
                continue
            }
            let codeWidth = (capability.supports.map(\.code.count).max() ?? 0) + 2
            for support in capability.supports {
                let place = support.group ?? "whole award"
                var detail = support.origin
                if !support.basis.isEmpty {
                    detail += " via " + support.basis.map { "\($0.standard) (\($0.origin))" }.joined(separator: ", ")
                }
                detail += ", \(support.status)"
                let lead = "    " + support.code.column(codeWidth) + place.padding(to: 13)
                    + TextLayout.format2(support.strength) + "  "
                context.print(lead + TextLayout.wrap(detail, width: width, indent: lead.count))
            }
        }

        if !profile.registration.isEmpty {
            context.print()
            context.print(style.bold("Accepted for SSSC registration"))
            let rows = profile.registration.map { use -> [String] in
                // Short enough for the table: the note below says which units.
                var what = "\(use.requirement) #\(use.option): " + (use.unitsRequired.map { "\($0) units" } ?? "whole award")
                if !use.togetherNames.isEmpty { what += " + " + use.togetherNames.joined(separator: " + ") }
                return [use.part, what]
            }
            let table = TextLayout.table(headers: ["REGISTER PART", "REQUIREMENT"], rows: rows, width: width - 2, style: style)
            for line in table.split(separator: "\n") { context.print("  " + line) }
            // Which units a unit route needs is only in its note; one note per distinct text.
            var notes: [String: [String]] = [:]
            var order: [String] = []
            for use in profile.registration where use.unitsRequired != nil {
                guard let note = use.note else { continue }
                if notes[note] == nil { order.append(note) }
                notes[note, default: []].append(use.part)
            }
            for note in order {
                let text = "Which units (" + (notes[note] ?? []).joined(separator: ", ") + "): " + note
                context.print("  " + style.dim(TextLayout.wrap(text, width: width, indent: 2)))
            }
        }
    }

    static func renderComparison(_ first: QualificationProfile, _ second: QualificationProfile, context: Context) {
        let style = context.style
        let width = context.terminalWidth
        let idWidth = max(first.id.count, second.id.count) + 2
        for (label, profile) in [("A", first), ("B", second)] {
            let lead = "\(label)  " + profile.id.padding(to: idWidth)
            context.print(lead + TextLayout.wrap(profile.displayName + "; units known: " + profile.completeness.summary,
                                                 width: width, indent: lead.count))
        }
        context.print()
        let nameWidth = (first.capabilities.map(\.id.count).max() ?? 0) + 2
        // Two charts side by side need narrower bars than the single chart's `barWidth`.
        let comparisonBarWidth = 14
        let column = comparisonBarWidth + 8
        context.print(style.bold("CAPABILITY".padding(to: nameWidth) + "A".padding(to: column) + "B".padding(to: column) + "B − A"))
        for capability in first.capabilities {
            let other = second.capability(capability.id)
            func cell(_ coverage: CapabilityCoverage?, _ profile: QualificationProfile) -> String {
                let bounded = profile.coverageIsLowerBound
                return (TextLayout.bar(coverage?.core ?? 0, upTo: coverage?.coverage ?? 0, width: comparisonBarWidth, lowerBound: bounded)
                        + " " + (bounded ? "≥" : "") + TextLayout.format2(coverage?.coverage ?? 0)).padding(to: column)
            }
            let difference = (other?.coverage ?? 0) - capability.coverage
            context.print(capability.id.padding(to: nameWidth) + cell(capability, first) + cell(other, second)
                          + (difference > 0.0049 ? "+" : "") + TextLayout.format2(difference))
        }
        context.print()
        context.print(style.dim("█ core (mandatory units), ▒ with the best optional units; figures are coverage."))
        if first.coverageIsLowerBound || second.coverageIsLowerBound {
            context.print(style.dim(TextLayout.wrap("≥ and ░: at least this: the award's unit list is incomplete in the data, and a unit not listed counts as 0. B − A is then only indicative.",
                                                    width: width, indent: 0)))
        }
        context.print(style.dim(TextLayout.wrap(coverageNote.replacingOccurrences(of: "\n", with: " "), width: width, indent: 0)))
    }

    /// "svq-playwork-7 + 2 units of svq-sscyp-7 (see note)": the rules name the units, or an
    /// SSSC list they come from, in the option's note.
    static func describe(_ entries: [RequirementOption.Entry], markHeld: Bool = false) -> String {
        entries.map { entry in
            (entry.unitsRequired.map { "\($0) units of " } ?? "") + entry.displayName
                + (entry.unitsRequired == nil ? "" : " (see note)") + (markHeld && entry.held ? " (held)" : "")
        }.joined(separator: " + ")
    }

    /// An option's note, dimmed and wrapped under it: conditions and which units belong to the option alone.
    static func printNote(_ option: RequirementOption, indent: Int, context: Context) {
        guard let note = option.note else { return }
        context.print(String(repeating: " ", count: indent)
                      + context.style.dim(TextLayout.wrap(note, width: context.terminalWidth, indent: indent)))
    }

    static func render(_ plan: CareerPlan, usedLog: Bool, context: Context) {
        let style = context.style
        let width = context.terminalWidth
        let part = plan.part
        context.print(style.bold(TextLayout.wrap("\(part.name) (\(part.id))", width: width, indent: 0)))
        if let description = part.description { context.print(TextLayout.wrap(description, width: width, indent: 0)) }
        context.print()
        var facts: [(String, String)] = []
        facts.append(("Holding", plan.held.isEmpty ? "no qualifications given (use --have)"
                        : plan.held.map(\.displayName).joined(separator: "; ")))
        if let years = part.qualifyWithinYears {
            facts.append(("Time to qualify", "within \(years) years of registering"
                          + (part.provenance.status == "uncertain" ? " (uncertain)" : "")))
        }
        if usedLog {
            let entries = Set(plan.capabilities.flatMap { $0.logEntries.map(\.id) }).count
            let evidenced = plan.capabilities.filter { !$0.logEntries.isEmpty }.count
            facts.append(("Learning log", "\(entries) entr\(entries == 1 ? "y evidences" : "ies evidence") \(evidenced) of \(plan.capabilities.count) capabilities (listed below)"))
        }
        context.print(TextLayout.fields(facts, width: width, style: style))

        context.print()
        context.print(style.bold("Registration requirements"))
        let requirementWidth = (plan.requirements.map(\.requirement.count).max() ?? 0) + 2
        for requirement in plan.requirements {
            let lead = "  " + requirement.requirement.padding(to: requirementWidth)
            if requirement.met {
                // Every meeting option with its own note: a condition ("gained by 31 December
                // 2019") still applies once the requirement reads as met.
                for (index, option) in requirement.metBy.enumerated() {
                    let by = "option \(option.number): " + describe(option.entries) + (option.status == "uncertain" ? " (uncertain)" : "")
                    let head = index == 0 ? lead + "met      " : String(repeating: " ", count: lead.count + 9)
                    context.print(head + TextLayout.wrap(by, width: width, indent: lead.count + 9))
                    printNote(option, indent: lead.count + 11, context: context)
                }
            } else {
                context.print(lead + style.bold("MISSING  ") + "\(requirement.options.count) accepted option"
                              + (requirement.options.count == 1 ? "" : "s") + ":")
                // The first five, and always any option the worker already holds part of.
                let shown = requirement.options.enumerated().filter { $0.offset < 5 || $0.element.isPartlyHeld }.map(\.element)
                for option in shown {
                    let names = describe(option.entries, markHeld: true)
                    let marker = option.status == "uncertain" ? " (uncertain)" : ""
                    let optionLead = String(repeating: " ", count: lead.count + 2) + String(option.number).padding(to: 4)
                    context.print(optionLead + TextLayout.wrap(names + marker, width: width, indent: optionLead.count))
                    printNote(option, indent: optionLead.count, context: context)
                }
                if requirement.options.count > shown.count {
                    context.print(String(repeating: " ", count: lead.count + 2)
                                  + "… and \(requirement.options.count - shown.count) more: crosswalk show \(part.id)")
                }
            }
        }
        let notAccepted = plan.held.filter { plan.countsTowards($0.id).isEmpty }
        for profile in notAccepted {
            context.print(style.dim("  " + TextLayout.wrap("\(profile.displayName) is not named by any rule of this part.", width: width, indent: 2)))
        }
        context.print(plan.missing.isEmpty
                      ? "  Nothing missing: the qualifications held meet every requirement of this part."
                      : "  Still missing: " + plan.missing.map { "\($0.requirement) qualification" }.joined(separator: ", ") + ".")

        context.print()
        context.print(style.bold("Leadership capabilities") + style.dim("  (\(part.indicatorRole.rawValue) indicators)"))
        let nameWidth = (plan.capabilities.map(\.id.count).max() ?? 0) + 2
        context.print(style.bold("  " + "CAPABILITY".padding(to: nameWidth) + "EVIDENCE".padding(to: barWidth + 8)
                                 + "STATUS     INDICATORS"))
        for capability in plan.capabilities {
            let evidenced = capability.indicators.filter(\.evidenced).count
            let indicators = usedLog ? "\(evidenced)/\(capability.indicators.count)" : String(capability.indicators.count)
            let status = capability.status + (capability.restsOnIncomplete.isEmpty ? "" : "*")
            context.print("  " + capability.id.padding(to: nameWidth) + TextLayout.bar(capability.evidence, width: barWidth)
                          + "  " + TextLayout.format2(capability.evidence) + "  " + status.padding(to: 11) + indicators)
        }
        let names = Dictionary(plan.held.map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        let sourced = plan.capabilities.filter { $0.sources.contains { $0.kind != "log" } }
        if sourced.isEmpty {
            context.print("  " + style.dim(TextLayout.wrap("No evidence from qualifications: nothing held is linked to a capability in the data.",
                                                           width: width, indent: 2)))
        } else {
            for capability in sourced {
                let qualificationSources = capability.sources.filter { $0.kind != "log" }
                let from = qualificationSources.prefix(4).map { source in
                    "\(source.code) \(TextLayout.format2(source.strength))"
                        + (source.through == source.code ? "" : " (\(names[source.through] ?? source.through))")
                }.joined(separator: ", ") + (qualificationSources.count > 4 ? ", …" : "")
                let lead = "  " + style.dim(capability.id.padding(to: nameWidth) + "from ")
                context.print(lead + style.dim(TextLayout.wrap(from, width: width, indent: nameWidth + 7)))
            }
        }
        let incomplete = Set(plan.capabilities.flatMap(\.restsOnIncomplete))
        if !incomplete.isEmpty {
            let awards = plan.held.filter { incomplete.contains($0.id) }
                .map { "\($0.displayName) (units known: \($0.completeness.known) of \($0.completeness.total.map(String.init) ?? "?"))" }
            let note = "* may be understated: the public record read lists only part of the units of "
                + awards.joined(separator: "; ") + ". A unit not in the data counts as nothing, so a gap may be smaller than shown."
            context.print("  " + style.dim(TextLayout.wrap(note, width: width, indent: 2)))
        }
        if usedLog {
            context.print()
            context.print(style.bold("From your learning log") + style.dim("  (confirmed references; `crosswalk log show ID`)"))
            for capability in plan.capabilities {
                let lead = "  " + capability.id.padding(to: nameWidth)
                guard !capability.logEntries.isEmpty else {
                    context.print(lead + style.dim("no entry evidences it"))
                    continue
                }
                for (index, entry) in capability.logEntries.enumerated() {
                    let shown = entry.references.prefix(3).map(\.label).joined(separator: ", ")
                    let more = entry.references.count > 3 ? " and \(entry.references.count - 3) more" : ""
                    let text = "entry \(entry.id) (\(entry.date)) \(entry.title): " + shown + more
                    context.print((index == 0 ? lead : String(repeating: " ", count: lead.count))
                                  + TextLayout.wrap(text, width: width, indent: lead.count))
                }
            }
        }

        context.print()
        context.print(style.bold("Next steps"))
        guard !plan.next.isEmpty else {
            context.print("  " + TextLayout.wrap("Nothing to suggest: every requirement is met and no linked unit or Thing adds to a weak capability.",
                                                 width: width, indent: 2))
            return
        }
        for (index, step) in plan.next.enumerated() {
            let lead = String(index + 1).padding(to: 3)
            context.print("  " + lead + step.kind.padding(to: 15) + style.accent(step.codes.joined(separator: " + ")))
            context.print("       " + TextLayout.wrap(step.title, width: width, indent: 7))
            context.print("       " + style.dim(TextLayout.wrap(step.reason, width: width, indent: 7)))
        }
    }
}
