/// The members of a JSON object, in the order they were added (or read).
///
/// The runtime needs that order: a Worker's `Object.keys` after a round trip through storage, RPC or a
/// WebSocket attachment must list the members as they were inserted, as Cloudflare's structured clone does.
/// Everything else may ignore it: two objects are equal when they have the same members, in any order, and
/// ``JSONWriter`` writes keys sorted unless told to keep them as written.
///
/// Keys are compared by their UTF-8 bytes (as JavaScript compares property names), not by Unicode canonical
/// equivalence. Setting an existing key keeps its place; setting `nil` removes it. Lookups scan the members of
/// a small object and use an index beyond ``indexThreshold`` members.
public struct JSONObject: Sendable {
    public typealias Element = (key: String, value: JSON)
    public typealias Key = String
    public typealias Value = JSON

    /// The members, in order.
    private var members: [Element]
    /// Key → position, kept when there are more than ``indexThreshold`` members.
    private var lookup: [LookupKey: Int]?

    /// The member count beyond which lookups use an index instead of a scan.
    public static let indexThreshold = 12

    /// An empty object.
    public init() {
        members = []
        lookup = nil
    }

    /// The members of a dictionary, keys sorted (a dictionary has no order of its own; sorting makes the
    /// result the same on every run).
    public init(_ dictionary: [String: JSON]) {
        self.init(orderedMembers: dictionary.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
    }

    /// The members in the given order; a repeated key keeps its last value at its first position.
    public init<Members: Sequence<(String, JSON)>>(uniqueKeysWithValues members: Members) {
        self.init()
        for (key, value) in members { self[key] = value }
    }

    /// The members in the given order; a repeated key keeps its last value at its first position.
    public init(_ members: [(String, JSON)]) {
        self.init(uniqueKeysWithValues: members)
    }

    /// Members known to have distinct keys.
    private init(orderedMembers: [Element]) {
        members = orderedMembers
        lookup = nil
        rebuildIndex()
    }

    // MARK: Reading

    /// The number of members.
    public var count: Int { members.count }

    /// Whether there are no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }

    /// The values, in the order of their keys.
    public var values: [JSON] { members.map(\.value) }

    /// The members, keys sorted (the order ``JSONWriter`` writes by default).
    public var sortedByKey: [Element] { members.sorted { $0.key < $1.key } }

    /// The position of `key` among the members, or nil.
    public func position(of key: String) -> Int? {
        if let lookup { return lookup[LookupKey(key)] }
        for position in members.indices where Self.same(members[position].key, key) { return position }
        return nil
    }

    /// The value of `key`, or nil. Setting a value keeps the key's place (or appends it); setting nil removes it.
    public subscript(key: String) -> JSON? {
        get {
            guard let position = position(of: key) else { return nil }
            return members[position].value
        }
        set {
            if let newValue { updateValue(newValue, forKey: key) } else { removeValue(forKey: key) }
        }
    }

    /// The value of `key`, or `defaultValue`; setting it sets the member.
    public subscript(key: String, default defaultValue: @autoclosure () -> JSON) -> JSON {
        get { self[key] ?? defaultValue() }
        set { self[key] = newValue }
    }

    // MARK: Changing

    /// Sets `key` to `value` (in its place if present, else at the end) and returns the value it replaced.
    @discardableResult
    public mutating func updateValue(_ value: JSON, forKey key: String) -> JSON? {
        if let position = position(of: key) {
            let old = members[position].value
            members[position].value = value
            return old
        }
        members.append((key: key, value: value))
        if lookup != nil {
            lookup![LookupKey(key)] = members.count - 1
        } else if members.count > Self.indexThreshold {
            rebuildIndex()
        }
        return nil
    }

    /// Removes `key` and returns its value, or nil when there was none; the other members keep their order.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        guard let position = position(of: key) else { return nil }
        let old = members.remove(at: position).value
        lookup = nil
        rebuildIndex()
        return old
    }

