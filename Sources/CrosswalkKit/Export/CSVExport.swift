/// `--format csv`: one row per entry and reference (an entry without references gets one row),
/// for a spreadsheet. UTF-8 with a byte-order mark so Excel reads accents and curly quotes
/// right, CRLF line ends, RFC 4180 quoting, and a leading apostrophe on any cell a spreadsheet
/// could run as a formula (see `defused`).
public enum CSVExport {
    public static let columns = [
        "entry_id", "date", "title", "hours", "cpl_element", "cpl_element_title", "thing", "thing_title", "words",
        "entry_evidences",
        "reference_code", "reference_kind", "reference_title", "reference_framework", "reference_status",
        "reference_source", "reference_score", "reference_evidences", "reference_document", "text", "uuid",
    ]

    static func render(_ record: ExportRecord, to out: DocumentWriter) throws {
        try out.write("\u{FEFF}" + CSV.line(columns) + "\r\n")
        try record.forEachEntry { entry in
            let element = record.element(entry.element)
            // Each row repeats the entry's fields around the reference's: they are made once.
            let head = [
                String(entry.id), entry.date, entry.title, entry.hours.map(TextFormat.hours) ?? "",
                entry.element ?? "", element?.title ?? "",
                entry.thing ?? "", entry.thing.flatMap { record.things[$0]?.title } ?? "", String(entry.words),
                // The capabilities the entry evidences (LogEvidence), its Thing included.
                record.evidence.capabilities(evidencedBy: entry.id).map(\.id).joined(separator: ";"),
            ]
            let start = CSV.line(head.map(defused)) + ","
            let end = "," + CSV.line([entry.text, entry.uuid].map(defused)) + "\r\n"
            let references = record.attached(entry)
            let referenceRows: [[String]] = references.isEmpty ? [Array(repeating: "", count: 9)] : references.map { reference in
                [reference.code, reference.kind, record.title(of: reference),
                 record.infos[reference.code]?.frameworkName ?? "", reference.status.rawValue, reference.source.rawValue,
                 reference.score.map { TextFormat.decimal($0, places: 3) } ?? "",
                 // Only a confirmed reference evidences anything (LogEvidence).
                 reference.status == .confirmed
                    ? record.evidence.capabilities(evidencedBy: entry.id, reference: reference.code).joined(separator: ";") : "",
                 record.infos[reference.code]?.citation ?? ""]
            }
            for referenceFields in referenceRows {
                try out.write(start + CSV.line(referenceFields.map(defused)) + end)
            }
        }
    }

    /// A spreadsheet may run a cell that starts with = + - @ (or a tab or carriage return
    /// before one) as a formula; a title or text the worker pasted in must never do that on
    /// their manager's computer. So any such cell gets a leading apostrophe, the OWASP rule for
    /// CSV injection. No cell is exempt, not even "- a list": a dash is enough to start a formula
    /// ("-2+3", "-cmd|…"). Spreadsheets show the apostrophe; the text after it is as written.
    static func defused(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
        return "'" + field
    }
}
