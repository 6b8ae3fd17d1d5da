import Foundation

/// The parts of a 1EdTech CASE 1.1 CFPackage that crosswalk writes and reads: the document,
/// its items and the associations between them. Field names are the specification's.
public struct CFPackage: Sendable {
    public var document: CFDocument
    public var items: [CFItem]
    public var associations: [CFAssociation]
}

public struct CFDocument: Sendable {
    public var identifier: String
    public var uri: String
    public var creator: String
    public var title: String
    public var lastChangeDateTime: String
    public var officialSourceURL: String?
    public var publisher: String?
    public var description: String?
    public var language: String?
    public var version: String?
    public var frameworkType: String?
    public var caseVersion: String?
    public var notes: String?
}

public struct CFItem: Sendable {
    /// Where it stands in the package's CFItems (for messages); 0 for one being written.
    var index = 0
    public var identifier: String
    public var uri: String
    public var fullStatement: String
    public var lastChangeDateTime: String
    public var humanCodingScheme: String?
    public var abbreviatedStatement: String?
    public var alternativeLabel: String?
    public var itemType: String?
    public var listEnumeration: String?
    public var conceptKeywords: [String] = []
    public var language: String?
    public var notes: String?
}

/// A reference to a node (`LinkGenURI`): the document, an item, or something outside the package.
public struct CFNodeReference: Sendable, Equatable {
    public var title: String
    public var identifier: String
    public var uri: String
}

public struct CFAssociation: Sendable {
    /// Where it stands in the package's CFAssociations (for messages).
    var index = 0
    public var identifier: String
    public var uri: String
    public var associationType: String
    public var origin: CFNodeReference
    public var destination: CFNodeReference
    public var lastChangeDateTime: String
    public var sequenceNumber: Int?
    public var notes: String?

    /// The types CASE 1.1 names; `ext:` types are allowed besides.
    public static let types = [
        "isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
        "replacedBy", "exemplar", "hasSkillLevel", "isTranslationOf",
    ]
}

// MARK: Writing

extension CFPackage {
    /// The package as JSON, keys in the specification's order, absent values left out.
    public var json: JSON {
        var pairs: [(String, JSON)] = [("CFDocument", document.json)]
        pairs.append(("CFItems", .array(items.map(\.json))))
        pairs.append(("CFAssociations", .array(associations.map(\.json))))
        return .object(pairs)
    }
}

private func compact(_ pairs: [(String, JSON?)]) -> JSON {
    .object(pairs.compactMap { key, value in value.map { (key, $0) } })
}

private func text(_ value: String?) -> JSON? {
    guard let value, !value.isEmpty else { return nil }
    return .string(value)
}

extension CFDocument {
    var json: JSON {
        compact([
            ("identifier", .string(identifier)), ("uri", .string(uri)), ("frameworkType", text(frameworkType)),
            ("caseVersion", text(caseVersion)), ("creator", .string(creator)), ("title", .string(title)),
            ("lastChangeDateTime", .string(lastChangeDateTime)), ("officialSourceURL", text(officialSourceURL)),
            ("publisher", text(publisher)), ("description", text(description)), ("language", text(language)),
            ("version", text(version)), ("notes", text(notes)),
        ])
    }
}

extension CFItem {
    var json: JSON {
        compact([
            ("identifier", .string(identifier)), ("uri", .string(uri)), ("fullStatement", .string(fullStatement)),
            ("alternativeLabel", text(alternativeLabel)), ("CFItemType", text(itemType)),
            ("humanCodingScheme", text(humanCodingScheme)), ("listEnumeration", text(listEnumeration)),
            ("abbreviatedStatement", text(abbreviatedStatement)),
            ("conceptKeywords", conceptKeywords.isEmpty ? nil : .strings(conceptKeywords)),
            ("notes", text(notes)), ("language", text(language)), ("lastChangeDateTime", .string(lastChangeDateTime)),
        ])
    }
}

extension CFNodeReference {
    var json: JSON { .object([("title", .string(title)), ("identifier", .string(identifier)), ("uri", .string(uri))]) }
}

extension CFAssociation {
    var json: JSON {
        compact([
            ("identifier", .string(identifier)), ("associationType", .string(associationType)),
            ("sequenceNumber", sequenceNumber.map(JSON.int)), ("uri", .string(uri)),
            ("originNodeURI", origin.json), ("destinationNodeURI", destination.json),
            ("lastChangeDateTime", .string(lastChangeDateTime)), ("notes", text(notes)),
        ])
    }
}

// MARK: Reading

/// One problem in a CASE package, reported as `FILE: JSON-PATH: message`.
struct CaseProblem: Sendable {
    let file: String
    let path: String
    let message: String
    /// Which of the packages being planned it belongs to.
    var package: Int?

    var dataProblem: DataProblem { DataProblem(file: file, line: nil, column: path, message: message) }
}

