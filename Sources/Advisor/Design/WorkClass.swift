/// How much work one request does, which sets the rate one object can carry.
///
/// Ranges from the Rules of Durable Objects page (https://developers.cloudflare.com/durable-objects/best-practices/rules-of-durable-objects/,
/// 2026-08-20): about 1,000 requests/s for pass-through work, 500-750 for moderate work (JSON), 200-500 for complex
/// work or storage writes; the limits page gives about 1,000 requests/s per object as the soft limit
/// (https://developers.cloudflare.com/durable-objects/platform/limits/). The page says to plan for the range, so the
/// budget is its low end.
package enum WorkClass: String, Sendable, Codable {
    case simple
    case moderate
    case storageWrites = "storage-writes"

    /// Requests per second planned per object: the low end of the documented range.
    package var budgetRps: Double {
        switch self {
        case .simple: 1_000
        case .moderate: 500
        case .storageWrites: 200
        }
    }

    /// The high end of the documented range.
    package var upperRps: Double {
        switch self {
        case .simple: 1_000
        case .moderate: 750
        case .storageWrites: 500
        }
    }

    package var rangeText: String {
        switch self {
        case .simple: "about 1,000 requests/s per object for simple pass-through work"
        case .moderate: "500-750 requests/s per object for moderate work (parsing and building JSON)"
        case .storageWrites: "200-500 requests/s per object for complex work or storage writes"
        }
    }

    package static let source = "https://developers.cloudflare.com/durable-objects/best-practices/rules-of-durable-objects/"
}
