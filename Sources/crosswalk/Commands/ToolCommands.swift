import CrosswalkKit

/// `crosswalk help`, `version`, `completion` and `manual`: about crosswalk itself. The last two
/// print what is generated from the command tree, so they list every command there is.
enum ToolCommands {
    static let helpCommand = Command(
        name: "help",
        summary: "Show the help of a command",
        usage: ["help [COMMAND [SUBCOMMAND]]"],
        discussion: "The same as `crosswalk COMMAND [SUBCOMMAND] --help`.",
        examples: [
            ("crosswalk help map", ""),
            ("crosswalk help log add", ""),
        ],
        arguments: .commands,
        run: { arguments, context in
            guard let root = context.root else { return }
            let (command, path) = try Help.resolve(arguments.positionals, from: root, path: [])
            context.print(Help.render(command, path: path.joined(separator: " "), style: context.style, width: context.terminalWidth))
        }
    )

    static let versionCommand = Command(
        name: "version",
        summary: "Print crosswalk's version and the fingerprint of its reference data",
        usage: ["version [--json]", "--version [--json]"],
        discussion: """
            The fingerprint identifies the reference data and schema compiled into this
            crosswalk: two builds with the same fingerprint build the same database.
            """,
        options: [.json],
        examples: [("crosswalk --version", ""), ("crosswalk version --json", "")],
        run: { arguments, context in
            try arguments.noPositionals()
            try printVersion(json: arguments.flag("json"), context: context)
        }
    )

    static func printVersion(json: Bool, context: Context) throws {
        if json {
            context.printJSON(.object([
                ("version", .string(BuildInfo.version)),
                ("data_fingerprint", .string(BuildInfo.dataFingerprint)),
                ("reference_schema", .int(BuildInfo.referenceSchemaVersion)),
                ("log_schema", .int(BuildInfo.logSchemaVersion)),
            ]))
        } else {
            context.print("crosswalk \(BuildInfo.version)")
            context.print("reference data \(BuildInfo.dataFingerprint) (schema: reference v\(BuildInfo.referenceSchemaVersion), log v\(BuildInfo.logSchemaVersion))")
        }
    }

    static let completionCommand = Command(
        name: "completion",
        summary: "Print a shell completion script for bash, zsh or fish",
        usage: ["completion bash|zsh|fish"],
        discussion: """
            The script completes commands, options, option values (roles, formats, files)
            and list kinds, from the same command tree as --help. Install it once: for
            bash, save it as ~/.local/share/bash-completion/completions/crosswalk or
            evaluate it in ~/.bashrc; for zsh, save it as _crosswalk in a folder of $fpath;
            for fish, save it in ~/.config/fish/completions. A newer crosswalk may add
            commands, so print it again after an upgrade.
            """,
        examples: [
            ("eval \"$(crosswalk completion bash)\"", "bash: in ~/.bashrc"),
            ("crosswalk completion zsh > ~/.zsh/completions/_crosswalk", "zsh: a folder on $fpath"),
            ("crosswalk completion fish > ~/.config/fish/completions/crosswalk.fish", "fish"),
        ],
        arguments: .choices(Completions.shells),
        run: { arguments, context in
            guard let shell = arguments.positionals.first else {
                throw CrosswalkError.usage("completion needs a shell: \(Completions.shells.joined(separator: ", "))")
            }
            guard arguments.positionals.count == 1, let root = context.root,
                  let script = Completions.script(for: shell, root: root) else {
                let hint = Suggest.closest(to: shell, in: Completions.shells, limit: 1).first.map { "; did you mean \($0)?" } ?? ""
                throw CrosswalkError.usage("completion takes one shell: \(Completions.shells.joined(separator: ", ")), not \"\(arguments.positionals.joined(separator: " "))\"\(hint)")
            }
            context.write(script)
        }
    )

    static let manualCommand = Command(
        name: "manual",
        summary: "Print the manual page crosswalk.1",
        usage: ["manual"],
        discussion: "Every command with its options and examples, in man(7) format.",
        examples: [
            ("crosswalk manual | man -l -", "read it now"),
            ("crosswalk manual > ~/.local/share/man/man1/crosswalk.1", "install it for `man crosswalk`"),
        ],
        run: { arguments, context in
            try arguments.noPositionals()
            guard let root = context.root else { return }
            context.write(Manual.page(root: root))
        }
    )
}
