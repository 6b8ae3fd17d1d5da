import Foundation
import Testing

/// Runs the built `crosswalk` executable as a user would, in a private data folder.
struct CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String

        var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    /// The folder holding the test bundle also holds the freshly built `crosswalk`.
    static let executable: URL = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("crosswalk")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        // swift test on Linux runs the .xctest from the products folder.
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("crosswalk")
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A private home: XDG_DATA_HOME points into a fresh temporary folder.
    let home: URL
    var environment: [String: String]

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("crosswalk-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = home.appendingPathComponent("data").path
        environment["HOME"] = home.path
        environment.removeValue(forKey: "CROSSWALK_DB")
        environment.removeValue(forKey: "CROSSWALK_LOG")
        environment["NO_COLOR"] = "1"
        self.environment = environment
    }

    /// `stdinPath` opens a file (or a folder) as standard input, as `< PATH` does in a shell.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, stdinPath: String? = nil, directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory ?? home
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdinPath {
            process.standardInput = try #require(FileHandle(forReadingAtPath: stdinPath))
        } else {
            process.standardInput = input
        }
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read before waiting so a large output cannot fill the pipe and stall the child.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    func run(_ arguments: String...) throws -> Result { try run(arguments) }

    /// Runs crosswalk through `/bin/sh` with the given umask, as a user whose shell sets it.
    func run(umask mask: String, _ arguments: [String]) throws -> Result {
        let quoted = ([Self.executable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try runShell("umask \(mask); exec \(quoted.joined(separator: " "))")
    }

    /// Runs a shell command line in this CLI's environment (crosswalk is `$CROSSWALK`).
    func runShell(_ command: String, stdin: String? = nil) throws -> Result {
        var shell = self
        shell.environment["CROSSWALK"] = Self.executable.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = shell.environment
        process.currentDirectoryURL = home
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// Root may write any file, so a read-only file is read-only only to someone else: run as
    /// root, the tests that need one run crosswalk as `nobody` (through util-linux's setpriv),
    /// after giving it the test's home folder. Nil when that is not possible.
    static let unprivilegedRunner: [String]? = {
        guard geteuid() == 0 else { return [] }
        let setpriv = "/usr/bin/setpriv"
        guard FileManager.default.isExecutableFile(atPath: setpriv) else { return nil }
        // nobody must be able to reach the built binary (not so in a checkout under /root)
        // and the temporary folder.
        var paths = [executable.path, FileManager.default.temporaryDirectory.path]
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            paths.append(folder.path)
            folder.deleteLastPathComponent()
        }
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & 0o001 != 0 else { return nil }
        }
        return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    }()

    /// Gives the home folder to the user `runUnprivileged` runs as (a no-op unless root).
    func handHomeToUnprivilegedUser() throws {
        guard geteuid() == 0 else { return }
        let enumerator = FileManager.default.enumerator(atPath: home.path)
        chown(home.path, 65534, 65534)
        while let relative = enumerator?.nextObject() as? String {
            lchown(home.appendingPathComponent(relative).path, 65534, 65534)
        }
    }

    /// Runs crosswalk as a user without root's powers (see `unprivilegedRunner`).
    func runUnprivileged(_ arguments: [String]) throws -> Result {
        let runner = try #require(Self.unprivilegedRunner)
        let quoted = (runner + [Self.executable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try runShell("exec " + quoted.joined(separator: " "))
    }

    /// A JSON export without the second it was made: two exports of the same log a second
    /// apart are the same backup.
    static func undated(_ export: String) -> String {
        export.replacing(/"exported_at": "[^"]*"/, with: #""exported_at": """#)
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }
}
