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

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }
}
