import Dispatch
import Foundation

/// One problem in the dataset, reported as `FILE:LINE: COLUMN: message`.
public struct DataProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let column: String?
    public let message: String

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let column { text += "\(column): " }
        return text + message
    }
}

/// Thrown when a dataset fails validation; carries every problem found.
public struct InvalidDataset: Error, Sendable {
    public let problems: [DataProblem]
}

/// Where the CSV text comes from: a folder on disk, or the copy compiled into the binary.
public struct DataSource: Sendable {
    public let label: String
    public let files: [String: String]
    /// Files of the folder that could not be read as text, with why: reported with the other
    /// problems, so one bad file does not hide the rest.
    let unreadable: [String: DataProblem]

    init(label: String, files: [String: String], unreadable: [String: DataProblem] = [:]) {
        self.label = label
        self.files = files
        self.unreadable = unreadable
    }

    static let embeddedLabel = "embedded"

    /// The reference data compiled into this build.
    public static var embedded: DataSource {
        var files: [String: String] = [:]
        for (path, text) in EmbeddedReference.files where path.hasPrefix("Data/") {
            files[String(path.dropFirst("Data/".count))] = text
        }
        return DataSource(label: embeddedLabel, files: files)
    }

    var isEmbedded: Bool { label == Self.embeddedLabel }

    public static func directory(_ path: String) throws -> DataSource {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataProblem(file: path, line: nil, column: nil, message: "no such data folder")
        }
        var files: [String: String] = [:]
        var unreadable: [String: DataProblem] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where name.hasSuffix(".csv") {
            let fileURL = url.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: fileURL.path) else {
                unreadable[name] = DataProblem(file: name, line: nil, column: nil, message: "cannot be read")
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                unreadable[name] = DataProblem(file: name, line: firstLineNotUTF8(data), column: nil,
                                               message: "is not valid UTF-8 (save it as \"CSV UTF-8\")")
                continue
            }
            files[name] = text
        }
        return DataSource(label: url.standardizedFileURL.path, files: files, unreadable: unreadable)
    }

    /// The line holding the first byte that is not UTF-8 (a line feed is never inside a UTF-8
    /// sequence, so lines can be checked one by one).
    static func firstLineNotUTF8(_ data: Data) -> Int? {
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where String(data: Data(line), encoding: .utf8) == nil {
            return index + 1
        }
        return nil
    }
}

/// A validated row: its line, and its values by column name (empty fields absent).
struct DataRow {
    let line: Int
    let values: [String: String]

    subscript(column: String) -> String? { values[column] }
}

/// The whole dataset, parsed and checked against `DatasetSpec`.
struct Dataset {
    let rows: [String: [DataRow]]

