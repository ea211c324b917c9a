/// A value read from a TOML, JSON or JSONC configuration file, with the line it starts on.
struct ConfigNode: Sendable {
    indirect enum Value: Sendable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case array([ConfigNode])
        case table([(key: String, node: ConfigNode)])
    }

    var value: Value
    var line: Int

    subscript(key: String) -> ConfigNode? {
        guard case .table(let entries) = value else { return nil }
        return entries.last { $0.key == key }?.node
    }

    var string: String? { if case .string(let s) = value { return s } else { return nil } }
    var array: [ConfigNode] { if case .array(let a) = value { return a } else { return [] } }
    var entries: [(key: String, node: ConfigNode)] { if case .table(let t) = value { return t } else { return [] } }
}

/// A configuration file that could not be read: the line and what was expected.
struct ConfigSyntaxError: Error, Sendable {
    var line: Int
    var message: String
}
