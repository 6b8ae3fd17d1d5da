import CrosswalkKit

/// `crosswalk import` and `crosswalk check`: loading and validating the reference data (CASE
/// packages: `InteropCommands`).
enum DataCommands {
    static let dataOption = Option.value("data", "DIR", "Folder of CSV files to load (default: the data built into crosswalk)")

    static let importCommand = Command(
        name: "import",
        summary: "Validate a data folder and load it into the reference database",
        usage: ["import [--data DIR] [--db PATH] [--json]",
                "import --case FILE|DIR... [--remove-case ID|FILE]... [--data DIR] [--db PATH] [--json]"],
        discussion: """
            Checks every file first and reports every problem as FILE:LINE: COLUMN: message;
            nothing is written unless all of it is valid. The load is one transaction: the
            database holds either the old data or the new, never a mix.
            Without --data, loads the data built into this crosswalk.

            --case loads 1EdTech CASE packages (JSON) on top of the data: each framework with
            its items (top-level items become standards, the items under them elements;
            capabilities and their indicators where the package says so) and its associations
            as links. Items coded like ours (humanCodingScheme SCDLMCA1) replace our text with
            theirs and keep every link. Problems are reported as FILE: JSON-PATH: message and
            nothing is written. Packages are kept in the database: loading one again replaces
            what it loaded before, and they are applied again whenever the data is rebuilt.
            With --case and no --data, the data is what the database was loaded from;
            --remove-case takes a package loaded before out again.
            """,
        options: [dataOption, InteropCommands.caseOption, InteropCommands.removeCaseOption, .db, .json],
        examples: [
            ("crosswalk import", "rebuild the default database from the built-in data"),
            ("crosswalk import --data ./Data --db /tmp/reference.db", "load an edited copy of the data into another database"),
            ("crosswalk import --case lmcs-nos-official.json", "official NOS text from a CASE package"),
            ("crosswalk import --case packages/", "every .json package in a folder, in one transaction"),
            ("crosswalk import --remove-case lmcs-nos-official.json", "take a package out again"),
        ],
        run: { arguments, context in
            try arguments.noPositionals()
            if !arguments.all("case").isEmpty || !arguments.all("remove-case").isEmpty {
                return try InteropCommands.runImport(arguments, context: context)
            }
            let source = try arguments.value("data").map(DataSource.directory) ?? .embedded
            let path = arguments.value("db") ?? ReferenceDatabase.defaultPath(environment: context.environment)
            let summary = try ReferenceDatabase.importData(source, path: path, progress: context.progress)
            render(summary, verb: "imported into \(path)", arguments: arguments, context: context)
            if !arguments.flag("json"), summary.casePackages.packages.contains(where: { $0.state == .reapplied }) {
                context.print()
                context.print("CASE packages loaded before, applied again:")
                InteropCommands.render(summary.casePackages, context: context)
            } else {
                InteropCommands.warnDropped(summary.casePackages, context: context)
            }
        }
    )

    static let checkCommand = Command(
        name: "check",
        summary: "Validate a data folder without writing anything",
        usage: ["check [--data DIR] [--json]", "check --case FILE|DIR... [--db PATH] [--json]"],
        discussion: """
            Exits 0 when the data is valid, 1 with one line per problem when it is not.
            --case checks CASE packages against the reference database as it is (what their
            associations point at must be in a package given or in the database), reports every
            problem as FILE: JSON-PATH: message, and shows what `import --case` would load.
            """,
        options: [dataOption, InteropCommands.caseOption, .db, .json],
        examples: [
            ("crosswalk check --data ./Data", "validate the CSV files after editing them in a spreadsheet"),
            ("crosswalk check --case lmcs-nos-official.json", "validate a CASE package before loading it"),
        ],
        run: { arguments, context in
            try arguments.noPositionals()
            if !arguments.all("case").isEmpty { return try InteropCommands.runCheck(arguments, context: context) }
            if arguments.value("db") != nil { throw CrosswalkError.usage("--db applies to check --case only") }
            let source = try arguments.value("data").map(DataSource.directory) ?? .embedded
            let summary = try Importer.check(source)
            render(summary, verb: "valid", arguments: arguments, context: context)
        }
    )

    static func json(_ summary: ImportSummary) -> JSON {
        .object([
            ("source", .string(summary.source)),
            ("counts", .object(summary.counts.map { ($0.entity, .int($0.rows)) })),
            ("computed_links", .int(summary.computedLinks)),
            ("case_packages", .array(summary.casePackages.packages.map(\.json))),
        ])
    }

    static func render(_ summary: ImportSummary, verb: String, arguments: ParsedArguments, context: Context) {
        if arguments.flag("json") {
            context.printJSON(json(summary))
            return
        }
        var rows = summary.counts.map { [$0.entity, String($0.rows)] }
        if summary.computedLinks > 0 { rows.append(["links (computed)", String(summary.computedLinks)]) }
        context.print(TextLayout.table(headers: ["ENTITY", "ROWS"], rows: rows, width: context.terminalWidth, style: context.style))
        let total = summary.counts.reduce(0) { $0 + $1.rows }
        context.print("\(total) rows from \(summary.source): \(verb)")
    }
}
