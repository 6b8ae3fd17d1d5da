import CrosswalkKit
import Foundation

let root = Command(
    name: "crosswalk",
    summary: "Map social-services learning onto Scotland's leadership capabilities, standards and qualifications",
    usage: ["COMMAND [OPTIONS]"],
    discussion: """
        The reference data (SSSC leadership capabilities, NOS, the Standard for Childhood
        Practice, qualifications, register rules, 23 Things, quality indicators) is built in;
        the database is made on first use in ~/.local/share/crosswalk (or $CROSSWALK_DB).
        """,
    examples: [
        ("crosswalk list capabilities", ""),
        ("crosswalk show SCDLMCA1", ""),
        ("crosswalk search supervision", ""),
        ("crosswalk map \"I asked my team for feedback on my leadership\" --role manager", ""),
    ],
    subcommands: [
        BrowseCommands.listCommand,
        BrowseCommands.showCommand,
        BrowseCommands.searchCommand,
        MapCommands.mapCommand,
        MapCommands.evalCommand,
        DataCommands.importCommand,
        DataCommands.checkCommand,
    ]
)

exit(Runner.main(Array(CommandLine.arguments.dropFirst()), root: root))
