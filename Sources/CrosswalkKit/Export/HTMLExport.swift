import Foundation

/// `--format html`: one self-contained page to show a manager or bring to supervision. Styles
/// and the chart are inline (no fonts, scripts or images fetched from anywhere), so the file
/// opens offline, can be mailed as it is, and prints cleanly.
public enum HTMLExport {
    /// One colour per capability, in canonical order; readable on white and in greyscale print.
    static let palette = ["#2f6690", "#7a4f9a", "#c2410c", "#b45309", "#0f766e", "#be185d"]

    static func render(_ record: ExportRecord, to out: DocumentWriter) throws {
        let summary = record.summary
        let title = record.name.map { "Learning record: \($0)" } ?? "Continuous professional learning record"
        var html = """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="crosswalk">
            <title>\(escape(title))</title>
            <style>\(stylesheet)</style>
            </head>
            <body>
            <main>
            <header class="masthead">
            <p class="eyebrow">Continuous professional learning record</p>
            <h1>\(escape(record.name ?? "My learning record"))</h1>
            <p class="period">\(escape(record.period))</p>
            <dl class="stats">
            \(stat("Entries", String(summary.entries)))
            \(stat("Hours", TextFormat.hours(summary.hours)))
            \(stat("Capabilities evidenced", "\(summary.capabilities.count - summary.capabilitiesWithoutEvidence.count) of \(summary.capabilities.count)"))
            \(stat("CPL elements covered", "\(summary.elements.filter { !$0.code.isEmpty && $0.entries > 0 }.count) of \(record.elements.count)"))
            </dl>
            </header>

            """
        if record.count == 0 {
            html += "<p class=\"empty\">No learning is recorded for this period.</p>\n"
        } else {
            html += overview(record)
            try out.write(html)
            html = ""
            try entries(record, to: out)
        }
        html += """
            <footer>
            <p>Prepared on \(escape(LogDate.long(String(record.exportedAt.prefix(10))))) with crosswalk. Evidence counts only references the learner confirmed\
            \(summary.entriesToReview > 0 ? "; \(summary.entriesToReview) entr\(summary.entriesToReview == 1 ? "y has" : "ies have") suggestions not yet reviewed" : ""). \
            Capabilities are the SSSC leadership capabilities; CPL elements are the SSSC core learning elements.</p>
            </footer>
            </main>
            </body>
            </html>

            """
        try out.write(html)
    }

    static func stat(_ label: String, _ value: String) -> String {
        "<div><dt>\(escape(label))</dt><dd>\(escape(value))</dd></div>"
    }

    // MARK: Overview: chart and tables

    static func overview(_ record: ExportRecord) -> String {
        let summary = record.summary
        var html = "<section class=\"overview\">\n<h2>Evidence per leadership capability</h2>\n"
        html += chart(summary.capabilities)
        if !summary.capabilityNamesWithoutEvidence.isEmpty {
            html += "<p class=\"gap\"><strong>No confirmed evidence yet:</strong> \(escape(summary.capabilityNamesWithoutEvidence.joined(separator: ", ")))</p>\n"
        }
        html += "<div class=\"tables\">\n"
        html += table("CPL core learning element", summary.elements.map { row in
            (row.code.isEmpty ? row.name : "\(row.code) \(row.name)", row.entries, row.hours)
        })
        let frameworks = summary.frameworks.filter { $0.entries > 0 }
        if !frameworks.isEmpty {
            html += table("Standards", frameworks.map { ($0.name, $0.entries, $0.hours) })
        }
        html += "</div>\n</section>\n"
        return html
    }

