import DurableObjects
import Foundation
@testable import JSHost
import TestSupport
import Testing

private let chat = Fixtures.url("JSHostTests", "chat").path

/// `WorkerHost`'s WebSocket clients and its `hibernate` and `runAlarm` controls, on the chat fixture.
struct WorkerHostSocketTests {
    private func text(_ received: WebSocketClients.Received) -> [String] {
        received.messages.compactMap { if case .text(let t) = $0 { t } else { nil } }
    }

    @Test func aClientJoinsThroughTheWorkerAndTheRoomHibernatesAndWakes() async throws {
        try await withRuntime { runtime, _ in
            let host = WorkerHost(runtime: runtime)
            _ = try await host.load(path: chat, config: nil, main: nil, allowedRoots: nil)
            let opened = try await host.openWebSocket(url: "https://chat.test/rooms/h/join?user=ann", headers: nil)
            #expect(opened.socket == "ws-1")
            #expect(opened.target.namespace == "ROOMS")
            #expect(opened.target.id == runtime.namespace("ROOMS")!.idFromName("h").hex)
            #expect(text(try await host.sockets.receive("ws-1", max: 10, wait: .seconds(1))) == [#"{"type":"welcome","members":1}"#])
            let hibernated = try await host.hibernate(namespace: "ROOMS", name: "h", id: nil)
            #expect(hibernated.wasInMemory && hibernated.sockets == 1)
            #expect(runtime.namespace("ROOMS")!.objectsInMemory == 0)
            try await host.sockets.send("ws-1", .text("ping"))
            #expect(text(try await host.sockets.receive("ws-1", max: 10, wait: .seconds(1))) == ["pong"])
            #expect(runtime.namespace("ROOMS")!.objectsInMemory == 0)
            try await host.sockets.send("ws-1", .text("whoami"))
            #expect(text(try await host.sockets.receive("ws-1", max: 10, wait: .zero)).first?.contains(#""user":"ann""#) == true)
            try await host.sockets.send("ws-1", .text("bye"))
            let last = try await host.sockets.receive("ws-1", max: 10, wait: .zero)
            #expect(last.messages.isEmpty)
            #expect(last.closed?.code == 4000 && last.closed?.reason == "bye ann")
            await #expect(throws: WebSocketClientError.self) { try await host.sockets.send("ws-1", .text("gone")) }
        }
    }

