import DurableObjects
import TestSupport
import Testing

@testable import Patterns

struct ChatRoomTests {
    @Test func aMessageSentOnOneConnectionReachesEveryMember() async throws {
        try await withPatterns { p, _ in
            let alice = try await p.call("CHAT_ROOM", "room:1", "join", ["user": "alice"])["connection"]?.stringValue ?? ""
            let bob = try await p.call("CHAT_ROOM", "room:1", "join", ["user": "bob"])["connection"]?.stringValue ?? ""
            #expect(try await p.call("CHAT_ROOM", "room:1", "members")["connections"] == 2)
            _ = try await p.call("CHAT_ROOM", "room:1", "send", ["connection": .string(alice), "text": "hi"])
            let polled = try await p.call("CHAT_ROOM", "room:1", "poll", ["connection": .string(bob)])
            #expect(polled["messages"]?.arrayValue?.map { $0["text"] } == ["hi"])
            #expect(polled["messages"]?.arrayValue?.first?["from"] == "alice")
            // Alice got her own message too, and a second poll returns nothing new.
            #expect(try await p.call("CHAT_ROOM", "room:1", "poll", ["connection": .string(alice)])["messages"]?.arrayValue?.count == 1)
            #expect(try await p.call("CHAT_ROOM", "room:1", "poll", ["connection": .string(bob)])["messages"] == [])
        }
    }

    @Test func membersStayConnectedWhileTheRoomIsEvicted() async throws {
        try await withPatterns { p, _ in
            let a = try await p.call("CHAT_ROOM", "r", "join", ["user": "a"])["connection"]?.stringValue ?? ""
            let ns = try p.namespace("CHAT_ROOM")
            #expect(await ns.evict(ns.idFromName("r")))
            _ = try await p.call("CHAT_ROOM", "r", "send", ["connection": .string(a), "text": "after hibernation"])
            let got = try await p.call("CHAT_ROOM", "r", "poll", ["connection": .string(a)])["messages"]?.arrayValue
            #expect(got?.first?["from"] == "a")
            #expect(got?.first?["text"] == "after hibernation")
        }
    }

    @Test func broadcastContinuesPastAFailedSend() {
        let sockets = (0..<3).map { _ in WebSocketPair() }
        var sentTo: [UInt64] = []
        struct Refused: Error {}
        let report = Broadcast.send("m", to: sockets.map(\.server)) { socket, _ in
            if socket.id == sockets[1].server.id { throw Refused() }
            sentTo.append(socket.id)
        }
        #expect(report == Broadcast.Report(delivered: 2, failed: 1))
        #expect(sentTo == [sockets[0].server.id, sockets[2].server.id])
    }

    @Test func aVanishedMemberDoesNotBreakTheBroadcast() async throws {
        try await withPatterns { p, _ in
            let a = try await p.call("CHAT_ROOM", "r", "join", ["user": "a"])["connection"]?.stringValue ?? ""
            let b = try await p.call("CHAT_ROOM", "r", "join", ["user": "b"])["connection"]?.stringValue ?? ""
            try await p.connections.get(b).client.disconnect()  // no close frame: the network dropped it
            let posted = try await p.call("CHAT_ROOM", "r", "post", ["user": "server", "text": "still here"])
            #expect(posted["delivered"] == 1)
            #expect(try await p.call("CHAT_ROOM", "r", "poll", ["connection": .string(a)])["messages"]?.arrayValue?.count == 1)
            #expect(try await p.call("CHAT_ROOM", "r", "poll", ["connection": .string(b)])["closed"] == true)
        }
    }

    @Test func leaveClosesTheConnection() async throws {
        try await withPatterns { p, _ in
            let a = try await p.call("CHAT_ROOM", "r", "join", ["user": "a"])["connection"]?.stringValue ?? ""
            #expect(try await p.call("CHAT_ROOM", "r", "leave", ["connection": .string(a)])["left"] == true)
            #expect(try await p.call("CHAT_ROOM", "r", "members")["connections"] == 0)
            await #expect(throws: PatternError.self) {
                _ = try await p.call("CHAT_ROOM", "r", "poll", ["connection": .string(a)])
            }
        }
    }

    @Test func historyKeepsTheLastMessages() async throws {
        try await withPatterns { p, _ in
            for i in 0..<3 { _ = try await p.call("CHAT_ROOM", "r", "post", ["user": "u", "text": .string("m\(i)")]) }
            let h = try await p.call("CHAT_ROOM", "r", "history", ["limit": 2])["messages"]?.arrayValue?.map { $0["text"] }
            #expect(h == ["m1", "m2"])
        }
    }
}
