import CrosswalkKit

/// `crosswalk import` and `crosswalk check`: loading and validating the reference data.
enum DataCommands {
    static let dataOption = Option.value("data", "DIR", "Folder of CSV files to load (default: the data built into crosswalk)")

    static let importCommand = Command(
        name: "import",
        summary: "Validate a data folder and load it into the reference database",
        usage: ["import [--data DIR] [--db PATH] [--json]"],
        discussion: """
            Checks every file first and reports every problem as FILE:LINE: COLUMN: message;
            nothing is written unless all of it is valid. The load is one transaction: the
            database holds either the old data or the new, never a mix.
            Without --data, loads the data built into this crosswalk.
            """,
        options: [dataOption, .db, .json],
        examples: [
            ("crosswalk import", "rebuild the default database from the built-in data"),
            ("crosswalk import --data ./Data --db /tmp/reference.db", "load an edited copy of the data into another database"),
        ],
        run: { arguments, context in
            try arguments.noPositionals()
            let source = try arguments.value("data").map(DataSource.directory) ?? .embedded
            let path = arguments.value("db") ?? ReferenceDatabase.defaultPath(environment: context.environment)
            let database = try ReferenceDatabase.openForImport(path: path)
            let summary = try Importer.load(source, into: database, progress: context.progress)
            render(summary, verb: "imported into \(path)", arguments: arguments, context: context)
        }
    )

    static let checkCommand = Command(
        name: "check",
        summary: "Validate a data folder without writing anything",
        usage: ["check [--data DIR] [--json]"],
        discussion: "Exits 0 when the data is valid, 1 with one line per problem when it is not.",
        options: [dataOption, .json],
        examples: [
            ("crosswalk check --data ./Data", "validate the CSV files after editing them in a spreadsheet"),
        ],
        run: { arguments, context in
            try arguments.noPositionals()
            let source = try arguments.value("data").map(DataSource.directory) ?? .embedded
            let summary = try Importer.check(source)
            render(summary, verb: "valid", arguments: arguments, context: context)
        }
    )

    static func render(_ summary: ImportSummary, verb: String, arguments: ParsedArguments, context: Context) {
        if arguments.flag("json") {
            context.printJSON(.object([
                ("source", .string(summary.source)),
                ("counts", .object(summary.counts.map { ($0.entity, .int($0.rows)) })),
                ("computed_links", .int(summary.computedLinks)),
            ]))
            return
        }
        var rows = summary.counts.map { [$0.entity, String($0.rows)] }
        if summary.computedLinks > 0 { rows.append(["links (computed)", String(summary.computedLinks)]) }
        context.print(TextLayout.table(headers: ["ENTITY", "ROWS"], rows: rows, width: context.terminalWidth, style: context.style))
        let total = summary.counts.reduce(0) { $0 + $1.rows }
        context.print("\(total) rows from \(summary.source): \(verb)")
    }
}
