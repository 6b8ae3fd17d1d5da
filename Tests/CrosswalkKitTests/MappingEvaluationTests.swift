import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// The evaluation harness: reading labelled cases and scoring a mapper by the shared rules.
@Suite struct MappingEvaluationTests {
    /// Returns fixed answers, so the arithmetic of the figures can be checked exactly.
    struct CannedMapper: EvidenceMapper {
        let answers: [String: (capabilities: [String], standards: [String])]

        func map(_ text: String, role: Role, limit: Int) throws -> MappingResult {
            let answer = answers[text] ?? ([], [])
            return MappingResult(
                role: role, words: 0,
                capabilities: answer.capabilities.prefix(limit).map { .init(id: $0, name: $0, score: 0.5, evidence: [], indicators: [], support: []) },
                standards: answer.standards.prefix(limit).map { .init(framework: "", code: $0, title: $0, score: 0.5, evidence: [], elements: [], support: []) },
                units: [], mentions: [])
        }
    }

    func fixtureCases() throws -> [EvaluationCase] {
        try EvaluationCase.load(String(contentsOf: CLIPaths.evalFixture, encoding: .utf8), file: "cases.jsonl")
    }

    @Test func readsTheSharedFormatSkippingBlankLines() throws {
        let cases = try fixtureCases()
        #expect(cases.map(\.id) == ["fx-1", "fx-2", "fx-3", "fx-4"])
        #expect(cases[2].primary == nil)
        #expect(cases[3].role == .strategic)
        #expect(cases[3].also == ["collaborating-and-influencing", "empowering"])
        #expect(cases[3].line == 5)
    }

    @Test func windowsLineEndingsReadLikeUnixOnes() throws {
        let unix = try String(contentsOf: CLIPaths.evalFixture, encoding: .utf8)
        let windows = try EvaluationCase.load(unix.replacingOccurrences(of: "\n", with: "\r\n"), file: "cases.jsonl")
        #expect(windows == (try fixtureCases()))
        #expect(windows.map(\.line) == [1, 2, 3, 5])
        let good = #"{"id": "a", "role": "manager", "text": "t", "primary": "vision"}"#
        #expect(throws: CrosswalkError.failure("w.jsonl:3: not a JSON object")) {
            try EvaluationCase.load(good + "\r\n\r\n{oops\r\n", file: "w.jsonl")
        }
    }

    @Test func figuresFollowTheSharedScoringRules() throws {
        let cases = try fixtureCases()
        let mapper = CannedMapper(answers: [
            cases[0].text: (["creativity-and-innovation", "vision", "collaborating-and-influencing"], ["MMLLF-8", "SCDLMCE2"]),
            cases[1].text: (["motivating-and-inspiring", "self-leadership"], []),
            cases[2].text: ([], []),
            // collaborating-and-influencing comes fourth: outside the first three.
            cases[3].text: (["vision", "empowering", "self-leadership", "collaborating-and-influencing"],
                            ["A", "B", "C", "D", "E", "SCDLMCSE7"]),
        ])
        let score = try Evaluation.score(cases, mapper: mapper, name: "canned")
        #expect(score.leadershipCases == 3 && score.noLeadershipCases == 1 && score.standardsCases == 2)
        #expect(abs(score.top1 - 2.0 / 3) < 1e-9)
        #expect(abs(score.recallAt3 - (1 + 1 + 2.0 / 3) / 3) < 1e-9)
        // fx-1 finds its one standard; fx-4 has SCDLMCSE7 only sixth, past the first five.
        #expect(abs(score.standardsRecallAt5 - 0.5) < 1e-9)
        #expect(score.noLeadershipEmpty == 1)
        let json = score.json.serialized()
        #expect(json.contains("\"recall_at_3\": 0.889"))
    }

    @Test func aNonEmptyAnswerToANoLeadershipCaseCountsAgainst() throws {
        let cases = try fixtureCases()
        let score = try Evaluation.score([cases[2]], mapper: CannedMapper(answers: [cases[2].text: ([], ["COP 1"])]), name: "x")
        #expect(score.noLeadershipEmpty == 0)
    }

    @Test func badLinesAreReportedWithFileLineAndField() {
        func problem(_ text: String) -> String? {
            do {
                _ = try EvaluationCase.load(text, file: "my.jsonl")
                return nil
            } catch {
                return "\(error)"
            }
        }
        let good = #"{"id": "a", "role": "manager", "text": "t", "primary": "vision", "also": [], "standards": []}"#
        #expect(problem(good) == nil)
        #expect(problem(good + "\nnot json") == "my.jsonl:2: not a JSON object")
        #expect(problem(#"{"id": "a", "role": "boss", "text": "t", "primary": null}"#)
                == "my.jsonl:1: role: must be frontline, manager or strategic, not \"boss\"")
        #expect(problem(#"{"id": "a", "role": "manager", "text": "t", "primary": "visoin"}"#)?
                    .hasPrefix("my.jsonl:1: primary: unknown capability \"visoin\"") == true)
        #expect(problem(#"{"id": "a", "role": "manager", "text": "", "primary": null}"#)
                == "my.jsonl:1: text: missing or not a non-empty string")
        #expect(problem(good + "\n" + good) == "my.jsonl:2: id: \"a\" appears twice")
        #expect(problem("\n\n") == "my.jsonl: no cases")
    }

    @Test func labelledStandardsMustExist() throws {
        let database = try Database(path: RealData.path, mode: .readOnly)
        let cases = try EvaluationCase.load(#"{"id": "a", "role": "manager", "text": "t", "primary": "vision", "standards": ["SCDLMCZ9"]}"#, file: "x.jsonl")
        #expect(throws: CrosswalkError.failure("x.jsonl:1: standards: unknown standard \"SCDLMCZ9\"")) {
            try Evaluation.checkStandards(cases, file: "x.jsonl", database: database)
        }
    }

    @Test func theMapperBeatsTheBaselineOnTheFixture() throws {
        let database = try Database(path: RealData.path, mode: .readOnly)
        let cases = try fixtureCases()
        let mapper = try Evaluation.score(cases, mapper: try Mapper(database: database), name: "crosswalk")
        let baseline = try Evaluation.score(cases, mapper: BaselineMapper(database: database), name: "baseline")
        #expect(mapper.top1 > baseline.top1)
        #expect(mapper.noLeadershipEmpty == 1 && baseline.noLeadershipEmpty == 0)
    }

    @Test func theBenchmarkTimesTheBaselinesOwnQuery() throws {
        let script = try String(contentsOf: CLIPaths.root.appendingPathComponent("Benchmarks/map.sh"), encoding: .utf8)
        #expect(script.contains(BaselineMapper.sql))
    }
}