/// A package read from a file, checked field by field; the problems found on the way.
struct CaseReader {
    let file: String
    private(set) var problems: [CaseProblem] = []

    init(file: String) {
        self.file = file
    }

    /// The package in `data`; with `problems`, what could be read of it (items and
    /// associations with a problem left out), so that its other problems can still be found.
    /// Nil when not even that could be read.
    mutating func read(_ data: Data) -> CFPackage? {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            fail("(root)", "is not JSON: \(detail)")
            return nil
        }
        guard let package = root as? [String: Any] else {
            fail("(root)", "must be a JSON object with a CFDocument")
            return nil
        }
        let document = object(package["CFDocument"], "CFDocument", required: true).flatMap { readDocument($0) }
        let items = list(package["CFItems"], "CFItems").enumerated().compactMap { index, value in
            object(value, "CFItems[\(index)]", required: true).flatMap { readItem($0, path: "CFItems[\(index)]", index: index) }
        }
        let associations = list(package["CFAssociations"], "CFAssociations").enumerated().compactMap { index, value in
            object(value, "CFAssociations[\(index)]", required: true).flatMap { readAssociation($0, path: "CFAssociations[\(index)]", index: index) }
        }
        let placeholder = CFDocument(identifier: "", uri: "", creator: "", title: "", lastChangeDateTime: "")
        return CFPackage(document: document ?? placeholder, items: items, associations: associations)
    }

    private mutating func readDocument(_ object: [String: Any]) -> CFDocument? {
        let path = "CFDocument"
        let identifier = uuid(object, "identifier", path)
        let uri = string(object, "uri", path, required: true)
        let creator = string(object, "creator", path, required: true)
        let title = string(object, "title", path, required: true)
        let changed = dateTime(object, "lastChangeDateTime", path)
        let caseVersion = string(object, "caseVersion", path)
        if let caseVersion, caseVersion != "1.1" {
            fail("\(path).caseVersion", "\"\(caseVersion)\" is not a CASE version this reads (1.1; a 1.0 package leaves it out)")
        }
        guard let identifier, let uri, let creator, let title, let changed else { return nil }
        return CFDocument(
            identifier: identifier.lowercased(), uri: uri, creator: creator, title: title, lastChangeDateTime: changed,
            officialSourceURL: string(object, "officialSourceURL", path), publisher: string(object, "publisher", path),
            description: string(object, "description", path), language: string(object, "language", path),
            version: string(object, "version", path), frameworkType: string(object, "frameworkType", path),
            caseVersion: caseVersion, notes: string(object, "notes", path))
    }

    private mutating func readItem(_ object: [String: Any], path: String, index: Int) -> CFItem? {
        let identifier = uuid(object, "identifier", path)
        let uri = string(object, "uri", path, required: true)
        let statement = string(object, "fullStatement", path, required: true)
        let changed = dateTime(object, "lastChangeDateTime", path)
        let keywords = list(object["conceptKeywords"], "\(path).conceptKeywords").enumerated().compactMap { index, value -> String? in
            guard let word = value as? String else {
                fail("\(path).conceptKeywords[\(index)]", "must be a string")
                return nil
            }
            return word.trimmed().isEmpty ? nil : word.trimmed()
        }
        guard let identifier, let uri, let statement, let changed else { return nil }
        return CFItem(
            index: index, identifier: identifier.lowercased(), uri: uri, fullStatement: statement, lastChangeDateTime: changed,
            humanCodingScheme: string(object, "humanCodingScheme", path),
            abbreviatedStatement: string(object, "abbreviatedStatement", path),
            alternativeLabel: string(object, "alternativeLabel", path), itemType: string(object, "CFItemType", path),
            listEnumeration: string(object, "listEnumeration", path), conceptKeywords: keywords,
            language: string(object, "language", path), notes: string(object, "notes", path))
    }

    private mutating func readAssociation(_ object: [String: Any], path: String, index: Int) -> CFAssociation? {
        let identifier = uuid(object, "identifier", path)
        let uri = string(object, "uri", path, required: true)
        let type = string(object, "associationType", path, required: true)
        if let type, !CFAssociation.types.contains(type), !Self.isExtensionType(type) {
            let hint = Suggest.closest(to: type, in: CFAssociation.types, limit: 1).first.map { " (did you mean \"\($0)\"?)" } ?? ""
            fail("\(path).associationType", "\"\(type)\" is not a CASE association type\(hint)")
        }
        let origin = node(object["originNodeURI"], "\(path).originNodeURI")
        let destination = node(object["destinationNodeURI"], "\(path).destinationNodeURI")
        let changed = dateTime(object, "lastChangeDateTime", path)
        var sequence: Int?
        if let value = object["sequenceNumber"], !(value is NSNull) {
            if !(value is String), let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e15 {
                sequence = number.intValue
            } else {
                fail("\(path).sequenceNumber", "must be a whole number")
            }
        }
        guard let identifier, let uri, let type, let origin, let destination, let changed else { return nil }
        return CFAssociation(index: index, identifier: identifier.lowercased(), uri: uri, associationType: type, origin: origin,
                             destination: destination, lastChangeDateTime: changed, sequenceNumber: sequence,
                             notes: string(object, "notes", path))
    }

    private mutating func node(_ value: Any?, _ path: String) -> CFNodeReference? {
        guard let object = object(value, path, required: true) else { return nil }
        let title = string(object, "title", path, required: true)
        let identifier = string(object, "identifier", path, required: true)
        let uri = string(object, "uri", path, required: true)
        guard let title, let identifier, let uri else { return nil }
        return CFNodeReference(title: title, identifier: NameUUID.isUUID(identifier) ? identifier.lowercased() : identifier, uri: uri)
    }

    /// `ext:` followed by letters, digits and . - _ (the schema's pattern).
    static func isExtensionType(_ type: String) -> Bool {
        guard type.hasPrefix("ext:"), type.count > 4 else { return false }
        return type.dropFirst(4).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_|".contains($0)) }
    }

    // MARK: Field readers

    private mutating func fail(_ path: String, _ message: String) {
        problems.append(CaseProblem(file: file, path: path, message: message))
    }

    private mutating func object(_ value: Any?, _ path: String, required: Bool) -> [String: Any]? {
        guard let value, !(value is NSNull) else {
            if required { fail(path, "is missing (required)") }
            return nil
        }
        guard let object = value as? [String: Any] else {
            fail(path, "must be a JSON object")
            return nil
        }
        return object
    }

    private mutating func list(_ value: Any?, _ path: String) -> [Any] {
        guard let value, !(value is NSNull) else { return [] }
        guard let array = value as? [Any] else {
            fail(path, "must be a JSON array")
            return []
        }
        return array
    }

    /// A string field, trimmed; an empty string counts as absent (as OpenSALT reads it).
    private mutating func string(_ object: [String: Any], _ key: String, _ path: String, required: Bool = false) -> String? {
        guard let value = object[key], !(value is NSNull) else {
            if required { fail("\(path).\(key)", "is missing (required)") }
            return nil
        }
        guard let text = value as? String else {
            fail("\(path).\(key)", "must be a string")
            return nil
        }
        let trimmed = text.trimmed()
        if trimmed.isEmpty {
            if required { fail("\(path).\(key)", "is empty (required)") }
            return nil
        }
        return trimmed
    }

    private mutating func uuid(_ object: [String: Any], _ key: String, _ path: String) -> String? {
        guard let value = string(object, key, path, required: true) else { return nil }
        guard NameUUID.isUUID(value) else {
            fail("\(path).\(key)", "\"\(value)\" is not a UUID")
            return nil
        }
        return value
    }

    private mutating func dateTime(_ object: [String: Any], _ key: String, _ path: String) -> String? {
        guard let value = string(object, key, path, required: true) else { return nil }
        guard CaseTime.isDateTime(value) else {
            fail("\(path).\(key)", "\"\(value)\" is not a date and time with a time zone (e.g. 2024-05-01T09:30:00Z)")
            return nil
        }
        return value
    }
}

