import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// `log import` on mutated exports: the file is read or refused with one line naming the file
/// and the field; what is read imports whole or not at all, never with a raw SQLite error; and
/// what was imported exports and reads back the same.
@Suite struct LogImportFuzzTests {
    static let seed = #"""
        {"format": "crosswalk-log", "version": 1, "exported_at": "2025-04-01T09:00:00Z", "from": null, "to": null,
         "settings": {"name": "Alex Morgan", "role": "manager", "programme": "23-things-elc"},
         "entries": [
          {"id": 1, "uuid": "0b0c6c3e-55c1-4b39-9d7e-3f1a2b4c5d6e", "date": "2025-02-10", "title": "Supervision",
           "text": "We reflected on a difficult conversation.\nI agreed to lead the next team meeting.", "hours": 1.5,
           "thing": "23L-22", "element": "CPL-6", "element_source": "user", "role": "frontline", "words": 14,
           "created_at": "2025-02-10T10:00:00Z", "updated_at": "2025-02-11T08:30:00Z",
           "references": [
            {"code": "self-leadership", "kind": "capability", "status": "confirmed", "score": 0.84, "source": "mapper",
             "title": "Self-leadership", "added_at": "2025-02-10T10:00:00Z"},
            {"code": "SCDHSC0033", "kind": "standard", "status": "rejected", "score": 0.5, "source": "mapper",
             "title": "Develop your practice", "added_at": "2025-02-10T10:00:00Z"},
            {"code": "vision/F2", "kind": "indicator", "status": "confirmed", "score": null, "source": "user",
             "title": null, "added_at": "2025-02-12T10:00:00Z"}]},
          {"id": 4, "uuid": "7d9e2f10-aaaa-4bbb-8ccc-1234567890ab", "date": "2024-12-01", "title": "ASP course",
           "text": "", "hours": null, "thing": null, "element": null, "element_source": null, "role": "manager",
           "words": 0, "created_at": "2024-12-01T10:00:00Z", "updated_at": "2024-12-01T10:00:00Z", "references": []}
         ]}
        """#

    static func randomValue(_ random: inout Random) -> Any {
        switch random.below(12) {
        case 0: return NSNull()
        case 1: return random.chance(50)
        case 2: return random.pick([0, -1, 1, 2, 7, 9_007_199_254_740_993, Int.max, Int.min])
        case 3: return random.pick([1.5, -0.5, 1e300, -1e300, 0.1, 1e-300, 3e9])
        case 4: return [Any]()
        case 5: return [String: Any]()
        case 6: return [random.pick(Interesting.values)]
        case 7: return ["code": random.pick(Interesting.values)]
        default: return random.pick(Interesting.values + ["2025-13-01", "2025-02-30", "2025-02-10T25:00:00Z", "0000-00-00",
                                                          "frontline", "suggested", "user", "mapper", "CPL-6"])
        }
    }

    /// A random edit somewhere in the JSON tree: a value replaced, a key dropped or added, an
    /// element of a list dropped or repeated.
    static func mutate(_ value: Any, _ random: inout Random) -> Any {
        if var object = value as? [String: Any], !object.isEmpty, random.chance(75) {
            let key = random.pick(object.keys.sorted())
            switch random.below(5) {
            case 0: object.removeValue(forKey: key)
            case 1: object[key] = randomValue(&random)
            case 2: object[random.pick(["id", "uuid", "date", "title", "text", "hours", "references", "code", "score", "extra"])] = randomValue(&random)
            default: object[key] = mutate(object[key]!, &random)
            }
            return object
        }
        if var list = value as? [Any], !list.isEmpty, random.chance(75) {
            let index = random.below(list.count)
            switch random.below(4) {
            case 0: list.remove(at: index)
            case 1: list.append(list[index])
            case 2: list[index] = randomValue(&random)
            default: list[index] = mutate(list[index], &random)
            }
            return list
        }
        return randomValue(&random)
    }

    @Test func importReadsOrRefusesWithOneLineAndIsAllOrNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crosswalk-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let reference = try ReferenceDatabase.open(path: folder.appendingPathComponent("reference.db").path)
        let lookup = ReferenceLookup(database: reference)
        #expect(try LogImport.read(Data(Self.seed.utf8), file: "seed.json").entries.count == 2)
        let tree = try JSONSerialization.jsonObject(with: Data(Self.seed.utf8))

        let ran = Fuzz.run("log-import", minimumCases: 40) { random, current in
            var data: Data
            if random.chance(40) {
                data = Data(Self.seed.mutatedCharacters(&random, edits: 1 + random.below(6)).utf8)
            } else {
                var mutated = tree
                for _ in 0..<(1 + random.below(3)) { mutated = Self.mutate(mutated, &random) }
                guard JSONSerialization.isValidJSONObject(mutated),
                      let encoded = try? JSONSerialization.data(withJSONObject: mutated) else { return }
                data = encoded
            }
            current.input = String(decoding: data, as: UTF8.self)
            let document: LogImport.Document
            do {
                document = try LogImport.read(data, file: "fuzz.json")
            } catch let error as CrosswalkError {
                // One line as the user sees it: the output edge shows a line break in an echoed
                // value as ^J (tested end to end in TerminalSafetyCLITests).
                current.check(error.description.hasPrefix("fuzz.json: "), "refusal without the file: \(error)")
                return
            }
            let log = try LearningLog.open(path: folder.appendingPathComponent("log-\(current.number).db").path)
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: log.path + suffix) } }
            let result: ImportResult
            do {
                result = try log.importEntries(document.entries, settings: document.settings)
            } catch let error as CrosswalkError {
                let left = try log.count
                current.check(left == 0, "a refused import left \(left) entries: \(error)")
                return
            } catch {
                current.check(false, "import failed with \(type(of: error)), not one line: \(error)")
                current.check(try log.count == 0, "a failed import left entries")
                return
            }
            current.check(result.imported.count == document.entries.count && result.skipped == 0,
                          "imported \(result.imported.count), skipped \(result.skipped) of \(document.entries.count)")
            current.check(try log.importEntries(document.entries).imported.isEmpty, "importing again added entries")
            // What was imported exports and reads back the same. Text holding NUL is left out
            // until issue 12 item 2 (another change: text bound with its length) lands: today a
            // name of "\u0000" is stored as "" and its export cannot be imported again.
            if current.input.contains("\\u0000") || current.input.contains("\u{0}") { return }
            let exported = try ExportRecord(log: log, filter: LogFilter(), lookup: lookup).render(.json)
            let again = try LogImport.read(Data(exported.utf8), file: "export.json")
            let before = document.entries.sorted { $0.uuid < $1.uuid }
            let after = again.entries.sorted { $0.uuid < $1.uuid }
            current.check(before.count == after.count, "export has \(after.count) entries, not \(before.count)")
            for (a, b) in zip(before, after) {
                current.check(a.title == b.title && a.text == b.text && a.date == b.date && a.hours == b.hours,
                              "entry \(a.uuid) changed on the way through: \(a.title)|\(a.text) → \(b.title)|\(b.text)")
                current.check(Set(a.references.map(\.code)) == Set(b.references.map(\.code)), "references of \(a.uuid) changed")
            }
        }
        #expect(ran >= (Fuzz.replay == nil ? 40 : 1))
    }
}
