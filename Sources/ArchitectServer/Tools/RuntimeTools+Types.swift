import Advisor
import JSHost
import JSONModel

// The typed arguments and results of the runtime tools on the built-in classes. Each result's keys are those of
// `Schemas/<tool>.output.json` (`OutputKeysTests` checks them); defaults live in the input schemas only.

extension RuntimeTools {
    /// The arguments of `listNamespaces`.
    struct ListArguments: Decodable {
        var source: String
        var offset: Int
        var limit: Int
    }

    /// The result of `listNamespaces`: one page of the namespaces.
    struct NamespaceList: Encodable {
        var namespaces: [NamespaceEntry]
        var note: String
        /// Namespaces in all.
        var total: Int?
        /// Whether more namespaces follow this page.
        var truncated: Bool?
        /// The `offset` of the next page, when there is one.
        var nextOffset: Int?

        /// This list cut to one page (see ``Page``).
        func page(offset: Int, limit: Int) throws -> NamespaceList {
            let page = try Page(namespaces, offset: offset, limit: limit, otherBytes: note.utf8.count + 40)
            return NamespaceList(namespaces: page.items, note: note, total: page.total, truncated: page.truncated, nextOffset: page.nextOffset)
        }
    }

    /// One namespace: a built-in class, a class of the loaded Worker, or a namespace of the Cloudflare account.
    struct NamespaceEntry: Encodable {
        struct Method: Encodable {
            var name: String
            var description: String
            /// The method's arguments as JSON Schema.
            var arguments: JSON
            /// The shape of its result.
            var result: JSON
        }

        struct Workload: Encodable {
            var method: String
            var args: JSON
        }

        var namespace: String
        var className: String
        var description: String?
        var implementation: String?
        var objects: Int?
        var objectsInMemory: Int?
        var methods: [Method]?
        var defaultWorkload: Workload?
        /// `builtin`, `worker` or `cloudflare`.
        var kind: String?
        /// A Worker class's storage backend: `sqlite` or `kv`.
        var storage: String?
        var namespaceId: String?
        var scriptName: String?
        var useSqlite: Bool?
        var binding: String?
    }

    /// The arguments of `invokeObject`: one object (exactly one of `name` and `id`) and one method.
    struct InvokeArguments: Decodable {
        var namespace: String
        var name: String?
        var id: String?
        var method: String
        /// An object for a built-in class, a JSON array of positional arguments for a Worker's class.
        var args: JSON?
        /// With `method: "fetch"` on a Worker's class: the request for its `fetch` handler.
        var request: WorkerHost.HTTPMessage?

        var object: ObjectArguments { ObjectArguments(namespace: namespace, name: name, id: id) }
    }

    /// The result of `invokeObject`.
    struct Invocation: Encodable {
        var namespace: String
        var id: String
        /// The object's name, when it was addressed by name.
        var name: String?
        var method: String
        /// What the method returned: any JSON value.
        var result: JSON
        var durationMs: Double
        /// A Worker's class: what its code printed with `console.*` during the call.
        var logs: [ConsoleCapture.Entry]?
        var logsTruncated: Bool?
    }

    /// The arguments of `inspectObject` and `resetObjects`: a namespace and at most one of `name` and `id`.
    struct ObjectArguments: Decodable {
        var namespace: String?
        var name: String?
        var id: String?
    }

    /// The arguments of `inspectObject`: the object, and which of its keys to list.
    struct InspectArguments: Decodable {
        var namespace: String
        var name: String?
        var id: String?
        /// Skip this many keys (in key order) first.
        var offset: Int
        /// List at most this many keys.
        var maxKeys: Int

        var object: ObjectArguments { ObjectArguments(namespace: namespace, name: name, id: id) }
    }

    /// The result of `inspectObject`.
    struct Inspection: Encodable {
        struct Key: Encodable {
            var key: String
            var valueBytes: Int
        }

        struct Table: Encodable {
            var name: String
            var rows: Int
        }

        struct Socket: Encodable {
            var id: Int
            var tags: [String]
            var hibernatable: Bool
        }

        var namespace: String
        var id: String
        var name: String?
        var exists: Bool
        var inMemory: Bool
        var keyCount: Int
        /// One page of the keys, in key order, from `offset`.
        var sampleKeys: [Key]
        /// Whether more keys follow this page.
        var truncated: Bool
        /// The `offset` of the next page of keys, when there is one.
        var nextOffset: Int?
        var tables: [Table]
        var databaseSize: Int
        var alarm: Int?
        var webSockets: [Socket]
    }

    /// The result of `resetObjects`.
    struct Reset: Encodable {
        /// Stored objects removed, by namespace.
        var removed: [String: Int]
        var total: Int
        var message: String
    }

    /// The arguments of `getDOMetrics`.
    struct MetricsArguments: Decodable {
        var source: String
        var namespace: String?
        var windowSeconds: Int
        var includeSeries: Bool
        var baselineWindowSeconds: Int?
    }

    /// The result of `getDOMetrics`: one of two reports, both described by `Schemas/getDOMetrics.output.json`.
    enum MetricsOutput: Encodable {
        /// Measured on the embedded runtime.
        case embedded(MetricsReport)
        /// Read from the Cloudflare account's analytics, or one namespace from both with ratios (`comparison`).
        case sourced(SourcedMetricsReport)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .embedded(let report): try container.encode(report)
            case .sourced(let report): try container.encode(report)
            }
        }
    }
}
