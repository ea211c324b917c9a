import DurableObjects
import Foundation
import JSONModel
import Testing
import TestSupport

/// Counts constructions and records socket events.
final class SocketProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var _constructed = 0
    private var _events: [String] = []
    func constructed() { lock.withLock { _constructed += 1 } }
    var constructions: Int { lock.withLock { _constructed } }
    func event(_ s: String) { lock.withLock { _events.append(s) } }
    var events: [String] { lock.withLock { _events } }
}

final class SocketObject: DurableObject {
    let probe: SocketProbe
    init(probe: SocketProbe) { self.probe = probe }

    func fetch(_ request: ObjectRequest, context: isolated ObjectContext) async throws -> ObjectResponse {
        let pair = WebSocketPair()
        let tags = request.headers.filter { $0.0 == "tag" }.map(\.1)
        if request.url == "/standard" {
            try context.acceptStandardWebSocket(pair.server)
        } else {
            try context.acceptWebSocket(pair.server, tags: tags)
            try pair.server.serializeAttachment(["n": 1])
        }
        return ObjectResponse(status: 101, webSocket: pair.client)
    }

    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        switch method {
        case "instance": return .string(String(context.instanceId))
        case "sockets": return .number(Double(context.getWebSockets(tag: args.stringValue).count))
        case "autoResponse":
            try context.setWebSocketAutoResponse(request: "ping", response: "pong")
            return .null
        case "timestamps":
            return .array(context.getWebSockets().map { s in context.getWebSocketAutoResponseTimestamp(s).map { .number(Double($0)) } ?? .null })
        default: return .null
        }
    }

    func webSocketMessage(_ socket: ServerWebSocket, _ message: WebSocketMessage, context: isolated ObjectContext) async throws {
        guard case .text(let text) = message else {
            probe.event("binary")
            return
        }
        probe.event("start \(text) \(socket.deserializeAttachment()?.textAsWritten ?? "nil") \(context.getWebSockets().contains(socket))")
        if text.hasPrefix("m") { try await context.external { try await Task.sleep(for: .milliseconds(5)) } }
        probe.event("end \(text)")
        socket.send("echo \(text)")
    }

    func webSocketClose(_ socket: ServerWebSocket, code: Int, reason: String, wasClean: Bool, context: isolated ObjectContext) async throws {
        probe.event("close \(code) \(reason) \(wasClean) \(context.getWebSockets().count)")
    }

    static func objectClass(_ probe: SocketProbe) -> DurableObjectClass {
        DurableObjectClass(name: "Sockets") { _ in
            probe.constructed()
            return SocketObject(probe: probe)
        }
    }
}

