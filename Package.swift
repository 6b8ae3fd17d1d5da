// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Crosswalk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "crosswalk", targets: ["crosswalk"]),
        .library(name: "CrosswalkKit", targets: ["CrosswalkKit"]),
    ],
    targets: [
        // The system's SQLite, found through pkg-config; no package dependencies.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // A small typed wrapper: errors, prepared statements, transactions.
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        // The domain: data model, import, catalogue, mapping, planning, learning log, export.
        // Data/ and Schema/ are compiled into it by the EmbedReferenceData build plugin.
        .target(
            name: "CrosswalkKit",
            dependencies: ["SQLite"],
            plugins: ["EmbedReferenceDataPlugin"]
        ),
        // The thin command-line front end.
        .executableTarget(name: "crosswalk", dependencies: ["CrosswalkKit"]),
        // Build-time tool that turns Data/*.csv and Schema/*.sql into Swift source.
        .executableTarget(name: "EmbedReferenceData", path: "Sources/EmbedReferenceData"),
        .plugin(
            name: "EmbedReferenceDataPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedReferenceData"]
        ),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(name: "CrosswalkKitTests", dependencies: ["CrosswalkKit"]),
        .testTarget(name: "CrosswalkCLITests", dependencies: ["crosswalk", "SQLite"]),
        // Seeded random-mutation fuzzing of the CSV reader, the dataset validator and log import.
        .testTarget(name: "CrosswalkFuzzTests", dependencies: ["CrosswalkKit", "SQLite"]),
    ]
)
