import SQLite

/// `crosswalk thing N --check FILE`: is a draft reflection ready to send with a badge
/// application? Words against the minimum, each prompt answered or not (with the passages that
/// answer it), the capabilities and standards the draft evidences, the items the Thing names,
/// and what to add.
public struct ReadinessCheck: Sendable {
    public struct PromptResult: Sendable {
        public let prompt: ThingPrompt
        public let answers: [PromptMatcher.Answer]
        public var answered: Bool { !answers.isEmpty }
    }

    /// An item the Thing's page names (a quality indicator, a framework) and what the draft
    /// does with it.
    public struct NamedResult: Sendable {
        public let item: NamedItem
        /// What the draft writes that names it ("QI 2.4").
        public let namedAs: [String]
        /// The mapper's evidence: the standard itself, or for a framework its best standard.
        public let evidencedBy: MappingResult.StandardMatch?
        /// Passages that name or evidence it.
        public let passages: [Int]
        public var covered: Bool { !namedAs.isEmpty || evidencedBy != nil }
    }

    public let card: ThingCard
    public let mapping: MappingResult
    public let words: Int
    public let prompts: [PromptResult]
    public let named: [NamedResult]
    public let suggestions: [String]
    /// For a Thing about career development (Thing 23): the worker's route.
    public let route: ThingRoute?

    public var minimum: Int? { card.thing.minWords }
    public var wordsMissing: Int { minimum.map { max(0, $0 - words) } ?? 0 }
    public var answeredCount: Int { prompts.filter(\.answered).count }

    /// True only when the Thing's prompts are known and every one is answered, and its minimum
    /// length is known and met.
    public var ready: Bool {
        card.promptsKnown && prompts.allSatisfy(\.answered) && minimum.map { words >= $0 } == true
    }

    /// What a career Thing's route is worked out from: the register part (id or words of its
    /// name; nil when not known), where it came from, and the qualifications held.
    public struct RouteRequest: Sendable {
        public let part: String?
        public let partSource: String?
        public let have: [String]

        public init(part: String?, partSource: String?, have: [String]) {
            self.part = part
            self.partSource = partSource
            self.have = have
        }
    }

    /// Reads `text` as a draft for `card`: mapped passage by passage for `role`, each prompt
    /// matched through its terms and the mapper's evidence; for a career Thing, the route too.
    public init(card: ThingCard, text: String, role: Role, mapper: Mapper, route request: RouteRequest? = nil) throws {
        self.card = card
        let mapping = try mapper.map(text, role: role, limit: 20)
        self.mapping = mapping
        let route = try card.showsCareerRoute
            ? ThingRoute.make(planner: CareerPlanner(database: mapper.database), part: request?.part,
                              partSource: request?.partSource, have: request?.have ?? [], mapping: mapping)
            : nil
        self.route = route
        words = mapping.words

        // Per passage, the items the mapper evidences there and the items the text names there.
        var evidenced: [Int: Set<String>] = [:]
        func add(_ code: String, _ support: [MappingResult.Support]) {
            for entry in support { evidenced[entry.passage, default: []].insert(code) }
        }
        for capability in mapping.capabilities {
            add(capability.id, capability.support)
            for indicator in capability.indicators { add(indicator.code, indicator.support) }
        }
        for standard in mapping.standards {
            add(standard.code, standard.support)
            for element in standard.elements { add(element.code, element.support) }
        }
        var named: [Int: Set<String>] = [:]
        var namedText: [String: [String]] = [:]
        for mention in mapping.mentions {
            for passage in mapping.passages where passage.text.contains(mention.text) {
                named[passage.index, default: []].insert(mention.code)
            }
            namedText[mention.code, default: []].append(mention.text)
        }

        let matcher = PromptMatcher(text: text, passages: mapping.passages)
        let matched = card.prompts.map { prompt in
            let about = Set(prompt.about)
            return matcher.answers(
                prompt, evidenced: evidenced.mapValues { $0.intersection(about) }.filter { !$0.value.isEmpty },
                named: named.mapValues { $0.intersection(about) }.filter { !$0.value.isEmpty })
        }
        // A passage with a single word of a prompt answers it only when it is not plainly about
        // another prompt: "To strengthen the enablers we agreed…" says what could be done, not
        // what the enablers are.
        var strongest: [Int: Int] = [:]
        for answer in matched.joined() { strongest[answer.passage] = max(strongest[answer.passage] ?? 0, answer.strength) }
        prompts = zip(card.prompts, matched).map { prompt, answers in
            PromptResult(prompt: prompt, answers: answers.filter { $0.strength >= 2 || strongest[$0.passage, default: 0] < 2 })
        }

        self.named = card.named.map { item in
            let standard = mapping.standards.first { $0.code == item.code }
                ?? (item.kind == "framework" ? mapping.standards.first { $0.framework == item.code } : nil)
            var passages = Set(standard?.support.map(\.passage) ?? [])
            for (passage, codes) in named where codes.contains(item.code) { passages.insert(passage) }
            return NamedResult(item: item, namedAs: namedText[item.code] ?? [], evidencedBy: standard,
                               passages: passages.sorted())
        }
        suggestions = Self.suggestions(card: card, mapping: mapping, prompts: prompts, named: self.named, route: route)
    }

