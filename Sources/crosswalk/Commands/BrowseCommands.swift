import CrosswalkKit

/// `crosswalk list`, `show` and `search`: browsing the reference data.
enum BrowseCommands {
    static let listCommand = Command(
        name: "list",
        summary: "List the items of one kind",
        usage: ["list KIND [--framework ID] [--role ROLE] [--capability ID] [--level N] [--json]"],
        discussion: """
            KIND is one of \(ListKind.allCases.map(\.rawValue).joined(separator: ", ")).
            roles lists the SSSC register parts; things lists the 23 Things of both programmes.
            Filters: --role and --capability for indicators; --framework and --capability for
            standards and things; --level (SCQF) for qualifications and units.
            """,
        options: [
            .value("framework", "ID", "Only items of this framework (see `crosswalk list frameworks`)"),
            .value("role", "ROLE", "Only indicators for frontline, manager or strategic", choices: Role.allCases.map(\.rawValue)),
            .value("capability", "ID", "Only items linked to this capability, e.g. empowering", choices: Capability.ids),
            .value("level", "N", "Only this SCQF level"),
            .db, .json,
        ],
        examples: [
            ("crosswalk list capabilities", ""),
            ("crosswalk list indicators --capability vision --role manager", ""),
            ("crosswalk list standards --framework lmcs-nos", ""),
            ("crosswalk list qualifications --level 9", ""),
            ("crosswalk list things --capability self-leadership --json", ""),
        ],
        arguments: .choices(ListKind.allCases.map(\.rawValue)),
        run: { arguments, context in
            guard let word = arguments.positionals.first else {
                throw CrosswalkError.usage("list needs a kind: \(ListKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let kind = ListKind(rawValue: word) else {
                let hint = Suggest.closest(to: word, in: ListKind.allCases.map(\.rawValue), limit: 1).first.map { "; did you mean \($0)?" } ?? ""
                throw CrosswalkError.usage("unknown kind \"\(word)\"\(hint) (kinds: \(ListKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if arguments.positionals.count > 1 {
                throw CrosswalkError.usage("unexpected argument \"\(arguments.positionals[1])\"")
            }
            for filter in ["framework", "role", "capability", "level"] where arguments.value(filter) != nil && !kind.acceptedFilters.contains(filter) {
                throw CrosswalkError.usage("--\(filter) does not apply to `list \(kind.rawValue)`")
            }
            let filters = ListFilters(
                framework: arguments.value("framework"),
                role: try arguments.choice("role", from: Role.allCases.map(\.rawValue)),
                capability: try arguments.choice("capability", from: Capability.ids),
                level: try arguments.int("level", in: 1...12))
            let catalog = try context.catalog(arguments)
            if let framework = filters.framework, case .notFound(let suggestions) = try catalog.resolve(framework) {
                throw CrosswalkError.failure("unknown framework \"\(framework)\"" + (suggestions.isEmpty ? "" : "; did you mean: \(suggestions.joined(separator: ", "))?"))
            }
            let listing = try catalog.list(kind, filters: filters)
            if arguments.flag("json") {
                context.printJSON(listing.json)
            } else if listing.rows.isEmpty {
                context.print("No \(kind.rawValue) match these filters.")
            } else {
                context.print(TextLayout.table(markInherited(listing), width: context.terminalWidth, style: context.style))
                if listing.columns.contains(where: { $0.key == "scqf_level_inherited" }),
                   listing.rows.contains(where: { $0.last == .bool(true) }) {
                    context.print(context.style.dim("* the level of the qualification the unit is in (its own is not recorded)"))
                }
                if kind == .frameworks { InteropCommands.renderLoaded(try catalog.casePackages(), context: context) }
            }
        }
    )

    /// Units: an inherited SCQF level reads "7*".
    static func markInherited(_ listing: Listing) -> Listing {
        guard let flag = listing.columns.firstIndex(where: { $0.key == "scqf_level_inherited" }),
              let level = listing.columns.firstIndex(where: { $0.key == "scqf_level" }) else { return listing }
        return Listing(columns: listing.columns, rows: listing.rows.map { row in
            guard row[flag] == .bool(true), case .int(let value) = row[level] else { return row }
            var marked = row
            marked[level] = .string("\(value)*")
            return marked
        })
    }

    static let showCommand = Command(
        name: "show",
        summary: "Show one item: its fields, provenance and links both ways",
        usage: ["show CODE [--json]"],
        discussion: """
            CODE is any code: a capability id, an indicator, a NOS code, an SQA unit code, a
            group award code, a qualification id, a quality indicator, a register part, or a
            Thing ("Thing 21", "23ELC-5"). Case and spaces are forgiven: h7lg04 finds H7LG 04.
            """,
        options: [.db, .json],
        examples: [
            ("crosswalk show empowering", ""),
            ("crosswalk show SCDLMCA1", "a NOS, with the units built on it and their qualifications"),
            ("crosswalk show 'H7LG 04'", ""),
            ("crosswalk show 'GJ9V 24'", "a qualification by its group award code"),
            ("crosswalk show 'Thing 21' --json", ""),
        ],
        arguments: .text,
        run: { arguments, context in
            guard !arguments.positionals.isEmpty else { throw CrosswalkError.usage("show needs a CODE") }
            let detail = try context.catalog(arguments).detail(arguments.positionals.joined(separator: " "))
            if arguments.flag("json") {
                context.printJSON(detail.json)
            } else {
                render(detail, context: context)
            }
        }
    )

    static func render(_ detail: ItemDetail, context: Context) {
        let style = context.style
        let width = context.terminalWidth
        context.print(style.bold(TextLayout.heading(detail.code, detail.title, width: width)))
        context.print(style.dim(detail.kind))
        context.print()
        context.print(TextLayout.fields(detail.fields + provenanceFields(detail.provenance), width: width, style: style))
        printAddresses(detail.provenance, context: context)
        for section in detail.sections where !section.rows.isEmpty {
            context.print()
            context.print(style.bold(section.title))
            let codeWidth = min(28, (section.rows.map(\.code.count).max() ?? 0) + 2)
            for row in section.rows {
                let text = row.text + (row.note.map { " [\($0)]" } ?? "")
                let lead = "  " + row.code.column(codeWidth)
                context.print(lead + TextLayout.wrap(text, width: width, indent: codeWidth + 2, firstLineUsed: TextLayout.width(of: lead)))
            }
        }
        for direction in ["out", "in"] {
            let links = detail.links.filter { $0.direction == direction }
            guard !links.isEmpty else { continue }
            context.print()
            context.print(style.bold(direction == "out" ? "Links from this item" : "Links to this item"))
            let labelWidth = (links.map(\.label.count).max() ?? 0) + 2
            let codeWidth = min(26, (links.map(\.code.count).max() ?? 0) + 2)
            for link in links {
                let strength = TextLayout.format2(link.strength)
                let code = link.code.column(codeWidth)
                context.print("  " + link.label.padding(to: labelWidth) + style.accent(code)
                              + TextLayout.wrap(link.title, width: width, indent: labelWidth + codeWidth + 2,
                                                firstLineUsed: 2 + labelWidth + TextLayout.width(of: code)))
                var detailLine = "\(link.origin), \(link.status), strength \(strength): \(link.rationale)"
                if let extra = link.context { detailLine += " — " + extra }
                context.print(String(repeating: " ", count: labelWidth + 2)
                              + style.dim(TextLayout.wrap(detailLine, width: width - 2, indent: labelWidth + 2)))
            }
        }
    }

    /// Document (with its publisher, edition and address) and status, as label/value fields.
    static func provenanceFields(_ provenance: Provenance) -> [(String, String)] {
        var fields: [(String, String)] = []
        if let document = provenance.document {
            fields.append(("Document", document.citation + (document.status == "uncertain" ? " (not identified)" : "")))
            if let note = document.note { fields.append(("Note", note)) }
        }
        fields.append(("Status", "\(provenance.status) (\(provenance.origin))"))
        return fields
    }

    /// The addresses: the publisher's, and where the fact was read (a URL cannot be broken, so
    /// each gets a line of its own).
    static func printAddresses(_ provenance: Provenance, context: Context) {
        let style = context.style
        let width = context.terminalWidth
        if let url = provenance.document?.url, url != provenance.sourceURL {
            context.print(style.dim("Publisher's URL:"))
            context.print("  " + TextLayout.wrap(url, width: width, indent: 2))
        }
        context.print(style.dim("Read at:"))
        context.print("  " + TextLayout.wrap(provenance.sourceURL, width: width, indent: 2))
        if let mirror = DocumentMirrors.mirror(in: provenance.sourceURL) {
            context.print("  " + style.dim(TextLayout.wrap("(a copy on \(mirror), not the publisher's: the document is named above)",
                                                           width: width, indent: 2)))
        }
    }

    static let searchCommand = Command(
        name: "search",
        summary: "Full-text search over every item, best matches first",
        usage: ["search WORDS... [--limit N] [--json]", "search - [--limit N] [--json]"],
        discussion: """
            Finds items having all the words (any of them, when nothing has all); word endings
            are folded ("supervising" finds "supervision"). Anything may be typed: quotes,
            brackets and operators are treated as plain words. `-` reads the words from
            standard input (up to 8 MB); a long text is searched by its first 256 distinct
            words. To search for a word starting with -, put -- before it.
            """,
        options: [.value("limit", "N", "At most N results (default 20)"), .db, .json],
        examples: [
            ("crosswalk search safeguarding", ""),
            ("crosswalk search co-production with carers", ""),
            ("crosswalk search \"test of change\" --json", ""),
        ],
        arguments: .text,
        run: { arguments, context in
            let words = try context.readText(file: nil, positionals: arguments.positionals, pipedInput: false) ?? ""
            guard !words.trimmed().isEmpty else { throw CrosswalkError.usage("search needs WORDS (or - for standard input)") }
            let hits = try context.catalog(arguments).search(words, limit: try arguments.int("limit", in: 1...1000) ?? 20)
            if arguments.flag("json") {
                context.printJSON(.array(hits.map(\.json)))
                return
            }
            guard !hits.isEmpty else {
                let flat = words.prefix(200).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                let shown = flat.count > 60 ? String(flat.prefix(59)) + "…" : flat
                context.print(TextLayout.wrap("Nothing matches \"\(shown)\".", width: context.terminalWidth, indent: 0))
                return
            }
            let style = context.style
            let codeWidth = min(24, (hits.map(\.code.count).max() ?? 0) + 2)
            for hit in hits {
                let code = hit.code.column(codeWidth)
                context.print(style.accent(code) + TextLayout.wrap(hit.title + " (\(hit.kind))", width: context.terminalWidth, indent: codeWidth,
                                                                   firstLineUsed: TextLayout.width(of: code)))
                context.print(String(repeating: " ", count: codeWidth)
                              + style.highlight(TextLayout.wrap(hit.snippet, width: context.terminalWidth, indent: codeWidth)))
            }
        }
    )
}
