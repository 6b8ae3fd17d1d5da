import Foundation
import Testing

/// The command tree as a user finds it: every command path, read from `--help` pages
/// recursively, with the options each page lists. Tests built on it cover commands added later.
struct CommandTree {
    struct Page {
        let path: [String]
        let subcommands: [String]
        let options: [String]
        let help: String
    }

    let pages: [Page]

    init(_ cli: CLI) throws {
        var pages: [Page] = []
        var queue: [[String]] = [[]]
        while let path = queue.first {
            queue.removeFirst()
            let result = try cli.run(path + ["--help"])
            #expect(result.status == 0, "crosswalk \(path.joined(separator: " ")) --help: \(result.stderr)")
            let subcommands = Self.section("COMMANDS", in: result.stdout)
                .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
                .compactMap { $0.split(separator: " ").first.map(String.init) }
            let options = Self.section("OPTIONS", in: result.stdout)
                .filter { $0.hasPrefix("  --") }
                .compactMap { $0.split(separator: " ").first.map(String.init) }
            pages.append(Page(path: path, subcommands: subcommands, options: options, help: result.stdout))
            queue += subcommands.map { path + [$0] }
        }
        self.pages = pages
    }

    /// The lines of a section of a help page, up to the next blank line.
    static func section(_ title: String, in help: String) -> [String] {
        guard let range = help.range(of: "\n\(title)\n") else { return [] }
        return help[range.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }.map(String.init)
    }

    /// Commands that run (leaves), as opposed to groups.
    var commands: [Page] { pages.filter { $0.subcommands.isEmpty && !$0.path.isEmpty } }
}

/// Whether a program can be run from the PATH.
func installed(_ program: String) -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
    }
}

/// Runs a program with arguments and standard input; its status, stdout and stderr.
@discardableResult
func runProgram(_ program: String, _ arguments: [String], stdin: String = "", environment: [String: String]? = nil,
                directory: URL? = nil) throws -> CLI.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    if let environment { process.environment = environment }
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
    let stderrData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLI.Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
}
