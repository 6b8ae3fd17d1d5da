import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// The readiness check of a draft reflection, on drafts written for these tests: which of a
/// Thing's prompts a draft answers, with which passages, and what it says to add.
@Suite struct ThingCheckTests {
    let database: Database
    let mapper: Mapper
    let catalog: ThingCatalog

    init() throws {
        database = try RealData.database()
        mapper = try Mapper(database: database)
        catalog = ThingCatalog(database: database)
    }

    func check(_ code: String, _ text: String, role: Role = .manager,
               route: ReadinessCheck.RouteRequest? = nil) throws -> ReadinessCheck {
        let thing = try #require(try ReferenceLookup(database: database).thing(code: code))
        return try ReadinessCheck(card: try catalog.card(thing), text: text, role: role, mapper: mapper, route: route)
    }

    // Passages written to answer each of Thing 21's prompts, and filler that answers none.
    static let enablers = """
        We looked at the leadership logic model in our team meeting. The main enablers of good leadership in our \
        home are regular supervision, a manager who listens and a team culture where staff feel trusted to speak up. \
        The biggest barriers are staff turnover and the pressure of agency shifts, which leave little time for reflection.
        """
    static let strengthen = """
        To strengthen the enablers we agreed to protect supervision time every month, even in busy weeks. To lessen \
        the barriers we will write a short induction pack so that agency staff know each resident's routines.
        """
    static let indicators = """
        These actions would help us evidence quality indicator 2.4, staff are led well: we will audit supervision \
        records every quarter and ask staff in a survey whether they feel supported. For QI 2.2 we will add the \
        induction pack to our improvement plan and review it at each inspection.
        """
    static let difference = """
        These actions would make a real difference to residents: they would see familiar faces more often, feel \
        more settled at night and have their preferences known by everyone on shift.
        """
    static let filler = """
        I went on the course in March with two colleagues from the day centre. The trainer gave us handouts and we \
        had lunch in the canteen. The room was cold and the projector did not work for the first hour.
        """

    /// The part written to answer each prompt.
    static let answering = ["a": enablers, "b": strengthen, "c": indicators, "d": difference]

    /// A draft made of the parts that answer `prompts` (in order), with the filler before or
    /// after them or not at all.
    struct Case: Sendable, CustomStringConvertible {
        enum Filler: Sendable { case none, before, after }
        let prompts: [String]
        let filler: Filler
        var parts: [String] {
            let answering = prompts.map { ThingCheckTests.answering[$0]! }
            switch filler {
            case .none: return answering
            case .before: return [ThingCheckTests.filler] + answering
            case .after: return answering + [ThingCheckTests.filler]
            }
        }
        var description: String {
            let which = prompts.isEmpty ? "no prompt" : "prompts " + prompts.joined(separator: ", ")
            return "\(which) answered" + (filler == .none ? "" : ", filler \(filler)")
        }
    }

    static let cases: [Case] = [
        // All.
        Case(prompts: ["a", "b", "c", "d"], filler: .none),
        Case(prompts: ["d", "c", "b", "a"], filler: .after),
        // Some: each prompt alone, pairs, and all but one.
        Case(prompts: ["a"], filler: .after),
        Case(prompts: ["b"], filler: .before),
        Case(prompts: ["c"], filler: .after),
        Case(prompts: ["d"], filler: .before),
        Case(prompts: ["a", "b"], filler: .after),
        Case(prompts: ["c", "d"], filler: .before),
        Case(prompts: ["a", "b", "d"], filler: .none),
        Case(prompts: ["a", "c", "d"], filler: .after),
        // None.
        Case(prompts: [], filler: .after),
    ]

