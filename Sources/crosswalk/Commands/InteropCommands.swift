import CrosswalkKit
import Foundation

/// `crosswalk export FORMAT`, and the CASE side of `crosswalk import` and `crosswalk check`.
enum InteropCommands {
    static let formats = InteropFormat.allCases.map(\.rawValue)

    static let exportCommand = Command(
        name: "export",
        summary: "Write frameworks as CASE packages, or for Moodle, Mahara or Totara",
        usage: ["export FORMAT [--framework ID]... [--out FILE|DIR] [--self-assess] [--json]"],
        discussion: """
            FORMAT is one of:
            - case: a 1EdTech CASE 1.1 package (JSON) per framework, for OpenSALT and other
              CASE servers, or to load into another crosswalk with `import --case`
            - moodle: one Moodle competency framework CSV (Site administration > Competencies >
              Import competency framework); several frameworks go into one Moodle framework so
              their cross-references survive
            - mahara: a SmartEvidence .matrix file per framework (Administration > Extensions >
              SmartEvidence > Import)
            - totara: one competency CSV for Totara's HR import; create the frameworks it names
              (frameworkidnumber) first

            --framework takes an id from `crosswalk list frameworks`, and may be repeated;
            without it every framework is written. case and mahara write one file per
            framework, so several frameworks need --out DIR; otherwise the file goes to
            standard output unless --out FILE is given. With --out, the files written are
            listed (--json: as JSON).
            """,
        options: [
            .value("framework", "ID", "A framework to write (default: all)", repeatable: true),
            .value("out", "FILE|DIR", "Write to FILE, or into the folder DIR (made if missing) for one file per framework"),
            .flag("self-assess", "mahara: let portfolio owners set their own evidence status"),
            .db, .json,
        ],
        examples: [
            ("crosswalk export moodle --framework sssc-leadership-capabilities \\\n      --framework lmcs-nos --out sssc-moodle.csv",
             "the capabilities and the LMCS NOS as one Moodle framework, NOS cross-referenced to capabilities"),
            ("crosswalk export mahara --framework sssc-leadership-capabilities \\\n      --framework lmcs-nos --out mahara/", "one .matrix each"),
            ("crosswalk export case --framework lmcs-nos > lmcs-nos.json", ""),
            ("crosswalk export case --out case/", "every framework as a CASE package"),
            ("crosswalk export totara --framework lmcs-nos --out lmcs-totara.csv", ""),
        ],
        arguments: .choices(formats),
        run: { arguments, context in
            guard let word = arguments.positionals.first else {
                throw CrosswalkError.usage("export needs a FORMAT: \(formats.joined(separator: ", "))")
            }
            guard let format = InteropFormat(rawValue: word) else {
                let hint = Suggest.closest(to: word, in: formats, limit: 1).first.map { "; did you mean \($0)?" } ?? ""
                throw CrosswalkError.usage("unknown format \"\(word)\"\(hint) (formats: \(formats.joined(separator: ", ")))")
            }
            if arguments.positionals.count > 1 { throw CrosswalkError.usage("unexpected argument \"\(arguments.positionals[1])\"") }
            if arguments.flag("self-assess"), format != .mahara { throw CrosswalkError.usage("--self-assess applies to mahara only") }
            let out = arguments.value("out")
            if out == nil, arguments.flag("json") {
                throw CrosswalkError.usage("--json lists the files written; give --out")
            }
            let database = try context.referenceDatabase(arguments)
            let documents = try InteropExport.render(format, frameworks: arguments.all("framework"), database: database,
                                                     selfAssess: arguments.flag("self-assess"))
            guard let out else {
                guard documents.count == 1 else {
                    throw CrosswalkError.usage("export \(format.rawValue) writes one file per framework; give --out DIR for \(documents.count) frameworks")
                }
                context.write(documents[0].text)
                return
            }
            let databasePath = arguments.value("db") ?? ReferenceDatabase.defaultPath(environment: context.environment)
            let protected = [databasePath, LearningLog.defaultPath(environment: context.environment)]
                .flatMap { path in ["", "-wal", "-shm", "-journal"].map { path + $0 } }
            let intoFolder = format.filePerFramework && (documents.count > 1 || out.hasSuffix("/") || isFolder(out))
            var written: [(path: String, document: InteropDocument)] = []
            if intoFolder {
                do {
                    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                } catch {
                    throw CrosswalkError.failure("cannot create folder \(out): \(error.localizedDescription)")
                }
                let folder = out.hasSuffix("/") ? String(out.dropLast()) : out
                written = documents.map { ((folder.isEmpty ? "/" : folder + "/") + $0.fileName, $0) }
            } else {
                if isFolder(out) { throw CrosswalkError.usage("--out \(out) is a folder; export \(format.rawValue) writes one file") }
                written = [(out, documents[0])]
            }
            for (path, _) in written {
                if let clash = protected.first(where: { FilePath.same(path, $0) }) {
                    throw CrosswalkError.usage("--out would overwrite \(clash); give another file")
                }
            }
            for (path, document) in written { try PrivateFile.write(Data(document.text.utf8), to: path) }
            if arguments.flag("json") {
                context.printJSON(.object([
                    ("format", .string(format.rawValue)),
                    ("files", .array(written.map { path, document in
                        .object([("path", .string(path)), ("frameworks", .strings(document.frameworks)),
                                 ("items", .int(document.items)), ("associations", .int(document.associations))])
                    })),
                ]))
                return
            }
            // Paths are never cut: the file column comes last and the table takes the room it needs.
            let counted = format == .case || format == .moodle
            let headers = ["ITEMS"] + (counted ? [format == .moodle ? "CROSS-REFS" : "ASSOCIATIONS"] : []) + ["FILE"]
            let rows = written.map { path, document in
                [String(document.items)] + (counted ? [String(document.associations)] : []) + [path]
            }
            let needed = headers.indices.map { column in (rows.map { $0[column].count } + [headers[column].count]).max()! }
                .reduce(0, +) + 2 * (headers.count - 1)
            context.print(TextLayout.table(headers: headers, rows: rows, width: max(context.terminalWidth, needed), style: context.style))
            let frameworks = Set(documents.flatMap(\.frameworks)).count
            context.print("Wrote \(written.count) \(format.rawValue) file\(written.count == 1 ? "" : "s") (\(frameworks) framework\(frameworks == 1 ? "" : "s")).")
            if format == .totara {
                let ids = documents.flatMap(\.frameworks).joined(separator: ", ")
                context.print(TextLayout.wrap("In Totara, create the competency framework\(frameworks == 1 ? "" : "s") with ID number\(frameworks == 1 ? "" : "s") \(ids) before the HR import.",
                                              width: context.terminalWidth, indent: 0))
            }
        }
    )

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    // MARK: import --case, check --case

