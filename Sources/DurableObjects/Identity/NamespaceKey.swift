import Crypto

/// Derives and validates ids for one namespace (semantics reference §10.1).
///
/// `K = SHA-256(uniqueKey)`; an id is `base ‖ HMAC-SHA256(K, base)[0..<16]`; `idFromName` uses
/// `base = HMAC-SHA256(K, UTF-8(name))[0..<16]`, so ids equal Miniflare's for the same unique key.
public struct NamespaceKey: Sendable {
    /// The unique key, `"<worker>-<ClassName>"`.
    public let uniqueKey: String
    private let keyBytes: [UInt8]

    /// Makes the key of a namespace.
    public init(uniqueKey: String) {
        self.uniqueKey = uniqueKey
        self.keyBytes = Array(SHA256.hash(data: Array(uniqueKey.utf8)))
    }

    private func mac(_ data: [UInt8]) -> [UInt8] {
        Array(Array(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: keyBytes))).prefix(16))
    }

    /// The deterministic id of `name`.
    public func idFromName(_ name: String) -> DurableObjectId {
        let base = mac(Array(name.utf8))
        return DurableObjectId(bytes: base + mac(base), name: name, jurisdiction: nil)
    }

    /// A new random id.
    public func newUniqueId(jurisdiction: String? = nil) -> DurableObjectId {
        var rng = SystemRandomNumberGenerator()
        let base = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return DurableObjectId(bytes: base + mac(base), name: nil, jurisdiction: jurisdiction)
    }

    /// Parses and validates an id string (either case).
    /// - Throws: `invalidId` "Invalid Durable Object ID: must be 64 hex digits" or
    ///   "Durable Object ID is not valid for this namespace.".
    public func idFromString(_ text: String) throws -> DurableObjectId {
        let utf8 = Array(text.utf8)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        guard utf8.count == 64 else {
            throw DurableObjectError(.invalidId, "Invalid Durable Object ID: must be 64 hex digits")
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        var i = 0
        while i < 64 {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else {
                throw DurableObjectError(.invalidId, "Invalid Durable Object ID: must be 64 hex digits")
            }
            bytes.append(hi << 4 | lo)
            i += 2
        }
        guard mac(Array(bytes[0..<16])) == Array(bytes[16..<32]) else {
            throw DurableObjectError(.invalidId, "Durable Object ID is not valid for this namespace.")
        }
        return DurableObjectId(bytes: bytes, name: nil, jurisdiction: nil)
    }

    /// Whether `id` was minted by this namespace.
    public func owns(_ id: DurableObjectId) -> Bool {
        id.bytes.count == 32 && mac(Array(id.bytes[0..<16])) == Array(id.bytes[16..<32])
    }
}
