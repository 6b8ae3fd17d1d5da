/// `--format statement`: plain text to paste into the SSSC Open Badge application form: the
/// reflection as written, then a short list of the capabilities and standards it evidences
/// (confirmed references only), each with its code. Paragraphs are kept as written, never
/// wrapped, so the form's own box wraps them.
public enum StatementExport {
    /// Written entry by entry, then the lists.
    static func render(_ record: ExportRecord, to out: DocumentWriter) throws {
        var started = false
        func part(_ text: String) throws {
            try out.write((started ? "\n\n" : "") + text)
            started = true
        }
        let single = record.count == 1
        try record.forEachEntry { entry in
            let text = entry.text.trimmed()
            try part(single ? (text.isEmpty ? entry.title : text)
                     : entry.title + " (" + LogDate.long(entry.date) + ")\n\n" + (text.isEmpty ? "(no text)" : text))
        }
        let targets = AlignmentTarget.all(record)
        let capabilities = targets.filter { $0.kind == "capability" }
        let standards = targets.filter { ["standard", "element", "unit", "qualification"].contains($0.kind) }
        if !capabilities.isEmpty {
            try part("Leadership capabilities this evidences:\n"
                     + capabilities.map { "- \($0.name) (\($0.code))" }.joined(separator: "\n"))
        }
        if !standards.isEmpty {
            try part("Standards this evidences:\n"
                     + standards.map { "- \($0.code) \($0.name)" + ($0.framework.map { " (\($0))" } ?? "") }.joined(separator: "\n"))
        }
        try out.write("\n")
    }

    /// Words of the reflection itself, as the log counts them: what the form's minimum is
    /// measured against.
    public static func words(_ record: ExportRecord) -> Int {
        record.words
    }

    /// "412 words" with the Thing's minimum when every entry is for one Thing: "412 words
    /// (Thing 21 asks for at least 400)", or "… 88 short of …".
    public static func wordNote(_ record: ExportRecord) -> String {
        let words = words(record)
        var note = "\(words) word\(words == 1 ? "" : "s")"
        if let card = record.appliedFor, let minimum = card.thing.minWords {
            note += words >= minimum ? " (Thing \(card.thing.number) asks for at least \(minimum))"
                : " (\(minimum - words) short of the \(minimum) Thing \(card.thing.number) asks for)"
        }
        return note
    }
}
