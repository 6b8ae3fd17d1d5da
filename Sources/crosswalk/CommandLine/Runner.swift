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
            context.print(Help.render(command, path: pathText, style: context.style))
            return
        }
        guard let run = command.run else {
            if let word = rest.first {
                let hint = Suggest.closest(to: word, in: command.subcommands.map(\.name), limit: 1).first
                    .map { "; did you mean `\($0)`?" } ?? ""
                throw CrosswalkError.usage("unknown command \"\(word)\"\(hint) (see `crosswalk \(pathText.isEmpty ? "" : pathText + " ")--help`)")
            }
            context.print(Help.render(command, path: pathText, style: context.style))
            return
        }
        let parsed = try ArgumentParser.parse(Array(rest), for: command, path: pathText)
        try run(parsed, context)
    }
}

enum Help {
    static func render(_ command: Command, path: String, style: Style) -> String {
        var lines: [String] = []
        let title = path.isEmpty ? "crosswalk" : "crosswalk \(path)"
        lines.append("\(style.bold(title)) — \(command.summary)")
        lines.append("")
        lines.append(style.bold("USAGE"))
        for usage in command.usage { lines.append("  crosswalk \(usage)") }
        if let discussion = command.discussion {
            lines.append("")
            lines.append(contentsOf: discussion.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 })
        }
        if !command.subcommands.isEmpty {
            lines.append("")
            lines.append(style.bold("COMMANDS"))
            let width = (command.subcommands.map(\.name.count).max() ?? 0) + 2
            for sub in command.subcommands {
                let aliases = sub.aliases.isEmpty ? "" : " (alias: \(sub.aliases.joined(separator: ", ")))"
                lines.append("  " + sub.name.padding(to: width) + sub.summary + aliases)
            }
        }
        let options = command.options + [Option.flag("help", "Show this help")]
        if command.run != nil {
            lines.append("")
            lines.append(style.bold("OPTIONS"))
            let labels = options.map { "--\($0.name)" + ($0.value.map { " \($0)" } ?? "") }
            let width = (labels.map(\.count).max() ?? 0) + 2
            for (label, option) in zip(labels, options) {
                lines.append("  " + label.padding(to: width) + option.help + (option.repeatable ? " (repeatable)" : ""))
            }
        }
        if !command.examples.isEmpty {
            lines.append("")
            lines.append(style.bold("EXAMPLES"))
            for example in command.examples {
                if !example.note.isEmpty { lines.append("  " + style.dim("# " + example.note)) }
                lines.append("  " + example.command)
            }
        }
        if !command.subcommands.isEmpty {
            lines.append("")
            lines.append("Run `\(path.isEmpty ? "crosswalk" : "crosswalk " + path) COMMAND --help` for a command's options.")
        }
        return lines.joined(separator: "\n")
    }
}
