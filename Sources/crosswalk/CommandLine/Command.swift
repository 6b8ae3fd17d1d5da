import CrosswalkKit

/// One option of a command. Options are long (`--name`); a `value` placeholder makes it take
/// an argument, otherwise it is a flag.
struct Option: Sendable {
    let name: String
    let value: String?
    let help: String
    var repeatable = false

    static func flag(_ name: String, _ help: String) -> Option { Option(name: name, value: nil, help: help) }
    static func value(_ name: String, _ placeholder: String, _ help: String, repeatable: Bool = false) -> Option {
        Option(name: name, value: placeholder, help: help, repeatable: repeatable)
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
    var run: (@Sendable (ParsedArguments, Context) throws -> Void)? = nil

    func subcommand(named name: String) -> Command? {
        subcommands.first { $0.name == name || $0.aliases.contains(name) }
    }
}

/// The arguments of one command after parsing, with typed accessors that fail as usage errors.
struct ParsedArguments {
    let commandPath: String
    var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

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
    /// Parses `arguments` for `command`. Only `--long` words are options, so `-` (standard input)
    /// and `-CODE` (removing a reference) stay positional.
    static func parse(_ arguments: [String], for command: Command, path: String) throws -> ParsedArguments {
        var parsed = ParsedArguments(commandPath: path)
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if optionsEnded || !word.hasPrefix("--") {
                parsed.positionals.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
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
                throw CrosswalkError.usage("unknown option --\(name) for `crosswalk \(path)`\(hint)")
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
