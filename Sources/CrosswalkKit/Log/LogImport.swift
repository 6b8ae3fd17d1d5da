import Foundation

/// Reads what `log export --format json` writes (or the array `log list --json` prints) back
/// into entries, checking every field; the first problem is reported as FILE: PATH: message.
public enum LogImport {
    public struct Document: Sendable {
        public let entries: [LogEntry]
        public let settings: [(key: String, value: String)]
    }

    public static func read(_ data: Data, file: String) throws -> Document {
        let root: JSON
        do {
            root = try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                guard String(validating: bytes, as: UTF8.self) != nil else {
                    throw JSONReader.SyntaxError(message: "the file is not UTF-8 text", line: 1, column: 1)
                }
                return try JSONReader.read(bytes)
            }
        } catch {
            throw CrosswalkError.failure("\(file): not valid JSON (\(error))")
        }
        var settings: [(key: String, value: String)] = []
        let list: [JSON]
        switch root {
        case .array(let array):
            list = array
        case .object:
            let document = FieldReader(file: file, path: "", value: root)
            if let format = try document.string("format"), format != JSONExport.formatName {
                throw CrosswalkError.failure("\(file): format is \"\(format)\", not a crosswalk learning log (\(JSONExport.formatName))")
            }
            if let version = try document.wholeNumber("version", in: 1...Int.max), version > JSONExport.formatVersion {
                throw CrosswalkError.failure("\(file): written by a newer crosswalk (format version \(version)); use a newer crosswalk to import it")
            }
            guard case .array(let entries) = document.present("entries") else {
                throw CrosswalkError.failure("\(file): entries: missing; expected the output of `crosswalk log export --format json`")
            }
            list = entries
            if let stored = document.present("settings") {
                let reader = FieldReader(file: file, path: "settings", value: stored)
                guard case .object = stored else { throw document.fail("settings", "expected an object") }
                for key in LearningLog.settingKeys {
                    guard let value = try reader.string(key) else { continue }
                    do {
                        settings.append((key, try LearningLog.normalizedSetting(key, value)))
                    } catch let error as CrosswalkError {
                        throw reader.fail(key, error.description)
                    }
                }
            }
        default:
            throw CrosswalkError.failure("\(file): expected the output of `crosswalk log export --format json`")
        }
        var seen = Set<String>()
        var entries: [LogEntry] = []
        for (index, item) in list.enumerated() {
            let reader = FieldReader(file: file, path: "entries[\(index)]", value: item)
            let entry = try reader.entry()
            guard seen.insert(entry.uuid).inserted else {
                throw CrosswalkError.failure("\(file): entries[\(index)].uuid: \"\(entry.uuid)\" appears twice in the file")
            }
            entries.append(entry)
        }
        return Document(entries: entries, settings: settings)
    }
}

/// Typed reads from one JSON object, every failure naming the file and the field.
private struct FieldReader {
    let file: String
    let path: String
    let fields: [(String, JSON)]

    init(file: String, path: String, value: JSON) {
        self.file = file
        self.path = path
        if case .object(let members) = value { fields = members } else { fields = [] }
    }

    func fail(_ key: String, _ message: String) -> CrosswalkError {
        CrosswalkError.failure("\(file): \(path.isEmpty ? "" : path + ".")\(key): \(message)")
    }

    /// The member's value, nil when it is missing or null; of a key written twice, the last.
    func present(_ key: String) -> JSON? {
        guard let value = fields.last(where: { $0.0 == key })?.1 else { return nil }
        if case .null = value { return nil }
        return value
    }

