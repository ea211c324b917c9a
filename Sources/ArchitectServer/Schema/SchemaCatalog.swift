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
        /// The `default` of each top-level input property that declares one.
        package var defaults: JSONObject

        package init(input: JSON, output: JSON) {
            self.input = input
            self.output = output
            var defaults: JSONObject = [:]
            for (name, property) in input["properties"]?.objectValue ?? [:] {
                if let value = property["default"] { defaults[name] = value }
            }
            self.defaults = defaults
        }

        /// `arguments` with the schema's default for every property left out, at every depth: a property of an
        /// object given in the arguments (or of each item of an array given) gets its default too.
        package func withDefaults(_ arguments: JSONObject) -> JSONObject {
            var filled = arguments.merging(defaults) { given, _ in given }
            for (name, value) in arguments {
                switch value {
                case .object, .array:
                    if let property = input["properties"]?[name] { filled[name] = Self.fill(value, property) }
                default:
                    continue
                }
            }
            return filled
        }

        /// `value` with the defaults its schema declares below it.
        private static func fill(_ value: JSON, _ schema: JSON) -> JSON {
            switch value {
            case .object(var members):
                guard let properties = schema["properties"]?.objectValue else { return value }
                for (name, property) in properties {
                    if let member = members[name] {
                        members[name] = fill(member, property)
                    } else if let fallback = property["default"] {
                        members[name] = fallback
                    }
                }
                return .object(members)
            case .array(let items):
                guard let itemSchema = schema["items"] else { return value }
                return .array(items.map { fill($0, itemSchema) })
            default:
                return value
            }
        }

        /// A numeric bound (`minimum`, `maximum`, `minLength`, `maxLength`, `minItems`, `maxItems`) of an input
        /// property, `items.path` for a member of an array's items; nil when the schema has none.
        package func inputBound(_ property: String, _ keyword: String) -> Double? {
            Self.bound(in: input, property, keyword)
        }

        /// A numeric bound of an output property (as ``inputBound(_:_:)`` for the input), e.g. the `maxItems` of
        /// an array the engine caps.
        package func outputBound(_ property: String, _ keyword: String) -> Double? {
            Self.bound(in: output, property, keyword)
        }

        private static func bound(in root: JSON, _ property: String, _ keyword: String) -> Double? {
            var schema = root
            for part in property.split(separator: ".") {
                if part == "items" {
                    guard let items = schema["items"] else { return nil }
                    schema = items
                } else {
                    guard let member = schema["properties"]?[String(part)] else { return nil }
                    schema = member
                }
            }
            return schema[keyword]?.number
        }
        package var inputValidator: JSONSchemaValidator { JSONSchemaValidator(schema: input) }
        package var outputValidator: JSONSchemaValidator { JSONSchemaValidator(schema: output) }
    }

    /// Schemas by tool name.
    package var tools: [String: ToolSchemas]

    /// Reads `Schemas/<tool>.input.json` and `Schemas/<tool>.output.json` from a list of files.
    /// - Throws: ``ServerError`` naming a file that is not JSON, or a tool missing one of its two schemas.
    package init(files: [BundledContent.File]) throws {
        var inputs: JSONObject = [:]
        var outputs: JSONObject = [:]
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

    /// The embedded schemas, read once (nil only if they are broken, which `SchemaCatalogTests` rules out).
    package static let embedded: SchemaCatalog? = try? bundled()

    /// The `default` of a top-level input property of an embedded schema, for text that states it (a tool's
    /// description): the default lives in the schema only. A property without one is a programming error.
    package static func inputDefault(_ tool: String, _ property: String) -> JSON {
        guard let value = embedded?.tools[tool]?.defaults[property] else {
            preconditionFailure("Schemas/\(tool).input.json gives \(property) no default.")
        }
        return value
    }

    /// The `minimum`...`maximum` of an integer input property of an embedded schema, for code that enforces the
    /// same limit (the command line's options): the limit lives in the schema only. A property without both bounds
    /// is a programming error (`SchemaLimitsTests` reads every one the code asks for).
    package static func integerRange(_ tool: String, _ property: String) -> ClosedRange<Int> {
        guard let schemas = embedded?.tools[tool],
              let low = schemas.inputBound(property, "minimum"), let high = schemas.inputBound(property, "maximum")
        else { preconditionFailure("Schemas/\(tool).input.json gives \(property) no minimum and maximum.") }
        return Int(low)...Int(high)
    }
}
