import Foundation

/// Files that hold the worker's reflections, the learning log and its exports: readable only by
/// their owner, whatever the umask.
public enum PrivateFile {
    /// Creates `path` with mode 0600 exactly; the error text on failure.
    static func create(_ path: String) -> String? {
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { return String(cString: strerror(errno)) }
        return nil
    }

    /// Where `--out PATH` sends a document.
    public enum Destination: Equatable, Sendable {
        /// `-`: the command's own standard output.
        case standardOutput
        /// A character device or a named pipe (a terminal, /dev/stdout, /dev/null, a
        /// process substitution): written to as a shell's `>` would, never replaced or chmod-ed.
        case stream(String)
        /// A regular file: a new one, or (with --force) one of the user's own to replace.
        case file(String, replacing: Bool)
    }

    /// Decides where `path` may be written, refusing what must never be replaced: any of
    /// `protected` (the databases and their -wal/-shm), a symbolic link (unless it leads to a
    /// stream, as /dev/stdout does), a folder, a block device or socket, a file of another
    /// user's, an SQLite database (by its 16-byte header), and any other existing file unless
    /// `force`.
    public static func destination(_ path: String, force: Bool, protected: [(path: String, name: String)]) throws -> Destination {
        if path == "-" { return .standardOutput }
        for (database, name) in protected {
            if let clash = ["", "-wal", "-shm", "-journal"].map({ database + $0 }).first(where: { FilePath.same(path, $0) }) {
                throw CrosswalkError.usage("--out \(path) would overwrite \(name) (\(clash)); give another file")
            }
        }
        var link = stat()
        guard lstat(path, &link) == 0 else {
            guard errno == ENOENT else { throw failure(path) }
            return .file(path, replacing: false)
        }
        var target = link
        if link.st_mode & S_IFMT == S_IFLNK {
            guard stat(path, &target) == 0, isStream(target) else {
                throw CrosswalkError.usage("--out \(path) is a symbolic link; give the file itself or a new name")
            }
        }
        if isStream(target) { return .stream(path) }
        switch target.st_mode & S_IFMT {
        case S_IFDIR:
            throw CrosswalkError.failure("cannot write \(path): it is a folder; give a file name")
        case S_IFREG:
            break
        default:
            throw CrosswalkError.usage("--out \(path) is a device or socket, not a file: give a file name, or - for standard output")
        }
        if target.st_uid != geteuid() {
            throw CrosswalkError.usage("--out \(path) belongs to another user; give another name")
        }
        if isSQLiteDatabase(path) {
            throw CrosswalkError.usage("--out \(path) is an SQLite database; an export never replaces one: give another name")
        }
        guard force else { throw CrosswalkError.usage("--out \(path) already exists; add --force to replace it") }
        return .file(path, replacing: true)
    }

    private static func isStream(_ status: stat) -> Bool {
        let type = status.st_mode & S_IFMT
        return type == S_IFCHR || type == S_IFIFO
    }

