import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

@Suite struct InputSafetyTests {
    /// The log stores exactly the text it is given and counts the words of that same text:
    /// a NUL (which the commands refuse at their inputs) no longer cuts what is stored.
    @Test func theStoredTextAndItsWordCountAgree() throws {
        let log = try LogFixture.emptyLog()
        let text = "Words before\u{0} and words after the NUL"
        let entry = try log.add(LogFixture.draft("Whole", text: text))
        #expect(entry.text == text)
        #expect(entry.words == TextStatistics.wordCount(text))
        #expect(try log.entry(entry.id).text == text)
    }

    @Test func aNULInAnImportedFieldIsRefusedByItsPath() throws {
        let json = #"{"entries": [{"uuid": "u", "title": "T\u0000", "date": "2025-01-01"}]}"#
        let error = #expect(throws: CrosswalkError.self) { _ = try LogImport.read(Data(json.utf8), file: "b.json") }
        #expect(error?.description == "b.json: entries[0].title: contains a NUL character (U+0000); a learning log keeps text only")
    }

    @Test func aNULInACSVFieldIsASyntaxErrorOnItsLine() {
        let error = #expect(throws: CSVSyntaxError.self) { _ = try CSV.parse("a,b\n1,\"x\ny\u{0}\"\n") }
        #expect(error == CSVSyntaxError(line: 3, message: "field 2 contains a NUL character (U+0000), which is not text (save the file as \"CSV UTF-8\")"))
    }
}