    /// Parses and validates every file, collecting every problem before giving up.
    static func load(_ source: DataSource) throws(InvalidDataset) -> Dataset {
        var problems: [DataProblem] = []
        var rows: [String: [DataRow]] = [:]
        // Files whose rows could not be read; references into them are not reported again.
        var unreadable = Set<String>()

        let expected = Set(DatasetSpec.files.map(\.fileName))
        for name in Set(source.files.keys).union(source.unreadable.keys).sorted() where !expected.contains(name) {
            problems.append(DataProblem(file: name, line: nil, column: nil,
                                        message: "unknown file (expected one of: \(expected.sorted().joined(separator: ", ")))"))
        }
        // The files are read side by side (on as many cores as there are), each on its own;
        // their problems are then reported file by file, in the same order as ever.
        let files = DatasetSpec.files
        let parsed = files.map { _ in ParsedFile() }
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            guard let text = source.files[files[index].fileName] else { return }
            var problems: [DataProblem] = []
            let rows = parse(text, spec: files[index], problems: &problems)
            parsed[index].result = (rows, problems)
        }
        for (spec, file) in zip(files, parsed) {
            guard let (fileRows, fileProblems) = file.result else {
                problems.append(source.unreadable[spec.fileName]
                                ?? DataProblem(file: spec.fileName, line: nil, column: nil, message: "file is missing"))
                unreadable.insert(spec.name)
                continue
            }
            rows[spec.name] = fileRows
            problems += fileProblems
            if fileRows.isEmpty, !fileProblems.isEmpty { unreadable.insert(spec.name) }
        }
        checkKeys(rows, unreadable: unreadable, problems: &problems)
        checkProvenance(rows, problems: &problems)
        checkUnitCounts(rows, problems: &problems)
        if !problems.isEmpty { throw InvalidDataset(problems: problems) }
        return Dataset(rows: rows)
    }

    /// One file's rows and problems, written by the one task that reads it.
    private final class ParsedFile: @unchecked Sendable {
        var result: (rows: [DataRow], problems: [DataProblem])?
    }

    private static func parse(_ text: String, spec: DatasetSpec.File, problems: inout [DataProblem]) -> [DataRow] {
        let records: [CSVRecord]
        do {
            records = try CSV.parse(text)
        } catch {
            problems.append(DataProblem(file: spec.fileName, line: error.line, column: nil, message: error.message))
            return []
        }
        guard let header = records.first else {
            problems.append(DataProblem(file: spec.fileName, line: 1, column: nil, message: "no header row"))
            return []
        }
        let headerNames = header.fields.map { $0.trimmed() }
        var headerOK = true
        var seen = Set<String>()
        for name in headerNames {
            if spec.column(name) == nil {
                problems.append(DataProblem(file: spec.fileName, line: header.line, column: name,
                                            message: "unknown column (expected: \(spec.columns.map(\.name).joined(separator: ", ")))"))
                headerOK = false
            } else if !seen.insert(name).inserted {
                problems.append(DataProblem(file: spec.fileName, line: header.line, column: name, message: "column appears twice"))
                headerOK = false
            }
        }
        for column in spec.columns where column.required && !seen.contains(column.name) {
            problems.append(DataProblem(file: spec.fileName, line: header.line, column: column.name, message: "required column is missing"))
            headerOK = false
        }
        guard headerOK else { return [] }

        let columns = headerNames.map { spec.column($0)! }
        var result: [DataRow] = []
        result.reserveCapacity(records.count)
        for record in records.dropFirst() {
            guard record.fields.count == headerNames.count else {
                problems.append(DataProblem(file: spec.fileName, line: record.line, column: nil,
                                            message: "has \(record.fields.count) fields, the header has \(headerNames.count)"))
                continue
            }
            var values: [String: String] = [:]
            values.reserveCapacity(headerNames.count)
            for (index, raw) in record.fields.enumerated() {
                let name = headerNames[index]
                let value = raw.trimmed()
                let column = columns[index]
                if value.isEmpty {
                    if column.required {
                        problems.append(DataProblem(file: spec.fileName, line: record.line, column: name, message: "required value is empty"))
                    }
                    continue
                }
                if let message = sizeProblem(value, column.size) ?? typeProblem(value, column) {
                    problems.append(DataProblem(file: spec.fileName, line: record.line, column: name, message: message))
                }
                values[name] = value
            }
            let row = DataRow(line: record.line, values: values)
            for rule in spec.rules {
                if let message = rule.problem(row) {
                    problems.append(DataProblem(file: spec.fileName, line: record.line, column: rule.column, message: message))
                }
            }
            result.append(row)
        }
        return result
    }

    /// A field longer than its column allows; the value itself is never echoed.
    private static func sizeProblem(_ value: String, _ size: DatasetSpec.Size) -> String? {
        // Bytes bound characters from above, so the count is only needed for a long field.
        guard value.utf8.count > size.rawValue else { return nil }
        let characters = value.count
        guard characters > size.rawValue else { return nil }
        return "\(characters) characters long; at most \(size.rawValue) are allowed (see \"Field sizes\" in Data/README.md)"
    }

    private static func typeProblem(_ value: String, _ column: DatasetSpec.Column) -> String? {
        switch column.type {
        case .text:
            return nil
        case .integer:
            guard let number = Int(value) else { return "\"\(value)\" is not a whole number" }
            guard let range = column.range, !range.contains(number) else { return nil }
            return range.upperBound == Int.max ? "\(number) is less than \(range.lowerBound), the smallest allowed"
                : "\(number) is outside \(range.lowerBound)...\(range.upperBound)"
        case .real(let range):
            guard let number = Double(value), number.isFinite else { return "\"\(value)\" is not a number" }
            return range.contains(number) ? nil : "\(value) is outside \(range.lowerBound)...\(range.upperBound)"
        case .oneOf(let allowed):
            guard !allowed.contains(value) else { return nil }
            let hint = Suggest.closest(to: value, in: allowed).first.map { " (did you mean \"\($0)\"?)" } ?? ""
            return "\"\(value)\" is not one of: \(allowed.joined(separator: ", "))\(hint)"
        }
    }

    /// Duplicate keys and references to codes that do not exist.
    private static func checkKeys(_ rows: [String: [DataRow]], unreadable: Set<String>, problems: inout [DataProblem]) {
        let someItemsUnreadable = DatasetSpec.files.contains { $0.item != nil && unreadable.contains($0.name) }
        var keys: [String: Set<[String]>] = [:]
        var allItems = Set<String>()
        for spec in DatasetSpec.files {
            var seen: [[String]: Int] = [:]
            for row in rows[spec.name] ?? [] {
                let key = spec.key.map { row[$0] ?? "" }
                if let first = seen[key] {
                    problems.append(DataProblem(file: spec.fileName, line: row.line, column: spec.key.joined(separator: "+"),
                                                message: "duplicate \"\(key.joined(separator: " / "))\" (first on line \(first))"))
                } else {
                    seen[key] = row.line
                }
            }
            keys[spec.name] = Set(seen.keys)
            // The schema's other UNIQUE constraints; SQLite lets empty (NULL) values repeat.
            let uniqueSets = spec.columns.filter(\.unique).map { [$0.name] } + spec.unique
            for columns in uniqueSets {
                var first: [[String]: Int] = [:]
                for row in rows[spec.name] ?? [] {
                    let values = columns.compactMap { row[$0] }
                    guard values.count == columns.count else { continue }
                    if let line = first[values] {
                        problems.append(DataProblem(file: spec.fileName, line: row.line, column: columns.joined(separator: "+"),
                                                    message: "duplicate \"\(values.joined(separator: " / "))\" (first on line \(line))"))
                    } else {
                        first[values] = row.line
                    }
                }
            }
            if spec.item != nil, spec.key.count == 1 {
                for key in seen.keys {
                    if !allItems.insert(key[0]).inserted {
                        problems.append(DataProblem(file: spec.fileName, line: seen[key], column: spec.key[0],
                                                    message: "code \"\(key[0])\" is already used by another file's item"))
                    }
                }
            }
        }
        var itemsByFile: [String: [String]] = [:]
        for spec in DatasetSpec.files where spec.item != nil {
            itemsByFile[spec.name] = (keys[spec.name] ?? []).map { $0[0] }
        }
        for spec in DatasetSpec.files {
            for row in rows[spec.name] ?? [] {
                for column in spec.columns {
                    guard let target = column.references, let field = row[column.name] else { continue }
                    for value in column.values(field) {
                        let known: Bool
                        let candidates: [String]
                        switch target {
                        case .anyItem:
                            known = allItems.contains(value) || someItemsUnreadable
                            candidates = known ? [] : Array(allItems)
                        case .file(let name):
                            known = keys[name]?.contains([value]) ?? false || unreadable.contains(name)
                            candidates = known ? [] : itemsByFile[name] ?? (keys[name] ?? []).map { $0[0] }
                        }
                        if !known {
                            let hint = Suggest.closest(to: value, in: candidates).first.map { " (did you mean \"\($0)\"?)" } ?? ""
                            problems.append(DataProblem(file: spec.fileName, line: row.line, column: column.name,
                                                        message: "\"\(value)\" does not exist\(hint)"))
                        }
                    }
                }
                for reference in spec.compoundReferences where !unreadable.contains(reference.file) {
                    let key = reference.columns.map { row[$0] ?? "" }
                    if !(keys[reference.file]?.contains(key) ?? false) {
                        problems.append(DataProblem(
                            file: spec.fileName, line: row.line, column: reference.columns.last!,
                            message: "\"\(key.joined(separator: " / "))\" is not in \(reference.file).csv"))
                    }
                }
            }
        }
    }

    /// A document is the publication a fact comes from, never the site a copy of it was read on;
    /// and an official fact is confirmed only by a document whose identity is established.
    private static func checkProvenance(_ rows: [String: [DataRow]], problems: inout [DataProblem]) {
        var documentStatus: [String: String] = [:]
        for row in rows["documents"] ?? [] {
            let id = row["id"] ?? ""
            documentStatus[id] = row["status"]
            if let url = row["url"], let mirror = DocumentMirrors.mirror(in: url) {
                problems.append(DataProblem(
                    file: "documents.csv", line: row.line, column: "url",
                    message: "\(mirror) is a document-mirror site, not a publisher: a copy read there belongs in the rows' source_url; give the publisher's own address here or leave url empty"))
            }
            for column in ["title", "publisher"] {
                if let text = row[column], let mirror = DocumentMirrors.mirror(in: text) {
                    problems.append(DataProblem(
                        file: "documents.csv", line: row.line, column: column,
                        message: "names \(mirror), a document-mirror site: name the document and its publisher, not where a copy was read"))
                }
            }
        }
        for spec in DatasetSpec.files where spec.name != "documents" && spec.column("document") != nil {
            for row in rows[spec.name] ?? [] {
                guard let document = row["document"], row["status"] == "confirmed", row["origin"] == "official",
                      documentStatus[document] == "uncertain" else { continue }
                problems.append(DataProblem(
                    file: spec.fileName, line: row.line, column: "status",
                    message: "confirmed official, but its document \"\(document)\" is not identified (uncertain in documents.csv); mark the row uncertain or name the document it copies"))
            }
        }
    }

    /// A group cannot list more units than it has in all.
    private static func checkUnitCounts(_ rows: [String: [DataRow]], problems: inout [DataProblem]) {
        var listed: [[String]: Int] = [:]
        for row in rows["qualification_units"] ?? [] {
            listed[[row["qualification"] ?? "", row["group"] ?? ""], default: 0] += 1
        }
        for row in rows["qualification_groups"] ?? [] {
            let key = [row["qualification"] ?? "", row["group"] ?? ""]
            guard let total = row["units_total"].flatMap({ Int($0) }) else { continue }
            if let count = listed[key], count > total {
                problems.append(DataProblem(
                    file: "qualification_groups.csv", line: row.line, column: "units_total",
                    message: "\(total), but qualification_units.csv lists \(count) units in \(key[0]) / \(key[1])"))
            }
            if let least = row["choose_min"].flatMap({ Int($0) }), least > total {
                problems.append(DataProblem(
                    file: "qualification_groups.csv", line: row.line, column: "units_total",
                    message: "\(total) is fewer than choose_min (\(least))"))
            }
        }
    }
}
