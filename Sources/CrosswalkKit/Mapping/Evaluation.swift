import Foundation
import SQLite

/// One labelled reflection: what a person reading it judged it to evidence.
public struct EvaluationCase: Sendable, Equatable {
    public let id: String
    public let role: Role
    public let text: String
    /// The capability it mainly evidences; nil when it has no leadership content.
    public let primary: String?
    public let also: [String]
    /// NOS codes it clearly evidences (not exhaustive).
    public let standards: [String]
    /// Where the case sits in its file, for error messages.
    public let line: Int

    public init(id: String, role: Role, text: String, primary: String?, also: [String], standards: [String], line: Int = 0) {
        self.id = id
        self.line = line
        self.role = role
        self.text = text
        self.primary = primary
        self.also = also
        self.standards = standards
    }

    /// Reads a JSON Lines file of cases (the format of the shared eval set). A bad line fails
    /// with `FILE:LINE: field: message`.
    public static func load(_ data: String, file: String) throws -> [EvaluationCase] {
        var cases: [EvaluationCase] = []
        var ids: Set<String> = []
        // Lines are split on the bytes: a Swift String reads "\r\n" as one Character, so
        // splitting it on "\n" would find no line breaks at all in a Windows file.
        for (offset, bytes) in data.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            func fail(_ field: String?, _ message: String) -> CrosswalkError {
                .failure("\(file):\(number): " + (field.map { "\($0): " } ?? "") + message)
            }
            let line = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                throw fail(nil, "not a JSON object")
            }
            func string(_ field: String) throws -> String {
                guard let value = object[field] as? String, !value.trimmed().isEmpty else {
                    throw fail(field, "missing or not a non-empty string")
                }
                return value
            }
            func capability(_ value: String, field: String) throws -> String {
                guard Capability.ids.contains(value) else {
                    throw fail(field, "unknown capability \"\(value)\" (one of \(Capability.ids.joined(separator: ", ")))")
                }
                return value
            }
            func list(_ field: String) throws -> [String] {
                guard let value = object[field] else { return [] }
                guard let strings = value as? [String] else { throw fail(field, "must be a list of strings") }
                return strings
            }
            let id = try string("id")
            guard ids.insert(id).inserted else { throw fail("id", "\"\(id)\" appears twice") }
            let roleText = try string("role")
            guard let role = Role(rawValue: roleText) else {
                throw fail("role", "must be frontline, manager or strategic, not \"\(roleText)\"")
            }
            let primary: String?
            switch object["primary"] {
            case nil, is NSNull: primary = nil
            case let value as String: primary = try capability(value, field: "primary")
            default: throw fail("primary", "must be a capability id or null")
            }
            let also = try list("also").map { try capability($0, field: "also") }
            cases.append(EvaluationCase(id: id, role: role, text: try string("text"), primary: primary,
                                        also: also, standards: try list("standards"), line: number))
        }
        guard !cases.isEmpty else { throw CrosswalkError.failure("\(file): no cases") }
        return cases
    }
}

/// How one mapper did on one case.
public struct CaseOutcome: Sendable {
    public let id: String
    public let primary: String?
    public let capabilities: [String]
    public let standards: [String]
    /// nil for a case without leadership content.
    public let top1: Bool?
    public let recallAt3: Double?
    public let standardsRecallAt5: Double?
    /// For a case without leadership content: nothing came back.
    public let empty: Bool?
}

/// The figures of one mapper on a case set.
public struct EvaluationScore: Sendable {
    public let mapper: String
    public let outcomes: [CaseOutcome]

    public var leadershipCases: Int { outcomes.filter { $0.top1 != nil }.count }
    public var standardsCases: Int { outcomes.filter { $0.standardsRecallAt5 != nil }.count }
    public var noLeadershipCases: Int { outcomes.filter { $0.empty != nil }.count }
    public var noLeadershipEmpty: Int { outcomes.filter { $0.empty == true }.count }
    public var top1: Double { Self.mean(outcomes.compactMap { $0.top1.map { $0 ? 1 : 0 } }) }
    public var recallAt3: Double { Self.mean(outcomes.compactMap(\.recallAt3)) }
    public var standardsRecallAt5: Double { Self.mean(outcomes.compactMap(\.standardsRecallAt5)) }

