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
            for problem in error.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            context.warn("\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") found; nothing was written")
            return 1
        } catch let error as DataProblem {
            context.flush()
            context.warn(error.description)
            return 1
        } catch let error as SQLiteError {
            context.flush()
            context.warn(error.isBusy ? "the database is busy (another crosswalk is writing); try again" : error.description)
            return 1
        } catch {
            context.flush()
            context.warn("\(error)")
            return 1
        }
    }

    static func run(_ arguments: [String], root: Command, context: Context) throws {
        var command = root
        var path: [String] = []
        var rest = arguments[...]
        while let next = rest.first, let sub = command.subcommand(named: next) {
            command = sub
            path.append(sub.name)
            rest = rest.dropFirst()
        }
        let pathText = path.joined(separator: " ")
        if rest.contains("--help") || rest.first == "-h" || rest.first == "help" && command.run == nil {
            context.print(Help.render(command, path: pathText, style: context.style, width: context.terminalWidth))
            return
        }
        guard let run = command.run else {
            if let word = rest.first {
                let hint = Suggest.closest(to: word, in: command.subcommands.map(\.name), limit: 1).first
                    .map { "; did you mean `\($0)`?" } ?? ""
                throw CrosswalkError.usage("unknown command \"\(word)\"\(hint) (see `crosswalk \(pathText.isEmpty ? "" : pathText + " ")--help`)")
            }
            context.print(Help.render(command, path: pathText, style: context.style, width: context.terminalWidth))
            return
        }
        let parsed = try ArgumentParser.parse(Array(rest), for: command, path: pathText)
        try run(parsed, context)
    }
}

/// `--help` text, wrapped to the terminal so it reads in 80 columns.
enum Help {
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
        let options = command.options + [Option.flag("help", "Show this help")]
        if command.run != nil {
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
