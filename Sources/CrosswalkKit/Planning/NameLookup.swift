/// Finds one qualification or register part from what a person types: its id, a code, or
/// words of its name or one of its aliases ("SSHC SCQF 7", "day care manager").
struct NamedCandidate: Sendable {
    let id: String
    let label: String
    /// The id first, then names and aliases; any of them may match.
    let names: [String]
}

enum NameMatch: Equatable, Sendable {
    case found(String)
    case ambiguous([String])
    case notFound(suggestions: [String])
}

enum NameLookup {
    static func words(_ text: String) -> [String] {
        SearchQuery.terms(text).map { $0.lowercased() }
    }

    /// A query word matches a word of a name when it starts it ("lead" → "leadership"), except
    /// numbers, which must match whole so that level "1" never finds level "10".
    static func isNumber(_ word: String) -> Bool { word.allSatisfy(\.isNumber) }

    static func matches(_ query: String, _ word: String) -> Bool {
        query.allSatisfy(\.isNumber) ? query == word : word.hasPrefix(query)
    }

    static func containsAll(_ query: [String], in name: [String]) -> Bool {
        !query.isEmpty && query.allSatisfy { wanted in name.contains { matches(wanted, $0) } }
    }

    /// An exact (folded) id or name wins; otherwise every word of `text` must appear in one
    /// name of the candidate. `generic` words ("svq", "level") do not count towards suggestions.
    static func match(_ text: String, in candidates: [NamedCandidate], generic: Set<String>) -> NameMatch {
        let key = Suggest.fold(text)
        guard !key.isEmpty else { return .notFound(suggestions: []) }
        let exact = candidates.filter { $0.names.contains { Suggest.fold($0) == key } }
        if exact.count == 1 { return .found(exact[0].id) }
        if exact.count > 1 { return .ambiguous(exact.map(\.id)) }

        let query = words(text)
        let named = candidates.filter { candidate in candidate.names.contains { containsAll(query, in: words($0)) } }
        if named.count == 1 { return .found(named[0].id) }
        if named.count > 1 { return .ambiguous(named.map(\.id)) }
        return .notFound(suggestions: suggestions(for: text, query: query, in: candidates, generic: generic))
    }

    /// Near misses: names within a small edit distance, else the candidates sharing the most
    /// meaningful words once each word is corrected to the nearest known word.
    static func suggestions(for text: String, query: [String], in candidates: [NamedCandidate],
                            generic: Set<String>) -> [String] {
        var owner: [String: String] = [:]
        for candidate in candidates {
            for name in candidate.names where owner[name] == nil { owner[name] = candidate.id }
        }
        var close: [String] = []
        for name in Suggest.closest(to: text, in: owner.keys.sorted(), limit: 10) {
            if let id = owner[name], !close.contains(id) { close.append(id) }
        }
        if !close.isEmpty { return Array(close.prefix(5)) }

        let vocabulary = Set(candidates.flatMap { $0.names.flatMap(words) })
        // A level or number is never corrected to another: "SVQ 5" is not a near miss of "SVQ 2".
        let meaningful = query.filter { !generic.contains($0) }.map { word in
            isNumber(word) || vocabulary.contains(word) ? word : Suggest.closest(to: word, in: vocabulary.sorted(), limit: 1).first ?? word
        }
        guard !meaningful.isEmpty else { return [] }
        let scored = candidates.map { candidate -> (String, Int) in
            let known = candidate.names.flatMap(words)
            return (candidate.id, meaningful.filter { wanted in known.contains { matches(wanted, $0) } }.count)
        }
        // Every number asked for must be there.
        guard let best = scored.map(\.1).max(), best > 0 else { return [] }
        let numeric = meaningful.filter(isNumber)
        if !numeric.isEmpty {
            let keep = Set(candidates.filter { candidate in
                numeric.allSatisfy { number in candidate.names.flatMap(words).contains(number) }
            }.map(\.id))
            return Array(scored.filter { $0.1 == best && keep.contains($0.0) }.map(\.0).prefix(5))
        }
        return Array(scored.filter { $0.1 == best }.map(\.0).prefix(5))
    }
}