    /// Every SQLite database file starts with these 16 bytes.
    static func isSQLiteDatabase(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 16)) == Data("SQLite format 3\u{0}".utf8)
    }

    /// Writes `data` to `destination`. A file is written whole or not at all, with mode 0600:
    /// into a file with no name in the target's folder (Linux O_TMPFILE; nothing is left if the
    /// process is killed), given its name only once complete; where that is not possible, into a
    /// `.crosswalk-PID-XXXXXX` file beside it, renamed into place. Such copies left by a killed
    /// export are removed by the next export into that folder.
    ///
    /// `onTerminal` turns what goes to a stream that is a terminal into what a terminal may be
    /// shown (control characters made visible, as on standard output).
    public static func write(_ data: Data, to destination: Destination, onTerminal: ((Data) -> Data)? = nil) throws {
        try write(to: destination, onTerminal: onTerminal) { write in try write(data) }
    }

    /// Writes a document made as it is written (an export of any size): `produce` is handed the
    /// function that writes each piece, and the file is written whole or not at all as
    /// `write(_:to:)` writes one: if `produce` fails part-way, no file appears (an existing one
    /// stays as it was) and its error is passed on as it is. `onTerminal` is applied to each
    /// piece, so a piece must not end inside a line end.
    public static func write(to destination: Destination, onTerminal: ((Data) -> Data)? = nil,
                             _ produce: ((Data) throws -> Void) throws -> Void) throws {
        switch destination {
        case .standardOutput:
            try produce { FileHandle.standardOutput.write($0) }
        case .stream(let path):
            let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            guard descriptor >= 0 else { throw failure(path) }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            let terminal = isatty(descriptor) == 1
            try produce { data in
                do {
                    try handle.write(contentsOf: terminal ? onTerminal?(data) ?? data : data)
                } catch {
                    throw CrosswalkError.failure("cannot write \(path): \(error.localizedDescription)")
                }
            }
            do {
                try handle.close()
            } catch {
                throw CrosswalkError.failure("cannot write \(path): \(error.localizedDescription)")
            }
        case .file(let path, let replacing):
            try writeFile(to: path, replacing: replacing, produce)
        }
    }

    /// Writes `data` to the regular file `path` (see `write(_:to:)`). Without `replacing`, a
    /// file that appears at `path` meanwhile is not replaced.
    public static func write(_ data: Data, to path: String, replacing: Bool = true) throws {
        try writeFile(to: path, replacing: replacing) { write in try write(data) }
    }

    private static func writeFile(to path: String, replacing: Bool, _ produce: ((Data) throws -> Void) throws -> Void) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        removeStaleCopies(in: folder)
        #if os(Linux)
        if let descriptor = openUnnamed(in: folder) {
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try fill(handle, descriptor: descriptor, path: path, produce)
            let unnamed = "/proc/self/fd/\(descriptor)"
            if !replacing {
                if linkat(AT_FDCWD, unnamed, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 { return }
                if errno == EEXIST { throw CrosswalkError.usage("--out \(path) already exists; add --force to replace it") }
            } else if let temporary = linkUnnamed(unnamed, in: folder) {
                guard rename(temporary, path) == 0 else {
                    let error = failure(path)
                    unlink(temporary)
                    throw error
                }
                return
            }
            // /proc is not there, or the file system cannot link: write a named copy instead.
            // The document is made again: it was streamed, not kept.
        }
        #endif
        var template = Array((folder + "/" + temporaryPrefix + "XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw failure(path) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try fill(handle, descriptor: descriptor, path: path, produce)
            if replacing {
                guard rename(temporary, path) == 0 else { throw failure(path) }
            } else if link(temporary, path) == 0 {
                unlink(temporary)
            } else if errno == EEXIST {
                throw CrosswalkError.usage("--out \(path) already exists; add --force to replace it")
            } else {
                // A file system without hard links: the path was free a moment ago.
                guard rename(temporary, path) == 0 else { throw failure(path) }
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Makes the file private, writes the document into it and makes sure it is on disk. A
    /// failure to write is reported as one about the file; a failure of `produce` itself (the
    /// document could not be read) is passed on unchanged.
    private static func fill(_ handle: FileHandle, descriptor: Int32, path: String,
                             _ produce: ((Data) throws -> Void) throws -> Void) throws {
        func writing(_ body: () throws -> Void) throws {
            do {
                try body()
            } catch {
                throw error as? CrosswalkError ?? CrosswalkError.failure("cannot write \(path): \(error.localizedDescription)")
            }
        }
        guard fchmod(descriptor, 0o600) == 0 else { throw failure(path) }
        try produce { data in try writing { try handle.write(contentsOf: data) } }
        try writing { try handle.synchronize() }
    }

    #if os(Linux)
    /// O_TMPFILE (`__O_TMPFILE | O_DIRECTORY`; Swift does not import the macro): a file in
    /// `folder` that has no name until it is linked, and vanishes if the process dies first.
    private static func openUnnamed(in folder: String) -> Int32? {
        let descriptor = open(folder, 0o20000000 | O_DIRECTORY | O_WRONLY | O_CLOEXEC, 0o600)
        return descriptor >= 0 ? descriptor : nil
    }

    /// Gives the unnamed file a temporary name in `folder`, to rename over the target.
    private static func linkUnnamed(_ unnamed: String, in folder: String) -> String? {
        for _ in 0..<16 {
            let letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            let name = folder + "/" + temporaryPrefix + String((0..<6).map { _ in letters.randomElement()! })
            if linkat(AT_FDCWD, unnamed, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 { return name }
            if errno != EEXIST { return nil }
        }
        return nil
    }
    #endif

    /// A complete copy waiting to be renamed into place: `.crosswalk-PID-` and six letters or
    /// digits, so that a later run can tell whether its writer is still alive.
    static var temporaryPrefix: String { ".crosswalk-\(getpid())-" }

    /// Removes private copies a killed export left in `folder`: the user's own regular files,
    /// mode 0600, named `.crosswalk-PID-XXXXXX` by a process that is no longer running, or
    /// `.crosswalk-XXXXXX` (the release before) and untouched for a minute.
    static func removeStaleCopies(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".crosswalk-") {
            let parts = name.dropFirst(".crosswalk-".count).split(separator: "-", omittingEmptySubsequences: false)
            guard let random = parts.last, random.count == 6, random.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { continue }
            let path = folder + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid(),
                  status.st_mode & 0o777 == 0o600 else { continue }
            switch parts.count {
            case 1:
                #if os(Linux)
                let modified = status.st_mtim.tv_sec
                #else
                let modified = status.st_mtimespec.tv_sec
                #endif
                guard time(nil) - modified > 60 else { continue }
            case 2:
                guard let pid = pid_t(parts[0]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            default:
                continue
            }
            unlink(path)
        }
    }

    private static func failure(_ path: String) -> CrosswalkError {
        CrosswalkError.failure("cannot write \(path): \(String(cString: strerror(errno)))")
    }
}

/// Comparing paths the way the file system does.
public enum FilePath {
    /// `path` made absolute with symbolic links, `.` and `..` resolved; for a file that does not
    /// exist yet, its folder is resolved.
    public static func resolved(_ path: String) -> String {
        if let real = realPath(path) { return real }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        guard let realFolder = realPath(folder) else { return url.standardizedFileURL.path }
        return (realFolder == "/" ? "" : realFolder) + "/" + url.lastPathComponent
    }

    /// Whether `a` and `b` name the same file: the same path once resolved, or one file under
    /// two names (a hard link).
    public static func same(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        if stat(a, &first) == 0, stat(b, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        return resolved(a) == resolved(b)
    }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