    static let caseOption = Option.value(
        "case", "FILE|DIR", "A CASE 1.0/1.1 package (JSON), or a folder of them, to load on top of the data", repeatable: true)

    static let removeCaseOption = Option.value(
        "remove-case", "ID|FILE", "Take out a CASE package loaded before (its CFDocument identifier or file)", repeatable: true)

    /// `crosswalk import [--data DIR] --case FILE... --remove-case ID...`: the data (the folder,
    /// else what the database was loaded from) with the packages loaded before, but those
    /// removed, and these new ones applied on top.
    static func runImport(_ arguments: ParsedArguments, context: Context) throws {
        let packages = arguments.all("case").isEmpty ? [] : try CasePackageFile.read(arguments.all("case"))
        let path = arguments.value("db") ?? ReferenceDatabase.defaultPath(environment: context.environment)
        let (source, summary) = try ReferenceDatabase.importing(into: path) { database in
            let source = try arguments.value("data").map(DataSource.directory) ?? CaseImport.baseSource(of: database)
            return (source, try Importer.load(source, into: database, casePackages: packages,
                                              removingCasePackages: arguments.all("remove-case"), progress: context.progress))
        }
        if arguments.flag("json") {
            context.printJSON(DataCommands.json(summary))
            return
        }
        render(summary.casePackages, context: context)
        let base = source.label == "embedded" ? "the built-in data" : source.label
        let count = { (state: CaseLoadSummary.State) in summary.casePackages.packages.filter { $0.state == state }.count }
        let (loaded, again, removed) = (count(.loaded), count(.reapplied), count(.removed))
        func plural(_ count: Int) -> String { "\(count) CASE package\(count == 1 ? "" : "s")" }
        var line = loaded == 0 && removed > 0
            ? "Removed \(plural(removed)) from \(path), on \(base)"
            : "Loaded \(plural(loaded)) into \(path), on \(base)" + (removed > 0 ? "; removed \(removed)" : "")
        line += again > 0 ? "; \(again) loaded before applied again." : "."
        context.print(line)
    }

