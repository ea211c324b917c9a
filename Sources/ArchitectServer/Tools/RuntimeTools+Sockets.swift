import DurableObjects
import JSONModel
import Patterns

extension RuntimeTools {
    /// `runWorkload` with `sockets: {count, messagesPerSocket, data, url?}`: WebSockets instead of calls (see
    /// `SocketWorkload`). `requests` is then count × messagesPerSocket; `method`, `args` and `ratePerSecond` do not
    /// apply.
    static func socketWorkload(_ patterns: PatternRuntime, _ arguments: [String: JSON], _ sockets: JSON, _ context: ToolContext) async throws -> JSON {
        for field in ["requests", "method", "args", "ratePerSecond", "call", "request"] where arguments[field] != nil {
            throw ToolError("With sockets, leave out \(field): the run opens sockets.count WebSockets and sends sockets.messagesPerSocket text frames on each (requests is their product).")
        }
        let plan = try SocketWorkload(json: JSONValue(sockets))
        var call = arguments
        call["sockets"] = nil
        call["requests"] = .int(plan.count * plan.messagesPerSocket)
        let options = try WorkloadOptions(json: JSONValue(.object(call)))
        let result = try await patterns.runSocketWorkload(options, plan) { done, total in
            context.reportProgress(Double(done), Double(total), nil)
        }
        try Task.checkCancellation()
        return workloadValue(result)
    }
}
