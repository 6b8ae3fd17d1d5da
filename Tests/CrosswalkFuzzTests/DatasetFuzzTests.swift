import Foundation
import SQLite
import Testing
@testable import CrosswalkKit

/// The dataset validator on mutated data folders: every problem names a file of the folder and
/// a line of that file, the validator itself catches everything the schema refuses, and a
/// folder `check` accepts is one `import` loads.
@Suite struct DatasetFuzzTests {
    static let fixture: [String: String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/data")
        var files: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".csv") {
            files[name] = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }()
    static let embedded = DataSource.embedded.files

    /// One mutation of one file: a field replaced, a row repeated, dropped or moved, a header
    /// renamed, or characters edited.
    static func mutate(_ text: String, _ random: inout Random, others: [String: String]) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count > 1 else { return text.mutatedCharacters(&random, edits: 2) }
        let row = 1 + random.below(max(1, lines.count - 2))
        switch random.below(10) {
        case 0...4:
            guard var fields = (try? CSV.parse(lines[row]))?.first?.fields, !fields.isEmpty else { break }
            let column = random.below(fields.count)
            if random.chance(70) {
                fields[column] = random.pick(Interesting.values)
            } else {
                // A real value from somewhere else: another row, another column, another file.
                let donor = random.pick(Array(others.values)).split(separator: "\n").map(String.init)
                let donorFields = donor.isEmpty ? [] : (try? CSV.parse(random.pick(donor)))?.first?.fields ?? []
                if !donorFields.isEmpty { fields[column] = random.pick(donorFields) }
            }
            lines[row] = CSV.line(fields)
        case 5: lines.insert(lines[row], at: random.below(lines.count))
        case 6: lines.remove(at: row)
        case 7: lines.swapAt(row, random.below(lines.count))
        case 8:
            var header = (try? CSV.parse(lines[0]))?.first?.fields ?? []
            if !header.isEmpty {
                header[random.below(header.count)] = random.pick(header + ["bogus", "", "Code"])
                lines[0] = CSV.line(header)
            }
        default:
            return text.mutatedCharacters(&random, edits: 1 + random.below(4))
        }
        return lines.joined(separator: "\n")
    }

    @Test func everyProblemHasAFileAndLineAndCheckAgreesWithImport() {
        let ran = Fuzz.run("dataset", minimumCases: 15) { random, current in
            // Mostly the small fixture (fast); every eighth case the real data.
            var files = current.number % 8 == 7 ? Self.embedded : Self.fixture
            var changed: [String] = []
            for _ in 0..<(1 + random.below(3)) {
                let name = random.pick(files.keys.sorted())
                files[name] = Self.mutate(files[name] ?? "", &random, others: files)
                changed.append(name)
            }
            current.input = Set(changed).sorted().map { "==> \($0)\n\(files[$0] ?? "")" }.joined(separator: "\n")
            let source = DataSource(label: "fuzz", files: files)
            do {
                _ = try Importer.check(source)
                do {
                    try Importer.load(source, into: try Database(path: ":memory:"))
                } catch {
                    current.check(false, "check accepted the folder but import failed: \(error)")
                }
            } catch let error as InvalidDataset {
                current.check(!error.problems.isEmpty, "invalid with no problem listed")
                for problem in error.problems {
                    current.check(files[problem.file] != nil || problem.file.hasSuffix(".csv"), "problem in an unknown file: \(problem)")
                    if let line = problem.line, let text = files[problem.file] {
                        current.check((1...CSVFuzzTests.lineCount(text)).contains(line), "problem on a line the file does not have: \(problem)")
                    }
                    current.check(!problem.message.contains("database schema refuses"), "the validator missed a schema rule: \(problem)")
                }
            } catch {
                current.check(false, "not a FILE:LINE problem but \(type(of: error)): \(error)")
            }
        }
        #expect(ran >= (Fuzz.replay == nil ? 15 : 1))
    }
}
