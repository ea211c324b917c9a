/// A failure reading a Cloudflare account: a stable code and a message that says what went wrong and what to do.
///
/// Messages never contain the API token: they are built from our own words, and text from the API passes through
/// ``APIToken/redact(_:)`` first.
package struct CloudflareError: Error, Sendable, CustomStringConvertible, Equatable {
    package struct Code: RawRepresentable, Sendable, Hashable {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let missingCredentials = Code(rawValue: "missingCredentials")
        package static let invalidConfiguration = Code(rawValue: "invalidConfiguration")
        package static let unauthorized = Code(rawValue: "unauthorized")
        package static let forbidden = Code(rawValue: "forbidden")
        package static let rateLimited = Code(rawValue: "rateLimited")
        package static let unavailable = Code(rawValue: "unavailable")
        package static let timedOut = Code(rawValue: "timedOut")
        package static let malformedResponse = Code(rawValue: "malformedResponse")
        package static let queryFailed = Code(rawValue: "queryFailed")
        package static let unknownNamespace = Code(rawValue: "unknownNamespace")
        package static let ambiguousNamespace = Code(rawValue: "ambiguousNamespace")
    }

    package var code: Code
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
