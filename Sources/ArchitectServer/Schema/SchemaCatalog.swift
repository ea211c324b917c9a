import BundledContent
import Foundation
import JSONModel

/// The JSON Schemas of `Schemas/`, one input and one output schema per tool, embedded at build time.
///
/// They are the single source of truth: the tool list is built from them and arguments are validated
/// against them.
package struct SchemaCatalog: Sendable {
    package struct ToolSchemas: Sendable {
        package var input: JSON
        package var output: JSON
        package var inputValidator: JSONSchemaValidator { JSONSchemaValidator(schema: input) }
        package var outputValidator: JSONSchemaValidator { JSONSchemaValidator(schema: output) }
    }

    /// Schemas by tool name.
    package var tools: [String: ToolSchemas]

    /// Reads `Schemas/<tool>.input.json` and `Schemas/<tool>.output.json` from a list of files.
    /// - Throws: ``ServerError`` naming a file that is not JSON, or a tool missing one of its two schemas.
    package init(files: [BundledContent.File]) throws {
        var inputs: [String: JSON] = [:]
        var outputs: [String: JSON] = [:]
        for file in files where file.path.hasSuffix(".json") {
            let name = (file.path as NSString).lastPathComponent
            let value: JSON
            do {
                value = try JSONReader.read(file.text)
            } catch {
                throw ServerError(code: .bundledContent, message: "\(file.path) is not valid JSON: \(error).")
            }
            if name.hasSuffix(".input.json") {
                inputs[String(name.dropLast(".input.json".count))] = value
            } else if name.hasSuffix(".output.json") {
                outputs[String(name.dropLast(".output.json".count))] = value
            }
        }
        var tools: [String: ToolSchemas] = [:]
        for name in Set(inputs.keys).union(outputs.keys) {
            guard let input = inputs[name], let output = outputs[name] else {
                throw ServerError(code: .bundledContent, message: "Tool \(name) needs both Schemas/\(name).input.json and Schemas/\(name).output.json.")
            }
            tools[name] = ToolSchemas(input: input, output: output)
        }
        self.tools = tools
    }

    /// The schemas embedded in this binary.
    package static func bundled() throws -> SchemaCatalog {
        try SchemaCatalog(files: BundledContent.files(in: "Schemas"))
    }
}
