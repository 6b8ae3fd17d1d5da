import CrosswalkKit
import Foundation

/// `crosswalk log ...`: the worker's continuous professional learning record.
enum LogCommands {
    static let logDB = Option.value("log-db", "PATH", "Log file (default: $CROSSWALK_LOG or the data folder's log.db)")
    static let from = Option.value("from", "DATE", "Only entries on or after this day (YYYY-MM-DD)")
    static let to = Option.value("to", "DATE", "Only entries on or before this day (YYYY-MM-DD)")
    static let file = Option.value("file", "PATH", "Read the entry text from this file (- for standard input)")
    static let role = Option.value("role", "ROLE", "frontline, manager or strategic (default: `log config role`)", choices: Role.allCases.map(\.rawValue))
    static let hours = Option.value("hours", "H", "Hours of learning, e.g. 1.5")
    static let thing = Option.value("thing", "N", "A Thing's number (22) or code (23L-22, 23ELC-5)")
    static let element = Option.value("element", "E", "CPL core learning element: CPL-6, 6, or a part of its title")

    static let group = Command(
        name: "log",
        summary: "Keep a continuous professional learning (CPL) log with capability and standard references",
        usage: ["log COMMAND [OPTIONS]"],
        discussion: """
            Each entry is read by the mapper, which attaches its best capability,
            indicator and standard references as suggestions; confirm, add or reject
            them with `log refs`. Only confirmed references count as evidence in
            summaries and exports. The log is its own file, readable only by you:
            ~/.local/share/crosswalk/log.db, or $CROSSWALK_LOG, or --log-db PATH.
            """,
        examples: [
            ("crosswalk log add --title \"Supervision\" --hours 1 --file reflection.txt", ""),
            ("crosswalk log refs 1 --accept-all", ""),
            ("crosswalk log summary --from 2025-01-01", ""),
            ("crosswalk log export --format md --out cpl-record.md", ""),
        ],
        subcommands: [add, list, show, edit, delete, refs, summary, check, export, importCommand, config]
    )

    // MARK: add

    static let add = Command(
        name: "add",
        summary: "Record a piece of learning and attach suggested references",
        usage: ["log add --title T [OPTIONS] [TEXT... | --file PATH | -]"],
        discussion: """
            The text is the words after the options, a file (--file), or standard input
            (-). The mapper reads the title and text and attaches its best capability,
            indicator and standard references as `suggested`; review them with
            `crosswalk log refs ID`. Without --element, the CPL core learning element is
            suggested from the text. With --thing, the text is checked against that
            Thing's minimum length (200 or 400 words): a short entry is still stored,
            and a warning on stderr says how many words are missing, so you can finish
            it later with `crosswalk log edit ID --file PATH`. A Thing number means the
            programme set by `log config programme` (default: 23 Things Leadership);
            give 23ELC-N for the ELC programme.
            """,
        options: [
            .value("title", "T", "What the learning was (required)"),
            .value("date", "DATE", "The day of the learning (default: today)"),
            hours, thing, element, role, file, logDB, .db, .json,
        ],
        examples: [
            ("crosswalk log add --title \"ASP course\" --element 4 --hours 3 Signs of harm", ""),
            ("crosswalk log add --title \"Thing 22\" --thing 22 --file thing22.txt", "a 23 Things reflection, checked for its 400 words"),
            ("cat notes.txt | crosswalk log add --title \"Team meeting\" --date 2025-03-14 -", "text from standard input"),
        ],
        arguments: .text,
        run: { arguments, context in
            guard let title = arguments.value("title")?.trimmed(), !title.isEmpty else {
                throw CrosswalkError.usage("log add needs --title T (what the learning was)")
            }
            let date = try arguments.value("date").map { try LogDate.validated($0, option: "date") } ?? LogDate.today()
            let hours = try arguments.double("hours", in: LogEntry.hoursRange)
            let text = try readText(arguments.positionals, arguments: arguments, context: context) ?? ""
            let reference = try context.referenceDatabase(arguments)
            let recorder = try LogRecorder(log: context.learningLog(arguments), reference: reference)
            let recorded = try recorder.add(.init(title: title, date: date, text: text, hours: hours, thing: arguments.value("thing"),
                                                  element: arguments.value("element"), role: try chosenRole(arguments)))
            let entry = recorded.entry
            if let message = recorded.wordCheck?.message { context.warn(message) }

            if arguments.flag("json") {
                context.printJSON(.object([("entry", entry.json), ("word_check", recorded.wordCheck?.json ?? .null),
                                           ("counts_towards", .array(recorded.countsTowards.map(\.json)))]))
                return
            }
            context.print("Added entry \(entry.id) (\(entry.date)): \(entry.title)")
            let change = "`crosswalk log edit \(entry.id) --element E`"
            let elementLine = recorded.element.map { element in
                "\(element.code) \(element.title)" + (recorded.elementChosen ? "" : ", suggested from the text (change it with \(change))")
            } ?? "none found in the text (set one with \(change))"
            context.print("CPL element: " + TextLayout.wrap(elementLine, width: context.terminalWidth, indent: 13))
            renderCountsTowards(recorded.countsTowards, context: context)
            if entry.references.isEmpty {
                context.print("No references suggested; add them with `crosswalk log refs \(entry.id) +CODE`.")
            } else {
                context.print()
                context.print(context.style.bold("Suggested references") + " (confirm with `crosswalk log refs \(entry.id) --accept-all`):")
                context.print(try referenceTable(entry.references, lookup: ReferenceLookup(database: reference), context: context))
            }
        }
    )

