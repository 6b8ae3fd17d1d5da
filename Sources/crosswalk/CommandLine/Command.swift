import CrosswalkKit

/// What a word on the command line can be, for shell completion: nothing (the command takes
/// no such word), free text (nothing to offer), a file, a folder, one of fixed words, or a
/// command of the tree (for `help`).
enum Completion: Sendable, Equatable {
    case none
    case text
    case files
    case directories
    case choices([String])
    case commands
}

/// One option of a command. Options are long (`--name`); a `value` placeholder makes it take
/// an argument, otherwise it is a flag.
struct Option: Sendable {
    let name: String
    let value: String?
    let help: String
    var repeatable = false
    /// The words `value` may be, when they are fixed (for completion and the manual).
    var choices: [String]? = nil

    static func flag(_ name: String, _ help: String) -> Option { Option(name: name, value: nil, help: help) }
    static func value(_ name: String, _ placeholder: String, _ help: String, repeatable: Bool = false,
                      choices: [String]? = nil) -> Option {
        Option(name: name, value: placeholder, help: help, repeatable: repeatable, choices: choices)
    }

    /// What the value of this option completes to: its choices, or files and folders for a
    /// placeholder that names them (PATH, FILE, DIR).
    var completion: Completion {
        guard let value else { return .none }
        if let choices { return .choices(choices) }
        if value.contains("DIR") { return .directories }
        if value.contains("PATH") || value.contains("FILE") { return .files }
        return .text
    }

    static let json = Option.flag("json", "Print JSON for scripts (field names are documented in the README)")
    static let db = Option.value("db", "PATH", "Reference database (default: $CROSSWALK_DB, else ~/.local/share/crosswalk/reference.db)")
}

/// A command or a group of subcommands, with everything `--help` shows.
struct Command: Sendable {
    let name: String
    var aliases: [String] = []
    let summary: String
    /// Usage lines, without the leading "crosswalk".
    let usage: [String]
    var discussion: String? = nil
    var options: [Option] = []
    var examples: [(command: String, note: String)] = []
    var subcommands: [Command] = []
    /// What the command's words after the options are, for completion; also whether an
    /// unknown option may have been meant as text (then the error says to use --).
    var arguments: Completion = .none
    /// Words starting with a single `-` are arguments, not options (`log refs 3 -CODE`).
    var dashArguments = false
    var run: (@Sendable (ParsedArguments, Context) throws -> Void)? = nil

    func subcommand(named name: String) -> Command? {
        subcommands.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Every option `--help` and the parser know, `--help` itself last.
    var allOptions: [Option] { options + [Option.flag("help", "Show this help")] }

    /// This command and every command below it, with their paths ("log add"), depth first.
    func walk(_ path: [String] = []) -> [(path: [String], command: Command)] {
        [(path, self)] + subcommands.flatMap { $0.walk(path + [$0.name]) }
    }
}

/// The arguments of one command after parsing, with typed accessors that fail as usage errors.
struct ParsedArguments {
    let commandPath: String
    var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    /// `--help` or `-h` was given (before any `--`).
    var wantsHelp = false

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    func int(_ name: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.map({ $0.contains(number) }) ?? true else {
            let bounds = range.map { " from \($0.lowerBound) to \($0.upperBound)" } ?? ""
            throw CrosswalkError.usage("--\(name) takes a whole number\(bounds), not \"\(text)\"")
        }
        return number
    }

    /// `--name` as a plain decimal number in `range`: digits with at most one point and an
    /// optional leading minus (1.5, .5, -2). Double() would also take 0x10, 1e3, inf and nan,
    /// which no one means by an amount.
    func double(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let text = value(name) else { return nil }
        let unsigned = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let isPlainDecimal = unsigned.contains { $0.isASCII && $0.isNumber }
            && unsigned.allSatisfy { $0 == "." || ($0.isASCII && $0.isNumber) }
            && unsigned.filter { $0 == "." }.count <= 1
        guard isPlainDecimal, let number = Double(text), range.contains(number) else {
            let bounds = "from \(TextFormat.decimal(range.lowerBound, places: 6)) to \(TextFormat.decimal(range.upperBound, places: 6))"
            throw CrosswalkError.usage("--\(name) takes a number \(bounds), not \"\(text)\"")
        }
        return number
    }

    /// `--name` restricted to a fixed set of words.
    func choice(_ name: String, from allowed: [String]) throws -> String? {
        guard let text = value(name) else { return nil }
        guard allowed.contains(text) else {
            throw CrosswalkError.usage("--\(name) must be one of \(allowed.joined(separator: ", ")), not \"\(text)\"")
        }
        return text
    }

    func noPositionals() throws {
        if let extra = positionals.first {
            throw CrosswalkError.usage("unexpected argument \"\(extra)\" (see `crosswalk \(commandPath) --help`)")
        }
    }
}

enum ArgumentParser {
    /// Parses `arguments` for `command`. A word starting with `-` is an option, long
    /// (`--name`, `--name=value`) or short (`-h`); an unknown one is a usage error, never text.
    /// `-` alone is an argument (standard input), and so is every word after `--`. A command
    /// with `dashArguments` takes `-WORD` as an argument (`log refs 3 -SCDLMCA1`).
    static func parse(_ arguments: [String], for command: Command, path: String) throws -> ParsedArguments {
        var parsed = ParsedArguments(commandPath: path)
        var index = 0
        var optionsEnded = false
        let commandName = path.isEmpty ? "crosswalk" : "crosswalk \(path)"
        /// For a command that takes text: how to pass text that looks like an option.
        func textHint(_ word: String) -> String {
            command.arguments == .text ? " (to pass \"\(word)\" as text, put -- before it: `\(commandName) -- \(word)`)" : ""
        }
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if optionsEnded || word == "-" || !word.hasPrefix("-") {
                parsed.positionals.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }
            if word == "--help" || word == "-h" {
                parsed.wantsHelp = true
                continue
            }
            if !word.hasPrefix("--") {
                if command.dashArguments {
                    parsed.positionals.append(word)
                    continue
                }
                let letter = word.dropFirst().prefix(1)
                let similar = command.options.first { $0.name.hasPrefix(letter) }.map { "; did you mean --\($0.name)?" } ?? ""
                throw CrosswalkError.usage("unknown option \(word) for `\(commandName)`\(similar)\(textHint(word))")
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = command.options.first(where: { $0.name == name }) else {
                let known = command.options.map { "--" + $0.name }
                let hint = Suggest.closest(to: "--" + name, in: known, limit: 1).first.map { "; did you mean \($0)?" } ?? ""
                throw CrosswalkError.usage("unknown option --\(name) for `\(commandName)`\(hint)\(hint.isEmpty ? textHint(word) : "")")
            }
            if let placeholder = option.value {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < arguments.count {
                    value = arguments[index]
                    index += 1
                } else {
                    throw CrosswalkError.usage("--\(name) needs a value (\(placeholder))")
                }
                if !option.repeatable, parsed.values[name] != nil {
                    throw CrosswalkError.usage("--\(name) is given twice")
                }
                parsed.values[name, default: []].append(value)
            } else {
                if inlineValue != nil { throw CrosswalkError.usage("--\(name) takes no value") }
                parsed.flags.insert(name)
            }
        }
        return parsed
    }
}
