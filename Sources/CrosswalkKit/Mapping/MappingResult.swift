/// What `crosswalk map` returns: the capabilities, indicators, standards and units a piece of
/// writing evidences, each with a score in 0...1, the words that earned it, and the passages
/// of the writer's own text that evidence it.
public struct MappingResult: Sendable {
    /// The passages that evidence an item, strongest first, with the writer's words in each
    /// that matched it (Unicode scalar offsets in the whole text, end exclusive), so a quote
    /// can mark them.
    public struct Support: Sendable, Equatable {
        public let passage: Int
        public let matched: [Range<Int>]

        public init(passage: Int, matched: [Range<Int>]) {
            self.passage = passage
            self.matched = matched
        }
    }

    public struct IndicatorMatch: Sendable {
        public let code: String
        public let text: String
        public let score: Double
        public let support: [Support]
        public var passages: [Int] { support.map(\.passage) }
    }

    public struct CapabilityMatch: Sendable {
        public let id: String
        public let name: String
        public let score: Double
        public let evidence: [String]
        public let indicators: [IndicatorMatch]
        public let support: [Support]
        public var passages: [Int] { support.map(\.passage) }
    }

    public struct ElementMatch: Sendable {
        public let code: String
        public let text: String
        public let score: Double
        public let support: [Support]
        public var passages: [Int] { support.map(\.passage) }
    }

    public struct StandardMatch: Sendable {
        public let framework: String
        public let code: String
        public let title: String
        public let score: Double
        public let evidence: [String]
        public let elements: [ElementMatch]
        public let support: [Support]
        public var passages: [Int] { support.map(\.passage) }
    }

    public struct UnitMatch: Sendable {
        public let code: String
        public let title: String
        /// The qualification it counts towards (its id): one the text names first.
        public let qualification: String
        /// That qualification as a person knows it: its name and award code.
        public let qualificationName: String
        public let score: Double
        /// The text names its qualification.
        public let inNamedQualification: Bool
    }

    /// A code or name written out in the text ("SCDLMCA1", "Thing 21", "GJ9V 24").
    public struct Mention: Sendable, Equatable {
        public let text: String
        public let code: String
        public let kind: String
    }

    /// Where the text's words sit: adult services, early learning and childcare, or neither
    /// clearly.
    public enum Sector: String, Sendable {
        case adult
        case earlyLearning = "early-learning"
        case unclear
    }

    /// Why a text maps to nothing.
    public struct NoLeadership: Sendable, Equatable {
        public let reading: TextReading
        public let reason: String

        public init(reading: TextReading, reason: String) {
            self.reading = reading
            self.reason = reason
        }
    }

    public let role: Role
    public let words: Int
    public let passages: [Passage]
    public let sector: Sector
    public let capabilities: [CapabilityMatch]
    public let standards: [StandardMatch]
    public let units: [UnitMatch]
    public let mentions: [Mention]
    /// Set when the text has no leadership content.
    public let noLeadership: NoLeadership?

    public init(role: Role, words: Int, passages: [Passage] = [], sector: Sector = .unclear,
                capabilities: [CapabilityMatch], standards: [StandardMatch], units: [UnitMatch],
                mentions: [Mention], noLeadership: NoLeadership? = nil) {
        self.role = role
        self.words = words
        self.passages = passages
        self.sector = sector
        self.capabilities = capabilities
        self.standards = standards
        self.units = units
        self.mentions = mentions
        self.noLeadership = noLeadership
    }

    /// The passages no capability or standard draws on: the parts of a draft that carry no
    /// evidence yet.
    public var unusedPassages: [Int] {
        var used = Set(capabilities.flatMap(\.passages))
        used.formUnion(standards.flatMap(\.passages))
        return passages.map(\.index).filter { !used.contains($0) }
    }

    /// The `--json` contract documented in the README; field names are fixed.
    public var json: JSON {
        func passageList(_ support: [Support]) -> JSON { .array(support.map { .int($0.passage) }) }
        return .object([
            ("role", .string(role.rawValue)),
            ("words", .int(words)),
            ("sector", .string(sector.rawValue)),
            ("passages", .array(passages.map {
                .object([("index", .int($0.index)), ("start", .int($0.start)), ("end", .int($0.end)), ("text", .string($0.text))])
            })),
            ("capabilities", .array(capabilities.map { capability in
                .object([
                    ("id", .string(capability.id)), ("name", .string(capability.name)),
                    ("score", .score(capability.score)), ("evidence", .strings(capability.evidence)),
                    ("passages", passageList(capability.support)),
                    ("indicators", .array(capability.indicators.map {
                        .object([("code", .string($0.code)), ("text", .string($0.text)), ("score", .score($0.score)),
                                 ("passages", passageList($0.support))])
                    })),
                ])
            })),
            ("standards", .array(standards.map { standard in
                .object([
                    ("framework", .string(standard.framework)), ("code", .string(standard.code)),
                    ("title", .string(standard.title)), ("score", .score(standard.score)),
                    ("evidence", .strings(standard.evidence)),
                    ("passages", passageList(standard.support)),
                    ("elements", .array(standard.elements.map {
                        .object([("code", .string($0.code)), ("text", .string($0.text)), ("score", .score($0.score)),
                                 ("passages", passageList($0.support))])
                    })),
                ])
            })),
            ("units", .array(units.map {
                .object([("code", .string($0.code)), ("title", .string($0.title)),
                         ("qualification", .string($0.qualification)), ("qualification_name", .string($0.qualificationName)),
                         ("named_in_text", .bool($0.inNamedQualification)), ("score", .score($0.score))])
            })),
            ("mentions", .array(mentions.map {
                .object([("text", .string($0.text)), ("code", .string($0.code)), ("kind", .string($0.kind))])
            })),
            ("no_leadership", noLeadership.map {
                .object([("reading", .string($0.reading.rawValue)), ("reason", .string($0.reason))])
            } ?? .null),
        ])
    }
}

/// Anything that maps text to evidence: the real mapper and the plain BM25 baseline it is
/// measured against.
public protocol EvidenceMapper {
    func map(_ text: String, role: Role, limit: Int) throws -> MappingResult
}