    /// "Counts towards: SVQ … (GJ9V 24), named in the text": a qualification is what an entry
    /// counts towards, never one of its references.
    static func renderCountsTowards(_ counts: [LogRecorder.CountsTowards], context: Context) {
        guard !counts.isEmpty else { return }
        let text = counts.map { "\($0.name), \($0.because)" }.joined(separator: "; ")
        context.print("Counts towards: " + TextLayout.wrap(text, width: context.terminalWidth, indent: 16))
    }

    // MARK: list

    static let list = Command(
        name: "list",
        summary: "List entries, oldest first",
        usage: ["log list [--from D] [--to D] [--capability ID] [--json]"],
        discussion: """
            REFS shows confirmed/suggested references: 2/3 means two confirmed and three
            suggestions waiting for review. --capability keeps the entries that evidence
            the capability, by the rule `log summary`, the exports and `plan --with-log`
            share: a confirmed reference to the capability, to one of its indicators, or to
            an item linked to it at 0.6 or more (the entry's Thing counts as confirmed).
            """,
        options: [from, to, .value("capability", "ID", "Only entries that evidence this capability", choices: Capability.ids),
                  logDB, .db, .json],
        examples: [
            ("crosswalk log list", ""),
            ("crosswalk log list --from 2025-01-01 --to 2025-03-31", ""),
            ("crosswalk log list --capability self-leadership --json", ""),
        ],
        run: { arguments, context in
            try arguments.noPositionals()
            var filter = try dateFilter(arguments)
            let log = try context.learningLog(arguments, .read)
            if let capability = try arguments.choice("capability", from: Capability.ids) {
                // The entries' outlines are read first, for what they evidence.
                let evidence = try LogEvidence(log: log, filter: filter,
                                               lookup: ReferenceLookup(database: context.referenceDatabase(arguments)))
                filter.ids = evidence.entryIDs(evidencing: capability)
            }
            if arguments.flag("json") {
                // Written entry by entry: a long log is never held whole.
                try context.stream(visible: false) { out in
                    var entries = JSON.ArrayStream(depth: 0)
                    try log.forEachEntry(filter) { try out.write(entries.next($0.json)) }
                    try out.write(entries.end() + "\n")
                }
                return
            }
            var rows: [[String]] = []
            var total = 0.0
            try log.forEachOutline(filter) { entry in
                rows.append([String(entry.id), entry.date, entry.hours.map(TextFormat.hours) ?? "-", entry.element ?? "-",
                             entry.thing ?? "-", "\(entry.references(.confirmed).count)/\(entry.references(.suggested).count)", entry.title])
                total += entry.hours ?? 0
            }
            guard !rows.isEmpty else {
                context.print(try log.count == 0
                    ? "The log is empty. Add an entry with `crosswalk log add --title T TEXT`."
                    : "No entries match.")
                return
            }
            context.print(TextLayout.table(headers: ["ID", "DATE", "HOURS", "CPL", "THING", "REFS", "TITLE"], rows: rows,
                                           width: context.terminalWidth, style: context.style))
            context.print(context.style.dim("\(rows.count) entr\(rows.count == 1 ? "y" : "ies"), \(TextFormat.hours(total)) hour\(total == 1 ? "" : "s")"))
        }
    )

    // MARK: show

    static let show = Command(
        name: "show",
        summary: "Show one entry with its text and references",
        usage: ["log show ID [--check [--have QUAL]...] [--json]"],
        discussion: """
            --check reads an entry written for a Thing (`log add --thing N`) as
            `crosswalk thing N --check` reads a draft: is it ready to send? (words
            against the minimum, each prompt answered or not, what to add). The entry is
            read for the role it was added with.
            """,
        options: [.flag("check", "Check the entry against its Thing's prompts and minimum words"),
                  .value("have", "QUAL", "A qualification you hold, for Thing 23's route", repeatable: true),
                  logDB, .db, .json],
        examples: [("crosswalk log show 3", ""), ("crosswalk log show 3 --json", ""),
                   ("crosswalk log show 4 --check", "is the Thing 21 reflection in entry 4 ready to send?")],
        arguments: .text,
        run: { arguments, context in
            let id = try entryID(arguments, command: "log show")
            guard arguments.positionals.count == 1 else { throw CrosswalkError.usage("log show takes one ID") }
            let log = try context.learningLog(arguments, .read)
            let entry = try log.entry(id)
            if arguments.flag("check") {
                guard let code = entry.thing else {
                    throw CrosswalkError.usage("entry \(id) is not written for a Thing; give it one with `crosswalk log edit \(id) --thing N`")
                }
                guard !entry.text.trimmed().isEmpty else {
                    throw CrosswalkError.usage("entry \(id) has no text to check; add it with `crosswalk log edit \(id) --file PATH`")
                }
                let reference = try context.referenceDatabase(arguments)
                let catalog = ThingCatalog(database: reference)
                guard let thing = try ReferenceLookup(database: reference).thing(code: code) else {
                    throw CrosswalkError.failure("entry \(id) is written for \(code), which the reference data no longer has (see `crosswalk log check`)")
                }
                let reading = try ThingCommands.Reading(role: entry.role, log: log)
                let check = try ReadinessCheck(card: catalog.card(thing), text: entry.text, role: reading.role,
                                               mapper: Mapper(database: reference), route: reading.route(arguments))
                if arguments.flag("json") {
                    context.printJSON(check.json)
                } else {
                    ThingCommands.renderCheck(check, context: context)
                }
                return
            }
            if !arguments.all("have").isEmpty { throw CrosswalkError.usage("--have goes with --check") }
            if arguments.flag("json") {
                context.printJSON(entry.json)
                return
            }
            try render(entry, log: log, lookup: ReferenceLookup(database: context.referenceDatabase(arguments)), context: context)
        }
    )

