import Foundation
import PackagePlugin

/// Compiles Data/*.csv and Schema/*.sql into the target as Swift source, re-running whenever
/// one of those files is added, removed or changed.
@main
struct EmbedReferenceDataPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let inputs = ["Data": ".csv", "Schema": ".sql"].flatMap { folder, suffix -> [URL] in
            let directory = root.appending(path: folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasSuffix(suffix) }.sorted().map { directory.appending(path: $0) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedReference.swift")
        return [
            .buildCommand(
                displayName: "Embedding Data/ and Schema/",
                executable: try context.tool(named: "EmbedReferenceData").url,
                arguments: [root.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
