import DurableObjects

/// Checks JSON values against the catalog's JSON Schema subset: type, properties, required,
/// additionalProperties, enum, minimum, maximum, minLength, maxLength, items, minItems, maxItems.
///
/// The first violation is reported with its path (`args.by`) and, for unknown fields, the fields that exist.
package enum ArgumentValidator {
    /// Throws `PatternError.invalidArguments` naming the first field that does not match `schema`.
    package static func validate(_ value: JSONValue, against schema: JSONValue, path: String = "args") throws {
        if let problem = check(value, schema, path) { throw PatternError(.invalidArguments, problem) }
    }

    private static func typeName(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let d): return d.rounded() == d ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    private static func matches(_ v: JSONValue, type: String) -> Bool {
        let actual = typeName(v)
        return actual == type || (type == "number" && actual == "integer")
    }

    private static func check(_ value: JSONValue, _ schema: JSONValue, _ path: String) -> String? {
        if let t = schema["type"] {
            let types = t.arrayValue?.compactMap(\.stringValue) ?? [t.stringValue].compactMap { $0 }
            if !types.isEmpty, !types.contains(where: { matches(value, type: $0) }) {
                return "\(path) must be of type \(types.joined(separator: " or ")), not \(typeName(value))."
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            return "\(path) must be one of \(options.map(\.jsonText).joined(separator: ", ")); got \(value.jsonText)."
        }
        switch value {
        case .number(let d):
            if let min = schema["minimum"]?.doubleValue, d < min { return "\(path) must be at least \(format(min)); got \(format(d))." }
            if let max = schema["maximum"]?.doubleValue, d > max { return "\(path) must be at most \(format(max)); got \(format(d))." }
        case .string(let s):
            let n = s.count
            if let min = schema["minLength"]?.intValue, n < min { return "\(path) must have at least \(min) characters." }
            if let max = schema["maxLength"]?.intValue, n > max { return "\(path) must have at most \(max) characters; got \(n)." }
        case .array(let items):
            if let min = schema["minItems"]?.intValue, items.count < min { return "\(path) must have at least \(min) items." }
            if let max = schema["maxItems"]?.intValue, items.count > max { return "\(path) must have at most \(max) items; got \(items.count)." }
            if let itemSchema = schema["items"] {
                for (i, item) in items.enumerated() {
                    if let p = check(item, itemSchema, "\(path)[\(i)]") { return p }
                }
            }
        case .object(let members):
            let properties: [(String, JSONValue)]
            if case .object(let p)? = schema["properties"] { properties = p } else { properties = [] }
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where value[name] == nil {
                return "\(path).\(name) is required."
            }
            for (key, member) in members {
                if let sub = properties.first(where: { $0.0 == key })?.1 {
                    if let p = check(member, sub, "\(path).\(key)") { return p }
                } else if schema["additionalProperties"] == .bool(false) {
                    let known = properties.map(\.0)
                    let list = known.isEmpty ? "it takes no arguments" : "known fields: \(known.joined(separator: ", "))"
                    return "\(path).\(key) is not a known field (\(list))."
                }
            }
        default: break
        }
        return nil
    }

    private static func format(_ d: Double) -> String {
        d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}
