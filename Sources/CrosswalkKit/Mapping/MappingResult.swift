/// What `crosswalk map` returns: the capabilities, indicators, standards and units a piece of
/// writing evidences, each with a score in 0...1 and the words that earned it.
public struct MappingResult: Sendable {
    public struct IndicatorMatch: Sendable {
        public let code: String
        public let text: String
        public let score: Double
    }

    public struct CapabilityMatch: Sendable {
        public let id: String
        public let name: String
        public let score: Double
        public let evidence: [String]
        public let indicators: [IndicatorMatch]
    }

    public struct ElementMatch: Sendable {
        public let code: String
        public let text: String
        public let score: Double
    }

    public struct StandardMatch: Sendable {
        public let framework: String
        public let code: String
        public let title: String
        public let score: Double
        public let evidence: [String]
        public let elements: [ElementMatch]
    }

    public struct UnitMatch: Sendable {
        public let code: String
        public let title: String
        public let qualification: String
        public let score: Double
    }

    /// A code or name written out in the text ("SCDLMCA1", "Thing 21", "GJ9V 24").
    public struct Mention: Sendable, Equatable {
        public let text: String
        public let code: String
        public let kind: String
    }

    public let role: Role
    public let words: Int
    public let capabilities: [CapabilityMatch]
    public let standards: [StandardMatch]
    public let units: [UnitMatch]
    public let mentions: [Mention]

    public init(role: Role, words: Int, capabilities: [CapabilityMatch], standards: [StandardMatch],
                units: [UnitMatch], mentions: [Mention]) {
        self.role = role
        self.words = words
        self.capabilities = capabilities
        self.standards = standards
        self.units = units
        self.mentions = mentions
    }

    /// The `--json` contract documented in the README; field names are fixed.
    public var json: JSON {
        .object([
            ("role", .string(role.rawValue)),
            ("words", .int(words)),
            ("capabilities", .array(capabilities.map { capability in
                .object([
                    ("id", .string(capability.id)), ("name", .string(capability.name)),
                    ("score", .score(capability.score)), ("evidence", .strings(capability.evidence)),
                    ("indicators", .array(capability.indicators.map {
                        .object([("code", .string($0.code)), ("text", .string($0.text)), ("score", .score($0.score))])
                    })),
                ])
            })),
            ("standards", .array(standards.map { standard in
                .object([
                    ("framework", .string(standard.framework)), ("code", .string(standard.code)),
                    ("title", .string(standard.title)), ("score", .score(standard.score)),
                    ("evidence", .strings(standard.evidence)),
                    ("elements", .array(standard.elements.map {
                        .object([("code", .string($0.code)), ("text", .string($0.text)), ("score", .score($0.score))])
                    })),
                ])
            })),
            ("units", .array(units.map {
                .object([("code", .string($0.code)), ("title", .string($0.title)),
                         ("qualification", .string($0.qualification)), ("score", .score($0.score))])
            })),
            ("mentions", .array(mentions.map {
                .object([("text", .string($0.text)), ("code", .string($0.code)), ("kind", .string($0.kind))])
            })),
        ])
    }
}

/// Anything that maps text to evidence: the real mapper and the plain BM25 baseline it is
/// measured against.
public protocol EvidenceMapper {
    func map(_ text: String, role: Role, limit: Int) throws -> MappingResult
}
