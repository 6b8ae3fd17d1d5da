import Foundation
import Testing

/// A kill part-way through an import must leave the previous database untouched.
@Suite struct ImportAtomicityCLITests {
    @Test func killedImportLeavesThePreviousDatabaseIntact() throws {
        let cli = try CLI()
        let db = cli.home.appendingPathComponent("reference.db").path
        #expect(try cli.run("import", "--db", db).status == 0)
        let before = try cli.run("list", "standards", "--db", db, "--json").stdout

        // A large but valid dataset, so the import is still writing when it is killed.
        let data = cli.home.appendingPathComponent("big-data")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("Data"), to: data)
        var extra = ""
        for index in 1...60_000 {
            extra += "BIG-\(index),SCDLMCA1,knowledge,\(index),Generated knowledge item \(index) for the atomicity test,,https://example.org,uncertain,project\n"
        }
        let elements = data.appendingPathComponent("elements.csv")
        let handle = try FileHandle(forWritingTo: elements)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(extra.utf8))
        try handle.close()

        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["import", "--data", data.path, "--db", db]
        process.environment = cli.environment
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        // Wait until the writer holds its transaction (the -wal file grows), then kill it.
        let wal = db + "-wal"
        let deadline = Date().addingTimeInterval(20)
        var walSizeAtStart: UInt64? = nil
        while process.isRunning, Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? UInt64) ?? 0
            if walSizeAtStart == nil { walSizeAtStart = size }
            if size > (walSizeAtStart ?? 0) + 64 * 1024 { break }
            usleep(2_000)
        }
        let killedMidWay = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(killedMidWay, "the import finished before it could be killed; the test proves nothing")

        let after = try cli.run("list", "standards", "--db", db, "--json")
        #expect(after.status == 0)
        #expect(after.stdout == before)
        #expect(try cli.run("show", "BIG-1", "--db", db).status == 1)
    }
}
