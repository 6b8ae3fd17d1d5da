import SQLite

extension Catalog {
    /// Words every qualification name shares; they never decide a suggestion on their own.
    static let genericQualificationWords: Set<String> = ["svq", "scqf", "level", "at", "and", "in", "of", "the", "for", "a"]
    static let genericRoleWords: Set<String> = ["in", "a", "of", "the", "for", "service"]

    /// The qualification meant by `text`: its id, its group award code ("GJ9V 24", spacing and
    /// case forgiven), or words of its name or an alias ("SSHC SCQF 7"). Fails naming the
    /// candidates when several match, or the closest ones when none does.
    public func requireQualification(_ text: String) throws -> String {
        let trimmed = text.trimmed()
        guard !trimmed.isEmpty else { throw CrosswalkError.usage("a qualification is needed: an id, a group award code or words of its name") }
        let resolved = try resolve(trimmed)
        if case .found(let code, "qualification") = resolved { return code }

        let candidates = try database.query("SELECT id, name, coalesce(aliases, ''), award_code FROM qualification ORDER BY id") { row in
            NamedCandidate(
                id: row.string(0), label: Self.qualificationDisplayName(name: row.string(1), awardCode: row.optionalString(3)),
                names: [row.string(0), row.string(1)] + QualificationProfile.aliases(in: row.string(2))
                    + (row.optionalString(3).map { [$0] } ?? []),
                plainName: row.string(1), code: row.optionalString(3))
        }
        let labels = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, $0.label) })
        let awardCodes = Set(try database.query("SELECT id FROM qualification WHERE award_code IS NOT NULL") { $0.string(0) })
        // Every candidate: a hidden one may be the one meant.
        func listed(_ ids: [String]) -> String { ids.map { "\($0) (\(labels[$0] ?? $0))" }.joined(separator: ", ") }

        switch NameLookup.match(trimmed, in: candidates, generic: Self.genericQualificationWords) {
        case .found(let id):
            return id
        case .ambiguous(let candidates):
            throw CrosswalkError.failure(
                "\"\(trimmed)\" matches \(candidates.count) qualifications: " + Self.describe(candidates, labels: labels)
                    + "; add a word that tells them apart, or give the id"
                    + (candidates.contains { awardCodes.contains($0.id) } ? " or the group award code" : ""))
        case .notFound(let suggestions):
            var message = "no qualification matches \"\(trimmed)\""
            // Another kind of item only when the text is clearly its code, not a forgiving guess
            // ("21" is not the Thing 23L-21).
            if case .found(let code, let kind) = resolved, Suggest.fold(code) == Suggest.fold(trimmed) {
                message = "\(code) is not a qualification (kind: \(kind))"
                let owners = try database.query("SELECT qualification FROM qualification_unit WHERE unit = ?1 ORDER BY qualification",
                                                [.text(code)]) { $0.string(0) }
                if !owners.isEmpty { message += "; it is part of \(owners.map { labels[$0] ?? $0 }.joined(separator: "; "))" }
            } else if !suggestions.isEmpty {
                message += "; closest: \(listed(suggestions))"
            } else {
                message += "; see `crosswalk list qualifications`"
            }
            throw CrosswalkError.failure(message)
        }
    }

    /// "svq-sshc-6 (SVQ ... level 6 (GH5Y 22); only it has: 6), ...": each candidate with the
    /// words of its name that tell it apart from the others.
    static func describe(_ candidates: [(id: String, distinguishing: [String])], labels: [String: String]) -> String {
        candidates.map { candidate in
            let words = candidate.distinguishing.isEmpty ? "" : "; only it has: " + candidate.distinguishing.prefix(4).joined(separator: ", ")
            return "\(candidate.id) (\(labels[candidate.id] ?? candidate.id)\(words))"
        }.joined(separator: ", ")
    }

    /// The SSSC register part meant by `text`: its id as `crosswalk list roles` prints it, or
    /// words of its name ("day care manager").
    public func requireRegisterPart(_ text: String) throws -> String {
        let trimmed = text.trimmed()
        guard !trimmed.isEmpty else { throw CrosswalkError.usage("a role is needed: a register part id from `crosswalk list roles`") }
        let candidates = try database.query("SELECT id, name, service, role, coalesce(aliases, '') FROM register_part ORDER BY id") { row in
            NamedCandidate(id: row.string(0), label: row.string(1),
                           names: [row.string(0), row.string(1), row.string(2) + " " + row.string(3)]
                               + QualificationProfile.aliases(in: row.string(4)))
        }
        let labels = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, $0.label) })
        switch NameLookup.match(trimmed, in: candidates, generic: Self.genericRoleWords) {
        case .found(let id):
            return id
        case .ambiguous(let candidates):
            throw CrosswalkError.failure("\"\(trimmed)\" matches \(candidates.count) register parts: "
                                         + Self.describe(candidates, labels: labels) + "; add a word that tells them apart, or give the id")
        case .notFound(let suggestions):
            let hint = suggestions.isEmpty ? "; see `crosswalk list roles`" : "; closest: \(suggestions.joined(separator: ", "))"
            throw CrosswalkError.failure("no register part matches \"\(trimmed)\"\(hint)")
        }
    }
}