    /// Horizontal bars, one per capability: confirmed entries solid, suggestions awaiting review
    /// as a pale extension, the counts written at the end of each bar.
    static func chart(_ rows: [LogSummary.Row]) -> String {
        let width = 780.0, labelWidth = 226.0, countWidth = 240.0, rowHeight = 38.0, barHeight = 20.0, top = 8.0
        let barArea = width - labelWidth - countWidth
        let maximum = Double(max(1, rows.map { $0.entries + $0.suggestedEntries }.max() ?? 1))
        let height = top * 2 + rowHeight * Double(rows.count) + 26
        let described = rows.map { "\($0.name): \($0.entries) confirmed" }.joined(separator: "; ")
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" width="100%" role="img" aria-labelledby="chart-title">
            <title id="chart-title">\(escape("Entries with confirmed evidence per capability: " + described))</title>

            """
        // Grid lines at whole numbers of entries, so bars can be read off.
        let step = max(1, Int((maximum / 5).rounded(.up)))
        var tick = 0
        while Double(tick) <= maximum {
            let x = labelWidth + barArea * Double(tick) / maximum
            svg += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x))\" y2=\"\(fmt(height - 22))\" class=\"grid\"/>"
            svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(height - 6))\" class=\"tick\" text-anchor=\"middle\">\(tick)</text>\n"
            tick += step
        }
        for (index, row) in rows.enumerated() {
            let y = top + rowHeight * Double(index)
            let colour = palette[index % palette.count]
            let solid = barArea * Double(row.entries) / maximum
            let pale = barArea * Double(row.suggestedEntries) / maximum
            let middle = y + rowHeight / 2
            svg += "<text x=\"\(fmt(labelWidth - 14))\" y=\"\(fmt(middle + 5))\" class=\"label\" text-anchor=\"end\">\(escape(row.name))</text>\n"
            svg += "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(middle - barHeight / 2))\" width=\"\(fmt(barArea))\" height=\"\(fmt(barHeight))\" rx=\"4\" class=\"track\"/>\n"
            if pale > 0 {
                svg += "<rect x=\"\(fmt(labelWidth + solid))\" y=\"\(fmt(middle - barHeight / 2))\" width=\"\(fmt(pale))\" height=\"\(fmt(barHeight))\" rx=\"4\" fill=\"\(colour)\" fill-opacity=\"0.25\"/>\n"
            }
            if solid > 0 {
                svg += "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(middle - barHeight / 2))\" width=\"\(fmt(solid))\" height=\"\(fmt(barHeight))\" rx=\"4\" fill=\"\(colour)\"/>\n"
            }
            var count = "\(row.entries) entr\(row.entries == 1 ? "y" : "ies")"
            if row.hours > 0 { count += " · \(TextFormat.hours(row.hours)) h" }
            if row.suggestedEntries > 0 { count += " · +\(row.suggestedEntries) to review" }
            svg += "<text x=\"\(fmt(labelWidth + solid + pale + 10))\" y=\"\(fmt(middle + 5))\" class=\"count\">\(escape(count))</text>\n"
        }
        svg += "</svg>\n"
        if rows.contains(where: { $0.suggestedEntries > 0 }) {
            svg += "<p class=\"legend\"><span class=\"swatch solid\"></span>confirmed evidence <span class=\"swatch pale\"></span>suggested, not yet reviewed</p>\n"
        }
        return svg
    }

    static func table(_ heading: String, _ rows: [(String, Int, Double)]) -> String {
        var html = "<table>\n<thead><tr><th scope=\"col\">\(escape(heading))</th><th scope=\"col\" class=\"num\">Entries</th><th scope=\"col\" class=\"num\">Hours</th></tr></thead>\n<tbody>\n"
        for (label, entries, hours) in rows {
            html += "<tr\(entries == 0 ? " class=\"zero\"" : "")><td>\(escape(label))</td><td class=\"num\">\(entries)</td><td class=\"num\">\(TextFormat.hours(hours))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    // MARK: Entries

    static func entries(_ record: ExportRecord, to out: DocumentWriter) throws {
        try out.write("<section class=\"entries\">\n<h2>Entries</h2>\n")
        let capabilityIndex = Dictionary(uniqueKeysWithValues: record.capabilities.enumerated().map { ($1.id, $0) })
        try record.forEachEntryByElement(group: { element in
            let heading = element.map { "\($0.code) · \($0.title)" } ?? "No CPL element"
            try out.write("<h3 class=\"element\">\(escape(heading))</h3>\n")
        }, entry: { entry in
            var html = "<article class=\"entry\" id=\"entry-\(entry.id)\">\n<header>\n"
            html += "<time datetime=\"\(escape(entry.date))\">\(escape(LogDate.long(entry.date)))</time>\n"
            html += "<h4>\(escape(entry.title))</h4>\n<ul class=\"meta\">"
            if let hours = entry.hours { html += "<li>\(TextFormat.hours(hours)) hour\(hours == 1 ? "" : "s")</li>" }
            if let thing = entry.thing { html += "<li>\(escape(record.thingLabel(thing)))</li>" }
            html += "<li>\(escape(record.wordsLabel(entry)))</li><li>entry \(entry.id)</li></ul>\n</header>\n"
            if !entry.text.isEmpty { html += paragraphs(entry.text) }
            html += evidence(entry, record: record, capabilityIndex: capabilityIndex)
            let open = entry.references(.suggested).count
            if open > 0 {
                html += "<p class=\"pending\">\(open) suggested reference\(open == 1 ? "" : "s") not yet reviewed</p>\n"
            }
            html += "</article>\n"
            try out.write(html)
        })
        try out.write("</section>\n")
        let cited = record.documentsCited
        if !cited.isEmpty {
            var html = "<section class=\"sources\">\n<h2>Sources</h2>\n<ul class=\"refs\">\n"
            for source in cited {
                let title = source.url.map { "<a href=\"\(escape($0))\">\(escape(source.document.citation))</a>" }
                    ?? escape(source.document.citation)
                html += "<li class=\"ref\">\(title)<span class=\"framework\">for \(escape(source.codes.joined(separator: ", ")))</span></li>\n"
            }
            try out.write(html + "</ul>\n</section>\n")
        }
    }

    /// Confirmed references: capabilities as coloured tags, then indicators and standards as a
    /// list, each with the framework it belongs to.
    static func evidence(_ entry: LogEntry, record: ExportRecord, capabilityIndex: [String: Int]) -> String {
        let references = entry.references(.confirmed)
        let evidenced = record.evidence.capabilities(evidencedBy: entry.id)
        guard !references.isEmpty || !evidenced.isEmpty else { return "" }
        func accent(_ info: ReferenceInfo?) -> String {
            guard let capability = info?.capability, let index = capabilityIndex[capability] else { return "" }
            return " style=\"--accent: \(palette[index % palette.count])\""
        }
        // The link goes to the publisher's address, never to a copy on a mirror site; the
        // document is cited on hover and in the sources at the end.
        func code(_ reference: LogReference, _ info: ReferenceInfo?) -> String {
            let cite = info?.citation.map { " title=\"\(escape($0))\"" } ?? ""
            if let url = info?.referenceURL, url.hasPrefix("http") {
                return "<a href=\"\(escape(url))\" class=\"code\"\(cite)>\(escape(reference.code))</a>"
            }
            return "<span class=\"code\"\(cite)>\(escape(reference.code))</span>"
        }
        var html = "<div class=\"evidence\">\n<p class=\"evidence-label\">Evidence of</p>\n"
        // The capabilities the entry evidences (LogEvidence): directly, or through an
        // indicator or a standard linked to them.
        if !evidenced.isEmpty {
            html += "<ul class=\"capabilities\">"
            for capability in evidenced {
                let index = capabilityIndex[capability.id].map { " style=\"--accent: \(palette[$0 % palette.count])\"" } ?? ""
                html += "<li class=\"capability\"\(index)>\(escape(capability.name))</li>"
            }
            html += "</ul>\n"
        }
        let others = references.filter { $0.kind != "capability" }
        if !others.isEmpty {
            html += "<ul class=\"refs\">\n"
            for reference in others {
                let info = record.infos[reference.code]
                var context = ""
                if info == nil {
                    context = "no longer in the reference data"
                } else if reference.kind == "indicator", let capability = info?.capability {
                    context = "Indicator of " + (record.capabilities.first { $0.id == capability }?.name ?? capability)
                } else if let framework = info?.frameworkName {
                    context = framework
                }
                html += "<li class=\"ref \(escape(reference.kind))\"\(accent(info))>\(code(reference, info)) "
                    + "<span class=\"name\">\(escape(record.title(of: reference)))</span>"
                    + (context.isEmpty ? "" : "<span class=\"framework\">\(escape(context))</span>") + "</li>\n"
            }
            html += "</ul>\n"
        }
        return html + "</div>\n"
    }

    /// The worker's text as paragraphs: a blank line starts a new one, a single break stays a break.
    static func paragraphs(_ text: String) -> String {
        let normalised = text.utf8.contains(UInt8(ascii: "\r")) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        return blocks(normalised)
            .map { $0.trimmed() }
            .filter { !$0.isEmpty }
            .map { paragraph in
                let escaped = escape(paragraph)
                let broken = escaped.utf8.contains(UInt8(ascii: "\n")) ? escaped.replacingOccurrences(of: "\n", with: "<br>") : escaped
                return "<p>" + broken + "</p>"
            }
            .joined(separator: "\n") + "\n"
    }

    /// `text.components(separatedBy: "\n\n")`. Without a carriage return every line feed is a
    /// character of its own, so the text can be cut at its bytes, which is much quicker; with one
    /// ("\r\n" is a single character) Foundation decides.
    static func blocks(_ text: String) -> [String] {
        guard !text.utf8.contains(UInt8(ascii: "\r")) else { return text.components(separatedBy: "\n\n") }
        var blocks: [String] = []
        var copy = text
        copy.withUTF8 { bytes in
            var start = 0, index = 0
            while index + 1 < bytes.count {
                if bytes[index] == 0x0A, bytes[index + 1] == 0x0A {
                    blocks.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    index += 2
                    start = index
                } else {
                    index += 1
                }
            }
            blocks.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
        }
        return blocks
    }

    /// `&`, `<`, `>`, `"` and `'` as entities, character by character: a mark that combines
    /// with one of them makes another character, which is left as it is. Such a mark (or a
    /// prepended character) can only sit next to it as a byte of 0x80 or more, so text where
    /// each of them has plain ASCII on both sides is escaped byte by byte, which is quicker.
    static func escape(_ text: String) -> String {
        func isSpecial(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        }
        enum Way { case unchanged, characterwise, bytewise(String) }
        var copy = text
        let way: Way = copy.withUTF8 { bytes in
            var found = false
            for index in bytes.indices where isSpecial(bytes[index]) {
                found = true
                if (index > 0 && bytes[index - 1] >= 0x80) || (index + 1 < bytes.count && bytes[index + 1] >= 0x80) {
                    return .characterwise
                }
            }
            guard found else { return .unchanged }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 64)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "&"): out += "&amp;".utf8
                case UInt8(ascii: "<"): out += "&lt;".utf8
                case UInt8(ascii: ">"): out += "&gt;".utf8
                case UInt8(ascii: "\""): out += "&quot;".utf8
                case UInt8(ascii: "'"): out += "&#39;".utf8
                default: out.append(byte)
                }
            }
            return .bytewise(String(decoding: out, as: UTF8.self))
        }
        switch way {
        case .unchanged: return text
        case .bytewise(let escaped): return escaped
        case .characterwise: break
        }
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func fmt(_ value: Double) -> String { TextFormat.decimal(value, places: 1) }

    static let stylesheet = """

        :root { --ink: #1f2933; --muted: #5f6b7a; --line: #e3e7ec; --paper: #ffffff; --wash: #f5f7f9; --brand: #2f6690; }
        * { box-sizing: border-box; }
        html { background: var(--wash); }
        body { margin: 0; color: var(--ink); font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
        main { max-width: 860px; margin: 0 auto; padding: 40px 32px 56px; background: var(--paper); min-height: 100vh; }
        h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
        h1 { font-size: 2rem; letter-spacing: -0.01em; }
        h2 { font-size: 1.3rem; margin: 40px 0 16px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
        .eyebrow { margin: 0 0 4px; color: var(--brand); font-size: 0.8rem; font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase; }
        .period { margin: 4px 0 0; color: var(--muted); }
        .stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 28px 0 0; }
        .stats div { background: var(--wash); border-radius: 8px; padding: 12px 14px; }
        .stats dt { color: var(--muted); font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.05em; }
        .stats dd { margin: 2px 0 0; font-size: 1.6rem; font-weight: 700; font-variant-numeric: tabular-nums; }
        svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; }
        svg .label { font-size: 14px; fill: var(--ink); }
        svg .count { font-size: 13px; fill: var(--muted); font-variant-numeric: tabular-nums; }
        svg .tick { font-size: 11px; fill: var(--muted); }
        svg .grid { stroke: var(--line); stroke-width: 1; }
        svg .track { fill: var(--wash); }
        .legend { color: var(--muted); font-size: 0.85rem; margin: 4px 0 0; }
        .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin: 0 6px -1px 12px; background: var(--brand); }
        .swatch.solid { margin-left: 0; }
        .swatch.pale { opacity: 0.25; }
        .gap { background: #fff7e6; border-left: 4px solid #d97706; padding: 10px 14px; border-radius: 4px; }
        .tables { display: grid; grid-template-columns: 1fr; gap: 24px; margin-top: 24px; }
        table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
        th { text-align: left; color: var(--muted); font-weight: 600; font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.05em; border-bottom: 1px solid var(--line); padding: 6px 8px; }
        td { padding: 7px 8px; border-bottom: 1px solid var(--line); }
        .num { text-align: right; font-variant-numeric: tabular-nums; width: 6em; }
        tr.zero td { color: var(--muted); }
        h3.element { font-size: 1rem; color: var(--brand); margin: 32px 0 12px; text-transform: uppercase; letter-spacing: 0.05em; }
        .entry { border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px; margin: 0 0 16px; break-inside: avoid; }
        .entry time { color: var(--muted); font-size: 0.85rem; font-weight: 600; }
        .entry h4 { font-size: 1.15rem; margin: 2px 0 6px; }
        .meta { list-style: none; margin: 0 0 10px; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 16px; color: var(--muted); font-size: 0.85rem; }
        .entry p { margin: 0 0 10px; }
        .evidence { margin-top: 14px; padding-top: 12px; border-top: 1px dashed var(--line); }
        .evidence-label { margin: 0 0 8px; color: var(--muted); font-size: 0.72rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.08em; }
        .capabilities { list-style: none; margin: 0 0 10px; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
        .capability { --accent: #64748b; color: #fff; background: var(--accent); border-radius: 999px; padding: 2px 12px; font-size: 0.82rem; font-weight: 600; }
        .refs { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
        .ref { --accent: #94a3b8; border-left: 3px solid var(--accent); background: var(--wash); padding: 5px 10px; border-radius: 0 6px 6px 0; font-size: 0.88rem; line-height: 1.45; }
        .ref a.code { color: inherit; text-decoration: none; border-bottom: 1px dotted var(--muted); }
        .ref .code { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; font-size: 0.8rem; font-weight: 700; margin-right: 4px; }
        .ref .framework { display: block; color: var(--muted); font-size: 0.76rem; }
        .pending { color: var(--muted); font-size: 0.82rem; font-style: italic; margin: 8px 0 0; }
        .empty { color: var(--muted); margin-top: 32px; }
        footer { margin-top: 40px; padding-top: 14px; border-top: 1px solid var(--line); color: var(--muted); font-size: 0.82rem; }
        @media (max-width: 640px) { main { padding: 24px 16px; } .stats { grid-template-columns: repeat(2, 1fr); } }
        @media print {
          html, body { background: #fff; }
          main { max-width: none; padding: 0; min-height: 0; }
          h2 { break-after: avoid; }
          .entry { border-color: #ccc; }
          .capability, .stats div, .ref { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          a { color: inherit; }
        }

        """
}
