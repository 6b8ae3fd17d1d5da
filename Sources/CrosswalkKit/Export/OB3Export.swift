/// `--format ob3`: an unsigned Open Badges 3.0 `AchievementCredential` describing the learning
/// of the chosen entries, with the learner as both issuer and subject: a self-declared record
/// that a wallet or a learning record can hold. It has no `proof`, so it is not verifiable until
/// it is signed (its description says so), and it is not the SSSC's badge.
///
/// The Achievement carries the alignments of the badge export (`AlignmentTarget`) with a
/// `targetType`; each entry is an `Evidence`. Identifiers are name-based UUIDs: the learner's
/// from their name (the same in every export), the achievement's from its entries, the
/// credential's from those and the moment of export.
public enum OB3Export {
    public static let contexts = [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    /// The namespace the learner, achievement and credential identifiers are made in.
    static let namespace = "6f0d4f3e-8a53-5c2b-9d0e-63726f737377"

    public static let unsignedNote = "Unsigned: this credential has no proof, so it is not verifiable until it is signed, "
        + "and it is not a badge awarded by the SSSC."

    /// Everything but the evidence is worked out first; the evidence, last in the credential,
    /// is written entry by entry.
    static func render(_ record: ExportRecord, to out: DocumentWriter) throws {
        let learnerName = record.name ?? "The learner"
        let learner = "urn:uuid:" + NameUUID.v5(namespace: namespace, name: "learner:" + learnerName)!
        let entryKey = record.uuids.sorted().joined(separator: ",")
        let achievementID = "urn:uuid:" + NameUUID.v5(namespace: namespace, name: "achievement:" + entryKey)!
        let credentialID = "urn:uuid:" + NameUUID.v5(namespace: namespace, name: "credential:\(entryKey)@\(record.exportedAt)")!
        let card = record.appliedFor

        let alignment: [JSON] = AlignmentTarget.all(record).compactMap { target in
            guard let url = target.url else { return nil }
            var fields: [(String, JSON)] = [
                ("type", .array([.string("Alignment")])),
                ("targetName", .string(target.name)),
                ("targetUrl", .string(url)),
                ("targetDescription", .string(target.description)),
            ]
            if let framework = target.framework { fields.append(("targetFramework", .string(framework))) }
            fields.append(("targetCode", .string(target.code)))
            fields.append(("targetType", .string(target.targetType)))
            return .object(fields)
        }
        let name: String
        let achievementDescription: String
        var criteria: [(String, JSON)] = []
        if let card {
            name = "Thing \(card.thing.number): \(ItemDescription.cleanName(card.thing.title)) (\(card.programmeName))"
            achievementDescription = "Learning the learner records for \(card.programmeName) Thing \(card.thing.number), "
                + "written as a reflection for its Open Badge. " + unsignedNote
            criteria.append(("id", .string(card.sourceURL)))
            var narrative = "Work through Thing \(card.thing.number) of \(card.programmeName)"
            if let minimum = card.thing.minWords { narrative += " and write a reflection of at least \(minimum) words" }
            if card.promptsKnown {
                narrative += " that answers:\n" + card.prompts.map { "- (\($0.id)) \($0.text)" }.joined(separator: "\n")
            } else {
                narrative += "."
            }
            criteria.append(("narrative", .string(narrative)))
        } else {
            name = "Continuous professional learning, \(record.period)"
            achievementDescription = "Continuous professional learning the learner records in \(record.count) learning log "
                + "entr\(record.count == 1 ? "y" : "ies"), \(record.period). " + unsignedNote
            criteria.append(("narrative", .string("Learning recorded and reflected on in the learner's own learning log; "
                                                  + "the alignments are the capabilities and standards the learner confirmed.")))
        }
        var achievement: [(String, JSON)] = [
            ("id", .string(achievementID)),
            ("type", .array([.string("Achievement")])),
            ("achievementType", .string("ext:SelfDeclaredLearning")),
            ("name", .string(name)),
            ("description", .string(achievementDescription)),
            ("criteria", .object(criteria)),
            ("creator", .object([("id", .string(learner)), ("type", .array([.string("Profile")])), ("name", .string(learnerName))])),
            ("inLanguage", .string("en-GB")),
        ]
        if let card { achievement.append(("humanCode", .string(card.thing.code))) }
        achievement.append(("alignment", .array(alignment)))

        var subject: [(String, JSON)] = [
            ("id", .string(learner)),
            ("type", .array([.string("AchievementSubject")])),
            ("achievement", .object(achievement)),
        ]
        if let first = record.firstDate, let last = record.lastDate {
            subject.append(("activityStartDate", .string(first + "T00:00:00Z")))
            subject.append(("activityEndDate", .string(last + "T23:59:59Z")))
        }
        try out.write(JSON.objectHead([
            ("@context", .strings(contexts)),
            ("id", .string(credentialID)),
            ("type", .strings(["VerifiableCredential", "OpenBadgeCredential"])),
            ("name", .string(name)),
            ("description", .string("A self-declared record of learning from \(learnerName)'s learning log, prepared with crosswalk. "
                                     + unsignedNote)),
            ("issuer", .object([("id", .string(learner)), ("type", .array([.string("Profile")])), ("name", .string(learnerName))])),
            ("validFrom", .string(record.exportedAt)),
            ("credentialSubject", .object(subject)),
        ], last: "evidence"))
        var evidence = JSON.ArrayStream(depth: 1)
        try record.forEachEntry { entry in
            try out.write(evidence.next(.object([
                ("id", .string("urn:uuid:\(entry.uuid)")),
                ("type", .array([.string("Evidence")])),
                ("name", .string(entry.title)),
                ("description", .string(BadgeExport.evidenceDescription(entry, record: record))),
                ("narrative", .string(entry.text.isEmpty ? entry.title : entry.text)),
                ("genre", .string(entry.thing == nil ? "Reflective learning log entry" : "23 Things reflective account")),
            ])))
        }
        try out.write(evidence.end() + JSON.objectTail([]) + "\n")
    }
}
