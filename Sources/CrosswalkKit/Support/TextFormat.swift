import Foundation

/// Numbers written as people write them.
public enum TextFormat {
    /// `value` with at most `places` decimals, trailing zeros dropped: 0.5, 0.125, 1.
    public static func decimal(_ value: Double, places: Int) -> String {
        var text = String(format: "%.\(places)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// Hours of learning: "2", "1.5", "0.25".
    public static func hours(_ hours: Double) -> String { decimal(hours, places: 2) }
}
