/// An error of the server layer: a stable code and a message that says what went wrong and what to do.
package struct ServerError: Error, Sendable, CustomStringConvertible {
    package struct Code: RawRepresentable, Sendable, Hashable {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let dataDirectory = Code(rawValue: "dataDirectory")
        package static let bundledContent = Code(rawValue: "bundledContent")
        package static let invalidArguments = Code(rawValue: "invalidArguments")
        package static let toolFailed = Code(rawValue: "toolFailed")
    }

    package var code: Code
    package var message: String

    package init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
