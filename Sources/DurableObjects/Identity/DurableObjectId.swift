/// The identity of one Durable Object: 32 bytes shown as 64 lowercase hex digits.
///
/// Equality is byte equality (the name and jurisdiction are carried along, not compared).
public struct DurableObjectId: Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes: 16 bytes of base, 16 bytes of MAC keyed by the namespace.
    public let bytes: [UInt8]
    /// The name for ids made by `idFromName` / `getByName`, else `nil`.
    public let name: String?
    /// The jurisdiction recorded by `newUniqueId(jurisdiction:)`, else `nil`.
    public let jurisdiction: String?

    package init(bytes: [UInt8], name: String?, jurisdiction: String?) {
        self.bytes = bytes
        self.name = name
        self.jurisdiction = jurisdiction
    }

    /// 64 lowercase hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    public static func == (lhs: DurableObjectId, rhs: DurableObjectId) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