    @Test func aClientConnectsStraightToABuiltInOrAWorkersObject() async throws {
        try await withRuntime { runtime, _ in
            let host = WorkerHost(runtime: runtime)
            _ = try await host.load(path: chat, config: nil, main: nil, allowedRoots: nil)
            let direct = try await host.openWebSocket(namespace: "ROOMS", name: "d", id: nil, url: "/join?user=bob", headers: nil)
            try await host.sockets.send(direct.socket, .binary([9, 8]))
            let received = try await host.sockets.receive(direct.socket, max: 10, wait: .seconds(1))
            #expect(received.messages.last == .binary([8, 9]))
            #expect(try await host.sockets.close(direct.socket, code: 1000, reason: "done"))
            await #expect(throws: WebSocketClientError.self) { try await host.sockets.receive(direct.socket, max: 1, wait: .zero) }
            let refused = await #expect(throws: WebSocketClientError.self) {
                try await host.openWebSocket(url: "https://chat.test/elsewhere", headers: nil)
            }
            #expect(refused?.code == .notUpgraded)
            #expect(refused?.message.contains("status 404") == true)
            let unaccepted = await #expect(throws: WebSocketClientError.self) {
                try await host.openWebSocket(namespace: "ROOMS", name: "d", id: nil, url: "/unaccepted", headers: nil)
            }
            #expect(unaccepted?.message.contains("did not accept") == true)
            let workerAccept = await #expect(throws: DurableObjectError.self) { try await host.openWebSocket(url: "/echo", headers: nil) }
            #expect(workerAccept?.message.contains("accept() works only inside a Durable Object here") == true)
            #expect(host.sockets.count == 0)
        }
    }

    @Test func openSocketsAndBufferedMessagesAreBounded() async throws {
        try await withRuntime { runtime, _ in
            try JSWorker.load(path: chat).register(in: runtime)
            let rooms = try #require(runtime.namespace("ROOMS"))
            let clients = WebSocketClients(maxOpen: 2, maxBuffered: 3)
            func open(_ user: String) async throws -> String {
                let response = try await rooms.getByName("b").fetch(ObjectRequest(url: "/join?user=\(user)", headers: [("Upgrade", "websocket")]))
                return try clients.add(try #require(response.webSocket), target: .init(namespace: "ROOMS", id: ""))
            }
            let first = try await open("a")
            _ = try await open("b")
            let error = await #expect(throws: WebSocketClientError.self) { try await open("c") }
            #expect(error?.code == .tooManySockets)
            for n in 1...4 { try await clients.send(first, .text("m\(n)")) }
            let received = try await clients.receive(first, max: 100, wait: .zero)
            #expect(received.messages.count == 3)
            #expect(received.dropped == 2)
        }
    }

    @Test func hibernateIsRefusedWhileAStandardSocketOrATimerKeepsTheObjectInMemory() async throws {
        try await withRuntime { runtime, _ in
            let host = WorkerHost(runtime: runtime)
            _ = try await host.load(path: chat, config: nil, main: nil, allowedRoots: nil)
            _ = try await host.openWebSocket(namespace: "ROOMS", name: "s", id: nil, url: "/join?user=h", headers: nil)
            _ = try await host.openWebSocket(namespace: "ROOMS", name: "s", id: nil, url: "/standard", headers: nil)
            let standard = await #expect(throws: DurableObjectError.self) { try await host.hibernate(namespace: "ROOMS", name: "s", id: nil) }
            #expect(standard?.message.contains("1 of its 2 WebSockets is a standard socket") == true)
            let evict = await #expect(throws: DurableObjectError.self) { try await host.evict(namespace: "ROOMS", name: "s", id: nil) }
            #expect(evict?.message.contains("stays in memory while its 1 standard WebSocket") == true)
            _ = try await host.invokeObject(namespace: "ROOMS", name: "t", id: nil, method: "timer", args: [60_000], request: nil)
            let timer = await #expect(throws: DurableObjectError.self) { try await host.hibernate(namespace: "ROOMS", name: "t", id: nil) }
            #expect(timer?.message.contains("1 setTimeout/setInterval timer is pending") == true)
            #expect(try await host.hibernate(namespace: "ROOMS", name: "never-made", id: nil).wasInMemory == false)
        }
    }

    @Test func runAlarmRunsTheScheduledAlarmNowWithRetriesOnFailure() async throws {
        try await withRuntime { runtime, clock in
            let host = WorkerHost(runtime: runtime)
            _ = try await host.load(path: chat, config: nil, main: nil, allowedRoots: nil)
            let noAlarm = await #expect(throws: DurableObjectError.self) { try await host.runAlarm(namespace: "ROOMS", name: "a", id: nil) }
            #expect(noAlarm?.message.contains("has no alarm set") == true)
            let at = clock.nowMilliseconds + 3_600_000
            _ = try await host.invokeObject(namespace: "ROOMS", name: "a", id: nil, method: "armAlarm", args: [.number(Double(at)), 1], request: nil)
            let failed = try await host.runAlarm(namespace: "ROOMS", name: "a", id: nil).run
            #expect(failed.scheduledTime == at && failed.retryCount == 0 && !failed.succeeded)
            #expect(failed.error == "alarm failure, 0 left")
            #expect(failed.nextTime.map { $0 > clock.nowMilliseconds && $0 < at } == true)
            let retried = try await host.runAlarm(namespace: "ROOMS", name: "a", id: nil).run
            #expect(retried.succeeded && retried.retryCount == 1 && retried.nextTime == nil)
            #expect(try await host.invokeObject(namespace: "ROOMS", name: "a", id: nil, method: "state", args: nil, request: nil).result["wakes"] == 0)
            await #expect(throws: DurableObjectError.self) { try await host.runAlarm(namespace: "ROOMS", name: "a", id: nil) }
        }
    }
}
