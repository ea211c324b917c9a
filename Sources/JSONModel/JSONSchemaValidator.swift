
/// A validator for the subset of JSON Schema (draft 2020-12) that our tool schemas use.
///
/// Supported keywords: `type`, `properties`, `required`, `additionalProperties`, `enum`, `minimum`, `maximum`,
/// `minLength`, `maxLength`, `items`, `minItems`, `maxItems`. Annotations (`title`, `description`, `default`,
/// `examples`, `$schema`, `$id`) are ignored. No Swift package validates JSON Schema, and we need messages that a
/// model can act on, so this is our own; `SchemaCatalogTests` checks that every schema uses only these keywords.
public struct JSONSchemaValidator: Sendable {
    /// Keywords this validator enforces.
    public static let assertionKeywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "enum", "minimum", "maximum",
        "minLength", "maxLength", "items", "minItems", "maxItems",
    ]
    /// Keywords this validator accepts and ignores.
    public static let annotationKeywords: Set<String> = ["title", "description", "default", "examples", "$schema", "$id"]

    /// One way a value breaks its schema: where (`files[2].path`) and a message that says what is expected.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { message }
    }

    public let schema: JSON

    public init(schema: JSON) {
        self.schema = schema
    }

    /// Every violation of `value`, in document order; empty when it is valid. `root` names the value in paths and
    /// messages (`args` gives `args.by`); by default it is "the arguments" and paths start at its members.
    public func violations(of value: JSON, root: String = "") -> [Violation] {
        var found: [Violation] = []
        check(value, against: schema, path: root, into: &found)
        return found
    }

    // MARK: - Keywords

    private func check(_ value: JSON, against schema: JSON, path: String, into found: inout [Violation]) {
        guard case .object(let rules) = schema else { return }
        let name = path.isEmpty ? "the arguments" : "`\(path)`"

        if let type = rules["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? []
            if !allowed.contains(where: { Self.value(value, hasType: $0) }) {
                let expected = allowed.map(Self.article).joined(separator: " or ")
                found.append(Violation(path: path, message: "\(name.capitalizedFirst) must be \(expected), got \(Self.describe(value))."))
                return
            }
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(where: { Self.equal($0, value) }) {
            let list = options.map(Self.literal).joined(separator: ", ")
            found.append(Violation(path: path, message: "\(name.capitalizedFirst) must be one of \(list); got \(Self.literal(value))."))
        }
        switch value {
        case .int, .double:
            let number = Self.number(value) ?? 0
            if let minimum = rules["minimum"].flatMap(Self.number), number < minimum {
                found.append(Violation(path: path, message: "\(name.capitalizedFirst) must be at least \(Self.format(minimum)); got \(Self.format(number))."))
            }
            if let maximum = rules["maximum"].flatMap(Self.number), number > maximum {
                found.append(Violation(path: path, message: "\(name.capitalizedFirst) must be at most \(Self.format(maximum)); got \(Self.format(number))."))
            }
        case .string:
            let length = Self.string(value).unicodeScalars.count
            if let minimum = rules["minLength"].flatMap(Self.number), Double(length) < minimum {
                let what = minimum == 1 ? "must not be empty" : "must be at least \(Self.format(minimum)) characters long"
                found.append(Violation(path: path, message: "\(name.capitalizedFirst) \(what)."))
            }
            if let maximum = rules["maxLength"].flatMap(Self.number), Double(length) > maximum {
                found.append(Violation(path: path, message: "\(name.capitalizedFirst) must be at most \(Self.format(maximum)) characters long; got \(length)."))
            }
        case .array(let items):
            if let minimum = rules["minItems"].flatMap(Self.number), Double(items.count) < minimum {
                found.append(Violation(path: path, message: "\(name.capitalizedFirst) must have at least \(Self.format(minimum)) item(s); got \(items.count)."))
            }
            if let maximum = rules["maxItems"].flatMap(Self.number), Double(items.count) > maximum {
                found.append(Violation(path: path, message: "\(name.capitalizedFirst) must have at most \(Self.format(maximum)) items; got \(items.count)."))
            }
            if let itemSchema = rules["items"] {
                for (position, item) in items.enumerated() {
                    check(item, against: itemSchema, path: "\(path)[\(position)]", into: &found)
                }
            }
        case .object(let members):
            checkObject(members, rules: rules, path: path, into: &found)
        case .null, .bool:
            break
        }
    }

    private func checkObject(_ members: JSONObject, rules: JSONObject, path: String, into found: inout [Violation]) {
        let properties = rules["properties"]?.objectValue ?? [:]
        for key in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[key] == nil {
            let full = path.isEmpty ? key : "\(path).\(key)"
            var message = "`\(full)` is required"
            if let property = properties[key]?.objectValue {
                if let type = property["type"]?.stringValue { message += ": \(Self.article(type))" }
                if let description = property["description"]?.stringValue { message += ". \(description)" }
            }
            found.append(Violation(path: full, message: message.hasSuffix(".") ? message : message + "."))
        }
        for key in members.keys.sorted() {
            let full = path.isEmpty ? key : "\(path).\(key)"
            if let property = properties[key] {
                check(members[key]!, against: property, path: full, into: &found)
            } else if let additional = rules["additionalProperties"] {
                if case .bool(false) = additional {
                    let allowed = properties.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
                    let where_ = path.isEmpty ? "" : " in `\(path)`"
                    found.append(Violation(path: full, message: "Unknown property `\(key)`\(where_). Allowed: \(allowed.isEmpty ? "none" : allowed)."))
                } else if case .object = additional {
                    check(members[key]!, against: additional, path: full, into: &found)
                }
            }
        }
    }

    // MARK: - Values

    package static func value(_ value: JSON, hasType type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string),
             ("boolean", .bool), ("null", .null), ("integer", .int), ("number", .int), ("number", .double):
            return true
        case ("integer", .double(let number)):
            return number.isFinite && number == number.rounded() && abs(number) < 9.0e15
        default:
            return false
        }
    }

    package static func number(_ value: JSON) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    package static func string(_ value: JSON) -> String {
        switch value {
        case .string(let text): return text
        default: return ""
        }
    }

    package static func equal(_ a: JSON, _ b: JSON) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        return a == b
    }

    package static func article(_ type: String) -> String {
        switch type {
        case "object": return "an object"
        case "array": return "an array"
        case "integer": return "an integer"
        case "null": return "null"
        default: return "a \(type)"
        }
    }

    package static func describe(_ value: JSON) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return "a boolean (\(flag))"
        case .int(let number): return "a number (\(number))"
        case .double(let number): return "a number (\(format(number)))"
        case .string: return "a string (\(literal(value)))"
        case .array(let items): return "an array of \(items.count) item(s)"
        case .object: return "an object"
        }
    }

    package static func literal(_ value: JSON) -> String {
        switch value {
        case .string:
            let text = string(value)
            return "\"" + (text.count > 40 ? String(text.prefix(40)) + "…" : text) + "\""
        case .int(let number): return String(number)
        case .double(let number): return format(number)
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    package static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}

extension String {
    package var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }

}
