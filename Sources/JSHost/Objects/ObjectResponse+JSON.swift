import DurableObjects
import JSONModel

extension ObjectResponse {
    /// A response from the host glue's `{status, headers: [[name, value]], body}`.
    init(json: JSON) {
        self.init(
            status: json["status"]?.integer ?? 500,
            headers: (json["headers"]?.arrayValue ?? []).compactMap { pair in
                guard let kv = pair.arrayValue, kv.count == 2, let k = kv[0].stringValue, let v = kv[1].stringValue else { return nil }
                return (k, v)
            },
            body: Array((json["body"]?.stringValue ?? "").utf8))
    }
}
