import Foundation

/// Rules for the text crosswalk keeps: a learning log entry, a backup being restored.
public enum TextInput {
    /// The largest piece of writing crosswalk reads or keeps: a reflection, not a book. It is
    /// the limit for one entry's text, not for a backup of many entries.
    public static let largestText = 8 << 20

    /// The line (from 1) of the first NUL character in `text`, if it has one. A NUL is not text:
    /// a file holding one is UTF-16, a word-processor file or binary, and SQLite and C strings
    /// treat it as the end, so crosswalk refuses it rather than keep half of what was meant.
    public static func lineOfFirstNUL(in text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            guard let base = bytes.baseAddress, let nul = memchr(base, 0, bytes.count) else { return nil }
            let offset = UnsafeRawPointer(nul) - UnsafeRawPointer(base)
            return 1 + bytes[..<offset].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        }
    }

    /// The message for a file (or standard input) `name` with a NUL on `line`.
    public static func nulProblem(_ name: String, line: Int) -> String {
        "\(name):\(line): contains a NUL character (U+0000), which is not text; save it as plain UTF-8 text (a UTF-16 or word-processor file has them)"
    }
}
