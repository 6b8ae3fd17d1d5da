/// `--format badge`: an Open Badges 2.0 evidence package to send with a badge application. It
/// is not an Assertion (only the issuer, the SSSC for a 23 Things badge, makes one, with a
/// recipient, a verification and an issue date) and not a BadgeClass: it is the learner's
/// side of an application, in Open Badges 2.0 terms:
/// - `badge`: the badge applied for, its name and page (when every entry is for one Thing);
/// - `evidence`: one `Evidence` object per entry (`type`, `id`, `name`, `description`,
///   `narrative`, `genre`);
/// - `alignment`: one `AlignmentObject` per capability the entries evidence and per other
///   confirmed reference (`targetName`, `targetUrl` the item's own page at its publisher, never
///   a copy on a mirror site, `targetDescription` the item's description, `targetFramework`,
///   `targetCode`). The capabilities are those `LogEvidence` says the entries evidence. The
///   Thing applied for is the badge, never an alignment. Suggestions are never claimed.
public enum BadgeExport {
    public static let context = "https://w3id.org/openbadges/v2"

    /// The alignments are worked out before the entries are read (from the codes the record
    /// gathered); the evidence is then written entry by entry.
    static func render(_ record: ExportRecord, to out: DocumentWriter) throws {
        // An alignment needs the item's own page; one with no such address is not claimed here.
        let alignment: [JSON] = AlignmentTarget.all(record).compactMap { target in
            guard let url = target.url else { return nil }
            var fields: [(String, JSON)] = [
                ("type", .string("AlignmentObject")),
                ("targetName", .string(target.name)),
                ("targetUrl", .string(url)),
                ("targetDescription", .string(target.description)),
            ]
            if let framework = target.framework { fields.append(("targetFramework", .string(framework))) }
            fields.append(("targetCode", .string(target.code)))
            return .object(fields)
        }
        var fields: [(String, JSON)] = [
            ("@context", .string(context)),
            ("name", .string(title(record))),
            ("description", .string(description(record))),
        ]
        if let card = record.appliedFor {
            fields.append(("badge", .object([
                ("name", .string(badgeName(card))),
                ("url", .string(card.badgePage)),
                ("thing", .string(card.thing.code)),
            ])))
        }
        try out.write(JSON.objectHead(fields, last: "evidence"))
        var evidence = JSON.ArrayStream(depth: 1)
        try record.forEachEntry { entry in
            try out.write(evidence.next(.object([
                ("type", .string("Evidence")),
                ("id", .string("urn:uuid:\(entry.uuid)")),
                ("name", .string(entry.title)),
                ("description", .string(evidenceDescription(entry, record: record))),
                ("narrative", .string(entry.text.isEmpty ? entry.title : entry.text)),
                ("genre", .string(entry.thing == nil ? "Reflective learning log entry" : "23 Things reflective account")),
            ])))
        }
        try out.write(evidence.end() + JSON.objectTail([("alignment", .array(alignment))]) + "\n")
    }

    /// "What does good leadership look like? (23 Things Leadership, Thing 21)".
    static func badgeName(_ card: ThingCard) -> String {
        let name = card.thing.badge.map(ItemDescription.cleanName) ?? "Thing \(card.thing.number): \(ItemDescription.cleanName(card.thing.title))"
        return "\(name) (\(card.programmeName), Thing \(card.thing.number))"
    }

    static func evidenceDescription(_ entry: LogEntry, record: ExportRecord) -> String {
        var facts = ["Learning log entry of \(LogDate.long(entry.date))"]
        if let hours = entry.hours { facts.append("\(TextFormat.hours(hours)) hour\(hours == 1 ? "" : "s") of learning") }
        if let element = record.element(entry.element) { facts.append("CPL core learning element \(element.code) \(element.title)") }
        if let thing = entry.thing { facts.append("written for " + record.thingLabel(thing)) }
        facts.append("\(entry.words) word\(entry.words == 1 ? "" : "s")")
        let codes = entry.references(.confirmed).map(\.code).filter { $0 != entry.thing }
        if !codes.isEmpty { facts.append("the learner confirms it evidences " + codes.joined(separator: ", ")) }
        let capabilities = record.capabilityNames(evidencedBy: entry)
        if !capabilities.isEmpty { facts.append("evidence of " + capabilities.joined(separator: ", ")) }
        return facts.joined(separator: "; ") + "."
    }

    /// Named after the badge when every entry was written for the same Thing.
    static func title(_ record: ExportRecord) -> String {
        if let card = record.appliedFor {
            return "Evidence for the badge “\(badgeName(card))”"
        }
        return "Continuous professional learning evidence, \(record.period)"
    }

    static func description(_ record: ExportRecord) -> String {
        let who = record.name.map { " of \($0)" } ?? ""
        let count = record.count
        let badge = record.appliedFor.map { " for the SSSC to assess for the “\(badgeName($0))” badge" } ?? ""
        return "Evidence for an Open Badge application: \(count) learning log entr\(count == 1 ? "y" : "ies")\(who), "
            + "\(record.period), prepared with crosswalk\(badge). This is not an Open Badges Assertion: only the issuer can award "
            + "the badge. Alignments are the capabilities the entries evidence and the other items the learner confirmed."
    }
}
