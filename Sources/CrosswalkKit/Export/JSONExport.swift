/// `--format json`: the whole record, every field and every reference (rejected ones too), in
/// the shape `log import` reads back. Entries keep their uuid, so importing twice adds nothing.
public enum JSONExport {
    public static let formatName = "crosswalk-log"
    public static let formatVersion = 1

    /// Written entry by entry: the same text as serializing the whole record at once.
    static func render(_ record: ExportRecord, to out: DocumentWriter) throws {
        try out.write(JSON.objectHead([
            ("format", .string(formatName)),
            ("version", .int(formatVersion)),
            ("exported_at", .string(record.exportedAt)),
            ("from", .optional(record.from)),
            ("to", .optional(record.to)),
            ("settings", .object(record.settings.map { ($0.key, .string($0.value)) })),
        ], last: "entries"))
        var entries = JSON.ArrayStream(depth: 1)
        try record.forEachEntry { try out.write(entries.next($0.json)) }
        // What the entries evidence, by the rule every command shares (written a capability and
        // an entry at a time); `log import` ignores it.
        try out.write(entries.end() + "," + JSON.memberHead("evidence", depth: 1))
        try record.evidence.writeJSON(depth: 1) { try out.write($0) }
        try out.write(JSON.objectTail([
            // The documents the confirmed references come from (never a mirror); import ignores it.
            ("sources", .array(record.documentsCited.map { source in
                .object([("document", source.document.json), ("url", .optional(source.url)), ("codes", .strings(source.codes))])
            })),
        ]) + "\n")
    }
}
