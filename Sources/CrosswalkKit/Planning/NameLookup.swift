/// Finds one qualification or register part from what a person types: its id, a code, or
/// words of its name or its aliases, as people write them ("SVQ SSHC SCQF 7", "SVQ 3 social
/// services and healthcare", "care home supervisor").
struct NamedCandidate: Sendable {
    let id: String
    /// How the candidate is named to a person (a qualification's name and award code).
    let label: String
    /// The id first, then names and aliases; any of them may match.
    let names: [String]
    /// The name whose words tell candidates apart (without codes), and a code to fall back on.
    var plainName: String? = nil
    var code: String? = nil
}

enum NameMatch: Equatable, Sendable {
    case found(String)
    /// Several candidates, best first, each with the words of its name that tell it apart.
    case ambiguous([(id: String, distinguishing: [String])])
    case notFound(suggestions: [String])

    static func == (left: NameMatch, right: NameMatch) -> Bool {
        switch (left, right) {
        case let (.found(a), .found(b)): a == b
        case let (.ambiguous(a), .ambiguous(b)): a.map(\.id) == b.map(\.id) && a.map(\.distinguishing) == b.map(\.distinguishing)
        case let (.notFound(a), .notFound(b)): a == b
        default: false
        }
    }
}

enum NameLookup {
    static func words(_ text: String) -> [String] {
        SearchQuery.terms(text).map { $0.lowercased() }
    }

    /// Words people put between the ones that matter ("SVQ 3 *in* social services *and*
    /// healthcare"); a query need not match them.
    static let fillers: Set<String> = ["in", "a", "an", "of", "the", "for", "and", "at", "to", "with", "on"]
    /// Fillers that still tell names apart by where they stand: "care *at* home" is not "care home".
    static let meaningfulFillers: Set<String> = ["at"]

    /// A query word matches a word of a name when it starts it ("lead" → "leadership"), except
    /// numbers, which must match whole so that level "1" never finds level "10".
    static func isNumber(_ word: String) -> Bool { word.allSatisfy(\.isNumber) }

    static func matches(_ query: String, _ word: String) -> Bool {
        query.allSatisfy(\.isNumber) ? query == word : word.hasPrefix(query)
    }

    static func containsAll(_ query: [String], in name: [String]) -> Bool {
        !query.isEmpty && query.allSatisfy { wanted in name.contains { matches(wanted, $0) } }
    }

    /// Pairs of neighbouring words, the fillers that carry no place left out.
    static func pairs(_ words: [String]) -> [(String, String)] {
        let kept = words.filter { !fillers.contains($0) || meaningfulFillers.contains($0) }
        return zip(kept, kept.dropFirst()).map { ($0, $1) }
    }

    /// How many neighbouring pairs of the query stand together, in order, in the name: "care
    /// home supervisor" has "care home" in "Supervisor in a care home service", not in
    /// "Supervisor in a care at home service".
    static func adjacency(_ query: [String], _ name: [String]) -> Int {
        let inName = pairs(name)
        return pairs(query).filter { wanted in inName.contains { matches(wanted.0, $0.0) && matches(wanted.1, $0.1) } }.count
    }

    /// An exact (folded) id or name wins. Otherwise every word of `text` that matters must
    /// appear in one name of the candidate, or failing that across its names together; of the
    /// candidates that match, one wins when it matches within a single name and keeps more of
    /// the query's word order than any other. Else the candidates are listed with the words
    /// that tell them apart. `generic` words ("svq", "level") do not count towards suggestions.
    static func match(_ text: String, in candidates: [NamedCandidate], generic: Set<String>) -> NameMatch {
        let key = Suggest.fold(text)
        guard !key.isEmpty else { return .notFound(suggestions: []) }
        let exact = candidates.filter { $0.names.contains { Suggest.fold($0) == key } }
        if exact.count == 1 { return .found(exact[0].id) }
        if exact.count > 1 { return .ambiguous(distinguish(exact.map(\.id), in: candidates, generic: generic)) }

        let all = words(text)
        let wanted = all.filter { !fillers.contains($0) }
        let query = wanted.isEmpty ? all : wanted
        var ranked: [(id: String, single: Bool, order: Int)] = []
        for candidate in candidates {
            let names = candidate.names.map(words)
            let single = names.contains { containsAll(query, in: $0) }
            guard single || containsAll(query, in: names.flatMap { $0 }) else { continue }
            ranked.append((candidate.id, single, names.map { adjacency(all, $0) }.max() ?? 0))
        }
        ranked.sort { ($0.single ? 1 : 0, $0.order) > ($1.single ? 1 : 0, $1.order) }
        if ranked.count == 1 { return .found(ranked[0].id) }
        if ranked.count > 1 {
            // Sorted best first: the first wins only when no other is as good.
            if (ranked[1].single, ranked[1].order) != (ranked[0].single, ranked[0].order) { return .found(ranked[0].id) }
            return .ambiguous(distinguish(ranked.map(\.id), in: candidates, generic: generic))
        }
        return .notFound(suggestions: suggestions(for: text, query: query, in: candidates, generic: generic))
    }

    /// For each id, the words of its label no other candidate's label has (or, when a label
    /// has none of its own, the run of words only it has in that order: "care at home").
    static func distinguish(_ ids: [String], in candidates: [NamedCandidate], generic: Set<String>) -> [(id: String, distinguishing: [String])] {
        let labels = Dictionary(candidates.map { ($0.id, words($0.plainName ?? $0.label)) }, uniquingKeysWith: { first, _ in first })
        let codes = Dictionary(candidates.map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
        return ids.map { id in
            let mine = labels[id] ?? []
            let others = ids.filter { $0 != id }.map { labels[$0] ?? [] }
            var own: [String] = []
            for word in mine where !fillers.contains(word) && !generic.contains(word) && !own.contains(word)
                && !others.contains(where: { $0.contains(word) }) {
                own.append(word)
            }
            if own.isEmpty {
                let otherPairs = others.map(pairs)
                let ownPairs = pairs(mine).filter { pair in !otherPairs.contains { $0.contains { $0 == pair } } }
                if let first = ownPairs.first {
                    var phrase = [first.0, first.1]
                    for pair in ownPairs.dropFirst() where pair.0 == phrase.last { phrase.append(pair.1) }
                    own = [phrase.joined(separator: " ")]
                }
            }
            if own.isEmpty, let code = codes[id] ?? nil { own = [code] }
            return (id, own)
        }
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
