import Foundation

/// `--format md`: a dated record for supervision or SSSC re-registration, grouped by CPL core
/// learning element, each entry with the references the worker confirmed.
public enum MarkdownExport {
    public static func render(_ record: ExportRecord) -> String {
        var out: [String] = []
        out.append("# Continuous professional learning record")
        out.append("")
        if let name = record.name { out.append("**Name:** \(inline(name))  ") }
        out.append("**Period:** \(record.period)  ")
        let summary = record.summary
        out.append("**Entries:** \(summary.entries) · **Hours:** \(TextFormat.hours(summary.hours))  ")
        out.append("**Prepared:** \(LogDate.long(String(record.exportedAt.prefix(10)))) with crosswalk")
        out.append("")

        guard !record.entries.isEmpty else {
            out.append("No learning is recorded for this period.")
            return out.joined(separator: "\n") + "\n"
        }

        out.append("## Summary")
        out.append("")
        out.append("| CPL core learning element | Entries | Hours |")
        out.append("|---|---:|---:|")
        for row in summary.elements {
            let label = row.code.isEmpty ? row.name : "\(row.code) \(row.name)"
            out.append("| \(inline(label)) | \(row.entries) | \(TextFormat.hours(row.hours)) |")
        }
        out.append("")
        out.append("| Leadership capability | Entries | Hours |")
        out.append("|---|---:|---:|")
        for row in summary.capabilities {
            out.append("| \(inline(row.name)) | \(row.entries) | \(TextFormat.hours(row.hours)) |")
        }
        out.append("")
        // Frameworks with suggestions only have no confirmed evidence to show.
        let frameworks = summary.frameworks.filter { $0.entries > 0 }
        if !frameworks.isEmpty {
            out.append("| Standards framework | Entries | Hours |")
            out.append("|---|---:|---:|")
            for row in frameworks {
                out.append("| \(inline(row.name)) | \(row.entries) | \(TextFormat.hours(row.hours)) |")
            }
            out.append("")
        }
        if !summary.capabilityNamesWithoutEvidence.isEmpty {
            out.append("Capabilities with no confirmed evidence yet: \(summary.capabilityNamesWithoutEvidence.joined(separator: ", ")).")
            out.append("")
        }

        for group in record.entriesByElement {
            out.append("## " + (group.element.map { "\($0.code) \(inline($0.title))" } ?? "Learning without a CPL element"))
            out.append("")
            for entry in group.entries {
                out.append("### \(LogDate.long(entry.date)): \(inline(entry.title))")
                out.append("")
                var facts: [String] = []
                if let hours = entry.hours { facts.append("\(TextFormat.hours(hours)) hour\(hours == 1 ? "" : "s")") }
                if let thing = entry.thing { facts.append(inline(record.thingLabel(thing))) }
                facts.append(record.wordsLabel(entry))
                facts.append("log entry \(entry.id)")
                out.append("*" + facts.joined(separator: " · ") + "*")
                out.append("")
                if !entry.text.isEmpty {
                    out.append(block(entry.text.trimmed()))
                    out.append("")
                }
                let counts = record.capabilityNames(evidencedBy: entry)
                if !counts.isEmpty {
                    out.append("Counts as evidence of: \(counts.map(inline).joined(separator: ", ")).")
                    out.append("")
                }
                let confirmed = entry.references(.confirmed)
                if !confirmed.isEmpty {
                    out.append("Evidence of:")
                    out.append("")
                    for reference in confirmed {
                        var line = "- \(kindLabel(reference.kind)) `\(reference.code)` \(inline(record.title(of: reference)))"
                        if let framework = record.infos[reference.code]?.frameworkName, !["capability", "indicator"].contains(reference.kind) {
                            line += " (\(inline(framework)))"
                        }
                        if record.infos[reference.code] == nil { line += " (no longer in the reference data)" }
                        out.append(line)
                    }
                    out.append("")
                }
                let open = entry.references(.suggested).count
                if open > 0 {
                    out.append("*\(open) suggested reference\(open == 1 ? "" : "s") not yet reviewed.*")
                    out.append("")
                }
            }
        }
        let cited = record.documentsCited
        if !cited.isEmpty {
            out.append("## Sources")
            out.append("")
            for source in cited {
                var line = "- \(inline(source.document.citation))"
                if let url = source.url { line += " <\(url)>" }
                line += " (for \(source.codes.map { "`\($0)`" }.joined(separator: ", ")))"
                out.append(line)
            }
            out.append("")
        }
        // Each block ends in a blank line; the document ends in one line end.
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
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
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line in
            let line = escaped(String(line))
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            // Four spaces make a code block, which Markdown shows as written anyway.
            guard indent < 4, let first = rest.first else { return line }
            let underline = (first == "=" || first == "-") && rest.allSatisfy { $0 == first || $0 == " " }
            return first == "#" || underline ? String(line.prefix(indent)) + "\\" + rest : line
        }.joined(separator: "\n")
    }

    /// `&`, `<` and `>` as entities, so the text never becomes HTML (and `>` never a quote);
    /// `|` escaped, so it never makes a table.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "|", with: "\\|")
    }
}