/// `lastChangeDateTime` values: ISO 8601 with a time zone, written in UTC with `Z`.
enum CaseTime {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// RFC 3339 `date-time` (what the schema's format asks): YYYY-MM-DDTHH:MM:SS, optional
    /// fraction, then `Z` or ±HH:MM. Checked by hand: a date formatter per value is slow.
    static func isDateTime(_ text: String) -> Bool {
        let c = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= c.count else { return nil }
            var value = 0
            for index in range {
                guard (48...57).contains(c[index]) else { return nil }
                value = value * 10 + Int(c[index] - 48)
            }
            return value
        }
        func at(_ index: Int, _ characters: String) -> Bool {
            index < c.count && characters.utf8.contains(c[index])
        }
        guard let year = digits(0..<4), at(4, "-"), let month = digits(5..<7), at(7, "-"), let day = digits(8..<10),
              at(10, "Tt"), let hour = digits(11..<13), at(13, ":"), let minute = digits(14..<16), at(16, ":"),
              let second = digits(17..<19) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...days[month - 1]).contains(day), hour < 24, minute < 60, second <= 60 else { return false }
        var index = 19
        if at(index, ".") {
            index += 1
            let start = index
            while index < c.count, (48...57).contains(c[index]) { index += 1 }
            guard index > start else { return false }
        }
        if at(index, "Zz") { return index + 1 == c.count }
        guard at(index, "+-"), let offsetHours = digits(index + 1..<index + 3), at(index + 3, ":"),
              let offsetMinutes = digits(index + 4..<index + 6) else { return false }
        return offsetHours < 24 && offsetMinutes < 60 && index + 6 == c.count
    }
}
