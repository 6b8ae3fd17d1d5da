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

/// Provenance carried by every row: the document the fact comes from, the address it was read
/// at (`sourceURL`, which may be a copy on a mirror site), its status and its origin.
public struct Provenance: Sendable, Equatable {
    public let sourceURL: String
    public let status: String
    public let origin: String
    public let document: SourceDocument?

    public init(sourceURL: String, status: String, origin: String, document: SourceDocument? = nil) {
        self.sourceURL = sourceURL
        self.status = status
        self.origin = origin
        self.document = document
    }

    /// Whether the address it was read at is a copy on a document-mirror site.
    public var readAtMirror: Bool { DocumentMirrors.isMirror(sourceURL) }

    /// The publisher's address for the fact, never a mirror: the document's, else the page it
    /// was read on when that is not a copy on a mirror site.
    public var publisherURL: String? {
        [document?.url, sourceURL].compactMap { $0 }.first { !$0.isEmpty && !DocumentMirrors.isMirror($0) }
    }

    /// How an export cites it: "Source: SCDLMCA2 Lead and manage change within care services.
    /// Skills for Care and Development. Read on a copy at docplayer.net (confirmed, official)."
    /// The document is the reference; a mirror is named only as where a copy was read.
    public var sourceSentence: String {
        let read = DocumentMirrors.mirror(in: sourceURL).map { "Read on a copy at \($0)" } ?? "Read at \(sourceURL)"
        let cited = document.map { $0.citation + " " } ?? ""
        return "Source: \(cited)\(read) (\(status), \(origin))."
    }

    /// `{"source_document", "source_url", "status", "origin"}`.
    public var json: JSON {
        .object([
            ("source_document", document.map(\.json) ?? .null),
            ("source_url", .string(sourceURL)),
            ("status", .string(status)),
            ("origin", .string(origin)),
        ])
    }
}
