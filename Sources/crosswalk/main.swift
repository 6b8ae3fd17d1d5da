import CrosswalkKit
import Foundation

let root = Command(
    name: "crosswalk",
    summary: "Map social-services learning onto Scotland's leadership capabilities, standards and qualifications",
    usage: ["COMMAND [OPTIONS]", "help COMMAND [SUBCOMMAND]", "--version"],
    discussion: """
        The reference data (SSSC leadership capabilities, NOS, the Standard for Childhood
        Practice, qualifications, register rules, 23 Things, quality indicators) is built in;
        the database is made on first use in ~/.local/share/crosswalk (or $CROSSWALK_DB).
        """,
    options: [.flag("version", "Print the version and the fingerprint of the reference data")],
    examples: [
        ("crosswalk map --role manager \"I asked my team for feedback on my leadership\"", "what does this evidence?"),
        ("crosswalk show SCDLMCA1", ""),
        ("crosswalk search supervision", ""),
        ("crosswalk qualification 'GJ9V 24'", ""),
        ("crosswalk plan --role care-home-adults-supervisor --have 'SSHC SCQF 7'", ""),
        ("crosswalk thing 21 --check draft.txt", "is a 23 Things reflection ready to send?"),
        ("crosswalk log add --title \"Team huddle\" \"I led the morning huddle...\"", ""),
        ("crosswalk export moodle --framework lmcs-nos --out lmcs-nos.csv", "for a Moodle site"),
    ],
    subcommands: [
        MapCommands.mapCommand,
        MapCommands.evalCommand,
        BrowseCommands.listCommand,
        BrowseCommands.showCommand,
        BrowseCommands.searchCommand,
        PlanningCommands.qualificationCommand,
        PlanningCommands.compareCommand,
        PlanningCommands.planCommand,
        ThingCommands.command,
        LogCommands.group,
        DataCommands.importCommand,
        DataCommands.checkCommand,
        InteropCommands.exportCommand,
        ToolCommands.helpCommand,
        ToolCommands.versionCommand,
        ToolCommands.completionCommand,
        ToolCommands.manualCommand,
    ]
)

exit(Runner.main(Array(CommandLine.arguments.dropFirst()), root: root))
