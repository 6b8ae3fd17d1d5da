/// `--format badge`: evidence for an Open Badges 2.0 application. Each chosen entry becomes an
/// `Evidence` object (name, description, narrative, genre); the confirmed references of all of
/// them become `AlignmentObject`s (targetName, targetUrl, targetDescription, targetFramework,
/// targetCode) that say which capabilities and standards the learning is aligned to: first the
/// capabilities the entries evidence (`LogEvidence`), then every other confirmed reference.
/// `targetUrl` is the publisher's address, never a copy on a mirror site. Suggestions the
/// worker has not confirmed are never claimed.
public enum BadgeExport {
    public static let context = "https://w3id.org/openbadges/v2"

    public static func render(_ record: ExportRecord) -> String {
        var alignment: [JSON] = []
        var aligned = Set<String>()
        func align(_ info: ReferenceInfo) {
            guard aligned.insert(info.code).inserted else { return }
            var fields: [(String, JSON)] = [
                ("type", .string("AlignmentObject")),
                ("targetName", .string(info.title)),
            ]
            // The publisher's address, never a copy on a mirror site.
            if let url = info.referenceURL { fields.append(("targetUrl", .string(url))) }
            fields.append(("targetDescription", .string(info.description.isEmpty ? info.title : info.description)))
            if let framework = info.frameworkName { fields.append(("targetFramework", .string(framework))) }
            fields.append(("targetCode", .string(info.code)))
            alignment.append(.object(fields))
        }
        // First the capabilities the entries evidence (the rule `log summary` uses), then every
        // other confirmed reference.
        for capability in record.evidence.capabilities where capability.evidenced {
            if let info = record.infos[capability.id] ?? record.capabilityInfos[capability.id] { align(info) }
        }
        for entry in record.entries {
            // An alignment needs a URL to point at; a code the data lost has none (log check).
            for reference in entry.references(.confirmed) {
                if let info = record.infos[reference.code] { align(info) }
            }
        }

        let evidence: [JSON] = record.entries.map { entry in
            var facts = ["Learning log entry of \(LogDate.long(entry.date))"]
            if let hours = entry.hours { facts.append("\(TextFormat.hours(hours)) hour\(hours == 1 ? "" : "s") of learning") }
            if let element = record.element(entry.element) { facts.append("CPL core learning element \(element.code) \(element.title)") }
            if let thing = entry.thing { facts.append(record.thingLabel(thing)) }
            let codes = entry.references(.confirmed).map(\.code)
            if !codes.isEmpty { facts.append("aligned to " + codes.joined(separator: ", ")) }
            let capabilities = record.capabilityNames(evidencedBy: entry)
            if !capabilities.isEmpty { facts.append("evidence of " + capabilities.joined(separator: ", ")) }
            return .object([
                ("type", .string("Evidence")),
                ("id", .string("urn:uuid:\(entry.uuid)")),
                ("name", .string(entry.title)),
                ("description", .string(facts.joined(separator: "; ") + ".")),
                ("narrative", .string(entry.text.isEmpty ? entry.title : entry.text)),
                ("genre", .string(entry.thing == nil ? "Reflective learning log entry" : "23 Things reflective account")),
            ])
        }

        return JSON.object([
            ("@context", .string(context)),
            ("name", .string(title(record))),
            ("description", .string(description(record))),
            ("evidence", .array(evidence)),
            ("alignment", .array(alignment)),
        ]).serialized() + "\n"
    }

    /// Named after the badge when every entry was written for the same Thing.
    static func title(_ record: ExportRecord) -> String {
        let things = Set(record.entries.compactMap(\.thing))
        if things.count == 1, record.entries.allSatisfy({ $0.thing != nil }), let thing = record.things[things.first!] {
            let badge = thing.badge.map { "the “\($0)” badge, " } ?? ""
            return "Evidence for \(badge)Thing \(thing.number): \(thing.title)"
        }
        return "Continuous professional learning evidence, \(record.period)"
    }

    static func description(_ record: ExportRecord) -> String {
        let who = record.name.map { " of \($0)" } ?? ""
        let count = record.entries.count
        return "\(count) learning log entr\(count == 1 ? "y" : "ies")\(who), \(record.period), prepared with crosswalk. "
            + "Alignments are the capabilities the entries evidence (a confirmed reference to the capability, "
            + "to one of its indicators, or to an item linked to it at 0.6 or more) and every other reference the learner confirmed."
    }
}
