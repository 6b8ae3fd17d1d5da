/// The fixed words of the domain: the six capabilities, the roles, the kinds of link and
/// provenance. Everything else lives in the data.
public enum Capability {
    /// The six SSSC leadership capabilities, in their canonical order.
    public static let ids = [
        "vision", "self-leadership", "motivating-and-inspiring", "empowering",
        "collaborating-and-influencing", "creativity-and-innovation",
    ]
}

public enum Role: String, CaseIterable, Sendable, Codable {
    case frontline, manager, strategic
}

public enum LinkKind: String, CaseIterable, Sendable, Codable {
    case builtOn = "built-on"
    case evidences
    case replaces
    case relatesTo = "relates-to"

    /// How the link reads from its target's side ("H7LG 04 is built on SCDLMCA1" seen from
    /// SCDLMCA1: "is the basis of").
    public var forwardLabel: String {
        switch self {
        case .builtOn: "built on"
        case .evidences: "evidences"
        case .replaces: "replaces"
        case .relatesTo: "relates to"
        }
    }

    public var backwardLabel: String {
        switch self {
        case .builtOn: "basis of"
        case .evidences: "evidenced by"
        case .replaces: "replaced by"
        case .relatesTo: "relates to"
        }
    }
}

public enum Origin: String, Sendable, Codable {
    case official, project, computed
}

public enum Status: String, Sendable, Codable {
    case confirmed, uncertain
}

/// Provenance carried by every row.
public struct Provenance: Sendable, Codable, Equatable {
    public let sourceURL: String
    public let status: String
    public let origin: String

    enum CodingKeys: String, CodingKey {
        case sourceURL = "source_url", status, origin
    }
}
