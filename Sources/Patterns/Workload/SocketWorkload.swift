import DurableObjects

/// The `sockets` mode of `runWorkload`: open `count` WebSockets to objects chosen with the run's `objects`,
/// `distribution` and `seed`, send `messagesPerSocket` text frames on each, then close it. Works on any
/// namespace whose class accepts sockets in `fetch` (a Worker's, or the built-in chat room).
package struct SocketWorkload: Sendable {
    /// Sockets to open (`countRange`).
    package var count: Int
    /// Frames sent on each (`messagesPerSocketRange`); `count × messagesPerSocket` is the run's `requests`.
    package var messagesPerSocket: Int
    /// The frame's text; `{{i}}` becomes the frame's number (from 0 over the run), `{{socket}}` the socket's,
    /// `{{object}}` the object's name.
    package var data: String
    /// The URL of the upgrade request the object's `fetch` sees (same placeholders but `{{i}}`). Default `/`.
    package var url = "/"

    /// Sockets per run (`Schemas/runWorkload.input.json` says the same; `SchemaLimitsTests` compares them).
    package static let countRange = 1...10_000
    /// Frames per socket.
    package static let messagesPerSocketRange = 1...10_000

    package init(count: Int, messagesPerSocket: Int, data: String, url: String = "/") {
        self.count = count
        self.messagesPerSocket = messagesPerSocket
        self.data = data
        self.url = url
    }

    func fill(_ template: String, frame: Int?, socket: Int, object: String) -> String {
        var text = template.replacingOccurrences(of: "{{socket}}", with: String(socket))
            .replacingOccurrences(of: "{{object}}", with: object)
        if let frame { text = text.replacingOccurrences(of: "{{i}}", with: String(frame)) }
        return text
    }
}

extension SocketWorkload: Decodable {
    private enum CodingKeys: String, CodingKey { case count, messagesPerSocket, data, url }

    /// Reads `sockets: {count, messagesPerSocket, data, url?}`.
    /// - Throws: `PatternError.invalidWorkload` naming the field.
    package init(from decoder: any Decoder) throws {
        func bad(_ what: String) -> PatternError { PatternError(.invalidWorkload, "sockets.\(what).") }
        guard let container = try? decoder.container(keyedBy: CodingKeys.self) else {
            throw bad("must be an object {count, messagesPerSocket, data, url?}")
        }
        guard let count = try? container.decode(Int.self, forKey: .count) else { throw bad("count must be an integer") }
        guard let messages = try? container.decode(Int.self, forKey: .messagesPerSocket) else {
            throw bad("messagesPerSocket must be an integer")
        }
        guard let data = try? container.decode(String.self, forKey: .data) else { throw bad("data must be a string (the text of each frame)") }
        var url = "/"
        if container.holds(.url) {
            guard let text = try? container.decode(String.self, forKey: .url), !text.isEmpty else { throw bad("url must be a non-empty string") }
            url = text
        }
        self.init(count: count, messagesPerSocket: messages, data: data, url: url)
    }

    /// Checks the counts against the caps.
    /// - Throws: `PatternError.invalidWorkload` naming the field, its value and the allowed range.
    package func validate() throws {
        func bad(_ what: String) -> PatternError { PatternError(.invalidWorkload, "sockets.\(what).") }
        guard Self.countRange.contains(count) else {
            throw bad("count is \(count); it must be from \(Self.countRange.lowerBound) to \(Self.countRange.upperBound)")
        }
        let range = Self.messagesPerSocketRange
        guard range.contains(messagesPerSocket) else {
            throw bad("messagesPerSocket is \(messagesPerSocket); it must be from \(range.lowerBound) to \(range.upperBound)")
        }
        guard count * messagesPerSocket <= WorkloadCaps.requests.upperBound else {
            throw bad("count × messagesPerSocket is \(count * messagesPerSocket); a run sends at most \(WorkloadCaps.requests.upperBound) frames")
        }
    }
}

