import SQLite

extension Catalog {
    /// How a person knows a qualification: its name, with the group award code when there is
    /// one. "SVQ Care Services Leadership and Management at SCQF level 10 (GJ9V 24)".
    public static func qualificationDisplayName(name: String, awardCode: String?) -> String {
        guard let code = awardCode?.trimmed(), !code.isEmpty else { return name }
        return "\(name) (\(code))"
    }

    /// The display name of the qualification with this id (see the static form); the id itself
    /// when the data has no such qualification.
    public func qualificationDisplayName(_ id: String) throws -> String {
        try database.queryFirst("SELECT name, award_code FROM qualification WHERE id = ?1", [.text(id)]) {
            Self.qualificationDisplayName(name: $0.string(0), awardCode: $0.optionalString(1))
        } ?? id
    }

    /// Every qualification's display name by id, for output that names many.
    public func qualificationDisplayNames() throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try database.query("SELECT id, name, award_code FROM qualification") {
            ($0.string(0), Self.qualificationDisplayName(name: $0.string(1), awardCode: $0.optionalString(2)))
        })
    }

    /// Every document by id.
    public func documents() throws -> [String: SourceDocument] {
        Dictionary(uniqueKeysWithValues: try database.query(
            "SELECT \(SourceDocument.columns("d")) FROM document d") { row in
            let document = SourceDocument(row: row, from: 0)
            return (document.id, document)
        })
    }

    public func document(_ id: String) throws -> SourceDocument? {
        try database.queryFirst("SELECT \(SourceDocument.columns("d")) FROM document d WHERE d.id = ?1", [.text(id)]) {
            SourceDocument(row: $0, from: 0)
        }
    }
}
