import Foundation
import SQLite

/// What an export aligns a learner's evidence to: each capability the entries evidence and each
/// other reference the learner confirmed, as a badge alignment names it: its name, its own page,
/// what it is (the item's description, never a note on where the data came from), its
/// framework and code. The Thing an entry was written for is the badge applied for, never an
/// alignment.
public struct AlignmentTarget: Sendable, Equatable {
    public let code: String
    public let kind: String
    public let name: String
    /// The item's own page at its publisher (`ReferenceInfo.referenceURL`: never a copy on a
    /// mirror site); nil when no such address is known, and then badges leave it out.
    public let url: String?
    public let description: String
    public let framework: String?

    /// Open Badges 3.0 `targetType`: competencies and standards as `ceasn:Competency`, a
    /// qualification as `ceterms:Credential`, the others by an extension name.
    public var targetType: String {
        switch kind {
        case "capability", "indicator", "standard", "element": "ceasn:Competency"
        case "qualification": "ceterms:Credential"
        case "unit": "ext:QualificationUnit"
        case "activity": "ext:LearningActivity"
        default: "ext:" + kind
        }
    }

    /// Every alignment of `record`: the capabilities its entries evidence (`LogEvidence`, in
    /// their canonical order) first, then the other confirmed references in the order the
    /// entries hold them; each code once. Codes the data no longer has are left out, as are
    /// the Things the entries were written for.
    public static func all(_ record: ExportRecord) -> [AlignmentTarget] {
        let applied = record.thingCodes
        var codes: [String] = []
        var seen = Set<String>()
        let evidenced = Set(record.evidencedCapabilities)
        for capability in record.capabilities where evidenced.contains(capability.id) {
            if seen.insert(capability.id).inserted { codes.append(capability.id) }
        }
        // The confirmed codes in the order the entries first confirm them (gathered as the
        // record read the entries' outlines).
        for code in record.confirmedCodes where !applied.contains(code) {
            if seen.insert(code).inserted { codes.append(code) }
        }
        return codes.compactMap { code in
            guard let info = record.infos[code] ?? record.capabilityInfos[code] else { return nil }
            let description = record.descriptions[code] ?? ItemDescription.clean(info.description)
            let url = info.referenceURL.flatMap { Self.isWebAddress($0) ? $0 : nil }
            return AlignmentTarget(code: code, kind: info.kind, name: ItemDescription.cleanName(info.title), url: url,
                                   description: description.isEmpty ? ItemDescription.cleanName(info.title) : description,
                                   framework: info.frameworkName)
        }
    }

    /// The codes `all(record)` aligns to that have no page of their own at a publisher (known
    /// only from a mirror copy, say): a badge or credential leaves them out, and says so.
    public static func withoutPage(_ record: ExportRecord) -> [String] {
        all(record).filter { $0.url == nil }.map(\.code)
    }

    static func isWebAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && !lower.contains(" ") && lower.count > 12
    }
}

/// An item's description for someone outside the project (a badge assessor, an employer's
/// system): the data's own words about what the item is, without the notes the data keeps on
/// where a fact was read or what was not found ("title taken from background knowledge…",
/// "(Project wording: …)"). Where nothing is left, a description is made from the facts: what
/// kind of item it is, in which framework, under which heading.
public enum ItemDescription {
    /// Words that mark a note on the data's provenance, not a description of the item.
    static let provenanceMarks = [
        "not found", "not confirmed", "not read", "not retrieved", "not verified", "unverified", "not legible",
        "partly legible", "background knowledge", "project wording", "cut off", "not in the text", "title taken",
        "listed as uncertain", "inferred", "uncertain", "was not seen", "were not seen", "earlier edition",
        "not given in", "no official", "page read", "in the source", "probably covers",
    ]

    /// A mark counts as whole words: "uncertain" marks a note, "uncertainty" does not.
    static func isProvenanceNote(_ text: String) -> Bool {
        let lower = text.lowercased()
        return provenanceMarks.contains { mark in
            var searchRange = lower.startIndex..<lower.endIndex
            while let found = lower.range(of: mark, range: searchRange) {
                let before = found.lowerBound == lower.startIndex ? nil : lower[lower.index(before: found.lowerBound)]
                let after = found.upperBound == lower.endIndex ? nil : lower[found.upperBound]
                if !(before?.isLetter ?? false), !(after?.isLetter ?? false) { return true }
                searchRange = found.upperBound..<lower.endIndex
            }
            return false
        }
    }

