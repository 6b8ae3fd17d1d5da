import Foundation

/// A framework as a CASE 1.1 CFPackage: the framework is the CFDocument; every capability,
/// indicator, standard, element and Thing a CFItem; the hierarchy `isChildOf`; `replaces`
/// links `replacedBy`; `relates-to` and `evidences` links `isRelatedTo`, with the link's kind,
/// strength, rationale and provenance in the association's notes.
public enum CaseExport {
    /// CFItemType for each kind of node (the importer reads them back).
    static func itemType(_ kind: InteropFramework.Kind) -> String {
        switch kind {
        case .capability: "Capability"
        case .indicator(let role): role.rawValue.prefix(1).uppercased() + role.rawValue.dropFirst() + " indicator"
        case .standard(let kind): standardTypes[kind] ?? "Statement"
        case .element(let kind): elementTypes[kind] ?? "Element"
        case .activity: "Thing"
        }
    }

    /// Standard kinds and their CFItemType.
    static let standardTypes = [
        "nos-unit": "NOS unit", "cp-heading": "Standard heading", "quality-indicator": "Quality indicator",
        "code-section": "Code section", "cpl-element": "Core learning element", "learning-domain": "Learning domain",
        "care-standard": "Headline outcome", "statement": "Statement",
    ]

    /// Element kinds and their CFItemType.
    static let elementTypes = [
        "pc-section": "Performance criteria", "performance-criterion": "Performance criterion",
        "knowledge": "Knowledge and understanding", "element": "Element of competence",
        "statement": "Numbered statement", "theme": "Theme", "behaviour": "Behaviour",
    ]

    static let licenceNote = "not stated. Codes, titles and numbers are published by %@, who holds any rights in them; "
        + "definitions, overviews, indicator and element wording, keywords and link rationales are crosswalk's own words "
        + "unless a row's origin says official. Check the publisher's terms before republishing."

    public static func package(_ framework: InteropFramework, dataVersion: String, changed: Date) -> CFPackage {
        let time = CaseTime.string(changed)
        var documentNotes = CaseNotes(lead: "Exported by crosswalk from its reference data.")
        documentNotes["Framework"] = framework.id
        documentNotes["Edition"] = framework.edition
        documentNotes.provenance(framework.provenance)
        documentNotes["Data version"] = dataVersion
        documentNotes["Licence"] = licenceNote.replacingOccurrences(of: "%@", with: framework.publisher)
        let document = CFDocument(
            identifier: framework.identifier, uri: framework.uri, creator: framework.publisher, title: framework.name,
            lastChangeDateTime: time, officialSourceURL: framework.provenance.publisherURL, publisher: "crosswalk",
            description: "\(framework.name): \(framework.nodes.count) items as crosswalk holds them, with their provenance.",
            language: "en", version: framework.edition, frameworkType: framework.kind, caseVersion: "1.1",
            notes: documentNotes.text)

        let items = framework.nodes.map { node -> CFItem in
            var notes = CaseNotes()
            for (key, value) in node.facts { notes[key] = value }
            notes.provenance(node.provenance)
            return CFItem(
                identifier: node.identifier, uri: node.uri, fullStatement: node.text, lastChangeDateTime: time,
                // An item loaded without a code keeps its identifier as code; it needs no other.
                humanCodingScheme: node.code == node.identifier ? nil : node.code, abbreviatedStatement: node.title, itemType: itemType(node.kind),
                listEnumeration: node.position.map(String.init), conceptKeywords: node.keywords, language: "en",
                notes: notes.text)
        }

        let documentNode = CFNodeReference(title: framework.name, identifier: framework.identifier, uri: framework.uri)
        func reference(_ code: String) -> CFNodeReference {
            if let node = framework.node(code) { return CFNodeReference(title: node.title ?? node.text, identifier: node.identifier, uri: node.uri) }
            let other = framework.references[code]!
            return CFNodeReference(title: other.title, identifier: other.identifier, uri: other.uri)
        }
        func association(_ type: String, _ origin: CFNodeReference, _ destination: CFNodeReference, originCode: String,
                         destinationCode: String, sequence: Int?, notes: String?, link: LinkKind? = nil) -> CFAssociation {
            // The link's own kind is part of the name: two links of different kinds between the
            // same items are both isRelatedTo, and must not share an identifier.
            let name = "association \(originCode) \(type) \(destinationCode)" + (link.map { " " + $0.rawValue } ?? "")
            let identifier = NameUUID.v5(namespace: InteropIdentity.namespace, name: name)!
            return CFAssociation(identifier: identifier, uri: InteropIdentity.uri(for: identifier), associationType: type,
                                 origin: origin, destination: destination, lastChangeDateTime: time, sequenceNumber: sequence,
                                 notes: notes)
        }

        var associations: [CFAssociation] = []
        var siblings: [String: Int] = [:]
        for node in framework.nodes {
            let parentKey = node.parent ?? ""
            siblings[parentKey, default: 0] += 1
            let destination = node.parent.map(reference) ?? documentNode
            associations.append(association("isChildOf", reference(node.code), destination, originCode: node.code,
                                            destinationCode: node.parent ?? framework.id, sequence: siblings[parentKey], notes: nil))
        }
        for link in framework.links {
            var notes = CaseNotes()
            notes["Crosswalk link"] = link.kind.rawValue
            notes["Strength"] = TextFormat.decimal(link.strength, places: 4)
            notes["Rationale"] = link.rationale
            notes.provenance(link.provenance)
            switch link.kind {
            case .replaces:
                // The older item is replacedBy the newer one.
                associations.append(association("replacedBy", reference(link.to), reference(link.from), originCode: link.to,
                                                destinationCode: link.from, sequence: nil, notes: notes.text, link: link.kind))
            case .evidences, .relatesTo:
                associations.append(association("isRelatedTo", reference(link.from), reference(link.to), originCode: link.from,
                                                destinationCode: link.to, sequence: nil, notes: notes.text, link: link.kind))
            case .builtOn:
                continue
            }
        }
        return CFPackage(document: document, items: items, associations: associations)
    }
}
