import Foundation
import Testing

/// Completion scripts and the manual page come from the command tree: every command and option
/// `--help` shows is completed and documented, including commands added later.
@Suite struct CompletionCLITests {
    /// What the bash script offers for the words of a command line (the last one is being typed).
    func bashCompletions(_ script: URL, _ words: [String], in directory: URL) throws -> [String] {
        let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let program = """
            source '\(script.path)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
            COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
            _crosswalk
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try runProgram("bash", ["--norc", "--noprofile", "-c", program], directory: directory)
        #expect(result.status == 0, "\(words): \(result.stderr)")
        #expect(result.stderr.isEmpty, "\(words): \(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test(.enabled(if: installed("bash"), "bash is not installed"))
    func bashCompletesEveryCommandOptionAndValue() throws {
        let cli = try CLI()
        let tree = try CommandTree(cli)
        let script = cli.home.appendingPathComponent("crosswalk.bash")
        let generated = try cli.run("completion", "bash")
        #expect(generated.status == 0)
        try generated.stdout.write(to: script, atomically: true, encoding: .utf8)
        #expect(try runProgram("bash", ["-n", script.path]).status == 0)

        for page in tree.pages {
            let words = ["crosswalk"] + page.path
            if !page.subcommands.isEmpty {
                #expect(try bashCompletions(script, words + [""], in: cli.home) == page.subcommands, "\(words)")
                for sub in page.subcommands {
                    #expect(try bashCompletions(script, words + [String(sub.prefix(2))], in: cli.home).contains(sub), "\(words) \(sub)")
                }
            }
            if page.subcommands.isEmpty || page.path.isEmpty {
                #expect(Set(try bashCompletions(script, words + ["--"], in: cli.home)) == Set(page.options), "\(words) --")
            }
        }
        // Values of options, list kinds, shells, and files.
        #expect(try bashCompletions(script, ["crosswalk", "map", "--role", ""], in: cli.home) == ["frontline", "manager", "strategic"])
        #expect(try bashCompletions(script, ["crosswalk", "map", "--role", "m"], in: cli.home) == ["manager"])
        #expect(try bashCompletions(script, ["crosswalk", "log", "export", "--format", "h"], in: cli.home) == ["html"])
        #expect(try bashCompletions(script, ["crosswalk", "list", "ro"], in: cli.home) == ["roles"])
        #expect(try bashCompletions(script, ["crosswalk", "completion", ""], in: cli.home) == ["bash", "zsh", "fish"])
        #expect(try bashCompletions(script, ["crosswalk", "help", "log", "ex"], in: cli.home) == ["export"])
        #expect(try bashCompletions(script, ["crosswalk", "qual", "--j"], in: cli.home) == ["--json"])
        try "{}".write(to: cli.home.appendingPathComponent("cases.jsonl"), atomically: true, encoding: .utf8)
        #expect(try bashCompletions(script, ["crosswalk", "eval", "cas"], in: cli.home) == ["cases.jsonl"])
        #expect(try bashCompletions(script, ["crosswalk", "map", "--file", "cas"], in: cli.home) == ["cases.jsonl"])
        // A value is not mistaken for a command: `--db list` stays in `map`.
        #expect(try bashCompletions(script, ["crosswalk", "map", "--db", "list", "--li"], in: cli.home) == ["--limit"])
    }

    @Test(.enabled(if: installed("zsh"), "zsh is not installed"))
    func zshScriptIsValidAndCompletesFromTheTree() throws {
        let cli = try CLI()
        let tree = try CommandTree(cli)
        let script = cli.home.appendingPathComponent("_crosswalk")
        try (try cli.run("completion", "zsh")).stdout.write(to: script, atomically: true, encoding: .utf8)
        #expect(try runProgram("zsh", ["-n", script.path]).status == 0)
        // The completion system's functions replaced by ones that print what they are given.
        func complete(_ words: [String]) throws -> String {
            let quoted = words.map { "'" + $0 + "'" }.joined(separator: " ")
            let program = """
                compdef() { : }
                compadd() { [[ $1 == -- ]] && shift; print -r -- "$*" }
                _describe() { local name=$4; print -rl -- ${(P)name} }
                _files() { print -r -- "(files $*)" }
                _message() { print -r -- "(message $*)" }
                source '\(script.path)'
                words=(\(quoted)); CURRENT=${#words}
                _crosswalk
                """
            let result = try runProgram("zsh", ["-f", "-c", program])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(words): \(result.stderr)")
            return result.stdout
        }
        for page in tree.pages where !page.subcommands.isEmpty {
            let offered = try complete(["crosswalk"] + page.path + [""]).split(separator: "\n").map { $0.split(separator: ":").first.map(String.init) ?? "" }
            #expect(offered == page.subcommands, "\(page.path)")
        }
        for page in tree.commands {
            let offered = try complete(["crosswalk"] + page.path + ["--"]).split(separator: "\n").map { $0.split(separator: ":").first.map(String.init) ?? "" }
            #expect(Set(offered) == Set(page.options), "\(page.path)")
        }
        #expect(try complete(["crosswalk", "map", "--role", ""]) == "frontline manager strategic\n")
        #expect(try complete(["crosswalk", "eval", ""]) == "(files )\n")
        #expect(try complete(["crosswalk", "import", "--data", ""]) == "(files -/)\n")
    }

    @Test(.enabled(if: installed("fish"), "fish is not installed"))
    func fishScriptIsValidAndCompletesFromTheTree() throws {
        let cli = try CLI()
        let tree = try CommandTree(cli)
        let script = cli.home.appendingPathComponent("crosswalk.fish")
        try (try cli.run("completion", "fish")).stdout.write(to: script, atomically: true, encoding: .utf8)
        #expect(try runProgram("fish", ["--no-execute", script.path]).status == 0)
        func complete(_ line: String) throws -> [String] {
            let result = try runProgram("fish", ["--no-config", "-c", "source '\(script.path)'; complete -C '\(line)'"])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(line): \(result.stderr)")
            return result.stdout.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
        }
        for page in tree.pages where !page.subcommands.isEmpty {
            let line = (["crosswalk"] + page.path).joined(separator: " ") + " "
            #expect(Set(try complete(line)) == Set(page.subcommands), "\(line)")
        }
        for page in tree.commands {
            let line = (["crosswalk"] + page.path).joined(separator: " ") + " --"
            #expect(Set(try complete(line)) == Set(page.options), "\(line)")
        }
        #expect(try complete("crosswalk map --role ") == ["frontline", "manager", "strategic"])
        #expect(try complete("crosswalk help log ex") == ["export"])
    }

    @Test func unknownShellIsAUsageError() throws {
        let result = try CLI().run("completion", "bsh")
        #expect(result.status == 2)
        #expect(result.stderr.contains("did you mean bash?"))
    }

    @Test func manualDocumentsEveryCommandAndOption() throws {
        let cli = try CLI()
        let tree = try CommandTree(cli)
        let manual = try cli.run("manual")
        #expect(manual.status == 0)
        let page = manual.stdout
        #expect(page.contains(".TH CROSSWALK 1 "))
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "ENVIRONMENT", "FILES", "EXIT STATUS"] {
            #expect(page.contains("\n.SH \(section)\n"), "\(section)")
        }
        func roff(_ text: String) -> String { text.replacingOccurrences(of: "-", with: "\\-") }
        for command in tree.pages where !command.path.isEmpty {
            let heading = ".SS \"\(roff((["crosswalk"] + command.path).joined(separator: " ")))\""
            #expect(page.contains(heading), "\(heading)")
            // Its options, in its own section.
            let start = try #require(page.range(of: heading + "\n"))
            let body = page[start.upperBound...].components(separatedBy: "\n.SS ").first ?? ""
            for option in command.options {
                #expect(body.contains("\\fB\(roff(option))\\fR"), "\(command.path) \(option)")
            }
        }
        // No line may start a request by accident, and nothing beyond ASCII is left raw.
        #expect(page.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test(.enabled(if: installed("man"), "man is not installed"))
    func manualRendersInEightyColumns() throws {
        let cli = try CLI()
        let file = cli.home.appendingPathComponent("crosswalk.1")
        try (try cli.run("manual")).stdout.write(to: file, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["MANWIDTH"] = "80"
        environment["MANPAGER"] = "cat"
        environment["PAGER"] = "cat"
        let rendered = try runProgram("man", ["-l", file.path], environment: environment)
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(rendered.stdout.contains("crosswalk log add"))
        #expect(rendered.stdout.contains("EXIT STATUS"))
        for line in rendered.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "\(line)")
        }
        if installed("mandoc") {
            let lint = try runProgram("mandoc", ["-T", "lint", "-W", "error", file.path])
            #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        }
    }
}
