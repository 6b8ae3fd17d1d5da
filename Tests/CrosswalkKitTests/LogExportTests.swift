import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// Every export format, read back the way its reader would read it.
@Suite struct LogExportTests {
    let log: LearningLog
    let lookup: ReferenceLookup

    static let awkwardText = """
        We talked about "person-centred" planning, choice, and control.
        Café visit — naïve questions welcome.

        Second paragraph with <angle brackets> & an ampersand.
        """

    init() throws {
        lookup = ReferenceLookup(database: try LogFixture.embeddedReference())
        log = try LogFixture.emptyLog()
        try log.setSetting("name", "Alex Morgan")
        _ = try log.add(LogFixture.draft("Supervision, with a \"hard\" conversation", date: "2025-01-14",
                                         text: Self.awkwardText, hours: 1.5, element: "CPL-6", references: [
            LogFixture.reference("vision", kind: "capability", .confirmed),
            LogFixture.reference("SCDLMCA1", kind: "standard", .confirmed),
            LogFixture.reference("empowering", kind: "capability", .suggested),
            LogFixture.reference("HSC451", kind: "standard", .rejected),
        ]))
        _ = try log.add(LogFixture.draft("=HYPERLINK(\"http://example.com\")", date: "2025-02-01",
                                         text: "Why leadership matters in my service.", hours: 2, thing: "23L-22"))
        _ = try log.add(LogFixture.draft("<b>Protection</b> & safety", date: "2025-03-01", text: "- a list, as typed",
                                         hours: nil, element: "CPL-4", references: [
            LogFixture.reference("vision/F1", kind: "indicator", .confirmed, score: nil, source: .user),
        ]))
    }

    func record(_ filter: LogFilter = LogFilter()) throws -> ExportRecord {
        try ExportRecord(log: log, filter: filter, lookup: lookup, exportedAt: "2025-04-01T09:00:00Z")
    }

    /// Found by the fuzzer: "\r\n" is one Character, so a text with Windows line ends and no
    /// comma or quote was written unquoted, and its row broke in two.
    @Test func csvKeepsATextWithWindowsLineEndsInOneCell() throws {
        let log = try LogFixture.emptyLog()
        _ = try log.add(LogFixture.draft("Pasted from Word", text: "First line\r\nsecond line"))
        let text = try ExportRecord(log: log, filter: LogFilter(), lookup: lookup).render(.csv)
        let records = try CSV.parse(text)
        #expect(records.count == 2)
        #expect(records.last.map { Dictionary(uniqueKeysWithValues: zip(CSVExport.columns, $0.fields)) }?["text"] == "First line\r\nsecond line")
    }