    /// What to add, most important first.
    static func suggestions(card: ThingCard, mapping: MappingResult, prompts: [PromptResult], named: [NamedResult],
                            route: ThingRoute?) -> [String] {
        var result: [String] = []
        if !card.promptsKnown {
            let why = card.page == .notRead ? "its page is not in the record" : "its page was only read in part"
            result.append("What Thing \(card.thing.number)'s reflection must cover is not known (\(why)), so no prompt "
                          + "is checked: read it on \(card.sourceURL).")
        }
        for result_ in prompts where !result_.answered {
            result.append("No passage says \(result_.prompt.missing) (prompt \(result_.prompt.id)).")
        }
        if let minimum = card.thing.minWords {
            if mapping.words < minimum {
                let missing = minimum - mapping.words
                result.append("Write at least \(missing) more word\(missing == 1 ? "" : "s"): the draft has \(mapping.words) "
                              + "and Thing \(card.thing.number) asks for \(minimum).")
            }
        } else {
            result.append("Thing \(card.thing.number)'s minimum length is not known; most Things ask for 200 or 400 words.")
        }
        // A page's quality indicators are what its actions should evidence (Thing 21, prompt c);
        // the frameworks a page names (Thing 23) are ones to explore, not to cover.
        let uncovered = named.filter { $0.item.isQualityIndicator && !$0.covered }
        if !uncovered.isEmpty {
            let codes = uncovered.map(\.item.code).joined(separator: ", ")
            // Where the prompt about them is answered, covering the rest is a choice, not a gap.
            let promptAnswered = prompts.contains { result in
                result.answered && uncovered.contains { result.prompt.about.contains($0.item.code) }
            }
            result.append(promptAnswered
                ? "Optional: no passage names or evidences \(codes); an action for each would cover every quality "
                    + "indicator Thing \(card.thing.number) names."
                : "No passage names or evidences \(codes): say which quality indicator each action would help "
                    + "evidence (\"QI 2.4\").")
        }
        if let none = mapping.noLeadership {
            result.append("crosswalk finds no leadership content in the draft: \(none.reason).")
        }
        if let route, route.part == nil {
            result.append("Give your register part (`--role day-care-children-practitioner`, see `crosswalk list roles`) "
                          + "or set it with `crosswalk log config part PART` to see your route.")
        }
        return result
    }

    public var json: JSON {
        func passage(_ index: Int, matched: [Range<Int>] = []) -> JSON {
            guard mapping.passages.indices.contains(index) else { return .null }
            let passage = mapping.passages[index]
            return .object([("index", .int(passage.index)), ("start", .int(passage.start)), ("end", .int(passage.end)),
                            ("text", .string(passage.text)),
                            ("matched", .array(matched.map { .array([.int($0.lowerBound), .int($0.upperBound)]) }))])
        }
        return .object([
            ("thing", .object([("code", .string(card.thing.code)), ("number", .int(card.thing.number)),
                               ("programme", .string(card.thing.programme)), ("title", .string(card.thing.title)),
                               ("badge", .optional(card.thing.badge))])),
            ("ready", .bool(ready)),
            ("words", .int(words)),
            ("minimum", .optional(minimum)),
            ("words_missing", .int(wordsMissing)),
            ("prompts_known", .bool(card.promptsKnown)),
            ("role", .string(mapping.role.rawValue)),
            ("prompts", .array(prompts.map { result in
                .object([
                    ("id", .string(result.prompt.id)), ("text", .string(result.prompt.text)),
                    ("answered", .bool(result.answered)),
                    ("passages", .array(result.answers.map { answer in
                        .object([("passage", passage(answer.passage, matched: answer.matched)),
                                 ("terms", .strings(answer.terms)), ("evidence", .strings(answer.evidence))])
                    })),
                ])
            })),
            ("capabilities", .array(mapping.capabilities.map { capability in
                .object([("id", .string(capability.id)), ("name", .string(capability.name)), ("score", .score(capability.score)),
                         ("passages", .array(capability.support.map { passage($0.passage, matched: $0.matched) }))])
            })),
            ("standards", .array(mapping.standards.map { standard in
                .object([("framework", .string(standard.framework)), ("code", .string(standard.code)),
                         ("title", .string(standard.title)), ("score", .score(standard.score)),
                         ("passages", .array(standard.support.map { passage($0.passage, matched: $0.matched) }))])
            })),
            ("named", .array(named.map { result in
                .object([("code", .string(result.item.code)), ("kind", .string(result.item.kind)),
                         ("title", .string(result.item.title)), ("quality_indicator", .bool(result.item.isQualityIndicator)),
                         ("named_as", .strings(result.namedAs)),
                         ("evidenced_by", result.evidencedBy.map { .object([("code", .string($0.code)), ("score", .score($0.score))]) } ?? .null),
                         ("passages", .array(result.passages.map { .int($0) }))])
            })),
            ("no_leadership", mapping.noLeadership.map { .string($0.reason) } ?? .null),
            ("suggestions", .strings(suggestions)),
            ("route", route?.json ?? .null),
        ])
    }
}
