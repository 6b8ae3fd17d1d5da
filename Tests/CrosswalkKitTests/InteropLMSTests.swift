import Foundation
import Testing
@testable import CrosswalkKit

/// The files learning platforms import, read back the way each platform reads them.
@Suite struct MoodleExportTests {
    /// What Moodle's tool_lpimportcsv builds from a file: the framework row, and the rows it
    /// reaches by matching parent ID numbers from the top (a row whose parent is missing, or
    /// with an empty ID number or short name, is dropped without a word).
    struct MoodleRead {
        var framework: [String] = []
        var rows: [[String]] = []
        var reached: [String] = []
        var duplicates: [String] = []

        init(_ text: String) throws {
            let records = try CSV.parse(text)
            #expect(records.first?.fields == MoodleExport.headers)
            var flat: [String: [String]] = [:]
            var order: [String] = []
            for record in records.dropFirst() {
                #expect(record.fields.count == 14, "line \(record.line) has 14 columns")
                if !record.fields[12].isEmpty {
                    #expect(framework.isEmpty, "one framework row")
                    framework = record.fields
                    continue
                }
                rows.append(record.fields)
                if flat[record.fields[1]] != nil { duplicates.append(record.fields[1]) } else { order.append(record.fields[1]) }
                flat[record.fields[1]] = record.fields
            }
            func add(_ parent: String) {
                for id in order where flat[id]![0] == parent {
                    guard !id.isEmpty, !flat[id]![2].isEmpty else { continue }
                    reached.append(id)
                    add(id)
                }
            }
            add("")
        }
    }

    static func render(_ ids: [String]) throws -> String {
        let documents = try InteropExport.render(.moodle, frameworks: ids, database: try RealData.database())
        #expect(documents.count == 1)
        return documents[0].text
    }

    @Test func everyRowSurvivesMoodlesReading() throws {
        let read = try MoodleRead(try Self.render([]))
        #expect(read.duplicates.isEmpty)
        #expect(read.rows.count > 500)
        #expect(read.reached.count == read.rows.count, "Moodle would drop \(Set(read.rows.map { $0[1] }).subtracting(read.reached).sorted())")
        for row in read.rows + [read.framework] {
            #expect((1...100).contains(row[1].count), "ID number \(row[1])")
            #expect((1...100).contains(row[2].count), "short name of \(row[1])")
            #expect(["0", "1", "2", "4"].contains(row[4]))
        }
    }

    @Test func theFrameworkRowIsWellFormed() throws {
        let read = try MoodleRead(try Self.render(["sssc-leadership-capabilities", "lmcs-nos"]))
        let framework = read.framework
        #expect(framework[0] == "")
        #expect(framework[1].hasPrefix("crosswalk-sssc-leadership-capabilities+lmcs-nos-"))
        #expect(framework[12] == "1")
        // The taxonomy: one known term for each level of the tree (framework, its items, theirs).
        let terms = framework[13].split(separator: ",").map(String.init)
        #expect(terms.count == 3)
        #expect(terms.allSatisfy(MoodleExport.taxonomyTerms.contains))
        // The scale: values, then a configuration with the scale first, one default and a
        // proficient value, each naming one of the values.
        let values = framework[5].split(separator: ",")
        #expect(values.count == 2)
        let configuration = try #require(try JSONSerialization.jsonObject(with: Data(framework[6].utf8)) as? [[String: Any]])
        #expect(configuration.first?["scaleid"] != nil)
        let items = configuration.dropFirst()
        #expect(items.filter { $0["scaledefault"] as? Int == 1 }.count == 1)
        #expect(items.contains { $0["proficient"] as? Int == 1 })
        #expect(items.allSatisfy { (1...values.count).contains($0["id"] as? Int ?? 0) })
        // Competencies inherit the framework's scale.
        #expect(read.rows.allSatisfy { $0[5].isEmpty && $0[6].isEmpty })
    }

    @Test func evidencesLinksBecomeCrossReferencesMoodleCanResolve() throws {
        let read = try MoodleRead(try Self.render(["sssc-leadership-capabilities", "lmcs-nos"]))
        let ids = Set(read.rows.map { $0[1] })
        let a1 = try #require(read.rows.first { $0[1] == "SCDLMCA1" })
        let related = a1[10].split(separator: ",").map { $0.replacingOccurrences(of: "%2C", with: ",") }
        #expect(related.contains("self-leadership"))
        #expect(a1[0] == "lmcs-nos")
        let all = read.rows.flatMap { $0[10].split(separator: ",").map(String.init) }
        #expect(all.count > 50)
        #expect(all.allSatisfy(ids.contains), "every cross-reference names a row of the file")
    }

