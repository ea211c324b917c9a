import Foundation

/// Formatting of quantities for people: thousands separators, no scientific notation.
package enum Quantity {
    /// `21600000` → "21,600,000"; `0.25` → "0.25"; `1234.5` → "1,234.5".
    package static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let rounded = (value * 100).rounded() / 100
        let whole = Int(rounded.magnitude.rounded(.down))
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        let fraction = rounded.magnitude - Double(whole)
        var text = grouped
        if fraction > 0.000_1 {
            var decimals = String(format: "%.2f", fraction).dropFirst(1)  // ".25"
            while decimals.hasSuffix("0") { decimals.removeLast() }
            text += decimals
        }
        return rounded < 0 ? "-" + text : text
    }

    /// USD with cents: 3.0899 → "$3.09".
    package static func usd(_ value: Double) -> String {
        "$" + String(format: "%.2f", value)
    }
}