    /// Adds the members of `other`: a key present in both keeps its place here, its value chosen by `combine`.
    public mutating func merge(_ other: JSONObject, uniquingKeysWith combine: (JSON, JSON) throws -> JSON) rethrows {
        for (key, value) in other {
            if let current = self[key] { self[key] = try combine(current, value) } else { self[key] = value }
        }
    }

    /// Adds the members of a dictionary (keys sorted): a key present in both keeps its place here.
    public mutating func merge(_ other: [String: JSON], uniquingKeysWith combine: (JSON, JSON) throws -> JSON) rethrows {
        try merge(JSONObject(other), uniquingKeysWith: combine)
    }

    /// This object with the members of `other` added (see `merge(_:uniquingKeysWith:)`).
    public func merging(_ other: JSONObject, uniquingKeysWith combine: (JSON, JSON) throws -> JSON) rethrows -> JSONObject {
        var result = self
        try result.merge(other, uniquingKeysWith: combine)
        return result
    }

    /// The same keys in the same order, each value transformed.
    public func mapValues(_ transform: (JSON) throws -> JSON) rethrows -> JSONObject {
        JSONObject(orderedMembers: try members.map { (key: $0.key, value: try transform($0.value)) })
    }

    /// The same keys in the same order, without those whose transformed value is nil.
    public func compactMapValues(_ transform: (JSON) throws -> JSON?) rethrows -> JSONObject {
        JSONObject(orderedMembers: try members.compactMap { member in
            try transform(member.value).map { (key: member.key, value: $0) }
        })
    }

    /// The members that satisfy `isIncluded`, in order.
    public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> JSONObject {
        JSONObject(orderedMembers: try members.filter(isIncluded))
    }

    /// A plain dictionary of the members (their order is lost).
    public var dictionary: [String: JSON] {
        Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
    }

    // MARK: Keys compared by bytes

    /// Whether two keys have the same UTF-8 bytes.
    static func same(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        return lhs.withUTF8 { left in rhs.withUTF8 { right in left.elementsEqual(right) } }
    }

    /// Hashes the UTF-8 bytes of a string.
    static func hashBytes(of text: String, into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(text.utf8.count)
    }

    /// A key of the index: equal and hashed by its UTF-8 bytes.
    private struct LookupKey: Hashable, Sendable {
        let text: String
        init(_ text: String) { self.text = text }
        static func == (lhs: LookupKey, rhs: LookupKey) -> Bool { JSONObject.same(lhs.text, rhs.text) }
        func hash(into hasher: inout Hasher) { JSONObject.hashBytes(of: text, into: &hasher) }
    }

    private mutating func rebuildIndex() {
        guard members.count > Self.indexThreshold else {
            lookup = nil
            return
        }
        var built: [LookupKey: Int] = [:]
        built.reserveCapacity(members.count)
        for (position, member) in members.enumerated() { built[LookupKey(member.key)] = position }
        lookup = built
    }
}

extension JSONObject: RandomAccessCollection {
    public typealias Index = Int
    public var startIndex: Int { 0 }
    public var endIndex: Int { members.count }
    public subscript(position: Int) -> Element { members[position] }
}

extension JSONObject: Hashable {
    /// The same members, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (position, member) in lhs.members.enumerated() {
            // Same order (the common case) first, then a lookup.
            if position < rhs.members.count, same(rhs.members[position].key, member.key) {
                guard rhs.members[position].value == member.value else { return false }
                continue
            }
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    /// Independent of the order of the members, as equality is.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            Self.hashBytes(of: member.key, into: &memberHasher)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// The members in the order written; a repeated key keeps its last value at its first position.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(uniqueKeysWithValues: elements)
    }
}

extension JSONObject: CustomStringConvertible {
    /// The object as compact JSON text, keys as written.
    public var description: String { JSONWriter.text(.object(self), keyOrder: .asWritten) }
}