struct HibernationTests {
    @Test func scenario80_evictionAfterTenIdleSecondsKeepsStorage() async throws {
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, obj in
                if m == "put" { try ctx.storage.put("k", 1) }
                obj.memory["seen"] = true
                return [.string(String(ctx.instanceId)), try ctx.storage.get("k") ?? .null]
            })
            let first = try await ns.getByName("x").call("put")
            clock.advance(by: .seconds(5))
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await ns.getByName("x").call("read") == first)
            clock.advance(by: .seconds(11))
            #expect(await eventually { ns.objectsInMemory == 0 })
            let second = try await ns.getByName("x").call("read")
            #expect(second.arrayValue?[0] != first.arrayValue?[0])
            #expect(second.arrayValue?[1] == 1)
        }
    }

    @Test func scenario81_hibernatedSocketWakesTheObject() async throws {
        let probe = SocketProbe()
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "S", SocketObject.objectClass(probe))
            let client = try await ns.getByName("room").fetch(ObjectRequest(url: "/ws")).webSocket!
            #expect(await ns.evict(ns.idFromName("room")))
            try await client.send("hi")
            #expect(probe.constructions == 2)
            #expect(probe.events.first == "start hi {\"n\":1} true")
            #expect(await client.receive() == .text("echo hi"))
        }
    }

    @Test func scenario82_autoResponseDoesNotWakeTheObject() async throws {
        let probe = SocketProbe()
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "S", SocketObject.objectClass(probe))
            let client = try await ns.getByName("room").fetch(ObjectRequest(url: "/ws")).webSocket!
            _ = try await ns.getByName("room").call("autoResponse")
            #expect(await ns.evict(ns.idFromName("room")))
            try await client.send("ping")
            #expect(await client.receive() == .text("pong"))
            #expect(probe.constructions == 1)
            #expect(probe.events.isEmpty)
            let stamps = try await ns.getByName("room").call("timestamps")
            #expect(stamps == [.number(Double(clock.nowMilliseconds))])
            try await client.send(.binary(Array("ping".utf8)))
            #expect(probe.events == ["binary"])
        }
    }

    @Test func scenario83_tagLimits() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "S", SocketObject.objectClass(SocketProbe()))
            let eleven = (0..<11).map { ("tag", "t\($0)") }
            await #expect(throws: DurableObjectError.self) { try await ns.getByName("a").fetch(ObjectRequest(url: "/ws", headers: eleven)) }
            await #expect(throws: DurableObjectError.self) {
                try await ns.getByName("b").fetch(ObjectRequest(url: "/ws", headers: [("tag", String(repeating: "x", count: 257))]))
            }
            _ = try await ns.getByName("c").fetch(ObjectRequest(url: "/ws", headers: [("tag", "a"), ("tag", "a")]))
            #expect(try await ns.getByName("c").call("sockets", "a") == 1)
        }
    }

    @Test func scenario84_attachmentAndAutoResponseSizeLimits() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                let pair = WebSocketPair()
                try ctx.acceptWebSocket(pair.server)
                var out: [JSON] = []
                do { try pair.server.serializeAttachment(.string(String(repeating: "x", count: 17 * 1024))) } catch let e as DurableObjectError { out.append(.string(e.message)) }
                do { try ctx.setWebSocketAutoResponse(request: String(repeating: "x", count: 2049), response: "r") } catch let e as DurableObjectError { out.append(.string(e.message)) }
                return .array(out)
            })
            let r = try await ns.getByName("x").call("go").arrayValue!
            #expect(r.count == 2)
            #expect(r[0].stringValue!.hasPrefix("A WebSocket 'attachment' cannot be larger than 16384"))
            #expect(r[1].stringValue!.hasPrefix("Request cannot be larger than 2048 bytes."))
        }
    }

    @Test func scenario85_abruptDisconnectGives1006() async throws {
        let probe = SocketProbe()
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "S", SocketObject.objectClass(probe))
            let client = try await ns.getByName("room").fetch(ObjectRequest(url: "/ws")).webSocket!
            try await client.disconnect()
            #expect(probe.events == ["close 1006 WebSocket disconnected without sending Close frame. false 0"])
            #expect(try await ns.getByName("room").call("sockets") == 0)
        }
    }

    @Test func scenario86_messagesOfOneSocketAreHandledInOrderWithoutOverlap() async throws {
        let probe = SocketProbe()
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "S", SocketObject.objectClass(probe))
            let client = try await ns.getByName("room").fetch(ObjectRequest(url: "/ws")).webSocket!
            try await withThrowingTaskGroup(of: Void.self) { g in
                for i in 1...5 {
                    g.addTask { try await client.send("m\(i)") }
                    try await Task.sleep(for: .milliseconds(1))
                }
                try await g.waitForAll()
            }
            let expected = (1...5).flatMap { ["start m\($0) {\"n\":1} true", "end m\($0)"] }
            #expect(probe.events == expected)
        }
    }

    @Test func scenario87_acceptingTwiceFails() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                let pair = WebSocketPair()
                try ctx.acceptStandardWebSocket(pair.server)
                do { try ctx.acceptWebSocket(pair.server) } catch let e as DurableObjectError { return .string(e.message) }
                return .null
            })
            #expect(try await ns.getByName("x").call("go") == "Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`")
        }
    }

    @Test func standardWebSocketKeepsTheObjectAwake() async throws {
        let probe = SocketProbe()
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "S", SocketObject.objectClass(probe))
            let client = try await ns.getByName("room").fetch(ObjectRequest(url: "/standard")).webSocket!
            clock.advance(by: .seconds(30))
            try await Task.sleep(for: .milliseconds(30))
            #expect(ns.objectsInMemory == 1)
            try await client.close()
            clock.advance(by: .seconds(30))
            #expect(await eventually { ns.objectsInMemory == 0 })
        }
    }
}
