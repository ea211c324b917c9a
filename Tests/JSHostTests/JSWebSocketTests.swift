import DurableObjects
import Foundation
@testable import JSHost
import JSONModel
import TestSupport
import Testing

/// The chat fixture: hibernatable sockets with tags and attachments, broadcast, a ping/pong auto-response, a
/// standard socket at /standard.
private let chatWorker = Result { try JSWorker.load(path: Fixtures.url("JSHostTests", "chat").path) }

private let upgrade = [("Upgrade", "websocket"), ("Connection", "Upgrade")]

/// Joins `room` as `user` straight through the object's `fetch`, and reads the welcome frame.
private func join(_ namespace: DurableObjectNamespace, _ room: String, _ user: String) async throws -> ClientWebSocket {
    let response = try await namespace.getByName(room).fetch(ObjectRequest(url: "/join?user=\(user)", headers: upgrade))
    #expect(response.status == 101)
    let client = try #require(response.webSocket)
    #expect(try await json(client)["type"] == "welcome")
    return client
}

private func json(_ client: ClientWebSocket) async throws -> JSON {
    guard case .text(let text)? = await client.receive() else { throw DurableObjectError(.webSocket, "no text frame") }
    return try JSON(parsing: text)
}

struct JSWebSocketTests {
    @Test func aHibernatedRoomWakesForTheNextMessageWithAttachmentsAndTagsIntact() async throws {
        let worker = try chatWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let rooms = try #require(runtime.namespace("ROOMS"))
            let ann = try await join(rooms, "lobby", "ann")
            #expect(await rooms.evict(rooms.idFromName("lobby")))
            #expect(rooms.objectsInMemory == 0)
            try await ann.send("whoami")
            #expect(try await json(ann) == ["user": "ann", "joined": 1, "tags": ["ann", "room"], "handled": 1])
            let state = try await rooms.getByName("lobby").call("state")
            #expect(state["constructions"] == 2)
            try await ann.send("rename:anna")
            #expect(await ann.receive() == .text("renamed"))
            #expect(await rooms.evict(rooms.idFromName("lobby")))
            #expect(try await rooms.getByName("lobby").call("members") == ["anna"])
        }
    }

    @Test func theAutoResponseIsAnsweredWithoutWakingTheRoom() async throws {
        let worker = try chatWorker.get()
        try await withRuntime { runtime, clock in
            try worker.register(in: runtime)
            let rooms = try #require(runtime.namespace("ROOMS"))
            let ann = try await join(rooms, "quiet", "ann")
            #expect(await rooms.evict(rooms.idFromName("quiet")))
            try await ann.send("ping")
            #expect(await ann.receive() == .text("pong"))
            #expect(rooms.objectsInMemory == 0)
            let auto = try await rooms.getByName("quiet").call("autoResponse")
            #expect(auto == ["request": "ping", "response": "pong", "times": [.number(Double(clock.nowMilliseconds))]])
            #expect(try await rooms.getByName("quiet").call("state")["constructions"] == 2)
            try await ann.send(.binary([1, 2, 3]))
            #expect(await ann.receive() == .binary([3, 2, 1]))
        }
    }

    @Test func messagesAreBroadcastAndCloseRunsTheHandler() async throws {
        let worker = try chatWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let rooms = try #require(runtime.namespace("ROOMS"))
            let ann = try await join(rooms, "busy", "ann")
            let bob = try await join(rooms, "busy", "bob")
            #expect(try await rooms.getByName("busy").call("tagged", ["bob"]) == 1)
            try await ann.send("hello")
            #expect(try await json(ann) == ["from": "ann", "text": "hello", "n": 1])
            #expect(try await json(bob) == ["from": "ann", "text": "hello", "n": 1])
            try await bob.close(code: 1000, reason: "done")
            #expect(try await json(ann) == ["type": "left", "user": "bob"])
            let state = try await rooms.getByName("busy").call("state")
            #expect(state["lastClose"] == ["user": "bob", "code": 1000, "reason": "done", "wasClean": true])
            #expect(try await rooms.getByName("busy").call("members") == ["ann"])
            try await ann.disconnect()
            #expect(try await rooms.getByName("busy").call("state")["lastClose"]
                == ["user": "ann", "code": 1006, "reason": "WebSocket disconnected without sending Close frame.", "wasClean": false])
            let metrics = try #require(runtime.objectMetrics("ROOMS").first)
            #expect(metrics.webSocketMessagesIn == 1)
            #expect(metrics.webSocketMessagesOut == 5)
        }
    }

    @Test func framesOfOneSocketAreHandledInOrderWithoutOverlap() async throws {
        let worker = try chatWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let rooms = try #require(runtime.namespace("ROOMS"))
            let ann = try await join(rooms, "ordered", "ann")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...5 {
                    group.addTask { try await ann.send("slow:\(n)") }
                    try await Task.sleep(for: .milliseconds(1))
                }
                try await group.waitForAll()
            }
            let expected: [JSON] = (1...5).flatMap { [JSON.string("start \($0)"), .string("end \($0)")] }
            #expect(try await rooms.getByName("ordered").call("handled") == .array(expected))
        }
    }

    @Test func theServerClosesASocketWithItsCodeAndReason() async throws {
        let worker = try chatWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let rooms = try #require(runtime.namespace("ROOMS"))
            let ann = try await join(rooms, "exit", "ann")
            try await ann.send("bye")
            #expect(ann.isClosed)
            #expect(ann.closeInfo?.code == 4000)
            #expect(ann.closeInfo?.reason == "bye ann")
            #expect(try await rooms.getByName("exit").call("members") == [])
            await #expect(throws: DurableObjectError.self) { try await ann.send("again") }
        }
    }

    @Test func aStandardSocketGetsEventsAndKeepsTheObjectInMemory() async throws {
        let worker = try chatWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let rooms = try #require(runtime.namespace("ROOMS"))
            let response = try await rooms.getByName("std").fetch(ObjectRequest(url: "/standard", headers: upgrade))
            let client = try #require(response.webSocket)
            try await client.send("x")
            #expect(await client.receive() == .text("echo:x"))
            #expect(await rooms.evict(rooms.idFromName("std")) == false)
            #expect(rooms.webSocketCounts(of: rooms.idFromName("std")) == (0, 1))
            try await client.close(code: 1000, reason: "later")
            #expect(try await rooms.getByName("std").call("state")["standardClose"] == "1000 later true")
            #expect(await rooms.evict(rooms.idFromName("std")))
        }
    }

    @Test func closingAStandardSocketFromTheServerLetsTheObjectLeaveMemory() async throws {
        let worker = try chatWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let rooms = try #require(runtime.namespace("ROOMS"))
            let client = try #require(try await rooms.getByName("std2").fetch(ObjectRequest(url: "/standard", headers: upgrade)).webSocket)
            try await client.send("close me")
            #expect(client.closeInfo?.code == 4001)
            #expect(await rooms.evict(rooms.idFromName("std2")))
        }
    }

    @Test func theHibernationAPIRefusesWhatWorkersRefuses() async throws {
        let worker = try chatWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let rooms = try #require(runtime.namespace("ROOMS"))
            let refusals = try #require(try await rooms.getByName("limits").call("limits").arrayValue?.compactMap(\.stringValue))
            #expect(refusals.count == 7)
            #expect(refusals[0] == "Error: a Hibernatable WebSocket cannot have more than 10 tags")
            #expect(refusals[1].hasPrefix("Error: \"xxx") && refusals[1].hasSuffix("is longer than the max tag length (256 characters)."))
            #expect(refusals[2].hasPrefix("Error: A WebSocket 'attachment' cannot be larger than 16384 bytes."))
            #expect(refusals[3].hasPrefix("RangeError: Request cannot be larger than 2048 bytes."))
            #expect(refusals[4] == "TypeError: Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`")
            #expect(refusals[5].hasPrefix("TypeError: You must call one of accept() or state.acceptWebSocket()"))
            #expect(refusals[6].hasPrefix("TypeError: new WebSocket(url) opens an outbound connection"))
            #expect(try await rooms.getByName("limits").call("members") == [])
        }
    }

    @Test func anExceptionInWebSocketMessageFailsTheSendWithTheUsersError() async throws {
        let worker = try chatWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let rooms = try #require(runtime.namespace("ROOMS"))
            let ann = try await join(rooms, "angry", "ann")
            do {
                try await ann.send("throw")
                Issue.record("no error")
            } catch let error as DurableObjectError {
                #expect(error.errorClass == "RangeError")
                #expect(error.message == "boom from ann")
            }
            try await ann.send("whoami")
            #expect(try await json(ann)["user"] == "ann")
        }
    }

    @Test func aMessageOverTheLimitRunsWebSocketErrorAndClosesWith1009() async throws {
        let worker = try chatWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let rooms = try #require(runtime.namespace("ROOMS"))
            let ann = try await join(rooms, "huge", "ann")
            let huge = String(repeating: "x", count: DurableObjectNamespace.maxWebSocketMessageBytes + 1)
            await #expect(throws: DurableObjectError.self) { try await ann.send(huge) }
            #expect(ann.closeInfo?.code == 1009)
            let state = try await rooms.getByName("huge").call("lastError")
            #expect(state.stringValue?.hasPrefix("Error: The WebSocket message is 33554433 bytes") == true)
            #expect(try await rooms.getByName("huge").call("members") == [])
        }
    }

    @Test func clientsConnectThroughTheWorkersFetchAsInProduction() async throws {
        let worker = try chatWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let response = try await worker.fetch(ObjectRequest(url: "https://chat.test/rooms/main/join?user=zoe", headers: upgrade), runtime: runtime)
            #expect(response.status == 101)
            let zoe = try #require(response.webSocket)
            #expect(try await json(zoe)["members"] == 1)
            try await zoe.send("hi")
            #expect(try await json(zoe) == ["from": "zoe", "text": "hi", "n": 1])
            let refused = try await worker.fetch(ObjectRequest(url: "https://chat.test/rooms/main/join"), runtime: runtime)
            #expect(refused.status == 426)
            #expect(refused.webSocket == nil)
        }
    }
}
