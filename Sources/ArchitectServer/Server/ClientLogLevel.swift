import MCP

/// The lowest level of log message the client wants (`logging/setLevel`); warning until it says otherwise.
actor ClientLogLevel {
    private(set) var minimum: LogLevel = .warning

    func set(_ level: LogLevel) { minimum = level }

    func allows(_ level: LogLevel) -> Bool {
        let order = LogLevel.allCases
        return (order.firstIndex(of: level) ?? 0) >= (order.firstIndex(of: minimum) ?? 0)
    }
}
