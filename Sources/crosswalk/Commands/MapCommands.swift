import CrosswalkKit
import Foundation

/// `crosswalk map` and `crosswalk eval`: mapping a reflection onto capabilities, standards and
/// units, and measuring the mapper against labelled cases.
enum MapCommands {
    static let mapCommand = Command(
        name: "map",
        summary: "Map a reflection onto the capabilities, indicators, standards and units it evidences",
        usage: ["map [TEXT... | --file PATH | -] [--role frontline|manager|strategic] [--limit N] [--json]"],
        discussion: """
            Reads the text from the arguments, from --file, or from standard input (`-`,
            `--file -`, or when nothing else is given and input is piped). The text is read
            passage by passage (sentences and list items): under each capability and
            standard come the passages of yours that evidence it, quoted, with the words that
            matched *marked*, and its score (0-1) grows with how many passages evidence it
            and how strongly. A passage counts only when it has you acting or reflecting:
            a care record, a rota or a leave note evidences nothing, however many care words
            it uses. "PDSA → quality improvement" means the vocabulary read your word as
            that term. Codes and names in the text
            (SCDLMCA1, H7LG 04, GJ9V 24, "Thing 21", "quality indicator 1.3", qualification
            names) are listed under MENTIONS; they count towards what they name when the rest
            of the text shows leadership content, or when the text is little more than the
            code. Text with no leadership content maps to nothing. --role picks the indicator
            set shown (default frontline).
            """,
        options: [
            .value("file", "PATH", "Read the text from a file (- for standard input)"),
            .value("role", "ROLE", "frontline, manager or strategic: the indicators to show (default frontline)", choices: Role.allCases.map(\.rawValue)),
            .value("limit", "N", "At most N results per section (default 5)"),
            .db, .json,
        ],
        examples: [
            ("crosswalk map \"We ran a PDSA test of change on night-time falls\"", ""),
            ("crosswalk map --file reflection.txt --role manager", ""),
            ("pbpaste | crosswalk map - --json", "from standard input, for scripts"),
            ("crosswalk map --role manager --limit 3 \"SCDLMCA1: I redesigned supervision\"", ""),
        ],
        arguments: .text,
        run: { arguments, context in
            let role = try arguments.choice("role", from: Role.allCases.map(\.rawValue)).flatMap(Role.init) ?? .frontline
            let limit = try arguments.int("limit", in: 1...100) ?? 5
            let text = try readText(arguments, context: context)
            let result = try Mapper(database: try context.referenceDatabase(arguments)).map(text, role: role, limit: limit)
            // Only emoji, punctuation or control characters: nothing a person wrote to map.
            guard result.words > 0 else { throw CrosswalkError.usage("the text to map has no words") }
            if arguments.flag("json") {
                context.printJSON(result.json)
            } else {
                render(result, context: context)
            }
        }
    )

    /// TEXT arguments, --file, or standard input (see `Context.readText`), with words in it.
    static func readText(_ arguments: ParsedArguments, context: Context) throws -> String {
        guard let text = try context.readText(file: arguments.value("file"), positionals: arguments.positionals) else {
            throw CrosswalkError.usage("map needs TEXT, --file PATH or - for standard input (see `crosswalk map --help`)")
        }
        guard !text.trimmed().isEmpty else {
            throw CrosswalkError.usage("the text to map is empty")
        }
        return text
    }

