import JSONModel

/// One key and its value, as returned by `get([keys])` and `list`. Results are arrays ordered by the keys'
/// UTF-8 bytes, never dictionaries: Swift `String` equality would merge canonically equivalent keys.
public struct KVEntry: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The value.
    public var value: JSON
    /// Makes an entry.
    public init(key: String, value: JSON) {
        self.key = key
        self.value = value
    }
}

/// Options of a write (`put`, `delete`, `setAlarm`, `deleteAlarm`).
public struct WriteOptions: Sendable {
    /// Do not hold the caller's reply until this write is durable (a failed commit still resets the object).
    public var allowUnconfirmed = false
    /// Accepted for compatibility; no effect on SQLite-backed storage.
    public var allowConcurrency = false
    /// Accepted for compatibility; no effect on SQLite-backed storage.
    public var noCache = false
    /// Defaults.
    public init(allowUnconfirmed: Bool = false, allowConcurrency: Bool = false, noCache: Bool = false) {
        self.allowUnconfirmed = allowUnconfirmed
        self.allowConcurrency = allowConcurrency
        self.noCache = noCache
    }
}

/// Options of `list` (semantics §6.3).
public struct ListOptions: Sendable {
    /// First key (inclusive).
    public var start: String?
    /// First key (exclusive); not together with `start`.
    public var startAfter: String?
    /// Last key (exclusive).
    public var end: String?
    /// Only keys beginning with these bytes.
    public var prefix: String?
    /// Descending order (the bounds keep their meaning).
    public var reverse = false
    /// At most this many entries; must be positive.
    public var limit: Int?
    /// Defaults: everything, ascending.
    public init(
        start: String? = nil, startAfter: String? = nil, end: String? = nil, prefix: String? = nil,
        reverse: Bool = false, limit: Int? = nil
    ) {
        self.start = start
        self.startAfter = startAfter
        self.end = end
        self.prefix = prefix
        self.reverse = reverse
        self.limit = limit
    }

    /// The key range `[start, end)` as bytes, or `nil` when it is empty.
    func compiled() throws -> (start: [UInt8], end: [UInt8]?)? {
        if start != nil && startAfter != nil {
            throw DurableObjectError(.invalidArgument, "list() cannot be called with both start and startAfter values.")
        }
        if let limit, limit <= 0 { throw DurableObjectError(.invalidArgument, "List limit must be positive.") }
        var lower: [UInt8] = start.map { Array($0.utf8) } ?? startAfter.map { Array($0.utf8) + [0] } ?? []
        var upper: [UInt8]? = end.map { Array($0.utf8) }
        if let prefix, !prefix.isEmpty {
            let p = Array(prefix.utf8)
            if lower.lexicographicallyPrecedes(p) {
                lower = p
            } else if !lower.starts(with: p) {
                return nil
            }
            var successor: [UInt8]? = p
            while let last = successor?.last, last == 0xFF { successor?.removeLast() }
            if var s = successor, !s.isEmpty {
                s[s.count - 1] += 1
                successor = s
            } else {
                successor = nil
            }
            if let u = upper {
                if !p.lexicographicallyPrecedes(u) { return nil }
                if !u.starts(with: p) { upper = successor }
            } else {
                upper = successor
            }
        }
        if let u = upper, !lower.lexicographicallyPrecedes(u) { return nil }
        return (lower, upper)
    }
}

/// A value read by the SQL API.
public enum SQLValue: Sendable, Hashable {
    /// NULL.
    case null
    /// INTEGER, exact (not rounded to a double as JavaScript does).
    case integer(Int64)
    /// REAL.
    case real(Double)
    /// TEXT.
    case text(String)
    /// BLOB.
    case blob([UInt8])

    /// As JSON (BLOBs become arrays of byte values).
    public var json: JSON {
        switch self {
        case .null: return .null
        case .integer(let i): return .int(Int(i))
        case .real(let d): return .number(d)
        case .text(let s): return .string(s)
        case .blob(let b): return .array(b.map { .int(Int($0)) })
        }
    }
}

/// A binding for a SQL statement parameter.
public enum SQLBinding: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
    ExpressibleByFloatLiteral, ExpressibleByNilLiteral
{
    /// NULL.
    case null
    /// INTEGER.
    case integer(Int64)
    /// REAL.
    case real(Double)
    /// TEXT.
    case text(String)
    /// BLOB.
    case blob([UInt8])

    public init(integerLiteral value: Int) { self = .integer(Int64(value)) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// One row of a SQL result: the column names (possibly duplicated) and values.
public struct SQLRow: Sendable, Hashable {
    /// Column names in order (duplicates possible in joins).
    public var columns: [String]
    /// Values in column order.
    public var values: [SQLValue]
    /// The value of the last column named `name`.
    public subscript(name: String) -> SQLValue? {
        guard let i = columns.lastIndex(of: name) else { return nil }
        return values[i]
    }
    /// Distinct column names with the value of the last duplicate, like a JavaScript object row.
    public var object: [(String, SQLValue)] {
        var out: [(String, SQLValue)] = []
        for (c, v) in zip(columns, values) {
            if let i = out.firstIndex(where: { $0.0 == c }) { out[i].1 = v } else { out.append((c, v)) }
        }
        return out
    }
    /// The row as a JSON object.
    public var json: JSON { .object(JSONObject(object.map { ($0.0, $0.1.json) })) }
}