    /// `crosswalk check --case FILE...`: every problem, against the database as it is.
    static func runCheck(_ arguments: ParsedArguments, context: Context) throws {
        if arguments.value("data") != nil {
            throw CrosswalkError.usage("check one thing at a time: --data DIR or --case FILE")
        }
        let packages = try CasePackageFile.read(arguments.all("case"))
        let database = try context.referenceDatabase(arguments)
        let summary = try CaseImport.check(packages, database: database)
        if arguments.flag("json") {
            context.printJSON(.object([("case_packages", .array(summary.packages.map(\.json)))]))
            return
        }
        render(summary, context: context, showState: false)
        context.print("valid: \(packages.count) CASE package\(packages.count == 1 ? "" : "s") would load as shown")
    }

    static func render(_ summary: CaseLoadSummary, context: Context, showState: Bool = true) {
        let shown = summary.packages.filter { $0.state != .dropped && $0.state != .removed }
        for package in summary.packages where package.state == .removed {
            context.print("Removed CASE package \(package.file) (\(package.title)).")
        }
        if !shown.isEmpty {
            let rows = shown.map { package in
                [URL(fileURLWithPath: package.file).lastPathComponent, package.framework + (package.newFramework ? " *" : ""),
                 String(package.createdTotal), String(package.updated), String(package.links)] + (showState ? [package.state.rawValue] : [])
            }
            context.print(TextLayout.table(headers: ["PACKAGE", "FRAMEWORK", "NEW", "UPDATED", "LINKS"] + (showState ? ["STATE"] : []),
                                           rows: rows, width: context.terminalWidth, style: context.style, flexible: 0))
            if shown.contains(where: \.newFramework) { context.print("* a framework of its own, new to the reference data") }
        }
        warnDropped(summary, context: context)
    }

    /// Under `list frameworks`: the CASE packages loaded into the database.
    static func renderLoaded(_ packages: [LoadedCasePackage], context: Context) {
        guard !packages.isEmpty else { return }
        context.print()
        context.print(context.style.bold("Loaded from CASE packages") + " (applied again whenever the data is rebuilt)")
        for package in packages {
            let counts = "\(package.created) new, \(package.updated) updated, \(package.links) link\(package.links == 1 ? "" : "s"); loaded \(package.loadedAt)"
            context.print("  " + TextLayout.wrap("\(package.framework): \(package.title) (\(package.file)), \(counts)",
                                                 width: context.terminalWidth - 2, indent: 4))
        }
    }

    /// A package loaded before that no longer applies is named, with why and what to do.
    static func warnDropped(_ summary: CaseLoadSummary, context: Context) {
        for package in summary.packages where package.state == .dropped {
            context.warn("CASE package \(package.file) (\(package.title)) no longer applies to the reference data and was removed: "
                         + (package.problems.first ?? "unknown problem")
                         + (package.problems.count > 1 ? " (and \(package.problems.count - 1) more)" : "")
                         + "; load it again with `crosswalk import --case \(package.file)` once it fits")
        }
    }
}
