import CrosswalkKit
import Foundation
import SQLite

/// Finds the command, parses its arguments, runs it, and turns every error into one line on
/// stderr with the right exit code: 0 ok, 1 failure, 2 usage.
enum Runner {
    static func main(_ arguments: [String], root: Command) -> Int32 {
        let context = Context()
        do {
            try run(arguments, root: root, context: context)
            context.flush()
            return 0
        } catch let error as CrosswalkError {
            context.flush()
            context.warn(error.description)
            return error.exitCode
        } catch let error as InvalidDataset {
            context.flush()
            for problem in error.problems { context.report(problem.description) }
            context.warn("\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") found; nothing was written")
            return 1
        } catch let error as DataProblem {
            context.flush()
            context.warn(error.description)
            return 1
        } catch let error as SQLiteError {
            // SQLite's own message never reaches the user: one line about the file instead.
            context.flush()
            let opened = context.openedDatabases
            let what = error.path == nil ? nil
                : error.path == opened.log ? "learning log"
                : error.path == opened.reference ? "reference database" : nil
            context.warn(StoreFailure.message(for: error, what: what))
            return 1
        } catch {
            context.flush()
            context.warn("\(error)")
            return 1
        }
    }

    static func run(_ arguments: [String], root: Command, context: Context) throws {
        context.root = root
        var command = root
        var path: [String] = []
        var rest = arguments[...]
        while let next = rest.first, let sub = command.subcommand(named: next) {
            command = sub
            path.append(sub.name)
            rest = rest.dropFirst()
        }
        let pathText = path.joined(separator: " ")
        if path.isEmpty, rest.first == "--version" {
            try ToolCommands.printVersion(json: rest.dropFirst().contains("--json"), context: context)
            return
        }
        guard let run = command.run else {
            // A group: its help, `GROUP help SUBCOMMAND`, or a word that is not one of its commands.
            let name = pathText.isEmpty ? "crosswalk" : "crosswalk \(pathText)"
            guard let word = rest.first, !["--help", "-h"].contains(word) else {
                context.print(Help.render(command, path: pathText, style: context.style, width: context.terminalWidth))
                return
            }
            if word == "help" {
                let (found, foundPath) = try Help.resolve(Array(rest.dropFirst()), from: command, path: path)
                context.print(Help.render(found, path: foundPath.joined(separator: " "), style: context.style, width: context.terminalWidth))
                return
            }
            if word.hasPrefix("-"), word != "-" {
                throw CrosswalkError.usage("unknown option \(word) for `\(name)` (see `\(name) --help`)")
            }
            throw Help.unknownCommand(word, in: command, path: pathText)
        }
        let parsed = try ArgumentParser.parse(Array(rest), for: command, path: pathText)
        if parsed.wantsHelp {
            context.print(Help.render(command, path: pathText, style: context.style, width: context.terminalWidth))
            return
        }
        try run(parsed, context)
    }
}

/// `--help` text, wrapped to the terminal so it reads in 80 columns.
enum Help {
    /// The command a path of words names (`log add`), from `command` at `path`.
    static func resolve(_ words: [String], from command: Command, path: [String]) throws -> (Command, [String]) {
        var command = command
        var path = path
        for word in words {
            guard let sub = command.subcommand(named: word) else {
                throw unknownCommand(word, in: command, path: path.joined(separator: " "))
            }
            command = sub
            path.append(sub.name)
        }
        return (command, path)
    }

    /// "unknown command "serch"; did you mean `search`?", naming where to look.
    static func unknownCommand(_ word: String, in command: Command, path: String) -> CrosswalkError {
        let names = command.subcommands.flatMap { [$0.name] + $0.aliases }
        let hint = Suggest.closest(to: word, in: names, limit: 1).first
            .flatMap { name in command.subcommand(named: name)?.name }
            .map { "; did you mean `\($0)`?" } ?? ""
        let help = path.isEmpty ? "crosswalk --help" : "crosswalk \(path) --help"
        let place = path.isEmpty ? "" : " of `crosswalk \(path)`"
        return CrosswalkError.usage("unknown command \"\(word)\"\(place)\(hint) (see `\(help)`)")
    }

    static func render(_ command: Command, path: String, style: Style, width: Int = 80) -> String {
        var lines: [String] = []
        let title = path.isEmpty ? "crosswalk" : "crosswalk \(path)"
        lines.append(style.bold(title) + " — " + TextLayout.wrap(command.summary, width: width, indent: 2, firstLineUsed: title.count + 3))
        lines.append("")
        lines.append(style.bold("USAGE"))
        for usage in command.usage {
            lines.append("  " + TextLayout.wrap("crosswalk " + usage, width: width - 2, indent: 6))
        }
        if let discussion = command.discussion {
            lines.append("")
            for paragraph in paragraphs(discussion) {
                // Column-laid lines keep their spacing; prose is re-wrapped.
                let keep = paragraph.isEmpty || paragraph.contains("  ")
                lines.append(keep ? (paragraph.isEmpty ? "" : "  " + paragraph) : "  " + TextLayout.wrap(paragraph, width: width - 2, indent: 2))
            }
        }
        if !command.subcommands.isEmpty {
            lines.append("")
            lines.append(style.bold("COMMANDS"))
            let column = (command.subcommands.map(\.name.count).max() ?? 0) + 2
            for sub in command.subcommands {
                let aliases = sub.aliases.isEmpty ? "" : " (alias: \(sub.aliases.joined(separator: ", ")))"
                lines.append("  " + sub.name.padding(to: column) + TextLayout.wrap(sub.summary + aliases, width: width - 2, indent: column + 2))
            }
        }
        let options = command.allOptions
        if command.run != nil || !command.options.isEmpty {
            lines.append("")
            lines.append(style.bold("OPTIONS"))
            let labels = options.map { "--\($0.name)" + ($0.value.map { " \($0)" } ?? "") }
            let column = (labels.map(\.count).max() ?? 0) + 2
            for (label, option) in zip(labels, options) {
                let help = option.help + (option.repeatable ? " (repeatable)" : "")
                lines.append("  " + label.padding(to: column) + TextLayout.wrap(help, width: width - 2, indent: column + 2))
            }
        }
        if !command.examples.isEmpty {
            lines.append("")
            lines.append(style.bold("EXAMPLES"))
            for example in command.examples {
                if !example.note.isEmpty { lines.append("  " + style.dim(TextLayout.wrap("# " + example.note, width: width - 2, indent: 4))) }
                lines.append("  " + example.command)
            }
        }
        if !command.subcommands.isEmpty {
            lines.append("")
            lines.append("Run `\(path.isEmpty ? "crosswalk" : "crosswalk " + path) COMMAND --help` for a command's options.")
        }
        return lines.joined(separator: "\n")
    }

    /// Discussion text is written as prose with hard line breaks; lines are joined into
    /// paragraphs again (a blank line, or a line starting a list item, starts a new one) so
    /// they can be re-wrapped to the terminal. A line laid out in columns (two spaces inside
    /// it) stays a line of its own.
    static func paragraphs(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine).trimmed()
            let startsItem = line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("• ")
                || (line.first?.isNumber == true && line.dropFirst().prefix(2).contains("."))
            if line.contains("  ") {
                if !current.isEmpty { result.append(current) }
                result.append(line)
                current = ""
            } else if line.isEmpty || startsItem {
                if !current.isEmpty { result.append(current) }
                if line.isEmpty { result.append("") }
                current = line
            } else {
                current += current.isEmpty ? line : " " + line
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
