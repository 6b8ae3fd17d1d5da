import CrosswalkKit

/// A passage of the writer's own text quoted under what it evidences: on one or two lines, cut
/// with an ellipsis around the words that matched, those words marked (bold on a colour
/// terminal, *between asterisks* otherwise).
enum Quote {
    static func render(_ passage: Passage, support: MappingResult.Support, width: Int, indent: Int, lines: Int = 2,
                       style: Style) -> String {
        let scalars = Array(passage.text.unicodeScalars)
        // Marks relative to the passage, clipped to it.
        let marks = support.matched.compactMap { range -> Range<Int>? in
            let lower = max(0, range.lowerBound - passage.start), upper = min(scalars.count, range.upperBound - passage.start)
            return lower < upper ? lower..<upper : nil
        }
        // White space runs read as one space; each kept scalar remembers where it came from.
        var kept: [(scalar: Unicode.Scalar, source: Int)] = []
        for (position, scalar) in scalars.enumerated() {
            if scalar.properties.isWhitespace {
                if let last = kept.last, last.scalar != " " { kept.append((" ", position)) }
            } else {
                kept.append((scalar, position))
            }
        }
        while kept.last?.scalar == " " { kept.removeLast() }
        let room = max(20, width - indent) * lines - 2
        var lower = 0, upper = kept.count
        if kept.count > room {
            // Start a little before the first marked word, on a word boundary.
            let firstMark = marks.first.flatMap { mark in kept.firstIndex { $0.source >= mark.lowerBound } } ?? 0
            lower = max(0, min(firstMark - room / 5, kept.count - room + 1))
            while lower > 0, kept[lower - 1].scalar != " " { lower -= 1 }
            upper = min(kept.count, lower + room - (lower > 0 ? 1 : 0) - 1)
            while upper < kept.count, upper > lower, kept[upper - 1].scalar != " " { upper -= 1 }
            while upper > lower, kept[upper - 1].scalar == " " { upper -= 1 }
        }
        var text = lower > 0 ? "…" : ""
        var inMark = false
        func isMarked(_ position: Int) -> Bool { marks.contains { $0.contains(kept[position].source) } }
        for position in lower..<upper {
            // A space inside one marked phrase is marked with it: *personal development plan*.
            let marked = kept[position].scalar == " "
                ? position > lower && position + 1 < upper && marks.contains { $0.contains(kept[position - 1].source) && $0.contains(kept[position + 1].source) }
                : isMarked(position)
            if marked != inMark {
                text += marked ? style.markOpen : style.markClose
                inMark = marked
            }
            text.unicodeScalars.append(kept[position].scalar)
        }
        if inMark { text += style.markClose }
        if upper < kept.count { text += "…" }
        return TextLayout.wrap("“" + text + "”", width: width, indent: indent)
    }
}
