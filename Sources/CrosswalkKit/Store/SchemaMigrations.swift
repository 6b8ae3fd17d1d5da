import SQLite

/// Versioned schema scripts compiled in from Schema/: `NAME-vN.sql` takes a database from
/// version N-1 to N, tracked in `PRAGMA user_version`.
struct SchemaMigrations {
    let name: String
    let scripts: [Int: String]

    init(name: String) {
        self.name = name
        var scripts: [Int: String] = [:]
        let prefix = "Schema/\(name)-v"
        for (path, text) in EmbeddedReference.files where path.hasPrefix(prefix) && path.hasSuffix(".sql") {
            if let version = Int(path.dropFirst(prefix.count).dropLast(".sql".count)) {
                scripts[version] = text
            }
        }
        self.scripts = scripts
    }

    var latestVersion: Int { scripts.keys.max() ?? 0 }

    /// FNV-1a over the scripts in order: tells a database made from other scripts with the same
    /// version number (possible while a version is still being developed).
    var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for version in scripts.keys.sorted() {
            for byte in scripts[version]!.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return String(hash, radix: 16)
    }

    /// Refuses a database made by a newer build rather than guessing at its shape.
    func checkNotNewer(_ database: Database, what: String) throws {
        let version = try database.userVersion
        if version > latestVersion {
            throw CrosswalkError.failure(
                "\(what) \(database.path) has schema version \(version), newer than this crosswalk understands (\(latestVersion)); use a newer crosswalk")
        }
    }

    /// Applies the missing scripts in order. Call inside a transaction so a failure leaves the
    /// database at its old version.
    func migrate(_ database: Database, what: String) throws {
        try checkNotNewer(database, what: what)
        let current = try database.userVersion
        guard current < latestVersion else { return }
        for version in (current + 1)...latestVersion {
            guard let script = scripts[version] else {
                throw CrosswalkError.failure("schema script Schema/\(name)-v\(version).sql is missing from this build")
            }
            try database.execute(script)
            try database.setUserVersion(version)
        }
    }
}