    /// `text` without its provenance notes: bracketed remarks and sentences (or `;` clauses)
    /// that carry a mark are dropped.
    public static func clean(_ text: String) -> String {
        let unbracketed = removingBracketedNotes(text)
        var kept: [String] = []
        for sentence in sentences(unbracketed) {
            let clauses = sentence.split(separator: ";").map { String($0).trimmed() }.filter { !$0.isEmpty }
            let good = clauses.filter { !isProvenanceNote($0) }
            guard !good.isEmpty else { continue }
            var joined = good.joined(separator: "; ")
            if let last = joined.last, !".!?".contains(last) { joined += "." }
            kept.append(capitalisedFirst(joined))
        }
        return kept.joined(separator: " ")
    }

    /// A name or title without bracketed provenance remarks ("Thing 6 (title not found)").
    public static func cleanName(_ text: String) -> String {
        let cleaned = removingBracketedNotes(text)
        return cleaned.isEmpty ? text : cleaned
    }

    static func removingBracketedNotes(_ text: String) -> String {
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "(", let close = text[index...].firstIndex(of: ")") {
                let inside = text[text.index(after: index)..<close]
                if isProvenanceNote(String(inside)) {
                    while result.last == " " { result.removeLast() }
                    index = text.index(after: close)
                    continue
                }
            }
            result.append(text[index])
            index = text.index(after: index)
        }
        return result.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .replacingOccurrences(of: " .", with: ".").replacingOccurrences(of: " ,", with: ",").trimmed()
    }

    /// Sentences end at ". ", "! " or "? ".
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let characters = Array(text)
        for (offset, character) in characters.enumerated() {
            current.append(character)
            if ".!?".contains(character), offset + 1 == characters.count || characters[offset + 1] == " " {
                result.append(current.trimmed())
                current = ""
            }
        }
        if !current.trimmed().isEmpty { result.append(current.trimmed()) }
        return result
    }

    static func capitalisedFirst(_ text: String) -> String {
        guard let first = text.first, first.isLowercase else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// For each code: its cleaned description, or one made from the facts when cleaning leaves
    /// too little to say what it is (fewer than four words).
    static func descriptions(of codes: some Sequence<String>, lookup: ReferenceLookup) throws -> [String: String] {
        var result: [String: String] = [:]
        for code in Set(codes) {
            guard let info = try lookup.info(code) else { continue }
            let cleaned = clean(info.description)
            // A unit's own text is only its level and credits: the award it is in says more.
            if info.kind != "unit", cleaned.split(separator: " ").count >= 4 {
                result[code] = cleaned
            } else if let made = try madeDescription(info, database: lookup.database) {
                result[code] = made
            } else if !cleaned.isEmpty {
                result[code] = cleaned
            }
        }
        return result
    }

    /// "Quality indicator of A quality framework for care homes…, under “KQ2 How good is our
    /// leadership?”." From the kind, framework and heading alone.
    static func madeDescription(_ info: ReferenceInfo, database: Database) throws -> String? {
        switch info.kind {
        case "standard":
            let row = try database.queryFirst("SELECT kind, grp FROM standard WHERE code = ?1", [.text(info.code)]) {
                (kind: $0.string(0), group: $0.optionalString(1))
            }
            let kinds = ["nos-unit": "National Occupational Standard", "cp-heading": "Heading", "quality-indicator": "Quality indicator",
                         "code-section": "Section", "cpl-element": "Core learning element", "learning-domain": "Learning domain",
                         "care-standard": "Standard", "statement": "Statement"]
            let kind = row.flatMap { kinds[$0.kind] } ?? "Standard"
            let framework = info.frameworkName.map { " of \($0)" } ?? ""
            let group = row?.group.map { ", under “\($0)”" } ?? ""
            return "\(kind)\(framework)\(group)."
        case "activity":
            guard let thing = try ReferenceLookup(database: database).thing(code: info.code) else { return nil }
            return "Thing \(thing.number) of \(info.frameworkName ?? thing.programme)."
        case "qualification":
            return "Qualification: \(cleanName(info.title))."
        case "unit":
            // "SQA unit, SCQF level 8, 16 SCQF credits", and the award it counts towards.
            let facts = clean(info.description).trimmingCharacters(in: CharacterSet(charactersIn: "."))
            return facts + (info.frameworkName.map { ", in the \($0)" } ?? "") + "."
        default:
            return nil
        }
    }
}