    @Test func oneFrameworkHasItsItemsAtTheTopAndAVersionedIDNumber() throws {
        let text = try Self.render(["lmcs-nos"])
        let read = try MoodleRead(text)
        #expect(read.framework[1].range(of: #"^crosswalk-lmcs-nos-[0-9a-f]{8}$"#, options: .regularExpression) != nil)
        #expect(read.rows.first { $0[1] == "SCDLMCA1" }?[0] == "")
        #expect(read.rows.first { $0[1] == "LMC A1.1" }?[0] == "LMC A1")
        // The same data gives the same ID number; that is what lets two versions coexist.
        #expect(try Self.render(["lmcs-nos"]) == text)
    }

    @Test func shortNamesAreCutAtAWord() {
        let long = String(repeating: "leadership ", count: 20)
        let cut = LMSText.shortened(long, to: 100)
        #expect(cut.count <= 100)
        #expect(cut.hasSuffix("leadership…"))
        #expect(LMSText.shortened("Short", to: 100) == "Short")
    }
}

@Suite struct MaharaExportTests {
    @Test func aMatrixMaharaAccepts() throws {
        let documents = try InteropExport.render(.mahara, frameworks: ["sssc-leadership-capabilities", "lmcs-nos"], database: try RealData.database())
        #expect(documents.map(\.fileName) == ["sssc-leadership-capabilities.matrix", "lmcs-nos.matrix"])
        for document in documents {
            let root = try #require(try JSONSerialization.jsonObject(with: Data(document.text.utf8)) as? [String: Any])
            let framework = try #require(root["framework"] as? [String: Any])
            #expect((framework["name"] as? String)?.isEmpty == false)
            #expect(framework["institution"] as? String == "all")
            #expect(framework["selfassess"] as? Bool == false)
            let statuses = try #require(framework["evidencestatuses"] as? [[String: String]])
            #expect(statuses.flatMap(\.keys) == ["begun", "incomplete", "partialcomplete", "completed"])
            let standards = try #require(framework["standards"] as? [[String: Any]])
            let elements = try #require(framework["standardelements"] as? [[String: Any]])
            // Mahara matches elements to standards with ===: the ids must be the same type.
            let standardIDs = standards.compactMap { $0["standardid"] as? Int }
            #expect(standardIDs.count == standards.count)
            #expect(elements.allSatisfy { standardIDs.contains($0["standardid"] as? Int ?? -1) })
            #expect(Set(elements.compactMap { $0["elementid"] as? String }).count == elements.count)
            for entry in standards + elements {
                let short = entry["shortname"] as? String ?? ""
                let name = entry["name"] as? String ?? ""
                #expect((1...100).contains(short.count))
                #expect((1...255).contains(name.count))
            }
            #expect(standards.count + elements.count == document.items)
        }
        let capabilities = try JSONSerialization.jsonObject(with: Data(documents[0].text.utf8)) as? [String: Any]
        let standards = (capabilities?["framework"] as? [String: Any])?["standards"] as? [[String: Any]]
        #expect(standards?.map { $0["shortname"] as? String } == ["Vision", "Self-leadership", "Motivating and inspiring", "Empowering",
                                                                     "Collaborating and influencing", "Creativity and innovation"])
    }

    @Test func descriptionsAreEscapedHTML() {
        #expect(MaharaExport.html("a < b & c\nnext") == "<p>a &lt; b &amp; c</p><p>next</p>")
    }
}

@Suite struct TotaraExportTests {
    @Test func aCompetencyFileForHRImport() throws {
        let documents = try InteropExport.render(.totara, frameworks: ["sssc-leadership-capabilities", "lmcs-nos"], database: try RealData.database())
        let records = try CSV.parse(try #require(documents.first).text)
        #expect(records.first?.fields == TotaraExport.headers)
        var seen = Set<String>()
        for record in records.dropFirst() {
            let fields = record.fields
            #expect(fields.count == TotaraExport.headers.count)
            #expect((1...100).contains(fields[0].count))
            #expect(seen.insert(fields[0]).inserted, "idnumber \(fields[0]) is unique")
            #expect(["sssc-leadership-capabilities", "lmcs-nos"].contains(fields[2]))
            #expect((1...1000).contains(fields[4].count))
            #expect(fields[6].count <= 1000)
            // A parent comes before its children.
            #expect(fields[5].isEmpty || seen.contains(fields[5]), "\(fields[0]) after its parent \(fields[5])")
            #expect(fields[7] == "0")
        }
        #expect(seen.count == documents[0].items)
    }
}