    func string(_ key: String) throws -> String? {
        guard let value = present(key) else { return nil }
        guard case .string(let text) = value else { throw fail(key, "expected text") }
        // "\u0000" is valid JSON, but not text a log keeps (it would end the text there).
        if TextInput.lineOfFirstNUL(in: text) != nil { throw fail(key, "contains a NUL character (U+0000); a learning log keeps text only") }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key), !text.trimmed().isEmpty else {
            throw fail(key, "missing")
        }
        return text
    }

    func number(_ key: String) throws -> Double? {
        switch present(key) {
        case nil: return nil
        case .number(let number): return number
        case .int(let number): return Double(number)
        default: throw fail(key, "expected a number")
        }
    }

    /// A whole number in `range`: 2.5 is not an id, and 1e30 does not fit one.
    func wholeNumber(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let number = try number(key) else { return nil }
        guard let whole = Int(exactly: number), range.contains(whole) else {
            let bounds = range.upperBound == Int.max ? "of \(range.lowerBound) or more" : "from \(range.lowerBound) to \(range.upperBound)"
            throw fail(key, "must be a whole number \(bounds)")
        }
        return whole
    }

    /// A moment as the log writes it: 2025-03-14T09:30:00Z.
    func timestamp(_ key: String) throws -> String? {
        guard let text = try string(key) else { return nil }
        guard LogDate.isTimestamp(text) else { throw fail(key, "\"\(text)\" is not a time as YYYY-MM-DDTHH:MM:SSZ") }
        return text
    }

    func oneOf<T: RawRepresentable>(_ key: String, _ type: T.Type, allowed: [String]) throws -> T? where T.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            throw fail(key, "\"\(text)\" is not one of: \(allowed.joined(separator: ", "))")
        }
        return value
    }

    func entry() throws -> LogEntry {
        guard !fields.isEmpty else { throw CrosswalkError.failure("\(file): \(path): expected an object") }
        let date = try requiredString("date")
        guard (try? LogDate.validated(date, option: "date")) != nil else {
            throw fail("date", "\"\(date)\" is not a date as YYYY-MM-DD")
        }
        let hours = try number("hours")
        if let hours, !LogEntry.hoursRange.contains(hours) {
            throw fail("hours", "must be from \(TextFormat.hours(LogEntry.hoursRange.lowerBound)) to \(TextFormat.hours(LogEntry.hoursRange.upperBound))")
        }
        let element = try string("element")
        var elementSource = try oneOf("element_source", LogEntry.ElementSource.self, allowed: ["user", "mapper"])
        if element == nil { elementSource = nil } else if elementSource == nil { elementSource = .user }
        let id = try wholeNumber("id", in: LogEntry.idRange) ?? 0
        let now = LogDate.timestamp()
        var references: [LogReference] = []
        if let value = present("references") {
            guard case .array(let list) = value else { throw fail("references", "expected a list") }
            for (index, item) in list.enumerated() {
                let reader = FieldReader(file: file, path: "\(path).references[\(index)]", value: item)
                let reference = try reader.reference(now: now)
                if references.contains(where: { $0.code == reference.code }) {
                    throw reader.fail("code", "\"\(reference.code)\" is attached twice")
                }
                references.append(reference)
            }
        }
        let text = try string("text") ?? ""
        if text.utf8.count > TextInput.largestText {
            throw fail("text", "is longer than \(TextInput.largestText >> 20) MB; an entry is one piece of writing")
        }
        return LogEntry(
            id: id, uuid: try requiredString("uuid"), date: date, title: try requiredString("title"), text: text,
            hours: hours, thing: try string("thing"), element: element, elementSource: elementSource,
            role: try oneOf("role", Role.self, allowed: Role.allCases.map(\.rawValue)) ?? .frontline,
            words: TextStatistics.wordCount(text),
            createdAt: try timestamp("created_at") ?? now, updatedAt: try timestamp("updated_at") ?? now,
            references: references)
    }

    func reference(now: String) throws -> LogReference {
        guard !fields.isEmpty else { throw CrosswalkError.failure("\(file): \(path): expected an object") }
        let score = try number("score")
        if let score, !(0...1).contains(score) { throw fail("score", "must be from 0 to 1") }
        return LogReference(
            code: try requiredString("code"), kind: try requiredString("kind"),
            status: try oneOf("status", LogReference.Status.self, allowed: LogReference.Status.allCases.map(\.rawValue)) ?? .confirmed,
            score: score,
            source: try oneOf("source", LogReference.Source.self, allowed: LogReference.Source.allCases.map(\.rawValue)) ?? .user,
            title: try string("title"), addedAt: try timestamp("added_at") ?? now, passage: try string("passage"))
    }
}
