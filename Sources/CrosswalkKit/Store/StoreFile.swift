import Foundation
import SQLite

/// Opening crosswalk's database files: private folders, the read-only fallbacks, and SQLite's
/// errors turned into one line that names the file and says what to do.
enum StoreFile {
    /// A folder is never a database file.
    static func refuseFolder(_ path: String, option: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CrosswalkError.failure("\(path) is a folder, not a database file; give a file path with \(option)")
        }
    }

    /// Makes every missing folder above `path` with mode 0700 exactly, whatever the umask:
    /// crosswalk's data folder holds the learning log, so only its owner may look inside.
    /// Folders that exist already are left as they are.
    static func createPrivateFolder(containing path: String) throws {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        var missing: [String] = []
        var folder = parent
        while !folder.isEmpty, folder != "/", !FileManager.default.fileExists(atPath: folder) {
            missing.append(folder)
            folder = URL(fileURLWithPath: folder).deletingLastPathComponent().path
        }
        for folder in missing.reversed() {
            if mkdir(folder, 0o700) != 0, errno != EEXIST {
                throw CrosswalkError.failure("cannot create folder \(folder): \(String(cString: strerror(errno)))")
            }
            // mkdir takes the umask off; chmod sets the mode exactly.
            if chmod(folder, 0o700) != 0 {
                throw CrosswalkError.failure("cannot make folder \(folder) private: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Opens `path` and reads its header once, so that an unreadable file fails here with a
    /// line about the file. A WAL database that cannot be written, in a folder where SQLite
    /// cannot make the -shm file, is read as immutable: nothing else can be writing it then.
    static func connect(_ path: String, mode: Database.Mode, busyTimeout: Int32, what: String, option: String) throws -> Database {
        try describingOpenErrors(path, what: what, option: option) {
            let database = try Database(path: path, mode: mode, busyTimeoutMilliseconds: busyTimeout)
            do {
                _ = try database.scalarInt("PRAGMA schema_version")
                return database
            } catch let error as SQLiteError where (error.isReadOnly || error.isCannotOpen) && !hasWriteAheadContent(path) {
                let immutable = try Database(path: path, mode: .readOnly, busyTimeoutMilliseconds: busyTimeout, immutable: true)
                _ = try immutable.scalarInt("PRAGMA schema_version")
                return immutable
            }
        }
    }

    /// Whether `path-wal` holds changes not yet in the file itself.
    static func hasWriteAheadContent(_ path: String) -> Bool {
        var status = stat()
        return stat(path + "-wal", &status) == 0 && status.st_size > 0
    }

    /// Runs `body`, turning an SQLite error into one line about `path`.
    static func describingOpenErrors<T>(_ path: String, what: String, option: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw CrosswalkError.failure(StoreFailure.message(for: error, path: path, what: what, option: option))
        }
    }

    /// Removes a database file crosswalk has just made, with its -wal and -shm, when nothing was
    /// built in it.
    static func removeIfEmpty(_ path: String) {
        let empty: Bool = {
            guard let database = try? Database(path: path, mode: .readOnly) else { return false }
            return (try? DatabaseIdentity.of(database)) == .empty
        }()
        guard empty else { return }
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}

/// The one line a person sees for an SQLite error: which file, what happened, what to do.
/// SQLite's own message (which may quote the statement) is never shown; a user's text is
/// never in it.
public enum StoreFailure {
    /// `what` is "learning log" or "reference database"; `option` how to give another path.
    public static func message(for error: SQLiteError, path: String? = nil, what: String? = nil, option: String? = nil) -> String {
        let file = path ?? error.path ?? "the database"
        let name = what.map { "the \($0) \(file)" } ?? file
        let elsewhere = option.map { "; or give another path with \($0)" } ?? ""
        if error.isNotADatabase {
            return "\(file) is not a crosswalk \(what ?? "database") (not an SQLite database file)\(option.map { "; give another path with \($0)" } ?? "")"
        }
        if error.isDiskFull {
            return "the disk holding \(file) is full; nothing was written: free some space and try again"
        }
        if error.isReadOnly {
            return "\(name) cannot be written (the file, its folder or the disk is read-only); make it writable (`chmod u+w`)\(elsewhere)"
        }
        if error.isCannotOpen || error.isPermissionDenied {
            return "cannot open \(name): check that its folder exists and that you may read and write there\(elsewhere)"
        }
        if error.isBusy {
            return "\(name) is busy (another crosswalk is writing to it); try again"
        }
        if error.isCorrupt {
            let advice = what == "learning log"
                ? "`crosswalk log check` says what is wrong; restore your last `log export --format json` backup into a new log with `log import`"
                : "delete it and crosswalk builds it again"
            return "\(name) is damaged (\(error.codeName)); \(advice)"
        }
        if error.isIOError {
            return "cannot read or write \(name): disk I/O error (is the disk failing or full, or the file on a network share?)"
        }
        if error.isConstraintViolation {
            return "\(name) refused a value that breaks its rules (\(error.codeName)); nothing was written"
        }
        return "\(name): \(error.codeName) (SQLite error \(error.code))"
    }
}
