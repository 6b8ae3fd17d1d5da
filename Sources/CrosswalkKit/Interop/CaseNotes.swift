/// What crosswalk writes in a CASE `notes` field: one `Key: value` line per fact, readable as
/// it stands and read back on import. A free sentence may come first; lines whose key is not
/// one of `keys` are left alone, so notes written by others never confuse the reader.
struct CaseNotes: Equatable {
    /// Keys in the order they are written.
    static let keys = [
        "Crosswalk link", "Strength", "Rationale", "Framework", "Edition", "Group", "Number", "Badge", "Group badge",
        "Minimum words", "Document ID", "Document title", "Document publisher", "Document edition", "Document URL",
        "Source", "Status", "Origin", "Data version", "Licence",
    ]

    var lead: String?
    private(set) var values: [String: String] = [:]

    init(lead: String? = nil) {
        self.lead = lead
    }

    subscript(key: String) -> String? {
        get { values[key] }
        set {
            precondition(Self.keys.contains(key), "unknown notes key \(key)")
            values[key] = newValue.map(Self.oneLine).flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// The document the row comes from (cited, and by id so an import back keeps it), and where
    /// it was read (`Source`, which may be a copy on a mirror site).
    mutating func provenance(_ provenance: Provenance) {
        self["Document ID"] = provenance.document?.id
        self["Document title"] = provenance.document?.title
        self["Document publisher"] = provenance.document?.publisher
        self["Document edition"] = provenance.document?.edition
        self["Document URL"] = provenance.document?.url
        self["Source"] = provenance.sourceURL
        self["Status"] = provenance.status
        self["Origin"] = provenance.origin
    }

    var text: String? {
        let lines = (lead.map { [$0] } ?? []) + Self.keys.compactMap { key in values[key].map { "\(key): \($0)" } }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// The facts in `text`; nil text gives empty notes.
    static func parse(_ text: String?) -> CaseNotes {
        var notes = CaseNotes()
        for line in (text ?? "").split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon]).trimmed()
            guard keys.contains(key) else { continue }
            let value = String(line[line.index(after: colon)...]).trimmed()
            if !value.isEmpty { notes.values[key] = value }
        }
        return notes
    }

    /// Row provenance from `Source`/`Status`/`Origin`, when all three are there and valid.
    var provenance: Provenance? {
        guard let source = values["Source"], let status = values["Status"], let origin = values["Origin"],
              DatasetSpec.statuses.contains(status), DatasetSpec.origins.contains(origin) else { return nil }
        // The document, when the notes name one: the data's own when it has that id, else made
        // from these lines when the row is written.
        let document = values["Document ID"].map {
            SourceDocument(id: $0, title: values["Document title"] ?? $0, publisher: values["Document publisher"] ?? "",
                           edition: values["Document edition"], url: values["Document URL"].flatMap { DocumentMirrors.isMirror($0) ? nil : $0 },
                           note: nil, status: "confirmed")
        }
        return Provenance(sourceURL: source, status: status, origin: origin, document: document)
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { String($0).trimmed() }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
