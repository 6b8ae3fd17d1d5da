import Testing
@testable import CrosswalkKit

@Suite struct CSVTests {
    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() throws {
        let records = try CSV.parse("a,b\n\"x, y\",\"say \"\"hi\"\"\nthere\"\n")
        #expect(records.count == 2)
        #expect(records[1].fields == ["x, y", "say \"hi\"\nthere"])
        #expect(records[1].line == 2)
    }

    @Test func recordLinesCountPhysicalLines() throws {
        let records = try CSV.parse("h\n\"one\ntwo\"\nthree\n")
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func crlfAndByteOrderMarkAreAccepted() throws {
        let records = try CSV.parse("\u{FEFF}a,b\r\n1,2\r\n")
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func blankLinesAreSkippedAndEmptyFieldsKept() throws {
        let records = try CSV.parse("a,b,c\n\n1,,3\n")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "", "3"]])
    }

    @Test func unbalancedQuoteReportsTheLineItOpenedOn() {
        #expect(throws: CSVSyntaxError(line: 3, message: "unbalanced quote: the quoted field opened here never closes")) {
            _ = try CSV.parse("a,b\n1,2\n3,\"never closed\n4,5\n")
        }
    }

    @Test func strayQuoteInsideAFieldIsAnError() {
        #expect(throws: CSVSyntaxError.self) { _ = try CSV.parse("a,b\n1,say \"hi\"\n") }
    }

    @Test func escapeRoundTrips() throws {
        let fields = ["plain", "comma, here", "quote \" here", "line\nbreak", "", "windows\r\nline end", "lone\rreturn"]
        let records = try CSV.parse(CSV.line(fields) + "\n")
        #expect(records.first?.fields == fields)
    }
}