    @Test(arguments: cases)
    func thing21PromptsAnsweredByTheirPassages(_ testCase: Case) throws {
        let check = try check("23L-21", testCase.parts.joined(separator: "\n\n"))
        #expect(check.prompts.map(\.prompt.id) == ["a", "b", "c", "d"])
        #expect(Set(check.prompts.filter(\.answered).map(\.prompt.id)) == Set(testCase.prompts))
        #expect(check.answeredCount == testCase.prompts.count)
        for result in check.prompts where result.answered {
            // Every passage quoted as an answer marks the words that show it, and the first is
            // one of the part written to answer that prompt.
            for answer in result.answers {
                #expect(!answer.matched.isEmpty, "prompt \(result.prompt.id) passage \(answer.passage)")
                let passage = check.mapping.passages[answer.passage]
                #expect(answer.matched.allSatisfy { $0.lowerBound >= passage.start && $0.upperBound <= passage.end })
            }
            let best = try #require(result.answers.first)
            let part = try #require(Self.answering[result.prompt.id])
            #expect(part.contains(check.mapping.passages[best.passage].text),
                    "prompt \(result.prompt.id): \(check.mapping.passages[best.passage].text)")
        }
        for result in check.prompts where !result.answered {
            #expect(check.suggestions.contains("No passage says \(result.prompt.missing) (prompt \(result.prompt.id))."))
        }
        // The filler answers nothing, whatever else the draft holds.
        let fillerPassages = Set(check.mapping.passages.filter { Self.filler.contains($0.text) }.map(\.index))
        #expect(check.prompts.allSatisfy { result in result.answers.allSatisfy { !fillerPassages.contains($0.passage) } })
        // Under 400 words, a draft is never ready, even with every prompt answered.
        #expect(check.words < 400)
        #expect(!check.ready)
        #expect(check.suggestions.contains { $0.hasPrefix("Write at least \(400 - check.words) more words") })
        // The JSON says the same.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(check.json.serialized().utf8)) as? [String: Any])
        let prompts = try #require(json["prompts"] as? [[String: Any]])
        #expect(prompts.filter { $0["answered"] as? Bool == true }.compactMap { $0["id"] as? String } == testCase.prompts.sorted())
        #expect(prompts.allSatisfy { ($0["answered"] as? Bool == true) == !(($0["passages"] as? [Any]) ?? []).isEmpty })
        #expect(json["ready"] as? Bool == false)
    }

    @Test func theAnsweringPassageIsTheOneThatAnswers() throws {
        let check = try check("23L-21", [Self.filler, Self.difference].joined(separator: "\n\n"))
        let d = try #require(check.prompts.first { $0.prompt.id == "d" })
        let quoted = try #require(d.answers.first).passage
        #expect(check.mapping.passages[quoted].text.hasPrefix("These actions would make a real difference to residents"))
        #expect(d.answers.first?.terms.contains("difference") == true)
    }

    @Test func aDraftOfEnoughWordsThatAnswersEveryPromptIsReady() throws {
        // The four answering parts, and more of the same kind, past 400 words.
        let more = """
            In supervision my manager and I also talked about the risk that new carers feel unsupported in their first \
            weeks, and we agreed that I will buddy each new starter for a month. Another enabler is the trust the \
            residents' families place in the team, which we can build on by inviting them to our review meetings.
            """
        var parts = [Self.enablers, Self.strengthen, Self.indicators, Self.difference, more]
        var check = try check("23L-21", parts.joined(separator: "\n\n"))
        while check.words < 400 {
            parts.append(more)
            check = try self.check("23L-21", parts.joined(separator: "\n\n"))
        }
        #expect(check.ready)
        #expect(check.answeredCount == 4)
        #expect(!check.suggestions.contains { $0.hasPrefix("No passage says") || $0.hasPrefix("Write at least") })
    }

    @Test func oneWordOfAPromptAnswersItWhenThePassageIsAboutNothingElse() throws {
        // As workers write: one of prompt a's words, and something of their own.
        let plain = try check("23L-21", "A barrier for us is agency staff who do not know the residents.")
        #expect(plain.prompts.filter(\.answered).map(\.prompt.id) == ["a"])
        // A passage plainly about what could be done does not also answer what the enablers are.
        let strengthening = try check("23L-21", Self.strengthen)
        #expect(strengthening.prompts.filter(\.answered).map(\.prompt.id) == ["b"])
    }

    @Test func restatingThePromptsAnswersNothing() throws {
        let restated = """
            The enablers and barriers.

            Strengthening the enablers and lessening the barriers.

            The difference to the people we support.
            """
        let check = try check("23L-21", restated)
        #expect(check.answeredCount == 0)
    }

    @Test func aShortDraftSaysHowManyWordsAreMissing() throws {
        let check = try check("23L-21", Self.difference)
        #expect(check.minimum == 400)
        #expect(check.wordsMissing == 400 - check.words)
        #expect(check.suggestions.contains("Write at least \(400 - check.words) more words: the draft has \(check.words) and Thing 21 asks for 400."))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(check.json.serialized().utf8)) as? [String: Any])
        #expect(json["ready"] as? Bool == false)
        #expect(json["words"] as? Int == check.words)
        #expect(json["minimum"] as? Int == 400)
        let prompts = try #require(json["prompts"] as? [[String: Any]])
        #expect(prompts.map { $0["id"] as? String } == ["a", "b", "c", "d"])
        #expect(prompts.map { $0["answered"] as? Bool } == [false, false, false, true])
        let passages = try #require(prompts[3]["passages"] as? [[String: Any]])
        #expect(((passages.first?["passage"] as? [String: Any])?["text"] as? String)?.hasPrefix("These actions") == true)
        for key in ["capabilities", "standards", "suggestions"] { #expect(json[key] is [Any], "\(key)") }
    }

    @Test func thing21NamesItsFourQualityIndicatorsAndSaysWhichTheDraftCovers() throws {
        let check = try check("23L-21", [Self.enablers, Self.indicators].joined(separator: "\n\n"))
        #expect(check.named.map(\.item.code) == ["CI-CH 2.1", "CI-CH 2.2", "CI-CH 2.3", "CI-CH 2.4"])
        let covered = Set(check.named.filter(\.covered).map(\.item.code))
        #expect(covered.isSuperset(of: ["CI-CH 2.2", "CI-CH 2.4"]))
        // Prompt c is answered, so covering the other indicators is offered, not required.
        #expect(check.prompts.first { $0.prompt.id == "c" }?.answered == true)
        let uncovered = check.named.filter { !$0.covered }.map(\.item.code)
        if !uncovered.isEmpty {
            #expect(check.suggestions.contains { $0.hasPrefix("Optional: no passage names or evidences \(uncovered.joined(separator: ", "))") })
        }
        // Without an answer to prompt c, naming them is what to add.
        let without = try self.check("23L-21", Self.enablers)
        #expect(without.suggestions.contains { $0.hasPrefix("No passage names or evidences CI-CH ") && $0.contains("say which quality indicator") })
    }

    @Test func thing23WithAQualificationShowsTheRouteForTheWorkersPart() throws {
        let draft = """
            Last year I completed my SVQ Social Services (Children and Young People) at SCQF level 7 while working as a \
            practitioner in our nursery. The qualification developed my self-leadership most: keeping a reflective log \
            for my assessor made me look honestly at my practice.

            For my career, my next step is to become a lead practitioner, and I plan to start a Childhood Practice award \
            so that I can build on this leadership learning.
            """
        let check = try check("23ELC-23", draft, role: .frontline,
                              route: .init(part: "day-care-children-practitioner", partSource: "--role", have: []))
        #expect(check.prompts.map(\.prompt.id) == ["a", "b"])
        #expect(check.prompts.filter(\.answered).count == 2)
        #expect(check.minimum == 200)
        let route = try #require(check.route)
        #expect(route.part?.id == "day-care-children-practitioner")
        #expect(route.qualificationsNamed.map(\.id) == ["svq-sscyp-7"])
        #expect(route.units.contains { $0.qualification == "svq-sscyp-7" && $0.inNamedQualification })
        // The practice requirement is not met without --have, and the plan offers the named award.
        #expect(route.nextRequirement?.requirement == "practice")
        #expect(route.nextSteps.contains { $0.codes.contains("svq-sscyp-7") })

        let held = try self.check("23ELC-23", draft, role: .frontline,
                                  route: .init(part: "day-care-children-practitioner", partSource: "--role", have: ["svq-sscyp-7"]))
        #expect(held.route?.plan?.requirements.first { $0.requirement == "practice" }?.met == true)
    }

    @Test func thing23WithoutAPartSaysHowToGiveOne() throws {
        let check = try check("23ELC-23", Self.enablers, role: .frontline, route: .init(part: nil, partSource: nil, have: []))
        #expect(check.route != nil && check.route?.plan == nil)
        #expect(check.suggestions.contains { $0.contains("log config part") })
    }

    @Test func aThingWhosePageIsNotInTheRecordIsNeverReady() throws {
        let card = try catalog.card(try #require(try ReferenceLookup(database: database).thing(code: "23L-5")))
        #expect(card.page == .notRead && card.steps.isEmpty && card.prompts.isEmpty)
        let check = try check("23L-5", Self.enablers + " " + Self.strengthen)
        #expect(!check.ready)
        #expect(check.suggestions.first?.contains("is not known (its page is not in the record)") == true)
    }

    @Test func thingsResolveByNumberNameOrCode() throws {
        #expect(try catalog.resolve("21", programme: "23-things-leadership").code == "23L-21")
        #expect(try catalog.resolve("Thing 23", programme: "23-things-elc").code == "23ELC-23")
        #expect(try catalog.resolve("23ELC-23", programme: "23-things-leadership").code == "23ELC-23")
        #expect(try catalog.resolve("23l21", programme: "23-things-elc").code == "23L-21")
        #expect(throws: CrosswalkError.self) { try catalog.resolve("24", programme: "23-things-leadership") }
        #expect(throws: CrosswalkError.self) { try catalog.resolve("SCDLMCA1", programme: "23-things-leadership") }
    }

    /// Terms are stemmed as the mapper stems them, and a phrase is matched as its words in order.
    @Test func termsMatchByStemAndPhrasesInOrder() throws {
        let text = "The enablers we found were many. Quality of life improved for each resident. Life quality is a phrase backwards."
        let mapping = try mapper.map(text, role: .frontline, limit: 5)
        let matcher = PromptMatcher(text: text, passages: mapping.passages)
        let terms = PromptMatcher.terms(["enable", "quality of life"])
        #expect(PromptMatcher.find(terms[0], in: matcher.words[0]) != nil)
        #expect(PromptMatcher.find(terms[1], in: matcher.words[1]) != nil)
        #expect(PromptMatcher.find(terms[1], in: matcher.words[2]) == nil)
    }
}

/// What the data holds of the 23 Things pages: complete where a page was read, empty (and
/// saying so) where it was not.
@Suite struct ThingDataTests {
    let database: Database

    init() throws {
        database = try RealData.database()
    }

    @Test func everyThingSaysWhetherItsPageWasRead() throws {
        let things = try database.scalarInt("SELECT count(*) FROM activity")
        #expect(try database.scalarInt("SELECT count(*) FROM thing_page") == things)
        // A page not read, or read only in part, has no steps or prompts: none are made up.
        #expect(try database.scalarInt("""
            SELECT count(*) FROM thing_page p WHERE p.page <> 'read'
            AND (EXISTS (SELECT 1 FROM thing_step s WHERE s.thing = p.thing) OR EXISTS (SELECT 1 FROM thing_prompt q WHERE q.thing = p.thing))
            """) == 0)
        // A page read has its prompts, and a note on what was read.
        #expect(try database.scalarInt("""
            SELECT count(*) FROM thing_page p WHERE p.page = 'read'
            AND (NOT EXISTS (SELECT 1 FROM thing_prompt q WHERE q.thing = p.thing) OR p.note IS NULL)
            """) == 0)
    }

    @Test func thing21AndThing23AreComplete() throws {
        let catalog = ThingCatalog(database: database)
        let lookup = ReferenceLookup(database: database)
        let thing21 = try catalog.card(try #require(try lookup.thing(code: "23L-21")))
        #expect(thing21.prompts.map(\.id) == ["a", "b", "c", "d"])
        #expect(thing21.thing.minWords == 400)
        #expect(thing21.suggestedFirst == 4)
        #expect(thing21.groupBadge == "Evaluation of impact")
        #expect(thing21.steps.count >= 5)
        #expect(thing21.namedQualityIndicators.map(\.code) == ["CI-CH 2.1", "CI-CH 2.2", "CI-CH 2.3", "CI-CH 2.4"])
        let thing23 = try catalog.card(try #require(try lookup.thing(code: "23ELC-23")))
        #expect(thing23.prompts.map(\.id) == ["a", "b"])
        #expect(thing23.thing.minWords == 200)
        #expect(thing23.showsCareerRoute)
        #expect(thing23.steps.count >= 3)
    }

    @Test func everyPromptHasTermsADraftCanMatch() throws {
        let rows = try database.query("SELECT thing, prompt, key_terms, coalesce(required_terms, '') FROM thing_prompt") {
            ($0.string(0), $0.string(1), $0.string(2), $0.string(3))
        }
        #expect(rows.count >= 40)
        for (thing, prompt, key, required) in rows {
            let terms = ThingCatalog.list(key) + ThingCatalog.list(required)
            #expect(PromptMatcher.terms(terms).count == terms.count, "\(thing) \(prompt)")
        }
    }
}
