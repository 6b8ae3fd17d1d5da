import Foundation
import SQLite

/// The formats `crosswalk export` writes.
public enum InteropFormat: String, CaseIterable, Sendable {
    case `case`, moodle, mahara, totara

    /// Whether each framework goes into a file of its own.
    public var filePerFramework: Bool { self == .case || self == .mahara }

    public var fileExtension: String {
        switch self {
        case .case: "json"
        case .moodle, .totara: "csv"
        case .mahara: "matrix"
        }
    }
}

/// One document an export produced, ready to be written.
public struct InteropDocument: Sendable {
    /// The file name it is written under in an --out folder.
    public let fileName: String
    public let frameworks: [String]
    public let items: Int
    public let associations: Int
    public let text: String
}

public enum InteropExport {
    /// The documents `format` makes of the frameworks `ids` (every framework when empty).
    /// Unknown ids fail with the closest ones.
    public static func render(_ format: InteropFormat, frameworks ids: [String], database: Database,
                              selfAssess: Bool = false, now: Date = Date()) throws -> [InteropDocument] {
        let known = try InteropFramework.frameworkIDs(database)
        for id in ids where !known.contains(id) {
            let hint = Suggest.closest(to: id, in: known).first.map { "; did you mean \($0)?" } ?? " (see `crosswalk list frameworks`)"
            throw CrosswalkError.failure("unknown framework \"\(id)\"\(hint)")
        }
        var chosen: [String] = []
        for id in ids.isEmpty ? known : ids where !chosen.contains(id) { chosen.append(id) }
        let frameworks = try InteropFramework.read(chosen, from: database)

        switch format {
        case .case:
            return frameworks.map { framework in
                let package = CaseExport.package(framework, dataVersion: version(of: [framework]), changed: now)
                return InteropDocument(fileName: framework.id + ".json", frameworks: [framework.id], items: package.items.count,
                                       associations: package.associations.count, text: package.json.serialized() + "\n")
            }
        case .mahara:
            return frameworks.map { framework in
                InteropDocument(fileName: framework.id + ".matrix", frameworks: [framework.id], items: framework.nodes.count,
                                associations: 0, text: MaharaExport.render(framework, selfAssess: selfAssess))
            }
        case .moodle:
            let included = Set(frameworks.flatMap { $0.nodes.map(\.code) })
            let crossReferences = frameworks.flatMap(\.links).filter { included.contains($0.from) && included.contains($0.to) }.count
            let name = frameworks.count == 1 ? frameworks[0].id : "crosswalk-frameworks"
            return [InteropDocument(fileName: name + "-moodle.csv", frameworks: chosen, items: frameworks.reduce(0) { $0 + $1.nodes.count },
                                    associations: crossReferences, text: try MoodleExport.render(frameworks, version: version(of: frameworks)))]
        case .totara:
            let name = frameworks.count == 1 ? frameworks[0].id : "crosswalk-frameworks"
            return [InteropDocument(fileName: name + "-totara.csv", frameworks: chosen, items: frameworks.reduce(0) { $0 + $1.nodes.count },
                                    associations: 0, text: try TotaraExport.render(frameworks))]
        }
    }

    /// Eight hex digits that change whenever anything exported changes, and only then: what
    /// lets two versions of a framework sit side by side in a Moodle site.
    static func version(of frameworks: [InteropFramework]) -> String {
        var text = ""
        for framework in frameworks {
            text += [framework.id, framework.name, framework.publisher, framework.edition ?? "", framework.kind,
                     framework.provenance.sourceURL, framework.provenance.status, framework.provenance.origin].joined(separator: "\u{1F}")
            for node in framework.nodes {
                text += "\u{1E}" + [node.code, "\(node.kind)", node.title ?? "", node.text, node.keywords.joined(separator: ";"),
                                    node.position.map(String.init) ?? "", node.parent ?? "", node.provenance.sourceURL,
                                    node.provenance.status, node.provenance.origin,
                                    node.facts.map { "\($0.0)=\($0.1)" }.joined(separator: ";")].joined(separator: "\u{1F}")
            }
            for link in framework.links {
                text += "\u{1D}" + [link.from, link.to, link.kind.rawValue, String(link.strength), link.rationale,
                                    link.provenance.sourceURL, link.provenance.status, link.provenance.origin].joined(separator: "\u{1F}")
            }
        }
        return String(SHA1.hex(Array(text.utf8)).prefix(8))
    }
}
