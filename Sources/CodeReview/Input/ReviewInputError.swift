/// A request the reviewer cannot accept: what is wrong and how to fix it.
package struct ReviewInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable code such as `too-many-files`.
    package var code: String
    package var message: String

    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
