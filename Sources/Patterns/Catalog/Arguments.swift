import DurableObjects
import JSONModel

/// Typed access to a method's JSON arguments inside object code; errors name the field.
struct Arguments {
    let value: JSON

    init(_ value: JSON) { self.value = value }

    /// An integer field, or `fallback` when absent.
    func int(_ field: String, default fallback: Int? = nil) throws -> Int {
        guard let v = value[field], v != .null else {
            if let fallback { return fallback }
            throw DurableObjectError.badField(field, "is required")
        }
        guard let i = v.integer else { throw DurableObjectError.badField(field, "must be an integer") }
        return i
    }

    /// A number field, or `fallback` when absent.
    func double(_ field: String, default fallback: Double? = nil) throws -> Double {
        guard let v = value[field], v != .null else {
            if let fallback { return fallback }
            throw DurableObjectError.badField(field, "is required")
        }
        guard let d = v.number else { throw DurableObjectError.badField(field, "must be a number") }
        return d
    }

    /// A string field, or `fallback` when absent.
    func string(_ field: String, default fallback: String? = nil) throws -> String {
        guard let v = value[field], v != .null else {
            if let fallback { return fallback }
            throw DurableObjectError.badField(field, "is required")
        }
        guard let s = v.stringValue else { throw DurableObjectError.badField(field, "must be a string") }
        return s
    }

    /// A boolean field, or `fallback` when absent.
    func bool(_ field: String, default fallback: Bool) throws -> Bool {
        guard let v = value[field], v != .null else { return fallback }
        guard let b = v.boolValue else { throw DurableObjectError.badField(field, "must be a boolean") }
        return b
    }

    /// Any field, if present and not null.
    func optional(_ field: String) -> JSON? {
        guard let v = value[field], v != .null else { return nil }
        return v
    }
}

extension SQLValue {
    /// The value as an integer (0 for null).
    var int: Int {
        switch self {
        case .integer(let i): return Int(i)
        case .real(let d): return Int(d)
        default: return 0
        }
    }

    /// The value as a 64-bit integer (0 for null).
    var int64: Int64 { Int64(int) }

    /// The value as text (empty for null).
    var text: String {
        switch self {
        case .text(let s): return s
        case .integer(let i): return String(i)
        default: return ""
        }
    }
}
