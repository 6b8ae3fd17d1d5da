import CrosswalkKit
import Foundation
import SQLite

/// What a command needs from its surroundings: the environment, standard streams, and the
/// databases, opened on first use.
final class Context {
    let environment: [String: String]
    private(set) var output = ""
    let stdoutIsTerminal: Bool
    let stderrIsTerminal: Bool
    let stdinIsTerminal: Bool

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
        stderrIsTerminal = isatty(STDERR_FILENO) == 1
        stdinIsTerminal = isatty(STDIN_FILENO) == 1
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    var style: Style {
        let wanted = stdoutIsTerminal && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
        return Style(enabled: wanted)
    }

    var terminalWidth: Int {
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns >= 40 { return columns }
        var size = winsize()
        if stdoutIsTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 { return Int(size.ws_col) }
        return 80
    }

    // MARK: Output

    /// Results go to stdout, buffered and written once at the end.
    func print(_ text: String = "") {
        write(text + "\n")
    }

    /// `text` on stdout exactly as given: a document that brings its own line ends.
    func write(_ text: String) {
        output += text
    }

    func printJSON(_ value: JSON) {
        print(value.serialized())
    }

    func flush() {
        guard !output.isEmpty else { return }
        FileHandle.standardOutput.write(Data(output.utf8))
        output = ""
    }

    /// Progress for long work: on stderr, only when a person is watching.
    func progress(_ message: String) {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("crosswalk: \(message)\n".utf8))
    }

    func warn(_ message: String) {
        FileHandle.standardError.write(Data("crosswalk: \(message)\n".utf8))
    }

    // MARK: Databases

    private var reference: Database?

    /// The reference database, built from the embedded data on first use.
    func referenceDatabase(_ arguments: ParsedArguments) throws -> Database {
        if let reference { return reference }
        let path = arguments.value("db") ?? ReferenceDatabase.defaultPath(environment: environment)
        let database = try ReferenceDatabase.open(path: path, progress: progress)
        reference = database
        return database
    }

    func catalog(_ arguments: ParsedArguments) throws -> Catalog {
        Catalog(database: try referenceDatabase(arguments))
    }

    private var log: LearningLog?

    /// The learning log: --log-db, else $CROSSWALK_LOG, else log.db in the data folder.
    func learningLog(_ arguments: ParsedArguments) throws -> LearningLog {
        if let log { return log }
        let path = arguments.value("log-db") ?? LearningLog.defaultPath(environment: environment)
        let opened = try LearningLog.open(path: path)
        log = opened
        return opened
    }
}

/// ANSI styling that turns itself off when colour is not wanted.
struct Style {
    let enabled: Bool

    func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { enabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    func accent(_ text: String) -> String { enabled ? "\u{1B}[36m\(text)\u{1B}[0m" : text }

    /// Search snippets mark matches with [ and ]; on a colour terminal they become bold.
    func highlight(_ snippet: String) -> String {
        guard enabled else { return snippet }
        return snippet.replacingOccurrences(of: "[", with: "\u{1B}[1;33m").replacingOccurrences(of: "]", with: "\u{1B}[0m")
    }
}
