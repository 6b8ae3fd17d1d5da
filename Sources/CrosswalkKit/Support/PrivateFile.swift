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

    /// Writes `data` to `path` whole or not at all, with mode 0600: into a new file beside it,
    /// then renamed over it, so a failed write leaves the old file as it was. A symbolic link is
    /// followed, so the file it points to is replaced rather than the link.
    public static func write(_ data: Data, to path: String) throws {
        let target = FilePath.resolved(path)
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
        var template = Array((folder + "/.crosswalk-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw failure(path) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            guard fchmod(descriptor, 0o600) == 0 else { throw failure(path) }
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, target) == 0 else { throw failure(path) }
        } catch {
            unlink(temporary)
            throw error as? CrosswalkError ?? CrosswalkError.failure("cannot write \(path): \(error.localizedDescription)")
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
