import CrosswalkKit

/// Plain aligned text for people: tables, wrapped paragraphs, bars.
enum TextLayout {
    /// Columns padded to their widest cell; the `flexible` column (by default the last) is cut
    /// with "…" so each line fits in `width`. Codes and ids are never cut.
    static func table(headers: [String], rows: [[String]], width: Int, style: Style, flexible: Int? = nil) -> String {
        guard !headers.isEmpty else { return "" }
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        let gap = 2
        let total = widths.reduce(0, +) + gap * (widths.count - 1)
        if total > width {
            let cut = flexible ?? widths.count - 1
            widths[cut] = max(headers[cut].count, widths[cut] - (total - width), 12)
        }
        func line(_ cells: [String], isHeader: Bool) -> String {
            var parts: [String] = []
            for (index, columnWidth) in widths.enumerated() {
                var cell = index < cells.count ? cells[index] : ""
                if cell.count > columnWidth { cell = String(cell.prefix(columnWidth - 1)) + "…" }
                let padded = index == widths.count - 1 ? cell : cell.padding(to: columnWidth)
                parts.append(padded)
            }
            let text = parts.joined(separator: String(repeating: " ", count: gap))
            let trimmed = String(text.reversed().drop(while: { $0 == " " }).reversed())
            return isHeader ? style.bold(trimmed) : trimmed
        }
        return ([line(headers, isHeader: true)] + rows.map { line($0, isHeader: false) }).joined(separator: "\n")
    }

    static func table(_ listing: Listing, width: Int, style: Style) -> String {
        let visible = listing.columns.indices.filter { listing.columns[$0].inText }
        let prose = ["title", "text", "name", "definition"]
        let flexible = visible.firstIndex { prose.contains(listing.columns[$0].key) }
        return table(
            headers: visible.map { listing.columns[$0].header },
            rows: listing.rows.map { row in visible.map { plain(row[$0]) } },
            width: width, style: style, flexible: flexible)
    }

    /// A JSON cell as text: null as "-".
    static func plain(_ value: JSON) -> String {
        switch value {
        case .null: "-"
        case .string(let text): text
        case .int(let number): String(number)
        case .number(let number): String(format2(number))
        case .bool(let flag): flag ? "yes" : "no"
        case .array(let values): values.map(plain).joined(separator: ", ")
        case .object: value.serialized(pretty: false)
        }
    }

    static func format2(_ number: Double) -> String {
        let hundredths = Int((number * 100).rounded())
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        // The sign is written apart: integer division would drop it from -0.11.
        return (hundredths < 0 ? "-" : "") + "\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Wraps `text` at word boundaries to `width`, every line after the first indented by
    /// `indent`; the first line has `firstLineUsed` columns taken already (default: `indent`).
    static func wrap(_ text: String, width: Int, indent: Int, firstLineUsed: Int? = nil) -> String {
        let room = max(20, width - indent)
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let limit = lines.isEmpty ? max(20, width - (firstLineUsed ?? indent)) : room
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= limit {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
    }

    /// Label/value pairs with the labels aligned, values wrapped.
    static func fields(_ pairs: [(String, String)], width: Int, style: Style) -> String {
        let labelWidth = (pairs.map(\.0.count).max() ?? 0) + 2
        return pairs.map { label, value in
            style.dim((label + ":").padding(to: labelWidth)) + wrap(value, width: width, indent: labelWidth)
        }.joined(separator: "\n")
    }

    /// A bar of `fraction` of `width` cells: "█████·····". With `upTo`, the cells from
    /// `fraction` to `upTo` are shaded, for a range such as "guaranteed … at most": "███▒▒·····".
    static func bar(_ fraction: Double, upTo: Double? = nil, width: Int) -> String {
        func cells(_ value: Double) -> Int { Int((max(0, min(1, value)) * Double(width)).rounded()) }
        let filled = cells(fraction)
        let shaded = max(filled, cells(upTo ?? fraction))
        return String(repeating: "█", count: filled) + String(repeating: "▒", count: shaded - filled)
            + String(repeating: "·", count: width - shaded)
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// A cell of a `width`-wide column that never runs into the next one: padded when it fits,
    /// followed by two spaces when it does not.
    func column(_ width: Int) -> String {
        count + 2 > width ? self + "  " : padding(to: width)
    }
}
