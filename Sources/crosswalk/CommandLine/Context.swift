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

    /// The command tree, for the commands that describe it (help, completion, manual).
    var root: Command?

    // MARK: Output
    //
    // The output edge: every line of text reaches a stream through here, with its control
    // characters made visible (TerminalText). JSON escapes them itself.

    /// Results go to stdout, buffered and written once at the end.
    func print(_ text: String = "") {
        output += TerminalText.visible(text + "\n", keepingStyles: style.enabled)
    }

    /// A document (an export) on stdout, bringing its own line ends: byte for byte into a file
    /// or a pipe, with control characters made visible only on a terminal.
    func write(_ text: String) {
        output += stdoutIsTerminal ? TerminalText.visible(text, keepingStyles: false) : text
    }

    func printJSON(_ value: JSON) {
        output += value.serialized() + "\n"
    }

    /// A document too large to hold (an export, `log list --json`), written to stdout as it is
    /// made, after whatever was printed before it. With `visible`, control characters are made
    /// visible on a terminal as `write` does; JSON escapes them itself.
    func stream(visible: Bool, _ produce: (DocumentWriter) throws -> Void) throws {
        flush()
        let terminal = visible && stdoutIsTerminal
        let writer = DocumentWriter { piece in
            FileHandle.standardOutput.write(Data((terminal ? TerminalText.visible(piece, keepingStyles: false) : piece).utf8))
        }
        try produce(writer)
        try writer.flush()
    }

    func flush() {
        guard !output.isEmpty else { return }
        FileHandle.standardOutput.write(Data(output.utf8))
        output = ""
    }

    /// Progress for long work: on stderr, only when a person is watching.
    func progress(_ message: String) {
        guard stderrIsTerminal else { return }
        report("crosswalk: \(message)")
    }

    func warn(_ message: String) {
        report("crosswalk: \(message)")
    }

    /// One line on stderr (an error, a FILE:LINE problem): control characters made visible,
    /// a line break in an echoed value too, so it stays one line.
    func report(_ line: String) {
        FileHandle.standardError.write(Data((TerminalText.visible(line, keepingStyles: false, singleLine: true) + "\n").utf8))
    }

    /// Text on stderr with no line end of its own: a question before reading the answer.
    func prompt(_ text: String) {
        FileHandle.standardError.write(Data(TerminalText.visible(text, keepingStyles: false).utf8))
    }

    // MARK: Input

    /// The largest text read, from a file or standard input: a reflection, not a book.
    static let largestText = TextInput.largestText

    /// The text a command works on, from exactly one of: TEXT words (`positionals`), a file
    /// (`--file PATH`), or standard input (`-` as the only word, `--file -`, or — when
    /// `pipedInput` allows it — piped in when nothing else is given). Nil when nothing is given.
    /// A folder, a read error, more than `limit` bytes or text that is not UTF-8 fail with
    /// one line naming the file or standard input.
    ///
    /// Commands that change a stored entry pass `pipedInput: false`: a script's empty standard
    /// input must never replace a reflection, and `refusingNUL: true`: text with a NUL
    /// character is refused as NAME:LINE rather than stored (SQLite and C strings end text
    /// there). `limit` nil reads any size (a backup of many entries).
    func readText(file: String?, positionals: [String], limit: Int? = largestText, pipedInput: Bool = true,
                  refusingNUL: Bool = false) throws -> String? {
        let text = try readText(file: file, positionals: positionals, limit: limit, pipedInput: pipedInput)
        if refusingNUL, let text, let line = TextInput.lineOfFirstNUL(in: text) {
            let name = file.map { $0 == "-" ? "standard input" : $0 } ?? (positionals == ["-"] || positionals.isEmpty ? "standard input" : "the text")
            throw CrosswalkError.failure(TextInput.nulProblem(name, line: line))
        }
        return text
    }

    private func readText(file: String?, positionals: [String], limit: Int?, pipedInput: Bool) throws -> String? {
        let dash = positionals == ["-"]
        if file != nil, !positionals.isEmpty {
            throw CrosswalkError.usage("give the text as arguments, --file or -, not more than one")
        }
        if !dash, positionals.contains("-") {
            throw CrosswalkError.usage("`-` (standard input) cannot be mixed with TEXT")
        }
        if let file, file != "-" {
            guard let handle = FileHandle(forReadingAtPath: file) else {
                throw CrosswalkError.failure("cannot read \(file): no such file or not readable")
            }
            defer { try? handle.close() }
            return try read(handle, name: file, limit: limit)
        }
        if file == "-" || dash || (pipedInput && positionals.isEmpty && !stdinIsTerminal) {
            return try read(FileHandle.standardInput, name: "standard input", limit: limit)
        }
        return positionals.isEmpty ? nil : positionals.joined(separator: " ")
    }

    private func read(_ handle: FileHandle, name: String, limit: Int?) throws -> String {
        // Reading a folder fails deep inside Foundation; say what it is instead.
        var status = stat()
        if fstat(handle.fileDescriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            throw CrosswalkError.failure("cannot read \(name): it is a folder")
        }
        var data = Data()
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 16)
            } catch {
                throw CrosswalkError.failure("cannot read \(name): \(Self.reason(error))")
            }
            guard let chunk, !chunk.isEmpty else { break }
            data.append(chunk)
            if let limit, data.count > limit {
                throw CrosswalkError.failure("\(name) is larger than \(Self.size(limit)); give one piece of writing at a time")
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CrosswalkError.failure("\(name) is not UTF-8 text")
        }
        return text
    }

    /// The system's words for a failed read ("Permission denied"), not Foundation's wrapper.
    private static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError ?? error as NSError
        if underlying.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(underlying.code))) }
        return underlying.localizedDescription
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : bytes >= 1 << 10 ? "\(bytes >> 10) KB" : "\(bytes) bytes"
    }

    // MARK: Databases

    private var reference: Database?

    /// The reference database, built from the embedded data on first use.
    func referenceDatabase(_ arguments: ParsedArguments) throws -> Database {
        if let reference { return reference }
        let path = arguments.value("db") ?? ReferenceDatabase.defaultPath(environment: environment)
        let database = try ReferenceDatabase.open(path: path, progress: progress, warn: warn)
        reference = database
        return database
    }

    func catalog(_ arguments: ParsedArguments) throws -> Catalog {
        Catalog(database: try referenceDatabase(arguments))
    }

    private var log: LearningLog?

    /// The learning log: --log-db, else $CROSSWALK_LOG, else log.db in the data folder. A
    /// command that only reads asks for `.read`: the log is then opened read-only and nothing
    /// is written to it (it need not even exist).
    func learningLog(_ arguments: ParsedArguments, _ access: LearningLog.Access = .write) throws -> LearningLog {
        if let log, log.access == .write || access == .read { return log }
        let path = arguments.value("log-db") ?? LearningLog.defaultPath(environment: environment)
        let opened = try LearningLog.open(path: path, access: access)
        log = opened
        return opened
    }

    /// The paths of the databases this command opened, for naming them in an error.
    var openedDatabases: (reference: String?, log: String?) { (reference?.path, log?.path) }
}

/// ANSI styling that turns itself off when colour is not wanted.
struct Style {
    let enabled: Bool

    func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { enabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    func accent(_ text: String) -> String { enabled ? "\u{1B}[36m\(text)\u{1B}[0m" : text }
    /// Around words of a quote that matched: bold on a colour terminal, asterisks otherwise.
    var markOpen: String { enabled ? "\u{1B}[1m" : "*" }
    var markClose: String { enabled ? "\u{1B}[22m" : "*" }

    /// Search snippets mark matches with [ and ]; on a colour terminal they become bold.
    func highlight(_ snippet: String) -> String {
        guard enabled else { return snippet }
        return snippet.replacingOccurrences(of: "[", with: "\u{1B}[1;33m").replacingOccurrences(of: "]", with: "\u{1B}[0m")
    }
}
