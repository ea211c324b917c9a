import DurableObjects
import JSONModel
import Patterns

extension RuntimeTools {
    /// The arguments of `runWorkload`: the properties of its input schema, with the schema's defaults filled in.
    /// Three modes beside the built-in one: `call` (an RPC method of the loaded Worker), `request` (its `fetch`
    /// handler) and `sockets` (WebSockets instead of calls, see `SocketWorkload`).
    struct WorkloadArguments: Decodable {
        var namespace: String?
        /// Required, except with `sockets` (then `count × messagesPerSocket`).
        var requests: Int?
        var concurrency: Int
        var objects: Int
        var distribution: ObjectDistribution
        var zipfExponent: Double
        var method: String?
        var args: JSON?
        var ratePerSecond: Double
        var durationSeconds: Double?
        var seed: UInt64?
        var sockets: SocketWorkload?
        var call: WorkloadCall?
        var request: WorkloadRequest?

        /// The run's options (the engine checks them against its caps).
        /// - Throws: ``ToolError`` for a field that does not go with `sockets`; `PatternError.invalidWorkload`
        ///   when `requests` is missing.
        func options() throws -> WorkloadOptions {
            let requests: Int
            if let sockets {
                let misplaced = [
                    ("requests", self.requests != nil), ("method", method != nil), ("args", args != nil),
                    ("ratePerSecond", ratePerSecond != 0), ("call", call != nil), ("request", request != nil),
                ]
                if let (field, _) = misplaced.first(where: \.1) {
                    throw ToolError("With sockets, leave out \(field): the run opens sockets.count WebSockets and sends sockets.messagesPerSocket text frames on each (requests is their product).")
                }
                requests = sockets.count * sockets.messagesPerSocket
            } else {
                guard let given = self.requests else {
                    throw PatternError(.invalidWorkload, "requests is required (an integer), except with sockets.")
                }
                requests = given
            }
            var options = WorkloadOptions(namespace: namespace ?? "", requests: requests)
            options.concurrency = concurrency
            options.objects = objects
            options.distribution = distribution
            options.zipfExponent = zipfExponent
            options.method = method
            options.args = args
            options.ratePerSecond = ratePerSecond
            options.durationSeconds = durationSeconds
            options.seed = seed
            options.call = call
            options.request = request
            return options
        }
    }
}
