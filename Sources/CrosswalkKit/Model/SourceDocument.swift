import Foundation
import SQLite

/// The publication a fact comes from (a row of `Data/documents.csv`): a NOS, an SQA unit or
/// award document, an SSSC page or programme site, a framework. It is named apart from the
/// address the fact was read at, which may be a copy on a document-mirror site.
public struct SourceDocument: Sendable, Equatable {
    public let id: String
    public let title: String
    public let publisher: String
    /// Edition or year, as the document gives it.
    public let edition: String?
    /// The publisher's own address for the document, when known; never a mirror.
    public let url: String?
    public let note: String?
    /// `confirmed` when the document is identified; `uncertain` when which official document a
    /// copy reproduces could not be established.
    public let status: String

    public init(id: String, title: String, publisher: String, edition: String?, url: String?, note: String?, status: String) {
        self.id = id
        self.title = title
        self.publisher = publisher
        self.edition = edition
        self.url = url
        self.note = note
        self.status = status
    }

    /// "SCDLMCA2 Lead and manage change within care services. Skills for Care and Development."
    /// with the edition when there is one: how exports cite it.
    public var citation: String {
        var parts = [title, publisher]
        if let edition, let first = edition.first { parts.append(first.uppercased() + edition.dropFirst()) }
        return parts.map { $0.hasSuffix(".") || $0.hasSuffix("?") ? $0 : $0 + "." }.joined(separator: " ")
    }

    public var json: JSON {
        .object([
            ("id", .string(id)), ("title", .string(title)), ("publisher", .string(publisher)),
            ("edition", .optional(edition)), ("url", .optional(url)), ("status", .string(status)),
            ("note", .optional(note)),
        ])
    }

    /// The document's columns in the order `columns(prefix:)` selects them.
    static func columns(_ alias: String) -> String {
        "\(alias).id, \(alias).title, \(alias).publisher, \(alias).edition, \(alias).url, \(alias).note, \(alias).status"
    }

    init(row: Row, from index: Int) {
        self.init(id: row.string(index), title: row.string(index + 1), publisher: row.string(index + 2),
                  edition: row.optionalString(index + 3), url: row.optionalString(index + 4),
                  note: row.optionalString(index + 5), status: row.string(index + 6))
    }
}

/// Sites that host copies of other people's documents. A fact read on one of them was read at a
/// copy: the document is the official publication it copies, never the mirror.
public enum DocumentMirrors {
    public static let domains = [
        "docsbay.net", "docplayer.net", "studylib.net", "pdfslide.net", "pdfslide.us", "dokumen.tips", "paperzz.com",
        "docest.com", "studyres.com", "businessdocbox.com", "educationdocbox.com", "careersdocbox.com", "homedocbox.com",
        "fdocuments.us", "fdocuments.in", "fdocuments.net", "scribd.com", "yumpu.com", "vdocument.in", "vdocuments.mx",
        "documents.pub", "readkong.com", "docslib.org", "slideplayer.com", "pdfroom.com", "issuu.com",
    ]

    /// The mirror domain a URL (or a text naming one) points at, if any.
    public static func mirror(in text: String) -> String? {
        let lowered = text.lowercased()
        if let host = host(of: lowered) {
            return domains.first { host == $0 || host.hasSuffix("." + $0) }
        }
        let bytes = Array(lowered.utf8)
        return domains.first { contains(bytes, Array($0.utf8)) }
    }

    public static func isMirror(_ url: String) -> Bool {
        guard let host = host(of: url.lowercased()) else { return false }
        return domains.contains { host == $0 || host.hasSuffix("." + $0) }
    }

    /// The host of an `http(s)://` address, read by hand in bytes: Foundation's URL parser and
    /// string search cost more than the whole check when run over every row of the dataset.
    static func host(of url: String) -> String? {
        let bytes = Array(url.utf8.drop { $0 == 32 })
        guard bytes.starts(with: Array("http".utf8)) else { return nil }
        let separator = Array("://".utf8)
        guard let start = (0...max(0, bytes.count - separator.count)).first(where: { bytes[$0...].starts(with: separator) }),
              bytes.count >= start + separator.count else { return nil }
        let rest = bytes[(start + separator.count)...]
        let end = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: ":") }
            ?? rest.endIndex
        let host = rest[..<end]
        return host.isEmpty ? nil : String(decoding: host, as: UTF8.self)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0...].starts(with: needle) }
    }
}