    static func render(_ result: MappingResult, context: Context) {
        let style = context.style
        let width = context.terminalWidth
        let wordCount = "\(result.words) word\(result.words == 1 ? "" : "s")"
        if let none = result.noLeadership {
            context.print(TextLayout.wrap("No leadership content found in this text (\(wordCount)): \(none.reason).",
                                          width: width, indent: 0))
            renderMentions(result, context: context)
            return
        }
        let margin = String(repeating: " ", count: 13)
        /// " 0.88 ████·  " then the text, wrapped under itself.
        func scored(_ score: Double, _ text: String) -> String {
            " " + TextLayout.format2(score) + " " + style.accent(TextLayout.bar(score, width: 5)) + "  "
                + TextLayout.wrap(text, width: width, indent: margin.count)
        }
        /// A scored indicator or element: "0.91  M5  Uses feedback and data, …", the text
        /// wrapped under itself, or on the next line when the code is long.
        func detail(_ score: Double, _ code: String, _ text: String) -> String {
            let lead = margin + TextLayout.format2(score) + "  " + code + "  "
            if lead.count <= 36 { return lead + TextLayout.wrap(text, width: width, indent: lead.count) }
            let indent = margin.count + 6
            return margin + TextLayout.format2(score) + "  " + code + "\n"
                + String(repeating: " ", count: indent) + TextLayout.wrap(text, width: width, indent: indent)
        }
        /// The strongest passages that evidence it, quoted.
        func quotes(_ support: [MappingResult.Support]) {
            for entry in support.prefix(2) where result.passages.indices.contains(entry.passage) {
                context.print(margin + Quote.render(result.passages[entry.passage], support: entry, width: width,
                                                    indent: margin.count, style: style))
            }
        }
        let passages = "\(result.passages.count) passage\(result.passages.count == 1 ? "" : "s")"
        let sector = result.sector == .unclear ? "" : "; reads as " + (result.sector == .adult ? "adult services" : "early learning")
        context.print(style.bold("CAPABILITIES") + "  " + style.dim(TextLayout.wrap(
            "\(wordCount) in \(passages)\(sector); indicators for the \(result.role.rawValue) role",
            width: width, indent: 2, firstLineUsed: 14)))
        if result.capabilities.isEmpty { context.print("  none strongly enough") }
        for capability in result.capabilities {
            context.print(scored(capability.score, style.bold(capability.name)))
            quotes(capability.support)
            if !capability.evidence.isEmpty {
                context.print(margin + style.dim(TextLayout.wrap("words: " + capability.evidence.joined(separator: ", "), width: width, indent: margin.count)))
            }
            for indicator in capability.indicators {
                // Within its capability, "vision/M2" reads as "M2".
                let code = indicator.code.split(separator: "/").last.map(String.init) ?? indicator.code
                context.print(detail(indicator.score, code, indicator.text))
            }
        }
        context.print()
        context.print(style.bold("STANDARDS"))
        if result.standards.isEmpty { context.print("  none strongly enough") }
        for standard in result.standards {
            context.print(scored(standard.score, style.accent(standard.code) + "  " + standard.title))
            quotes(standard.support)
            let words = standard.evidence.isEmpty ? "" : "; words: " + standard.evidence.joined(separator: ", ")
            context.print(margin + style.dim(TextLayout.wrap(standard.framework + words, width: width, indent: margin.count)))
            for element in standard.elements {
                context.print(detail(element.score, element.code, element.text))
            }
        }
        if !result.units.isEmpty {
            context.print()
            context.print(style.bold("UNITS") + style.dim("  that this could count towards"))
            for unit in result.units {
                let named = unit.inNamedQualification ? ", named in the text" : ""
                context.print(scored(unit.score, style.accent(unit.code) + "  " + unit.title
                                     + style.dim(" [\(unit.qualificationName)\(named)]")))
            }
        }
        renderUnused(result, context: context)
        renderMentions(result, context: context)
    }

    /// The passages nothing draws on: where a draft carries no evidence yet.
    private static func renderUnused(_ result: MappingResult, context: Context) {
        let unused = result.unusedPassages
        guard result.passages.count >= 3, !unused.isEmpty else { return }
        context.print()
        context.print(context.style.bold("NO EVIDENCE YET") + context.style.dim("  passages nothing above draws on"))
        for index in unused {
            let passage = result.passages[index]
            context.print("  " + Quote.render(passage, support: .init(passage: index, matched: []), width: context.terminalWidth,
                                              indent: 2, lines: 1, style: context.style))
        }
    }

    private static func renderMentions(_ result: MappingResult, context: Context) {
        guard !result.mentions.isEmpty else { return }
        context.print()
        context.print(context.style.bold("MENTIONS"))
        for mention in result.mentions {
            let line = "\"\(mention.text)\" → \(context.style.accent(mention.code)) (\(mention.kind))"
            context.print("  " + TextLayout.wrap(line, width: context.terminalWidth, indent: 4, firstLineUsed: 2))
        }
    }

