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
        if !summary.frameworks.isEmpty {
            out.append("| Standards framework | Entries | Hours |")
            out.append("|---|---:|---:|")
            for row in summary.frameworks where row.entries > 0 {
                out.append("| \(inline(row.name)) | \(row.entries) | \(TextFormat.hours(row.hours)) |")
            }
            out.append("")
        }
        if !summary.capabilitiesWithoutEvidence.isEmpty {
            let names = summary.capabilities.filter { $0.entries == 0 }.map(\.name)
            out.append("Capabilities with no confirmed evidence yet: \(names.joined(separator: ", ")).")
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
                    out.append(entry.text.trimmingCharacters(in: .whitespacesAndNewlines))
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

    /// Text for one line of Markdown: line breaks flattened, table pipes escaped.
    static func inline(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").replacingOccurrences(of: "|", with: "\\|")
    }
}