    @Test func csvParsesBackWithOneRowPerEntryAndReference() throws {
        let text = try record().render(.csv)
        #expect(text.hasPrefix("\u{FEFF}"))
        #expect(text.contains("\r\n"))
        let records = try CSV.parse(text)
        #expect(records.first?.fields == CSVExport.columns)
        let rows = records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(CSVExport.columns, $0.fields)) }
        #expect(rows.allSatisfy { $0.count == CSVExport.columns.count })
        // Entry 1: two confirmed and one suggestion (the rejected one is left out); entry 2: no
        // references, one row; entry 3: one.
        #expect(rows.map { $0["entry_id"]! } == ["1", "1", "1", "2", "3"])
        let first = rows.filter { $0["entry_id"] == "1" }
        #expect(first.map { $0["reference_code"]! } == ["vision", "SCDLMCA1", "empowering"])
        #expect(first.map { $0["reference_status"]! } == ["confirmed", "confirmed", "suggested"])
        #expect(first[0]["text"] == Self.awkwardText)
        #expect(first[0]["title"] == "Supervision, with a \"hard\" conversation")
        #expect(first[0]["hours"] == "1.5" && first[0]["cpl_element_title"] == "Reflective practice")
        #expect(first[1]["reference_framework"]?.hasPrefix("Leadership and Management for Care Services") == true)
        // A title or text that a spreadsheet could run as a formula is defused, a dash included.
        #expect(rows[3]["title"] == "'=HYPERLINK(\"http://example.com\")")
        #expect(rows[3]["thing"] == "23L-22" && rows[3]["reference_code"] == "")
        #expect(rows[4]["text"] == "'- a list, as typed")
        #expect(rows[4]["hours"] == "")
    }

    @Test func everyCellAFormulaCouldStartWithGetsAnApostrophe() {
        for risky in ["=1+1", "+1", "-2+3", "-cmd|' /C calc'!A0", "- a list", "@SUM(A1)", "\t=1", "\r=1", "-"] {
            #expect(CSVExport.defused(risky) == "'" + risky, "\(risky)")
        }
        for plain in ["", "Supervision", "1.5", "2025-01-14", " =1", "'=1", "a-b", "e=mc2"] {
            #expect(CSVExport.defused(plain) == plain, "\(plain)")
        }
    }

    @Test func jsonExportThenImportGivesTheSameLog() throws {
        let exported = try record().render(.json)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
        #expect(parsed["format"] as? String == "crosswalk-log")
        #expect((parsed["entries"] as? [Any])?.count == 3)

        let document = try LogImport.read(Data(exported.utf8), file: "export.json")
        let copy = try LogFixture.emptyLog()
        #expect(try copy.importEntries(document.entries, settings: document.settings).imported == [1, 2, 3])
        let again = try ExportRecord(log: copy, filter: LogFilter(), lookup: lookup, exportedAt: "2025-04-01T09:00:00Z")
        #expect(try again.render(.json) == exported)
        #expect(try copy.entry(1).references.contains { $0.code == "HSC451" && $0.status == .rejected })

        // Importing the same file again adds nothing.
        #expect(try copy.importEntries(document.entries) == ImportResult(imported: [], skipped: 3))
        #expect(try copy.count == 3)
    }

    @Test func importReportsTheFileAndFieldOfTheFirstProblem() throws {
        func problem(_ json: String) -> String? {
            (#expect(throws: CrosswalkError.self) { _ = try LogImport.read(Data(json.utf8), file: "x.json") })?.description
        }
        #expect(problem("{")?.hasPrefix("x.json: not valid JSON") == true)
        #expect(problem(#"{"format": "something-else", "entries": []}"#) == "x.json: format is \"something-else\", not a crosswalk learning log (crosswalk-log)")
        #expect(problem(#"[{"uuid": "a", "title": "T", "date": "2025-02-30"}]"#) == "x.json: entries[0].date: \"2025-02-30\" is not a date as YYYY-MM-DD")
        #expect(problem(#"[{"uuid": "a", "title": "T", "date": "2025-02-03", "hours": "two"}]"#) == "x.json: entries[0].hours: expected a number")
        #expect(problem(#"[{"uuid": "a", "title": "T", "date": "2025-02-03", "references": [{"code": "vision", "kind": "capability", "status": "maybe"}]}]"#)
                == "x.json: entries[0].references[0].status: \"maybe\" is not one of: suggested, confirmed, rejected")
        #expect(problem(#"[{"uuid": "a", "title": "T", "date": "2025-02-03"}, {"uuid": "a", "title": "U", "date": "2025-02-03"}]"#)
                == "x.json: entries[1].uuid: \"a\" appears twice in the file")

    }

    /// Times are checked by hand now, not by building a date formatter for each: what the
    /// formatter read back to the same text is still exactly what is accepted.
    @Test func timesAreAcceptedExactlyAsTheDateFormatterReadThem() {
        for good in ["2025-03-14T09:30:00Z", "2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z", "0001-01-01T00:00:00Z",
                     "9999-12-31T23:59:59Z", "1582-10-15T00:00:00Z", "1582-10-04T12:00:00Z",
                     // Before 15 October 1582 the formatter's calendar is the Julian one.
                     "1500-02-29T00:00:00Z", "0100-02-29T00:00:00Z"] {
            #expect(LogDate.isTimestamp(good), "\(good)")
        }
        for bad in ["2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "1700-02-29T00:00:00Z", "1582-10-10T00:00:00Z",
                    "0000-01-01T00:00:00Z", "2025-13-01T00:00:00Z", "2025-00-14T09:30:00Z", "2025-12-00T09:30:00Z",
                    "2025-04-31T00:00:00Z", "2025-03-14T24:00:00Z", "2025-03-14T23:60:00Z", "2025-03-14T23:59:60Z",
                    "2025-03-14T09:30:00+00:00", "2025-03-14 09:30:00Z", "2025-03-14T09:30:00z", "2025-3-14T09:30:00Z",
                    "+2025-03-14T09:30:00Z", "2025-03-14T09:30:00.5Z", "２０25-03-14T09:30:00Z", "2025-03-14T09:30:00Z ", ""] {
            #expect(!LogDate.isTimestamp(bad), "\(bad)")
        }
        #expect(LogDate.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(LogDate.timestamp(Date(timeIntervalSince1970: 1_741_944_600)) == "2025-03-14T09:30:00Z")
        #expect(LogDate.timestamp(Date(timeIntervalSince1970: 1_709_251_199.9996)) == "2024-03-01T00:00:00Z")
        #expect(LogDate.timestamp(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(LogDate.isTimestamp(LogDate.timestamp()))
    }

    /// An import is held to the same rules as the commands that write a log.
    @Test func importChecksSettingsHoursTimesAndVersionAsTheCommandsDo() throws {
        func problem(_ json: String) -> String? {
            (#expect(throws: CrosswalkError.self) { _ = try LogImport.read(Data(json.utf8), file: "x.json") })?.description
        }
        func document(settings: String) -> String { #"{"format": "crosswalk-log", "version": 1, "settings": "# + settings + #", "entries": []}"# }
        #expect(problem(document(settings: #"{"role": "boss"}"#)) == "x.json: settings.role: role must be one of frontline, manager, strategic, not \"boss\"")
        #expect(problem(document(settings: #"{"programme": "23 things"}"#)) == "x.json: settings.programme: programme must be leadership or elc, not \"23 things\"")
        #expect(problem(document(settings: #"{"name": "   "}"#)) == "x.json: settings.name: name cannot be empty")
        #expect(problem(document(settings: #"{"role": 3}"#)) == "x.json: settings.role: expected text")
        #expect(problem(document(settings: #"["role"]"#)) == "x.json: settings: expected an object")
        // A good value is stored as `log config` stores it.
        let settings = try LogImport.read(Data(document(settings: #"{"programme": "elc", "name": " Alex Morgan ", "role": "manager"}"#).utf8),
                                          file: "x.json").settings
        #expect(settings.map { "\($0.key)=\($0.value)" } == ["name=Alex Morgan", "role=manager", "programme=23-things-elc"])

        func entry(_ fields: String) -> String { #"[{"uuid": "a", "title": "T", "date": "2025-02-03", "# + fields + "}]" }
        for hours in ["1000.5", "-1", "1e300"] {
            #expect(problem(entry(#""hours": "# + hours)) == "x.json: entries[0].hours: must be from 0 to 1000", "\(hours)")
        }
        #expect(try LogImport.read(Data(entry(#""hours": 1000"#).utf8), file: "x.json").entries.first?.hours == 1000)
        for (field, time) in [("created_at", "yesterday"), ("updated_at", "2025-02-30T10:00:00Z"), ("created_at", "2025-02-03"),
                              ("updated_at", "2025-02-03T25:00:00Z"), ("created_at", "2025-02-03 10:00:00")] {
            #expect(problem(entry("\"\(field)\": \"\(time)\"")) == "x.json: entries[0].\(field): \"\(time)\" is not a time as YYYY-MM-DDTHH:MM:SSZ")
        }
        #expect(problem(entry(#""references": [{"code": "vision", "kind": "capability", "added_at": "soon"}]"#))
                == "x.json: entries[0].references[0].added_at: \"soon\" is not a time as YYYY-MM-DDTHH:MM:SSZ")
        let timed = try LogImport.read(Data(entry(#""created_at": "2024-02-29T23:59:59Z", "updated_at": "2025-01-01T00:00:00Z""#).utf8), file: "x.json")
        #expect(timed.entries.first?.createdAt == "2024-02-29T23:59:59Z" && timed.entries.first?.updatedAt == "2025-01-01T00:00:00Z")

        #expect(problem(#"{"format": "crosswalk-log", "version": "2", "entries": []}"#) == "x.json: version: expected a number")
        #expect(problem(#"{"format": "crosswalk-log", "version": 1.5, "entries": []}"#) == "x.json: version: must be a whole number of 1 or more")
        #expect(problem(#"{"format": "crosswalk-log", "version": 2, "entries": []}"#)
                == "x.json: written by a newer crosswalk (format version 2); use a newer crosswalk to import it")
        #expect(problem(#"{"format": 1, "entries": []}"#) == "x.json: format: expected text")
    }

    @Test func anImportedIDIsAWholeNumberThatFitsAnID() throws {
        func problem(_ id: String) -> String? {
            let json = #"[{"uuid": "a", "title": "T", "date": "2025-02-03", "id": "# + id + "}]"
            return (#expect(throws: CrosswalkError.self) { _ = try LogImport.read(Data(json.utf8), file: "x.json") })?.description
        }
        let expected = "x.json: entries[0].id: must be a whole number from 1 to 9007199254740991"
        for id in ["1e30", "-1e30", "2.5", "0", "-3", "9007199254740992", "9223372036854775807"] {
            #expect(problem(id) == expected, "\(id)")
        }
        let document = try LogImport.read(Data(#"[{"uuid": "a", "title": "T", "date": "2025-02-03", "id": 7.0}]"#.utf8), file: "x.json")
        #expect(document.entries.map(\.id) == [7])
    }

    @Test func badgeHasEvidenceAndAlignmentForConfirmedReferencesOnly() throws {
        let text = try record().render(.badge)
        let badge = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(badge["@context"] as? String == "https://w3id.org/openbadges/v2")
        let evidence = try #require(badge["evidence"] as? [[String: Any]])
        #expect(evidence.count == 3)
        for item in evidence {
            #expect(item["type"] as? String == "Evidence")
            for field in ["id", "name", "description", "narrative", "genre"] {
                #expect(!((item[field] as? String) ?? "").isEmpty, "evidence \(field)")
            }
        }
        #expect(evidence[0]["narrative"] as? String == Self.awkwardText)
        #expect(evidence[1]["genre"] as? String == "23 Things reflective account")
        let alignment = try #require(badge["alignment"] as? [[String: Any]])
        // First the capabilities the entries evidence (vision directly; self-leadership and
        // empowering through SCDLMCA1's links), then every other confirmed reference.
        #expect(alignment.map { $0["targetCode"] as? String } == ["vision", "self-leadership", "empowering", "SCDLMCA1", "vision/F1"])
        for item in alignment {
            for field in ["targetName", "targetUrl", "targetDescription", "targetFramework", "targetCode"] {
                #expect(!((item[field] as? String) ?? "").isEmpty, "alignment \(field)")
            }
            #expect((item["targetUrl"] as? String)?.hasPrefix("http") == true)
            // The publisher's address, never a copy on a mirror site.
            #expect(!DocumentMirrors.isMirror(item["targetUrl"] as? String ?? ""), "\(item["targetCode"] ?? "")")
        }
        #expect(alignment[3]["targetFramework"] as? String == (try lookup.info("SCDLMCA1")?.frameworkName))
    }

    @Test func badgeForOneThingIsNamedAfterItsBadge() throws {
        let text = try record(LogFilter(thing: "23L-22")).render(.badge)
        let badge = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(badge["name"] as? String == "Evidence for the badge “Why leadership is important (23 Things Leadership, Thing 22)”")
        let applied = try #require(badge["badge"] as? [String: Any])
        #expect(applied["thing"] as? String == "23L-22")
        #expect(applied["url"] as? String == "https://www.mylearning.scot/badges/thing-22-why-leadership-is-important/")
        #expect((badge["evidence"] as? [Any])?.count == 1)
        // The entry has no confirmed references, but the Thing it was written for evidences
        // vision (link 0.6), and the worker chose it: vision is aligned. The Thing itself is the
        // badge applied for, not an alignment.
        let alignment = try #require(badge["alignment"] as? [[String: Any]])
        #expect(alignment.map { $0["targetCode"] as? String } == ["vision"])
    }

    @Test func htmlIsOneSelfContainedPageWithAChartAndEveryEntry() throws {
        let html = try record().render(.html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg") && html.contains("</svg>"))
        // Nothing is fetched: no scripts, stylesheets, images, fonts or imports from anywhere.
        for forbidden in ["<script", "<link", "<img", "src=", "url(", "@import", "<iframe"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        #expect(html.contains("Supervision, with a &quot;hard&quot; conversation"))
        #expect(html.contains("=HYPERLINK(&quot;http://example.com&quot;)"))
        #expect(html.contains("&lt;b&gt;Protection&lt;/b&gt; &amp; safety"))
        #expect(!html.contains("<b>Protection"))
        #expect(html.contains("<p>Second paragraph with &lt;angle brackets&gt; &amp; an ampersand.</p>"))
        for capability in try lookup.capabilities() {
            #expect(html.contains(">\(HTMLExport.escape(capability.name))</text>"), "chart bar for \(capability.id)")
        }
        // Links go to publishers, never to a copy on a mirror site; the documents are cited.
        for href in html.components(separatedBy: "href=\"").dropFirst() {
            let url = String(href.prefix { $0 != "\"" })
            #expect(!DocumentMirrors.isMirror(url), "\(url)")
        }
        #expect(html.contains("<h2>Sources</h2>"))
        #expect(html.contains("H7LG 04 (SCDLMCA1) Manage and develop yourself and your workforce within care services."))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try record().render(.json).utf8)) as? [String: Any])
        #expect((json["sources"] as? [[String: Any]])?.isEmpty == false)
        // The suggestion and the rejected reference are not shown as evidence.
        #expect(!html.contains(">HSC451<"))
        #expect(html.contains("1 suggested reference not yet reviewed"))
    }

    @Test func markdownGroupsEntriesByCPLElementWithConfirmedReferences() throws {
        let markdown = try record().render(.md)
        #expect(markdown.hasPrefix("# Continuous professional learning record\n"))
        #expect(markdown.contains("**Name:** Alex Morgan"))
        #expect(markdown.contains("**Period:** 14 January 2025 to 1 March 2025"))
        let protection = try #require(markdown.range(of: "## CPL-4 Protection"))
        let reflective = try #require(markdown.range(of: "## CPL-6 Reflective practice"))
        let without = try #require(markdown.range(of: "## Learning without a CPL element"))
        #expect(protection.lowerBound < reflective.lowerBound && reflective.lowerBound < without.lowerBound)
        #expect(markdown.contains("### 14 January 2025: Supervision, with a \"hard\" conversation"))
        #expect(markdown.contains("- Capability `vision` Vision"))
        #expect(markdown.contains("- Standard `SCDLMCA1`"))
        #expect(!markdown.contains("`HSC451`") && !markdown.contains("`empowering`"))
        #expect(markdown.contains("| CPL-6 Reflective practice | 1 | 1.5 |"))
        #expect(markdown.contains("*2 hours · Thing 22: Why leadership is important · 6 words (Thing 22 asks for 400) · log entry 2*"))
        #expect(markdown.contains("| Vision | 3 | 3.5 |"))
        #expect(markdown.contains("Counts as evidence of: Vision, Self-leadership, Empowering."))
        // The sources are the documents, never the mirror a copy was read on.
        let sources = try #require(markdown.range(of: "## Sources"))
        #expect(markdown[sources.lowerBound...].contains("- H7LG 04 (SCDLMCA1) Manage and develop yourself and your workforce within care services."))
        for mirror in DocumentMirrors.domains { #expect(!markdown.contains(mirror), "\(mirror)") }
    }

    @Test func markdownShowsTheWorkersTextAsWrittenNeverAsMarkup() throws {
        let text = """
            # Not a heading
              ## Nor this
            > not a quote
            | a | b |
            |---|---|
            A line and its underline
            ===
            Another
            ---
            - a list stays a list
            <script>alert(1)</script> & more
            """
        let added = try log.add(LogFixture.draft("<i>Title</i> | & more", date: "2025-05-01", text: text))
        let markdown = try record(LogFilter(ids: [added.id])).render(.md)
        #expect(markdown.contains("### 1 May 2025: &lt;i&gt;Title&lt;/i&gt; \\| &amp; more\n"))
        #expect(markdown.contains("""
            \\# Not a heading
              \\## Nor this
            &gt; not a quote
            \\| a \\| b \\|
            \\|---\\|---\\|
            A line and its underline
            \\===
            Another
            \\---
            - a list stays a list
            &lt;script&gt;alert(1)&lt;/script&gt; &amp; more

            """))
        for line in markdown.split(separator: "\n") where line.hasPrefix("#") {
            #expect(line.hasPrefix("# Continuous") || line.hasPrefix("## ") || line.hasPrefix("### 1 May 2025"), "\(line)")
        }
        let full = try record().render(.md)
        #expect(full.contains("### 1 March 2025: &lt;b&gt;Protection&lt;/b&gt; &amp; safety"))
        #expect(full.contains("Second paragraph with &lt;angle brackets&gt; &amp; an ampersand."))
        #expect(!full.contains("<b>") && !full.contains("<angle"))
    }

    @Test func markdownShowsTheStandardsTableOnlyWithConfirmedEvidence() throws {
        #expect(try record().render(.md).contains("| Standards framework | Entries | Hours |\n|---|---:|---:|\n| Leadership and Management"))
        let added = try log.add(LogFixture.draft("Suggested only", date: "2025-05-02", references: [
            LogFixture.reference("HSC451", kind: "standard", .suggested),
        ]))
        let only = try record(LogFilter(ids: [added.id]))
        #expect(!only.summary.frameworks.isEmpty)
        #expect(try !only.render(.md).contains("Standards framework"))
    }

    @Test func summaryCountsConfirmedEvidenceAndListsTheGaps() throws {
        let summary = try record().summary
        #expect(summary.entries == 3 && summary.hours == 3.5)
        // Vision: entry 1 names it, entry 2's Thing 22 is linked to it at 0.6, entry 3 names an
        // indicator. Self-leadership and empowering: entry 1's SCDLMCA1 is linked to them at 1
        // and 0.6 (empowering's own suggestion is then nothing left to review). Motivating and
        // inspiring: SCDLMCA1 only touches on it (0.3), which does not count.
        let vision = try #require(summary.capabilities.first { $0.code == "vision" })
        #expect(vision.entries == 3 && vision.hours == 3.5 && vision.suggestedEntries == 0)
        let empowering = try #require(summary.capabilities.first { $0.code == "empowering" })
        #expect(empowering.entries == 1 && empowering.suggestedEntries == 0)
        let evidenced = ["vision", "self-leadership", "empowering"]
        #expect(summary.capabilitiesWithoutEvidence == Capability.ids.filter { !evidenced.contains($0) })
        #expect(summary.capabilityNamesWithoutEvidence == (try lookup.capabilities()).filter { !evidenced.contains($0.id) }.map(\.name))
        #expect(summary.capabilityNamesWithoutEvidence.first == "Motivating and inspiring")
        #expect(summary.elements.map(\.code) == (1...7).map { "CPL-\($0)" } + [""])
        #expect(summary.elements.last?.entries == 1 && summary.elements.last?.hours == 2)
        #expect(summary.frameworks.map(\.code) == ["lmcs-nos"])
        #expect(summary.entriesToReview == 1)
    }
}