    static let evalCommand = Command(
        name: "eval",
        summary: "Measure the mapper against labelled cases, side by side with the plain BM25 baseline",
        usage: ["eval FILE.jsonl [--cases] [--json]"],
        discussion: """
            FILE.jsonl holds one case per line: {"id", "role", "text", "primary", "also",
            "standards"}; primary is the capability the text mainly evidences, or null when it
            has no leadership content. Figures: top-1 (first capability is primary), recall@3
            (share of primary and also among the first three capabilities), standards recall@5
            (share of the labelled NOS among the first five standards), and how many cases
            without leadership content came back empty. The baseline is one BM25 full-text
            query of the text's words over every item.
            """,
        options: [.flag("cases", "Also show each case: what came back and whether it was right"), .db, .json],
        examples: [
            ("crosswalk eval Eval/dev.jsonl", "the cases the mapper was tuned on"),
            ("crosswalk eval Eval/test.jsonl --cases", "the held-out cases, each one shown"),
            ("crosswalk eval Eval/test.jsonl --json", ""),
        ],
        arguments: .files,
        run: { arguments, context in
            guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
                throw CrosswalkError.usage(arguments.positionals.isEmpty ? "eval needs a FILE.jsonl of labelled cases"
                                           : "eval takes one FILE.jsonl, not \(arguments.positionals.count)")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CrosswalkError.failure("cannot read \(path): no such file or not readable")
            }
            guard let contents = String(data: data, encoding: .utf8) else { throw CrosswalkError.failure("\(path) is not UTF-8 text") }
            let cases = try EvaluationCase.load(contents, file: path)
            let database = try context.referenceDatabase(arguments)
            try Evaluation.checkStandards(cases, file: path, database: database)
            context.progress("mapping \(cases.count) cases")
            let mapper = try Evaluation.score(cases, mapper: try Mapper(database: database), name: "crosswalk")
            let baseline = try Evaluation.score(cases, mapper: BaselineMapper(database: database), name: "baseline")
            if arguments.flag("json") {
                context.printJSON(.object([("file", .string(path)), ("cases", .int(cases.count)),
                                           ("mappers", .array([mapper.json, baseline.json]))]))
                return
            }
            renderEvaluation(path: path, mapper: mapper, baseline: baseline, showCases: arguments.flag("cases"), context: context)
        }
    )

    /// Which capability came first for each labelled primary, so a bias shows at a glance.
    static func renderConfusion(_ score: EvaluationScore, context: Context) {
        let style = context.style
        let short = ["vision": "VIS", "self-leadership": "SELF", "motivating-and-inspiring": "MOT", "empowering": "EMP",
                     "collaborating-and-influencing": "COL", "creativity-and-innovation": "CRE", "none": "none"]
        let labels = EvaluationScore.confusionLabels
        context.print()
        context.print(style.bold("TOP-1 CONFUSION") + style.dim("  rows: labelled primary; columns: first capability"))
        let counts = score.confusion
        var rows = labels.enumerated().map { row, label in
            [label == "none" ? "none (no leadership)" : label] + counts[row].map(String.init)
        }
        rows.append(["first ÷ labelled"] + score.firstShare.map { TextLayout.format2($0.ratio) } + [""])
        context.print(TextLayout.table(headers: ["PRIMARY"] + labels.map { short[$0] ?? $0 }, rows: rows,
                                       width: context.terminalWidth, style: style))
    }

    static func renderEvaluation(path: String, mapper: EvaluationScore, baseline: EvaluationScore, showCases: Bool, context: Context) {
        let style = context.style
        context.print("\(path): \(mapper.outcomes.count) cases (\(mapper.leadershipCases) with leadership content, "
                      + "\(mapper.standardsCases) with labelled standards, \(mapper.noLeadershipCases) without leadership content)")
        context.print()
        func figure(_ value: Double) -> String { TextLayout.format2(value) }
        let rows: [[String]] = [
            ["top-1 capability accuracy", figure(mapper.top1), figure(baseline.top1)],
            ["capability recall@3", figure(mapper.recallAt3), figure(baseline.recallAt3)],
            ["labelled-standard recall@5", figure(mapper.standardsRecallAt5), figure(baseline.standardsRecallAt5)],
            ["no-leadership cases empty", "\(mapper.noLeadershipEmpty)/\(mapper.noLeadershipCases)",
             "\(baseline.noLeadershipEmpty)/\(baseline.noLeadershipCases)"],
        ]
        context.print(TextLayout.table(headers: ["FIGURE", "CROSSWALK", "BASELINE"], rows: rows, width: context.terminalWidth, style: style))
        renderConfusion(mapper, context: context)
        guard showCases else { return }
        for (name, score) in [("crosswalk", mapper), ("baseline", baseline)] {
            context.print()
            context.print(style.bold("CASES (\(name))"))
            let rows = score.outcomes.map { outcome -> [String] in
                let verdict: String
                if let empty = outcome.empty {
                    verdict = empty ? "ok (empty)" : "NOT EMPTY"
                } else {
                    verdict = (outcome.top1 == true ? "ok" : "MISS")
                        + " r@3 " + figure(outcome.recallAt3 ?? 0)
                        + (outcome.standardsRecallAt5.map { " s@5 " + figure($0) } ?? "")
                }
                return [outcome.id, outcome.primary ?? "-", verdict, outcome.capabilities.prefix(3).joined(separator: ", ")]
            }
            context.print(TextLayout.table(headers: ["CASE", "PRIMARY", "RESULT", "FIRST THREE"], rows: rows,
                                           width: context.terminalWidth, style: style))
        }
    }
}
