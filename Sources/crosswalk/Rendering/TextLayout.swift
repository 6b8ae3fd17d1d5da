import CrosswalkKit

/// Plain aligned text for people: tables, wrapped paragraphs, bars. Everything here measures
/// text in terminal columns (`width(of:)`), wraps rather than cuts, and keeps within the
/// width it is given: long words (a URL) are broken, a table too wide for its columns is
/// wrapped cell by cell, and one that cannot fit at all is stacked one row per block.
enum TextLayout {
    /// Columns padded to their widest cell. When the table is wider than `width`, the
    /// `flexible` columns (by default the last) give way, widest first, and their cells wrap
    /// onto more lines, down to 15 columns or their longest word; then headers of more than
    /// one word ("EVIDENCED BY") wrap. No word is broken and no other cell is wrapped, so codes
    /// and ids stay whole. When even that cannot fit, each row becomes a block: its fixed
    /// cells on one line, its flexible cells wrapped below.
    static func table(headers: [String], rows: [[String]], width: Int, style: Style, flexible: [Int]? = nil) -> String {
        guard !headers.isEmpty else { return "" }
        let count = headers.count
        let rows = rows.map { row in (0..<count).map { $0 < row.count ? row[$0] : "" } }
        var widths = headers.map { Self.width(of: $0) }
        for row in rows {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], cell.split(whereSeparator: \.isNewline).map { Self.width(of: $0) }.max() ?? 0)
            }
        }
        let gap = 2
        let flexible = (flexible ?? [count - 1]).filter { $0 < count }
        var excess = widths.reduce(0, +) + gap * (count - 1) - width
        func longestWord(_ texts: [String]) -> Int {
            texts.flatMap { $0.split(whereSeparator: \.isWhitespace) }.map { Self.width(of: $0) }.max() ?? 0
        }
        let headerWord = headers.map { longestWord([$0]) }
        let cellWidest = (0..<count).map { index in rows.map { Self.width(of: $0[index]) }.max() ?? 0 }
        let cellWord = (0..<count).map { index in longestWord(rows.map { $0[index] }) }
        func shrink(_ columns: [Int], to minimum: [Int]) {
            while excess > 0, let widest = columns.filter({ widths[$0] > minimum[$0] }).max(by: { widths[$0] < widths[$1] }) {
                let others = columns.filter { $0 != widest && widths[$0] > minimum[$0] }.map { widths[$0] }.max() ?? minimum[widest]
                let step = max(1, min(excess, widths[widest] - max(others, minimum[widest])))
                widths[widest] -= step
                excess -= step
            }
        }
        shrink(flexible, to: (0..<count).map { max(headerWord[$0], cellWord[$0], min(widths[$0], 15)) })
        shrink(Array(0..<count), to: (0..<count).map { max(headerWord[$0], flexible.contains($0) ? widths[$0] : cellWidest[$0]) })
        if excess > 0 {
            return stacked(headers: headers, rows: rows, width: width, style: style, flexible: flexible)
        }
        func lines(_ cells: [String], isHeader: Bool) -> [String] {
            // A cell that fits is kept as it is (leading spaces and all); a longer one wraps.
            let wrapped = cells.enumerated().map { index, cell -> [String] in
                if !cell.contains(where: \.isNewline), Self.width(of: cell) <= widths[index] { return [cell] }
                return wrap(cell, width: widths[index], indent: 0, minimum: 1)
                    .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { line in
                let parts = (0..<count).map { index -> String in
                    let text = line < wrapped[index].count ? wrapped[index][line] : ""
                    return index == count - 1 ? text : text.padding(to: widths[index])
                }
                let text = trimTrailingSpaces(parts.joined(separator: String(repeating: " ", count: gap)))
                return isHeader ? style.bold(text) : text
            }
        }
        return (lines(headers, isHeader: true) + rows.flatMap { lines($0, isHeader: false) }).joined(separator: "\n")
    }

    /// `table` with one flexible column.
    static func table(headers: [String], rows: [[String]], width: Int, style: Style, flexible: Int) -> String {
        table(headers: headers, rows: rows, width: width, style: style, flexible: [flexible])
    }

    /// The fall-back of `table` for too many wide fixed columns: per row, the fixed cells on
    /// one line and every flexible cell wrapped beneath it, indented.
    private static func stacked(headers: [String], rows: [[String]], width: Int, style: Style, flexible: [Int]) -> String {
        let fixed = headers.indices.filter { !flexible.contains($0) }
        var widths = fixed.map { Self.width(of: headers[$0]) }
        for row in rows { for (slot, index) in fixed.enumerated() { widths[slot] = max(widths[slot], Self.width(of: row[index])) } }
        let fits = widths.reduce(0, +) + 2 * max(0, widths.count - 1) <= width
        func head(_ cells: [String]) -> String {
            let parts = fixed.enumerated().map { slot, index in
                fits && slot < fixed.count - 1 ? cells[index].padding(to: widths[slot]) : cells[index]
            }
            let line = trimTrailingSpaces(parts.joined(separator: "  "))
            return fits ? line : wrap(line, width: width, indent: 4)
        }
        var out = [style.bold(head(headers))]
        for row in rows {
            out.append(head(row))
            for index in flexible where !row[index].isEmpty {
                out.append("    " + wrap(row[index], width: width, indent: 4))
            }
        }
        return out.joined(separator: "\n")
    }

    /// Without the spaces at its end: only the end is looked at (a long table has a line per row).
    private static func trimTrailingSpaces(_ text: String) -> String {
        var end = text.endIndex
        while end > text.startIndex {
            let before = text.index(before: end)
            guard text[before] == " " else { break }
            end = before
        }
        return end == text.endIndex ? text : String(text[..<end])
    }

    static func table(_ listing: Listing, width: Int, style: Style) -> String {
        let visible = listing.columns.indices.filter { listing.columns[$0].inText }
        let prose = ["title", "text", "name", "definition", "edition", "publisher", "description"]
        let flexible = visible.indices.filter { prose.contains(listing.columns[visible[$0]].key) }
        return table(
            headers: visible.map { listing.columns[$0].header },
            rows: listing.rows.map { row in visible.map { plain(row[$0]) } },
            width: width, style: style, flexible: flexible.isEmpty ? nil : flexible)
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

    /// Wraps `text` at spaces to `width` columns, every line after the first indented by
    /// `indent`; the first line has `firstLineUsed` columns taken already (default: `indent`).
    /// A line break in the text is kept (any line end); a tab counts as a space. A word longer than a line (a
    /// URL, a long code) is broken, after a `/`, `-`, `_`, `.`, `?` or `&` where there is one.
    /// Lines are never narrower than `minimum` columns, whatever the indent.
    static func wrap(_ text: String, width: Int, indent: Int, firstLineUsed: Int? = nil, minimum: Int = 20) -> String {
        let room = max(minimum, width - indent)
        var lines: [String] = []
        var current = ""
        var used = 0
        func limit() -> Int { lines.isEmpty ? max(min(room, 10), width - (firstLineUsed ?? indent)) : room }
        let shortWord = min(8, room / 2)
        func finishLine() {
            lines.append(current)
            current = ""
            used = 0
        }
        // Any line end counts, "\r\n" (one Character) included.
        for (number, paragraph) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if number > 0 { finishLine() }
            for piece in paragraph.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                var word = Substring(piece)
                var wordWidth = Self.width(of: word)
                if !current.isEmpty, used + 1 + wordWidth <= limit() {
                    current += " " + word
                    used += 1 + wordWidth
                    continue
                }
                if !current.isEmpty, wordWidth <= room || limit() - used - 1 < shortWord {
                    finishLine()
                }
                while wordWidth > limit() - used - (current.isEmpty ? 0 : 1) {
                    let space = limit() - used - (current.isEmpty ? 0 : 1)
                    let (head, tail) = split(word, within: space)
                    current += (current.isEmpty ? "" : " ") + head
                    finishLine()
                    word = tail
                    wordWidth = Self.width(of: word)
                }
                current += (current.isEmpty ? "" : " ") + word
                used += (used == 0 ? 0 : 1) + wordWidth
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        while lines.count > 1, lines.last?.isEmpty == true, !text.hasSuffix("\n") { lines.removeLast() }
        return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
    }

    /// `word` cut so that its head fills at most `space` columns (at least one character),
    /// just after a natural break character in the head's second half when there is one.
    private static func split(_ word: Substring, within space: Int) -> (Substring, Substring) {
        var end = word.startIndex
        var used = 0
        var length = 0
        while end < word.endIndex {
            let next = Self.width(of: word[end])
            if used + next > space { break }
            used += next
            length += 1
            end = word.index(after: end)
        }
        if end == word.startIndex { return (word.prefix(1), word.dropFirst()) }
        let breaks: Set<Character> = ["/", "-", "_", ".", "?", "&", "=", ","]
        var index = end
        var remaining = length
        while remaining > length / 2 {
            let before = word.index(before: index)
            if breaks.contains(word[before]) { return (word[..<index], word[index...]) }
            index = before
            remaining -= 1
        }
        return (word[..<end], word[end...])
    }

    /// Columns `text` takes on a terminal: East Asian wide characters and emoji take two,
    /// combining marks none (each Character counts as its first scalar says).
    static func width(of text: some StringProtocol) -> Int {
        var total = 0
        var inEscape = false
        for character in text {
            // A colour code ("ESC [ 1 m") takes no columns.
            if inEscape {
                if let scalar = character.unicodeScalars.first, (0x40...0x7E).contains(scalar.value), character != "[" { inEscape = false }
                continue
            }
            if character == "\u{1B}" {
                inEscape = true
                continue
            }
            total += width(of: character)
        }
        return total
    }

    static func width(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let value = scalar.value
        if value < 0x1100 { return 1 }
        if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// "CODE  Title", the title wrapped under itself; under a long code (over a third of the
    /// width), the title's further lines are indented by 4 instead.
    static func heading(_ code: String, _ title: String, width: Int) -> String {
        let lead = Self.width(of: code) + 2
        let indent = lead <= width / 3 ? lead : 4
        return code + "  " + wrap(title, width: width, indent: indent, firstLineUsed: lead)
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
    /// With `lowerBound`, the rest of the bar is "░" instead of "·": the figure is at least this,
    /// and the data does not say how much more.
    static func bar(_ fraction: Double, upTo: Double? = nil, width: Int, lowerBound: Bool = false) -> String {
        func cells(_ value: Double) -> Int { Int((max(0, min(1, value)) * Double(width)).rounded()) }
        let filled = cells(fraction)
        let shaded = max(filled, cells(upTo ?? fraction))
        return String(repeating: "█", count: filled) + String(repeating: "▒", count: shaded - filled)
            + String(repeating: lowerBound ? "░" : "·", count: width - shaded)
    }

    /// "0.31", or "≥0.04" for a lower bound; always five columns wide.
    static func figure(_ number: Double, lowerBound: Bool) -> String {
        (lowerBound ? "≥" : " ") + format2(number)
    }
}

extension String {
    /// Padded with spaces to `width` terminal columns.
    func padding(to width: Int) -> String {
        let used = TextLayout.width(of: self)
        return used >= width ? self : self + String(repeating: " ", count: width - used)
    }

    /// A cell of a `width`-wide column that never runs into the next one: padded when it fits,
    /// followed by two spaces when it does not.
    func column(_ width: Int) -> String {
        TextLayout.width(of: self) + 2 > width ? self + "  " : padding(to: width)
    }
}
