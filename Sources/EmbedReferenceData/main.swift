// Build-time tool: writes a Swift file that carries the reference data (Data/*.csv) and the
// schema (Schema/*.sql), so the `crosswalk` binary needs no files beside it.
//
// usage: EmbedReferenceData PACKAGE_DIR OUTPUT.swift
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: EmbedReferenceData PACKAGE_DIR OUTPUT.swift\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1])
let output = URL(fileURLWithPath: arguments[2])

func files(in folder: String, ending suffix: String) throws -> [String] {
    let directory = root.appendingPathComponent(folder)
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
    return names.filter { $0.hasSuffix(suffix) }.sorted().map { "\(folder)/\($0)" }
}

/// A Swift string literal that reproduces `text` byte for byte.
func literal(_ text: String) -> String {
    var out = "\""
    out.reserveCapacity(text.utf8.count + 16)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            out += "\\u{\(String(scalar.value, radix: 16))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// FNV-1a, 64-bit: a stable fingerprint of everything embedded, so a database built from older
/// data can be recognised and rebuilt.
func fingerprint(_ parts: [(String, String)]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for (path, text) in parts {
        for byte in path.utf8 + [0] + text.utf8 + [0] {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
    }
    return String(hash, radix: 16)
}

/// Per schema (`Schema/NAME-vN.sql`), FNV-1a over its scripts' text in version order: what
/// `SchemaMigrations.fingerprint` is, worked out here so no command pays for it at start.
func schemaFingerprints(_ contents: [(String, String)]) -> [(name: String, fingerprint: String)] {
    var scripts: [String: [(version: Int, text: String)]] = [:]
    for (path, text) in contents where path.hasPrefix("Schema/") && path.hasSuffix(".sql") {
        let file = path.dropFirst("Schema/".count).dropLast(".sql".count)
        guard let marker = file.range(of: "-v", options: .backwards), let version = Int(file[marker.upperBound...]) else { continue }
        scripts[String(file[..<marker.lowerBound]), default: []].append((version, text))
    }
    return scripts.keys.sorted().map { name in
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for script in scripts[name]!.sorted(by: { $0.version < $1.version }) {
            for byte in script.text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return (name, String(hash, radix: 16))
    }
}

do {
    let paths = try files(in: "Data", ending: ".csv") + files(in: "Schema", ending: ".sql")
    let contents = try paths.map { path in
        (path, try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
    }
    var swift = "// Generated at build time by EmbedReferenceData from Data/ and Schema/. Do not edit.\n"
    swift += "enum EmbeddedReference {\n"
    swift += "    static let fingerprint = \"\(fingerprint(contents))\"\n"
    swift += "    static let schemaFingerprints: [String: String] = [\n"
    for (name, value) in schemaFingerprints(contents) {
        swift += "        \(literal(name)): \(literal(value)),\n"
    }
    swift += "    ]\n"
    swift += "    static let files: [(path: String, text: String)] = [\n"
    for (path, text) in contents {
        swift += "        (\(literal(path)), \(literal(text))),\n"
    }
    swift += "    ]\n}\n"
    let existing = try? String(contentsOf: output, encoding: .utf8)
    if existing != swift {
        try swift.write(to: output, atomically: true, encoding: .utf8)
    }
} catch {
    FileHandle.standardError.write(Data("EmbedReferenceData: \(error)\n".utf8))
    exit(1)
}
