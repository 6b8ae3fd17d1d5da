import Foundation

/// `--format md`: a dated record for supervision or SSSC re-registration, grouped by CPL core
/// learning element, each entry with the references the worker confirmed.
public enum MarkdownExport {
    static func render(_ record: ExportRecord, to writer: DocumentWriter) throws {
        var out = Lines(writer)
        try out.append("# Continuous professional learning record")
        try out.append("")
        if let name = record.name { try out.append("**Name:** \(inline(name))  ") }
        try out.append("**Period:** \(record.period)  ")
        let summary = record.summary
        try out.append("**Entries:** \(summary.entries) · **Hours:** \(TextFormat.hours(summary.hours))  ")
        try out.append("**Prepared:** \(LogDate.long(String(record.exportedAt.prefix(10)))) with crosswalk")
        try out.append("")

        guard record.count > 0 else {
            try out.append("No learning is recorded for this period.")
            return
        }

        try out.append("## Summary")
        try out.append("")
        try out.append("| CPL core learning element | Entries | Hours |")
        try out.append("|---|---:|---:|")
        for row in summary.elements {
            let label = row.code.isEmpty ? row.name : "\(row.code) \(row.name)"
            try out.append("| \(inline(label)) | \(row.entries) | \(TextFormat.hours(row.hours)) |")
        }
        try out.append("")
        try out.append("| Leadership capability | Entries | Hours |")
        try out.append("|---|---:|---:|")
        for row in summary.capabilities {
            try out.append("| \(inline(row.name)) | \(row.entries) | \(TextFormat.hours(row.hours)) |")
        }
        try out.append("")
        // Frameworks with suggestions only have no confirmed evidence to show.
        let frameworks = summary.frameworks.filter { $0.entries > 0 }
        if !frameworks.isEmpty {
            try out.append("| Standards framework | Entries | Hours |")
            try out.append("|---|---:|---:|")
            for row in frameworks {
                try out.append("| \(inline(row.name)) | \(row.entries) | \(TextFormat.hours(row.hours)) |")
            }
            try out.append("")
        }
        if !summary.capabilityNamesWithoutEvidence.isEmpty {
            try out.append("Capabilities with no confirmed evidence yet: \(summary.capabilityNamesWithoutEvidence.joined(separator: ", ")).")
            try out.append("")
        }

        try record.forEachEntryByElement(group: { element in
            try out.append("## " + (element.map { "\($0.code) \(inline($0.title))" } ?? "Learning without a CPL element"))
            try out.append("")
        }, entry: { entry in
            try out.append("### \(LogDate.long(entry.date)): \(inline(entry.title))")
            try out.append("")
            var facts: [String] = []
            if let hours = entry.hours { facts.append("\(TextFormat.hours(hours)) hour\(hours == 1 ? "" : "s")") }
            if let thing = entry.thing { facts.append(inline(record.thingLabel(thing))) }
            facts.append(record.wordsLabel(entry))
            facts.append("log entry \(entry.id)")
            try out.append("*" + facts.joined(separator: " · ") + "*")
            try out.append("")
            if !entry.text.isEmpty {
                try out.append(block(entry.text.trimmed()))
                try out.append("")
            }
            let counts = record.capabilityNames(evidencedBy: entry)
            if !counts.isEmpty {
                try out.append("Counts as evidence of: \(counts.map(inline).joined(separator: ", ")).")
                try out.append("")
            }
            let confirmed = entry.references(.confirmed)
            if !confirmed.isEmpty {
                try out.append("Evidence of:")
                try out.append("")
                for reference in confirmed {
                    var line = "- \(kindLabel(reference.kind)) `\(reference.code)` \(inline(record.title(of: reference)))"
                    if let framework = record.infos[reference.code]?.frameworkName, !["capability", "indicator"].contains(reference.kind) {
                        line += " (\(inline(framework)))"
                    }
                    if record.infos[reference.code] == nil { line += " (no longer in the reference data)" }
                    try out.append(line)
                }
                try out.append("")
            }
            let open = entry.references(.suggested).count
            if open > 0 {
                try out.append("*\(open) suggested reference\(open == 1 ? "" : "s") not yet reviewed.*")
                try out.append("")
            }
        })
        let cited = record.documentsCited
        if !cited.isEmpty {
            try out.append("## Sources")
            try out.append("")
            for source in cited {
                var line = "- \(inline(source.document.citation))"
                if let url = source.url { line += " <\(url)>" }
                line += " (for \(source.codes.map { "`\($0)`" }.joined(separator: ", ")))"
                try out.append(line)
            }
            try out.append("")
        }
        // Each block ends in a blank line; the document ends in one line end (the blank lines
        // still waiting are left out).
    }

    /// The document's lines as they are made, each ending in a line end. Blank lines wait
    /// until a line with text follows, so those at the very end are left out.
    struct Lines {
        let writer: DocumentWriter
        var blanks = 0

        init(_ writer: DocumentWriter) {
            self.writer = writer
        }

        mutating func append(_ line: String) throws {
            guard !line.isEmpty else {
                blanks += 1
                return
            }
            try writer.write(String(repeating: "\n", count: blanks) + line + "\n")
            blanks = 0
        }
    }

    /// "Capability", "Standard", ... for a reference kind.
    static func kindLabel(_ kind: String) -> String {
        switch kind {
        case "capability": "Capability"
        case "indicator": "Indicator"
        case "standard": "Standard"
        case "element": "Standard element"
        case "unit": "Unit"
        case "qualification": "Qualification"
        case "activity": "23 Things"
        default: kind
        }
    }

    /// Text for one line of Markdown: line breaks flattened, then escaped as `escaped` does.
    static func inline(_ text: String) -> String {
        escaped(text.split(whereSeparator: \.isNewline).joined(separator: " "))
    }

    /// The worker's own text, line by line: escaped as `escaped` does, and a line Markdown
    /// would read as a heading (`# `, or a `===`/`---` line under text) starts with a
    /// backslash, so the text reads as written instead of restructuring the record.
    static func block(_ text: String) -> String {
        lines(text).map { line in
            let line = escaped(line)
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            // Four spaces make a code block, which Markdown shows as written anyway.
            guard indent < 4, let first = rest.first else { return line }
            let underline = (first == "=" || first == "-") && rest.allSatisfy { $0 == first || $0 == " " }
            return first == "#" || underline ? String(line.prefix(indent)) + "\\" + rest : line
        }.joined(separator: "\n")
    }

    /// `text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)`, cut at the
    /// scalars, which is quicker: every newline character is one scalar (or CR LF), and never
    /// joins a character with its neighbours.
    static func lines(_ text: String) -> [String] {
        let scalars = text.unicodeScalars
        var lines: [String] = []
        var start = scalars.startIndex, index = start
        while index < scalars.endIndex {
            let value = scalars[index].value
            guard (0x0A...0x0D).contains(value) || value == 0x85 || value == 0x2028 || value == 0x2029 else {
                index = scalars.index(after: index)
                continue
            }
            lines.append(String(scalars[start..<index]))
            index = scalars.index(after: index)
            if value == 0x0D, index < scalars.endIndex, scalars[index].value == 0x0A { index = scalars.index(after: index) }
            start = index
        }
        lines.append(String(scalars[start...]))
        return lines
    }

    /// `&`, `<` and `>` as entities, so the text never becomes HTML (and `>` never a quote);
    /// `|` escaped, so it never makes a table.
    static func escaped(_ text: String) -> String {
        // Most text has none of these.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "|") }) else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "|", with: "\\|")
    }
}
