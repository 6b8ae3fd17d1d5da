import Foundation
import Testing
@testable import CrosswalkKit

/// The CSV reader on mutated copies of the real data files: it parses or reports a syntax
/// error on a line of the text, and what it parses, written back, reads the same.
@Suite struct CSVFuzzTests {
    /// The first lines of every data file: the seeds to mutate.
    static let seeds: [String] = DataSource.embedded.files.sorted { $0.key < $1.key }.map { _, text in
        text.split(separator: "\n", omittingEmptySubsequences: false).prefix(25).joined(separator: "\n")
    }

    static func lineCount(_ text: String) -> Int { text.utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1 }

    @Test func readerParsesOrNamesALineAndRoundTrips() {
        let ran = Fuzz.run("csv", minimumCases: 200) { random, current in
            let text = random.pick(Self.seeds).mutatedCharacters(&random, edits: 1 + random.below(8))
            current.input = text
            let lines = Self.lineCount(text)
            do {
                let records = try CSV.parse(text)
                var previous = 0
                for record in records {
                    current.check(record.line > previous && record.line <= lines, "record on line \(record.line) after \(previous), of \(lines)")
                    previous = record.line
                }
                // Written as CSV export writes it (a byte-order mark first), it reads back the same.
                let written = "\u{FEFF}" + records.map { CSV.line($0.fields) }.joined(separator: "\n")
                let again = try CSV.parse(written).map(\.fields)
                current.check(again == records.map(\.fields), "round trip changed the records: \(records.map(\.fields)) → \(again)")
            } catch let error as CSVSyntaxError {
                current.check((1...lines).contains(error.line), "syntax error on line \(error.line) of \(lines)")
                current.check(!error.message.isEmpty, "syntax error without a message")
            }
        }
        #expect(ran >= (Fuzz.replay == nil ? 200 : 1))
    }
}
