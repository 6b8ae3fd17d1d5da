import SQLite

/// The mapper `crosswalk map` and the learning log use.
// TODO(issue 3): replace the delegation with the real vocabulary- and link-aware mapper.
public struct Mapper: EvidenceMapper {
    public let database: Database

    public init(database: Database) throws {
        self.database = database
    }

    public func map(_ text: String, role: Role, limit: Int = 5) throws -> MappingResult {
        try BaselineMapper(database: database).map(text, role: role, limit: limit)
    }
}
