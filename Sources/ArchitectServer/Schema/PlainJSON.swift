import Foundation
import MCP

/// JSON decoded without the MCP `Value` decoder's data-URL sniffing on every string, which made loading the
/// schemas a fifth of the start-up time; converted to `Value` afterwards.
enum PlainJSON: Decodable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([PlainJSON]), object([String: PlainJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let flag = try? container.decode(Bool.self) { self = .bool(flag); return }
        if let number = try? container.decode(Int.self) { self = .int(number); return }
        if let number = try? container.decode(Double.self) { self = .double(number); return }
        if let text = try? container.decode(String.self) { self = .string(text); return }
        if let items = try? container.decode([PlainJSON].self) { self = .array(items); return }
        self = .object(try container.decode([String: PlainJSON].self))
    }

    var value: Value {
        switch self {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let items): return .array(items.map(\.value))
        case .object(let members): return .object(members.mapValues(\.value))
        }
    }

    static func decode(_ data: Data) throws -> Value {
        try JSONDecoder().decode(PlainJSON.self, from: data).value
    }
}