extension PatternRuntime {
    /// Runs the `sockets` mode: `options.concurrency` sockets open at once; each frame's latency is the time until
    /// the object handled it (or the runtime auto-responded). Reports like `runWorkload` (method `webSocket`,
    /// requests = frames), with checks that every socket opened and every frame was handled.
    package func runSocketWorkload(_ options: WorkloadOptions, _ sockets: SocketWorkload, progress: WorkloadProgress? = nil) async throws -> WorkloadResult {
        try sockets.validate()
        try options.validate()
        let ns = try namespace(options.namespace)
        let seed = options.seed ?? UInt64.random(in: 0...UInt64(1 << 53))
        let choices = ObjectPicker.sequence(
            requests: sockets.count, objects: options.objects, distribution: options.distribution,
            exponent: options.zipfExponent, seed: seed)
        let names = (0..<options.objects).map { options.objectPrefix + String($0) }
        let frames = sockets.count * sockets.messagesPerSocket
        struct Shared {
            var next = 0
            var opened = 0
            var closedByServer = 0
            var framesDone = 0
            var received = 0
            var completed = 0
            var errors: [String: Int] = [:]
            var latencies: [UInt64] = []
            var stopped = false
        }
        let shared = Locked(Shared())
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int64(options.effectiveDuration * 1000))
        func nanos(_ d: Duration) -> UInt64 { UInt64(d.components.seconds) * 1_000_000_000 + UInt64(d.components.attoseconds / 1_000_000_000) }

        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(options.concurrency, sockets.count) {
                group.addTask {
                    while true {
                        let s = shared.withLock { st -> Int in
                            if st.stopped || st.next >= sockets.count { return -1 }
                            st.next += 1
                            return st.next - 1
                        }
                        if s < 0 { return }
                        if Task.isCancelled || ContinuousClock.now >= deadline {
                            shared.withLock { $0.stopped = true }
                            return
                        }
                        let name = names[Int(choices[s])]
                        let url = sockets.fill(sockets.url, frame: nil, socket: s, object: name)
                        let client: ClientWebSocket
                        do {
                            let response = try await ns.getByName(name).fetch(
                                ObjectRequest(method: "GET", url: url, headers: [("Upgrade", "websocket"), ("Connection", "Upgrade")]))
                            guard response.status == 101, let socket = response.webSocket else {
                                shared.withLock { $0.errors["notUpgraded", default: 0] += 1 }
                                continue
                            }
                            client = socket
                        } catch {
                            shared.withLock { $0.errors[WorkloadRun.kind(of: error), default: 0] += 1 }
                            continue
                        }
                        shared.withLock { $0.opened += 1 }
                        var latencies: [UInt64] = []
                        latencies.reserveCapacity(sockets.messagesPerSocket)
                        var errors: [String: Int] = [:]
                        var received = 0
                        for m in 0..<sockets.messagesPerSocket {
                            if client.isClosed { break }
                            let text = sockets.fill(sockets.data, frame: s * sockets.messagesPerSocket + m, socket: s, object: name)
                            let t0 = ContinuousClock.now
                            do {
                                try await client.send(.text(text))
                                latencies.append(nanos(ContinuousClock.now - t0))
                            } catch {
                                errors[WorkloadRun.kind(of: error), default: 0] += 1
                            }
                            received += client.drainReceived().count
                        }
                        received += client.drainReceived().count
                        let serverClosed = client.isClosed
                        if !serverClosed { try? await client.close(code: 1000, reason: "workload done") }
                        shared.withLock { st in
                            st.framesDone += sockets.messagesPerSocket
                            st.completed += latencies.count
                            st.latencies += latencies
                            st.received += received
                            if serverClosed { st.closedByServer += 1 }
                            for (k, v) in errors { st.errors[k, default: 0] += v }
                        }
                    }
                }
            }
            if let progress {
                group.addTask {
                    var last = -1
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(100))
                        let done = shared.withLock { $0.framesDone }
                        if done != last, !Task.isCancelled {
                            progress(done, frames)
                            last = done
                        }
                    }
                }
            }
            for _ in 0..<min(options.concurrency, sockets.count) { await group.next() }
            group.cancelAll()
        }
        try Task.checkCancellation()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let st = shared.withLock { $0 }
        progress?(st.framesDone, frames)
        let taken = min(st.next, sockets.count)
        let touched = Self.distinct(choices[..<taken], objects: options.objects)
        let errorCount = st.errors.values.reduce(0, +)
        let checks = [
            WorkloadCheck(
                "all_sockets_opened", st.opened == sockets.count,
                st.opened == sockets.count
                    ? "\(sockets.count) sockets opened, used and closed (\(st.closedByServer) closed by the server first)"
                    : "\(st.opened) of \(sockets.count) sockets opened" + (taken < sockets.count ? " before the \(options.effectiveDuration) s duration cap" : "")),
            WorkloadCheck(
                "no_errors", errorCount == 0,
                errorCount == 0
                    ? "every frame was handled; \(st.received) frames came back"
                    : "\(errorCount) failed: " + st.errors.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
        ]
        return WorkloadResult(
            namespace: ns.binding, method: "webSocket", requests: frames, completed: st.completed, errors: st.errors,
            durationMs: seconds * 1000, throughput: seconds > 0 ? Double(st.completed) / seconds : 0,
            latencyMs: .init(nanoseconds: st.latencies), objectsTouched: touched.count, checks: checks,
            concurrency: options.concurrency, objects: options.objects, distribution: options.distribution, seed: seed,
            stoppedEarly: taken < sockets.count ? "durationSeconds" : nil)
    }
}
