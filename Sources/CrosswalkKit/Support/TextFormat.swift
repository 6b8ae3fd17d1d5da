import Foundation

/// Numbers written as people write them.
public enum TextFormat {
    /// `value` with at most `places` decimals, trailing zeros dropped: 0.5, 0.125, 1.
    public static func decimal(_ value: Double, places: Int) -> String {
        var text = fixed(value, places: places)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `value` as C's `%.Nf` writes it (what `String(format:)` gives, without building a format
    /// string and a Foundation string for it: an export writes one per reference).
    static func fixed(_ value: Double, places: Int) -> String {
        withVaList([Int32(places), value]) { arguments in
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
                let written = vsnprintf(buffer.baseAddress, buffer.count, "%.*f", arguments)
                guard written >= 0, Int(written) < buffer.count else { return String(format: "%.\(places)f", value) }
                return String(cString: buffer.baseAddress!)
            }
        }
    }

    /// Hours of learning: "2", "1.5", "0.25".
    public static func hours(_ hours: Double) -> String { decimal(hours, places: 2) }
}
