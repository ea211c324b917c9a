/// A number with its unit found in a description, e.g. "2,000 rps" or "200 users per room".
package struct ExtractedQuantity: Sendable, Equatable, Codable {
    /// What the number measures.
    package enum Kind: String, Sendable, Codable {
        /// Events per second (a rate given per minute, hour, day or month is converted).
        case rate
        /// A count of things (`noun` says of what).
        case count
        /// Bytes (GB = 10^9 bytes, as Cloudflare bills).
        case bytes
        /// Days.
        case days
        /// Milliseconds.
        case milliseconds
        /// Seconds.
        case seconds
    }

    /// The words as written, e.g. "50k users".
    package var text: String
    package var kind: Kind
    /// The value in the kind's unit (per second, bytes, days...).
    package var value: Double
    /// The thing counted or the event measured ("users", "requests", "messages"), when named.
    package var noun: String?
    /// The thing it is "per" ("room" in "200 users per room"), when named.
    package var per: String?

    package init(text: String, kind: Kind, value: Double, noun: String? = nil, per: String? = nil) {
        self.text = text
        self.kind = kind
        self.value = value
        self.noun = noun
        self.per = per
    }
}