    /// Top-1 confusion: for each labelled primary (the six capabilities in order, then "none"
    /// for texts without leadership content), how often each capability came first ("none":
    /// nothing came back).
    public var confusion: [[Int]] {
        let labels = Self.confusionLabels
        var counts = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        for outcome in outcomes {
            let row = labels.firstIndex(of: outcome.primary ?? "none") ?? labels.count - 1
            let column = labels.firstIndex(of: outcome.capabilities.first ?? "none") ?? labels.count - 1
            counts[row][column] += 1
        }
        return counts
    }

    public static let confusionLabels = Capability.ids + ["none"]

    /// For each capability, how often it came first in the leadership cases divided by how
    /// often it is the labelled primary: 1 is fair, above 1 it wins too often.
    public var firstShare: [(capability: String, ratio: Double)] {
        let leadership = outcomes.filter { $0.primary != nil }
        return Capability.ids.map { id in
            let labelled = leadership.filter { $0.primary == id }.count
            let first = leadership.filter { $0.capabilities.first == id }.count
            return (id, labelled == 0 ? 0 : Double(first) / Double(labelled))
        }
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    public var json: JSON {
        .object([
            ("mapper", .string(mapper)),
            ("top1", .score(top1)),
            ("recall_at_3", .score(recallAt3)),
            ("standards_recall_at_5", .score(standardsRecallAt5)),
            ("no_leadership_empty", .int(noLeadershipEmpty)),
            ("no_leadership_cases", .int(noLeadershipCases)),
            ("confusion", .object([
                ("labels", .strings(Self.confusionLabels)),
                ("counts", .array(confusion.map { .array($0.map(JSON.int)) })),
            ])),
            ("first_share", .object(firstShare.map { ($0.capability, .score($0.ratio)) })),
            ("cases", .array(outcomes.map { outcome in
                .object([
                    ("id", .string(outcome.id)),
                    ("primary", .optional(outcome.primary)),
                    ("capabilities", .strings(outcome.capabilities)),
                    ("standards", .strings(outcome.standards)),
                    ("top1", outcome.top1.map(JSON.bool) ?? .null),
                    ("recall_at_3", outcome.recallAt3.map(JSON.score) ?? .null),
                    ("standards_recall_at_5", outcome.standardsRecallAt5.map(JSON.score) ?? .null),
                    ("empty", outcome.empty.map(JSON.bool) ?? .null),
                ])
            })),
        ])
    }
}

/// Runs labelled cases through a mapper and scores it by the rules of the shared eval set:
/// top-1 (the first capability is `primary`), recall@3 (share of `primary` + `also` among the
/// first three), standards recall@5 (share of labelled NOS among the first five standards),
/// and, for cases without leadership content, whether capabilities and standards are empty.
public enum Evaluation {
    public static func score(_ cases: [EvaluationCase], mapper: some EvidenceMapper, name: String) throws -> EvaluationScore {
        var outcomes: [CaseOutcome] = []
        for item in cases {
            let result = try mapper.map(item.text, role: item.role, limit: 5)
            let capabilities = result.capabilities.map(\.id)
            let standards = result.standards.map(\.code)
            guard let primary = item.primary else {
                outcomes.append(CaseOutcome(id: item.id, primary: nil, capabilities: capabilities, standards: standards,
                                            top1: nil, recallAt3: nil, standardsRecallAt5: nil,
                                            empty: capabilities.isEmpty && standards.isEmpty))
                continue
            }
            let wanted = Set([primary] + item.also)
            let topThree = Set(capabilities.prefix(3))
            let labelled = Set(item.standards)
            let topFive = Set(standards.prefix(5))
            outcomes.append(CaseOutcome(
                id: item.id, primary: primary, capabilities: capabilities, standards: standards,
                top1: capabilities.first == primary,
                recallAt3: Double(wanted.intersection(topThree).count) / Double(wanted.count),
                standardsRecallAt5: labelled.isEmpty ? nil : Double(labelled.intersection(topFive).count) / Double(labelled.count),
                empty: nil))
        }
        return EvaluationScore(mapper: name, outcomes: outcomes)
    }

    /// Labelled standards must exist, or recall would quietly count a typo as a miss.
    public static func checkStandards(_ cases: [EvaluationCase], file: String, database: Database) throws {
        let known = Set(try database.query("SELECT code FROM standard") { $0.string(0) })
        for item in cases {
            if let unknown = item.standards.first(where: { !known.contains($0) }) {
                throw CrosswalkError.failure("\(file):\(item.line): standards: unknown standard \"\(unknown)\"")
            }
        }
    }
}
