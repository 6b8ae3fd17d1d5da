/// Text as it may reach a terminal: control characters shown, never obeyed. A log entry, a
/// reference-data field or a value echoed in an error can hold an escape sequence that would
/// retitle the window, clear the screen or hide a link; every line of text output passes
/// through here once, at the output edge (`Context`), so no command can forget it.
///
/// - Newline and tab are kept; a carriage return before a newline (Windows line ends) is
///   dropped, any other is shown as `^M`.
/// - Other C0 controls and DEL are shown in caret notation, as `cat -v` and `less` do: ESC is
///   `^[`, BEL `^G`, NUL `^@`, DEL `^?`.
/// - C1 controls (U+0080 to U+009F, which some terminals obey like ESC sequences) and the
///   bidirectional embedding, override and isolate characters (which reorder what is shown)
///   are written as `\u{9B}`, `\u{202E}`.
/// - With `keepingStyles`, the colour and bold sequences crosswalk writes itself (SGR:
///   ESC [ digits and semicolons m) stay; they can only change how text looks.
/// - With `singleLine` (an error or a FILE:LINE problem, one line by contract), a line break
///   inside is a value being echoed: it shows as `^J` (and a carriage return as `^M`).
///
/// JSON output does not come here: JSON escapes these characters itself.
enum TerminalText {
    static func visible(_ text: String, keepingStyles: Bool, singleLine: Bool = false) -> String {
        guard needsWork(text, singleLine: singleLine) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        func append(_ string: String) { out.append(contentsOf: string.unicodeScalars) }
        while index < scalars.count {
            let scalar = scalars[index]
            let value = scalar.value
            switch value {
            case 0x0A where singleLine:
                append("^J")
            case 0x0A, 0x09:
                out.append(scalar)
            case 0x0D:
                if !singleLine, index + 1 < scalars.count, scalars[index + 1].value == 0x0A { break }
                append("^M")
            case 0x1B where keepingStyles:
                if let end = styleSequenceEnd(scalars, from: index) {
                    out.append(contentsOf: scalars[index...end])
                    index = end
                } else {
                    append("^[")
                }
            case 0x00..<0x20:
                append("^" + String(Unicode.Scalar(UInt8(value + 0x40))))
            case 0x7F:
                append("^?")
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069:
                append("\\u{" + String(value, radix: 16, uppercase: true) + "}")
            default:
                out.append(scalar)
            }
            index += 1
        }
        return String(out)
    }

    /// ESC [ (digits | ;)* m, ending at the index of the `m`.
    private static func styleSequenceEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var index = start + 2
        while index < scalars.count, scalars[index] == ";" || ("0"..."9").contains(scalars[index]) { index += 1 }
        return index < scalars.count && scalars[index] == "m" ? index : nil
    }

    /// One pass over the UTF-8 bytes: almost all text has nothing to change.
    private static func needsWork(_ text: String, singleLine: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x20 {
                    if byte != 0x09 && (byte != 0x0A || singleLine) { return true }
                } else if byte == 0x7F {
                    return true
                } else if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                    return true
                } else if byte == 0xE2, index + 2 < bytes.count {
                    let (second, third) = (bytes[index + 1], bytes[index + 2])
                    if second == 0x80 && (0xAA...0xAE).contains(third) || second == 0x81 && (0xA6...0xA9).contains(third) {
                        return true
                    }
                }
                index += 1
            }
            return false
        }
    }
}
