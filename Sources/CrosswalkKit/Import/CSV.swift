/// A strict RFC 4180 reader that remembers the line each record starts on, so every problem
/// can be reported as FILE:LINE.
public struct CSVRecord: Sendable {
    public let line: Int
    public let fields: [String]
}

public struct CSVSyntaxError: Error, Sendable, Equatable {
    public let line: Int
    public let message: String
}

public enum CSV {
    /// Parses `text` into records. Blank lines are skipped; a byte-order mark is ignored.
    /// Throws on the first syntax error, since nothing after an unbalanced quote can be trusted.
    public static func parse(_ text: String) throws(CSVSyntaxError) -> [CSVRecord] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }

        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
            newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = 0
        var fieldWasQuoted = false

        func refuseNUL(_ byte: UInt8) throws(CSVSyntaxError) {
            guard byte == 0 else { return }
            throw CSVSyntaxError(line: line, message: "field \(fields.count + 1) contains a NUL character (U+0000), which is not text (save the file as \"CSV UTF-8\")")
        }
        func finishField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func finishRecord() {
            finishField()
            let blank = fields.count == 1 && fields[0].isEmpty
            if !blank { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                guard field.isEmpty, !fieldWasQuoted else {
                    throw CSVSyntaxError(line: line, message: "a quote inside an unquoted field (wrap the whole field in quotes and double the quote)")
                }
                // Quoted field: runs to the next lone quote, possibly across lines.
                let openedOn = line
                fieldWasQuoted = true
                index += 1
                var closed = false
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    if inner == newline { line += 1 }
                    try refuseNUL(inner)
                    field.append(inner)
                    index += 1
                }
                guard closed else {
                    throw CSVSyntaxError(line: openedOn, message: "unbalanced quote: the quoted field opened here never closes")
                }
                if index < bytes.count {
                    let next = bytes[index]
                    if next != comma && next != newline && next != carriageReturn {
                        throw CSVSyntaxError(line: line, message: "unexpected text after a closing quote")
                    }
                }
                continue
            }
            switch byte {
            case comma:
                finishField()
            case carriageReturn where index + 1 < bytes.count && bytes[index + 1] == newline:
                break // the \n that follows ends the record
            case newline:
                finishRecord()
                line += 1
                recordLine = line
            default:
                if fieldWasQuoted {
                    throw CSVSyntaxError(line: line, message: "unexpected text after a closing quote")
                }
                try refuseNUL(byte)
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { finishRecord() }
        return records
    }

    /// Formats one field, quoting it only when RFC 4180 requires. Bytes, not Characters, are
    /// looked at: "\r\n" is one Character, equal to neither "\r" nor "\n", and a field holding a
    /// Windows line end must be quoted too.
    public static func escape(_ field: String) -> String {
        let quote = UInt8(ascii: "\"")
        var special = false, quotes = false
        for byte in field.utf8 {
            switch byte {
            case quote: quotes = true; special = true
            case UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"): special = true
            default: break
            }
        }
        guard special else { return field }
        guard quotes else { return "\"" + field + "\"" }
        // Each quote doubled; a quote is one byte of UTF-8, never part of another character.
        var bytes: [UInt8] = [quote]
        bytes.reserveCapacity(field.utf8.count + 16)
        for byte in field.utf8 {
            if byte == quote { bytes.append(quote) }
            bytes.append(byte)
        }
        bytes.append(quote)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",")
    }
}
