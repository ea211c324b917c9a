/// A Cloudflare API token. It prints, dumps and reflects as `<redacted>`; only ``authorizationHeader`` reveals it.
package struct APIToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let secret: String

    package init(_ secret: String) {
        self.secret = secret
    }

    /// `Bearer <token>`, for the `Authorization` header and nothing else.
    package var authorizationHeader: String { "Bearer \(secret)" }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
    package var customMirror: Mirror { Mirror(self, children: []) }

    /// `text` with every occurrence of the token replaced by `<redacted>` (for text that came from elsewhere).
    package func redact(_ text: String) -> String {
        secret.count < 4 ? text : text.replacingOccurrences(of: secret, with: "<redacted>")
    }
}
