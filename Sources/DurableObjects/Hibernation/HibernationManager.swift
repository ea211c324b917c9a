/// A namespace's accepted WebSockets, kept outside object instances so they survive eviction (hibernation).
final class HibernationManager: Sendable {
    struct AutoResponse: Sendable {
        var request: String
        var response: String
    }
    private struct State {
        var sockets: [DurableObjectId: [WebSocketLink]] = [:]
        var autoResponses: [DurableObjectId: AutoResponse] = [:]
    }
    private let state = Locked(State())

    func add(_ link: WebSocketLink, to id: DurableObjectId) {
        state.withLock { $0.sockets[id, default: []].append(link) }
    }

    func remove(_ link: WebSocketLink) {
        guard let owner = link.state.withLock({ $0.owner }) else { return }
        state.withLock { s in
            s.sockets[owner.id]?.removeAll { $0 === link }
            if s.sockets[owner.id]?.isEmpty == true { s.sockets[owner.id] = nil }
        }
    }

    func sockets(of id: DurableObjectId) -> [WebSocketLink] { state.withLock { $0.sockets[id] ?? [] } }

    func setAutoResponse(_ pair: AutoResponse?, for id: DurableObjectId) {
        state.withLock { $0.autoResponses[id] = pair }
    }

    func autoResponse(for id: DurableObjectId) -> AutoResponse? { state.withLock { $0.autoResponses[id] } }

    /// Drops every socket of an object (it broke or was deleted).
    func disconnectAll(of id: DurableObjectId) {
        let links = state.withLock { s -> [WebSocketLink] in
            defer {
                s.sockets[id] = nil
                s.autoResponses[id] = nil
            }
            return s.sockets[id] ?? []
        }
        for l in links { l.closeClientSide(code: 1006, reason: "The Durable Object was reset; its WebSockets were disconnected.") }
    }

    /// An object's open sockets: hibernatable and standard.
    func modes(of id: DurableObjectId) -> (hibernatable: Int, standard: Int) {
        var counts = (hibernatable: 0, standard: 0)
        for link in sockets(of: id) {
            switch link.state.withLock({ $0.mode }) {
            case .hibernatable: counts.hibernatable += 1
            case .standard: counts.standard += 1
            case .pending, .closed: break
            }
        }
        return counts
    }

    /// Objects with open sockets and their counts.
    func counts() -> [DurableObjectId: Int] { state.withLock { $0.sockets.mapValues(\.count) } }
}
