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

    /// JSON on a terminal is inert even when a string's only hostile character is one that
    /// is not a C0 control: a bidirectional override, a C1 control, DEL or a line separator.
    @Test func jsonEscapesEveryControlAndOverrideEvenAlone() {
        for (scalar, escaped) in [("\u{202E}", "\\u202e"), ("\u{9B}", "\\u009b"), ("\u{7F}", "\\u007f"),
                                  ("\u{2028}", "\\u2028"), ("\u{2066}", "\\u2066")] {
            #expect(JSON.string("a \(scalar) b").serialized() == "\"a \(escaped) b\"", "U+\(String(scalar.unicodeScalars.first!.value, radix: 16))")
        }
        // Ordinary punctuation from the same blocks is kept as it is.
        #expect(JSON.string("it’s a – b ¼").serialized() == "\"it’s a – b ¼\"")
    }
}
