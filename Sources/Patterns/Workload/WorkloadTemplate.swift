import DurableObjects
import Foundation
import JSONModel

/// `runWorkload {call}`: an RPC method of a class of the loaded Worker with positional arguments.
package struct WorkloadCall: Sendable, Hashable {
    /// The RPC method.
    package var method: String
    /// Its positional arguments; strings may hold placeholders (`WorkloadTemplate`).
    package var args: [JSON]

    package init(method: String, args: [JSON] = []) {
        self.method = method
        self.args = args
    }
}

extension WorkloadCall: Decodable {
    private enum CodingKeys: String, CodingKey { case method, args }

    /// Reads `{method, args?}` (`runWorkload`'s `call`, the command line's `--call`).
    /// - Throws: `PatternError.invalidWorkload` naming the field.
    package init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: CodingKeys.self) else {
            throw PatternError(.invalidWorkload, "call must be an object: {method, args?}.")
        }
        guard let method = try? container.decodeIfPresent(String.self, forKey: .method), !method.isEmpty else {
            throw PatternError(.invalidWorkload, "call.method is required: the name of an RPC method of the class (listNamespaces lists them).")
        }
        var args: [JSON] = []
        if container.holds(.args) {
            guard let items = try? container.decode([JSON].self, forKey: .args) else {
                throw PatternError(.invalidWorkload, "call.args must be a JSON array of the method's positional arguments.")
            }
            args = items
        }
        self.init(method: method, args: args)
    }
}

/// `runWorkload {request}`: one HTTP request to the Worker's default `fetch` handler; `url`, header values and
/// `body` may hold placeholders (`WorkloadTemplate`).
package struct WorkloadRequest: Sendable, Hashable {
    package var method: String
    package var url: String
    /// Header names and values, sorted by name.
    package var headers: [String: String]
    package var body: String?

    package init(method: String = "GET", url: String, headers: [String: String] = [:], body: String? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

extension WorkloadRequest: Decodable {
    private enum CodingKeys: String, CodingKey { case method, url, headers, body }

    /// Reads `{method?, url, headers?, body?}` (`runWorkload`'s `request`, the command line's `--request`); the
    /// method is upper-cased.
    /// - Throws: `PatternError.invalidWorkload` naming the field.
    package init(from decoder: any Decoder) throws {
        func bad(_ what: String) -> PatternError { PatternError(.invalidWorkload, what) }
        guard let container = try? decoder.container(keyedBy: CodingKeys.self) else {
            throw bad("request must be an object: {method?, url, headers?, body?}.")
        }
        guard let url = try? container.decodeIfPresent(String.self, forKey: .url), !url.isEmpty else {
            throw bad("request.url is required: an absolute URL such as https://example.com/room/{{object}}.")
        }
        var method = "GET"
        if container.holds(.method) {
            guard let given = try? container.decode(String.self, forKey: .method), !given.isEmpty else {
                throw bad("request.method must be a string such as GET or POST.")
            }
            method = given.uppercased()
        }
        var headers: [String: String] = [:]
        if container.holds(.headers) {
            guard let members = try? container.decode([String: JSON].self, forKey: .headers) else {
                throw bad("request.headers must be an object of header names to string values.")
            }
            for (name, value) in members {
                guard let text = value.stringValue else { throw bad("request.headers.\(name) must be a string.") }
                headers[name] = text
            }
        }
        var body: String?
        if container.holds(.body) {
            guard let given = try? container.decode(String.self, forKey: .body) else {
                throw bad("request.body must be a string (JSON.stringify a JSON body).")
            }
            body = given
        }
        if body != nil, method == "GET" || method == "HEAD" {
            throw bad("request.body cannot go with \(method): use POST, PUT or PATCH, or drop the body.")
        }
        self.init(method: method, url: url, headers: headers, body: body)
    }
}

extension KeyedDecodingContainer {
    /// Whether `key` is given with a value other than `null` (which reads as left out).
    func holds(_ key: Key) -> Bool {
        contains(key) && (try? decodeNil(forKey: key)) != true
    }
}

/// Placeholders in a workload's strings, filled per request: `{{i}}` (the request number, from 0), `{{object}}`
/// (the chosen object's name) and `{{random}}` (an integer in 0…4,294,967,295 from the run's seeded generator, one
/// value per request, the same wherever it appears in that request). A JSON string that is exactly `{{i}}` or
/// `{{random}}` becomes a number.
package struct WorkloadTemplate: Sendable {
    /// The run's seed (the random values derive from it and the request number, not from the order of sending).
    package var seed: UInt64
    /// Object names by index.
    package var names: [String]

    package init(seed: UInt64, names: [String]) {
        self.seed = seed
        self.names = names
    }

    /// The random value of request `request`.
    package func random(_ request: Int) -> UInt64 {
        var generator = SplitMix64(seed: (seed ^ 0x5DEE_CE66_D1CE_4E5B) &+ UInt64(request) &* 0x2545_F491_4F6C_DD1D)
        return generator.next() >> 32
    }

    /// Whether `value` holds any placeholder (when not, it is sent as it is).
    package static func hasPlaceholders(_ value: JSON) -> Bool {
        switch value {
        case .string(let s): return s.contains("{{")
        case .array(let items): return items.contains(where: hasPlaceholders)
        case .object(let members): return members.contains { hasPlaceholders($0.1) }
        default: return false
        }
    }

    /// `text` with its placeholders filled for request `request` to object `object`.
    package func fill(_ text: String, request: Int, object: Int) -> String {
        guard text.contains("{{") else { return text }
        return text
            .replacingOccurrences(of: "{{i}}", with: String(request))
            .replacingOccurrences(of: "{{object}}", with: names[object])
            .replacingOccurrences(of: "{{random}}", with: String(random(request)))
    }

    /// `value` with every string filled; `"{{i}}"` and `"{{random}}"` alone become numbers.
    package func fill(_ value: JSON, request: Int, object: Int) -> JSON {
        switch value {
        case .string(let s):
            if s == "{{i}}" { return .int(request) }
            if s == "{{random}}" { return .int(Int(random(request))) }
            return .string(fill(s, request: request, object: object))
        case .array(let items): return .array(items.map { fill($0, request: request, object: object) })
        case .object(let members): return .object(members.mapValues { fill($0, request: request, object: object) })
        default: return value
        }
    }
}

/// The plan of a `call` workload: the arguments filled per request, no checks of its own.
struct TemplatePlan: WorkloadPlan {
    let template: WorkloadTemplate
    let filled: Bool

    init(template: WorkloadTemplate, args: JSON) {
        self.template = template
        self.filled = WorkloadTemplate.hasPlaceholders(args)
    }

    func arguments(request: Int, object: Int, base: JSON) -> JSON {
        filled ? template.fill(base, request: request, object: object) : base
    }
}

/// The loaded Worker as a workload target. The MCP layer implements it over the JavaScript host, which this
/// module does not know.
package protocol WorkloadWorker: Sendable {
    /// The Worker's name (its config's `name`).
    var name: String { get }
    /// Its Durable Object namespaces (binding names).
    var namespaces: [String] { get }
    /// The RPC methods of the class bound as `binding`, or nil when it is not one of the Worker's namespaces.
    func rpcMethods(of binding: String) -> [String]?
    /// Sends one request to the Worker's default `fetch` handler; returns its status and body text.
    func fetch(_ request: WorkloadRequest) async throws -> (status: Int, body: String)
}

/// A response a workload counts as failed: a 5xx status from the Worker.
struct WorkloadHTTPFailure: Error {
    var status: Int
    var body: String
}