    static func render(_ entry: LogEntry, log: LearningLog, lookup: ReferenceLookup, context: Context) throws {
        let style = context.style
        let width = context.terminalWidth
        context.print(style.bold(TextLayout.heading(String(entry.id), entry.title, width: width)))
        var line = [LogDate.long(entry.date)]
        if let hours = entry.hours { line.append("\(TextFormat.hours(hours)) hour\(hours == 1 ? "" : "s")") }
        line.append("\(entry.words) word\(entry.words == 1 ? "" : "s")")
        line.append("read as \(entry.role.rawValue)")
        context.print(style.dim(line.joined(separator: " · ")))
        context.print()
        var fields: [(String, String)] = []
        if let code = entry.element {
            let element = try lookup.cplElements().first { $0.code == code }
            let how = entry.elementSource == .mapper ? " (suggested from the text)" : ""
            fields.append(("CPL element", "\(code) \(element?.title ?? "(not in the reference data)")\(how)"))
        } else {
            fields.append(("CPL element", "none (set one with `crosswalk log edit \(entry.id) --element E`)"))
        }
        if let code = entry.thing {
            if let thing = try lookup.thing(code: code) {
                let check = WordCheck(thing: thing, words: entry.words)
                let length = thing.minWords.map { check.missing > 0 ? "\(check.missing) words short of its \($0)" : "meets its \($0) words" }
                    ?? "minimum length not known"
                fields.append(("Thing", "Thing \(thing.number) (\(thing.code)) \(thing.title); \(length)"))
            } else {
                fields.append(("Thing", "\(code) (not in the reference data)"))
            }
        }
        let counts = try LogRecorder(log: log, reference: lookup.database).countsTowards(entry)
        if !counts.isEmpty {
            fields.append(("Counts towards", counts.map { "\($0.name), \($0.because)" }.joined(separator: "; ")))
        }
        fields.append(("Recorded", entry.createdAt + (entry.updatedAt != entry.createdAt ? ", changed \(entry.updatedAt)" : "")))
        fields.append(("UUID", entry.uuid))
        context.print(TextLayout.fields(fields, width: width, style: style))
        if !entry.text.isEmpty {
            context.print()
            for paragraph in entry.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init) {
                context.print(paragraph.isEmpty ? "" : "  " + TextLayout.wrap(paragraph, width: width, indent: 2))
            }
        }
        for status in [LogReference.Status.confirmed, .suggested, .rejected] {
            let references = entry.references(status)
            guard !references.isEmpty else { continue }
            context.print()
            let hint = status == .suggested ? " (review with `crosswalk log refs \(entry.id) --accept-all`, +CODE, -CODE)" : ""
            context.print(style.bold(status.rawValue.capitalized) + hint)
            context.print(try referenceTable(references, lookup: lookup, context: context))
        }
        // The passages of the text that earned the references, each once, with what it
        // evidences: the worker (or an assessor) can check every claim.
        var passages: [(text: String, codes: [String])] = []
        for reference in entry.references where reference.status != .rejected {
            guard let passage = reference.passage else { continue }
            if let index = passages.firstIndex(where: { $0.text == passage }) {
                passages[index].codes.append(reference.code)
            } else {
                passages.append((passage, [reference.code]))
            }
        }
        if !passages.isEmpty {
            context.print()
            context.print(style.bold("Evidence in the text") + style.dim("  the passage behind each reference"))
            for (passage, codes) in passages {
                context.print("  " + Quote.render(Passage(index: 0, start: 0, end: passage.unicodeScalars.count, text: passage),
                                                  support: .init(passage: 0, matched: []), width: width, indent: 3, lines: 2, style: style))
                context.print("    " + style.dim(TextLayout.wrap(codes.joined(separator: ", "), width: width, indent: 4)))
            }
        }
        if entry.references.isEmpty {
            context.print()
            context.print("No references; add them with `crosswalk log refs \(entry.id) +CODE`.")
        }
    }

    // MARK: edit

    static let edit = Command(
        name: "edit",
        summary: "Change an entry; a new text or title is mapped again",
        usage: ["log edit ID [OPTIONS] [TEXT... | --file PATH | -]"],
        discussion: """
            Only what you give changes. A new text, title or role is read by the mapper
            again: its old suggestions are replaced, while references you confirmed or
            rejected stay. --element auto goes back to the element suggested from the
            text; a suggested element follows the text when it changes. `none` clears
            --hours, --thing or --element.
            """,
        options: [.value("title", "T", "New title"), .value("date", "DATE", "New date (YYYY-MM-DD)"),
                  .value("hours", "H", "New hours, or none"), .value("thing", "N", "Thing number or code, or none"),
                  .value("element", "E", "CPL element (code, number or title part), auto, or none"),
                  role, file, logDB, .db, .json],
        examples: [
            ("crosswalk log edit 3 --hours 2.5", ""),
            ("crosswalk log edit 3 --file thing22-final.txt", "replace the text with the finished reflection"),
            ("crosswalk log edit 3 --element 7", "CPL-7 Leadership and quality assurance"),
        ],
        arguments: .text,
        run: { arguments, context in
            let id = try entryID(arguments, command: "log edit")
            var edit = EntryEdit(text: try readText(Array(arguments.positionals.dropFirst()), arguments: arguments, context: context))
            let changing = ["title", "date", "hours", "thing", "element", "role"].filter { arguments.value($0) != nil }
            guard edit.text != nil || !changing.isEmpty else {
                throw CrosswalkError.usage("log edit \(id) needs something to change: --title, --date, --hours, --thing, --element, --role or new text")
            }
            if let title = arguments.value("title") {
                edit.title = title.trimmed()
                if edit.title?.isEmpty == true { throw CrosswalkError.usage("--title cannot be empty") }
            }
            if let date = arguments.value("date") { edit.date = try LogDate.validated(date, option: "date") }
            if let value = arguments.value("hours") {
                edit.hours = try value == "none" ? .clear : arguments.double("hours", in: LogEntry.hoursRange).map { .set($0) }
            }
            edit.role = try chosenRole(arguments)
            if let value = arguments.value("thing") { edit.thing = value == "none" ? .clear : .set(value) }
            switch arguments.value("element") {
            case "none"?: edit.element = .clear
            case "auto"?: edit.element = .auto
            case let choice?: edit.element = .set(choice)
            case nil: break
            }
            let reference = try context.referenceDatabase(arguments)
            let recorded = try LogRecorder(log: context.learningLog(arguments), reference: reference).edit(id, edit)
            let saved = recorded.entry
            if let message = recorded.wordCheck?.message { context.warn(message) }
            if arguments.flag("json") {
                context.printJSON(saved.json)
                return
            }
            context.print("Updated entry \(saved.id): \(saved.title)")
            if recorded.remapped {
                let open = saved.references(.suggested)
                context.print(open.isEmpty
                    ? "The text was read again: no new suggestions."
                    : "The text was read again. Suggestions now (review with `crosswalk log refs \(saved.id)`):")
                if !open.isEmpty { context.print(try referenceTable(open, lookup: ReferenceLookup(database: reference), context: context)) }
            }
        }
    )

    // MARK: delete

    static let delete = Command(
        name: "delete",
        summary: "Delete entries (asks first, unless --yes)",
        usage: ["log delete ID... [--yes]"],
        discussion: """
            Asks for confirmation on a terminal. When standard input is not a terminal
            (a script), nothing is deleted without --yes. Several ids are deleted
            together or not at all.
            """,
        options: [.flag("yes", "Delete without asking"), logDB],
        examples: [("crosswalk log delete 7", ""), ("crosswalk log delete 7 8 --yes", "")],
        arguments: .text,
        run: { arguments, context in
            guard !arguments.positionals.isEmpty else { throw CrosswalkError.usage("log delete needs an entry ID") }
            var seen = Set<Int>()
            let ids = try arguments.positionals.map { word -> Int in
                guard let id = Int(word), id > 0 else { throw CrosswalkError.usage("log delete takes entry ids (numbers), not \"\(word)\"") }
                return id
            }.filter { seen.insert($0).inserted }
            let log = try context.learningLog(arguments)
            let entries = try ids.map { try log.entry($0) }
            if !arguments.flag("yes") {
                guard context.stdinIsTerminal else {
                    throw CrosswalkError.usage("log delete asks before deleting, and standard input is not a terminal; add --yes to delete without asking")
                }
                let names = entries.map { "\($0.id) (\($0.date): \($0.title))" }.joined(separator: ", ")
                context.prompt("Delete entry \(names) and its references? [y/N] ")
                let answer = readLine()?.trimmed().lowercased() ?? ""
                guard answer == "y" || answer == "yes" else {
                    context.print("Nothing deleted.")
                    return
                }
            }
            try log.delete(ids)
            for entry in entries { context.print("Deleted entry \(entry.id) (\(entry.date)): \(entry.title)") }
        }
    )

    // MARK: refs

    static let refs = Command(
        name: "refs",
        summary: "Confirm, add or reject an entry's references",
        usage: ["log refs ID [+CODE]... [-CODE]... [--accept-all] [--json]"],
        discussion: """
            +CODE confirms a suggestion, or adds the code as your own confirmed
            reference. -CODE rejects it: it stops counting and is never suggested again
            for this entry. --accept-all confirms every suggestion (then -CODE rejects
            the ones you do not want). Codes are forgiving: +scdlmca1 finds SCDLMCA1.
            With no changes, lists the references.
            """,
        options: [.flag("accept-all", "Confirm every suggested reference"), logDB, .db, .json],
        examples: [
            ("crosswalk log refs 3", "list entry 3's references"),
            ("crosswalk log refs 3 --accept-all -SCDLMCA1", "confirm all suggestions except one"),
            ("crosswalk log refs 3 +vision/F2 +SCDHSC0033 -creativity-and-innovation", ""),
        ],
        arguments: .text,
        dashArguments: true,
        run: { arguments, context in
            let id = try entryID(arguments, command: "log refs")
            // Listing the references only reads.
            let changing = arguments.positionals.count > 1 || arguments.flag("accept-all")
            let log = try context.learningLog(arguments, changing ? .write : .read)
            let catalog = try context.catalog(arguments)
            let lookup = ReferenceLookup(database: catalog.database)
            let entry = try log.entry(id)
            var change = ReferenceChange(acceptAll: arguments.flag("accept-all"))
            for word in arguments.positionals.dropFirst() {
                guard let sign = word.first, sign == "+" || sign == "-", word.count > 1 else {
                    throw CrosswalkError.usage("write +\(word) to confirm or add a reference, -\(word) to reject it")
                }
                let reference = try resolveReference(String(word.dropFirst()), entry: entry, catalog: catalog, lookup: lookup)
                if sign == "+" { change.confirm.append(reference) } else { change.reject.append(reference) }
            }
            let both = Set(change.confirm.map(\.code)).intersection(change.reject.map(\.code))
            if let code = both.sorted().first { throw CrosswalkError.usage("\(code) is both added (+) and rejected (-)") }

            var result = ReferenceChangeResult()
            if !change.isEmpty { result = try log.changeReferences(of: id, change) }
            let updated = try log.entry(id)
            if arguments.flag("json") {
                context.printJSON(updated.json)
                return
            }
            if !change.isEmpty {
                context.print("Entry \(id): \(result.confirmed) confirmed, \(result.added) added, \(result.rejected) rejected.")
            }
            for status in [LogReference.Status.confirmed, .suggested, .rejected] {
                let references = updated.references(status)
                guard !references.isEmpty else { continue }
                context.print(context.style.bold(status.rawValue.capitalized))
                context.print(try referenceTable(references, lookup: lookup, context: context))
            }
            if updated.references.isEmpty { context.print("Entry \(id) has no references; add one with +CODE.") }
        }
    )

    /// A code from `log refs`: one the entry has, matched as written or folded (so a code the
    /// data has since lost can still be rejected), else any item of a kind that can be evidence.
    static func resolveReference(_ text: String, entry: LogEntry, catalog: Catalog, lookup: ReferenceLookup) throws -> LogReference {
        if let attached = entry.references.first(where: { $0.code == text }) { return attached }
        let code: String, kind: String
        switch try catalog.resolve(text) {
        case .found(let found, let foundKind):
            (code, kind) = (found, foundKind)
        case .notFound:
            if let attached = entry.references.first(where: { Suggest.fold($0.code) == Suggest.fold(text) }) { return attached }
            (code, kind) = try catalog.require(text)
        }
        if let attached = entry.references.first(where: { $0.code == code }) { return attached }
        guard ReferenceLookup.referenceKinds.contains(kind) else {
            throw CrosswalkError.usage("\(code) is a \(kind); a reference is a capability, indicator, standard, element, unit, qualification or Thing")
        }
        return LogReference(code: code, kind: kind, status: .confirmed, score: nil, source: .user,
                            title: try lookup.info(code)?.title, addedAt: LogDate.timestamp())
    }

    // MARK: summary

    static let summary = Command(
        name: "summary",
        summary: "Entries and hours per CPL element, capability, framework",
        usage: ["log summary [--from D] [--to D] [--json]"],
        discussion: """
            Counts confirmed references only; suggestions still to review are shown
            apart (TO REVIEW). An entry evidences a capability when a confirmed reference
            is the capability, one of its indicators, or an item linked to it at 0.6 or
            more (the entry's Thing counts): the rule `plan --with-log`, `log list
            --capability` and every export share. Ends with the capabilities that have
            no confirmed evidence yet.
            """,
        options: [from, to, logDB, .db, .json],
        examples: [
            ("crosswalk log summary", ""),
            ("crosswalk log summary --from 2024-06-01 --to 2025-05-31", "one registration year"),
            ("crosswalk log summary --json", ""),
        ],
        run: { arguments, context in
            try arguments.noPositionals()
            let filter = try dateFilter(arguments)
            let summary = try LogSummary(log: context.learningLog(arguments, .read), filter: filter,
                                         lookup: ReferenceLookup(database: context.referenceDatabase(arguments)))
            if arguments.flag("json") {
                context.printJSON(summary.json)
                return
            }
            let style = context.style
            let width = context.terminalWidth
            let period = [filter.from.map { "from \($0)" }, filter.to.map { "to \($0)" }].compactMap { $0 }.joined(separator: " ")
            context.print(style.bold("Learning log\(period.isEmpty ? "" : " " + period)") + ": \(summary.entries) entr\(summary.entries == 1 ? "y" : "ies"), \(TextFormat.hours(summary.hours)) hour\(summary.hours == 1 ? "" : "s")")
            func rows(_ rows: [LogSummary.Row], label: (LogSummary.Row) -> String, review: Bool) -> [[String]] {
                rows.map { row in
                    [label(row), String(row.entries), TextFormat.hours(row.hours)] + (review ? [row.suggestedEntries > 0 ? String(row.suggestedEntries) : "-"] : [])
                }
            }
            context.print()
            context.print(TextLayout.table(headers: ["CPL CORE LEARNING ELEMENT", "ENTRIES", "HOURS"],
                                           rows: rows(summary.elements, label: { $0.code.isEmpty ? $0.name : "\($0.code) \($0.name)" }, review: false),
                                           width: width, style: style, flexible: [0]))
            context.print()
            context.print(TextLayout.table(headers: ["CAPABILITY", "ENTRIES", "HOURS", "TO REVIEW"],
                                           rows: rows(summary.capabilities, label: \.name, review: true),
                                           width: width, style: style, flexible: [0]))
            if !summary.frameworks.isEmpty {
                context.print()
                context.print(TextLayout.table(headers: ["STANDARDS FRAMEWORK", "ENTRIES", "HOURS", "TO REVIEW"],
                                               rows: rows(summary.frameworks, label: \.name, review: true),
                                               width: width, style: style, flexible: [0]))
            }
            context.print()
            if summary.capabilityNamesWithoutEvidence.isEmpty {
                context.print("Every capability has confirmed evidence.")
            } else {
                let names = summary.capabilityNamesWithoutEvidence.joined(separator: ", ")
                context.print(TextLayout.wrap("No confirmed evidence yet: " + names, width: width, indent: 2))
            }
            if summary.entriesToReview > 0 {
                context.print(style.dim("\(summary.entriesToReview) entr\(summary.entriesToReview == 1 ? "y has" : "ies have") suggestions to review: `crosswalk log refs ID`"))
            }
        }
    )

    // MARK: check

    static let check = Command(
        name: "check",
        summary: "Find references to codes the reference data lacks",
        usage: ["log check [--json]"],
        discussion: """
            After the reference data is rebuilt or updated, an entry may refer to a code
            the data no longer has. Such references are kept in the log, never dropped;
            this lists them (with the closest current codes) so you can replace them
            with `log refs ID +NEW -OLD`. Also checks the log file's integrity. Exits 1
            when anything is found.
            """,
        options: [logDB, .db, .json],
        examples: [("crosswalk log check", ""), ("crosswalk log check --json", "")],
        run: { arguments, context in
            try arguments.noPositionals()
            let result = try LogCheck(log: context.learningLog(arguments, .read),
                                      lookup: ReferenceLookup(database: context.referenceDatabase(arguments)))
            if arguments.flag("json") {
                context.printJSON(result.json)
            } else {
                for missing in result.missing {
                    var line = "entry \(missing.entryID) (\(missing.date) \(missing.entryTitle)): \(missing.field) \(missing.code)"
                    let detail = [missing.status, missing.title.map { "“\($0)”" }].compactMap { $0 }
                    if !detail.isEmpty { line += " (\(detail.joined(separator: ", ")))" }
                    line += " is not in the reference data"
                    if !missing.suggestions.isEmpty { line += "; did you mean \(missing.suggestions.joined(separator: ", "))?" }
                    context.print(line)
                }
                if result.integrity != "ok" { context.print("the log file is damaged: \(result.integrity)") }
                let summary = "\(result.entries) entr\(result.entries == 1 ? "y" : "ies"), \(result.references) reference\(result.references == 1 ? "" : "s") checked"
                context.print(result.missing.isEmpty
                    ? "\(summary): every code is in the reference data."
                    : "\(summary): \(result.missing.count) code\(result.missing.count == 1 ? " is" : "s are") not in the reference data (kept in the log).")
            }
            if !result.isClean {
                let problems = result.missing.count + (result.integrity == "ok" ? 0 : 1)
                throw CrosswalkError.failure("log check found \(problems) problem\(problems == 1 ? "" : "s")")
            }
        }
    )

    // MARK: export

    static let export = Command(
        name: "export",
        summary: "Export as md, csv, json, html, statement, badge (Open Badges 2.0) or ob3",
        usage: ["log export --format md|csv|json|html|statement|badge|ob3 [OPTIONS] [ID...] [--out FILE]"],
        discussion: """
            - md: a dated record by CPL element, for supervision or re-registration
            - csv: one row per entry and reference, for a spreadsheet (UTF-8, quoted)
            - json: the full record, which `log import` reads back without duplicates
            - html: one self-contained page with a chart of evidence per capability
            - statement: plain text to paste into the SSSC Open Badge application form:
              the reflection, then the capabilities and standards it evidences with
              their codes; the word count goes to standard error
            - badge: an Open Badges 2.0 evidence package for a badge application (the
              badge applied for, Evidence and AlignmentObjects); not an Assertion,
              which only the issuer can make
            - ob3: an unsigned Open Badges 3.0 AchievementCredential with you as issuer
              and subject; not verifiable until signed (needs `log config name`)

            The entries are those given as ID... or --entry, else all (or --thing N,
            --from, --to). Only confirmed references are claimed in statement, badge
            and ob3. Without --format, the --out file's ending decides (.txt is a
            statement). Writes to standard output
            unless --out is given (--out - is standard output too). An --out file is
            written whole or not at all and is readable only by you (mode 0600); an
            existing file is replaced only with --force, and never when it is a symbolic
            link, another user's file, an SQLite database (the log, the reference
            database, any other) or a folder. A terminal, /dev/null, /dev/stdout or a
            named pipe is written to as a stream. Rejected references appear only in
            json. In csv, a cell that starts with = + - @ (or a tab) gets a leading ' so
            a spreadsheet never runs it as a formula.
            """,
        options: [
            .value("format", "F", "md, csv, json, html, statement, badge or ob3", choices: ExportFormat.allCases.map(\.rawValue)), from, to,
            .value("entry", "ID", "Only this entry", repeatable: true),
            .value("thing", "N", "Only entries written for this Thing (number or code)"),
            .value("out", "FILE", "Write to FILE instead of standard output"),
            .flag("force", "Replace an existing --out file of yours"),
            logDB, .db,
        ],
        examples: [
            ("crosswalk log export --format md --from 2024-06-01 --out cpl-2024-25.md", "for re-registration"),
            ("crosswalk log export --format statement --thing 21", "to paste into the badge application form"),
            ("crosswalk log export --format badge --thing 22 --out thing22-badge.json", "evidence for a 23 Things badge"),
            ("crosswalk log export --format ob3 4 --out thing21.json", "an unsigned Open Badges 3.0 credential"),
            ("crosswalk log export --out my-learning.html", "a page to show your manager"),
            ("crosswalk log export --format json --out backup.json", "a full backup"),
        ],
        arguments: .text,
        run: { arguments, context in
            let out = arguments.value("out")
            let format: ExportFormat
            if let chosen = try arguments.choice("format", from: ExportFormat.allCases.map(\.rawValue)) {
                format = ExportFormat(rawValue: chosen)!
            } else if let out, let inferred = ExportFormat.inferred(from: out) {
                format = inferred
            } else {
                throw CrosswalkError.usage("log export needs --format md, csv, json, html, statement, badge or ob3")
            }
            let log = try context.learningLog(arguments, .read)
            let reference = try context.referenceDatabase(arguments)
            // Decided before any work: a database, a link, another user's file or (without
            // --force) any existing file is refused.
            let destination = try out.map {
                try PrivateFile.destination($0, force: arguments.flag("force"),
                                            protected: [(log.path, "the learning log"), (reference.path, "the reference database")])
            }
            let lookup = ReferenceLookup(database: reference)
            var filter = try dateFilter(arguments)
            let ids = arguments.all("entry") + arguments.positionals
            if !ids.isEmpty {
                filter.ids = try ids.map { word in
                    guard let id = Int(word), id > 0 else {
                        throw CrosswalkError.usage("log export takes entry ids (numbers from `crosswalk log list`), not \"\(word)\"")
                    }
                    _ = try log.entry(id)
                    return id
                }
            }
            if let thing = arguments.value("thing") {
                filter.thing = try lookup.resolveThing(thing, programme: programme(log)).code
            }
            // The summary and the entries are read from one state of the log, and written as
            // they are read: an export of any length is never held whole.
            try log.reading {
                let record = try ExportRecord(log: log, filter: filter, lookup: lookup)
                if format == .ob3, record.name == nil {
                    throw CrosswalkError.usage("an ob3 credential names you as its issuer: set your name with `crosswalk log config name \"Your Name\"`")
                }
                if [.statement, .badge, .ob3].contains(format), record.count == 0 {
                    throw CrosswalkError.usage("no entries to export as \(format.rawValue) (see `crosswalk log list`)")
                }
                let missing = record.missingCodes
                if !missing.isEmpty {
                    context.warn("\(missing.count) reference code\(missing.count == 1 ? " is" : "s are") not in the reference data (\(missing.joined(separator: ", "))); see `crosswalk log check`")
                }
                if [.badge, .ob3].contains(format) {
                    let unaligned = AlignmentTarget.withoutPage(record)
                    if !unaligned.isEmpty {
                        context.warn("\(unaligned.count) confirmed reference\(unaligned.count == 1 ? " has" : "s have") no publisher's page to align to and \(unaligned.count == 1 ? "is" : "are") left out (\(unaligned.joined(separator: ", ")))")
                    }
                }
                if let destination, let out, destination != .standardOutput {
                    // Readable only by the worker, like the log it comes from.
                    try PrivateFile.write(to: destination, onTerminal: { shown in
                        Data(TerminalText.visible(String(decoding: shown, as: UTF8.self), keepingStyles: false).utf8)
                    }) { write in
                        try withoutActuallyEscaping(write) { write in
                            try record.render(format, to: DocumentWriter { try write(Data($0.utf8)) })
                        }
                    }
                    context.warn("wrote \(record.count) entr\(record.count == 1 ? "y" : "ies") as \(format.rawValue) to \(out)")
                } else {
                    try context.stream(visible: true) { try record.render(format, to: $0) }
                }
                if format == .statement { context.warn(StatementExport.wordNote(record)) }
            }
        }
    )

    // MARK: import

    static let importCommand = Command(
        name: "import",
        summary: "Add a json export's entries, skipping those already in the log",
        usage: ["log import FILE|- [--json]"],
        discussion: """
            Reads what `crosswalk log export --format json` wrote (or `log list
            --json`), whatever its size; each entry's text may be up to 8 MB. Entries
            are matched by their uuid, so importing the same file again adds nothing.
            Everything is checked first; one bad field and nothing is imported.
            """,
        options: [logDB, .db, .json],
        examples: [
            ("crosswalk log import backup.json", ""),
            ("crosswalk log export --format json --log-db old.db | crosswalk log import -", "merge one log into another"),
        ],
        arguments: .files,
        run: { arguments, context in
            guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
                throw CrosswalkError.usage("log import needs one FILE (or - for standard input)")
            }
            // A backup holds many pieces of writing: no size limit on the file, only on each
            // entry's text (checked as it is read).
            let text = try context.readText(file: path, positionals: [], limit: nil, pipedInput: false, refusingNUL: true) ?? ""
            let document = try LogImport.read(Data(text.utf8), file: path == "-" ? "standard input" : path)
            let log = try context.learningLog(arguments)
            let result = try log.importEntries(document.entries, settings: document.settings)
            let imported = Set(result.imported)
            let lookup = ReferenceLookup(database: try context.referenceDatabase(arguments))
            // The entries just added, as they were written (with the ids the log gave them),
            // oldest first: reading 70 MB of text back would tell nothing more.
            var added = zip(result.imported, result.positions).map { id, position in
                var entry = document.entries[position]
                entry.id = id
                return entry
            }
            added.sort { ($0.date, $0.id) < ($1.date, $1.id) }
            let missing = try LogCheck.missing(in: added, lookup: lookup)
            if !missing.isEmpty {
                // Counted as `log check` counts them: every element, Thing and reference.
                let fields = Set(missing.map(\.field))
                var seen = Set<String>()
                let listed = missing.map { fields.count == 1 ? $0.code : "\($0.field) \($0.code)" }.filter { seen.insert($0).inserted }
                let what = fields.count == 1 ? "\(missing[0].field) code" : "code"
                context.warn("\(missing.count) imported \(what)\(missing.count == 1 ? " is" : "s are") not in the reference data (\(listed.joined(separator: ", "))); see `crosswalk log check`")
            }
            if arguments.flag("json") {
                context.printJSON(.object([("imported", .int(imported.count)), ("skipped", .int(result.skipped)),
                                           ("ids", .array(result.imported.map(JSON.int)))]))
            } else {
                context.print("Imported \(imported.count) entr\(imported.count == 1 ? "y" : "ies")"
                              + (result.skipped > 0 ? "; skipped \(result.skipped) already in the log." : "."))
            }
        }
    )

    // MARK: config

    static let config = Command(
        name: "config",
        summary: "Show or set the log's settings: name, role, programme",
        usage: ["log config [KEY [VALUE]] [--unset]"],
        discussion: """
            - name: your name, shown on exports
            - role: frontline, manager or strategic: how the mapper reads your entries
              (default frontline; `log add --role` overrides it for one entry)
            - programme: leadership (default) or elc: which programme `--thing 5` means
            - part: your SSSC register part (see `crosswalk list roles`), for the route
              `crosswalk thing` shows for Thing 23 of 23 Things ELC Leadership

            The settings live in the log file and travel with a json export.
            """,
        options: [.flag("unset", "Remove the setting KEY"), logDB, .db, .json],
        examples: [
            ("crosswalk log config", ""),
            ("crosswalk log config name \"Alex Morgan\"", ""),
            ("crosswalk log config role manager", ""),
            ("crosswalk log config programme elc", ""),
            ("crosswalk log config part day-care-children-practitioner", "your register part"),
            ("crosswalk log config name --unset", "remove a setting"),
        ],
        arguments: .choices(LearningLog.settingKeys),
        run: { arguments, context in
            let words = arguments.positionals
            // Showing the settings only reads.
            let log = try context.learningLog(arguments, words.count == 2 || arguments.flag("unset") ? .write : .read)
            if let key = words.first, !LearningLog.settingKeys.contains(key) {
                let hint = Suggest.closest(to: key, in: LearningLog.settingKeys, limit: 1).first.map { "; did you mean \($0)?" } ?? ""
                throw CrosswalkError.usage("unknown setting \"\(key)\"\(hint) (settings: \(LearningLog.settingKeys.joined(separator: ", ")))")
            }
            if words.count > 2 { throw CrosswalkError.usage("log config takes KEY and one VALUE; quote a value with spaces") }
            if let key = words.first, arguments.flag("unset") {
                guard words.count == 1 else { throw CrosswalkError.usage("log config \(key) --unset takes no VALUE") }
                try log.setSetting(key, nil)
            } else if words.count == 2 {
                var value = try LearningLog.normalizedSetting(words[0], words[1])
                if words[0] == "part" {
                    // Stored as the register part's id, whichever words named it.
                    value = try ThingCatalog(database: context.referenceDatabase(arguments)).registerPart(value).id
                }
                try log.setSetting(words[0], value)
            }
            let settings = Dictionary(try log.settings().map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
            let defaults = ["role": Role.frontline.rawValue, "programme": "23-things-leadership"]
            let keys = words.first.map { [$0] } ?? LearningLog.settingKeys
            if arguments.flag("json") {
                context.printJSON(.object(keys.map { ($0, .optional(settings[$0] ?? defaults[$0])) }))
                return
            }
            for key in keys {
                let value = settings[key].map { $0 } ?? defaults[key].map { "\($0) (default)" } ?? "(not set)"
                context.print(key.padding(to: 11) + value)
            }
        }
    )

    // MARK: Helpers

    static func programme(_ log: LearningLog) throws -> String {
        try log.setting("programme") ?? "23-things-leadership"
    }

    static func chosenRole(_ arguments: ParsedArguments) throws -> Role? {
        try arguments.choice("role", from: Role.allCases.map(\.rawValue)).flatMap(Role.init(rawValue:))
    }

    static func dateFilter(_ arguments: ParsedArguments) throws -> LogFilter {
        let from = try arguments.value("from").map { try LogDate.validated($0, option: "from") }
        let to = try arguments.value("to").map { try LogDate.validated($0, option: "to") }
        if let from, let to, from > to { throw CrosswalkError.usage("--from \(from) is after --to \(to)") }
        return LogFilter(from: from, to: to)
    }

    static func entryID(_ arguments: ParsedArguments, command: String) throws -> Int {
        guard let word = arguments.positionals.first else { throw CrosswalkError.usage("\(command) needs an entry ID (see `crosswalk log list`)") }
        guard let id = Int(word), id > 0 else { throw CrosswalkError.usage("\(command) takes an entry ID (a number from `crosswalk log list`), not \"\(word)\"") }
        return id
    }

    /// The entry text: the words given, `--file PATH`, or `-` for standard input; nil when none.
    static func readText(_ words: [String], arguments: ParsedArguments, context: Context) throws -> String? {
        try context.readText(file: arguments.value("file"), positionals: words, pipedInput: false, refusingNUL: true)?.trimmed()
    }

    static func referenceTable(_ references: [LogReference], lookup: ReferenceLookup, context: Context) throws -> String {
        let rows = try references.map { reference -> [String] in
            let title = try lookup.info(reference.code)?.title ?? ((reference.title ?? reference.code) + " (not in the reference data)")
            let score = reference.score.map { TextLayout.format2($0) } ?? (reference.source == .user ? "yours" : "-")
            return ["  " + reference.code, reference.kind, score, title]
        }
        return TextLayout.table(headers: ["  CODE", "KIND", "SCORE", "TITLE"], rows: rows, width: context.terminalWidth, style: context.style)
    }
}
